"""Conversions between PIL images, uint8 arrays and ``QImage`` (worker thread).

The worker decodes with PIL and the model side works on numpy arrays; the GUI only ever sees
``QImage``. numpy and PIL are imported inside the functions that need them: app modules must
not import them at import time (the window opens before the heavy libraries are loaded).
"""

from __future__ import annotations

from typing import Any

from PyQt5.QtGui import QImage


def fit(img: Any, size: int) -> Any:
    """``img`` scaled down to fit in ``size`` x ``size`` (aspect kept); small ones unchanged."""
    w, h = img.size
    scale = size / max(w, h)
    if scale >= 1:
        return img
    from PIL import Image

    # reducing_gap: box-reduce first, then resample; close to full quality, several times faster
    # (Pillow's Image.resize documentation).
    return img.resize((max(1, round(w * scale)), max(1, round(h * scale))),
                      Image.Resampling.BILINEAR, reducing_gap=2.0)


def pil_to_qimage(img: Any) -> QImage:
    rgb = img if img.mode == "RGB" else img.convert("RGB")
    w, h = rgb.size
    # .copy() gives the QImage its own buffer; the bytes object may be freed afterwards.
    return QImage(rgb.tobytes(), w, h, 3 * w, QImage.Format_RGB888).copy()


def array_to_qimage(array: Any) -> QImage:
    """An HxWx3 uint8 array (Prediction.input_image) as a QImage."""
    h, w = array.shape[:2]
    return QImage(array.tobytes(), w, h, 3 * w, QImage.Format_RGB888).copy()


def gray_to_qimage(array: Any) -> QImage:
    """An HxW uint8 array (a feature-map tile) as a grayscale QImage."""
    import numpy as np

    rows = np.ascontiguousarray(array, dtype=np.uint8)
    h, w = rows.shape
    return QImage(rows.tobytes(), w, h, w, QImage.Format_Grayscale8).copy()


def qimage_to_array(image: QImage) -> Any:
    """An HxWx3 uint8 array of ``image`` (the inverse of :func:`array_to_qimage`)."""
    import numpy as np

    rgb = image.convertToFormat(QImage.Format_RGB888)
    bits = rgb.constBits()
    bits.setsize(rgb.sizeInBytes())
    rows = np.frombuffer(bytes(bits), np.uint8).reshape(rgb.height(), rgb.bytesPerLine())
    return rows[:, : 3 * rgb.width()].reshape(rgb.height(), rgb.width(), 3).copy()


def qimage_to_pil(image: QImage) -> Any:
    from PIL import Image

    if image.isNull():
        raise ValueError("the clipboard image is empty")
    rgba = image.convertToFormat(QImage.Format_RGBA8888)
    bits = rgba.constBits()
    bits.setsize(rgba.sizeInBytes())
    return Image.frombuffer("RGBA", (rgba.width(), rgba.height()), bytes(bits), "raw", "RGBA",
                            rgba.bytesPerLine(), 1)
