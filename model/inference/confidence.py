"""When not to trust a prediction: calibrated probabilities and the "not sure" rule.

A softmax output always sums to one, so a network shown a photo of a face still names one of
the 10 classes, often with a high score. Four checks decide whether a prediction is shown as
"Not sure" instead of as a confident answer. The first says the model hesitates between classes
("Not sure: the model is unsure between classes"); the others that the picture may show none of
them ("Not sure: this does not look like any of the 10 classes"; model/inference/reasons.py):

``low_confidence``
    The *calibrated* top-1 probability is under :data:`MIN_PROBABILITY` (0.5). Probabilities are
    ``softmax(logits / T)`` with the temperature ``T`` fitted on held-out data by
    ``cifar10 eval --calibrate`` (:mod:`model.evaluation.calibration`; Guo et al., 2017, "On
    Calibration of Modern Neural Networks"). Once calibrated, a top probability under 0.5 means
    that among images scored like this one, the model is wrong more often than right.

``unfamiliar``
    The image is unlike CIFAR-10 by the energy score ``E(x) = -logsumexp(logits)`` (Liu et al.,
    2020, "Energy-based Out-of-distribution Detection", eq. 7 with their T = 1). The energy is
    low where the network responds strongly to *some* class and high for inputs unlike its
    training data; Liu et al. found it separates in- from out-of-distribution inputs better
    than the top softmax probability, which normalisation squashes. The threshold is the 95th
    percentile of E on held-out CIFAR-10 images (fitted by ``cifar10 eval --calibrate``), the
    usual operating point of that literature: about 5% of genuine CIFAR-10 images are flagged,
    in exchange for catching most images that are far from them. Without a stored threshold
    (a checkpoint never calibrated) this check is off and only ``low_confidence`` applies.

``not_photo_like``
    The network input (the H×W×3 image the network sees) has almost no contrast, or its
    neighbouring pixels are hardly correlated, as in noise. Photographs are smooth at the pixel
    scale: adjacent pixels are strongly correlated (their power spectrum falls off as 1/f²;
    Field, 1987; Ruderman & Bialek, 1994). The bundled network answers a flat colour or uniform
    noise with a confident class as readily as a photo and the energy hardly tells them apart
    (benchmarks/bench_not_sure.py), so these two statistics of the pixels themselves are
    checked too: the grey-level standard deviation ("contrast", 0-255 units) and the
    correlation between neighbouring pixels, ``1 - mean((a - b)²) / (2 var)`` over horizontal
    and vertical neighbour pairs (1 for a smooth image, about 0 for white noise, -1 for a
    one-pixel checkerboard). The thresholds are the 0.1th percentiles on held-out CIFAR-10
    (``cifar10 eval --calibrate``). An image smoother than photos is as odd: a correlation
    above the 99.9th percentile flags it too (``max_correlation``; synthetic gradients, smooth
    noise, renders: added after ``bench_not_sure.py``'s smooth noise, a 4×4 noise image
    enlarged, was flagged at 86%; its threshold is a percentile of the same held-out images,
    nothing fitted on the synthetic set). So this check flags about 0.3% of genuine CIFAR-10
    images. Without stored thresholds it is off; files calibrated before ``max_correlation``
    have the two lower bounds only.

``unlike_training``
    The image's penultimate features (global-pooled, 512-d) are far from the training images':
    the detector ``cifar10 fit-detector`` chose and stored in the checkpoint
    (model/inference/detector.py: class-conditional Mahalanobis distance, Lee et al., 2018, or
    the distance to the k-th nearest training feature, Sun et al., 2022). Its threshold is set
    on the validation images held out of training so that the whole rule flags at most 9% of
    them. The features come from the same forward pass as the logits. Without a stored detector
    (a foreign ``.pth``, older files) this check is off.

The energy uses the raw logits (T = 1, as Liu et al.) rather than the calibrated temperature,
so the threshold measures the network's response alone; either choice is consistent as long as
fitting and use agree, and both happen here.

Any reason makes a prediction "not sure"; several may apply. Pure numpy, no torch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from model.inference.reasons import LOW_CONFIDENCE, NOT_PHOTO_LIKE, UNFAMILIAR, UNLIKE_TRAINING

# Calibrated top-1 probability below which the model expects to be wrong more often than right.
MIN_PROBABILITY = 0.5
# Percentile of held-out CIFAR-10 energies used as the "unfamiliar" threshold: flags ~5% of
# in-distribution images (the TPR-95 operating point of Liu et al., 2020, and others).
ENERGY_PERCENTILE = 95.0
# Percentile of held-out CIFAR-10 contrast and neighbour correlation below which an image is not
# photo-like: each flags ~0.1% of in-distribution images, so the check only catches the extreme.
IMAGE_PERCENTILE = 0.1

def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise ``softmax(logits / temperature)`` in float64 (rows sum to one exactly enough)."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def logsumexp(logits: np.ndarray) -> np.ndarray:
    """Row-wise ``log(sum(exp(logits)))`` in float64, shifted by the row maximum so that large
    logits do not overflow."""
    z = np.asarray(logits, dtype=np.float64)
    top = z.max(axis=-1)
    return top + np.log(np.exp(z - top[..., None]).sum(axis=-1))


def energy_score(logits: np.ndarray) -> np.ndarray:
    """``-logsumexp(logits)`` per row (Liu et al., 2020): higher means less like the training
    data."""
    return -logsumexp(logits)


def fit_energy_threshold(logits: np.ndarray, percentile: float = ENERGY_PERCENTILE) -> float:
    """The ``percentile``-th percentile of the energy of held-out in-distribution logits."""
    if len(logits) == 0:
        raise ValueError("fitting the energy threshold needs at least one image")
    return float(np.percentile(energy_score(logits), percentile))


def image_statistics(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Contrast (grey-level standard deviation, 0-255) and neighbour correlation of N×H×W×3
    uint8 network inputs. A flat image has contrast 0 and, by convention, correlation 1 (it is
    perfectly smooth; its contrast is what flags it).

    Computed on ``r + g + b`` (three times the grey level), an integer: every sum below is of
    integers under 2**53, so float64 adds them exactly in any order. The statistics are thus
    the same on every CPU and for every batch size, and thresholds fitted with this function
    meet exactly the values it gives later. The channel sum is two uint16 additions (at most
    765): a product with ones made it a BLAS call, which ran on OpenBLAS's threads and was 4×
    slower for a batch of 64 (1.66 against 0.42 ms, timeit), while averaging in float64 was 4×
    slower still."""
    pixels = np.asarray(pixels, dtype=np.uint8)
    n, h, w = pixels.shape[:3]
    triple = np.add(pixels[..., 0], pixels[..., 1], dtype=np.uint16)
    triple += pixels[..., 2]
    s = triple.astype(np.float64)
    count = h * w
    flat = s.reshape(n, count)  # not (n, -1): an empty batch has no -1 to infer
    total = flat.sum(axis=1)
    # count·Σs² - (Σs)²: integers, exact; count² · 9 · var(grey).
    spread = count * np.einsum("ij,ij->i", flat, flat) - total * total
    var = spread / (9.0 * count * count)
    # Mean squared difference of horizontal and vertical neighbours: 2·var·(1 - correlation).
    dx = s[:, :, 1:] - s[:, :, :-1]
    dy = s[:, 1:] - s[:, :-1]
    msd = (np.einsum("ijk,ijk->i", dx, dx) / max(h * (w - 1), 1)
           + np.einsum("ijk,ijk->i", dy, dy) / max((h - 1) * w, 1)) / 18.0
    flat_image = spread == 0
    corr = np.where(flat_image, 1.0, 1.0 - msd / (2.0 * np.where(flat_image, 1.0, var)))
    return np.sqrt(var), corr


