"""View > Show Attention Map: Grad-CAM overlays computed in the worker and cached per image."""

from __future__ import annotations

from app.jobs import ComputeAttention


def test_attention_map_is_computed_once_and_toggles_from_cache(make_window, gui, qtbot, tmp_path):
    window = make_window()
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 2)))
    requests = gui.count_requests(window, ComputeAttention)
    assert window.panel.drop_area.overlay.isNull()

    with qtbot.waitSignal(window.state.attention_maps.ready, timeout=gui.BATCH_TIMEOUT_MS) as shown:
        window.menus.attention.trigger()
    assert shown.args == [1] and window.attention_visible and window.settings.show_attention
    overlay = window.panel.drop_area.overlay
    assert not overlay.isNull() and overlay.hasAlphaChannel()
    # The map is at the network input's resolution (the test model's input is 32x32).
    assert (overlay.width(), overlay.height()) == (32, 32)
    assert not window.panel.input_view.overlay.isNull()
    assert "Grad-CAM" in window.panel.input_view.caption and "layer4" in window.panel.input_view.caption

    window.menus.attention.trigger()  # off: nothing drawn, cache kept
    assert not window.attention_visible
    assert window.panel.drop_area.overlay.isNull() and window.panel.input_view.overlay.isNull()
    window.menus.attention.trigger()  # on again: straight from the cache, no worker request
    assert not window.panel.drop_area.overlay.isNull()
    assert len(requests) == 1

    # Another entry gets its own map; going back to the first needs no new request.
    with qtbot.waitSignal(window.state.attention_maps.ready, timeout=gui.BATCH_TIMEOUT_MS) as shown:
        window.select_entry(0)
    assert shown.args == [0] and len(requests) == 2
    window.select_entry(1)
    assert len(requests) == 2 and window.panel.drop_area.overlay == window.attention_for(1)


def test_clear_history_forgets_attention_maps(make_window, gui, qtbot, tmp_path):
    window = make_window()
    window.set_attention_visible(True)
    with qtbot.waitSignal(window.state.attention_maps.ready, timeout=gui.BATCH_TIMEOUT_MS):
        gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                       gui.write_images(tmp_path / "imgs", 1)))
    assert window.attention_for(0) is not None
    window.state.clear_history()
    assert window.attention_for(0) is None and window.panel.drop_area.overlay.isNull()


def test_attention_setting_is_remembered(make_window):
    window = make_window(wait=False, checkpoint=None)
    window.set_attention_visible(True)
    again = make_window(wait=False, checkpoint=None)
    assert again.attention_visible and again.menus.attention.isChecked()


def test_during_a_batch_only_the_map_on_screen_is_computed(make_window, gui, qtbot, tmp_path):
    # Every result of a batch is shown as it arrives and asks for its map. The worker is kept
    # at its first map until the whole batch is on screen; of the requests queued behind it,
    # it then skips all but the newest (the entry on screen).
    classifier = gui.GatedClassifier(free=100)
    classifier.attention_gate.clear()
    window = make_window(classifier_factory=classifier.factory)
    window.set_attention_visible(True)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 6)))
    # The map the worker had started may arrive first; the one to wait for is the newest's.
    with qtbot.waitSignal(window.state.attention_maps.ready, timeout=gui.BATCH_TIMEOUT_MS,
                          check_params_cb=lambda index: index == 5):
        classifier.attention_gate.set()
    assert window.panel.drop_area.overlay == window.attention_for(5)  # on screen
    # At most the map the worker had started when the batch ended, and the newest: nothing in
    # between (which one it had started depends on thread timing; one if it was the newest).
    calls = len(classifier.attention_calls)
    computed = [i for i in range(6) if window.attention_for(i) is not None]
    assert 1 <= calls <= 2 and len(computed) == calls and computed[-1] == 5
    assert not window.statusBar().currentMessage().startswith("No attention map")
    # A skipped entry gets its map when it is shown again.
    skipped = next(i for i in range(6) if i not in computed)
    with qtbot.waitSignal(window.state.attention_maps.ready, timeout=gui.BATCH_TIMEOUT_MS) as shown:
        window.select_entry(skipped)
    assert shown.args == [skipped] and len(classifier.attention_calls) == calls + 1
