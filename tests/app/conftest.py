"""Fixtures for the GUI tests: headless Qt, isolated settings, a window running the real model."""

from __future__ import annotations

import importlib.util
import os
import sys

# Before anything imports Qt: no display on CI machines or here.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable, Iterator  # noqa: E402

import pytest  # noqa: E402
from PIL import Image  # noqa: E402
from PyQt5.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl  # noqa: E402
from PyQt5.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PyQt5.QtWidgets import QApplication, QWidget  # noqa: E402

from app.i18n import Translations  # noqa: E402
from app.settings import AppSettings  # noqa: E402
from app.window import MainWindow  # noqa: E402

DOUBLES_PATH = Path(__file__).with_name("doubles.py")
MODEL_TIMEOUT_MS = 60_000  # the first load imports torch (seconds on a busy 2-core machine)
BATCH_TIMEOUT_MS = 60_000


def _load_doubles():
    # --import-mode=importlib: tests/app is not on sys.path, so load doubles.py by its path.
    spec = importlib.util.spec_from_file_location("app_test_doubles", DOUBLES_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


doubles = _load_doubles()


@dataclass
class RecordingDialogs:
    """Stands in for app.dialogs.Dialogs: records messages, answers file dialogs from lists."""

    errors: list[tuple[str, str]] = field(default_factory=list)
    abouts: list[str] = field(default_factory=list)
    answers: dict[str, object] = field(default_factory=dict)
    questions: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def error(self, parent, title: str, text: str) -> None:
        self.errors.append((title, text))

    def about(self, parent, title: str, html: str) -> None:
        self.abouts.append(html)

    def ask(self, parent, title: str, text: str, buttons: list[str], escape: int) -> int:
        """Answers from answers["ask"], in order; then as Escape would."""
        self.questions.append((title, text, list(buttons)))
        queue = self.answers.setdefault("ask", [])
        return queue.pop(0) if queue else escape

    def open_images(self, parent, folder: str) -> list[str]:
        return list(self.answers.get("open_images", []))

    def open_folder(self, parent, folder: str) -> str:
        return str(self.answers.get("open_folder", ""))

    def open_checkpoint(self, parent, folder: str) -> str:
        return str(self.answers.get("open_checkpoint", ""))

    def save_csv(self, parent, suggested: str) -> str:
        return str(self.answers.get("save_csv", ""))


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def dialogs() -> RecordingDialogs:
    return RecordingDialogs()


@pytest.fixture
def make_window(qtbot, settings_path: Path, dialogs: RecordingDialogs, tmp_path: Path,
                random_checkpoint: Path) -> Iterator[Callable[..., MainWindow]]:
    """Build, show and start a window; by default it loads ``random_checkpoint`` and waits."""

    translators: list[Translations] = []

    def make(checkpoint: Path | None = random_checkpoint, wait: bool = True,
             bundled: Path | None = None, **kwargs) -> MainWindow:
        kwargs.setdefault("translations", Translations(QApplication.instance()))
        translators.append(kwargs["translations"])
        window = MainWindow(AppSettings.from_file(settings_path), checkpoint=checkpoint,
                            bundled=bundled or tmp_path / "no-bundled-model.safetensors",
                            dialogs=dialogs, **kwargs)
        qtbot.addWidget(window)  # closed at teardown, which stops the worker thread
        window.show()
        if wait and checkpoint is not None:
            with qtbot.waitSignal(window.state.model_changed, timeout=MODEL_TIMEOUT_MS):
                window.start()
        else:
            window.start()
        return window

    yield make
    for translations in translators:  # a failed language test must not leave Chinese behind
        translations.set_language("en")


class GuiHelpers:
    """Helpers for the tests, handed out by the ``gui`` fixture (with --import-mode=importlib
    test modules cannot import conftest)."""

    MODEL_TIMEOUT_MS = MODEL_TIMEOUT_MS
    BATCH_TIMEOUT_MS = BATCH_TIMEOUT_MS
    DOUBLES_PATH = DOUBLES_PATH
    GatedClassifier = doubles.GatedClassifier
    release_on_cancel = staticmethod(doubles.release_on_cancel)
    count_requests = staticmethod(doubles.count_requests)

    @staticmethod
    def write_images(*args, **kwargs) -> list[Path]:
        return write_images(*args, **kwargs)

    @staticmethod
    def drag_enter(widget: QWidget, mime: QMimeData) -> QDragEnterEvent:
        return drag_enter(widget, mime)

    @staticmethod
    def drop(widget: QWidget, paths: list[Path]) -> bool:
        return drop(widget, paths)

    @staticmethod
    def wait_batch(qtbot, window: MainWindow, action: Callable[[], object],
                   timeout: int = BATCH_TIMEOUT_MS) -> tuple[int, int, int, bool]:
        """Run ``action`` (which must start one batch) and wait for that batch to finish."""
        with qtbot.waitSignal(window.state.batch_done, timeout=timeout) as blocker:
            assert action() is not False, "the drop was refused"
        return tuple(blocker.args)


@pytest.fixture
def gui() -> type[GuiHelpers]:
    return GuiHelpers


def write_images(folder: Path, n: int, size: tuple[int, int] = (40, 30),
                 suffix: str = ".png") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"img_{i:03d}{suffix}"
        colour = ((37 * i) % 256, (91 * i) % 256, (53 * i + 80) % 256)
        Image.new("RGB", size, colour).save(path)
        paths.append(path)
    return paths


def drag_enter(widget: QWidget, mime: QMimeData) -> QDragEnterEvent:
    centre = widget.rect().center()
    event = QDragEnterEvent(centre, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


def drop(widget: QWidget, paths: list[Path]) -> bool:
    """Drag local ``paths`` over ``widget`` and drop them, as a file manager would.
    Returns whether the drop was accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = drag_enter(widget, mime)
    if not enter.isAccepted():
        return False
    centre = QPointF(QPoint(widget.rect().center()))
    event = QDropEvent(centre, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()
