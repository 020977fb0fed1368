"""The window's parts on their own: the preview cache and the status-bar formatting."""

from __future__ import annotations

from PyQt5.QtGui import QImage

from app.jobs import LoadPreview
from app.previews import PREVIEW_CACHE, PreviewCache
from app.results import HistoryEntry
from app.status import device_text
from app.worker import WorkerHost
from model.evaluation.formatting import format_accuracy


def _image() -> QImage:
    image = QImage(4, 4, QImage.Format_RGB888)
    image.fill(0)
    return image


def test_preview_cache_keeps_pasted_images_and_drops_the_oldest_files(qapp):
    host = WorkerHost()  # never started: requests just queue
    cache = PreviewCache(host)
    sent: list[LoadPreview] = []
    host.submit = lambda job: sent.append(job) or len(sent)
    cache.add(0, _image(), reloadable=False)  # a paste: cannot be decoded again
    for i in range(1, PREVIEW_CACHE + 3):
        cache.add(i, _image(), reloadable=True)
    thumbnail = QImage(2, 2, QImage.Format_RGB888)
    pasted = HistoryEntry("clipboard image", labels=("cat",), probabilities=(1.0,),
                          is_file=False, thumbnail=thumbnail)
    shown = cache.preview_for(0, pasted)
    assert shown.size() == _image().size() and not sent  # the preview, kept although oldest
    file_entry = HistoryEntry("/x/1.png", labels=("cat",), probabilities=(1.0,))
    cache.preview_for(1, file_entry)  # evicted: asked of the worker again
    assert sent == [LoadPreview("/x/1.png")]
    cache.preview_for(PREVIEW_CACHE + 2, file_entry)  # the newest: still cached
    assert len(sent) == 1


def test_status_formatting():
    assert format_accuracy(0.941) == "94.1%" and format_accuracy(0.941, 2) == "94.10%"
    assert format_accuracy(94.1) == "94.1%"  # some tools store percentages
    assert format_accuracy(None) is None and format_accuracy(True) is None
    assert device_text("cuda:1") == "CUDA (cuda:1)" and device_text("cpu") == "CPU"



def test_the_bars_leave_room_for_a_bold_hundred_percent(qtbot) -> None:
    # At a fixed 64 px a bold "100.0 %" was drawn as "00.0 %".
    from PyQt5.QtGui import QFont, QFontMetrics

    from app.prediction_view import TopKBars

    bars = TopKBars()
    qtbot.addWidget(bars)
    bold = QFont(bars.font())
    bold.setBold(True)
    assert bars.percent_width() >= QFontMetrics(bold).horizontalAdvance("100.0 %")


def test_a_checkpoint_named_as_every_run_names_it_gets_its_folder() -> None:
    # Every trained model is model.safetensors: the status bar said "Model: model" for each,
    # and the Recent menu listed "model.safetensors" again and again.
    from app.model_summary import checkpoint_name

    assert checkpoint_name("/m/fruit model/model.safetensors") == "fruit model/model"
    assert checkpoint_name("/m/fruit model/model.safetensors", with_suffix=True) == \
        "fruit model/model.safetensors"
    assert checkpoint_name("/m/runs/resnet18_cifar10.safetensors") == "resnet18_cifar10"
