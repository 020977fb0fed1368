"""A dropped folder's files in chunks (app/classify_steps.py): sizes, order, one bad file,
cancel mid-chunk. Run directly in a worker (no thread), with the gated test double."""

from __future__ import annotations

import pytest

import app.classify_steps as steps
from app.jobs import BatchResult, ClassifyPaths, LoadModel


def _run(gui, paths, classifier=None, token_cancels=None):
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
    worker.run(2, ClassifyPaths(tuple(str(p) for p in paths)))
    return chunks, returned[-1], finished[-1]


def test_chunks_double_up_to_the_cap_and_keep_the_order(qapp, gui, tmp_path, monkeypatch):
    monkeypatch.setattr(steps, "CHUNK_DECODE_S", 1e9)  # the size rule alone
    files = sorted(gui.write_images(tmp_path, 70))
    chunks, result, cancelled = _run(gui, files)
    assert [len(c) for c in chunks] == [1, 2, 4, 8, 16, 32, 7]
    assert [item.entry.source for c in chunks for item in c] == [str(p) for p in files]
    assert result == BatchResult(70, 70) and not cancelled
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


@pytest.mark.parametrize("size", [1, 3])
def test_without_a_model_each_file_of_a_chunk_says_so(qapp, size, tmp_path):
    class NoModel:
        classifier = None
        model_path = ""

    paths = [str(tmp_path / f"{i}.png") for i in range(size)]
    out = steps.classify_chunk(NoModel(), paths, lambda: False)
    assert [c.entry.source for c in out] == paths
    assert [c.entry.error for c in out] == ["no model loaded"] * size
