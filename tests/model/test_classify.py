"""``cifar10 classify`` through model.cli.main.main: formats, errors, exit codes."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import model.inference.classifier as inference
import model.inference.engines as engines_module
import model.inference.onnx_session as onnx_session
from model.checkpoints.checkpoint import CheckpointInfo, read_info, save_checkpoint
from model.cli.main import main
from model.inference.reasons import NOT_SURE_MESSAGE


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Two good images (one in a subfolder), a text file posing as PNG, a hidden file, notes."""
    root = tmp_path / "photos"
    (root / "sub").mkdir(parents=True)
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)).save(root / "a.png")
    Image.fromarray(rng.integers(0, 256, (60, 40, 3), dtype=np.uint8)).save(root / "sub" / "b.jpg")
    (root / "fake.png").write_text("not an image")
    (root / ".hidden.png").write_text("skipped: hidden")
    (root / "notes.txt").write_text("skipped: not an image suffix")
    return root


def classify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["classify", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_mixed_folder(capsys: pytest.CaptureFixture[str], random_checkpoint: Path,
                           folder: Path) -> None:
    code, out, err = classify(capsys, str(folder), "--checkpoint", str(random_checkpoint),
                              "--format", "json", "--top", "3")
    assert code == 0
    records = json.loads(out)
    assert [Path(r["path"]).relative_to(folder).as_posix() for r in records] == [
        "a.png", "fake.png", "sub/b.jpg"]
    good = [r for r in records if "top" in r]
    assert len(good) == 2
    names = set(read_info(random_checkpoint).class_names)
    for r in good:
        assert "error" not in r and len(r["top"]) == 3
        assert {t["label"] for t in r["top"]} <= names
        probs = [t["probability"] for t in r["top"]]
        assert probs == sorted(probs, reverse=True) and all(0 <= p <= 1 for p in probs)
    assert records[1].keys() == {"path", "error"} and "not an image" in records[1]["error"]
    assert "1 of 3 files could not be classified" in err


def test_table_and_csv(capsys: pytest.CaptureFixture[str], random_checkpoint: Path,
                       folder: Path) -> None:
    ckpt = ["--checkpoint", str(random_checkpoint)]
    missing = folder / "missing.jpg"
    code, out, _ = classify(capsys, str(folder / "a.png"), str(missing), *ckpt)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == str(folder / "a.png")
    assert [line.split(".")[0].strip() for line in lines[1:6]] == ["1", "2", "3", "4", "5"]
    assert all(line.endswith("%") for line in lines[1:6])
    # An untrained network's outputs are nearly flat, so its top class is under 50%: not sure,
    # and worded as hesitation between classes (the only reason that fired).
    assert lines[6].startswith("  Not sure: the model is unsure between classes (the top class "
                               "has a probability under")
    assert lines[7:] == [str(missing), "  error: file not found"]

    code, out, _ = classify(capsys, str(folder), *ckpt, "--format", "csv", "--top", "2")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["path", "rank", "label", "probability", "error", "not_sure",
                             "not_sure_reasons"]
    assert [(Path(r["path"]).name, r["rank"]) for r in rows] == [
        ("a.png", "1"), ("a.png", "2"), ("fake.png", ""), ("b.jpg", "1"), ("b.jpg", "2")]
    assert rows[2]["error"] and not rows[0]["error"]
    assert (rows[0]["not_sure"], rows[0]["not_sure_reasons"]) == ("1", "low_confidence")
    assert (rows[2]["not_sure"], rows[2]["not_sure_reasons"]) == ("", "")
    assert float(rows[0]["probability"]) >= float(rows[1]["probability"])


def sure_checkpoint(path: Path, calibration: dict | None = None) -> Path:
    """A network that answers class 3 with probability 0.9996 (logit 10 against nine 0s) for
    any image, optionally with calibration metadata."""
    import torch

    from model.network.resnet import resnet18

    torch.manual_seed(0)
    net = resnet18()
    with torch.no_grad():
        net.fc.weight.zero_()
        net.fc.bias.zero_()
        net.fc.bias[3] = 10.0
    extra = {"calibration": calibration} if calibration else {}
    return save_checkpoint(path, net, CheckpointInfo(extra=extra))


@pytest.fixture()
def torch_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The torch engine skips the ONNX export's seconds; the engines agree (test_inference)."""
    monkeypatch.setattr(engines_module, "onnxruntime_available", lambda: False)
    monkeypatch.setattr(onnx_session, "onnxruntime_available", lambda: False)  # no light load


@pytest.mark.parametrize("calibration, reasons", [
    (None, []),                                                 # confident, no threshold
    ({"temperature": 1.0, "energy_threshold": 0.0}, []),        # E = -10.0004: familiar
    ({"temperature": 1.0, "energy_threshold": -11.0}, ["unfamiliar"]),
    # At T = 20 the logits shrink to [0.5, 0, ...]: p = e^0.5/(e^0.5 + 9) = 0.15.
    ({"temperature": 20.0}, ["low_confidence"]),
])
def test_not_sure_follows_the_checkpoints_calibration(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path, torch_engine: None,
        calibration: dict | None, reasons: list[str]) -> None:
    ckpt = sure_checkpoint(tmp_path / "sure.safetensors", calibration)
    code, out, _ = classify(capsys, str(folder / "a.png"), "--checkpoint", str(ckpt),
                            "--format", "json", "--top", "1")
    assert code == 0
    [record] = json.loads(out)
    assert record["top"][0]["label"] == read_info(ckpt).class_names[3]
    assert record["not_sure"] is bool(reasons) and record["not_sure_reasons"] == reasons
    t = calibration["temperature"] if calibration else 1.0
    expected_p = np.exp(10 / t) / (np.exp(10 / t) + 9)  # nine other classes at logit 0
    assert record["top"][0]["probability"] == pytest.approx(expected_p, rel=1e-5)


def test_not_sure_in_table_and_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                   folder: Path, torch_engine: None) -> None:
    ckpt = sure_checkpoint(tmp_path / "sure.safetensors",
                           {"temperature": 1.0, "energy_threshold": -11.0})
    args = [str(folder / "a.png"), str(folder / "fake.png"), "--checkpoint", str(ckpt),
            "--top", "2"]
    _, out, _ = classify(capsys, *args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rank"], r["not_sure"], r["not_sure_reasons"]) for r in rows] == [
        ("1", "1", "unfamiliar"), ("2", "1", "unfamiliar"), ("", "", "")]
    _, out, _ = classify(capsys, *args)
    assert out.splitlines()[3] == (f"  {NOT_SURE_MESSAGE} (the image is unlike the images the "
                                   "network was calibrated on (energy score))")


