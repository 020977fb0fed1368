"""Reading images from anywhere (files, bytes, PIL images, arrays) into the RGB the network wants.

Imports PIL and numpy only, never torch: the app's worker uses this before torch has loaded.

Every failure is an :class:`ImageError` naming the image and the reason, so a caller working
through many files can report one and carry on with the rest.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

from model.data import pixel_range, tiff_fallback

# Pillow formats a folder walk skips although Pillow lists them: stubs that need a handler
# registered by the program (BUFR, GRIB, HDF5, MPEG, WMF/EMF off Windows) and PostScript, which
# needs Ghostscript. Named explicitly, such a file is still tried and its error reported.
_WALK_SKIPS = frozenset({"BUFR", "GRIB", "HDF5", "MPEG", "WMF", "EPS"})


def _image_suffixes() -> frozenset[str]:
    Image.init()
    return frozenset(ext for ext, fmt in Image.registered_extensions().items()
                     if fmt in Image.OPEN and fmt not in _WALK_SKIPS)


# What a folder walk picks up: every extension Pillow can open here (.jfif, .jp2, .avif, .qoi,
# ... as this Pillow was built), and TIFF for the tifffile fallback.
IMAGE_SUFFIXES: frozenset[str] = _image_suffixes() | {".tif", ".tiff"}

# The decoding policy, enforced in _decode (README, "Bad input"). Pixels are counted after JPEG
# draft reduction: a JPEG over the limit is read at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling)
# when that fits, so a 144-megapixel medium-format photo decodes at 36 MP. 80 MP (240 MB as RGB)
# admits every full-frame camera's photos whole (the largest, ~61 MP, are 9504×6336) and stays
# below Pillow's own warning threshold (89,478,485 px). Checked on the header, before any pixel
# is decoded, whatever a program sets Image.MAX_IMAGE_PIXELS to.
MAX_PIXELS = 80_000_000
# Memory for the decoded buffer, its copy for conversion (wide modes) and the 8-bit RGB result:
# a 16-bit 79-MP PNG (2 bytes a pixel) fits, a 32-bit float one of the same size does not.
MAX_DECODE_BYTES = 640_000_000
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "LA": 2, "La": 2, "PA": 2, "RGB": 3, "YCbCr": 3,
                    "LAB": 3, "HSV": 3}  # 16-bit modes 2, everything else 4

# Modes Pillow converts to RGB correctly with a plain ``convert("RGB")``.
_DIRECT_MODES = frozenset({"RGB", "L", "1", "P", "CMYK", "YCbCr", "RGBX"})
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
_WHITE = (255, 255, 255)


class ImageError(Exception):
    """An image that cannot be used. ``str()`` is ``"<source>: <reason>"``.

    ``reason`` is English; ``kind`` names the reason for a program that words it itself (the
    app, in its interface language: app/image_errors.py), with the values its wording needs in
    ``detail``; ``""`` for reasons without one, which are shown as ``reason``.
    """

    def __init__(self, source: str, reason: str, kind: str = "",
                 detail: dict[str, str] | None = None) -> None:
        self.source = source
        self.reason = reason
        self.kind = kind
        self.detail = dict(detail or {})
        super().__init__(f"{source}: {reason}")


def open_image(src: Any, *, source: str | None = None, draft_size: int | None = None,
               max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Decode ``src`` into an RGB image ready for :func:`to_network_input`.

    ``src`` is a path, ``bytes``, a PIL image or a numpy array (H×W, H×W×3 or H×W×4; integers
    or floats, brought to 8 bits by the range of their values: model.data.pixel_range).
    ``source`` names it in errors (default: the path, or the kind of object). ``draft_size``
    lets JPEGs decode at 1/2, 1/4 or 1/8 scale while staying at least that many pixels on each
    side (libjpeg's DCT scaling, via Pillow's draft mode), which makes a 24-megapixel photo
    cheap when the network wants 32×32. ``max_pixels`` refuses images whose
    header claims more pixels, before decoding them (after draft reduction: a JPEG over it is
    read at the smallest reduction that fits).
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
        # Opening reads only the header; the with-block closes the file whatever happens.
        try:
            with _opened(fp) as img:
                return _to_rgb(_decode(img, draft_size, max_pixels))
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            if not tiff_fallback.is_tiff(fp):
                raise
            # A TIFF Pillow cannot read (float64 RGB, odd sample layouts): tifffile can.
            try:
                pixels = tiff_fallback.read_first_page(fp, MAX_DECODE_BYTES)
            except ValueError as e:
                if str(e).startswith("refused"):
                    raise _Problem(str(e)) from None
                raise
            return _to_rgb(_from_array(pixels, finite_only=False))
    except UnidentifiedImageError:
        e = _Problem("not an image, or a format this program cannot read", "not_image")
    except Image.DecompressionBombError as err:
        e = _Problem(f"refused: too many pixels ({err})", "too_big", why=str(err))
    except MemoryError:
        e = _Problem("not enough memory to decode this image", "no_memory")
    except _Problem as err:
        e = err
    except Exception as err:  # decoders raise OSError, ValueError, SyntaxError, struct.error, ...
        e = _reason(err)
    raise ImageError(name, str(e), e.kind, e.detail) from None


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
    """Every image :func:`walk_images` finds, as a list."""
    return list(walk_images(paths))


def walk_images(paths: Iterable[str | os.PathLike[str]],
                cancelled: Callable[[], bool] = lambda: False) -> Iterator[Path]:
    """Expand folders, lazily, stopping as soon as ``cancelled()`` (the GUI's worker checks it
    between entries, so that Cancel stops the walk of a huge dropped tree at once).

    Folders are walked recursively, in name order at every level (which is the order of the
    sorted whole paths), image suffixes only, hidden entries and symlinked folders skipped (as
    ``os.walk`` does). A folder that cannot be listed is yielded itself, so that its reason is
    reported rather than the folder vanishing ("No images found"). Files named explicitly are
    kept whatever their suffix, and missing paths too, so that they are reported as errors
    rather than silently dropped.
    """
    for path in map(Path, paths):
        if cancelled():
            return
        try:
            is_dir = path.is_dir()
        except OSError:
            # Python 3.11's is_dir raises for a name too long or a folder that cannot be
            # entered, rather than answering False: the path goes on to be reported with its
            # reason (open_image words both), and the rest of what was asked is still done.
            is_dir = False
        if is_dir:
            yield from _walk_folder(path, cancelled)
        else:
            yield path


# --------------------------------------------------------------------------------------------


def _walk_folder(folder: Path, cancelled: Callable[[], bool]) -> Iterator[Path]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield folder
        return
    for entry in entries:
        if cancelled():
            return
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if not entry.is_symlink():
                yield from _walk_folder(Path(entry.path), cancelled)
        elif Path(entry.name).suffix.lower() in IMAGE_SUFFIXES:
            yield Path(entry.path)


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
    """A reason, raised by helpers that do not know the image's name; becomes an ImageError
    with its ``kind`` and ``detail`` (see ImageError)."""

    def __init__(self, reason: str, kind: str = "", **detail: object) -> None:
        super().__init__(reason)
        self.kind = kind
        self.detail = {k: str(v) for k, v in detail.items()}


def _checked_file(path: Path) -> Path:
    try:
        st = path.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise _Problem("a symbolic link loop (the link leads back to itself)", "link_loop") from None
        if e.errno == errno.ENAMETOOLONG:  # is_symlink() below would raise it again
            raise _Problem(f"the path, or a name in it, is too long for this system "
                           f"({len(str(path)):,} characters)", "path_too_long",
                           chars=f"{len(str(path)):,}") from None
        if path.is_symlink():
            raise _Problem("a broken symbolic link (what it points to does not exist)", "broken_link") from None
        if e.errno == errno.ENOENT:
            raise _Problem("file not found", "not_found") from None
        raise _Problem(f"cannot read it ({e.strerror or e})", "unreadable",
                       why=e.strerror or e) from None
    if stat.S_ISDIR(st.st_mode):
        try:
            with os.scandir(path):
                pass
        except OSError as e:
            raise _Problem(f"cannot open this folder ({e.strerror or e})", "folder_unreadable",
                           why=e.strerror or e) from None
        raise _Problem("is a folder, not an image file", "folder")
    if not stat.S_ISREG(st.st_mode):
        # A FIFO or a device says 0 bytes, and reading one may block for ever (a FIFO with no
        # writer) or never end (/dev/zero): named for what it is, never opened.
        kind, code = (("a named pipe (FIFO)", "fifo") if stat.S_ISFIFO(st.st_mode) else
                      ("a socket", "socket") if stat.S_ISSOCK(st.st_mode) else
                      ("a device", "device"))
        raise _Problem(f"is {kind}, not an image file", code)
    if st.st_size == 0:
        raise _Problem("empty file (0 bytes)", "empty")
    return path


_JPEG_MAGIC = b"\xff\xd8\xff"


@contextlib.contextmanager
def _opened(fp: io.BytesIO | Path) -> Iterator[Image.Image]:
    """``Image.open(fp)``, except that a JPEG is opened by Pillow's JPEG plugin itself.

    Image.open refuses any image over 2 × Image.MAX_IMAGE_PIXELS (178,956,970 px by default)
    and warns over 89 MP, before draft mode could read a JPEG at 1/2-1/8 scale: a 200-megapixel
    panorama that _decode's policy reads at 50 MP was refused. For JPEGs our policy is the only
    limit; the other formats keep Pillow's check in front of ours. (Pillow's limits are module
    globals: switching them off around a call would race with the other threads decoding.)
    The file is opened once; a BytesIO stays open (the TIFF fallback may read it again)."""
    with (contextlib.nullcontext(fp) if isinstance(fp, io.BytesIO) else open(fp, "rb")) as f:
        head = f.read(3)
        f.seek(0)
        img = None
        if head == _JPEG_MAGIC:
            try:
                img = JpegImagePlugin.jpeg_factory(f, None if isinstance(fp, io.BytesIO)
                                                   else str(fp))
            except SyntaxError:  # JPEG's first bytes, no JPEG header: Image.open says what it is
                f.seek(0)
        with img if img is not None else Image.open(f) as opened:
            yield opened


def _decode(img: Image.Image, draft_size: int | None, max_pixels: int) -> Image.Image:
    """Check what the header claims against the decoding policy (MAX_PIXELS after JPEG draft
    reduction, MAX_DECODE_BYTES), then decode the first frame; returns a new image."""
    width, height = img.size
    if width <= 0 or height <= 0:
        raise _Problem(f"invalid size {width}×{height}", "invalid_size", width=width, height=height)
    if getattr(img, "n_frames", 1) > 1 and img.tell() != 0:
        img.seek(0)  # animations: the first frame
    if img.format == "JPEG":
        # draft() picks the largest DCT scale whose result is still at least the size asked.
        ask = (draft_size, draft_size) if draft_size else (width, height)
        if width * height > max_pixels:
            fits = [s for s in (2, 4, 8) if -(-width // s) * -(-height // s) <= max_pixels]
            if not fits:
                raise _Problem(f"refused: {width}×{height} is {width * height:,} pixels, over "
                               f"the limit of {max_pixels:,} even read at 1/8 scale",
                               "too_many_pixels", width=width, height=height,
                               limit=f"{max_pixels:,}")
            ask = (min(ask[0], width // fits[0]), min(ask[1], height // fits[0]))
        if ask != (width, height):
            img.draft(None, ask)
    w, h = img.size
    if w * h > max_pixels:
        raise _Problem(f"refused: {width}×{height} is {width * height:,} pixels, over the "
                       f"limit of {max_pixels:,} (a decompression bomb?)", "too_many_pixels",
                       width=width, height=height, limit=f"{max_pixels:,}")
    bpp = _BYTES_PER_PIXEL.get(img.mode, 2 if img.mode.startswith("I;16") else 4)
    wide = img.mode.startswith("I") or img.mode == "F"
    needed = w * h * (bpp * (2 if wide else 1) + (0 if img.mode == "RGB" else 3))
    if needed > MAX_DECODE_BYTES:
        raise _Problem(f"refused: {width}×{height} pixels in mode {img.mode} need "
                       f"{needed / 1e6:,.0f} MB to decode, over the limit of "
                       f"{MAX_DECODE_BYTES / 1e6:,.0f} MB", "needs_memory", width=width,
                       height=height, mb=f"{needed / 1e6:,.0f}",
                       limit=f"{MAX_DECODE_BYTES / 1e6:,.0f}")
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
        raise _Problem(f"unsupported colour mode {mode}", "colour_mode", mode=mode) from None


def _wide_to_rgb(img: Image.Image) -> Image.Image:
    """16-bit, 32-bit and float grayscale to 8 bits by the range of values the image holds
    (model.data.pixel_range; Pillow's convert would clip at 255)."""
    return Image.fromarray(pixel_range.to_uint8(np.asarray(img))).convert("RGB")


def _from_array(arr: np.ndarray, finite_only: bool = True) -> Image.Image:
    """A numpy image (H×W, H×W×3, H×W×4; any integer or float type, 8 bits by the range of its
    values, model.data.pixel_range). ``finite_only``: refuse NaN and infinity (arrays a program
    passes in) rather than reading them as 0 (files)."""
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)):
        raise _Problem(f"unsupported array shape {arr.shape} (expected H×W, H×W×3 "
                                  "or H×W×4)")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise _Problem(f"empty array of shape {arr.shape}")
    if not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise _Problem(f"unsupported array type {arr.dtype} (expected integers or floats)")
    if finite_only and np.issubdtype(arr.dtype, np.floating) and not np.isfinite(arr).all():
        raise _Problem("array holds NaN or infinite values")
    pixels = pixel_range.to_uint8(arr)
    # uint8 H×W, H×W×3 and H×W×4 arrays become L, RGB and RGBA images.
    return Image.fromarray(np.ascontiguousarray(pixels))


def _reason(e: BaseException) -> _Problem:
    """What a decoder's or the system's exception means for the user."""
    text = " ".join(str(e).split())
    lower = text.lower()
    if "truncated" in lower or "premature end" in lower:
        return _Problem(f"truncated or damaged file ({text})", "truncated", why=text)
    if isinstance(e, FileNotFoundError):
        return _Problem("file not found", "not_found")
    if isinstance(e, PermissionError):
        return _Problem("permission denied", "permission")
    if isinstance(e, IsADirectoryError):
        return _Problem("is a folder, not an image file", "folder")
    if isinstance(e, OSError) and e.errno and e.strerror:  # the system's, not the decoder's
        return _Problem(f"cannot read it ({e.strerror})", "unreadable", why=e.strerror)
    text = (text or type(e).__name__)[:160]
    return _Problem(f"cannot decode image ({text})", "undecodable", why=text)
