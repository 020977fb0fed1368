"""A dropped folder's files in chunks (app/classify_steps.py): sizes, order, one bad file,
cancel mid-chunk. Run directly in a worker (no thread), with the gated test double."""

from __future__ import annotations

import pytest
from PyQt5.QtGui import QImage

import app.classify_steps as steps
import model.inference.decode_ahead as decode_ahead
from app.jobs import BatchResult, ClassifyPaths, LoadModel


def _run(gui, paths, classifier=None, token_cancels=None, decode_threads=0):
    from app.worker import InferenceWorker

    double = classifier or gui.GatedClassifier(free=10**6)
    worker = InferenceWorker(classifier_factory=lambda path, device: double)
    chunks, returned, finished = [], [], []
    worker.yielded.connect(lambda _id, chunk: chunks.append(chunk))
    worker.returned.connect(lambda _id, result: returned.append(result))
    worker.finished.connect(lambda _id, cancelled: finished.append(cancelled))
    worker.run(1, LoadModel("any.safetensors", "cpu"))
    if token_cancels is not None:
        token_cancels(worker.tokens["batch"])
    worker.run(2, ClassifyPaths(tuple(str(p) for p in paths), decode_threads=decode_threads))
    return chunks, returned[-1], finished[-1]


@pytest.mark.parametrize("decode_threads", [0, 2])  # decoded in the worker, or ahead
def test_chunks_double_up_to_the_cap_and_keep_the_order(qapp, gui, tmp_path, monkeypatch,
                                                        decode_threads):
    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 1e9)  # the size rule alone
    # decoded ahead whatever the files' decoding time
    monkeypatch.setattr(decode_ahead, "DECODE_AHEAD_ABOVE", 0.0)
    files = sorted(gui.write_images(tmp_path, 140))
    chunks, result, cancelled = _run(gui, files, decode_threads=decode_threads)
    assert [len(c) for c in chunks] == [1, 2, 4, 8, 16, 32, 64, 13]
    assert [item.entry.source for c in chunks for item in c] == [str(p) for p in files]
    assert result == BatchResult(140, 140) and not cancelled
    # Each chunk's last entry (what the window shows) comes with its big preview; the rest
    # are decoded again when selected.
    assert all(not c[-1].preview.isNull() for c in chunks)
    assert all(item.preview.isNull() for c in chunks for item in c[:-1])


def test_a_chunk_stops_when_its_decoding_has_taken_its_time(qapp, gui, tmp_path, monkeypatch):
    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 0.0)  # every decode is "too long"
    files = sorted(gui.write_images(tmp_path, 5))
    chunks, result, _ = _run(gui, files)
    assert [len(c) for c in chunks] == [1] * 5  # each chunk still takes one file
    assert result == BatchResult(5, 5)


def test_an_unreadable_file_mid_chunk_is_reported_alone(qapp, gui, tmp_path, monkeypatch):
    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 1e9)
    files = sorted(gui.write_images(tmp_path, 7))
    files[4].write_bytes(b"not an image")  # in the third chunk (files 3 to 6)
    chunks, result, _ = _run(gui, files)
    entries = [item.entry for c in chunks for item in c]
    assert [e.source for e in entries] == [str(p) for p in files]
    assert [e.ok for e in entries] == [True] * 4 + [False] + [True] * 2
    assert str(files[4]) not in entries[4].error and "image" in entries[4].error
    assert result == BatchResult(7, 7)


def test_an_odd_failure_of_a_chunks_pass_is_retried_image_by_image(qapp, gui, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 1e9)
    files = sorted(gui.write_images(tmp_path, 7))
    inner = gui.GatedClassifier(free=10**6)

    class OneBad:
        info, device, path = inner.info, "cpu", None

        def predict_images(self, images, k=5):
            if any(source == str(files[5]) for _, source in images):
                raise MemoryError("odd")
            return inner.predict_images(images, k)

        def predict_image(self, img, source, k=5):
            return self.predict_images([(img, source)], k)[0]

    chunks, result, _ = _run(gui, files, classifier=OneBad())
    entries = [item.entry for c in chunks for item in c]
    assert [e.ok for e in entries] == [True] * 5 + [False] + [True]
    assert entries[5].error == "MemoryError: odd"
    assert result == BatchResult(7, 7)


