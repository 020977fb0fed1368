"""The files a training run writes into its output folder (torch-free: the app reads these
names before torch has loaded)."""

from __future__ import annotations

from pathlib import Path

LAST = "last.pt"             # resume state, saved after every epoch and on Ctrl+C
FINAL = "model.safetensors"  # the finished checkpoint
LOG = "log.jsonl"            # one row per epoch
CURVES = "curves.png"        # learning curves of the finished run


def file_in_the_way(out: Path) -> Path | None:
    """The file that stops ``out`` from being made a folder (``out`` itself, or the first of
    its parents that exists and is not a folder), or None."""
    for place in (out, *out.parents):
        if place.exists():
            return None if place.is_dir() else place
    return None
