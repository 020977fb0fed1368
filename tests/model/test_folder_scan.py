"""Scanning a folder of class folders for the app: counts, and every problem named."""

from __future__ import annotations

from pathlib import Path

from model.data.folder_scan import scan_class_folders


def _texts(scan) -> list[str]:
    return [str(p) for p in scan.problems]


def _tree(root: Path, counts: dict[str, int]) -> Path:
    for name, n in counts.items():
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            (root / name / f"{i}.png").write_bytes(b"x")  # counted by name, never decoded
    return root


def test_counts_per_class_in_name_order(tmp_path: Path) -> None:
    root = _tree(tmp_path / "d", {"zebra": 6, "apple": 5})
    (root / "apple" / "notes.txt").write_text("not an image")
    (root / "apple" / "deeper").mkdir()
    (root / "apple" / "deeper" / "x.JPG").write_bytes(b"x")
    scan = scan_class_folders(root)
    assert scan.ok and scan.classes == [("apple", 6), ("zebra", 6)] and scan.counts == [6, 6]
    assert scan.merged == [("apple", ("deeper",))]  # said, never silent


def test_a_folder_chosen_one_level_too_high_names_the_classes_it_merges(tmp_path: Path) -> None:
    root = _tree(tmp_path / "photos", {"pets/cats": 5, "pets/dogs": 5, "cars": 5})
    scan = scan_class_folders(root)
    assert scan.classes == [("cars", 5), ("pets", 10)]
    assert scan.merged == [("pets", ("cats", "dogs"))]
    assert scan_class_folders(_tree(tmp_path / "flat", {"a": 5, "b": 5})).merged == []


def test_problems_name_the_folder(tmp_path: Path) -> None:
    root = _tree(tmp_path / "d", {"a": 5, "b": 4, "c": 1})
    scan = scan_class_folders(root)
    assert not scan.ok
    assert [(p.kind, p.path, p.count) for p in scan.problems] == [
        ("too_few", root / "b", 4), ("too_few", root / "c", 1)]
    assert _texts(scan) == [f"{root / 'b'}: 4 images; a class needs at least 5",
                             f"{root / 'c'}: 1 image; a class needs at least 5"]
    one = scan_class_folders(_tree(tmp_path / "one", {"a": 9}))
    assert _texts(one) == [f"{tmp_path / 'one'}: only one class folder (a); at least 2 are needed"]


def test_what_is_not_a_class_folder_tree(tmp_path: Path) -> None:
    assert "not a folder" in _texts(scan_class_folders(tmp_path / "missing"))[0]
    split = _tree(tmp_path / "s", {"train/a": 5, "test/a": 5})
    assert "not a folder of class folders" in _texts(scan_class_folders(split))[0]
    (tmp_path / "empty" / "a").mkdir(parents=True)
    (tmp_path / "empty" / "b").mkdir()
    assert _texts(scan_class_folders(tmp_path / "empty")) == [
        f"{tmp_path / 'empty'}: no images in its class folders"]


def test_a_class_folder_that_cannot_be_listed_is_named(tmp_path: Path, monkeypatch) -> None:
    import model.data.folder_scan as folder_scan

    root = _tree(tmp_path / "d", {"a": 5, "b": 5})

    def refuse(path, stop=None):
        raise PermissionError(13, "Permission denied", str(root / "b"))

    monkeypatch.setattr(folder_scan, "list_folder", refuse)
    (problem,) = scan_class_folders(root).problems
    assert (problem.kind, problem.path) == ("unreadable", root / "b")
    assert str(problem) == f"{root / 'b'}: cannot be read (Permission denied)"


def test_a_walk_told_to_stop_stops_between_files(tmp_path: Path) -> None:
    import pytest

    from model.data.folder_scan import ScanStopped

    root = _tree(tmp_path / "d", {"apple": 50, "kiwi": 50})
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 10

    with pytest.raises(ScanStopped):
        scan_class_folders(root, stop)
    assert len(asked) == 11  # it gave up at once, not after the 100 files
    assert scan_class_folders(root, lambda: False).counts == [50, 50]


def test_a_macs_resource_fork_folder_is_no_class(tmp_path: Path) -> None:
    root = _tree(tmp_path / "d", {"apple": 5, "kiwi": 5, "__MACOSX": 5})
    scan = scan_class_folders(root)
    assert scan.ok and [name for name, _ in scan.classes] == ["apple", "kiwi"]
