"""``cifar10 classify`` through model.cli.main: formats, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import model.inference as inference
from model.checkpoint import read_info
from model.cli import main


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
    assert lines[6:] == [str(missing), "  error: file not found"]

    code, out, _ = classify(capsys, str(folder), *ckpt, "--format", "csv", "--top", "2")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["path", "rank", "label", "probability", "error"]
    assert [(Path(r["path"]).name, r["rank"]) for r in rows] == [
        ("a.png", "1"), ("a.png", "2"), ("fake.png", ""), ("b.jpg", "1"), ("b.jpg", "2")]
    assert rows[2]["error"] and not rows[0]["error"]
    assert float(rows[0]["probability"]) >= float(rows[1]["probability"])


def test_all_bad_is_nonzero(capsys: pytest.CaptureFixture[str], random_checkpoint: Path,
                            folder: Path) -> None:
    empty = folder / "empty.jpg"
    empty.write_bytes(b"")
    code, out, err = classify(capsys, str(folder / "fake.png"), str(empty),
                              "--checkpoint", str(random_checkpoint), "--format", "json")
    assert code != 0
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
    assert code != 0 and out == ""
    assert one_line_error(err).startswith(f"cifar10 classify: {bad}: ")


def test_missing_bundled_checkpoint(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inference, "bundled_checkpoint", lambda: tmp_path / "bundled.safetensors")
    code, out, err = classify(capsys, str(folder))
    assert code != 0 and out == ""
    assert "bundled checkpoint is missing" in one_line_error(err)


def test_bad_options(capsys: pytest.CaptureFixture[str], random_checkpoint: Path,
                     folder: Path, tmp_path: Path) -> None:
    ckpt = ["--checkpoint", str(random_checkpoint)]
    code, _, err = classify(capsys, str(folder), *ckpt, "--top", "0")
    assert code != 0 and "--top" in one_line_error(err)
    code, _, err = classify(capsys, str(folder), *ckpt, "--device", "quantum")
    assert code != 0 and "unknown device 'quantum'" in one_line_error(err)
    (tmp_path / "nothing").mkdir()
    code, _, err = classify(capsys, str(tmp_path / "nothing"), *ckpt)
    assert code != 0 and "no images found" in one_line_error(err)
