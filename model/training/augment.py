"""Batched data augmentation on whole tensors (no per-sample Python), on whatever device.

One call plans and applies an epoch's augmentation for all images at once: random crops with
4-pixel reflect padding and horizontal flips are done by *indexing* (the reflected, shifted and
possibly mirrored row/column indices of every sample are computed, then gathered in one step),
so the uint8 images never need a padded copy. This is the kuangliu/pytorch-cifar recipe
(RandomCrop(32, padding=4) + RandomHorizontalFlip) without the per-image loop, in the spirit of
airbench's whole-batch GPU augmentation. Cutout (DeVries & Taylor, 2017) zeroes a square of the
normalised image, i.e. sets it to the data mean.
"""

from __future__ import annotations

import torch
from torch import Tensor


def reflect_index(idx: Tensor, size: int) -> Tensor:
    """Map indices in [-size+1, 2*size-2] into [0, size) by reflection (no edge repeat)."""
    idx = idx.abs()
    return torch.where(idx >= size, 2 * (size - 1) - idx, idx)


def crop_flip(images: Tensor, pad: int, flip: bool, gen: torch.Generator) -> Tensor:
    """Random ``pad``-reflect-padded crops (and mirrors) of N×C×H×W images, by gathering."""
    n, _, h, w = images.shape
    dev = images.device
    ar_h = torch.arange(h, device=dev)
    ar_w = torch.arange(w, device=dev)
    oy = torch.randint(-pad, pad + 1, (n, 1), device=dev, generator=gen)
    ox = torch.randint(-pad, pad + 1, (n, 1), device=dev, generator=gen)
    rows = reflect_index(oy + ar_h, h)  # N×H
    cols = reflect_index(ox + ar_w, w)  # N×W
    if flip:
        mirror = torch.rand((n, 1), device=dev, generator=gen) < 0.5
        cols = torch.where(mirror, cols.flip(1), cols)
    batch = torch.arange(n, device=dev)[:, None, None]
    # Advanced indexing puts the indexed dims first: N×H×W×C, back to N×C×H×W.
    out = images.permute(0, 2, 3, 1)[batch, rows[:, :, None], cols[:, None, :]]
    return out.permute(0, 3, 1, 2).contiguous()


def cutout_masks(n: int, h: int, w: int, size: int, device: torch.device,
                 gen: torch.Generator) -> Tensor:
    """N×1×H×W float masks, 0 inside a ``size``-square centred anywhere in the image."""
    cy = torch.randint(0, h, (n, 1, 1), device=device, generator=gen)
    cx = torch.randint(0, w, (n, 1, 1), device=device, generator=gen)
    ys = torch.arange(h, device=device)[None, :, None]
    xs = torch.arange(w, device=device)[None, None, :]
    top, left = cy - size // 2, cx - size // 2
    inside = (ys >= top) & (ys < top + size) & (xs >= left) & (xs < left + size)
    return (~inside).unsqueeze(1).float()
