"""TIFFs Pillow cannot open (float64 RGB, many-sample and tiled scientific TIFFs), read with
``tifffile`` (Christoph Gohlke's reader, a dependency): the first page, as a numpy array."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # classic and BigTIFF, both byte orders


def is_tiff(fp: io.BytesIO | Path) -> bool:
    if isinstance(fp, Path):
        with open(fp, "rb") as f:
            head = f.read(4)
    else:
        head = fp.getvalue()[:4]
    return head in _MAGIC


def read_first_page(fp: io.BytesIO | Path, max_bytes: int) -> np.ndarray:
    """The first page as H×W or H×W×samples. ValueError if it would need more than
    ``max_bytes`` of memory (checked from its tags, before any pixel is read)."""
    import tifffile

    if isinstance(fp, io.BytesIO):
        fp.seek(0)
    with tifffile.TiffFile(fp) as tif:
        page = tif.pages.first
        needed = int(np.prod(page.shape)) * page.dtype.itemsize
        if needed > max_bytes:
            raise ValueError(f"refused: its first page ({'×'.join(map(str, page.shape))} "
                             f"{page.dtype}) needs {needed / 1e6:,.0f} MB, over the limit of "
                             f"{max_bytes / 1e6:,.0f} MB")
        arr = page.asarray()
    if arr.ndim == 3 and arr.shape[0] in (3, 4) and arr.shape[-1] not in (3, 4):
        arr = np.moveaxis(arr, 0, -1)  # planar (samples first) to samples last
    return arr
