"""The Model > Model Info dialog: a checkpoint's metadata as readable HTML, and its confusion
matrix as a picture when ``cifar10 eval --write-metadata`` recorded one."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any, Sequence

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QEvent
from PyQt5.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import style
from app.confusion_data import validate_confusion
from app.confusion_view import ConfusionMatrixView
from app.i18n import class_name
from app.i18n import translate as _translate
from app.model_summary import ModelSummary
from model.evaluation.formatting import format_accuracy
from model.inference.reasons import (
    LOW_CONFIDENCE,
    NOT_PHOTO_LIKE,
    UNFAMILIAR,
    UNLIKE_TRAINING,
    active_checks,
)

# Module-level texts use the "ModelInfo" context.

# The not-sure rule's checks (model/inference/confidence.py) as the dialog names them, and what
# a user runs to switch on one that is off.
CHECKS = (
    (LOW_CONFIDENCE, QT_TRANSLATE_NOOP("ModelInfo", "Top class under 50% probability"), ""),
    (UNFAMILIAR, QT_TRANSLATE_NOOP("ModelInfo", "Weak response (energy score)"),
     "cifar10 eval --calibrate"),
    (NOT_PHOTO_LIKE, QT_TRANSLATE_NOOP("ModelInfo", "Blank, noise-like or unnaturally smooth picture"),
     "cifar10 eval --calibrate"),
    (UNLIKE_TRAINING, QT_TRANSLATE_NOOP("ModelInfo", "Far from every training image "
                                                     "(feature detector)"),
     "cifar10 fit-detector"),
)


def confusion_of(info: dict[str, Any]) -> Any:
    """The recorded confusion matrix (rows true, columns predicted), unchecked; None if absent."""
    evaluation = _dict(_dict(info.get("extra")).get("eval"))
    return evaluation.get("confusion")


def has_confusion(info: dict[str, Any]) -> bool:
    """Whether ``info`` holds a confusion matrix the dialog can draw."""
    return validate_confusion(len(info.get("class_names") or []), confusion_of(info)) is not None


def display_names_for(info: dict[str, Any]) -> list[str]:
    """The checkpoint's class names in the current language."""
    return [class_name(str(n)) for n in info.get("class_names") or []]


def model_info_html(summary: ModelSummary, display_names: Sequence[str] | None = None) -> str:
    info = summary.info
    classes = [str(n) for n in info.get("class_names") or []]
    shown = list(display_names) if display_names is not None and \
        len(display_names) == len(classes) else display_names_for(info)
    size = info.get("input_size")
    measured = recorded_accuracy(info)
    accuracy = (format_accuracy(measured.accuracy, 2) if measured
                else _translate("ModelInfo", "not recorded"))
    input_text = _translate("ModelInfo", "{size} × {size} px, mean {mean}, std {std}").format(
        size=size, mean=_floats(info.get("mean")), std=_floats(info.get("std")))
    rows = [
        (_translate("ModelInfo", "Model"), summary.display_name),
        (_translate("ModelInfo", "Checkpoint"), summary.path),
        (_translate("ModelInfo", "Device"), summary.device),
        (measured.heading if measured else _translate("ModelInfo", "Test accuracy"), accuracy),
        (_translate("ModelInfo", "Input"), input_text),
        (_translate("ModelInfo", "Created"),
         info.get("created") or _translate("ModelInfo", "unknown")),
    ]
    parts = [_heading(2, _translate("ModelInfo", "Model information")), _table(rows)]
    per_class = measured.per_class if measured else {}
    parts.append(_heading(3, _translate("ModelInfo", "Classes ({n})").format(n=len(classes))))
    if per_class:
        header = (_translate("ModelInfo", "Class"), measured.heading)
        parts.append(_table([(label, format_accuracy(per_class.get(name), 2) or "–")
                             for name, label in zip(classes, shown)], header=header))
    else:
        parts.append(_paragraph(", ".join(shown)) + _paragraph(
            _translate("ModelInfo", "No per-class accuracy recorded."), italic=True))
    parts.append(_heading(3, _translate("ModelInfo", "Not-sure checks")))
    parts.append(_table(check_rows(info.get("extra"))))
    parts.append(_heading(3, _translate("ModelInfo", "Training configuration")))
    config = info.get("train_config")
    parts.append(_pre(config) if config else
                 _paragraph(_translate("ModelInfo", "Not recorded."), italic=True))
    if info.get("extra"):
        parts.append(_heading(3, _translate("ModelInfo", "Other metadata")) + _pre(info["extra"]))
    return "\n".join(parts)


@dataclass(frozen=True)
class RecordedAccuracy:
    heading: str                 # what was measured: "Test accuracy" or "Validation accuracy"
    accuracy: float
    per_class: dict[str, float]


def recorded_accuracy(info: dict[str, Any]) -> RecordedAccuracy | None:
    """The checkpoint's headline accuracy: single-view test accuracy where recorded, else that
    of its own validation split (a model trained on your folders has no test split), named as
    what it is."""
    if isinstance(info.get("test_accuracy"), (int, float)):
        return RecordedAccuracy(_translate("ModelInfo", "Test accuracy"),
                                float(info["test_accuracy"]),
                                _dict(info.get("per_class_accuracy")))
    evaluation = _dict(_dict(info.get("extra")).get("eval"))
    if (evaluation.get("split") == "val" and evaluation.get("tta") is not True
            and isinstance(evaluation.get("accuracy"), (int, float))):
        return RecordedAccuracy(_translate("ModelInfo", "Validation accuracy"),
                                float(evaluation["accuracy"]),
                                _dict(evaluation.get("per_class_accuracy")))
    return None