def test_all_bad_is_nonzero(capsys: pytest.CaptureFixture[str], random_checkpoint: Path,
                            folder: Path) -> None:
    empty = folder / "empty.jpg"
    empty.write_bytes(b"")
    code, out, err = classify(capsys, str(folder / "fake.png"), str(empty),
                              "--checkpoint", str(random_checkpoint), "--format", "json")
    assert code == 1  # nothing classified (documented: 0 some, 1 none, 2 unusable input)
    assert [r["error"] for r in json.loads(out)] == [
        "not an image, or a format this program cannot read", "empty file (0 bytes)"]
    assert "2 of 2 files" in err


def one_line_error(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_bad_checkpoint_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 folder: Path) -> None:
    bad = tmp_path / "weights.pth"
    bad.write_bytes(b"\x00garbage" * 100)
    code, out, err = classify(capsys, str(folder), "--checkpoint", str(bad))
    assert code == 2 and out == ""  # an unusable checkpoint
    assert one_line_error(err).startswith(f"cifar10 classify: {bad}: ")


def test_missing_bundled_checkpoint(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inference, "bundled_checkpoint", lambda: tmp_path / "bundled.safetensors")
    code, out, err = classify(capsys, str(folder))
    assert code == 2 and out == ""
    assert "bundled checkpoint is missing" in one_line_error(err)


def test_bad_options(capsys: pytest.CaptureFixture[str], random_checkpoint: Path,
                     folder: Path, tmp_path: Path) -> None:
    ckpt = ["--checkpoint", str(random_checkpoint)]
    code, _, err = classify(capsys, str(folder), *ckpt, "--top", "0")
    assert code == 2 and "--top" in one_line_error(err)
    code, _, err = classify(capsys, str(folder), *ckpt, "--device", "quantum")
    assert code == 2 and "unknown device 'quantum'" in one_line_error(err)
    (tmp_path / "nothing").mkdir()
    code, _, err = classify(capsys, str(tmp_path / "nothing"), *ckpt)
    assert code == 1 and "no images found" in one_line_error(err)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="names there are Unicode")
