"""The networks of the degradation experiment: the paper's CIFAR-10 ResNets and their plain twins.

He et al., "Deep Residual Learning for Image Recognition" (CVPR 2016), section 4.2: a 3×3
convolution with 16 filters, then three stages of ``n`` blocks of two 3×3 convolutions on
32×32, 16×16 and 8×8 maps with 16, 32 and 64 filters (the first convolution of stages two and
three has stride 2), global average pooling and a 10-way linear layer: 6n + 2 weighted layers
(n = 3: 20 layers, n = 9: 56). The residual twin adds a shortcut to every block; where the
shape changes it is the paper's option A for CIFAR, the identity on every other pixel with the
new channels zero-padded, so both twins have exactly the same parameters. The plain twin is the
same stack with no shortcut at all: a block computes relu(F(x)).

The paper's Figure 6 trains these on CIFAR-10: plain-56 ends with a *higher training error*
than plain-20 (the degradation problem), while ResNet-56 beats ResNet-20.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from model.network.resnet import BasicBlock, conv3x3

CIFAR_WIDTHS: tuple[int, ...] = (16, 32, 64)


class PlainBlock(BasicBlock):
    """A basic block without its shortcut: out = relu(F(x)), F = bn2∘conv2∘relu∘bn1∘conv1
    (the same layers as :class:`BasicBlock`, so the twins' state dicts match)."""

    def __init__(self, inplanes: int, planes: int, stride: int = 1) -> None:
        super().__init__(inplanes, planes, stride, downsample=None)

    def forward(self, x: Tensor) -> Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)))


class PaddedIdentity(nn.Module):
    """The paper's option A shortcut: subsample by ``stride`` and zero-pad the new channels
    (no parameters, so the residual network has exactly its plain twin's weights)."""

    def __init__(self, inplanes: int, planes: int, stride: int) -> None:
        super().__init__()
        self.extra, self.stride = planes - inplanes, stride

    def forward(self, x: Tensor) -> Tensor:
        x = x[:, :, ::self.stride, ::self.stride]
        return F.pad(x, (0, 0, 0, 0, 0, self.extra))


class CifarNet(nn.Module):
    """A 6n + 2 layer network of section 4.2, residual or plain."""

    def __init__(self, depth: int, residual: bool, num_classes: int = 10) -> None:
        super().__init__()
        if depth < 8 or (depth - 2) % 6:
            raise ValueError(f"depth must be 6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, ...), "
                             f"got {depth}")
        self.depth, self.residual = depth, residual
        blocks = (depth - 2) // 6
        self.conv1 = conv3x3(3, CIFAR_WIDTHS[0])
        self.bn1 = nn.BatchNorm2d(CIFAR_WIDTHS[0])
        self.relu = nn.ReLU(inplace=True)
        self.inplanes = CIFAR_WIDTHS[0]
        self.layer1 = self._make_layer(CIFAR_WIDTHS[0], blocks)
        self.layer2 = self._make_layer(CIFAR_WIDTHS[1], blocks, stride=2)
        self.layer3 = self._make_layer(CIFAR_WIDTHS[2], blocks, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(CIFAR_WIDTHS[-1], num_classes)
        for m in self.modules():  # He et al.'s initialisation (their reference [13])
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def _make_layer(self, planes: int, blocks: int, stride: int = 1) -> nn.Sequential:
        layers: list[nn.Module] = []
        for i in range(blocks):
            s = stride if i == 0 else 1
            if not self.residual:
                layers.append(PlainBlock(self.inplanes, planes, s))
            else:
                shortcut = None
                if s != 1 or self.inplanes != planes:
                    shortcut = PaddedIdentity(self.inplanes, planes, s)
                layers.append(BasicBlock(self.inplanes, planes, s, shortcut))
            self.inplanes = planes
        return nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))

    @property
    def name(self) -> str:
        return f"{'ResNet' if self.residual else 'plain'}-{self.depth}"
