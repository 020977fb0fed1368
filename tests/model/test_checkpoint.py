"""Checkpoints: bad files refused with a reason, other tools' state dicts loaded, saves atomic."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision
from torch import Tensor, nn

from model.checkpoints.checkpoint import (
    CheckpointError,
    CheckpointInfo,
    load_checkpoint,
    read_info,
    save_checkpoint,
    update_metadata,
)
from model.network.resnet import resnet18


def same_outputs(a: nn.Module, b: nn.Module, size: int = 32) -> bool:
    x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        return torch.allclose(a.eval()(x), b.eval()(x), rtol=1e-5, atol=1e-5)


@pytest.fixture(scope="module")
def cifar_net(randomise) -> nn.Module:
    return randomise(resnet18())


# --------------------------------------------------------------------------------------------
# Refused, with a reason


@pytest.mark.parametrize("seed", range(8))
def test_random_bytes(tmp_path: Path, seed: int) -> None:
    # Seeded, so every machine sees the same bytes; the first one is kept off the two that
    # start a PyTorch file ("P" of a zip, 0x80 of a pickle), which the next test covers.
    data = bytearray(np.random.default_rng(seed).bytes(4096))
    data[0] = 0x42
    for name in ("random.pt", "random.safetensors"):
        path = tmp_path / name
        path.write_bytes(bytes(data))
        with pytest.raises(CheckpointError) as err:
            load_checkpoint(path)
        assert str(err.value).startswith(f"{path}: ") and err.value.reason
        # Garbage is not called a code-running pickle, and the unsafe workaround torch's own
        # message suggests is never passed on.
        assert "could run code" not in err.value.reason
        assert "weights_only" not in err.value.reason
    with pytest.raises(CheckpointError, match="random.pt: not a PyTorch checkpoint"):
        load_checkpoint(tmp_path / "random.pt")


@pytest.mark.parametrize("seed", range(8))
def test_random_bytes_after_a_pickle_header(tmp_path: Path, seed: int) -> None:
    # Garbage behind a pickle's first byte makes torch's unpickler fail in ways that depend on
    # the bytes (UnpicklingError, IndexError, ...): always reported as a damaged file.
    path = tmp_path / "damaged.pt"
    path.write_bytes(b"\x80\x02" + np.random.default_rng(seed).bytes(4096))
    with pytest.raises(CheckpointError) as err:
        load_checkpoint(path)
    reason = err.value.reason
    assert reason.startswith("damaged or not a checkpoint") or reason.startswith(
        "not a checkpoint, or truncated"), reason
    assert "could run code" not in reason and "weights_only" not in reason


def test_missing_empty_and_folder(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match="file not found"):
        load_checkpoint(tmp_path / "none.pt")
    (tmp_path / "empty.pth").write_bytes(b"")
    with pytest.raises(CheckpointError, match="empty file"):
        load_checkpoint(tmp_path / "empty.pth")
    with pytest.raises(CheckpointError, match="folder"):
        load_checkpoint(tmp_path)


def test_truncated_safetensors(tmp_path: Path, cifar_net: nn.Module) -> None:
    good = save_checkpoint(tmp_path / "good.safetensors", cifar_net, CheckpointInfo())
    data = good.read_bytes()
    for cut in (len(data) // 2, 20):  # weights cut off; header cut off
        bad = tmp_path / f"cut{cut}.safetensors"
        bad.write_bytes(data[:cut])
        with pytest.raises(CheckpointError, match="safetensors"):
            load_checkpoint(bad)


class Exploit:
    """Unpickling this runs a shell command (pickle calls os.system(command))."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple:
        return os.system, (self.command,)


@pytest.mark.skipif(os.name != "posix", reason="the payload uses the POSIX touch command")
@pytest.mark.parametrize("container", ["torch.save", "raw pickle"])
def test_malicious_pickle_never_runs(tmp_path: Path, container: str) -> None:
    marker = tmp_path / "pwned"
    payload = {"state_dict": {"fc.weight": torch.zeros(2, 2)}, "hook": Exploit(f"touch {marker}")}
    path = tmp_path / "evil.pth"
    if container == "torch.save":
        torch.save(payload, path)
    else:
        path.write_bytes(pickle.dumps(payload, protocol=2))  # torch.load's default
    with pytest.raises(CheckpointError, match=r"evil.pth: refused: .*pickled Python objects.*"
                                              r"\(it names [\w.]+\).*could run code") as err:
        load_checkpoint(path)
    assert "weights_only" not in str(err.value)
    assert not marker.exists()
    # The file really is an exploit: an unrestricted load runs the command.
    if container == "raw pickle":
        pickle.loads(path.read_bytes())  # noqa: S301 -- deliberately, in tmp_path
    else:
        torch.load(path, weights_only=False)  # noqa: S614
    assert marker.exists()


