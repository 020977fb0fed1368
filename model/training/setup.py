"""Training set-up: the pieces of a run built from its :class:`TrainConfig`.

The device (this rank's GPU under ``torchrun``), seeds and determinism, the data splits (with an
optional validation split held out of train), the model, the optimiser and the learning-rate
schedule. :mod:`model.training.loop` puts them together and runs the loop.
"""

from __future__ import annotations

import dataclasses
import math
import platform
from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from model.data.datasets import (
    ImageArrays,
    check_classes,
    is_class_folder_tree,
    load_split,
)
from model.network.devices import resolve_device
from model.network.resnet import resnet18
from model.training import distributed
from model.training.config import TrainConfig


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
    """Train, optional validation (held out of train), and test splits.

    A folder of class folders (a user's own classes, no train/ and test/) has no test split:
    its validation part, ``--val-fraction`` of it, is what the run measures itself on, and is
    returned as the test split (with no separate validation split)."""
    kw = {"size": cfg.image_size, "download": cfg.download,
          "cache_dir": cfg.cache_dir or None}
    train = load_split(cfg.data, "train", **kw)
    if is_class_folder_tree(cfg.data):
        check_classes(train)
        if cfg.val_fraction <= 0:
            raise ValueError(f"{cfg.data}: a folder of class folders needs --val-fraction > 0 "
                             "(the part held out to measure the run)")
        train = random_subset(train, cfg.limit_train, cfg.seed)
        learn, held_out = split_validation(train, cfg, stratified=True)
        assert held_out is not None
        return learn, None, held_out
    test = load_split(cfg.data, "test", **kw)
    train = random_subset(train, cfg.limit_train, cfg.seed)
    test = random_subset(test, cfg.limit_test, cfg.seed)
    if test.class_names != train.class_names:
        from model.data.datasets import align_classes

        test = align_classes(test, train.class_names)
    train, val = split_validation(train, cfg)
    return train, val, test


def split_validation(train: ImageArrays, cfg: TrainConfig, stratified: bool = False,
                     ) -> tuple[ImageArrays, ImageArrays | None]:
    """(the training images a run learns from, its validation split or None), drawn from
    ``cfg.seed`` alone, so the same split can be rebuilt after training (``cifar10 eval --split
    val``) from the configuration stored in the checkpoint. ``stratified`` holds the fraction
    out of every class separately, at least one image each (a user's small classes)."""
    if cfg.val_fraction <= 0:
        return train, None
    rng = np.random.default_rng(cfg.seed)
    if not stratified:
        order = rng.permutation(len(train))
        n_val = int(round(cfg.val_fraction * len(train)))
        return _subset(train, np.sort(order[n_val:])), _subset(train, order[:n_val])
    held = []
    for label in range(len(train.class_names)):
        members = rng.permutation(np.flatnonzero(train.labels == label))
        held.append(members[:max(1, int(round(cfg.val_fraction * len(members))))])
    val = np.sort(np.concatenate(held))
    rest = np.setdiff1d(np.arange(len(train)), val)
    return _subset(train, rest), _subset(train, val)


def held_out_validation(data: str, train_config: dict, size: int,
                        cache_dir: str | None = None) -> ImageArrays:
    """The validation split a finished run held out of training, rebuilt from its stored
    configuration. ValueError if that run held none out."""
    cfg = TrainConfig.from_dict(train_config)
    if cfg.val_fraction <= 0:
        raise ValueError("this checkpoint's training run held no validation split out "
                         "(--val-fraction 0); use --split test")
    train = load_split(data, "train", size=size, cache_dir=cache_dir)
    train = random_subset(train, cfg.limit_train, cfg.seed)
    _, val = split_validation(train, cfg, stratified=is_class_folder_tree(data))
    assert val is not None
    return val


def random_subset(arrays: ImageArrays, n: int, seed: int) -> ImageArrays:
    """``n`` images drawn at random (seeded), in their original order; all when ``n`` is 0."""
    if not n or n >= len(arrays):
        return arrays
    # A seeded random subset keeps every class represented (the files are sorted by class).
    return _subset(arrays, np.sort(np.random.default_rng(seed).permutation(len(arrays))[:n]))


def _subset(arrays: ImageArrays, idx: np.ndarray) -> ImageArrays:
    return dataclasses.replace(arrays, images=arrays.images[idx], labels=arrays.labels[idx])


def build_model(cfg: TrainConfig, class_names: list[str], device: torch.device) -> nn.Module:
    model = resnet18(num_classes=len(class_names), stem=cfg.stem)  # type: ignore[arg-type]
    if cfg.init_from:
        init_weights(model, cfg, class_names)
    model = model.to(device)
    if cfg.channels_last:
        model = model.to(memory_format=torch.channels_last)
    return model


