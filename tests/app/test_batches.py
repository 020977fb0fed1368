"""Batches: progress, cancel, closing mid-batch, and dropping results of superseded requests.

These tests use a gated test double for the classifier (tests/app/doubles.py): it answers
FREE images, then holds the worker on the next one until the window cancels. So Cancel, Clear,
a checkpoint switch and closing provably land mid-batch, with no timing assumption. The real
Classifier runs end to end in test_drop.py and test_checkpoints.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PyQt5.QtCore import Qt
from PyQt5.QtGui import QImage

from app.classify_steps import Classified
from app.results import HistoryEntry

ROOT = Path(__file__).resolve().parents[2]
BATCH = 8
# A batch goes in chunks of 1, 2, 4... images (app/classify_steps.py): the double answers the
# first two chunks (FREE images), then holds the worker on the third (HELD images), which
# finishes when the window cancels.
FREE = 3
HELD = 4


@pytest.fixture
def gated(gui):
    classifier = gui.GatedClassifier(free=FREE)
    yield classifier
    classifier.release()  # never leave the worker blocked, whatever the test did


def _start_held_batch(window, gui, gated, qtbot, tmp_path: Path) -> list[Path]:
    """Drop BATCH images; return once FREE are shown and the worker is held on the next."""
    gui.release_on_cancel(window, gated)
    paths = gui.write_images(tmp_path / "big", BATCH, size=(32, 32))
    assert gui.drop(window.panel.drop_area, [tmp_path / "big"])
    qtbot.waitUntil(lambda: gated.blocked.is_set() and len(window.state.entries) == FREE,
                    timeout=gui.BATCH_TIMEOUT_MS)
    assert window.state.busy and window.status.progress_row.isVisible()
    assert window.status.progress.value() == FREE and window.status.progress.maximum() == BATCH
    return paths


def test_cancel_stops_a_batch_midway(make_window, gui, qtbot, tmp_path, gated):
    window = make_window(classifier_factory=gated.factory)
    paths = _start_held_batch(window, gui, gated, qtbot, tmp_path)
    with qtbot.waitSignal(window.state.batch_done, timeout=gui.BATCH_TIMEOUT_MS) as finished:
        window.status.cancel_button.click()
    # The chunk in flight when Cancel was clicked finishes; no image after it starts.
    _, done, total, cancelled = finished.args
    assert (done, total, cancelled) == (FREE + HELD, BATCH, True)
    assert gated.calls == FREE + HELD
    assert [e.source for e in window.state.entries] == [str(p) for p in paths[:FREE + HELD]]
    assert not window.state.busy and not window.status.progress_row.isVisible()
    assert f"Cancelled after {FREE + HELD} of {BATCH}" in window.statusBar().currentMessage()
    # The worker goes on serving new requests.
    more = gui.write_images(tmp_path / "more", 1)
    _, done, total, cancelled = gui.wait_batch(qtbot, window,
                                               lambda: gui.drop(window.panel.drop_area, more))
    assert (done, total, cancelled) == (1, 1, False)


def test_escape_cancels_a_running_batch(make_window, gui, qtbot, tmp_path, gated):
    window = make_window(classifier_factory=gated.factory)
    _start_held_batch(window, gui, gated, qtbot, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=gui.BATCH_TIMEOUT_MS)
    with qtbot.waitSignal(window.state.batch_done, timeout=gui.BATCH_TIMEOUT_MS) as finished:
        qtbot.keyClick(window.history, Qt.Key_Escape)
    _, done, total, cancelled = finished.args
    assert cancelled and done == FREE + HELD and total == BATCH


def test_close_during_batch_stops_the_thread(make_window, gui, qtbot, tmp_path, gated):
    window = make_window(classifier_factory=gated.factory)
    _start_held_batch(window, gui, gated, qtbot, tmp_path)
    thread = window.state.host.thread
    assert thread.isRunning()
    window.close()
    # close() returned, so it waited for the thread (it would have hung had the cancel not
    # reached the worker), and the worker stopped after the chunk it was on.
    assert thread.isFinished() and not thread.isRunning()
    assert gated.calls == FREE + HELD


# A fresh interpreter closes a window mid-batch, then destroys the window and the QThread
# object, as the app's teardown may. Had the thread still been running, Qt would print
# "QThread: Destroyed while thread is still running" and abort the process: no check inside
# the test process could observe that and go on.
CLOSE_PROBE = textwrap.dedent("""
    import importlib.util, json, os, sys
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PyQt5 import sip
    from PyQt5.QtCore import QEventLoop
    from PyQt5.QtWidgets import QApplication
    from app.settings import AppSettings
    from app.window import MainWindow

    spec = importlib.util.spec_from_file_location("doubles", sys.argv[1])
    doubles = importlib.util.module_from_spec(spec)
    sys.modules["doubles"] = doubles
    spec.loader.exec_module(doubles)
    folder, settings, checkpoint = sys.argv[2:5]

    qapp = QApplication([])
    gated = doubles.GatedClassifier(free=1)
    window = MainWindow(AppSettings.from_file(settings), checkpoint=Path(checkpoint),
                        bundled=Path(settings + ".none"), classifier_factory=gated.factory)
    doubles.release_on_cancel(window, gated)
    window.show()
    loop = QEventLoop()
    window.state.entries_added.connect(loop.quit)
    window.start([folder])  # queued until the double "loads", then classified
    loop.exec_()            # the first result is shown ...
    if not gated.blocked.wait(60):  # ... and the worker is held on the second chunk
        sys.exit("the worker never reached the gate")
    window.close()
    print(json.dumps({"calls": gated.calls}))
    thread = window.state.host.thread
    sip.delete(window)
    sip.delete(thread)
    print("destroyed")
