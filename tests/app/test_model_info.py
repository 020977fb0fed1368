"""Model > Model Info: the metadata summary, and the confusion-matrix picture when one is recorded."""

from __future__ import annotations

import pytest
from PyQt5.QtGui import QColor

from app import style
from app.confusion_view import ConfusionMatrixView
from app.model_info import ModelInfoDialog, model_info_html
from app.model_summary import ModelSummary

NAMES = ["cat", "dog", "ship"]
# cat: all 10 right; dog: 6 of 10 right, 4 taken for cats; ship: 9 of 10 right, 1 for a dog.
CONFUSION = [[10, 0, 0],
             [4, 6, 0],
             [0, 1, 9]]


def _summary(confusion=CONFUSION, names=NAMES) -> ModelSummary:
    info = {
        "class_names": list(names), "test_accuracy": 25 / 30, "input_size": 32,
        "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25], "created": "2026-01-01",
        "per_class_accuracy": {"cat": 1.0, "dog": 0.6, "ship": 0.9},
        "train_config": {"epochs": 1}, "extra": {},
    }
    if confusion is not None:
        info["extra"] = {"eval": {"split": "test", "count": 30, "confusion": confusion}}
    return ModelSummary(path="/models/test.safetensors", display_name="ResNet-18 test",
                        device="cpu", info=info)


def _whiteness(colour: QColor) -> int:
    """Distance from white (0 for white): larger means more saturated."""
    return sum(255 - v for v in (colour.red(), colour.green(), colour.blue()))


@pytest.fixture
def dialog(qtbot) -> ModelInfoDialog:
    dialog = ModelInfoDialog()
    qtbot.addWidget(dialog)
    return dialog


@pytest.fixture
def view(qtbot) -> ConfusionMatrixView:
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    view.resize(view.sizeHint())
    return view


def test_dialog_shows_the_picture_when_a_matrix_is_recorded(dialog):
    dialog.set_summary(_summary())
    dialog.show()
    assert dialog.confusion_shown
    assert dialog.tabs.count() == 2 and dialog.tabs.tabBar().isVisible()
    assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.confusion_page)) == "Confusion matrix"
    assert dialog.confusion_view.has_data
    assert dialog.confusion_view.class_names == NAMES
    # The per-class table stays in the summary.
    html = dialog.browser.toHtml()
    assert "Test accuracy" in html and "60.00%" in html and "90.00%" in html
    assert "test split" in dialog.confusion_caption.text()


def test_a_summary_without_a_matrix_hides_the_tab(dialog):
    dialog.set_summary(_summary())
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.confusion_page)
    dialog.set_summary(_summary(confusion=None))
    assert not dialog.confusion_shown
    assert dialog.tabs.count() == 1 and not dialog.tabs.tabBar().isVisible()
    assert dialog.tabs.currentWidget() is dialog.browser
    assert not dialog.confusion_view.isVisible()
    assert "Model information" in dialog.browser.toPlainText()


def test_no_model_shows_a_hint_and_no_picture(dialog):
    dialog.set_summary(None)
    assert not dialog.confusion_shown
    assert "No model loaded" in dialog.browser.toPlainText()


def test_display_names_label_the_axes_and_the_table(dialog):
    dialog.set_summary(_summary(), display_names=["Katze", "Hund", "Schiff"])
    assert dialog.confusion_view.class_names == ["Katze", "Hund", "Schiff"]
    assert "Hund" in model_info_html(_summary(), ["Katze", "Hund", "Schiff"])


def test_a_perfect_class_is_darker_on_the_diagonal_than_an_empty_cell(view):
    view.set_data(NAMES, CONFUSION)
    perfect, empty, some = view.cell_colour(0, 0), view.cell_colour(0, 1), view.cell_colour(1, 0)
    assert perfect == style.ACCENT and empty == QColor(255, 255, 255)
    assert _whiteness(perfect) > _whiteness(some) > _whiteness(empty)
    assert view.accuracy(1) == pytest.approx(0.6)


def test_the_painted_picture_matches_the_cell_colours(view):
    view.set_data(NAMES, CONFUSION)
    image = view.grab().toImage()
    assert not image.isNull()
    ratio = image.devicePixelRatio()

    def colour_at(row: int, col: int) -> QColor:
        centre = view.cell_rect(row, col).center()
        # Off the centre by a quarter cell: the centre of a filled cell holds its number.
        offset = view.cell_rect(row, col).width() / 4
        return image.pixelColor(int((centre.x() - offset) * ratio),
                                int((centre.y() - offset) * ratio))

    diagonal, empty = colour_at(0, 0), colour_at(0, 2)
    assert diagonal != empty
    assert diagonal == view.cell_colour(0, 0) and empty == view.cell_colour(0, 2)


