"""How fast this machine trains and runs the fine-tuning network: a few timed steps on random
images, for the app's time estimate (model/training/recipes.py).

It runs the real network and optimiser at the recipe's size and batch; the first step of each
kind is a warm-up (one-time allocations, oneDNN's kernel choice) and is not timed; the mean of
the timed steps counts (the fastest step alone overstated the speed of a whole run by up to a
half on the development machine).
"""

from __future__ import annotations

import sys
import time

import torch
import torch.nn.functional as F

from model.network.resnet import resnet18
from model.training.recipes import Speed
from model.training.setup import freeze


def measure_speed(train_layers: tuple[str, ...], *, stem: str = "imagenet", size: int = 64,
                  batch: int = 64, steps: int = 3, num_classes: int = 10) -> Speed:
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(batch, 3, size, size, generator=gen).contiguous(
        memory_format=torch.channels_last)
    y = torch.randint(0, num_classes, (batch,), generator=gen)
    rates = {}
    for layers in train_layers:
        model = resnet18(num_classes=num_classes, stem=stem).to(memory_format=torch.channels_last)
        frozen = freeze(model, layers)
        model.train()
        for part in frozen:
            part.eval()
        opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.01,
                              momentum=0.9)

        def step() -> None:
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()

        rates[layers] = batch / _mean_seconds(step, steps)
    model.eval()
    with torch.inference_mode():
        forward = batch / _mean_seconds(lambda: model(x), steps)
    return Speed(rates, forward)


def _mean_seconds(fn, repeats: int) -> float:
    """Mean seconds of ``repeats`` calls, after one untimed call."""
    fn()
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    return (time.perf_counter() - start) / repeats


def main(argv: list[str] | None = None) -> int:
    """``python -m model.training.speed [TRAIN_LAYERS ...]``: print the measurement as JSON.
    The app runs it as a child process, so that its own process never imports what training
    pulls in (torch.optim loads torch._dynamo, which loads triton; loading triton's LLVM in a
    process whose Qt has loaded Mesa's crashed the app under Xvfb)."""
    layers = tuple(argv if argv is not None else sys.argv[1:]) or ("layer4", "all")
    print(measure_speed(layers).to_json(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
