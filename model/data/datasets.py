"""CIFAR-10 (or any image-folder data set) as one uint8 array, decoded once and cached.

Two layouts are read:

* the official python batches, ``cifar-10-batches-py/`` (what torchvision reads; pass its
  folder or the folder above it; ``download=True`` lets torchvision fetch it when online);
* an image-folder tree ``root/{train,test}/<class>/*`` with class names from folder names
  (the layout of the JPEG copy of CIFAR-10, and of users' own data);
* a folder of class folders, ``root/<class>/*`` (a user's own classes): its "train" split is
  every image, and training holds a validation part out of it (model/training/setup.py).

A file that cannot be decoded is left out and listed in ``ImageArrays.skipped`` with the
reason, so one bad file never stops a run; the command says which were skipped.

Decoded images are kept as one ``N×3×S×S`` uint8 array in a cache file keyed by the source's
fingerprint (every file's name, size and modification time), so later epochs and runs skip
decoding and a changed source is decoded afresh.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from model.data.problems import FIRST_FILES, MIN_PER_CLASS, ScanProblem
from model.files.atomic import atomic_path

BATCHES_DIR = "cifar-10-batches-py"
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_BATCHES = ("test_batch",)
FOLDER_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff",
                             ".ppm"})
CACHE_VERSION = 3  # 2: the images' native size; 3: the files left out as unreadable


class DataError(Exception):
    """A data set that cannot be read; the message names the path and the reason (``reason``
    alone: the message without the path, when one is given; ``problem``: the same as data, for
    a folder of class folders that cannot train)."""

    def __init__(self, message: str, reason: str = "",
                 problem: ScanProblem | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message
        self.problem = problem


@dataclass
class ImageArrays:
    """A split held in memory: ``images`` N×3×S×S uint8, ``labels`` N int64."""

    images: np.ndarray
    labels: np.ndarray
    class_names: list[str]
    source: str
    # Side of the source images when they were all one square size (CIFAR-10: 32), else None.
    # A network trained on them enlarged (``--image-size 64``) records it in its checkpoint, so
    # inference can first reduce a photo to that size, as the training images were.
    native_size: int | None = None
    # (file, reason) of every file left out because it could not be decoded
    skipped: tuple[tuple[str, str], ...] = ()

    def __len__(self) -> int:
        return len(self.labels)

    def channel_stats(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """Per-channel mean and std in [0, 1] units (for the checkpoint's normalisation)."""
        x = self.images.astype(np.float64) / 255.0
        mean = x.mean(axis=(0, 2, 3))
        std = x.std(axis=(0, 2, 3))
        return tuple(round(float(v), 4) for v in mean), tuple(round(float(v), 4) for v in std)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cifar10-resnet" / "data"


def load_split(root: str | os.PathLike[str], split: str = "train", *, size: int = 32,
               cache_dir: str | os.PathLike[str] | None = None, download: bool = False,
               ) -> ImageArrays:
    """Load ``split`` ("train" or "test") of the data set at ``root``."""
    if split not in ("train", "test"):
        raise DataError(f"{root}: unknown split {split!r} (use train or test)")
    root = Path(root)
    batches = find_batches_dir(root)
    if batches is None and download:
        batches = _download(root)
    if batches is not None:
        return _load_batches(batches, split, size)
    split_dir = root / split
    if is_class_folder_tree(root):
        if split == "test":
            raise DataError(f"{root}: a folder of class folders has no test split (training "
                            "holds a validation part out of it: evaluate with --split val)")
        split_dir = root
    if not split_dir.is_dir():
        if not root.exists():
            raise DataError(f"{root}: not found")
        if not root.is_dir():
            raise DataError(f"{root}: not a folder (the data is a folder: {BATCHES_DIR}, or "
                            f"class folders under {split}/)")
        raise DataError(f"{root}: neither a {BATCHES_DIR} folder nor an image-folder tree with "
                        f"a {split}/ folder")
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    return _load_folder_cached(split_dir, size, cache)


def is_class_folder_tree(root: str | os.PathLike[str]) -> bool:
    """Whether ``root`` is ``root/<class>/*`` (no train/ or test/ folder, no CIFAR batches)."""
    root = Path(root)
    if not root.is_dir() or find_batches_dir(root) is not None or (root / "train").is_dir() \
            or (root / "test").is_dir():
        return False
    return any(d.is_dir() and not _hidden(d.name) for d in root.iterdir())


def check_classes(arrays: ImageArrays) -> None:
    """DataError unless there are at least 2 classes, each with ``MIN_PER_CLASS`` readable
    images; the message names the folder that falls short and lists its unreadable files."""
    if len(arrays.class_names) < 2:
        problem = ScanProblem("one_class", Path(arrays.source),
                              detail=", ".join(arrays.class_names))
        raise DataError(str(problem), problem=problem)
    counts = np.bincount(arrays.labels, minlength=len(arrays.class_names))
    for name, count in zip(arrays.class_names, counts):
        folder = Path(arrays.source) / name
        if count >= MIN_PER_CLASS:
            continue
        mine = tuple((path, reason) for path, reason in arrays.skipped
                     if folder in Path(path).parents)
        problem = ScanProblem("none_readable" if count == 0 else "too_few_readable", folder,
                              count=int(count), files=mine)
        raise DataError(str(problem) + _unreadable_lines(mine), problem=problem)


def print_skipped(skipped: Iterable[tuple[str, str]], stream: TextIO, shown: int = 20) -> None:
    """"Skipped N unreadable file(s):" and the first ``shown`` of them with their reasons, or
    nothing: every command that reads a data set says which files it left out."""
    skipped = list(dict.fromkeys(skipped))
    if not skipped:
        return
    print(f"Skipped {len(skipped)} unreadable file(s):", file=stream)
    for path, reason in skipped[:shown]:
        print(f"  {path}: {reason}", file=stream)
    if len(skipped) > shown:
        print(f"  ... and {len(skipped) - shown} more", file=stream)


def _unreadable_lines(files: tuple[tuple[str, str], ...], shown: int = FIRST_FILES) -> str:
    """A class folder's unreadable files, as lines to add to its message: the run stops before
    it would list them."""
    if not files:
        return ""
    lines = [f"\n  {path}: {reason}" for path, reason in files[:shown]]
    if len(files) > shown:
        lines.append(f"\n  ... and {len(files) - shown} more")
    return f"; {len(files)} file(s) there could not be read:" + "".join(lines)


def find_batches_dir(root: Path) -> Path | None:
    for candidate in (root, root / BATCHES_DIR):
        if (candidate / "batches.meta").is_file() and (candidate / TEST_BATCHES[0]).is_file():
            return candidate
    return None


def _download(root: Path) -> Path:
    try:
        from torchvision.datasets import CIFAR10
    except ImportError:
        # torchvision is an optional dependency (the "download" extra): only this needs it.
        raise DataError(f"{root}: --download needs torchvision, which is not installed "
                        "(pip install torchvision, or pip install 'cifar10-resnet[download]')"
                        ) from None
    try:
        CIFAR10(str(root), train=True, download=True)
    except Exception as e:  # network errors come in many types
        raise DataError(f"{root}: could not download CIFAR-10 ({e})") from None
    return root / BATCHES_DIR


# --------------------------------------------------------------------------------------------
# Official python batches


def _load_batches(folder: Path, split: str, size: int) -> ImageArrays:
    names = TRAIN_BATCHES if split == "train" else TEST_BATCHES
    images, labels = [], []
    for name in names:
        batch = _unpickle(folder / name)
        images.append(np.asarray(batch[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32))
        labels.extend(batch[b"labels"])
    meta = _unpickle(folder / "batches.meta")
    classes = [c.decode() for c in meta[b"label_names"]]
    arrays = ImageArrays(np.concatenate(images), np.asarray(labels, dtype=np.int64), classes,
                         str(folder), native_size=32)
    return arrays if size == 32 else _resized(arrays, size)


def _unpickle(path: Path) -> dict:
    """Read one CIFAR batch. These files are pickles; only plain data is allowed through."""
    try:
        with open(path, "rb") as f:
            return _PlainUnpickler(f, encoding="bytes").load()
    except (OSError, pickle.UnpicklingError, EOFError) as e:
        raise DataError(f"{path}: not a readable CIFAR batch ({e})") from None


class _PlainUnpickler(pickle.Unpickler):
    """CIFAR batches hold dicts, lists, bytes and numpy arrays; refuse anything else."""

    _ALLOWED = {("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
                ("numpy.core.numeric", "_frombuffer"), ("numpy._core.numeric", "_frombuffer"),
                ("numpy", "ndarray"), ("numpy", "dtype"),
                # Python 3's protocol-2 pickles spell bytes as _codecs.encode(str, "latin1").
                ("_codecs", "encode")}

    def find_class(self, module: str, name: str):  # noqa: ANN201 (pickle's signature)
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


# --------------------------------------------------------------------------------------------
# Image folders


class ScanStopped(Exception):
    """``list_folder``'s ``stop()`` said to give up (the folder asked about has changed)."""


# Folders no one means as a class: a Mac's zip keeps resource forks in __MACOSX/, which had
# counted as a class and then stopped the run (no readable image in it).
NOT_CLASSES = frozenset({"__MACOSX"})


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in NOT_CLASSES


def list_folder(split_dir: Path, stop: Callable[[], bool] | None = None,
                ) -> tuple[list[str], list[tuple[Path, int]]]:
    """The class folders of ``split_dir`` and their image files, by name. ``stop`` is asked
    between entries: a tree as big as ``/`` takes seconds to walk (ScanStopped when it says
    so)."""
    classes = sorted(d.name for d in split_dir.iterdir() if d.is_dir() and not _hidden(d.name))
    if not classes:
        raise DataError(f"{split_dir}: no class folders")
    files = []
    for label, name in enumerate(classes):
        found = []
        for path in (split_dir / name).rglob("*"):
            if stop is not None and stop():
                raise ScanStopped(str(split_dir))
            found.append(path)
        for path in sorted(found):
            if path.suffix.lower() in FOLDER_SUFFIXES and not path.name.startswith("."):
                files.append((path, label))
    if not files:
        raise DataError(f"{split_dir}: no images in its class folders")
    return classes, files


def merged_subfolders(split_dir: Path, classes: list[str], files: list[tuple[Path, int]],
                      ) -> list[tuple[str, tuple[str, ...]]]:
    """The class folders whose images lie (some or all) in subfolders, with those subfolders'
    names, from :func:`list_folder`'s answer. Their images count as the class (as
    torchvision's ImageFolder counts them), which is right for ``cats/indoor`` but merges two
    classes when the folder chosen was one level too high (``pets/cats``, ``pets/dogs``): the
    user is told which, so that is never silent."""
    inside: dict[int, set[str]] = {}
    for path, label in files:
        parts = path.relative_to(split_dir / classes[label]).parts
        if len(parts) > 1:
            inside.setdefault(label, set()).add(parts[0])
    return [(classes[label], tuple(sorted(names))) for label, names in sorted(inside.items())]


def fingerprint(files: list[tuple[Path, int]], size: int) -> str:
    h = hashlib.sha256(f"v{CACHE_VERSION} size={size}".encode())
    for path, label in files:
        st = path.stat()
        # The name as the file system has it: a name that is not UTF-8 (lone surrogates in
        # Python) made str.encode raise, and the whole data set was refused over one file.
        h.update(os.fsencode(path) + f"|{label}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:24]


def _load_folder_cached(split_dir: Path, size: int, cache_dir: Path) -> ImageArrays:
    classes, files = list_folder(split_dir)
    key = fingerprint(files, size)
    cache_file = cache_dir / f"{split_dir.parent.name}-{split_dir.name}-{key}.npz"
    if cache_file.is_file():
        try:
            with np.load(cache_file) as z:
                native = int(z["native"])
                return ImageArrays(z["images"], z["labels"], json.loads(str(z["classes"])),
                                   str(split_dir), native_size=native or None,
                                   skipped=tuple(map(tuple, json.loads(str(z["skipped"])))))
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is rebuilt below
    images, native, errors = _decode_all([p for p, _ in files], size)
    keep = np.asarray([i not in errors for i in range(len(files))], dtype=bool)
    if not keep.any():
        first = tuple((str(files[i][0]), errors[i]) for i in range(min(FIRST_FILES, len(files))))
        problem = ScanProblem("none_decoded", split_dir, count=len(files), files=first)
        raise DataError(f"{problem} (first: {files[0][0]}: {errors[0]})", problem=problem)
    arrays = ImageArrays(images[keep], np.asarray([lbl for _, lbl in files], dtype=np.int64)[keep],
                         classes, str(split_dir), native_size=native,
                         skipped=tuple((str(files[i][0]), errors[i]) for i in sorted(errors)))
    _write_cache(cache_file, arrays)
    return arrays


def _write_cache(cache_file: Path, arrays: ImageArrays) -> None:
    try:
        with atomic_path(cache_file) as tmp:
            with open(tmp, "wb") as f:
                np.savez(f, images=arrays.images, labels=arrays.labels,
                         classes=np.asarray(json.dumps(arrays.class_names)),
                         native=np.asarray(arrays.native_size or 0),
                         skipped=np.asarray(json.dumps(arrays.skipped)))
    except OSError:
        pass  # caching is an optimisation; a read-only cache folder must not stop training


def _decode_all(paths: list[Path], size: int) -> tuple[np.ndarray, int | None, dict[int, str]]:
    """The images as one N×3×size×size array, their common side if all were one square size
    (else None), and why each file that could not be decoded failed (by index; its row is
    left unset)."""
    out = np.empty((len(paths), 3, size, size), dtype=np.uint8)
    sizes: set[tuple[int, int]] = set()
    errors: dict[int, str] = {}

    def decode(i: int) -> None:
        try:
            out[i], original = _decode_one(paths[i], size)
        except DataError as e:
            errors[i] = e.reason  # dict and set updates are atomic under the GIL
            return
        sizes.add(original)

    # Pillow releases the GIL while decoding, so threads use every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(decode, range(len(paths)), chunksize=256))
    common = next(iter(sizes)) if len(sizes) == 1 else None
    return out, common[0] if common and common[0] == common[1] else None, errors


def _decode_one(path: Path, size: int) -> tuple[np.ndarray, tuple[int, int]]:
    """3×size×size uint8 pixels of one file, and its size as stored (width, height)."""
    from PIL import Image, ImageOps

    if not path.is_file():  # a FIFO named like an image would block the decoding for ever
        reason = "not a regular file (a named pipe or a device)"
        raise DataError(f"{path}: {reason}", reason=reason)
    try:
        with Image.open(path) as im:
            im = ImageOps.exif_transpose(im).convert("RGB")
            original = im.size
            if im.size != (size, size):
                im = im.resize((size, size), Image.Resampling.BICUBIC, reducing_gap=3.0)
            return np.asarray(im, dtype=np.uint8).transpose(2, 0, 1), original
    except Exception as e:  # Pillow raises many types for bad files
        raise DataError(f"{path}: cannot read image ({e})", reason=f"cannot read image ({e})") \
            from None


def _resized(arrays: ImageArrays, size: int) -> ImageArrays:
    from PIL import Image

    out = np.empty((len(arrays), 3, size, size), dtype=np.uint8)
    for i, img in enumerate(arrays.images):
        im = Image.fromarray(img.transpose(1, 2, 0)).resize((size, size), Image.Resampling.BICUBIC)
        out[i] = np.asarray(im).transpose(2, 0, 1)
    return dataclasses.replace(arrays, images=out)


def align_classes(arrays: ImageArrays, class_names: list[str]) -> ImageArrays:
    """Relabel ``arrays`` to follow ``class_names`` order (a checkpoint's), matching by name."""
    if arrays.class_names == class_names:
        return arrays
    if sorted(arrays.class_names) != sorted(class_names):
        raise DataError(f"{arrays.source}: its {_names(arrays.class_names)} do not match the "
                        f"checkpoint's {_names(class_names)}")
    mapping = np.asarray([class_names.index(n) for n in arrays.class_names], dtype=np.int64)
    return dataclasses.replace(arrays, labels=mapping[arrays.labels], class_names=list(class_names))


def _names(classes: list[str], shown: int = 12) -> str:
    """"10 classes (airplane, ...)": a 1000-class checkpoint's names made a 10 KB line."""
    listed = ", ".join(classes[:shown]) + (", …" if len(classes) > shown else "")
    return f"{len(classes)} classes ({listed})"
