"""View > Feature Maps: what the network computes from the image on screen, stage by stage.

One row per place (the stem, then the four residual stages): its shape (channels × height ×
width) and its most active channels as small grayscale tiles, drawn with square pixels so a
4×4 map looks like the 16 numbers it is. Clicking a tile shows it large with its channel index.
The tiles come from the worker (:class:`app.jobs.FeatureMapSet`), computed once per history
entry and cached by the app state, like the attention maps.
"""

from __future__ import annotations

from typing import Any

from PyQt5.QtCore import QEvent, QSize, Qt, pyqtSignal
from PyQt5.QtGui import QIcon, QImage, QPixmap
from PyQt5.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import style
from app.i18n import translate as _translate

TILE_PX = 44
LARGE_PX = 256
COLUMNS = 8


def scaled(image: QImage, side: int) -> QPixmap:
    """``image`` enlarged to ``side`` pixels with square pixels (no smoothing: a 4×4 map must
    show 16 cells, not a blur)."""
    return QPixmap.fromImage(image.scaled(side, side, Qt.KeepAspectRatio, Qt.FastTransformation))


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
        self.buttons: dict[tuple[str, int], QToolButton] = {}
        self._titles: dict[str, QLabel] = {}
        self._layout: tuple[tuple[str, int], ...] = ()
        self.tile_clicked.connect(self.select)
        self.resize(820, 620)
        self.retranslate_ui()

    # ---- what the window tells it

    def show_empty(self) -> None:
        self._set(None, "empty")

    def show_computing(self) -> None:
        self._set(None, "computing")

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
            for i, tile in enumerate(stage.tiles):
                self.buttons[(stage.place, i)].setIcon(QIcon(scaled(tile, TILE_PX)))

    def _build_rows(self, layout: tuple[tuple[str, int], ...]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons.clear()
        self._titles = {}
        self._layout = layout
        for place, count in layout:
            title = QLabel()
            title.setFont(style.scaled_font(self, 1.0, bold=True))
            self._titles[place] = title
            tiles = QWidget()
            cells = QGridLayout(tiles)
            cells.setContentsMargins(0, 0, 0, 6)
            cells.setSpacing(3)
            for i in range(count):
                button = QToolButton()
                button.setIconSize(QSize(TILE_PX, TILE_PX))
                button.setAutoRaise(True)
                button.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
                button.clicked.connect(lambda _c=False, p=place, n=i: self.tile_clicked.emit(p, n))
                cells.addWidget(button, i // COLUMNS, i % COLUMNS)
                self.buttons[(place, i)] = button
            self.grid.addWidget(title)
            self.grid.addWidget(tiles)
        self.grid.addStretch(1)

    def select(self, place: str, position: int) -> None:
        """Show tile ``position`` of ``place`` large, with its channel index."""
        stage = self._stage(place)
        if stage is None or not 0 <= position < len(stage.tiles):
            return
        self._selected = (place, position)
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
