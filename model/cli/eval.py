"""``cifar10 eval``: a checkpoint's accuracy, per-class accuracy, confusion matrix and
calibration error on a data split; optionally its temperature and not-sure thresholds fitted
(``--calibrate``) and the results stored in the checkpoint for the app to show."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from model.cli.options import (
    DATA_HELP,
    DEVICE_HELP,
    check_output_file,
    checkpoint_file,
    exit_2_on_unusable_input,
    whole,
)
from model.files.atomic import write_bytes_atomic


def add_eval_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="evaluate a checkpoint",
                       description="Accuracy, per-class accuracy, confusion matrix and expected "
                                   "calibration error of a checkpoint on a data split.")
    p.add_argument("--checkpoint", required=True, metavar="FILE", type=checkpoint_file,
                   help="checkpoint to evaluate, or 'bundled'")
    p.add_argument("--data", required=True, metavar="DIR", help=DATA_HELP)
    p.add_argument("--split", choices=("test", "train", "val"), default="test",
                   help="val: the validation split the checkpoint's training run held out of "
                        "train (--val-fraction), rebuilt from its stored configuration")
    p.add_argument("--tta", action="store_true", help="average the image and its mirror")
    p.add_argument("--plot", metavar="FILE", help="write the confusion matrix as a PNG")
    p.add_argument("--write-metadata", action="store_true",
                   help="store the results in the checkpoint (atomically) for the app to show")
    p.add_argument("--calibrate", action="store_true",
                   help="fit temperature scaling and the not-sure rule's thresholds on a "
                        "fixed-seed half of the split, report calibration before/after on the "
                        "other half, and store them in the checkpoint (extra['calibration']); "
                        "the split must be data the network was not trained on")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--device", default="auto", help=DEVICE_HELP)
    p.add_argument("--batch-size", type=whole(1), default=500)
    p.add_argument("--limit", type=whole(0), default=0, help="evaluate only N images drawn at random (smoke runs; 0: all)")
    p.add_argument("--cache-dir", default="", help="where decoded images are cached")


def run_eval(args: argparse.Namespace) -> int:
    return exit_2_on_unusable_input("eval", _run_eval, args)


def _run_eval(args: argparse.Namespace) -> int:
    import torch

    from model.checkpoints.checkpoint import (
        CheckpointError,
        load_checkpoint,
        now_iso,
        read_info,
        update_metadata,
    )
    from model.data.datasets import align_classes, load_split, print_skipped
    from model.evaluation.fit_minimum import MIN_FIT_IMAGES
    from model.evaluation.formatting import format_accuracy
    from model.evaluation.metrics import format_report, metrics
    from model.evaluation.predict import predict_logits
    from model.network.devices import resolve_device
    from model.training.setup import random_subset

    writes = [flag for flag, on in (("--write-metadata", args.write_metadata),
                                    ("--calibrate", args.calibrate)) if on]
    if writes and not str(args.checkpoint).endswith(".safetensors"):
        # Checked before the (long) evaluation rather than after it.
        raise CheckpointError(args.checkpoint, f"{' and '.join(writes)} needs a .safetensors "
                                               "checkpoint (this project's format)")
    if writes:
        try:  # a .safetensors of someone else's has no metadata to write into
            read_info(args.checkpoint)
        except CheckpointError as e:
            raise CheckpointError(args.checkpoint, f"{' and '.join(writes)}: {e.reason}; "
                                                   "evaluate without it") from None
    if args.calibrate and args.split == "train":
        raise ValueError("--calibrate fits on data the network was not trained on: use --split "
                         "val (the part cifar10 train --val-fraction held out), not train")
    check_output_file("--json", args.json)
    check_output_file("--plot", args.plot)
    if args.calibrate and args.tta:
        # The app and `cifar10 classify` run a single view; a temperature fitted to averaged
        # mirror logits would be fitted to a different function.
        raise ValueError("--calibrate fits the single view the app uses; drop --tta")
    device = resolve_device(args.device)
    model, info = load_checkpoint(args.checkpoint)
    model.to(device)
    if args.split == "val":
        from model.training.setup import held_out_validation

        if not info.train_config:
            raise CheckpointError(args.checkpoint, "--split val needs the training configuration "
                                                   "stored by cifar10 train (none in this file)")
        arrays = held_out_validation(args.data, info.train_config, info.input_size,
                                     args.cache_dir or None)
    else:
        arrays = load_split(args.data, args.split, size=info.input_size,
                            cache_dir=args.cache_dir or None)
    print_skipped(arrays.skipped, sys.stderr)  # else the count alone would hint at them
    arrays = align_classes(random_subset(arrays, args.limit, 0), info.class_names)
    if args.calibrate and len(arrays.labels) < MIN_FIT_IMAGES:
        raise ValueError(f"--calibrate needs at least {MIN_FIT_IMAGES} images to fit on; the "
                         f"{args.split} split of {args.data} has {len(arrays.labels)} (evaluate "
                         "without --calibrate, or add images)")
    images = torch.from_numpy(arrays.images).to(device)
    logits = predict_logits(model, images, info.mean, info.std,
                            batch_size=args.batch_size, tta=args.tta)
    result = metrics(logits.softmax(1).cpu().numpy(), arrays.labels, info.class_names)
    view = "mirror TTA" if args.tta else "single view"
    title = f"{args.checkpoint} on {arrays.source} ({args.split} split, {view})"
    print(format_report(result, title))
    record = {"checkpoint": str(args.checkpoint), "data": str(Path(args.data)),
              "split": args.split, "tta": bool(args.tta), "evaluated": now_iso(),
              **result.summary()}
    changes: dict = {}
    if args.calibrate:
        from model.evaluation.calibration import calibrate, format_calibration

        # The pixels as the network sees them (N×H×W×3) fit the rule's image check.
        fitted = calibrate(logits.cpu().numpy(), arrays.labels,
                           arrays.images.transpose(0, 2, 3, 1))
        print("\n" + format_calibration(fitted))
        calibration = {**fitted.record(), "data": str(Path(args.data)), "split": args.split,
                       "fitted": now_iso()}
        record["calibration"] = calibration
        changes["extra"] = {"calibration": calibration}
        if info.extra.get("detector"):
            # Its threshold shares a flag budget with the checks just refitted.
            print("Note: the stored out-of-distribution detector's threshold was set with the "
                  "previous calibration; run cifar10 fit-detector again to keep its budget.")
    if args.json:
        write_bytes_atomic(args.json, (json.dumps(record, indent=2) + "\n").encode("utf-8"))
    if args.write_metadata:
        eval_record = {k: v for k, v in record.items() if k != "calibration"}
        changes["extra"] = {**changes.get("extra", {}), "eval": eval_record}
        if not args.tta and args.split == "test":  # the headline figure is single-view test
            changes.update(test_accuracy=result.accuracy,
                           per_class_accuracy=result.per_class_accuracy)
    if changes:
        update_metadata(args.checkpoint, **changes)
        stored = " and ".join(name for name, on in (("results", args.write_metadata),
                                                     ("calibration", args.calibrate)) if on)
        print(f"{stored.capitalize()} written into {args.checkpoint}'s metadata.")
    # The plot last: a plot that cannot be written no longer costs the JSON and metadata.
    if args.plot:
        from model.evaluation.plots import confusion_matrix

        confusion_matrix(result.confusion, info.class_names,
                         f"Confusion matrix, {args.split} split "
                         f"({format_accuracy(result.accuracy, 2)})", args.plot)
        print(f"\nConfusion matrix plot: {args.plot}")
    return 0
