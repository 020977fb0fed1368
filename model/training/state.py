"""What a training run keeps on disk: resume state (``last.pt``) and the final checkpoint.

``last.pt`` holds everything needed to carry on exactly where a run stopped (weights, optimiser,
schedule, RNG state, position within the epoch, history); ``model.safetensors`` is the final
epoch's weights with the metadata the app and ``cifar10 eval`` read. Also the command lines that
reproduce a run (kept in the checkpoint's metadata) and resume it (printed on Ctrl+C).
"""

from __future__ import annotations

import dataclasses
import os
import platform
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn

from model.checkpoints.checkpoint import CheckpointInfo, save_checkpoint
from model.files.atomic import atomic_path
from model.training.config import TrainConfig



class ResumeError(Exception):
    """A resume file that cannot be used; the message names it and says why."""


@dataclass
class RunState:
    """What a resume needs beyond the model and optimiser."""

    epoch: int = 0  # the epoch in progress (0-based)
    step: int = 0  # the next step within it
    history: list[dict] = field(default_factory=list)
    elapsed: float = 0.0  # training seconds before this process started
    sums: dict[str, float] = field(default_factory=dict)  # running sums of the epoch in progress


def save_resume(path: Path, model: nn.Module, optimizer, scheduler, cfg: TrainConfig,
                state: RunState, info: dict, *, elapsed: float) -> None:
    """Everything a resume needs, written atomically (readable with weights_only=True)."""
    rng = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        rng["cuda"] = torch.cuda.get_rng_state_all()
    sums = {k: float(v) for k, v in state.sums.items()}
    payload = {"model": model.state_dict(), "optimizer": optimizer.state_dict(),
               "scheduler": scheduler.state_dict(), "epoch": state.epoch, "step": state.step,
               "sums": sums, "history": state.history, "elapsed": elapsed,
               "config": cfg.to_dict(), "info": info, "rng": rng}
    with atomic_path(path) as tmp:
        torch.save(payload, tmp)


def load_resume(path: Path, model: nn.Module, optimizer, scheduler,
                device: torch.device) -> RunState:
    payload = read_resume_file(path, device)
    try:
        model.load_state_dict(payload["model"])
        optimizer.load_state_dict(payload["optimizer"])
        scheduler.load_state_dict(payload["scheduler"])
        torch.set_rng_state(payload["rng"]["torch"].cpu())
        if "cuda" in payload["rng"] and torch.cuda.is_available():
            torch.cuda.set_rng_state_all([s.cpu() for s in payload["rng"]["cuda"]])
        return RunState(epoch=payload["epoch"], step=payload["step"],
                        history=payload["history"], elapsed=payload["elapsed"],
                        sums=payload.get("sums", {}))
    except (KeyError, RuntimeError, ValueError) as e:
        raise ResumeError(f"{path}: does not match this run ({_first_line(e)})") from None


def read_resume_file(path: Path, device: torch.device | str = "cpu") -> dict:
    """A ``last.pt`` written by :func:`save_resume`, read without running any pickled code."""
    if Path(path).is_dir():  # the run's folder given for its resume file
        hint = f"; did you mean {Path(path) / 'last.pt'}?" if (Path(path) / "last.pt").is_file() \
            else " (a run's resume file is its last.pt)"
        raise ResumeError(f"{path}: a folder, not a resume file{hint}")
    if not Path(path).is_file():
        raise ResumeError(f"{path}: no such resume file")
    try:
        payload = torch.load(path, map_location=device, weights_only=True)
    except Exception as e:  # torch.load raises many types for damaged or foreign files
        raise ResumeError(f"{path}: not a readable resume file ({_first_line(e)[:120]})") \
            from None
    if not isinstance(payload, dict) or "config" not in payload or "optimizer" not in payload:
        raise ResumeError(f"{path}: not a resume file written by cifar10 train (use the "
                          "run's last.pt)")
    return payload


def resume_config(path: str) -> TrainConfig:
    """The configuration stored in a resume file, pointed at that file."""
    cfg = TrainConfig.from_dict(read_resume_file(Path(path))["config"])
    return dataclasses.replace(cfg, resume=str(path))


PATH_FIELDS = ("data", "out", "cache_dir", "init_from")


def train_command(cfg: TrainConfig, cwd: str | os.PathLike[str] | None = None) -> str:
    """A ``cifar10 train`` command line that reproduces ``cfg`` (non-default fields only).

    The run keeps its paths absolute (model/cli/train.py: a resume from another folder), but a
    recorded command full of this machine's folders reads like no command anyone typed: paths
    in ``cwd`` (default: the current folder) or beside it (``runs/a``, ``../shared/data``) are
    written relative to it, as typed there; farther ones stay absolute.
    """
    defaults = TrainConfig()
    parts = ["cifar10", "train"]
    for f in dataclasses.fields(cfg):
        value = getattr(cfg, f.name)
        if f.name in ("resume", "progress") or value == getattr(defaults, f.name):
            continue
        flag = "--" + f.name.replace("_", "-")
        if isinstance(value, bool):
            parts.append(flag if value else "--no-" + flag[2:])
        else:
            if f.name in PATH_FIELDS:
                value = _as_typed(str(value), Path.cwd() if cwd is None else Path(cwd))
            parts += [flag, shlex.quote(str(value))]
    return " ".join(parts)


def _as_typed(path: str, cwd: Path) -> str:
    if not os.path.isabs(path):
        return path  # "bundled", or a path given relative and kept so
    try:
        relative = os.path.relpath(path, cwd)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith(os.path.join(os.pardir, os.pardir)) else relative


def resume_command(cfg: TrainConfig, path: Path) -> str:
    return f"cifar10 train --resume {shlex.quote(str(path))}"


def export_final(path: Path, model: nn.Module, cfg: TrainConfig, info: dict,
                 history: list[dict], seconds: float, device: torch.device) -> Path:
    """The final epoch's weights as our safetensors checkpoint, metadata filled."""
    versions = {"torch": torch.__version__, "python": platform.python_version()}
    hardware = torch.cuda.get_device_name(device) if device.type == "cuda" else \
        f"CPU ({platform.machine()}, {torch.get_num_threads()} threads)"
    last = history[-1] if history else {}
    # Trained on images enlarged from a smaller native size: inference reduces photos to that
    # size first, so the network sees what it was trained on (model.data.images.to_network_input).
    native = info.get("native_size")
    source_size = native if native and native < cfg.image_size else None
    meta = CheckpointInfo(
        stem=cfg.stem, num_classes=len(info["class_names"]), class_names=info["class_names"],
        input_size=cfg.image_size, source_size=source_size, mean=tuple(info["mean"]),
        std=tuple(info["std"]), train_config=cfg.to_dict(),
        extra={"versions": versions, "hardware": hardware, "train_seconds": round(seconds, 1),
               "epochs_trained": len(history), "final_train_accuracy": last.get("train_acc"),
               "final_epoch_test_accuracy": last.get("test_acc"),
               "command": train_command(cfg)})
    return save_checkpoint(path, model, meta, half=cfg.half_checkpoint)


def _first_line(error: BaseException) -> str:
    """The first line of ``error``'s message, or its type where it has none (torch.load's
    EOFError for an empty or truncated file has an empty message: an IndexError here)."""
    lines = str(error).strip().splitlines()
    if lines:
        return lines[0]
    return "empty or truncated" if isinstance(error, EOFError) else type(error).__name__
