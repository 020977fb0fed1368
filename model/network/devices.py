"""Which device runs the network: CUDA, then Apple's MPS, then the CPU, unless one is named.

torch is imported only by the functions that ask it: :func:`gpu_may_be_present` answers
without it, so that a machine with no GPU can classify without loading torch at all (the app's
light path, model/inference/graphs.py).
"""

from __future__ import annotations

import os
import platform
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

DEVICE_CHOICES = "auto, cpu, cuda, cuda:N or mps"

# Files a GPU driver puts on a machine, checked without torch: NVIDIA's kernel driver on Linux
# (/proc/driver/nvidia, /dev/nvidiactl), AMD's ROCm compute device (/dev/kfd, which ROCm builds
# of torch use behind the torch.cuda API), and NVIDIA's user-mode driver on Windows.
_DRIVER_FILES = ("/proc/driver/nvidia/version", "/dev/nvidiactl", "/dev/kfd")


def gpu_may_be_present() -> bool:
    """False only when this machine certainly has no GPU torch could use ("auto" is then the
    CPU); True when it may have one (torch must be asked). Apple Silicon always may (MPS)."""
    if sys.platform == "darwin":
        return platform.machine() == "arm64"
    if sys.platform == "win32":
        system = os.path.join(os.environ.get("SystemRoot", r"C:\Windows"), "System32")
        return os.path.exists(os.path.join(system, "nvcuda.dll"))
    return any(os.path.exists(f) for f in _DRIVER_FILES)


def _mps_available() -> bool:
    import torch

    mps = getattr(torch.backends, "mps", None)
    return bool(mps is not None and mps.is_available())


def available_devices() -> list[str]:
    """``"cpu"`` always, then ``"cuda"`` and/or ``"mps"`` when this machine can use them."""
    import torch

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
    import torch

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
