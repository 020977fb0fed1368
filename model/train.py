"""Training: the whole data set lives on the device as uint8; every step is batched tensor work.

Each epoch's augmentation is planned and applied to all images at once (model/augment.py) from a
generator seeded by (seed, epoch), so an epoch can be rebuilt exactly on resume, even mid-epoch.
On a GPU the step runs in bf16 autocast with channels_last tensors (and optionally
``torch.compile``); on the CPU the same code runs in float32. Under ``torchrun`` each rank trains
on its share of every global batch and rank 0 alone writes logs and checkpoints.
"""

from __future__ import annotations

import dataclasses
import json
import math
import platform
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from model import distributed
from model.atomic import atomic_path
from model.augment import crop_flip, cutout_masks
from model.checkpoint import CheckpointInfo, save_checkpoint
from model.data import ImageArrays, load_split
from model.devices import resolve_device
from model.evaluate import metrics, normalizer, predict_probabilities
from model.resnet import resnet18
from model.train_config import TrainConfig

LAST = "last.pt"
FINAL = "model.safetensors"
LOG = "log.jsonl"
CURVES = "curves.png"
FINITE_CHECK_EVERY = 50  # steps between non-finite-loss checks (each one syncs the GPU)


class ResumeError(Exception):
    """A resume file that cannot be used; the message names it and says why."""


class NonFiniteLoss(RuntimeError):
    """The loss became NaN or infinite; the last good checkpoint is kept."""


@dataclass
class TrainResult:
    checkpoint: Path | None
    history: list[dict]
    seconds: float
    interrupted: bool = False
    model: nn.Module | None = field(default=None, repr=False)


@dataclass
class RunState:
    """What a resume needs beyond the model and optimiser."""

    epoch: int = 0  # the epoch in progress (0-based)
    step: int = 0  # the next step within it
    history: list[dict] = field(default_factory=list)
    elapsed: float = 0.0  # training seconds before this process started
    sums: dict[str, float] = field(default_factory=dict)  # running sums of the epoch in progress


# --------------------------------------------------------------------------------------------
# Set-up


def pick_device(name: str, dist_info: distributed.DistInfo) -> torch.device:
    """CUDA, then MPS, then the CPU (or the one named); under torchrun, this rank's GPU."""
    device = resolve_device(name)
    if device.type == "cuda":
        if dist_info.enabled:
            device = torch.device("cuda", dist_info.local_rank)
        torch.cuda.set_device(device)
    return device


def seed_everything(cfg: TrainConfig) -> None:
    torch.manual_seed(cfg.seed)
    np.random.seed(cfg.seed)
    if cfg.deterministic:
        torch.use_deterministic_algorithms(True, warn_only=True)
        torch.backends.cudnn.benchmark = False
    else:
        torch.backends.cudnn.benchmark = True
    if cfg.threads:
        torch.set_num_threads(cfg.threads)


def load_data(cfg: TrainConfig) -> tuple[ImageArrays, ImageArrays | None, ImageArrays]:
    """Train, optional validation (held out of train), and test splits."""
    kw = {"size": cfg.image_size, "download": cfg.download,
          "cache_dir": cfg.cache_dir or None}
    train = load_split(cfg.data, "train", **kw)
    test = load_split(cfg.data, "test", **kw)
    train = random_subset(train, cfg.limit_train, cfg.seed)
    test = random_subset(test, cfg.limit_test, cfg.seed)
    if test.class_names != train.class_names:
        from model.data import align_classes

        test = align_classes(test, train.class_names)
    val = None
    if cfg.val_fraction > 0:
        order = np.random.default_rng(cfg.seed).permutation(len(train))
        n_val = int(round(cfg.val_fraction * len(train)))
        val = _subset(train, order[:n_val])
        train = _subset(train, np.sort(order[n_val:]))
    return train, val, test


def random_subset(arrays: ImageArrays, n: int, seed: int) -> ImageArrays:
    """``n`` images drawn at random (seeded), in their original order; all when ``n`` is 0."""
    if not n or n >= len(arrays):
        return arrays
    # A seeded random subset keeps every class represented (the files are sorted by class).
    return _subset(arrays, np.sort(np.random.default_rng(seed).permutation(len(arrays))[:n]))


