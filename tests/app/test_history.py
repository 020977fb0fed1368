"""The history list: a model/view list over the entries, newest first."""

from __future__ import annotations

from PyQt5.QtCore import Qt
from PyQt5.QtGui import QImage

from app.history import ENTRY_ROLE, ICON, ICON_CACHE, HistoryList
from app.results import HistoryEntry


def _entry(name: str, ok: bool = True) -> HistoryEntry:
    thumb = QImage(ICON, ICON // 2, QImage.Format_RGB888)
    thumb.fill(0x3060A0)
    if not ok:
        return HistoryEntry(f"/photos/{name}", error="not an image", model="/m/net.safetensors")
    return HistoryEntry(f"/photos/{name}", labels=("cat", "dog"), probabilities=(0.75, 0.25),
                        thumbnail=thumb, model="/m/net.safetensors")


def test_a_chunk_is_one_insertion_on_top_and_rows_map_to_entries(qtbot):
    view = HistoryList()
    qtbot.addWidget(view)
    inserted = []
    view.model().rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    view.add_entries(0, [_entry("a.jpg"), _entry("b.jpg", ok=False)])
    view.add_entries(2, [_entry("c.jpg"), _entry("d.jpg"), _entry("e.jpg")])
    assert inserted == [(0, 1), (0, 2)]
    assert view.count() == 5
    assert [view.row_text(r).split("\n")[0] for r in range(5)] == [
        "e.jpg", "d.jpg", "c.jpg", "b.jpg", "a.jpg"]
    assert [view.entry_index(r) for r in range(5)] == [4, 3, 2, 1, 0]
    assert [view.model().index(r).data(ENTRY_ROLE) for r in range(5)] == [4, 3, 2, 1, 0]
    assert view.row_of(0) == 4 and view.entry_index(5) is None and view.entry_index(-1) is None
    assert view.row_text(0) == "e.jpg\ncat · 75.0%"
    assert view.row_text(3) == "b.jpg\nnot an image"
    assert "Model: net.safetensors" in view.row_tooltip(3)
    assert view.model().index(3).data(Qt.ForegroundRole) is not None  # errors are coloured
    assert view.model().index(0).data(Qt.ForegroundRole) is None


def test_a_history_out_of_step_with_its_entries_is_refused(qtbot):
    view = HistoryList()
    qtbot.addWidget(view)
    view.add_entries(0, [_entry("a.jpg")])
    try:
        view.add_entries(3, [_entry("b.jpg")])
    except ValueError as e:
        assert "from 3" in str(e)
    else:
        raise AssertionError("a gap in the history was accepted")
    assert view.count() == 1


def test_selection_signals_and_clearing(qtbot):
    view = HistoryList()
    qtbot.addWidget(view)
    rows = []
    view.currentRowChanged.connect(rows.append)
    view.add_entries(0, [_entry("a.jpg"), _entry("b.jpg")])
    view.setCurrentRow(1)
    assert view.currentRow() == 1 and rows == [1]
    # new rows above the selected one move it down without a signal: it shows the same entry
    view.add_entries(2, [_entry("c.jpg")])
    assert view.currentRow() == 2 and view.entry_index(view.currentRow()) == 0 and rows == [1]
    with qtbot.waitSignal(view.currentRowChanged) as blocker:
        view.clear()
    assert blocker.args == [-1] and view.count() == 0


def test_icons_are_made_for_rows_drawn_and_only_a_bounded_number_kept(qtbot):
    view = HistoryList()
    qtbot.addWidget(view)
    view.add_entries(0, [_entry(f"{i}.jpg") for i in range(ICON_CACHE + 40)])
    model = view.model()
    assert not model._icons  # nothing drawn yet
    for row in range(model.rowCount()):
        model.index(row).data(Qt.DecorationRole)
    assert len(model._icons) == ICON_CACHE
    again = model.index(model.rowCount() - 1).data(Qt.DecorationRole)
    assert again.cacheKey() == model._icons[0].cacheKey()


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
