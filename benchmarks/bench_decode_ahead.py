"""``Classifier.predict_many`` (what ``cifar10 classify`` runs) with files decoded ahead by a
thread pool, against decoding each batch in the calling thread, on two kinds of folder.

    python benchmarks/bench_decode_ahead.py [--rounds 5] [--checkpoint F]

Folders written for the run: 500 JPEGs of 320×240 (bench_gui.py's batch: the network takes most
of the time) and 60 of 1600×1200 (camera-like: decoding dominates). Each round runs every
variant once, in a random order; medians with the range, and the ratio to the in-thread loop.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_big(folder: Path, n: int) -> list[str]:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    folder.mkdir(parents=True)
    ramp = np.linspace(0, 200, 1600)[None, :, None]
    paths = []
    for i in range(n):
        arr = (rng.random((1200, 1600, 3)) * 40 + ramp).astype(np.uint8)
        path = folder / f"big_{i:03d}.jpg"
        Image.fromarray(arr).save(path, quality=90)
        paths.append(str(path))
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import os

    from benchmarks.bench_gui import write_batch
    from model.files.paths import bundled_checkpoint
    from model.inference.classifier import Classifier
    from model.inference.graphs import user_graphs

    classifier = Classifier.from_checkpoint(args.checkpoint or bundled_checkpoint(),
                                            device="cpu", graphs=user_graphs())
    with tempfile.TemporaryDirectory() as tmp:
        folders = {"320x240 JPEGs (500)": [str(p) for p in write_batch(Path(tmp) / "s", 500)],
                   "1600x1200 JPEGs (60)": write_big(Path(tmp) / "b", 60)}
        variants = {"decoded in the calling thread": 0, "decoded ahead, 2 threads": 2}
        rates = {(f, v): [] for f in folders for v in variants}
        for paths in folders.values():  # warm-up: page cache, the engine's first batch
            list(classifier.predict_many(paths[:64], decode_threads=0))
        for _ in range(args.rounds):
            keys = list(rates)
            random.shuffle(keys)
            for folder, variant in keys:
                paths = folders[folder]
                start = time.perf_counter()
                n = sum(1 for _ in classifier.predict_many(
                    paths, k=5, batch_size=64, decode_threads=variants[variant]))
                rates[(folder, variant)].append(n / (time.perf_counter() - start))
    print(f"command: python benchmarks/bench_decode_ahead.py {' '.join(sys.argv[1:])}".strip())
    print(f"checkpoint: {classifier.path}; engine: {classifier.backend}; CPUs: {os.cpu_count()}; "
          f"{args.rounds} rounds")
    for folder in folders:
        base = statistics.median(rates[(folder, "decoded in the calling thread")])
        for variant in variants:
            r = rates[(folder, variant)]
            print(f"{folder:<22} {variant:<31} {statistics.median(r):6.0f} img/s "
                  f"({min(r):.0f}-{max(r):.0f})  x{statistics.median(r) / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
