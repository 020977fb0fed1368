"""The top-k bars and the 32x32 network-input view."""

from __future__ import annotations

from PyQt5.QtCore import QRectF, QSize, Qt
from PyQt5.QtGui import (
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPixmap,
)
from PyQt5.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from app import style
from app.plain_text import plain_label, tooltip

ROW_HEIGHT = 30
LABEL_WIDTH = 120
PERCENT_WIDTH = 64


class TopKBars(QWidget):
    """Labelled horizontal bars with percentages, largest first, the top class emphasised."""

    def __init__(self, rows: int = 5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self._labels: tuple[str, ...] = ()
        self._probabilities: tuple[float, ...] = ()
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setMinimumWidth(280)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, self._rows * ROW_HEIGHT + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    @property
    def rows(self) -> list[tuple[str, float]]:
        """What the bars show, top first (also read by tests and accessibility)."""
        return list(zip(self._labels, self._probabilities))

    def set_prediction(self, labels: tuple[str, ...], probabilities: tuple[float, ...]) -> None:
        pairs = sorted(zip(labels, probabilities), key=lambda lp: -lp[1])[: self._rows]
        self._labels = tuple(label for label, _ in pairs)
        self._probabilities = tuple(p for _, p in pairs)
        self.setAccessibleDescription(
            "; ".join(f"{label} {p:.1%}" for label, p in pairs))
        # The bars elide names wider than LABEL_WIDTH (ImageNet's "cassette player"): the
        # tooltip gives them whole.
        self.setToolTip(tooltip("\n".join(f"{label}  {p * 100:.1f} %" for label, p in pairs))
                        if pairs else "")
        self.update()

    def clear(self) -> None:
        self.set_prediction((), ())

    def percent_width(self) -> int:
        """Room for the widest percentage, "100.0 %" in the top row's bold: at 64 px a bold
        "100.0 %" was clipped to "00.0 %" (a confident small model shows it often)."""
        bold = QFont(self.font())
        bold.setBold(True)
        return max(PERCENT_WIDTH, QFontMetrics(bold).horizontalAdvance("100.0 %") + 4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        width = self.width()
        percent_width = self.percent_width()
        bar_left = LABEL_WIDTH + 8
        bar_width = max(40, width - bar_left - percent_width - 8)
        text_colour = self.palette().windowText().color()
        # No tracks without a prediction: an empty widget reads as "nothing yet", not as 0 %.
        for i in range(len(self._labels)):
            top = i * ROW_HEIGHT + 2
            track = QRectF(bar_left, top + 7, bar_width, ROW_HEIGHT - 14)
            path = QPainterPath()
            path.addRoundedRect(track, track.height() / 2, track.height() / 2)
            painter.fillPath(path, style.TRACK)
            is_top = i == 0
            label, p = self._labels[i], self._probabilities[i]
            if p > 0:
                fill = QRectF(track)
                fill.setWidth(max(track.height(), track.width() * min(1.0, p)))
                bar = QPainterPath()
                bar.addRoundedRect(fill, fill.height() / 2, fill.height() / 2)
                painter.fillPath(bar, style.ACCENT if is_top else style.ACCENT_SOFT)
            font = self.font()
            font.setBold(is_top)
            painter.setFont(font)
            painter.setPen(text_colour if is_top else style.MUTED.darker(130))
            painter.drawText(QRectF(0, top, LABEL_WIDTH, ROW_HEIGHT),
                             Qt.AlignRight | Qt.AlignVCenter,
                             painter.fontMetrics().elidedText(label, Qt.ElideRight, LABEL_WIDTH))
            painter.drawText(QRectF(width - percent_width, top, percent_width, ROW_HEIGHT),
                             Qt.AlignRight | Qt.AlignVCenter, f"{p * 100:.1f} %")
        painter.end()


class NetworkInputView(QWidget):
    """The image the network actually sees, enlarged with nearest-neighbour so pixels stay crisp."""

    DISPLAY = 128

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._overlay = QImage()
        self._overlay_caption = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._picture = plain_label()  # holds a picture; plain like every label
        self._picture.setFixedSize(self.DISPLAY + 2, self.DISPLAY + 2)
        self._picture.setAlignment(Qt.AlignCenter)
        self._picture.setStyleSheet(
            f"background: {style.TRACK.name()}; border: 1px solid {style.PANEL_BORDER.name()};")
        self._caption = plain_label()
        self._caption.setAlignment(Qt.AlignHCenter)
        self._caption.setWordWrap(True)
        self._caption.setStyleSheet(f"color: {style.MUTED.name()};")
        self._caption.setFixedWidth(self.DISPLAY + 2)
        layout.addWidget(self._picture, 0, Qt.AlignHCenter)
        layout.addWidget(self._caption, 0, Qt.AlignHCenter)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(self.tr("What the network sees: the image resized to its input size, "
                                "before normalisation"))
        self._refresh()

    @property
    def image(self) -> QImage:
        return self._image

    @property
    def overlay(self) -> QImage:
        return self._overlay

    @property
    def caption(self) -> str:
        return self._caption.text()

    def set_image(self, image: QImage | None) -> None:
        self._image = image if image is not None else QImage()
        self._refresh()

    def set_overlay(self, overlay: QImage | None, caption: str = "") -> None:
        """An attention map (RGBA) over the input, and what it is (e.g. "Grad-CAM, layer4")."""
        self._overlay = overlay if overlay is not None else QImage()
        self._overlay_caption = caption if not self._overlay.isNull() else ""
        self._refresh()

    def _refresh(self) -> None:
        title = self.tr("Network input")
        if self._image.isNull():
            self._picture.clear()
            self._caption.setText(title)
            return
        enlarged = self._image.scaled(self.DISPLAY, self.DISPLAY, Qt.KeepAspectRatio,
                                      Qt.FastTransformation)  # nearest neighbour: no smoothing
        if not self._overlay.isNull():
            enlarged = enlarged.convertToFormat(QImage.Format_RGB32)  # a format QPainter draws on
            painter = QPainter(enlarged)
            painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
            painter.drawImage(QRectF(enlarged.rect()), self._overlay)
            painter.end()
        self._picture.setPixmap(QPixmap.fromImage(enlarged))
        lines = [title, f"{self._image.width()} × {self._image.height()} px"]
        if self._overlay_caption:
            lines.append(self._overlay_caption)
        self._caption.setText("\n".join(lines))
