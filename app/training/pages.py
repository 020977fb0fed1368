"""The progress and result pages of the New Model dialog: they draw a
:class:`~app.training.run.Progress` and hold no state of their own."""

from __future__ import annotations

from pathlib import Path

from PyQt5.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.confusion_view import ConfusionMatrixView
from app.i18n import class_name
from app.i18n import translate as _translate
from app.plain_text import plain_label
from app.training.curve import CurveView
from app.training.run import Progress, held_out_accuracy
from model.training.run_files import FINAL

BAR_STEPS = 1000
SKIPPED_SHOWN = 5  # unreadable files named on the page; the rest are counted


def duration_text(seconds: float) -> str:
    if seconds < 90:
        return _translate("TrainingDialog", "{n} s").format(n=max(1, round(seconds)))
    return _translate("TrainingDialog", "{n} min").format(n=round(seconds / 60))


def skipped_text(skipped: list[tuple[str, str]]) -> str:
    if not skipped:
        return ""
    lines = [_translate("TrainingDialog", "{n} file(s) could not be read and were left out:").format(n=len(skipped))]
    lines += [f"  {path}: {reason}" for path, reason in skipped[:SKIPPED_SHOWN]]
    if len(skipped) > SKIPPED_SHOWN:
        lines.append(_translate("TrainingDialog", "  … and {n} more").format(n=len(skipped) - SKIPPED_SHOWN))
    return "\n".join(lines)


class ProgressPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase_label = plain_label()
        self.bar = QProgressBar()
        self.bar.setRange(0, BAR_STEPS)
        self.detail_label = plain_label()
        self.curve = CurveView()
        self.skipped_label = plain_label()
        self.skipped_label.setWordWrap(True)
        self.cancel_button = QPushButton()
        layout = QVBoxLayout(self)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.curve, 1)
        layout.addWidget(self.skipped_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)

    def show_progress(self, p: Progress, cancelling: bool) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setEnabled(not cancelling)
        if cancelling:
            self.phase_label.setText(self.tr("Stopping…"))
        elif p.phase == "checking" and p.checks_fitted:
            self.phase_label.setText(self.tr("Checking the model on the held-out images "
                                         "(calibration, out-of-distribution detector)…"))
        elif p.phase == "checking":
            self.phase_label.setText(self.tr("Measuring the model on the held-out images…"))
        elif p.phase == "training" and p.steps:
            self.phase_label.setText(self.tr("Training…"))
        else:
            self.phase_label.setText(self.tr("Loading the images…"))
        self.bar.setValue(round(BAR_STEPS * p.fraction))
        parts = [self.tr("epoch {done} of {epochs}").format(done=p.epoch, epochs=p.epochs)]
        if p.history:
            last = p.history[-1]
            parts.append(self.tr("loss {loss:.3f}").format(loss=float(last.get("train_loss") or 0)))
            acc = held_out_accuracy(last)
            if acc is not None:
                parts.append(self.tr("held-out accuracy {acc:.1f}%").format(acc=100 * acc))
            elapsed, done = last.get("elapsed"), int(last.get("epoch") or 0)
            if elapsed and done and p.epochs > done:
                parts.append(self.tr("about {time} of training left").format(
                    time=duration_text(elapsed / done * (p.epochs - done))))
        self.detail_label.setText(" · ".join(parts))
        self.curve.set_history(p.history, p.epochs)
        self.skipped_label.setText(skipped_text(p.skipped))
        self.skipped_label.setVisible(bool(p.skipped))


class ResultPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result_label = plain_label()
        self.result_label.setWordWrap(True)
        self.confusion = ConfusionMatrixView()
        self.curve = CurveView()  # the whole run's curve, beside how its result errs
        self.warnings_label = plain_label()
        self.warnings_label.setWordWrap(True)
        self.load_button = QPushButton()
        self.again_button = QPushButton()
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_label)
        views = QHBoxLayout()
        views.addWidget(self.curve, 1)
        views.addWidget(self.confusion, 1)
        layout.addLayout(views, 1)
        layout.addWidget(self.warnings_label)
        row = QHBoxLayout()
        row.addWidget(self.again_button)
        row.addStretch(1)
        row.addWidget(self.load_button)
        layout.addLayout(row)

    def show_result(self, p: Progress, out: Path, kept: bool | None) -> None:
        """``kept``: after a cancel, whether the partial run was kept (None: not cancelled)."""
        self.load_button.setText(self.tr("Load This Model"))
        self.again_button.setText(self.tr("New Model…"))
        finished = p.phase == "finished"
        self.load_button.setVisible(finished)
        self.confusion.setVisible(finished and p.results is not None)
        self.curve.set_history(p.history, p.epochs)
        self.curve.setVisible(bool(p.history))
        if finished:
            lines = [self.tr("Saved: {path}").format(path=out / FINAL)]
            if p.results is not None:
                total = sum(sum(row) for row in p.results.get("confusion", []))
                lines.insert(0, self.tr("Accuracy on the {n} held-out images: {acc:.1f}%").format(
                    n=total, acc=100 * float(p.results.get("accuracy", 0.0))))
                self.confusion.set_data(p.classes, p.results.get("confusion"),
                                        [class_name(n) for n in p.classes])
            self.result_label.setText("\n".join(lines))
        elif p.phase == "failed":
            self.result_label.setText(self.tr("Training stopped with an error:") + "\n" + p.error)
        elif kept:
            self.result_label.setText(self.tr(
                "Stopped. The run is kept in {folder}: start again with the same folders "
                "to resume it.").format(folder=out))
        elif kept is None:
            self.result_label.setText(self.tr("Stopped before the first epoch was saved."))
        else:
            self.result_label.setText(self.tr("Stopped. The partial run was discarded."))
        notes = list(p.warnings)
        if p.skipped:
            notes.append(skipped_text(p.skipped))
        self.warnings_label.setText("\n".join(notes))
        self.warnings_label.setVisible(bool(notes))
