"""What the worker thread can be asked to do: one small class per kind of job.

A job is plain data with a ``run(ctx)`` method that executes in the worker thread
(:class:`app.worker.InferenceWorker`). The worker runs every kind the same way and reports
through one set of signals (started, yielded, returned, errored, finished), as superqt's thread
workers do; adding a kind of job means adding a class here. ``group`` names the cancel token a
job obeys ("batch": Cancel, Clear and a model switch stop it; "attention": only the newest
request matters), and ``newest_only`` makes submitting one cancel the earlier ones of its group.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ClassVar, Protocol

from PyQt5.QtGui import QImage

from app.classify_steps import (
    CHUNK_MAX,
    DRAFT_SIZE,
    PREVIEW_MAX,
    batch_decode_size,
    classify_chunk,
    classify_one,
    decode_file,
)
from app.model_summary import ModelSummary
from app.qimages import fit, gray_to_qimage, pil_to_qimage, qimage_to_array, qimage_to_pil

log = logging.getLogger(__name__)

CLIPBOARD_SOURCE = "clipboard image"

# (checkpoint path, device name) -> model.inference.Classifier (or a test double)
ClassifierFactory = Callable[[Path, str], Any]


class JobContext(Protocol):
    """What a running job may use: the worker's model, and its own cancel check and reports."""

    classifier: Any
    model_path: str  # the checkpoint the classifier was loaded from
    factory: ClassifierFactory
    devices: Callable[[], list[str]]

    def cancelled(self) -> bool: ...
    def started(self, info: object) -> None: ...
    def yielded(self, item: object) -> None: ...


class JobFailed(Exception):
    """Raised by a job with the message the GUI shows as it is (already names what failed)."""


class Job:
    group: ClassVar[str] = "control"
    newest_only: ClassVar[bool] = False

    def run(self, ctx: JobContext) -> object:
        raise NotImplementedError

    def describe(self, error: Exception) -> str:
        """The message for an unexpected exception out of :meth:`run` (logged as well)."""
        return f"{type(error).__name__}: {error}"


# ---- results ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DeviceProbe:
    devices: list[str]
    warning: str | None = None  # why only the CPU is offered, when the probe failed


@dataclass(frozen=True)
class BatchResult:
    done: int
    total: int


@dataclass(frozen=True)
class AttentionOverlay:
    overlay: QImage
    layer: str  # e.g. "layer3 (4×4)"


@dataclass(frozen=True)
class StageTiles:
    """The most active channels of one place in the network (model.inference.feature_maps)."""

    place: str                     # "stem", "layer1" ... "layer4"
    shape: tuple[int, int, int]    # the whole output: channels × height × width
    channels: tuple[int, ...]      # the tiles' channel indices, most active first
    tiles: tuple[QImage, ...]      # grayscale, each from 0 to its own maximum


@dataclass(frozen=True)
class FeatureMapSet:
    stages: tuple[StageTiles, ...]


# ---- the kinds of job -----------------------------------------------------------------------

@dataclass(frozen=True)
class ProbeDevices(Job):
    def run(self, ctx: JobContext) -> DeviceProbe:
        try:
            return DeviceProbe(list(ctx.devices()))
        except Exception as e:  # a broken CUDA install must not stop the app: CPU always works
            log.exception("device probe failed")
            return DeviceProbe(["cpu"], f"Could not look for GPUs: {e}")


@dataclass(frozen=True)
class LoadModel(Job):
    """Load ``path`` on ``device``; on failure the previous model stays active."""

    path: str
    device: str

    def run(self, ctx: JobContext) -> ModelSummary:
        ctx.started(self.path)
        try:
            classifier = ctx.factory(Path(self.path), self.device)
        except Exception as e:
            raise JobFailed(load_error_message(self.path, e)) from e
        ctx.classifier = classifier
        ctx.model_path = str(classifier.path or self.path)
        settle_garbage_collector()
        info = classifier.info
        return ModelSummary(path=ctx.model_path, display_name=info.display_name,
                            device=str(classifier.device), info=_info_dict(info))


