"""Drag-and-drop with real QDropEvents carrying file URLs."""

from __future__ import annotations

import threading
from pathlib import Path

from PyQt5.QtCore import QMimeData, QUrl
from PyQt5.QtGui import QDragLeaveEvent
from PyQt5.QtWidgets import QApplication


def test_drop_images_gives_results(make_window, gui, qtbot, tmp_path):
    window = make_window()
    paths = gui.write_images(tmp_path / "imgs", 3)
    _, done, total, cancelled = gui.wait_batch(
        qtbot, window, lambda: gui.drop(window.panel.drop_area, paths))
    assert (done, total, cancelled) == (3, 3, False)
    assert [e.source for e in window.state.entries] == [str(p) for p in paths]
    last = window.state.entries[-1]
    assert last.ok and len(last.labels) == 5
    assert sorted(last.probabilities, reverse=True) == list(last.probabilities)
    # What the window shows is the last result: its image, the 32x32 input and its top-5 bars.
    assert window.panel.bars.rows == list(zip(last.labels, last.probabilities))
    # Names too wide for the bars are elided there; the tooltip has each one whole.
    for label in last.labels:
        assert label in window.panel.bars.toolTip()
    assert last.top_label in window.panel.result_title.text()
    assert (window.panel.input_view.image.width(), window.panel.input_view.image.height()) == (32, 32)
    assert not window.panel.drop_area.image.isNull()
    assert window.history.count() == 3
    assert "Last inference" in window.status.time_label.text()


def test_drop_mixing_good_and_corrupt_files(make_window, gui, qtbot, tmp_path):
    window = make_window()
    good = gui.write_images(tmp_path / "imgs", 2)
    truncated = tmp_path / "imgs" / "truncated.png"
    truncated.write_bytes(good[0].read_bytes()[:40])
    empty = tmp_path / "imgs" / "empty.jpg"
    empty.write_bytes(b"")
    text = tmp_path / "imgs" / "notes.txt"
    text.write_text("not an image")
    order = [good[0], truncated, empty, text, good[1]]
    _, done, total, cancelled = gui.wait_batch(
        qtbot, window, lambda: gui.drop(window.panel.drop_area, order))
    assert (done, total, cancelled) == (5, 5, False)
    assert [e.ok for e in window.state.entries] == [True, False, False, False, True]
    for entry in window.state.entries[1:4]:
        assert entry.error and entry.name in window.history.row_text(
            window.history.row_of(window.state.entries.index(entry)))
    # Selecting an error row shows the error, not stale bars.
    window.select_entry(1)
    assert window.panel.bars.rows == []
    assert window.state.entries[1].error in window.panel.result_subtitle.text()


def test_folder_drop_walks_recursively(make_window, gui, qtbot, tmp_path):
    window = make_window()
    root = tmp_path / "album"
    gui.write_images(root, 2)
    gui.write_images(root / "nested" / "deeper", 2, suffix=".jpg")
    (root / "readme.txt").write_text("skipped: not an image suffix")
    _, done, total, _ = gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, [root]))
    assert done == total == 4
    assert all(e.ok for e in window.state.entries)
    assert sum("deeper" in e.source for e in window.state.entries) == 2


def test_drag_highlights_and_refuses_non_local(make_window, gui, qtbot, tmp_path):
    window = make_window()
    area = window.panel.drop_area
    web = QMimeData()
    web.setUrls([QUrl("https://example.com/cat.png")])
    assert not gui.drag_enter(area, web).isAccepted()
    text = QMimeData()
    text.setText("/some/path.png")
    assert not gui.drag_enter(area, text).isAccepted()
    assert not area.highlighted

    local = QMimeData()
    local.setUrls([QUrl.fromLocalFile(str(gui.write_images(tmp_path, 1)[0]))])
    assert gui.drag_enter(area, local).isAccepted()
    assert area.highlighted
    QApplication.sendEvent(area, QDragLeaveEvent())
    assert not area.highlighted
    assert window.state.entries == []


def test_selecting_history_row_shows_that_result(make_window, gui, qtbot, tmp_path):
    window = make_window()
    paths = gui.write_images(tmp_path, 3, size=(60, 20))
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, paths))
    window.select_entry(0)
    first = window.state.entries[0]
    assert window.panel.bars.rows == list(zip(first.labels, first.probabilities))
    assert first.source == window.panel.result_subtitle.text()


def test_gui_thread_never_decodes_or_runs_the_model(make_window, gui, qtbot, tmp_path, monkeypatch):
    """Decoding and inference must run in the worker thread, never the GUI thread."""
    from model.data import images
    from model.inference.classifier import Classifier

    threads: list[tuple[str, str]] = []  # (what, thread name)
    real_open, real_run = images.open_image, Classifier._run

    def open_image(*args, **kwargs):
        threads.append(("decode", threading.current_thread().name))
        return real_open(*args, **kwargs)

    def run(self, *args, **kwargs):  # the forward pass, batched or not
        threads.append(("network", threading.current_thread().name))
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(images, "open_image", open_image)
    monkeypatch.setattr(Classifier, "_run", run)
    window = make_window()
    paths = gui.write_images(tmp_path, 2)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, paths))
    # Two chunks (one file, then one), one forward pass each. The first file is decoded once,
    # at preview size; the second, where decoder threads may decode ahead (two cores or more),
    # small, then again at preview size.
    assert [what for what, _ in threads].count("network") == 2
    assert [what for what, _ in threads].count("decode") in (2, 3)
    threads = [name for _, name in threads]
    assert threading.main_thread().name not in threads


def test_open_images_and_folder_menu_actions(make_window, gui, qtbot, tmp_path, dialogs):
    window = make_window()
    files = gui.write_images(tmp_path / "a", 2)
    dialogs.answers["open_images"] = [str(p) for p in files]
    with qtbot.waitSignal(window.state.batch_done, timeout=gui.BATCH_TIMEOUT_MS):
        window.menus.open_images.trigger()
    gui.write_images(tmp_path / "b", 1)
    dialogs.answers["open_folder"] = str(tmp_path / "b")
    with qtbot.waitSignal(window.state.batch_done, timeout=gui.BATCH_TIMEOUT_MS):
        window.menus.open_folder.trigger()
    assert len(window.state.entries) == 3
    assert Path(window.state.entries[-1].source).parent == tmp_path / "b"
