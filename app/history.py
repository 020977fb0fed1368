"""The history list: every image classified since the app started, newest first.

A QListWidget, whose rows Qt keeps in C++. A model/view list over a Python model was measured
and dropped: QListView lays its rows out again after every insertion and asks the model for
each row's index, a call into Python per row, so a chunk of results cost more the longer the
history was (benchmarks/README.md).
"""

from __future__ import annotations

import os

from PyQt5.QtCore import QSize, Qt
from PyQt5.QtGui import QBrush, QIcon, QImage, QPainter, QPixmap
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QWidget,
)

from app import style
from app.i18n import class_name
from app.i18n import translate as _translate
from app.image_errors import error_text
from app.plain_text import tooltip
from app.results import HistoryEntry
from model.inference.reasons import OUTSIDE, not_sure_kind

ICON = 48  # = app.classify_steps.THUMBNAIL_MAX: thumbnails are made at this size
ENTRY_ROLE = Qt.UserRole


class HistoryList(QListWidget):
    """One row per image: thumbnail, file name, then the top class and confidence, or the error.

    Each row stores the index of its entry in the window's list of entries (``ENTRY_ROLE``).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIconSize(QSize(ICON, ICON))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setTextElideMode(Qt.ElideRight)
        self.setSpacing(1)
        self.setAccessibleName("History")
        self._error_icon = self.style().standardIcon(QStyle.SP_MessageBoxWarning)

    def add_entries(self, first: int, entries: list[HistoryEntry]) -> QListWidgetItem:
        """Rows for ``entries`` (history indices from ``first``), newest on top, drawn once;
        returns the newest row."""
        self.setUpdatesEnabled(False)
        try:
            for offset, entry in enumerate(entries):
                item = self.add_entry(first + offset, entry)
        finally:
            self.setUpdatesEnabled(True)
        return item

    def add_entry(self, index: int, entry: HistoryEntry) -> QListWidgetItem:
        item = QListWidgetItem()
        item.setData(ENTRY_ROLE, index)
        item.setSizeHint(QSize(0, ICON + 10))
        item.setText(_row_text(entry))
        item.setToolTip(_row_tooltip(entry))
        if entry.ok:
            item.setIcon(_square_icon(entry.thumbnail))
        else:
            item.setIcon(self._error_icon)
            item.setForeground(QBrush(style.ERROR))
        self.insertItem(0, item)
        return item

    def row_text(self, row: int) -> str:
        return self.item(row).text()

    def row_tooltip(self, row: int) -> str:
        return self.item(row).toolTip()

    def retranslate(self, entries: list[HistoryEntry]) -> None:
        """Write every row again in the current language (class names are translated)."""
        for row in range(self.count()):
            item = self.item(row)
            entry = entries[int(item.data(ENTRY_ROLE))]
            item.setText(_row_text(entry))
            item.setToolTip(_row_tooltip(entry))

    def entry_index(self, row: int) -> int | None:
        item = self.item(row)
        return None if item is None else int(item.data(ENTRY_ROLE))

    def row_of(self, index: int) -> int:
        """Rows are newest first; entries are oldest first."""
        return self.count() - 1 - index


def _row_tooltip(entry: HistoryEntry) -> str:
    # The tooltip names the model that answered: a switch mid-batch mixes models.
    model = "\n" + _translate("MainWindow", "Model: {name}").format(
        name=os.path.basename(entry.model)) if entry.model else ""
    if entry.ok:
        return tooltip(entry.source + model)
    return tooltip(f"{entry.source}\n{error_text(entry)}{model}")


def _row_text(entry: HistoryEntry) -> str:
    if not entry.ok:
        return f"{entry.name}\n{error_text(entry)}"
    # "?" marks an answer flagged Not sure, so it shows in the list too; a picture that may show
    # none of the classes says so in words.
    mark = ""
    if entry.not_sure:
        mark = (" · " + _translate("MainWindow", "none of the classes?")
                if not_sure_kind(entry.not_sure_reasons) == OUTSIDE else " ?")
    return f"{entry.name}\n{class_name(entry.top_label)} · {entry.top_probability:.1%}{mark}"


def _square_icon(image: QImage | None) -> QIcon:
    """The thumbnail centred on a square, so rows line up whatever the aspect ratio."""
    canvas = QPixmap(ICON, ICON)
    canvas.fill(Qt.transparent)
    if image is not None and not image.isNull():
        # Thumbnails come at this size (no work here); smaller pictures (CIFAR's 32x32) grow.
        scaled = image if max(image.width(), image.height()) == ICON else image.scaled(
            ICON, ICON, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        painter = QPainter(canvas)
        painter.drawImage((ICON - scaled.width()) // 2, (ICON - scaled.height()) // 2, scaled)
        painter.end()
    return QIcon(canvas)