def test_resnet34_refused(tmp_path: Path) -> None:
    path = tmp_path / "resnet34.pth"
    torch.save(torchvision.models.resnet34(weights=None, num_classes=10).state_dict(), path)
    with pytest.raises(CheckpointError, match="wrong architecture.*deeper ResNet"):
        load_checkpoint(path)


def test_resnet50_refused(tmp_path: Path) -> None:
    path = tmp_path / "resnet50.pth"
    torch.save(torchvision.models.resnet50(weights=None, num_classes=10).state_dict(), path)
    with pytest.raises(CheckpointError, match=r"wrong architecture \(a bottleneck ResNet"):
        load_checkpoint(path)


def test_head_size_disagrees_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "hundred.safetensors"
    save_checkpoint(path, resnet18(num_classes=100), CheckpointInfo())  # metadata: 10 classes
    with pytest.raises(CheckpointError, match="metadata says 10 classes but the classifier has "
                                              "100 outputs"):
        load_checkpoint(path)


@pytest.mark.parametrize("size", [0, 64, 70, 31.5, "32", True])
def test_source_size_must_be_smaller_than_the_input(tmp_path: Path, cifar_net: nn.Module,
                                                    size) -> None:
    path = tmp_path / "source.safetensors"
    save_checkpoint(path, cifar_net, CheckpointInfo(input_size=64, source_size=size))
    with pytest.raises(CheckpointError, match=r"source.safetensors: metadata field 'source_size' "
                                              r".* smaller than input_size \(64\)"):
        load_checkpoint(path)
    save_checkpoint(path, cifar_net, CheckpointInfo(input_size=64, source_size=32))
    assert load_checkpoint(path)[1].source_size == 32


@pytest.mark.parametrize(("changes", "field", "why"), [
    ({"std": [0, 0, 0]}, "std", "three finite numbers above 0"),
    ({"mean": [float("nan"), 0.5, 0.5]}, "mean", "three finite numbers from 0 to 1"),
    ({"mean": [0.5, 0.5]}, "mean", "three finite numbers"),
    ({"std": "big"}, "std", "three finite numbers"),
    ({"input_size": 0}, "input_size", "from 8 to 1024"),
    ({"input_size": -7}, "input_size", "from 8 to 1024"),
    ({"input_size": "big"}, "input_size", "whole number"),
    ({"input_size": 32.5}, "input_size", "whole number"),
    ({"stem": "vgg"}, "stem", "one of cifar, imagenet"),
    ({"class_names": ["cat"] * 10}, "class_names", "repeats 'cat'"),
    ({"class_names": ["a", "", *map(str, range(8))]}, "class_names", "empty name"),
    ({"class_names": ["x" * 101, *map(str, range(9))]}, "class_names", "101 characters"),
    ({"class_names": ["a\nb", *map(str, range(9))]}, "class_names", "control characters"),
    ({"class_names": [1, *map(str, range(9))]}, "class_names", "a list of strings"),
    ({"class_names": list(map(str, range(9)))}, "class names", "lists 9 class names for 10"),
    ({"test_accuracy": 1.5}, "test_accuracy", "fraction from 0 to 1"),
    ({"per_class_accuracy": {"cat": "high"}}, "per_class_accuracy", "fractions"),
    ({"train_config": [1, 2]}, "train_config", "JSON object"),
])
def test_every_metadata_field_is_validated(tmp_path: Path, cifar_net: nn.Module,
                                           changes: dict, field: str, why: str) -> None:
    """A bad value is refused when the file is opened, naming the file, the field and the rule;
    read_info (the app's quick look) and load_checkpoint alike."""
    path = tmp_path / "edited.safetensors"
    save_checkpoint(path, cifar_net, CheckpointInfo())
    _rewrite_metadata(path, changes)
    for load in (read_info, load_checkpoint):
        with pytest.raises(CheckpointError) as caught:
            load(path)
        message = str(caught.value)
        assert message.startswith(f"{path}: ")
        assert field in message and why in message, message


