"""Grad-CAM attention maps of history entries (View > Show Attention Map).

Each entry's overlay is computed in the worker the first time it is shown, then kept: toggling
the view or going back to an entry needs no new request. Clear and a model switch forget them
all, since a map belongs to the model that made it.
"""

from __future__ import annotations

from PyQt5.QtCore import QObject, pyqtSignal
from PyQt5.QtGui import QImage

from app.job_requests import JobRequests
from app.jobs import AttentionOverlay, ComputeAttention
from app.results import HistoryEntry
from app.worker import WorkerHost


class AttentionMaps(QObject):
    """Overlays by entry index, with the requests still in the worker."""

    ready = pyqtSignal(int)   # entry index whose overlay just arrived
    failed = pyqtSignal(str)  # why the worker could not compute one

    def __init__(self, host: WorkerHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._maps: dict[int, tuple[QImage, str]] = {}  # entry index -> (overlay, layer name)
        self._jobs = JobRequests(host, self)
        self._jobs.returned.connect(self._on_ready)
        self._jobs.errored.connect(lambda _index, error: self.failed.emit(error))
        # A request skipped as outdated just ends: asked again if that entry is shown again.

    def get(self, index: int) -> tuple[QImage, str] | None:
        """The overlay of entry ``index`` and the layer it was computed at, if computed."""
        return self._maps.get(index)

    def request(self, index: int, entry: HistoryEntry) -> None:
        """Ask the worker for the map of ``entry`` (history index ``index``). Only the newest
        request is computed: asking for another entry makes earlier ones obsolete."""
        if entry.input_image is None:
            return
        if len(self._jobs) and self._jobs.latest_tag() == index:
            return  # already the one the worker will answer
        self._jobs.submit(ComputeAttention(entry.input_image, entry.top_label), index)

    def clear(self) -> None:
        """Forget every map; answers to earlier requests are dropped when they arrive."""
        self._maps.clear()
        self._jobs.forget_all()

    def _on_ready(self, index: int, result: AttentionOverlay) -> None:
        self._maps[index] = (result.overlay, result.layer)
        self.ready.emit(index)
