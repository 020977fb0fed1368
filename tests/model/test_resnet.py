"""The network: torchvision-compatible, the paper's layer count, any input size."""

from __future__ import annotations

import pytest
import torch
import torchvision

from model.network.resnet import resnet18, weighted_layers


def test_same_weights_same_outputs_as_torchvision(randomise) -> None:
    theirs = randomise(torchvision.models.resnet18(weights=None, num_classes=1000))
    ours = resnet18(num_classes=1000, stem="imagenet").eval()
    assert {k: v.shape for k, v in ours.state_dict().items()} == {
        k: v.shape for k, v in theirs.state_dict().items()}
    ours.load_state_dict(theirs.state_dict())
    x = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected = theirs(x)
        assert torch.allclose(ours(x), expected, rtol=1e-5, atol=1e-5)
        assert expected.abs().max() > 1e-3  # a real comparison, not of zeros


def test_imagenet_batch_shape() -> None:
    with torch.no_grad():
        out = resnet18(num_classes=1000, stem="imagenet").eval()(torch.randn(3, 3, 224, 224))
    assert out.shape == (3, 1000)


def test_eighteen_weighted_layers() -> None:
    assert weighted_layers(resnet18()) == 18
    assert weighted_layers(resnet18(stem="imagenet")) == 18


def test_parameter_count_cifar_stem() -> None:
    # 11,173,962 = 11,689,512 (torchvision's ImageNet ResNet-18) - 7x7 stem (9,408) + 3x3 stem
    # (1,728) - 1000-class fc (513,000) + 10-class fc (5,130).
    assert sum(p.numel() for p in resnet18(num_classes=10).parameters()) == 11_173_962


@pytest.mark.parametrize("size", [32, 48, 64, 100])
def test_any_input_size(size: int) -> None:
    net = resnet18().eval()
    with torch.no_grad():
        assert net(torch.randn(1, 3, size, size)).shape == (1, 10)


def test_features_and_stems() -> None:
    with torch.no_grad():
        assert resnet18().eval().forward_features(torch.randn(1, 3, 32, 32)).shape == (
            1, 512, 4, 4)
    with pytest.raises(ValueError, match="stem"):
        resnet18(stem="tiny")  # type: ignore[arg-type]


@pytest.mark.parametrize("stem", ["cifar", "imagenet"])
def test_the_shared_randomiser_gives_outputs_that_depend_on_the_input(randomise, stem) -> None:
    # The weight-comparison tests (checkpoint loading, BatchNorm folding, engines) decide at
    # about 1e-5; they can only catch a wrong weight if one changes the logits far more.
    net = randomise(resnet18(stem=stem))
    x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        logits = net(x)
        assert torch.isfinite(logits).all() and logits.abs().max() < 100
        assert (logits[0] - logits[1]).abs().mean() > 0.05  # about 0.2 (cifar), 0.5 (imagenet)
        net.layer2[0].conv1.weight.zero_()  # one convolution of sixteen gone
        assert (net(x) - logits).abs().max() > 0.05
