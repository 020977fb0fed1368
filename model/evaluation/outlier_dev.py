"""A development set of outliers, for choosing the out-of-distribution detector's method and k.

Made only from material that ships with the installed packages and from textures synthesised
here, never from the held-out measurement sets (``../shared/heldout/``): crops of matplotlib's
sample data (Grace Hopper's portrait, a gift box, matplotlib's logo, an MRI slice, two terrain
elevation maps drawn with a colour map) and synthetic pictures (1/f "cloud" noise, stripes at
random angles, checkerboards, letters, gradients). None shows a CIFAR-10 class. Seeded, so the
choice it drives can be repeated exactly.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

KINDS = ("photo crops", "clouds", "stripes", "checkerboards", "letters", "gradients")


def _sample_data() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "sample_data"


def _sources() -> list[Image.Image]:
    """The pictures crops are taken from, as RGB images."""
    data = _sample_data()
    found = [Image.open(data / name).convert("RGB")
             for name in ("grace_hopper.jpg", "Minduka_Present_Blue_Pack.png", "logo2.png")
             if (data / name).is_file()]
    mri = data / "s1045.ima.gz"
    if mri.is_file():  # 256×256 big-endian uint16 (matplotlib's mri_demo reads it this way)
        with gzip.open(mri) as f:
            slice_ = np.frombuffer(f.read(), dtype=">u2").reshape(256, 256).astype(np.float64)
        found.append(Image.fromarray(_to_u8(slice_)).convert("RGB"))
    import matplotlib

    cmap = matplotlib.colormaps["terrain"]
    for name, key in (("jacksboro_fault_dem.npz", "elevation"), ("topobathy.npz", "topo")):
        if (data / name).is_file():
            with np.load(data / name) as z:
                if key in z:
                    grid = _to_u8(np.asarray(z[key], dtype=np.float64)) / 255.0
                    found.append(Image.fromarray((cmap(grid)[..., :3] * 255).astype(np.uint8)))
    return found


def _to_u8(x: np.ndarray) -> np.ndarray:
    lo, hi = float(np.nanmin(x)), float(np.nanmax(x))
    return np.uint8(np.clip((np.nan_to_num(x, nan=lo) - lo) / max(hi - lo, 1e-12) * 255, 0, 255))


def _crop(img: Image.Image, rng: np.random.Generator, size: int) -> Image.Image:
    w, h = img.size
    side = int(min(w, h) * rng.uniform(0.3, 1.0))
    x, y = int(rng.integers(0, w - side + 1)), int(rng.integers(0, h - side + 1))
    return img.crop((x, y, x + side, y + side)).resize((size, size), Image.Resampling.BICUBIC)


def _clouds(rng: np.random.Generator, size: int) -> np.ndarray:
    """Noise with a 1/f amplitude spectrum, like natural images' (Field, 1987), per channel."""
    fy, fx = np.meshgrid(np.fft.fftfreq(size), np.fft.fftfreq(size), indexing="ij")
    amplitude = 1.0 / np.maximum(np.hypot(fx, fy), 1.0 / size)
    out = []
    for _ in range(3):
        phase = np.exp(2j * np.pi * rng.random((size, size)))
        out.append(_to_u8(np.fft.ifft2(amplitude * phase).real))
    return np.stack(out, -1)


def _stripes(rng: np.random.Generator, size: int) -> np.ndarray:
    yy, xx = np.mgrid[:size, :size]
    angle, period = rng.uniform(0, np.pi), rng.uniform(3, 12)
    wave = np.sin(2 * np.pi * (xx * np.cos(angle) + yy * np.sin(angle)) / period) > 0
    a, b = rng.integers(0, 256, (2, 3))
    return np.where(wave[..., None], a, b).astype(np.uint8)


def _checkerboard(rng: np.random.Generator, size: int) -> np.ndarray:
    cell = int(rng.integers(2, 9))
    yy, xx = np.mgrid[:size, :size]
    board = ((yy // cell + xx // cell) % 2).astype(bool)
    a, b = rng.integers(0, 256, (2, 3))
    return np.where(board[..., None], a, b).astype(np.uint8)


def _letters(rng: np.random.Generator, size: int) -> np.ndarray:
    img = Image.new("RGB", (size * 4, size * 4), tuple(int(v) for v in rng.integers(0, 256, 3)))
    draw = ImageDraw.Draw(img)
    ink = tuple(int(v) for v in rng.integers(0, 256, 3))
    for row in range(int(rng.integers(2, 6))):
        text = "".join(chr(int(c)) for c in rng.integers(65, 91, int(rng.integers(3, 9))))
        draw.text((int(rng.integers(0, size)), row * size * 4 // 6 + 4), text, fill=ink,
                  font_size=int(rng.integers(14, 40)))
    return np.asarray(img.resize((size, size), Image.Resampling.BICUBIC))


def _gradient(rng: np.random.Generator, size: int) -> np.ndarray:
    t = np.linspace(0.0, 1.0, size)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = np.clip(np.cos(angle) * t[None, :] + np.sin(angle) * t[:, None], 0, None)
    ramp = ramp / max(float(ramp.max()), 1e-12)
    a, b = rng.integers(0, 256, (2, 3)).astype(np.float64)
    return np.uint8(a + (b - a) * ramp[..., None])


def dev_outliers(count: int, size: int = 32, seed: int = 0) -> dict[str, list[np.ndarray]]:
    """``count`` size×size×3 uint8 pictures of no CIFAR-10 class, about equal numbers of each
    kind in :data:`KINDS`, by kind."""
    rng = np.random.default_rng(seed)
    sources = _sources()
    makers = {"clouds": _clouds, "stripes": _stripes, "checkerboards": _checkerboard,
              "letters": _letters, "gradients": _gradient}
    kinds = [k for k in KINDS if k != "photo crops" or sources]
    out: dict[str, list[np.ndarray]] = {k: [] for k in kinds}
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "photo crops":
            img = _crop(sources[int(rng.integers(len(sources)))], rng, size)
            out[kind].append(np.asarray(img, dtype=np.uint8))
        else:
            out[kind].append(makers[kind](rng, size))
    return out
