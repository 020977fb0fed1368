"""The bundled checkpoint: present, loadable, honestly labelled, and as the README describes it."""

from __future__ import annotations

import re
from pathlib import Path

from model.checkpoint import load_checkpoint, read_info
from model.labels import CIFAR10_CLASSES
from model.paths import bundled_checkpoint

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