@pytest.mark.parametrize("confusion", [
    None, [], [[1, 2], [3]], [[1, 2], [3, 4]], [[1, 0, 0], [0, -1, 0], [0, 0, 1]],
    [[1.5, 0, 0], [0, 1, 0], [0, 0, 1]], [[0] * 3] * 3, "not a matrix", [[True, 0, 0]] * 3,
], ids=["none", "empty", "ragged", "wrong-size", "negative", "float", "all-zero", "string",
        "bool"])
def test_malformed_input_shows_the_placeholder(view, confusion):
    view.set_data(NAMES, [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert view.has_data
    view.set_data(NAMES, confusion)
    assert not view.has_data
    assert view.accessibleDescription() == "No confusion matrix recorded"
    assert not view.grab().isNull()  # paints the placeholder without raising
    with pytest.raises(IndexError):
        view.cell_colour(0, 0)


def test_malformed_matrix_in_a_summary_hides_the_tab(dialog):
    dialog.set_summary(_summary(confusion=[[1, 2], [3, 4]]))
    assert not dialog.confusion_shown


def test_accessible_description_summarises_the_matrix(view):
    view.set_data(NAMES, CONFUSION)
    text = view.accessibleDescription()
    assert "3 classes" in text and "30 images" in text and "83.3%" in text
    assert "worst class: dog (60.0%)" in text
    assert "dog classified as cat (40.0% of dog images)" in text


def test_cells_are_found_under_the_mouse(view):
    view.set_data(NAMES, CONFUSION)
    assert view.cell_at(view.cell_rect(2, 1).center()) == (2, 1)
    assert view.cell_at(view.rect().topLeft()) is None
    assert view.cell_tooltip(1, 0) == "dog classified as cat: 4 of 10 images (40.0%)"


def test_the_view_asks_for_a_sensible_size(view):
    hint = view.sizeHint()
    assert 400 <= hint.width() <= 700 and 350 <= hint.height() <= 600


def test_the_summary_says_which_not_sure_checks_are_on():
    from app.model_info import check_rows

    bare = dict(check_rows({}))
    assert bare["Top class under 50% probability"] == "on, on uncalibrated probabilities"
    assert bare["Weak response (energy score)"] == "off (needs cifar10 eval --calibrate)"
    assert bare["Far from every training image (feature detector)"] == (
        "off (needs cifar10 fit-detector)")
    fitted = dict(check_rows({
        "calibration": {"temperature": 0.8, "energy_threshold": -3.0, "min_contrast": 9.0},
        "detector": {"method": "knn", "k": 10, "threshold": 0.6}}))
    assert set(fitted.values()) == {"on"}
    # A foreign checkpoint without metadata: the same rows, nothing raised.
    assert dict(check_rows(None)) == bare
    # A calibration record without a temperature leaves the probabilities raw, as the rule does.
    assert dict(check_rows({"calibration": {"energy_threshold": -3.0}}))[
        "Top class under 50% probability"] == "on, on uncalibrated probabilities"
    text = model_info_html(_summary())
    assert "Not-sure checks" in text and "off (needs cifar10 fit-detector)" in text


def test_a_model_without_a_test_split_shows_its_validation_accuracy_as_such() -> None:
    info = {"class_names": ["a", "b"], "input_size": 64, "test_accuracy": None,
            "extra": {"eval": {"split": "val", "tta": False, "accuracy": 0.875,
                               "per_class_accuracy": {"a": 1.0, "b": 0.75}}}}
    page = model_info_html(ModelSummary(path="/m.safetensors", display_name="mine",
                                        device="cpu", info=info))
    assert "Validation accuracy" in page and "Test accuracy" not in page
    assert "87.50%" in page and "75.00%" in page
    # A test-split result is the headline whenever there is one.
    info["test_accuracy"], info["per_class_accuracy"] = 0.5, {"a": 0.5, "b": 0.5}
    page = model_info_html(ModelSummary(path="/m.safetensors", display_name="mine",
                                        device="cpu", info=info))
    assert "Test accuracy" in page and "Validation accuracy" not in page and "87.50%" not in page
