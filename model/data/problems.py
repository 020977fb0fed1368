"""What keeps a folder of class folders from training, as data: the app words each in the
user's language, ``str()`` gives the English sentence (which names the folder).

Two places find them: :mod:`model.data.folder_scan` by file names before training (the app's
dialog), and :func:`model.data.datasets.check_classes` once the images are decoded (a class
whose files turn out unreadable); ``cifar10 train --events`` passes the latter on as a
``refused`` event (model/training/events.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A class needs this many readable images to be learnt and measured at all.
MIN_PER_CLASS = 5

# kind: what the fields mean
#   not_a_folder, not_class_folders, no_images: path only
#   unreadable: detail is the system's reason
#   one_class: detail is the class (or classes) found
#   too_few: count image files (by name, before decoding)
#   too_few_readable: count images that decoded; files the ones that did not
#   none_readable: files the class's images, none of which decoded
#   none_decoded: count image files in the whole tree, none of which decoded; files the first
KINDS = ("not_a_folder", "not_class_folders", "no_images", "unreadable", "one_class", "too_few",
         "too_few_readable", "none_readable", "none_decoded")
# How many unreadable files a message lists (the rest are counted), and how many a whole
# tree that does not decode passes on.
FIRST_FILES = 5


@dataclass(frozen=True)
class ScanProblem:
    """One thing that stops a folder from training (``kind`` from :data:`KINDS`)."""

    kind: str
    path: Path           # the folder it is about
    count: int = 0
    detail: str = ""
    files: tuple[tuple[str, str], ...] = ()  # (path, reason) of the folder's unreadable files

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown problem kind {self.kind!r}")

    def __str__(self) -> str:
        path, n = self.path, self.count
        if self.kind == "not_a_folder":
            return f"{path}: not a folder"
        if self.kind == "not_class_folders":
            return (f"{path}: not a folder of class folders (it should hold one folder per "
                    "class, each with that class's images; train/ and test/ layouts train from "
                    "the command line)")
        if self.kind == "no_images":
            return f"{path}: no images in its class folders"
        if self.kind == "unreadable":
            return f"{path}: cannot be read ({self.detail})"
        if self.kind == "one_class":
            return f"{path}: only one class folder ({self.detail}); at least 2 are needed"
        if self.kind == "too_few":
            return (f"{path}: {n} image{'' if n == 1 else 's'}; a class needs at least "
                    f"{MIN_PER_CLASS}")
        if self.kind == "too_few_readable":
            return (f"{path}: only {n} readable image{'' if n == 1 else 's'}; a class needs at "
                    f"least {MIN_PER_CLASS}")
        if self.kind == "none_readable":
            return f"{path}: no readable image in this class folder"
        return f"{path}: none of its {n} images could be read"  # none_decoded

    def to_event(self) -> dict[str, Any]:
        """The fields of a ``refused`` event (``problem`` is the kind)."""
        return {"problem": self.kind, "path": str(self.path), "count": self.count,
                "detail": self.detail, "files": [list(f) for f in self.files]}

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> ScanProblem:
        """The problem a ``refused`` event carries; ValueError if it carries none."""
        try:
            return cls(str(event["problem"]), Path(str(event["path"])), int(event.get("count", 0)),
                       str(event.get("detail", "")),
                       tuple((str(p), str(r)) for p, r in event.get("files", [])))
        except (KeyError, TypeError) as e:
            raise ValueError(f"not a refused event: {event!r}") from e
