"""Help > Try Sample Images, the empty window's sample button, and the "Not sure" warning."""

from __future__ import annotations

from PyQt5.QtCore import Qt

from model.files.paths import sample_images, samples_dir


def test_empty_window_offers_the_samples(make_window, gui, qtbot, tmp_path):
    window = make_window()
    button = window.drop_area.samples_button
    assert button.isVisible() and button.text() == "Try Sample Images"
    _, done, total, cancelled = gui.wait_batch(
        qtbot, window, lambda: qtbot.mouseClick(button, Qt.LeftButton))
    assert (done, total, cancelled) == (len(sample_images()), len(sample_images()), False)
    assert done >= 10 and all(e.ok for e in window.entries)
    assert {e.source for e in window.entries} == {str(p) for p in sample_images()}
    assert not button.isVisible()  # an image is shown now
    window.clear_history()
    assert button.isVisible()


def test_help_menu_runs_the_samples(make_window, gui, qtbot):
    window = make_window()
    _, done, _, _ = gui.wait_batch(qtbot, window, window.samples_action.trigger)
    assert done == len(sample_images())
    assert all(str(samples_dir()) in e.source for e in window.entries)


def test_missing_samples_say_so(make_window, dialogs, tmp_path):
    window = make_window(samples=tmp_path / "nowhere")
    assert window.try_samples() is None
    assert dialogs.errors and "nowhere" in dialogs.errors[-1][1]


def test_an_unsure_answer_is_flagged_next_to_the_bars(make_window, gui, qtbot, tmp_path):
    # The untrained test network spreads its probability over the classes: its top class is
    # far below 50%, so the rule flags it (model/inference/confidence.py).
    window = make_window()
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 1)))
    entry = window.entries[0]
    assert entry.top_probability < 0.5
    assert entry.not_sure and "low_confidence" in entry.not_sure_reasons
    assert window.not_sure_label.isVisible()
    assert window.not_sure_label.text() == "Not sure: this may not be one of the 10 classes"
    assert "50%" in window.not_sure_label.toolTip()
    assert window.history.item(0).text().endswith("?")


def test_a_confident_answer_is_not_flagged(make_window, gui, qtbot, tmp_path):
    classifier = gui.GatedClassifier(free=10)  # answers 60% for its top class, not flagged
    window = make_window(classifier_factory=classifier.factory)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 1)))
    assert not window.entries[0].not_sure
    assert not window.not_sure_label.isVisible()
