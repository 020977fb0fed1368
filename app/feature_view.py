"""View > Feature Maps: what the network computes from the image on screen, stage by stage.

One row per place (the stem, then the four residual stages): its shape (channels × height ×
width) and its most active channels as small grayscale tiles, drawn with square pixels so a
4×4 map looks like the 16 numbers it is. Clicking a tile shows it large with its channel index.
The tiles come from the worker (:class:`app.jobs.FeatureMapSet`), computed once per history
entry and cached by the app state, like the attention maps.
"""

from __future__ import annotations

from typing import Any

from PyQt5.QtCore import QEvent, QRect, Qt, pyqtSignal
from PyQt5.QtGui import (
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PyQt5.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import style
from app.i18n import translate as _translate

TILE_PX = 44
LARGE_PX = 256
COLUMNS = 8
GAP_PX = 3


def scaled(image: QImage, side: int) -> QPixmap:
    """``image`` enlarged to ``side`` pixels with square pixels (no smoothing: a 4×4 map must
    show 16 cells, not a blur)."""
    return QPixmap.fromImage(image.scaled(side, side, Qt.KeepAspectRatio, Qt.FastTransformation))


class TileStrip(QWidget):
    """One place's tiles in rows of ``COLUMNS``, painted by one widget.

    One widget, not a button per tile: swapping 80 button icons (each a pixmap, a size hint and a
    relayout) took 16-24 ms of the GUI thread per image; drawing 16 small images is well under
    one. Click a tile, or move with the arrow keys and press Enter or Space, to choose it."""

    clicked = pyqtSignal(int)  # the tile's position

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = count
        self.tiles: tuple[QImage, ...] = ()
        self.current = 0  # the keyboard's tile
        self.chosen: int | None = None  # the tile shown large, outlined
        rows = (count + COLUMNS - 1) // COLUMNS
        self.setFixedSize(COLUMNS * (TILE_PX + GAP_PX), rows * (TILE_PX + GAP_PX))
        self.setFocusPolicy(Qt.StrongFocus)

    def set_tiles(self, tiles: tuple[QImage, ...]) -> None:
        self.tiles = tuple(tiles)
        self.update()

    def set_chosen(self, position: int | None) -> None:
        if position != self.chosen:
            self.chosen = position
            self.update()

    def tile_rect(self, position: int) -> QRect:
        row, column = divmod(position, COLUMNS)
        return QRect(column * (TILE_PX + GAP_PX), row * (TILE_PX + GAP_PX), TILE_PX, TILE_PX)

    def tile_at(self, x: int, y: int) -> int | None:
        for i in range(min(self.count, len(self.tiles))):
            if self.tile_rect(i).contains(x, y):
                return i
        return None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.SmoothPixmapTransform, False)  # square pixels
        for i, tile in enumerate(self.tiles[:self.count]):
            painter.drawImage(self.tile_rect(i), tile)
        highlight = self.palette().color(QPalette.Highlight)
        if self.chosen is not None and self.chosen < len(self.tiles):
            painter.setPen(QPen(highlight, 2))
            painter.drawRect(self.tile_rect(self.chosen).adjusted(0, 0, -1, -1))
        if self.hasFocus() and self.tiles:
            painter.setPen(QPen(highlight, 1, Qt.DotLine))
            painter.drawRect(self.tile_rect(self.current).adjusted(-1, -1, 0, 0))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        position = self.tile_at(event.pos().x(), event.pos().y())
        if position is not None and event.button() == Qt.LeftButton:
            self.current = position
            self.update()
            self.clicked.emit(position)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        steps = {Qt.Key_Left: -1, Qt.Key_Right: 1, Qt.Key_Up: -COLUMNS, Qt.Key_Down: COLUMNS}
        if event.key() in steps and self.tiles:
            self.current = max(0, min(len(self.tiles) - 1, self.current + steps[event.key()]))
            self.update()
        elif event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Space) and self.tiles:
            self.clicked.emit(self.current)
        else:
            super().keyPressEvent(event)


