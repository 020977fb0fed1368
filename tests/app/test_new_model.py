"""File > New Model from Folders in the window, with a stub CLI (tests/app/stub_trainer.py): the
folder's classes, the time estimate, progress, the result with its confusion matrix, loading the
new model, cancel (keep or discard, then resume), refused folders, and closing while it trains."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from model.evaluation.fit_minimum import MIN_FIT_IMAGES
from model.training.recipes import Speed, images_for_checks

STUB = Path(__file__).with_name("stub_trainer.py")
SAVED_ON_SIGINT = b"stub resume state, saved on SIGINT"  # as stub_trainer.py writes it
TIMEOUT_MS = 30_000
FIXED_SPEED = Speed({"layer4": 40.0, "all": 20.0}, forward_images_per_s=100.0)


def fixed_speed():
    """A speed probe that answers at once (the real one times the network for seconds)."""
    return sys.executable, ["-c", f"print({FIXED_SPEED.to_json()!r})"]


def _classes(root: Path, counts: dict[str, int], gui) -> Path:
    for name, n in counts.items():
        gui.write_images(root / name, n)
    return root


def _open(qtbot, window, mode: str, out: Path):
    window.training.measure = fixed_speed
    window.training.run.program = lambda args: (sys.executable, [str(STUB), mode, *args])
    window.menus.new_model.trigger()
    dialog = window.training.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.speed is not None, timeout=TIMEOUT_MS)
    dialog.out_edit.setText(str(out))
    return dialog


def _scan(qtbot, dialog, folder: Path) -> None:
    """Choose ``folder`` and wait for the worker's scan of it to be drawn."""
    with qtbot.waitSignal(dialog.scanned, timeout=TIMEOUT_MS):
        dialog.set_folder(folder)


@pytest.fixture
def window(make_window, gui):
    gated = gui.GatedClassifier(free=1000)
    return make_window(classifier_factory=gated.factory)


def test_a_dropped_folder_trains_and_its_model_loads(qtbot, window, gui, tmp_path) -> None:
    data = _classes(tmp_path / "fruit", {"apple": 6, "kiwi": 5}, gui)
    dialog = _open(qtbot, window, "ok", tmp_path / "out")
    with qtbot.waitSignal(dialog.scanned, timeout=TIMEOUT_MS):
        assert gui.drop(dialog, [data])
    assert [(dialog.classes.topLevelItem(i).text(0), dialog.classes.topLevelItem(i).text(1))
            for i in range(dialog.classes.topLevelItemCount())] == [("apple", "6"), ("kiwi", "5")]
    assert not dialog.problems_label.isVisibleTo(dialog) and dialog.start_button.isEnabled()
    # round(0.2 × 6) + round(0.2 × 5) = 2 held out
    assert dialog.summary_label.text() == (
        "2 classes, 11 images: 9 to train on, 2 held out to measure the result\n"
        f"Too few held out to fit the not-sure checks (at least {MIN_FIT_IMAGES}): the model "
        f"will use the rule's defaults. About {images_for_checks()} images in all are enough.")
    quick = dialog.recipe_buttons["quick"].text()
    assert quick.startswith("Quick: the last stage and the classifier, 4 epochs — about ")
    assert quick.endswith(" on this machine")
    with qtbot.waitSignal(window.training.run.ended, timeout=TIMEOUT_MS) as ended:
        dialog.start_button.click()
    assert ended.args == ["finished"]
    page = dialog.result_page
    assert dialog.pages.currentWidget() is page
    assert page.result_label.text().startswith("Accuracy on the 2 held-out images: 75.0%\nSaved: ")
    assert page.confusion.has_data and page.confusion.class_names == ["apple", "kiwi"]
    assert "broken.png: cannot read" in page.warnings_label.text()  # said, not dropped
    assert "No calibration and no out-of-distribution detector: 2 held-out images are too few" \
        in page.warnings_label.text()
    assert page.load_button.isVisible()
    with qtbot.waitSignal(window.state.model_changed, timeout=TIMEOUT_MS) as changed:
        page.load_button.click()
    assert changed.args[0].path == str(tmp_path / "out" / "model.safetensors")
    assert not dialog.isVisible()


