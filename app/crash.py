"""Errors with no console: a log file under the user's state folder, and a dialog.

Started from a desktop launcher or a gui-script (pythonw on Windows) the app has no terminal, so
tracebacks printed to stderr would vanish -- or worse, ``sys.stderr`` is ``None`` and printing
itself raises. The hook logs the full traceback to a file and shows a short message box.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Callable

from PyQt5.QtCore import QObject, pyqtSignal

from app import APP_NAME

log = logging.getLogger("app")
ShowError = Callable[[str, str], None]  # (title, text)
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3


def log_dir() -> Path:
    """Per-user folder for logs: XDG state home on Linux, the platform's usual place elsewhere."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_NAME / "logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / APP_NAME
    state = os.environ.get("XDG_STATE_HOME", "")
    # The XDG spec says to ignore relative paths in these variables.
    base = Path(state) if os.path.isabs(state) else Path.home() / ".local" / "state"
    return base / APP_NAME


def guard_std_streams() -> None:
    """Under pythonw and gui-scripts ``sys.stdout``/``sys.stderr`` may be None; writing to them
    (a print, a warning, a library's progress bar) would then raise. Point them at devnull."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (kept open)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def setup_logging(folder: Path | None = None) -> Path:
    """Log to a rotating file in ``folder`` (default :func:`log_dir`); returns the file's path."""
    folder = folder or log_dir()
    path = folder / f"{APP_NAME}.log"
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError:  # read-only home: keep running, just without a log file
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path


class _DialogBridge(QObject):
    """Carries a report to the GUI thread: the hook may run in the worker thread, and widgets
    may only be touched from the GUI thread (a queued signal gets it there)."""

    report = pyqtSignal(str, str)


def install_excepthook(log_file: Path, show: ShowError | None = None) -> Callable[..., None]:
    """Install a ``sys.excepthook`` that logs and shows a dialog; returns the previous hook.

    PyQt5 aborts the process on an exception escaping a slot unless ``sys.excepthook`` is
    replaced (PyQt5 >= 5.5, "Unhandled Python Exceptions" in its docs); this hook keeps the app
    running and tells the user instead.
    """
    previous = sys.excepthook
    bridge = _DialogBridge()
    bridge.report.connect(show or _message_box)

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.critical("Unhandled exception", exc_info=(exc_type, exc, tb))
        summary = "".join(traceback.format_exception_only(exc_type, exc)).strip()
        try:
            from PyQt5.QtCore import QCoreApplication

            translate = QCoreApplication.translate
            text = translate("Crash", "Something went wrong:\n\n{summary}\n\nThe app keeps "
                                      "running. Details were written to:\n{log}").format(
                summary=summary, log=log_file)
            bridge.report.emit(translate("Crash", "Unexpected error"), text)
        except Exception:  # never let the hook itself raise
            log.exception("could not show the error dialog")

    hook.bridge = bridge  # type: ignore[attr-defined]  # keep the QObject alive with the hook
    sys.excepthook = hook
    return previous


def _message_box(title: str, text: str) -> None:
    from PyQt5.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.critical(None, title, text)
