"""Inference engines: the BatchNorm-folded copy, ONNX Runtime and torch engines computing what
the plain network computes (logits and pooled features in one pass), their threads, and the
"auto" backend's choice and fallback."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

import model.inference.engines as engines_module
from model.checkpoints.checkpoint import CheckpointInfo
from model.inference.classifier import Classifier
from model.inference.engines import (
    OnnxRuntimeEngine,
    TorchEngine,
    fuse_conv_bn,
    onnxruntime_available,
)
from model.network.resnet import resnet18

needs_ort = pytest.mark.skipif(not onnxruntime_available(), reason="onnxruntime not installed")


def randomise_batchnorm(net: nn.Module, seed: int = 0) -> nn.Module:
    """Fresh BatchNorms are the identity (mean 0, var 1, weight 1, bias 0), which would make
    folding them trivially exact; give them trained-looking statistics instead."""
    g = torch.Generator().manual_seed(seed)
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=g) * 0.2)
            m.running_var.copy_(torch.rand(n, generator=g) + 0.5)
            m.weight.data.copy_(torch.rand(n, generator=g) + 0.5)
            m.bias.data.copy_(torch.randn(n, generator=g) * 0.2)
    return net.eval()


def normalised(pixels: np.ndarray) -> np.ndarray:
    """NHWC float32 engine input, ``(x/255 - mean)/std`` written out (not the project's helper)."""
    info = CheckpointInfo()
    return (pixels.astype(np.float32) / 255.0 - np.float32(info.mean)) / np.float32(info.std)


def as_input(batch: np.ndarray) -> torch.Tensor:
    """The same batch as the plain network's NCHW tensor."""
    return torch.from_numpy(batch).permute(0, 3, 1, 2).contiguous()


@pytest.fixture(scope="module")
def net() -> nn.Module:
    torch.manual_seed(0)
    return randomise_batchnorm(resnet18())


def test_fused_model_equals_plain_and_leaves_it_intact(net: nn.Module,
                                                       pixels: np.ndarray) -> None:
    before = {k: v.clone() for k, v in net.state_dict().items()}
    fused = fuse_conv_bn(net)
    x = as_input(normalised(pixels))
    with torch.no_grad():
        expected, got = net(x), fused(x)
    assert torch.allclose(got, expected, rtol=1e-4, atol=1e-4)
    assert not any(isinstance(m, nn.BatchNorm2d) for m in fused.modules())
    # The original keeps its BatchNorms and weights (Grad-CAM and training need them).
    assert sum(isinstance(m, nn.BatchNorm2d) for m in net.modules()) == 20
    assert all(torch.equal(before[k], v) for k, v in net.state_dict().items())


def engines(net: nn.Module) -> list:
    found = [TorchEngine(net, torch.device("cpu"))]
    if onnxruntime_available():
        found.append(OnnxRuntimeEngine(net, 32))
    return found


def test_engines_equal_plain_model(net: nn.Module, pixels: np.ndarray) -> None:
    batch = normalised(pixels)
    with torch.no_grad():
        expected = net(as_input(batch)).numpy()
    for engine in engines(net):
        for n in (1, len(pixels)):  # one image and a batch (the ONNX batch axis is dynamic)
            got = engine(batch[:n])
            assert got.shape == (n, 10)
            np.testing.assert_allclose(got, expected[:n], rtol=1e-4, atol=1e-4,
                                       err_msg=engine.name)


def test_engines_give_the_pooled_features_in_the_same_pass(net: nn.Module,
                                                         pixels: np.ndarray) -> None:
    batch = normalised(pixels)
    with torch.no_grad():
        x = as_input(batch)
        expected = torch.flatten(net.avgpool(net.forward_features(x)), 1).numpy()
        assert np.allclose(net.fc(torch.from_numpy(expected)).numpy(), net(x).numpy(),
                           atol=1e-5)  # the logits are the head applied to these features
    for engine in engines(net):
        logits, features = engine.run(batch)
        assert features.shape == (len(pixels), 512) and logits.shape == (len(pixels), 10)
        np.testing.assert_allclose(features, expected, rtol=1e-4, atol=1e-4, err_msg=engine.name)
        np.testing.assert_allclose(engine(batch), logits, rtol=1e-6, atol=1e-6)  # same pass


def test_torch_engine_thread_policy(net: nn.Module, pixels: np.ndarray) -> None:
    engine = TorchEngine(net, torch.device("cpu"))
    seen: list[int] = []

    class Recorder(nn.Module):
        def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            seen.append(torch.get_num_threads())
            return x.mean(dim=(2, 3)), x.mean(dim=(2, 3))

    engine.net = Recorder()
    before = torch.get_num_threads()
    engine(np.zeros((1, 32, 32, 3), np.float32))
    engine(np.zeros((4, 32, 32, 3), np.float32))
    assert seen == [1, before]  # one image: one thread; batches: torch's setting
    assert torch.get_num_threads() == before  # restored


def test_auto_backend_choice_and_fallback(net: nn.Module, monkeypatch: pytest.MonkeyPatch) -> None:
    cpu = torch.device("cpu")

    def backend(name: str = "auto") -> str:
        return engines_module.build_engine(net, cpu, 32, name).name

    class FakeOrt:  # stands in for the real engine (tested above) to skip the export's cost
        name = "onnxruntime"

        def __init__(self, model: nn.Module, input_size: int, threads: int | None,
                     spinning: bool) -> None:
            assert input_size == 32 and threads is None and spinning is True

    monkeypatch.setattr(engines_module, "OnnxRuntimeEngine", FakeOrt)
    monkeypatch.setattr(engines_module, "onnxruntime_available", lambda: True)
    assert backend() == "onnxruntime" and backend("torch") == "torch"

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("export failed")

    # If ONNX export or the session fails, "auto" still gives a working engine ...
    monkeypatch.setattr(engines_module, "OnnxRuntimeEngine", broken)
    assert backend() == "torch"
    # ... and without onnxruntime installed, "auto" is torch and asking for it is an error.
    monkeypatch.setattr(engines_module, "onnxruntime_available", lambda: False)
    assert backend() == "torch"
    with pytest.raises(ValueError, match="needs the onnxruntime package"):
        backend("onnxruntime")
    with pytest.raises(ValueError, match="backend"):
        backend("tensorflow")


@needs_ort
def test_cpu_threads_cap_onnx_runtime(random_checkpoint: Path) -> None:
    capped = Classifier.from_checkpoint(random_checkpoint, "cpu", backend="onnxruntime",
                                        cpu_threads=1)
    assert capped.engine.session.get_session_options().intra_op_num_threads == 1
    default = Classifier.from_checkpoint(random_checkpoint, "cpu", backend="onnxruntime")
    assert default.engine.session.get_session_options().intra_op_num_threads == 0  # ORT's own
