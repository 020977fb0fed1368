"""The out-of-distribution detector's score as a small ONNX graph, run on the calling thread.

Why not numpy: the detector's matrix products (N×512 by 512×512 for Mahalanobis, N×512 by
512×bank for KNN) are big enough for OpenBLAS to run them on its own threads, and those threads
then spin on the two cores ONNX Runtime needs for the next batch. Measured with
``benchmarks/bench_inference.py --single-runs 300 --batch-images 512 --variants
ours,onnxruntime``: batch throughput ×0.63-0.67 of plain ONNX Runtime with the numpy product,
×0.98-1.01 with ``OPENBLAS_NUM_THREADS=1`` (benchmarks/README.md). Run by an ONNX Runtime session
limited to one thread, the product uses ORT's own GEMM (MLAS) and never leaves the calling
thread, and the app needs no extra dependency to keep BLAS to one thread.

The graph computes what :meth:`KnnDetector.score` and :meth:`MahalanobisDetector.score`
compute (model/inference/detector.py), in float32, so the scores agree with numpy's to float32
rounding (tests/model/test_detector_graph.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.inference.detector import Detector, KnnDetector, MahalanobisDetector

INPUT = "features"
OUTPUT = "score"
OPSET = 17


def score_graph(detector: Detector) -> bytes:
    """An ONNX graph from ``features`` (N×D float32) to ``score`` (N float32)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes: list[Any] = []
    constants: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        constants.append(numpy_helper.from_array(np.array(value, order="C"), name))  # 0-d kept
        return name

    def node(op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], **attrs))
        return output

    if isinstance(detector, MahalanobisDetector):
        # min over classes c of |x L - m_c L|, with P = L Lᵀ (MahalanobisDetector.score).
        z = node("MatMul", [INPUT, const("cholesky", detector.cholesky)], "z")
        diff = node("Sub", [node("Unsqueeze", [z, const("axis1", np.array([1]))], "z3"),
                            const("centres", detector.centres)], "diff")  # N×C×D
        squared = node("ReduceSumSquare", [diff], "squared", axes=[2], keepdims=0)
        nearest = node("ReduceMin", [squared], "nearest", axes=[1], keepdims=0)
        node("Sqrt", [nearest], OUTPUT)
    elif isinstance(detector, KnnDetector):
        # sqrt(2 - 2 s_k), s_k the k-th largest cosine similarity to the bank (KnnDetector).
        norm = node("ReduceL2", [INPUT], "norm", axes=[1], keepdims=1)
        unit = node("Div", [INPUT, node("Max", [norm, const("tiny", np.array(1e-12, np.float32))],
                                        "safe_norm")], "unit")
        sims = node("MatMul", [unit, const("bank_t", detector.bank.T.astype(np.float32))], "sims")
        node("TopK", [sims, const("k", np.array([detector.k]))], "top", axis=1, largest=1,
             sorted=1)
        nodes[-1].output.append("top_indices")
        kth = node("Gather", ["top", const("last", np.array(detector.k - 1))], "kth", axis=1)
        gap = node("Sub", [const("two", np.array(2.0, np.float32)),
                           node("Mul", [const("two_b", np.array(2.0, np.float32)), kth], "kth2")],
                   "gap")
        node("Sqrt", [node("Max", [gap, const("zero", np.array(0.0, np.float32))], "gap0")],
             OUTPUT)
    else:
        raise TypeError(f"no graph for a {type(detector).__name__}")
    graph = helper.make_graph(
        nodes, "detector",
        [helper.make_tensor_value_info(INPUT, TensorProto.FLOAT, ["batch", detector.dimension])],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["batch"])],
        initializer=constants)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    onnx.checker.check_model(model)
    return model.SerializeToString()


class OnnxScoredDetector:
    """``detector`` with its score run by a one-thread ONNX Runtime session; everything else
    (method, dimension, storage) is the wrapped detector's."""

    def __init__(self, detector: Detector) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        # One thread: ORT runs the graph on the calling thread, no pool to spin (see above).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.detector = detector
        self.session = ort.InferenceSession(score_graph(detector), options,
                                            providers=["CPUExecutionProvider"])

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
        return self.session.run(None, {INPUT: x})[0]

    def tensors(self) -> dict[str, np.ndarray]:
        return self.detector.tensors()

    def settings(self) -> dict[str, Any]:
        return self.detector.settings()


def on_onnxruntime(detector: Detector) -> Detector | OnnxScoredDetector:
    """``detector`` scored by ONNX Runtime where it can be, else as it is (numpy)."""
    try:
        return OnnxScoredDetector(detector)
    except Exception:  # noqa: BLE001 -- no onnx/onnxruntime, or a graph they refuse: numpy works
        return detector
