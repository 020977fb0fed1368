"""The degradation experiment (He et al., 2016, Figure 6): plain and residual networks of two
depths, trained with one recipe and one budget, their training and test error logged per epoch.

The recipe is the paper's for CIFAR-10 (section 4.2) scaled to the budget: SGD with momentum
0.9, weight decay 1e-4, batch 128, learning rate 0.1 divided by 10 at 50% and 75% of the epochs
(the paper: at 32k and 48k of 64k iterations), 4-pixel padded crops and flips, per-pixel mean
and std normalisation. All networks see the same images in the same order, and they train in
turn one epoch each, so a run cut short leaves every network at the same point; the state after
each round is saved and ``resume`` continues from it.

Training error is measured as the paper's thin curves are, on the augmented training batches
as they are trained on; test error on the test split in eval mode after each epoch.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from model.data.datasets import load_split
from model.files.atomic import atomic_path
from model.network.normalization import normalize, scale_shift_tensors
from model.network.plain import CifarNet
from model.training.augment import crop_flip
from model.training.setup import random_subset

LOG_NAME, STATE_NAME, PLOT_NAME = "log.jsonl", "state.pt", "degradation.png"


@dataclass(frozen=True)
class DegradationConfig:
    data: str
    out: str
    depths: tuple[int, ...] = (20, 56)
    epochs: int = 10
    batch_size: int = 128
    lr: float = 0.1
    momentum: float = 0.9
    weight_decay: float = 1e-4
    train_subset: int = 0  # 0: the whole training split
    test_subset: int = 0   # 0: the whole test split
    seed: int = 0
    threads: int = 0


@dataclass
class Trainee:
    net: CifarNet
    optimizer: torch.optim.SGD
    scheduler: torch.optim.lr_scheduler.MultiStepLR


def networks(cfg: DegradationConfig) -> list[CifarNet]:
    """Plain then residual, shallow to deep; each twin pair starts from the same seed."""
    nets = []
    for residual in (False, True):
        for depth in cfg.depths:
            torch.manual_seed(cfg.seed + depth)
            nets.append(CifarNet(depth, residual))
    return nets


def _trainee(net: CifarNet, cfg: DegradationConfig, steps_per_epoch: int) -> Trainee:
    decay, no_decay = [], []
    for name, p in net.named_parameters():  # no weight decay on BatchNorm and biases
        (no_decay if p.ndim == 1 else decay).append(p)
    optimizer = torch.optim.SGD([{"params": decay, "weight_decay": cfg.weight_decay},
                                 {"params": no_decay, "weight_decay": 0.0}],
                                lr=cfg.lr, momentum=cfg.momentum)
    total = cfg.epochs * steps_per_epoch
    scheduler = torch.optim.lr_scheduler.MultiStepLR(
        optimizer, milestones=[total // 2, (3 * total) // 4], gamma=0.1)
    return Trainee(net, optimizer, scheduler)


def run(cfg: DegradationConfig, resume: bool = False,
        progress: Callable[[str], None] = print) -> list[dict]:
    """Train every network for ``cfg.epochs`` (or what is left of a saved run); return the log."""
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    train = random_subset(load_split(cfg.data, "train"), cfg.train_subset, cfg.seed)
    test = random_subset(load_split(cfg.data, "test"), cfg.test_subset, cfg.seed)
    mean, std = train.channel_stats()
    scale, shift = scale_shift_tensors(mean, std, torch.device("cpu"))
    x_train, y_train = torch.from_numpy(train.images), torch.from_numpy(train.labels)
    x_test = normalize(torch.from_numpy(test.images), scale, shift)
    y_test = torch.from_numpy(test.labels)
    steps = -(-len(y_train) // cfg.batch_size)
    trainees = [_trainee(net, cfg, steps) for net in networks(cfg)]
    log: list[dict] = []
    first = 1
    if resume and (out / STATE_NAME).is_file():
        first, log = _load_state(out, cfg, trainees)
        # The log file may hold rows of the round that was cut: keep the saved rounds' only.
        (out / LOG_NAME).write_text("".join(json.dumps(r) + "\n" for r in log), encoding="utf-8")
    else:
        (out / LOG_NAME).unlink(missing_ok=True)
        (out / "config.json").write_text(json.dumps(dataclasses.asdict(cfg), indent=2) + "\n")
    progress(f"{len(y_train)} training and {len(y_test)} test images; "
             f"{', '.join(t.net.name for t in trainees)}; {cfg.epochs} epochs each")
    for epoch in range(first, cfg.epochs + 1):
        gen = torch.Generator().manual_seed(cfg.seed * 1000 + epoch)
        order = torch.randperm(len(y_train), generator=gen)
        x_epoch = crop_flip(x_train[order], 4, True, gen)
        y_epoch = y_train[order]
        for t in trainees:
            row = _train_epoch(t, x_epoch, y_epoch, scale, shift, cfg.batch_size)
            row["test_error"] = _error(t.net, x_test, y_test, 500)
            row.update(epoch=epoch, network=t.net.name, depth=t.net.depth,
                       residual=t.net.residual)
            log.append(row)
            with open(out / LOG_NAME, "a", encoding="utf-8") as f:
                f.write(json.dumps(row) + "\n")
            progress(f"epoch {epoch}/{cfg.epochs} {t.net.name:<10} train error "
                     f"{100 * row['train_error']:5.2f}% test error {100 * row['test_error']:5.2f}%"
                     f" ({row['seconds']:.0f} s)")
        _save_state(out, epoch, trainees, log)
    return log


def _train_epoch(t: Trainee, x: torch.Tensor, y: torch.Tensor, scale: torch.Tensor,
                 shift: torch.Tensor, batch_size: int) -> dict:
    start = time.perf_counter()
    t.net.train()
    loss_fn = nn.CrossEntropyLoss()
    wrong, loss_sum = 0, 0.0
    for i in range(0, len(y), batch_size):
        xb, yb = normalize(x[i:i + batch_size], scale, shift), y[i:i + batch_size]
        logits = t.net(xb)
        loss = loss_fn(logits, yb)
        t.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        t.optimizer.step()
        t.scheduler.step()
        wrong += int((logits.argmax(1) != yb).sum())
        loss_sum += float(loss.detach()) * len(yb)
    return {"train_error": wrong / len(y), "train_loss": loss_sum / len(y),
            "seconds": time.perf_counter() - start}


@torch.no_grad()
def _error(net: nn.Module, x: torch.Tensor, y: torch.Tensor, batch_size: int) -> float:
    net.eval()
    wrong = sum(int((net(x[i:i + batch_size]).argmax(1) != y[i:i + batch_size]).sum())
                for i in range(0, len(y), batch_size))
    return wrong / len(y)


def _save_state(out: Path, epoch: int, trainees: list[Trainee], log: list[dict]) -> None:
    state = {"epoch": epoch, "log": log,
             "trainees": [{"net": t.net.state_dict(), "optimizer": t.optimizer.state_dict(),
                           "scheduler": t.scheduler.state_dict()} for t in trainees]}
    with atomic_path(out / STATE_NAME) as tmp:
        torch.save(state, tmp)


def _load_state(out: Path, cfg: DegradationConfig, trainees: list[Trainee]) -> tuple[int, list]:
    saved = json.loads((out / "config.json").read_text())
    now = {k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(cfg).items()}
    # Which options differ, by name; paths as places, not strings ("deg1" is "./deg1/").
    differ = [k for k in now if k != "threads" and k in saved and not (
        _same_place(saved[k], now[k]) if k in ("data", "out") else saved[k] == now[k])]
    if differ or set(saved) - set(now):
        said = ", ".join(f"--{k.replace('_', '-')} {saved[k]} (now {now[k]})" for k in differ)
        raise ValueError(f"{out / 'config.json'}: the saved run used other options: {said}; "
                         "resume it with the same ones")
    state = torch.load(out / STATE_NAME, weights_only=True)
    for t, s in zip(trainees, state["trainees"]):
        t.net.load_state_dict(s["net"])
        t.optimizer.load_state_dict(s["optimizer"])
        t.scheduler.load_state_dict(s["scheduler"])
    return state["epoch"] + 1, list(state["log"])


def _same_place(a: object, b: object) -> bool:
    return Path(str(a)).expanduser().resolve() == Path(str(b)).expanduser().resolve()
