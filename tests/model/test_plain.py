"""The degradation experiment's networks: plain blocks, option-A shortcuts, 6n+2 depths."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from model.network.plain import CifarNet, PaddedIdentity, PlainBlock
from model.network.resnet import weighted_layers


def test_plain_block_is_relu_of_f_with_no_shortcut(randomise) -> None:
    block = randomise(PlainBlock(8, 8), seed=3)
    x = torch.randn(2, 8, 6, 6, generator=torch.Generator().manual_seed(0))

    def bn(t, m):  # eval-mode BatchNorm by hand: (t - mean) / sqrt(var + eps) * w + b
        shape = (1, -1, 1, 1)
        return ((t - m.running_mean.view(shape)) / torch.sqrt(m.running_var.view(shape) + m.eps)
                * m.weight.view(shape) + m.bias.view(shape))

    hidden = torch.clamp(bn(F.conv2d(x, block.conv1.weight, padding=1), block.bn1), min=0)
    f = bn(F.conv2d(hidden, block.conv2.weight, padding=1), block.bn2)
    with torch.no_grad():
        out = block(x)
    torch.testing.assert_close(out, torch.clamp(f, min=0), rtol=1e-5, atol=1e-5)
    # ... and not relu(F(x) + x), what a residual block would give.
    assert (out - torch.clamp(f + x, min=0)).abs().max() > 0.1


def test_padded_identity_subsamples_and_zero_pads() -> None:
    x = torch.arange(2 * 4 * 4 * 4, dtype=torch.float32).view(2, 4, 4, 4)
    out = PaddedIdentity(4, 8, 2)(x)
    assert out.shape == (2, 8, 2, 2)
    assert torch.equal(out[:, :4], x[:, :, ::2, ::2]) and not out[:, 4:].any()


@pytest.mark.parametrize("depth", [8, 20, 56])
def test_depths_are_6n_plus_2_weighted_layers(depth: int) -> None:
    plain, residual = CifarNet(depth, False), CifarNet(depth, True)
    assert weighted_layers(plain) == weighted_layers(residual) == depth
    # Option A shortcuts have no parameters: the twins have exactly the same weights.
    assert [k for k in plain.state_dict()] == [k for k in residual.state_dict()]
    x = torch.randn(2, 3, 32, 32)
    assert plain(x).shape == residual(x).shape == (2, 10)
    assert plain.name == f"plain-{depth}" and residual.name == f"ResNet-{depth}"


def test_residual_blocks_add_their_input() -> None:
    net = CifarNet(8, True).eval()
    block = net.layer1[0]
    x = torch.randn(1, 16, 8, 8)
    with torch.no_grad():
        f = block.bn2(block.conv2(block.relu(block.bn1(block.conv1(x)))))
        torch.testing.assert_close(block(x), torch.clamp(f + x, min=0))


@pytest.mark.parametrize("depth", [0, 7, 21])
def test_other_depths_are_refused(depth: int) -> None:
    with pytest.raises(ValueError, match="6n \\+ 2"):
        CifarNet(depth, True)