def test_a_folder_large_enough_for_the_checks_has_no_hint(qtbot, window, gui, tmp_path) -> None:
    data = _classes(tmp_path / "fruit", {"apple": 100, "kiwi": 100}, gui)
    dialog = _open(qtbot, window, "ok", tmp_path / "out")
    _scan(qtbot, dialog, data)
    assert dialog.summary_label.text() == ("2 classes, 200 images: 160 to train on, 40 held out "
                                           "to measure the result")


def test_progress_is_drawn_while_it_trains(qtbot, window, gui, tmp_path, dialogs) -> None:
    data = _classes(tmp_path / "fruit", {"apple": 5, "kiwi": 5}, gui)
    dialog = _open(qtbot, window, "hold", tmp_path / "out")
    _scan(qtbot, dialog, data)
    dialog.recipe_buttons["better"].setChecked(True)
    run = window.training.run
    commands = []
    run.program = lambda args: (commands.append(args),
                                (sys.executable, [str(STUB), "hold", *args]))[1]
    dialog.start_button.click()
    qtbot.waitUntil(lambda: run.progress.epoch == 1, timeout=TIMEOUT_MS)
    page = dialog.progress_page
    assert dialog.pages.currentWidget() is page and page.bar.value() == 500
    assert page.detail_label.text() == "epoch 1 of 2 · loss 0.900 · held-out accuracy 60.0%"
    assert page.curve.losses == [0.9] and page.curve.accuracies == [0.6]
    assert "1 file(s) could not be read" in page.skipped_label.text()
    assert commands[0][0] == "train" and "--train-layers all" in " ".join(commands[0])
    dialogs.answers["ask"] = [1]  # Discard
    with qtbot.waitSignal(run.ended, timeout=TIMEOUT_MS):
        page.cancel_button.click()
    assert dialogs.questions[-1][2] == ["Keep", "Discard"]
    assert dialog.result_page.result_label.text() == "Stopped. The partial run was discarded."
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(os.name != "posix", reason="SIGINT is POSIX's")
def test_a_kept_run_resumes(qtbot, window, gui, tmp_path, dialogs) -> None:
    data = _classes(tmp_path / "fruit", {"apple": 5, "kiwi": 5}, gui)
    dialog = _open(qtbot, window, "hold", tmp_path / "out")
    _scan(qtbot, dialog, data)
    dialog.start_button.click()
    run = window.training.run
    qtbot.waitUntil(lambda: run.progress.epoch == 1, timeout=TIMEOUT_MS)
    dialogs.answers["ask"] = [0]  # Keep
    with qtbot.waitSignal(run.ended, timeout=TIMEOUT_MS):
        run.cancel()
    assert "Stopped. The run is kept in" in dialog.result_page.result_label.text()
    # The stub saved on SIGINT, as the real loop does: the run was interrupted, not killed.
    assert (tmp_path / "out" / "last.pt").read_bytes() == SAVED_ON_SIGINT
    dialog.result_page.again_button.click()
    run.program = lambda args: (sys.executable, [str(STUB), "ok", *args])
    dialogs.answers["ask"] = [0]  # Resume It
    with qtbot.waitSignal(run.ended, timeout=TIMEOUT_MS) as ended:
        dialog.start_button.click()
    assert dialogs.questions[-1][0] == "Unfinished run" and ended.args == ["finished"]
    assert [row["epoch"] for row in run.progress.history] == [1, 2]
    # Starting again over a finished model asks before replacing it; Cancel starts nothing.
    dialogs.answers["ask"] = [1]
    dialog.result_page.again_button.click()
    assert not dialog.start() and dialogs.questions[-1][0] == "Replace model?"


