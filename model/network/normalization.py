"""The network's input: uint8 pixels to normalised floats, ``(x/255 - mean)/std`` per channel.

Written here once as one float32 multiply-add per channel, ``x*scale + shift`` with
``scale = 1/(255 std)`` and ``shift = -mean/std``, and used by everything that feeds the
network: evaluation and training on N×C×H×W tensors, the classifier and Grad-CAM on
channels-last arrays. So Grad-CAM explains exactly the input a prediction saw, and ``cifar10
eval`` measures the network on the floats the app gives it.

numpy only at import; torch is imported when tensors are asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

import numpy as np

if TYPE_CHECKING:
    import torch

Pixels = TypeVar("Pixels", "np.ndarray", "torch.Tensor")


def scale_shift(mean: Sequence[float], std: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """float32 ``(scale, shift)``, one value per channel, with ``x*scale + shift`` equal to
    ``(x/255 - mean)/std``: for channels-last (…×H×W×C) pixels."""
    std_ = np.asarray(std, dtype=np.float32)
    scale = (1.0 / (255.0 * std_)).astype(np.float32)
    shift = (-np.asarray(mean, dtype=np.float32) / std_).astype(np.float32)
    return scale, shift


def scale_shift_tensors(mean: Sequence[float], std: Sequence[float], device: torch.device,
                        ) -> tuple[torch.Tensor, torch.Tensor]:
    """:func:`scale_shift` as 1×C×1×1 float32 tensors on ``device``, for N×C×H×W images."""
    import torch

    scale, shift = scale_shift(mean, std)
    return (torch.from_numpy(scale).to(device).view(1, -1, 1, 1),
            torch.from_numpy(shift).to(device).view(1, -1, 1, 1))


def normalize(pixels: Pixels, scale: Pixels, shift: Pixels) -> Pixels:
    """uint8 ``pixels`` as the network's float32 input, ``pixels*scale + shift``: a numpy array
    with :func:`scale_shift`'s values, or a tensor with :func:`scale_shift_tensors`'."""
    x = pixels.astype(np.float32) if isinstance(pixels, np.ndarray) else pixels.float()
    return x * scale + shift
