"""The bundled checkpoint: present, loadable, honestly labelled, and as the README describes it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from model.checkpoints.checkpoint import load_checkpoint, read_info
from model.data.labels import CIFAR10_CLASSES
from model.files.paths import bundled_checkpoint

README = Path(__file__).resolve().parents[2] / "README.md"


def test_bundled_checkpoint_loads_with_evaluated_metadata() -> None:
    path = bundled_checkpoint()
    model, info = load_checkpoint(path)
    assert info.class_names == list(CIFAR10_CLASSES)
    assert info.train_config is not None and info.extra["command"].startswith("cifar10 train")
    # Evaluated on the test split by `cifar10 eval --write-metadata`, single view.
    evaluation = info.extra["eval"]
    assert evaluation["split"] == "test" and evaluation["tta"] is False
    assert evaluation["count"] == 10_000
    assert info.test_accuracy == evaluation["accuracy"]
    assert set(info.per_class_accuracy) == set(CIFAR10_CLASSES)
    # ResNet-18's parameter count for its stem (the 7×7 stem has 7,680 more weights).
    expected = {"cifar": 11_173_962, "imagenet": 11_181_642}[info.stem]
    assert sum(p.numel() for p in model.parameters()) == expected


def test_readme_states_the_bundled_models_measured_accuracy() -> None:
    info = read_info(bundled_checkpoint())
    text = README.read_text(encoding="utf-8")
    figures = re.findall(r"([0-9]+\.[0-9]+)% single-view accuracy on the CIFAR-10 test split "
                         r"\(JPEG q75 copy\)", text)
    assert figures, "README must state the bundled model's test accuracy"
    assert all(f == f"{100 * info.test_accuracy:.2f}" for f in figures)
    assert info.extra["command"] in text  # the exact command that trained it


def test_bundled_checkpoint_carries_its_detector_as_the_readme_says() -> None:
    from model.checkpoints.detector_store import load_detector

    info = read_info(bundled_checkpoint())
    stored = load_detector(bundled_checkpoint(), info.extra)
    assert stored is not None, "run cifar10 fit-detector on the bundled checkpoint"
    record = info.extra["detector"]
    assert record["val_flagged"] <= record["flag_budget"] / 100
    text = README.read_text(encoding="utf-8")
    assert ("cifar10 fit-detector --checkpoint resources/checkpoints/resnet18_cifar10.safetensors"
            in text)


@pytest.mark.parametrize("backend", ["onnxruntime", "torch"])
def test_bundled_model_gets_the_samples_right(backend: str) -> None:
    """The README's sample figure, with each CPU engine: the gallery is the first three test
    images of each class (not picked for the model), named by their true class."""
    from model.files.paths import sample_images
    from model.inference.classifier import Classifier

    classifier = Classifier.from_checkpoint(bundled_checkpoint(), "cpu", backend=backend)
    samples = sample_images()
    assert len(samples) == 30
    right = sum(pred.top_label == path.stem.rsplit("_", 1)[0]
                for path, pred in zip(samples, classifier.predict_many(samples, k=1)))
    assert right >= 24, f"{right} of 30 samples right with {backend}"
    stated = re.search(r"the bundled model gets (\d+) of them right", README.read_text("utf-8"))
    assert stated and int(stated.group(1)) == right, "README's sample figure is out of date"
