"""Classifier: predictions, calibration and the not-sure checks, batches with bad files, devices
(the engines themselves: test_engines.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

import model.inference.classifier as inference
from model.checkpoints.checkpoint import (
    CheckpointError,
    CheckpointInfo,
    load_checkpoint,
    save_checkpoint,
    update_metadata,
)
from model.data.images import ImageError
from model.inference.classifier import Classifier, Prediction
from model.inference.confidence import MIN_PROBABILITY, Confidence, energy_score
from model.inference.engines import onnxruntime_available
from model.inference.reasons import NOT_PHOTO_LIKE, UNFAMILIAR
from model.network.devices import available_devices, resolve_device

needs_ort = pytest.mark.skipif(not onnxruntime_available(), reason="onnxruntime not installed")


def normalise(pixels: np.ndarray, info: CheckpointInfo) -> torch.Tensor:
    x = (pixels.astype(np.float32) / 255.0 - np.float32(info.mean)) / np.float32(info.std)
    return torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()


@pytest.fixture(scope="module")
def classifier(random_checkpoint: Path) -> Classifier:
    return Classifier.from_checkpoint(random_checkpoint, device="cpu", backend="torch")


@pytest.fixture()
def image_files(tmp_path: Path) -> list[Path]:
    rng = np.random.default_rng(3)
    paths = []
    for i, size in enumerate([(32, 32), (64, 48), (17, 90)]):
        path = tmp_path / f"img{i}.png"
        Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)).save(path)
        paths.append(path)
    return paths


# Probabilities of one image from two computation paths (plain model vs engine, torch vs ONNX
# Runtime, a batch vs one image on another thread count) differ by float32 rounding: up to
# ~5e-8 here, and a few times that with other CPUs' kernels. 1e-5 leaves a wide margin and still
# catches real differences (a wrong class name, order, temperature or preprocessing moves them
# by 1e-3 or more).
PROB_ATOL = 1e-5


def assert_same_ranking(pred: Prediction, reference: dict[str, float],
                        atol: float = PROB_ATOL) -> None:
    """``pred`` is the top-k of ``reference`` (every class's probability, computed another way)
    up to float error: each listed probability matches within ``atol``, most likely first, and
    no class left out is clearly above the last one listed.

    Not ``pred.labels == reference's order``: an untrained network's outputs are nearly flat,
    two classes can be within float error of each other (1.7e-5 apart for one test image), and
    then which comes first is decided by the CPU's rounding, not by the code under test. Such a
    pair may come in either order; classes further apart than ``2 * atol`` may not.
    """
    got = dict(zip(pred.labels, pred.probabilities))
    assert len(got) == len(pred.labels), "a class is listed twice"
    for label, p in got.items():
        assert abs(p - reference[label]) <= atol, (label, p, reference[label])
    assert list(pred.probabilities) == sorted(pred.probabilities, reverse=True)
    last = min(reference[label] for label in got)
    left_out = {label: p for label, p in reference.items() if label not in got}
    assert all(p <= last + 2 * atol for p in left_out.values()), (pred.labels, left_out)


@needs_ort
def test_backends_give_the_same_predictions(classifier: Classifier, random_checkpoint: Path,
                                            image_files: list[Path]) -> None:
    ort = Classifier.from_checkpoint(random_checkpoint, "cpu", backend="onnxruntime")
    assert (classifier.backend, ort.backend) == ("torch", "onnxruntime")
    for path in image_files:
        a, b = classifier.predict(path, k=10), ort.predict(path, k=10)
        assert set(a.labels) == set(b.labels) == set(classifier.info.class_names)
        assert_same_ranking(a, dict(zip(b.labels, b.probabilities)))


# --------------------------------------------------------------------------------------------
# Predictions


def test_predict_file_matches_plain_model(classifier: Classifier, random_checkpoint: Path,
                                          image_files: list[Path]) -> None:
    plain, info = load_checkpoint(random_checkpoint)
    pred = classifier.predict(image_files[1])
    assert isinstance(pred, Prediction)
    assert pred.source == str(image_files[1])
    assert len(pred.labels) == len(pred.probabilities) == 5
    assert list(pred.probabilities) == sorted(pred.probabilities, reverse=True)
    assert pred.top_label == pred.labels[0] and pred.top_probability == pred.probabilities[0]
    assert pred.input_image.shape == (32, 32, 3) and pred.input_image.dtype == np.uint8
    assert pred.seconds > 0
    with torch.no_grad():
        probs = torch.softmax(plain(normalise(pred.input_image[None], info)), 1)[0].numpy()
    assert_same_ranking(pred, dict(zip(info.class_names, probs.tolist())))


@pytest.mark.parametrize("backend", ["torch", "onnxruntime"])
def test_exact_ties_keep_class_order(random_checkpoint: Path, image_files: list[Path],
                                     tmp_path: Path, backend: str) -> None:
    """Classes with exactly equal scores are listed in class order. A zero classifier weight
    makes the logits exactly its bias, whatever the image and the CPU's rounding."""
    plain, info = load_checkpoint(random_checkpoint)
    with torch.no_grad():
        plain.fc.weight.zero_()
        plain.fc.bias.copy_(torch.tensor([0., 2, 1, 2, 0, 1, 2, 0, 0, 1]))
    ckpt = save_checkpoint(tmp_path / "ties.safetensors", plain, info)
    classifier = Classifier.from_checkpoint(ckpt, "cpu", backend=backend)
    names = info.class_names
    expected = [names[i] for i in (1, 3, 6, 2, 5, 9, 0, 4, 7, 8)]
    for pred in (classifier.predict(image_files[0], k=10),
                 *classifier.predict_many(image_files, k=10)):
        assert list(pred.labels) == expected


def test_all_k_probabilities_sum_to_one_and_k_is_checked(classifier: Classifier,
                                                         image_files: list[Path]) -> None:
    pred = classifier.predict(image_files[0], k=50)  # more than there are classes
    assert len(pred.labels) == 10 and set(pred.labels) == set(classifier.info.class_names)
    assert abs(sum(pred.probabilities) - 1.0) < 1e-6
    assert all(0.0 <= p <= 1.0 for p in pred.probabilities)
    assert len(classifier.predict(image_files[0], k=1).labels) == 1
    with pytest.raises(ValueError, match="k must be"):
        classifier.predict(image_files[0], k=0)


def test_predict_other_sources(classifier: Classifier, image_files: list[Path]) -> None:
    data = image_files[0].read_bytes()
    img = Image.open(image_files[0]).convert("RGB")
    from_path = classifier.predict(image_files[0])
    from_bytes = classifier.predict(data, source="clipboard image")
    from_image = classifier.predict_image(img, "pasted")
    from_array = classifier.predict(np.asarray(img))
    assert from_bytes.source == "clipboard image" and from_image.source == "pasted"
    for other in (from_bytes, from_image, from_array):
        assert other.labels == from_path.labels
        np.testing.assert_allclose(other.probabilities, from_path.probabilities, atol=1e-6)
    with pytest.raises(ImageError, match="clipboard image: empty"):
        classifier.predict(b"", source="clipboard image")


@pytest.mark.parametrize("decode_threads", [0, 2])  # decoded in this thread, or ahead by a pool
def test_predict_many_keeps_order_and_reports_errors(classifier: Classifier,
                                                     image_files: list[Path],
                                                     tmp_path: Path, decode_threads: int) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_text("not a jpeg")
    sources = [image_files[0], bad, image_files[1], tmp_path / "missing.png", image_files[2]]
    results = list(classifier.predict_many(sources, k=3, batch_size=2,
                                           decode_threads=decode_threads))
    assert [r.source for r in results] == [str(s) for s in sources]
    assert [type(r).__name__ for r in results] == [
        "Prediction", "ImageError", "Prediction", "ImageError", "Prediction"]
    assert "missing.png: file not found" in str(results[3])
    for src, r in zip(sources, results):
        if isinstance(r, Prediction):
            single = classifier.predict(src, k=10)  # every class: the reference ranking
            assert len(r.labels) == 3
            assert_same_ranking(r, dict(zip(single.labels, single.probabilities)))
            assert r.seconds > 0
    assert list(classifier.predict_many([])) == []
    with pytest.raises(ValueError, match="batch_size"):
        list(classifier.predict_many(sources, batch_size=0))


def test_classifier_keeps_the_plain_model(classifier: Classifier) -> None:
    assert isinstance(classifier.model, nn.Module) and not classifier.model.training
    assert any(isinstance(m, nn.BatchNorm2d) for m in classifier.model.modules())
    assert classifier.device == "cpu"  # a name: the light path has no torch to make a device
    assert classifier.info.num_classes == 10 and classifier.path is not None


def test_missing_bundled_checkpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inference, "bundled_checkpoint", lambda: tmp_path / "gone.safetensors")
    with pytest.raises(CheckpointError, match="gone.safetensors: the bundled checkpoint"):
        Classifier.from_checkpoint(None, device="cpu")