def _subset(arrays: ImageArrays, idx: np.ndarray) -> ImageArrays:
    return ImageArrays(arrays.images[idx], arrays.labels[idx], arrays.class_names, arrays.source)


def build_model(cfg: TrainConfig, num_classes: int, device: torch.device) -> nn.Module:
    model = resnet18(num_classes=num_classes, stem=cfg.stem).to(device)  # type: ignore[arg-type]
    if cfg.channels_last:
        model = model.to(memory_format=torch.channels_last)
    return model


def build_optimizer(cfg: TrainConfig, model: nn.Module) -> torch.optim.SGD:
    # No weight decay on BatchNorm parameters and biases (Goyal et al., 2017, section 5.1).
    decay = [p for p in model.parameters() if p.ndim > 1]
    no_decay = [p for p in model.parameters() if p.ndim <= 1]
    groups = [{"params": decay, "weight_decay": cfg.weight_decay},
              {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.SGD(groups, lr=cfg.lr, momentum=cfg.momentum, nesterov=cfg.nesterov)


def build_scheduler(cfg: TrainConfig, optimizer: torch.optim.Optimizer,
                    steps_per_epoch: int) -> torch.optim.lr_scheduler.LRScheduler:
    total = cfg.epochs * steps_per_epoch
    if cfg.schedule == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=cfg.lr, total_steps=total,
            pct_start=min(0.5, max(cfg.warmup_epochs / max(cfg.epochs, 1), 0.05)))
    if cfg.schedule != "cosine":
        raise ValueError(f"unknown schedule {cfg.schedule!r} (use cosine or onecycle)")
    warmup = max(1, int(cfg.warmup_epochs * steps_per_epoch))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, _warmup_cosine(warmup, total))


def _warmup_cosine(warmup: int, total: int) -> Callable[[int], float]:
    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        progress = (step - warmup) / max(1, total - warmup)
        return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))

    return factor


def amp_dtype(cfg: TrainConfig, device: torch.device) -> torch.dtype | None:
    if cfg.amp == "off" or (cfg.amp == "auto" and device.type != "cuda"):
        return None
    return torch.bfloat16


# --------------------------------------------------------------------------------------------
# The epoch


def epoch_plan(images: Tensor, labels: Tensor, cfg: TrainConfig, epoch: int,
               ) -> tuple[Tensor, Tensor, Tensor | None]:
    """Shuffled, augmented uint8 images (and labels, cutout masks) for one whole epoch.

    Seeded by (seed, epoch) alone, so resuming rebuilds exactly the same epoch.
    """
    gen = torch.Generator(device=images.device).manual_seed(cfg.seed * 100_003 + epoch)
    order = torch.randperm(len(labels), device=images.device, generator=gen)
    x = crop_flip(images[order], cfg.crop_padding, cfg.flip, gen) if cfg.crop_padding or cfg.flip \
        else images[order]
    masks = None
    if cfg.cutout:
        masks = cutout_masks(len(x), x.shape[2], x.shape[3], cfg.cutout, x.device, gen)
    return x, labels[order], masks


def train(cfg: TrainConfig, on_step: Callable[[int, int, nn.Module], None] | None = None) -> TrainResult:
    """Run (or resume) training as ``cfg`` says. ``on_step(epoch, step, model)`` runs after each step
    (tests use it to interrupt or disturb a run at a known point)."""
    dist_info = distributed.from_environment()
    device = pick_device(cfg.device, dist_info)
    distributed.init(dist_info, device)
    deterministic = torch.are_deterministic_algorithms_enabled()
    try:
        return _train(cfg, dist_info, device, on_step)
    finally:
        torch.use_deterministic_algorithms(deterministic)
        distributed.shutdown(dist_info)


