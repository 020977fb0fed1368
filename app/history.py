"""The history list: every image classified since the app started, newest first.

A model/view list (Qt's QListView over :class:`HistoryModel`), not a QListWidget: a dropped
folder's chunk of results is announced to the view as one insertion, and a row's text, tooltip
and icon are made only when the view draws that row (the visible ones), so the GUI thread's
cost per result stays small and does not grow with the history's length. (A QListWidget made
an item, an icon and a tooltip for every result as it arrived: benchmarks/README.md.)
"""

from __future__ import annotations

import os
from collections import OrderedDict

from PyQt5.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, pyqtSignal
from PyQt5.QtGui import QBrush, QIcon, QImage, QPainter, QPixmap
from PyQt5.QtWidgets import QAbstractItemView, QListView, QStyle, QWidget

from app import style
from app.i18n import class_name
from app.i18n import translate as _translate
from app.plain_text import tooltip
from app.results import HistoryEntry
from model.inference.reasons import OUTSIDE, not_sure_kind

ICON = 48  # = app.classify_steps.THUMBNAIL_MAX: thumbnails are made at this size
ENTRY_ROLE = Qt.UserRole
# Icons of rows drawn lately, kept so that scrolling back and forth does not make them again;
# a few screens' worth (a row is ICON + 10 px high).
ICON_CACHE = 256


class HistoryModel(QAbstractListModel):
    """The entries (kept oldest first, as the window's state keeps them) as rows, newest first.
    ``ENTRY_ROLE`` gives a row's index in that list."""

    def __init__(self, error_icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[HistoryEntry] = []
        self._error_icon = error_icon
        self._icons: OrderedDict[int, QIcon] = OrderedDict()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._entries)

    def entry_index(self, row: int) -> int | None:
        """Rows are newest first; entries are oldest first."""
        return len(self._entries) - 1 - row if 0 <= row < len(self._entries) else None

    def row_of(self, index: int) -> int:
        return len(self._entries) - 1 - index

    def add(self, first: int, entries: list[HistoryEntry]) -> None:
        """Entries ``first`` ... (``first`` must be the count so far), as one insertion on top."""
        if not entries:
            return
        if first != len(self._entries):
            raise ValueError(f"entries from {first} added to a history of {len(self._entries)}")
        self.beginInsertRows(QModelIndex(), 0, len(entries) - 1)
        self._entries.extend(entries)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._entries.clear()
        self._icons.clear()
        self.endResetModel()

    def retranslate(self) -> None:
        """Every row's text again (class names are translated); the view redraws what it shows."""
        if self._entries:
            self.dataChanged.emit(self.index(0), self.index(len(self._entries) - 1),
                                  [Qt.DisplayRole, Qt.ToolTipRole])

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):  # noqa: ANN201
        i = self.entry_index(index.row()) if index.isValid() else None
        if i is None:
            return None
        entry = self._entries[i]
        if role == Qt.DisplayRole:
            return _row_text(entry)
        if role == Qt.DecorationRole:
            return self._icon(i, entry)
        if role == Qt.ToolTipRole:
            return _row_tooltip(entry)
        if role == Qt.ForegroundRole:
            return None if entry.ok else QBrush(style.ERROR)
        if role == Qt.SizeHintRole:
            return QSize(0, ICON + 10)
        if role == ENTRY_ROLE:
            return i
        return None

    def _icon(self, i: int, entry: HistoryEntry) -> QIcon:
        if not entry.ok:
            return self._error_icon
        icon = self._icons.get(i)
        if icon is None:
            icon = self._icons[i] = _square_icon(entry.thumbnail)
            if len(self._icons) > ICON_CACHE:
                self._icons.popitem(last=False)
        else:
            self._icons.move_to_end(i)
        return icon


class HistoryList(QListView):
    """One row per image: thumbnail, file name, then the top class and confidence, or the error.

    ``currentRowChanged(row)`` as QListWidget's (-1 when the history is emptied)."""

    currentRowChanged = pyqtSignal(int)  # noqa: N815 (QListWidget's name)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = HistoryModel(self.style().standardIcon(QStyle.SP_MessageBoxWarning), self)
        self.setModel(self.history)
        self.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.currentRowChanged.emit(current.row()))
        self.setIconSize(QSize(ICON, ICON))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setTextElideMode(Qt.ElideRight)
        self.setSpacing(1)
        self.setAccessibleName("History")

    def add_entries(self, first: int, entries: list[HistoryEntry]) -> None:
        """Rows for ``entries`` (history indices from ``first``), newest on top, inserted at
        once."""
        self.history.add(first, entries)

    def clear(self) -> None:
        had_current = self.currentIndex().isValid()
        self.history.clear()
        if had_current:  # a model reset moves the current row silently; QListWidget said so
            self.currentRowChanged.emit(-1)

    def count(self) -> int:
        return self.history.rowCount()

    def retranslate(self) -> None:
        self.history.retranslate()

    def entry_index(self, row: int) -> int | None:
        return self.history.entry_index(row)

    def row_of(self, index: int) -> int:
        return self.history.row_of(index)

    def setCurrentRow(self, row: int) -> None:  # noqa: N802 (QListWidget's name)
        self.setCurrentIndex(self.history.index(row))

    def currentRow(self) -> int:  # noqa: N802
        return self.currentIndex().row()

    def row_text(self, row: int) -> str:
        return self.history.data(self.history.index(row), Qt.DisplayRole)

    def row_tooltip(self, row: int) -> str:
        return self.history.data(self.history.index(row), Qt.ToolTipRole)


def _row_text(entry: HistoryEntry) -> str:
    if not entry.ok:
        return f"{entry.name}\n{entry.error}"
    # "?" marks an answer flagged Not sure, so it shows in the list too; a picture that may show
    # none of the classes says so in words.
    mark = ""
    if entry.not_sure:
        mark = (" · " + _translate("MainWindow", "none of the classes?")
                if not_sure_kind(entry.not_sure_reasons) == OUTSIDE else " ?")
    return f"{entry.name}\n{class_name(entry.top_label)} · {entry.top_probability:.1%}{mark}"


def _row_tooltip(entry: HistoryEntry) -> str:
    # The tooltip names the model that answered: a switch mid-batch mixes models.
    model = "\n" + _translate("MainWindow", "Model: {name}").format(
        name=os.path.basename(entry.model)) if entry.model else ""
    if entry.ok:
        return tooltip(entry.source + model)
    return tooltip(f"{entry.source}\n{entry.error}{model}")


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
