"""One classified image as the GUI keeps it, and the CSV export of the history."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from typing import Iterable

from PyQt5.QtGui import QImage

from model.files.atomic import write_bytes_atomic
from model.files.csv_cells import safe_cell
from model.files.file_names import readable

CSV_TOP_K = 5


@dataclass(frozen=True)
class HistoryEntry:
    """The outcome of one image: a top-k prediction, or the error that stopped it.

    Images are ``QImage`` (made in the worker thread: ``QImage`` is reentrant, unlike
    ``QPixmap``), so the GUI thread never decodes or converts anything.
    """

    source: str                              # file path as given, or "clipboard image"
    labels: tuple[str, ...] = ()
    probabilities: tuple[float, ...] = ()
    seconds: float = 0.0                     # decode + preprocess + forward, from Prediction
    error: str | None = None                 # English, as the CSV and the log keep it
    # The error's kind and values (model.data.images.ImageError), so the window can word it in
    # the interface language (app/image_errors.py); "" for errors it shows as they are.
    error_kind: str = ""
    error_detail: tuple[tuple[str, str], ...] = ()
    thumbnail: QImage | None = field(default=None, compare=False, repr=False)
    input_image: QImage | None = field(default=None, compare=False, repr=False)
    is_file: bool = True                     # False for pasted images: they cannot be re-read
    # The model's answer should not be trusted (model.inference.confidence); reason codes say why.
    not_sure: bool = False
    not_sure_reasons: tuple[str, ...] = ()
    model: str = ""                          # the checkpoint that answered ("" if none)
    classes: int = 0                         # its number of classes (0: not known)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def name(self) -> str:
        # os.path, not pathlib: the history asks for every row's name, and building a Path per
        # row showed in the GUI thread's profile of a dropped folder (benchmarks/README.md).
        return os.path.basename(self.source) if self.is_file else self.source

    @property
    def top_label(self) -> str:
        return self.labels[0] if self.labels else ""

    @property
    def top_probability(self) -> float:
        return self.probabilities[0] if self.probabilities else 0.0


def csv_header(top_k: int = CSV_TOP_K) -> list[str]:
    head = ["file", "top_class", "confidence"]
    for i in range(1, top_k + 1):
        head += [f"class_{i}", f"probability_{i}"]
    return head + ["seconds", "error", "not_sure", "model"]


def csv_row(entry: HistoryEntry, top_k: int = CSV_TOP_K) -> list[str]:
    # File, class and error text come from outside: neutralised for spreadsheets.
    row = [safe_cell(entry.source), safe_cell(entry.top_label),
           f"{entry.top_probability:.6f}" if entry.ok else ""]
    for i in range(top_k):
        if i < len(entry.labels):
            row += [safe_cell(entry.labels[i]), f"{entry.probabilities[i]:.6f}"]
        else:
            row += ["", ""]
    not_sure = (";".join(entry.not_sure_reasons) or "yes") if entry.not_sure else ""
    return row + [f"{entry.seconds:.4f}" if entry.ok else "", safe_cell(entry.error or ""),
                  not_sure, safe_cell(entry.model)]


def write_csv(path: str | os.PathLike[str], entries: Iterable[HistoryEntry]) -> int:
    """Write ``entries`` (oldest first) to ``path``; returns the number of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_header())
    count = 0
    for entry in entries:
        writer.writerow(csv_row(entry))
        count += 1
    # utf-8-sig: spreadsheet programs then read non-ASCII file names correctly; a name that is
    # not UTF-8 gets U+FFFD for its odd bytes, as the history shows it (it made the export
    # fail). Atomic, so a failed export never leaves a half-written file in place of an
    # earlier one.
    write_bytes_atomic(path, readable(buffer.getvalue()).encode("utf-8-sig"))
    return count
