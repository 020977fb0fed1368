"""Checkpoints: our ``.safetensors`` format, plus state dicts from other tools, loaded safely.

Our format is a safetensors file (no code can run when it is read) whose ``__metadata__`` holds
everything a loader needs, one JSON value per key (see :class:`CheckpointInfo`). Other tools'
``.pt``/``.pth``/``.ckpt`` files are read by :mod:`model.checkpoints.torch_files`, **only**
through ``torch.load(weights_only=True)``. Whatever the file, the network it describes is then
checked here (architecture, metadata against the weights, finite values).

Every failure raises :class:`CheckpointError`, whose message names the file and the reason.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
import stat
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.checkpoints.errors import CheckpointError, read_head, short_reason
from model.checkpoints.metadata_checks import MetadataError, check_fields
from model.checkpoints.torch_files import load_torch_state, normalise_keys
from model.data.imagenet_classes import (
    IMAGENET_CLASSES,
    IMAGENET_INPUT_SIZE,
    IMAGENET_MEAN,
    IMAGENET_STD,
)
from model.data.labels import CIFAR10_MEAN, CIFAR10_STD, default_class_names
from model.files.atomic import atomic_path

if TYPE_CHECKING:  # torch is imported where weights are read or written: reading a file's
    # metadata (read_info) must not load it (the app's light path, model/inference/graphs.py)
    import torch
    from torch import Tensor

    from model.network.resnet import ResNet

FORMAT = "cifar10-resnet/1"
DETECTOR_PREFIX = "detector."  # our non-network tensors (model/checkpoints/detector_store.py)
SAFETENSORS_SUFFIX = ".safetensors"


@dataclass
class CheckpointInfo:
    """What a loader needs to rebuild, preprocess for and label a network."""

    arch: str = "resnet18"
    stem: str = "cifar"
    num_classes: int = 10
    class_names: list[str] = field(default_factory=lambda: default_class_names(10))
    input_size: int = 32
    # Set when the network was trained on images enlarged to ``input_size`` from this smaller
    # size (CIFAR-10's 32 px shown to an ImageNet-stem network at 64 px): inputs are reduced to
    # it first, then enlarged, exactly as the training images were. None: straight to input_size.
    source_size: int | None = None
    mean: tuple[float, float, float] = CIFAR10_MEAN
    std: tuple[float, float, float] = CIFAR10_STD
    train_config: dict[str, Any] | None = None
    test_accuracy: float | None = None
    per_class_accuracy: dict[str, float] | None = None
    created: str | None = None
    # Anything else worth keeping: evaluation details, temperature, versions, provenance.
    extra: dict[str, Any] = field(default_factory=dict)

    def to_metadata(self) -> dict[str, str]:
        meta = {"format": FORMAT}
        for f in dataclasses.fields(self):
            meta[f.name] = json.dumps(getattr(self, f.name))
        return meta

    @classmethod
    def from_metadata(cls, meta: dict[str, str]) -> CheckpointInfo:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: json.loads(v) for k, v in meta.items() if k in known}
        if "mean" in values:
            values["mean"] = tuple(values["mean"])
        if "std" in values:
            values["std"] = tuple(values["std"])
        return cls(**values)

    @property
    def display_name(self) -> str:
        return f"ResNet-18 ({self.stem} stem, {self.num_classes} classes)"


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


# --------------------------------------------------------------------------------------------
# Writing


def save_checkpoint(path: str | os.PathLike[str], state: dict[str, Tensor] | torch.nn.Module,
                    info: CheckpointInfo, *, half: bool = False) -> Path:
    """Write ``state`` and ``info`` atomically as a safetensors checkpoint.

    ``half=True`` stores floating-point tensors as float16 (half the size); loading always
    computes in float32.
    """
    import torch
    from safetensors.torch import save_file

    if isinstance(state, torch.nn.Module):
        state = state.state_dict()
    tensors = {}
    for name, t in state.items():
        t = t.detach().to("cpu")
        if half and t.is_floating_point():
            t = t.to(torch.float16)
        tensors[name] = t.contiguous().clone()
    if info.created is None:
        info = dataclasses.replace(info, created=now_iso())
    path = Path(path)
    with atomic_path(path) as tmp:
        save_file(tensors, str(tmp), metadata=info.to_metadata())
    return path


def update_metadata(path: str | os.PathLike[str], **changes: Any) -> CheckpointInfo:
    """Rewrite a safetensors checkpoint's metadata (atomically), keeping its tensors as stored."""
    from safetensors.torch import load_file, save_file

    path = Path(path)
    info = read_info(path)
    extra = dict(info.extra)
    extra.update(changes.pop("extra", {}))
    added = changes.pop("_tensors", {})
    info = dataclasses.replace(info, extra=extra, **changes)
    # Checked as a load would check it, before anything is written: a value the loader
    # refuses (a NaN accuracy) would otherwise make the file unusable for good.
    _parse_info(path, info.to_metadata())
    tensors = load_file(str(path))
    if added:
        tensors = {k: v for k, v in tensors.items() if not k.startswith(DETECTOR_PREFIX)}
        tensors.update(added)
    with atomic_path(path) as tmp:
        save_file(tensors, str(tmp), metadata=info.to_metadata())
    return info


