"""The inference worker on its own: every job's results, errors and skips come back as signals."""

from __future__ import annotations

import threading

import pytest

from app.jobs import (
    BatchResult,
    ClassifyImage,
    ClassifyPaths,
    ComputeAttention,
    DeviceProbe,
    LoadModel,
    LoadPreview,
    ProbeDevices,
)


class Recorder:
    """Every emission of the worker's signals, in order, as (signal name, args)."""

    NAMES = ("started", "yielded", "returned", "errored", "finished")

    def __init__(self, worker) -> None:
        self.calls: list[tuple[str, tuple]] = []
        for name in self.NAMES:
            getattr(worker, name).connect(lambda *args, n=name: self.calls.append((n, args)))

    def of(self, name: str) -> list[tuple]:
        return [args for n, args in self.calls if n == name]

    def entries(self) -> list:
        return [item.entry for _, chunk in self.of("yielded") for item in chunk]


class FlakyClassifier:
    """The gated double's answers, but ``predict_image`` raises ``error`` for chosen sources,
    and ``predict_images`` for a chunk that holds one."""

    def __init__(self, gui, fail_on: set[str], error: Exception) -> None:
        self._inner = gui.GatedClassifier(free=10**6)
        self.info, self.device, self.path = self._inner.info, "cpu", None
        self._fail_on, self._error = fail_on, error

    def predict_image(self, img, source: str, k: int = 5):
        if source in self._fail_on:
            raise self._error
        return self._inner.predict_image(img, source, k)

    def predict_images(self, images, k: int = 5):
        if any(source in self._fail_on for _, source in images):
            raise self._error
        return self._inner.predict_images(images, k)


def _worker(factory=None, devices=None):
    from app.worker import InferenceWorker

    worker = InferenceWorker(classifier_factory=factory, devices=devices)
    return worker, Recorder(worker)


def _image():
    from PyQt5.QtGui import QImage

    image = QImage(32, 32, QImage.Format_RGB888)
    image.fill(0)
    return image


def test_attention_failure_is_reported_not_raised(qapp):
    worker, rec = _worker()  # no model loaded yet
    worker.run(7, ComputeAttention(_image(), "cat"))
    (key, error), = rec.of("errored")
    assert key == 7 and "no model loaded" in error
    assert rec.of("returned") == [] and rec.of("finished") == [(7, False)]


def test_outdated_attention_requests_are_skipped(qapp):
    worker, rec = _worker()
    worker.tokens["attention"].cancel_through(4)  # what WorkerHost does when it sends job 5
    worker.run(3, ComputeAttention(_image(), "cat"))
    assert rec.calls == [("finished", (3, True))]  # skipped, not failed


def test_a_newer_attention_request_cancels_the_queued_ones(qapp):
    from app.worker import WorkerHost

    host = WorkerHost()  # never started: jobs just queue
    first = host.submit(ComputeAttention(_image(), "cat"))
    preview = host.submit(LoadPreview("x.png"))
    second = host.submit(ComputeAttention(_image(), "dog"))
    attention = host.worker.tokens["attention"]
    assert attention.is_cancelled(first) and not attention.is_cancelled(second)
    assert not host.worker.tokens["preview"].is_cancelled(preview)


# ---- error paths: every failure comes back as a signal that says what and why ---------------

def test_a_failed_device_probe_falls_back_to_the_cpu(qapp):
    def broken_probe():
        raise OSError("libcuda.so: cannot open shared object file")

    worker, rec = _worker(devices=broken_probe)
    worker.run(1, ProbeDevices())
    assert rec.of("returned") == [
        (1, DeviceProbe(["cpu"], "Could not look for GPUs: libcuda.so: cannot open shared "
                                 "object file"))]


