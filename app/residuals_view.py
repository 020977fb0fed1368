"""Help > Why Residual Connections?: the degradation experiment as measured on this project's
machine: its curves (painted from the log, app/degradation_chart.py), what it shows in two
sentences, and the command that made it.

The figures are read from the run's own log (``log.jsonl``, bundled with its plot and command,
a copy of docs/degradation/), never written into the text, so the sentences say what that run
measured, whichever way it came out.
"""

from __future__ import annotations

from pathlib import Path

from PyQt5.QtCore import QEvent, Qt
from PyQt5.QtGui import QPixmap
from PyQt5.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app import style
from app.degradation_chart import DegradationChart
from app.i18n import translate as _translate
from model.experiments.degradation_log import Outcome, curves, outcome, read_log

PLOT, LOG, COMMAND = "degradation.png", "log.jsonl", "command.txt"


def findings(result: Outcome | None) -> list[str]:
    """The two sentences, in the current language: what the plain networks show, and what the
    shortcuts change; the degradation problem is named only when the run shows its picture
    (the deeper plain network trains worse while the deeper residual one does better)."""
    if result is None:
        return [_translate("Residuals", "The experiment's log is missing or incomplete.")]
    pct = lambda v: f"{100 * v:.1f}%"  # noqa: E731
    d, s = result.deep, result.shallow
    if result.degradation and result.deeper_residual_better:
        plain = _translate("Residuals", "Without shortcuts, the deeper network trains worse: "
                                        "after {epochs} epochs plain-{deep} has {deep_err} "
                                        "training error against {shallow_err} for plain-"
                                        "{shallow}. This is the degradation problem.")
    elif result.degradation:
        plain = _translate("Residuals", "Without shortcuts, the deeper network trains worse: "
                                        "after {epochs} epochs plain-{deep} has {deep_err} "
                                        "training error against {shallow_err} for plain-"
                                        "{shallow}.")
    else:
        plain = _translate("Residuals", "At this budget the deeper plain network does not "
                                        "train worse: after {epochs} epochs plain-{deep} has "
                                        "{deep_err} training error against {shallow_err} for "
                                        "plain-{shallow}.")
    values = {"deep": d, "shallow": s}
    if result.deeper_residual_better:
        residual = _translate("Residuals", "With shortcuts (H(x) = F(x) + x) depth helps: ResNet-"
                                           "{deep} reaches {deep_err} test error against "
                                           "{shallow_err} for ResNet-{shallow}.")
        values.update(deep_err=pct(result.test[(True, d)]),
                      shallow_err=pct(result.test[(True, s)]))
    elif result.train[(True, d)] < result.train[(False, d)]:
        residual = _translate("Residuals", "With shortcuts (H(x) = F(x) + x), ResNet-{deep} "
                                           "trains better than plain-{deep} ({deep_err} against "
                                           "{plain_err} training error) but not yet as well as "
                                           "ResNet-{shallow} ({shallow_err}): at this budget the "
                                           "extra depth has not had the time to pay off.")
        values.update(deep_err=pct(result.train[(True, d)]),
                      plain_err=pct(result.train[(False, d)]),
                      shallow_err=pct(result.train[(True, s)]))
    else:
        residual = _translate("Residuals", "With shortcuts (H(x) = F(x) + x), ResNet-{deep} has "
                                           "{deep_err} test error against {shallow_err} for "
                                           "ResNet-{shallow}: at this budget the deeper one is "
                                           "not yet better.")
        values.update(deep_err=pct(result.test[(True, d)]),
                      shallow_err=pct(result.test[(True, s)]))
    return [plain.format(epochs=result.epochs, deep=d, shallow=s,
                         deep_err=pct(result.train[(False, d)]),
                         shallow_err=pct(result.train[(False, s)])),
            residual.format(**values)]


class ResidualsDialog(QDialog):
    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        try:
            log = read_log(folder / LOG)
        except (OSError, ValueError):
            log = []
        try:
            self.result = outcome(log)
        except (ValueError, KeyError, TypeError):
            self.result = None
        command = folder / COMMAND
        self.command_text = command.read_text(encoding="utf-8").strip() if command.is_file() \
            else ""
        # The curves are painted from the log, in the interface language; the command's PNG is
        # shown only when the log has none to draw.
        self.chart: DegradationChart | None = None
        self.plot = QLabel()
        self.plot.setAlignment(Qt.AlignCenter)
        lines = curves(log)
        if lines:
            self.chart = DegradationChart(lines)
        else:
            pixmap = QPixmap(str(folder / PLOT))
            if not pixmap.isNull():
                self.plot.setPixmap(pixmap)
        self.text = QLabel()
        self.text.setTextFormat(Qt.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.command = QLabel()
        self.command.setTextFormat(Qt.PlainText)
        self.command.setWordWrap(True)
        self.command.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.command.setFont(style.scaled_font(self, 0.9))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chart if self.chart is not None else self.plot, 1)
        layout.addWidget(self.text)
        layout.addWidget(self.command)
        layout.addWidget(buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_translate("Residuals", "Why Residual Connections?"))
        if self.chart is None and (self.plot.pixmap() is None or self.plot.pixmap().isNull()):
            self.plot.setText(_translate("Residuals", "The plot is missing: {path}").format(
                path=self.folder / PLOT))
        self.text.setText(" ".join(findings(self.result)))
        if self.chart is not None:
            self.chart.setAccessibleName(_translate("Residuals", "Training and test error per "
                                                                 "epoch"))
            self.chart.setAccessibleDescription(self.text.text())
        self.command.setText(_translate("Residuals", "Made with: {command}").format(
            command=self.command_text) if self.command_text else "")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
