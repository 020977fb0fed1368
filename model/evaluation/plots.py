"""Pictures for training and evaluation (matplotlib, drawn off-screen)."""

from __future__ import annotations

import os
from pathlib import Path

from model.files.atomic import atomic_path


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display needed; safe in worker processes and CI
    import matplotlib.pyplot as plt

    return plt


def learning_curves(history: list[dict], path: str | os.PathLike[str]) -> Path:
    """Loss and accuracy per epoch, train and test, as a PNG."""
    plt = _pyplot()
    fig = learning_figure(plt, history)
    return _save(fig, plt, path)


def learning_figure(plt, history: list[dict]):
    """The figure :func:`learning_curves` saves. Evaluations are marked (a line of one point
    draws nothing: a one-epoch run, or a test split evaluated every few epochs, showed an empty
    or a bare polyline), and the training series too while a run is short."""
    epochs = [row["epoch"] for row in history]
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    train_marker = "o" if len(epochs) <= 30 else None
    ax_loss.plot(epochs, [r["train_loss"] for r in history], label="train", marker=train_marker,
                 markersize=3)
    ax_acc.plot(epochs, [100 * r["train_acc"] for r in history], label="train",
                marker=train_marker, markersize=3)
    for key, name in (("test", "test"), ("val", "validation")):
        pts = [(r["epoch"], r[f"{key}_loss"], r[f"{key}_acc"]) for r in history
               if r.get(f"{key}_acc") is not None]
        if pts:
            ax_loss.plot([p[0] for p in pts], [p[1] for p in pts], label=name, marker="o",
                         markersize=3)
            ax_acc.plot([p[0] for p in pts], [100 * p[2] for p in pts], label=name,
                        marker="o", markersize=3)
    ax_loss.set(xlabel="epoch", ylabel="loss", title="Loss")
    ax_acc.set(xlabel="epoch", ylabel="accuracy (%)", title="Accuracy")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    return fig


def confusion_matrix(confusion: list[list[int]], class_names: list[str], title: str,
                     path: str | os.PathLike[str]) -> Path:
    """The confusion matrix as a labelled heat map, row-normalised, with counts in the cells."""
    import numpy as np

    plt = _pyplot()
    counts = np.asarray(confusion, dtype=float)
    rates = counts / np.maximum(counts.sum(1, keepdims=True), 1)
    n = len(class_names)
    fig, ax = plt.subplots(figsize=(1.0 + 0.65 * n, 0.8 + 0.6 * n))
    im = ax.imshow(rates, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(n), class_names, rotation=45, ha="right")
    ax.set_yticks(range(n), class_names)
    ax.set(xlabel="predicted", ylabel="true", title=title)
    for i in range(n):
        for j in range(n):
            ax.text(j, i, int(counts[i, j]), ha="center", va="center", fontsize=7,
                    color="white" if rates[i, j] > 0.5 else "black")
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    fig.tight_layout()
    return _save(fig, plt, path)


def degradation(log: list[dict], path: str | os.PathLike[str]) -> Path:
    """Training and test error per epoch, plain networks left and residual right, in the style
    of He et al. (2016), Figure 6: thin lines training error, bold lines test error."""
    plt = _pyplot()
    from model.experiments.degradation_log import curves

    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    lines = curves(log)
    depths = sorted({c.depth for c in lines})
    colours = dict(zip(depths, ("tab:orange", "tab:blue", "tab:green", "tab:red")))
    for ax, residual, heading in ((axes[0], False, "plain networks"),
                                  (axes[1], True, "residual networks (ResNet)")):
        for c in (c for c in lines if c.residual == residual):
            ax.plot(c.epochs, [100 * v for v in c.train], color=colours[c.depth],
                    linewidth=0.9, linestyle="--", label=f"{c.name} train")
            ax.plot(c.epochs, [100 * v for v in c.test], color=colours[c.depth],
                    linewidth=2.4, label=f"{c.name} test")
        ax.set(xlabel="epoch", title=heading)
        ax.grid(alpha=0.3)
        ax.legend()
    axes[0].set_ylabel("error (%)")
    fig.tight_layout()
    return _save(fig, plt, path)


def _save(fig, plt, path: str | os.PathLike[str]) -> Path:
    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=110, format="png")
    plt.close(fig)
    return path
