"""Walking dropped files and folders for images, lazily and cancellably (worker thread).

The result is what :func:`model.data.images.find_images` returns, but produced one path at a
time and checking a ``cancelled()`` callback between entries, so that Cancel, Clear and closing
the window stop a walk of a huge dropped tree without waiting for it to finish.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator


def walk_images(paths: Iterable[str | os.PathLike[str]],
                cancelled: Callable[[], bool]) -> Iterator[Path]:
    """What :func:`model.data.images.find_images` returns, lazily, stopping once ``cancelled()``.

    Same rules: folders walked recursively (sorted, image suffixes only, hidden entries and
    symlinked folders skipped, an unreadable folder listed itself so that its error is
    reported); files and missing paths kept as given whatever their suffix, so their error is
    reported.
    """
    for path in map(Path, paths):
        if cancelled():
            return
        if path.is_dir():
            yield from _walk_folder(path, cancelled)
        else:
            yield path


def _walk_folder(folder: Path, cancelled: Callable[[], bool]) -> Iterator[Path]:
    from model.data.images import IMAGE_SUFFIXES

    try:
        with os.scandir(folder) as it:
            # Depth-first in name order at every level gives the same order as find_images'
            # sorted() of whole paths, which compares them component by component.
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        # Listed itself, so the classifier reports why it cannot be read (as find_images does)
        # instead of the folder vanishing from the results.
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
            if not entry.is_symlink():  # os.walk does not follow symlinked folders either
                yield from _walk_folder(Path(entry.path), cancelled)
        elif Path(entry.name).suffix.lower() in IMAGE_SUFFIXES:
            yield Path(entry.path)
