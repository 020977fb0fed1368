"""The out-of-distribution detector's tensors and settings in one of our checkpoints.

Its tensors (named ``detector.*``) sit beside the network's weights in the safetensors file and
its settings and threshold in the metadata (``extra["detector"]``); the network loader ignores
the tensors (model/checkpoints/checkpoint.py). Files without them load and run with the
not-sure checks they have data for.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from model.checkpoints.checkpoint import (
    DETECTOR_PREFIX,
    CheckpointError,
    CheckpointInfo,
    _is_safetensors,
    read_info,
    update_metadata,
)
from model.inference.detector import Detector, from_storage


def store_tensors(path: str | os.PathLike[str], extra_tensors: dict[str, np.ndarray],
                  **changes: Any) -> CheckpointInfo:
    """Add (or replace) non-network tensors, named ``detector.*``, in one of our safetensors
    checkpoints, with metadata ``changes`` as :func:`update_metadata` takes them; atomically."""
    if any(not name.startswith(DETECTOR_PREFIX) for name in extra_tensors):
        raise ValueError(f"extra tensors must be named {DETECTOR_PREFIX}*")
    import torch

    return update_metadata(path, _tensors={k: torch.from_numpy(np.ascontiguousarray(v))
                                           for k, v in extra_tensors.items()}, **changes)


def read_extra_tensors(path: str | os.PathLike[str]) -> dict[str, np.ndarray]:
    """The ``detector.*`` tensors of one of our safetensors checkpoints (none for other files),
    read without the network's weights."""
    if not _is_safetensors(path):
        return {}
    from safetensors import safe_open

    with safe_open(str(path), framework="np") as f:
        return {k: f.get_tensor(k) for k in f.keys() if k.startswith(DETECTOR_PREFIX)}


def store_detector(path: str | os.PathLike[str], detector: Detector, threshold: float,
                   record: dict[str, Any]) -> None:
    """Write ``detector`` and its ``threshold`` (plus how they were fitted, ``record``)."""
    info = read_info(path)
    settings = {**detector.settings(), "threshold": float(threshold), **record}
    store_tensors(path, detector.tensors(), extra={**info.extra, "detector": settings})


def load_detector(path: str | os.PathLike[str],
                  extra: dict[str, Any]) -> tuple[Detector, float] | None:
    """The stored detector and its threshold, or None if the checkpoint has none.
    CheckpointError when the stored record is unusable."""
    settings = extra.get("detector")
    if not settings:
        return None
    try:
        detector = from_storage(read_extra_tensors(path), settings)
        threshold = float(settings["threshold"])
    except (ValueError, KeyError, TypeError) as e:
        raise CheckpointError(path, f"unusable out-of-distribution detector ({e})") from None
    if detector is None or not np.isfinite(threshold):
        raise CheckpointError(path, "unusable out-of-distribution detector (no threshold)")
    return detector, threshold
