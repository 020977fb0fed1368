"""Training throughput: our batched tensor path against the usual tutorial loop, in one run.

The tutorial way: ``torchvision.datasets.ImageFolder`` over the JPEG tree, ``RandomCrop(32,
padding=4, padding_mode="reflect")``, ``RandomHorizontalFlip``, ``ToTensor``, ``Normalize``, and a
``DataLoader`` with worker processes, feeding the same ResNet-18 with the same optimiser. Ours:
the decoded uint8 array held in memory (model/data/datasets.py), one whole-epoch augmentation by
indexing (model/training/augment.py), channels_last. Both run the same number of steps,
alternating, and the script prints images/s and the ratio for each stem.

    python benchmarks/bench_train.py --data ../shared/data/cifar10-jpeg [--steps 15]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.data.datasets import load_split  # noqa: E402
from model.data.labels import CIFAR10_MEAN, CIFAR10_STD, default_class_names  # noqa: E402
from model.network.normalization import normalize, scale_shift_tensors  # noqa: E402
from model.training.config import TrainConfig  # noqa: E402
from model.training.loop import epoch_plan  # noqa: E402
from model.training.setup import build_model, build_optimizer  # noqa: E402

CLASSES = default_class_names(10)


def tutorial_loop(cfg: TrainConfig, data: Path, steps: int, workers: int) -> float:
    from torch.utils.data import DataLoader
    from torchvision import datasets, transforms

    tf = transforms.Compose([
        transforms.RandomCrop(32, padding=4, padding_mode="reflect"),
        transforms.RandomHorizontalFlip(), transforms.ToTensor(),
        transforms.Normalize(CIFAR10_MEAN, CIFAR10_STD)])
    loader = DataLoader(datasets.ImageFolder(str(data / "train"), tf), batch_size=cfg.batch_size,
                        shuffle=True, num_workers=workers, drop_last=True,
                        persistent_workers=False)
    model = build_model(dataclasses.replace(cfg, channels_last=False), CLASSES, torch.device("cpu"))
    opt = build_optimizer(cfg, model)
    model.train()
    it = iter(loader)
    _step(model, opt, *next(it), cfg)  # warm-up: starts the workers, first allocations
    t0 = time.perf_counter()
    for _ in range(steps):
        _step(model, opt, *next(it), cfg)
    return steps * cfg.batch_size / (time.perf_counter() - t0)


def tensor_loop(cfg: TrainConfig, images: torch.Tensor, labels: torch.Tensor,
                steps: int) -> float:
    model = build_model(cfg, CLASSES, torch.device("cpu"))
    opt = build_optimizer(cfg, model)
    scale, shift = scale_shift_tensors(CIFAR10_MEAN, CIFAR10_STD, torch.device("cpu"))
    model.train()
    warm = normalize(images[:cfg.batch_size], scale, shift)
    _step(model, opt, warm.contiguous(memory_format=torch.channels_last),
          labels[:cfg.batch_size], cfg)  # warm-up: first allocations, oneDNN primitives
    done, t0 = 0, time.perf_counter()
    for epoch in range(10_000):
        # Timed: planning and applying the epoch's augmentation is our data path.
        x_all, y_all, _ = epoch_plan(images, labels, cfg, epoch)
        for i in range(len(y_all) // cfg.batch_size):
            sl = slice(i * cfg.batch_size, (i + 1) * cfg.batch_size)
            x = normalize(x_all[sl], scale, shift).contiguous(memory_format=torch.channels_last)
            _step(model, opt, x, y_all[sl], cfg)
            done += 1
            if done == steps:
                return steps * cfg.batch_size / (time.perf_counter() - t0)
    raise RuntimeError("not enough data")


def _step(model, opt, x, y, cfg: TrainConfig) -> None:
    loss = F.cross_entropy(model(x), y, label_smoothing=cfg.label_smoothing)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="image-folder CIFAR-10 tree")
    parser.add_argument("--steps", type=int, default=15, help="timed steps per measurement")
    parser.add_argument("--repeats", type=int, default=2, help="alternating measurements")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--workers", type=int, default=2, help="DataLoader worker processes")
    parser.add_argument("--stems", default="imagenet,cifar")
    args = parser.parse_args()

    train = load_split(args.data, "train")
    # A 4096-image slice: its epoch plan is timed once per 4096 / batch steps, the same share of
    # the work as a full epoch's plan over a full epoch (the DataLoader side shuffles all 50k).
    images = torch.from_numpy(train.images[:4096])
    labels = torch.from_numpy(train.labels[:4096])
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, batch "
          f"{args.batch_size}, {args.steps} timed steps per measurement, median of "
          f"{args.repeats}")
    for stem in args.stems.split(","):
        cfg = TrainConfig(stem=stem, batch_size=args.batch_size)
        ours, theirs = [], []
        for _ in range(args.repeats):  # alternate, so drifting machine load hits both
            theirs.append(tutorial_loop(cfg, args.data, args.steps, args.workers))
            ours.append(tensor_loop(cfg, images, labels, args.steps))
        o, t = statistics.median(ours), statistics.median(theirs)
        print(f"{stem:>8} stem: ours {o:7.1f} img/s | DataLoader + transforms {t:7.1f} img/s "
              f"| ratio {o / t:.2f}x", flush=True)
    print("command: python " + " ".join(sys.argv))


if __name__ == "__main__":
    main()