def test_a_head_of_fewer_than_two_classes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "one.safetensors"
    save_checkpoint(path, resnet18(num_classes=1),
                    CheckpointInfo(num_classes=1, class_names=["only"]))
    with pytest.raises(CheckpointError, match="'num_classes' must be a whole number from 2"):
        load_checkpoint(path)


def _rewrite_metadata(path: Path, changes: dict) -> None:
    """Edit metadata as a hostile tool would: raw JSON, bypassing every check of ours."""
    import json

    from safetensors.torch import load_file, save_file

    from model.checkpoints.checkpoint import _safetensors_metadata

    meta = _safetensors_metadata(path)
    meta.update({k: json.dumps(v) for k, v in changes.items()})
    save_file(load_file(str(path)), str(path), metadata=meta)


def test_non_finite_weights_refused(tmp_path: Path, cifar_net: nn.Module) -> None:
    state = {k: v.clone() for k, v in cifar_net.state_dict().items()}
    state["layer2.0.conv1.weight"][0, 0, 0, 0] = float("nan")
    path = tmp_path / "nan.pt"
    torch.save(state, path)
    with pytest.raises(CheckpointError, match="non-finite.*layer2.0.conv1.weight"):
        load_checkpoint(path)
    state["layer2.0.conv1.weight"][0, 0, 0, 0] = float("inf")
    save_checkpoint(tmp_path / "inf.safetensors", state, CheckpointInfo())
    with pytest.raises(CheckpointError, match="non-finite"):
        load_checkpoint(tmp_path / "inf.safetensors")


def test_no_state_dict(tmp_path: Path) -> None:
    path = tmp_path / "list.pt"
    torch.save({"epoch": 3, "lr": 0.1}, path)
    with pytest.raises(CheckpointError, match="no state dict"):
        load_checkpoint(path)


# --------------------------------------------------------------------------------------------
# Loaded


def test_torchvision_state_dict(tmp_path: Path, randomise) -> None:
    theirs = randomise(torchvision.models.resnet18(weights=None, num_classes=10))
    path = tmp_path / "tv.pth"
    torch.save(theirs.state_dict(), path)
    ours, info = load_checkpoint(path)
    assert (info.stem, info.num_classes, info.input_size) == ("imagenet", 10, 224)
    assert not ours.training
    assert same_outputs(ours, theirs, size=64)


def test_torchvision_imagenet_model_loads_as_what_it_is(tmp_path: Path) -> None:
    # torchvision's ImageNet ResNet-18 layout, weights untrained (no download): the loader must
    # take it for an ImageNet-1k model, with that preprocessing and those names.
    path = tmp_path / "resnet18-imagenet.pth"
    torch.save(torchvision.models.resnet18(weights=None).state_dict(), path)
    _, info = load_checkpoint(path)
    assert (info.stem, info.num_classes, info.input_size) == ("imagenet", 1000, 224)
    assert info.mean == (0.485, 0.456, 0.406) and info.std == (0.229, 0.224, 0.225)
    expected = torchvision.models.ResNet18_Weights.IMAGENET1K_V1.meta["categories"]
    assert info.class_names == expected and info.class_names[281] == "tabby"
    # Not for other class counts: a 10-class ImageNet-stem state dict keeps CIFAR-10's names.
    torch.save(torchvision.models.resnet18(weights=None, num_classes=10).state_dict(), path)
    assert load_checkpoint(path)[1].class_names[3] == "cat"


@pytest.mark.parametrize("wrapper", ["state_dict", "model", "net"])
def test_wrapped_state_dicts(tmp_path: Path, cifar_net: nn.Module, wrapper: str) -> None:
    path = tmp_path / f"{wrapper}.pt"
    torch.save({"epoch": 12, "best_acc": 93.1, wrapper: cifar_net.state_dict()}, path)
    ours, info = load_checkpoint(path)
    assert info.stem == "cifar" and same_outputs(ours, cifar_net)


def test_dataparallel_prefix(tmp_path: Path, cifar_net: nn.Module) -> None:
    path = tmp_path / "ddp.pth"
    torch.save({f"module.{k}": v for k, v in cifar_net.state_dict().items()}, path)
    ours, _ = load_checkpoint(path)
    assert same_outputs(ours, cifar_net)


