"""The app's state, without a widget: what was asked, what came back, and which model answers.

:class:`AppState` owns the worker (:class:`app.worker.WorkerHost`), the requests in flight and
the ones waiting for a model, the checkpoint loads and the fallback to the bundled model, the
history entries, and the preview and attention-map caches. The window and its panels draw what
it emits and forward what the user does to it; tests of behaviour talk to it directly, as
napari's widgets listen to its Qt-free viewer components.

Requests carry job ids. Clear and a model or device switch forget every job sent so far, so
their late results arrive to no one. A switch stops the running batches between two images and,
once the new model is loaded, continues them with it from where they stopped (with the previous
model if the load fails), saying so; Clear stops them and says how many images it left out.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from PyQt5.QtCore import QObject, pyqtSignal
from PyQt5.QtGui import QImage

from app.entry_results import attention_maps, feature_maps
from app.i18n import DEVICE_NAMES, translate as _translate
from app.job_requests import JobRequests
from app.classify_steps import Classified
from app.jobs import (
    CLIPBOARD_SOURCE,
    ClassifierFactory,
    ClassifyImage,
    ClassifyPaths,
    DeviceProbe,
    Job,
    LoadModel,
    ProbeDevices,
)
from app.model_summary import ModelSummary
from app.previews import PreviewCache
from app.results import HistoryEntry
from app.settings import AppSettings
from app.worker import WorkerHost

# ---- what the user asked for ------------------------------------------------------------------

@dataclass(frozen=True)
class PathsRequest:
    """Files and folders to classify; ``skip``: images of them an earlier request already did."""

    paths: tuple[str, ...]
    skip: int = 0

    def job(self) -> Job:
        return ClassifyPaths(self.paths, self.skip)

    def rest(self, done: int) -> PathsRequest | None:
        """What is left after ``done`` more images."""
        return PathsRequest(self.paths, self.skip + done)


@dataclass(frozen=True)
class ImageRequest:
    """One in-memory image (a paste)."""

    image: QImage | bytes
    source: str = CLIPBOARD_SOURCE

    def job(self) -> Job:
        return ClassifyImage(self.image, self.source)

    def rest(self, done: int) -> ImageRequest | None:
        return self if done == 0 else None


Request = Union[PathsRequest, ImageRequest]


@dataclass
class Batch:
    """A request sent to the worker, and how far it has got."""

    request: Request
    job_id: int = 0
    done: int = 0
    total: int | None = None  # unknown while the worker walks folders
    failed: int = 0
    # What the same drop's earlier parts did before a model switch interrupted them: the end of
    # the batch speaks of the whole drop ("Classified 1000 images", not the 700 resumed).
    earlier_done: int = 0
    earlier_failed: int = 0
    error: str | None = None  # what stopped it, already shown: its end adds no summary
    # Cancel was pressed while it ran: a model switch before its end arrives must not resume it.
    cancelled: bool = False


@dataclass
class _Load:
    path: str
    interrupted: list[Batch] = field(default_factory=list)  # resumed if this load fails
    # A device switch: the setting before it, put back if this load fails (else every later
    # load, the next start's included, would ask for the device that failed).
    device_before: str | None = None


# ---- the state ---------------------------------------------------------------------------------

class AppState(QObject):
    """Construct, then :meth:`start` (which starts the worker and loads the startup model)."""

    entries_added = pyqtSignal(int, int)           # first index, count (a batch's chunk)
    history_cleared = pyqtSignal()
    progress_changed = pyqtSignal()                # read progress()
    cancelling = pyqtSignal()
    cancel_ready = pyqtSignal()                    # a batch sent after Cancel: it may be cancelled
    batch_done = pyqtSignal(int, int, int, bool)   # job id, done, total, cancelled
    model_status_changed = pyqtSignal()            # read loading_path, summary, pending_count
    model_changed = pyqtSignal(object)             # ModelSummary of the model now active
    model_load_failed = pyqtSignal(str, bool, str)  # message naming file and reason; fell
                                                    # back; the file that failed
    devices_changed = pyqtSignal(list)             # ["cpu", "cuda", ...] as the probe found
    device_changed = pyqtSignal(str)               # the device setting ("auto", "cpu", ...)
    message = pyqtSignal(str, int)                 # a status-bar note, milliseconds to show it

    def __init__(self, settings: AppSettings, *, bundled: Path, checkpoint: Path | None = None,
                 classifier_factory: ClassifierFactory | None = None,
                 devices=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.bundled = bundled
        self._cli_checkpoint = checkpoint
        self.host = WorkerHost(classifier_factory, devices, parent=self)
        self.summary: ModelSummary | None = None   # the active model
        self.loading_path: str | None = None       # the newest load in flight
        self.entries: list[HistoryEntry] = []      # oldest first
        self.previews = PreviewCache(self.host, self)
        # Grad-CAM overlays by entry index, computed once each in the worker when first shown.
        self.attention_maps = attention_maps(self.host, self)
        self.feature_maps = feature_maps(self.host, self)
        self._pending: list[Request] = []          # waiting for a model
        self._loads: deque[_Load] = deque()        # sent to the worker, oldest first
        self._started = False
        self._startup_load_sent = False
        self._fallback_tried = False
        self._cancel_sent = False                  # Cancel pressed, no batch sent since
        self._closing = False                      # shutdown() began: late answers are ignored

        self._batches = JobRequests(self.host, self)
        self._batches.started.connect(self._on_batch_started)
        self._batches.yielded.connect(self._on_classified)
        self._batches.errored.connect(self._on_batch_errored)
        self._batches.finished.connect(self._on_batch_finished)
        self._load_jobs = JobRequests(self.host, self)
        self._load_jobs.started.connect(lambda *_: self.model_status_changed.emit())
        self._load_jobs.returned.connect(lambda _load, summary: self._on_model_loaded(summary))
        self._load_jobs.errored.connect(lambda load, text: self._on_model_failed(load.path, text))
        self._probes = JobRequests(self.host, self)
        self._probes.returned.connect(lambda _tag, probe: self._on_devices_found(probe))

    # ---- start and stop --------------------------------------------------------------------
    def start(self, paths: list[str] | None = None) -> None:
        """Start the worker (it probes devices, then loads the startup model); queue ``paths``."""
        if self._started:
            return
        self._started = True
        if paths:
            self.submit_paths(paths)
        startup = self.startup_checkpoint()
        if startup is not None:
            self.loading_path = str(startup)
            self.model_status_changed.emit()
        self._start_worker()

    def startup_checkpoint(self) -> Path | None:
        """The command line's checkpoint, else the last one used, else the bundled one."""
        if self._cli_checkpoint is not None:
            return self._cli_checkpoint
        last = self.settings.last_checkpoint
        if last is not None:
            # Even when it is not there (deleted, or on a drive not mounted today): its load
            # fails naming it and falls back to the bundled model, rather than the bundled
            # model replacing the user's choice without a word.
            return last
        return self.bundled if self.bundled.is_file() else None

    def shutdown(self) -> bool:
        # Answers posted while shutdown waits for the worker are still delivered afterwards:
        # a load's fallback would start the worker again and show a dialog with no window.
        self._closing = True
        return self.host.shutdown()

    def _start_worker(self) -> None:
        if self._closing:
            return
        if self.host.start():
            self._probes.submit(ProbeDevices(), "devices")

    # ---- requests --------------------------------------------------------------------------
    def submit_paths(self, paths: list[str]) -> int | None:
        """Classify files and folders (walked in the worker). Returns the job id, or None when
        the request waits for a model."""
        paths = [str(p) for p in paths if str(p)]
        if not paths:
            return None
        if Path(paths[0]).parent != Path(paths[0]):
            self.settings.last_folder = str(Path(paths[0]).parent)
        return self.submit(PathsRequest(tuple(paths)))

    def submit_image(self, image: QImage | bytes, source: str = CLIPBOARD_SOURCE) -> int | None:
        return self.submit(ImageRequest(image, source))

    def submit(self, request: Request) -> int | None:
        if self.summary is None:
            self._pending.append(request)
            self.model_status_changed.emit()
            return None
        return self._send(request)

    def _send(self, request: Request, earlier: Batch | None = None) -> int:
        batch = Batch(request)
        if earlier is not None:
            batch.earlier_done = earlier.earlier_done + earlier.done
            batch.earlier_failed = earlier.earlier_failed + earlier.failed
        batch.job_id = self._batches.submit(request.job(), batch)
        if self._cancel_sent:
            # Batches cancelled a moment ago may still be ending; this new one is not, and the
            # Cancel button (disabled while they end) must be able to stop it.
            self._cancel_sent = False
            self.cancel_ready.emit()
        self.progress_changed.emit()
        return batch.job_id

    @property
    def busy(self) -> bool:
        """Whether any batch runs, or waits for a model switch's load to continue."""
        return bool(len(self._batches)) or bool(self._held())

    def _held(self) -> list[Batch]:
        """The batches model switches stopped, to continue once their loads are answered."""
        return [b for load in self._loads for b in load.interrupted if not _finished(b)]

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def progress(self) -> list[tuple[int, int | None]]:
        """(done, total) of every running batch; total is None while folders are walked."""
        return [(b.done, b.total) for b in (*self._batches.tags(), *self._held())]

    def cancel_batches(self) -> None:
        """Cancel every running and queued batch, and those a model switch stopped to continue
        after its load; finished results stay in the history."""
        self.host.cancel_all()
        for batch in self._batches.tags():  # a switch before their ends must not resume them
            batch.cancelled = True
        held = self._held()
        for load in self._loads:  # held, not sent: cancel_all cannot reach them
            load.interrupted.clear()
        self._cancel_sent = True
        self.cancelling.emit()
        for batch in held:  # no end of theirs will come from the worker: announce it here
            self._announce_end(batch, cancelled=True)
        if held:
            self.progress_changed.emit()

    def clear_history(self) -> None:
        """Forget every result, and drop the late results of requests made before now. Running
        batches stop; the message says how many images they left unclassified."""
        stopped = [b for b in (*self._batches.tags(), *self._held()) if not _finished(b)]
        self._drop_earlier_requests()
        self._pending.clear()
        for load in self._loads:  # a failed switch must not bring back what was cleared
            load.interrupted.clear()
        self.entries.clear()
        self.previews.clear()
        self.attention_maps.clear()
        self.feature_maps.clear()
        self.history_cleared.emit()
        if stopped:
            left = _left_text(stopped)
            self.message.emit(_translate("MainWindow", "History cleared; the running batch "
                                                       "stopped ({left})").format(left=left),
                              8000)
        else:
            self.message.emit(_translate("MainWindow", "History cleared"), 3000)
        self.model_status_changed.emit()

    def _drop_earlier_requests(self) -> None:
        self.host.cancel_all()
        self._batches.forget_all()
        self.progress_changed.emit()

    # ---- the model -------------------------------------------------------------------------
    def open_checkpoint(self, path: Path) -> None:
        """Switch to ``path`` (loaded in the worker). Results of earlier requests are dropped.

        Running and queued batches stop now (between two images), or the load would wait
        behind them in the worker. They continue from where they stopped once the load is
        answered: with the new model, or with the active one if the load fails. The user's
        images are not lost."""
        self._switch(Path(path))

    def use_bundled(self) -> bool:
        """Switch to the bundled model; False if its file is missing."""
        if not self.bundled.is_file():
            return False
        self.open_checkpoint(self.bundled)
        return True

    def set_device(self, name: str) -> None:
        """Use ``name`` ("auto", "cpu", "cuda", "mps") from now on; reloads the active model.
        If that load fails, the setting goes back to what it was."""
        before = self.settings.device
        self.settings.device = name
        self.device_changed.emit(name)
        path = self.loading_path or (self.summary.path if self.summary else None)
        if path:
            # Takes effect between two images, as a model switch.
            self._switch(Path(path), device_before=before if before != name else None)

    def _switch(self, path: Path, device_before: str | None = None) -> None:
        interrupted = [b for b in self._batches.tags() if not b.cancelled]
        self._drop_earlier_requests()
        self._load(path, interrupted, device_before)

    def _load(self, path: Path, interrupted: list[Batch] | None = None,
              device_before: str | None = None) -> None:
        if self._closing:
            return
        self._startup_load_sent = True
        self._loads.append(_Load(str(path), interrupted or [], device_before))
        self.loading_path = str(path)
        self.model_status_changed.emit()
        if interrupted:  # still shown, and cancellable, while the load runs
            self.progress_changed.emit()
        self._start_worker()
        self._load_jobs.submit(LoadModel(str(path), self.settings.device), self._loads[-1])

    def _finish_load(self) -> _Load | None:
        """The oldest load in flight, now answered (the worker answers loads in order)."""
        load = self._loads.popleft() if self._loads else None
        # Another load may still be queued behind it: the status bar goes on showing that one.
        self.loading_path = self._loads[-1].path if self._loads else None
        return load

    def _on_devices_found(self, probe: DeviceProbe) -> None:
        if probe.warning:
            self.message.emit(probe.warning, 10000)
        self.devices_changed.emit(probe.devices)
        if self.settings.device not in ("auto", *probe.devices):
            self.message.emit(_translate("MainWindow", "{device} is not available here; using "
                                                       "Automatic")
                              .format(device=self.settings.device.upper()), 8000)
            self.settings.device = "auto"
            self.device_changed.emit("auto")
        # The startup load waits for the device list, so it never asks for a missing device.
        if not self._startup_load_sent and self.loading_path is not None:
            self._load(Path(self.loading_path))

    def _on_model_loaded(self, summary: ModelSummary) -> None:
        if self._closing:
            return
        self.summary = summary
        load = self._finish_load()
        # Remembered absolute: a relative --checkpoint given in one folder would otherwise load
        # nothing, or another file of that name, when the app next starts somewhere else.
        path = Path(summary.path).absolute()
        if path.resolve() != self.bundled.resolve():
            self.settings.last_checkpoint = path
            self.settings.add_recent(path)
        else:
            self.settings.last_checkpoint = None
        self.attention_maps.clear()  # maps belong to the model that made them
        self.feature_maps.clear()
        self.model_status_changed.emit()
        interrupted = [b for b in (load.interrupted if load else []) if not _finished(b)]
        if interrupted:
            self.message.emit(_translate("MainWindow", "Loaded {name}; classifying the rest of "
                                                       "the interrupted batch with it ({left})")
                              .format(name=path.name, left=_left_text(interrupted)), 8000)
            self._resume(interrupted)
        else:
            self.message.emit(_translate("MainWindow", "Loaded {name}").format(name=path.name),
                              4000)
        pending, self._pending = self._pending, []
        for request in pending:
            self.submit(request)
        self.model_changed.emit(summary)

    def _on_model_failed(self, path: str, message: str) -> None:
        if self._closing:
            return
        load = self._finish_load()
        if load is not None and load.device_before is not None and not any(
                later.device_before is not None for later in self._loads):
            # The device asked for is what failed (out of memory, no kernel for this GPU):
            # leave the setting, and the menu, on the device the active model still uses.
            self.settings.device = load.device_before
            self.device_changed.emit(load.device_before)
            message += "\n\n" + _translate("MainWindow", "The device setting went back to "
                                                         "{device}.").format(
                device=_device_name(load.device_before))
        if (self.summary is None and not self._fallback_tried and not self._loads
                and self.bundled.is_file() and Path(path) != self.bundled):
            # The remembered (or given) checkpoint is broken: say so, but start with the
            # bundled model rather than none. Not when the user has chosen another one since
            # (still loading): that choice answers, and falls back itself if it fails.
            self._fallback_tried = True
            self._load(self.bundled)
            self.model_load_failed.emit(message, True, path)
            return
        self.model_status_changed.emit()
        if load is not None:
            self._resume(load.interrupted)
        self.model_load_failed.emit(message, False, path)

    def _resume(self, batches: list[Batch]) -> None:
        """Send again what a failed checkpoint switch interrupted, from where each stopped."""
        for b in batches:
            if _finished(b):
                continue  # it had finished; only its end was still on the way
            rest = b.request.rest(b.done)
            if rest is not None:
                self._send(rest, earlier=b)

    # ---- results ---------------------------------------------------------------------------
    def _on_batch_started(self, batch: Batch, total: int) -> None:
        batch.total = total
        self.progress_changed.emit()

    def _on_classified(self, batch: Batch, results: tuple[Classified, ...]) -> None:
        first = len(self.entries)  # a chunk of the batch (app/classify_steps.py), announced once
        for result in results:
            if not result.preview.isNull():
                self.previews.add(len(self.entries), result.preview,
                                  reloadable=result.entry.is_file)
            self.entries.append(result.entry)
            batch.failed += not result.entry.ok
        batch.done += len(results)
        self.entries_added.emit(first, len(results))
        self.progress_changed.emit()

    def _on_batch_errored(self, batch: Batch, text: str) -> None:
        batch.error = text
        self.message.emit(text, 10000)

    def _on_batch_finished(self, batch: Batch, cancelled: bool) -> None:
        cancelled = cancelled or batch.done < (batch.total or 0)
        self.progress_changed.emit()
        if batch.error is None:  # else the error is the message: a summary would replace it
            self._announce_end(batch, cancelled)
        self.batch_done.emit(batch.job_id, batch.done, batch.total or 0, cancelled)

    def _announce_end(self, batch: Batch, cancelled: bool) -> None:
        # The message counts the whole drop, its parts before a model switch included.
        total = (batch.total or 0) + batch.earlier_done
        done, failed = batch.done + batch.earlier_done, batch.failed + batch.earlier_failed
        if total == 0 and not cancelled:
            self.message.emit(_translate("MainWindow", "No images found in what was dropped"),
                              6000)
        elif cancelled:
            self.message.emit(_translate("MainWindow", "Cancelled after {done} of {total} images")
                              .format(done=done, total=total), 6000)
        elif total > 1:
            text = (_translate("MainWindow", "Classified {done} images ({failed} failed)")
                    if failed else _translate("MainWindow", "Classified {done} images"))
            self.message.emit(text.format(done=done, failed=failed), 6000)


def _finished(batch: Batch) -> bool:
    return batch.total is not None and batch.done >= batch.total


def _left_text(batches: list[Batch]) -> str:
    """How many images the interrupted ``batches`` had still to do, as the status bar says it."""
    if any(b.total is None for b in batches):
        return _translate("MainWindow", "folders still being searched")
    left = sum(b.total - b.done for b in batches if b.total is not None)
    return _translate("MainWindow", "{n} images left").format(n=left)


def _device_name(device: str) -> str:
    """A device setting as the Device menu names it, without its shortcut marker."""
    return _translate("MainWindow", DEVICE_NAMES.get(device, device)).replace("&", "")
