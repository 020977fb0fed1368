"""What the main window says about its state: the status bar's model, device and last-inference
labels, the drop area's placeholder while no model is ready, the progress row of running
batches, and the About box.

Texts keep the translation context "MainWindow" they had when the window set them itself, so
the existing .ts translations still apply.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Callable, Iterable

from PyQt5.QtCore import QObject, Qt
from PyQt5.QtGui import QKeySequence
from PyQt5.QtWidgets import (
    QAction,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QWidget,
)

from app import style
from app.drop_area import DropArea
from app.i18n import DEVICE_NAMES
from app.i18n import translate as _translate
from app.model_info import recorded_accuracy
from app.model_summary import ModelSummary, checkpoint_name
from app.plain_text import plain_label, tooltip
from model.evaluation.formatting import format_accuracy


class WindowStatus(QObject):
    """Owns the status bar's labels and the progress row (placed by the window), and writes
    them, and the drop area's placeholder, from the state the window passes in."""

    def __init__(self, status_bar: QStatusBar, drop_area: DropArea,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._drop_area = drop_area

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton()
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.model_label = plain_label()
        self.device_label = plain_label()
        self.time_label = plain_label()
        for label in (self.model_label, self.device_label, self.time_label):
            label.setContentsMargins(6, 0, 6, 0)
            status_bar.addPermanentWidget(label)
        status_bar.setSizeGripEnabled(True)

    def connect_cancel(self, window: QWidget, busy: Callable[[], bool],
                       cancel: Callable[[], object]) -> None:
        """The Cancel button, and Esc from anywhere in ``window``, stop running batches."""
        self.cancel_button.clicked.connect(cancel)
        self.cancel_shortcut = QAction(window)
        self.cancel_shortcut.setShortcut(QKeySequence.Cancel)
        self.cancel_shortcut.setShortcutContext(Qt.WindowShortcut)
        self.cancel_shortcut.triggered.connect(lambda: cancel() if busy() else None)
        window.addAction(self.cancel_shortcut)

    def show_progress(self, batches: Iterable[tuple[int, int | None]]) -> None:
        """Show the running batches, given as (done, total); total is None while the worker
        walks folders. Hidden when there are none."""
        batches = list(batches)
        if not batches:
            self.progress_row.hide()
            self.cancel_button.setEnabled(True)
            self.cancel_button.setText(_translate("MainWindow", "Cancel"))
            return
        totals = [total for _, total in batches]
        done = sum(d for d, _ in batches)
        if any(t is None for t in totals) and done == 0:
            self.progress.setRange(0, 0)  # busy indicator while folders are walked
            self.progress.setFormat(_translate("MainWindow", "Looking for images…"))
        else:
            total = sum(t or 0 for t in totals)
            self.progress.setRange(0, max(total, done, 1))
            self.progress.setValue(done)
            self.progress.setFormat(_translate("MainWindow", "Classifying… {done} of {total}")
                                    .format(done=done, total=total))
        # Set on every update (a no-op when unchanged), so a language switch mid-batch reaches
        # the button too.
        self.cancel_button.setText(_translate("MainWindow", "Cancel")
                                   if self.cancel_button.isEnabled()
                                   else _translate("MainWindow", "Cancelling…"))
        self.progress_row.show()

    def show_cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(_translate("MainWindow", "Cancelling…"))

    def show_cancel_ready(self) -> None:
        """A batch started after a Cancel: the button stops it (and any still ending)."""
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(_translate("MainWindow", "Cancel"))

    def show_inference_time(self, seconds: float) -> None:
        self.time_label.setText(_translate("MainWindow", "Last inference: {ms} ms")
                                .format(ms=f"{seconds * 1000:.0f}"))

    def show_model(self, loading_path: str | None, summary: ModelSummary | None, pending: int,
                   device: str) -> None:
        """Show the active model (``summary``), the newest load in flight (``loading_path``),
        the number of requests waiting for a model, and the device setting."""
        if loading_path is not None:
            name = Path(loading_path).name
            self.model_label.setText(
                _translate("MainWindow", "Loading model {name}…").format(name=name))
            self.model_label.setStyleSheet("")
            if summary is None:
                self._drop_area.set_placeholder(
                    _translate("MainWindow", "Loading model…"),
                    _translate("MainWindow", "You can drop images already; they will be "
                                             "classified as soon as it is ready.")
                    + _queued_text(pending))
        elif summary is None:
            self.model_label.setText(_translate("MainWindow", "No model loaded"))
            self.model_label.setStyleSheet(f"color: {style.ERROR.name()}; font-weight: bold;")
            self._drop_area.set_placeholder(
                _translate("MainWindow", "No model loaded"),
                _translate("MainWindow", "Open a checkpoint with Model › Open Checkpoint… "
                                         "(Ctrl+Shift+O).")
                + _queued_text(pending))
        else:
            self.model_label.setStyleSheet("")
            self._drop_area.set_placeholder(
                _translate("MainWindow", "Drop images or folders here"),
                _translate("MainWindow", "or use File › Open Images… (Ctrl+O)"))
        if summary is not None:
            acc = format_accuracy(summary.test_accuracy)
            recorded = recorded_accuracy(summary.info)
            if acc:
                acc_text = _translate("MainWindow", "test accuracy {accuracy}").format(accuracy=acc)
            elif recorded is not None:  # a model trained on the user's folders has no test split
                acc_text = _translate("MainWindow", "validation accuracy {accuracy}").format(
                    accuracy=format_accuracy(recorded.accuracy))
            else:
                acc_text = _translate("MainWindow", "test accuracy unknown")
            text = _translate("MainWindow", "Model: {name} · {accuracy}").format(
                name=checkpoint_name(summary.path), accuracy=acc_text)
            if loading_path is None:
                self.model_label.setText(text)
            self.model_label.setToolTip(tooltip(f"{summary.display_name}\n{summary.path}"))
            self.device_label.setText(_translate("MainWindow", "Device: {device}")
                                      .format(device=device_text(summary.device)))
        else:
            name = _translate("MainWindow", DEVICE_NAMES[device]).replace("&", "")
            self.device_label.setText(
                _translate("MainWindow", "Device: {device}").format(device=name))


def _queued_text(pending: int) -> str:
    if not pending:
        return ""
    return "\n" + (_translate("MainWindow", "{n} requests waiting.") if pending > 1
                   else _translate("MainWindow", "1 request waiting.")).format(n=pending)


def device_text(device: str) -> str:
    """A torch device ("cpu", "cuda:0", "mps") as the status bar names it."""
    kind = device.split(":")[0]
    if kind == "cuda":
        return f"CUDA ({device})"
    if kind == "mps":
        return _translate("MainWindow", "MPS (Apple GPU)")
    return "CPU" if kind == "cpu" else device


def about_html(summary: ModelSummary | None) -> str:
    title = _translate("MainWindow", "CIFAR-10 Classifier")
    what = _translate("MainWindow", "Classifies images into the ten CIFAR-10 classes with a "
                                    "ResNet-18 (He et al., 2016).")
    how = _translate("MainWindow", "Drop images or folders on the window, paste an image, or "
                                   "use File › Open.")
    if summary is not None:
        model = (_translate("MainWindow", "Model:") + f" {html.escape(summary.display_name)}"
                 f"<br>{html.escape(summary.path)}")
    else:
        model = _translate("MainWindow", "No model loaded.")
    return f"<h3>{title}</h3><p>{what}</p><p>{how}</p><p>{model}</p>"