def test_cancel_mid_chunk_delivers_what_was_decoded_and_opens_nothing_after(
        qapp, gui, tmp_path, monkeypatch):
    import model.data.images as images

    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 1e9)
    files = sorted(gui.write_images(tmp_path, 12))
    opened: list[str] = []
    real = images.open_image
    tokens = []

    def spy(src, **kwargs):
        opened.append(str(src))
        if str(src) == str(files[4]) and len(tokens) == 1:  # the third chunk's second file
            tokens[0].cancel_through(2)
            tokens.append("cancelled")
        return real(src, **kwargs)

    monkeypatch.setattr(images, "open_image", spy)
    chunks, result, cancelled = _run(gui, files, token_cancels=tokens.append)
    assert [len(c) for c in chunks] == [1, 2, 2]
    assert [item.entry.source for c in chunks for item in c] == [str(p) for p in files[:5]]
    assert set(opened) == {str(p) for p in files[:5]}  # previews included: nothing later
    assert result == BatchResult(5, 12) and cancelled


def test_cancel_with_files_decoded_ahead_stops_the_decoder_threads(qapp, gui, tmp_path,
                                                                   monkeypatch):
    import threading

    import model.data.images as images

    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 1e9)
    monkeypatch.setattr(decode_ahead, "DECODE_AHEAD_ABOVE", 0.0)  # ahead, however fast
    files = sorted(gui.write_images(tmp_path, 300))
    tokens = []
    real = images.open_image

    def spy(src, **kwargs):
        if str(src) == str(files[20]) and len(tokens) == 1:  # opened by a decoder thread
            tokens[0].cancel_through(2)
            tokens.append("cancelled")
        return real(src, **kwargs)

    monkeypatch.setattr(images, "open_image", spy)
    chunks, result, cancelled = _run(gui, files, token_cancels=tokens.append, decode_threads=2)
    delivered = [item.entry.source for c in chunks for item in c]
    assert cancelled and 1 <= len(delivered) < 300
    assert delivered == [str(p) for p in files[:len(delivered)]]  # in order, nothing skipped
    assert result == BatchResult(len(delivered), 300)
    assert not [t for t in threading.enumerate() if t.name.startswith("decode")]


@pytest.mark.parametrize("size", [1, 3])
def test_without_a_model_each_file_of_a_chunk_says_so(qapp, size, tmp_path):
    class NoModel:
        classifier = None
        model_path = ""

    paths = [str(tmp_path / f"{i}.png") for i in range(size)]
    out = steps.classify_chunk(NoModel(), paths, lambda: False)
    assert [c.entry.source for c in out] == paths
    assert [c.entry.error for c in out] == ["no model loaded"] * size


class _NoRetry:
    """The gated double's answers for whole chunks; classifying one image alone is a defect
    here (a chunk that did not fail must not be done again image by image)."""

    def __init__(self, gui) -> None:
        self._inner = gui.GatedClassifier(free=10**6)
        self.info, self.device, self.path = self._inner.info, "cpu", None
        self.ks: list[int] = []

    def predict_images(self, images, k=5):
        self.ks.append(k)
        return self._inner.predict_images(images, k)

    def predict_image(self, img, source, k=5):
        raise AssertionError("a chunk was retried image by image")


def test_a_good_chunk_is_classified_once_with_the_top_five(qapp, gui, tmp_path, monkeypatch):
    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 1e9)
    files = sorted(gui.write_images(tmp_path, 7))
    double = _NoRetry(gui)
    chunks, result, _ = _run(gui, files, classifier=double)
    assert double.ks == [steps.TOP_K] * 3 and steps.TOP_K == 5
    assert all(item.entry.ok and len(item.entry.labels) == 5 for c in chunks for item in c)
    assert result == BatchResult(7, 7)


def test_error_entries_name_the_model_and_carry_no_preview(qapp, gui, tmp_path, monkeypatch):
    import model.data.images as images

    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 1e9)
    files = sorted(gui.write_images(tmp_path, 3))
    files[1].write_bytes(b"not an image")  # an ImageError, in the second chunk
    real = images.open_image

    def odd(src, **kwargs):  # a decoder failing in a way no one planned for
        if str(src) == str(files[2]):
            raise RuntimeError("decoder fell over")
        return real(src, **kwargs)

    monkeypatch.setattr(images, "open_image", odd)
    chunks, _, _ = _run(gui, files)
    items = [item for c in chunks for item in c]
    assert [i.entry.ok for i in items] == [True, False, False]
    assert items[2].entry.error == "RuntimeError: decoder fell over"
    assert all(i.entry.model == "any.safetensors" and i.entry.source == str(p)
               for i, p in zip(items, files))
    assert all(isinstance(i.preview, QImage) and i.preview.isNull() for i in items[1:])


