"""Run under torchrun by test_train.py: ``cifar10 train`` on this rank, then save its weights.

Usage: ddp_worker.py WEIGHTS_DIR train --data ... (the arguments of ``cifar10 train``)
"""

import os
import sys
from pathlib import Path

import torch

from model.cli.main import build_parser
from model.cli.train import config_from_args
from model.network.resnet import resnet18
from model.training.loop import train


def run() -> None:
    weights = Path(sys.argv[1])
    weights.mkdir(parents=True, exist_ok=True)
    cfg = config_from_args(build_parser().parse_args(sys.argv[2:]))
    rank = int(os.environ["RANK"])
    result = train(cfg)
    torch.save(result.model.state_dict(), weights / f"rank{rank}.pt")
    if rank == 0:
        torch.manual_seed(cfg.seed)
        torch.save(resnet18().state_dict(), weights / "initial.pt")


if __name__ == "__main__":
    run()
