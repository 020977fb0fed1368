"""model.inference.feature_maps: the most active channels after the stem and each stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from model.inference.feature_maps import PLACES, feature_maps
from model.network.resnet import resnet18


def _activations(net, x) -> dict[str, torch.Tensor]:
    """The same places computed step by step, without hooks."""
    with torch.no_grad():
        out = {"stem": net.maxpool(net.relu(net.bn1(net.conv1(x))))}
        h = out["stem"]
        for name in PLACES[1:]:
            h = getattr(net, name)(h)
            out[name] = h
    return {k: v[0] for k, v in out.items()}


@pytest.mark.parametrize("stem,size,shapes", [
    ("cifar", 32, [(64, 32, 32), (64, 32, 32), (128, 16, 16), (256, 8, 8), (512, 4, 4)]),
    ("imagenet", 64, [(64, 16, 16), (64, 16, 16), (128, 8, 8), (256, 4, 4), (512, 2, 2)]),
])
def test_places_shapes_and_ranking(randomise, stem, size, shapes) -> None:
    net = randomise(resnet18(10, stem), seed=1)
    x = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(0))
    maps = feature_maps(net, x, per_stage=16)
    assert [m.place for m in maps] == list(PLACES) and [m.shape for m in maps] == shapes
    expected = _activations(net.eval(), x)
    for m in maps:
        means = expected[m.place].mean(dim=(1, 2))
        assert m.channels == tuple(int(i) for i in
                                   torch.sort(means, descending=True, stable=True).indices[:16])
        assert list(m.means) == sorted(m.means, reverse=True)
        assert m.tiles.shape == (16, *m.shape[1:]) and m.tiles.dtype == np.uint8
        # Each tile spans black to its own maximum: 255 where the channel is at its peak.
        first = expected[m.place][m.channels[0]]
        want = np.round(first.numpy() / float(first.max()) * 255)
        np.testing.assert_allclose(m.tiles[0], want, atol=1)
        assert m.tiles[0].max() == 255


def test_a_dead_channel_is_black_and_the_model_is_left_as_it_was(randomise) -> None:
    net = randomise(resnet18(), seed=2).train()
    with torch.no_grad():  # layer4's output channel 7 can never be positive
        net.layer4[1].bn2.weight[7] = 0.0
        net.layer4[1].bn2.bias[7] = -100.0
    maps = feature_maps(net, torch.randn(1, 3, 32, 32), per_stage=512)
    deepest = maps[-1]
    assert deepest.channels[-1] == 7 or deepest.means[deepest.channels.index(7)] == 0.0
    assert not deepest.tiles[deepest.channels.index(7)].any()
    assert net.training and all(not m._forward_hooks for m in net.modules())


def test_bad_inputs() -> None:
    net = resnet18()
    with pytest.raises(ValueError, match="1×3×H×W"):
        feature_maps(net, torch.zeros(2, 3, 32, 32))
    with pytest.raises(ValueError, match="per_stage"):
        feature_maps(net, torch.zeros(1, 3, 32, 32), per_stage=0)


def test_classifier_gives_them_for_a_prediction(random_checkpoint: Path) -> None:
    from PIL import Image

    from model.inference.classifier import Classifier

    clf = Classifier.from_checkpoint(random_checkpoint, device="cpu")
    pred = clf.predict(Image.new("RGB", (40, 30), (200, 30, 30)))
    maps = clf.feature_maps(pred.input_image)
    assert [m.shape[0] for m in maps] == [64, 64, 128, 256, 512]
    assert all(len(m.channels) == 16 for m in maps)
    assert clf.architecture().parameters == 11_173_962
