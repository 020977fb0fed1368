"""The fine-tuning recipes the app offers (*File > New Model from Folders*), as the command lines
they run, and how long they take on this machine.

Both start from the bundled network (ImageNet stem, 64-pixel inputs: a fine-tune must keep its
stem and is best run at the size its features were learnt at) with the small-data settings
of the digits run in the README: batch 64, learning rate 0.05 with one warm-up epoch, crops
from 8-pixel padding (what 4 pixels are at 32). *Better* trains everything for 10 epochs, the
backbone at a tenth of the head's learning rate (Kornblith et al., 2019). *Quick* keeps the
stem and the first three stages frozen and trains the last stage with the head for 4 epochs at
the full rate: on the digits, 97.77% held-out accuracy against 96.66% with the last stage at a
tenth (one run each, ``--threads 1``, both at once; README "Your own classes"). The estimate
comes from a few timed steps of the same network on this machine
(:mod:`model.training.speed`), not from a table.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from model.evaluation.fit_minimum import MIN_FIT_IMAGES
from model.training.run_files import FINAL

STEM = "imagenet"
IMAGE_SIZE = 64
BATCH_SIZE = 64
LR = 0.05  # at batch 64; scaled linearly when a small data set needs a smaller batch
VAL_FRACTION = 0.2
DEV_OUTLIERS = 600  # cifar10 fit-detector's default development outliers
# Seconds each of the three processes spends before its first step (Python, torch, reading the
# checkpoint and the images), measured on the 2-core development machine: about 6 s each.
STARTUP_S = 6.0


@dataclass(frozen=True)
class Speed:
    """What :func:`model.training.speed.measure_speed` found on this machine."""

    images_per_s: dict[str, float] = field(default_factory=dict)  # train_layers -> training
    forward_images_per_s: float = 0.0                             # inference

    def to_json(self) -> str:
        return json.dumps({"images_per_s": self.images_per_s,
                           "forward_images_per_s": self.forward_images_per_s})

    @classmethod
    def from_json(cls, text: str) -> Speed:
        """What ``python -m model.training.speed`` printed; ValueError if it is not that."""
        try:
            data = json.loads(text)
            rates = {str(k): float(v) for k, v in data["images_per_s"].items()}
            return cls(rates, float(data["forward_images_per_s"]))
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise ValueError(f"not a speed measurement: {text.strip()[:80]!r}") from e


@dataclass(frozen=True)
class Recipe:
    key: str           # "quick" or "better"
    epochs: int
    train_layers: str  # model.training.setup.TRAIN_LAYERS
    backbone_lr_scale: float


RECIPES = (Recipe("quick", 4, "layer4", 1.0), Recipe("better", 10, "all", 0.1))


def recipe(key: str) -> Recipe:
    for r in RECIPES:
        if r.key == key:
            return r
    raise ValueError(f"unknown recipe {key!r}")


def split_sizes(counts: list[int]) -> tuple[int, int]:
    """(training, validation) images of class folders with these counts: the stratified split
    of model.training.setup.split_validation holds out round(fraction × n), at least one, per
    class."""
    val = sum(max(1, round(VAL_FRACTION * n)) for n in counts)
    return sum(counts) - val, val


def batch_size(train_images: int) -> int:
    return max(1, min(BATCH_SIZE, train_images))


def recipe_for(train_layers: str) -> Recipe:
    """The recipe whose part of the network trains: *Better* for all of it, else *Quick* with
    ``train_layers`` (layer4 or head)."""
    if train_layers == "all":
        return recipe("better")
    quick = recipe("quick")
    return Recipe(quick.key, quick.epochs, train_layers, quick.backbone_lr_scale)


def recipe_options(r: Recipe, train_images: int) -> dict[str, object]:
    """:class:`~model.training.config.TrainConfig` values of recipe ``r`` for a set with
    ``train_images`` training images (the stem and size are the bundled network's)."""
    batch = batch_size(train_images)
    return {"stem": STEM, "image_size": IMAGE_SIZE, "epochs": r.epochs, "batch_size": batch,
            "lr": float(f"{LR * batch / BATCH_SIZE:g}"), "warmup_epochs": 1.0,
            "crop_padding": 8, "train_layers": r.train_layers,
            "backbone_lr_scale": r.backbone_lr_scale, "val_fraction": VAL_FRACTION}


def train_args(r: Recipe, data: Path, out: Path, train_images: int, flip: bool) -> list[str]:
    """``cifar10 train``'s arguments for recipe ``r`` (without the program)."""
    return (["train", "--data", str(data), "--out", str(out), "--init-from", "bundled"]
            + as_flags(recipe_options(r, train_images))
            + ["--flip" if flip else "--no-flip", "--no-progress", "--events"])


def as_flags(options: dict[str, object]) -> list[str]:
    """TrainConfig values as ``cifar10 train`` arguments (floats in their shortest form)."""
    args: list[str] = []
    for name, value in options.items():
        args += ["--" + name.replace("_", "-"),
                 f"{value:g}" if isinstance(value, float) else str(value)]
    return args


def check_args(data: Path, checkpoint: Path, results: Path,
               held_out: int) -> list[list[str]]:
    """The commands that make a fresh checkpoint a full one of ours: its validation results
    (accuracy, confusion matrix) and calibration stored in it, then its out-of-distribution
    detector fitted, both on the ``held_out`` images the run set aside. Below
    :data:`~model.evaluation.fit_minimum.MIN_FIT_IMAGES` of them only the results are stored:
    checks fitted on a handful of images would be worse than the rule's defaults."""
    evaluate = ["eval", "--checkpoint", str(checkpoint), "--data", str(data), "--split", "val",
                "--write-metadata", "--json", str(results)]
    if not checks_fit(held_out):
        return [evaluate]
    return [evaluate + ["--calibrate"],
            ["fit-detector", "--checkpoint", str(checkpoint), "--data", str(data)]]


def job_args(r: Recipe, data: Path, out: Path, counts: list[int], flip: bool,
             results: Path) -> list[list[str]]:
    """Every command of the app's job for recipe ``r`` on class folders with ``counts``
    images: training, then the checks the held-out part is large enough for."""
    train_images, held_out = split_sizes(counts)
    return [train_args(r, data, out, train_images, flip),
            *check_args(data, out / FINAL, results, held_out)]


def checks_fit(held_out: int) -> bool:
    """Whether ``held_out`` images are enough to fit the not-sure checks on."""
    return held_out >= MIN_FIT_IMAGES


def images_for_checks() -> int:
    """About how many images in all hold out enough for the not-sure checks."""
    return math.ceil(MIN_FIT_IMAGES / VAL_FRACTION)


def estimate_seconds(r: Recipe, counts: list[int], speed: Speed) -> float:
    """How long the whole job takes: training steps at the measured training speed, and every
    image the evaluations see (each epoch's pass over the held-out part, the results and
    calibration, the detector's features of every image and of its development outliers) at
    the measured inference speed; a set too small for the checks runs neither the calibration's
    fit nor the detector (:func:`check_args`)."""
    train, val = split_sizes(counts)
    steps = train // batch_size(train)
    ips = speed.images_per_s.get(r.train_layers, 0.0)
    if ips <= 0 or speed.forward_images_per_s <= 0:
        raise ValueError("no speed measured for this recipe")
    forward = r.epochs * val + val
    processes = 2  # train, eval
    if checks_fit(val):
        forward += train + val + DEV_OUTLIERS  # fit-detector
        processes += 1
    return (processes * STARTUP_S + r.epochs * steps * batch_size(train) / ips
            + forward / speed.forward_images_per_s)
