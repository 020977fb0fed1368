"""The inference worker: one QObject living in one QThread, running jobs (:mod:`app.jobs`).

The GUI talks to it only through queued signals (:class:`WorkerHost`). Everything slow happens
here: importing torch, loading checkpoints, walking folders, decoding, preprocessing, making the
``QImage`` previews and thumbnails, and inference. Every job runs the same way and reports
through one set of signals, as superqt's thread workers do: ``started`` (what it is about to
do), ``yielded`` (one result of many), ``returned`` (its result), ``errored`` (a message naming
what failed and why) and, always last, ``finished`` (whether it was cancelled). Every exception
becomes an ``errored``, so nothing a user drops can take the app down.

Cancellation does not travel by signal: a queued signal would wait behind the batch it is meant
to stop. The GUI thread writes a :class:`CancelToken` directly and the worker reads it between
images.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Callable

from PyQt5.QtCore import QObject, QThread, pyqtSignal, pyqtSlot

from app.jobs import ClassifierFactory, Job, JobFailed

log = logging.getLogger(__name__)

GROUPS = ("control", "batch", "preview", "attention", "features", "scan")
# ONNX Runtime in the app: a thread per core (its default), threads that sleep rather than spin
# between parallel sections, so that the GUI thread is scheduled at once when it wakes. bench_gui's
# 500-image batch on the 2-core development machine (2026-12-02, interleaved, two runs each):
# one thread 209 and 199 img/s, x0.56 and x0.59 of `cifar10 classify`, longest stall 11.7 and
# 12.1 ms; two threads without spinning 297 and 308 img/s, x0.83 and x0.82, 10.0 and 10.5 ms.
# (Two spinning threads had given 259-391 img/s but stalls of 14.9-44.8 ms, over the 30 ms aim
# in 2 of 10 runs: the spinning threads kept the GUI thread off both cores.)
APP_INFERENCE_THREADS: int | None = None
APP_INFERENCE_SPINNING = False


def default_classifier_factory(path: Path, device: str) -> Any:
    """Only ever called in the worker thread. On a machine without a GPU the model loads
    without torch, from the ONNX graph kept in the user's cache (model/inference/graphs.py):
    the app then holds about a third of the memory; torch loads if a view needs the network's
    modules (attention and feature maps, the architecture table)."""
    from model.inference.classifier import Classifier
    from model.inference.graphs import user_graphs

    return Classifier.from_checkpoint(path, device=device, cpu_threads=APP_INFERENCE_THREADS,
                                      cpu_spinning=APP_INFERENCE_SPINNING, graphs=user_graphs())


def default_devices() -> list[str]:
    from model.network.devices import available_devices, gpu_may_be_present

    # Asking torch costs its import (seconds, and most of the app's memory): not done where no
    # GPU driver is installed.
    return available_devices() if gpu_may_be_present() else ["cpu"]


class CancelToken:
    """"Every request with an id up to N is cancelled", shared by the GUI and worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._through = 0

    def cancel_through(self, request_id: int) -> None:
        with self._lock:
            self._through = max(self._through, request_id)

    def is_cancelled(self, request_id: int) -> bool:
        with self._lock:
            return request_id <= self._through


class _Context:
    """The :class:`app.jobs.JobContext` of one job run."""

    def __init__(self, worker: InferenceWorker, job_id: int, token: CancelToken) -> None:
        self._worker, self._job_id, self._token = worker, job_id, token
        self.factory = worker.factory
        self.devices = worker.devices

    @property
    def classifier(self) -> Any:
        return self._worker.classifier

    @classifier.setter
    def classifier(self, value: Any) -> None:
        self._worker.classifier = value

    @property
    def model_path(self) -> str:
        return self._worker.model_path

    @model_path.setter
    def model_path(self, value: str) -> None:
        self._worker.model_path = value

    def cancelled(self) -> bool:
        return self._token.is_cancelled(self._job_id)

    def started(self, info: object) -> None:
        self._worker.started.emit(self._job_id, info)

    def yielded(self, item: object) -> None:
        self._worker.yielded.emit(self._job_id, item)


