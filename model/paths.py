"""Where the project's bundled files live."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
BUNDLED_CHECKPOINT = RESOURCES / "checkpoints" / "resnet18_cifar10.safetensors"


def bundled_checkpoint() -> Path:
    """The checkpoint the app and ``cifar10 classify`` use when none is given."""
    return BUNDLED_CHECKPOINT