def fit_max_correlation(pixels: np.ndarray, percentile: float = 100.0 - IMAGE_PERCENTILE,
                        ) -> float:
    """The neighbour correlation above which an image is smoother than photos: the
    ``percentile``-th percentile of held-out in-distribution network inputs."""
    if len(pixels) == 0:
        raise ValueError("fitting the image thresholds needs at least one image")
    return float(np.percentile(image_statistics(pixels)[1], percentile))


def fit_image_thresholds(pixels: np.ndarray,
                         percentile: float = IMAGE_PERCENTILE) -> tuple[float, float]:
    """(min contrast, min neighbour correlation): the ``percentile``-th percentiles of held-out
    in-distribution network inputs (N×H×W×3 uint8)."""
    if len(pixels) == 0:
        raise ValueError("fitting the image thresholds needs at least one image")
    contrast, corr = image_statistics(pixels)
    return float(np.percentile(contrast, percentile)), float(np.percentile(corr, percentile))


@dataclass(frozen=True)
class Confidence:
    """How a checkpoint turns logits into probabilities, and when it flags them as not sure.

    ``temperature`` divides the logits before the softmax (1.0: uncalibrated);
    ``energy_threshold`` switches the ``unfamiliar`` check on, ``min_contrast``,
    ``min_correlation`` and ``max_correlation`` the ``not_photo_like`` one (None: off).
    """

    temperature: float = 1.0
    energy_threshold: float | None = None
    min_contrast: float | None = None
    min_correlation: float | None = None
    max_correlation: float | None = None
    min_probability: float = MIN_PROBABILITY
    # The out-of-distribution detector and its threshold (``unlike_training``; None: off).
    detector: Any = field(default=None, compare=False, repr=False)
    detector_threshold: float | None = None

    def __post_init__(self) -> None:
        if not (np.isfinite(self.temperature) and self.temperature > 0):
            raise ValueError(f"the calibration temperature must be a positive number, "
                             f"got {self.temperature!r}")
        for name in ("energy_threshold", "min_contrast", "min_correlation", "max_correlation"):
            value = getattr(self, name)
            if value is not None and not np.isfinite(value):
                raise ValueError(f"the calibration's {name} must be a finite number, "
                                 f"got {value!r}")

    @classmethod
    def from_metadata(cls, record: Mapping[str, Any] | None) -> Confidence:
        """From a checkpoint's ``extra["calibration"]`` (written by ``cifar10 eval
        --calibrate``); None or an empty record gives the uncalibrated default.
        ValueError for values that are not usable numbers."""
        if not record:
            return cls()

        def number(key: str, default: float | None = None) -> float | None:
            value = record.get(key, default)
            try:
                return None if value is None else float(value)
            except (TypeError, ValueError):
                raise ValueError(f"unreadable calibration metadata: {key} = {value!r}") from None

        temperature = number("temperature", 1.0)
        if temperature is None:
            raise ValueError("unreadable calibration metadata: temperature = None")
        return cls(temperature=temperature, energy_threshold=number("energy_threshold"),
                   min_contrast=number("min_contrast"),
                   min_correlation=number("min_correlation"),
                   max_correlation=number("max_correlation"))

    @property
    def checks_pixels(self) -> bool:
        """Whether the ``not_photo_like`` check is on (some pixel threshold is stored)."""
        return any(v is not None for v in (self.min_contrast, self.min_correlation,
                                            self.max_correlation))

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for N×C logits."""
        return softmax(logits, self.temperature)

    def reasons(self, logits: np.ndarray, probabilities: np.ndarray | None = None,
                pixels: np.ndarray | None = None,
                features: np.ndarray | None = None) -> list[tuple[str, ...]]:
        """For each row of N×C logits, the reasons (codes above) not to trust it; empty when
        it may be trusted. ``probabilities`` (from :meth:`probabilities`) saves recomputing;
        ``pixels`` (the N×H×W×3 uint8 network inputs) enable the ``not_photo_like`` check and
        ``features`` (N×512 penultimate features) the ``unlike_training`` one."""
        logits = np.asarray(logits, dtype=np.float64)
        probs = self.probabilities(logits) if probabilities is None else probabilities
        none = np.zeros(len(logits), dtype=bool)
        low = probs.max(axis=1) < self.min_probability
        far = none if self.energy_threshold is None else (
            energy_score(logits) > self.energy_threshold)
        odd = none
        if pixels is not None and self.checks_pixels:
            contrast, corr = image_statistics(pixels)
            if self.min_contrast is not None:
                odd = odd | (contrast < self.min_contrast)
            if self.min_correlation is not None:
                odd = odd | (corr < self.min_correlation)
            if self.max_correlation is not None:
                odd = odd | (corr > self.max_correlation)
        unlike = none
        if features is not None and self.detector is not None:
            unlike = self.detector.score(features) > self.detector_threshold
        checks = ((LOW_CONFIDENCE, low), (UNFAMILIAR, far), (NOT_PHOTO_LIKE, odd),
                  (UNLIKE_TRAINING, unlike))
        return [tuple(code for code, hits in checks if hits[i]) for i in range(len(logits))]
