"""What View > Feature Maps and Model > Architecture cost per image, against a prediction.

Interleaved rounds on one image file: each round times, in a random order, the prediction the
app makes for a file (``Classifier.predict_image``: preprocessing and the CPU engine), the
feature maps of its network input (``Classifier.feature_maps``: one eager torch forward with
five hooks, on one thread, as the worker runs it) and the architecture summary
(``Classifier.architecture``: one forward of a blank input). Prints medians with p10-p90 and
the ratio of each to the prediction.

Usage: python benchmarks/bench_feature_maps.py [--checkpoint FILE] [--rounds N]
"""

from __future__ import annotations

import argparse
import random
import shlex
import statistics
import sys
import time

from PIL import Image


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", help="default: the bundled one")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from model.inference.classifier import Classifier

    clf = Classifier.from_checkpoint(args.checkpoint, device="cpu")
    img = Image.effect_mandelbrot((320, 240), (-2, -1.2, 1, 1.2), 64).convert("RGB")
    pixels = clf.predict_image(img, "bench").input_image
    variants = {"prediction": lambda: clf.predict_image(img, "bench"),
                "feature maps": lambda: clf.feature_maps(pixels),
                "architecture": lambda: clf.architecture()}
    for run in variants.values():  # warm-up (ONNX Runtime's first call, torch's allocator)
        for _ in range(5):
            run()
    times: dict[str, list[float]] = {name: [] for name in variants}
    rng = random.Random(args.seed)
    for _ in range(args.rounds):
        order = list(variants)
        rng.shuffle(order)
        for name in order:
            start = time.perf_counter()
            variants[name]()
            times[name].append(time.perf_counter() - start)
    print(f"$ python benchmarks/bench_feature_maps.py {shlex.join(sys.argv[1:])}")
    print(f"checkpoint: {clf.path}; engine: {clf.backend}; input {clf.info.input_size} px; "
          f"{args.rounds} interleaved rounds")
    base = statistics.median(times["prediction"])
    for name, values in times.items():
        q = statistics.quantiles(values, n=10)
        med = statistics.median(values)
        print(f"{name:<13} median {1000 * med:6.2f} ms (p10 {1000 * q[0]:.2f}, p90 "
              f"{1000 * q[-1]:.2f})  ×{med / base:.2f} of a prediction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
