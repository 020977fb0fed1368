"""Checks of every checkpoint metadata field a loader reads, before any of it is used.

A checkpoint's metadata is input from whoever made the file. Unchecked, ``std = [0, 0, 0]`` or
``mean = NaN`` turn every answer into NaN, an ``input_size`` of 0 fails on every image, and a
class name of megabytes or HTML ends up in the window. Each check names the field and says
what it must be; :func:`model.checkpoints.checkpoint.read_info` and ``load_checkpoint`` turn
the message into a :class:`~model.checkpoints.checkpoint.CheckpointError` naming the file. Pure
Python, no torch.
"""

from __future__ import annotations

import math
from typing import Any

STEMS = ("cifar", "imagenet")
# Smallest and largest input side accepted: below 8 px the ImageNet stem's five stride-2 steps
# leave nothing to pool; above 1024 px one image costs seconds on a CPU, far from any ResNet-18
# trained for this app (CIFAR-10: 32 px; torchvision's ImageNet models: 224 px).
MIN_INPUT, MAX_INPUT = 8, 1024
MAX_CLASSES = 100_000
MAX_NAME_LENGTH = 100  # characters; the longest ImageNet class name is 92


class MetadataError(ValueError):
    """One field is unusable; the message names it and says what it must be."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_fields(info: Any) -> None:
    """Raise :class:`MetadataError` for the first unusable field of a ``CheckpointInfo``."""
    if info.stem not in STEMS:
        raise MetadataError(f"metadata field 'stem' must be one of {', '.join(STEMS)}, "
                            f"got {info.stem!r}")
    if not _is_int(info.num_classes) or not 2 <= info.num_classes <= MAX_CLASSES:
        raise MetadataError(f"metadata field 'num_classes' must be a whole number from 2 to "
                            f"{MAX_CLASSES:,}, got {info.num_classes!r}")
    _check_class_names(info.class_names, info.num_classes)
    if not _is_int(info.input_size) or not MIN_INPUT <= info.input_size <= MAX_INPUT:
        raise MetadataError(f"metadata field 'input_size' must be a whole number of pixels from "
                            f"{MIN_INPUT} to {MAX_INPUT}, got {info.input_size!r}")
    size = info.source_size
    if size is not None and (not _is_int(size) or not 1 <= size < info.input_size):
        raise MetadataError(f"metadata field 'source_size' {size!r} must be a whole number of "
                            f"pixels smaller than input_size ({info.input_size})")
    for name, low_ok in (("mean", True), ("std", False)):
        value = getattr(info, name)
        ok = (isinstance(value, (list, tuple)) and len(value) == 3
              and all(_is_number(v) and (0 <= v if low_ok else 0 < v) and v <= 1 for v in value))
        if not ok:
            rule = "from 0 to 1" if low_ok else "above 0 and at most 1"
            raise MetadataError(f"metadata field '{name}' must be three finite numbers {rule} "
                                f"(one per RGB channel, in 0-1 pixel units), got {value!r}")
    accuracy = info.test_accuracy
    if accuracy is not None and not (_is_number(accuracy) and 0 <= accuracy <= 1):
        raise MetadataError(f"metadata field 'test_accuracy' must be a fraction from 0 to 1, "
                            f"got {accuracy!r}")
    per_class = info.per_class_accuracy
    if per_class is not None and not (
            isinstance(per_class, dict)
            and all(isinstance(k, str) and _is_number(v) and 0 <= v <= 1
                    for k, v in per_class.items())):
        raise MetadataError("metadata field 'per_class_accuracy' must map class names to "
                            "fractions from 0 to 1")
    for name in ("train_config", "extra"):
        value = getattr(info, name)
        if value is not None and not isinstance(value, dict):
            raise MetadataError(f"metadata field '{name}' must be a JSON object, "
                                f"got {type(value).__name__}")


def _check_class_names(names: Any, count: int) -> None:
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise MetadataError("metadata field 'class_names' must be a list of strings")
    if len(names) != count:
        raise MetadataError(f"metadata lists {len(names)} class names for {count} classes")
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise MetadataError(f"metadata field 'class_names' repeats {name!r} (classes "
                                f"{seen[name]} and {i})")
        seen[name] = i
        if not name.strip():
            raise MetadataError(f"metadata field 'class_names' has an empty name (class {i})")
        if len(name) > MAX_NAME_LENGTH:
            raise MetadataError(f"metadata field 'class_names': class {i}'s name is "
                                f"{len(name):,} characters (at most {MAX_NAME_LENGTH})")
        if any(ord(c) < 32 or ord(c) == 127 for c in name):
            raise MetadataError(f"metadata field 'class_names': class {i}'s name contains "
                                "control characters")
