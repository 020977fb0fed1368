"""The network's outputs on a whole split held on the device as uint8: logits and probabilities,
batched, optionally with mirror TTA, bf16 autocast and channels_last (what ``cifar10 eval`` and
the training loop's per-epoch evaluation run)."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from model.network.normalization import normalize, scale_shift_tensors


@torch.inference_mode()
def predict_logits(model: nn.Module, images: Tensor, mean: tuple[float, ...],
                   std: tuple[float, ...], *, batch_size: int = 500, tta: bool = False,
                   amp_dtype: torch.dtype | None = None, channels_last: bool = False) -> Tensor:
    """Logits (N×C, float32, on the images' device) for uint8 N×3×H×W images; with ``tta``
    the mean of the image's and its mirror's logits."""
    model.eval()
    scale, shift = scale_shift_tensors(mean, std, images.device)
    out = []
    for start in range(0, len(images), batch_size):
        x = normalize(images[start:start + batch_size], scale, shift)
        if channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        with torch.autocast(images.device.type, dtype=amp_dtype or torch.bfloat16,
                            enabled=amp_dtype is not None):
            logits = model(x).float()
            if tta:  # average the image and its mirror
                logits = (logits + model(x.flip(3)).float()) / 2
        out.append(logits)
    return torch.cat(out)


def predict_probabilities(model: nn.Module, images: Tensor, mean: tuple[float, ...],
                          std: tuple[float, ...], *, batch_size: int = 500, tta: bool = False,
                          amp_dtype: torch.dtype | None = None,
                          channels_last: bool = False) -> Tensor:
    """Softmax outputs (N×C, float32, on the images' device) for uint8 N×3×H×W images."""
    return predict_logits(model, images, mean, std, batch_size=batch_size, tta=tta,
                          amp_dtype=amp_dtype, channels_last=channels_last).softmax(1)


@torch.inference_mode()
def predict_features(model: nn.Module, images: Tensor, mean: tuple[float, ...],
                     std: tuple[float, ...], *, batch_size: int = 500) -> tuple[Tensor, Tensor]:
    """(logits N×C, global-pooled penultimate features N×512), float32, for uint8 N×3×H×W
    images: what the out-of-distribution detector is fitted on."""
    model.eval()
    scale, shift = scale_shift_tensors(mean, std, images.device)
    logits, features = [], []
    for start in range(0, len(images), batch_size):
        x = normalize(images[start:start + batch_size], scale, shift)
        pooled = torch.flatten(model.avgpool(model.forward_features(x)), 1).float()
        features.append(pooled)
        logits.append(model.fc(pooled).float())
    return torch.cat(logits), torch.cat(features)
