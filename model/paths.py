"""Where the project's bundled files live.

Imported by the GUI before its window is up: it must stay light (no numpy, Pillow or torch).
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
BUNDLED_CHECKPOINT = RESOURCES / "checkpoints" / "resnet18_cifar10.safetensors"
SAMPLES = RESOURCES / "samples"


def bundled_checkpoint() -> Path:
    """The checkpoint the app and ``cifar10 classify`` use when none is given."""
    return BUNDLED_CHECKPOINT


def samples_dir() -> Path:
    """The sample gallery: a few CIFAR-10 test images per class (see its README.md)."""
    return SAMPLES


def sample_images() -> list[Path]:
    """The gallery's image files, sorted by name; empty if the folder is missing."""
    from model.images import IMAGE_SUFFIXES  # numpy and Pillow: only when asked

    folder = samples_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".")
                  and p.suffix.lower() in IMAGE_SUFFIXES)