def test_one_image_that_fails_oddly_does_not_end_the_batch(qapp, gui, tmp_path):
    files = gui.write_images(tmp_path / "imgs", 3)
    bad = str(sorted(files)[1])
    classifier = FlakyClassifier(gui, {bad}, KeyError("odd"))
    worker, rec = _worker(factory=lambda path, device: classifier)
    worker.run(1, LoadModel("any.safetensors", "cpu"))
    worker.run(2, ClassifyPaths((str(tmp_path / "imgs"),)))
    entries = rec.entries()
    assert [e.source for e in entries] == [str(p) for p in sorted(files)]
    assert [e.ok for e in entries] == [True, False, True]
    assert entries[1].error == "KeyError: 'odd'"
    assert (2, BatchResult(3, 3)) in rec.of("returned") and rec.of("finished")[-1] == (2, False)
    assert rec.of("errored") == []  # reported on that image, not as a broken batch


def test_a_broken_walk_ends_the_batch_with_a_message(qapp, monkeypatch, gui, tmp_path):
    import model.data.images

    def broken_walk(paths, cancelled):
        yield from ()
        raise MemoryError("walk")

    monkeypatch.setattr(model.data.images, "walk_images", broken_walk)
    worker, rec = _worker(factory=lambda path, device: gui.GatedClassifier(free=10))
    worker.run(4, ClassifyPaths((str(tmp_path),)))
    assert rec.of("errored") == [(4, "The batch stopped: MemoryError: walk")]
    assert rec.of("finished") == [(4, False)]  # the GUI always hears the end


def test_without_a_model_every_image_says_so(qapp, gui, tmp_path):
    files = gui.write_images(tmp_path / "imgs", 2)
    worker, rec = _worker()
    worker.run(1, ClassifyPaths(tuple(str(p) for p in files)))
    assert [e.error for e in rec.entries()] == ["no model loaded"] * 2
    assert rec.of("returned") == [(1, BatchResult(2, 2))]


def test_a_paste_that_is_not_an_image_is_reported_on_its_entry(qapp, gui):
    worker, rec = _worker(factory=lambda path, device: gui.GatedClassifier(free=10))
    worker.run(1, LoadModel("any.safetensors", "cpu"))
    worker.run(2, ClassifyImage(b"not an image at all", "clipboard image"))
    (job_id, (item,)), = rec.of("yielded")
    entry = item.entry
    assert job_id == 2 and not entry.ok and not entry.is_file and item.preview.isNull()
    assert entry.source == "clipboard image" and "not" in entry.error and "image" in entry.error
    assert rec.of("returned")[-1] == (2, BatchResult(1, 1)) and rec.of("errored") == []


def test_a_paste_that_breaks_the_worker_is_reported(qapp, monkeypatch, gui):
    import app.jobs

    def broken(image):
        raise RuntimeError("clipboard gone")

    monkeypatch.setattr(app.jobs, "qimage_to_pil", broken)
    worker, rec = _worker(factory=lambda path, device: gui.GatedClassifier(free=10))
    worker.run(1, LoadModel("any.safetensors", "cpu"))
    worker.run(3, ClassifyImage(_image(), "clipboard image"))
    # Decoding happens inside the per-image guard: the entry carries the reason.
    assert [e.error for e in rec.entries()] == ["RuntimeError: clipboard gone"]
    assert rec.of("finished")[-1] == (3, False)


def test_a_preview_of_a_vanished_file_comes_back_empty(qapp, gui, tmp_path):
    (path,) = gui.write_images(tmp_path, 1)
    worker, rec = _worker()
    worker.run(5, LoadPreview(str(path)))
    path.unlink()
    worker.run(6, LoadPreview(str(path)))
    (key_ok, ok), (key_gone, gone) = rec.of("returned")
    assert (key_ok, key_gone) == (5, 6) and not ok.isNull() and gone.isNull()


