"""How often the not-sure rule (model/inference/confidence.py) fires, on CIFAR-10 and on images
that are none of its classes.

    python benchmarks/bench_not_sure.py --data /work/shared/data/cifar10-jpeg [--checkpoint F]

1. The test split (only its report half when ``cifar10 eval --calibrate`` fitted on the other
   half of it; model.evaluation.calibration), each classified through ``Classifier.predict_many`` as the app and ``cifar10 classify`` do.
   Printed: the share flagged, per reason, and the accuracy of flagged and unflagged predictions.
2. ``--ood`` (default 200) synthetic images, seeded, in four equal kinds: uniform noise, flat
   colours, smooth noise (4×4 noise upsampled bilinearly), and stripes/checkerboards of two
   random colours. Printed: the share flagged, per kind and per reason.
3. ``--photos DIR`` and ``--not-cifar DIR``: real photos of CIFAR-10 classes (hits per class and
   the share flagged) and of things in no class (the share flagged). Measurement data only:
   nothing here is fitted or chosen on them.
4. AUROC of each score the rule thresholds (energy; the feature detector when the checkpoint
   has one), test images against each outlier set; and the detector's cost per image against
   the network's (medians, interleaved).

Uses the bundled checkpoint by default; it must have been calibrated (``cifar10 eval
--calibrate``) for the energy and pixel checks to be on, and fitted (``cifar10 fit-detector``)
for the feature detector. The bundled model's figures, with the command: README.md (*The
bundled model*, *Out-of-distribution detector*) and docs/bundled-training/not_sure.txt.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.data.datasets import align_classes, load_split  # noqa: E402
from model.evaluation.calibration import split_halves  # noqa: E402
from model.inference.classifier import Classifier  # noqa: E402
from model.inference.detector import auroc  # noqa: E402
from model.inference.reasons import (  # noqa: E402
    LOW_CONFIDENCE,
    NOT_PHOTO_LIKE,
    UNFAMILIAR,
    UNLIKE_TRAINING,
)

SIZE = 32


def synthetic(count: int, seed: int = 0) -> dict[str, list[np.ndarray]]:
    """``count`` images in four kinds, none of which shows a CIFAR-10 class."""
    rng = np.random.default_rng(seed)
    per_kind = count // 4
    kinds: dict[str, list[np.ndarray]] = {k: [] for k in (
        "uniform noise", "flat colour", "smooth noise", "stripes/checkerboard")}
    for _ in range(per_kind):
        kinds["uniform noise"].append(rng.integers(0, 256, (SIZE, SIZE, 3), dtype=np.uint8))
        colour = rng.integers(0, 256, 3, dtype=np.uint8)
        kinds["flat colour"].append(np.broadcast_to(colour, (SIZE, SIZE, 3)).copy())
        small = Image.fromarray(rng.integers(0, 256, (4, 4, 3), dtype=np.uint8))
        kinds["smooth noise"].append(np.asarray(small.resize((SIZE, SIZE),
                                                             Image.Resampling.BILINEAR)))
        a, b = rng.integers(0, 256, (2, 3), dtype=np.uint8)
        period = int(rng.integers(2, 9))
        y, x = np.mgrid[:SIZE, :SIZE] // period
        mask = ((x + y) % 2 if rng.random() < 0.5 else x % 2).astype(bool)
        kinds["stripes/checkerboard"].append(np.where(mask[..., None], a, b).astype(np.uint8))
    return kinds


def classify(classifier: Classifier, images: list[np.ndarray]) -> list:
    return list(classifier.predict_many((Image.fromarray(i) for i in images), k=1))


def shares(preds: list) -> str:
    n = len(preds)
    reasons = Counter(r for p in preds for r in p.not_sure_reasons)
    flagged = sum(p.not_sure for p in preds)
    each = ", ".join(f"{code} {100 * reasons[code] / n:.1f}%"
                     for code in (LOW_CONFIDENCE, UNFAMILIAR, NOT_PHOTO_LIKE, UNLIKE_TRAINING))
    return f"{100 * flagged / n:5.1f}% flagged ({flagged}/{n}); {each}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="CIFAR-10 image-folder tree or batches")
    parser.add_argument("--checkpoint", help="default: the bundled one")
    parser.add_argument("--ood", type=int, default=200, help="synthetic images (multiple of 4)")
    parser.add_argument("--photos", metavar="DIR",
                        help="real photos in DIR/<class>/*.png: hits per class (measurement only)")
    parser.add_argument("--not-cifar", metavar="DIR",
                        help="photos of things in no CIFAR-10 class: share flagged")
    args = parser.parse_args()

    classifier = Classifier.from_checkpoint(args.checkpoint, device="cpu")
    info = classifier.info
    print("command: python " + shlex.join(sys.argv))
    print(f"checkpoint: {classifier.path}")
    c = classifier.confidence
    print(f"temperature {c.temperature:.4f}, energy threshold {c.energy_threshold}, "
          f"min contrast {c.min_contrast}, min neighbour correlation {c.min_correlation}, "
          f"max neighbour correlation {c.max_correlation}")
    stored = info.extra.get("detector") or {}
    print("detector: " + (", ".join(f"{k} {stored[k]}" for k in (
        "method", "k", "bank_size", "threshold", "percentile") if k in stored) or "none"))

    # The images at their stored size: the classifier takes them to the network's input the
    # way it takes any photo (through source_size when the checkpoint has one).
    size = info.source_size or info.input_size
    arrays = align_classes(load_split(args.data, "test", size=size), info.class_names)
    calibration = info.extra.get("calibration") or {}
    if calibration.get("split", "test") == "test":
        # Fitted on half of the test split: report on the other half only.
        _, report = split_halves(len(arrays.labels))
        which = "report half"
    else:
        report = np.arange(len(arrays.labels))
        which = f"all of it (calibrated on the {calibration['split']} split)"
    images = [arrays.images[i].transpose(1, 2, 0) for i in report]
    preds = classify(classifier, images)
    labels = [info.class_names[arrays.labels[i]] for i in report]
    right = np.array([p.top_label == y for p, y in zip(preds, labels)])
    flagged = np.array([p.not_sure for p in preds])
    print(f"\nCIFAR-10 test, {which} ({len(preds)} images): {shares(preds)}")
    print(f"  accuracy: {100 * right.mean():.2f}% overall, {100 * right[~flagged].mean():.2f}% "
          f"unflagged, {100 * right[flagged].mean():.2f}% flagged")

    test_scores = scores(classifier, preds)

    print(f"\nSynthetic out-of-distribution images ({args.ood}, seed 0):")
    everything = []
    for kind, imgs in synthetic(args.ood).items():
        kind_preds = classify(classifier, imgs)
        everything += kind_preds
        print(f"  {kind:<21} {shares(kind_preds)}")
    print(f"  {'all':<21} {shares(everything)}")
    separation = {"synthetic": scores(classifier, everything)}
    if args.photos:
        photos(classifier, Path(args.photos))
    if args.not_cifar:
        files = sorted(p for p in Path(args.not_cifar).rglob("*.png"))
        preds = [p for p in classifier.predict_many(files, k=1) if not isinstance(p, Exception)]
        confident_wrong = sum(1 for p in preds if not p.not_sure and p.probabilities[0] > 0.9)
        print(f"\nPhotos of things in no CIFAR-10 class ({args.not_cifar}, measurement only): "
              f"{shares(preds)}; unflagged at over 90%: {confident_wrong}")
        separation["not-CIFAR photos"] = scores(classifier, preds)
    print("\nAUROC of each score, CIFAR-10 test images against outliers (higher: better "
          "separated; no threshold involved):")
    for name, outliers in separation.items():
        row = ", ".join(f"{score} {auroc(test_scores[score], outliers[score]):.4f}"
                        for score in test_scores)
        print(f"  {name:<17} {row}")
    if c.detector is not None:
        detector_cost(classifier, preds[0].input_image)
    return 0


def scores(classifier: Classifier, preds: list) -> dict[str, np.ndarray]:
    """The rule's scores for the network inputs the predictions kept, in batches."""
    out: dict[str, list[np.ndarray]] = {}
    for start in range(0, len(preds), 250):
        batch = np.stack([p.input_image for p in preds[start:start + 250]])
        for name, values in classifier.outlier_scores(batch).items():
            out.setdefault(name, []).append(values)
    return {name: np.concatenate(values) for name, values in out.items()}


