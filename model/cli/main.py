"""The ``cifar10`` command: ``classify``, ``train``, ``eval``, ``fit-detector``, ``summary`` and
``experiment``.

The parser is built here: classify's options in this module, train's and eval's in their
command modules (model/cli/train.py, model/cli/eval.py), whose top levels import no torch, so
``--help`` is instant. Each command then gets the parsed namespace.
"""

from __future__ import annotations

import argparse
import codecs
import errno
import os
import sys
from collections.abc import Sequence

from model.cli.options import checkpoint_file


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cifar10", description="Classify images with, train and evaluate a CIFAR-10 ResNet-18.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_classify(sub)
    from model.cli.eval import add_eval_parser
    from model.cli.experiment import add_experiment_parser
    from model.cli.fit_detector import add_fit_detector_parser
    from model.cli.summary import add_summary_parser
    from model.cli.train import add_train_parser

    add_train_parser(sub)
    add_eval_parser(sub)
    add_fit_detector_parser(sub)
    add_summary_parser(sub)
    add_experiment_parser(sub)
    return parser


def _add_classify(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("classify", help="top-k classes for images and folders",
                       description="Print the top-k classes for each image. Folders are walked "
                                   "recursively. A file that cannot be read is reported and the "
                                   "rest go on.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="image files or folders")
    p.add_argument("--checkpoint", metavar="FILE", type=checkpoint_file,
                   help="checkpoint (.safetensors, .pt, .pth, .ckpt) or 'bundled' (the default)")
    p.add_argument("--top", type=int, default=5, metavar="K", help="classes per image (default 5)")
    p.add_argument("--device", default="auto", help="auto (default), cpu, cuda, cuda:N or mps")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help="output format (default table)")
    p.add_argument("--batch-size", type=int, default=64, help="images per forward pass")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from model.cli.parent_watch import watch_parent

    watch_parent()  # run by the app: stop when the app is gone (model/cli/parent_watch.py)
    if args.command == "classify":
        from model.cli.classify import run
    elif args.command == "train":
        from model.cli.train import run_train as run
    elif args.command == "fit-detector":
        from model.cli.fit_detector import run_fit_detector as run
    elif args.command == "summary":
        from model.cli.summary import run_summary as run
    elif args.command == "experiment":
        from model.cli.experiment import run_experiment as run
    else:
        from model.cli.eval import run_eval as run
    tolerant_output()
    from model.data.pillow_quiet import quiet_pillow_size_warnings

    quiet_pillow_size_warnings()
    try:
        return run(args)
    except KeyboardInterrupt as e:
        # Ctrl-C: one line and the shell's status for SIGINT, not a traceback (train and
        # experiment say what they saved themselves; classify's JSON says what it holds).
        print(f"cifar10 {args.command}: {str(e) or 'interrupted'}", file=sys.stderr)
        return 128 + 2
    except BrokenPipeError:
        # The reader went away (`cifar10 classify photos/ | head`): stop quietly, as command
        # line tools do, with the status of a process SIGPIPE ended. Output still buffered
        # would raise again at exit: stdout becomes /dev/null first (Python's signal docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + 13
    except OSError as e:
        if e.errno in _OUTPUT_FULL:
            print(f"cifar10 {args.command}: cannot write the output: {e.strerror}",
                  file=sys.stderr)
            return 2
        if e.filename is None:
            raise
        # A file the checks before the work could not foresee (a read-only mount, a folder
        # made immutable): one line naming it, not a traceback.
        print(f"cifar10 {args.command}: {e.filename}: {e.strerror}", file=sys.stderr)
        return 2


_OUTPUT_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def tolerant_output() -> None:
    """Let stdout and stderr write any file name. A name that is not UTF-8 reaches Python as
    lone surrogates (PEP 383); under a UTF-8 locale such as en_US.UTF-8 the streams are
    strict, and the first such name ended `classify` in a UnicodeEncodeError. On a UTF-8
    stream the name's own bytes are written back (as ls does); on any other, an escape."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or not getattr(stream, "encoding", None):
            continue
        utf8 = codecs.lookup(stream.encoding).name == "utf-8"
        reconfigure(errors="surrogateescape" if utf8 else "backslashreplace")


if __name__ == "__main__":
    sys.exit(main())
