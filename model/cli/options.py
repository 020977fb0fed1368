"""What the ``cifar10`` subcommands share: help text of common options, and how a command that
reads a checkpoint and a dataset reports unusable input."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable

DATA_HELP = ("official cifar-10-batches-py folder (or its parent), or an image-folder tree "
             "root/{train,test}/<class>/*")
DEVICE_HELP = "auto (CUDA if present, else CPU), cpu, cuda or cuda:N"


def checkpoint_file(text: str) -> str:
    """An argparse ``type`` for ``--checkpoint``: a file, or ``bundled`` for the bundled model
    (the word ``train --init-from`` takes too), unless a file of that name is here."""
    if text == "bundled" and not os.path.exists(text):
        from model.files.paths import bundled_checkpoint

        return str(bundled_checkpoint())
    return text


def whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` (to ``high``). argparse turns the
    refusal into "argument --limit: -5 is below 0" and exit status 2 (``--limit -5`` used to
    evaluate all but five images, ``--input-size 0`` to mean the default)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is below {low}")
        if high is not None and value > high:
            raise argparse.ArgumentTypeError(f"{value} is above {high}")
        return value

    return parse


def number(low: float, below: float = math.inf) -> Callable[[str], float]:
    """An argparse ``type``: a finite number from ``low`` up to (not including) ``below``."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not (math.isfinite(value) and low <= value < below):
            upper = "" if below == math.inf else f" and below {below:g}"
            raise argparse.ArgumentTypeError(f"{text} must be a number of at least {low:g}{upper}")
        return value

    return parse


def check_output_file(flag: str, path: str | None) -> None:
    """ValueError when ``path`` (an output file option) cannot be written: a folder, or a file
    whose nearest existing parent is a file or not writable. Found before the work, not as a
    traceback after it (missing parent folders are made when it is written)."""
    if not path:
        return
    if os.path.isdir(path):
        raise ValueError(f"{flag} {path}: is a folder; name the file to write")
    parent = os.path.dirname(os.path.abspath(path))
    while not os.path.exists(parent) and os.path.dirname(parent) != parent:
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        raise ValueError(f"{flag} {path}: {parent} is a file, not a folder")
    if not os.path.exists(path) and not os.access(parent, os.W_OK | os.X_OK):
        raise ValueError(f"{flag} {path}: cannot write in {parent} (permission denied)")


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
