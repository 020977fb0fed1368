"""What keeps a folder from training, as the window words it (app/training/problem_text.py)."""

from __future__ import annotations

from pathlib import Path

from app.training.problem_text import FILES_SHOWN, problem_text
from model.data.problems import KINDS, ScanProblem


def test_every_kind_reads_as_its_english_sentence(qapp) -> None:
    # With no translator installed the window's words are the model's own sentence.
    for kind in KINDS:
        for count in (1, 3):
            problem = ScanProblem(kind, Path("/data/kiwi"), count=count, detail="apple")
            text = problem_text(problem)
            assert text.startswith("/data/kiwi: ") and "{" not in text, text
            if kind != "none_decoded":
                assert text == str(problem)


def test_unreadable_files_are_listed_then_counted(qapp) -> None:
    files = tuple((f"/data/kiwi/{i}.png", "cannot read image") for i in range(8))
    lines = problem_text(ScanProblem("too_few_readable", Path("/data/kiwi"), count=2,
                                     files=files)).splitlines()
    assert lines[1] == "8 file(s) there could not be read:"
    assert lines[2:2 + FILES_SHOWN] == [f"  /data/kiwi/{i}.png: cannot read image"
                                        for i in range(FILES_SHOWN)]
    assert lines[-1] == f"  … and {8 - FILES_SHOWN} more"
    # A whole tree that does not decode: its count is in the sentence, its first files follow.
    lines = problem_text(ScanProblem("none_decoded", Path("/data"), count=20000,
                                     files=files[:FILES_SHOWN])).splitlines()
    assert lines[0] == "/data: none of its 20000 images could be read; the first:"
    assert len(lines) == 1 + FILES_SHOWN + 1 and lines[-1] == f"  … and {20000 - FILES_SHOWN} more"
