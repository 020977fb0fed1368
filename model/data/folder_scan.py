"""What a folder of class folders holds, before any image is decoded: the classes and their
image counts, and what stops it from training (for the app's *New Model from Folders*).

Counting goes by file name (the suffixes training reads), so it is quick on thousands of
files; the files that turn out unreadable are listed by training itself, which leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from model.data.datasets import MIN_PER_CLASS, DataError, is_class_folder_tree, list_folder


@dataclass(frozen=True)
class ScanProblem:
    """Something that stops a folder from training, as data, so that the app can word it in
    the user's language (``str()`` gives the English sentence, which names the folder)."""

    # "not_a_folder", "not_class_folders", "no_images", "unreadable", "one_class", "too_few"
    kind: str
    path: Path     # the folder it is about
    count: int = 0       # "too_few": its images
    detail: str = ""     # "one_class": the class; "unreadable": the system's reason

    def __str__(self) -> str:
        if self.kind == "not_a_folder":
            return f"{self.path}: not a folder"
        if self.kind == "not_class_folders":
            return (f"{self.path}: not a folder of class folders (it should hold one folder per "
                    "class, each with that class's images; train/ and test/ layouts train from "
                    "the command line)")
        if self.kind == "no_images":
            return f"{self.path}: no images in its class folders"
        if self.kind == "unreadable":
            return f"{self.path}: cannot be read ({self.detail})"
        if self.kind == "one_class":
            return f"{self.path}: only one class folder ({self.detail}); at least 2 are needed"
        if self.kind == "too_few":
            return (f"{self.path}: {self.count} image{'' if self.count == 1 else 's'}; a class "
                    f"needs at least {MIN_PER_CLASS}")
        raise ValueError(f"unknown problem kind {self.kind!r}")


@dataclass(frozen=True)
class FolderScan:
    root: Path
    classes: list[tuple[str, int]] = field(default_factory=list)  # (name, image files)
    problems: list[ScanProblem] = field(default_factory=list)     # each names its folder

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> list[int]:
        return [n for _, n in self.classes]


def scan_class_folders(root: Path) -> FolderScan:
    root = Path(root)
    if not root.is_dir():
        return FolderScan(root, problems=[ScanProblem("not_a_folder", root)])
    if not is_class_folder_tree(root):
        return FolderScan(root, problems=[ScanProblem("not_class_folders", root)])
    try:
        names, files = list_folder(root)
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
    return FolderScan(root, classes, problems)
