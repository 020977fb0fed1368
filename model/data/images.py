"""Reading images from anywhere (files, bytes, PIL images, arrays) into the RGB the network wants.

Imports PIL and numpy only, never torch: the app's worker uses this before torch has loaded.

Every failure is an :class:`ImageError` naming the image and the reason, so a caller working
through many files can report one and carry on with the rest.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_SUFFIXES: frozenset[str] = frozenset(
    {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".ppm", ".pgm"})

# Our own decompression-bomb limit, checked on the header's size before any pixel is decoded, so it
# holds whatever a program sets Image.MAX_IMAGE_PIXELS to. 80 MP (240 MB as RGB) admits every
# full-frame camera's photos (the largest, ~61 MP, are 9504×6336) and stays below Pillow's own
# default warning threshold (89,478,485 px), so an accepted image never triggers its warning.
MAX_PIXELS = 80_000_000

# Modes Pillow converts to RGB correctly with a plain ``convert("RGB")``.
_DIRECT_MODES = frozenset({"RGB", "L", "1", "P", "CMYK", "YCbCr", "RGBX"})
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
_WHITE = (255, 255, 255)


class ImageError(Exception):
    """An image that cannot be used. ``str()`` is ``"<source>: <reason>"``."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


def open_image(src: Any, *, source: str | None = None, draft_size: int | None = None,
               max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Decode ``src`` into an RGB image ready for :func:`to_network_input`.

    ``src`` is a path, ``bytes``, a PIL image or a numpy array (H×W, H×W×3 or H×W×4; uint8,
    uint16, or float in [0, 1]). ``source`` names it in errors (default: the path, or the kind of
    object). ``draft_size`` lets JPEGs decode at 1/2, 1/4 or 1/8 scale while staying at least that
    many pixels on each side (libjpeg's DCT scaling, via Pillow's draft mode), which makes a
    24-megapixel photo cheap when the network wants 32×32. ``max_pixels`` refuses images whose
    header claims more pixels, before decoding them.
    """
    name = source if source is not None else describe_source(src)
    try:
        if isinstance(src, np.ndarray):
            return _to_rgb(_from_array(src))
        if isinstance(src, Image.Image):
            # The caller's image is never modified: _decode returns a copy.
            return _to_rgb(_decode(src, None, max_pixels))
        if isinstance(src, (bytes, bytearray, memoryview)):
            if len(src) == 0:
                raise _Problem("empty data (0 bytes)")
            fp: io.BytesIO | Path = io.BytesIO(bytes(src))
        elif isinstance(src, (str, os.PathLike)):
            fp = _checked_file(Path(src))
        else:
            raise _Problem(f"cannot read an image from a {type(src).__name__}")
        # Image.open reads only the header; the with-block closes the file whatever happens.
        with Image.open(fp) as img:
            return _to_rgb(_decode(img, draft_size, max_pixels))
    except _Problem as e:
        raise ImageError(name, str(e)) from None
    except UnidentifiedImageError:
        raise ImageError(name, "not an image, or a format this program cannot read") from None
    except Image.DecompressionBombError as e:
        raise ImageError(name, f"refused: too many pixels ({e})") from None
    except MemoryError:
        raise ImageError(name, "not enough memory to decode this image") from None
    except Exception as e:  # decoders raise OSError, ValueError, SyntaxError, struct.error, ...
        raise ImageError(name, _reason(e)) from None


def to_network_input(img: Image.Image, size: int, source_size: int | None = None) -> np.ndarray:
    """``size×size×3`` uint8 pixels of ``img`` (RGB), resized with antialiasing.

    With ``source_size`` (smaller than ``size``), the image is first reduced to that size and
    then enlarged to ``size``: the path a network trained on enlarged 32×32 images saw its
    training data take, so a sharp photo does not reach it with detail it never learnt from.

    The whole image is squeezed to a square rather than centre-cropped: CIFAR-10's objects fill
    the frame, and a crop could cut away the object the user meant. Pillow's bicubic filter
    widens with the reduction factor, so it antialiases; ``reducing_gap`` first shrinks by whole
    factors with a box filter, which is much faster for big images and indistinguishable at
    this output size (Pillow docs, ``Image.resize``).
    """
    if img.mode != "RGB":
        img = img.convert("RGB")
    if source_size and source_size < size and img.size != (source_size, source_size):
        img = img.resize((source_size, source_size), Image.Resampling.BICUBIC, reducing_gap=3.0)
    if img.size != (size, size):
        img = img.resize((size, size), Image.Resampling.BICUBIC, reducing_gap=3.0)
    return np.asarray(img, dtype=np.uint8).copy()


def find_images(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand folders (recursively, sorted, image suffixes only, hidden entries skipped).

    Files named explicitly are kept whatever their suffix, and missing paths are kept too, so
    that they are reported as errors rather than silently dropped.
    """
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(_walk(p))
        else:
            found.append(p)
    return found


# --------------------------------------------------------------------------------------------


def _walk(folder: Path) -> list[Path]:
    out = []

    def unreadable(error: OSError) -> None:
        # Listed as an entry of its own, so that its reason is reported rather than the
        # folder being skipped without a word ("No images found").
        out.append(Path(error.filename))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out.extend(Path(root) / f for f in files
                   if not f.startswith(".") and Path(f).suffix.lower() in IMAGE_SUFFIXES)
    return sorted(out)  # by path components: a/deep/x.png, b/y.png, c.png


def describe_source(src: Any) -> str:
    """How errors name an image that came without a name: its path, or what kind of object."""
    if isinstance(src, (str, os.PathLike)):
        return str(src)
    if isinstance(src, np.ndarray):
        return "array"
    if isinstance(src, Image.Image):
        return "image"
    return "image data"


class _Problem(Exception):
    """A reason, raised by helpers that do not know the image's name; becomes an ImageError."""


def _checked_file(path: Path) -> Path:
    try:
        st = path.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise _Problem("a symbolic link loop (the link leads back to itself)") from None
        if path.is_symlink():
            raise _Problem("a broken symbolic link (what it points to does not exist)") from None
        if e.errno == errno.ENOENT:
            raise _Problem("file not found") from None
        raise _Problem(f"cannot read it ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        try:
            with os.scandir(path):
                pass
        except OSError as e:
            raise _Problem(f"cannot open this folder ({e.strerror or e})") from None
        raise _Problem("is a folder, not an image file")
    if st.st_size == 0:
        raise _Problem("empty file (0 bytes)")
    return path


def _decode(img: Image.Image, draft_size: int | None, max_pixels: int) -> Image.Image:
    """Check the size the header claims, then decode the first frame; returns a new image."""
    width, height = img.size
    if width <= 0 or height <= 0:
        raise _Problem(f"invalid size {width}×{height}")
    if width * height > max_pixels:
        raise _Problem(f"refused: {width}×{height} is {width * height:,} pixels, over the "
                       f"limit of {max_pixels:,} (a decompression bomb?)")
    if getattr(img, "n_frames", 1) > 1 and img.tell() != 0:
        img.seek(0)  # animations: the first frame
    if draft_size and img.format == "JPEG":
        img.draft(None, (draft_size, draft_size))
    img.load()
    return _apply_orientation(img)


def _apply_orientation(img: Image.Image) -> Image.Image:
    """Rotate/flip as the EXIF Orientation tag says (phones store photos sideways)."""
    try:
        return ImageOps.exif_transpose(img)  # a copy, even when nothing needs turning
    except Exception:  # a malformed EXIF block should not cost the user the image
        return img.copy()


def _to_rgb(img: Image.Image) -> Image.Image:
    mode = img.mode
    if mode == "RGB":
        return img
    if mode == "P" and "transparency" in img.info:
        img, mode = img.convert("RGBA"), "RGBA"
    if mode in _ALPHA_MODES:
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, _WHITE + (255,))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if mode in _DIRECT_MODES:
        return img.convert("RGB")
    if mode.startswith("I") or mode == "F":
        return _wide_to_rgb(img)
    try:
        return img.convert("RGB")
    except ValueError:
        raise _Problem(f"unsupported colour mode {mode}") from None


def _wide_to_rgb(img: Image.Image) -> Image.Image:
    """16-bit and 32-bit grayscale: scale to 8 bits (Pillow's convert would clip at 255)."""
    arr = np.asarray(img)
    if img.mode == "F":
        arr = arr.astype(np.float64)
        scale = 255.0 if np.nanmax(arr, initial=0.0) <= 1.0 else 1.0
        grey = np.clip(np.nan_to_num(arr) * scale, 0, 255)
    else:
        grey = np.clip(arr.astype(np.float64) / 257.0, 0, 255)  # 65535 / 257 == 255
    return Image.fromarray(np.rint(grey).astype(np.uint8)).convert("RGB")


def _from_array(arr: np.ndarray) -> Image.Image:
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)):
        raise _Problem(f"unsupported array shape {arr.shape} (expected H×W, H×W×3 "
                                  "or H×W×4)")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise _Problem(f"empty array of shape {arr.shape}")
    if arr.dtype == np.uint8:
        pixels = arr
    elif arr.dtype == np.uint16:
        pixels = np.rint(arr / 257.0).astype(np.uint8)
    elif np.issubdtype(arr.dtype, np.floating):
        if not np.isfinite(arr).all():
            raise _Problem("array holds NaN or infinite values")
        pixels = np.rint(np.clip(arr, 0.0, 1.0) * 255.0).astype(np.uint8)
    else:
        raise _Problem(f"unsupported array type {arr.dtype} (expected uint8, uint16 "
                                  "or float in [0, 1])")
    # uint8 H×W, H×W×3 and H×W×4 arrays become L, RGB and RGBA images.
    return Image.fromarray(np.ascontiguousarray(pixels))


def _reason(e: BaseException) -> str:
    text = " ".join(str(e).split())
    lower = text.lower()
    if "truncated" in lower or "premature end" in lower:
        return f"truncated or damaged file ({text})"
    if isinstance(e, FileNotFoundError):
        return "file not found"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, IsADirectoryError):
        return "is a folder, not an image file"
    text = text or type(e).__name__
    return f"cannot decode image ({text[:160]})"
