"""The jobs one part of the GUI sent to the worker, each with what it was for.

The worker's signals carry job ids; every part that sends jobs (the app state's batches and
loads, the preview cache, the attention maps) keeps its own :class:`JobRequests`, which passes
on the signals of its own jobs with their tags and ignores the rest. :meth:`forget_all` makes
the late answers of everything sent so far arrive to no one: that is how Clear and a model
switch drop results that no longer belong on screen.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PyQt5.QtCore import QObject, pyqtSignal

from app.jobs import Job
from app.worker import WorkerHost


class JobRequests(QObject):
    started = pyqtSignal(object, object)   # tag, what the job is doing
    yielded = pyqtSignal(object, object)   # tag, one of its results
    returned = pyqtSignal(object, object)  # tag, its result
    errored = pyqtSignal(object, str)      # tag, message
    finished = pyqtSignal(object, bool)    # tag, cancelled (last; the job is then forgotten)

    def __init__(self, host: WorkerHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self._tags: OrderedDict[int, Any] = OrderedDict()  # job id -> tag, oldest first
        w = host.worker
        w.started.connect(lambda job_id, info: self._relay(self.started, job_id, info))
        w.yielded.connect(lambda job_id, item: self._relay(self.yielded, job_id, item))
        w.returned.connect(lambda job_id, result: self._relay(self.returned, job_id, result))
        w.errored.connect(lambda job_id, message: self._relay(self.errored, job_id, message))
        w.finished.connect(self._on_finished)

    def submit(self, job: Job, tag: Any) -> int:
        job_id = self._host.submit(job)
        self._tags[job_id] = tag
        return job_id

    def tags(self) -> list[Any]:
        """The tags of the jobs still running or queued, oldest first."""
        return list(self._tags.values())

    def latest_tag(self) -> Any:
        return next(reversed(self._tags.values()), None)

    def forget_all(self) -> None:
        self._tags.clear()

    def __len__(self) -> int:
        return len(self._tags)

    def _relay(self, signal: Any, job_id: int, payload: object) -> None:
        if job_id in self._tags:
            signal.emit(self._tags[job_id], payload)

    def _on_finished(self, job_id: int, cancelled: bool) -> None:
        if job_id in self._tags:
            tag = self._tags.pop(job_id)
            self.finished.emit(tag, cancelled)
