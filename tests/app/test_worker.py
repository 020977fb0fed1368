"""The worker's folder walk: same result as model.images.find_images, and it stops on cancel."""

from __future__ import annotations

from pathlib import Path

from app.walk import walk_images
from model.images import find_images


def _tree(root: Path) -> list[Path]:
    """A tree with interleaved files and folders, hidden entries and non-images."""
    names = ["b.png", "a/deep/x.JPG", "a/y.webp", "a.png", "c/notes.txt", "c/z.tiff",
             ".hidden/h.png", "a/.h.png", "B/upper.bmp", "a b/space.gif"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"not decoded by the walk")
    return [root / n for n in names]


def test_walk_matches_find_images(tmp_path):
    _tree(tmp_path / "tree")
    explicit = tmp_path / "tree" / "c" / "notes.txt"   # named explicitly: kept, any suffix
    missing = tmp_path / "gone.png"                    # kept too: reported later as an error
    paths = [tmp_path / "tree", explicit, missing, tmp_path / "tree" / "a"]
    walked = list(walk_images(paths, cancelled=lambda: False))
    assert walked == find_images(paths)
    assert walked[:3] == [tmp_path / "tree" / p for p in ("B/upper.bmp", "a/deep/x.JPG",
                                                          "a/y.webp")]
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


def test_attention_failure_is_reported_not_raised(qtbot):
    from PyQt5.QtGui import QImage

    from app.worker import CancelToken, InferenceWorker

    worker = InferenceWorker(CancelToken())  # no model loaded yet
    image = QImage(32, 32, QImage.Format_RGB888)
    image.fill(0)
    with qtbot.waitSignal(worker.attention_ready) as blocker:
        worker.compute_attention(7, image, "cat")
    key, overlay, layer, error = blocker.args
    assert key == 7 and overlay.isNull() and layer == "" and "no model loaded" in error


def test_qimage_round_trip_keeps_pixels():
    import numpy as np

    from app.qimages import array_to_qimage, qimage_to_array

    # 33 px wide: an RGB888 row is padded to 100 bytes, which the conversion must skip.
    pixels = np.random.default_rng(0).integers(0, 256, (5, 33, 3), dtype=np.uint8)
    assert np.array_equal(qimage_to_array(array_to_qimage(pixels)), pixels)


def test_outdated_attention_requests_are_skipped(qtbot):
    from PyQt5.QtGui import QImage

    from app.worker import CancelToken, InferenceWorker

    newest_only = CancelToken()
    worker = InferenceWorker(CancelToken(), attention_cancel=newest_only)
    newest_only.cancel_through(4)  # what WorkerHost does when it sends request 5
    with qtbot.waitSignal(worker.attention_ready) as blocker:
        worker.compute_attention(3, QImage(32, 32, QImage.Format_RGB888), "cat")
    key, overlay, layer, error = blocker.args
    assert key == 3 and overlay.isNull() and error == ""  # skipped, not failed
