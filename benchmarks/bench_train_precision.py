"""Training speed on this CPU in float32 and under bf16 autocast, per stem and input size.

bf16 autocast pays only on CPUs with bfloat16 arithmetic (AVX512-BF16, AMX); elsewhere oneDNN
emulates it and it can be many times slower than float32, which is why ``cifar10 train`` warns
when ``--amp bf16`` is asked for on such a CPU. This prints what the CPU has (torch's view) and,
for each configuration, the median training images/s over interleaved rounds (every round times
each configuration once, in turn, so background load hits all alike) with the range, and the
ratio bf16/float32. Synthetic batches, the trainer's optimiser (SGD, Nesterov), channels_last.

Usage: python benchmarks/bench_train_precision.py [--sizes 32 64] [--stem imagenet]
       [--rounds 5] [--steps 3] [--batch-size 128] [--threads 2]
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.network.resnet import resnet18  # noqa: E402
from model.training.setup import cpu_bf16_is_native, cpu_name  # noqa: E402


def _step_maker(size: int, bf16: bool, stem: str, batch: int):
    torch.manual_seed(0)
    model = resnet18(10, stem).to(memory_format=torch.channels_last)  # type: ignore[arg-type]
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True,
                          weight_decay=5e-4)
    x = torch.randn(batch, 3, size, size).contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, 10, (batch,))

    def step() -> None:
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = F.cross_entropy(model(x).float(), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    step()  # oneDNN primes its kernels on the first call
    return step


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[32, 64])
    p.add_argument("--stem", choices=("cifar", "imagenet"), default="imagenet")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--steps", type=int, default=3, help="training steps per round and variant")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    if min(args.rounds, args.steps, args.batch_size, args.threads, *args.sizes) < 1:
        p.error("--rounds, --steps, --batch-size, --threads and --sizes must be at least 1")
    torch.set_num_threads(args.threads)
    native = cpu_bf16_is_native()
    print(f"CPU: {cpu_name()}, torch {torch.__version__}, "
          f"capability {torch.backends.cpu.get_cpu_capability()}, bfloat16 instructions: "
          f"{'unknown' if native is None else 'yes' if native else 'no'}; "
          f"{args.threads} threads, batch {args.batch_size}, {args.stem} stem")
    variants = {(s, bf16): _step_maker(s, bf16, args.stem, args.batch_size)
                for s in args.sizes for bf16 in (False, True)}
    rates: dict[tuple[int, bool], list[float]] = {k: [] for k in variants}
    for _ in range(args.rounds):
        for key, step in variants.items():
            t0 = time.perf_counter()
            for _ in range(args.steps):
                step()
            rates[key].append(args.steps * args.batch_size / (time.perf_counter() - t0))
    for size in args.sizes:
        f32, b16 = rates[(size, False)], rates[(size, True)]
        line = [f"{size} px:"]
        for name, r in (("float32", f32), ("bf16 autocast", b16)):
            line.append(f"{name} {statistics.median(r):.1f} img/s ({min(r):.1f}-{max(r):.1f})")
        line.append(f"bf16/float32 x{statistics.median(b16) / statistics.median(f32):.2f}")
        print("  ".join(line))
    print("command: python benchmarks/bench_train_precision.py " + shlex.join(sys.argv[1:]
                                                                             if argv is None
                                                                             else argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
