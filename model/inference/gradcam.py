"""Grad-CAM: where in the image the network found the evidence for a class.

Grad-CAM (Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
Localization", ICCV 2017, eq. 1-2) weights each channel ``k`` of a convolutional feature map
``A`` by the spatial mean of the class score's gradient over that channel,
``w_k = mean_ij d y_c / d A_k(i, j)``, and keeps the positive part of the weighted sum,
``ReLU(sum_k w_k A_k)``: the places whose features raise the score of class ``c``. We scale it to
[0, 1] by its maximum (a map that is zero everywhere stays zero: no positive evidence anywhere).

Which layer. The paper uses the last convolutional layer, here the last residual stage
(``layer4``): the deepest, most class-specific features. But its map only has as many positions
as that stage's output, and a 1×1 map is a constant that says nothing about *where*. With the
CIFAR stem a 32×32 input gives 32/16/8/4 positions per side in layer1..layer4, so layer4 (4×4)
is used; with the ImageNet stem (stride-2 conv and stride-2 max-pool first) the same input gives
8/4/2/1, so layer4 is 1×1, layer3 2×2, and the deepest stage with a usable map is layer2 (4×4);
at 64 px (the bundled model) it gives 16/8/4/2, and layer3 (4×4) is used.
:func:`attention_layer` therefore picks the deepest stage whose output has at least
``MIN_CAM_SIZE`` positions per side, and :class:`AttentionMap` records which one it used.

Nothing here changes the model: its train/eval flags are restored, no parameter gradient is
computed or stored (``torch.autograd.grad`` is asked only for the feature map's gradient), and
the one forward hook used to read the feature map is removed even when something fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from model.network.normalization import normalize, scale_shift
from model.network.resnet import ResNet

# Residual stages, deepest first: the order attention_layer tries them in.
STAGES: tuple[str, ...] = ("layer4", "layer3", "layer2", "layer1")
# Fewest positions per side a map needs to show *where*: 4×4 separates the image's quadrants
# (2×2 positions each), fewer cannot even do that.
MIN_CAM_SIZE = 4


@dataclass(frozen=True)
class AttentionMap:
    """A Grad-CAM heat map for one image and one class.

    ``heat`` is float32, in [0, 1], at the resolution of ``layer``'s output (e.g. 4×4), row 0 at
    the top of the image; ``input_size`` is the (height, width) of the network input it
    explains.
    """

    heat: np.ndarray = field(repr=False, compare=False)
    layer: str
    class_index: int
    input_size: tuple[int, int]

    def upsampled(self, size: int | tuple[int, int] | None = None) -> np.ndarray:
        """``heat`` bilinearly resized to ``size`` (int or (height, width); default the input
        size), float32 in [0, 1].

        ``align_corners=False`` treats each map position as the centre of the image region it
        covers, as the stride of the layer makes it, so the map does not shift by half a cell.
        """
        if size is None:
            size = self.input_size
        if isinstance(size, int):
            size = (size, size)
        heat = torch.from_numpy(np.ascontiguousarray(self.heat, dtype=np.float32))
        out = F.interpolate(heat[None, None], size=tuple(size), mode="bilinear",
                            align_corners=False)
        # Bilinear weights are convex, but clip float rounding anyway.
        return out[0, 0].clamp_(0.0, 1.0).numpy()


def _pair(value: int | Sequence[int]) -> tuple[int, int]:
    if isinstance(value, int):
        return value, value
    first, second = value
    return int(first), int(second)


def _after(size: tuple[int, int], module: nn.Conv2d | nn.MaxPool2d) -> tuple[int, int]:
    """Spatial output size of a convolution or max-pool (formula from the torch.nn.Conv2d docs;
    ``ceil_mode`` is not used in our networks)."""
    kernel, stride = _pair(module.kernel_size), _pair(module.stride)
    padding, dilation = _pair(module.padding), _pair(module.dilation)  # type: ignore[arg-type]
    return tuple(  # type: ignore[return-value]
        (n + 2 * p - d * (k - 1) - 1) // s + 1
        for n, k, s, p, d in zip(size, kernel, stride, padding, dilation))


def stage_sizes(model: ResNet, input_size: int | tuple[int, int]) -> dict[str, tuple[int, int]]:
    """(height, width) of each residual stage's output for an input of ``input_size``, worked
    out from the layers' kernel sizes, strides and paddings (no forward pass)."""
    size = _pair(input_size)
    size = _after(size, model.conv1)
    if isinstance(model.maxpool, nn.MaxPool2d):
        size = _after(size, model.maxpool)
    sizes: dict[str, tuple[int, int]] = {}
    for name in reversed(STAGES):  # layer1 first: each stage's input is the previous output
        for block in getattr(model, name):
            # The main path decides the size; the shortcut is built to match it.
            size = _after(_after(size, block.conv1), block.conv2)
        sizes[name] = size
    return sizes


def attention_layer(model: ResNet, input_size: int | tuple[int, int]) -> str:
    """The stage Grad-CAM reads for inputs of ``input_size``: the deepest one whose output has
    at least ``MIN_CAM_SIZE`` positions per side ("layer4" for the CIFAR stem at 32 px,
    "layer2" for the ImageNet stem); for inputs too small for any, "layer1", the largest map."""
    sizes = stage_sizes(model, input_size)
    for name in STAGES:
        if min(sizes[name]) >= MIN_CAM_SIZE:
            return name
    return STAGES[-1]