def test_load_errors_name_the_file_and_keep_the_previous_model(qapp, gui, tmp_path):
    from model.checkpoints.checkpoint import CheckpointError

    good = gui.GatedClassifier(free=10)
    errors = {"corrupt.pth": CheckpointError("corrupt.pth", "not a checkpoint: random bytes"),
              "nodevice.pth": ValueError("CUDA was asked for but is not available"),
              "odd.pth": ZeroDivisionError("division by zero")}

    def factory(path, device):
        if path.name in errors:
            raise errors[path.name]
        return good

    worker, rec = _worker(factory=factory)
    worker.run(1, LoadModel("good.safetensors", "cpu"))
    for i, name in enumerate(errors, start=2):
        worker.run(i, LoadModel(name, "cpu"))
    assert [job_id for job_id, _ in rec.of("returned")] == [1]
    assert rec.of("errored") == [
        (2, "corrupt.pth: not a checkpoint: random bytes"),
        (3, "nodevice.pth: CUDA was asked for but is not available"),
        (4, "odd.pth: unexpected error (ZeroDivisionError: division by zero)")]
    files = gui.write_images(tmp_path / "imgs", 1)
    worker.run(5, ClassifyPaths((str(files[0]),)))
    assert [e.ok for e in rec.entries()] == [True]  # the good model still answers


def test_feature_maps_and_architecture_need_a_model(qapp):
    from app.jobs import ComputeFeatureMaps, DescribeArchitecture

    worker, rec = _worker()
    worker.run(1, ComputeFeatureMaps(_image()))
    worker.run(2, DescribeArchitecture())
    assert [k for k, _ in rec.of("errored")] == [1, 2]
    assert all("no model loaded" in e for _, e in rec.of("errored"))


def test_feature_maps_come_back_as_grayscale_tiles(qapp, gui, random_checkpoint):
    from PyQt5.QtGui import QImage

    from app.jobs import ComputeFeatureMaps, DescribeArchitecture, FeatureMapSet

    worker, rec = _worker()
    worker.run(1, LoadModel(str(random_checkpoint), "cpu"))
    worker.run(2, ComputeFeatureMaps(_image()))
    worker.run(3, DescribeArchitecture())
    assert rec.of("errored") == []
    (_, result), = [r for r in rec.of("returned") if r[0] == 2]
    assert isinstance(result, FeatureMapSet)
    assert [s.place for s in result.stages] == ["stem", "layer1", "layer2", "layer3", "layer4"]
    deepest = result.stages[-1]
    assert deepest.shape == (512, 4, 4) and len(deepest.channels) == len(deepest.tiles) == 16
    assert {t.format() for s in result.stages for t in s.tiles} == {QImage.Format_Grayscale8}
    assert (deepest.tiles[0].width(), deepest.tiles[0].height()) == (4, 4)
    (_, summary), = [r for r in rec.of("returned") if r[0] == 3]
    assert summary.layer_sum == "1 + 16 + 1 = 18"


def test_outdated_feature_map_requests_are_skipped(qapp):
    from app.jobs import ComputeFeatureMaps

    worker, rec = _worker()
    worker.tokens["features"].cancel_through(4)
    worker.run(3, ComputeFeatureMaps(_image()))
    assert rec.calls == [("finished", (3, True))]


def test_a_classified_file_carries_its_prediction(qapp, gui, tmp_path, random_checkpoint):
    import time

    from PyQt5.QtGui import QImage

    from app.classify_steps import PREVIEW_MAX, THUMBNAIL_MAX
    from model.inference.classifier import Classifier

    (path,) = gui.write_images(tmp_path, 1, size=(1500, 900))
    worker, rec = _worker()
    worker.run(1, LoadModel(str(random_checkpoint), "cpu"))
    start = time.perf_counter()
    worker.run(2, ClassifyPaths((str(path),)))
    took = time.perf_counter() - start
    [(item,)] = [chunk for _, chunk in rec.of("yielded")]
    entry, expected = item.entry, Classifier.from_checkpoint(random_checkpoint, "cpu").predict(
        path)
    assert entry.ok and entry.is_file and entry.source == str(path)
    assert entry.model == str(random_checkpoint)
    assert entry.labels == expected.labels[:5] and len(entry.labels) == 5
    assert all(isinstance(p, float) for p in entry.probabilities)
    assert entry.probabilities == pytest.approx(expected.probabilities[:5], abs=1e-5)
    assert entry.not_sure is expected.not_sure and entry.not_sure_reasons == \
        tuple(expected.not_sure_reasons)
    assert 0 < entry.seconds <= took  # decoding plus the network, not more than the job took
    assert max(entry.thumbnail.width(), entry.thumbnail.height()) == THUMBNAIL_MAX
    assert (entry.input_image.width(), entry.input_image.height()) == (32, 32)
    assert max(item.preview.width(), item.preview.height()) == PREVIEW_MAX
    assert isinstance(item.preview, QImage)


