"""Out-of-distribution detectors on the network's penultimate features (global-pooled, 512-d).

Two methods, both fitted on features of the *training* split only, both answering "how far is
this image from what the network learnt on" as a score that grows with strangeness:

``knn``
    Sun et al. (2022), "Out-of-Distribution Detection with Deep Nearest Neighbors": features
    are L2-normalised and the score is the Euclidean distance to the k-th nearest neighbour in
    a bank of normalised training features. The paper uses the full CIFAR-10 training set with
    k = 50, and a random subsample with a proportionally smaller k when the bank must be small
    (their ImageNet setting: 1% of the data, k = 10); the bank here is a seeded subsample so
    that it fits in the checkpoint.
``mahalanobis``
    Lee et al. (2018), "A Simple Unified Framework for Detecting Out-of-Distribution Samples and
    Adversarial Attacks": class means and one shared covariance of the features; the score is
    the smallest Mahalanobis distance to a class mean.

Thresholds are percentiles of the score on held-out in-distribution images (a validation split),
never on the test split or on outlier sets. Pure numpy: the app's worker uses it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

METHODS = ("knn", "mahalanobis")


def l2_normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


@dataclass
class KnnDetector:
    bank: np.ndarray  # N×D, rows L2-normalised
    k: int

    method = "knn"

    @property
    def dimension(self) -> int:
        return int(self.bank.shape[1])

    def score(self, features: np.ndarray) -> np.ndarray:
        """Distance from each (normalised) feature row to its k-th nearest bank row."""
        sims = l2_normalise(features) @ self.bank.T  # cosine similarities, B×N
        kth = -np.partition(-sims, self.k - 1, axis=1)[:, self.k - 1]
        # For unit vectors |a - b|² = 2 - 2 a·b.
        return np.sqrt(np.maximum(2.0 - 2.0 * kth, 0.0))

    def tensors(self) -> dict[str, np.ndarray]:
        return {"detector.bank": self.bank.astype(np.float16)}

    def settings(self) -> dict[str, Any]:
        return {"method": self.method, "k": self.k, "bank_size": len(self.bank)}


@dataclass
class MahalanobisDetector:
    means: np.ndarray      # C×D class means
    precision: np.ndarray  # D×D inverse of the shared covariance

    method = "mahalanobis"

    @property
    def dimension(self) -> int:
        return int(self.means.shape[1])

    def __post_init__(self) -> None:
        # With P = L Lᵀ (Cholesky), (x - m)ᵀ P (x - m) = |x L - m L|²: one N×D by D×D product
        # per batch whatever the number of classes (a per-class product cost about as much as
        # the network itself on one image), and a difference of the projected vectors rather
        # than the expansion xᵀPx - 2 xᵀPm + mᵀPm, which cancels badly in float32. The ONNX
        # graph of the score computes the same (model/inference/detector_graph.py).
        try:
            l64 = np.linalg.cholesky(np.asarray(self.precision, dtype=np.float64))
        except np.linalg.LinAlgError:
            raise ValueError("the precision matrix is not positive definite") from None
        self.cholesky = l64.astype(np.float32)
        self.centres = (np.asarray(self.means, dtype=np.float64) @ l64).astype(np.float32)

    def score(self, features: np.ndarray) -> np.ndarray:
        """The smallest Mahalanobis distance from each feature row to a class mean."""
        z = np.asarray(features, dtype=np.float32) @ self.cholesky
        squared = np.square(z[:, None, :] - self.centres[None, :, :]).sum(axis=2)
        return np.sqrt(squared.min(axis=1))

    def tensors(self) -> dict[str, np.ndarray]:
        return {"detector.means": self.means.astype(np.float32),
                "detector.precision": self.precision.astype(np.float32)}

    def settings(self) -> dict[str, Any]:
        return {"method": self.method}


Detector = KnnDetector | MahalanobisDetector


def fit_knn(features: np.ndarray, bank_size: int, k: int, seed: int = 0) -> KnnDetector:
    """A bank of ``bank_size`` training features drawn at random (seeded), normalised."""
    features = np.asarray(features, dtype=np.float32)
    if not 1 <= k <= min(bank_size, len(features)):
        raise ValueError(f"k must be between 1 and the bank size, got k={k}, bank {bank_size}")
    rows = np.random.default_rng(seed).permutation(len(features))[:bank_size]
    # Rounded as it will be stored (float16), so that the threshold fitted on this detector's
    # scores is the one the stored detector's scores meet.
    bank = l2_normalise(features[np.sort(rows)]).astype(np.float16).astype(np.float32)
    return KnnDetector(bank, k)


def fit_mahalanobis(features: np.ndarray, labels: np.ndarray,
                    shrinkage: float = 1e-3) -> MahalanobisDetector:
    """Class means and the shared covariance, shrunk towards its mean variance by ``shrinkage``
    (a ridge, so the inverse exists even when features are nearly collinear)."""
    x = np.asarray(features, dtype=np.float64)
    labels = np.asarray(labels)
    classes = np.unique(labels)
    means = np.stack([x[labels == c].mean(axis=0) for c in classes])
    centred = x - means[np.searchsorted(classes, labels)]
    cov = centred.T @ centred / max(len(x) - len(classes), 1)
    if not np.trace(cov) > 0:  # one image per class, or all alike: no spread to measure
        raise ValueError("the training features do not vary within any class: fit on more "
                         "images per class")
    cov += shrinkage * np.trace(cov) / len(cov) * np.eye(len(cov))
    return MahalanobisDetector(means.astype(np.float32), np.linalg.inv(cov).astype(np.float32))


def threshold_at(scores: np.ndarray, percentile: float) -> float:
    """The score below which ``percentile`` % of held-out in-distribution images fall."""
    return float(np.percentile(np.asarray(scores, dtype=np.float64), percentile))


def threshold_for_budget(scores: np.ndarray, others: np.ndarray, budget: float) -> float:
    """The lowest threshold on held-out in-distribution ``scores`` at which the whole not-sure
    rule (the detector's ``score > threshold`` or'ed with the other checks' flags, ``others``)
    flags at most ``budget`` % of the images. Placed half-way between two neighbouring scores,
    so that no held-out image sits on it. Where the other checks alone exceed the budget, the
    detector flags none of them (the threshold lies above the highest score)."""
    scores = np.asarray(scores, dtype=np.float64)
    others = np.asarray(others, dtype=bool)
    free = np.sort(scores[~others])[::-1]  # not flagged yet, highest first
    if len(free) == 0:
        return float(scores.max()) + 1.0 if len(scores) else 0.0
    room = int(np.floor(budget / 100 * len(scores) + 1e-9)) - int(others.sum())
    n = int(np.clip(room, 0, len(free)))
    while 0 < n < len(free) and free[n - 1] == free[n]:
        n -= 1  # a tie at the cut: flag the whole group or none of it
    if n == 0:
        return float(scores.max()) + 1.0
    if n == len(free):
        return float(free[-1]) - 1.0
    return float((free[n - 1] + free[n]) / 2)


def from_storage(tensors: dict[str, np.ndarray],
                 settings: dict[str, Any] | None) -> Detector | None:
    """The detector a checkpoint stores (``tensors`` named ``detector.*``), or None if it has
    none. ValueError when the stored record is inconsistent."""
    if not settings:
        return None
    if not isinstance(settings, dict):
        raise ValueError("stored detector: its record is not a mapping")
    method = settings.get("method")
    if method == "knn":
        bank = tensors.get("detector.bank")
        k = settings.get("k")
        if bank is None or bank.ndim != 2 or not isinstance(k, int) or not 1 <= k <= len(bank):
            raise ValueError("stored knn detector: missing bank or bad k")
        return KnnDetector(np.asarray(bank, dtype=np.float32), k)
    if method == "mahalanobis":
        means, precision = tensors.get("detector.means"), tensors.get("detector.precision")
        if (means is None or precision is None or means.ndim != 2
                or precision.shape != (means.shape[1],) * 2):
            raise ValueError("stored mahalanobis detector: missing or mismatched tensors")
        return MahalanobisDetector(np.asarray(means, np.float32), np.asarray(precision, np.float32))
    raise ValueError(f"stored detector: unknown method {method!r}")


def auroc(inliers: np.ndarray, outliers: np.ndarray) -> float:
    """Area under the ROC curve of a score that should be higher for outliers (ties count one
    half): the probability that a random outlier scores above a random inlier."""
    a = np.asarray(inliers, dtype=np.float64)
    b = np.asarray(outliers, dtype=np.float64)
    both = np.concatenate([a, b])
    order = both.argsort(kind="mergesort")
    ranks = np.empty(len(both), dtype=np.float64)
    ranks[order] = np.arange(1, len(both) + 1)
    # Average ranks over ties (Mann-Whitney U).
    _, inverse, counts = np.unique(both, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=ranks)
    ranks = (sums / counts)[inverse]
    u = ranks[len(a):].sum() - len(b) * (len(b) + 1) / 2
    return float(u / (len(a) * len(b)))
