"""Feature maps: what the network computes from one image, after the stem and each stage.

For each of the five places (the stem's output, after its max-pool for the ImageNet stem, and
the outputs of ``layer1`` to ``layer4``) the channels are ranked by their mean activation over
the image, and the most active ones are kept as small grayscale tiles, each scaled from 0 to
its own maximum (activations there are outputs of a ReLU, so never negative; a channel that is
zero everywhere stays black). The whole stage's shape is kept too, so a view can say "256
channels of 4×4".

Computed with torch on the untouched model, in eval mode, under ``torch.no_grad``, with one
forward hook per place that is removed even when something fails. The CPU inference engine
(ONNX Runtime) is not used: its graph gives only logits and pooled features, and one eager
forward of one image costs a few milliseconds (benchmarks/bench_feature_maps.py measures it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import Tensor, nn

from model.inference.gradcam import input_tensor

# The places, in forward order, and the modules whose outputs they are.
PLACES: tuple[str, ...] = ("stem", "layer1", "layer2", "layer3", "layer4")
TILES_PER_STAGE = 16


@dataclass(frozen=True)
class StageMaps:
    """The most active channels of one place: ``tiles`` k×H×W uint8 (0 black, 255 the tile's
    maximum), ``channels`` their indices and ``means`` their mean activations, most active
    first; ``shape`` the whole output, channels × height × width."""

    place: str
    shape: tuple[int, int, int]
    channels: tuple[int, ...]
    means: tuple[float, ...]
    tiles: np.ndarray = field(repr=False, compare=False)


def _modules(model: nn.Module) -> dict[str, nn.Module]:
    # The stem ends with the max-pool (an Identity for the CIFAR stem, which has none).
    return {"stem": model.maxpool, **{name: getattr(model, name) for name in PLACES[1:]}}


@torch.no_grad()
def feature_maps(model: nn.Module, x: Tensor, per_stage: int = TILES_PER_STAGE,
                 ) -> list[StageMaps]:
    """The feature maps of one normalised image ``x`` (1×3×H×W), place by place."""
    if x.dim() != 4 or x.shape[0] != 1 or x.shape[1] != 3:
        raise ValueError(f"expected one image as a 1×3×H×W tensor, got shape {tuple(x.shape)}")
    if per_stage < 1:
        raise ValueError(f"per_stage must be at least 1, got {per_stage}")
    outputs: dict[str, Tensor] = {}
    hooks = [module.register_forward_hook(
        lambda _m, _i, out, name=name: outputs.__setitem__(name, out[0].float()))
        for name, module in _modules(model).items()]
    modes = {m: m.training for m in model.modules()}
    device = next(model.parameters()).device
    try:
        model.eval()
        model(x.to(device))
    finally:
        for h in hooks:
            h.remove()
        for m, training in modes.items():
            m.training = training
    return [_stage(name, outputs[name], per_stage) for name in PLACES]


def _stage(name: str, out: Tensor, per_stage: int) -> StageMaps:
    c, h, w = out.shape
    means = out.mean(dim=(1, 2))
    # Stable descending order: equal means keep channel order, so the result is reproducible.
    order = torch.sort(means, descending=True, stable=True).indices[:per_stage]
    chosen = out[order].clamp(min=0)
    peak = chosen.amax(dim=(1, 2), keepdim=True)
    scaled = torch.where(peak > 0, chosen / torch.where(peak > 0, peak, 1.0), 0.0)
    tiles = (scaled * 255).round().to(torch.uint8).cpu().numpy()
    return StageMaps(name, (c, h, w), tuple(int(i) for i in order),
                     tuple(float(means[i]) for i in order), tiles)


def feature_maps_pixels(model: nn.Module, pixels: np.ndarray, mean: Sequence[float],
                        std: Sequence[float], per_stage: int = TILES_PER_STAGE,
                        ) -> list[StageMaps]:
    """:func:`feature_maps` for an H×W×3 uint8 network input (``Prediction.input_image``),
    normalised exactly as the classifier normalises it."""
    return feature_maps(model, input_tensor(pixels, mean, std), per_stage)