def test_a_folder_that_cannot_train_says_why(qtbot, window, gui, tmp_path) -> None:
    data = _classes(tmp_path / "fruit", {"apple": 6, "fig": 1, "kiwi": 2}, gui)
    dialog = _open(qtbot, window, "ok", tmp_path / "out")
    _scan(qtbot, dialog, data)
    assert dialog.problems_label.text() == (f"{data / 'fig'}: 1 image; a class needs at least 5\n"
                                            f"{data / 'kiwi'}: 2 images; a class needs at "
                                            "least 5")
    assert not dialog.start_button.isEnabled() and not dialog.start()
    # In the window's language, still naming each folder.
    assert window.set_language("zh_TW")
    try:
        _scan(qtbot, dialog, data)
        assert dialog.problems_label.text() == (f"{data / 'fig'}：1 張圖片；每個類別至少需要 5 張\n"
                                                f"{data / 'kiwi'}：2 張圖片；每個類別至少需要 5 張")
    finally:
        window.set_language("en")


def test_subfolders_merged_into_a_class_are_named(qtbot, window, gui, tmp_path) -> None:
    # The folder chosen one level too high: cats and dogs would train as one class, pets.
    data = _classes(tmp_path / "photos", {"pets/cats": 100, "pets/dogs": 100, "cars": 100}, gui)
    dialog = _open(qtbot, window, "ok", tmp_path / "out")
    _scan(qtbot, dialog, data)
    assert dialog.summary_label.text().endswith(
        "\nImages in subfolders count as their class folder's: pets (cats, dogs)")
    # Where it is what makes the folder fail (one class left), it stands with the problem.
    only = _classes(tmp_path / "one", {"pets/cats": 5, "pets/dogs": 5}, gui)
    _scan(qtbot, dialog, only)
    assert dialog.problems_label.text().splitlines() == [
        f"{only}: only one class folder (pets); at least 2 are needed",
        "Images in subfolders count as their class folder's: pets (cats, dogs)"]


def test_a_refused_run_shows_the_message(qtbot, window, gui, tmp_path) -> None:
    dialog = _open(qtbot, window, "fail", tmp_path / "out")
    _scan(qtbot, dialog, _classes(tmp_path / "fruit", {"apple": 5, "kiwi": 5}, gui))
    with qtbot.waitSignal(window.training.run.ended, timeout=TIMEOUT_MS):
        dialog.start_button.click()
    assert dialog.result_page.result_label.text() == (
        "Training stopped with an error:\ncifar10 train: /data/kiwi: only 3 readable images; "
        "a class needs at least 5")
    assert not dialog.result_page.load_button.isVisibleTo(dialog.result_page)


def test_closing_while_training_asks_and_leaves_no_process(qtbot, window, gui, tmp_path,
                                                           dialogs) -> None:
    dialog = _open(qtbot, window, "hold", tmp_path / "out")
    _scan(qtbot, dialog, _classes(tmp_path / "fruit", {"apple": 5, "kiwi": 5}, gui))
    dialog.start_button.click()
    run = window.training.run
    qtbot.waitUntil(lambda: run.progress.epoch == 1, timeout=TIMEOUT_MS)
    pid = run.pid
    dialogs.answers["ask"] = [1]  # Keep Training
    window.close()
    assert window.isVisible() and run.running
    assert dialogs.questions[-1][2] == ["Stop and Quit", "Keep Training"]
    assert "The run is saved; New Model from Folders can resume it." in dialogs.questions[-1][1]
    dialogs.answers["ask"] = [0]  # Stop and Quit
    window.close()
    assert not window.isVisible() and not run.running
    assert len(dialogs.questions) == 2  # no keep-or-discard question while quitting
    assert (tmp_path / "out" / "last.pt").is_file()  # kept, to resume next time
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


