"""Where `cifar10` writes: any file name on a strict UTF-8 stream, a reader that goes away
(`| head`), and a full disk. Run as the shell runs it, in a child process, where it matters."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from model.cli.main import main

CLI = "import sys; from model.cli.main import main; sys.exit(main(sys.argv[1:]))"
ROOT = Path(__file__).resolve().parents[2]


def _images(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        Image.new("RGB", (12, 12), (i * 5 % 256, 90, 30)).save(folder / f"{i:03d}.png")
    return folder


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="names there are Unicode")
def test_a_name_that_is_not_utf8_is_written_back_as_its_bytes(
        random_checkpoint: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Under en_US.UTF-8 Python's stdout is strict: the name's lone surrogate ended classify in
    # a UnicodeEncodeError (table and CSV alike).
    raw = os.fsencode(tmp_path) + b"/caf\xe9.png"
    Image.new("RGB", (12, 12), (200, 10, 10)).save(raw)
    for fmt in ("table", "csv"):
        buffer = io.BytesIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="utf-8",
                                                            errors="strict"))
        assert main(["classify", os.fsdecode(raw), "--checkpoint", str(random_checkpoint),
                     "--format", fmt]) == 0
        sys.stdout.flush()
        assert raw in buffer.getvalue()


def _child(args: list[str], **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", CLI, *args], env=env, cwd=ROOT,
                            stderr=subprocess.PIPE, **kwargs)


def test_a_reader_that_goes_away_ends_it_quietly(random_checkpoint: Path,
                                                 tmp_path: Path) -> None:
    # Over 100 KB of table, more than a pipe holds (64 KB on Linux): the child cannot finish
    # before the reader goes, however the two are scheduled.
    folder = _images(tmp_path / "many", 300)
    child = _child(["classify", str(folder), "--checkpoint", str(random_checkpoint), "--top",
                    "10"], stdout=subprocess.PIPE)
    assert child.stdout.readline().startswith(str(folder).encode())  # it has started writing
    child.stdout.close()  # as `| head -1` does
    _, err = child.communicate(timeout=120)
    assert child.returncode == 141 and b"Traceback" not in err, err.decode(errors="replace")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_exit_2(random_checkpoint: Path, tmp_path: Path) -> None:
    image = _images(tmp_path / "one", 1) / "000.png"
    with open("/dev/full", "w") as full:
        child = _child(["classify", str(image), "--checkpoint", str(random_checkpoint),
                        "--format", "json"], stdout=full)
        _, err = child.communicate(timeout=120)
    assert child.returncode == 2
    assert err.decode().strip() == "cifar10 classify: cannot write the output: No space left " \
                                   "on device"


def test_pillows_size_warning_is_not_printed(random_checkpoint: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow's limit scaled down so that a small PNG draws its DecompressionBombWarning (and a
    # line of Pillow's source on stderr); the decoding policy decides and says more.
    import warnings

    image = _images(tmp_path / "one", 1) / "000.png"  # 12 x 12 = 144 pixels
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert main(["classify", str(image), "--checkpoint", str(random_checkpoint)]) == 0
    assert not [w for w in seen if issubclass(w.category, Image.DecompressionBombWarning)]
