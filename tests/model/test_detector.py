"""The out-of-distribution detectors on small synthetic features where the answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from model.inference.detector import (
    auroc,
    fit_knn,
    fit_mahalanobis,
    from_storage,
    threshold_at,
    threshold_for_budget,
)


def clusters(n: int = 200, dim: int = 16, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two tight clusters along different axes: features of a network's two classes."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 2
    centres = np.zeros((2, dim), np.float32)
    centres[0, 0] = centres[1, 1] = 10.0
    return (centres[labels] + rng.normal(0, 0.5, (n, dim))).astype(np.float32), labels


@pytest.mark.parametrize("method", ["knn", "mahalanobis"])
def test_an_outlier_scores_far_above_the_cluster(method: str) -> None:
    feats, labels = clusters()
    detector = (fit_knn(feats, bank_size=100, k=5) if method == "knn"
                else fit_mahalanobis(feats, labels))
    inliers, _ = clusters(seed=1)  # fresh images of the same classes
    outlier = np.zeros((1, 16), np.float32)
    outlier[0, 2] = 10.0  # along a direction no class has
    s_in, s_out = detector.score(inliers), detector.score(outlier)
    assert s_out[0] > 3 * s_in.max()  # nowhere near a boundary
    threshold = threshold_at(s_in, 95)
    assert (s_in > threshold).mean() == pytest.approx(0.05, abs=0.011)
    assert s_out[0] > threshold


def test_knn_bank_is_a_seeded_normalised_subsample() -> None:
    feats, _ = clusters()
    a, b = fit_knn(feats, 50, 3, seed=4), fit_knn(feats, 50, 3, seed=4)
    assert a.bank.shape == (50, 16) and np.array_equal(a.bank, b.bank)
    # Rounded through float16, as the bank is stored.
    assert np.allclose(np.linalg.norm(a.bank, axis=1), 1.0, atol=1e-3)
    with pytest.raises(ValueError, match="k must be"):
        fit_knn(feats, 10, 11)


@pytest.mark.parametrize("method", ["knn", "mahalanobis"])
def test_storage_round_trip(method: str) -> None:
    feats, labels = clusters()
    detector = fit_knn(feats, 100, 5) if method == "knn" else fit_mahalanobis(feats, labels)
    back = from_storage(detector.tensors(), detector.settings())
    probe, _ = clusters(seed=2)
    # knn's bank is stored as float16: scores agree to float16's precision, not bit for bit.
    assert np.allclose(back.score(probe), detector.score(probe), rtol=2e-3, atol=2e-3)
    assert from_storage({}, None) is None
    with pytest.raises(ValueError, match="unknown method"):
        from_storage({}, {"method": "vim"})
    with pytest.raises(ValueError, match="bad k"):
        from_storage(detector.tensors(), {"method": "knn", "k": 10**6})


def test_auroc() -> None:
    assert auroc(np.array([0.0, 1.0]), np.array([2.0, 3.0])) == 1.0
    assert auroc(np.array([2.0, 3.0]), np.array([0.0, 1.0])) == 0.0
    assert auroc(np.array([1.0, 1.0]), np.array([1.0, 1.0])) == 0.5  # ties count one half
    assert auroc(np.array([0.0, 2.0]), np.array([1.0, 3.0])) == 0.75


def test_budget_threshold_fills_the_budget_with_the_highest_scores():
    scores = np.arange(100, dtype=np.float64)  # 0..99, one image each
    none = np.zeros(100, dtype=bool)
    t = threshold_for_budget(scores, none, 5.0)
    assert t == 94.5 and (scores > t).sum() == 5
    # Three images already flagged by other checks (two of them among the top scores): the
    # detector may add only two more, the highest of the rest.
    others = none.copy()
    others[[99, 98, 10]] = True
    t = threshold_for_budget(scores, others, 5.0)
    assert t == 95.5 and ((scores > t) | others).sum() == 5


def test_budget_threshold_never_splits_a_tie_or_overspends():
    scores = np.array([5.0] * 4 + [3.0] * 6 + [1.0] * 90)
    none = np.zeros(100, dtype=bool)
    # A budget of 6 images would cut the group of 3.0s: only the 4 at 5.0 are flagged.
    t = threshold_for_budget(scores, none, 6.0)
    assert (scores > t).sum() == 4 and t == 4.0
    # Other checks over budget already: the detector adds nothing.
    others = np.arange(100) < 20
    t = threshold_for_budget(scores, others, 10.0)
    assert not (scores > t).any()


def test_mahalanobis_distance_by_hand():
    # Precision diag(1, 4): a unit step along y counts twice one along x.
    from model.inference.detector import MahalanobisDetector

    detector = MahalanobisDetector(np.array([[0.0, 0.0], [10.0, 0.0]], dtype=np.float32),
                                   np.diag([1.0, 4.0]).astype(np.float32))
    got = detector.score(np.array([[1.0, 1.0], [9.0, 0.0], [10.0, -2.0]]))
    np.testing.assert_allclose(got, [np.sqrt(5.0), 1.0, 4.0], rtol=1e-6)  # float32 arithmetic


def test_a_precision_that_is_not_positive_definite_is_refused():
    from model.inference.detector import MahalanobisDetector

    with pytest.raises(ValueError, match="not positive definite"):
        MahalanobisDetector(np.zeros((2, 2), np.float32), np.diag([1.0, -1.0]).astype(np.float32))
    with pytest.raises(ValueError, match="not positive definite"):
        from_storage({"detector.means": np.zeros((2, 2), np.float32),
                      "detector.precision": np.zeros((2, 2), np.float32)},
                     {"method": "mahalanobis"})


def test_mahalanobis_needs_spread_within_a_class() -> None:
    from model.inference.detector import fit_mahalanobis

    one_each = np.eye(4, 8, dtype=np.float32)  # four classes, one image each: nothing to measure
    with pytest.raises(ValueError, match="do not vary within any class"):
        fit_mahalanobis(one_each, np.arange(4))
