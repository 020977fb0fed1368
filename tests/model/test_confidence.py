"""The not-sure rule: calibrated probabilities, the energy score, each branch and its boundary."""

from __future__ import annotations

import math

import numpy as np
import pytest

from model.inference.confidence import (
    Confidence,
    energy_score,
    fit_energy_threshold,
    fit_image_thresholds,
    fit_max_correlation,
    image_statistics,
    logsumexp,
    softmax,
)
from model.inference.reasons import (
    LOW_CONFIDENCE,
    NOT_PHOTO_LIKE,
    NOT_SURE_MESSAGE,
    REASON_TEXT,
    UNFAMILIAR,
    UNLIKE_TRAINING,
    describe,
)


def test_softmax_with_temperature_by_hand() -> None:
    # [2, 0, 0]: e^2 / (e^2 + 2) at T = 1; at T = 2 the logits halve to [1, 0, 0].
    p = softmax(np.array([[2.0, 0.0, 0.0]]))
    assert p[0, 0] == pytest.approx(math.e ** 2 / (math.e ** 2 + 2))
    p2 = softmax(np.array([[2.0, 0.0, 0.0]]), temperature=2.0)
    assert p2[0, 0] == pytest.approx(math.e / (math.e + 2))
    assert p2.sum() == pytest.approx(1.0)
    # Huge logits neither overflow nor lose the answer.
    assert softmax(np.array([[1000.0, 0.0]]))[0].tolist() == pytest.approx([1.0, 0.0])


def test_energy_score_by_hand() -> None:
    # -logsumexp: two equal logits 0 give -log 2; shifting all logits by c shifts E by -c.
    assert energy_score(np.array([[0.0, 0.0]]))[0] == pytest.approx(-math.log(2))
    assert energy_score(np.array([[1000.0, 1000.0]]))[0] == pytest.approx(-1000 - math.log(2))
    one = energy_score(np.array([0.5, -1.0, 2.0]))  # a single row works too
    assert one == pytest.approx(-math.log(math.exp(0.5) + math.exp(-1.0) + math.exp(2.0)))


def test_energy_threshold_is_the_95th_percentile() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(2000, 10)) * 3
    threshold = fit_energy_threshold(logits)
    flagged = energy_score(logits) > threshold
    assert flagged.mean() == pytest.approx(0.05, abs=0.002)
    assert fit_energy_threshold(logits, percentile=50) < threshold
    with pytest.raises(ValueError, match="at least one"):
        fit_energy_threshold(np.zeros((0, 10)))


# Hand-made logits for each branch, with a threshold of -5 on the energy:
CONFIDENT = [10.0, 0.0, 0.0]      # p ≈ 0.9999, E ≈ -10.0001: trusted
WEAK = [0.1, 0.0, 0.0]            # p ≈ 0.36,   E ≈ -1.13:    both reasons
PEAKED_BUT_WEAK = [3.0, -5.0, -5.0]  # p ≈ 0.9993, E ≈ -3.0007: unfamiliar only
SPREAD_BUT_STRONG = [20.0, 20.0, 0.0]  # p ≈ 0.5 - tiny, E ≈ -20.69: low confidence only


def test_each_branch_of_the_rule() -> None:
    rule = Confidence(energy_threshold=-5.0)
    logits = np.array([CONFIDENT, WEAK, PEAKED_BUT_WEAK, SPREAD_BUT_STRONG])
    assert rule.reasons(logits) == [(), (LOW_CONFIDENCE, UNFAMILIAR), (UNFAMILIAR,),
                                    (LOW_CONFIDENCE,)]


def test_boundaries_are_not_flagged() -> None:
    # Exactly 50% (two equal classes) is not *under* 50%; an energy equal to the threshold is
    # not *above* it.
    half = np.array([[0.0, 0.0]])
    assert Confidence().reasons(half) == [()]
    at_threshold = np.array([CONFIDENT])
    threshold = float(energy_score(at_threshold)[0])
    assert Confidence(energy_threshold=threshold).reasons(at_threshold) == [()]
    assert Confidence(energy_threshold=threshold - 1e-9).reasons(at_threshold) == [(UNFAMILIAR,)]


def test_without_a_threshold_only_the_probability_counts() -> None:
    rule = Confidence()
    extreme = np.array([[1e-3, 0.0, 0.0, 0.0] + [0.0] * 6, [50.0] + [-50.0] * 9])
    assert rule.reasons(extreme) == [(LOW_CONFIDENCE,), ()]


