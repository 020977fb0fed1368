"""Model > Architecture, View > Feature Maps and Help > Why Residual Connections?"""

from __future__ import annotations

from app.jobs import ComputeFeatureMaps

import json

import pytest
from PyQt5.QtCore import Qt


def test_architecture_dialog_describes_the_loaded_network(make_window, qtbot):
    window = make_window()  # the random CIFAR-stem ResNet-18 checkpoint of the suite
    window.menus.architecture.trigger()
    dialog = window.inside.architecture
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=30_000)
    rows = dialog.row_texts()
    names = [r[0] for r in rows]
    assert names == ["conv1", *[f"layer{s}.{b}" for s in range(1, 5) for b in (0, 1)],
                     "avgpool", "fc"]
    by_name = {r[0]: r for r in rows}
    assert "projection" in by_name["layer2.0"][1] and "identity" in by_name["layer2.1"][1]
    assert "identity" in by_name["layer1.0"][1]
    assert by_name["layer4.1"][2] == "512 × 4 × 4" and by_name["fc"][3] == "5,130"
    assert "1 + 16 + 1 = 18" in dialog.totals.text()
    assert "11,173,962" in dialog.totals.text()
    assert dialog.title.text().startswith("ResNet-18, CIFAR stem, input 3 × 32 × 32")


def test_architecture_without_a_model_says_so(make_window):
    window = make_window(checkpoint=None, wait=False)
    dialog = window.inside.show_architecture()
    assert dialog.table.rowCount() == 0 and "No model is loaded" in dialog.title.text()


def test_feature_maps_of_the_image_on_screen_are_cached_and_clickable(make_window, gui, qtbot,
                                                                      tmp_path):
    window = make_window()
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 2)))
    requests = gui.count_requests(window, ComputeFeatureMaps)
    with qtbot.waitSignal(window.state.feature_maps.ready, timeout=gui.BATCH_TIMEOUT_MS) as shown:
        window.menus.feature_maps.trigger()
    dialog = window.inside.features
    assert shown.args == [1] and dialog.status == "ready" and len(requests) == 1
    maps = window.state.feature_maps.get(1)
    assert [s.place for s in maps.stages] == ["stem", "layer1", "layer2", "layer3", "layer4"]
    assert [s.shape for s in maps.stages] == [(64, 32, 32), (64, 32, 32), (128, 16, 16),
                                              (256, 8, 8), (512, 4, 4)]
    assert all(len(s.tiles) == 16 and len(s.channels) == 16 for s in maps.stages)
    assert maps.stages[4].tiles[0].width() == 4  # the stage's own resolution
    # The deepest stage's most active channel is shown large at first; a click shows another.
    assert dialog.selected() == ("layer4", maps.stages[4].channels[0])
    strip = dialog.strips["layer2"]
    qtbot.mouseClick(strip, Qt.LeftButton, pos=strip.tile_rect(3).center())
    assert dialog.selected() == ("layer2", maps.stages[2].channels[3])
    assert f"channel {maps.stages[2].channels[3]} of 128" in dialog.large_caption.text()
    qtbot.keyClick(strip, Qt.Key_Down)  # from the clicked tile, one row (8 tiles) on
    qtbot.keyClick(strip, Qt.Key_Return)
    assert dialog.selected() == ("layer2", maps.stages[2].channels[11])
    assert strip.chosen == 11 and dialog.strips["layer4"].chosen is None  # outlined: one tile
    centre = strip.tile_rect(15).center()
    assert strip.tile_at(centre.x(), centre.y()) == 15 and strip.tile_at(-1, 0) is None

    with qtbot.waitSignal(window.state.feature_maps.ready, timeout=gui.BATCH_TIMEOUT_MS) as shown:
        window.select_entry(0)
    assert shown.args == [0] and len(requests) == 2
    window.select_entry(1)  # back: from the cache, no request
    assert len(requests) == 2 and dialog.status == "ready"
    assert window.inside.features.selected()[0] == "layer4"
    window.state.clear_history()
    assert window.state.feature_maps.get(1) is None and dialog.status == "empty"


def test_closed_feature_window_asks_for_nothing(make_window, gui, qtbot, tmp_path):
    window = make_window()
    requests = gui.count_requests(window, ComputeFeatureMaps)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 3)))
    assert requests == []


