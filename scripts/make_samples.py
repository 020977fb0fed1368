"""Copy the app's sample gallery: the first N test images of every CIFAR-10 class.

The images are taken in dataset order (file 0000, 0001, ... of each class folder, which keeps
the order of the original batches), not picked by hand, so the gallery shows the model's honest
behaviour, mistakes included. Files are copied byte for byte and renamed ``<class>_<nnnn>.jpg``.

    python scripts/make_samples.py --data ../shared/data/cifar10-jpeg/test \
        --out resources/samples --per-class 3
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script from a checkout

from model.data.labels import CIFAR10_CLASSES  # noqa: E402


def sample_files(data: Path, per_class: int) -> list[tuple[Path, str]]:
    """(source file, gallery name) for the first ``per_class`` images of each class."""
    pairs = []
    for name in CIFAR10_CLASSES:
        folder = data / name
        # Files are numbered 0000.jpg...: sorting by name is dataset order.
        files = sorted(p for p in folder.glob("*.jpg") if p.stem.isdigit())[:per_class]
        if len(files) < per_class:
            raise SystemExit(f"{folder}: found {len(files)} numbered .jpg files, "
                             f"need {per_class}")
        pairs += [(src, f"{name}_{src.stem}{src.suffix.lower()}") for src in files]
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="an image-folder split: DATA/<class>/0000.jpg ...")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "samples",
                        help="where to copy the gallery (default: resources/samples)")
    parser.add_argument("--per-class", type=int, default=3, help="images per class (default 3)")
    args = parser.parse_args(argv)
    if args.per_class < 1:
        parser.error("--per-class must be at least 1")
    pairs = sample_files(args.data, args.per_class)
    args.out.mkdir(parents=True, exist_ok=True)
    for src, name in pairs:
        shutil.copyfile(src, args.out / name)  # bytes unchanged: no re-encoding
    print(f"copied {len(pairs)} images to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