def kuangliu_keys(state: dict[str, Tensor]) -> dict[str, Tensor]:
    """Our names as kuangliu/pytorch-cifar's ResNet18 spells them."""
    renamed = {}
    for key, value in state.items():
        key = key.replace(".downsample.", ".shortcut.")
        if key.startswith("fc."):
            key = "linear." + key[len("fc."):]
        renamed[key] = value
    return renamed


def test_kuangliu_style_keys(tmp_path: Path, cifar_net: nn.Module) -> None:
    state = kuangliu_keys(cifar_net.state_dict())
    assert "linear.weight" in state and "layer2.0.shortcut.0.weight" in state
    # kuangliu's checkpoints wrap the weights as {'net': ..., 'acc': ..., 'epoch': ...}.
    path = tmp_path / "ckpt.pth"
    torch.save({"net": {f"module.{k}": v for k, v in state.items()}, "acc": 95.0}, path)
    ours, info = load_checkpoint(path)
    assert info.stem == "cifar" and same_outputs(ours, cifar_net)


def test_stem_and_classes_inferred(tmp_path: Path, randomise) -> None:
    net = randomise(resnet18(num_classes=7, stem="cifar"))
    path = tmp_path / "seven.pt"
    state = {k: v for k, v in net.state_dict().items() if "num_batches_tracked" not in k}
    torch.save(state, path)  # also without the BatchNorm counters some exporters drop
    ours, info = load_checkpoint(path)
    assert (info.stem, info.num_classes, info.input_size) == ("cifar", 7, 32)
    assert info.class_names == [f"class {i}" for i in range(7)]
    assert same_outputs(ours, net)


def test_round_trip_keeps_weights_and_metadata(tmp_path: Path, cifar_net: nn.Module) -> None:
    info = CheckpointInfo(test_accuracy=0.5, class_names=[f"c{i}" for i in range(10)],
                          extra={"note": "test"})
    path = save_checkpoint(tmp_path / "ours.safetensors", cifar_net, info)
    ours, loaded = load_checkpoint(path)
    assert same_outputs(ours, cifar_net)
    assert loaded.test_accuracy == 0.5 and loaded.class_names[3] == "c3"
    assert loaded.extra == {"note": "test"} and loaded.created is not None
    assert read_info(path) == loaded
    update_metadata(path, test_accuracy=0.75)
    assert read_info(path).test_accuracy == 0.75
    half = save_checkpoint(tmp_path / "half.safetensors", cifar_net, info, half=True)
    assert half.stat().st_size < path.stat().st_size * 0.6
    half_net, _ = load_checkpoint(half)
    assert next(half_net.parameters()).dtype == torch.float32


def test_save_is_atomic(tmp_path: Path, cifar_net: nn.Module,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "model.safetensors"
    save_checkpoint(path, cifar_net, CheckpointInfo())
    assert [p.name for p in tmp_path.iterdir()] == ["model.safetensors"]  # no temp files left
    before = path.read_bytes()

    import safetensors.torch

    def crash(tensors: dict, filename: str, metadata: dict | None = None) -> None:
        Path(filename).write_bytes(b"half-written")
        raise OSError("disk full")

    monkeypatch.setattr(safetensors.torch, "save_file", crash)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, resnet18(), CheckpointInfo())
    assert [p.name for p in tmp_path.iterdir()] == ["model.safetensors"]
    assert path.read_bytes() == before  # the old checkpoint survives a failed save


def test_a_name_too_long_for_the_file_system_is_one_error(tmp_path: Path) -> None:
    # Path.exists() raised OSError (ENAMETOOLONG): a traceback in every subcommand.
    from model.checkpoints.checkpoint import CheckpointError, load_checkpoint, read_info

    long = tmp_path / ("m" * 300 + ".safetensors")
    for read in (read_info, load_checkpoint):
        with pytest.raises(CheckpointError, match="cannot be read"):
            read(long)
    with pytest.raises(CheckpointError, match="file not found"):
        read_info(tmp_path / "missing.safetensors")


def test_cli_with_a_checkpoint_name_too_long_exits_2(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from model.cli.main import main

    long = str(tmp_path / ("m" * 300 + ".safetensors"))
    assert main(["summary", "--checkpoint", long]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cifar10 summary: ") and "cannot be read" in err