# --------------------------------------------------------------------------------------------
# Calibration and the not-sure flag


def calibrated_copy(src: Path, dest: Path, calibration: dict) -> Path:
    shutil.copy(src, dest)
    update_metadata(dest, extra={"calibration": calibration})
    return dest


def test_source_size_is_the_path_every_input_takes(random_checkpoint: Path,
                                                   tmp_path: Path) -> None:
    """A checkpoint trained on enlarged 32-px images: files, decoded images and batches are all
    reduced to 32 px before being enlarged to the network's 64."""
    from model.data.images import to_network_input

    ckpt = tmp_path / "enlarged.safetensors"
    shutil.copy(random_checkpoint, ckpt)
    update_metadata(ckpt, input_size=64, source_size=32)
    classifier = Classifier.from_checkpoint(ckpt, "cpu", backend="torch")
    checker = (np.indices((64, 64)).sum(axis=0) % 2 * 255).astype(np.uint8)
    img = Image.fromarray(checker).convert("RGB")
    img.save(tmp_path / "checker.png")
    expected = to_network_input(img, 64, 32)
    assert not np.array_equal(expected, np.asarray(img))  # the path makes a difference here
    for pred in (classifier.predict(tmp_path / "checker.png"),
                 classifier.predict_image(img, "checker"),
                 next(iter(classifier.predict_many([tmp_path / "checker.png"])))):
        assert np.array_equal(pred.input_image, expected)


