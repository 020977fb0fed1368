"""``cifar10 classify PATH...``: top-k classes for image files and folders.

Output goes to stdout as a table, JSON or CSV; a file that cannot be read gets its error in the
output and the rest go on. Probabilities are calibrated, and a prediction the not-sure rule of
:mod:`model.inference.confidence` flags is marked as such (a line in the table; ``not_sure`` and
``not_sure_reasons`` in JSON and CSV). The exit status is 0 when at least one image was
classified, 1 when none could be, and 2 when the checkpoint or the options are unusable (one
line on stderr).
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import sys
from collections.abc import Iterable
from typing import TextIO

from model.data.images import ImageError, find_images
from model.files.csv_cells import safe_cell
from model.files.file_names import readable
from model.inference.reasons import describe

EXIT_OK, EXIT_NOTHING_CLASSIFIED, EXIT_UNUSABLE = 0, 1, 2


def run(args: argparse.Namespace) -> int:
    """Entry point for ``cifar10 classify`` (``args`` from model.cli.main's parser)."""
    out, err = sys.stdout, sys.stderr
    if args.top < 1:
        return _fail(err, f"--top must be at least 1, got {args.top}")
    if args.batch_size < 1:
        return _fail(err, f"--batch-size must be at least 1, got {args.batch_size}")
    if any(not p for p in args.paths):  # "" is the current folder to pathlib: walked by mistake
        return _fail(err, "an empty PATH was given (an unset shell variable?); name a file or "
                          "a folder, '.' for the current one")
    paths = find_images(args.paths)
    if not paths:
        print("cifar10 classify: no images found in the given folders", file=err)
        return EXIT_NOTHING_CLASSIFIED

    # The model loads after the cheap checks above; without a GPU, from the ONNX graph kept in
    # the user's cache, without torch (about 0.5 s instead of 5: model/inference/graphs.py).
    from model.checkpoints.checkpoint import CheckpointError
    from model.inference.classifier import Classifier
    from model.inference.graphs import user_graphs

    try:
        classifier = Classifier.from_checkpoint(args.checkpoint, device=args.device,
                                                graphs=user_graphs())
    except (CheckpointError, ValueError) as e:
        return _fail(err, str(e))

    top = min(args.top, classifier.info.num_classes)
    if top < args.top:  # said, not silently capped
        print(f"cifar10 classify: --top {args.top}: the checkpoint has "
              f"{classifier.info.num_classes} classes; showing all of them", file=err)
    results = classifier.predict_many(paths, k=top, batch_size=args.batch_size)
    if args.format == "table":
        ok, failed = _write_table(results, out, classifier.info.num_classes)
    else:
        ok, failed = {"json": _write_json, "csv": _write_csv}[args.format](results, out)
    if failed:
        print(f"cifar10 classify: {failed} of {ok + failed} files could not be classified",
              file=err)
    return EXIT_OK if ok else EXIT_NOTHING_CLASSIFIED


def _fail(err: TextIO, message: str) -> int:
    print(f"cifar10 classify: {message}", file=err)
    return EXIT_UNUSABLE


# --------------------------------------------------------------------------------------------
# Writers: each consumes the results as they come and returns (classified, failed).


def _write_table(results: Iterable, out: TextIO, num_classes: int) -> tuple[int, int]:
    ok = failed = 0
    for r in results:
        if isinstance(r, ImageError):
            failed += 1
            print(f"{r.source}\n  error: {r.reason}", file=out)
            continue
        ok += 1
        print(r.source, file=out)
        width, digits = max(len(label) for label in r.labels), len(str(len(r.labels)))
        for rank, (label, p) in enumerate(zip(r.labels, r.probabilities), start=1):
            print(f"  {rank:>{digits}}. {label:<{width}}  {100 * p:6.2f}%", file=out)
        if r.not_sure:
            print(f"  {describe(r.not_sure_reasons, num_classes)}", file=out)
        out.flush()  # one file at a time, so long runs show progress
    return ok, failed


def _write_json(results: Iterable, out: TextIO) -> tuple[int, int]:
    records = []
    ok = failed = 0
    try:
        for r in results:
            if isinstance(r, ImageError):
                failed += 1
                records.append({**_json_path(r.source), "error": r.reason})
            else:
                ok += 1
                records.append({**_json_path(r.source), "top": [
                    {"label": label, "probability": p}
                    for label, p in zip(r.labels, r.probabilities)],
                    "not_sure": r.not_sure, "not_sure_reasons": list(r.not_sure_reasons)})
    except KeyboardInterrupt:
        # One array, written at the end: Ctrl-C wrote nothing at all. The files done so far
        # are still written, as valid JSON, and the message says it is partial.
        _dump(records, out)
        raise KeyboardInterrupt(f"interrupted; the JSON written holds the first "
                                f"{len(records)} files") from None
    _dump(records, out)
    return ok, failed


def _dump(records: list, out: TextIO) -> None:
    json.dump(records, out, indent=2)
    out.write("\n")


def _json_path(source: str) -> dict[str, str]:
    """``{"path": ...}``, and for a file name that is not UTF-8 (its undecodable bytes are lone
    surrogates in Python, which JSON readers reject or garble) the name with U+FFFD in their
    place plus its exact bytes in ``path_base64``, as ripgrep's JSON output does."""
    shown = readable(source)
    if shown == source:
        return {"path": source}
    return {"path": shown, "path_base64": base64.b64encode(os.fsencode(source)).decode("ascii")}


class _LineFeedRows:
    """A ``write`` that turns the csv module's row end "\r\n" into "\n" (a "\r\n" inside a
    quoted cell is never at the end of what one writerow writes)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        return self._out.write(text[:-2] + "\n" if text.endswith("\r\n") else text)


def _write_csv(results: Iterable, out: TextIO) -> tuple[int, int]:
    # Long format, one row per (file, rank): easy to filter and pivot. Failed files get one row
    # with the reason in the error column. The not-sure columns (1/0, and reason codes joined
    # by ";") come last so that readers of the older five columns keep working.
    # Rows end in "\n"; the csv module then quotes only cells holding "\n", so a name holding
    # "\r" went out bare and readers split its row in two: cells are quoted as for "\r\n".
    writer = csv.writer(_LineFeedRows(out), lineterminator="\r\n")
    writer.writerow(["path", "rank", "label", "probability", "error", "not_sure",
                     "not_sure_reasons"])
    ok = failed = 0
    for r in results:
        if isinstance(r, ImageError):
            failed += 1
            writer.writerow([safe_cell(r.source), "", "", "", safe_cell(r.reason), "", ""])
            continue
        ok += 1
        flag, reasons = int(r.not_sure), ";".join(r.not_sure_reasons)
        for rank, (label, p) in enumerate(zip(r.labels, r.probabilities), start=1):
            writer.writerow([safe_cell(r.source), rank, safe_cell(label), f"{p:.6f}", "", flag,
                             reasons])
    return ok, failed