def init_from_path(init_from: str) -> str:
    """The checkpoint file ``--init-from`` names ("bundled": the bundled network's)."""
    if init_from == "bundled":
        from model.files.paths import bundled_checkpoint

        return str(bundled_checkpoint())
    return init_from


def init_weights(model: nn.Module, cfg: TrainConfig, class_names: list[str]) -> None:
    """Copy ``cfg.init_from``'s weights into ``model``; its head too when it names the same
    classes in the same order. ValueError when the stems differ (the weights would not fit)."""
    from model.checkpoints.checkpoint import load_checkpoint

    path = init_from_path(cfg.init_from)
    source, info = load_checkpoint(path)
    if info.stem != cfg.stem:
        raise ValueError(f"{path}: its network has the {info.stem} stem; train with "
                         f"--stem {info.stem} to start from it")
    state = source.state_dict()
    if info.class_names != class_names:
        state = {k: v for k, v in state.items() if not k.startswith("fc.")}
    missing, _ = model.load_state_dict(state, strict=False)
    assert all(k.startswith("fc.") for k in missing), missing


TRAIN_LAYERS = {"all": (), "layer4": ("layer4", "fc"), "head": ("fc",)}


def freeze(model: nn.Module, train_layers: str) -> list[nn.Module]:
    """Stop the parts ``train_layers`` leaves out from learning: their parameters get no
    gradient. Returns those parts, whose BatchNorm layers the loop keeps in eval mode so that
    their running statistics stay as trained."""
    if train_layers not in TRAIN_LAYERS:
        raise ValueError(f"unknown --train-layers {train_layers!r} (use all, layer4 or head)")
    keep = TRAIN_LAYERS[train_layers]
    if not keep:
        return []
    frozen = [m for name, m in model.named_children() if name not in keep]
    for m in frozen:
        m.requires_grad_(False)
    return frozen


def build_optimizer(cfg: TrainConfig, model: nn.Module) -> torch.optim.SGD:
    """SGD over the parameters that learn. No weight decay on BatchNorm parameters and biases
    (Goyal et al., 2017, section 5.1). With a backbone learning-rate scale the classifier's
    groups come first (the log's learning rate is the head's); without one the groups are
    those of earlier runs, in model order, so their last.pt files still resume."""
    learning = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    if cfg.backbone_lr_scale == 1.0:
        parts = [(learning, 1.0)]
    else:
        parts = [([(n, p) for n, p in learning if n.startswith("fc.")], 1.0),
                 ([(n, p) for n, p in learning if not n.startswith("fc.")],
                  cfg.backbone_lr_scale)]
    groups = []
    for params, scale in parts:
        for decayed in (True, False):
            chosen = [p for _, p in params if (p.ndim > 1) == decayed]
            if chosen:
                groups.append({"params": chosen, "lr": cfg.lr * scale,
                               "weight_decay": cfg.weight_decay if decayed else 0.0})
    return torch.optim.SGD(groups, lr=cfg.lr, momentum=cfg.momentum, nesterov=cfg.nesterov)


def build_scheduler(cfg: TrainConfig, optimizer: torch.optim.Optimizer,
                    steps_per_epoch: int) -> torch.optim.lr_scheduler.LRScheduler:
    total = cfg.epochs * steps_per_epoch
    if cfg.schedule == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=[g["lr"] for g in optimizer.param_groups], total_steps=total,
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


def cpu_name(cpuinfo: str = "/proc/cpuinfo") -> str:
    """The CPU's model name (Linux's /proc/cpuinfo), for logs: platform.processor() is empty on
    Linux, and which CPU a run had decides its speed (bfloat16 instructions or not)."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name") and ":" in line:
                    return line.split(":", 1)[1].strip() or "CPU"
    except OSError:
        pass
    return platform.processor() or platform.machine() or "CPU"


def cpu_bf16_is_native() -> bool | None:
    """Whether this CPU has bfloat16 arithmetic (AVX512-BF16 or AMX), as torch sees it; None when
    this torch (or this CPU's architecture) cannot say. Without it oneDNN emulates bf16, and bf16
    autocast trained 8-11× slower than float32 on a 2-core AVX2 CPU
    (benchmarks/bench_train_precision.py, benchmarks/README.md).
    """
    if platform.machine().lower() not in ("x86_64", "amd64", "i386", "i686", "x86"):
        return None  # the probes below are x86 instructions; an Arm CPU may have BF16 of its own
    probes = [getattr(torch.cpu, name, None)
              for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    if any(probe is None for probe in probes):
        return None
    try:
        return any(bool(probe()) for probe in probes)  # type: ignore[misc]
    except RuntimeError:
        return None


def amp_dtype(cfg: TrainConfig, device: torch.device) -> torch.dtype | None:
    if cfg.amp == "off" or (cfg.amp == "auto" and device.type != "cuda"):
        return None
    return torch.bfloat16
