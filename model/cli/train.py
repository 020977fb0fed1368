"""``cifar10 train``: its options (one per :class:`TrainConfig` field), the configuration built
from them (or from the run being resumed) and the command's exit statuses."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from model.cli.options import DATA_HELP, DEVICE_HELP
from model.training.config import TrainConfig

if TYPE_CHECKING:
    from model.data.folder_scan import FolderScan

OWN_CLASSES_VAL_FRACTION = 0.2

_HELP = {
    "data": DATA_HELP + ", or a folder of class folders root/<class>/* (your own classes)",
    "out": "output folder for last.pt, model.safetensors, log.jsonl and curves.png",
    "stem": "cifar (3×3 conv, for 32×32 inputs) or imagenet (7×7/2 conv + max-pool)",
    "schedule": "cosine (linear warm-up, then cosine to zero) or onecycle",
    "cutout": "side of the cutout square in pixels (0: off)",
    "val_fraction": "fraction of train held out for validation (reporting only; a folder of "
                    "class folders has no test split and holds 0.2 out when this is 0)",
    "eval_every": "evaluate on the test split every N epochs, for the log only (0: only at the end)",
    "amp": "auto (bf16 on CUDA), bf16 or off",
    "limit_train": "use only N training images (smoke runs)",
    "limit_test": "use only N test images (smoke runs)",
    "resume": "continue the run saved in this last.pt; its recipe is kept (only --device, "
              "--threads, --progress and --events may change)",
    "train_layers": "what trains when fine-tuning: all, layer4 (last stage + classifier) or "
                    "head (classifier only); the rest keeps its weights and BatchNorm statistics",
    "backbone_lr_scale": "learning rate of everything but the classifier, as a fraction of --lr",
    "init_from": "start from this checkpoint's weights ('bundled': the bundled model; the "
                 "default when --train-layers is head or layer4); its head is kept when it "
                 "names the same classes, else replaced. --stem and --image-size follow the "
                 "checkpoint unless given, and on a folder of class folders so do the epochs, "
                 "batch, learning rate, warm-up and crop padding of the app's small-data recipe",
    "events": "also print machine-readable progress lines (@cifar10-event + JSON) on stdout, "
              "for programs that drive training",
    "threads": "CPU threads for torch (0: torch's default)",
    "low_res": "resolution schedule: train the first --low-res-epochs epochs at this size (0: off)",
    "low_res_epochs": "how many epochs --low-res applies to",
    "image_size": "input size the network is trained and evaluated at (images are resized)",
    "device": DEVICE_HELP,
}


class _StoreGiven(argparse.Action):
    """Store the value and remember that the command line gave it (a default cannot say)."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[override]
        setattr(namespace, self.dest, values)
        namespace.given = getattr(namespace, "given", frozenset()) | {self.dest}


def add_train_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train a ResNet-18",
                       description="Train a ResNet-18 on CIFAR-10 or an image-folder tree. "
                                   "Runs under torchrun --nproc_per_node=N for several GPUs.",
                       formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    defaults = TrainConfig()
    for f in dataclasses.fields(TrainConfig):
        flag = "--" + f.name.replace("_", "-")
        default = getattr(defaults, f.name)
        help_text = _HELP.get(f.name, f.name.replace("_", " "))
        if isinstance(default, bool):
            p.add_argument(flag, action=argparse.BooleanOptionalAction, default=default,
                           help=help_text)
        else:  # a run started from a checkpoint fills in the options not given
            p.add_argument(flag, type=type(default), default=default, help=help_text,
                           action=_StoreGiven)


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    values = {f.name: getattr(args, f.name) for f in dataclasses.fields(TrainConfig)}
    cfg = TrainConfig(**values)
    cfg.check()  # before a resume file or the data is read
    if cfg.resume:
        from model.training.state import resume_config


        stored = resume_config(cfg.resume)
        changed = [name for name in sorted(getattr(args, "given", frozenset())
                                           - RESUME_MAY_CHANGE - {"resume"})
                   if not _same(name, getattr(cfg, name), getattr(stored, name))]
        if changed:  # they were dropped without a word
            flags = ", ".join(f"--{name.replace('_', '-')} {getattr(cfg, name)}"
                              for name in changed)
            raise ValueError(f"--resume continues the run as it was set up; {flags} would "
                             "change it (only --device and --threads may): start a new run "
                             "with another --out instead")
        # A resumed run keeps its recipe; only where and how it runs may change. It writes
        # beside its resume file (a last.pt copied elsewhere had written into the old folder).
        cfg = dataclasses.replace(stored, device=cfg.device, progress=cfg.progress,
                                  threads=cfg.threads, events=cfg.events,
                                  out=str(Path(cfg.resume).expanduser().absolute().parent))
    elif not cfg.data:
        raise SystemExit("cifar10 train: error: --data is required (unless --resume is given)")
    else:
        check_out_folder(cfg.out)
        # Stored absolute, so that a resume from another folder finds the data and writes into
        # the run's folder (a relative --data was "not found", a relative --out made a new one).
        cfg = dataclasses.replace(cfg, **{name: _absolute(getattr(cfg, name)) for name in
                                          ("data", "out", "cache_dir", "init_from")
                                          if getattr(cfg, name) not in ("", "bundled")})
        from model.data.datasets import is_class_folder_tree

        tree = is_class_folder_tree(cfg.data)
        if cfg.val_fraction <= 0 and tree:
            # No train/ and test/ folders: hold a fifth of every class out to measure the run.
            cfg = dataclasses.replace(cfg, val_fraction=OWN_CLASSES_VAL_FRACTION)
            print(f"{cfg.data} has no train/ and test/ folders: holding "
                  f"{OWN_CLASSES_VAL_FRACTION:.0%} of each class out for validation",
                  file=sys.stderr)
        # One walk of the tree serves the recipe's counts and the merged-subfolder note.
        from model.data.folder_scan import scan_class_folders

        scan = scan_class_folders(Path(cfg.data)) if tree else None
        cfg = _fine_tuning_defaults(cfg, getattr(args, "given", frozenset()), scan)
        for name, subfolders in scan.merged if scan is not None else ():
            print(f"{Path(cfg.data) / name}: the images in its subfolders "
                  f"({', '.join(subfolders)}) are trained as the class {name}", file=sys.stderr)
    return cfg