def detector_cost(classifier: Classifier, pixels: np.ndarray, repeats: int = 300) -> None:
    """Median time of one image through the engine against the detector's score of its
    features, interleaved so that background load hits both alike."""
    import time

    from model.network.normalization import normalize, scale_shift

    scale, shift = scale_shift(classifier.info.mean, classifier.info.std)
    x = normalize(pixels[None], scale, shift)
    _, features = classifier.engine.run(x)
    network, detector = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        classifier.engine.run(x)
        t1 = time.perf_counter()
        classifier.confidence.detector.score(features)
        t2 = time.perf_counter()
        network.append(t1 - t0)
        detector.append(t2 - t1)
    net, det = np.median(network) * 1000, np.median(detector) * 1000
    print(f"\nPer image, median of {repeats} interleaved: network ({classifier.engine.name}) "
          f"{net:.2f} ms, detector {det:.3f} ms ({100 * det / net:.1f}% of the network)")


def photos(classifier: Classifier, root: Path) -> None:
    """Hits per class on real photos in ``root/<class>/*.png`` (measurement only)."""
    files = sorted(p for p in root.rglob("*.png") if p.parent.name in classifier.info.class_names)
    preds = list(classifier.predict_many(files, k=1))
    hits: Counter = Counter()
    totals: Counter = Counter()
    for path, pred in zip(files, preds):
        totals[path.parent.name] += 1
        hits[path.parent.name] += pred.top_label == path.parent.name
    per_class = ", ".join(f"{c} {hits[c]}/{totals[c]}" for c in sorted(totals))
    print(f"\nReal photos of CIFAR-10 classes ({root}, measurement only): "
          f"{sum(hits.values())}/{len(files)} right; {per_class}; {shares(preds)}")


if __name__ == "__main__":
    sys.exit(main())
