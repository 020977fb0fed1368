"""What the GUI knows about the active model: plain data made in the worker (the GUI never
sees torch)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

# File names every run writes (model/training/run_files.py): "model" alone names no model.
GENERIC_NAMES = frozenset({"model", "last", "best", "checkpoint"})


def checkpoint_name(path: str | PurePath, with_suffix: bool = False) -> str:
    """How the window names a checkpoint: its file name, after its folder's when the file's
    name is one every run writes ("fruit model/model", not "model" for every trained model)."""
    path = PurePath(path)
    name = path.name if with_suffix else path.stem
    if path.stem.lower() in GENERIC_NAMES and path.parent.name:
        return f"{path.parent.name}/{name}"
    return name


@dataclass(frozen=True)
class ModelSummary:
    path: str
    display_name: str
    device: str
    info: dict[str, Any]

    @property
    def test_accuracy(self) -> float | None:
        return self.info.get("test_accuracy")
