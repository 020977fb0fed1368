"""Help > Try Sample Images, the empty window's sample button, and the "Not sure" warning."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PyQt5.QtCore import Qt

from model.files.paths import sample_images, samples_dir


def test_empty_window_offers_the_samples(make_window, gui, qtbot, tmp_path):
    window = make_window()
    button = window.panel.drop_area.samples_button
    assert button.isVisible() and button.text() == "Try Sample Images"
    _, done, total, cancelled = gui.wait_batch(
        qtbot, window, lambda: qtbot.mouseClick(button, Qt.LeftButton))
    assert (done, total, cancelled) == (len(sample_images()), len(sample_images()), False)
    assert done >= 10 and all(e.ok for e in window.state.entries)
    assert {e.source for e in window.state.entries} == {str(p) for p in sample_images()}
    assert not button.isVisible()  # an image is shown now
    window.state.clear_history()
    assert button.isVisible()


def test_help_menu_runs_the_samples(make_window, gui, qtbot):
    window = make_window()
    _, done, _, _ = gui.wait_batch(qtbot, window, window.menus.samples.trigger)
    assert done == len(sample_images())
    assert all(str(samples_dir()) in e.source for e in window.state.entries)


def test_missing_samples_say_so(make_window, dialogs, tmp_path):
    window = make_window(samples=tmp_path / "nowhere")
    assert window.try_samples() is None
    assert dialogs.errors and "nowhere" in dialogs.errors[-1][1]


def test_an_unsure_answer_is_flagged_next_to_the_bars(make_window, gui, qtbot, tmp_path):
    # The untrained test network spreads its probability over the classes: its top class is
    # far below 50%, so the rule flags it (model/inference/confidence.py).
    window = make_window()
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 1)))
    entry = window.state.entries[0]
    assert entry.top_probability < 0.5
    assert entry.not_sure and "low_confidence" in entry.not_sure_reasons
    assert window.panel.not_sure_label.isVisible()
    # Only hesitation between classes: worded as such, not as "none of the classes".
    assert entry.not_sure_reasons == ("low_confidence",)
    assert window.panel.not_sure_label.text() == "Not sure: the model is unsure between classes"
    assert "50%" in window.panel.not_sure_label.toolTip()
    assert window.history.row_text(0).endswith(" ?")


def test_the_not_sure_flag_names_the_models_class_count(make_window, gui, qtbot, tmp_path,
                                                         random_checkpoint):
    import torch

    from model.checkpoints.checkpoint import CheckpointInfo, save_checkpoint
    from model.network.resnet import resnet18

    torch.manual_seed(0)
    path = tmp_path / "seven.safetensors"
    # Calibrated with a contrast floor: a flat picture is "none of the classes" (not_photo_like).
    save_checkpoint(path, resnet18(num_classes=7), CheckpointInfo(
        num_classes=7, class_names=[f"kind {i}" for i in range(7)],
        extra={"calibration": {"temperature": 1.0, "min_contrast": 2.0}}))
    window = make_window(checkpoint=path)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 1)))
    assert "not_photo_like" in window.state.entries[0].not_sure_reasons
    assert (window.panel.not_sure_label.text()
            == "Not sure: this does not look like any of the 7 classes")
    assert window.history.row_text(0).endswith(" · none of the classes?")
    # The entry keeps the count of the model that answered it: after a switch to a 10-class
    # model it said "any of the 10 classes".
    with qtbot.waitSignal(window.state.model_changed, timeout=gui.MODEL_TIMEOUT_MS):
        window.state.open_checkpoint(random_checkpoint)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "more", 1)))
    window.history.setCurrentRow(window.history.row_of(0))
    assert (window.panel.not_sure_label.text()
            == "Not sure: this does not look like any of the 7 classes")


@pytest.fixture
def confident_checkpoint(tmp_path):
    """A real checkpoint whose head always answers "cat" at ~100% (a large bias), calibrated
    so that all three not-sure checks are on: the real rule runs, not a test double's flag."""
    import torch

    from model.checkpoints.checkpoint import CheckpointInfo, save_checkpoint
    from model.network.resnet import resnet18

    torch.manual_seed(0)
    net = resnet18()
    with torch.no_grad():
        net.fc.bias[3] = 30.0  # logit 30 over ~0: energy about -30, probability about 1
    calibration = {"temperature": 1.0, "energy_threshold": -10.0, "min_contrast": 2.0,
                   "min_correlation": 0.3}
    path = tmp_path / "confident.safetensors"
    save_checkpoint(path, net, CheckpointInfo(extra={"calibration": calibration}))
    return path


def test_a_confident_answer_is_not_flagged(make_window, gui, qtbot, tmp_path,
                                           confident_checkpoint):
    smooth = tmp_path / "imgs" / "gradient.png"
    smooth.parent.mkdir()
    ramp = np.linspace(0, 255, 48, dtype=np.float32)
    Image.fromarray(np.stack([ramp[None, :] + 0 * ramp[:, None]] * 3, -1).astype(np.uint8)
                    ).save(smooth)
    window = make_window(checkpoint=confident_checkpoint)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, [smooth]))
    entry = window.state.entries[0]
    assert entry.labels[0] == "cat" and entry.top_probability > 0.99
    assert not entry.not_sure and entry.not_sure_reasons == ()
    assert not window.panel.not_sure_label.isVisible()
    assert not window.history.row_text(0).endswith("?")
    # The same rule is live: a flat colour (no contrast) is flagged despite ~100% for cat.
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "flat", 1)))
    assert window.state.entries[1].top_probability > 0.99
    assert window.state.entries[1].not_sure_reasons == ("not_photo_like",)
    assert window.panel.not_sure_label.isVisible()
    assert (window.panel.not_sure_label.text()
            == "Not sure: this does not look like any of the 10 classes")
