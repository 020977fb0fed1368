"""What model.checkpoints (checkpoint.py, torch_files.py) says about files it cannot use, word
for word, and the helpers that shape those messages (the survivors of scripts/mutation.py's
first run)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import torch

from model.checkpoints import checkpoint as ck
from model.checkpoints import errors, torch_files
from model.checkpoints.checkpoint import CheckpointError, load_checkpoint
from model.data.labels import default_class_names


def test_short_keeps_messages_on_one_line_and_bounded() -> None:
    assert errors.short_reason(ValueError("a\n  b\tc")) == "a b c"
    assert errors.short_reason(ValueError("")) == "ValueError"
    assert errors.short_reason(ValueError("x" * 120)) == "x" * 120  # at the limit: whole
    assert errors.short_reason(ValueError("x" * 121)) == "x" * 119 + "…"
    assert errors.short_reason(ValueError("abcdef"), 4) == "abc…"


def test_few_lists_at_most_n_names() -> None:
    assert ck._few(["a", "b", "c"]) == "a, b, c"
    assert ck._few(["a", "b", "c", "d"]) == "a, b, c, …"
    assert ck._few(["a"], 1) == "a"
    assert ck._few([]) == ""


@pytest.mark.parametrize(("text", "reason"), [
    ("Weights only load failed. Re-running with weights_only=False will likely succeed.\n"
     "Please file an issue with the following so that we can make `weights_only=True` work:\n"
     "Unsupported operand 149", torch_files.DAMAGED + " (Unsupported operand 149)"),
    ("Weights only load failed.\nTrying to load unsupported GLOBAL os.system whose module os "
     "is blocked.", "refused: the file holds pickled Python objects, not just weights (it names "
     "os.system), and loading it could run code; it was not opened"),
    ("Weights only load failed.\nUnpickling error: invalid load key 'x'.",
     torch_files.DAMAGED + " (Unpickling error: invalid load key 'x'.)"),
    ("Weights only load failed.\nan ERROR happened, use weights_only=False", torch_files.DAMAGED),
    ("nothing to say", torch_files.DAMAGED),
])
def test_unpickling_failures_in_our_words(text: str, reason: str) -> None:
    assert torch_files.unpickling_reason(pickle.UnpicklingError(text)) == reason


def test_a_long_unpickling_detail_is_cut_at_80() -> None:
    got = torch_files.unpickling_reason(pickle.UnpicklingError("Unsupported " + "y" * 200))
    assert got == torch_files.DAMAGED + " (" + ("Unsupported " + "y" * 200)[:79] + "…)"


def test_state_dicts_are_found_under_up_to_three_wrappers(tmp_path: Path) -> None:
    weights = {"fc.weight": torch.zeros(2, 2)}
    assert torch_files.unwrap("f", weights) == weights
    assert torch_files.unwrap("f", {"state_dict": weights, "epoch": 3}) == weights
    nested = {"model": {"net": {"state_dict": weights}}}
    assert torch_files.unwrap("f", nested) == weights
    message = ("no state dict found (expected tensors, or a dict holding them under one of "
               "state_dict, model_state_dict, model, net)")
    for odd in ({"model": nested}, [weights], {"epoch": 3}, {}):
        with pytest.raises(CheckpointError) as err:
            torch_files.unwrap("f.pt", odd)
        assert (err.value.path, err.value.reason) == ("f.pt", message)
    # Non-tensor entries beside the weights are dropped.
    assert torch_files.unwrap("f", {**weights, "note": "x"}) == weights


def test_torch_file_errors_name_the_file_and_the_reason(tmp_path: Path) -> None:
    torn = tmp_path / "torn.pt"
    good = tmp_path / "good.pt"
    torch.save({"fc.weight": torch.zeros(2, 2)}, good)
    torn.write_bytes(good.read_bytes()[:40])  # a zip archive cut short
    with pytest.raises(CheckpointError) as err:
        load_checkpoint(torn)
    assert err.value.path == str(torn)
    assert err.value.reason.startswith("not a checkpoint, or truncated (")
    # "PK" alone is enough to be taken for a zip; "P" and something else is not.
    almost = tmp_path / "almost.pt"
    almost.write_bytes(b"PX" + bytes(100))
    with pytest.raises(CheckpointError) as err:
        load_checkpoint(almost)
    assert err.value.reason == torch_files.NOT_TORCH


@pytest.fixture
def small_checkpoint(tmp_path: Path, randomise) -> Path:
    from model.checkpoints.checkpoint import CheckpointInfo, save_checkpoint
    from model.network.resnet import resnet18

    path = tmp_path / "small.safetensors"
    save_checkpoint(path, randomise(resnet18()), CheckpointInfo(extra={"kept": 1}))
    return path


def test_update_metadata_merges_extra_and_swaps_only_the_detector_tensors(small_checkpoint):
    from safetensors.torch import load_file

    from model.checkpoints.checkpoint import read_info, update_metadata

    weights = load_file(str(small_checkpoint))
    update_metadata(small_checkpoint, extra={"added": 2}, source_size=16)
    info = read_info(small_checkpoint)
    assert info.extra == {"kept": 1, "added": 2} and info.source_size == 16
    assert load_file(str(small_checkpoint)).keys() == weights.keys()  # nothing added
    old = {"detector.bank": torch.ones(3, 4)}
    update_metadata(small_checkpoint, _tensors=old)
    assert "detector.bank" in load_file(str(small_checkpoint))
    # New detector tensors replace the old ones; the network's stay as they were.
    update_metadata(small_checkpoint, _tensors={"detector.means": torch.zeros(2, 4)})
    after = load_file(str(small_checkpoint))
    assert set(after) == set(weights) | {"detector.means"}
    assert all(torch.equal(after[k], weights[k]) for k in weights)
    assert read_info(small_checkpoint).extra == {"kept": 1, "added": 2}


def test_read_info_says_what_the_file_is_not(tmp_path: Path, small_checkpoint: Path) -> None:
    from safetensors.torch import save_file

    from model.checkpoints.checkpoint import read_info

    pt = tmp_path / "weights.pt"
    torch.save({"fc.weight": torch.zeros(2, 2)}, pt)
    with pytest.raises(CheckpointError) as err:
        read_info(pt)
    assert (err.value.path, err.value.reason) == (str(pt), "not a safetensors checkpoint")
    foreign = tmp_path / "foreign.safetensors"
    save_file({"fc.weight": torch.zeros(2, 2)}, str(foreign))
    with pytest.raises(CheckpointError) as err:
        read_info(foreign)
    assert (err.value.path, err.value.reason) == (
        str(foreign), "safetensors file without this project's metadata")


def _weights(conv1: tuple[int, ...] | None = (64, 3, 3, 3),
             fc: tuple[int, ...] | None = (10, 512)) -> dict[str, torch.Tensor]:
    """Just the two tensors _infer_info reads."""
    state = {}
    if conv1 is not None:
        state["conv1.weight"] = torch.zeros(conv1)
    if fc is not None:
        state["fc.weight"] = torch.zeros(fc)
    return state


NO_STEM = "wrong architecture: no ResNet stem (conv1) or classifier (fc/linear) weights"


@pytest.mark.parametrize(("state", "reason"), [
    (_weights(None, None), NO_STEM),
    (_weights(fc=None), NO_STEM),                      # each of the two missing alone
    (_weights(conv1=None), NO_STEM),
    (_weights(fc=(10,)), NO_STEM),                     # a classifier that is not a matrix
    (_weights(conv1=(64, 3, 3)), NO_STEM),             # a stem that is not a 2-D convolution
    (_weights(conv1=(64, 3, 5, 5)), "wrong architecture: 5×5 stem convolution (ResNet-18 "
                                    "uses 3×3 or 7×7)"),
    (_weights(conv1=(64, 3, 7, 3)), "wrong architecture: 7×3 stem convolution (ResNet-18 "
                                    "uses 3×3 or 7×7)"),
    (_weights(conv1=(64, 3, 3, 7)), "wrong architecture: 3×7 stem convolution (ResNet-18 "
                                    "uses 3×3 or 7×7)"),
])
def test_weights_that_are_no_resnet18_word_for_word(state, reason: str) -> None:
    if reason == NO_STEM and state:  # the keys it has, so that a prefix of its own shows
        reason += "; its keys begin " + ", ".join(sorted(state))
    with pytest.raises(CheckpointError) as err:
        ck._infer_info("net.pth", state, None)
    assert (err.value.path, err.value.reason) == ("net.pth", reason)
    assert str(err.value) == f"net.pth: {reason}"


def test_what_a_state_dict_without_metadata_is_taken_for() -> None:
    cifar = ck._infer_info("a.pth", _weights(), None)
    assert (cifar.stem, cifar.num_classes, cifar.input_size) == ("cifar", 10, 32)
    assert cifar.extra == {"source": "state dict without metadata"}
    imagenet = ck._infer_info("b.pth", _weights(conv1=(64, 3, 7, 7), fc=(7, 512)), None)
    assert (imagenet.stem, imagenet.num_classes, imagenet.input_size) == ("imagenet", 7, 224)
    assert imagenet.class_names == default_class_names(7)
    assert imagenet.extra == {"source": "state dict without metadata"}
    torchvision = ck._infer_info("c.pth", _weights(conv1=(64, 3, 7, 7), fc=(1000, 512)), None)
    assert torchvision.extra == {"source": "state dict without metadata; a 1000-class "
                                           "ImageNet-stem ResNet-18 is taken for torchvision's "
                                           "ImageNet-1k model (its preprocessing and names)"}


def test_metadata_that_disagrees_with_the_weights_word_for_word() -> None:
    meta = ck.CheckpointInfo().to_metadata()  # cifar stem, 10 classes
    with pytest.raises(CheckpointError) as err:
        ck._infer_info("m.safetensors", _weights(fc=(5, 512)), meta)
    assert str(err.value) == ("m.safetensors: metadata says 10 classes but the classifier has "
                              "5 outputs")
    with pytest.raises(CheckpointError) as err:
        ck._infer_info("m.safetensors", _weights(conv1=(64, 3, 7, 7)), meta)
    assert str(err.value) == ("m.safetensors: metadata says the cifar stem but the weights have "
                              "the imagenet stem")
    assert ck._infer_info("m.safetensors", _weights(), meta) == ck.CheckpointInfo()


def test_unusable_metadata_word_for_word() -> None:
    meta = {"format": ck.FORMAT, "num_classes": "ten"}
    with pytest.raises(CheckpointError) as err:
        ck._parse_info("m.safetensors", meta)
    assert str(err.value) == ("m.safetensors: unreadable metadata (Expecting value: line 1 "
                              "column 1 (char 0))")
    meta = {"format": ck.FORMAT, "arch": '"resnet34"'}
    with pytest.raises(CheckpointError) as err:
        ck._parse_info("m.safetensors", meta)
    assert str(err.value) == "m.safetensors: wrong architecture: resnet34 (this app runs resnet18)"


def test_files_that_are_not_there_word_for_word(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pth"
    empty.touch()
    for path, reason in ((tmp_path / "gone.pth", "file not found"),
                         (tmp_path, "is a folder, not a checkpoint file"),
                         (empty, "empty file")):
        with pytest.raises(CheckpointError) as err:
            load_checkpoint(path)
        assert (err.value.path, err.value.reason) == (str(path), reason)


@pytest.mark.parametrize(("head", "name", "expected"), [
    ((0).to_bytes(8, "little") + b"{", "x.pth", False),           # a zero-length header
    ((1).to_bytes(8, "little") + b"{", "x.pth", True),            # nine bytes are enough
    ((99_999_999).to_bytes(8, "little") + b"{}", "x.pth", True),
    ((100_000_000).to_bytes(8, "little") + b"{}", "x.pth", False),  # an absurd header size
    ((5).to_bytes(8, "little") + b"[", "x.pth", False),            # no JSON object
    ((5).to_bytes(8, "little") + b"[", "x.safetensors", True),     # then the name decides
    (b"{", "x.safetensors", True),                                 # too short to tell
    (b"{", "x.pth", False),
])
def test_how_a_safetensors_file_is_recognised(tmp_path: Path, head: bytes, name: str,
                                              expected: bool) -> None:
    path = tmp_path / name
    path.write_bytes(head)
    assert ck._is_safetensors(path) is expected


def test_a_classifier_of_fewer_than_two_outputs_is_refused() -> None:
    for outputs, said in ((1, "1 output"), (0, "0 outputs")):
        with pytest.raises(CheckpointError) as err:
            ck._infer_info("net.pth", _weights(fc=(outputs, 512)), None)
        assert err.value.reason == f"the classifier has {said}; at least 2 classes are needed"


def test_integer_weights_are_refused(tmp_path) -> None:
    from torchvision.models import resnet18

    state = {k: (v.to(torch.int32) if v.is_floating_point() else v)
             for k, v in resnet18(num_classes=10).state_dict().items()}
    torch.save(state, tmp_path / "int.pth")
    with pytest.raises(CheckpointError) as err:
        ck.load_checkpoint(tmp_path / "int.pth")
    assert err.value.reason == ("int32 weights, not floating point, in conv1.weight, "
                                "bn1.weight, bn1.bias, …")


def test_a_network_kept_under_an_owner_name_is_found(tmp_path) -> None:
    # A LightningModule's self.model: every key begins "model.", as in its .ckpt files.
    from torchvision.models import resnet18

    net = resnet18(num_classes=10)
    torch.save({"state_dict": {f"model.{k}": v for k, v in net.state_dict().items()},
                "epoch": 3}, tmp_path / "lightning.ckpt")
    model, info = ck.load_checkpoint(tmp_path / "lightning.ckpt")
    assert info.num_classes == 10
    assert torch.equal(model.conv1.weight, net.conv1.weight)
    # Keys of something else beside it are still refused, by name.
    torch.save({**{f"model.{k}": v for k, v in net.state_dict().items()},
                "criterion.weight": torch.ones(10)}, tmp_path / "more.pth")
    with pytest.raises(CheckpointError, match="unexpected keys \\(criterion.weight\\)"):
        ck.load_checkpoint(tmp_path / "more.pth")
