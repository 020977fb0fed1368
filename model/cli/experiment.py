"""``cifar10 experiment degradation``: the degradation experiment of He et al. (2016), run here.

Trains plain networks and their residual twins at two depths with one recipe
(:mod:`model.experiments.degradation`), writes ``log.jsonl`` (one row per network and epoch)
and ``degradation.png`` (the paper's Figure 6 style) into ``--out``, and prints what the last
epoch shows. Exit statuses: 0 done, 2 unusable data or options, 130 interrupted (the rounds
finished so far are saved; ``--resume`` continues).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.cli.options import DATA_HELP, number, whole


MAX_DEPTH = 1202  # He et al., 2016, section 4.2: their deepest CIFAR-10 network


def add_experiment_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("experiment", help="experiments that show how residual networks work",
                       description="Experiments that show how residual networks work.")
    names = p.add_subparsers(dest="experiment", metavar="NAME", required=True)
    d = names.add_parser(
        "degradation", formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        help="train plain and residual networks at two depths (He et al., 2016, Figure 6)",
        description="Train the paper's CIFAR-10 networks (6n+2 layers, 16/32/64 channels), "
                    "plain and residual, at two depths with one recipe, and plot their "
                    "training and test error per epoch.")
    d.add_argument("--data", required=True, help=DATA_HELP)
    d.add_argument("--out", required=True, help="folder for log.jsonl, degradation.png, state.pt")
    d.add_argument("--depths", type=int, nargs=2, default=[20, 56], metavar=("SHALLOW", "DEEP"),
                   help="depths 6n+2 of the two networks of each kind")
    d.add_argument("--epochs", type=whole(1), default=10, help="epochs per network")
    d.add_argument("--batch-size", type=whole(1), default=128)
    d.add_argument("--lr", type=number(0), default=0.1, help="learning rate (÷10 at 50%% and 75%%)")
    d.add_argument("--train-subset", type=whole(0), default=0,
                   help="train on N images drawn at random (0: the whole training split)")
    d.add_argument("--test-subset", type=whole(0), default=0,
                   help="measure test error on N images drawn at random (0: all)")
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--threads", type=whole(0), default=0, help="CPU threads for torch (0: default)")
    d.add_argument("--resume", action="store_true",
                   help="continue the run saved in --out (same options)")
    d.add_argument("--plot-only", action="store_true",
                   help="only redraw degradation.png from --out's log.jsonl")


def run_experiment(args: argparse.Namespace) -> int:
    from model.data.datasets import DataError
    from model.evaluation import plots
    from model.experiments import degradation as exp
    from model.experiments.degradation_log import outcome, read_log, summary_lines

    cfg = exp.DegradationConfig(
        data=args.data, out=args.out, depths=tuple(sorted(args.depths)), epochs=args.epochs,
        batch_size=args.batch_size, lr=args.lr, train_subset=args.train_subset,
        test_subset=args.test_subset, seed=args.seed, threads=args.threads)
    out = Path(cfg.out)
    try:
        if args.plot_only:
            if not (out / exp.LOG_NAME).is_file():  # was a raw "[Errno 2] No such file..."
                raise ValueError(f"{out}: no {exp.LOG_NAME} to plot (run the experiment into "
                                 "this --out first)")
            log = read_log(out / exp.LOG_NAME)
        else:
            if cfg.epochs < 1 or cfg.batch_size < 1:
                raise ValueError("--epochs and --batch-size must be at least 1")
            if cfg.depths[0] == cfg.depths[1]:  # nothing to compare ("not enough ... finished")
                raise ValueError(f"--depths {cfg.depths[0]} {cfg.depths[1]}: give two different "
                                 "depths, a shallower and a deeper network")
            if cfg.depths[1] > MAX_DEPTH:
                raise ValueError(f"--depths: {cfg.depths[1]} is over {MAX_DEPTH} layers, the "
                                 "deepest network He et al. trained on CIFAR-10")
            log = exp.run(cfg, resume=args.resume, progress=lambda s: print(s, flush=True))
    except (DataError, ValueError, OSError) as e:
        print(f"cifar10 experiment degradation: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cifar10 experiment degradation: interrupted; the finished rounds are saved in "
              f"{out}, --resume continues", file=sys.stderr)
        log = read_log(out / exp.LOG_NAME) if (out / exp.LOG_NAME).is_file() else []
        if log:
            plots.degradation(log, out / exp.PLOT_NAME)
        return 130
    plots.degradation(log, out / exp.PLOT_NAME)
    for line in summary_lines(outcome(log)):
        print(line)
    print(f"plot: {out / exp.PLOT_NAME}; log: {out / exp.LOG_NAME}")
    return 0