# --------------------------------------------------------------------------------------------
# Reading


def read_info(path: str | os.PathLike[str]) -> CheckpointInfo:
    """Metadata of one of our safetensors checkpoints, without reading its weights."""
    _check_file(path)
    if not _is_safetensors(path):
        raise CheckpointError(path, "not a safetensors checkpoint")
    meta = _safetensors_metadata(path)
    if meta.get("format") != FORMAT:
        raise CheckpointError(path, "safetensors file without this project's metadata")
    return _parse_info(path, meta)


def load_checkpoint(path: str | os.PathLike[str]) -> tuple[ResNet, CheckpointInfo]:
    """Build the network a checkpoint describes, with its weights, in float32 eval mode."""
    from model.network.resnet import resnet18

    state, meta = load_state(path)
    if meta and meta.get("format") == FORMAT:  # our files may carry the detector's tensors
        state = {k: v for k, v in state.items() if not k.startswith(DETECTOR_PREFIX)}
    state = normalise_keys(state)
    info = _infer_info(path, state, meta)
    model = resnet18(num_classes=info.num_classes, stem=info.stem)  # type: ignore[arg-type]
    _fill_missing_counters(model, state)
    _check_keys(path, model, state)
    _check_dtypes(path, state)
    _check_finite(path, state)
    try:
        model.load_state_dict({k: v.float() if v.is_floating_point() else v
                               for k, v in state.items()})
    except RuntimeError as e:  # shape mismatches
        first = str(e).strip().splitlines()[-1].strip()
        raise CheckpointError(path, f"weights do not fit ResNet-18: {first}") from None
    return model.eval(), info


def load_state(path: str | os.PathLike[str]) -> tuple[dict[str, Tensor], dict[str, str] | None]:
    """The raw tensors of a checkpoint and, for safetensors, its metadata."""
    _check_file(path)
    if _is_safetensors(path):
        return _load_safetensors(path)
    return load_torch_state(path), None


def _check_file(path: str | os.PathLike[str]) -> None:
    try:
        # One stat, followed through links: Path.exists() raised for a name too long for the
        # file system (ENAMETOOLONG), and a traceback reached the user.
        found = os.stat(path)
    except FileNotFoundError:
        raise CheckpointError(path, "file not found") from None
    except OSError as e:
        raise CheckpointError(path, f"cannot be read ({e.strerror or e})") from None
    if stat.S_ISDIR(found.st_mode):
        raise CheckpointError(path, "is a folder, not a checkpoint file")
    if found.st_size == 0:
        raise CheckpointError(path, "empty file")


def _is_safetensors(path: str | os.PathLike[str]) -> bool:
    """Safetensors files begin with an 8-byte little-endian header length, then a JSON '{'."""
    head = read_head(path, 9)
    if len(head) < 9 or head[8:9] != b"{":
        return str(path).endswith(SAFETENSORS_SUFFIX)
    n = int.from_bytes(head[:8], "little")
    return 0 < n < 100_000_000


def _safetensors_metadata(path: str | os.PathLike[str]) -> dict[str, str]:
    from safetensors import safe_open

    try:
        with safe_open(str(path), framework="numpy") as f:
            return dict(f.metadata() or {})
    except Exception as e:  # safetensors raises its own error types for malformed headers
        raise CheckpointError(path, f"not a valid safetensors file ({short_reason(e)})") from None


def _load_safetensors(path: str | os.PathLike[str]) -> tuple[dict[str, Tensor], dict[str, str]]:
    from safetensors.torch import load_file

    meta = _safetensors_metadata(path)
    try:
        state = load_file(str(path))
    except Exception as e:
        raise CheckpointError(path, f"truncated or corrupt safetensors file "
                                    f"({short_reason(e)})") from None
    return state, meta


# --------------------------------------------------------------------------------------------
# Validation