""")


def test_closing_mid_batch_then_exiting_is_clean(gui, tmp_path):
    gui.write_images(tmp_path / "imgs", 4)
    checkpoint = tmp_path / "any.safetensors"  # the double "loads" any file not named broken*
    checkpoint.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-c", CLOSE_PROBE, str(gui.DOUBLES_PATH), str(tmp_path / "imgs"),
         str(tmp_path / "s.ini"), str(checkpoint)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "QThread: Destroyed while thread is still running" not in result.stderr
    assert result.returncode == 0, result.stderr
    *_, report, last = result.stdout.strip().splitlines()
    # The first chunk (1 image) and the held one (2 images), none after it.
    assert json.loads(report) == {"calls": 3} and last == "destroyed"


def test_results_from_before_clear_are_dropped(make_window, gui, qtbot, tmp_path, gated):
    window = make_window(classifier_factory=gated.factory)
    _start_held_batch(window, gui, gated, qtbot, tmp_path)
    old_id = window.state.host.last_request_id
    messages = []
    window.state.message.connect(lambda text, _ms: messages.append(text))
    window.state.clear_history()
    assert window.state.entries == [] and window.history.count() == 0 and not window.state.busy
    # Clear stops the batch, and says so.
    assert messages == [f"History cleared; the running batch stopped ({BATCH - FREE} images left)"]
    # A result of the old request still arriving (it was queued before Clear) is dropped.
    window.state.host.worker.yielded.emit(
        old_id, (Classified(HistoryEntry("late.png", ("cat",), (1.0,)), QImage()),))
    assert window.state.entries == []
    # The worker handles requests in order, so once a new one is done the old one is over,
    # and the chunk that was in flight at Clear was dropped too.
    fresh = gui.write_images(tmp_path / "fresh", 1)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, fresh))
    assert [e.source for e in window.state.entries] == [str(fresh[0])]
    assert gated.calls == FREE + HELD + 1


@pytest.mark.parametrize("switch", ["checkpoint", "device"])
def test_a_switch_mid_batch_continues_with_the_new_model(make_window, gui, qtbot, tmp_path,
                                                         gated, switch):
    window = make_window(classifier_factory=gated.factory)
    first = window.state.summary.path
    paths = _start_held_batch(window, gui, gated, qtbot, tmp_path)
    other = tmp_path / "other.safetensors"
    other.write_bytes(b"")
    old_id = window.state.host.last_request_id
    messages = []
    window.state.message.connect(lambda text, _ms: messages.append(text))
    with qtbot.waitSignal(window.state.batch_done, timeout=gui.BATCH_TIMEOUT_MS) as resumed:
        if switch == "checkpoint":
            window.state.open_checkpoint(other)
        else:  # Device > CPU: takes effect between two images, not after the batch
            window.state.set_device("cpu")
    now = str(other) if switch == "checkpoint" else first
    assert window.state.summary.path == now and window.settings.device == (
        "cpu" if switch == "device" else "auto")
    # The chunk in flight at the switch was dropped and done again by the new model: every
    # image once, in order, each row naming the model that answered it.
    assert resumed.args[1:] == [BATCH - FREE, BATCH - FREE, False]
    entries = window.state.entries
    assert [e.source for e in entries] == [str(p) for p in paths]
    assert [e.model for e in entries] == [first] * FREE + [now] * (BATCH - FREE)
    assert (f"Loaded {Path(now).name}; classifying the rest of the interrupted batch with it "
            f"({BATCH - FREE} images left)") in messages
    # The end of the batch counts the whole drop, not only the part the new model did.
    assert messages[-1] == f"Classified {BATCH} images"
    # The export and the history's tooltips say which model answered each row.
    import csv

    window.export_csv(tmp_path / "results.csv")
    with open(tmp_path / "results.csv", encoding="utf-8-sig", newline="") as f:
        assert [row["model"] for row in csv.DictReader(f)] == [e.model for e in entries]
    assert f"\nModel: {Path(now).name}</p>" in window.history.row_tooltip(0)
    # A result of the old request still arriving is dropped.
    window.state.host.worker.yielded.emit(
        old_id, (Classified(HistoryEntry("late.png", ("cat",), (1.0,)), QImage()),))
    assert len(window.state.entries) == BATCH and not window.state.busy


def test_a_failed_checkpoint_switch_resumes_the_batch(make_window, gui, qtbot, tmp_path,
                                                      gated, dialogs):
    window = make_window(classifier_factory=gated.factory)
    paths = _start_held_batch(window, gui, gated, qtbot, tmp_path)
    active = window.state.summary.path
    broken = tmp_path / "broken.safetensors"
    broken.write_bytes(b"")
    with qtbot.waitSignal(window.state.batch_done, timeout=gui.BATCH_TIMEOUT_MS) as resumed:
        window.state.open_checkpoint(broken)
    assert str(broken) in dialogs.errors[-1][1]
    assert window.state.summary.path == active
    # The batch goes on with the previous model from where it stopped: every image is
    # classified once, in order, none lost and none twice.
    assert resumed.args[1:] == [BATCH - FREE, BATCH - FREE, False]
    assert [e.source for e in window.state.entries] == [str(p) for p in paths]
    assert not window.state.busy


def test_status_shows_a_load_still_queued_after_one_fails(make_window, gui, qtbot, tmp_path,
                                                          gated):
    window = make_window(classifier_factory=gated.factory)
    broken = tmp_path / "broken.safetensors"
    good = tmp_path / "good.safetensors"
    for path in (broken, good):
        path.write_bytes(b"")
    at_failure = []
    window.state.model_load_failed.connect(
        lambda _message, _fell_back, _path: at_failure.append(
            (window.state.loading_path, window.status.model_label.text())))
    with qtbot.waitSignal(window.state.model_changed, timeout=gui.MODEL_TIMEOUT_MS):
        window.state.open_checkpoint(broken)
        window.state.open_checkpoint(good)  # queued in the worker behind the broken one
    assert at_failure == [(str(good), "Loading model good.safetensors…")]
    assert window.state.loading_path is None and window.state.summary.path == str(good)
    assert window.status.model_label.text().startswith("Model: good")


def test_a_batch_error_stays_the_message(make_window, gui, qtbot, tmp_path, gated, monkeypatch):
    # "No images found in what was dropped" replaced the error the moment the batch ended.
    import model.data.images

    def broken_walk(paths, cancelled):
        yield from ()
        raise MemoryError("walk")

    window = make_window(classifier_factory=gated.factory)
    monkeypatch.setattr(model.data.images, "walk_images", broken_walk)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, [tmp_path]))
    assert window.statusBar().currentMessage() == "The batch stopped: MemoryError: walk"


def test_cancel_during_a_switch_also_stops_the_batch_it_held(make_window, gui, qtbot, tmp_path,
                                                            gated):
    # The switch holds the running batch to continue it after the load; Cancel reached only
    # the batches already sent, so the held one came back after the load.
    window = make_window(classifier_factory=gated.factory)
    _start_held_batch(window, gui, gated, qtbot, tmp_path)
    other = tmp_path / "other.safetensors"
    other.write_bytes(b"")
    more = gui.write_images(tmp_path / "more", 2)
    # All in one turn of the event loop: the worker's answers wait until the wait below.
    window.state.open_checkpoint(other)
    assert gui.drop(window.panel.drop_area, more)  # sent: the old model is still active
    window.status.cancel_button.click()
    assert not window.status.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: window.state.loading_path is None and not window.state.busy,
                    timeout=gui.BATCH_TIMEOUT_MS)
    # The chunk in flight at the switch belonged to the old request (dropped); none after it.
    assert len(window.state.entries) == FREE
    assert window.status.cancel_button.isEnabled()


def test_a_batch_dropped_after_cancel_can_be_cancelled(make_window, gui, qtbot, tmp_path,
                                                       gated):
    window = make_window(classifier_factory=gated.factory)
    _start_held_batch(window, gui, gated, qtbot, tmp_path)
    window.status.cancel_button.click()
    assert not window.status.cancel_button.isEnabled()
    # Dropped while the cancelled batch is still ending (its end not yet handled).
    assert gui.drop(window.panel.drop_area, gui.write_images(tmp_path / "more", 2))
    assert window.status.cancel_button.isEnabled()
    assert window.status.cancel_button.text() == "Cancel"
    qtbot.waitUntil(lambda: not window.state.busy, timeout=gui.BATCH_TIMEOUT_MS)


@pytest.mark.parametrize("switch", ["checkpoint", "device"])
def test_a_switch_after_cancel_does_not_bring_the_batch_back(make_window, gui, qtbot, tmp_path,
                                                             gated, switch):
    # Cancel, then a switch before the cancelled batch's end had arrived: the switch held the
    # batch as interrupted and continued it with the new model ("Classified 8 images").
    window = make_window(classifier_factory=gated.factory)
    _start_held_batch(window, gui, gated, qtbot, tmp_path)
    other = tmp_path / "other.safetensors"
    other.write_bytes(b"")
    messages = []
    window.state.message.connect(lambda text, _ms: messages.append(text))
    window.status.cancel_button.click()
    if switch == "checkpoint":
        window.state.open_checkpoint(other)
    else:
        window.state.set_device("cpu")
    qtbot.waitUntil(lambda: window.state.loading_path is None and not window.state.busy,
                    timeout=gui.BATCH_TIMEOUT_MS)
    # The chunk in flight belonged to the request the switch dropped; nothing after it ran.
    assert len(window.state.entries) == FREE
    assert gated.calls == FREE + HELD
    assert not any("interrupted batch" in m or m.startswith("Classified") for m in messages)


def _start_slow_switch(make_window, gui, gated, qtbot, tmp_path: Path):
    """A held batch, then a switch to slow.safetensors whose load waits on the returned gate
    (a big checkpoint on a network share, the first load on a GPU). Returns once the worker
    is in that load: (window, status messages from then on, gate)."""
    import threading

    entered, gate = threading.Event(), threading.Event()

    def factory(path, device):
        if Path(path).name.startswith("slow"):
            entered.set()
            gate.wait(60)
        return gated.factory(path, device)

    window = make_window(classifier_factory=factory)
    _start_held_batch(window, gui, gated, qtbot, tmp_path)
    slow = tmp_path / "slow.safetensors"
    slow.write_bytes(b"")
    messages = []
    window.state.message.connect(lambda text, _ms: messages.append(text))
    window.state.open_checkpoint(slow)
    try:
        qtbot.waitUntil(entered.is_set, timeout=gui.BATCH_TIMEOUT_MS)
    except BaseException:
        gate.set()
        raise
    return window, messages, gate


def test_a_batch_held_by_a_slow_switch_shows_and_can_be_cancelled(make_window, gui, qtbot,
                                                                  tmp_path, gated):
    # While a switch's load ran, the batch it held was invisible: no progress row, Esc did
    # nothing (not busy), and Clear said only "History cleared".
    window, messages, gate = _start_slow_switch(make_window, gui, gated, qtbot, tmp_path)
    try:
        assert window.state.busy and window.state.progress() == [(FREE, BATCH)]
        assert window.status.progress_row.isVisible()
        assert window.status.progress.value() == FREE
        window.status.cancel_button.click()
        assert messages[-1] == f"Cancelled after {FREE} of {BATCH} images"
        assert not window.state.busy and not window.status.progress_row.isVisible()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: window.state.loading_path is None, timeout=gui.MODEL_TIMEOUT_MS)
    assert window.state.summary.path == str(tmp_path / "slow.safetensors")
    assert len(window.state.entries) == FREE and not window.state.busy


def test_clear_during_a_slow_switch_counts_the_batch_it_held(make_window, gui, qtbot,
                                                             tmp_path, gated):
    window, messages, gate = _start_slow_switch(make_window, gui, gated, qtbot, tmp_path)
    try:
        window.state.clear_history()
        assert messages[-1] == ("History cleared; the running batch stopped "
                                f"({BATCH - FREE} images left)")
    finally:
        gate.set()
    qtbot.waitUntil(lambda: window.state.loading_path is None, timeout=gui.MODEL_TIMEOUT_MS)
    assert window.state.entries == [] and not window.state.busy
