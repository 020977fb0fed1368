"""What a folder of class folders holds, before any image is decoded: the classes and their
image counts, and what stops it from training (for the app's *New Model from Folders*).

Counting goes by file name (the suffixes training reads), so it is quick on thousands of
files; the files that turn out unreadable are listed by training itself, which leaves them out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from model.data.datasets import (
    DataError,
    ScanStopped,
    is_class_folder_tree,
    list_folder,
    merged_subfolders,
)
from model.data.problems import MIN_PER_CLASS, ScanProblem

__all__ = ["FolderScan", "ScanProblem", "ScanStopped", "scan_class_folders"]


@dataclass(frozen=True)
class FolderScan:
    root: Path
    classes: list[tuple[str, int]] = field(default_factory=list)  # (name, image files)
    problems: list[ScanProblem] = field(default_factory=list)     # each names its folder
    # Class folders whose subfolders' images count as the class (datasets.merged_subfolders).
    merged: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> list[int]:
        return [n for _, n in self.classes]


def scan_class_folders(root: Path, stop: Callable[[], bool] | None = None) -> FolderScan:
    """What ``root`` holds as class folders. ``stop`` is asked between files; ScanStopped when
    it says to give up."""
    root = Path(root)
    if not root.is_dir():
        return FolderScan(root, problems=[ScanProblem("not_a_folder", root)])
    if not is_class_folder_tree(root):
        return FolderScan(root, problems=[ScanProblem("not_class_folders", root)])
    try:
        names, files = list_folder(root, stop)
    except DataError:  # its class folders hold no image (is_class_folder_tree saw folders)
        return FolderScan(root, problems=[ScanProblem("no_images", root)])
    except OSError as e:  # a folder inside that cannot be listed
        where = Path(e.filename) if e.filename else root
        return FolderScan(root, problems=[ScanProblem("unreadable", where,
                                                      detail=e.strerror or str(e))])
    counts = [0] * len(names)
    for _, label in files:
        counts[label] += 1
    classes = list(zip(names, counts))
    problems = []
    if len(names) < 2:
        problems.append(ScanProblem("one_class", root, detail=names[0]))
    for name, n in classes:
        if n < MIN_PER_CLASS:
            problems.append(ScanProblem("too_few", root / name, count=n))
    return FolderScan(root, classes, problems, merged_subfolders(root, names, files))