class FeatureMapsDialog(QDialog):
    tile_clicked = pyqtSignal(str, int)  # place, position of the tile in its row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._maps: Any = None
        self._status = "empty"  # "empty" (no image), "computing", "ready" or "failed"
        self._error = ""
        self._selected: tuple[str, int] | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.rows = QWidget()
        self.grid = QVBoxLayout(self.rows)
        self.grid.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows)
        self.large = QLabel()
        self.large.setFixedSize(LARGE_PX, LARGE_PX)
        self.large.setAlignment(Qt.AlignCenter)
        self.large.setStyleSheet("background: #202020;")
        self.large_caption = QLabel()
        self.large_caption.setWordWrap(True)
        self.large_caption.setFont(style.scaled_font(self, 1.0, bold=True))
        side = QVBoxLayout()
        side.addWidget(self.large)
        side.addWidget(self.large_caption)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(scroll, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        self.strips: dict[str, TileStrip] = {}
        self._titles: dict[str, QLabel] = {}
        self._layout: tuple[tuple[str, int], ...] = ()
        self.tile_clicked.connect(self.select)
        self.resize(820, 620)
        self.retranslate_ui()

    # ---- what the window tells it

    def show_empty(self) -> None:
        self._set(None, "empty")

    def show_computing(self) -> None:
        # The previous image's tiles stay until the new ones arrive: hiding and showing the
        # rows relaid the window out twice per image.
        self._status = "computing"
        self.retranslate_ui()

    def show_failed(self, error: str) -> None:
        self._error = error
        self._set(None, "failed")

    def show_maps(self, maps: Any) -> None:
        """Draw ``maps`` (an app.jobs.FeatureMapSet)."""
        self._set(maps, "ready")

    @property
    def status(self) -> str:
        return self._status

    def _set(self, maps: Any, status: str) -> None:
        self._maps, self._status = maps, status
        self._selected = None
        self._draw()
        if maps is not None and maps.stages:
            self.select(maps.stages[-1].place, 0)  # the deepest stage's most active channel
        self.retranslate_ui()

    def _draw(self) -> None:
        """Put the tiles in the buttons. The rows are built once per network layout (places and
        tile counts) and reused: stepping through a batch only swaps icons, which keeps the
        GUI thread's work per image to a few milliseconds."""
        stages = self._maps.stages if self._maps is not None else ()
        layout = tuple((stage.place, len(stage.tiles)) for stage in stages)
        if layout != self._layout:
            self._build_rows(layout)
        self.rows.setVisible(bool(stages))
        for stage in stages:
            self.strips[stage.place].set_tiles(stage.tiles)

    def _build_rows(self, layout: tuple[tuple[str, int], ...]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.strips.clear()
        self._titles = {}
        self._layout = layout
        for place, count in layout:
            title = QLabel()
            title.setFont(style.scaled_font(self, 1.0, bold=True))
            self._titles[place] = title
            tiles = TileStrip(count)
            tiles.setAccessibleName(place_name(place))
            tiles.clicked.connect(lambda n, p=place: self.tile_clicked.emit(p, n))
            self.strips[place] = tiles
            self.grid.addWidget(title)
            self.grid.addWidget(tiles)
        self.grid.addStretch(1)

    def select(self, place: str, position: int) -> None:
        """Show tile ``position`` of ``place`` large, with its channel index."""
        stage = self._stage(place)
        if stage is None or not 0 <= position < len(stage.tiles):
            return
        self._selected = (place, position)
        for name, strip in self.strips.items():
            strip.set_chosen(position if name == place else None)
        self.large.setPixmap(scaled(stage.tiles[position], LARGE_PX))
        self._caption()

    def selected(self) -> tuple[str, int] | None:
        """(place, channel index) of the tile shown large."""
        if self._selected is None:
            return None
        stage = self._stage(self._selected[0])
        return (stage.place, stage.channels[self._selected[1]]) if stage else None

    def _stage(self, place: str) -> Any:
        stages = self._maps.stages if self._maps is not None else ()
        return next((s for s in stages if s.place == place), None)

    def _caption(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.large.clear()
            self.large_caption.setText("")
            return
        stage = self._stage(chosen[0])
        c, h, w = stage.shape
        self.large_caption.setText(_translate(
            "FeatureMaps", "{place}, channel {channel} of {count} ({h} × {w})").format(
            place=place_name(stage.place), channel=chosen[1], count=c, h=h, w=w))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_translate("FeatureMaps", "Feature Maps"))
        texts = {
            "empty": _translate("FeatureMaps", "Classify an image to see what the network "
                                               "computes from it."),
            "computing": _translate("FeatureMaps", "Computing the feature maps…"),
            "failed": _translate("FeatureMaps", "No feature maps: {error}").format(
                error=self._error),
            "ready": _translate("FeatureMaps", "The most active channels after the stem and "
                                               "after each stage, each tile scaled from black "
                                               "(0) to white (its own maximum). Click a tile to "
                                               "see it large."),
        }
        self.message.setText(texts[self._status])
        for stage in self._maps.stages if self._maps is not None else ():
            title = self._titles[stage.place]
            c, h, w = stage.shape
            title.setText(_translate("FeatureMaps", "{place}: {count} channels of {h} × {w}, "
                                                    "the {shown} most active").format(
                place=place_name(stage.place), count=c, h=h, w=w, shown=len(stage.tiles)))
        self._caption()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def place_name(place: str) -> str:
    if place == "stem":
        return _translate("FeatureMaps", "Stem")
    return _translate("FeatureMaps", "Stage {n} ({layer})").format(n=place[-1], layer=place)
