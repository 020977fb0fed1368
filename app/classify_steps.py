"""Classifying in the worker thread: one image (a paste), or a dropped folder's files in chunks.

A folder runs at the engine's batch speed: its files are decoded small (the thumbnail's size,
or the network's input if larger, as ``cifar10 classify`` decodes them), the chunk goes through
the network in one forward pass (``Classifier.predict_images``), and the window receives the
chunk as one signal, so it adds the rows and redraws once per chunk instead of once per image.
Only the last image of a chunk -- the one the window shows -- is decoded again at preview size;
the others' previews are decoded when they are selected (app/previews.py).

Chunks grow from 1 image (the first answer comes as soon as one image is done) by doubling up
to :data:`CHUNK_MAX`, and a chunk stops early once its decoding has taken
:data:`CHUNK_DECODE_S`, so a folder of large photos still shows progress several times a
second. The cancel token is read between files: a cancelled chunk delivers what it had
decoded. Where there are two cores or more and decoding is slow (large photos), a folder's
files are decoded ahead by two decoder threads while the network runs
(model/inference/decode_ahead.py), as `cifar10 classify` does; Cancel then waits only for the
files those threads had started.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from PyQt5.QtGui import QImage

from app.qimages import array_to_qimage, fit, pil_to_qimage
from app.results import HistoryEntry

log = logging.getLogger(__name__)

TOP_K = 5
NO_MODEL = "no model loaded"
# Decoded images are shown in a ~700 px area (more on high-DPI screens); 1024 px keeps them
# sharp, and a 12-megapixel JPEG in draft mode (1000x750) needs no second resize.
PREVIEW_MAX = 1024
# The history's icon size (app/history.py ICON): the thumbnail is made at the size it is shown,
# so the GUI thread only centres it, with no scaling per row.
THUMBNAIL_MAX = 48
# JPEG draft mode decodes at 1/2, 1/4 or 1/8 scale when the result stays at least this large
# (PIL's Image.draft): a 12-megapixel photo decodes at 1000x750 instead of 4000x3000, about
# 10x less work, and the network only sees 32x32 anyway.
DRAFT_SIZE = 720
# 64 images per forward pass, as `cifar10 classify` does: against a cap of 32, three alternating
# rounds of `bench_gui.py --images 1000` gave 295 against 268 img/s (medians) with the same
# longest stalls (14.5-24.5 ms against 15.3-40.4 ms); benchmarks/README.md.
CHUNK_MAX = 64
CHUNK_DECODE_S = 0.1


@dataclass(frozen=True)
class Classified:
    """One image of a batch: its history entry and big preview (null on error, or when the
    window is to decode it again when it is selected)."""

    entry: HistoryEntry
    preview: QImage


def classify_one(ctx: Any, open_image: Callable[[], Any], source: str,
                 is_file: bool = True) -> Classified:
    """One image, whatever goes wrong: an error is reported on its entry, the batch goes on."""
    from model.data.images import ImageError

    if ctx.classifier is None:
        return Classified(HistoryEntry(source, error=NO_MODEL, error_kind="no_model",
                                       is_file=is_file), QImage())
    model = ctx.model_path
    try:
        start = time.perf_counter()
        img = open_image()
        decode_seconds = time.perf_counter() - start
        pred = ctx.classifier.predict_image(img, source, k=TOP_K)
        preview = fit(img, PREVIEW_MAX)
        return Classified(_entry(pred, preview, decode_seconds, source, is_file, model,
                                 _classes(ctx)), pil_to_qimage(preview))
    except ImageError as e:
        return _image_failed(source, e, model, is_file)
    except Exception as e:  # anything else: report it on this image, go on with the rest
        log.exception("classifying %s failed", source)
        return Classified(HistoryEntry(source, error=f"{type(e).__name__}: {e}", is_file=is_file,
                                       model=model), QImage())


def batch_decode_size(ctx: Any) -> int:
    """The size a batch's files are decoded at: the thumbnail's, or the network's input if
    larger (previews are decoded again, one per chunk)."""
    return max(THUMBNAIL_MAX, ctx.classifier.info.input_size)


def decode_file(path: str, size: int) -> tuple[Any, float] | Exception:
    """``path`` decoded in draft mode at ``size`` and the seconds it took, or what went wrong
    (returned, not raised: it may run in a decoder thread, model/inference/decode_ahead.py)."""
    from model.data import images

    start = time.perf_counter()
    try:
        return images.open_image(path, draft_size=size), time.perf_counter() - start
    except Exception as e:  # noqa: BLE001 -- reported on this file's entry
        return e


def classify_chunk(ctx: Any, paths: list[str], cancelled: Callable[[], bool],
                   decoded: Iterator[tuple[Any, float] | Exception] | None = None
                   ) -> list[Classified]:
    """Up to ``len(paths)`` files, in order, each with its own error if it has one; fewer if
    decoding ran out of its time or the batch was cancelled (at least one, unless cancelled
    before the first).

    ``decoded``: the :func:`decode_file` results of these paths and the batch's later ones, in
    order (decoded ahead by the job's decoder threads); one is taken per file used. Without it,
    the files are decoded here."""
    from model.data import images

    if ctx.classifier is None:
        return [Classified(HistoryEntry(p, error=NO_MODEL, error_kind="no_model"), QImage())
                for p in paths]
    model, classes = ctx.model_path, _classes(ctx)
    # Decoding here, a chunk of one is the first answer of a batch (or its last file): decoded
    # once, at preview size, as a single dropped file is. Decoded ahead, it is decoded small like
    # the rest, and its preview again, as every chunk's last file.
    single = len(paths) == 1 and decoded is None
    small = DRAFT_SIZE if single else batch_decode_size(ctx)
    rows: list[tuple[str, Any, float] | Classified] = []
    began = time.perf_counter()
    for path in paths:
        if rows and (cancelled() or time.perf_counter() - began > CHUNK_DECODE_S):
            break
        result = decode_file(path, small) if decoded is None else next(decoded)
        if isinstance(result, images.ImageError):
            rows.append(_image_failed(path, result, model))
        elif isinstance(result, Exception):
            log.error("decoding %s failed", path, exc_info=result)
            rows.append(_failed(path, result, model))
        else:
            rows.append((path, *result))
    decoded = [r for r in rows if isinstance(r, tuple)]
    predictions = _predict(ctx, [(img, path) for path, img, _ in decoded])
    answers = iter(zip(decoded, predictions))
    out: list[Classified] = []
    for row in rows:
        if isinstance(row, Classified):
            out.append(row)
            continue
        (path, img, seconds), pred = next(answers)
        if isinstance(pred, images.ImageError):
            out.append(_image_failed(path, pred, model))
        elif isinstance(pred, Exception):
            out.append(_failed(path, pred, model))
        else:
            preview = pil_to_qimage(fit(img, PREVIEW_MAX)) if single else QImage()
            out.append(Classified(_entry(pred, img, seconds, path, True, model, classes),
                                  preview))
    if not single:
        _add_preview(out)
    return out


def _predict(ctx: Any, decoded: list[tuple[Any, str]]) -> list[Any]:
    """The chunk's predictions in one pass; if that pass raises something other than an
    ImageError, each image again on its own, so only the one that fails is reported."""
    from model.data.images import ImageError

    if not decoded:
        return []
    try:
        return list(ctx.classifier.predict_images(decoded, k=TOP_K))
    except Exception:
        log.info("a chunk of %d failed; classifying its images one by one", len(decoded),
                 exc_info=True)
    results: list[Any] = []
    for img, source in decoded:
        try:
            results.append(ctx.classifier.predict_image(img, source, k=TOP_K))
        except Exception as e:  # the ImageError or the odd error of this one image
            if not isinstance(e, ImageError):
                log.exception("classifying %s failed", source)
            results.append(e)
    return results


def _add_preview(out: list[Classified]) -> None:
    """Give the chunk's last good entry (the one the window shows) its big preview."""
    from model.data import images

    for i in range(len(out) - 1, -1, -1):
        entry = out[i].entry
        if not entry.ok:
            continue
        try:
            img = images.open_image(entry.source, draft_size=DRAFT_SIZE)
        except Exception:  # changed or gone since: the thumbnail stands in, as in LoadPreview
            log.info("no preview for %s", entry.source, exc_info=True)
            return
        out[i] = Classified(entry, pil_to_qimage(fit(img, PREVIEW_MAX)))
        return


def _classes(ctx: Any) -> int:
    """The answering model's number of classes (0 if it does not say)."""
    return int(getattr(ctx.classifier.info, "num_classes", 0) or 0)


def _entry(pred: Any, thumbnail_source: Any, seconds: float, source: str, is_file: bool,
           model: str, classes: int = 0) -> HistoryEntry:
    return HistoryEntry(
        source=source, labels=tuple(pred.labels),
        probabilities=tuple(float(p) for p in pred.probabilities),
        seconds=seconds + pred.seconds,
        thumbnail=pil_to_qimage(fit(thumbnail_source, THUMBNAIL_MAX)),
        input_image=array_to_qimage(pred.input_image), is_file=is_file,
        not_sure=bool(getattr(pred, "not_sure", False)),
        not_sure_reasons=tuple(getattr(pred, "not_sure_reasons", ())), model=model,
        classes=classes)


def _image_failed(path: str, e: Any, model: str, is_file: bool = True) -> Classified:
    """An ImageError on its entry: the English reason, and its kind and values for the window
    to word it in the interface language (app/image_errors.py)."""
    return Classified(HistoryEntry(path, error=e.reason, error_kind=e.kind,
                                   error_detail=tuple(sorted(e.detail.items())), is_file=is_file,
                                   model=model), QImage())


def _failed(path: str, e: Exception, model: str) -> Classified:
    return Classified(HistoryEntry(path, error=f"{type(e).__name__}: {e}", model=model), QImage())
