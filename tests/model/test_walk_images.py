"""model.data.images.walk_images, the folder walk of the CLI and the GUI's worker: its order and rules,
and it stops as soon as it is cancelled."""

from __future__ import annotations

from pathlib import Path

from model.data.images import find_images, walk_images


def _tree(root: Path) -> list[Path]:
    """A tree with interleaved files and folders, hidden entries and non-images."""
    names = ["b.png", "a/deep/x.JPG", "a/y.webp", "a.png", "c/notes.txt", "c/z.tiff",
             ".hidden/h.png", "a/.h.png", "B/upper.bmp", "a b/space.gif"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"not decoded by the walk")
    return [root / n for n in names]


def test_walk_order_and_rules(tmp_path):
    _tree(tmp_path / "tree")
    explicit = tmp_path / "tree" / "c" / "notes.txt"   # named explicitly: kept, any suffix
    missing = tmp_path / "gone.png"                    # kept too: reported later as an error
    paths = [tmp_path / "tree", explicit, missing, tmp_path / "tree" / "a"]
    walked = list(walk_images(paths, cancelled=lambda: False))
    tree = tmp_path / "tree"
    assert walked == [tree / p for p in ("B/upper.bmp", "a/deep/x.JPG", "a/y.webp",
                                         "a b/space.gif", "a.png", "b.png", "c/z.tiff")] + [
        explicit, missing, tree / "a/deep/x.JPG", tree / "a/y.webp"]
    assert walked == sorted(walked[:7]) + walked[7:]  # name order at every level = path order
    assert find_images(paths) == walked
    assert not any(".h" in str(p) for p in walked)


def test_walk_stops_as_soon_as_cancelled(tmp_path):
    for i in range(30):  # 30 folders of 5 images
        for j in range(5):
            path = tmp_path / f"d{i:02d}" / f"{j}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"")
    found: list[Path] = []
    # Cancelled once 7 images are found: the walk checks between entries, so it stops there
    # instead of listing the other 143.
    for path in walk_images([tmp_path], cancelled=lambda: len(found) >= 7):
        found.append(path)
    assert len(found) == 7


def test_an_unreadable_folder_is_listed_so_its_error_is_reported(tmp_path, monkeypatch):
    """A folder that cannot be listed (permission denied) appears in both walks as itself, and
    classifying it says why, rather than the folder vanishing ("No images found")."""
    import os

    from model.data.images import ImageError, open_image

    _tree(tmp_path / "tree")
    locked = tmp_path / "tree" / "c"
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if Path(path) == locked:  # tests run as root here, so chmod would not stop them
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    walked = list(walk_images([tmp_path / "tree"], cancelled=lambda: False))
    tree = tmp_path / "tree"
    assert walked == [tree / p for p in ("B/upper.bmp", "a/deep/x.JPG", "a/y.webp",
                                         "a b/space.gif", "a.png", "b.png", "c")]
    assert locked in walked and tmp_path / "tree" / "c" / "z.tiff" not in walked
    try:
        open_image(locked)
    except ImageError as e:
        assert str(e) == f"{locked}: cannot open this folder (Permission denied)"
    else:
        raise AssertionError("an unreadable folder must not open as an image")


def test_a_path_the_system_cannot_check_is_kept_for_its_error(tmp_path, monkeypatch):
    """Python 3.11's Path.is_dir raises for a name too long and for a path under a folder that
    cannot be entered; the walk kept neither the path nor the rest of what was asked."""
    _tree(tmp_path / "tree")
    too_long = tmp_path / ("d" * 300 + ".png")  # over NAME_MAX (255 on Linux and macOS)
    locked = tmp_path / "locked" / "x.png"
    real_is_dir = Path.is_dir

    def is_dir(self):
        if self == locked:  # tests run as root here, so chmod would not stop them
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_dir(self)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    walked = list(walk_images([too_long, locked, tmp_path / "tree" / "a"],
                              cancelled=lambda: False))
    tree = tmp_path / "tree"
    assert walked == [too_long, locked, tree / "a/deep/x.JPG", tree / "a/y.webp"]
