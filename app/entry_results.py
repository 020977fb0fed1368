"""Results the worker computes for one history entry on demand: Grad-CAM attention maps (View >
Show Attention Map) and feature maps (View > Feature Maps).

Each entry's result is computed in the worker the first time it is shown, then kept: toggling
the view or going back to an entry needs no new request. Only the newest request of a kind is
computed (its job is ``newest_only``): showing another entry makes earlier ones obsolete, and
the worker skips them. Clear and a model switch forget them all, since a result belongs to the
model that made it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PyQt5.QtCore import QObject, pyqtSignal

from app.job_requests import JobRequests
from app.jobs import ComputeAttention, ComputeFeatureMaps, Job
from app.results import HistoryEntry
from app.worker import WorkerHost


class EntryResults(QObject):
    """Results by entry index, with the requests still in the worker. ``make_job(entry)`` is
    the job that computes one."""

    ready = pyqtSignal(int)   # entry index whose result just arrived
    failed = pyqtSignal(str)  # why the worker could not compute one

    def __init__(self, host: WorkerHost, make_job: Callable[[HistoryEntry], Job],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make_job = make_job
        self._results: dict[int, Any] = {}
        self._jobs = JobRequests(host, self)
        self._jobs.returned.connect(self._on_ready)
        self._jobs.errored.connect(lambda _index, error: self.failed.emit(error))
        # A request skipped as outdated just ends: asked again if that entry is shown again.

    def get(self, index: int) -> Any | None:
        """The result for entry ``index``, if computed."""
        return self._results.get(index)

    def request(self, index: int, entry: HistoryEntry) -> None:
        """Ask the worker for the result of ``entry`` (history index ``index``)."""
        if entry.input_image is None:
            return
        if len(self._jobs) and self._jobs.latest_tag() == index:
            return  # already the one the worker will answer
        self._jobs.submit(self._make_job(entry), index)

    def pending(self) -> bool:
        return bool(len(self._jobs))

    def clear(self) -> None:
        """Forget every result; answers to earlier requests are dropped when they arrive."""
        self._results.clear()
        self._jobs.forget_all()

    def _on_ready(self, index: int, result: Any) -> None:
        self._results[index] = result
        self.ready.emit(index)


def attention_maps(host: WorkerHost, parent: QObject | None = None) -> EntryResults:
    """Grad-CAM overlays (:class:`app.jobs.AttentionOverlay`) for the entry's top class."""
    return EntryResults(host, lambda e: ComputeAttention(e.input_image, e.top_label), parent)


def feature_maps(host: WorkerHost, parent: QObject | None = None) -> EntryResults:
    """Activation tiles per stage (:class:`app.jobs.FeatureMapSet`) of the entry's input."""
    return EntryResults(host, lambda e: ComputeFeatureMaps(e.input_image), parent)
