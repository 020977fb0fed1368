"""A command the app runs stops when the app is gone: its stdin's end-of-file stops it as
Ctrl+C does (model/cli/parent_watch.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from model.cli.parent_watch import ENV, EXIT_STATUS
from model.training.events import PREFIX


@pytest.mark.skipif(os.name != "posix", reason="SIGINT is POSIX's")
def test_a_training_whose_parent_is_gone_saves_and_stops(tmp_path: Path, colour_classes) -> None:
    colour_classes(tmp_path / "data", 20)
    out = tmp_path / "run"
    child = subprocess.Popen(
        [sys.executable, "-m", "model.cli.main", "train", "--data", str(tmp_path / "data"),
         "--out", str(out), "--image-size", "8", "--epochs", "1000", "--batch-size", "8",
         "--events", "--no-progress", "--no-plot", "--cache-dir", str(tmp_path / "cache")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, ENV: "1"}, cwd=Path(__file__).resolve().parents[2])
    try:
        for line in child.stdout:  # until its first epoch is saved
            if line.startswith(PREFIX.encode()) and json.loads(line[len(PREFIX):])["event"] \
                    == "epoch":
                break
        else:
            pytest.fail(child.stderr.read().decode())
        child.stdin.close()  # what the system does when the app exits, however it exits
        rest = child.stdout.read().decode()
        assert child.wait(timeout=120) == EXIT_STATUS
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert '"event": "interrupted"' in rest and (out / "last.pt").is_file()


def test_without_the_variable_nothing_watches(monkeypatch) -> None:
    import threading

    from model.cli.parent_watch import watch_parent

    monkeypatch.delenv(ENV, raising=False)
    before = {t.name for t in threading.enumerate()}
    watch_parent()
    assert "parent-watch" not in {t.name for t in threading.enumerate()} - before
