"""The inference worker: one QObject living in one QThread, owning the Classifier.

The GUI talks to it only through queued signals (see :class:`WorkerHost`). Everything slow
happens here: importing torch, loading checkpoints, walking folders, decoding, preprocessing,
making the ``QImage`` previews and thumbnails, and inference. Every slot catches every exception
and reports it as a signal, so nothing a user drops can take the app down.

Cancellation does not travel by signal: a queued signal would wait behind the batch it is meant
to stop. The GUI thread writes a :class:`CancelToken` directly and the worker reads it between
images.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from PyQt5.QtCore import QObject, QThread, pyqtSignal, pyqtSlot
from PyQt5.QtGui import QImage

from app.qimages import array_to_qimage, fit, pil_to_qimage, qimage_to_array, qimage_to_pil
from app.results import HistoryEntry
from app.walk import walk_images

log = logging.getLogger(__name__)

TOP_K = 5
# Decoded images are shown in a ~700 px area (more on high-DPI screens); 1024 px keeps them
# sharp, and a 12-megapixel JPEG in draft mode (1000x750) needs no second resize.
PREVIEW_MAX = 1024
THUMBNAIL_MAX = 64
# JPEG draft mode decodes at 1/2, 1/4 or 1/8 scale when the result stays at least this large
# (PIL's Image.draft): a 12-megapixel photo decodes at 1000x750 instead of 4000x3000, about
# 10x less work, and the network only sees 32x32 anyway.
DRAFT_SIZE = 720
CLIPBOARD_SOURCE = "clipboard image"

# (checkpoint path, device name) -> model.inference.classifier.Classifier (or a test double)
ClassifierFactory = Callable[[Path, str], Any]


def default_classifier_factory(path: Path, device: str) -> Any:
    # Imports torch: only ever called in the worker thread.
    from model.inference.classifier import Classifier

    return Classifier.from_checkpoint(path, device=device)


def default_devices() -> list[str]:
    from model.network.devices import available_devices

    return available_devices()


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


@dataclass(frozen=True)
class ModelSummary:
    """What the GUI shows about the active model (plain data: the GUI never sees torch)."""

    path: str
    display_name: str
    device: str
    info: dict[str, Any]

    @property
    def test_accuracy(self) -> float | None:
        return self.info.get("test_accuracy")


class InferenceWorker(QObject):
    model_loading = pyqtSignal(str)              # checkpoint path
    model_loaded = pyqtSignal(object)            # ModelSummary
    model_failed = pyqtSignal(str, str)          # checkpoint path, message naming file and reason
    devices_found = pyqtSignal(list)             # ["cpu", "cuda", ...]
    batch_started = pyqtSignal(int, int)         # request id, number of images
    item_done = pyqtSignal(int, object, QImage)  # request id, HistoryEntry, preview (null on error)
    batch_finished = pyqtSignal(int, int, int, bool)  # request id, done, total, cancelled
    preview_ready = pyqtSignal(int, QImage)      # key, preview (null if the file is gone)
    # key, overlay (null if none), layer, error ("" with a null overlay: skipped as outdated)
    attention_ready = pyqtSignal(int, QImage, str, str)
    failed = pyqtSignal(str)                     # an unexpected error, already logged

    def __init__(self, cancel: CancelToken, classifier_factory: ClassifierFactory | None = None,
                 devices: Callable[[], list[str]] | None = None,
                 attention_cancel: CancelToken | None = None) -> None:
        super().__init__()
        self._cancel = cancel
        self._attention_cancel = attention_cancel or CancelToken()
        self._factory = classifier_factory or default_classifier_factory
        self._devices = devices or default_devices
        self._classifier: Any = None

    # -- model --------------------------------------------------------------------------------
    @pyqtSlot()
    def probe_devices(self) -> None:
        try:
            self.devices_found.emit(list(self._devices()))
        except Exception as e:  # a broken CUDA install must not stop the app: CPU always works
            log.exception("device probe failed")
            self.devices_found.emit(["cpu"])
            self.failed.emit(f"Could not look for GPUs: {e}")

    @pyqtSlot(str, str)
    def load_model(self, path: str, device: str) -> None:
        """Load ``path`` on ``device``; on failure the previous model stays active."""
        self.model_loading.emit(path)
        try:
            classifier = self._factory(Path(path), device)
        except Exception as e:
            self.model_failed.emit(path, _load_error_message(path, e))
            return
        self._classifier = classifier
        info = classifier.info
        self.model_loaded.emit(ModelSummary(
            path=str(classifier.path or path), display_name=info.display_name,
            device=str(classifier.device), info=_info_dict(info)))

    # -- classification -----------------------------------------------------------------------
    @pyqtSlot(int, list, int)
    def classify_paths(self, request_id: int, paths: list[str], skip: int = 0) -> None:
        """Classify files, and the images in folders (walked recursively), one at a time.

        ``skip`` leaves out the first images found: the GUI resumes an interrupted batch with it.
        """
        done = total = 0
        try:
            if self._cancel.is_cancelled(request_id):
                return
            from model.data import images

            # Walked here rather than with images.find_images so that Cancel, Clear and closing
            # the window stop a walk of a huge dropped tree between entries.
            files = list(walk_images(paths, lambda: self._cancel.is_cancelled(request_id)))[skip:]
            if self._cancel.is_cancelled(request_id):
                return  # finally reports it cancelled, with total 0: nothing was counted yet
            total = len(files)
            self.batch_started.emit(request_id, total)
            for path in files:
                if self._cancel.is_cancelled(request_id):
                    break
                entry, preview = self._classify_one(
                    lambda p=path: images.open_image(p, draft_size=DRAFT_SIZE), str(path))
                self.item_done.emit(request_id, entry, preview)
                done += 1
        except Exception as e:
            log.exception("batch %d failed", request_id)
            self.failed.emit(f"The batch stopped: {type(e).__name__}: {e}")
        finally:
            self.batch_finished.emit(request_id, done, total, done < total
                                     or self._cancel.is_cancelled(request_id))

    @pyqtSlot(int, object, str)
    def classify_image(self, request_id: int, image: QImage | bytes, source: str) -> None:
        """Classify an in-memory image (a paste): a QImage, or encoded bytes (PNG, JPEG...)."""
        done = 0
        try:
            if self._cancel.is_cancelled(request_id):
                return
            self.batch_started.emit(request_id, 1)
            from model.data import images

            entry, preview = self._classify_one(
                lambda: images.open_image(
                    qimage_to_pil(image) if isinstance(image, QImage) else bytes(image),
                    source=source), source,
                is_file=False)
            self.item_done.emit(request_id, entry, preview)
            done = 1
        except Exception as e:
            log.exception("pasted image failed")
            self.failed.emit(f"The pasted image failed: {type(e).__name__}: {e}")
        finally:
            self.batch_finished.emit(request_id, done, 1, done < 1)

    def _classify_one(self, open_image: Callable[[], Any], source: str,
                      is_file: bool = True) -> tuple[HistoryEntry, QImage]:
        from model.data.images import ImageError

        if self._classifier is None:
            return HistoryEntry(source, error="no model loaded", is_file=is_file), QImage()
        try:
            start = time.perf_counter()
            img = open_image()
            decode_seconds = time.perf_counter() - start
            pred = self._classifier.predict_image(img, source, k=TOP_K)
            preview = fit(img, PREVIEW_MAX)
            entry = HistoryEntry(
                source=source, labels=tuple(pred.labels),
                probabilities=tuple(float(p) for p in pred.probabilities),
                seconds=decode_seconds + pred.seconds,
                thumbnail=pil_to_qimage(fit(preview, THUMBNAIL_MAX)),
                input_image=array_to_qimage(pred.input_image), is_file=is_file,
                not_sure=bool(getattr(pred, "not_sure", False)),
                not_sure_reasons=tuple(getattr(pred, "not_sure_reasons", ())))
            return entry, pil_to_qimage(preview)
        except ImageError as e:
            return HistoryEntry(source, error=e.reason, is_file=is_file), QImage()
        except Exception as e:  # anything else: report it on this image, go on with the rest
            log.exception("classifying %s failed", source)
            return HistoryEntry(source, error=f"{type(e).__name__}: {e}", is_file=is_file), QImage()

    @pyqtSlot(int, QImage, str)
    def compute_attention(self, key: int, image: QImage, label: str) -> None:
        """Grad-CAM of the active model for class ``label`` on ``image`` (the network input, as
        kept in the history), as a coloured, semi-transparent overlay of the same size.

        A request the GUI no longer wants (a newer one followed it: with the map on, every
        result of a batch asks for its own while it is shown) is answered at once, empty."""
        if self._attention_cancel.is_cancelled(key):
            self.attention_ready.emit(key, QImage(), "", "")
            return
        try:
            import numpy as np

            if self._classifier is None:
                raise RuntimeError("no model loaded")
            from model.inference.gradcam import heat_to_rgba

            amap = self._classifier.attention(qimage_to_array(image), label)
            # At the input's size; the GUI scales it smoothly over the picture.
            heat_rgba = np.ascontiguousarray(heat_to_rgba(amap.upsampled()))
            layer = f"{amap.layer} ({amap.heat.shape[1]}×{amap.heat.shape[0]})"
            h, w = heat_rgba.shape[:2]
            overlay = QImage(heat_rgba.tobytes(), w, h, 4 * w, QImage.Format_RGBA8888).copy()
            self.attention_ready.emit(key, overlay, layer, "")
        except Exception as e:  # noqa: BLE001 -- reported on the status bar, the app goes on
            log.exception("attention map failed")
            self.attention_ready.emit(key, QImage(), "", f"{type(e).__name__}: {e}")

    @pyqtSlot(int, str)
    def load_preview(self, key: int, path: str) -> None:
        """Decode a file again for the big view (previews are not all kept in memory)."""
        preview = QImage()
        try:
            from model.data import images

            preview = pil_to_qimage(fit(images.open_image(path, draft_size=DRAFT_SIZE),
                                        PREVIEW_MAX))
        except Exception:  # the file may have changed or gone since: the thumbnail stands in
            log.info("no preview for %s", path, exc_info=True)
        self.preview_ready.emit(key, preview)


class WorkerHost(QObject):
    """Owns the worker thread. The GUI calls these methods; each only emits a queued signal."""

    _request_load = pyqtSignal(str, str)
    _request_paths = pyqtSignal(int, list, int)
    _request_image = pyqtSignal(int, object, str)
    _request_preview = pyqtSignal(int, str)
    _request_attention = pyqtSignal(int, QImage, str)
    _request_devices = pyqtSignal()

    def __init__(self, classifier_factory: ClassifierFactory | None = None,
                 devices: Callable[[], list[str]] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_token = CancelToken()
        # Only the newest attention-map request matters: the one for the entry on screen.
        self.attention_cancel = CancelToken()
        self.thread = QThread()
        self.thread.setObjectName("inference-worker")
        self.worker = InferenceWorker(self.cancel_token, classifier_factory, devices,
                                      self.attention_cancel)
        self.worker.moveToThread(self.thread)
        self._request_load.connect(self.worker.load_model)
        self._request_paths.connect(self.worker.classify_paths)
        self._request_image.connect(self.worker.classify_image)
        self._request_preview.connect(self.worker.load_preview)
        self._request_attention.connect(self.worker.compute_attention)
        self._request_devices.connect(self.worker.probe_devices)
        # Qt deletes the worker in its own thread as that thread ends (QThread docs' pattern).
        self.thread.finished.connect(self.worker.deleteLater)
        self._last_id = 0

    def start(self) -> None:
        if not self.thread.isRunning():
            self.thread.start()
            self._request_devices.emit()

    @property
    def last_request_id(self) -> int:
        return self._last_id

    def _new_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def load_model(self, path: Path, device: str) -> None:
        self._request_load.emit(str(path), device)

    def classify_paths(self, paths: list[str], skip: int = 0) -> int:
        request_id = self._new_id()
        self._request_paths.emit(request_id, [str(p) for p in paths], skip)
        return request_id

    def classify_image(self, image: QImage | bytes, source: str = CLIPBOARD_SOURCE) -> int:
        request_id = self._new_id()
        self._request_image.emit(request_id, image, source)
        return request_id

    def load_preview(self, key: int, path: str) -> None:
        self._request_preview.emit(key, path)

    def compute_attention(self, key: int, image: QImage, label: str) -> None:
        """Ask for a map; requests with smaller keys still queued are skipped by the worker."""
        self.attention_cancel.cancel_through(key - 1)
        self._request_attention.emit(key, image, label)

    def cancel_all(self) -> None:
        """Cancel every request made so far, running or queued (takes effect between images)."""
        self.cancel_token.cancel_through(self._last_id)

    def shutdown(self) -> bool:
        """Cancel, stop the thread's event loop and wait for it, so Qt never destroys it running.

        Returns whether the thread has finished. The wait has no timeout on purpose: the worker
        checks the cancel token between every file and folder, so it ends within one image or
        one checkpoint load, and the alternatives on a timeout are worse (destroying a running
        QThread aborts the process; QThread.terminate() may leave locks held, per its docs).
        """
        if self.thread.isRunning():
            self.cancel_all()
            self.thread.quit()
            return self.thread.wait()
        return not self.thread.isRunning()


def _load_error_message(path: str, e: Exception) -> str:
    try:
        from model.checkpoints.checkpoint import CheckpointError
    except Exception:  # torch itself failed to import: say so below
        CheckpointError = ()  # type: ignore[assignment]  # noqa: N806
    if isinstance(e, CheckpointError):
        return str(e)  # names the file and the reason
    if isinstance(e, ValueError):  # resolve_device: the device asked for is not available
        return f"{path}: {e}"
    log.error("loading %s failed", path, exc_info=e)
    return f"{path}: unexpected error ({type(e).__name__}: {e})"


def _info_dict(info: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(info):
        return dataclasses.asdict(info)
    return dict(vars(info))
