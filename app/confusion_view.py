"""A checkpoint's confusion matrix, painted as a heat map for the Model Info dialog.

Rows are the true classes, columns the predicted ones (the layout ``cifar10 eval
--write-metadata`` stores in ``extra["eval"]["confusion"]``). Each row is normalised by its
number of images, so a cell reads "this share of the true class's images got this answer" and the
diagonal is the per-class accuracy, which a bar column on the right repeats.

Painted with QPainter: the app must not import matplotlib (or torch) to show a picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from PyQt5.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PyQt5.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PyQt5.QtWidgets import QSizePolicy, QToolTip, QWidget

from app import style
from app.confusion_data import blend, cell_text, validate_confusion
from model.evaluation.formatting import format_accuracy

WHITE = QColor(255, 255, 255)
# Cells are shaded by share**GAMMA rather than linearly: with gamma 0.5 a 4% confusion gets a
# visible 20% tint instead of a near-white 4%, while the order of shades is unchanged (the idea of
# matplotlib.colors.PowerNorm). The exact values are written in the cells and their tooltips.
GAMMA = 0.5
# Above this shade the cell is dark enough that its text is drawn in white.
LIGHT_TEXT_FROM = 0.55
DARK_TEXT = QColor("#1f2937")  # on pale cells, whatever the palette (the cells are always light)
LABEL_ANGLE = 45.0  # degrees; column labels slant up to the right so long names fit narrow cells
PAD = 6.0
CELL_FONT_SCALE = 0.8  # numbers in cells a little smaller than the labels, so they fit more often
MIN_FONT_SCALE = 0.6    # below this the labels are unreadable anyway; they may then overlap


@dataclass(frozen=True)
class _Layout:
    """Where everything goes for one widget size (recomputed on every paint: it is cheap)."""

    grid: QRectF      # the n×n cells
    cell: float       # side of one square cell
    bars: QRectF      # the accuracy column, level with the grid
    row_labels: QRectF
    header_baseline: float  # y where the slanted column labels start
    font: QFont       # the widget's font, shrunk when the widget is small
    cell_font: QFont  # a little smaller, for the numbers inside the cells
    origin: QPointF   # offset that centres the picture in the widget


class ConfusionMatrixView(QWidget):
    """Row-normalised confusion-matrix heat map with a per-class accuracy bar column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._matrix: list[list[int]] | None = None
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMouseTracking(True)  # tooltips per cell
        self._update_accessibility()

    # -- data ---------------------------------------------------------------------------------
    def set_data(self, class_names: Sequence[str], confusion: Any,
                 display_names: Sequence[str] | None = None) -> None:
        """Show ``confusion`` (rows true, columns predicted) for ``class_names``.

        ``display_names`` are what the axes show (e.g. translated names); a list of the wrong
        length is ignored. Invalid input shows a "No confusion matrix recorded" placeholder.
        """
        names = [str(n) for n in class_names or []]
        if display_names is not None and len(display_names) == len(names):
            names = [str(n) for n in display_names]
        self._matrix = validate_confusion(len(names), confusion)
        self._names = names if self._matrix is not None else []
        self._update_accessibility()
        self.updateGeometry()
        self.update()

    @property
    def has_data(self) -> bool:
        return self._matrix is not None

    @property
    def class_names(self) -> list[str]:
        """The names shown on the axes (empty without data)."""
        return list(self._names)

    def row_total(self, row: int) -> int:
        self._check(row, 0)
        return sum(self._matrix[row])

    def share(self, row: int, col: int) -> float:
        """Fraction of true class ``row``'s images predicted as ``col`` (0 for an empty row)."""
        total = self.row_total(row)
        return self._matrix[row][col] / total if total else 0.0

    def accuracy(self, row: int) -> float | None:
        """Per-class accuracy from the diagonal, or None when the class has no images."""
        return self.share(row, row) if self.row_total(row) else None

    def cell_colour(self, row: int, col: int) -> QColor:
        """The fill of cell (row, col): white for 0%, style.ACCENT for 100%."""
        self._check(row, col)
        return blend(WHITE, style.ACCENT, self.share(row, col) ** GAMMA)

    def cell_rect(self, row: int, col: int) -> QRectF:
        """Where cell (row, col) is painted at the widget's current size."""
        self._check(row, col)
        return _cell_rect(self._layout(), row, col)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        if not self.has_data:
            return None
        layout = self._layout()
        if not layout.grid.contains(pos):
            return None
        n = len(self._names)
        col = min(int((pos.x() - layout.grid.left()) / layout.cell), n - 1)
        row = min(int((pos.y() - layout.grid.top()) / layout.cell), n - 1)
        return row, col

    def _check(self, row: int, col: int) -> None:
        if self._matrix is None:
            raise IndexError("no confusion matrix is shown")
        n = len(self._matrix)
        if not (0 <= row < n and 0 <= col < n):
            raise IndexError(f"cell ({row}, {col}) is outside the {n}×{n} matrix")

    # -- texts --------------------------------------------------------------------------------
    def placeholder_text(self) -> str:
        return self.tr("No confusion matrix recorded")

    def caption_text(self) -> str:
        # Not "test images": a fine-tuned model's matrix is of its held-out part (the caption
        # above the matrix names the split).
        return self.tr("Each row: where that class's images went, in percent")

    def cell_tooltip(self, row: int, col: int) -> str:
        count, total = self._matrix[row][col], self.row_total(row)
        true, predicted = self._names[row], self._names[col]
        if row == col:
            text = self.tr("{true}: {count} of {total} images classified correctly ({share})")
        else:
            text = self.tr("{true} classified as {predicted}: {count} of {total} images ({share})")
        return text.format(true=true, predicted=predicted, count=count, total=total,
                           share=format_accuracy(self.share(row, col), 1))

    def _update_accessibility(self) -> None:
        self.setAccessibleName(self.tr("Confusion matrix"))
        self.setAccessibleDescription(self._summary())

    def _summary(self) -> str:
        if not self.has_data:
            return self.placeholder_text()
        n = len(self._names)
        total = sum(map(sum, self._matrix))
        correct = sum(self._matrix[i][i] for i in range(n))
        parts = [self.tr("Rows are true classes, columns predicted classes; {n} classes, "
                         "{total} images, {accuracy} classified correctly.")
                 .format(n=n, total=total, accuracy=format_accuracy(correct / total, 1))]
        accuracies = [(a, i) for i in range(n) if (a := self.accuracy(i)) is not None]
        best, worst = max(accuracies), min(accuracies)
        parts.append(self.tr("Best class: {best} ({best_acc}); worst class: {worst} "
                             "({worst_acc}).")
                     .format(best=self._names[best[1]], best_acc=format_accuracy(best[0], 1),
                             worst=self._names[worst[1]], worst_acc=format_accuracy(worst[0], 1)))
        confusions = [(self.share(r, c), r, c) for r in range(n) for c in range(n)
                      if r != c and self._matrix[r][c] > 0]
        if confusions:
            share, r, c = max(confusions)
            parts.append(self.tr("Most common mistake: {true} classified as {predicted} "
                                 "({share} of {true} images).")
                         .format(true=self._names[r], predicted=self._names[c],
                                 share=format_accuracy(share, 1)))
        return " ".join(parts)

    # -- Qt -----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(520, 460)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 220)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self._update_accessibility()
            self.update()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(QPointF(event.pos()))
            if cell is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.cell_tooltip(*cell), self)
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setRenderHint(QPainter.TextAntialiasing)
        if not self.has_data:
            painter.setPen(style.MUTED)
            painter.drawText(QRectF(self.rect()), Qt.AlignCenter | Qt.TextWordWrap,
                             self.placeholder_text())
            return
        layout = self._layout()
        self._paint_axis_titles(painter, layout)
        self._paint_row_labels(painter, layout)
        self._paint_column_labels(painter, layout)
        self._paint_cells(painter, layout)
        self._paint_bars(painter, layout)
        self._paint_caption(painter, layout)

    # -- painting -----------------------------------------------------------------------------
    def _axis_texts(self) -> tuple[str, str, str]:
        return self.tr("True class"), self.tr("Predicted class"), self.tr("Accuracy")

    def _layout(self) -> _Layout:
        layout = self._layout_for(QFont(self.font()))
        needed = QFontMetricsF(layout.font).height() * 1.1
        if layout.cell < needed:
            # Small widget: shrink the labels with the cells rather than let the rows overlap.
            layout = self._layout_for(_scaled(self.font(), max(layout.cell / needed,
                                                               MIN_FONT_SCALE)))
        return layout

    def _layout_for(self, font: QFont) -> _Layout:
        fm = QFontMetricsF(font)
        n = max(len(self._names), 1)
        accuracy_title = self._axis_texts()[2]
        slant = math.radians(LABEL_ANGLE)
        label_w = max([fm.horizontalAdvance(s) for s in self._names] or [0.0])
        header_w = max(label_w, fm.horizontalAdvance(accuracy_title))
        # A slanted label of width w rises w·sin(angle) and reaches w·cos(angle) to the right.
        header_h = header_w * math.sin(slant) + fm.height()
        left = PAD + fm.height() + PAD + label_w + PAD   # axis title, row labels
        top = PAD + fm.height() + PAD + header_h          # axis title, slanted column labels
        bars_w = max(fm.horizontalAdvance("100%") + 2 * PAD, 3 * fm.height())
        right = PAD + max(fm.horizontalAdvance(accuracy_title) * math.cos(slant) - bars_w / 2, 0)
        avail_w = self.width() - left - right - PAD - bars_w
        caption_h = QFontMetricsF(_scaled(font, CELL_FONT_SCALE)).height() + PAD
        avail_h = self.height() - top - caption_h - PAD
        cell = max(min(avail_w, avail_h) / n, 2.0)
        # Centre the picture in whatever room is left over.
        dx = max((avail_w - cell * n) / 2, 0.0)
        dy = max((avail_h - cell * n) / 2, 0.0)
        grid = QRectF(left + dx, top + dy, cell * n, cell * n)
        bars = QRectF(grid.right() + PAD, grid.top(), bars_w, cell * n)
        row_labels = QRectF(grid.left() - PAD - label_w, grid.top(), label_w, cell * n)
        cell_font = _scaled(font, CELL_FONT_SCALE)
        return _Layout(grid=grid, cell=cell, bars=bars, row_labels=row_labels,
                       header_baseline=grid.top() - PAD / 2, font=font, cell_font=cell_font,
                       origin=QPointF(dx, dy))

    def _text_colour(self) -> QColor:
        return self.palette().color(QPalette.WindowText)

    def _paint_axis_titles(self, painter: QPainter, layout: _Layout) -> None:
        fm = QFontMetricsF(layout.font)
        true_title, predicted_title, _ = self._axis_texts()
        painter.setFont(layout.font)
        painter.setPen(style.MUTED)
        # Centred over the grid, but free to be wider than a small grid.
        painter.drawText(QRectF(layout.grid.center().x() - self.width(), layout.origin.y() + PAD,
                                2 * self.width(), fm.height()),
                         Qt.AlignHCenter | Qt.AlignTop, predicted_title)
        # The row axis title runs bottom-to-top along the left edge.
        painter.save()
        painter.translate(layout.origin.x() + PAD, layout.grid.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-layout.grid.height() / 2, 0, layout.grid.height(), fm.height()),
                         Qt.AlignHCenter | Qt.AlignTop, true_title)
        painter.restore()

    def _paint_row_labels(self, painter: QPainter, layout: _Layout) -> None:
        painter.setFont(layout.font)
        painter.setPen(self._text_colour())
        step = _label_step(layout)
        for i, name in enumerate(self._names):
            if i % step:
                continue
            rect = QRectF(layout.row_labels.left(), layout.grid.top() + i * layout.cell,
                          layout.row_labels.width(), layout.cell)
            painter.drawText(rect, Qt.AlignRight | Qt.AlignVCenter | Qt.TextDontClip, name)

    def _paint_column_labels(self, painter: QPainter, layout: _Layout) -> None:
        fm = QFontMetricsF(layout.font)
        painter.setFont(layout.font)
        painter.setPen(self._text_colour())
        step = _label_step(layout)
        labels = [(layout.grid.left() + (i + 0.5) * layout.cell, name)
                  for i, name in enumerate(self._names) if i % step == 0]
        labels.append((layout.bars.center().x(), self._axis_texts()[2]))
        for x, name in labels:
            painter.save()
            painter.translate(x, layout.header_baseline)
            painter.rotate(-LABEL_ANGLE)
            painter.drawText(QPointF(0, -fm.descent()), name)
            painter.restore()

    def _paint_cells(self, painter: QPainter, layout: _Layout) -> None:
        n = len(self._names)
        texts = {(r, c): cell_text(self.share(r, c))
                 for r in range(n) for c in range(n) if self._matrix[r][c] > 0}
        bold = QFont(layout.cell_font)
        bold.setBold(True)
        fm = QFontMetricsF(bold)
        # Values are percentages of the row, written only when all of them fit their cells.
        fits = (max(fm.horizontalAdvance(t) for t in texts.values()) + 4 <= layout.cell
                and fm.height() <= layout.cell)
        painter.setPen(Qt.NoPen)
        for r in range(n):
            for c in range(n):
                painter.setBrush(self.cell_colour(r, c))
                painter.drawRect(_cell_rect(layout, r, c))
        # Thin grid lines keep neighbouring pale cells apart; the diagonal gets a darker outline
        # so the "correct" cells stand out even for a weak class.
        painter.setBrush(Qt.NoBrush)
        painter.setPen(QPen(style.PANEL_BORDER, 1))
        painter.drawRect(layout.grid)
        diagonal_pen = QPen(style.ACCENT.darker(150), 1.5)
        for r in range(n):
            for c in range(n):
                rect = _cell_rect(layout, r, c)
                if r == c and layout.cell >= 6:  # on tiny cells the outline would hide the fill
                    painter.setPen(diagonal_pen)
                    painter.drawRect(rect.adjusted(0.75, 0.75, -0.75, -0.75))
                if not fits or (r, c) not in texts:
                    continue  # empty cells stay blank so the mistakes stand out
                painter.setFont(bold if r == c else layout.cell_font)
                dark = self.share(r, c) ** GAMMA >= LIGHT_TEXT_FROM
                painter.setPen(WHITE if dark else DARK_TEXT)
                painter.drawText(rect, Qt.AlignCenter, texts[r, c])

    def _paint_caption(self, painter: QPainter, layout: _Layout) -> None:
        painter.setFont(layout.cell_font)
        painter.setPen(style.MUTED)
        height = QFontMetricsF(layout.cell_font).height()
        painter.drawText(QRectF(0, layout.grid.bottom() + PAD, self.width(), height),
                         Qt.AlignHCenter | Qt.AlignTop, self.caption_text())

    def _paint_bars(self, painter: QPainter, layout: _Layout) -> None:
        inset = max(layout.cell * 0.15, 1.0)
        for r in range(len(self._names)):
            row = QRectF(layout.bars.left(), layout.grid.top() + r * layout.cell,
                         layout.bars.width(), layout.cell).adjusted(0, inset, 0, -inset)
            painter.setPen(Qt.NoPen)
            painter.setBrush(style.TRACK)
            painter.drawRect(row)
            accuracy = self.accuracy(r)
            if accuracy is not None:
                painter.setBrush(style.ACCENT_SOFT)
                painter.drawRect(QRectF(row.left(), row.top(), row.width() * accuracy,
                                        row.height()))
            if row.height() >= QFontMetricsF(layout.cell_font).height() * 0.8:
                painter.setFont(layout.cell_font)
                painter.setPen(self._text_colour())
                painter.drawText(row, Qt.AlignCenter,
                                 "–" if accuracy is None else format_accuracy(accuracy, 0))


def _label_step(layout: _Layout) -> int:
    """Label every class while the labels fit beside their cells; with many classes, every
    k-th one, so that the labels shown stay readable."""
    height = QFontMetricsF(layout.font).height()
    return max(math.ceil(height / layout.cell), 1)


def _cell_rect(layout: _Layout, row: int, col: int) -> QRectF:
    return QRectF(layout.grid.left() + col * layout.cell, layout.grid.top() + row * layout.cell,
                  layout.cell, layout.cell)


def _scaled(font: QFont, factor: float) -> QFont:
    out = QFont(font)
    if out.pointSizeF() > 0:
        out.setPointSizeF(out.pointSizeF() * factor)
    else:  # a font set in pixels
        out.setPixelSize(max(round(out.pixelSize() * factor), 1))
    return out
