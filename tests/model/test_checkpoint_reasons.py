"""What model.checkpoints.checkpoint says about files it cannot use, word for word, and the
helpers that shape those messages (the survivors of scripts/mutation.py's first run)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import torch

from model.checkpoints import checkpoint as ck
from model.checkpoints.checkpoint import CheckpointError, load_checkpoint


def test_short_keeps_messages_on_one_line_and_bounded() -> None:
    assert ck._short(ValueError("a\n  b\tc")) == "a b c"
    assert ck._short(ValueError("")) == "ValueError"
    assert ck._short(ValueError("x" * 120)) == "x" * 120  # at the limit: whole
    assert ck._short(ValueError("x" * 121)) == "x" * 119 + "…"
    assert ck._short(ValueError("abcdef"), 4) == "abc…"


def test_few_lists_at_most_n_names() -> None:
    assert ck._few(["a", "b", "c"]) == "a, b, c"
    assert ck._few(["a", "b", "c", "d"]) == "a, b, c, …"
    assert ck._few(["a"], 1) == "a"
    assert ck._few([]) == ""


@pytest.mark.parametrize(("text", "reason"), [
    ("Weights only load failed. Re-running with weights_only=False will likely succeed.\n"
     "Please file an issue with the following so that we can make `weights_only=True` work:\n"
     "Unsupported operand 149", ck.DAMAGED + " (Unsupported operand 149)"),
    ("Weights only load failed.\nTrying to load unsupported GLOBAL os.system whose module os "
     "is blocked.", "refused: the file holds pickled Python objects, not just weights (it names "
     "os.system), and loading it could run code; it was not opened"),
    ("Weights only load failed.\nUnpickling error: invalid load key 'x'.",
     ck.DAMAGED + " (Unpickling error: invalid load key 'x'.)"),
    ("Weights only load failed.\nan ERROR happened, use weights_only=False", ck.DAMAGED),
    ("nothing to say", ck.DAMAGED),
])
def test_unpickling_failures_in_our_words(text: str, reason: str) -> None:
    assert ck._unpickling_reason(pickle.UnpicklingError(text)) == reason


def test_a_long_unpickling_detail_is_cut_at_80() -> None:
    got = ck._unpickling_reason(pickle.UnpicklingError("Unsupported " + "y" * 200))
    assert got == ck.DAMAGED + " (" + ("Unsupported " + "y" * 200)[:79] + "…)"


def test_state_dicts_are_found_under_up_to_three_wrappers(tmp_path: Path) -> None:
    weights = {"fc.weight": torch.zeros(2, 2)}
    assert ck._unwrap("f", weights) == weights
    assert ck._unwrap("f", {"state_dict": weights, "epoch": 3}) == weights
    nested = {"model": {"net": {"state_dict": weights}}}
    assert ck._unwrap("f", nested) == weights
    message = ("no state dict found (expected tensors, or a dict holding them under one of "
               "state_dict, model_state_dict, model, net)")
    for odd in ({"model": nested}, [weights], {"epoch": 3}, {}):
        with pytest.raises(CheckpointError) as err:
            ck._unwrap("f.pt", odd)
        assert (err.value.path, err.value.reason) == ("f.pt", message)
    # Non-tensor entries beside the weights are dropped.
    assert ck._unwrap("f", {**weights, "note": "x"}) == weights


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
    assert err.value.reason == ck.NOT_TORCH


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