def test_during_a_batch_only_the_feature_maps_on_screen_are_computed(make_window, gui, qtbot,
                                                                    tmp_path):
    classifier = gui.GatedClassifier(free=100)
    classifier.feature_gate.clear()
    window = make_window(classifier_factory=classifier.factory)
    window.inside.show_feature_maps()
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 6)))
    assert window.inside.features.status == "computing"
    with qtbot.waitSignal(window.state.feature_maps.ready, timeout=gui.BATCH_TIMEOUT_MS,
                          check_params_cb=lambda index: index == 5):
        classifier.feature_gate.set()
    # The set the worker had started when the batch ended, and the newest; none in between.
    computed = [i for i in range(6) if window.state.feature_maps.get(i) is not None]
    assert 1 <= classifier.feature_calls <= 2 and len(computed) == classifier.feature_calls
    assert computed[-1] == 5 and window.inside.features.status == "ready"


def test_feature_map_failure_is_shown(make_window, gui, qtbot, tmp_path):
    classifier = gui.GatedClassifier(free=100)

    def broken(pixels):
        raise RuntimeError("boom in the network")

    classifier.feature_maps = broken
    window = make_window(classifier_factory=classifier.factory)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 1)))
    with qtbot.waitSignal(window.state.feature_maps.failed, timeout=gui.BATCH_TIMEOUT_MS):
        window.inside.show_feature_maps()
    dialog = window.inside.features
    assert dialog.status == "failed" and "boom in the network" in dialog.message.text()


