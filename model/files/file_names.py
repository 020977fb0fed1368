"""File names as text every reader can take.

A name that is not valid UTF-8 reaches Python with each undecodable byte as a lone surrogate
(PEP 383: U+DC80-U+DCFF). Such a string cannot be encoded as UTF-8: a CSV export or a JSON
record holding it either fails or carries something other programs reject. The exact bytes
stay available with ``os.fsencode``.
"""

from __future__ import annotations


def readable(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, the Unicode replacement
    character, as a UTF-8 decoder shows the bytes it cannot read."""
    try:
        text.encode("utf-8")
        return text  # the usual case, checked at C speed
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