def test_temperature_decides_the_low_confidence_verdict() -> None:
    logits = np.array([[2.0, 0.0, 0.0]])  # p = 0.79 at T = 1; e^0.4/(e^0.4 + 2) = 0.43 at T = 5
    assert Confidence(temperature=1.0).reasons(logits) == [()]
    assert Confidence(temperature=5.0).reasons(logits) == [(LOW_CONFIDENCE,)]
    # The energy does not depend on the temperature (Liu et al.'s T = 1).
    threshold = float(energy_score(logits)[0]) + 1
    assert Confidence(temperature=5.0, energy_threshold=threshold).reasons(logits) == [
        (LOW_CONFIDENCE,)]


def test_from_metadata() -> None:
    assert Confidence.from_metadata(None) == Confidence()
    assert Confidence.from_metadata({}) == Confidence()
    stored = {"temperature": 1.7, "energy_threshold": -4.2, "ece_before": 0.05,
              "min_contrast": 9.5, "min_correlation": 0.3}
    assert Confidence.from_metadata(stored) == Confidence(1.7, -4.2, 9.5, 0.3)
    assert Confidence.from_metadata({"temperature": 2}).energy_threshold is None
    for bad in ({"temperature": 0}, {"temperature": -1.0}, {"temperature": "hot"},
                {"temperature": float("nan")}, {"temperature": 1.0, "energy_threshold": "x"},
                {"temperature": 1.0, "energy_threshold": float("inf")}, {"temperature": None},
                {"temperature": 1.0, "min_contrast": [1]},
                {"temperature": 1.0, "min_correlation": float("nan")}):
        with pytest.raises(ValueError):
            Confidence.from_metadata(bad)


def images(*grey: np.ndarray) -> np.ndarray:
    """N×H×W×3 uint8 from H×W grey levels."""
    return np.repeat(np.stack(grey)[..., None], 3, axis=-1).astype(np.uint8)


def test_image_statistics_by_hand() -> None:
    flat = np.full((8, 8), 77)
    # A one-pixel checkerboard of 100 and 200: std 50, every neighbour differs by 100, so
    # 1 - 100² / (2 · 50²) = -1.
    checker = np.where(np.indices((8, 8)).sum(0) % 2, 200, 100)
    # A horizontal ramp 0, 10, ..., 70 repeated down the rows: smooth, correlation near 1.
    ramp = np.tile(np.arange(8) * 10, (8, 1))
    contrast, corr = image_statistics(images(flat, checker, ramp))
    assert contrast.tolist() == pytest.approx([0.0, 50.0, np.std(np.arange(8) * 10)])
    # Ramp: horizontal neighbours differ by 10, vertical by 0: msd = 50; var = 525.
    assert corr.tolist() == pytest.approx([1.0, -1.0, 1 - 50 / (2 * 525)])
    noise = np.random.default_rng(0).integers(0, 256, (1, 64, 64, 3), dtype=np.uint8)
    assert abs(image_statistics(noise)[1][0]) < 0.05  # white noise: uncorrelated


def test_image_statistics_follow_their_definition_and_do_not_depend_on_the_batch() -> None:
    rng = np.random.default_rng(3)
    smooth = np.cumsum(rng.integers(-3, 4, (5, 16, 16, 3)), axis=2) + 120
    pixels = np.clip(smooth, 0, 255).astype(np.uint8)
    contrast, corr = image_statistics(pixels)
    grey = pixels.astype(np.float64).mean(axis=-1)
    var = grey.reshape(5, -1).var(axis=1)
    msd = (np.square(np.diff(grey, axis=2)).mean(axis=(1, 2))
           + np.square(np.diff(grey, axis=1)).mean(axis=(1, 2))) / 2
    np.testing.assert_allclose(contrast, np.sqrt(var), rtol=1e-9)
    np.testing.assert_allclose(corr, 1 - msd / (2 * var), rtol=1e-9)
    empty = image_statistics(np.zeros((0, 16, 16, 3), np.uint8))  # a batch whose rows all failed
    assert empty[0].shape == empty[1].shape == (0,)
    # Sums of integers: each image gets the same bits alone as in any batch.
    for i in range(5):
        alone = image_statistics(pixels[i:i + 1])
        assert alone[0][0] == contrast[i] and alone[1][0] == corr[i]


