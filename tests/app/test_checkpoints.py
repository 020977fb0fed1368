"""Loading and switching models: good and bad checkpoints, no model at all, devices, info."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def second_checkpoint(random_checkpoint: Path, tmp_path: Path) -> Path:
    path = tmp_path / "second.safetensors"
    shutil.copyfile(random_checkpoint, path)
    return path


@pytest.fixture
def bad_checkpoint(tmp_path: Path) -> Path:
    path = tmp_path / "broken.safetensors"
    path.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all")
    return path


def test_a_relative_checkpoint_is_remembered_absolute(make_window, gui, qtbot, tmp_path,
                                                      second_checkpoint, monkeypatch):
    monkeypatch.chdir(second_checkpoint.parent)
    window = make_window()
    with qtbot.waitSignal(window.state.model_changed, timeout=gui.MODEL_TIMEOUT_MS):
        window.state.open_checkpoint(Path(second_checkpoint.name))
    assert window.settings.last_checkpoint == second_checkpoint.absolute()
    assert window.settings.recent_checkpoints[0] == second_checkpoint.absolute()


def test_switch_to_good_then_bad_checkpoint(make_window, gui, qtbot, tmp_path, dialogs,
                                            second_checkpoint, bad_checkpoint):
    window = make_window()
    with qtbot.waitSignal(window.state.model_changed, timeout=gui.MODEL_TIMEOUT_MS) as loaded:
        window.state.open_checkpoint(second_checkpoint)
    assert Path(loaded.args[0].path) == second_checkpoint
    assert "second" in window.status.model_label.text()
    assert window.settings.last_checkpoint == second_checkpoint

    # The menu's path: Model > Open Checkpoint... answers the bad file.
    dialogs.answers["open_checkpoint"] = str(bad_checkpoint)
    with qtbot.waitSignal(window.state.model_load_failed, timeout=gui.MODEL_TIMEOUT_MS) as failed:
        window.open_checkpoint_dialog()
    assert str(bad_checkpoint) in failed.args[0]
    title, text = dialogs.errors[-1]
    assert title == "Could not load checkpoint"
    assert str(bad_checkpoint) in text and "previous model stays active" in text
    # The previous model is still the active one, and it still classifies.
    assert Path(window.state.summary.path) == second_checkpoint
    assert "second" in window.status.model_label.text()
    assert window.settings.last_checkpoint == second_checkpoint
    paths = gui.write_images(tmp_path / "imgs", 2)
    _, done, total, _ = gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, paths))
    assert done == total == 2 and all(e.ok for e in window.state.entries)


def test_missing_checkpoint_file_is_reported(make_window, gui, qtbot, tmp_path, dialogs):
    window = make_window()
    missing = tmp_path / "nowhere.pth"
    with qtbot.waitSignal(window.state.model_load_failed, timeout=gui.MODEL_TIMEOUT_MS):
        window.state.open_checkpoint(missing)
    assert str(missing) in dialogs.errors[-1][1]
    assert window.state.summary is not None
    # A recent checkpoint deleted since is taken off the menu, and the message says so (it
    # stayed first in Recent Checkpoints, failing each time).
    window.settings.add_recent(missing)
    window.menus.rebuild_recent()
    with qtbot.waitSignal(window.state.model_load_failed, timeout=gui.MODEL_TIMEOUT_MS):
        window.menus.recent_menu.actions()[0].trigger()
    assert dialogs.errors[-1][1].endswith("It was taken off Recent Checkpoints.\n\n"
                                          "The previous model stays active:\n"
                                          f"{window.state.summary.path}")
    assert missing not in window.settings.recent_checkpoints
    assert all(a.data() != str(missing) for a in window.menus.recent_menu.actions())


def test_no_bundled_model_starts_and_queues_drops(make_window, gui, qtbot, tmp_path,
                                                  random_checkpoint):
    window = make_window(checkpoint=None)  # bundled path does not exist, settings are empty
    assert window.state.summary is None
    assert window.status.model_label.text() == "No model loaded"
    assert "Open Checkpoint" in window.panel.drop_area.placeholder
    assert not window.menus.bundled.isEnabled()

    paths = gui.write_images(tmp_path / "imgs", 2)
    assert gui.drop(window.panel.drop_area, paths)
    assert window.state.pending_count == 1 and not window.state.busy  # queued, not lost
    assert "waiting" in window.panel.drop_area.placeholder
    with qtbot.waitSignal(window.state.batch_done, timeout=gui.MODEL_TIMEOUT_MS) as done:
        window.state.open_checkpoint(random_checkpoint)
    assert done.args[1:] == [2, 2, False]
    assert window.state.pending_count == 0 and len(window.state.entries) == 2


def test_drops_while_the_model_loads_are_queued(make_window, gui, qtbot, tmp_path):
    window = make_window(wait=False)
    assert window.state.summary is None and window.state.loading_path is not None
    assert window.status.model_label.text().startswith("Loading model")
    paths = gui.write_images(tmp_path / "imgs", 3)
    assert gui.drop(window.panel.drop_area, paths)
    assert window.state.pending_count == 1
    qtbot.waitUntil(lambda: len(window.state.entries) == 3 and not window.state.busy,
                    timeout=gui.MODEL_TIMEOUT_MS)
    assert [e.source for e in window.state.entries] == [str(p) for p in paths]


def test_device_menu_and_switch(make_window, gui, qtbot):
    # Before the worker has probed, the menu offers Automatic and CPU only; "mps" can only
    # come from the worker's probe (a fake one here: this machine has no GPU).
    window = make_window(wait=False, devices=lambda: ["cpu", "mps"])
    qtbot.waitUntil(lambda: "mps" in window.menus.device_actions(), timeout=gui.MODEL_TIMEOUT_MS)
    actions = window.menus.device_actions()
    assert list(actions) == ["auto", "cpu", "mps"]
    assert actions["auto"].isChecked()
    qtbot.waitUntil(lambda: window.state.summary is not None, timeout=gui.MODEL_TIMEOUT_MS)
    with qtbot.waitSignal(window.state.model_changed, timeout=gui.MODEL_TIMEOUT_MS) as loaded:
        actions["cpu"].trigger()
    assert loaded.args[0].device == "cpu"
    assert window.settings.device == "cpu"
    assert window.menus.device_actions()["cpu"].isChecked()
    assert window.status.device_label.text() == "Device: CPU"


def test_model_info_and_status_show_metadata(make_window, gui, qtbot, tmp_path,
                                             second_checkpoint):
    from model.checkpoints.checkpoint import update_metadata

    per_class = {"airplane": 0.91, "cat": 0.62}
    update_metadata(second_checkpoint, test_accuracy=0.875, per_class_accuracy=per_class,
                    train_config={"epochs": 3, "lr": 0.1})
    window = make_window(checkpoint=second_checkpoint)
    assert "test accuracy 87.5%" in window.status.model_label.text()
    text = window.show_model_info().browser.toPlainText()
    for expected in ("87.50%", "airplane", "91.00%", "truck", "Training configuration",
                     '"epochs": 3', str(second_checkpoint)):
        assert expected in text
    window.show_about()
    assert "ResNet-18" in window.dialogs.abouts[-1]


def test_broken_remembered_checkpoint_falls_back_to_bundled(make_window, gui, qtbot, dialogs,
                                                            bad_checkpoint, random_checkpoint,
                                                            settings_path):
    from app.settings import AppSettings

    AppSettings.from_file(settings_path).last_checkpoint = bad_checkpoint
    window = make_window(checkpoint=None, wait=False, bundled=random_checkpoint)
    qtbot.waitUntil(lambda: window.state.summary is not None, timeout=gui.MODEL_TIMEOUT_MS)
    assert Path(window.state.summary.path) == random_checkpoint
    assert str(bad_checkpoint) in dialogs.errors[0][1] and "bundled" in dialogs.errors[0][1]
    assert window.menus.bundled.isEnabled()


def test_the_status_bar_names_a_validation_accuracy(make_window, tmp_path, random_checkpoint):
    # A model trained on the user's folders has no test split: it said "test accuracy unknown"
    # while Model Info showed its validation accuracy.
    import shutil

    from model.checkpoints.checkpoint import update_metadata

    own = tmp_path / "fruit model" / "model.safetensors"
    own.parent.mkdir()
    shutil.copy(random_checkpoint, own)
    update_metadata(own, extra={"eval": {"split": "val", "tta": False, "accuracy": 0.875}})
    window = make_window(checkpoint=own)
    assert window.status.model_label.text() == \
        "Model: fruit model/model · validation accuracy 87.5%"


def test_a_checkpoint_chosen_while_the_broken_startup_one_loads_is_kept(
        make_window, gui, qtbot, dialogs, tmp_path, random_checkpoint):
    # The fallback to the bundled model came after the user's choice and replaced it.
    gated = gui.GatedClassifier(free=100)
    broken = tmp_path / "broken.safetensors"
    chosen = tmp_path / "chosen.safetensors"
    for path in (broken, chosen):
        path.write_bytes(b"")
    window = make_window(checkpoint=broken, wait=False, bundled=random_checkpoint,
                         classifier_factory=gated.factory)
    # Chosen while the broken one loads: when the worker says it started on it, its failure is
    # queued behind that, so it is handled after the choice.
    def choose(_job_id, what):
        if what == str(broken) and window.state.loading_path == str(broken):
            window.state.open_checkpoint(chosen)

    window.state.host.worker.started.connect(choose)
    qtbot.waitUntil(lambda: window.state.summary is not None
                    and window.state.loading_path is None, timeout=gui.MODEL_TIMEOUT_MS)
    assert Path(window.state.summary.path) == chosen
    assert str(broken) in dialogs.errors[0][1]
    # It said "No model is loaded. Use Model › Open Checkpoint…" while the choice was loading.
    assert "Still loading the checkpoint you chose after it:\n" + str(chosen) in dialogs.errors[0][1]
    assert "No model is loaded" not in dialogs.errors[0][1]


def test_a_remembered_checkpoint_in_a_folder_now_locked_falls_back(make_window, gui, qtbot,
                                                                   dialogs, tmp_path,
                                                                   random_checkpoint,
                                                                   settings_path, monkeypatch):
    # Python 3.11's is_file and exists raise PermissionError there: the app did not start.
    from app.settings import AppSettings

    locked = tmp_path / "locked" / "model.safetensors"
    AppSettings.from_file(settings_path).last_checkpoint = locked
    real_is_file, real_exists = Path.is_file, Path.exists

    def refuse(real):
        def check(self):
            if self == locked:  # tests run as root here, so chmod would not stop them
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)
        return check

    monkeypatch.setattr(Path, "is_file", refuse(real_is_file))
    monkeypatch.setattr(Path, "exists", refuse(real_exists))
    window = make_window(checkpoint=None, wait=False, bundled=random_checkpoint)
    qtbot.waitUntil(lambda: window.state.summary is not None, timeout=gui.MODEL_TIMEOUT_MS)
    assert Path(window.state.summary.path) == random_checkpoint
    assert str(locked) in dialogs.errors[0][1] and "bundled" in dialogs.errors[0][1]


def test_a_failed_device_switch_goes_back_to_the_device_before(make_window, gui, qtbot, dialogs,
                                                                tmp_path, settings_path):
    # The setting stayed on the device that failed: every later load asked for it and
    # failed too, the next start's fallback included ("No model loaded").
    from app.settings import AppSettings

    gated = gui.GatedClassifier(free=1000)

    def factory(path, device):
        if device == "cuda":  # e.g. out of memory while a training run holds the GPU
            raise RuntimeError("CUDA error: out of memory")
        return gated.factory(path, device)

    window = make_window(classifier_factory=factory, devices=lambda: ["cpu", "cuda"])
    qtbot.waitUntil(lambda: "cuda" in window.menus.device_actions(), timeout=gui.MODEL_TIMEOUT_MS)
    with qtbot.waitSignal(window.state.model_load_failed, timeout=gui.MODEL_TIMEOUT_MS):
        window.menus.device_actions()["cuda"].trigger()
    assert "CUDA error: out of memory" in dialogs.errors[-1][1]
    assert "The device setting went back to Automatic." in dialogs.errors[-1][1]
    assert window.settings.device == "auto"
    checked = [name for name, a in window.menus.device_actions().items() if a.isChecked()]
    assert checked == ["auto"]
    other = tmp_path / "other.safetensors"
    other.write_bytes(b"")
    with qtbot.waitSignal(window.state.model_changed, timeout=gui.MODEL_TIMEOUT_MS):
        window.state.open_checkpoint(other)
    window.close()
    assert AppSettings.from_file(settings_path).device == "auto"


def test_a_missing_remembered_checkpoint_is_named_at_start(make_window, gui, qtbot, dialogs,
                                                           tmp_path, settings_path):
    # It was replaced by the bundled model without a word (deleted, or on a drive that is not
    # mounted today), while a broken or locked one was named.
    from app.settings import AppSettings

    mine = tmp_path / "usb" / "my model.safetensors"
    settings = AppSettings.from_file(settings_path)
    settings.last_checkpoint = mine
    settings.add_recent(mine)
    settings.sync()
    bundled = tmp_path / "bundled.safetensors"
    bundled.write_bytes(b"")
    gated = gui.GatedClassifier(free=1000)
    window = make_window(checkpoint=None, wait=False, bundled=bundled,
                         classifier_factory=gated.factory)
    qtbot.waitUntil(lambda: window.state.summary is not None, timeout=gui.MODEL_TIMEOUT_MS)
    assert Path(window.state.summary.path) == bundled
    (title, text), = dialogs.errors
    assert str(mine) in text and "Using the bundled model instead." in text
    assert "It was taken off Recent Checkpoints." in text
    assert window.settings.recent_checkpoints == []


def test_closing_while_a_checkpoint_loads_ends_there(make_window, gui, qtbot, dialogs, tmp_path):
    # The load's answer, posted while close waited for the worker, was still handled after
    # close: its fallback started the worker thread again and showed a dialog with no window.
    import threading

    gated = gui.GatedClassifier(free=1000)
    entered, gate = threading.Event(), threading.Event()

    def factory(path, device):
        if Path(path).name.startswith("broken"):
            entered.set()
            gate.wait(60)  # a slow load (torch's import, a big file on a network share)
            raise ValueError("not a checkpoint (test double)")
        return gated.factory(path, device)

    broken = tmp_path / "broken.safetensors"
    bundled = tmp_path / "bundled.safetensors"
    for path in (broken, bundled):
        path.write_bytes(b"")
    window = make_window(checkpoint=broken, wait=False, bundled=bundled,
                         classifier_factory=factory)
    qtbot.waitUntil(entered.is_set, timeout=gui.MODEL_TIMEOUT_MS)
    token = window.state.host.tokens["control"]
    cancel_through = token.cancel_through
    # The load ends during close's wait for the worker.
    token.cancel_through = lambda n: (cancel_through(n), gate.set())
    thread = window.state.host.thread
    try:
        window.close()
        assert thread.isFinished()
        # The worker's thread has ended, so its answer is already posted: deliver it, as the
        # app's event loop goes on doing until its Quit is handled.
        from PyQt5.QtCore import QCoreApplication

        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()
        assert dialogs.errors == [] and not thread.isRunning()
        assert window.state.summary is None
    finally:
        gate.set()
        window.state.shutdown()  # Qt aborts the process if a running QThread is destroyed
