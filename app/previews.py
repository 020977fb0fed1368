"""Big previews of history entries, shown in the drop area when an entry is selected.

The newest few stay in memory; older ones are decoded again in the worker when selected, and
the entry's thumbnail stands in (blurry) until the preview comes back.
"""

from __future__ import annotations

from collections import OrderedDict

from PyQt5.QtCore import QObject, pyqtSignal
from PyQt5.QtGui import QImage

from app.job_requests import JobRequests
from app.jobs import LoadPreview
from app.results import HistoryEntry
from app.worker import WorkerHost

PREVIEW_CACHE = 16  # big previews kept in memory; older ones are decoded again when selected


class PreviewCache(QObject):
    """Previews by entry index, least recently shown first, with the requests in the worker."""

    ready = pyqtSignal(int, QImage)  # entry index, its preview decoded again in the worker

    def __init__(self, host: WorkerHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # entry index -> (preview, whether its file can be read again)
        self._previews: OrderedDict[int, tuple[QImage, bool]] = OrderedDict()
        self._jobs = JobRequests(host, self)
        self._jobs.returned.connect(self._on_ready)

    def preview_for(self, index: int, entry: HistoryEntry) -> QImage | None:
        """The preview of ``entry`` (history index ``index``): cached, or its thumbnail while
        the worker decodes the file again (``ready`` follows)."""
        if index in self._previews:
            self._previews.move_to_end(index)
            return self._previews[index][0]
        if entry.ok and entry.is_file:
            self._jobs.submit(LoadPreview(entry.source), index)
        return entry.thumbnail  # stands in (blurry) until the preview comes back

    def add(self, index: int, preview: QImage, *, reloadable: bool) -> None:
        """Keep ``preview``; one that is not ``reloadable`` (a pasted image) is never dropped."""
        self._previews[index] = (preview, reloadable)
        self._previews.move_to_end(index)
        while len(self._previews) > PREVIEW_CACHE:
            oldest = next(iter(self._previews))
            if not self._previews[oldest][1]:
                # A pasted image cannot be read again: keep it, move it out of the way.
                self._previews.move_to_end(oldest)
                if all(not reloadable for _, reloadable in self._previews.values()):
                    break
                continue
            del self._previews[oldest]

    def clear(self) -> None:
        """Forget every preview; answers to earlier requests are dropped when they arrive."""
        self._previews.clear()
        self._jobs.forget_all()

    def _on_ready(self, index: int, preview: QImage) -> None:
        if preview.isNull():
            return
        self.add(index, preview, reloadable=True)  # only files are requested
        self.ready.emit(index, preview)
