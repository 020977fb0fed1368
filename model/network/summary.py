"""The architecture of a loaded network as the tutorial draws it, read from the model object.

One row per part: the stem (its convolution, and the max-pool of the ImageNet stem), every
residual block of the four stages marked by its shortcut (identity, or 1×1 projection when the
block changes resolution or width), global average pooling and the linear layer. Output shapes
come from one forward pass of a blank input of the network's size through forward hooks, and
parameter counts from the modules themselves, so any checkpoint the app loads (either stem, any
class count, any input size) is described as it is. Weighted layers are counted as the paper
counts them (the 1×1 projections are not): 1 stem convolution + 2 per block + 1 linear layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from model.network.resnet import ResNet

STAGES = ("layer1", "layer2", "layer3", "layer4")


@dataclass(frozen=True)
class LayerRow:
    name: str                      # module name, as in the state dict: "conv1", "layer2.0", "fc"
    kind: str                      # what it is, in the tutorial's words
    output_shape: tuple[int, ...]  # channels × height × width, or (classes,)
    parameters: int
    weighted_layers: int           # as the paper counts them
    # The same as ``kind`` in fields, for a view that words it in another language: role is
    # "stem_conv", "stem_pool", "block", "pool" or "linear"; shortcut "identity" or
    # "projection" for blocks, else "".
    role: str = ""
    kernel: int = 0
    stride: int = 1
    shortcut: str = ""


@dataclass(frozen=True)
class ArchitectureSummary:
    stem: str
    input_size: int
    rows: tuple[LayerRow, ...]

    @property
    def parameters(self) -> int:
        return sum(r.parameters for r in self.rows)

    @property
    def weighted_layers(self) -> int:
        return sum(r.weighted_layers for r in self.rows)

    @property
    def layer_sum(self) -> str:
        """The count spelled out: "1 + 16 + 1 = 18" for ResNet-18."""
        first = sum(r.weighted_layers for r in self.rows if r.name == "conv1")
        blocks = sum(r.weighted_layers for r in self.rows if r.name.startswith("layer"))
        last = sum(r.weighted_layers for r in self.rows if r.name == "fc")
        return f"{first} + {blocks} + {last} = {self.weighted_layers}"

    def table(self) -> str:
        """The summary as a plain-text table (what ``cifar10 summary`` prints)."""
        head = ("layer", "what it is", "output", "parameters")
        body = [(r.name, r.kind, shape_text(r.output_shape), f"{r.parameters:,}")
                for r in self.rows]
        widths = [max(len(row[i]) for row in (head, *body)) for i in range(4)]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(c.rjust(w) if i == 3 else c.ljust(w)
                             for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

        rule = "  ".join("-" * w for w in widths)
        title = (f"ResNet-{self.weighted_layers}, {self.stem} stem, input 3×{self.input_size}×"
                 f"{self.input_size}")
        return "\n".join([
            title, line(head), rule, *map(line, body), rule,
            (f"weighted layers: {self.layer_sum} (stem conv + block convs + linear; the 1×1 "
             f"projections are not counted, as in the paper)"),
            f"parameters: {self.parameters:,}"])


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(str(s) for s in shape)


def summarize(model: ResNet, input_size: int) -> ArchitectureSummary:
    """Describe ``model`` (a :class:`ResNet`, or torchvision's) for ``input_size`` inputs."""
    if input_size < 1:
        raise ValueError(f"input size must be at least 1 pixel, got {input_size}")
    parts = _parts(model)
    shapes: dict[str, tuple[int, ...]] = {}
    hooks = [module.register_forward_hook(
        lambda _m, _i, out, name=name: shapes.__setitem__(name, tuple(out.shape[1:])))
        for name, (module, *_rest) in parts.items()]
    was_training = model.training
    param = next(model.parameters())
    try:
        model.eval()
        with torch.no_grad():
            model(torch.zeros(1, 3, input_size, input_size, dtype=param.dtype,
                              device=param.device))
    except RuntimeError as e:  # e.g. an input too small for the ImageNet stem's strides
        raise ValueError(f"a {input_size}×{input_size} input does not fit this network: "
                         f"{e}") from None
    finally:
        model.train(was_training)
        for h in hooks:
            h.remove()
    rows = []
    for name, (module, kind, weighted, fields) in parts.items():
        params = sum(p.numel() for p in module.parameters())
        if name == "conv1":  # the stem's BatchNorm belongs to its row
            params += sum(p.numel() for p in model.bn1.parameters())
        rows.append(LayerRow(name, kind, shapes.get(name, ()), params, weighted,
                             **fields))  # type: ignore[arg-type]
    stem = "imagenet" if model.conv1.kernel_size == (7, 7) else "cifar"
    return ArchitectureSummary(stem, input_size, tuple(rows))


Part = tuple[nn.Module, str, int, dict[str, object]]


def _parts(model: ResNet) -> dict[str, Part]:
    """name -> (module, description, weighted layers, LayerRow's other fields), in forward
    order."""
    c = model.conv1
    stem = (f"stem: {c.kernel_size[0]}×{c.kernel_size[1]} conv, stride {c.stride[0]}, "
            f"{c.out_channels} channels + BatchNorm + ReLU")
    parts: dict[str, Part] = {"conv1": (c, stem, 1, {"role": "stem_conv", "kernel":
                                                     c.kernel_size[0], "stride": c.stride[0]})}
    if isinstance(model.maxpool, nn.MaxPool2d):
        k, s = model.maxpool.kernel_size, model.maxpool.stride
        parts["maxpool"] = (model.maxpool, f"stem: {k}×{k} max-pool, stride {s}", 0,
                            {"role": "stem_pool", "kernel": k, "stride": s})
    for stage in STAGES:
        for i, block in enumerate(getattr(model, stage)):
            shortcut = ("identity shortcut" if block.downsample is None
                        else "1×1 projection shortcut")
            stride = block.conv1.stride[0]
            parts[f"{stage}.{i}"] = (
                block, f"block: two 3×3 convs{', stride 2' if stride != 1 else ''}, {shortcut}",
                2, {"role": "block", "kernel": 3, "stride": stride,
                    "shortcut": "identity" if block.downsample is None else "projection"})
    parts["avgpool"] = (model.avgpool, "global average pooling", 0, {"role": "pool"})
    parts["fc"] = (model.fc, f"linear: {model.fc.in_features} → {model.fc.out_features} classes",
                   1, {"role": "linear"})
    return parts
