"""Atomic file writes: a crash mid-write never leaves a half-written file under the real name."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step.

    The temporary file lives in the same directory so ``os.replace`` is a rename on one file
    system, which POSIX and Windows both perform atomically.
    """
    target = Path(path)
    special = _special(target)
    if special:
        # A pipe, a terminal or a device (``--json >(jq .)``, /dev/stdout): renaming over it
        # would put a plain file where the device node was, and the reader would get nothing.
        # The bytes go to it as they would with open(); a temporary file still holds them
        # first, so writers that want a path keep working.
        fd, tmp_name = tempfile.mkstemp(prefix=".cifar10-out.", suffix=".tmp")
    else:
        # A symbolic link stays a link: the file it points to is what gets replaced.
        target = Path(os.path.realpath(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if special:
            with open(tmp, "rb") as src, open(path, "wb") as dst:
                while block := src.read(1 << 20):
                    dst.write(block)
            return
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600), and some writers replace it with one of their
        # own: give the result an ordinary file's mode.
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _special(path: Path) -> bool:
    """Whether ``path`` exists as something other than a regular file or a folder."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
