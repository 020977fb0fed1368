"""``cifar10 fit-detector``: fit the out-of-distribution detector a checkpoint's not-sure rule
uses, and store it in the checkpoint.

1. Features (the global-pooled 512-d penultimate activations) of the checkpoint's own training
   images, the validation images its run held out excluded (rebuilt from the stored training
   configuration), and of those validation images.
2. Candidates: KNN on normalised features (a seeded bank of ``--bank-size`` training features,
   k from ``--k``) and class-conditional Mahalanobis. Each is scored on the validation images
   (in-distribution) against a development set of outliers made from packaged material and
   synthesised textures (model/evaluation/outlier_dev.py); the highest AUROC is kept. No
   held-out measurement set (``../shared/heldout``) and no test image is used for any choice.
3. The threshold: as low as it can be while the whole not-sure rule (the checkpoint's other
   checks, from its calibration, or'ed with this detector) flags at most ``--flag-budget``
   percent (default 9) of the validation images. The budget is what genuine images may cost:
   the product aims at no more than 10% of the CIFAR-10 test images flagged, and 9% of 2,500
   validation images leaves about two standard errors (0.6 points each) for the test split to
   differ.
"""

from __future__ import annotations

import argparse
import sys

from model.cli.options import DATA_HELP, DEVICE_HELP, exit_2_on_unusable_input, number, whole

DEFAULT_KS = (1, 5, 10, 20, 50)


def add_fit_detector_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fit-detector", help="fit the not-sure rule's out-of-distribution detector",
                       description=__doc__.split("\n\n")[0].replace("``", ""))
    p.add_argument("--checkpoint", required=True, metavar="FILE",
                   help="a .safetensors checkpoint of ours, trained with --val-fraction > 0")
    p.add_argument("--data", required=True, metavar="DIR", help=DATA_HELP)
    p.add_argument("--method", choices=("auto", "knn", "mahalanobis"), default="auto",
                   help="auto: the candidate with the best AUROC on the development outliers")
    p.add_argument("--bank-size", type=whole(1), default=5000,
                   help="training features kept for KNN (float16: about 1 KB each)")
    p.add_argument("--k", type=whole(1), nargs="+", default=list(DEFAULT_KS),
                   help="KNN neighbour counts to try")
    p.add_argument("--flag-budget", type=number(0, 100), default=9.0, metavar="PERCENT",
                   help="the share of validation images the whole not-sure rule may flag")
    p.add_argument("--dev-outliers", type=whole(1), default=600, help="development outliers made")
    p.add_argument("--device", default="auto", help=DEVICE_HELP)
    p.add_argument("--batch-size", type=whole(1), default=500)
    p.add_argument("--limit", type=whole(0), default=0, help="use only N training images (smoke runs; 0: all)")
    p.add_argument("--cache-dir", default="", help="where decoded images are cached")


def run_fit_detector(args: argparse.Namespace) -> int:
    return exit_2_on_unusable_input("fit-detector", _run, args)


