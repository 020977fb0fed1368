"""What the ``cifar10`` subcommands share: help text of common options, and how a command that
reads a checkpoint and a dataset reports unusable input."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

DATA_HELP = ("official cifar-10-batches-py folder (or its parent), or an image-folder tree "
             "root/{train,test}/<class>/*")
DEVICE_HELP = "auto (CUDA if present, else CPU), cpu, cuda or cuda:N"


def exit_2_on_unusable_input(command: str, run: Callable[[argparse.Namespace], int],
                             args: argparse.Namespace) -> int:
    """``run(args)``, with an unusable checkpoint, dataset or option value reported on stderr
    as one line naming the command, and exit status 2."""
    from model.checkpoints.checkpoint import CheckpointError
    from model.data.datasets import DataError

    try:
        return run(args)
    except (CheckpointError, DataError, ValueError) as e:
        print(f"cifar10 {command}: {e}", file=sys.stderr)
        return 2
