"""View > Show Attention Map: Grad-CAM overlays computed in the worker and cached per image."""

from __future__ import annotations


def _count_requests(window) -> list[int]:
    """Record every attention request the window sends to the worker."""
    calls: list[int] = []
    send = window.host.compute_attention

    def counting(key, image, label):
        calls.append(key)
        send(key, image, label)

    window.host.compute_attention = counting
    return calls


def test_attention_map_is_computed_once_and_toggles_from_cache(make_window, gui, qtbot, tmp_path):
    window = make_window()
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 2)))
    requests = _count_requests(window)
    assert window.drop_area.overlay.isNull()

    with qtbot.waitSignal(window.attention_shown, timeout=gui.BATCH_TIMEOUT_MS) as shown:
        window.attention_action.trigger()
    assert shown.args == [1] and window.attention_visible and window.settings.show_attention
    overlay = window.drop_area.overlay
    assert not overlay.isNull() and overlay.hasAlphaChannel()
    # The map is at the network input's resolution (the test model's input is 32x32).
    assert (overlay.width(), overlay.height()) == (32, 32)
    assert not window.input_view.overlay.isNull()
    assert "Grad-CAM" in window.input_view.caption and "layer4" in window.input_view.caption

    window.attention_action.trigger()  # off: nothing drawn, cache kept
    assert not window.attention_visible
    assert window.drop_area.overlay.isNull() and window.input_view.overlay.isNull()
    window.attention_action.trigger()  # on again: straight from the cache, no worker request
    assert not window.drop_area.overlay.isNull()
    assert len(requests) == 1

    # Another entry gets its own map; going back to the first needs no new request.
    with qtbot.waitSignal(window.attention_shown, timeout=gui.BATCH_TIMEOUT_MS) as shown:
        window.select_entry(0)
    assert shown.args == [0] and len(requests) == 2
    window.select_entry(1)
    assert len(requests) == 2 and window.drop_area.overlay == window.attention_for(1)


def test_clear_history_forgets_attention_maps(make_window, gui, qtbot, tmp_path):
    window = make_window()
    window.set_attention_visible(True)
    with qtbot.waitSignal(window.attention_shown, timeout=gui.BATCH_TIMEOUT_MS):
        gui.wait_batch(qtbot, window, lambda: gui.drop(window.drop_area,
                                                       gui.write_images(tmp_path / "imgs", 1)))
    assert window.attention_for(0) is not None
    window.clear_history()
    assert window.attention_for(0) is None and window.drop_area.overlay.isNull()


def test_attention_setting_is_remembered(make_window):
    window = make_window(wait=False, checkpoint=None)
    window.set_attention_visible(True)
    again = make_window(wait=False, checkpoint=None)
    assert again.attention_visible and again.attention_action.isChecked()
