"""The not-sure rule's reason codes and how they are worded for people (the command line;
the app has its own translated texts). No numpy, so the app can import it at start-up."""

from __future__ import annotations

LOW_CONFIDENCE = "low_confidence"
UNFAMILIAR = "unfamiliar"
NOT_PHOTO_LIKE = "not_photo_like"
# The out-of-distribution detector on the penultimate features (model/inference/detector.py,
# fitted by ``cifar10 fit-detector``): the image is far from every training image the network
# learnt from. Off when the checkpoint stores no detector.
UNLIKE_TRAINING = "unlike_training"

# The reasons that say the picture may show none of the classes; the rest (low_confidence) say
# the model hesitates between classes. People are told which of the two it is.
OUTSIDE_REASONS = (UNFAMILIAR, NOT_PHOTO_LIKE, UNLIKE_TRAINING)
OUTSIDE = "outside"
BETWEEN = "between"


def not_sure_kind(reasons: tuple[str, ...]) -> str | None:
    """``"outside"`` when any reason says the picture may be none of the classes, ``"between"``
    when the model only hesitates between classes, None when nothing fired."""
    if any(r in OUTSIDE_REASONS for r in reasons):
        return OUTSIDE
    return BETWEEN if reasons else None


def not_sure_message(num_classes: int = 10, reasons: tuple[str, ...] = (UNFAMILIAR,)) -> str:
    if not_sure_kind(reasons) == BETWEEN:
        return "Not sure: the model is unsure between classes"
    return f"Not sure: this does not look like any of the {num_classes} classes"


NOT_SURE_MESSAGE = not_sure_message(10)
REASON_TEXT = {
    LOW_CONFIDENCE: "the top class has a probability under 50% after calibration",
    # The threshold comes from the held-out images the checkpoint was calibrated on (CIFAR-10's
    # for the bundled model; a model's own data for one trained on other classes).
    UNFAMILIAR: "the image is unlike the images the network was calibrated on (energy score)",
    NOT_PHOTO_LIKE: "the image is almost blank or noise-like, unlike any photo",
    UNLIKE_TRAINING: "the image is far from every training image (feature detector)",
}


def describe(reasons: tuple[str, ...], num_classes: int = 10) -> str:
    """One line for people: the plain message and why, e.g. for ``cifar10 classify``."""
    why = "; ".join(REASON_TEXT.get(r, r) for r in reasons)
    message = not_sure_message(num_classes, reasons)
    return f"{message} ({why})" if why else message


def active_checks(extra: dict | None) -> dict[str, bool]:
    """Which checks of the rule a checkpoint's metadata (``extra``) switches on: the calibration
    record (``cifar10 eval --calibrate``) holds the energy and pixel-statistics thresholds, the
    detector record (``cifar10 fit-detector``) the feature detector. ``low_confidence`` is always
    on (on uncalibrated probabilities when there is no calibration). Mirrors
    ``Confidence.from_metadata`` and ``load_detector``, without numpy."""
    extra = extra if isinstance(extra, dict) else {}
    calibration = extra.get("calibration")
    calibration = calibration if isinstance(calibration, dict) else {}
    return {
        LOW_CONFIDENCE: True,
        UNFAMILIAR: calibration.get("energy_threshold") is not None,
        NOT_PHOTO_LIKE: any(calibration.get(k) is not None
                            for k in ("min_contrast", "min_correlation", "max_correlation")),
        UNLIKE_TRAINING: bool(extra.get("detector")),
    }
