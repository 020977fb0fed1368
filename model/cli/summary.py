"""``cifar10 summary``: the loaded network's architecture as a table (the stem, every block and
its shortcut, output shapes, parameters, the weighted layers spelled out); the same figures
*Model > Architecture* shows. Exit status 2 for an unusable checkpoint or input size."""

from __future__ import annotations

import argparse
import sys

from model.cli.options import checkpoint_file, whole
from model.training.config import MIN_IMAGE_SIZE

# The feature maps of one image at 1024 px take about 1 GB with the CIFAR stem (64 channels at
# full size); 100000 px asked the allocator for terabytes.
MAX_SUMMARY_SIZE = 1024


def add_summary_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summary", help="the network's architecture, layer by layer",
                       description="Print the network of a checkpoint as a table: the stem, "
                                   "the four stages' blocks with their shortcuts, output shape "
                                   "and parameters per layer, and the weighted-layer count.")
    p.add_argument("--checkpoint", metavar="FILE", type=checkpoint_file,
                   help="a checkpoint, or 'bundled' (the default)")
    p.add_argument("--input-size", type=whole(MIN_IMAGE_SIZE, MAX_SUMMARY_SIZE), metavar="N",
                   help="input side in pixels (default: the checkpoint's)")


def run_summary(args: argparse.Namespace) -> int:
    from model.checkpoints.checkpoint import CheckpointError, load_checkpoint
    from model.files.paths import bundled_checkpoint
    from model.network.summary import summarize

    path = args.checkpoint or bundled_checkpoint()
    try:
        model, info = load_checkpoint(path)
        print(summarize(model, args.input_size or info.input_size).table())
    except (CheckpointError, ValueError) as e:
        print(f"cifar10 summary: {e}", file=sys.stderr)
        return 2
    return 0
