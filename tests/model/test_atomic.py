"""model/files/atomic.py: outputs replace regular files in one step, and leave links and
special files (pipes, devices) what they are."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from model.cli.options import check_output_file
from model.files.atomic import write_bytes_atomic


def test_a_regular_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "new" / "out.json"
    write_bytes_atomic(target, b"one")
    write_bytes_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]  # no temporary left


def test_a_symbolic_link_stays_a_link_and_its_file_is_written(tmp_path: Path) -> None:
    # The link was replaced by a regular file, and the file it pointed to never written.
    real = tmp_path / "results" / "eval.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    write_bytes_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_named_pipe_gets_the_bytes_and_stays_a_pipe(tmp_path: Path) -> None:
    # ``--json >(jq .)``: the rename put a plain file where the pipe was; the reader got none.
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()), daemon=True)
    reader.start()
    write_bytes_atomic(pipe, b"through the pipe")
    reader.join(30)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_an_output_under_a_file_is_refused_before_the_work(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(ValueError, match=f"--json {afile}/sub/x.json: {afile} is a file"):
        check_output_file("--json", str(afile / "sub" / "x.json"))
    check_output_file("--json", str(tmp_path / "missing" / "x.json"))  # made when written


def test_eval_with_an_output_under_a_file_exits_2_before_reading_data(
        tmp_path: Path, random_checkpoint: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from model.cli.main import main

    afile = tmp_path / "afile"
    afile.write_text("x")
    code = main(["eval", "--checkpoint", str(random_checkpoint), "--data",
                 str(tmp_path / "no data here"), "--json", str(afile / "e.json")])
    assert code == 2
    assert capsys.readouterr().err == (f"cifar10 eval: --json {afile}/e.json: {afile} is a "
                                       "file, not a folder\n")