def test_why_residuals_reads_its_sentences_from_the_log(qtbot, tmp_path):
    from app.residuals_view import ResidualsDialog

    rows = [{"network": f"{'ResNet' if r else 'plain'}-{d}", "depth": d, "residual": r,
             "epoch": 3, "train_error": e, "test_error": t}
            for r, d, e, t in ((False, 20, 0.10, 0.15), (False, 56, 0.20, 0.25),
                               (True, 20, 0.09, 0.14), (True, 56, 0.07, 0.12))]
    (tmp_path / "log.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "command.txt").write_text("cifar10 experiment degradation --data D --out O\n")
    dialog = ResidualsDialog(tmp_path)
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert "plain-56 has 20.0% training error against 10.0% for plain-20" in text
    assert "degradation problem" in text
    assert "ResNet-56 reaches 12.0% test error against 14.0% for ResNet-20" in text
    assert dialog.command.text() == "Made with: cifar10 experiment degradation --data D --out O"
    # The curves are painted from the log (no PNG in the folder): one point per network here.
    assert dialog.chart is not None and [c.name for c in dialog.chart.curves] == [
        "plain-20", "plain-56", "ResNet-20", "ResNet-56"]
    assert dialog.chart.accessibleDescription() == text


def test_why_residuals_says_the_plot_is_missing_when_nothing_can_be_drawn(qtbot, tmp_path):
    from app.residuals_view import ResidualsDialog

    (tmp_path / "log.jsonl").write_text('{"network": "plain-20"}\n')  # no numbers in it
    dialog = ResidualsDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.chart is None and "plot is missing" in dialog.plot.text()
    assert "missing or incomplete" in dialog.text.text()


def test_why_residuals_says_plainly_when_the_run_shows_no_degradation(qtbot, tmp_path):
    from app.residuals_view import ResidualsDialog

    rows = [{"network": f"{'ResNet' if r else 'plain'}-{d}", "depth": d, "residual": r,
             "epoch": 2, "train_error": e, "test_error": e}
            for r, d, e in ((False, 20, 0.30), (False, 56, 0.25), (True, 20, 0.2),
                            (True, 56, 0.3))]
    (tmp_path / "log.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    dialog = ResidualsDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert "does not train worse" in dialog.text.text()
    assert "not yet better" in dialog.text.text() and dialog.command.text() == ""


def test_why_residuals_names_degradation_only_with_the_papers_picture(qtbot, tmp_path):
    from app.residuals_view import ResidualsDialog

    # Both deeper networks train worse (a short run): no "degradation problem" claim, and the
    # residual sentence compares ResNet-56 with plain-56 and ResNet-20 on training error.
    rows = [{"network": f"{'ResNet' if r else 'plain'}-{d}", "depth": d, "residual": r,
             "epoch": 10, "train_error": e, "test_error": e + 0.01}
            for r, d, e in ((False, 20, 0.567), (False, 56, 0.765), (True, 20, 0.426),
                            (True, 56, 0.734))]
    (tmp_path / "log.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    dialog = ResidualsDialog(tmp_path)
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert "plain-56 has 76.5% training error against 56.7% for plain-20." in text
    assert "degradation problem" not in text
    assert ("ResNet-56 trains better than plain-56 (73.4% against 76.5% training error) but not "
            "yet as well as ResNet-20 (42.6%)") in text


def test_bundled_experiment_opens_with_its_plot(make_window):
    window = make_window(checkpoint=None, wait=False)
    dialog = window.inside.show_residuals()
    assert dialog.chart is not None and len(dialog.chart.curves) == 4
    assert dialog.result is not None and "Made with: cifar10 experiment degradation" in \
        dialog.command.text()


def test_degradation_chart_draws_each_curve_in_its_depths_colour(qtbot):
    from PyQt5.QtGui import QColor

    from app.degradation_chart import DEPTH_COLOURS, DegradationChart
    from model.experiments.degradation_log import curves

    # Apart by depth (the deeper one 30 points higher), so neither hides the other.
    log = [{"residual": r, "depth": d, "epoch": e, "train_error": 0.1 * e + d / 200,
            "test_error": 0.05 + 0.1 * e + d / 200} for r in (False, True) for d in (20, 56)
           for e in (1, 2, 3)]
    chart = DegradationChart(curves(log))
    qtbot.addWidget(chart)
    chart.resize(900, 380)
    image = chart.grab().toImage()

    def colours(x0: int, x1: int) -> set[str]:
        # Inside the panels only: above the x axis's labels and the legend under both panels.
        return {QColor(image.pixel(x, y)).name() for x in range(x0, x1)
                for y in range(30, image.height() - 90)}

    # Each panel draws both depths' curves in their colours; a third colour is not used.
    half = image.width() // 2
    for panel in (colours(60, half - 10), colours(half + 10, image.width() - 10)):
        assert DEPTH_COLOURS[0] in panel and DEPTH_COLOURS[1] in panel
        assert DEPTH_COLOURS[2] not in panel


def test_degradation_chart_paints_a_log_of_odd_values_without_error(qtbot):
    from app.degradation_chart import DegradationChart
    from model.experiments.degradation_log import Curve

    # One epoch, one depth, one kind only, an epoch number far too large: nothing raises.
    for curves in ([Curve(False, 20, (1,), (0.5,), (0.6,))],
                   [Curve(True, 56, (1, 10**9), (0.0, 1.0), (1.0, 0.0))], []):
        chart = DegradationChart(curves)
        qtbot.addWidget(chart)
        chart.resize(600, 300)
        assert not chart.grab().isNull()


@pytest.mark.parametrize("values, expected", [
    ([0.427, 0.898], (40.0, 90.0, 10.0)),     # the bundled run's range
    ([0.12, 0.24], (10.0, 25.0, 5.0)),         # a narrow range: steps of 5
    ([0.0, 1.0], (0.0, 100.0, 10.0)),
    ([0.5, 0.5], (45.0, 55.0, 5.0)),           # a flat line still gets a scale around it
    ([0.35, 0.55], (35.0, 55.0, 5.0)),         # 100 * 0.55 is 55.000000000000014
    ([1.5], (95.0, 100.0, 5.0)),               # outside 0-100: clamped, never an empty scale
    ([], (0.0, 100.0, 10.0)),
])
def test_error_scale_holds_every_value_in_whole_steps(values, expected):
    from app.degradation_chart import error_scale

    assert error_scale(values) == expected


@pytest.mark.parametrize("last, expected", [
    (1, [1]), (8, [1, 2, 3, 4, 5, 6, 7, 8]), (10, [2, 4, 6, 8, 10]), (30, [5, 10, 15, 20, 25, 30]),
    (801, [200, 400, 600, 800]), (10**9, [2 * 10**8, 4 * 10**8, 6 * 10**8, 8 * 10**8, 10**9]),
])
def test_epoch_ticks_label_at_most_eight_epochs(last, expected):
    from app.degradation_chart import epoch_ticks

    assert epoch_ticks(last) == expected
