"""Training: the whole data set lives on the device as uint8; every step is batched tensor work.

Each epoch's augmentation is planned and applied to all images at once (model/training/augment.py)
from a generator seeded by (seed, epoch), so an epoch can be rebuilt exactly on resume, even
mid-epoch.
On a GPU the step runs in bf16 autocast with channels_last tensors (and optionally
``torch.compile``); on the CPU the same code runs in float32. Under ``torchrun`` each rank trains
on its share of every global batch and rank 0 alone writes logs and checkpoints.

This module is the loop; the pieces it runs are built in :mod:`model.training.setup`, and what it
saves (resume state, the final checkpoint) is written and read by :mod:`model.training.state`.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from model.data.datasets import ImageArrays, is_class_folder_tree, print_skipped
from model.evaluation.formatting import format_accuracy
from model.evaluation.metrics import metrics
from model.evaluation.predict import predict_probabilities
from model.network.normalization import normalize, scale_shift_tensors
from model.training import distributed, events
from model.training.augment import crop_flip, cutout_masks
from model.training.config import TrainConfig
from model.training.setup import (
    amp_dtype,
    build_model,
    build_optimizer,
    build_scheduler,
    cpu_bf16_is_native,
    cpu_name,
    freeze,
    load_data,
    pick_device,
    seed_everything,
)
from model.training.run_files import CURVES, FINAL, LAST, LOG
from model.training.state import (
    RunState,
    export_final,
    load_resume,
    resume_command,
    save_resume,
)

FINITE_CHECK_EVERY = 50  # steps between non-finite-loss checks (each one syncs the GPU)
STEP_EVENT_EVERY_S = 0.25  # --events: at most four step lines a second (a reader redraws each)


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
class Run:
    """What one training run works with, built once by :func:`train`: the recipe, where it runs,
    the network and its optimiser, the data on the device. How far it has got is the separate
    :class:`~model.training.state.RunState`, the part a resume restores."""

    cfg: TrainConfig
    device: torch.device
    dist_info: distributed.DistInfo
    model: nn.Module  # the network itself: evaluated, saved
    net: nn.Module  # what a step calls: the model, wrapped for DDP and/or compiled
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler
    images: Tensor  # the training split, uint8 N×3×S×S on the device
    labels: Tensor
    mean: tuple[float, ...]  # channel statistics of the training split
    std: tuple[float, ...]
    scale: Tensor  # the normalisation they give (model.network.normalization)
    shift: Tensor
    dtype: torch.dtype | None  # autocast dtype; None: float32
    # The splits evaluated after an epoch: ("test", uint8 images on the device, arrays), then
    # ("val", ...) when one is held out.
    eval_splits: list[tuple[str, Tensor, ImageArrays]]
    on_step: Callable[[int, int, nn.Module], None] | None = None
    frozen: list[nn.Module] = field(default_factory=list)  # parts that do not learn


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
    cfg.check()
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
    if 0 < len(train_set) < cfg.batch_size and dist_info.world_size == 1 and not cfg.resume:
        # A batch worked out from file counts (the app's recipe) can exceed the images that
        # could be read: train on them all, at the learning rate scaled to the batch (the
        # linear rule of Goyal et al., 2017), and say so.
        n = len(train_set)
        print(f"batch size {cfg.batch_size} is larger than the {n} readable training images: "
              f"using {n}, learning rate {cfg.lr * n / cfg.batch_size:g}", file=sys.stderr)
        cfg = dataclasses.replace(cfg, batch_size=n, lr=cfg.lr * n / cfg.batch_size)
    mean, std = train_set.channel_stats()
    images = torch.from_numpy(train_set.images).to(device)
    labels = torch.from_numpy(train_set.labels).to(device)
    batch = cfg.batch_size
    steps = len(labels) // batch
    if steps == 0:
        raise ValueError(f"batch size {batch} is larger than the {len(labels)} training images")
    if batch % dist_info.world_size:
        raise ValueError(f"batch size {batch} must divide among {dist_info.world_size} ranks")

    model = build_model(cfg, train_set.class_names, device)
    frozen = freeze(model, cfg.train_layers)
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
    scale, shift = scale_shift_tensors(mean, std, device)
    dtype = amp_dtype(cfg, device)
    eval_splits = [("test", torch.from_numpy(test_set.images).to(device), test_set)]
    if val_set is not None:
        eval_splits.append(("val", torch.from_numpy(val_set.images).to(device), val_set))
    run = Run(cfg=cfg, device=device, dist_info=dist_info, model=model, net=step_fn,
              optimizer=optimizer, scheduler=scheduler, images=images, labels=labels,
              mean=mean, std=std, scale=scale, shift=shift, dtype=dtype,
              eval_splits=eval_splits, on_step=on_step, frozen=frozen)
    info = {"class_names": train_set.class_names, "mean": list(mean), "std": list(std),
            "native_size": train_set.native_size}
    if main:
        out.mkdir(parents=True, exist_ok=True)
        if not cfg.resume:  # a new run's log starts empty (two runs' epochs had been mixed)
            (out / LOG).unlink(missing_ok=True)
        _print_start(cfg, train_set, test_set, val_set, device, dtype, dist_info)
        if cfg.schedule == "cosine" and cfg.warmup_epochs >= cfg.epochs and not cfg.resume:
            # The default 2 warm-up epochs against --epochs 2: the run ended at its peak rate.
            print(f"note: --warmup-epochs {cfg.warmup_epochs:g} is not below --epochs "
                  f"{cfg.epochs}: the learning rate rises for the whole run and never decays "
                  "(give fewer warm-up epochs)", file=sys.stderr)
        if cfg.resume:
            print(f"Resuming {cfg.resume}: {state.epoch} of {cfg.epochs} epochs done"
                  + (f", epoch {state.epoch + 1} from step {state.step + 1}" if state.step
                     else ""), flush=True)
        if cfg.events:
            events.emit("start", classes=train_set.class_names, train_images=len(train_set),
                        val_images=len(val_set) if val_set is not None else 0,
                        epochs=cfg.epochs, steps=steps, epoch=state.epoch, out=str(out),
                        history=state.history)

    start_time = time.perf_counter()
    interrupted = False
    epoch = state.epoch
    try:
        while epoch < cfg.epochs:
            row = _run_epoch(run, epoch, state)
            row.update(_epoch_eval(run, epoch))
            row["elapsed"] = state.elapsed + time.perf_counter() - start_time
            state.history.append(row)
            epoch += 1
            state.epoch, state.step, state.sums = epoch, 0, {}
            if main:
                _log_epoch(out, row, cfg)
                save_resume(out / LAST, model, optimizer, scheduler, cfg, state, info,
                            elapsed=row["elapsed"])
                if cfg.events:  # after the save: a reader may stop the run and resume it
                    events.emit("epoch", epochs=cfg.epochs, **row)
    except KeyboardInterrupt:
        interrupted = True
        if main and _finite_sums(state):  # never replace a good last.pt with NaN weights
            save_resume(out / LAST, model, optimizer, scheduler, cfg, state, info,
                        elapsed=state.elapsed + time.perf_counter() - start_time)
            print(f"\nInterrupted. Progress saved to {out / LAST}.\nResume with:\n  "
                  f"{resume_command(cfg, out / LAST)}", file=sys.stderr)
            if cfg.events:
                events.emit("interrupted", resume=str(out / LAST), epoch=state.epoch)
    seconds = state.elapsed + time.perf_counter() - start_time
    distributed.broadcast_buffers(model, dist_info)
    final = None
    if main and not interrupted:
        final = export_final(out / FINAL, model, cfg, info, state.history, seconds, device)
        if cfg.plot and state.history:
            from model.evaluation.plots import learning_curves

            learning_curves(state.history, out / CURVES)
        print(f"Done in {seconds:.0f} s. Checkpoint: {final}")
        if cfg.events:
            events.emit("done", checkpoint=str(final), seconds=seconds)
    distributed.barrier(dist_info)
    return TrainResult(final, state.history, seconds, interrupted, model)


def _run_epoch(run: Run, epoch: int, state: RunState) -> dict:
    """Train one epoch (or the rest of it, on resume), updating ``state`` after every step; the
    epoch's row of the log."""
    cfg, dist_info, device, net = run.cfg, run.dist_info, run.device, run.net
    x_all, y_all, masks = epoch_plan(run.images, run.labels, cfg, epoch)
    batch, steps = cfg.batch_size, len(y_all) // cfg.batch_size
    share = batch // dist_info.world_size
    sums = {"loss": torch.zeros((), device=device), "correct": torch.zeros((), device=device)}
    seen = int(state.sums.get("seen", 0))
    sums["loss"] += state.sums.get("loss", 0.0)
    sums["correct"] += state.sums.get("correct", 0.0)
    low_res = cfg.low_res if cfg.low_res and epoch < cfg.low_res_epochs else 0
    bar = _progress(cfg, dist_info, epoch, steps, state.step)
    report = cfg.events and dist_info.is_main
    last_report = 0.0
    net.train()
    for part in run.frozen:  # BatchNorm statistics of the parts that do not learn stay put
        part.eval()
    state_start = state.step
    _sync(device)
    t0 = time.perf_counter()
    for step in range(state.step, steps):
        # This rank's share of the global batch: rows rank, rank + world, ...
        sl = slice(step * batch + dist_info.rank, (step + 1) * batch, dist_info.world_size)
        x = normalize(x_all[sl], run.scale, run.shift)
        if masks is not None:
            x = x * masks[sl]
        if low_res:
            x = F.interpolate(x, size=(low_res, low_res), mode="bilinear", antialias=True,
                              align_corners=False)
        if cfg.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        y = y_all[sl]
        with torch.autocast(device.type, dtype=run.dtype or torch.bfloat16,
                            enabled=run.dtype is not None):
            logits = net(x)
            loss = F.cross_entropy(logits.float(), y, label_smoothing=cfg.label_smoothing)
        run.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        run.optimizer.step()
        run.scheduler.step()
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
        if report and (step + 1 == steps
                       or time.perf_counter() - last_report >= STEP_EVENT_EVERY_S):
            last_report = time.perf_counter()
            events.emit("step", epoch=epoch, step=step + 1, steps=steps)
        if run.on_step is not None:
            run.on_step(epoch, step, net)
    _sync(device)
    seconds = time.perf_counter() - t0
    if bar is not None:
        bar.close()
    loss_sum, correct = _all_reduce(sums["loss"], sums["correct"], dist_info)
    total = seen * dist_info.world_size
    return {"epoch": epoch + 1, "resolution": low_res or cfg.image_size,
            "train_loss": loss_sum / total, "train_acc": correct / total,
            "lr": run.optimizer.param_groups[0]["lr"],
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


def _epoch_eval(run: Run, epoch: int) -> dict:
    """Test (and validation) accuracy, for the log only: the final epoch is the result."""
    cfg, main = run.cfg, run.dist_info.is_main
    row: dict = {"test_loss": None, "test_acc": None}
    last = epoch + 1 == cfg.epochs
    if not main or not cfg.eval_every or ((epoch + 1) % cfg.eval_every and not last):
        return row
    for key, u8, arrays in run.eval_splits:
        probs = predict_probabilities(run.model, u8, run.mean, run.std, amp_dtype=run.dtype,
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
# Logs


def _test_name(cfg: TrainConfig) -> str:
    """What the log calls the split in the ``test`` slot: a folder of class folders has no test
    split, and the part held out of its own images stands in (model/training/setup.py)."""
    return "held out" if is_class_folder_tree(cfg.data) else "test"


def _print_start(cfg, train_set, test_set, val_set, device, dtype, dist_info) -> None:
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else cpu_name()
    print(f"Training ResNet-18 ({cfg.stem} stem) on {len(train_set)} images, "
          f"{len(train_set.class_names)} classes; {_test_name(cfg)} {len(test_set)}"
          + (f", validation {len(val_set)}" if val_set is not None else "")
          + f". Device: {device} ({name}), {dist_info.world_size} process(es), "
          f"precision: {'bf16 autocast' if dtype else 'float32'}.", flush=True)
    if dtype is not None and device.type == "cpu" and cpu_bf16_is_native() is False:
        print("warning: this CPU has no bfloat16 instructions (AVX512-BF16 or AMX), so bf16 "
              "autocast is emulated and much slower than float32 here (8-11× on a 2-core AVX2 "
              "CPU: benchmarks/bench_train_precision.py); --amp off trains faster",
              file=sys.stderr, flush=True)
    if cfg.train_layers != "all":
        print(f"Training {cfg.train_layers} only; the rest keeps its weights.", flush=True)
    if cfg.backbone_lr_scale != 1.0:
        print(f"Backbone learning rate: {cfg.backbone_lr_scale:g} × {cfg.lr:g}.", flush=True)
    # (a folder of class folders: its held-out part shares the training split's list)
    skipped = list(dict.fromkeys(s for split in (train_set, test_set) for s in split.skipped))
    if skipped and cfg.events:
        events.emit("skipped", files=[[str(path), reason] for path, reason in skipped])
    print_skipped(skipped, sys.stderr)  # never silently: which files taught nothing


def _log_epoch(out: Path, row: dict, cfg: TrainConfig) -> None:
    with open(out / LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    parts = [f"epoch {row['epoch']}/{cfg.epochs}", f"loss {row['train_loss']:.4f}",
             f"train {format_accuracy(row['train_acc'], 2)}"]
    if row.get("test_acc") is not None:
        parts.append(f"{_test_name(cfg)} {format_accuracy(row['test_acc'], 2)}")
    if row.get("val_acc") is not None:
        parts.append(f"val {format_accuracy(row['val_acc'], 2)}")
    per_epoch = row["elapsed"] / row["epoch"]
    parts += [f"lr {row['lr']:.4f}", f"{row['images_per_s']:.0f} img/s",
              f"{row['seconds']:.1f} s", f"ETA {per_epoch * (cfg.epochs - row['epoch']):.0f} s"]
    print(" | ".join(parts), flush=True)