def _train(cfg: TrainConfig, dist_info: distributed.DistInfo, device: torch.device,
           on_step: Callable[[int, int, nn.Module], None] | None) -> TrainResult:
    seed_everything(cfg)
    out = Path(cfg.out)
    main = dist_info.is_main
    train_set, val_set, test_set = load_data(cfg)
    mean, std = train_set.channel_stats()
    images = torch.from_numpy(train_set.images).to(device)
    labels = torch.from_numpy(train_set.labels).to(device)
    batch = cfg.batch_size
    steps = len(labels) // batch
    if steps == 0:
        raise ValueError(f"batch size {batch} is larger than the {len(labels)} training images")
    if batch % dist_info.world_size:
        raise ValueError(f"batch size {batch} must divide among {dist_info.world_size} ranks")

    model = build_model(cfg, len(train_set.class_names), device)
    optimizer = build_optimizer(cfg, model)
    scheduler = build_scheduler(cfg, optimizer, steps)
    state = RunState()
    if cfg.resume:
        state = load_resume(Path(cfg.resume), model, optimizer, scheduler, device)
    net: nn.Module = model
    if dist_info.enabled:
        net = nn.parallel.DistributedDataParallel(
            model, device_ids=[device.index] if device.type == "cuda" else None)
    step_fn: nn.Module = torch.compile(net) if cfg.compile else net  # type: ignore[assignment]
    scale, shift = normalizer(mean, std, device)
    dtype = amp_dtype(cfg, device)
    test_u8 = torch.from_numpy(test_set.images).to(device)
    val_u8 = torch.from_numpy(val_set.images).to(device) if val_set is not None else None
    info = {"class_names": train_set.class_names, "mean": list(mean), "std": list(std)}
    if main:
        out.mkdir(parents=True, exist_ok=True)
        _print_start(cfg, train_set, test_set, val_set, device, dtype, dist_info)

    start_time = time.perf_counter()
    interrupted = False
    epoch = state.epoch
    try:
        while epoch < cfg.epochs:
            row = _run_epoch(cfg, epoch, state, step_fn, optimizer, scheduler, images, labels,
                             scale, shift, dtype, dist_info, on_step, device)
            row.update(_epoch_eval(cfg, epoch, model, test_u8, test_set, val_u8, val_set,
                                   mean, std, dtype, dist_info))
            row["elapsed"] = state.elapsed + time.perf_counter() - start_time
            state.history.append(row)
            epoch += 1
            state.epoch, state.step, state.sums = epoch, 0, {}
            if main:
                _log_epoch(out, row, cfg)
                save_resume(out / LAST, model, optimizer, scheduler, cfg, state, info,
                            elapsed=row["elapsed"])
    except KeyboardInterrupt:
        interrupted = True
        if main and _finite_sums(state):  # never replace a good last.pt with NaN weights
            save_resume(out / LAST, model, optimizer, scheduler, cfg, state, info,
                        elapsed=state.elapsed + time.perf_counter() - start_time)
            print(f"\nInterrupted. Progress saved to {out / LAST}.\nResume with:\n  "
                  f"{resume_command(cfg, out / LAST)}", file=sys.stderr)
    seconds = state.elapsed + time.perf_counter() - start_time
    distributed.broadcast_buffers(model, dist_info)
    final = None
    if main and not interrupted:
        final = export_final(out / FINAL, model, cfg, info, state.history, seconds, device)
        if cfg.plot and state.history:
            from model.plots import learning_curves

            learning_curves(state.history, out / CURVES)
        print(f"Done in {seconds:.0f} s. Checkpoint: {final}")
    distributed.barrier(dist_info)
    return TrainResult(final, state.history, seconds, interrupted, model)


