"""Batches: progress, cancel, closing mid-batch, and dropping results of superseded requests."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

from PyQt5.QtGui import QImage

from app.results import HistoryEntry

BIG_BATCH = 60  # ~10 ms per image: long enough that cancel and close land mid-way


def _start_big_batch(window, gui, qtbot, tmp_path: Path) -> list[Path]:
    paths = gui.write_images(tmp_path / "big", BIG_BATCH, size=(32, 32))
    with qtbot.waitSignal(window.result_added, timeout=gui.BATCH_TIMEOUT_MS):
        assert gui.drop(window.drop_area, [tmp_path / "big"])
    assert window.busy and window.progress_row.isVisible()
    return paths


def test_cancel_stops_a_batch_midway(make_window, gui, qtbot, tmp_path):
    window = make_window()
    finished = []
    window.batch_done.connect(lambda *args: finished.append(args))
    _start_big_batch(window, gui, qtbot, tmp_path)
    window.cancel_button.click()
    qtbot.waitUntil(lambda: not window.busy, timeout=gui.BATCH_TIMEOUT_MS)
    (_, done, total, cancelled), = finished
    assert cancelled and total == BIG_BATCH and done < BIG_BATCH
    assert len(window.entries) == done
    assert not window.progress_row.isVisible()
    assert "Cancelled" in window.statusBar().currentMessage()
    # The worker goes on serving new requests.
    more = gui.write_images(tmp_path / "more", 1)
    _, done, total, cancelled = gui.wait_batch(qtbot, window,
                                               lambda: gui.drop(window.drop_area, more))
    assert (done, total, cancelled) == (1, 1, False)


def test_close_during_batch_stops_the_thread_cleanly(make_window, gui, qtbot, tmp_path, qtlog):
    window = make_window()
    _start_big_batch(window, gui, qtbot, tmp_path)
    thread = window.host.thread
    assert thread.isRunning()
    window.close()
    assert thread.isFinished()
    del window
    gc.collect()
    qtbot.wait(10)  # let deferred deletes run (an event-loop turn, not a timing assumption)
    messages = [r.message for r in qtlog.records]
    assert not any("Destroyed while thread" in m for m in messages), messages


def test_results_from_before_clear_are_dropped(make_window, gui, qtbot, tmp_path):
    window = make_window()
    _start_big_batch(window, gui, qtbot, tmp_path)
    old_id = window.host.last_request_id
    window.clear_history()
    assert window.entries == [] and window.history.count() == 0 and not window.busy
    # A result of the old request still arriving (it was queued before Clear) is dropped.
    window.host.worker.item_done.emit(old_id, HistoryEntry("late.png", ("cat",), (1.0,)),
                                      QImage())
    assert window.entries == []
    # The worker handles requests in order, so once a new one is done the old one is over.
    fresh = gui.write_images(tmp_path / "fresh", 1)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.drop_area, fresh))
    assert [e.source for e in window.entries] == [str(fresh[0])]


def test_results_from_before_a_checkpoint_switch_are_dropped(make_window, gui, qtbot, tmp_path,
                                                             random_checkpoint):
    window = make_window()
    _start_big_batch(window, gui, qtbot, tmp_path)
    other = tmp_path / "other.safetensors"
    shutil.copyfile(random_checkpoint, other)
    kept = len(window.entries)
    old_id = window.host.last_request_id
    with qtbot.waitSignal(window.model_changed, timeout=gui.MODEL_TIMEOUT_MS):
        window.open_checkpoint(other)
    window.host.worker.item_done.emit(old_id, HistoryEntry("late.png", ("cat",), (1.0,)),
                                      QImage())
    fresh = gui.write_images(tmp_path / "fresh", 1)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.drop_area, fresh))
    # History keeps what was shown before the switch; nothing of the old batch came after.
    assert len(window.entries) == kept + 1
    assert window.entries[-1].source == str(fresh[0])
    assert all("big" in e.source for e in window.entries[:kept])