class InferenceWorker(QObject):
    started = pyqtSignal(int, object)   # job id, what it is doing (an image count, a path)
    yielded = pyqtSignal(int, object)   # job id, one of its results (app.jobs.Classified)
    returned = pyqtSignal(int, object)  # job id, its result
    errored = pyqtSignal(int, str)      # job id, message naming what failed and why
    finished = pyqtSignal(int, bool)    # job id, cancelled (always sent, last)

    def __init__(self, tokens: dict[str, CancelToken] | None = None,
                 classifier_factory: ClassifierFactory | None = None,
                 devices: Callable[[], list[str]] | None = None) -> None:
        super().__init__()
        self.tokens = tokens or {group: CancelToken() for group in GROUPS}
        self.factory = classifier_factory or default_classifier_factory
        self.devices = devices or default_devices
        self.classifier: Any = None
        self.model_path = ""

    @pyqtSlot(int, object)
    def run(self, job_id: int, job: Job) -> None:
        token = self.tokens[job.group]
        cancelled = token.is_cancelled(job_id)
        try:
            if not cancelled:
                self.returned.emit(job_id, job.run(_Context(self, job_id, token)))
        except JobFailed as e:
            self.errored.emit(job_id, str(e))
        except Exception as e:
            log.exception("%s failed", type(job).__name__)
            self.errored.emit(job_id, job.describe(e))
        finally:
            self.finished.emit(job_id, cancelled or token.is_cancelled(job_id))


class WorkerHost(QObject):
    """Owns the worker thread. :meth:`submit` sends a job as a queued signal and returns its id
    (ids grow with every job, so "cancel everything up to now" is one number)."""

    _request = pyqtSignal(int, object)

    def __init__(self, classifier_factory: ClassifierFactory | None = None,
                 devices: Callable[[], list[str]] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tokens = {group: CancelToken() for group in GROUPS}
        self.thread = QThread()
        self.thread.setObjectName("inference-worker")
        self.worker = InferenceWorker(self.tokens, classifier_factory, devices)
        self.worker.moveToThread(self.thread)
        self._request.connect(self.worker.run)
        # Qt deletes the worker in its own thread as that thread ends (QThread docs' pattern).
        self.thread.finished.connect(self.worker.deleteLater)
        self._last_id = 0

    @property
    def cancel_token(self) -> CancelToken:
        """The token Cancel, Clear and a model switch write: it stops classification jobs."""
        return self.tokens["batch"]

    @property
    def last_request_id(self) -> int:
        return self._last_id

    def start(self) -> bool:
        """Start the thread; True if it was not running yet."""
        if self.thread.isRunning():
            return False
        self.thread.start()
        return True

    def submit(self, job: Job) -> int:
        self._last_id += 1
        if job.newest_only:  # the queued earlier ones of its kind are skipped by the worker
            self.tokens[job.group].cancel_through(self._last_id - 1)
        self._request.emit(self._last_id, job)
        return self._last_id

    def cancel_all(self) -> None:
        """Cancel every classification job sent so far, running or queued (between images)."""
        self.cancel_token.cancel_through(self._last_id)

    def shutdown(self) -> bool:
        """Cancel, stop the thread's event loop and wait for it, so Qt never destroys it running.

        Returns whether the thread has finished. The wait has no timeout on purpose: the worker
        checks the cancel token between every file and folder, so it ends within one image or
        one checkpoint load, and the alternatives on a timeout are worse (destroying a running
        QThread aborts the process; QThread.terminate() may leave locks held, per its docs).
        """
        if self.thread.isRunning():
            for token in self.tokens.values():  # every kind of job, a folder scan included
                token.cancel_through(self._last_id)
            self.thread.quit()
            return self.thread.wait()
        return not self.thread.isRunning()