def _run_epoch(cfg: TrainConfig, epoch: int, state: RunState, net: nn.Module,
               optimizer: torch.optim.Optimizer, scheduler, images: Tensor, labels: Tensor,
               scale: Tensor, shift: Tensor, dtype: torch.dtype | None,
               dist_info: distributed.DistInfo, on_step, device: torch.device) -> dict:
    x_all, y_all, masks = epoch_plan(images, labels, cfg, epoch)
    batch, steps = cfg.batch_size, len(y_all) // cfg.batch_size
    share = batch // dist_info.world_size
    sums = {"loss": torch.zeros((), device=device), "correct": torch.zeros((), device=device)}
    seen = int(state.sums.get("seen", 0))
    sums["loss"] += state.sums.get("loss", 0.0)
    sums["correct"] += state.sums.get("correct", 0.0)
    low_res = cfg.low_res if cfg.low_res and epoch < cfg.low_res_epochs else 0
    bar = _progress(cfg, dist_info, epoch, steps, state.step)
    net.train()
    state_start = state.step
    _sync(device)
    t0 = time.perf_counter()
    for step in range(state.step, steps):
        # This rank's share of the global batch: rows rank, rank + world, ...
        sl = slice(step * batch + dist_info.rank, (step + 1) * batch, dist_info.world_size)
        x = x_all[sl].float() * scale + shift
        if masks is not None:
            x = x * masks[sl]
        if low_res:
            x = F.interpolate(x, size=(low_res, low_res), mode="bilinear", antialias=True,
                              align_corners=False)
        if cfg.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        y = y_all[sl]
        with torch.autocast(device.type, dtype=dtype or torch.bfloat16, enabled=dtype is not None):
            logits = net(x)
            loss = F.cross_entropy(logits.float(), y, label_smoothing=cfg.label_smoothing)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        sums["loss"] += loss.detach() * share
        sums["correct"] += (logits.argmax(1) == y).sum()
        seen += share
        state.step = step + 1
        state.sums = {"loss": sums["loss"], "correct": sums["correct"], "seen": seen}
        if (step + 1) % FINITE_CHECK_EVERY == 0 or step + 1 == steps:
            _check_finite(sums["loss"], epoch, step)
        if bar is not None:
            bar.update(1)
            if (step + 1) % 20 == 0 or step + 1 == steps:
                bar.set_postfix(loss=f"{sums['loss'].item() / seen:.3f}",
                                acc=f"{sums['correct'].item() / seen:.3f}",
                                img_s=f"{seen * dist_info.world_size / (time.perf_counter() - t0):.0f}")
        if on_step is not None:
            on_step(epoch, step, net)
    _sync(device)
    seconds = time.perf_counter() - t0
    if bar is not None:
        bar.close()
    loss_sum, correct = _all_reduce(sums["loss"], sums["correct"], dist_info)
    total = seen * dist_info.world_size
    return {"epoch": epoch + 1, "resolution": low_res or cfg.image_size,
            "train_loss": loss_sum / total, "train_acc": correct / total,
            "lr": optimizer.param_groups[0]["lr"],
            "images_per_s": (steps - state_start) * batch / seconds if seconds > 0 else 0.0,
            "seconds": seconds}


def _all_reduce(loss: Tensor, correct: Tensor, dist_info: distributed.DistInfo) -> tuple[float, float]:
    both = torch.stack([loss.float(), correct.float()])
    if dist_info.enabled:
        torch.distributed.all_reduce(both)
    return float(both[0]), float(both[1])


def _finite_sums(state: RunState) -> bool:
    loss = state.sums.get("loss")
    return loss is None or bool(torch.isfinite(torch.as_tensor(loss)))


def _check_finite(loss_sum: Tensor, epoch: int, step: int) -> None:
    if not torch.isfinite(loss_sum):
        raise NonFiniteLoss(f"the training loss became {float(loss_sum)} at epoch {epoch + 1}, "
                            f"step {step + 1}; stopping (try a lower --lr). The last good "
                            "checkpoint is kept.")


def _epoch_eval(cfg: TrainConfig, epoch: int, model: nn.Module, test_u8: Tensor,
                test_set: ImageArrays, val_u8: Tensor | None, val_set: ImageArrays | None,
                mean, std, dtype, dist_info: distributed.DistInfo) -> dict:
    """Test (and validation) accuracy, for the log only: the final epoch is the result."""
    row: dict = {"test_loss": None, "test_acc": None}
    last = epoch + 1 == cfg.epochs
    if not dist_info.is_main or not cfg.eval_every or ((epoch + 1) % cfg.eval_every and not last):
        return row
    for key, u8, arrays in (("test", test_u8, test_set), ("val", val_u8, val_set)):
        if u8 is None or arrays is None:
            continue
        probs = predict_probabilities(model, u8, mean, std, amp_dtype=dtype,
                                      channels_last=cfg.channels_last)
        result = metrics(probs.cpu().numpy(), arrays.labels, arrays.class_names)
        row[f"{key}_loss"], row[f"{key}_acc"] = result.loss, result.accuracy
    return row


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _progress(cfg: TrainConfig, dist_info: distributed.DistInfo, epoch: int, steps: int,
              start: int):
    if not cfg.progress or not dist_info.is_main:
        return None
    from tqdm import tqdm

    return tqdm(total=steps, initial=start, desc=f"epoch {epoch + 1}/{cfg.epochs}",
                unit="step", leave=False, dynamic_ncols=True)


