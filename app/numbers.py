"""How the GUI writes numbers."""

from __future__ import annotations


def percent(value: object, decimals: int = 1) -> str | None:
    """"94.1%" for 0.941, and for 94.1 (some tools store percentages); None when ``value`` is
    not a number (a field a checkpoint did not record)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    return f"{value / 100 if value > 1 else value:.{decimals}%}"
