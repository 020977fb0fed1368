"""Batched augmentation: reflect-padded crops and flips by indexing, and cutout."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from model.training.augment import crop_flip, cutout_masks, reflect_index


def test_reflect_index_matches_reflect_padding() -> None:
    idx = torch.arange(-4, 36)
    padded = F.pad(torch.arange(32.0).view(1, 1, 32), (4, 4), mode="reflect").view(-1).long()
    assert torch.equal(reflect_index(idx, 32), padded)


def test_crops_equal_torch_reflect_pad_then_slice() -> None:
    gen = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (16, 3, 10, 10), dtype=torch.uint8)
    out = crop_flip(images, 2, False, gen)
    padded = F.pad(images.float(), (2, 2, 2, 2), mode="reflect")
    for n in range(16):  # each output must be some 10×10 window of the padded image
        windows = [padded[n, :, y:y + 10, x:x + 10] for y in range(5) for x in range(5)]
        assert any(torch.equal(w, out[n].float()) for w in windows), n
    assert out.dtype == torch.uint8 and out.shape == images.shape


def test_flip_mirrors_about_half_and_is_reproducible() -> None:
    images = torch.arange(64, dtype=torch.uint8).view(1, 1, 8, 8).repeat(400, 3, 1, 1)
    out = crop_flip(images, 0, True, torch.Generator().manual_seed(1))
    mirrored = (out == images.flip(3)).flatten(1).all(1)
    same = (out == images).flatten(1).all(1)
    assert torch.all(mirrored | same)
    assert 150 < int(mirrored.sum()) < 250
    again = crop_flip(images, 0, True, torch.Generator().manual_seed(1))
    assert torch.equal(out, again)


def test_cutout_masks_zero_one_square_clipped_at_borders() -> None:
    masks = cutout_masks(500, 8, 8, 4, torch.device("cpu"), torch.Generator().manual_seed(2))
    assert masks.shape == (500, 1, 8, 8)
    zeros = (masks == 0).flatten(1).sum(1)
    assert zeros.max() == 16 and zeros.min() >= 4  # a 4×4 square, partly outside at the edges
    assert torch.all((masks == 0) | (masks == 1))
