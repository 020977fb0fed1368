"""The out-of-distribution detector's score run by ONNX Runtime, on the calling thread.

Why not numpy: the detector's matrix products (N×512 by 512×512 for Mahalanobis, N×512 by
512×bank for KNN) are big enough for OpenBLAS to run them on its own threads, and those threads
then spin on the two cores ONNX Runtime needs for the next batch. Measured with
``benchmarks/bench_inference.py --single-runs 300 --batch-images 512 --variants
ours,onnxruntime``: batch throughput ×0.63-0.67 of plain ONNX Runtime with the numpy product,
×0.98-1.01 with ``OPENBLAS_NUM_THREADS=1`` (benchmarks/README.md). Run by an ONNX Runtime session
limited to one thread, the product uses ORT's own GEMM (MLAS) on the calling thread, and the app
needs no extra dependency to keep BLAS to one thread.

The graphs are tiny and the same for every checkpoint: the detector's tensors are fed as inputs
with the features. They ship as files next to this module (``detector_<method>.onnx``), written
by ``python -m model.inference.detector_graph``, because building them needs the ``onnx``
package, whose import costs about a second and 21 MiB (its ml_dtypes extension), which the
app's torch-free path would otherwise pay on every start. tests/model/test_detector_graph.py
checks the files against what this module builds, and the scores against numpy's
(model/inference/detector.py: the same arithmetic, in float32).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np

from model.inference.detector import METHODS, Detector, KnnDetector, MahalanobisDetector

OPSET = 17

log = logging.getLogger(__name__)


def graph_file(method: str) -> Path:
    return Path(__file__).with_name(f"detector_{method}.onnx")


def build_graph(method: str) -> bytes:
    """The score graph of ``method``: ``features`` (N×D float32) and the detector's tensors in,
    ``score`` (N float32) out."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    f32 = TensorProto.FLOAT
    constants = []

    def const(name: str, value: Any) -> str:
        constants.append(numpy_helper.from_array(np.array(value), name))
        return name

    def inp(name: str, shape: list[str], kind: int = f32) -> Any:
        return helper.make_tensor_value_info(name, kind, shape)

    make = helper.make_node
    if method == "mahalanobis":
        # min over classes c of |x L - m_c L|, P = L Lᵀ (MahalanobisDetector.score).
        inputs = [inp("features", ["batch", "d"]), inp("cholesky", ["d", "d"]),
                  inp("centres", ["classes", "d"])]
        nodes = [make("MatMul", ["features", "cholesky"], ["z"]),
                 make("Unsqueeze", ["z", const("axis1", [1])], ["z3"]),
                 make("Sub", ["z3", "centres"], ["diff"]),  # N×C×D
                 make("ReduceSumSquare", ["diff"], ["squared"], axes=[2], keepdims=0),
                 make("ReduceMin", ["squared"], ["nearest"], axes=[1], keepdims=0),
                 make("Sqrt", ["nearest"], ["score"])]
    elif method == "knn":
        # sqrt(2 - 2 s_k), s_k the k-th largest cosine similarity to the bank (KnnDetector).
        inputs = [inp("features", ["batch", "d"]), inp("bank_t", ["d", "bank"]),
                  inp("k", [1], TensorProto.INT64)]
        nodes = [make("ReduceL2", ["features"], ["norm"], axes=[1], keepdims=1),
                 make("Max", ["norm", const("tiny", np.float32(1e-12))], ["safe_norm"]),
                 make("Div", ["features", "safe_norm"], ["unit"]),
                 make("MatMul", ["unit", "bank_t"], ["sims"]),
                 make("TopK", ["sims", "k"], ["top", "top_indices"], axis=1),
                 make("ReduceMin", ["top"], ["kth"], axes=[1], keepdims=0),
                 make("Mul", ["kth", const("two", np.float32(2))], ["kth2"]),
                 make("Sub", ["two", "kth2"], ["gap"]),
                 make("Max", ["gap", const("zero", np.float32(0))], ["gap0"]),
                 make("Sqrt", ["gap0"], ["score"])]
    else:
        raise ValueError(f"no score graph for method {method!r}")
    graph = helper.make_graph(nodes, f"{method}_score", inputs,
                              [helper.make_tensor_value_info("score", f32, ["batch"])],
                              initializer=constants)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="cifar10-resnet")
    onnx.checker.check_model(model)
    return model.SerializeToString()


def detector_inputs(detector: Detector) -> dict[str, np.ndarray]:
    """The graph's inputs other than ``features``."""
    if isinstance(detector, MahalanobisDetector):
        return {"cholesky": detector.cholesky, "centres": detector.centres}
    if isinstance(detector, KnnDetector):
        return {"bank_t": np.ascontiguousarray(detector.bank.T, dtype=np.float32),
                "k": np.array([detector.k], dtype=np.int64)}
    raise TypeError(f"no score graph for a {type(detector).__name__}")


class OnnxScoredDetector:
    """``detector`` with its score run by a one-thread ONNX Runtime session; everything else
    (method, dimension, storage) is the wrapped detector's."""

    def __init__(self, detector: Detector) -> None:
        import onnxruntime as ort

        self.detector = detector
        self._inputs = detector_inputs(detector)
        options = ort.SessionOptions()
        # One thread: ORT runs the graph on the calling thread, with no pool to spin.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(graph_file(detector.method).read_bytes(), options,
                                            providers=["CPUExecutionProvider"])
        # The detector's tensors are bound once: fed with every call, ORT copied them each time
        # (about 30 µs of a single image's 45 µs for the 1 MiB Cholesky factor, timeit). A
        # binding is not thread-safe, hence the lock.
        self._binding = self.session.io_binding()
        for name, value in self._inputs.items():
            self._binding.bind_cpu_input(name, value)
        self._lock = threading.Lock()

    @property
    def method(self) -> str:
        return self.detector.method

    @property
    def dimension(self) -> int:
        return self.detector.dimension

    def score(self, features: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(features, dtype=np.float32)
        if len(x) == 0:
            return np.zeros(0, dtype=np.float32)
        with self._lock:
            self._binding.bind_cpu_input("features", x)
            self._binding.clear_binding_outputs()
            self._binding.bind_output("score")
            self.session.run_with_iobinding(self._binding)
            return self._binding.copy_outputs_to_cpu()[0]

    def tensors(self) -> dict[str, np.ndarray]:
        return self.detector.tensors()

    def settings(self) -> dict[str, Any]:
        return self.detector.settings()


def on_onnxruntime(detector: Detector) -> Detector | OnnxScoredDetector:
    """``detector`` scored by ONNX Runtime where it can be, else as it is (numpy)."""
    try:
        return OnnxScoredDetector(detector)
    except Exception as e:  # noqa: BLE001 -- no onnxruntime, a missing file, an odd detector
        log.warning("the detector's score runs on numpy (%s)", e)
        return detector


def main() -> int:
    """Write the graph files (after a change to :func:`build_graph`)."""
    for method in METHODS:
        graph_file(method).write_bytes(build_graph(method))
        print(graph_file(method))
    return 0


if __name__ == "__main__":
    sys.exit(main())
