"""What File > Paste Image sends the worker, read from the clipboard without decoding in the
GUI thread: copied files, an image this process put there, or the encoded bytes another
program offered."""

from __future__ import annotations

import os

from PyQt5.QtCore import QMimeData, QUrl
from PyQt5.QtGui import QImage
from PyQt5.QtWidgets import QApplication

# Encoded image formats other programs put on the clipboard, best first; decoded in the worker.
CLIPBOARD_FORMATS = ("image/png", "image/jpeg", "image/bmp", "image/gif", "image/webp",
                     "image/tiff")


def clipboard_files(mime: QMimeData | None) -> list[str]:
    """Local files copied in a file manager (classified like dropped files), or copied as
    text: paths or file:// URLs, one a line, when every line names something that exists
    (a path copied from a terminal or an address bar was "no image")."""
    if mime is None:
        return []
    if mime.hasUrls():
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    return _paths_in_text(mime.text()) if mime.hasText() else []


MAX_TEXT_PATHS = 100  # more lines than that is prose, not a list of files


def _paths_in_text(text: str) -> list[str]:
    lines = [line.strip() for line in text.strip().splitlines()]
    if not lines or len(lines) > MAX_TEXT_PATHS:
        return []
    paths = []
    for line in lines:
        if line.startswith("file://"):
            line = QUrl(line).toLocalFile()
        line = os.path.expanduser(line)
        if not (os.path.isabs(line) and os.path.exists(line)):
            return []  # any line that is not an existing path: it is just text
        paths.append(line)
    return paths


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
