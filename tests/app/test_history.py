"""The history list: one row per entry, newest first."""

from __future__ import annotations

from PyQt5.QtGui import QImage

from app.history import ENTRY_ROLE, ICON, HistoryList
from app.results import HistoryEntry


def _entry(name: str, ok: bool = True) -> HistoryEntry:
    thumb = QImage(ICON, ICON // 2, QImage.Format_RGB888)
    thumb.fill(0x3060A0)
    if not ok:
        return HistoryEntry(f"/photos/{name}", error="not an image", model="/m/net.safetensors")
    return HistoryEntry(f"/photos/{name}", labels=("cat", "dog"), probabilities=(0.75, 0.25),
                        thumbnail=thumb, model="/m/net.safetensors")


def test_rows_are_newest_first_and_map_to_entries(qtbot):
    view = HistoryList()
    qtbot.addWidget(view)
    view.add_entries(0, [_entry("a.jpg"), _entry("b.jpg", ok=False)])
    newest = view.add_entries(2, [_entry("c.jpg"), _entry("d.jpg"), _entry("e.jpg")])
    assert view.count() == 5 and newest is view.item(0)
    assert [view.row_text(r).split("\n")[0] for r in range(5)] == [
        "e.jpg", "d.jpg", "c.jpg", "b.jpg", "a.jpg"]
    assert [view.entry_index(r) for r in range(5)] == [4, 3, 2, 1, 0]
    assert [view.item(r).data(ENTRY_ROLE) for r in range(5)] == [4, 3, 2, 1, 0]
    assert view.row_of(0) == 4 and view.entry_index(5) is None
    assert view.row_text(0) == "e.jpg\ncat · 75.0%"
    assert view.row_text(3) == "b.jpg\nnot an image"
    assert "Model: net.safetensors" in view.row_tooltip(3)
    assert view.item(3).foreground().color() != view.item(0).foreground().color()


def test_history_icons_centre_the_thumbnail_on_a_square(qapp):
    from PyQt5.QtGui import QColor

    from app.history import _square_icon

    # made at the icon's size, larger, or smaller (CIFAR's own 32x32 pictures grow to fit)
    for w, h in ((ICON, ICON // 2), (2 * ICON, ICON), (ICON * 2 // 3, ICON // 3)):
        thumb = QImage(w, h, QImage.Format_RGB888)
        thumb.fill(QColor(200, 40, 40))
        icon = _square_icon(thumb).pixmap(ICON, ICON).toImage()
        assert (icon.width(), icon.height()) == (ICON, ICON)
        assert icon.pixelColor(ICON // 2, ICON // 2).red() == 200
        # a band of ICON/4 rows above and below the picture stays see-through
        assert icon.pixelColor(ICON // 2, 2).alpha() == 0
        assert icon.pixelColor(ICON // 2, ICON - 3).alpha() == 0
