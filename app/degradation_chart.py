"""The degradation experiment's curves, painted from its log for Help > Why Residual Connections?

Plain networks on the left, residual ones on the right, on one error scale, in the style of He et
al. (2016), Figure 6: a thin dashed line for training error, a bold one for test error, one
colour per depth. Painted with QPainter from ``log.jsonl`` rather than shown as the PNG the
command writes, so that its titles and labels follow the interface language and it stays sharp
at any size and pixel ratio (and the app needs no matplotlib).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PyQt5.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PyQt5.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PyQt5.QtWidgets import QSizePolicy, QWidget

from app import style
from app.i18n import translate as _translate
from model.experiments.degradation_log import Curve

# matplotlib's first tab10 colours, the ones the command's own PNG uses for the same depths.
DEPTH_COLOURS = ("#ff7f0e", "#1f77b4", "#2ca02c", "#d62728")
PAD = 8.0
TRAIN_WIDTH, TEST_WIDTH = 1.2, 2.6


def error_scale(values: Sequence[float]) -> tuple[float, float, float]:
    """(low, high, step) in percent: whole steps of 10 (5 for a narrow range) that hold every
    value, never below 0 or above 100."""
    if not values:
        return 0.0, 100.0, 10.0
    # Rounded first, so that 100 * 0.55 = 55.000000000000014 does not add an empty step.
    lo = min(100.0, max(0.0, round(100 * min(values), 6)))
    hi = min(100.0, max(0.0, round(100 * max(values), 6)))
    step = 10.0 if hi - lo >= 30 else 5.0
    low = max(0.0, math.floor(lo / step) * step)
    high = min(100.0, math.ceil(hi / step) * step)
    if high <= low:
        low, high = max(0.0, low - step), min(100.0, high + step)
    return low, high, step


def epoch_ticks(last: int) -> list[int]:
    """Up to eight labelled epochs up to ``last``: every epoch, or every 2nd, 5th, 10th, 20th,
    50th... (1-2-5 steps, however long the run)."""
    last = max(1, int(last))
    every, scale = 1, 1
    while last / every > 8:
        for factor in (2, 5, 10):
            every = factor * scale
            if last / every <= 8:
                break
        scale *= 10
    return list(range(every, last + 1, every)) if every > 1 else list(range(1, last + 1))


class DegradationChart(QWidget):
    def __init__(self, curves: list[Curve], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.curves = curves
        self.depths = sorted({c.depth for c in curves})
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(480, 260)
        self.setAttribute(Qt.WA_OpaquePaintEvent, False)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(980, 400)

    def colour(self, depth: int) -> QColor:
        return QColor(DEPTH_COLOURS[self.depths.index(depth) % len(DEPTH_COLOURS)])

    def titles(self) -> tuple[str, str]:
        return (_translate("Residuals", "plain networks"),
                _translate("Residuals", "residual networks (ResNet)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.update()
        super().changeEvent(event)

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), self.palette().color(QPalette.Base))
        text = self.palette().color(QPalette.Text)
        fm = QFontMetricsF(self.font())
        line = fm.height()
        values = [v for c in self.curves for v in (*c.train, *c.test)]
        low, high, step = error_scale(values)
        last = max((max(c.epochs) for c in self.curves if c.epochs), default=1)
        levels = _frange(low, high, step)  # the error grid, in percent
        widest = max((fm.horizontalAdvance(f"{v:g}") for v in levels), default=0.0)
        left = PAD + line + PAD + widest + PAD
        legend_h = line + PAD
        top, bottom = PAD + line + PAD, self.height() - PAD - legend_h - line - PAD - line
        gap = 2 * PAD
        right = PAD + fm.horizontalAdvance(str(last)) / 2  # room for the last epoch's label
        width = (self.width() - left - right - gap) / 2
        if width < 40 or bottom - top < 40:
            return
        for i, (residual, title) in enumerate(zip((False, True), self.titles())):
            frame = QRectF(left + i * (width + gap), top, width, bottom - top)
            self._panel(p, frame, title, [c for c in self.curves if c.residual == residual],
                        low, high, levels, last, fm, text, show_values=i == 0)
        # The y axis's name, turned to read upwards, left of the first panel.
        p.save()
        p.setPen(text)
        p.translate(PAD + line * 0.8, (top + bottom) / 2)
        p.rotate(-90)
        label = _translate("Residuals", "error (%)")
        p.drawText(QPointF(-fm.horizontalAdvance(label) / 2, 0), label)
        p.restore()
        self._legend(p, QRectF(left, self.height() - PAD - legend_h, 2 * width + gap, legend_h),
                     fm, text)
        p.end()

    def _panel(self, p: QPainter, frame: QRectF, title: str, curves: list[Curve], low: float,
               high: float, levels: list[float], last: int, fm: QFontMetricsF, text: QColor,
               show_values: bool) -> None:
        def x_of(epoch: float) -> float:
            return frame.left() + (frame.width() * (epoch - 1) / (last - 1) if last > 1
                                   else frame.width() / 2)

        def y_of(error: float) -> float:
            return frame.bottom() - frame.height() * (100 * error - low) / (high - low)

        p.setPen(text)
        p.drawText(QRectF(frame.left(), frame.top() - fm.height() - PAD, frame.width(),
                          fm.height()), Qt.AlignCenter, title)
        grid = QPen(style.PANEL_BORDER, 1)
        for v in levels:
            y = y_of(v / 100)
            p.setPen(grid)
            p.drawLine(QPointF(frame.left(), y), QPointF(frame.right(), y))
            if show_values:
                p.setPen(text)
                s = f"{v:g}"
                p.drawText(QPointF(frame.left() - PAD - fm.horizontalAdvance(s),
                                   y + fm.ascent() / 2 - 1), s)
        p.setPen(text)
        for e in epoch_ticks(last):
            x = x_of(e)
            p.drawLine(QPointF(x, frame.bottom()), QPointF(x, frame.bottom() + PAD / 2))
            s = str(e)
            p.drawText(QPointF(x - fm.horizontalAdvance(s) / 2,
                               frame.bottom() + PAD / 2 + fm.ascent()), s)
        label = _translate("Residuals", "epoch")
        p.drawText(QRectF(frame.left(), frame.bottom() + PAD / 2 + fm.height(), frame.width(),
                          fm.height()), Qt.AlignCenter, label)
        p.setPen(QPen(style.MUTED, 1))
        p.setBrush(Qt.NoBrush)
        p.drawRect(frame)
        p.save()
        p.setClipRect(frame.adjusted(-TEST_WIDTH, -TEST_WIDTH, TEST_WIDTH, TEST_WIDTH))
        for c in curves:
            for errors, width, dash in ((c.train, TRAIN_WIDTH, Qt.DashLine),
                                        (c.test, TEST_WIDTH, Qt.SolidLine)):
                pen = QPen(self.colour(c.depth), width, dash)
                pen.setCapStyle(Qt.RoundCap)
                p.setPen(pen)
                points = [QPointF(x_of(e), y_of(v)) for e, v in zip(c.epochs, errors)]
                if len(points) == 1:
                    p.drawPoint(points[0])
                else:
                    p.drawPolyline(QPolygonF(points))
        p.restore()

    def _legend(self, p: QPainter, area: QRectF, fm: QFontMetricsF, text: QColor) -> None:
        """One row under both panels: colour is depth, line style is training or test."""
        sample = 3 * fm.height()
        entries: list[tuple[QPen, str]] = [
            (QPen(text, TRAIN_WIDTH, Qt.DashLine), _translate("Residuals", "training error")),
            (QPen(text, TEST_WIDTH, Qt.SolidLine), _translate("Residuals", "test error")),
        ]
        for depth in self.depths:
            entries.append((QPen(self.colour(depth), TEST_WIDTH * 2),
                            _translate("Residuals", "{depth} layers").format(depth=depth)))
        widths = [sample + PAD + fm.horizontalAdvance(label) for _, label in entries]
        total = sum(widths) + 3 * PAD * (len(entries) - 1)
        x = area.left() + max(0.0, (area.width() - total) / 2)
        y = area.top() + area.height() / 2
        for (pen, label), w in zip(entries, widths):
            p.setPen(pen)
            p.drawLine(QPointF(x, y), QPointF(x + sample, y))
            p.setPen(text)
            p.drawText(QPointF(x + sample + PAD, y + fm.ascent() / 2 - 1), label)
            x += w + 3 * PAD


def _frange(low: float, high: float, step: float) -> list[float]:
    n = int(round((high - low) / step))
    return [low + i * step for i in range(n + 1)]
