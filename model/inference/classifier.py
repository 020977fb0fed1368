"""Classify images with a trained checkpoint: decode, preprocess, run the network, rank classes.

:class:`Classifier` keeps the loaded network untouched (``classifier.model``, for Grad-CAM and
anything else that needs the real modules) and runs predictions through a separate *engine*
built from a fused copy of it (:mod:`model.inference.engines`: ONNX Runtime on the CPU when it
is installed, else torch).

Probabilities are calibrated: ``softmax(logits / T)`` with the temperature ``T`` that
``cifar10 eval --calibrate`` stored in the checkpoint (1.0 if it has none), and each
:class:`Prediction` says whether it should be trusted (:mod:`model.inference.confidence`).
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from model.checkpoints.checkpoint import (
    SAFETENSORS_SUFFIX,
    CheckpointError,
    CheckpointInfo,
    load_checkpoint,
    read_info,
)
from model.checkpoints.detector_store import load_detector
from model.data.images import ImageError, describe_source, open_image, to_network_input
from model.files.paths import bundled_checkpoint
from model.inference.confidence import Confidence, energy_score
from model.inference.predictions import Prediction, build_predictions
from model.network.normalization import normalize, scale_shift

if TYPE_CHECKING:  # torch is imported only on the paths that need it (see from_checkpoint)
    import torch

    from model.inference.engines import Engine
    from model.inference.feature_maps import StageMaps
    from model.inference.gradcam import AttentionMap
    from model.inference.graphs import GraphCache
    from model.network.resnet import ResNet
    from model.network.summary import ArchitectureSummary


class Classifier:
    """A checkpoint's network, ready to classify images."""

    def __init__(self, model: ResNet | None, info: CheckpointInfo,
                 device: torch.device | str = "cpu", path: Path | None = None,
                 backend: str = "auto", cpu_threads: int | None = None, *,
                 cpu_spinning: bool = True, engine: Engine | None = None) -> None:
        """``cpu_threads``: intra-op threads ONNX Runtime may use (None: its default, every
        core); ``cpu_spinning=False`` lets them sleep between parallel sections (the app's
        worker: app/worker.py). ``engine``: one already built (the
        light path of :meth:`from_checkpoint`); then ``model`` may be None, and is loaded from
        ``path`` when first needed (Grad-CAM, feature maps, the architecture table)."""
        if model is None and (engine is None or path is None):
            raise ValueError("a Classifier without its model needs an engine and a path")
        self.info = info
        self.device = str(device)
        self.path = path
        # Temperature and not-sure threshold from `cifar10 eval --calibrate`, if it was run.
        try:
            self.confidence = Confidence.from_metadata(info.extra.get("calibration"))
        except ValueError as e:
            raise CheckpointError(path or "checkpoint", str(e)) from None
        stored = load_detector(path, info.extra) if path is not None else None
        features = model.fc.in_features if model is not None else engine.feature_dimension
        if stored is not None and stored[0].dimension != features:
            raise CheckpointError(path, f"unusable out-of-distribution detector (it expects "
                                        f"{stored[0].dimension} features, the network gives "
                                        f"{features})")
        if stored is not None:  # cifar10 fit-detector was run on it
            self.confidence = dataclasses.replace(self.confidence, detector=stored[0],
                                                  detector_threshold=stored[1])
        # The original modules stay as loaded (eval mode) for other uses such as Grad-CAM;
        # predictions go through the engine, built from a copy.
        self._model = model.eval().to(self.device) if model is not None else None
        if engine is None:
            from model.inference.engines import build_engine

            engine = build_engine(self._model, _torch_device(self.device), info.input_size,
                                  backend, cpu_threads, cpu_spinning)
        self.engine = engine
        if self.confidence.detector is not None:
            # Its products on ONNX Runtime's GEMM, on this thread, where onnxruntime is
            # installed, whatever the engine: OpenBLAS's threads would spin on the cores the
            # network needs (model/inference/detector_graph.py).
            from model.inference.detector_graph import on_onnxruntime

            self.confidence = dataclasses.replace(
                self.confidence, detector=on_onnxruntime(self.confidence.detector))
        # (x/255 - mean)/std as one multiply-add per channel (model.network.normalization).
        self._scale, self._shift = scale_shift(info.mean, info.std)

    @classmethod
    def from_checkpoint(cls, path: str | os.PathLike[str] | None = None, device: str = "auto",
                        backend: str = "auto", cpu_threads: int | None = None,
                        graphs: GraphCache | None = None,
                        cpu_spinning: bool = True) -> Classifier:
        """Load ``path`` (None: the bundled checkpoint) onto ``device``.

        With ``graphs``, one of our safetensors checkpoints that will run on the CPU under ONNX
        Runtime is loaded without torch: its metadata is read, and its ONNX graph comes from
        the cache (exported by a child process the first time: model/inference/graphs.py).
        torch is imported later only if the model itself is needed. Anything else, and any
        failure on that path, loads as before.

        Raises CheckpointError for an unusable checkpoint, ValueError for an unusable device.
        """
        bundled = path is None
        if path is None:
            path = bundled_checkpoint()
        if graphs is not None:
            light = cls._from_graph(Path(path), device, backend, cpu_threads, cpu_spinning,
                                    graphs)
            if light is not None:
                return light
        from model.network.devices import resolve_device

        resolved = resolve_device(device)
        if bundled and not Path(path).exists():
            raise CheckpointError(path, "the bundled checkpoint is missing (train one, or "
                                        "pass a checkpoint file)")
        model, info = load_checkpoint(path)
        classifier = cls(model, info, resolved, Path(path), backend, cpu_threads,
                         cpu_spinning=cpu_spinning)
        graph = getattr(classifier.engine, "graph", None)
        if graphs is not None and isinstance(graph, bytes):
            graphs.store(path, graph)  # the light path next time
        return classifier

    @classmethod
    def _from_graph(cls, path: Path, device: str, backend: str, cpu_threads: int | None,
                    cpu_spinning: bool, graphs: GraphCache) -> Classifier | None:
        """The torch-free load of :meth:`from_checkpoint`, or None where it does not apply."""
        from model.inference.onnx_session import OnnxSession, onnxruntime_available
        from model.network.devices import gpu_may_be_present

        name = (device or "auto").strip().lower()
        on_cpu = name == "cpu" or (name == "auto" and not gpu_may_be_present())
        if not on_cpu or backend not in ("auto", "onnxruntime") or not onnxruntime_available():
            return None
        if path.suffix != SAFETENSORS_SUFFIX:
            return None
        try:
            info = read_info(path)
        except CheckpointError:
            return None  # the full load says what is wrong, or reads a foreign file
        graph = graphs.graph(path)
        if graph is None:
            return None
        try:
            engine = OnnxSession(graph, cpu_threads, cpu_spinning)
        except Exception:  # noqa: BLE001 -- a damaged cached graph: forget it, load in full
            graphs.discard(path)
            return None
        return cls(None, info, "cpu", path, backend, cpu_threads, cpu_spinning=cpu_spinning,
                   engine=engine)

    @property
    def model(self) -> ResNet:
        """The network's modules as loaded (eval mode), for Grad-CAM and the like; loaded from
        the checkpoint on first use after a light load (this is when torch is imported)."""
        if self._model is None:
            assert self.path is not None  # __init__ requires it without a model
            self._model = load_checkpoint(self.path)[0].eval().to(self.device)
        return self._model

    @property
    def backend(self) -> str:
        return self.engine.name

    @property
    def temperature(self) -> float:
        """The calibration temperature the probabilities are computed with (1.0: none)."""
        return self.confidence.temperature

    # ---- single images

    def predict(self, src: Any, k: int = 5, *, source: str | None = None) -> Prediction:
        """Top-``k`` classes for a path, bytes, PIL image or array. Raises ImageError."""
        start = time.perf_counter()
        name = source if source is not None else describe_source(src)
        img = open_image(src, source=name, draft_size=self.info.input_size)
        pixels = to_network_input(img, self.info.input_size, self.info.source_size)
        batch = pixels[None]
        logits, features = self._run(batch)
        return self._single(self._predictions([name], [pixels], batch, logits, features, k,
                                              [time.perf_counter() - start]))

    def predict_image(self, img: Image.Image, source: str, k: int = 5) -> Prediction:
        """Top-``k`` classes for an already-decoded image (RGB; other modes are converted as
        :func:`~model.data.images.open_image` does, e.g. alpha composited on white)."""
        start = time.perf_counter()
        if img.mode != "RGB":
            img = open_image(img, source=source)
        pixels = to_network_input(img, self.info.input_size, self.info.source_size)
        batch = pixels[None]
        logits, features = self._run(batch)
        return self._single(self._predictions([source], [pixels], batch, logits, features, k,
                                              [time.perf_counter() - start]))

    # ---- where the network looks

    def attention(self, pixels: np.ndarray, label: str) -> AttentionMap:
        """Grad-CAM for class ``label`` on ``pixels`` (a Prediction's ``input_image``), computed
        on the untouched model (the engine's fused copy has no gradients to offer)."""
        from model.inference.engines import intra_op_threads
        from model.inference.gradcam import grad_cam_pixels

        try:
            index = self.info.class_names.index(label)
        except ValueError:
            raise ValueError(f"{label!r} is not one of this model's classes") from None
        # One thread for one small image, for the reason given in TorchEngine's docstring.
        threads = 1 if self.device == "cpu" else None
        with intra_op_threads(threads):
            return grad_cam_pixels(self.model, pixels, self.info.mean, self.info.std, index)

    def feature_maps(self, pixels: np.ndarray, per_stage: int = 16) -> list[StageMaps]:
        """The most active channels after the stem and each stage for ``pixels`` (a
        Prediction's ``input_image``), from the untouched model, like :meth:`attention`."""
        from model.inference.engines import intra_op_threads
        from model.inference.feature_maps import feature_maps_pixels

        threads = 1 if self.device == "cpu" else None
        with intra_op_threads(threads):
            return feature_maps_pixels(self.model, pixels, self.info.mean, self.info.std,
                                       per_stage)

    def architecture(self) -> ArchitectureSummary:
        """The loaded network, layer by layer, at its input size (:mod:`model.network.summary`)."""
        from model.network.summary import summarize

        return summarize(self.model, self.info.input_size)

    # ---- many images

    def predict_many(self, sources: Iterable[Any], k: int = 5, batch_size: int = 64,
                     decode_threads: int | None = None) -> Iterator[Prediction | ImageError]:
        """Predictions in the order of ``sources``; an image that fails yields its ImageError.

        Files are decoded ahead of the network by ``decode_threads`` threads (None: two where
        there are two cores or more; 0: in this thread, batch by batch), while the network runs
        on the batch before, when the first files took long enough to decode for that to pay
        (model/inference/decode_ahead.py)."""
        from model.inference.decode_ahead import (
            DECODE_AHEAD_ABOVE,
            decoded_batches,
            default_decode_threads,
        )

        self._check_k(k)
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        threads = default_decode_threads() if decode_threads is None else decode_threads
        batches = decoded_batches(sources, self._decode, batch_size, threads,
                                  serial_below=DECODE_AHEAD_ABOVE)
        try:
            for batch in batches:
                yield from self._predict_batch(batch, k)
        finally:
            batches.close()  # the pool stops when the caller stops early

    def _decode(self, src: Any) -> tuple[Image.Image, str, float] | ImageError:
        """One source decoded small, as the network needs it (any thread), or its ImageError."""
        start = time.perf_counter()
        name = describe_source(src)
        try:
            img = open_image(src, source=name, draft_size=self.info.input_size)
        except ImageError as e:
            return e
        return img, name, time.perf_counter() - start

    def predict_images(self, images: Sequence[tuple[Image.Image, str]],
                       k: int = 5) -> list[Prediction | ImageError]:
        """Top-``k`` classes for already-decoded ``(image, source)`` pairs in one forward pass,
        in their order; an image that fails yields its ImageError (as :meth:`predict_image`
        would raise it). The app's batches decode in the worker, then call this."""
        self._check_k(k)
        return self._predict_decoded([(img, source, 0.0) for img, source in images], k)

    def _predict_batch(self, batch: list[tuple[Image.Image, str, float] | ImageError],
                       k: int) -> list[Prediction | ImageError]:
        """A batch of :meth:`_decode` results: the ones that decoded go through the network in
        one pass; the errors keep their places."""
        results: list[Any] = list(batch)
        places = [i for i, row in enumerate(batch) if not isinstance(row, ImageError)]
        for i, result in zip(places, self._predict_decoded([batch[i] for i in places], k)):
            results[i] = result
        return results

    def _predict_decoded(self, images: list[tuple[Image.Image, str, float]],
                         k: int) -> list[Prediction | ImageError]:
        """``(image, source, seconds spent on it so far)`` rows -> their predictions (or
        ImageErrors) in order, through one forward pass."""
        results: list[Any] = [None] * len(images)
        rows: list[tuple[int, str, np.ndarray, float]] = []
        for i, (img, source, spent) in enumerate(images):
            start = time.perf_counter()
            try:
                if img.mode != "RGB":
                    img = open_image(img, source=source)
                pixels = to_network_input(img, self.info.input_size, self.info.source_size)
            except ImageError as e:
                results[i] = e
                continue
            rows.append((i, source, pixels, spent + time.perf_counter() - start))
        if not rows:
            return results
        start = time.perf_counter()
        batch = np.stack([r[2] for r in rows])
        logits, features = self._run(batch)
        shared = (time.perf_counter() - start) / len(rows)
        predictions = self._predictions([r[1] for r in rows], [r[2] for r in rows], batch,
                                        logits, features, k, [r[3] + shared for r in rows])
        for (i, *_), result in zip(rows, predictions):
            results[i] = result
        return results

    def outlier_scores(self, pixels: np.ndarray) -> dict[str, np.ndarray]:
        """For N×H×W×3 uint8 network inputs (``Prediction.input_image``): the scores the
        not-sure rule thresholds, higher meaning less like the training data: ``"energy"``
        always, ``"detector"`` when the checkpoint stores one. For measuring the rule
        (benchmarks/bench_not_sure.py)."""
        logits, features = self._run(np.asarray(pixels, dtype=np.uint8))
        scores = {"energy": energy_score(logits)}
        if self.confidence.detector is not None:
            scores["detector"] = np.asarray(self.confidence.detector.score(features),
                                            dtype=np.float64)
        return scores

    # ---- shared steps

    def _run(self, pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """N×H×W×3 uint8 -> (N×classes logits as float64, N×512 features), one pass."""
        logits, features = self.engine.run(normalize(pixels, self._scale, self._shift))
        return logits.astype(np.float64), features

    def _predictions(self, sources: Sequence[str], images: Sequence[np.ndarray],
                     batch: np.ndarray, logits: np.ndarray, features: np.ndarray, k: int,
                     seconds: Sequence[float]) -> list[Prediction | ImageError]:
        self._check_k(k)
        return build_predictions(self.confidence, self.info.class_names, sources, images,
                                 batch, logits, features, k, seconds)

    @staticmethod
    def _single(results: list[Prediction | ImageError]) -> Prediction:
        (result,) = results
        if isinstance(result, ImageError):
            raise result
        return result

    @staticmethod
    def _check_k(k: int) -> None:
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")


def _torch_device(name: str) -> torch.device:
    import torch

    return torch.device(name)