RESUME_MAY_CHANGE = frozenset({"device", "threads"})  # where and how it runs, not what


def _absolute(path: str) -> str:
    return os.path.abspath(os.path.expanduser(path))


def _same(name: str, given: object, stored: object) -> bool:
    if name in ("data", "out", "init_from", "cache_dir") and given and stored:
        return Path(str(given)).expanduser().resolve() == Path(str(stored)).expanduser().resolve()
    return given == stored


def check_out_folder(out: str) -> None:
    """ValueError unless ``--out`` can be a folder: not blank ("" trained into the current
    folder), not a file, nor inside one (each was a traceback once the data had loaded)."""
    if not out.strip():
        raise ValueError("--out is empty: name the folder to write the run into")
    from model.training.run_files import file_in_the_way

    path = Path(out).expanduser()
    blocking = file_in_the_way(path)
    if blocking is not None:
        raise ValueError(f"--out {out}: {blocking} is a file, not a folder")
    existing = next(place for place in (path, *path.parents) if place.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ValueError(f"--out {out}: {existing} cannot be written to")


def _fine_tuning_defaults(cfg: TrainConfig, given: frozenset[str],
                          scan: FolderScan | None = None) -> TrainConfig:
    """A run started from a checkpoint fills in the options the command line left out, and says
    so on stderr: the checkpoint's stem (its weights fit no other) and input size (features
    are best used at the size they were learnt at); on a folder of class folders also the
    small-data recipe of *New Model from Folders* (model/training/recipes.py). A fine-tune
    (``--train-layers`` head or layer4) starts from the bundled network unless told otherwise.
    """
    from model.training.recipes import as_flags
    from model.training.setup import TRAIN_LAYERS

    if cfg.train_layers not in TRAIN_LAYERS:  # before anything is said or read
        raise ValueError(f"unknown --train-layers {cfg.train_layers!r} (use all, layer4 or head)")
    if not cfg.init_from and cfg.train_layers != "all":
        cfg = dataclasses.replace(cfg, init_from="bundled")
        print(f"--train-layers {cfg.train_layers}: starting from the bundled network "
              "(--init-from bundled)", file=sys.stderr)
    if not cfg.init_from:
        return cfg
    from model.checkpoints.checkpoint import read_info

    from model.training.setup import init_from_path

    path = init_from_path(cfg.init_from)
    ours = str(path).endswith(".safetensors")
    if ours:
        info = read_info(path)  # CheckpointError (reported by run_train) when not one of ours
    else:  # a .pth/.pt state dict, as classify and the app take: checked by loading it
        from model.checkpoints.checkpoint import load_checkpoint

        info = load_checkpoint(path)[1]
    if info.stem != cfg.stem and "stem" in given:  # before the data is read: the weights won't fit
        raise ValueError(f"{path}: its network has the {info.stem} stem; train with "
                         f"--stem {info.stem} (or leave --stem out) to start from it")
    wanted: dict[str, object] = {}
    if scan is not None:  # a folder of class folders (its FolderScan, made by the caller)
        from model.training.recipes import recipe_for, recipe_options, split_sizes

        counts = scan.counts
        wanted = recipe_options(recipe_for(cfg.train_layers), split_sizes(counts)[0])
    # A state dict without our metadata says its stem, not the size it learnt at (224 px is
    # only a guess for an ImageNet stem): --image-size stays as given or defaulted.
    wanted.update(stem=info.stem, **({"image_size": info.input_size} if ours else {}))
    adopted = {name: value for name, value in wanted.items()
               if name not in given and getattr(cfg, name) != value}
    if adopted:
        cfg = dataclasses.replace(cfg, **adopted)  # type: ignore[arg-type]
        said = " ".join(as_flags(adopted))
        print(f"starting from {cfg.init_from}: {said} (options not given)", file=sys.stderr)
    return cfg


def run_train(args: argparse.Namespace) -> int:
    from model.checkpoints.checkpoint import CheckpointError
    from model.data.datasets import DataError
    from model.training.loop import NonFiniteLoss, train
    from model.training.state import ResumeError

    if args.events:
        import signal

        # A driving program stops the run with SIGINT (saved, resumable, as Ctrl+C). A process
        # started in the background inherits SIGINT ignored, and Python then leaves it so.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = train(config_from_args(args))
    except NonFiniteLoss as e:
        print(f"cifar10 train: {e}", file=sys.stderr)
        return 3
    except (DataError, CheckpointError, ResumeError, ValueError) as e:
        if args.events and isinstance(e, DataError) and e.problem is not None:
            from model.training import events

            events.emit("refused", **e.problem.to_event())  # for the app to word
        print(f"cifar10 train: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # before training started (loading data): nothing to save
        print("cifar10 train: interrupted", file=sys.stderr)
        return 130
    return 130 if result.interrupted else 0
