"""The detector's score as an ONNX graph (model/inference/detector_graph.py) against numpy's."""

from __future__ import annotations

import numpy as np
import pytest

from model.inference.detector import METHODS, MahalanobisDetector, fit_knn, fit_mahalanobis
from model.inference.detector_graph import (
    OnnxScoredDetector,
    build_graph,
    graph_file,
    on_onnxruntime,
)

pytest.importorskip("onnxruntime")


def features(n: int, dim: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Three classes' clusters (the same centres for every seed)."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3
    centres = np.random.default_rng(0).normal(0, 4, (3, dim))
    return (centres[labels] + rng.normal(0, 1, (n, dim))).astype(np.float32), labels


@pytest.fixture(params=["knn", "mahalanobis"])
def detector(request):
    feats, labels = features(300)
    return fit_knn(feats, 120, 7) if request.param == "knn" else fit_mahalanobis(feats, labels)


def test_the_graph_scores_as_numpy_does(detector) -> None:
    probe, _ = features(64, seed=1)
    # And 8 points in new random directions, far from every class (for KNN, direction is all).
    strangers = np.random.default_rng(9).normal(0, 4, (8, probe.shape[1])).astype(np.float32)
    probe = np.concatenate([probe, strangers])
    graph = OnnxScoredDetector(detector)
    got, want = graph.score(probe), detector.score(probe)
    assert got.shape == (72,)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    # It keeps the ranking that matters: the far points score above every cluster point.
    assert got[64:].min() > got[:64].max()
    assert (graph.method, graph.dimension) == (detector.method, detector.dimension)
    assert graph.settings() == detector.settings()
    assert graph.tensors().keys() == detector.tensors().keys()


def test_batches_of_one_and_none(detector) -> None:
    probe, _ = features(5, seed=2)
    graph = OnnxScoredDetector(detector)
    whole = graph.score(probe)
    singles = np.concatenate([graph.score(probe[i:i + 1]) for i in range(5)])
    # GEMM kernels differ with the row count, and by CPU; KNN's sqrt(2 - 2s) magnifies their
    # rounding. Distances lie in [0, 2]: 1e-4 is far above float32 rounding on any CPU and far
    # below any decision margin.
    np.testing.assert_allclose(singles, whole, rtol=0, atol=1e-4)
    assert graph.score(np.zeros((0, detector.dimension), np.float32)).shape == (0,)


def test_mahalanobis_against_its_definition() -> None:
    # Precision diag(1, 4): a unit step along y counts twice one along x.
    detector = MahalanobisDetector(np.array([[0.0, 0.0], [10.0, 0.0]], np.float32),
                                   np.diag([1.0, 4.0]).astype(np.float32))
    got = OnnxScoredDetector(detector).score(np.array([[1.0, 1.0], [9.0, 0.0], [10.0, -2.0]]))
    np.testing.assert_allclose(got, [np.sqrt(5.0), 1.0, 4.0], rtol=1e-6)


@pytest.mark.parametrize("method", METHODS)
def test_the_shipped_graph_files_are_what_the_code_builds(method: str) -> None:
    # After a change to build_graph: python -m model.inference.detector_graph
    import onnx

    shipped = onnx.load_from_string(graph_file(method).read_bytes())
    assert shipped.graph == onnx.load_from_string(build_graph(method)).graph


def test_what_has_no_graph_stays_on_numpy() -> None:
    class Other:
        method, dimension = "other", 4

        def score(self, x: np.ndarray) -> np.ndarray:
            return np.zeros(len(x))

    other = Other()
    assert on_onnxruntime(other) is other
    feats, labels = features(60)
    assert isinstance(on_onnxruntime(fit_mahalanobis(feats, labels)), OnnxScoredDetector)


def test_the_classifier_scores_on_onnxruntime_and_flags_as_torch_does(flagging_checkpoint):
    from model.inference.classifier import Classifier

    made = flagging_checkpoint("onnxruntime")
    ort = Classifier.from_checkpoint(made.path, "cpu", backend="onnxruntime")
    torch_ = Classifier.from_checkpoint(made.path, "cpu", backend="torch")
    # Scored on ONNX Runtime whatever the engine (the features come from each engine).
    assert isinstance(ort.confidence.detector, OnnxScoredDetector)
    assert isinstance(torch_.confidence.detector, OnnxScoredDetector)
    for image in (made.known, made.stranger):
        assert ort.predict(image).not_sure_reasons == torch_.predict(image).not_sure_reasons
    assert "unlike_training" in ort.predict(made.stranger).not_sure_reasons
