"""ONNX Runtime session settings for our exported network: thread spinning and work blocks.

Times one 32×32 image and a batch of 64 through sessions that differ only in their threading
options, interleaved in random order (6 rounds of 30 single calls and one batch each), and
prints the medians. This decided the settings of ``model.inference.engines.OnnxRuntimeEngine``.

    python benchmarks/bench_ort_threads.py [--checkpoint F]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.checkpoints.checkpoint import load_checkpoint  # noqa: E402
from model.files.paths import bundled_checkpoint  # noqa: E402
from model.inference.engines import export_onnx, fuse_conv_bn  # noqa: E402

VARIANTS = {  # name: (allow_spinning, dynamic_block_base, intra_op_num_threads)
    "default": (None, None, 0),
    "no spinning": ("0", None, 0),
    "no spinning, block base 4": ("0", "4", 0),
    "block base 4": (None, "4", 0),
    "one thread": (None, None, 1),
}


def session(data: bytes, spin: str | None, block: str | None, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if spin is not None:
        options.add_session_config_entry("session.intra_op.allow_spinning", spin)
    if block is not None:
        options.add_session_config_entry("session.dynamic_block_base", block)
    options.intra_op_num_threads = threads
    return ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", type=Path, default=bundled_checkpoint())
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    model, info = load_checkpoint(args.checkpoint)
    data = export_onnx(fuse_conv_bn(model), info.input_size)
    sessions = {name: session(data, *opts) for name, opts in VARIANTS.items()}
    rng = np.random.default_rng(0)
    one = rng.random((1, 3, info.input_size, info.input_size), dtype=np.float32)
    batch = rng.random((64, 3, info.input_size, info.input_size), dtype=np.float32)
    single = {k: [] for k in sessions}
    rate = {k: [] for k in sessions}
    for _ in range(args.rounds):
        order = list(sessions)
        random.shuffle(order)
        for name in order:
            s = sessions[name]
            for _ in range(30):
                t = time.perf_counter()
                s.run(None, {"pixels": one})
                single[name].append(time.perf_counter() - t)
            t = time.perf_counter()
            s.run(None, {"pixels": batch})
            rate[name].append(64 / (time.perf_counter() - t))
    for name in sessions:
        print(f"{name:27s} single image {1000 * statistics.median(single[name]):5.2f} ms | "
              f"batch of 64 {statistics.median(rate[name]):6.0f} img/s")
    print("command: python " + " ".join(sys.argv))


if __name__ == "__main__":
    main()
