"""The live learning curve of a fine-tuning run: training loss and held-out accuracy per epoch.

Two lines on one epoch axis: loss against its own scale (0 to the largest loss so far), accuracy
against 0-100%, so both read at a glance while the run goes on. Drawn with QPainter from the
rows the run reports (app/training/run.py); nothing here computes.
"""

from __future__ import annotations

from PyQt5.QtCore import QPointF, QRectF, QSize, Qt
from PyQt5.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PyQt5.QtWidgets import QSizePolicy, QWidget

from app.i18n import translate as _translate
from app.training.run import held_out_accuracy

LOSS_COLOUR = QColor(200, 80, 40)
ACCURACY_COLOUR = QColor(40, 110, 200)


class CurveView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.losses: list[float] = []
        self.accuracies: list[float | None] = []
        self.epochs = 0
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_history(self, history: list[dict], epochs: int) -> None:
        self.losses = [float(row.get("train_loss") or 0.0) for row in history]
        self.accuracies = [held_out_accuracy(row) for row in history]
        self.epochs = max(epochs, len(history))
        last = self.accuracies[-1] if self.accuracies else None
        self.setAccessibleDescription(
            _translate("TrainingDialog", "{done} of {epochs} epochs; held-out accuracy {acc}")
            .format(done=len(history), epochs=self.epochs,
                    acc="–" if last is None else f"{100 * last:.1f}%"))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, 200)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, 120)

    def plot_rect(self) -> QRectF:
        m = self.fontMetrics()
        return QRectF(m.horizontalAdvance("100%") + 10, m.height() + 8,
                      self.width() - 2 * m.horizontalAdvance("100%") - 20,
                      self.height() - 2 * m.height() - 16)

    def point(self, epoch: int, share: float) -> QPointF:
        """Where epoch ``epoch`` (1-based) at ``share`` of the height (0 bottom, 1 top) lies."""
        r = self.plot_rect()
        span = max(1, self.epochs - 1)
        return QPointF(r.left() + r.width() * (epoch - 1) / span, r.bottom() - r.height() * share)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        r = self.plot_rect()
        text = self.palette().windowText().color()
        painter.setPen(QPen(text, 1))
        painter.drawRect(r)
        m = self.fontMetrics()
        painter.drawText(QRectF(r.left(), r.bottom() + 2, r.width(), m.height() + 4),
                         Qt.AlignHCenter | Qt.AlignTop,
                         _translate("TrainingDialog", "epoch (of {epochs})")
                         .format(epochs=self.epochs))
        painter.setPen(LOSS_COLOUR)
        painter.drawText(QRectF(0, 0, self.width() / 2, m.height() + 4), Qt.AlignLeft,
                         _translate("TrainingDialog", "training loss"))
        painter.setPen(ACCURACY_COLOUR)
        painter.drawText(QRectF(self.width() / 2, 0, self.width() / 2, m.height() + 4),
                         Qt.AlignRight, _translate("TrainingDialog", "held-out accuracy"))
        for share, label in ((0.0, "0%"), (0.5, "50%"), (1.0, "100%")):
            y = r.bottom() - r.height() * share
            painter.drawText(QRectF(r.right() + 4, y - m.height() / 2, 60, m.height()),
                             Qt.AlignLeft | Qt.AlignVCenter, label)
        top = max(self.losses, default=0.0)
        if top > 0:
            painter.setPen(LOSS_COLOUR)
            painter.drawText(QRectF(0, r.top() - m.height() / 2, r.left() - 4, m.height()),
                             Qt.AlignRight | Qt.AlignVCenter, f"{top:.2f}")
            self._line(painter, [(i + 1, v / top) for i, v in enumerate(self.losses)],
                       LOSS_COLOUR)
        self._line(painter, [(i + 1, v) for i, v in enumerate(self.accuracies) if v is not None],
                   ACCURACY_COLOUR)

    def _line(self, painter: QPainter, points: list[tuple[int, float]], colour: QColor) -> None:
        if not points:
            return
        painter.setPen(QPen(colour, 2))
        polygon = QPolygonF([self.point(epoch, share) for epoch, share in points])
        painter.drawPolyline(polygon)
        painter.setBrush(colour)
        for p in polygon:
            painter.drawEllipse(p, 3, 3)
        painter.setBrush(Qt.NoBrush)
