"""Write scikit-learn's handwritten digits as a folder of class folders, an "own classes" set
the bundled network never saw: 1,797 images of 8×8 pixels, ten classes (0-9), from the UCI
"Optical Recognition of Handwritten Digits" data that ``sklearn.datasets.load_digits`` ships.

    pip install scikit-learn
    python scripts/export_digits.py runs/digits      # runs/digits/<digit>/NNNN.png

Pixels are 0-16 in the source: scaled to 0-255, dark ink on white as on paper, saved as 8×8
RGB PNGs (training enlarges them to the network's input size).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        print("scikit-learn is not installed: pip install scikit-learn", file=sys.stderr)
        return 2
    import numpy as np
    from PIL import Image

    digits = load_digits()
    for i, (pixels, label) in enumerate(zip(digits.images, digits.target)):
        folder = args.out / str(label)
        folder.mkdir(parents=True, exist_ok=True)
        gray = (255 - np.round(pixels * 255 / 16)).astype(np.uint8)
        Image.fromarray(np.stack([gray] * 3, axis=-1)).save(folder / f"{i:04d}.png")
    print(f"wrote {len(digits.target)} images in {len(set(digits.target))} class folders "
          f"under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
