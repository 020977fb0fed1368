"""What the app needs: its memory once the model has answered, and the disk of an install.

    python benchmarks/bench_footprint.py [--runs 3] [--venv PATH ...]

1. Memory: in fresh processes, the real window (offscreen unless a display is set) loads the
   bundled model and classifies one bundled sample; once the result is listed, the process's
   resident set (VmRSS) and its peak (VmHWM) are read from /proc (Linux only), with the time
   from ``start()`` to that result and whether torch was imported. Median and range over
   ``--runs`` processes. They share a user cache made empty for the run (XDG_CACHE_HOME), so
   the first process is a first launch (its model's ONNX graph is exported by a child process,
   model/inference/graphs.py) and the others find the graph kept.
2. Disk: for each ``--venv`` given, the size of that virtual environment (du), and of the
   installed package itself (its files in the venv's site-packages).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent("""
    import json, os, sys, tempfile, time
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PyQt5.QtWidgets import QApplication
    app = QApplication([])
    from app.settings import AppSettings
    from app.window import MainWindow
    from model.files.paths import sample_images
    settings = AppSettings.from_file(tempfile.mkdtemp() + "/settings.ini")
    window = MainWindow(settings)
    window.show()

    def shown(first, _count):
        entry = window.state.entries[first]
        status = dict(line.split(":", 1) for line in open("/proc/self/status")
                      if line.startswith(("VmRSS", "VmHWM")))
        print(json.dumps({k: int(v.split()[0]) / 1024 for k, v in status.items()}
                         | {"label": entry.labels[0] if entry.labels else entry.error,
                            "seconds": time.perf_counter() - started,
                            "torch": "torch" in sys.modules}))
        app.quit()

    window.state.entries_added.connect(shown)
    started = time.perf_counter()
    window.start([str(sample_images()[0])])
    app.exec_()
    window.state.host.shutdown()
""")


def memory(runs: int) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                                 cwd=ROOT, timeout=300, check=True, env=env)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    for i, r in enumerate(rows):
        print(f"  process {i + 1}{' (empty cache)' if i == 0 else ''}: {r['VmRSS']:.0f} MiB "
              f"resident, {r['VmHWM']:.0f} MiB peak, first result {r['seconds']:.2f} s after "
              f"start, torch {'imported' if r['torch'] else 'not imported'}, {r['label']}")
    for key, name in (("VmRSS", "resident after one result"), ("VmHWM", "peak resident")):
        values = [r[key] for r in rows]
        print(f"app memory, {name}: median {statistics.median(values):.0f} MiB "
              f"(range {min(values):.0f}-{max(values):.0f}, {runs} processes)")


def du(path: Path) -> float:
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) / 1024


def disk(venv: Path) -> None:
    site = next((venv / "lib").glob("python3*/site-packages"))
    ours = sum(du(site / name) for name in ("model", "app", "cifar10_resources")
               if (site / name).exists())
    torch = du(site / "torch") if (site / "torch").exists() else 0.0
    nvidia = du(site / "nvidia") if (site / "nvidia").exists() else 0.0
    print(f"{venv}: {du(venv):.0f} MiB in all; torch {torch:.0f} MiB, nvidia (CUDA) "
          f"{nvidia:.0f} MiB; this package {ours:.1f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--venv", type=Path, action="append", default=[])
    args = parser.parse_args()
    print("command: python benchmarks/bench_footprint.py " + " ".join(sys.argv[1:]))
    if sys.platform.startswith("linux") and args.runs > 0:
        memory(args.runs)
    for venv in args.venv:
        disk(venv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