@pytest.mark.parametrize("mode, phase, says", [
    ("early", "training", "No epoch has finished yet, so nothing is saved."),
    ("holdcheck", "checking", "The model is trained and saved; the checks still running"),
])
def test_the_close_question_says_what_stopping_keeps(qtbot, window, gui, tmp_path, dialogs,
                                                     mode, phase, says) -> None:
    dialog = _open(qtbot, window, mode, tmp_path / "out")
    _scan(qtbot, dialog, _classes(tmp_path / "fruit", {"apple": 5, "kiwi": 5}, gui))
    dialog.start_button.click()
    run = window.training.run
    qtbot.waitUntil(lambda: run.progress.phase == phase and run.running, timeout=TIMEOUT_MS)
    pid = run.pid
    dialogs.answers["ask"] = [0]  # Stop and Quit
    window.close()
    assert says in dialogs.questions[-1][1]
    assert not window.isVisible() and not run.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_failed_speed_probe_says_the_time_is_unknown(qtbot, window, gui, tmp_path) -> None:
    window.training.measure = lambda: (sys.executable, ["-c", "import sys; sys.exit(4)"])
    dialog = window.training.show()
    _scan(qtbot, dialog, _classes(tmp_path / "fruit", {"apple": 5, "kiwi": 5}, gui))
    qtbot.waitUntil(lambda: "time unknown" in dialog.recipe_buttons["quick"].text(),
                    timeout=TIMEOUT_MS)
    assert dialog.recipe_buttons["better"].text().endswith(
        "— time unknown (the speed probe stopped (exit status 4))")
    assert dialog.start_button.isEnabled()  # an unknown time does not stop anyone


def test_stopped_before_anything_was_saved(qtbot, window, gui, tmp_path, dialogs) -> None:
    dialog = _open(qtbot, window, "early", tmp_path / "out")
    _scan(qtbot, dialog, _classes(tmp_path / "fruit", {"apple": 5, "kiwi": 5}, gui))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: (tmp_path / "out").is_dir(), timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.training.run.ended, timeout=TIMEOUT_MS):
        dialog.progress_page.cancel_button.click()
    assert dialogs.questions == []  # nothing to keep: not asked
    assert dialog.result_page.result_label.text() == "Stopped before the first epoch was saved."
    assert not (tmp_path / "out").exists()  # the empty folder it made is gone


def test_the_checking_phase_names_only_the_checks_that_run(qtbot) -> None:
    from app.training.pages import ProgressPage
    from app.training.run import Progress

    page = ProgressPage()
    qtbot.addWidget(page)
    page.show_progress(Progress(phase="checking", epochs=2), cancelling=False)
    assert "calibration, out-of-distribution detector" in page.phase_label.text()
    page.show_progress(Progress(phase="checking", epochs=2, checks_fitted=False), False)
    assert page.phase_label.text() == "Measuring the model on the held-out images…"


def test_the_folder_is_scanned_in_the_worker_and_only_the_last_choice_drawn(
        qtbot, window, gui, tmp_path) -> None:
    # The scan walks the whole tree (8.8 s for / here): it used to run in the GUI thread.
    first = _classes(tmp_path / "fruit", {"apple": 5, "kiwi": 5}, gui)
    second = _classes(tmp_path / "veg", {"leek": 6, "okra": 5, "yam": 5}, gui)
    dialog = _open(qtbot, window, "ok", tmp_path / "out")
    drawn = []
    dialog.scanned.connect(drawn.append)
    dialog.set_folder(first)
    assert dialog.scan is None and not dialog.start_button.isEnabled()  # not yet: no events ran
    assert dialog.summary_label.text() == f"Reading {first}…"
    _scan(qtbot, dialog, second)
    assert [scan.root for scan in drawn] == [second]  # the first answer, if any, was dropped
    assert [dialog.classes.topLevelItem(i).text(0)
            for i in range(dialog.classes.topLevelItemCount())] == ["leek", "okra", "yam"]
    assert dialog.start_button.isEnabled()


