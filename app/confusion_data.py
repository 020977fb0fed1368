"""The numbers behind the confusion-matrix view: a recorded matrix checked before it is drawn,
the colour of a share, and the text of a cell."""

from __future__ import annotations

from typing import Any

from PyQt5.QtGui import QColor


def validate_confusion(n_classes: int, confusion: Any) -> list[list[int]] | None:
    """``confusion`` as a square list of non-negative ints for ``n_classes``, or None if it is
    missing, malformed (ragged, wrong size, negative, not integers) or counts no image at all."""
    if n_classes < 1 or not isinstance(confusion, (list, tuple)) or len(confusion) != n_classes:
        return None
    rows: list[list[int]] = []
    for row in confusion:
        if not isinstance(row, (list, tuple)) or len(row) != n_classes:
            return None
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in row):
            return None
        rows.append([int(v) for v in row])
    if sum(map(sum, rows)) == 0:
        return None
    return rows


def blend(a: QColor, b: QColor, t: float) -> QColor:
    t = min(max(t, 0.0), 1.0)
    return QColor(round(a.red() + (b.red() - a.red()) * t),
                  round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def cell_text(share: float) -> str:
    # Whole percents; a non-zero share that rounds to 0 shows "<1" rather than a misleading 0.
    value = round(share * 100)
    return "<1" if value == 0 else str(value)
