"""ResNet-18 (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016).

A residual block learns F(x) and outputs H(x) = F(x) + x: when the block keeps the shape, the
shortcut is the identity; when it halves the resolution or changes the width, the shortcut is a
1×1 convolution with stride 2 (the paper's "option B" projection). ``_make_layer`` stacks two
blocks per stage, four stages at 64/128/256/512 channels; global average pooling and one linear
layer finish the network. Weighted layers: 1 stem conv + 16 block convs + 1 linear = 18 (the 1×1
projections are not counted, as in the paper).

Unlike the tutorial this follows, every convolution is followed by BatchNorm, as in the paper.
Module and parameter names match ``torchvision.models.resnet18`` so state dicts move both ways.
Two stems: ``"imagenet"`` (7×7 stride-2 conv + 3×3 stride-2 max-pool, the tutorial's) and
``"cifar"`` (3×3 stride-1 conv, no pooling), which keeps 32×32 inputs at full resolution in the
first stage, as the paper does for its CIFAR experiments (section 4.2).
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor, nn

Stem = Literal["cifar", "imagenet"]
STEMS: tuple[str, ...] = ("cifar", "imagenet")
STAGE_WIDTHS: tuple[int, ...] = (64, 128, 256, 512)


def conv3x3(in_planes: int, out_planes: int, stride: int = 1) -> nn.Conv2d:
    """3×3 convolution with padding; no bias because BatchNorm follows."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


def conv1x1(in_planes: int, out_planes: int, stride: int = 1) -> nn.Conv2d:
    """1×1 convolution: the projection shortcut when shape changes."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    """Two 3×3 convolutions with a shortcut: out = relu(F(x) + shortcut(x))."""

    expansion: int = 1

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 downsample: nn.Module | None = None) -> None:
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        # None is the identity shortcut; otherwise the 1×1 projection block.
        self.downsample = downsample
        self.stride = stride

    def forward(self, x: Tensor) -> Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    """ResNet with basic blocks; ``layers=(2, 2, 2, 2)`` is ResNet-18."""

    def __init__(self, layers: tuple[int, int, int, int] = (2, 2, 2, 2),
                 num_classes: int = 10, stem: Stem = "cifar") -> None:
        super().__init__()
        if stem not in STEMS:
            raise ValueError(f"unknown stem {stem!r}; expected one of {STEMS}")
        self.stem = stem
        self.inplanes = STAGE_WIDTHS[0]
        if stem == "imagenet":
            self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
            self.maxpool: nn.Module = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        else:
            self.conv1 = conv3x3(3, self.inplanes)
            self.maxpool = nn.Identity()
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = self._make_layer(STAGE_WIDTHS[0], layers[0])
        self.layer2 = self._make_layer(STAGE_WIDTHS[1], layers[1], stride=2)
        self.layer3 = self._make_layer(STAGE_WIDTHS[2], layers[2], stride=2)
        self.layer4 = self._make_layer(STAGE_WIDTHS[3], layers[3], stride=2)
        # Global average pooling makes the classifier independent of the input size.
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(STAGE_WIDTHS[3] * BasicBlock.expansion, num_classes)
        self._init_weights()

    def _make_layer(self, planes: int, blocks: int, stride: int = 1) -> nn.Sequential:
        downsample = None
        if stride != 1 or self.inplanes != planes * BasicBlock.expansion:
            downsample = nn.Sequential(
                conv1x1(self.inplanes, planes * BasicBlock.expansion, stride),
                nn.BatchNorm2d(planes * BasicBlock.expansion),
            )
        layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * BasicBlock.expansion
        layers += [BasicBlock(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def _init_weights(self) -> None:
        # Kaiming-normal fan-out for convolutions, as torchvision does.
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward_features(self, x: Tensor) -> Tensor:
        """Everything up to the last residual stage (the feature map Grad-CAM reads)."""
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        return self.layer4(x)

    def forward(self, x: Tensor) -> Tensor:
        x = self.forward_features(x)
        x = torch.flatten(self.avgpool(x), 1)
        return self.fc(x)


def resnet18(num_classes: int = 10, stem: Stem = "cifar") -> ResNet:
    """ResNet-18: four stages of two basic blocks."""
    return ResNet((2, 2, 2, 2), num_classes=num_classes, stem=stem)


def weighted_layers(model: nn.Module) -> int:
    """Count layers with weights as the paper does: convs on the main path and linear layers."""
    count = 0
    for name, m in model.named_modules():
        if isinstance(m, nn.Linear) or (isinstance(m, nn.Conv2d) and "downsample" not in name):
            count += 1
    return count