def test_image_thresholds_and_the_not_photo_like_branch() -> None:
    rng = np.random.default_rng(1)
    base = np.tile(np.arange(8) * 8, (8, 1))  # std 18, under that of noise (~42 in grey)
    smooth = images(*[np.clip(base + rng.integers(-2, 3, (8, 8)), 0, 255) for _ in range(50)])
    min_contrast, min_corr = fit_image_thresholds(smooth, percentile=0.0)
    assert min_contrast == pytest.approx(image_statistics(smooth)[0].min())
    assert min_corr > 0.9
    with pytest.raises(ValueError, match="at least one"):
        fit_image_thresholds(np.zeros((0, 8, 8, 3), np.uint8))
    rule = Confidence(min_contrast=min_contrast, min_correlation=min_corr)
    confident = np.array([CONFIDENT] * 3)
    pixels = np.concatenate([smooth[:1], images(np.full((8, 8), 30)),
                             rng.integers(0, 256, (1, 8, 8, 3), dtype=np.uint8)])
    assert rule.reasons(confident, pixels=pixels) == [(), (NOT_PHOTO_LIKE,), (NOT_PHOTO_LIKE,)]
    # Without pixels, or without thresholds, the check is off.
    assert rule.reasons(confident) == [(), (), ()]
    assert Confidence().reasons(confident, pixels=pixels) == [(), (), ()]
    # Each threshold alone: the flat image fails on contrast, the noise on correlation.
    assert Confidence(min_contrast=min_contrast).reasons(confident, pixels=pixels) == [
        (), (NOT_PHOTO_LIKE,), ()]
    assert Confidence(min_correlation=min_corr).reasons(confident, pixels=pixels) == [
        (), (), (NOT_PHOTO_LIKE,)]


def test_an_image_smoother_than_the_held_out_ones_is_not_photo_like() -> None:
    rng = np.random.default_rng(2)
    # Held out: a gradient with pixel noise. Far smoother: the same gradient without it. The
    # noisy ones' correlations are well apart from the clean one's (no knife edge).
    base = np.tile(np.arange(8) * 8, (8, 1))
    held_out = images(*[np.clip(base + rng.integers(-6, 7, (8, 8)), 0, 255) for _ in range(50)])
    ceiling = fit_max_correlation(held_out, percentile=100.0)
    corr = image_statistics(held_out)[1]
    assert ceiling == pytest.approx(corr.max())
    clean = images(base)
    assert image_statistics(clean)[1][0] > ceiling + 0.01
    rule = Confidence(max_correlation=ceiling)
    confident = np.array([CONFIDENT] * 2)
    assert rule.reasons(confident, pixels=np.concatenate([held_out[:1], clean])) == [
        (), (NOT_PHOTO_LIKE,)]
    assert rule.checks_pixels and not Confidence().checks_pixels
    assert Confidence.from_metadata({"temperature": 1.0, "max_correlation": 0.99}) == \
        Confidence(max_correlation=0.99)
    with pytest.raises(ValueError, match="max_correlation"):
        Confidence(max_correlation=float("inf"))
    with pytest.raises(ValueError, match="at least one"):
        fit_max_correlation(np.zeros((0, 8, 8, 3), np.uint8))


def test_every_reason_at_once() -> None:
    rule = Confidence(energy_threshold=-5.0, min_contrast=1.0)
    assert rule.reasons(np.array([WEAK]), pixels=images(np.zeros((4, 4)))) == [
        (LOW_CONFIDENCE, UNFAMILIAR, NOT_PHOTO_LIKE)]


def test_describe() -> None:
    outside = "Not sure: this does not look like any of the 10 classes"
    assert describe(()) == NOT_SURE_MESSAGE == outside
    assert describe((), 1000) == "Not sure: this does not look like any of the 1000 classes"
    # Hesitating between classes is worded apart from "none of the classes" (any such reason).
    assert describe((LOW_CONFIDENCE,)).startswith("Not sure: the model is unsure between classes")
    for reason in (UNFAMILIAR, NOT_PHOTO_LIKE, UNLIKE_TRAINING):
        assert describe((LOW_CONFIDENCE, reason)).startswith(outside)
    text = describe((LOW_CONFIDENCE, UNFAMILIAR, NOT_PHOTO_LIKE))
    assert text.startswith(NOT_SURE_MESSAGE)
    assert all(REASON_TEXT[r] in text for r in (LOW_CONFIDENCE, UNFAMILIAR, NOT_PHOTO_LIKE))


@pytest.mark.parametrize("calibration", [
    None, {}, {"temperature": 0.9}, {"temperature": 0.9, "energy_threshold": -4.0},
    {"min_contrast": 3.0}, {"min_correlation": 0.5},
    {"temperature": 1.1, "energy_threshold": -2.0, "min_contrast": 3.0, "min_correlation": 0.5}])
def test_active_checks_mirror_the_rule_built_from_the_same_metadata(calibration):
    from model.inference.reasons import active_checks

    rule = Confidence.from_metadata(calibration)
    active = active_checks({"calibration": calibration} if calibration is not None else {})
    assert active[LOW_CONFIDENCE]
    assert active[UNFAMILIAR] == (rule.energy_threshold is not None)
    assert active[NOT_PHOTO_LIKE] == (rule.min_contrast is not None
                                      or rule.min_correlation is not None)
    assert not active[UNLIKE_TRAINING]


