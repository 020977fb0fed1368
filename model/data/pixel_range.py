"""Pixels of any depth to 8 bits, by the range of values the image holds.

The rule (README, "Bad input"): integer images whose values all fit in 0-255 are already 8-bit
(a 32-bit TIFF can hold 8-bit data) and are kept as they are; otherwise values that fit in
0-65535 are 16-bit data and are scaled by 255/65535, the convention of 16-bit PNG and TIFF
files, so a dark 16-bit photo stays dark; anything wider is scaled by its own minimum and maximum.
Float images in 0-1 are scaled by 255; in 0-255 kept; otherwise scaled by their own range.
NaN becomes 0.

The conversion runs over blocks of rows, so a wide image needs only its own buffer and the 8-bit
result (plus one block): converting a 79-megapixel 16-bit PNG in float64 at once peaked at 2.5 GB.
"""

from __future__ import annotations

import numpy as np

BLOCK_VALUES = 4_000_000  # values converted at a time (16 MB as float32)


def value_range(arr: np.ndarray) -> tuple[float, float]:
    """(offset, scale) such that ``(x - offset) * scale`` maps the image's values to 0-255."""
    if arr.size == 0:
        return 0.0, 1.0
    if np.issubdtype(arr.dtype, np.floating):
        finite = arr[np.isfinite(arr)] if not np.isfinite(arr).all() else arr
        lo = float(finite.min()) if finite.size else 0.0
        hi = float(finite.max()) if finite.size else 0.0
        if lo >= 0.0 and hi <= 1.0:
            return 0.0, 255.0
        if lo >= 0.0 and hi <= 255.0:
            return 0.0, 1.0
    else:
        lo, hi = float(arr.min()), float(arr.max())
        if lo >= 0 and hi <= 255:
            return 0.0, 1.0
        if lo >= 0 and hi <= 65535:
            return 0.0, 255.0 / 65535.0
    offset = min(lo, 0.0)
    return offset, 255.0 / max(hi - offset, 1e-12)


def to_uint8(arr: np.ndarray) -> np.ndarray:
    """``arr`` (H×W or H×W×C, any real dtype) as uint8 by :func:`value_range`, block by block."""
    if arr.dtype == np.uint8:
        return arr
    offset, scale = value_range(arr)
    out = np.empty(arr.shape, dtype=np.uint8)
    row_values = max(1, int(np.prod(arr.shape[1:])))
    step = max(1, BLOCK_VALUES // row_values)
    for start in range(0, arr.shape[0], step):
        block = arr[start:start + step].astype(np.float32)
        np.nan_to_num(block, copy=False, nan=0.0, posinf=255.0 / scale + offset, neginf=offset)
        block -= offset
        block *= scale
        np.clip(block, 0.0, 255.0, out=block)
        out[start:start + step] = np.rint(block)
    return out
