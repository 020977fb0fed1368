"""CSV cells a spreadsheet will not run as formulas.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before looking) is read as a formula by Excel, LibreOffice and Google Sheets.
File names and class names come from users and from checkpoints made elsewhere, so a crafted
name could plant ``=HYPERLINK(...)`` or worse in an export. OWASP's rule for CSV injection
("CSV Injection", owasp.org): prefix such cells with a single quote, which spreadsheets show
as text and do not evaluate; the csv module then quotes the cell where it needs to. Only text
from outside is passed through this; our own numbers are written as they are.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text``, prefixed with ``'`` if a spreadsheet would evaluate it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
