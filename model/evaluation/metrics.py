"""Evaluation figures from probabilities and true labels: accuracy, per-class accuracy, confusion
matrix, mean NLL and calibration error, and the plain-text report of them (numpy only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.evaluation.formatting import format_accuracy

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


def metrics(probs: np.ndarray, labels: np.ndarray, class_names: list[str]) -> EvalResult:
    """All the numbers ``cifar10 eval`` reports, from probabilities and true labels."""
    n_classes = len(class_names)
    pred = probs.argmax(1)
    correct = pred == labels
    confusion = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(confusion, (labels, pred), 1)
    # A class with no images has no accuracy: left out (NaN was written into checkpoints,
    # which every loader then refused, and into --json, which JSON readers reject).
    per_class = {name: float(confusion[c, c] / confusion[c].sum())
                 for c, name in enumerate(class_names) if confusion[c].sum()}
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
             f"  accuracy:          {format_accuracy(result.accuracy, 2)}",
             f"  calibration (ECE): {100 * result.ece:.2f}%  ({ECE_BINS} bins)",
             f"  mean NLL:          {result.loss:.4f}", "", "Per-class accuracy:"]
    for name in names:
        measured = result.per_class_accuracy.get(name)
        accuracy = "no images" if measured is None else format_accuracy(measured, 2)
        lines.append(f"  {name:<{width}} {accuracy:>7}")
    cell = max(5, max(len(str(v)) for row in result.confusion for v in row) + 1)
    short = [n[:cell - 1] for n in names]
    lines += ["", "Confusion matrix (rows: true class, columns: predicted):",
              " " * (width + 2) + "".join(f"{s:>{cell}}" for s in short)]
    for name, row in zip(names, result.confusion):
        lines.append(f"  {name:<{width}}" + "".join(f"{v:>{cell}}" for v in row))
    return "\n".join(lines)
