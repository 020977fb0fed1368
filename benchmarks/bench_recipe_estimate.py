"""How true New Model from Folders' time estimate is: the estimate, then the real run.

Measures this machine's speed as the app does (model.training.speed, in this process), prints
each recipe's estimate for a folder of class folders, then runs the chosen recipe's commands
(model.training.recipes: train, then the validation results + calibration, then the detector)
as the app's child processes would, and prints the wall time of each and the estimate's ratio
to the total. Run it on an otherwise idle machine.

Usage: python benchmarks/bench_recipe_estimate.py DATA OUT [--recipe quick|better] [--no-flip]
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--recipe", default="quick")
    parser.add_argument("--no-flip", action="store_true")
    args = parser.parse_args()

    from model.data.folder_scan import scan_class_folders
    from model.training.recipes import RECIPES, estimate_seconds, job_args, recipe
    from model.training.speed import measure_speed

    scan = scan_class_folders(args.data)
    if not scan.ok:
        print("\n".join(map(str, scan.problems)), file=sys.stderr)
        return 2
    start = time.perf_counter()
    speed = measure_speed(tuple(r.train_layers for r in RECIPES))
    print(f"speed measured in {time.perf_counter() - start:.1f} s: training "
          + ", ".join(f"{k} {v:.1f} img/s" for k, v in speed.images_per_s.items())
          + f"; inference {speed.forward_images_per_s:.1f} img/s")
    for r in RECIPES:
        print(f"estimate {r.key}: {estimate_seconds(r, scan.counts, speed):.0f} s")
    r = recipe(args.recipe)
    commands = job_args(r, args.data, args.out, scan.counts, not args.no_flip,
                        args.out / "validation.json")
    total = 0.0
    for command in commands:
        argv = [sys.executable, "-m", "model.cli.main", *command]
        t0 = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        total += seconds
        print(f"{seconds:7.1f} s  exit {done.returncode}  {shlex.join(command[:1])} ...")
        if done.returncode:
            print(done.stderr[-2000:], file=sys.stderr)
            return 1
    estimate = estimate_seconds(r, scan.counts, speed)
    print(f"{r.key}: estimate {estimate:.0f} s, actual {total:.0f} s, "
          f"estimate/actual {estimate / total:.2f}")
    print("command: python benchmarks/bench_recipe_estimate.py " + shlex.join(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
