"""The main window's left column: the selected history entry's picture (in the drop area), the
network's input, the result title, the "Not sure" flag and the top-5 bars.

Texts keep the translation context "MainWindow" they had when the window set them itself, so
the existing .ts translations still apply.
"""

from __future__ import annotations

from PyQt5.QtCore import QT_TRANSLATE_NOOP, Qt
from PyQt5.QtGui import QImage
from PyQt5.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from app import style
from app.drop_area import DropArea
from app.i18n import class_name
from app.i18n import translate as _translate
from app.image_errors import error_text
from app.plain_text import plain_label
from app.prediction_view import NetworkInputView, TopKBars
from app.results import HistoryEntry
from model.inference.reasons import BETWEEN, not_sure_kind

# Why a prediction is flagged "Not sure" (codes from model.inference.confidence), as the tooltip
# says it.
NOT_SURE_REASONS = {
    "low_confidence": QT_TRANSLATE_NOOP(
        "MainWindow", "The top class has a probability under 50% after calibration: the model "
                      "expects to be wrong more often than right."),
    "unfamiliar": QT_TRANSLATE_NOOP(
        "MainWindow", "The network's response is weaker than for 95% of the held-out images it "
                      "was calibrated on (energy score): the picture may show none of its "
                      "classes."),
    "unlike_training": QT_TRANSLATE_NOOP(
        "MainWindow", "The picture's features are far from those of the training images "
                      "(feature detector): it may show none of the classes."),
    "not_photo_like": QT_TRANSLATE_NOOP(
        "MainWindow", "The picture is almost blank, noise-like or smoother than photos, unlike "
                      "the photos the model was trained on."),
}



class ResultPanel(QWidget):
    """Shows one history entry, or nothing; the window decides which and fetches its preview."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drop_area = DropArea()
        self._class_count = 10  # of the active model, for the not-sure wording
        self._entry_classes = 0  # of the model that answered the entry shown (0: not known)
        self._reasons: tuple[str, ...] = ()  # the shown entry's not-sure reasons
        self.input_view = NetworkInputView()

        self.result_title = plain_label(" ")
        self.result_title.setFont(style.scaled_font(self, 1.7, bold=True))
        self.result_title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.result_subtitle = plain_label(" ")
        self.result_subtitle.setStyleSheet(f"color: {style.MUTED.name()};")
        self.result_subtitle.setWordWrap(True)
        self.bars = TopKBars()
        # Shown next to the bars when the model's answer should not be trusted (see
        # model/inference/confidence.py for the rule); the tooltip says which test failed.
        self.not_sure_label = plain_label()
        self.not_sure_label.setWordWrap(True)
        self.not_sure_label.setStyleSheet(
            f"color: {style.WARNING.name()}; font-weight: bold; padding: 2px 0;")
        # Its line stays reserved while hidden: the bars and the picture do not jump with every
        # result, and a batch does not relayout the column for each image.
        policy = self.not_sure_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.not_sure_label.setSizePolicy(policy)
        self.not_sure_label.hide()

        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(self.drop_area, 1)
        top.addWidget(self.input_view)

        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(14, 14, 8, 10)
        self._layout.setSpacing(6)
        self._layout.addLayout(top, 1)
        self._layout.addSpacing(8)
        self._layout.addWidget(self.result_title)
        self._layout.addWidget(self.result_subtitle)
        self._layout.addWidget(self.not_sure_label)
        self._layout.addSpacing(4)
        self._layout.addWidget(self.bars)

    def add_footer(self, widget: QWidget) -> None:
        """Place ``widget`` (the window's progress row) under the bars."""
        self._layout.addSpacing(4)
        self._layout.addWidget(widget)

    def set_class_count(self, n: int) -> None:
        """The active model's number of classes (the not-sure flag names it)."""
        self._class_count = n
        self.retranslate()

    def retranslate(self) -> None:
        self.retranslate_not_sure()
        self.drop_area.set_samples_text(_translate("MainWindow", "Try Sample Images"))
        self.input_view.retranslate()

    def retranslate_not_sure(self) -> None:
        # Two wordings: the picture may show none of the classes (a detector or the pixel
        # statistics fired), or the model only hesitates between classes (low probability).
        if not_sure_kind(self._reasons) == BETWEEN:
            text = _translate("MainWindow", "Not sure: the model is unsure between classes")
        else:
            text = _translate("MainWindow", "Not sure: this does not look like any of the {n} "
                                            "classes").format(
                n=self._entry_classes or self._class_count)
        self.not_sure_label.setText(text)

    def show_entry(self, entry: HistoryEntry | None, preview: QImage | None) -> None:
        """Show ``entry`` with ``preview`` as its big picture; None clears the panel."""
        self.not_sure_label.setVisible(entry is not None and entry.ok and entry.not_sure)
        self._reasons = entry.not_sure_reasons if entry is not None and entry.ok else ()
        # An older entry may come from a model with another number of classes than today's.
        self._entry_classes = entry.classes if entry is not None else 0
        self.retranslate_not_sure()
        if entry is None:
            self.drop_area.set_image(None)
            self.input_view.set_image(None)
            self.bars.clear()
            self.result_title.setText(" ")
            self.result_subtitle.setText(" ")
            return
        self.drop_area.set_image(preview)
        self.input_view.set_image(entry.input_image)
        self.result_subtitle.setText(entry.source)
        if entry.ok:
            labels = tuple(class_name(label) for label in entry.labels)
            self.bars.set_prediction(labels, entry.probabilities)
            self.result_title.setStyleSheet("")
            self.result_title.setText(f"{labels[0]}  ·  {entry.top_probability:.1%}")
            if entry.not_sure:
                self.not_sure_label.setToolTip("\n".join(
                    _translate("MainWindow", NOT_SURE_REASONS.get(r, r))
                    for r in entry.not_sure_reasons))
        else:
            self.bars.clear()
            self.result_title.setStyleSheet(f"color: {style.ERROR.name()};")
            self.result_title.setText(_translate("MainWindow", "Could not classify this file"))
            self.result_subtitle.setText(f"{error_text(entry)}\n{entry.source}")

    def set_overlay(self, overlay: QImage | None, caption: str = "") -> None:
        """Draw ``overlay`` (an attention map) over both pictures; None removes it."""
        self.drop_area.set_overlay(overlay)
        self.input_view.set_overlay(overlay, caption)