@dataclass(frozen=True)
class ClassifyPaths(Job):
    """Classify files, and the images in folders (walked recursively), in chunks
    (app/classify_steps.py), each reported as one tuple of Classified. ``skip`` leaves out the
    first images found: a batch resumed after an interruption."""

    group: ClassVar[str] = "batch"
    paths: tuple[str, ...]
    skip: int = 0
    decode_threads: int | None = None  # threads decoding ahead (None: the default; 0: none)

    def run(self, ctx: JobContext) -> BatchResult:
        from model.data import images
        from model.inference.decode_ahead import (
            DECODE_AHEAD_ABOVE,
            decoded_in_order,
            default_decode_threads,
        )

        # Walked lazily so that Cancel, Clear and closing the window stop a walk of a huge
        # dropped tree between entries.
        files = [str(p) for p in images.walk_images(self.paths, ctx.cancelled)][self.skip:]
        if ctx.cancelled():
            return BatchResult(0, 0)  # nothing was counted yet
        ctx.started(len(files))
        settle_young_objects()  # what earlier work left alive is not scanned during the batch
        threads = (default_decode_threads() if self.decode_threads is None
                   else self.decode_threads)
        decoded = None
        if threads > 0 and ctx.classifier is not None and len(files) > 1:
            # The first file (the first chunk, of one) is decoded by the worker at preview size;
            # the rest ahead, if the next three show decoding to be slow (DECODE_AHEAD_ABOVE).
            draft = batch_decode_size(ctx)
            decoded = decoded_in_order(files[1:], lambda path: decode_file(path, draft),
                                       threads, 2 * CHUNK_MAX, DECODE_AHEAD_ABOVE)
        try:
            done, size, settled = 0, 1, 0
            while done < len(files) and not ctx.cancelled():
                chunk = classify_chunk(ctx, files[done:done + size], ctx.cancelled,
                                       decoded if done else None)
                if not chunk:
                    break
                done += len(chunk)
                ctx.yielded(tuple(chunk))
                size = min(2 * size, CHUNK_MAX)
                if done - settled >= SETTLE_EVERY:
                    settled = done
                    settle_young_objects()
        finally:
            if decoded is not None:
                decoded.close()  # the decoder threads stop with the batch
        return BatchResult(done, len(files))

    def describe(self, error: Exception) -> str:
        return f"The batch stopped: {type(error).__name__}: {error}"


@dataclass(frozen=True)
class ClassifyImage(Job):
    """Classify an in-memory image (a paste): a QImage, or encoded bytes (PNG, JPEG...)."""

    group: ClassVar[str] = "batch"
    image: QImage | bytes
    source: str = CLIPBOARD_SOURCE

    def run(self, ctx: JobContext) -> BatchResult:
        from model.data import images

        ctx.started(1)
        image = self.image
        ctx.yielded((classify_one(
            ctx, lambda: images.open_image(
                qimage_to_pil(image) if isinstance(image, QImage) else bytes(image),
                source=self.source), self.source, is_file=False),))
        return BatchResult(1, 1)

    def describe(self, error: Exception) -> str:
        return f"The pasted image failed: {type(error).__name__}: {error}"


@dataclass(frozen=True)
class LoadPreview(Job):
    """Decode a file again for the big view (previews are not all kept in memory). A null
    image when the file has changed or gone since: the thumbnail stands in."""

    path: str

    def run(self, ctx: JobContext) -> QImage:
        try:
            from model.data import images

            return pil_to_qimage(fit(images.open_image(self.path, draft_size=DRAFT_SIZE),
                                     PREVIEW_MAX))
        except Exception:
            log.info("no preview for %s", self.path, exc_info=True)
            return QImage()