# --------------------------------------------------------------------------------------------
# Logs, resume state and the final checkpoint


def _print_start(cfg, train_set, test_set, val_set, device, dtype, dist_info) -> None:
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor() or "CPU"
    print(f"Training ResNet-18 ({cfg.stem} stem) on {len(train_set)} images, "
          f"{len(train_set.class_names)} classes; test {len(test_set)}"
          + (f", validation {len(val_set)}" if val_set is not None else "")
          + f". Device: {device} ({name}), {dist_info.world_size} process(es), "
          f"precision: {'bf16 autocast' if dtype else 'float32'}.", flush=True)


def _log_epoch(out: Path, row: dict, cfg: TrainConfig) -> None:
    with open(out / LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    parts = [f"epoch {row['epoch']}/{cfg.epochs}", f"loss {row['train_loss']:.4f}",
             f"train {100 * row['train_acc']:.2f}%"]
    if row.get("test_acc") is not None:
        parts.append(f"test {100 * row['test_acc']:.2f}%")
    if row.get("val_acc") is not None:
        parts.append(f"val {100 * row['val_acc']:.2f}%")
    per_epoch = row["elapsed"] / row["epoch"]
    parts += [f"lr {row['lr']:.4f}", f"{row['images_per_s']:.0f} img/s",
              f"{row['seconds']:.1f} s", f"ETA {per_epoch * (cfg.epochs - row['epoch']):.0f} s"]
    print(" | ".join(parts), flush=True)


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
        raise ResumeError(f"{path}: does not match this run ({str(e).splitlines()[0]})") from None


def read_resume_file(path: Path, device: torch.device | str = "cpu") -> dict:
    """A ``last.pt`` written by :func:`save_resume`, read without running any pickled code."""
    if not Path(path).is_file():
        raise ResumeError(f"{path}: no such resume file")
    try:
        payload = torch.load(path, map_location=device, weights_only=True)
    except Exception as e:  # torch.load raises many types for damaged or foreign files
        raise ResumeError(f"{path}: not a readable resume file ({str(e).splitlines()[0][:120]})") \
            from None
    if not isinstance(payload, dict) or "config" not in payload or "optimizer" not in payload:
        raise ResumeError(f"{path}: not a resume file written by cifar10 train (use the "
                          "run's last.pt)")
    return payload


def resume_config(path: str) -> TrainConfig:
    """The configuration stored in a resume file, pointed at that file."""
    cfg = TrainConfig.from_dict(read_resume_file(Path(path))["config"])
    return dataclasses.replace(cfg, resume=str(path))


def train_command(cfg: TrainConfig) -> str:
    """A ``cifar10 train`` command line that reproduces ``cfg`` (non-default fields only)."""
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
            parts += [flag, shlex.quote(str(value))]
    return " ".join(parts)


def resume_command(cfg: TrainConfig, path: Path) -> str:
    return f"cifar10 train --resume {shlex.quote(str(path))}"


def export_final(path: Path, model: nn.Module, cfg: TrainConfig, info: dict,
                 history: list[dict], seconds: float, device: torch.device) -> Path:
    """The final epoch's weights as our safetensors checkpoint, metadata filled."""
    versions = {"torch": torch.__version__, "python": platform.python_version()}
    hardware = torch.cuda.get_device_name(device) if device.type == "cuda" else \
        f"CPU ({platform.machine()}, {torch.get_num_threads()} threads)"
    last = history[-1] if history else {}
    meta = CheckpointInfo(
        stem=cfg.stem, num_classes=len(info["class_names"]), class_names=info["class_names"],
        input_size=cfg.image_size, mean=tuple(info["mean"]), std=tuple(info["std"]),
        train_config=cfg.to_dict(),
        extra={"versions": versions, "hardware": hardware, "train_seconds": round(seconds, 1),
               "epochs_trained": len(history), "final_train_accuracy": last.get("train_acc"),
               "final_epoch_test_accuracy": last.get("test_acc"),
               "command": train_command(cfg)})
    return save_checkpoint(path, model, meta, half=cfg.half_checkpoint)
