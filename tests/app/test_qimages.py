"""Conversions between QImage and numpy arrays in the worker."""

from __future__ import annotations


def test_qimage_round_trip_keeps_pixels():
    import numpy as np

    from app.qimages import array_to_qimage, qimage_to_array

    # 33 px wide: an RGB888 row is padded to 100 bytes, which the conversion must skip.
    pixels = np.random.default_rng(0).integers(0, 256, (5, 33, 3), dtype=np.uint8)
    assert np.array_equal(qimage_to_array(array_to_qimage(pixels)), pixels)
