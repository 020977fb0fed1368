"""Evaluation figures as text, for the reports and the app alike.

Pure Python: the GUI imports it at start-up, before numpy or torch.
"""

from __future__ import annotations


def format_accuracy(value: object, decimals: int = 1) -> str | None:
    """"94.1%" for 0.941 (or for 94.1: some tools store percentages), with ``decimals`` places
    after the point; None when ``value`` is not a number."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    return f"{value / 100 if value > 1 else value:.{decimals}%}"
