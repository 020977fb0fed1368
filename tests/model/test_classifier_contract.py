"""Classifier promises that mutation testing found unstated (docs/testing.md): how files are
decoded, what a batch does after a bad file, how batches are cut, the time each prediction
reports, the detector in batches, and Grad-CAM's thread setting."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import model.inference.classifier as classifier_module
from model.data.images import ImageError
from model.inference.classifier import Classifier, Prediction


@pytest.fixture(scope="module")
def classifier(random_checkpoint: Path) -> Classifier:
    return Classifier.from_checkpoint(random_checkpoint, "cpu")


@pytest.fixture()
def files(tmp_path: Path) -> list[Path]:
    rng = np.random.default_rng(5)
    paths = []
    for i in range(10):
        path = tmp_path / f"f{i}.jpg"
        Image.fromarray(rng.integers(0, 256, (48, 40, 3), dtype=np.uint8)).save(path)
        paths.append(path)
    return paths


def _spy_open_image(monkeypatch) -> list[dict]:
    calls: list[dict] = []
    real = classifier_module.open_image

    def spy(src, **kwargs):
        calls.append(kwargs)
        return real(src, **kwargs)

    monkeypatch.setattr(classifier_module, "open_image", spy)
    return calls


def test_files_are_decoded_in_draft_mode_at_the_input_size(classifier, files, monkeypatch):
    # A JPEG is decoded at the smallest scale that still covers the network's input (Pillow's
    # draft mode): a 12-megapixel photo must not be decoded in full for a 32-pixel input.
    calls = _spy_open_image(monkeypatch)
    classifier.predict(files[0])
    list(classifier.predict_many(files[:2]))
    assert [c["draft_size"] for c in calls] == [classifier.info.input_size] * 3
    assert [c["source"] for c in calls] == [str(files[0]), str(files[0]), str(files[1])]


def test_a_bad_file_does_not_end_its_batch(classifier, files, tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not an image")
    results = list(classifier.predict_many([bad, *files[:3]], batch_size=8))
    assert isinstance(results[0], ImageError)
    assert [type(r) for r in results[1:]] == [Prediction] * 3


def test_batches_are_cut_at_batch_size(classifier, files, monkeypatch):
    sizes: list[int] = []
    run = classifier.engine.run

    def counting(x):
        sizes.append(len(x))
        return run(x)

    monkeypatch.setattr(classifier.engine, "run", counting)
    assert len(list(classifier.predict_many(files, batch_size=4))) == 10
    assert sizes == [4, 4, 2]
    sizes.clear()
    assert len(list(classifier.predict_many(files, batch_size=1))) == 10  # 1 is allowed
    assert sizes == [1] * 10
    sizes.clear()
    list(classifier.predict_many(files * 7))  # 70 images at the default batch size of 64
    assert sizes == [64, 6]


def test_reported_seconds_add_up_to_at_most_the_time_taken(classifier, files):
    # Each image's seconds are its own decoding plus its share of the batch's forward pass, so
    # over a batch they add up to no more than the whole call took (a consistency check, not a
    # speed assertion).
    start = time.perf_counter()
    results = list(classifier.predict_many(files, batch_size=10))
    whole = time.perf_counter() - start
    assert all(0 < r.seconds for r in results)
    assert sum(r.seconds for r in results) <= whole
    start = time.perf_counter()
    single = classifier.predict_image(Image.open(files[0]).convert("RGB"), "one")
    assert 0 < single.seconds <= time.perf_counter() - start
    start = time.perf_counter()
    single = classifier.predict(files[0])
    assert 0 < single.seconds <= time.perf_counter() - start


def test_predict_image_takes_any_mode_as_open_image_would(classifier):
    rgba = Image.new("RGBA", (40, 40), (255, 0, 0, 0))  # fully transparent red
    white = Image.new("RGB", (40, 40), (255, 255, 255))
    a = classifier.predict_image(rgba, "transparent.png", k=10)
    b = classifier.predict_image(white, "white.png", k=10)
    assert np.array_equal(a.input_image, b.input_image)  # composited on white
    assert a.labels == b.labels and a.source == "transparent.png"
    with pytest.raises(ImageError, match=r"^empty\.png: "):
        classifier.predict_image(Image.new("L", (0, 0)), "empty.png")


def test_predict_images_is_predict_image_in_one_pass(classifier, files):
    """The app's batches: decoded images in, one forward pass, each image's own answer (or
    its ImageError, in its place) out, in order."""
    decoded = [(Image.open(p).convert("RGB"), p.name) for p in files[:4]]
    decoded.insert(2, (Image.new("L", (0, 0)), "empty.png"))
    decoded.append((Image.new("RGBA", (40, 40), (255, 0, 0, 0)), "transparent.png"))
    runs = []
    real = classifier._run
    classifier._run = lambda pixels: runs.append(len(pixels)) or real(pixels)
    try:
        results = classifier.predict_images(decoded, k=10)
    finally:
        del classifier._run
    assert runs == [5]  # the empty one never reaches the network
    assert isinstance(results[2], ImageError) and results[2].source == "empty.png"
    for (img, source), got in zip(decoded, results):
        if source == "empty.png":
            continue
        alone = classifier.predict_image(img, source, k=10)
        # Compared class by class: a batch's float32 sums may differ from one image's in the
        # last bits, which could swap two near-equal classes in a ranking.
        assert got.source == source
        assert dict(zip(got.labels, got.probabilities)) == pytest.approx(
            dict(zip(alone.labels, alone.probabilities)), abs=1e-4)
        assert np.array_equal(got.input_image, alone.input_image)
    with pytest.raises(ValueError, match="k must be at least 1"):
        classifier.predict_images(decoded, k=0)
    assert classifier.predict_images([]) == []


def test_overflow_reason_is_worded_in_full(random_checkpoint, tmp_path):
    from model.checkpoints.checkpoint import load_checkpoint, save_checkpoint

    plain, info = load_checkpoint(random_checkpoint)
    with torch.no_grad():
        plain.fc.weight.fill_(1e37)
    path = tmp_path / "overflow.safetensors"
    save_checkpoint(path, plain, info)
    with pytest.raises(ImageError) as caught:
        Classifier.from_checkpoint(path, "cpu").predict(np.zeros((32, 32, 3), np.uint8))
    assert caught.value.reason == ("the network's output for this image is not a finite number "
                                   "(the checkpoint's weights overflow on it)")
    assert caught.value.kind == "not_finite"  # worded by the app in its language


def test_the_detector_judges_batches_as_it_judges_single_images(flagging_checkpoint, tmp_path):
    made = flagging_checkpoint()
    plain, known, stranger, near, far = made.plain, made.known, made.stranger, made.near, made.far
    flagging = Classifier.from_checkpoint(made.path, "cpu")
    images = tmp_path / "images"
    images.mkdir()
    for name, pixels in (("known", known), ("stranger", stranger)):
        Image.fromarray(pixels).save(images / f"{name}.png")
    batch = list(flagging.predict_many(sorted(images.iterdir())))
    assert ["unlike_training" in r.not_sure_reasons for r in batch] == [False, True]
    # The scores the rule thresholds, for measuring it (benchmarks/bench_not_sure.py).
    scores = flagging.outlier_scores(np.stack([known, stranger]))
    # Features from two graphs (the fixture's, made before the detector was stored, and this
    # one) agree to float32 rounding only, which depends on the CPU's kernels: 2.5e-6 apart on
    # an AMD EPYC for a distance of 0.14, where rtol 1e-5 failed every time. Distances lie in
    # [0, 2] and the threshold sits 0.07 from both, so 1e-4 still tells them apart.
    np.testing.assert_allclose(scores["detector"], [near, far], rtol=0, atol=1e-4)
    logits = flagging._run(np.stack([known, stranger]))[0]
    np.testing.assert_allclose(scores["energy"], -np.log(np.exp(logits).sum(axis=1)),
                               rtol=1e-9)
    assert set(plain.outlier_scores(known[None])) == {"energy"}  # no detector stored


def test_grad_cam_runs_on_one_thread_on_the_cpu(classifier, monkeypatch):
    import model.inference.gradcam as gradcam

    seen: list[int] = []
    real = gradcam.grad_cam_pixels

    def spy(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return real(*args, **kwargs)

    monkeypatch.setattr(gradcam, "grad_cam_pixels", spy)
    before = torch.get_num_threads()
    classifier.attention(np.zeros((32, 32, 3), np.uint8), classifier.info.class_names[3])
    classifier.feature_maps(np.zeros((32, 32, 3), np.uint8))
    assert seen == [1] and torch.get_num_threads() == before


def test_construction_defaults_and_what_is_kept(random_checkpoint):
    from model.checkpoints.checkpoint import load_checkpoint
    from model.inference.onnx_session import onnxruntime_available

    loaded = Classifier.from_checkpoint(random_checkpoint)  # device and backend "auto"
    assert loaded.path == random_checkpoint
    expected = "onnxruntime" if onnxruntime_available() else "torch"
    if loaded.device == "cpu":
        assert loaded.backend == expected
    model, info = load_checkpoint(random_checkpoint)
    direct = Classifier(model, info)  # no path: nothing is looked up on disk
    assert direct.path is None and direct.backend == loaded.backend
    with pytest.raises(ValueError, match="unknown device 'quantum'"):
        Classifier.from_checkpoint(random_checkpoint, device="quantum")


def test_unusable_calibration_without_a_path_says_checkpoint(random_checkpoint):
    import dataclasses

    from model.checkpoints.checkpoint import CheckpointError, load_checkpoint

    model, info = load_checkpoint(random_checkpoint)
    bad = dataclasses.replace(info, extra={**info.extra, "calibration": {"temperature": -1}})
    with pytest.raises(CheckpointError) as caught:
        Classifier(model, bad)
    assert str(caught.value).startswith("checkpoint: ")


def test_missing_bundled_checkpoint_says_what_to_do(tmp_path, monkeypatch):
    from model.checkpoints.checkpoint import CheckpointError

    monkeypatch.setattr(classifier_module, "bundled_checkpoint", lambda: tmp_path / "gone.st")
    with pytest.raises(CheckpointError) as caught:
        Classifier.from_checkpoint(None, device="cpu")
    assert str(caught.value) == (f"{tmp_path / 'gone.st'}: the bundled checkpoint is missing "
                                 "(train one, or pass a checkpoint file)")
