"""Machine-readable progress of a training run, for programs that drive ``cifar10 train``.

With ``--events`` the run prints one line per event on stdout, ``@cifar10-event`` followed by a
JSON object whose ``"event"`` says what happened: ``start`` (classes, image counts, epochs,
steps per epoch), ``skipped`` (unreadable files left out), ``step`` (at most a few a second),
``epoch`` (the row written to log.jsonl), ``done`` (the checkpoint), ``interrupted`` (the
resume state) or ``refused`` (a folder of class folders that cannot train, as the fields of
model/data/problems.py's ``ScanProblem``, before the process exits with status 2). The human-readable lines stay as they are; a reader keeps the lines that parse
and ignores the rest. The app's *File > New Model from Folders* reads them (app/training).
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

PREFIX = "@cifar10-event "
KINDS = frozenset({"start", "skipped", "step", "epoch", "done", "interrupted", "refused"})


def event_line(kind: str, **fields: Any) -> str:
    """One event as a line of text (no newline). Non-finite numbers become null: JSON has none."""
    if kind not in KINDS:
        raise ValueError(f"unknown event {kind!r}")
    clean = {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
             for k, v in fields.items()}
    return PREFIX + json.dumps({"event": kind, **clean}, ensure_ascii=False)


def emit(kind: str, **fields: Any) -> None:
    print(event_line(kind, **fields), file=sys.stdout, flush=True)


def parse_event(line: str) -> dict[str, Any] | None:
    """The event on ``line``, or None for any other line (progress text, a torn line)."""
    line = line.strip()
    if not line.startswith(PREFIX):
        return None
    try:
        event = json.loads(line[len(PREFIX):])
    except ValueError:
        return None
    if not isinstance(event, dict) or event.get("event") not in KINDS:
        return None
    return event
