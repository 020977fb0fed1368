"""Model > Architecture: the loaded network as the tutorial draws it, one row per part.

The rows come from the worker (:class:`model.network.summary.ArchitectureSummary`, plain data
read from the model object): the stem, every block of the four stages with its shortcut
(identity, or the 1×1 projection where a block halves the resolution), global pooling and the
linear layer, each with its output shape and parameters, and the weighted layers spelled out
(1 + 16 + 1 = 18 for ResNet-18). Projection blocks are tinted so the four stages stand out.
"""

from __future__ import annotations

from typing import Any

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PyQt5.QtGui import QBrush, QColor
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import style
from app.i18n import translate as _translate

CONTEXT = "Architecture"
HEADERS = (QT_TRANSLATE_NOOP("Architecture", "Layer"),
           QT_TRANSLATE_NOOP("Architecture", "What it is"),
           QT_TRANSLATE_NOOP("Architecture", "Output"),
           QT_TRANSLATE_NOOP("Architecture", "Parameters"))
# Translucent, so it reads on light and dark palettes alike.
PROJECTION_TINT = QColor(255, 170, 0, 56)


def describe_row(row: Any) -> str:
    """A row's "what it is", in the current language (from its fields, not its English text)."""
    if row.role == "stem_conv":
        return _translate("Architecture", "stem: {k}×{k} convolution, stride {s}, + BatchNorm + ReLU").format(
            k=row.kernel, s=row.stride)
    if row.role == "stem_pool":
        return _translate("Architecture", "stem: {k}×{k} max-pool, stride {s}").format(k=row.kernel, s=row.stride)
    if row.role == "block":
        shortcut = (_translate("Architecture", "1×1 projection shortcut") if row.shortcut == "projection"
                    else _translate("Architecture", "identity shortcut"))
        if row.stride != 1:
            return _translate("Architecture", "block: two 3×3 convolutions, stride {s}, {shortcut}").format(
                s=row.stride, shortcut=shortcut)
        return _translate("Architecture", "block: two 3×3 convolutions, {shortcut}").format(shortcut=shortcut)
    if row.role == "pool":
        return _translate("Architecture", "global average pooling")
    if row.role == "linear":
        return _translate("Architecture", "linear layer to the {n} classes").format(n=row.output_shape[0])
    return row.kind


def shape_text(shape: tuple[int, ...]) -> str:
    return " × ".join(str(s) for s in shape)


class ArchitectureDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._summary: Any = None
        self._message = ""
        self.title = QLabel()
        self.title.setFont(style.scaled_font(self, 1.15, bold=True))
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self.retranslate_ui()

    def set_summary(self, summary: Any) -> None:
        """Show ``summary`` (an ArchitectureSummary); None shows that it is being worked out."""
        self._summary, self._message = summary, ""
        self.retranslate_ui()

    def set_message(self, message: str) -> None:
        """Say why there is no table (no model loaded, or the worker's error)."""
        self._summary, self._message = None, message
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_translate("Architecture", "Architecture"))
        self.table.setHorizontalHeaderLabels([_translate(CONTEXT, h) for h in HEADERS])
        s = self._summary
        if s is None:
            self.table.setRowCount(0)
            self.title.setText(self._message or _translate("Architecture", "Reading the network…"))
            self.totals.setText("")
            return
        stem = (_translate("Architecture", "ImageNet stem") if s.stem == "imagenet"
                else _translate("Architecture", "CIFAR stem"))
        self.title.setText(_translate("Architecture", "ResNet-{n}, {stem}, input 3 × {size} × {size}")
                           .format(n=s.weighted_layers, stem=stem, size=s.input_size))
        self.table.setRowCount(len(s.rows))
        for i, row in enumerate(s.rows):
            cells = (row.name, describe_row(row), shape_text(row.output_shape),
                     f"{row.parameters:,}")
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 3:
                    item.setTextAlignment(int(Qt.AlignRight | Qt.AlignVCenter))
                if row.shortcut == "projection":
                    item.setBackground(QBrush(PROJECTION_TINT))
                self.table.setItem(i, j, item)
        self.totals.setText(_translate(
            "Architecture", "Weighted layers: {sum} (the stem convolution, two convolutions per block, "
                     "the linear layer; the 1×1 projections are not counted, as in the paper). "
                     "Parameters: {params:,}.").format(sum=s.layer_sum, params=s.parameters))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def row_texts(self) -> list[list[str]]:
        """The table as text (what a user reads; tests compare it)."""
        return [[self.table.item(i, j).text() for j in range(self.table.columnCount())]
                for i in range(self.table.rowCount())]
