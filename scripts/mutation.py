"""Mutation testing of the modules that carry the "never crash, always say why" promises.

    pip install "mutmut==3.8.1"
    python scripts/mutation.py                      # every target below
    python scripts/mutation.py confidence images    # some of them
    python scripts/mutation.py --list

mutmut (https://github.com/boxed/mutmut) makes small changes to the code, one at a time (a
``<`` for a ``<=``, a string or number altered, a call's argument dropped...), and runs the
tests that cover the changed function; a change no test notices "survives". For each target
this script copies the tracked files of the checkout into a temporary folder, writes a
``[tool.mutmut]`` section into that copy's pyproject.toml (the target's modules and the test
files that state their behaviour), runs ``mutmut run`` there and prints the score: killed
(a test failed) plus timeouts, over all mutants that ran. Survivors are listed with
``--survivors`` (``mutmut show NAME`` in the kept folder prints each diff). Not part of CI: a
full run takes tens of minutes on two cores. Results: docs/testing.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# target: (modules mutated, test files run against them)
TARGETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "checkpoint": (("model/checkpoints/checkpoint.py", "model/checkpoints/metadata_checks.py",
                    "model/checkpoints/torch_files.py", "model/checkpoints/errors.py"),
                   ("tests/model/test_checkpoint.py", "tests/model/test_checkpoint_reasons.py")),
    "images": (("model/data/images.py",),
               ("tests/model/test_images.py", "tests/model/test_walk_images.py",
                "tests/model/test_image_reasons.py")),
    "confidence": (("model/inference/confidence.py", "model/inference/reasons.py"),
                   ("tests/model/test_confidence.py",)),
    "classify": (("model/cli/classify.py",),
                 ("tests/model/test_classify.py", "tests/model/test_cli_exits.py",
                  "tests/model/test_classify_writers.py")),
    "inference": (("model/inference/classifier.py", "model/inference/predictions.py",
                   "model/inference/detector_graph.py"),
                  ("tests/model/test_inference.py", "tests/model/test_engines.py",
                   "tests/model/test_detector_store.py",
                   "tests/model/test_classifier_contract.py", "tests/model/test_feature_maps.py",
                   "tests/model/test_graphs.py", "tests/model/test_detector_graph.py")),
    "worker": (("app/worker.py", "app/jobs.py", "app/classify_steps.py"),
               ("tests/app/test_worker.py", "tests/app/test_classify_steps.py")),
}


def mutmut_section(modules: tuple[str, ...], tests: tuple[str, ...]) -> str:
    def toml_list(items: tuple[str, ...] | list[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    return (
        "\n[tool.mutmut]\n"
        # The packages are copied whole into mutants/ (imports between modules keep working);
        # only the target's modules are mutated.
        'source_paths = ["model", "app"]\n'
        f"only_mutate = {toml_list(modules)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        'also_copy = ["resources", "main.py"]\n'
        # Each test run's tmp_path folders are removed when it ends (pytest keeps the last
        # three sessions' by default; some tests write hundreds of MB).
        'pytest_add_cli_args = ["-o", "tmp_path_retention_policy=none"]\n'
        # torch is not fork-safe once it has run: a fork server process forks each worker.
        'process_isolation = "forkserver"\n'
    )


def copy_checkout(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def sweep(scratch: Path, children: int, finished: threading.Event) -> None:
    """Remove finished test runs' temporary folders while mutmut runs. mutmut ends each forked
    test run without pytest's own clean-up, so every run's ``pytest-N`` folder (its session
    fixtures' checkpoints and datasets, about 150 MB for the checkpoint target) stays: 70 GB
    filled the disk after about 450 mutants. The newest few (the runs in progress) are kept."""
    while not finished.wait(15):
        for base in scratch.glob("pytest-of-*"):
            runs = sorted(base.glob("pytest-*"), key=lambda p: int(p.name.rsplit("-", 1)[1])
                          if p.name.rsplit("-", 1)[1].isdigit() else -1)
            for old in runs[:-(2 * children + 2)]:
                try:
                    if time.time() - old.stat().st_mtime > 60:
                        shutil.rmtree(old, ignore_errors=True)
                except OSError:
                    pass


def run_target(name: str, children: int, keep: bool, survivors: bool) -> dict[str, int]:
    modules, tests = TARGETS[name]
    work = Path(tempfile.mkdtemp(prefix=f"mutation-{name}-"))
    copy_checkout(work)
    with open(work / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write(mutmut_section(modules, tests))
    # Every test run's tmp_path lands inside the copy, removed below: thousands of pytest runs
    # otherwise fill the system's temporary folder (tens of GB seen).
    scratch = work / ".tmp"
    scratch.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1",
           "TMPDIR": str(scratch)}
    start = time.monotonic()
    finished = threading.Event()
    janitor = threading.Thread(target=sweep, args=(scratch, children, finished), daemon=True)
    janitor.start()
    try:
        run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children",
                              str(children)], cwd=work, env=env, capture_output=True, text=True)
    finally:
        finished.set()
        janitor.join()
    seconds = time.monotonic() - start
    shutil.rmtree(scratch, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "mutmut", "export-cicd-stats"], cwd=work, env=env,
                   capture_output=True, text=True)
    stats_file = work / "mutants" / "mutmut-cicd-stats.json"
    if not stats_file.is_file():
        print(f"{name}: mutmut did not finish (exit {run.returncode}); its output ends:\n"
              f"{(run.stdout + run.stderr)[-3000:]}\nfolder kept: {work}")
        return {}
    stats = json.loads(stats_file.read_text())
    tested = stats["total"] - stats.get("skipped", 0) - stats.get("not_checked", 0)
    caught = stats.get("killed", 0) + stats.get("timeout", 0)
    score = 100 * caught / tested if tested else 0.0
    print(f"{name:<11} {score:5.1f}% killed ({caught} of {tested}; survived "
          f"{stats.get('survived', 0)}, no tests {stats.get('no_tests', 0)}, "
          f"timeout {stats.get('timeout', 0)}) in {seconds:.0f} s: "
          f"{', '.join(modules)} against {', '.join(tests)}", flush=True)
    if survivors:
        listing = subprocess.run([sys.executable, "-m", "mutmut", "results"], cwd=work, env=env,
                                 capture_output=True, text=True).stdout
        print(listing.rstrip())
    if keep or survivors:
        print(f"  folder kept for `mutmut show NAME`: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"default: all of {', '.join(TARGETS)}")
    parser.add_argument("--list", action="store_true", help="print the targets and stop")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--survivors", action="store_true", help="list surviving mutants")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    if args.list:
        for name, (modules, tests) in TARGETS.items():
            print(f"{name:<11} {', '.join(modules)}  <-  {', '.join(tests)}")
        return 0
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; --list shows them")
    try:
        import mutmut  # noqa: F401
    except ImportError:
        print('mutmut is not installed: pip install "mutmut==3.8.1"', file=sys.stderr)
        return 2
    done = [run_target(t, args.max_children, args.keep, args.survivors)
            for t in args.targets or TARGETS]
    return 0 if all(done) else 1


if __name__ == "__main__":
    sys.exit(main())
