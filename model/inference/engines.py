"""Inference engines: a float32 NHWC batch of normalised pixels in, float32 logits out.

Each engine runs a copy of the network with every BatchNorm folded into the convolution before
it (an eval-mode BatchNorm is a per-channel affine map, so ``bn(conv(x))`` is one convolution
with rescaled weights and a bias; ``torch.nn.utils.fusion.fuse_conv_bn_eval``):

- ``"onnxruntime"``: the fused copy exported in memory with ``torch.onnx.export`` and run by an
  ONNX Runtime session. ``backend="auto"`` picks it on the CPU when ``onnxruntime`` is installed:
  measured faster than our best torch path here, for single images and batches
  (benchmarks/README.md). If the export or the session fails, "auto" falls back to torch.
- ``"torch"``: the fused copy in channels_last layout under ``torch.inference_mode``; always
  used on CUDA and MPS, and on the CPU without onnxruntime.

Both engines compute the same function as the plain model (the tests compare the logits).
"""

from __future__ import annotations

import contextlib
import copy
import io
from collections.abc import Iterator
from typing import Protocol

import numpy as np
import torch
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval

from model.inference.onnx_session import OnnxSession, onnxruntime_available
from model.network.resnet import ResNet

BACKENDS = ("auto", "torch", "onnxruntime")


class Engine(Protocol):
    name: str

    def __call__(self, batch: np.ndarray) -> np.ndarray: ...

    def run(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]: ...


class LogitsAndFeatures(nn.Module):
    """The network returning its logits and the global-pooled features the classifier reads
    (the out-of-distribution detector's input, model/inference/detector.py), so that one
    forward pass gives both."""

    def __init__(self, net: ResNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        pooled = torch.flatten(self.net.avgpool(self.net.forward_features(x)), 1)
        return self.net.fc(pooled), pooled


def fuse_conv_bn(model: ResNet) -> ResNet:
    """A copy of ``model`` (eval mode) with each BatchNorm folded into its convolution."""
    fused = copy.deepcopy(model).eval()

    def fold(parent: nn.Module, conv: str, bn: str) -> None:
        setattr(parent, conv, fuse_conv_bn_eval(getattr(parent, conv), getattr(parent, bn)))
        setattr(parent, bn, nn.Identity())

    fold(fused, "conv1", "bn1")
    for stage in (fused.layer1, fused.layer2, fused.layer3, fused.layer4):
        for block in stage:
            fold(block, "conv1", "bn1")
            fold(block, "conv2", "bn2")
            if block.downsample is not None:
                fold(block.downsample, "0", "1")
    return fused


class TorchEngine:
    """The fused network on ``device``, in channels_last layout, run under inference_mode.

    No TorchScript: tracing and freezing measured no faster here (benchmarks/README.md), cost
    seconds at start-up, re-profile for every new batch size, and are deprecated in torch 2.x.

    On the CPU a single image runs on ``single_image_threads`` intra-op threads (default 1),
    restored afterwards. One 32×32 image is too little work to share: with two OpenMP threads,
    any other busy process on a 2-core machine made each call wait for a descheduled thread
    (median 380 ms against 15 ms on one thread, benchmarks/README.md). Batches use torch's
    process-wide setting. Changing the count is process-wide too, so do not run other torch
    work on other threads at the same moment as a single-image call.
    """

    name = "torch"

    def __init__(self, model: ResNet, device: torch.device, *, channels_last: bool = True,
                 single_image_threads: int | None = 1) -> None:
        self.device = device
        # channels_last matches the NHWC pixels we already have (no transpose copy) and is the
        # layout oneDNN and cuDNN prefer for convolutions (PyTorch memory-format tutorial).
        self.memory_format = torch.channels_last if channels_last else torch.contiguous_format
        self.single_image_threads = single_image_threads if device.type == "cpu" else None
        self.net = LogitsAndFeatures(fuse_conv_bn(model)).to(
            device, memory_format=self.memory_format)

    def __call__(self, batch: np.ndarray) -> np.ndarray:
        return self.run(batch)[0]

    def run(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(N×classes logits, N×512 pooled features) of an NHWC float32 batch."""
        # NHWC -> NCHW view with channels_last strides: no copy.
        x = torch.from_numpy(batch).permute(0, 3, 1, 2)
        x = x.to(self.device, memory_format=self.memory_format, non_blocking=True)
        threads = self.single_image_threads if len(batch) == 1 else None
        with torch.inference_mode(), intra_op_threads(threads):
            logits, features = self.net(x)
            return logits.float().cpu().numpy(), features.float().cpu().numpy()


@contextlib.contextmanager
def intra_op_threads(count: int | None) -> Iterator[None]:
    """Run the block with at most ``count`` intra-op threads (None: leave torch's setting)."""
    before = torch.get_num_threads()
    if count is None or count >= before:
        yield
        return
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class OnnxRuntimeEngine(OnnxSession):
    """The fused network exported to ONNX in memory and run by ONNX Runtime on the CPU
    (``.graph`` holds the exported bytes, for the graph cache to keep: model/inference/graphs.py;
    a session made from a cached graph does not hold them, about 45 MB)."""

    def __init__(self, model: ResNet, input_size: int, threads: int | None = None,
                 spinning: bool = True) -> None:
        self.graph = export_graph(model, input_size)
        super().__init__(self.graph, threads, spinning)


def export_graph(model: ResNet, input_size: int) -> bytes:
    """``model``'s BatchNorm-fused copy as the ONNX graph :class:`OnnxSession` runs."""
    return export_onnx(LogitsAndFeatures(fuse_conv_bn(model)), input_size,
                       outputs=("logits", "features"))


def export_onnx(model: nn.Module, input_size: int,
                outputs: tuple[str, ...] = ("logits",)) -> bytes:
    """``model`` as ONNX bytes with a dynamic batch dimension (input ``pixels``, NCHW float32;
    one output per name in ``outputs``)."""
    import warnings

    buffer = io.BytesIO()
    example = torch.zeros(1, 3, input_size, input_size)
    with warnings.catch_warnings():
        # The TorchScript-based exporter warns that it is deprecated in favour of dynamo=True,
        # which needs onnxscript and takes several times longer for this network.
        warnings.simplefilter("ignore")
        with torch.no_grad():
            torch.onnx.export(model.eval(), (example,), buffer, input_names=["pixels"],
                              output_names=list(outputs), opset_version=17, dynamo=False,
                              dynamic_axes={name: {0: "batch"} for name in ("pixels", *outputs)})
    return buffer.getvalue()


def build_engine(model: ResNet, device: torch.device, input_size: int,
                 backend: str = "auto", cpu_threads: int | None = None,
                 cpu_spinning: bool = True) -> Engine:
    """The engine for ``backend``: "auto" (ONNX Runtime on the CPU if installed, else torch),
    "torch" or "onnxruntime" (CPU only). ValueError if the one asked for cannot be used."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    if backend == "auto":
        if device.type == "cpu" and onnxruntime_available():
            try:
                return OnnxRuntimeEngine(model, input_size, cpu_threads, cpu_spinning)
            except Exception:  # noqa: BLE001 -- any export/runtime failure: torch still works
                pass
        return TorchEngine(model, device)
    if backend == "onnxruntime":
        if device.type != "cpu":
            raise ValueError(f"the onnxruntime backend runs on the CPU, not {device}")
        if not onnxruntime_available():
            raise ValueError("the onnxruntime backend needs the onnxruntime package "
                             "(pip install onnxruntime)")
        return OnnxRuntimeEngine(model, input_size, cpu_threads, cpu_spinning)
    return TorchEngine(model, device)