def test_an_overflowing_network_fails_the_image_not_with_nan(random_checkpoint: Path,
                                                             image_files: list[Path],
                                                             tmp_path: Path) -> None:
    """Finite weights whose output overflows float32: every path reports the image as failed
    with the reason, and no probability is ever NaN."""
    plain, info = load_checkpoint(random_checkpoint)
    with torch.no_grad():
        plain.fc.weight.fill_(1e37)  # finite, so the file loads; 512 such products overflow
    ckpt = tmp_path / "overflow.safetensors"
    # Calibrated, so that the not-sure checks (run on the rows that are left: none) are on too.
    info.extra = {**info.extra, "calibration": {"temperature": 0.9, "energy_threshold": -2.0,
                                                 "min_contrast": 3.0, "min_correlation": 0.5}}
    save_checkpoint(ckpt, plain, info)
    for backend in ("torch", "onnxruntime"):
        classifier = Classifier.from_checkpoint(ckpt, "cpu", backend=backend)
        with pytest.raises(ImageError, match="img0.png: the network's output .* not a finite"):
            classifier.predict(image_files[0])
        results = list(classifier.predict_many(image_files, batch_size=2))
        assert all(isinstance(r, ImageError) and "not a finite" in str(r) for r in results)


def test_uncalibrated_checkpoint_uses_temperature_one(classifier: Classifier) -> None:
    assert classifier.temperature == 1.0 and classifier.confidence == Confidence()


@pytest.mark.parametrize("temperature", [0.01, 3.0])
def test_calibrated_checkpoint_scales_logits_and_flags(random_checkpoint: Path,
                                                       image_files: list[Path], tmp_path: Path,
                                                       temperature: float) -> None:
    plain, info = load_checkpoint(random_checkpoint)
    pixels = np.stack([Classifier.from_checkpoint(random_checkpoint, "cpu", backend="torch")
                       .predict(p).input_image for p in image_files])
    with torch.no_grad():
        logits = plain(normalise(pixels, info)).double().numpy()
    # The threshold sits midway between the two highest energies of the three images, so
    # exactly one is above it, by a margin far wider than float32-vs-float64 differences
    # (~1e-6 here). A threshold placed *at* an image's energy would let the CPU's rounding decide.
    low, high = np.sort(energy_score(logits))[1:]
    assert high - low > 1e-3, "the images' energies are too close to test on either side"
    threshold = float((low + high) / 2)
    ckpt = calibrated_copy(random_checkpoint, tmp_path / "cal.safetensors",
                           {"temperature": temperature, "energy_threshold": threshold})
    classifier = Classifier.from_checkpoint(ckpt, "cpu", backend="torch")
    assert classifier.temperature == temperature
    rule = Confidence(temperature, threshold)
    expected = rule.reasons(logits)
    assert sum(UNFAMILIAR in r for r in expected) == 1
    # An untrained network's logits are nearly flat: at T = 3 every top class is under 50%;
    # at T = 0.01 they are sharpened to near certainty and only the energy can flag them.
    assert all(r for r in expected) == (temperature > 1)
    probs = rule.probabilities(logits)
    # The engine's float32 logits differ from these float64 ones by float32 rounding (~5e-7
    # here). softmax(z / T) magnifies a logit error d to at most 2 d / T in a probability, so at
    # T = 0.01 a fixed 1e-5 would leave only ~3x headroom (3.4e-6 seen here). Budget d = 5e-6
    # (ten times what is seen): 1e-5 / T, and never under the usual 1e-5.
    atol = PROB_ATOL * max(1.0, 1.0 / temperature)
    # No top probability within that of the 50% line, or the low-confidence verdict too would
    # be the CPU's rounding rather than the rule's (here they are 0.29 or more away).
    assert np.all(np.abs(probs.max(1) - MIN_PROBABILITY) > 10 * atol)
    many = list(classifier.predict_many(image_files, k=10, batch_size=2))
    for i, path in enumerate(image_files):
        img = Image.open(path).convert("RGB")
        for pred in (classifier.predict(path, k=10), classifier.predict_image(img, "x", k=10),
                     many[i]):
            assert pred.not_sure_reasons == expected[i]
            assert pred.not_sure == bool(expected[i])
            order = [info.class_names.index(label) for label in pred.labels]
            np.testing.assert_allclose(pred.probabilities, probs[i, order], atol=atol)


