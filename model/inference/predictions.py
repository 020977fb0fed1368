"""A forward pass's outputs as Predictions: calibrated probabilities, the top-k
classes and the not-sure reasons, computed once per batch (model/inference/confidence.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from model.data.images import ImageError
from model.inference.confidence import Confidence


@dataclass(frozen=True)
class Prediction:
    """The top-k classes for one image, with calibrated probabilities.

    ``not_sure`` is True when the answer should not be presented as confident (the image may
    show none of the classes); ``not_sure_reasons`` holds the codes of
    :mod:`model.inference.confidence` that fired (``"low_confidence"``, ``"unfamiliar"``,
    ``"not_photo_like"``, ``"unlike_training"``).
    """

    source: str
    labels: tuple[str, ...]
    probabilities: tuple[float, ...]
    input_image: np.ndarray = field(repr=False, compare=False)
    seconds: float = field(compare=False)
    not_sure_reasons: tuple[str, ...] = ()

    @property
    def not_sure(self) -> bool:
        return bool(self.not_sure_reasons)

    @property
    def top_label(self) -> str:
        return self.labels[0]

    @property
    def top_probability(self) -> float:
        return self.probabilities[0]


def build_predictions(confidence: Confidence, class_names: Sequence[str],
                      sources: Sequence[str], images: Sequence[np.ndarray], batch: np.ndarray,
                      logits: np.ndarray, features: np.ndarray, k: int,
                      seconds: Sequence[float]) -> list[Prediction | ImageError]:
    """One forward pass's rows as Predictions, in order; the not-sure checks, softmax and
    ranking are called once for the whole batch rather than once per row. ``images[i]`` is
    row i of ``batch``, kept as the Prediction's own array (a view would keep the whole
    batch alive for as long as the app keeps the Prediction)."""
    results: list[Prediction | ImageError] = []
    finite = np.isfinite(logits).all(axis=1)
    good = np.flatnonzero(finite)
    if len(good) == len(logits):
        z, pix, feats = logits, batch, features
    else:
        z, pix, feats = logits[good], batch[good], features[good]
    probs = confidence.probabilities(z)
    reasons = confidence.reasons(z, probs, pix, feats)
    k = min(k, probs.shape[1])
    # Stable sort so ties keep class order, most likely first.
    order = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    top = np.take_along_axis(probs, order, axis=1).tolist()
    rows = iter(zip(order.tolist(), top, reasons))
    for source, pixels, spent, ok in zip(sources, images, seconds, finite):
        if not ok:
            # Finite weights can still overflow float32 on some input; a NaN probability
            # must never be shown or written (it is not even valid JSON), so the image
            # fails alone.
            results.append(ImageError(source, "the network's output for this image is not "
                                              "a finite number (the checkpoint's weights "
                                              "overflow on it)", "not_finite"))
            continue
        ranks, p, why = next(rows)
        results.append(Prediction(source=source, labels=tuple(class_names[i] for i in ranks),
                                  probabilities=tuple(p), input_image=pixels,
                                  seconds=spent, not_sure_reasons=why))
    return results
