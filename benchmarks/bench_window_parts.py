"""Where a dropped folder's rate goes before the window: the command line's loop against the
app's worker path, with no GUI thread at all.

The same 500 photo-like JPEGs as ``bench_gui.py`` writes, classified five ways, each pass
warm (run once before timing), the passes in a fresh random order each round; medians and
ranges of images/s:

- ``cifar10 classify``'s loop: ``Classifier.predict_many`` in batches of 64, the CLI's engine;
- the same loop on the app's engine (every core, ONNX Runtime's spinning off: app/worker.py);
- the app's worker steps: ``classify_chunk`` on chunks growing 1, 2, 4 ... 64, with the
  thumbnails, the network-input images and each chunk's preview the window receives
  (app/classify_steps.py), on the app's engine and on the CLI's;
- the worker steps in chunks of 64 from the first.

    python benchmarks/bench_window_parts.py --rounds 3
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--images", type=int, default=500)
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from PyQt5.QtGui import QGuiApplication

    _app = QGuiApplication(["bench_window_parts"])  # the QImages the steps make need one
    from bench_gui import write_batch

    from app import classify_steps
    from app.worker import APP_INFERENCE_SPINNING, APP_INFERENCE_THREADS
    from model.files.paths import bundled_checkpoint
    from model.inference.classifier import Classifier

    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(f) for f in write_batch(Path(tmp), args.images)]
        cli = Classifier.from_checkpoint(bundled_checkpoint(), device="cpu")
        app_engine = Classifier.from_checkpoint(bundled_checkpoint(), device="cpu",
                                                cpu_threads=APP_INFERENCE_THREADS,
                                                cpu_spinning=APP_INFERENCE_SPINNING)

        def loop(classifier: Classifier) -> int:
            return sum(1 for _ in classifier.predict_many(paths, k=5, batch_size=64))

        def chunks(classifier: Classifier, ramp: bool = True) -> int:
            ctx = argparse.Namespace(classifier=classifier, model_path="bench")
            done, size = 0, 1 if ramp else classify_steps.CHUNK_MAX
            while done < len(paths):
                done += len(classify_steps.classify_chunk(ctx, paths[done:done + size],
                                                          lambda: False))
                size = min(classify_steps.CHUNK_MAX, size * 2)
            return done

        variants = {
            "cifar10 classify's loop": lambda: loop(cli),
            "the same loop, app engine": lambda: loop(app_engine),
            "worker steps, app engine": lambda: chunks(app_engine),
            "worker steps, CLI engine": lambda: chunks(cli),
            "worker steps, 64 from the first": lambda: chunks(app_engine, ramp=False),
        }
        for run in variants.values():
            run()
        rates: dict[str, list[float]] = {name: [] for name in variants}
        rng = random.Random(0)
        for _ in range(args.rounds):
            for name in rng.sample(list(variants), len(variants)):
                start = time.perf_counter()
                n = variants[name]()
                rates[name].append(n / (time.perf_counter() - start))
    base = statistics.median(rates["cifar10 classify's loop"])
    for name, r in rates.items():
        print(f"{name:32s} {statistics.median(r):5.0f} img/s ({min(r):.0f}-{max(r):.0f}), "
              f"x{statistics.median(r) / base:.2f}")
    print(f"app engine: threads {APP_INFERENCE_THREADS}, spinning {APP_INFERENCE_SPINNING}")
    print("command: python benchmarks/bench_window_parts.py " + shlex.join(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