def test_a_file_name_that_is_not_utf8_keeps_its_bytes_in_json(
        capsys: pytest.CaptureFixture[str], random_checkpoint: Path, tmp_path: Path) -> None:
    # Python reads the byte 0xE9 as a lone surrogate; json.dump wrote it as "\udce9", which
    # JSON readers reject or replace. The bytes travel in base64 beside a readable name.
    raw = os.fsencode(tmp_path) + b"/caf\xe9.png"
    Image.new("RGB", (20, 20), (200, 10, 10)).save(raw)
    Image.new("RGB", (20, 20), (10, 200, 10)).save(tmp_path / "ok.png")
    code, out, _ = classify(capsys, str(tmp_path), "--checkpoint", str(random_checkpoint),
                            "--format", "json")
    assert code == 0
    odd, plain = json.loads(out)
    assert odd["path"].endswith("/caf\ufffd.png") and base64.b64decode(odd["path_base64"]) == raw
    assert plain["path"] == str(tmp_path / "ok.png") and "path_base64" not in plain
    assert "\\udc" not in out  # no lone surrogate written, escaped or not


def test_an_empty_path_is_refused_not_read_as_the_current_folder(
        capsys: pytest.CaptureFixture[str], random_checkpoint: Path, folder: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)  # "" would have walked it and classified its images
    code, out, err = classify(capsys, "", "--checkpoint", str(random_checkpoint))
    assert code == 2 and out == "" and "empty PATH" in one_line_error(err)


def test_top_beyond_the_class_count_says_so_and_keeps_ranks_aligned(
        capsys: pytest.CaptureFixture[str], random_checkpoint: Path, folder: Path) -> None:
    code, out, err = classify(capsys, str(folder), "--checkpoint", str(random_checkpoint),
                              "--top", "100")
    assert code == 0
    assert "--top 100: the checkpoint has 10 classes; showing all of them" in err
    first = out.split("\n\n")[0] if "\n\n" in out else out
    ranks = [line for line in first.splitlines() if line.startswith("  ") and "%" in line]
    assert [line.split(".")[0].strip() for line in ranks[:10]] == [str(i) for i in range(1, 11)]
    assert ranks[0].startswith("   1. ") and ranks[9].startswith("  10. ")
    assert len({line.index("%") for line in ranks[:10]}) == 1  # the percent column lines up


def test_classify_loads_from_the_graph_kept_in_the_user_cache(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path, user_cache: Path,
        random_checkpoint: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a GPU, the first run exports the checkpoint's graph into the user cache and
    later runs load from it, without exporting again (model/inference/graphs.py)."""
    from model.checkpoints.checkpoint import update_metadata
    from model.inference import graphs
    from model.network import devices

    monkeypatch.setattr(devices, "gpu_may_be_present", lambda: False)
    ckpt = tmp_path / "own.safetensors"  # bytes of its own: a graph no other test made
    ckpt.write_bytes(random_checkpoint.read_bytes())
    update_metadata(ckpt, extra={"note": "test_classify's own copy"})
    kept = user_cache / "cifar10-resnet" / "graphs" / (graphs.checkpoint_key(ckpt) + ".onnx")
    assert not kept.exists()
    args = (str(folder / "a.png"), "--checkpoint", str(ckpt), "--format", "json")
    code, first, _ = classify(capsys, *args)
    assert code == 0 and kept.is_file()
    monkeypatch.setattr(graphs.subprocess, "run", None)  # a second export would fail
    monkeypatch.setattr(inference, "load_checkpoint", None)  # and so would a full load
    code, second, _ = classify(capsys, *args)
    assert code == 0 and json.loads(second)[0]["top"] == json.loads(first)[0]["top"]


def test_a_name_too_long_is_reported_and_the_rest_classified(
        capsys: pytest.CaptureFixture[str], random_checkpoint: Path, folder: Path) -> None:
    # It ended the run with a traceback before any image was classified.
    too_long = folder / ("d" * 300 + ".png")
    code, out, err = classify(capsys, str(too_long), str(folder / "a.png"), "--checkpoint",
                              str(random_checkpoint), "--format", "json")
    records = json.loads(out)
    assert [r["path"] for r in records] == [str(too_long), str(folder / "a.png")]
    assert "too long for this system" in records[0]["error"]
    assert "top" in records[1]
    assert code == 0 and "Traceback" not in err  # 0: some images classified
