"""Pillow's size warning, silenced by the entry points (the CLI's main, the app's main).

Pillow warns about every image over 89 MP as it opens it (``DecompressionBombWarning``). The
decoding policy (model/data/images.py) then reads such a JPEG at draft scale or refuses the
image with its size and the limit, so the warning, and the line of Pillow's source printed
with it, is only noise on stderr. Matched by its text, so that the app need not import Pillow
before its window shows.
"""

from __future__ import annotations

import warnings

# The text of PIL.Image._decompression_bomb_check's warning (Pillow 9-13).
SIZE_WARNING = r"Image size \(\d+ pixels\) exceeds limit of \d+ pixels"


def quiet_pillow_size_warnings() -> None:
    warnings.filterwarnings("ignore", message=SIZE_WARNING)