def check_rows(extra: Any) -> list[tuple[str, str]]:
    """One row per check of the not-sure rule: on, or off and the command that would fit it."""
    active = active_checks(extra)
    calibration = extra.get("calibration") if isinstance(extra, dict) else None
    # As Confidence.from_metadata reads it: without a temperature the probabilities are raw.
    calibrated = isinstance(calibration, dict) and calibration.get("temperature") is not None
    rows = []
    for code, name, command in CHECKS:
        if not active[code]:
            state = _translate("ModelInfo", "off (needs {command})").format(command=command)
        elif code == LOW_CONFIDENCE and not calibrated:
            state = _translate("ModelInfo", "on, on uncalibrated probabilities")
        else:
            state = _translate("ModelInfo", "on")
        rows.append((_translate("ModelInfo", name), state))
    return rows


def no_model_html() -> str:
    return (_heading(2, _translate("ModelInfo", "No model loaded"))
            + _paragraph(_translate("ModelInfo", "Use Model › Open Checkpoint…")))


def evaluation_caption(info: dict[str, Any]) -> str:
    """One line saying what the confusion matrix was measured on, from extra["eval"]."""
    evaluation = _dict(_dict(info.get("extra")).get("eval"))
    count = evaluation.get("count")
    split = evaluation.get("split")
    data = evaluation.get("data")
    if isinstance(count, int) and split and data:
        # The data folder says which copy was used (e.g. the lossy JPEG one, not the original).
        text = _translate("ModelInfo", "Measured on the {split} split of {data}, {count} images.")
        text = text.format(split=split, data=data, count=count)
    elif isinstance(count, int) and split:
        text = _translate("ModelInfo", "Measured on the {split} split, {count} images.")
        text = text.format(split=split, count=count)
    else:
        text = _translate("ModelInfo", "Measured by the checkpoint's recorded evaluation.")
    if evaluation.get("tta") is True:
        text += " " + _translate("ModelInfo", "With test-time augmentation.")
    return text


class ModelInfoDialog(QDialog):
    """Summary (HTML) tab, plus a Confusion matrix tab when the checkpoint recorded one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resize(580, 640)
        self._summary: ModelSummary | None = None
        self._display_names: list[str] | None = None
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)

        self.confusion_view = ConfusionMatrixView()
        self.confusion_caption = QLabel()
        self.confusion_caption.setWordWrap(True)
        self.confusion_caption.setStyleSheet(f"color: {style.MUTED.name()};")
        self.confusion_page = QWidget()
        page = QVBoxLayout(self.confusion_page)
        page.addWidget(self.confusion_view, 1)
        page.addWidget(self.confusion_caption)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)  # no picture: the dialog looks as it always did
        self.tabs.addTab(self.browser, "")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self._retranslate()

    @property
    def confusion_shown(self) -> bool:
        """Whether the Confusion matrix tab is present."""
        return self.tabs.indexOf(self.confusion_page) >= 0

    def set_summary(self, summary: ModelSummary | None,
                    display_names: Sequence[str] | None = None) -> None:
        """Show ``summary``; ``display_names`` are the class names to show (default: the
        checkpoint's names translated with the "ClassNames" context)."""
        self._summary = summary
        self._display_names = list(display_names) if display_names is not None else None
        self._render()

    def _render(self) -> None:
        summary = self._summary
        if summary is None:
            self.browser.setHtml(no_model_html())
            self.confusion_view.set_data([], None)
        else:
            names = self._display_names
            if names is None or len(names) != len(summary.info.get("class_names") or []):
                names = display_names_for(summary.info)
            self.browser.setHtml(model_info_html(summary, names))
            self.confusion_view.set_data(summary.info.get("class_names") or [],
                                         confusion_of(summary.info), display_names=names)
            self.confusion_caption.setText(evaluation_caption(summary.info))
        self._show_confusion_tab(self.confusion_view.has_data)

    def _show_confusion_tab(self, show: bool) -> None:
        if show and not self.confusion_shown:
            self.tabs.addTab(self.confusion_page, self.tr("Confusion matrix"))
        elif not show and self.confusion_shown:
            self.tabs.removeTab(self.tabs.indexOf(self.confusion_page))
            self.confusion_page.hide()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Model Info"))
        self.tabs.setTabText(self.tabs.indexOf(self.browser), self.tr("Summary"))
        if self.confusion_shown:
            self.tabs.setTabText(self.tabs.indexOf(self.confusion_page),
                                 self.tr("Confusion matrix"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self._retranslate()
            self._render()  # the HTML and the class names are built in the current language
        super().changeEvent(event)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _heading(level: int, text: str) -> str:
    return f"<h{level}>{html.escape(text)}</h{level}>"


def _paragraph(text: str, italic: bool = False) -> str:
    body = html.escape(text)
    return f"<p><i>{body}</i></p>" if italic else f"<p>{body}</p>"


def _table(rows: list[tuple[str, str]], header: tuple[str, str] | None = None) -> str:
    out = ["<table cellspacing='0' cellpadding='3'>"]
    if header:
        out.append(f"<tr><th align='left'>{html.escape(header[0])}</th>"
                   f"<th align='right'>{html.escape(header[1])}</th></tr>")
    for key, value in rows:
        align = "right" if header else "left"
        out.append(f"<tr><td><b>{html.escape(str(key))}</b>&nbsp;&nbsp;</td>"
                   f"<td align='{align}'>{html.escape(str(value))}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _pre(value: Any) -> str:
    return f"<pre>{html.escape(json.dumps(value, indent=2, sort_keys=True, default=str))}</pre>"


def _floats(values: Any) -> str:
    try:
        return "(" + ", ".join(f"{float(v):.4f}" for v in values) + ")"
    except TypeError:
        return _translate("ModelInfo", "unknown")
