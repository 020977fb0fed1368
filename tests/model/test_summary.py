"""model.network.summary and ``cifar10 summary``: the architecture read from the model object."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from model.cli.main import main
from model.network.resnet import ResNet, resnet18
from model.network.summary import summarize


def _torchvision_resnet18(stem: str) -> nn.Module:
    torchvision = pytest.importorskip("torchvision")
    net = torchvision.models.resnet18(num_classes=10)
    if stem == "cifar":  # the CIFAR stem swapped in: 3×3 stride-1 conv, no max-pool
        net.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
        net.maxpool = nn.Identity()
    return net


@pytest.mark.parametrize("stem", ["cifar", "imagenet"])
def test_totals_match_torchvision(stem: str) -> None:
    summary = summarize(resnet18(10, stem), 32)
    expected = sum(p.numel() for p in _torchvision_resnet18(stem).parameters())
    assert summary.parameters == expected
    assert summary.weighted_layers == 18 and summary.layer_sum == "1 + 16 + 1 = 18"
    if stem == "cifar":
        assert summary.parameters == 11_173_962  # the figure the tutorial's network must have


def test_rows_for_the_cifar_stem() -> None:
    summary = summarize(resnet18(10, "cifar"), 32)
    rows = {r.name: r for r in summary.rows}
    assert list(rows) == ["conv1", *[f"layer{s}.{b}" for s in range(1, 5) for b in (0, 1)],
                          "avgpool", "fc"]
    projections = [r.name for r in summary.rows if r.shortcut == "projection"]
    assert projections == ["layer2.0", "layer3.0", "layer4.0"]
    assert all(r.shortcut == "identity" for r in summary.rows
               if r.role == "block" and r.name not in projections)
    assert [rows[f"layer{s}.1"].output_shape for s in range(1, 5)] == \
        [(64, 32, 32), (128, 16, 16), (256, 8, 8), (512, 4, 4)]
    assert rows["fc"].output_shape == (10,) and rows["fc"].parameters == 512 * 10 + 10
    assert rows["conv1"].parameters == 3 * 3 * 3 * 64 + 2 * 64  # conv + BatchNorm scale, shift
    # The projection's 1×1 conv and BatchNorm belong to its block's parameters.
    assert rows["layer2.0"].parameters == (64 * 128 * 9 + 128 * 128 * 9 + 64 * 128
                                           + 3 * 2 * 128)
    assert sum(r.parameters for r in summary.rows) == summary.parameters
    assert "1 + 16 + 1 = 18" in summary.table() and "11,173,962" in summary.table()


def test_imagenet_stem_has_its_pool_and_shapes_follow_the_input() -> None:
    summary = summarize(resnet18(10, "imagenet"), 64)
    rows = {r.name: r for r in summary.rows}
    assert summary.stem == "imagenet" and rows["conv1"].kernel == 7 and rows["conv1"].stride == 2
    assert rows["maxpool"].role == "stem_pool" and rows["maxpool"].output_shape == (64, 16, 16)
    assert rows["layer4.1"].output_shape == (512, 2, 2)
    assert "maxpool" not in {r.name for r in summarize(resnet18(), 32).rows}


def test_other_class_counts_and_depths_are_read_from_the_model() -> None:
    summary = summarize(resnet18(100, "cifar"), 32)
    assert summary.rows[-1].output_shape == (100,) and summary.rows[-1].parameters == 51_300
    deeper = summarize(ResNet((3, 4, 6, 3), 10, "cifar"), 32)  # ResNet-34's stages
    assert deeper.layer_sum == "1 + 32 + 1 = 34"
    assert deeper.parameters == sum(p.numel() for p in ResNet((3, 4, 6, 3)).parameters())


def test_summary_leaves_the_model_as_it_was() -> None:
    net = resnet18().train()
    before = {k: v.clone() for k, v in net.state_dict().items()}
    summarize(net, 32)
    assert net.training and all(not m._forward_hooks for m in net.modules())
    assert all(torch.equal(before[k], v) for k, v in net.state_dict().items())  # BN untouched


def test_unusable_input_size() -> None:
    with pytest.raises(ValueError, match="at least 1 pixel"):
        summarize(resnet18(), 0)


def test_cli_prints_the_table(random_checkpoint: Path, capsys) -> None:
    assert main(["summary", "--checkpoint", str(random_checkpoint)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ResNet-18, cifar stem, input 3×32×32")
    assert "1 + 16 + 1 = 18" in out and "parameters: 11,173,962" in out
    assert main(["summary", "--checkpoint", str(random_checkpoint), "--input-size", "64"]) == 0
    assert "512×8×8" in capsys.readouterr().out


def test_cli_refuses_a_resnet34_state_dict_by_name(tmp_path: Path, capsys) -> None:
    path = tmp_path / "resnet34.pth"
    torch.save(ResNet((3, 4, 6, 3), 10, "imagenet").state_dict(), path)
    assert main(["summary", "--checkpoint", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cifar10 summary: {path}: wrong architecture (a deeper ResNet than "
                          "ResNet-18?)")


def test_cli_refuses_a_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["summary", "--checkpoint", str(tmp_path / "none.safetensors")]) == 2
    assert "cifar10 summary:" in capsys.readouterr().err
