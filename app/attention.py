"""Grad-CAM attention maps of history entries (View > Show Attention Map).

Each entry's overlay is computed in the worker the first time it is shown, then kept: toggling
the view or going back to an entry needs no new request. Clear and a model switch forget them
all, since a map belongs to the model that made it.
"""

from __future__ import annotations

from PyQt5.QtCore import QObject, pyqtSignal
from PyQt5.QtGui import QImage

from app.results import HistoryEntry
from app.worker import WorkerHost


class AttentionMaps(QObject):
    """Overlays by entry index, with the requests still in the worker."""

    ready = pyqtSignal(int)   # entry index whose overlay just arrived
    failed = pyqtSignal(str)  # why the worker could not compute one

    def __init__(self, host: WorkerHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self._maps: dict[int, tuple[QImage, str]] = {}  # entry index -> (overlay, layer name)
        self._requests: dict[int, int] = {}  # request key -> entry index
        self._next_key = 1  # keys above 0: a CancelToken starts with "up to 0 cancelled"
        host.worker.attention_ready.connect(self._on_ready)

    def get(self, index: int) -> tuple[QImage, str] | None:
        """The overlay of entry ``index`` and the layer it was computed at, if computed."""
        return self._maps.get(index)

    def request(self, index: int, entry: HistoryEntry) -> None:
        """Ask the worker for the map of ``entry`` (history index ``index``). Only the newest
        request is computed: asking for another entry makes earlier ones obsolete."""
        if entry.input_image is None:
            return
        newest = self._next_key - 1  # older requests are skipped by the worker (WorkerHost)
        if self._requests.get(newest) == index:
            return  # already the one the worker will answer
        key = self._next_key
        self._next_key += 1
        self._requests[key] = index
        self._host.compute_attention(key, entry.input_image, entry.top_label)

    def clear(self) -> None:
        """Forget every map; answers to earlier requests are dropped when they arrive."""
        self._maps.clear()
        self._requests.clear()

    def _on_ready(self, key: int, overlay: QImage, layer: str, error: str) -> None:
        index = self._requests.pop(key, None)
        if index is None:
            return  # asked before Clear or a model switch
        if overlay.isNull():
            if error:
                self.failed.emit(error)
            # else skipped as outdated; asked again if that entry is shown again
            return
        self._maps[index] = (overlay, layer)
        self.ready.emit(index)