@dataclass(frozen=True)
class ComputeAttention(Job):
    """Grad-CAM of the active model for class ``label`` on ``image`` (the network input, as
    kept in the history), as a coloured, semi-transparent overlay of the same size. With the
    map on, every result of a batch asks for its own while it is shown: only the newest counts."""

    group: ClassVar[str] = "attention"
    newest_only: ClassVar[bool] = True
    image: QImage
    label: str

    def run(self, ctx: JobContext) -> AttentionOverlay:
        import numpy as np

        if ctx.classifier is None:
            raise RuntimeError("no model loaded")
        from model.inference.gradcam import heat_to_rgba

        amap = ctx.classifier.attention(qimage_to_array(self.image), self.label)
        # At the input's size; the GUI scales it smoothly over the picture.
        heat_rgba = np.ascontiguousarray(heat_to_rgba(amap.upsampled()))
        rows, cols = heat_rgba.shape[:2]
        overlay = QImage(heat_rgba.tobytes(), cols, rows, 4 * cols, QImage.Format_RGBA8888).copy()
        h, w = amap.heat.shape
        return AttentionOverlay(overlay, f"{amap.layer} ({w}×{h})")


@dataclass(frozen=True)
class ComputeFeatureMaps(Job):
    """The activations after the stem and each stage for ``image`` (the network input, as kept
    in the history), as grayscale tiles. Only the newest request counts, as for attention."""

    group: ClassVar[str] = "features"
    newest_only: ClassVar[bool] = True
    image: QImage

    def run(self, ctx: JobContext) -> FeatureMapSet:
        if ctx.classifier is None:
            raise RuntimeError("no model loaded")
        stages = ctx.classifier.feature_maps(qimage_to_array(self.image))
        return FeatureMapSet(tuple(
            StageTiles(s.place, s.shape, s.channels, tuple(gray_to_qimage(t) for t in s.tiles))
            for s in stages))


@dataclass(frozen=True)
class ScanClassFolders(Job):
    """A folder of class folders counted (model.data.folder_scan.FolderScan), for New Model
    from Folders. In the worker because it walks the whole tree: 8.8 s for ``/`` on the
    development machine, which froze the dialog when it ran in the GUI thread."""

    group: ClassVar[str] = "scan"
    newest_only: ClassVar[bool] = True  # a folder chosen since makes a queued scan moot
    root: Path

    def run(self, ctx: JobContext) -> object:
        from model.data.folder_scan import ScanStopped, scan_class_folders

        try:  # a folder chosen since (newest_only) or the app closing stops the walk
            return scan_class_folders(self.root, ctx.cancelled)
        except ScanStopped:
            return None


@dataclass(frozen=True)
class DescribeArchitecture(Job):
    """The active model, layer by layer (model.network.summary.ArchitectureSummary: plain
    data, no tensors)."""

    def run(self, ctx: JobContext) -> object:
        if ctx.classifier is None:
            raise RuntimeError("no model loaded")
        return ctx.classifier.architecture()


# ---- helpers ---------------------------------------------------------------------------------

def settle_garbage_collector() -> None:
    """Take what is alive after a model load (torch, the network, its engine: hundreds of
    thousands of objects) out of the cyclic garbage collector's scans (``gc.freeze``).

    Measured here with the bundled model: without it a full collection, in whichever thread
    allocates at the time, took 90-215 ms, and the window stalled for as long (the worker's
    collections hold the GIL too). Frozen objects are still freed by reference counting; the
    previous model's leftover cycles are collected first, once, while the load is under way.
    """
    import gc

    gc.unfreeze()
    gc.collect()
    gc.freeze()


# A long batch keeps every result in the history; without a freeze now and then, the garbage
# collector's full collections scan all of them, and with a folder of 20,000 unreadable files
# they took 20-100 ms each, holding the GIL, so the window stalled as long (measured with
# gc.callbacks around `bench_gui.py --bad-files 20000`). Every 2,000 results: one young
# collection (no collection over 5 ms was seen during that phase after this change).
SETTLE_EVERY = 2000


def settle_young_objects() -> None:
    """Collect the young generations' cycles (cheap), then freeze what survives: the results
    the history now holds. Frozen objects are still freed by reference counting when the
    history is cleared; only cycles among them would wait, and results hold none."""
    import gc

    gc.collect(1)
    gc.freeze()


def load_error_message(path: str, e: Exception) -> str:
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
