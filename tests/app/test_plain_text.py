"""File and class names are shown as text, never rendered as markup."""

from __future__ import annotations

import shutil

from PyQt5.QtCore import Qt
from PyQt5.QtGui import QTextDocument
from PyQt5.QtWidgets import QLabel

from app.plain_text import tooltip

HOSTILE = "<h1>dog 100%<br>"


def test_every_label_of_the_window_is_plain_text(make_window, gui, qtbot, tmp_path,
                                                 random_checkpoint) -> None:
    window = make_window()
    folder = tmp_path / "imgs"
    image = gui.write_images(folder, 1)[0]
    hostile = folder / f"{HOSTILE}.png"
    shutil.move(image, hostile)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, [hostile]))
    labels = window.findChildren(QLabel)
    assert labels
    for label in labels:
        assert label.textFormat() == Qt.PlainText, (label.parent().__class__.__name__, label.text())
    assert window.panel.result_subtitle.text() == str(hostile)
    # The history row's tooltip shows the name literally once Qt renders it as rich text.
    doc = QTextDocument()
    doc.setHtml(window.history.row_tooltip(0))
    path_line, model_line = doc.toPlainText().strip().splitlines()
    assert path_line == str(hostile) and model_line == f"Model: {random_checkpoint.name}"


def test_tooltip_keeps_text_and_line_breaks() -> None:
    doc = QTextDocument()
    doc.setHtml(tooltip(f"{HOSTILE}\nsecond & <b>line</b>"))
    assert doc.toPlainText() == f"{HOSTILE}\nsecond & <b>line</b>"
