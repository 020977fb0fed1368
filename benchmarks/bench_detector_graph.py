"""Is the out-of-distribution detector's score cheaper inside the network's own ONNX graph?

Three ways to get one 64-px image's logits, features and detector score from the bundled
checkpoint, each an ONNX Runtime session on the CPU:

- ``separate``: the network's graph (logits, features), then the detector's own one-thread
  graph on the features (what the app does: model/inference/detector_graph.py);
- ``merged``: one graph, the detector's nodes and tensors appended to the network's
  (``onnx.compose.merge_models``), the score a third output;
- ``network only``: the network's graph alone (the floor).

Calls are timed as ``bench_inference.py`` times single images (``time_single``): in blocks of
``--block``, the first of each block untimed (thread pools keep spinning after a call), the
variants in a fresh random order each round; medians and p10-p90 are printed.

    python benchmarks/bench_detector_graph.py --rounds 40 --block 20
"""

from __future__ import annotations

import argparse
import random
import shlex
import sys
from pathlib import Path

import numpy as np


def merged_graph(network: bytes, detector) -> bytes:  # noqa: ANN001
    """The network's graph with ``detector``'s score graph fed by its ``features`` output."""
    import onnx
    from onnx import compose, numpy_helper

    from model.inference.detector_graph import detector_inputs, graph_file

    net = onnx.load_from_string(network)
    score = onnx.load_from_string(graph_file(detector.method).read_bytes())
    tensors = detector_inputs(detector)
    kept = [i for i in score.graph.input if i.name not in tensors]
    del score.graph.input[:]
    score.graph.input.extend(kept)  # the detector's tensors become constants of the graph
    score.graph.initializer.extend(numpy_helper.from_array(v, k) for k, v in tensors.items())
    score.ir_version = net.ir_version
    score.opset_import[0].version = net.opset_import[0].version
    merged = compose.merge_models(net, score, io_map=[("features", "features")])
    merged.graph.output.insert(1, [o for o in net.graph.output if o.name == "features"][0])
    return merged.SerializeToString()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=40)
    p.add_argument("--block", type=int, default=20)
    args = p.parse_args(argv)

    import onnxruntime as ort

    from model.checkpoints.checkpoint import load_checkpoint
    from model.checkpoints.detector_store import load_detector
    from model.files.paths import bundled_checkpoint
    from model.inference.detector_graph import OnnxScoredDetector
    from model.inference.engines import export_graph

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_inference import time_single

    path = bundled_checkpoint()
    model, info = load_checkpoint(path)
    stored = load_detector(path, info.extra)
    if stored is None:
        print(f"{path} stores no detector", file=sys.stderr)
        return 2
    detector = stored[0]
    network = export_graph(model, info.input_size)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    base = ort.InferenceSession(network, options, providers=["CPUExecutionProvider"])
    merged = ort.InferenceSession(merged_graph(network, detector), options,
                                  providers=["CPUExecutionProvider"])
    scored = OnnxScoredDetector(detector)
    x = np.random.default_rng(0).standard_normal(
        (1, 3, info.input_size, info.input_size)).astype(np.float32)

    def separate() -> np.ndarray:
        return scored.score(base.run(None, {"pixels": x})[1])

    variants = {"separate": separate,
                "merged": lambda: merged.run(None, {"pixels": x})[2],
                "network only": lambda: base.run(None, {"pixels": x})[0]}
    a, b = separate(), variants["merged"]()
    print(f"detector {detector.method}: score separate {a[0]:.5f}, merged {b[0]:.5f}")
    # bench_inference's blocked, randomly ordered rounds; its calls take a file, these none.
    calls = {name: (lambda _file, f=f: f(), None) for name, f in variants.items()}
    times = time_single(calls, [None], args.rounds * args.block, args.block, random.Random(0))
    for name, t in times.items():
        ms = np.array(t) * 1e3
        print(f"{name:13s} median {np.median(ms):.3f} ms (p10 {np.percentile(ms, 10):.3f}, "
              f"p90 {np.percentile(ms, 90):.3f}), {len(ms)} calls")
    print("command: python benchmarks/bench_detector_graph.py " + shlex.join(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
