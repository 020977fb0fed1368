"""Fixtures shared by the model and app tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def random_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An *untrained* ResNet-18 (CIFAR stem, 10 classes) in our safetensors format.

    Its predictions are meaningless; tests use it for plumbing (shapes, files, errors, GUI
    flow), never to claim accuracy. Its metadata says so.
    """
    import torch

    from model.checkpoint import CheckpointInfo, save_checkpoint
    from model.resnet import resnet18

    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("ckpt") / "random.safetensors"
    info = CheckpointInfo(extra={"note": "random weights, untrained (test fixture)"})
    save_checkpoint(path, resnet18(), info)
    return path
