"""The training configuration: one typed dataclass, filled from the command line."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from model.checkpoints.metadata_checks import MAX_INPUT, MIN_INPUT, STEMS

SCHEDULES = ("cosine", "onecycle")
AMP_MODES = ("auto", "bf16", "off")
MIN_IMAGE_SIZE = 4  # the ImageNet stem's 7x7/2 conv and 3x3/2 pool still leave one pixel


@dataclass
class TrainConfig:
    """Everything that decides a training run. Defaults are the recipe for the bundled model.

    Defaults follow common fast-CIFAR practice: SGD with Nesterov momentum 0.9, weight decay
    5e-4 on conv/linear weights (kuangliu/pytorch-cifar), label smoothing 0.1 (Szegedy et al.,
    2016), a short linear warm-up then cosine decay to zero (Goyal et al., 2017; Loshchilov &
    Hutter, 2017), batch 512 with the learning rate scaled linearly from 0.1 at batch 128.
    """

    data: str = ""
    out: str = "runs/resnet18"
    stem: str = "cifar"
    epochs: int = 40
    batch_size: int = 512
    lr: float = 0.2
    schedule: str = "cosine"  # "cosine" (linear warm-up + cosine) or "onecycle"
    warmup_epochs: float = 2.0
    momentum: float = 0.9
    nesterov: bool = True
    weight_decay: float = 5e-4
    label_smoothing: float = 0.1
    crop_padding: int = 4
    flip: bool = True
    cutout: int = 0  # side of the cutout square in pixels; 0 disables it
    image_size: int = 32
    # Resolution schedule: the first ``low_res_epochs`` epochs see images shrunk to ``low_res``
    # pixels (cheaper steps), the rest full size -- progressive resizing as in fast.ai's
    # DAWNBench entries. Global pooling lets one network take both sizes.
    low_res: int = 0
    low_res_epochs: int = 0
    val_fraction: float = 0.0  # held out of train, for reporting only
    eval_every: int = 1  # evaluate on the test split every N epochs (reporting, never selection)
    seed: int = 0
    device: str = "auto"
    amp: str = "auto"  # "auto" (bf16 on CUDA), "bf16" or "off"
    channels_last: bool = True
    compile: bool = False
    deterministic: bool = False
    threads: int = 0  # CPU threads for torch; 0 keeps torch's default
    resume: str = ""
    # Start from this checkpoint's weights instead of a random initialisation (a second
    # learning-rate cycle on a trained network, or fine-tuning on other classes). Its head is
    # kept when it names the same classes in the same order, else a fresh one replaces it.
    init_from: str = ""
    # What trains (fine-tuning): "all", "layer4" (the last stage and the classifier) or "head"
    # (the classifier alone); the rest keeps its weights and BatchNorm statistics.
    train_layers: str = "all"
    # The learning rate of everything but the classifier, as a fraction of --lr: a lower rate
    # keeps a trained backbone's features while a fresh head learns (fine-tuning practice,
    # e.g. Kornblith et al., 2019, "Do Better ImageNet Models Transfer Better?").
    backbone_lr_scale: float = 1.0
    limit_train: int = 0  # use only the first N training images (tests, smoke runs)
    limit_test: int = 0
    progress: bool = True
    events: bool = False  # machine-readable progress lines on stdout (model/training/events.py)
    plot: bool = True
    cache_dir: str = ""
    download: bool = False
    half_checkpoint: bool = True  # store the final weights as float16 (computed in float32)

    def check(self) -> None:
        """Raise ValueError naming the first option whose value no run can use, before any
        data is read (a batch of 0 used to end in a ZeroDivisionError, an input size of 0 in
        a message that blamed the images)."""
        at_least = {"epochs": 1, "batch_size": 1,
                    "low_res_epochs": 0, "crop_padding": 0, "cutout": 0, "eval_every": 0,
                    "threads": 0, "limit_train": 0, "limit_test": 0}
        for name, low in at_least.items():
            if getattr(self, name) < low:
                _refuse(name, getattr(self, name), f"must be at least {low}")
        for name in ("lr", "warmup_epochs", "weight_decay", "backbone_lr_scale"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):  # lr 0: only BatchNorm statistics move
                _refuse(name, value, "must be a number of 0 or more")
        for name in ("momentum", "label_smoothing", "val_fraction"):
            value = getattr(self, name)
            if not (math.isfinite(value) and 0 <= value < 1):
                _refuse(name, value, "must be at least 0 and below 1")
        # What a checkpoint may store (metadata_checks): 7 px trained, then nothing loaded it.
        if not MIN_INPUT <= self.image_size <= MAX_INPUT:
            _refuse("image_size", self.image_size, f"must be {MIN_INPUT} to {MAX_INPUT}")
        if bool(self.low_res) != bool(self.low_res_epochs):  # either alone did nothing
            _refuse("low_res" if self.low_res else "low_res_epochs",
                    self.low_res or self.low_res_epochs,
                    "needs --low-res-epochs" if self.low_res else "needs --low-res")
        if self.low_res_epochs and self.low_res_epochs >= self.epochs:
            _refuse("low_res_epochs", self.low_res_epochs, f"must leave at least one of the "
                                                           f"{self.epochs} epochs at --image-size")
        if self.low_res and not MIN_IMAGE_SIZE <= self.low_res <= self.image_size:
            _refuse("low_res", self.low_res, f"must be 0 (off) or {MIN_IMAGE_SIZE} to "
                                             f"--image-size ({self.image_size})")
        for name, choices in (("stem", STEMS), ("schedule", SCHEDULES), ("amp", AMP_MODES)):
            if getattr(self, name) not in choices:
                _refuse(name, getattr(self, name), "must be " + " or ".join(choices))

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


def _refuse(name: str, value: object, rule: str) -> None:
    raise ValueError(f"--{name.replace('_', '-')} {value!r} {rule}")