def _infer_info(path: str | os.PathLike[str], state: dict[str, Tensor],
                meta: dict[str, str] | None) -> CheckpointInfo:
    info = _parse_info(path, meta) if meta and meta.get("format") == FORMAT else None
    conv1, fc = state.get("conv1.weight"), state.get("fc.weight")
    if conv1 is None or fc is None or conv1.ndim != 4 or fc.ndim != 2:
        found = f"; its keys begin {_few(sorted(state))}" if state else ""  # a prefix shows
        raise CheckpointError(path, "wrong architecture: no ResNet stem (conv1) or classifier "
                                    f"(fc/linear) weights{found}")
    height, width = conv1.shape[-2], conv1.shape[-1]
    # Square kernels only: a 7×3 stem is neither ResNet's (and would fail later, less clearly).
    stem = {7: "imagenet", 3: "cifar"}.get(width) if height == width else None
    if stem is None:
        raise CheckpointError(path, f"wrong architecture: {height}×{width} stem convolution "
                                    "(ResNet-18 uses 3×3 or 7×7)")
    num_classes = fc.shape[0]
    if num_classes < 2:  # as the metadata's rule: one output always says "100%"
        raise CheckpointError(path, f"the classifier has {num_classes} output"
                                    f"{'' if num_classes == 1 else 's'}; at least 2 classes "
                                    "are needed")
    if info is None and stem == "imagenet" and num_classes == len(IMAGENET_CLASSES):
        # torchvision's own layout (resnet18(weights=...).state_dict()): it was trained on
        # ImageNet-1k at 224 px with ImageNet's statistics, and its outputs are those classes.
        return CheckpointInfo(stem=stem, num_classes=num_classes,
                              class_names=list(IMAGENET_CLASSES), input_size=IMAGENET_INPUT_SIZE,
                              mean=IMAGENET_MEAN, std=IMAGENET_STD,
                              extra={"source": "state dict without metadata; a 1000-class "
                                               "ImageNet-stem ResNet-18 is taken for torchvision's "
                                               "ImageNet-1k model (its preprocessing and names)"})
    if info is None:
        return CheckpointInfo(stem=stem, num_classes=num_classes,
                              class_names=default_class_names(num_classes),
                              input_size=32 if stem == "cifar" else 224,
                              extra={"source": "state dict without metadata"})
    if info.num_classes != num_classes:
        raise CheckpointError(path, f"metadata says {info.num_classes} classes but the "
                                    f"classifier has {num_classes} outputs")
    if info.stem != stem:
        raise CheckpointError(path, f"metadata says the {info.stem} stem but the weights have "
                                    f"the {stem} stem")
    return info


def _parse_info(path: str | os.PathLike[str], meta: dict[str, str]) -> CheckpointInfo:
    try:
        info = CheckpointInfo.from_metadata(meta)
    except (ValueError, TypeError) as e:
        raise CheckpointError(path, f"unreadable metadata ({short_reason(e)})") from None
    if info.arch != "resnet18":
        raise CheckpointError(path, f"wrong architecture: {info.arch} (this app runs resnet18)")
    try:
        check_fields(info)
    except MetadataError as e:
        raise CheckpointError(path, str(e)) from None
    return info


def _fill_missing_counters(model: ResNet, state: dict[str, Tensor]) -> None:
    """BatchNorm's ``num_batches_tracked`` is bookkeeping some exporters drop; don't fail on it."""
    for key, value in model.state_dict().items():
        if key.endswith("num_batches_tracked") and key not in state:
            state[key] = value.clone()


def _check_keys(path: str | os.PathLike[str], model: ResNet, state: dict[str, Tensor]) -> None:
    expected = set(model.state_dict())
    missing = sorted(expected - set(state))
    unexpected = sorted(set(state) - expected)
    if not missing and not unexpected:
        return
    hint = ""
    # Bottleneck blocks (conv3) first: ResNet-50 is also deeper, but that is not its news.
    if any(".conv3." in k for k in unexpected):
        hint = " (a bottleneck ResNet such as ResNet-50?)"
    elif any(re.match(r"layer\d\.[2-9]\.", k) for k in unexpected):
        hint = " (a deeper ResNet than ResNet-18?)"
    parts = []
    if missing:
        parts.append(f"{len(missing)} missing keys ({_few(missing)})")
    if unexpected:
        parts.append(f"{len(unexpected)} unexpected keys ({_few(unexpected)})")
    raise CheckpointError(path, f"wrong architecture{hint}: " + "; ".join(parts))


def _check_dtypes(path: str | os.PathLike[str], state: dict[str, Tensor]) -> None:
    """Weights and BatchNorm statistics must be floating point: load_state_dict copies int32
    weights into the float parameters without a word, and the network then answers 10% for
    every class."""
    bad = [k for k, v in state.items()
           if not v.is_floating_point() and not k.endswith("num_batches_tracked")]
    if bad:
        kinds = ", ".join(sorted({str(state[k].dtype).replace("torch.", "") for k in bad}))
        raise CheckpointError(path, f"{kinds} weights, not floating point, in {_few(bad)}")


def _check_finite(path: str | os.PathLike[str], state: dict[str, Tensor]) -> None:
    import torch

    bad = [k for k, v in state.items() if v.is_floating_point() and not torch.isfinite(v).all()]
    if bad:
        raise CheckpointError(path, f"non-finite weights (NaN or inf) in {_few(bad)}")


def _few(items: list[str], n: int = 3) -> str:
    return ", ".join(items[:n]) + (", …" if len(items) > n else "")
