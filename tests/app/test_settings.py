"""Settings persist across restarts (in an INI file under tmp_path, never the user's own)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PyQt5.QtCore import QSize

from app.settings import MAX_RECENT, AppSettings


def test_settings_restored_on_restart(make_window, gui, qtbot, tmp_path, random_checkpoint):
    copies = []
    for name in ("first", "second"):
        copies.append(tmp_path / f"{name}.safetensors")
        shutil.copyfile(random_checkpoint, copies[-1])
    window = make_window()
    with qtbot.waitSignal(window.state.model_changed, timeout=gui.MODEL_TIMEOUT_MS):
        window.state.set_device("cpu")
    for path in copies:
        with qtbot.waitSignal(window.state.model_changed, timeout=gui.MODEL_TIMEOUT_MS):
            window.state.open_checkpoint(path)
    window.resize(900, 610)
    window.close()

    again = make_window(checkpoint=None, wait=False)  # no --checkpoint: the last one is used
    qtbot.waitUntil(lambda: again.state.summary is not None, timeout=gui.MODEL_TIMEOUT_MS)
    assert Path(again.state.summary.path) == copies[1]
    assert again.size() == QSize(900, 610)
    assert again.settings.device == "cpu" and again.menus.device_actions()["cpu"].isChecked()
    assert [Path(a.data()) for a in again.menus.recent_actions()] == [copies[1], copies[0],
                                                               random_checkpoint]
    # A recent entry is a working menu item.
    with qtbot.waitSignal(again.state.model_changed, timeout=gui.MODEL_TIMEOUT_MS) as loaded:
        again.menus.recent_actions()[1].trigger()
    assert Path(loaded.args[0].path) == copies[0]


def test_recent_list_is_capped_and_deduplicated(tmp_path):
    settings = AppSettings.from_file(tmp_path / "s.ini")
    for i in range(7):
        settings.add_recent(tmp_path / f"{i}.pt")
    settings.add_recent(tmp_path / "4.pt")
    assert settings.recent_checkpoints == [tmp_path / f"{i}.pt" for i in (4, 6, 5, 3, 2)]
    assert len(settings.recent_checkpoints) == MAX_RECENT
    settings.sync()
    reread = AppSettings.from_file(tmp_path / "s.ini")
    assert reread.recent_checkpoints == settings.recent_checkpoints
    reread.clear_recent()
    assert reread.recent_checkpoints == []


def test_unknown_device_setting_falls_back_to_automatic(tmp_path):
    settings = AppSettings.from_file(tmp_path / "s.ini")
    settings.device = "tpu"
    assert settings.device == "auto"


def test_one_entry_recent_list_round_trips(tmp_path):
    settings = AppSettings.from_file(tmp_path / "s.ini")
    settings.add_recent(tmp_path / "only.safetensors")
    settings.sync()
    assert AppSettings.from_file(tmp_path / "s.ini").recent_checkpoints == [
        tmp_path / "only.safetensors"]


def test_one_entry_recent_list_written_as_a_plain_string(tmp_path):
    # What Qt itself writes for a one-item string list, and what a hand edit looks like: it
    # reads back as a str, not a list.
    ini = tmp_path / "s.ini"
    ini.write_text("[model]\nrecent=/models/only.safetensors\n", encoding="utf-8")
    assert AppSettings.from_file(ini).recent_checkpoints == [Path("/models/only.safetensors")]


def test_hand_edited_values_of_the_wrong_type_read_as_defaults(tmp_path):
    # PyQt's value(type=str) returned a list for an unquoted comma, which broke the start
    # ("expected str, not list"), and raised TypeError for @Point(...), which broke
    # File > Open Images until a drop overwrote the value.
    ini = tmp_path / "s.ini"
    ini.write_text("[model]\nlast_checkpoint=/models/run 3, final.safetensors\n"
                   "device=@Point(1 2)\n[view]\nlanguage=@Point(1 2)\nshow_attention=@Point(1 2)\n"
                   "[dialogs]\nlast_folder=@Point(1 2)\n", encoding="utf-8")
    settings = AppSettings.from_file(ini)
    assert settings.last_checkpoint == Path("/models/run 3, final.safetensors")
    assert (settings.device, settings.language, settings.last_folder) == ("auto", "", "")
    assert settings.show_attention is False


def test_written_values_read_back_as_written(tmp_path):
    settings = AppSettings.from_file(tmp_path / "s.ini")
    settings.last_checkpoint = tmp_path / "a, b.safetensors"  # Qt quotes the comma it writes
    settings.show_attention = True
    settings.language = "zh_TW"
    settings.sync()
    again = AppSettings.from_file(tmp_path / "s.ini")
    assert again.last_checkpoint == tmp_path / "a, b.safetensors"
    assert again.show_attention is True and again.language == "zh_TW"
    assert again.problem() is None


def test_a_settings_file_that_cannot_be_written_is_named(tmp_path):
    # Every choice was lost at exit without a word.
    (tmp_path / "not a folder").write_text("", encoding="utf-8")
    path = tmp_path / "not a folder" / "settings.ini"
    problem = AppSettings.from_file(path).problem()
    assert problem == f"{path}: cannot be written"


def test_the_window_says_when_settings_cannot_be_kept(make_window, gui, dialogs, tmp_path,
                                                      settings_path):
    settings_path.mkdir()  # a folder where the settings file should be: nothing can be saved
    checkpoint = tmp_path / "model.safetensors"
    checkpoint.write_bytes(b"")
    make_window(checkpoint=checkpoint, classifier_factory=gui.GatedClassifier(free=10).factory)
    (title, text), = dialogs.errors
    assert title == "Settings will not be kept"
    assert text.startswith(f"{settings_path}: cannot be written\n\n")
