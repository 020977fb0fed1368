"""Fixtures shared by the tests of model/."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="module")
def pixels() -> np.ndarray:
    return np.random.default_rng(0).integers(0, 256, (6, 32, 32, 3), dtype=np.uint8)


@pytest.fixture
def fifo(tmp_path: Path):
    """``make(path)``: a named pipe at ``path``. Code that opens one blocks until a writer comes;
    should the code under test do so, a watchdog ends the read after 30 s (a writer that opens
    and closes: end of file) so that the test fails on its assertion instead of hanging."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    made: list[Path] = []

    def release() -> None:
        for path in made:
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # ENXIO: nobody reads
            except OSError:
                pass

    watchdog = threading.Timer(30.0, release)
    watchdog.daemon = True

    def make(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)
        made.append(path)
        if not watchdog.is_alive():
            watchdog.start()
        return path

    yield make
    watchdog.cancel()