def test_softmax_and_logsumexp_work_row_by_row_in_float64() -> None:
    # Rows far apart: each is shifted by its own maximum, or the low row underflows to 0/0.
    logits = np.array([[0.0, 1.0], [1000.0, 1001.0]], dtype=np.float32)
    p = softmax(logits)
    assert p.dtype == np.float64
    np.testing.assert_allclose(p, [[1 / (1 + np.e), np.e / (1 + np.e)]] * 2, rtol=1e-12)
    lse = logsumexp(logits)
    assert lse.dtype == np.float64 and lse.shape == (2,)
    np.testing.assert_allclose(lse, [np.log(1 + np.e), 1000 + np.log(1 + np.e)], rtol=1e-12)


def test_given_probabilities_are_the_ones_judged() -> None:
    # The caller's probabilities (already computed) decide low_confidence, not a recomputation.
    rule = Confidence()
    confident = np.array([[10.0, 0.0, 0.0]])
    assert rule.reasons(confident) == [()]
    assert rule.reasons(confident, probabilities=np.array([[0.4, 0.3, 0.3]])) == [
        (LOW_CONFIDENCE,)]


def test_pixel_checks_flag_strictly_below_their_thresholds() -> None:
    # Exact values, no rounding: a flat image has contrast 0.0 and correlation 1.0.
    flat = images(np.full((8, 8), 50))
    assert Confidence(min_contrast=0.0).reasons(np.array([[9.0, 0.0]]), pixels=flat) == [()]
    assert Confidence(min_correlation=1.0).reasons(np.array([[9.0, 0.0]]), pixels=flat) == [()]
    # A 0/1 checkerboard is not "flat" (variance 0.25): its correlation is -1.
    faint = images(np.indices((8, 8)).sum(0) % 2)
    assert image_statistics(faint)[1].tolist() == pytest.approx([-1.0])


class FixedScores:
    """A detector double whose scores are given: the rule's use of them is what is tested."""

    def __init__(self, scores: list[float]) -> None:
        self.scores = np.array(scores)
        self.seen = None

    def score(self, features: np.ndarray) -> np.ndarray:
        self.seen = features
        return self.scores


def test_the_detector_flags_scores_strictly_above_its_threshold() -> None:
    detector = FixedScores([0.5, 1.0, 2.0])
    rule = Confidence(detector=detector, detector_threshold=1.0)
    logits = np.array([[9.0, 0.0]] * 3)
    features = np.ones((3, 4))
    assert rule.reasons(logits, features=features) == [(), (), (UNLIKE_TRAINING,)]
    assert detector.seen is features
    # No features given, or no detector stored: the check is off, nothing breaks.
    assert rule.reasons(logits) == [(), (), ()]
    assert Confidence().reasons(logits, features=features) == [(), (), ()]


def test_errors_say_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="temperature must be a positive number, got 0"):
        Confidence(temperature=0)
    with pytest.raises(ValueError, match="energy_threshold must be a finite number, got inf"):
        Confidence(energy_threshold=float("inf"))
    with pytest.raises(ValueError, match="unreadable calibration metadata: temperature = 'hot'"):
        Confidence.from_metadata({"temperature": "hot"})
    with pytest.raises(ValueError, match="^unreadable calibration metadata: temperature = None$"):
        Confidence.from_metadata({"temperature": None})
    with pytest.raises(ValueError, match="^fitting the energy threshold needs at least one image"):
        fit_energy_threshold(np.zeros((0, 10)))
    with pytest.raises(ValueError, match="^fitting the image thresholds needs at least one image"):
        fit_image_thresholds(np.zeros((0, 8, 8, 3), dtype=np.uint8))
    # A record without a temperature keeps the uncalibrated 1.0.
    assert Confidence.from_metadata({"energy_threshold": -3.0}).temperature == 1.0


def test_reason_wording_and_active_checks_in_detail() -> None:
    from model.inference.reasons import active_checks, not_sure_message

    assert not_sure_message() == "Not sure: this does not look like any of the 10 classes"
    assert describe((LOW_CONFIDENCE, UNFAMILIAR)) == (
        "Not sure: this does not look like any of the 10 classes ("
        f"{REASON_TEXT[LOW_CONFIDENCE]}; {REASON_TEXT[UNFAMILIAR]})")
    assert describe(("some_new_code",)).endswith("(some_new_code)")  # unknown codes shown as is
    assert active_checks({"detector": {"method": "knn"}})[UNLIKE_TRAINING]
    for odd in (None, [], "text", {"calibration": "text", "detector": {}}):
        checks = active_checks(odd)
        assert checks == {LOW_CONFIDENCE: True, UNFAMILIAR: False, NOT_PHOTO_LIKE: False,
                          UNLIKE_TRAINING: False}
