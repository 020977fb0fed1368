"""Training set-up: the pieces of a run built from its :class:`TrainConfig`.

The device (this rank's GPU under ``torchrun``), seeds and determinism, the data splits (with an
optional validation split held out of train), the model, the optimiser and the learning-rate
schedule. :mod:`model.training.loop` puts them together and runs the loop.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from model.data.datasets import ImageArrays, load_split
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
    """Train, optional validation (held out of train), and test splits."""
    kw = {"size": cfg.image_size, "download": cfg.download,
          "cache_dir": cfg.cache_dir or None}
    train = load_split(cfg.data, "train", **kw)
    test = load_split(cfg.data, "test", **kw)
    train = random_subset(train, cfg.limit_train, cfg.seed)
    test = random_subset(test, cfg.limit_test, cfg.seed)
    if test.class_names != train.class_names:
        from model.data.datasets import align_classes

        test = align_classes(test, train.class_names)
    train, val = split_validation(train, cfg)
    return train, val, test


def split_validation(train: ImageArrays, cfg: TrainConfig) -> tuple[ImageArrays, ImageArrays | None]:
    """(the training images a run learns from, its validation split or None), drawn from
    ``cfg.seed`` alone, so the same split can be rebuilt after training (``cifar10 eval --split
    val``) from the configuration stored in the checkpoint."""
    if cfg.val_fraction <= 0:
        return train, None
    order = np.random.default_rng(cfg.seed).permutation(len(train))
    n_val = int(round(cfg.val_fraction * len(train)))
    return _subset(train, np.sort(order[n_val:])), _subset(train, order[:n_val])


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
    _, val = split_validation(train, cfg)
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


def init_weights(model: nn.Module, cfg: TrainConfig, class_names: list[str]) -> None:
    """Copy ``cfg.init_from``'s weights into ``model``; its head too when it names the same
    classes in the same order. ValueError when the stems differ (the weights would not fit)."""
    from model.checkpoints.checkpoint import load_checkpoint

    source, info = load_checkpoint(cfg.init_from)
    if info.stem != cfg.stem:
        raise ValueError(f"{cfg.init_from}: its network has the {info.stem} stem; train with "
                         f"--stem {info.stem} to start from it")
    state = source.state_dict()
    if info.class_names != class_names:
        state = {k: v for k, v in state.items() if not k.startswith("fc.")}
    missing, _ = model.load_state_dict(state, strict=False)
    assert all(k.startswith("fc.") for k in missing), missing


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
