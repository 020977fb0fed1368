"""Which device runs the network: CUDA, then Apple's MPS, then the CPU, unless one is named."""

from __future__ import annotations

import torch

DEVICE_CHOICES = "auto, cpu, cuda, cuda:N or mps"


def _mps_available() -> bool:
    mps = getattr(torch.backends, "mps", None)
    return bool(mps is not None and mps.is_available())


def available_devices() -> list[str]:
    """``"cpu"`` always, then ``"cuda"`` and/or ``"mps"`` when this machine can use them."""
    devices = ["cpu"]
    if torch.cuda.is_available():
        devices.append("cuda")
    if _mps_available():
        devices.append("mps")
    return devices


def resolve_device(name: str = "auto") -> torch.device:
    """The device ``name`` asks for; ``"auto"`` prefers CUDA, then MPS, then the CPU.

    Raises ValueError, with a message fit for the user, when the name is unknown or the device
    is not usable here.
    """
    text = (name or "auto").strip().lower()
    if text == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(text)
    except RuntimeError:
        raise ValueError(f"unknown device {name!r}; expected {DEVICE_CHOICES}") from None
    if device.type == "cpu":
        return device
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(f"device {name!r} requested but CUDA is not available on this "
                             "machine (no NVIDIA GPU, or torch was built without CUDA)")
        count = torch.cuda.device_count()
        if device.index is not None and device.index >= count:
            raise ValueError(f"device {name!r} requested but this machine has {count} CUDA "
                             f"device{'s' if count != 1 else ''} (cuda:0 to cuda:{count - 1})")
        return device
    if device.type == "mps":
        if not _mps_available():
            raise ValueError(f"device {name!r} requested but Apple MPS is not available on "
                             "this machine")
        return device
    raise ValueError(f"unsupported device {name!r}; expected {DEVICE_CHOICES}")
