"""The inference worker on its own: errors and skipped requests come back as signals."""

from __future__ import annotations


def test_attention_failure_is_reported_not_raised(qtbot):
    from PyQt5.QtGui import QImage

    from app.worker import CancelToken, InferenceWorker

    worker = InferenceWorker(CancelToken())  # no model loaded yet
    image = QImage(32, 32, QImage.Format_RGB888)
    image.fill(0)
    with qtbot.waitSignal(worker.attention_ready) as blocker:
        worker.compute_attention(7, image, "cat")
    key, overlay, layer, error = blocker.args
    assert key == 7 and overlay.isNull() and layer == "" and "no model loaded" in error


def test_outdated_attention_requests_are_skipped(qtbot):
    from PyQt5.QtGui import QImage

    from app.worker import CancelToken, InferenceWorker

    newest_only = CancelToken()
    worker = InferenceWorker(CancelToken(), attention_cancel=newest_only)
    newest_only.cancel_through(4)  # what WorkerHost does when it sends request 5
    with qtbot.waitSignal(worker.attention_ready) as blocker:
        worker.compute_attention(3, QImage(32, 32, QImage.Format_RGB888), "cat")
    key, overlay, layer, error = blocker.args
    assert key == 3 and overlay.isNull() and error == ""  # skipped, not failed


# ---- error paths: every failure comes back as a signal that says what and why ---------------

class Recorder:
    """Every emission of the worker's signals, in order, as (signal name, args)."""

    NAMES = ("model_loading", "model_loaded", "model_failed", "devices_found", "batch_started",
             "item_done", "batch_finished", "preview_ready", "failed")

    def __init__(self, worker) -> None:
        self.calls: list[tuple[str, tuple]] = []
        for name in self.NAMES:
            getattr(worker, name).connect(lambda *args, n=name: self.calls.append((n, args)))

    def of(self, name: str) -> list[tuple]:
        return [args for n, args in self.calls if n == name]


class FlakyClassifier:
    """The gated double's answers, but ``predict_image`` raises ``error`` for chosen sources."""

    def __init__(self, gui, fail_on: set[str], error: Exception) -> None:
        self._inner = gui.GatedClassifier(free=10**6)
        self.info, self.device, self.path = self._inner.info, "cpu", None
        self._fail_on, self._error = fail_on, error

    def predict_image(self, img, source: str, k: int = 5):
        if source in self._fail_on:
            raise self._error
        return self._inner.predict_image(img, source, k)


def _worker(factory=None, devices=None):
    from app.worker import CancelToken, InferenceWorker

    worker = InferenceWorker(CancelToken(), classifier_factory=factory, devices=devices)
    return worker, Recorder(worker)


def test_a_failed_device_probe_falls_back_to_the_cpu(qapp):
    def broken_probe():
        raise OSError("libcuda.so: cannot open shared object file")

    worker, rec = _worker(devices=broken_probe)
    worker.probe_devices()
    assert rec.of("devices_found") == [(["cpu"],)]
    (message,), = rec.of("failed")
    assert message == "Could not look for GPUs: libcuda.so: cannot open shared object file"


def test_one_image_that_fails_oddly_does_not_end_the_batch(qapp, gui, tmp_path):
    files = gui.write_images(tmp_path / "imgs", 3)
    bad = str(sorted(files)[1])
    classifier = FlakyClassifier(gui, {bad}, KeyError("odd"))
    worker, rec = _worker(factory=lambda path, device: classifier)
    worker.load_model("any.safetensors", "cpu")
    worker.classify_paths(1, [str(tmp_path / "imgs")], 0)
    entries = [args[1] for args in rec.of("item_done")]
    assert [e.source for e in entries] == [str(p) for p in sorted(files)]
    assert [e.ok for e in entries] == [True, False, True]
    assert entries[1].error == "KeyError: 'odd'"
    assert rec.of("batch_finished") == [(1, 3, 3, False)]
    assert rec.of("failed") == []  # reported on that image, not as a broken batch


