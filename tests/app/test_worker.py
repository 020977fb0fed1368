"""The inference worker on its own: errors and skipped requests come back as signals."""

from __future__ import annotations


def test_attention_failure_is_reported_not_raised(qtbot):
    from PyQt5.QtGui import QImage

    from app.worker import CancelToken, InferenceWorker

    worker = InferenceWorker(CancelToken())  # no model loaded yet
    image = QImage(32, 32, QImage.Format_RGB888)
    image.fill(0)
    with qtbot.waitSignal(worker.attention_ready) as blocker:
        worker.compute_attention(7, image, "cat")
    key, overlay, layer, error = blocker.args
    assert key == 7 and overlay.isNull() and layer == "" and "no model loaded" in error


def test_outdated_attention_requests_are_skipped(qtbot):
    from PyQt5.QtGui import QImage

    from app.worker import CancelToken, InferenceWorker

    newest_only = CancelToken()
    worker = InferenceWorker(CancelToken(), attention_cancel=newest_only)
    newest_only.cancel_through(4)  # what WorkerHost does when it sends request 5
    with qtbot.waitSignal(worker.attention_ready) as blocker:
        worker.compute_attention(3, QImage(32, 32, QImage.Format_RGB888), "cat")
    key, overlay, layer, error = blocker.args
    assert key == 3 and overlay.isNull() and error == ""  # skipped, not failed
