"""Spreadsheet-safe CSV: names that would run as formulas are neutralised (OWASP's rule)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from model.checkpoints.checkpoint import update_metadata
from model.cli.main import main
from model.files.csv_cells import safe_cell

# Ten unique class names, most of which a spreadsheet would evaluate.
HOSTILE_CLASSES = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "=HYPERLINK(\"x\")", "+b", "-c", "@d",
                   "cat", "dog"]


def expected(text: str) -> str:
    return "'" + text if text[:1] in "=+-@" else text


def hostile_checkpoint(random_checkpoint: Path, tmp_path: Path) -> Path:
    ckpt = tmp_path / "hostile.safetensors"
    shutil.copy(random_checkpoint, ckpt)
    update_metadata(ckpt, class_names=HOSTILE_CLASSES)
    return ckpt


@pytest.mark.parametrize(("text", "safe"), [
    ("=1+1", "'=1+1"), ("+x", "'+x"), ("-x", "'-x"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("cat", "cat"), ("", ""), ("a=b", "a=b"),
])
def test_safe_cell(text: str, safe: str) -> None:
    assert safe_cell(text) == safe


def test_classify_csv_neutralises_names(random_checkpoint: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    ckpt = hostile_checkpoint(random_checkpoint, tmp_path)
    image = tmp_path / "-rm -rf.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (32, 32, 3), np.uint8)).save(image)
    missing = tmp_path / "=missing.png"
    code = main(["classify", str(image), str(missing), "--checkpoint", str(ckpt), "--top", "10",
                 "--format", "csv"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    ranked = [r for r in rows if r["rank"]]
    assert {r["path"] for r in ranked} == {str(image)}  # starts with "/", not a formula
    assert sorted(r["label"] for r in ranked) == sorted(map(expected, HOSTILE_CLASSES))
    failed = [r for r in rows if not r["rank"]]
    assert [r["path"] for r in failed] == [str(missing)]
    # A relative name that starts like a formula is neutralised too.
    capsys.readouterr()
    main(["classify", "=x.png", "--checkpoint", str(ckpt), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["path"] == "'=x.png"