def grad_cam(model: ResNet, x: Tensor, class_index: int | None = None,
             layer: str | None = None) -> AttentionMap:
    """Grad-CAM of ``model`` for one normalised image ``x`` (1×3×H×W float).

    ``class_index`` None explains the top class; ``layer`` None uses :func:`attention_layer`.
    Works under ``torch.no_grad`` or ``torch.inference_mode``; leaves the model as it was.
    The network runs in eval mode (BatchNorm with its running statistics, as predictions do).
    """
    if x.dim() != 4 or x.shape[0] != 1 or x.shape[1] != 3:
        raise ValueError(f"expected one image as a 1×3×H×W tensor, got shape {tuple(x.shape)}")
    input_size = (int(x.shape[2]), int(x.shape[3]))
    name = attention_layer(model, input_size) if layer is None else layer
    if name not in STAGES:
        raise ValueError(f"unknown layer {name!r}; expected one of {', '.join(STAGES)}")

    features: list[Tensor] = []
    handle = getattr(model, name).register_forward_hook(
        lambda _module, _inputs, output: features.append(output))
    modes = {m: m.training for m in model.modules()}
    device = next(model.parameters()).device
    try:
        model.eval()
        # inference_mode(False) and enable_grad() so that a caller's no_grad/inference_mode
        # block does not stop the graph from being recorded. The input requires a gradient so
        # the graph exists even if the caller froze every parameter.
        with torch.inference_mode(False), torch.enable_grad():
            inp = x.detach().to(device, torch.float32).clone().requires_grad_(True)
            logits = model(inp)
            if class_index is None:
                class_index = int(logits[0].argmax())
            if not 0 <= class_index < logits.shape[1]:
                raise ValueError(f"class_index {class_index} out of range for "
                                 f"{logits.shape[1]} classes")
            activation = features[0]
            # Only the feature map's gradient: parameters get no .grad, nothing accumulates.
            (gradient,) = torch.autograd.grad(logits[0, class_index], activation)
        with torch.no_grad():
            weights = gradient.mean(dim=(2, 3), keepdim=True)  # the paper's alpha_k^c (eq. 1)
            cam = torch.relu((weights * activation).sum(dim=1))[0]  # eq. 2
            peak = cam.max()
            heat = cam / peak if peak > 0 else torch.zeros_like(cam)
    finally:
        handle.remove()
        for module, training in modes.items():
            module.training = training
    return AttentionMap(heat=heat.float().cpu().numpy(), layer=name,
                        class_index=int(class_index), input_size=input_size)


def grad_cam_pixels(model: ResNet, pixels: np.ndarray, mean: Sequence[float],
                    std: Sequence[float], class_index: int | None = None,
                    layer: str | None = None) -> AttentionMap:
    """:func:`grad_cam` for an H×W×3 uint8 network input (e.g. ``Prediction.input_image``),
    normalised as :class:`~model.inference.classifier.Classifier` does: ``(x/255 - mean)/std``."""
    return grad_cam(model, input_tensor(pixels, mean, std), class_index=class_index,
                    layer=layer)


def input_tensor(pixels: np.ndarray, mean: Sequence[float], std: Sequence[float]) -> Tensor:
    """One H×W×3 uint8 network input as the 1×3×H×W float tensor the network took for it: the
    same multiply-add, in the same float32 arithmetic, as the classifier's, so what is shown
    explains exactly the input the prediction saw."""
    if pixels.ndim != 3 or pixels.shape[2] != 3:
        raise ValueError(f"expected H×W×3 pixels, got shape {pixels.shape}")
    batch = normalize(pixels, *scale_shift(mean, std))
    return torch.from_numpy(np.ascontiguousarray(batch.transpose(2, 0, 1)))[None]


# A hand-written "jet"-like ramp: dark blue (no evidence) through cyan and yellow to red (most).
# Positions in [0, 1] and RGB colours of its control points; np.interp fills in between.
_RAMP_STOPS = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
_RAMP_COLOURS = np.array([(0, 0, 140), (0, 110, 255), (0, 225, 210), (255, 220, 0),
                          (215, 0, 0)], dtype=np.float64)


def heat_to_rgba(heat: np.ndarray, alpha: float = 0.5) -> np.ndarray:
    """Colour a heat map in [0, 1] as H×W×4 uint8 RGBA (straight, not premultiplied, alpha).

    Opacity grows with the heat, up to ``alpha`` at 1, so places without evidence stay clear
    and the image shows through. Values outside [0, 1] are clipped; NaN counts as 0.
    """
    if heat.ndim != 2:
        raise ValueError(f"expected an H×W heat map, got shape {heat.shape}")
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be in [0, 1], got {alpha}")
    h = np.clip(np.nan_to_num(np.asarray(heat, dtype=np.float64), nan=0.0), 0.0, 1.0)
    rgba = np.empty(h.shape + (4,), dtype=np.uint8)
    for channel in range(3):
        rgba[..., channel] = np.rint(np.interp(h, _RAMP_STOPS, _RAMP_COLOURS[:, channel]))
    rgba[..., 3] = np.rint(255.0 * alpha * h)
    return rgba