def test_a_broken_walk_ends_the_batch_with_a_message(qapp, monkeypatch, gui, tmp_path):
    import app.worker

    def broken_walk(paths, cancelled):
        yield from ()
        raise MemoryError("walk")

    monkeypatch.setattr(app.worker, "walk_images", broken_walk)
    worker, rec = _worker(factory=lambda path, device: gui.GatedClassifier(free=10))
    worker.classify_paths(4, [str(tmp_path)], 0)
    assert rec.of("failed") == [("The batch stopped: MemoryError: walk",)]
    assert rec.of("batch_finished") == [(4, 0, 0, False)]  # the GUI always hears the end


def test_without_a_model_every_image_says_so(qapp, gui, tmp_path):
    files = gui.write_images(tmp_path / "imgs", 2)
    worker, rec = _worker()
    worker.classify_paths(1, [str(p) for p in files], 0)
    assert [args[1].error for args in rec.of("item_done")] == ["no model loaded"] * 2
    assert rec.of("batch_finished") == [(1, 2, 2, False)]


def test_a_paste_that_is_not_an_image_is_reported_on_its_entry(qapp, gui):
    worker, rec = _worker(factory=lambda path, device: gui.GatedClassifier(free=10))
    worker.load_model("any.safetensors", "cpu")
    worker.classify_image(2, b"not an image at all", "clipboard image")
    (request_id, entry, preview), = rec.of("item_done")
    assert request_id == 2 and not entry.ok and not entry.is_file and preview.isNull()
    assert entry.source == "clipboard image" and "not" in entry.error and "image" in entry.error
    assert rec.of("batch_finished") == [(2, 1, 1, False)] and rec.of("failed") == []


def test_a_paste_that_breaks_the_worker_is_reported(qapp, monkeypatch, gui):
    from PyQt5.QtGui import QImage

    import app.worker

    def broken(image):
        raise RuntimeError("clipboard gone")

    monkeypatch.setattr(app.worker, "qimage_to_pil", broken)
    worker, rec = _worker(factory=lambda path, device: gui.GatedClassifier(free=10))
    worker.load_model("any.safetensors", "cpu")
    image = QImage(8, 8, QImage.Format_RGB888)
    image.fill(0)
    worker.classify_image(3, image, "clipboard image")
    # Decoding happens inside the per-image guard: the entry carries the reason.
    (_, entry, _), = rec.of("item_done")
    assert entry.error == "RuntimeError: clipboard gone"
    assert rec.of("batch_finished") == [(3, 1, 1, False)]


def test_a_preview_of_a_vanished_file_comes_back_empty(qapp, gui, tmp_path):
    (path,) = gui.write_images(tmp_path, 1)
    worker, rec = _worker()
    worker.load_preview(5, str(path))
    path.unlink()
    worker.load_preview(6, str(path))
    (key_ok, ok), (key_gone, gone) = rec.of("preview_ready")
    assert (key_ok, key_gone) == (5, 6) and not ok.isNull() and gone.isNull()


def test_load_errors_name_the_file_and_keep_the_previous_model(qapp, gui, tmp_path):
    from model.checkpoint import CheckpointError

    good = gui.GatedClassifier(free=10)
    errors = {"corrupt.pth": CheckpointError("corrupt.pth", "not a checkpoint: random bytes"),
              "nodevice.pth": ValueError("CUDA was asked for but is not available"),
              "odd.pth": ZeroDivisionError("division by zero")}

    def factory(path, device):
        if path.name in errors:
            raise errors[path.name]
        return good

    worker, rec = _worker(factory=factory)
    worker.load_model("good.safetensors", "cpu")
    for name in errors:
        worker.load_model(name, "cpu")
    assert len(rec.of("model_loaded")) == 1
    assert rec.of("model_failed") == [
        ("corrupt.pth", "corrupt.pth: not a checkpoint: random bytes"),
        ("nodevice.pth", "nodevice.pth: CUDA was asked for but is not available"),
        ("odd.pth", "odd.pth: unexpected error (ZeroDivisionError: division by zero)")]
    files = gui.write_images(tmp_path / "imgs", 1)
    worker.classify_paths(1, [str(files[0])], 0)
    assert [args[1].ok for args in rec.of("item_done")] == [True]  # the good model still answers
