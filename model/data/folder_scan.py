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
class FolderScan:
    root: Path
    classes: list[tuple[str, int]] = field(default_factory=list)  # (name, image files)
    problems: list[str] = field(default_factory=list)             # each names its folder

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> list[int]:
        return [n for _, n in self.classes]


def scan_class_folders(root: Path) -> FolderScan:
    root = Path(root)
    if not root.is_dir():
        return FolderScan(root, problems=[f"{root}: not a folder"])
    if not is_class_folder_tree(root):
        return FolderScan(root, problems=[
            f"{root}: not a folder of class folders (it should hold one folder per class, "
            "each with that class's images; train/ and test/ layouts train from the command "
            "line)"])
    try:
        names, files = list_folder(root)
    except DataError as e:
        return FolderScan(root, problems=[str(e)])
    counts = [0] * len(names)
    for _, label in files:
        counts[label] += 1
    classes = list(zip(names, counts))
    problems = []
    if len(names) < 2:
        problems.append(f"{root}: only one class folder ({names[0]}); at least 2 are needed")
    for name, n in classes:
        if n < MIN_PER_CLASS:
            problems.append(f"{root / name}: {n} image{'' if n == 1 else 's'}; a class needs at "
                            f"least {MIN_PER_CLASS}")
    return FolderScan(root, classes, problems)