def test_a_paste_without_a_model_is_not_a_file(qapp):
    worker, rec = _worker()
    worker.run(1, ClassifyImage(_image(), "clipboard image"))
    [(item,)] = [chunk for _, chunk in rec.of("yielded")]
    assert item.entry.source == "clipboard image" and not item.entry.is_file
    assert item.entry.error == "no model loaded" and item.preview.isNull()


def test_attention_overlay_is_the_maps_colours_at_the_inputs_size(qapp, random_checkpoint):
    import numpy as np
    from PyQt5.QtGui import QImage

    from app.jobs import AttentionOverlay
    from app.qimages import qimage_to_array
    from model.inference.classifier import Classifier
    from model.inference.gradcam import heat_to_rgba

    image = _image()
    image.fill(0x806040)
    worker, rec = _worker()
    worker.run(1, LoadModel(str(random_checkpoint), "cpu"))
    worker.run(2, ComputeAttention(image, "cat"))
    assert rec.of("errored") == []
    (_, result), = [r for r in rec.of("returned") if r[0] == 2]
    assert isinstance(result, AttentionOverlay) and result.layer == "layer4 (4×4)"
    overlay = result.overlay
    assert (overlay.width(), overlay.height(), overlay.format()) == \
        (32, 32, QImage.Format_RGBA8888)
    amap = Classifier.from_checkpoint(random_checkpoint, "cpu").attention(
        qimage_to_array(image), "cat")
    bits = overlay.constBits()
    bits.setsize(overlay.sizeInBytes())
    got = np.frombuffer(bytes(bits), np.uint8).reshape(32, 32, 4)
    np.testing.assert_allclose(got.astype(int), heat_to_rgba(amap.upsampled()).astype(int),
                               atol=1)


def test_a_load_reports_the_model_it_loaded(qapp, gui):
    asked = []
    double = gui.GatedClassifier(free=10)

    def factory(path, device):
        asked.append((path.name, device))
        return double

    worker, rec = _worker(factory=factory)
    worker.run(1, LoadModel("dir/mine.safetensors", "cpu"))
    assert asked == [("mine.safetensors", "cpu")]
    assert rec.of("started") == [(1, "dir/mine.safetensors")]
    (_, summary), = rec.of("returned")
    assert summary.path == "dir/mine.safetensors" == worker.model_path  # the double has no path
    assert summary.display_name == "gated test double" and summary.device == "cpu"
    assert summary.info == {"display_name": "gated test double", "test_accuracy": None,
                            "input_size": 32}


