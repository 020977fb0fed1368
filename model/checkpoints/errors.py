"""The one error every checkpoint problem becomes, and the small helpers its messages share."""

from __future__ import annotations

import os


class CheckpointError(Exception):
    """A checkpoint that cannot be used. ``str()`` names the file and says why."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def read_head(path: str | os.PathLike[str], n: int) -> bytes:
    try:  # the first n bytes (fewer if shorter), for telling formats apart
        with open(path, "rb") as f:
            return f.read(n)
    except OSError as e:
        raise CheckpointError(path, f"cannot read the file ({e.strerror or e})") from None


def short_reason(e: BaseException, limit: int = 120) -> str:
    """``e`` in one line of at most ``limit`` characters (its type name if it says nothing)."""
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