def test_a_scan_that_fails_is_a_problem_named_for_the_folder(qtbot, window, gui, tmp_path,
                                                              monkeypatch) -> None:
    import model.data.folder_scan as folder_scan

    def fail(root, stop=None):
        raise PermissionError(13, "Permission denied", str(root / "kiwi"))

    monkeypatch.setattr(folder_scan, "scan_class_folders", fail)
    data = _classes(tmp_path / "fruit", {"apple": 5, "kiwi": 5}, gui)
    dialog = _open(qtbot, window, "ok", tmp_path / "out")
    _scan(qtbot, dialog, data)
    assert dialog.problems_label.text().startswith(f"{data}: cannot be read (PermissionError")
    assert not dialog.start_button.isEnabled()


def _walk_until_stopped(first: Path, monkeypatch) -> tuple[list[Path], list[Path]]:
    """Make the scan of ``first`` a walk that never ends until the worker says stop (as ``/``
    would take seconds); other folders scan as usual. Returns the folders whose walk began and
    those whose walk stopped."""
    import time

    import model.data.folder_scan as folder_scan

    real, began, stopped = folder_scan.scan_class_folders, [], []

    def scan(root, stop=None):
        if root != first:
            return real(root, stop)
        began.append(root)
        deadline = time.monotonic() + 30  # a stop that never comes fails the test, no hang
        while not stop() and time.monotonic() < deadline:
            time.sleep(0.002)  # (in the worker thread: polling the cancel token)
        if stop():  # told to, not timed out
            stopped.append(root)
        raise folder_scan.ScanStopped(str(root))

    monkeypatch.setattr(folder_scan, "scan_class_folders", scan)
    return began, stopped


def test_choosing_another_folder_stops_a_long_scan(qtbot, window, gui, tmp_path,
                                                   monkeypatch) -> None:
    first = tmp_path / "huge"
    began, stopped = _walk_until_stopped(first, monkeypatch)
    second = _classes(tmp_path / "veg", {"leek": 6, "okra": 5}, gui)
    dialog = _open(qtbot, window, "ok", tmp_path / "out")
    dialog.set_folder(first)
    qtbot.waitUntil(lambda: began == [first], timeout=TIMEOUT_MS)  # walking, not queued
    _scan(qtbot, dialog, second)
    assert stopped == [first] and dialog.scan.root == second and dialog.start_button.isEnabled()


def test_closing_the_window_stops_a_long_scan(qtbot, window, gui, tmp_path,
                                              monkeypatch) -> None:
    first = tmp_path / "huge"
    began, stopped = _walk_until_stopped(first, monkeypatch)
    dialog = _open(qtbot, window, "ok", tmp_path / "out")
    dialog.set_folder(first)
    qtbot.waitUntil(lambda: began == [first], timeout=TIMEOUT_MS)
    window.close()  # waits for the worker thread: it must not wait for the walk's 30 s
    assert not window.isVisible() and stopped == [first]
    assert not window.state.host.thread.isRunning()


def test_save_to_blank_or_a_file_is_refused_and_relative_means_the_models_folder(
        qtbot, window, gui, tmp_path, dialogs, monkeypatch) -> None:
    # A blank field had trained into the app's working folder; a file ended in a traceback on
    # the result page.
    data = _classes(tmp_path / "fruit", {"apple": 5, "kiwi": 5}, gui)
    window.training.models_root = tmp_path / "models"  # not the user's home
    dialog = _open(qtbot, window, "ok", tmp_path / "out")
    _scan(qtbot, dialog, data)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    for text, said in (("   ", ("No folder to save to",
                                 "Choose the folder the new model is saved in.")),
                       (str(a_file / "model"), ("Cannot save there",
                                                f"{a_file} is a file, not a folder."))):
        dialog.out_edit.setText(text)
        assert not dialog.start() and not window.training.run.running
        assert dialogs.errors[-1] == said
    monkeypatch.chdir(tmp_path)  # where a relative name must not land
    dialog.out_edit.setText("mine")
    with qtbot.waitSignal(window.training.run.ended, timeout=TIMEOUT_MS):
        assert dialog.start()
    assert window.training.run.job.out == tmp_path / "models" / "mine"
    assert (tmp_path / "models" / "mine").is_dir() and not (tmp_path / "mine").exists()