def test_the_preview_goes_to_the_last_good_entry_of_a_chunk(qapp, gui, tmp_path, monkeypatch):
    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 1e9)
    files = sorted(gui.write_images(tmp_path, 3))
    files[2].write_bytes(b"not an image")  # the second chunk's last file fails
    chunks, _, _ = _run(gui, files)
    assert [len(c) for c in chunks] == [1, 2]
    good, bad = chunks[1]
    assert good.entry.ok and not good.preview.isNull() and bad.preview.isNull()


def test_a_pasted_image_carries_its_prediction(qapp, random_checkpoint):
    from app.jobs import ClassifyImage
    from app.qimages import qimage_to_array, qimage_to_pil
    from app.worker import InferenceWorker
    from model.inference.classifier import Classifier

    image = QImage(1200, 800, QImage.Format_RGB888)
    image.fill(0x3060A0)
    worker = InferenceWorker()
    chunks = []
    worker.yielded.connect(lambda _id, chunk: chunks.append(chunk))
    worker.run(1, LoadModel(str(random_checkpoint), "cpu"))
    worker.run(2, ClassifyImage(image, "clipboard image"))
    [(item,)] = chunks
    entry = item.entry
    expected = Classifier.from_checkpoint(random_checkpoint, "cpu").predict_image(
        qimage_to_pil(image), "clipboard image")
    assert entry.ok and not entry.is_file and entry.source == "clipboard image"
    assert entry.model == str(random_checkpoint) and entry.seconds > 0
    assert dict(zip(entry.labels, entry.probabilities)) == pytest.approx(
        dict(zip(expected.labels[:5], expected.probabilities[:5])), abs=1e-5)
    assert len(entry.labels) == 5
    assert entry.not_sure is expected.not_sure
    assert entry.not_sure_reasons == tuple(expected.not_sure_reasons)
    assert max(entry.thumbnail.width(), entry.thumbnail.height()) == steps.THUMBNAIL_MAX
    assert qimage_to_array(entry.input_image).shape == (32, 32, 3)
    assert max(item.preview.width(), item.preview.height()) == steps.PREVIEW_MAX


def test_a_paste_that_fails_keeps_the_model_and_is_not_a_file(qapp, gui, monkeypatch):
    from app.jobs import ClassifyImage
    from app.worker import InferenceWorker

    double = gui.GatedClassifier(free=10**6)

    def odd(img, source, k=5):
        raise OverflowError("odd")

    monkeypatch.setattr(double, "predict_image", odd)
    worker = InferenceWorker(classifier_factory=lambda path, device: double)
    chunks = []
    worker.yielded.connect(lambda _id, chunk: chunks.append(chunk))
    worker.run(1, LoadModel("m.safetensors", "cpu"))
    worker.run(2, ClassifyImage(b"not an image", "clipboard image"))
    image = QImage(8, 8, QImage.Format_RGB888)
    image.fill(0)
    worker.run(3, ClassifyImage(image, "clipboard image"))
    (bad,), (odd_one,) = chunks
    assert not bad.entry.ok and "image" in bad.entry.error and bad.entry.model == "m.safetensors"
    assert odd_one.entry.error == "OverflowError: odd" and odd_one.entry.model == "m.safetensors"
    for item in (bad, odd_one):
        assert not item.entry.is_file and isinstance(item.preview, QImage)
        assert item.preview.isNull()


def test_a_long_batch_freezes_its_results_out_of_the_collectors_scans(qapp, gui, tmp_path,
                                                                      monkeypatch):
    import gc

    import app.jobs as jobs

    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 1e9)
    monkeypatch.setattr(jobs, "SETTLE_EVERY", 10)
    settled_at = []
    monkeypatch.setattr(jobs, "settle_young_objects", lambda: settled_at.append(gc.get_count()))
    files = sorted(gui.write_images(tmp_path, 40))
    chunks, result, _ = _run(gui, files)
    # Once at the start; chunks of 1, 2, 4, 8, 16, 9: 15 done (>= 10 since 0), then 31 (16 since
    # 15), then 40 (9 since 31: none).
    assert [len(c) for c in chunks] == [1, 2, 4, 8, 16, 9]
    assert len(settled_at) == 3 and result == BatchResult(40, 40)


def test_settling_freezes_survivors():
    import gc

    from app.jobs import settle_young_objects

    before = gc.get_freeze_count()
    kept = [[i] for i in range(1000)]  # live, tracked objects
    try:
        settle_young_objects()
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()


def test_thumbnails_are_made_at_the_size_the_history_shows_them():
    # The GUI thread only centres a thumbnail on its square icon; one made larger would be
    # scaled again in the GUI thread for every row of a dropped folder.
    from app.history import ICON

    assert steps.THUMBNAIL_MAX == ICON
