"""What File > Paste Image sends the worker, read from the clipboard without decoding in the
GUI thread: copied files, an image this process put there, or the encoded bytes another
program offered."""

from __future__ import annotations

from PyQt5.QtCore import QMimeData
from PyQt5.QtGui import QImage
from PyQt5.QtWidgets import QApplication

# Encoded image formats other programs put on the clipboard, best first; decoded in the worker.
CLIPBOARD_FORMATS = ("image/png", "image/jpeg", "image/bmp", "image/gif", "image/webp",
                     "image/tiff")


def clipboard_files(mime: QMimeData | None) -> list[str]:
    """Local files copied in a file manager (classified like dropped files)."""
    if mime is None or not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]


def clipboard_payload(mime: QMimeData | None) -> QImage | bytes | None:
    """What to send the worker for a pasted image, without decoding in the GUI thread:
    a QImage this process put there, or the encoded bytes another program offered."""
    if mime is None:
        return None
    if mime.hasFormat("application/x-qt-image"):
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return image
    for fmt in CLIPBOARD_FORMATS:
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt))
            if data:
                return data
    if mime.hasImage():  # some other platform-specific form: let Qt convert it
        image = QApplication.clipboard().image()
        return image if not image.isNull() else None
    return None
