"""Temperature scaling: the fit recovers known temperatures, and calibrate() reports honestly."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from model.evaluation.calibration import (
    T_MIN,
    calibrate,
    fit_temperature,
    nll,
    split_halves,
)
from model.evaluation.metrics import expected_calibration_error


def sample(n: int, temperature: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Logits whose calibrated temperature is known: labels drawn from softmax(z), logits z*T.
    Dividing by T recovers z, under which the labels are exactly calibrated."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, 10)) * 2.0
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    labels = (p.cumsum(1) < rng.random((n, 1))).sum(1)
    return z * temperature, np.minimum(labels, 9)


def softmax(logits: np.ndarray, t: float = 1.0) -> np.ndarray:
    e = np.exp(logits / t - (logits / t).max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def test_nll_by_hand() -> None:
    logits = np.array([[2.0, 0.0], [0.0, 0.0]])
    labels = np.array([0, 1])
    expected = (-math.log(math.e ** 2 / (math.e ** 2 + 1)) + math.log(2)) / 2
    assert nll(logits, labels) == pytest.approx(expected)
    # T = 2 halves the logits.
    assert nll(logits, labels, 2.0) == pytest.approx(nll(logits / 2, labels))


@pytest.mark.parametrize("true_t", [3.0, 0.5])
def test_fit_recovers_a_known_temperature(true_t: float) -> None:
    logits, labels = sample(20_000, true_t)
    t = fit_temperature(logits, labels)
    assert t == pytest.approx(true_t, rel=0.05)
    assert nll(logits, labels, t) < nll(logits, labels)
    # The fit is a minimum: nudging T either way costs likelihood.
    assert nll(logits, labels, t) <= min(nll(logits, labels, t * 1.05),
                                         nll(logits, labels, t / 1.05))


def test_fit_on_over_confident_data_lowers_the_ece() -> None:
    logits, labels = sample(10_000, 3.0, seed=1)
    t = fit_temperature(logits, labels)
    before = expected_calibration_error(softmax(logits), labels)
    after = expected_calibration_error(softmax(logits, t), labels)
    assert before > 0.1 and after < before / 3


def test_fit_is_deterministic_and_bounded() -> None:
    logits, labels = sample(2000, 2.0, seed=2)
    assert fit_temperature(logits, labels) == fit_temperature(logits, labels)
    # All answers right: the likelihood only grows as T shrinks, so the fit stops at the bound.
    right = np.eye(3)[[0, 1, 2, 0]] * 4
    assert fit_temperature(right, np.array([0, 1, 2, 0])) == pytest.approx(T_MIN, rel=1e-4)
    with pytest.raises(ValueError, match="logits"):
        fit_temperature(np.zeros((3, 2)), np.zeros(2, dtype=int))
    with pytest.raises(ValueError, match="logits"):
        fit_temperature(np.zeros((0, 2)), np.zeros(0, dtype=int))


def test_split_halves() -> None:
    fit, report = split_halves(11)
    assert len(fit) == 5 and len(report) == 6
    assert sorted(np.concatenate([fit, report]).tolist()) == list(range(11))
    again = split_halves(11)
    assert fit.tolist() == again[0].tolist() and report.tolist() == again[1].tolist()
    assert split_halves(1000, seed=1)[0].tolist() != split_halves(1000, seed=0)[0].tolist()
    # A random permutation, not the first half: both halves span the whole range.
    fit, report = split_halves(1000)
    assert fit.min() < 100 and fit.max() > 900 and report.min() < 100 and report.max() > 900


def test_calibrate_fits_on_one_half_and_reports_on_the_other() -> None:
    logits, labels = sample(4000, 3.0, seed=3)
    result = calibrate(logits, labels)
    fit, report = split_halves(4000)
    assert result.temperature == fit_temperature(logits[fit], labels[fit])
    assert (result.fit_count, result.report_count, result.seed) == (2000, 2000, 0)
    z, y = logits[report], labels[report]
    assert result.ece_before == pytest.approx(expected_calibration_error(softmax(z), y))
    assert result.ece_after == pytest.approx(
        expected_calibration_error(softmax(z, result.temperature), y))
    assert result.ece_after < result.ece_before and result.nll_after < result.nll_before
    assert result.accuracy == pytest.approx(float((z.argmax(1) == y).mean()))
    assert 0 < result.not_sure_fraction < 1
    # Flagged predictions are the less accurate ones: that is what the flag is for.
    assert result.accuracy_not_sure < result.accuracy_sure
    record = result.record()
    json.dumps(record, allow_nan=False)
    assert record["temperature"] == result.temperature and "energy_threshold" in record
    assert record["min_contrast"] is None and record["min_correlation"] is None  # no pixels
    assert record["max_correlation"] is None


def test_calibrate_fits_the_image_check_when_given_pixels() -> None:
    from model.inference.confidence import fit_image_thresholds

    logits, labels = sample(400, 2.0, seed=4)
    pixels = np.random.default_rng(4).integers(0, 256, (400, 8, 8, 3), dtype=np.uint8)
    result = calibrate(logits, labels, pixels)
    fit, _ = split_halves(400)
    assert (result.min_contrast, result.min_correlation) == fit_image_thresholds(pixels[fit])
    from model.inference.confidence import fit_max_correlation

    assert result.max_correlation == fit_max_correlation(pixels[fit])
    without = calibrate(logits, labels)
    assert result.temperature == without.temperature
    # The image check can only add flags.
    assert result.not_sure_fraction >= without.not_sure_fraction
    with pytest.raises(ValueError, match="3 images for 400 labels"):
        calibrate(logits, labels, pixels[:3])


def test_calibrate_needs_two_images() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        calibrate(np.zeros((1, 10)), np.zeros(1, dtype=int))
    # With every image flagged (or none), the accuracy of the empty group is None, not NaN.
    record = calibrate(np.zeros((4, 10)), np.arange(4)).record()
    assert record["accuracy_sure"] is None and record["not_sure_fraction"] == 1.0
    json.dumps(record, allow_nan=False)