def _run(args: argparse.Namespace) -> int:
    import numpy as np
    import torch
    from PIL import Image

    from model.checkpoints.checkpoint import CheckpointError, load_checkpoint, now_iso
    from model.checkpoints.detector_store import store_detector
    from model.data.datasets import (
        align_classes,
        is_class_folder_tree,
        load_split,
        print_skipped,
    )
    from model.data.images import to_network_input
    from model.evaluation.fit_minimum import MIN_FIT_IMAGES
    from model.evaluation.outlier_dev import dev_outliers
    from model.evaluation.predict import predict_features
    from model.inference.confidence import Confidence
    from model.inference.detector import auroc, fit_knn, fit_mahalanobis, threshold_for_budget
    from model.network.devices import resolve_device
    from model.training.config import TrainConfig
    from model.training.setup import random_subset, split_validation

    if not str(args.checkpoint).endswith(".safetensors"):
        raise CheckpointError(args.checkpoint, "fit-detector writes into a .safetensors "
                                               "checkpoint (this project's format)")
    device = resolve_device(args.device)
    model, info = load_checkpoint(args.checkpoint)
    model.to(device)
    cfg = TrainConfig.from_dict(info.train_config or {})
    if not info.train_config or cfg.val_fraction <= 0:
        raise CheckpointError(args.checkpoint, "needs held-out validation images: train with "
                                               "--val-fraction above 0")
    train = load_split(args.data, "train", size=info.input_size,
                       cache_dir=args.cache_dir or None)
    print_skipped(train.skipped, sys.stderr)
    train = random_subset(train, cfg.limit_train, cfg.seed)
    # The split the run held out: per class for a folder of class folders (as in training).
    learnt, val = split_validation(train, cfg, stratified=is_class_folder_tree(args.data))
    assert val is not None
    # Split first, as training did, then check and order the classes as the network has them:
    # a detector fitted on another data set's classes would be written into the checkpoint as
    # if it were valid (DataError naming both lists, as cifar10 eval gives).
    learnt, val = (align_classes(part, list(info.class_names)) for part in (learnt, val))
    if len(val) < MIN_FIT_IMAGES:
        raise ValueError(f"the run held out {len(val)} images of {args.data}; the detector's "
                         f"threshold needs at least {MIN_FIT_IMAGES} (add images, or train "
                         "with a larger --val-fraction)")
    learnt = random_subset(learnt, args.limit, 0)
    if len(learnt) < MIN_FIT_IMAGES:  # five images ended in numpy's "Singular matrix"
        raise ValueError(f"the detector is fitted on at least {MIN_FIT_IMAGES} training images; "
                         f"{len(learnt)} are left (raise --limit, or add images)")

    def features(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(logits, features) of N×3×H×W uint8 images."""
        x = torch.from_numpy(images).to(device)
        logits, feats = predict_features(model, x, info.mean, info.std,
                                         batch_size=args.batch_size)
        return logits.cpu().numpy(), feats.cpu().numpy()

    print(f"Features of {len(learnt)} training and {len(val)} validation images "
          f"({info.input_size} px) ...", flush=True)
    train_feats = features(learnt.images)[1]
    val_logits, val_feats = features(val.images)
    dev = [img for imgs in dev_outliers(args.dev_outliers).values() for img in imgs]
    dev_pixels = np.stack([to_network_input(Image.fromarray(img), info.input_size,
                                            info.source_size) for img in dev])
    dev_feats = features(np.ascontiguousarray(dev_pixels.transpose(0, 3, 1, 2)))[1]

    candidates = {}
    if args.method in ("auto", "knn"):
        bank = min(args.bank_size, len(train_feats))
        for k in args.k:
            if k > bank:  # a small run (--limit): the other candidates still compete
                print(f"  knn k={k}: skipped, the bank holds only {bank} features")
                continue
            candidates[f"knn k={k}"] = fit_knn(train_feats, bank, k, seed=cfg.seed)
    if not candidates and args.method == "knn":
        raise ValueError(f"every --k is larger than the bank of {bank} training features")
    if args.method in ("auto", "mahalanobis"):
        candidates["mahalanobis"] = fit_mahalanobis(train_feats, learnt.labels)
    table = {name: auroc(d.score(val_feats), d.score(dev_feats)) for name, d in candidates.items()}
    for name, value in table.items():
        print(f"  {name:<14} AUROC validation vs development outliers {value:.4f}")
    best = max(table, key=lambda name: table[name])
    if table[best] <= 0.5:
        # Worse than chance: it would flag the network's own kind of image before outliers.
        raise ValueError(f"no candidate tells the development outliers from the validation "
                         f"images (best AUROC {table[best]:.4f}, {best}); nothing written. "
                         "A network trained longer, or on more images, has features to go by")
    detector = candidates[best]
    # The checks the checkpoint already has (its calibration), on the same validation images.
    rule = Confidence.from_metadata(info.extra.get("calibration"))
    others = np.array([bool(r) for r in rule.reasons(
        val_logits, pixels=np.ascontiguousarray(val.images.transpose(0, 2, 3, 1)))])
    val_scores = detector.score(val_feats)
    threshold = threshold_for_budget(val_scores, others, args.flag_budget)
    alone = float((val_scores > threshold).mean())
    together = float(((val_scores > threshold) | others).mean())
    flagged_dev = float((detector.score(dev_feats) > threshold).mean())
    record = {"flag_budget": args.flag_budget, "fitted": now_iso(), "chosen": best,
              "dev_auroc": {k: round(v, 4) for k, v in table.items()},
              "dev_flagged": round(flagged_dev, 4), "dev_outliers": len(dev),
              "val_flagged_by_detector": round(alone, 4), "val_flagged": round(together, 4),
              "val_flagged_before": round(float(others.mean()), 4),
              "train_images": len(learnt), "val_images": len(val)}
    store_detector(args.checkpoint, detector, threshold, record)
    print(f"Kept {best}, threshold {threshold:.4f}. Validation images flagged: "
          f"{100 * others.mean():.1f}% by the other checks, {100 * alone:.1f}% by the detector, "
          f"{100 * together:.1f}% in all (budget {args.flag_budget:g}%). Development outliers "
          f"flagged by the detector: {100 * flagged_dev:.1f}%. Written into {args.checkpoint}.")
    return 0
