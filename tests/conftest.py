"""Fixtures shared by the model and app tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


def _randomise(net, seed: int = 0):
    """Random weights everywhere, BatchNorm statistics included (fresh ones are the identity,
    which would hide mistakes in how they are loaded or folded), at the scales of a trained
    network: conv and linear weights at He et al. (2015)'s std sqrt(2 / fan_in), BatchNorm
    scales in [0.5, 1), biases and running means N(0, 0.1), running variances in [0.5, 1.5).
    The logits are then O(1) and differ between inputs by tenths (tests/model/test_resnet.py
    checks), so a comparison at 1e-5 sees a zeroed convolution. Drawing every weight from
    N(0, 0.1) instead shrank each layer's output, and logits barely depended on the input."""
    import math

    import torch

    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in net.state_dict().items():
            if not t.is_floating_point():
                continue
            if name.endswith("running_var"):
                t.copy_(torch.rand(t.shape, generator=g) + 0.5)
            elif name.endswith(("running_mean", "bias")):
                t.copy_(torch.randn(t.shape, generator=g) * 0.1)
            elif t.ndim == 1:  # BatchNorm scales
                t.copy_(torch.rand(t.shape, generator=g) * 0.5 + 0.5)
            else:
                t.copy_(torch.randn(t.shape, generator=g) * math.sqrt(2.0 / t[0].numel()))
    return net.eval()


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user cache (model.files.paths.user_cache_dir) of the whole run: a temporary folder,
    shared so that each checkpoint's ONNX graph is exported once (model/inference/graphs.py),
    and so that no test writes to the real one."""
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(scope="session")
def randomise():
    """``randomise(net, seed=0)``: fill a network with random weights and statistics."""
    return _randomise


@pytest.fixture(scope="session")
def random_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An *untrained* ResNet-18 (CIFAR stem, 10 classes) in our safetensors format.

    Its predictions are meaningless; tests use it for plumbing (shapes, files, errors, GUI
    flow), never to claim accuracy. Its metadata says so.
    """
    import torch

    from model.checkpoints.checkpoint import CheckpointInfo, save_checkpoint
    from model.network.resnet import resnet18

    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("ckpt") / "random.safetensors"
    info = CheckpointInfo(extra={"note": "random weights, untrained (test fixture)"})
    save_checkpoint(path, resnet18(), info)
    return path


SHAPE_COLOURS = [(230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200), (245, 130, 48),
                 (145, 30, 180), (70, 240, 240), (240, 50, 230), (128, 128, 0), (0, 0, 128)]


def write_shapes_dataset(root: Path, per_class: int, test_per_class: int, size: int = 8,
                         classes: int = 10, seed: int = 0) -> Path:
    """An image-folder tree root/{train,test}/<class>/*.png of coloured shapes a network learns
    in a few steps: each class is one colour, drawn as a square at a random place on a noisy
    grey background."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    for split, n in (("train", per_class), ("test", test_per_class)):
        for c in range(classes):
            folder = root / split / f"shape{c}"
            folder.mkdir(parents=True, exist_ok=True)
            for i in range(n):
                img = rng.integers(90, 160, (size, size, 3)).astype(np.uint8)
                side = rng.integers(size // 2, size - 1)
                y, x = rng.integers(0, size - side + 1, 2)
                img[y:y + side, x:x + side] = SHAPE_COLOURS[c]
                Image.fromarray(img).save(folder / f"{i:04d}.png")
    return root


@pytest.fixture()
def colour_classes():
    """``write(root, per_class, size=8)``: see :func:`write_colour_classes`."""
    return write_colour_classes


def write_colour_classes(root: Path, per_class: int, size: int = 8,
                         names: tuple[str, ...] = ("red", "blue")) -> Path:
    """root/<name>/<i>.png: dark noise with one colour channel raised per class (learnable in
    one epoch); for runs of the real CLI on a folder of class folders."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    for c, name in enumerate(names):
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            img = rng.integers(0, 60, (size, size, 3)).astype(np.uint8)
            img[..., (2 * c) % 3] += 180
            Image.fromarray(img).save(root / name / f"{i}.png")
    return root


@pytest.fixture(scope="session")
def shapes_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten learnable classes, 40 training and 10 test images each, 8×8 pixels."""
    return write_shapes_dataset(tmp_path_factory.mktemp("shapes"), 40, 10)


@pytest.fixture()
def flagging_checkpoint(random_checkpoint: Path, tmp_path: Path):
    """``make(backend)``: a copy of ``random_checkpoint`` whose stored KNN detector knows one
    random image ("known") and rejects its negative ("stranger"). Returns the copy's path, the
    classifier loaded before the detector was stored (``plain``), both images and their
    detector scores ``near`` and ``far``; the threshold is half-way between."""
    from types import SimpleNamespace

    import numpy as np

    from model.checkpoints.detector_store import store_detector
    from model.inference.classifier import Classifier
    from model.inference.detector import KnnDetector, l2_normalise

    def make(backend: str = "auto") -> SimpleNamespace:
        path = tmp_path / "flagging.safetensors"
        path.write_bytes(random_checkpoint.read_bytes())
        plain = Classifier.from_checkpoint(path, "cpu", backend=backend)
        known = np.random.default_rng(0).integers(0, 256, (32, 32, 3), dtype=np.uint8)
        stranger = 255 - known
        feats = plain._run(np.stack([known, stranger]))[1]
        # A bank of the known image alone, rounded as it is stored (float16): the known image's
        # distance is about 0, the stranger's far above; the threshold half-way sits far from
        # both.
        detector = KnnDetector(l2_normalise(feats[:1]).astype(np.float16).astype(np.float32),
                               k=1)
        near, far = (float(v) for v in detector.score(feats))
        store_detector(path, detector, threshold=(near + far) / 2, record={"fitted_on": "test"})
        return SimpleNamespace(path=path, plain=plain, known=known, stranger=stranger,
                               near=near, far=far)

    return make
