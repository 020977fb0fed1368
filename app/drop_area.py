"""The big image area: shows the current image and accepts dropped files and folders."""

from __future__ import annotations

from PyQt5.QtCore import QRectF, Qt, pyqtSignal
from PyQt5.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PyQt5.QtWidgets import QFrame, QPushButton, QSizePolicy, QWidget

from app import style

MARGIN = 14
RADIUS = 10.0


def local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
    """The local files and folders a drag carries (URLs of remote or non-file things dropped)."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def accept_local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
    """Accept a drag or drop that carries local files or folders, refuse any other; the paths."""
    paths = local_paths(event)
    if paths:
        event.acceptProposedAction()
    else:
        event.ignore()
    return paths


class DropArea(QFrame):
    """Paints the current image with its aspect ratio kept, or a placeholder when there is none.

    It refuses drags that carry no local file (text, web links), and highlights while a usable
    drag hovers, so users see before letting go whether the drop will be taken.
    """

    dropped = pyqtSignal(list)  # local paths, files and folders
    samples_requested = pyqtSignal()  # the empty area's "Try Sample Images" button

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setAccessibleName("Image drop area")
        self._image = QImage()
        self._overlay = QImage()
        self._title = ""
        self._hint = ""
        self._highlighted = False
        self._samples_available = True
        # A new user's quickest way to see the app work: shown while no image is.
        self.samples_button = QPushButton(self)
        self.samples_button.setCursor(Qt.PointingHandCursor)
        self.samples_button.clicked.connect(self.samples_requested)

    # -- state --------------------------------------------------------------------------------
    @property
    def highlighted(self) -> bool:
        return self._highlighted

    @property
    def image(self) -> QImage:
        return self._image

    @property
    def placeholder(self) -> str:
        return f"{self._title}\n{self._hint}"

    @property
    def overlay(self) -> QImage:
        return self._overlay

    def set_image(self, image: QImage | None) -> None:
        self._image = image if image is not None else QImage()
        self.samples_button.setVisible(self._image.isNull() and self._samples_available)
        self.update()

    def set_samples_available(self, available: bool) -> None:
        self._samples_available = available
        self.samples_button.setVisible(self._image.isNull() and available)

    def set_overlay(self, overlay: QImage | None) -> None:
        """A semi-transparent map (RGBA) drawn stretched over the image: the network sees the
        whole image squeezed to a square, so its map covers the whole image too."""
        self._overlay = overlay if overlay is not None else QImage()
        self.update()

    def set_samples_text(self, text: str) -> None:
        self.samples_button.setText(text)
        self.samples_button.adjustSize()
        self._place_samples_button()

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001
        super().resizeEvent(event)
        self._place_samples_button()

    def _place_samples_button(self) -> None:
        size = self.samples_button.sizeHint()
        self.samples_button.resize(size)
        # Below the placeholder text, which is drawn around the centre (see _paint_placeholder).
        self.samples_button.move((self.width() - size.width()) // 2,
                                 min(self.height() - size.height() - MARGIN,
                                     self.height() // 2 + 90))

    def set_placeholder(self, title: str, hint: str = "") -> None:
        self._title, self._hint = title, hint
        self.update()

    def _set_highlighted(self, on: bool) -> None:
        if on != self._highlighted:
            self._highlighted = on
            self.update()

    # -- drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if accept_local_paths(event):
            self._set_highlighted(True)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        accept_local_paths(event)

    def dragLeaveEvent(self, event) -> None:  # noqa: N802
        self._set_highlighted(False)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self._set_highlighted(False)
        paths = accept_local_paths(event)
        if paths:
            self.dropped.emit(paths)

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setRenderHint(QPainter.SmoothPixmapTransform)
        frame = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        path = QPainterPath()
        path.addRoundedRect(frame, RADIUS, RADIUS)
        base = self.palette().base().color()
        painter.fillPath(path, base)
        if self._highlighted:
            painter.fillPath(path, style.HIGHLIGHT_FILL)

        if self._image.isNull():
            pen = QPen(style.ACCENT if self._highlighted else style.PANEL_BORDER, 2, Qt.DashLine)
            painter.setPen(pen)
            painter.drawPath(path)
            self._paint_placeholder(painter, frame)
        else:
            self._paint_image(painter, frame)
            pen = QPen(style.ACCENT if self._highlighted else style.PANEL_BORDER,
                       2 if self._highlighted else 1)
            painter.setPen(pen)
            painter.drawPath(path)
        painter.end()

    def _paint_image(self, painter: QPainter, frame: QRectF) -> None:
        area = frame.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        w, h = self._image.width(), self._image.height()
        scale = min(area.width() / w, area.height() / h)
        if self._image.width() <= 64 and self._image.height() <= 64:
            # Tiny images (CIFAR's own 32x32) are easier to read as crisp pixels than as blur.
            painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
        target = QRectF(0, 0, w * scale, h * scale)
        target.moveCenter(area.center())
        painter.drawImage(target, self._image)
        if not self._overlay.isNull():
            # Smooth scaling of the coarse map (4x4 or 32x32) reads as a heat map, not tiles.
            painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
            painter.drawImage(target, self._overlay)

    def _paint_placeholder(self, painter: QPainter, frame: QRectF) -> None:
        colour = style.ACCENT if self._highlighted else style.MUTED
        centre = frame.center()
        # A simple "picture" glyph above the text.
        glyph = QRectF(0, 0, 64, 48)
        glyph.moveCenter(centre)
        glyph.moveBottom(centre.y() - 18)
        painter.setPen(QPen(colour, 2.5))
        painter.setBrush(Qt.NoBrush)
        painter.drawRoundedRect(glyph, 6, 6)
        mountain = QPainterPath()
        mountain.moveTo(glyph.left() + 8, glyph.bottom() - 8)
        mountain.lineTo(glyph.left() + 26, glyph.top() + 20)
        mountain.lineTo(glyph.left() + 38, glyph.bottom() - 18)
        mountain.lineTo(glyph.left() + 46, glyph.bottom() - 26)
        mountain.lineTo(glyph.right() - 8, glyph.bottom() - 8)
        painter.drawPath(mountain)
        painter.drawEllipse(QRectF(glyph.right() - 20, glyph.top() + 8, 9, 9))

        painter.setPen(QColor(colour))
        painter.setFont(style.scaled_font(self, 1.35, bold=True))
        title = QRectF(frame.left() + 20, centre.y() - 6, frame.width() - 40, 34)
        painter.drawText(title, Qt.AlignHCenter | Qt.AlignTop | Qt.TextWordWrap, self._title)
        painter.setFont(self.font())
        painter.setPen(style.MUTED)
        hint = QRectF(frame.left() + 20, title.bottom() + 4, frame.width() - 40, 60)
        painter.drawText(hint, Qt.AlignHCenter | Qt.AlignTop | Qt.TextWordWrap, self._hint)
