"""Why an image could not be classified, in the interface language.

The reasons come from model/ in English (``ImageError.reason``: the CLI, the CSV and the log
keep them so); ``ImageError.kind`` and ``detail`` let the window word them itself. A kind
without a wording here, or values that do not fit it, fall back to the English reason, so a new
reason in model/ is shown, untranslated, rather than lost. Texts use the context "MainWindow",
like the rest of the window's.
"""

from __future__ import annotations

from PyQt5.QtCore import QT_TRANSLATE_NOOP

from app.i18n import translate as _translate
from app.results import HistoryEntry

# kind (model.data.images) -> wording; {names} are the entry's error_detail values.
IMAGE_ERRORS = {
    "no_model": QT_TRANSLATE_NOOP("MainWindow", "no model loaded"),
    "not_found": QT_TRANSLATE_NOOP("MainWindow", "file not found"),
    "permission": QT_TRANSLATE_NOOP("MainWindow", "permission denied"),
    "unreadable": QT_TRANSLATE_NOOP("MainWindow", "cannot read it ({why})"),
    "folder": QT_TRANSLATE_NOOP("MainWindow", "is a folder, not an image file"),
    "folder_unreadable": QT_TRANSLATE_NOOP("MainWindow", "cannot open this folder ({why})"),
    "fifo": QT_TRANSLATE_NOOP("MainWindow", "is a named pipe (FIFO), not an image file"),
    "socket": QT_TRANSLATE_NOOP("MainWindow", "is a socket, not an image file"),
    "device": QT_TRANSLATE_NOOP("MainWindow", "is a device, not an image file"),
    "link_loop": QT_TRANSLATE_NOOP("MainWindow",
                                   "a symbolic link loop (the link leads back to itself)"),
    "broken_link": QT_TRANSLATE_NOOP("MainWindow",
                                     "a broken symbolic link (what it points to does not exist)"),
    "path_too_long": QT_TRANSLATE_NOOP("MainWindow", "the path, or a name in it, is too long "
                                                     "for this system ({chars} characters)"),
    "empty": QT_TRANSLATE_NOOP("MainWindow", "empty file (0 bytes)"),
    "not_image": QT_TRANSLATE_NOOP("MainWindow",
                                   "not an image, or a format this program cannot read"),
    "truncated": QT_TRANSLATE_NOOP("MainWindow", "truncated or damaged file ({why})"),
    "undecodable": QT_TRANSLATE_NOOP("MainWindow", "cannot decode image ({why})"),
    "invalid_size": QT_TRANSLATE_NOOP("MainWindow", "invalid size {width}×{height}"),
    "too_many_pixels": QT_TRANSLATE_NOOP(
        "MainWindow", "refused: {width}×{height} pixels, over the limit of {limit} pixels"),
    "too_big": QT_TRANSLATE_NOOP("MainWindow", "refused: too many pixels ({why})"),
    "needs_memory": QT_TRANSLATE_NOOP(
        "MainWindow", "refused: {width}×{height} pixels need {mb} MB to decode, over the limit "
                      "of {limit} MB"),
    "no_memory": QT_TRANSLATE_NOOP("MainWindow", "not enough memory to decode this image"),
    "colour_mode": QT_TRANSLATE_NOOP("MainWindow", "unsupported colour mode {mode}"),
    "not_finite": QT_TRANSLATE_NOOP(
        "MainWindow", "the network's output for this image is not a finite number (the "
                      "checkpoint's weights overflow on it)"),
}


def error_text(entry: HistoryEntry) -> str:
    """``entry``'s error in the current language, or as model/ gave it."""
    wording = IMAGE_ERRORS.get(entry.error_kind)
    if wording is None:
        return entry.error or ""
    try:
        return _translate("MainWindow", wording).format(**dict(entry.error_detail))
    except (KeyError, IndexError, ValueError):  # values missing, or a translation's typo
        return entry.error or ""
