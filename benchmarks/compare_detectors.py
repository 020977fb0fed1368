"""Out-of-distribution scores compared offline on one checkpoint's penultimate features:
energy, Mahalanobis and KNN (the detectors `cifar10 fit-detector` chooses between), and ViM
(Wang et al., 2022, "ViM: Out-Of-Distribution with Virtual-logit Matching"), which the app
does not implement.

    python benchmarks/compare_detectors.py --data ../shared/data/cifar10-jpeg \
        --not-cifar ../shared/heldout/imagenet-samples-not-cifar

For each score: the AUROC that may choose (the run's held-out validation images against the
development outliers made from packaged material, model/evaluation/outlier_dev.py, as
fit-detector measures it) and the same against the development outliers' photo crops alone
(the rest are synthetic textures), then measurements only, never used for a choice: AUROC of 5,000
CIFAR-10 test images (seeded subset) against the held-out photos of things in no class, and the
share of those photos above the score's 95th percentile on the validation images.

ViM as the paper describes it: the origin u = -pinv(W) b of the linear layer, the principal
subspace of the training features' (about u) uncentred covariance, the norm of a feature's part
outside it scaled by alpha = mean max-logit / mean residual norm on the training features; the
score is that virtual logit minus logsumexp(logits). The subspace's dimension is a
hyper-parameter (OpenOOD uses 256 for a 512-d ResNet-18); several are printed.

Also Mahalanobis on the global-pooled output of each earlier stage (layer1-layer3) and Lee et
al.'s "feature ensemble" of stages (their 2018 paper, section 2.2), here the sum of the stages'
scores each standardised by its mean and spread on the validation images (the paper instead
weights them by a logistic regression fitted on outliers, which would need the measurement
photos or more development outliers).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", type=Path, help="default: the bundled checkpoint")
    parser.add_argument("--data", required=True)
    parser.add_argument("--not-cifar", required=True, type=Path)
    parser.add_argument("--dims", type=int, nargs="+", default=[64, 128, 256, 384])
    args = parser.parse_args()

    import torch
    from PIL import Image
    from scipy.special import logsumexp

    from model.checkpoints.checkpoint import load_checkpoint
    from model.data.datasets import load_split
    from model.data.images import find_images, open_image, to_network_input
    from model.evaluation.outlier_dev import dev_outliers
    from model.files.paths import bundled_checkpoint
    from model.inference.detector import auroc, fit_knn, fit_mahalanobis
    from model.network.normalization import normalize, scale_shift_tensors
    from model.training.config import TrainConfig
    from model.training.setup import random_subset, split_validation

    start = time.perf_counter()
    model, info = load_checkpoint(args.checkpoint or bundled_checkpoint())
    model.eval()
    cfg = TrainConfig.from_dict(info.train_config or {})
    train = random_subset(load_split(args.data, "train", size=info.input_size),
                          cfg.limit_train, cfg.seed)
    learnt, val = split_validation(train, cfg, stratified=False)
    if val is None:
        raise SystemExit("the checkpoint's run held out no validation images")
    test = load_split(args.data, "test", size=info.input_size)

    scale, shift = scale_shift_tensors(info.mean, info.std, torch.device("cpu"))

    @torch.inference_mode()
    def features(images: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """(logits, penultimate features, [layer1, layer2, layer3 pooled]) as float64; the
        first two computed as model.evaluation.predict.predict_features computes them."""
        logits, feats, stages = [], [], []
        for start in range(0, len(images), 500):
            x = normalize(torch.from_numpy(images[start:start + 500]), scale, shift)
            x = model.maxpool(model.relu(model.bn1(model.conv1(x))))
            pooled_stages = []
            for layer in (model.layer1, model.layer2, model.layer3):
                x = layer(x)
                pooled_stages.append(x.mean(dim=(2, 3)).double().numpy())
            pooled = torch.flatten(model.avgpool(model.layer4(x)), 1).float()
            feats.append(pooled.double().numpy())
            logits.append(model.fc(pooled).float().double().numpy())
            stages.append(pooled_stages)
        return (np.concatenate(logits), np.concatenate(feats),
                [np.concatenate([b[i] for b in stages]) for i in range(3)])

    def pixels(images: list) -> np.ndarray:
        return np.ascontiguousarray(np.stack([
            to_network_input(im, info.input_size, info.source_size) for im in images
        ]).transpose(0, 3, 1, 2))

    train_logits, train_feats, train_stages = features(learnt.images)
    by_kind = dev_outliers(600)
    outliers = [i for imgs in by_kind.values() for i in imgs]
    # The development outliers' natural-photo part alone (crops of scikit-learn's sample
    # photos), as a second choosing measure: the rest are synthetic textures.
    crops = np.array([k == "photo crops" for k, imgs in by_kind.items() for _ in imgs])
    sets = {"val": features(val.images),
            "test": features(test.images[np.random.default_rng(0).permutation(len(test))[:5000]]),
            "dev": features(pixels([Image.fromarray(i) for i in outliers])),
            "photos": features(pixels([open_image(p) for p in find_images([args.not_cifar])]))}
    print(f"features of {len(learnt)} training images and the sets: "
          f"{time.perf_counter() - start:.0f} s")

    weight = model.fc.weight.detach().double().numpy()
    bias = model.fc.bias.detach().double().numpy()
    origin = -np.linalg.pinv(weight) @ bias

    def vim(dim: int):
        centred = train_feats - origin
        values, vectors = np.linalg.eigh(centred.T @ centred / len(centred))
        residual = vectors[:, np.argsort(values)[::-1][dim:]]
        alpha = train_logits.max(axis=1).mean() / np.linalg.norm(centred @ residual,
                                                                 axis=1).mean()
        return lambda lg, ft: (alpha * np.linalg.norm((ft - origin) @ residual, axis=1)
                               - logsumexp(lg, axis=1))

    maha = fit_mahalanobis(train_feats, learnt.labels)
    knn = fit_knn(train_feats, 5000, 10, seed=cfg.seed)
    staged = [fit_mahalanobis(f, learnt.labels) for f in train_stages]

    def stage_scores(ft: np.ndarray, st: list[np.ndarray]) -> list[np.ndarray]:
        return [d.score(f).astype(np.float64) for d, f in zip(staged, st)] + [
            maha.score(ft).astype(np.float64)]

    val_stages = stage_scores(*sets["val"][1:])
    centre = [s.mean() for s in val_stages]
    spread = [s.std() for s in val_stages]

    def ensemble(first: int):
        def score(lg: np.ndarray, ft: np.ndarray, st: list[np.ndarray]) -> np.ndarray:
            parts = stage_scores(ft, st)[first:]
            return sum((p - c) / s for p, c, s in zip(parts, centre[first:], spread[first:]))
        return score

    scores = {"energy": lambda lg, ft, st: -logsumexp(lg, axis=1),
              "mahalanobis": lambda lg, ft, st: maha.score(ft),
              "knn k=10": lambda lg, ft, st: knn.score(ft)}
    scores.update({f"vim dim={d}": (lambda lg, ft, st, v=vim(d): v(lg, ft)) for d in args.dims})
    scores.update({f"maha layer{i + 1}": (lambda lg, ft, st, i=i: staged[i].score(st[i]))
                   for i in range(3)})
    scores.update({"maha layers 1-4": ensemble(0), "maha layers 2-4": ensemble(1),
                   "maha layers 3-4": ensemble(2)})
    print(f"{'score':<16} {'AUROC val/dev':>14} {'val/dev crops':>14} {'AUROC test/photos':>18} "
          f"{'photos flagged':>15} {'test flagged':>13}  (at the validation's 95th percentile)")
    for name, score in scores.items():
        s = {k: score(*v) for k, v in sets.items()}
        line = np.percentile(s["val"], 95)
        print(f"{name:<16} {auroc(s['val'], s['dev']):>14.4f} "
              f"{auroc(s['val'], s['dev'][crops]) if crops.any() else float('nan'):>14.4f} "
              f"{auroc(s['test'], s['photos']):>18.4f} {100 * (s['photos'] > line).mean():>14.1f}%"
              f" {100 * (s['test'] > line).mean():>12.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
