"""What the GUI knows about the active model: plain data made in the worker (the GUI never
sees torch)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ModelSummary:
    path: str
    display_name: str
    device: str
    info: dict[str, Any]

    @property
    def test_accuracy(self) -> float | None:
        return self.info.get("test_accuracy")