def test_a_batch_says_how_many_files_and_decodes_in_draft_mode(qapp, gui, tmp_path,
                                                                monkeypatch):
    import model.data.images as images

    from app.classify_steps import DRAFT_SIZE, THUMBNAIL_MAX

    files = gui.write_images(tmp_path / "imgs", 3)
    drafts = []
    real = images.open_image

    def spy(src, **kwargs):
        drafts.append(kwargs.get("draft_size"))
        return real(src, **kwargs)

    monkeypatch.setattr(images, "open_image", spy)
    worker, rec = _worker(factory=lambda path, device: gui.GatedClassifier(free=10))
    worker.run(1, LoadModel("any.safetensors", "cpu"))
    worker.run(2, ClassifyPaths((str(tmp_path / "imgs"),), decode_threads=0))
    # The first chunk (one file) is decoded at preview size; the second (two files) at the
    # thumbnail's size (the double's 32-px input is smaller), then its last file, which the
    # window shows, again at preview size.
    assert (2, 3) in rec.of("started")
    assert drafts == [DRAFT_SIZE, THUMBNAIL_MAX, THUMBNAIL_MAX, DRAFT_SIZE]
    chunks = [chunk for _, chunk in rec.of("yielded")]
    assert [len(c) for c in chunks] == [1, 2]
    assert [c.preview.isNull() for c in chunks[1]] == [True, False]
    # Decoded ahead by two threads: every file after the first small, and the chunk's last
    # again for its preview (the decoder threads' order is theirs, so only the counts count).
    # (Whatever their decoding time: these files decode faster than DECODE_AHEAD_ABOVE.)
    # The first file is decoded by the worker as before.
    import model.inference.decode_ahead as decode_ahead

    monkeypatch.setattr(decode_ahead, "DECODE_AHEAD_ABOVE", 0.0)
    drafts.clear()
    worker.run(4, ClassifyPaths((str(tmp_path / "imgs"),), decode_threads=2))
    assert sorted(drafts) == sorted([THUMBNAIL_MAX] * 2 + [DRAFT_SIZE] * 2)
    ahead = [chunk for _, chunk in rec.of("yielded")][2:]
    assert [len(c) for c in ahead] == [1, 2]
    assert [c.entry.source for c in ahead[0] + ahead[1]] == [
        c.entry.source for c in chunks[0] + chunks[1]]
    assert [c.preview.isNull() for c in ahead[0] + ahead[1]] == [False, True, False]
    assert not [t for t in threading.enumerate() if t.name.startswith("decode")]
    worker.run(3, LoadPreview(str(files[0])))
    assert drafts[-1] == DRAFT_SIZE
    worker.tokens["batch"].cancel_through(5)
    worker.run(5, ClassifyPaths((str(tmp_path / "imgs"),)))  # cancelled before it starts
    assert rec.of("finished")[-1] == (5, True)


def test_a_walk_cancelled_before_counting_counts_nothing(qapp, gui, tmp_path, monkeypatch):
    import model.data.images as images

    gui.write_images(tmp_path / "imgs", 3)
    worker, rec = _worker(factory=lambda path, device: gui.GatedClassifier(free=10))
    worker.run(1, LoadModel("any.safetensors", "cpu"))
    walk = images.walk_images

    def cancel_during_walk(paths, cancelled):
        yield from walk(paths, cancelled)
        worker.tokens["batch"].cancel_through(2)  # Cancel pressed while the folder was walked

    monkeypatch.setattr(images, "walk_images", cancel_during_walk)
    worker.run(2, ClassifyPaths((str(tmp_path / "imgs"),)))
    assert rec.of("returned")[-1] == (2, BatchResult(0, 0)) and not rec.of("yielded")
    assert [k for k, _ in rec.of("started")] == [1]  # the load only: no count was announced


def test_the_host_gives_its_worker_the_factory_and_devices(qapp):
    from app.worker import WorkerHost

    factory, devices = (lambda path, device: None), (lambda: ["cpu"])
    host = WorkerHost(factory, devices)
    assert host.worker.factory is factory and host.worker.devices is devices
    assert host.thread.objectName() == "inference-worker" and host.last_request_id == 0
    assert host.worker.thread() is host.thread
    assert host.submit(ProbeDevices()) == 1


def test_the_app_runs_onnx_runtime_without_spinning_threads(random_checkpoint) -> None:
    """The GUI thread gets a core when it wakes: the worker's ONNX Runtime threads sleep
    between parallel sections instead of spinning (a thread per core, ORT's default)."""
    from app.worker import (
        APP_INFERENCE_SPINNING,
        APP_INFERENCE_THREADS,
        default_classifier_factory,
    )
    from model.inference.onnx_session import onnxruntime_available

    classifier = default_classifier_factory(random_checkpoint, "cpu")
    assert APP_INFERENCE_THREADS is None and APP_INFERENCE_SPINNING is False
    if onnxruntime_available():
        options = classifier.engine.session.get_session_options()
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
        assert options.intra_op_num_threads == 0  # 0: ORT's default, a thread per core
    else:  # the torch engine runs single images on one thread already
        assert classifier.engine.single_image_threads == 1