def test_blank_and_noise_images_are_not_photo_like(random_checkpoint: Path,
                                                   tmp_path: Path) -> None:
    ckpt = calibrated_copy(random_checkpoint, tmp_path / "img.safetensors",
                           {"temperature": 0.01, "min_contrast": 5.0, "min_correlation": 0.5})
    classifier = Classifier.from_checkpoint(ckpt, "cpu", backend="torch")
    blank = np.full((40, 40, 3), 128, np.uint8)
    noise = np.random.default_rng(0).integers(0, 256, (32, 32, 3), dtype=np.uint8)
    ramp = np.repeat(np.tile(np.arange(32, dtype=np.uint8) * 8, (32, 1))[..., None], 3, 2)
    assert NOT_PHOTO_LIKE in classifier.predict(blank).not_sure_reasons
    assert NOT_PHOTO_LIKE in classifier.predict_image(Image.fromarray(noise), "n").not_sure_reasons
    many = list(classifier.predict_many([blank, noise, ramp]))
    assert [NOT_PHOTO_LIKE in p.not_sure_reasons for p in many] == [True, True, False]


def test_unusable_calibration_is_a_checkpoint_error(random_checkpoint: Path,
                                                   tmp_path: Path) -> None:
    ckpt = calibrated_copy(random_checkpoint, tmp_path / "bad.safetensors", {"temperature": -1})
    with pytest.raises(CheckpointError, match="bad.safetensors: .*temperature"):
        Classifier.from_checkpoint(ckpt, "cpu", backend="torch")


# --------------------------------------------------------------------------------------------
# Devices


def test_devices() -> None:
    assert available_devices()[0] == "cpu"
    assert resolve_device("cpu") == torch.device("cpu")
    auto = resolve_device("auto")
    if torch.cuda.is_available():
        assert auto.type == "cuda"
    elif "mps" in available_devices():
        assert auto.type == "mps"
    else:
        assert auto == torch.device("cpu")
    with pytest.raises(ValueError, match="unknown device 'gpu0'"):
        resolve_device("gpu0")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_unavailable_cuda_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="CUDA is not available"):
        resolve_device("cuda:0")


def test_attention_explains_the_asked_class_on_the_untouched_model(
        classifier: Classifier, pixels: np.ndarray) -> None:
    from model.inference.gradcam import grad_cam_pixels

    threads = torch.get_num_threads()
    amap = classifier.attention(pixels[0], "cat")
    assert amap.class_index == classifier.info.class_names.index("cat")
    assert amap.layer == "layer4" and amap.heat.shape == (4, 4)  # CIFAR stem at 32 px
    expected = grad_cam_pixels(classifier.model, pixels[0], classifier.info.mean,
                               classifier.info.std, amap.class_index)
    # (one thread against the default two: float sums in another order)
    np.testing.assert_allclose(amap.heat, expected.heat, atol=1e-5)
    assert torch.get_num_threads() == threads  # the one-thread setting is undone
    with pytest.raises(ValueError, match="platypus"):
        classifier.attention(pixels[0], "platypus")
