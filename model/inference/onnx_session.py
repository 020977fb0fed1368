"""An ONNX Runtime session on the CPU for an exported network graph; no torch needed.

The graph takes ``pixels`` (N×3×H×W float32, normalised) and gives ``logits`` and the global-
pooled ``features`` (model/inference/engines.py exports it). :class:`OnnxSession` is the
"onnxruntime" engine whether the graph was just exported from a loaded network or read from the
graph cache (model/inference/graphs.py), which is how the app classifies without torch.
"""

from __future__ import annotations

import importlib.util

import numpy as np


def onnxruntime_available() -> bool:
    return importlib.util.find_spec("onnxruntime") is not None


class OnnxSession:
    """Run one exported graph: NHWC float32 batches in, (logits, features) out."""

    name = "onnxruntime"

    def __init__(self, graph: bytes, threads: int | None = None, spinning: bool = True) -> None:
        """``threads``: ONNX Runtime's intra-op threads (None: its default, one per core).
        ``spinning=False``: its threads sleep between parallel sections instead of spinning
        (the app's choice, which keeps the GUI thread scheduled: app/worker.py).

        Raises whatever ONNX Runtime raises for a graph it cannot load."""
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # ORT's default threading (worker threads that spin briefly between parallel sections)
        # is kept: on an idle 2-core machine it measured faster than spinning switched off,
        # 0.81 vs 1.01 ms per 32×32 image and 2322 vs 2014 img/s in batches of 64 (one
        # interleaved run, benchmarks/README.md).
        # ``threads`` caps them (None: one per core).
        if threads is not None:
            options.intra_op_num_threads = threads
        if not spinning:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.threads = threads
        self.session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        self.input_name = self.session.get_inputs()[0].name
        outputs = [o.name for o in self.session.get_outputs()]
        if outputs[:2] != ["logits", "features"]:
            raise ValueError(f"the graph's outputs are {outputs}, not logits and features")
        self.feature_dimension = int(self.session.get_outputs()[1].shape[1])

    def __call__(self, batch: np.ndarray) -> np.ndarray:
        return self.run(batch)[0]

    def run(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(logits, pooled features): two outputs of the same graph, one pass."""
        x = np.ascontiguousarray(batch.transpose(0, 3, 1, 2))
        logits, features = self.session.run(None, {self.input_name: x})
        return logits, features
