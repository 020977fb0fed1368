"""Evaluation: accuracy, per-class accuracy, confusion matrix and calibration error."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

ECE_BINS = 15  # the bin count of Guo et al., "On Calibration of Modern Neural Networks" (2017)


@dataclass
class EvalResult:
    accuracy: float
    per_class_accuracy: dict[str, float]
    confusion: list[list[int]]  # rows: true class, columns: predicted class
    ece: float
    loss: float
    count: int
    class_names: list[str]

    def summary(self) -> dict:
        return {"accuracy": self.accuracy, "per_class_accuracy": self.per_class_accuracy,
                "confusion": self.confusion, "ece": self.ece, "loss": self.loss,
                "count": self.count}


def normalizer(mean: tuple[float, ...], std: tuple[float, ...], device: torch.device,
               ) -> tuple[Tensor, Tensor]:
    """Scale and shift that map uint8 pixels straight to normalised floats: x*scale + shift."""
    m = torch.tensor(mean, device=device).view(1, -1, 1, 1)
    s = torch.tensor(std, device=device).view(1, -1, 1, 1)
    return 1.0 / (255.0 * s), -m / s


@torch.inference_mode()
def predict_logits(model: nn.Module, images: Tensor, mean: tuple[float, ...],
                   std: tuple[float, ...], *, batch_size: int = 500, tta: bool = False,
                   amp_dtype: torch.dtype | None = None, channels_last: bool = False) -> Tensor:
    """Logits (N×C, float32, on the images' device) for uint8 N×3×H×W images; with ``tta``
    the mean of the image's and its mirror's logits."""
    model.eval()
    scale, shift = normalizer(mean, std, images.device)
    out = []
    for start in range(0, len(images), batch_size):
        x = images[start:start + batch_size].float() * scale + shift
        if channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        with torch.autocast(images.device.type, dtype=amp_dtype or torch.bfloat16,
                            enabled=amp_dtype is not None):
            logits = model(x).float()
            if tta:  # average the image and its mirror
                logits = (logits + model(x.flip(3)).float()) / 2
        out.append(logits)
    return torch.cat(out)


def predict_probabilities(model: nn.Module, images: Tensor, mean: tuple[float, ...],
                          std: tuple[float, ...], *, batch_size: int = 500, tta: bool = False,
                          amp_dtype: torch.dtype | None = None,
                          channels_last: bool = False) -> Tensor:
    """Softmax outputs (N×C, float32, on the images' device) for uint8 N×3×H×W images."""
    return predict_logits(model, images, mean, std, batch_size=batch_size, tta=tta,
                          amp_dtype=amp_dtype, channels_last=channels_last).softmax(1)


def metrics(probs: np.ndarray, labels: np.ndarray, class_names: list[str]) -> EvalResult:
    """All the numbers ``cifar10 eval`` reports, from probabilities and true labels."""
    n_classes = len(class_names)
    pred = probs.argmax(1)
    correct = pred == labels
    confusion = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(confusion, (labels, pred), 1)
    per_class = {}
    for c, name in enumerate(class_names):
        total = confusion[c].sum()
        per_class[name] = float(confusion[c, c] / total) if total else float("nan")
    eps = 1e-12
    loss = float(-np.log(probs[np.arange(len(labels)), labels] + eps).mean())
    return EvalResult(accuracy=float(correct.mean()), per_class_accuracy=per_class,
                      confusion=confusion.tolist(), ece=expected_calibration_error(probs, labels),
                      loss=loss, count=int(len(labels)), class_names=list(class_names))


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray,
                               bins: int = ECE_BINS) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width confidence bins,
    weighted by how many predictions fall in each (Naeini et al., 2015; Guo et al., 2017)."""
    conf = probs.max(1)
    correct = probs.argmax(1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():
            ece += in_bin.mean() * abs(conf[in_bin].mean() - correct[in_bin].mean())
    return float(ece)


def format_report(result: EvalResult, title: str) -> str:
    """Plain-text report: overall and per-class accuracy, ECE and the confusion matrix."""
    names = result.class_names
    width = max(8, max(len(n) for n in names))
    lines = [title, f"  images:            {result.count}",
             f"  accuracy:          {100 * result.accuracy:.2f}%",
             f"  calibration (ECE): {100 * result.ece:.2f}%  ({ECE_BINS} bins)",
             f"  mean NLL:          {result.loss:.4f}", "", "Per-class accuracy:"]
    for name in names:
        lines.append(f"  {name:<{width}} {100 * result.per_class_accuracy[name]:6.2f}%")
    cell = max(5, max(len(str(v)) for row in result.confusion for v in row) + 1)
    short = [n[:cell - 1] for n in names]
    lines += ["", "Confusion matrix (rows: true class, columns: predicted):",
              " " * (width + 2) + "".join(f"{s:>{cell}}" for s in short)]
    for name, row in zip(names, result.confusion):
        lines.append(f"  {name:<{width}}" + "".join(f"{v:>{cell}}" for v in row))
    return "\n".join(lines)
