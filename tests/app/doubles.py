"""A stand-in for model.inference.classifier.Classifier that lets a test hold the worker mid-batch.

Loaded by conftest.py (and by subprocess probes) from this file's path: with
--import-mode=importlib test modules cannot import each other.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LABELS = ("airplane", "automobile", "bird", "cat", "deer")
# Only a guard so that a broken test fails instead of hanging the suite; tests never wait it out.
GATE_TIMEOUT_S = 60


@dataclass
class FakeInfo:
    display_name: str = "gated test double"
    test_accuracy: float | None = None
    input_size: int = 32


@dataclass(frozen=True)
class FakePrediction:
    labels: tuple[str, ...]
    probabilities: tuple[float, ...]
    input_image: np.ndarray
    seconds: float = 0.0


@dataclass(frozen=True)
class FakeAttention:
    """What the worker reads of a model.inference.gradcam.AttentionMap."""

    heat: np.ndarray
    layer: str = "layer4"

    def upsampled(self) -> np.ndarray:
        return np.kron(self.heat, np.ones((8, 8), np.float32))  # 4x4 -> 32x32


@dataclass(frozen=True)
class FakeStage:
    """What the worker reads of a model.inference.feature_maps.StageMaps."""

    place: str
    shape: tuple[int, int, int]
    channels: tuple[int, ...]
    tiles: np.ndarray


def fake_stages(index: int) -> list[FakeStage]:
    """Five places whose tiles carry ``index`` in their first pixel (tells calls apart)."""
    tiles = np.zeros((4, 4, 4), np.uint8)
    tiles[:, 0, 0] = index
    return [FakeStage(place, (8, 4, 4), (3, 1, 0, 2), tiles)
            for place in ("stem", "layer1", "layer2", "layer3", "layer4")]


class GatedClassifier:
    """Answers the first ``free`` images at once; the call that reaches beyond them (one image,
    or a batch chunk of several: app/classify_steps.py) blocks until :meth:`release`.

    ``blocked`` is set once a call waits at the gate, so a test knows the worker is mid-batch
    (that image and all later ones not yet done) without any sleep or timing assumption.
    """

    def __init__(self, free: int) -> None:
        self.free = free
        self.info = FakeInfo()
        self.device = "cpu"
        self.path: Path | None = None  # the summary then names the path that was asked for
        self.calls = 0                 # images the worker has started to classify
        self.blocked = threading.Event()
        self._gate = threading.Event()
        self.attention_calls: list[str] = []      # labels, in the order maps were computed
        self.attention_gate = threading.Event()   # set: attention maps are answered at once
        self.attention_gate.set()
        self.feature_calls = 0                    # feature-map sets computed
        self.feature_gate = threading.Event()     # set: feature maps are answered at once
        self.feature_gate.set()

    def predict_image(self, img, source: str, k: int = 5) -> FakePrediction:
        return self.predict_images([(img, source)], k)[0]

    def predict_images(self, images, k: int = 5) -> list[FakePrediction]:
        self.calls += len(images)
        if self.calls > self.free:
            self.blocked.set()
            if not self._gate.wait(GATE_TIMEOUT_S):
                raise RuntimeError("test double: the gate was never released")
        probabilities = (0.6, 0.2, 0.1, 0.06, 0.04)[:k]
        return [FakePrediction(LABELS[:k], probabilities, np.zeros((32, 32, 3), np.uint8))
                for _ in images]

    def attention(self, pixels, label: str) -> FakeAttention:
        self.attention_calls.append(label)
        if not self.attention_gate.wait(GATE_TIMEOUT_S):
            raise RuntimeError("test double: the attention gate was never opened")
        return FakeAttention(np.eye(4, dtype=np.float32))

    def feature_maps(self, pixels) -> list[FakeStage]:
        self.feature_calls += 1
        if not self.feature_gate.wait(GATE_TIMEOUT_S):
            raise RuntimeError("test double: the feature-map gate was never opened")
        return fake_stages(self.feature_calls)

    def release(self) -> None:
        self._gate.set()

    def factory(self, path: Path, device: str) -> "GatedClassifier":
        """A classifier_factory for the worker: every checkpoint loads as this double, except
        files named broken*, which fail as a corrupt checkpoint would, and missing files."""
        if Path(path).name.startswith("broken"):
            raise ValueError("not a checkpoint (test double)")
        if not Path(path).exists():
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return self


def release_on_cancel(window, classifier: GatedClassifier) -> None:
    """Open ``classifier``'s gate right after the window next cancels requests (Cancel, Clear,
    a checkpoint switch, close): the image in flight then finishes, and the worker, which reads
    the cancel token after each image, provably stops there."""
    token = window.state.host.cancel_token
    cancel_through = token.cancel_through

    def cancel_then_release(request_id: int) -> None:
        cancel_through(request_id)
        classifier.release()

    token.cancel_through = cancel_then_release


def count_requests(window, job_type: type) -> list[int]:
    """Record the id of every job of ``job_type`` the window sends to the worker from now on."""
    calls: list[int] = []
    send = window.state.host.submit

    def counting(job):
        job_id = send(job)
        if isinstance(job, job_type):
            calls.append(job_id)
        return job_id

    window.state.host.submit = counting
    return calls
