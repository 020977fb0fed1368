"""The main window: drop area, network input, top-5 bars, history, menus and status bar.

The window never decodes an image or touches torch: it sends requests to the worker thread
(:class:`app.worker.WorkerHost`) and shows what comes back. Requests carry ids; Clear and a
checkpoint switch raise ``_oldest_live`` so late results of earlier requests are dropped.
"""

from __future__ import annotations

import html
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QMimeData, QSize, Qt, pyqtSignal
from PyQt5.QtGui import (QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QImage,
                         QKeySequence)
from PyQt5.QtWidgets import (QAction, QActionGroup, QApplication, QHBoxLayout, QLabel,
                             QMainWindow, QMenu, QMenuBar, QProgressBar, QPushButton,
                             QSplitter, QVBoxLayout, QWidget)

from app import style
from app.dialogs import Dialogs
from app.drop_area import DropArea, local_paths
from app.history import HistoryList
from app.i18n import ENGLISH, LANGUAGES, Translations, class_name
from app.model_info import ModelInfoDialog
from app.prediction_view import NetworkInputView, TopKBars
from app.results import HistoryEntry, write_csv
from app.settings import AppSettings
from app.worker import CLIPBOARD_SOURCE, ClassifierFactory, ModelSummary, WorkerHost
from model.paths import bundled_checkpoint, samples_dir

DEFAULT_SIZE = QSize(1120, 740)
PREVIEW_CACHE = 16  # big previews kept in memory; older ones are decoded again when selected
DEVICE_NAMES = {"auto": QT_TRANSLATE_NOOP("MainWindow", "&Automatic"),
                "cpu": QT_TRANSLATE_NOOP("MainWindow", "&CPU"),
                "cuda": QT_TRANSLATE_NOOP("MainWindow", "CU&DA (NVIDIA GPU)"),
                "mps": QT_TRANSLATE_NOOP("MainWindow", "&MPS (Apple GPU)")}
# Why a prediction is flagged "Not sure" (codes from model.confidence), as the tooltip says it.
NOT_SURE_REASONS = {
    "low_confidence": QT_TRANSLATE_NOOP(
        "MainWindow", "The top class has a probability under 50% after calibration: the model "
                      "expects to be wrong more often than right."),
    "unfamiliar": QT_TRANSLATE_NOOP(
        "MainWindow", "The network's response is weaker than for 95% of CIFAR-10 test images "
                      "(energy score): the picture may show none of the 10 classes."),
    "not_photo_like": QT_TRANSLATE_NOOP(
        "MainWindow", "The picture is almost blank or noise-like, unlike the photos the model "
                      "was trained on."),
}
# Encoded image formats other programs put on the clipboard, best first; decoded in the worker.
CLIPBOARD_FORMATS = ("image/png", "image/jpeg", "image/bmp", "image/gif", "image/webp",
                     "image/tiff")


@dataclass
class _Batch:
    done: int = 0
    total: int | None = None  # unknown while the worker walks folders
    # What was asked, so that a batch a checkpoint switch interrupted can resume if the switch
    # fails: files and folders (``skip`` = images of them an earlier request already did), or
    # one in-memory image.
    paths: list[str] | None = None
    skip: int = 0
    image: QImage | bytes | None = None
    source: str = CLIPBOARD_SOURCE


@dataclass
class _LoadRequest:
    path: str
    interrupted: list[_Batch] = field(default_factory=list)  # resumed if this load fails


class MainWindow(QMainWindow):
    """The app's window. Construct, ``show()``, then ``start()`` (which starts the worker)."""

    result_added = pyqtSignal(object)            # HistoryEntry, once it is listed and shown
    batch_done = pyqtSignal(int, int, int, bool)  # request id, done, total, cancelled
    model_changed = pyqtSignal(object)           # ModelSummary of the model now active
    model_load_failed = pyqtSignal(str)          # message naming the file and the reason
    preview_shown = pyqtSignal(int)              # entry index whose big preview is now shown
    attention_shown = pyqtSignal(int)            # entry index whose attention map is now shown

    def __init__(self, settings: AppSettings, *, checkpoint: Path | None = None,
                 bundled: Path | None = None, dialogs: Dialogs | None = None,
                 classifier_factory: ClassifierFactory | None = None,
                 devices: Callable[[], list[str]] | None = None,
                 translations: Translations | None = None,
                 samples: Path | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.dialogs = dialogs or Dialogs()
        self._cli_checkpoint = checkpoint
        self._bundled = bundled if bundled is not None else bundled_checkpoint()
        self._samples = samples if samples is not None else samples_dir()
        self.translations = translations or Translations(QCoreApplication.instance())
        self.host = WorkerHost(classifier_factory, devices, parent=self)

        self.summary: ModelSummary | None = None   # the active model
        self.loading_path: str | None = None       # the newest load in flight
        self._loads: deque[_LoadRequest] = deque()  # sent to the worker, oldest first
        self.entries: list[HistoryEntry] = []      # oldest first
        self._oldest_live = 1                      # results of requests below this are dropped
        self._batches: dict[int, _Batch] = {}
        self._pending: list[tuple[str, object]] = []  # requests waiting for a model
        self._previews: OrderedDict[int, QImage] = OrderedDict()
        self._preview_requests: dict[int, int] = {}   # key -> entry index
        self._next_preview_key = 0
        self._current: int | None = None
        self._devices: list[str] = ["cpu"]
        self._started = False
        self._startup_load_sent = False
        self._fallback_tried = False
        self._closed = False
        self._info_dialog: ModelInfoDialog | None = None
        # Grad-CAM overlays by entry index, computed once each in the worker when first shown.
        self._attention: dict[int, tuple[QImage, str]] = {}
        self._attention_requests: dict[int, int] = {}  # request key -> entry index

        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self._build_ui()
        self._build_menus()
        self._connect_worker()
        self._restore_geometry()
        self.retranslate_ui()

    # ------------------------------------------------------------------------------------------
    # Construction

    def _build_ui(self) -> None:
        self.drop_area = DropArea()
        self.drop_area.dropped.connect(self.submit_paths)
        self.drop_area.samples_requested.connect(self.try_samples)
        self.input_view = NetworkInputView()

        self.result_title = QLabel(" ")
        self.result_title.setFont(style.scaled_font(self, 1.7, bold=True))
        self.result_title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.result_subtitle = QLabel(" ")
        self.result_subtitle.setStyleSheet(f"color: {style.MUTED.name()};")
        self.result_subtitle.setWordWrap(True)
        self.bars = TopKBars()
        # Shown next to the bars when the model's answer should not be trusted (see
        # model/confidence.py for the rule); the tooltip says which test failed.
        self.not_sure_label = QLabel()
        self.not_sure_label.setWordWrap(True)
        self.not_sure_label.setStyleSheet(
            f"color: {style.WARNING.name()}; font-weight: bold; padding: 2px 0;")
        self.not_sure_label.hide()

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_batches)
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(self.drop_area, 1)
        top.addWidget(self.input_view)

        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(14, 14, 8, 10)
        layout.setSpacing(6)
        layout.addLayout(top, 1)
        layout.addSpacing(8)
        layout.addWidget(self.result_title)
        layout.addWidget(self.result_subtitle)
        layout.addWidget(self.not_sure_label)
        layout.addSpacing(4)
        layout.addWidget(self.bars)
        layout.addSpacing(4)
        layout.addWidget(self.progress_row)

        self.history = HistoryList()
        self.history.currentRowChanged.connect(self._on_history_row)
        self.history_title = QLabel()
        self.history_title.setFont(style.scaled_font(self, 1.1, bold=True))
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(8, 14, 14, 10)
        side.setSpacing(6)
        side.addWidget(self.history_title)
        side.addWidget(self.history, 1)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([800, 320])
        self.setCentralWidget(self.splitter)

        self.model_label = QLabel()
        self.device_label = QLabel()
        self.time_label = QLabel()
        for label in (self.model_label, self.device_label, self.time_label):
            label.setContentsMargins(6, 0, 6, 0)
            self.statusBar().addPermanentWidget(label)
        self.statusBar().setSizeGripEnabled(True)

    def _build_menus(self) -> None:
        # Texts are set in retranslate_ui(), called now and again on every language change.
        self._texts: list[tuple[QAction | QMenu, Callable[[], str]]] = []
        bar = self.menuBar()
        file_menu = self._menu(bar, lambda: self.tr("&File"))
        self.open_images_action = self._action(file_menu, lambda: self.tr("&Open Images…"),
                                               self.open_images, QKeySequence.Open)
        self.open_folder_action = self._action(file_menu, lambda: self.tr("Open &Folder…"),
                                               self.open_folder)
        self.paste_action = self._action(file_menu, lambda: self.tr("&Paste Image"),
                                         self.paste_image, QKeySequence.Paste)
        file_menu.addSeparator()
        self.export_action = self._action(file_menu, lambda: self.tr("&Export Results as CSV…"),
                                          self.export_csv_dialog)
        self.clear_action = self._action(file_menu, lambda: self.tr("C&lear History"),
                                         self.clear_history)
        file_menu.addSeparator()
        # QKeySequence.Quit has no binding on Windows; Ctrl+Q is what users expect everywhere.
        self.quit_action = self._action(file_menu, lambda: self.tr("&Quit"), self.close,
                                        QKeySequence("Ctrl+Q"))

        model_menu = self._menu(bar, lambda: self.tr("&Model"))
        self._action(model_menu, lambda: self.tr("&Open Checkpoint…"),
                     self.open_checkpoint_dialog, QKeySequence("Ctrl+Shift+O"))
        self.recent_menu = self._menu(model_menu, lambda: self.tr("&Recent Checkpoints"))
        self.bundled_action = self._action(model_menu, lambda: self.tr("Use &Bundled Model"),
                                           self.use_bundled)
        model_menu.addSeparator()
        self.model_info_action = self._action(model_menu, lambda: self.tr("Model &Info…"),
                                              self.show_model_info)

        view_menu = self._menu(bar, lambda: self.tr("&View"))
        self.attention_action = self._action(view_menu, lambda: self.tr("Show &Attention Map"),
                                             lambda: None, QKeySequence("Ctrl+M"))
        self.attention_action.setCheckable(True)
        self.attention_action.setChecked(self.settings.show_attention)
        self.attention_action.toggled.connect(self.set_attention_visible)
        self.language_menu = self._menu(view_menu, lambda: self.tr("&Language"))
        self.language_group = QActionGroup(self)
        for code, name in LANGUAGES:
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)

        self.device_menu = self._menu(bar, lambda: self.tr("&Device"))
        self.device_group = QActionGroup(self)
        self.device_group.setExclusive(True)

        help_menu = self._menu(bar, lambda: self.tr("&Help"))
        self.samples_action = self._action(help_menu, lambda: self.tr("Try &Sample Images"),
                                           self.try_samples)
        help_menu.addSeparator()
        self._action(help_menu, lambda: self.tr("&About"), self.show_about)

    def _menu(self, parent: QMenu | QMenuBar, text: Callable[[], str]) -> QMenu:
        menu = parent.addMenu("")
        self._texts.append((menu, text))
        return menu

    def _action(self, menu: QMenu, text: Callable[[], str], slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self._texts.append((action, text))
        return action

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language (at start, and on LanguageChange)."""
        for widget, text in self._texts:
            if isinstance(widget, QMenu):
                widget.setTitle(text())
            else:
                widget.setText(text())
        self.setWindowTitle(self.tr("CIFAR-10 Classifier"))
        self.history_title.setText(self.tr("History"))
        self.not_sure_label.setText(self.tr("Not sure: this may not be one of the 10 classes"))
        self.drop_area.set_samples_text(self.tr("Try Sample Images"))
        self._check_language_action()
        self._rebuild_recent_menu()
        self._rebuild_device_menu()
        self.history.retranslate(self.entries)
        self.input_view.retranslate()
        self._update_model_status()
        self._update_progress()
        self._show_entry(self._current)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _connect_worker(self) -> None:
        w = self.host.worker
        w.model_loading.connect(self._on_model_loading)
        w.model_loaded.connect(self._on_model_loaded)
        w.model_failed.connect(self._on_model_failed)
        w.devices_found.connect(self._on_devices_found)
        w.batch_started.connect(self._on_batch_started)
        w.item_done.connect(self._on_item_done)
        w.batch_finished.connect(self._on_batch_finished)
        w.preview_ready.connect(self._on_preview_ready)
        w.attention_ready.connect(self._on_attention_ready)
        w.failed.connect(lambda message: self.statusBar().showMessage(message, 10000))

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        splitter = self.settings.splitter_state
        if splitter is not None:
            self.splitter.restoreState(splitter)

    # ------------------------------------------------------------------------------------------
    # Start and stop

    def start(self, paths: list[str] | None = None) -> None:
        """Start the worker (it probes devices, then loads the startup model) and queue ``paths``.

        Call it after ``show()``: torch loads in the worker while the window is already up.
        """
        if self._started:
            return
        self._started = True
        if paths:
            self.submit_paths(paths)
        if self.startup_checkpoint() is not None:
            self.loading_path = str(self.startup_checkpoint())
            self._update_model_status()
        self.host.start()

    def startup_checkpoint(self) -> Path | None:
        """The command line's checkpoint, else the last one used, else the bundled one."""
        if self._cli_checkpoint is not None:
            return self._cli_checkpoint
        last = self.settings.last_checkpoint
        if last is not None and last.is_file():
            return last
        return self._bundled if self._bundled.is_file() else None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._closed:
            self._closed = True
            self.settings.geometry = self.saveGeometry()
            self.settings.splitter_state = self.splitter.saveState()
            self.settings.sync()
            # Cancel, quit the worker's event loop and wait: Qt must never destroy a running
            # QThread. The worker checks the cancel token between images, so this is quick.
            self.host.shutdown()
            if self._info_dialog is not None:
                self._info_dialog.close()
        event.accept()

    # Drops anywhere else in the window (the history, the bars) count too.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.submit_paths(paths)
        else:
            event.ignore()

    # ------------------------------------------------------------------------------------------
    # Requests

    def submit_paths(self, paths: list[str]) -> int | None:
        """Classify files and folders (walked in the worker). Returns the request id, or None
        when the request waits for a model."""
        paths = [str(p) for p in paths if str(p)]
        if not paths:
            return None
        if paths and Path(paths[0]).parent != Path(paths[0]):
            self.settings.last_folder = str(Path(paths[0]).parent)
        if self.summary is None:
            self._pending.append(("paths", paths))
            self._update_model_status()
            return None
        return self._track(self.host.classify_paths(paths), _Batch(paths=paths))

    def submit_image(self, image: QImage | bytes, source: str = CLIPBOARD_SOURCE) -> int | None:
        if self.summary is None:
            self._pending.append(("image", image))
            self._update_model_status()
            return None
        return self._track(self.host.classify_image(image, source),
                           _Batch(image=image, source=source))

    def _track(self, request_id: int, batch: _Batch) -> int:
        self._batches[request_id] = batch
        self._update_progress()
        return request_id

    def _flush_pending(self) -> None:
        pending, self._pending = self._pending, []
        for kind, payload in pending:
            if kind == "paths":
                self.submit_paths(payload)  # type: ignore[arg-type]
            else:
                self.submit_image(payload)  # type: ignore[arg-type]

    @property
    def busy(self) -> bool:
        return bool(self._batches)

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def cancel_batches(self) -> None:
        """Cancel every running and queued batch; finished results stay in the history."""
        self.host.cancel_all()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancelling…"))

    def clear_history(self) -> None:
        """Forget every result, and drop the late results of requests made before now."""
        self._drop_earlier_requests()
        self._pending.clear()
        for load in self._loads:  # a failed switch must not bring back what was cleared
            load.interrupted.clear()
        self.entries.clear()
        self.history.clear()
        self._previews.clear()
        self._preview_requests.clear()
        self._forget_attention()
        self._show_entry(None)
        self.statusBar().showMessage(self.tr("History cleared"), 3000)
        self._update_model_status()

    def _drop_earlier_requests(self) -> None:
        self.host.cancel_all()
        self._oldest_live = self.host.last_request_id + 1
        self._batches.clear()
        self._update_progress()

    def _is_live(self, request_id: int) -> bool:
        return request_id >= self._oldest_live and request_id in self._batches

    # ------------------------------------------------------------------------------------------
    # Menu actions

    def open_images(self) -> None:
        files = self.dialogs.open_images(self, self.settings.last_folder)
        if files:
            self.submit_paths(files)

    def open_folder(self) -> None:
        folder = self.dialogs.open_folder(self, self.settings.last_folder)
        if folder:
            self.submit_paths([folder])

    def paste_image(self) -> int | None:
        """Classify the clipboard: copied files, an image from this process, or encoded bytes.
        Returns the request id (None if nothing was sent, or it waits for a model)."""
        mime = QApplication.clipboard().mimeData()
        files = ([u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
                 if mime is not None and mime.hasUrls() else [])
        if files:
            return self.submit_paths(files)
        payload = _clipboard_payload(mime) if mime is not None else None
        if payload is None:
            self.statusBar().showMessage(self.tr("The clipboard holds no image"), 5000)
            return None
        return self.submit_image(payload)

    def export_csv_dialog(self) -> None:
        if not self.entries:
            self.statusBar().showMessage(self.tr("Nothing to export yet"), 4000)
            return
        suggested = str(Path(self.settings.last_folder or Path.home()) / "cifar10-results.csv")
        path = self.dialogs.save_csv(self, suggested)
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> int:
        """Write the history, oldest first. Returns the number of rows."""
        try:
            count = write_csv(path, self.entries)
        except OSError as e:
            self.dialogs.error(self, self.tr("Export failed"), f"{path}: {e.strerror or e}")
            return 0
        self.statusBar().showMessage(
            self.tr("Exported {count} results to {path}").format(count=count, path=path), 6000)
        return count

    def open_checkpoint_dialog(self) -> None:
        current = self.summary.path if self.summary else self.settings.last_folder
        path = self.dialogs.open_checkpoint(self, str(Path(current).parent) if current else "")
        if path:
            self.open_checkpoint(Path(path))

    def open_checkpoint(self, path: Path) -> None:
        """Switch to ``path`` (loaded in the worker). Results of earlier requests are dropped.

        Running and queued batches stop now, or the load would wait behind them in the worker.
        If the load fails, the active model stays, a dialog names the file and the reason, and
        the interrupted batches resume where they stopped: the user's images are not lost."""
        interrupted = list(self._batches.values())
        self._drop_earlier_requests()
        self._load(Path(path), interrupted)

    def use_bundled(self) -> None:
        if not self._bundled.is_file():
            self.dialogs.error(self, self.tr("No bundled model"),
                               self.tr("The bundled checkpoint is missing:\n{path}\n\n"
                                       "Use Model › Open Checkpoint… to choose one.")
                               .format(path=self._bundled))
            return
        self.open_checkpoint(self._bundled)

    def set_device(self, name: str) -> None:
        """Use ``name`` ("auto", "cpu", "cuda", "mps") from now on; reloads the active model."""
        self.settings.device = name
        self._check_device_action(name)
        path = self.loading_path or (self.summary.path if self.summary else None)
        if path:
            self._load(Path(path))

    def _load(self, path: Path, interrupted: list[_Batch] | None = None) -> None:
        self._startup_load_sent = True
        self._loads.append(_LoadRequest(str(path), interrupted or []))
        self.loading_path = str(path)
        self._update_model_status()
        self.host.start()
        self.host.load_model(path, self.settings.device)

    def show_model_info(self) -> ModelInfoDialog:
        if self._info_dialog is None:
            self._info_dialog = ModelInfoDialog(self)
        self._info_dialog.set_summary(self.summary)
        self._info_dialog.show()
        self._info_dialog.raise_()
        return self._info_dialog

    def try_samples(self) -> int | None:
        """Classify the bundled sample images (a few CIFAR-10 test images per class)."""
        if not self._samples.is_dir():
            self.dialogs.error(self, self.tr("No sample images"),
                               self.tr("The sample images are missing:\n{path}")
                               .format(path=self._samples))
            return None
        return self.submit_paths([str(self._samples)])

    def set_language(self, code: str) -> bool:
        """Switch the interface language now and remember it. False if it cannot be loaded."""
        ok = self.translations.set_language(code)
        # Qt posts LanguageChange to every widget (dialogs included); the window is retranslated
        # at once as well, so that it is consistent as soon as this returns.
        self.retranslate_ui()
        if ok:
            self.settings.language = code
        else:
            self.statusBar().showMessage(
                self.tr("The {code} translation is missing; using English").format(code=code),
                8000)
        self._check_language_action()
        return ok

    def _check_language_action(self) -> None:
        for action in self.language_group.actions():
            action.setChecked(action.data() == self.translations.language)

    def show_about(self) -> None:
        self.dialogs.about(self, self.tr("About {name}").format(name=self.tr("CIFAR-10 Classifier")),
                           about_html(self.summary))

    # ------------------------------------------------------------------------------------------
    # Worker signals

    def _on_devices_found(self, devices: list[str]) -> None:
        self._devices = list(devices)
        self._rebuild_device_menu()
        if self.settings.device not in ("auto", *self._devices):
            self.statusBar().showMessage(
                self.tr("{device} is not available here; using Automatic")
                .format(device=self.settings.device.upper()), 8000)
            self.settings.device = "auto"
            self._check_device_action("auto")
        # The startup load waits for the device list, so it never asks for a missing device.
        if not self._startup_load_sent and self.loading_path is not None:
            self._load(Path(self.loading_path))

    def _on_model_loading(self, path: str) -> None:
        # loading_path stays the newest load sent (set by _load): that one ends up active.
        self._update_model_status()

    def _finish_load(self) -> _LoadRequest | None:
        """The oldest load in flight, now answered (the worker answers loads in order)."""
        request = self._loads.popleft() if self._loads else None
        # Another load may still be queued behind it: the status bar goes on showing that one.
        self.loading_path = self._loads[-1].path if self._loads else None
        return request

    def _resume(self, batches: list[_Batch]) -> None:
        """Send again what a failed checkpoint switch interrupted, from where each stopped."""
        for b in batches:
            if b.total is not None and b.done >= b.total:
                continue  # it had finished; only its batch_finished was still on the way
            if b.paths is not None:
                skip = b.skip + b.done
                self._track(self.host.classify_paths(b.paths, skip),
                            _Batch(paths=b.paths, skip=skip))
            elif b.done == 0 and b.image is not None:
                self._track(self.host.classify_image(b.image, b.source),
                            _Batch(image=b.image, source=b.source))

    def _on_model_loaded(self, summary: ModelSummary) -> None:
        self.summary = summary
        self._finish_load()  # what it interrupted stays dropped: the switch happened
        path = Path(summary.path)
        if path.resolve() != self._bundled.resolve():
            self.settings.last_checkpoint = path
            self.settings.add_recent(path)
        else:
            self.settings.last_checkpoint = None
        self._rebuild_recent_menu()
        self._update_model_status()
        self._forget_attention()  # maps belong to the model that made them
        self._show_attention(self._current)
        if self._info_dialog is not None and self._info_dialog.isVisible():
            self._info_dialog.set_summary(summary)
        self.statusBar().showMessage(self.tr("Loaded {name}").format(name=path.name), 4000)
        self._flush_pending()
        self.model_changed.emit(summary)

    def _on_model_failed(self, path: str, message: str) -> None:
        request = self._finish_load()
        if (self.summary is None and not self._fallback_tried and self._bundled.is_file()
                and Path(path) != self._bundled):
            # The remembered (or given) checkpoint is broken: say so, but start with the
            # bundled model rather than none.
            self._fallback_tried = True
            self._load(self._bundled)
            self.model_load_failed.emit(message)
            self.dialogs.error(self, self.tr("Could not load checkpoint"),
                               message + "\n\n" + self.tr("Using the bundled model instead."))
            return
        self._update_model_status()
        if request is not None:
            self._resume(request.interrupted)
        still = ("\n\n" + self.tr("The previous model stays active:") + f"\n{self.summary.path}"
                 if self.summary else "\n\n" + self.tr(
                     "No model is loaded. Use Model › Open Checkpoint… to choose one."))
        self.model_load_failed.emit(message)
        self.dialogs.error(self, self.tr("Could not load checkpoint"), message + still)

    def _on_batch_started(self, request_id: int, total: int) -> None:
        if self._is_live(request_id):
            self._batches[request_id].total = total
            self._update_progress()

    def _on_item_done(self, request_id: int, entry: HistoryEntry, preview: QImage) -> None:
        if not self._is_live(request_id):
            return  # a late result from before Clear or a checkpoint switch
        self._batches[request_id].done += 1
        index = len(self.entries)
        self.entries.append(entry)
        if not preview.isNull():
            self._cache_preview(index, preview)
        item = self.history.add_entry(index, entry)
        self.history.blockSignals(True)
        self.history.setCurrentItem(item)
        self.history.blockSignals(False)
        self._show_entry(index)
        self._update_progress()
        self.result_added.emit(entry)

    def _on_batch_finished(self, request_id: int, done: int, total: int, cancelled: bool) -> None:
        if not self._is_live(request_id):
            return
        del self._batches[request_id]
        self._update_progress()
        if total == 0 and not cancelled:
            self.statusBar().showMessage(self.tr("No images found in what was dropped"), 6000)
        elif cancelled:
            self.statusBar().showMessage(
                self.tr("Cancelled after {done} of {total} images").format(done=done, total=total),
                6000)
        elif total > 1:
            failed = sum(1 for e in self.entries[-done:] if not e.ok) if done else 0
            text = (self.tr("Classified {done} images ({failed} failed)") if failed
                    else self.tr("Classified {done} images"))
            self.statusBar().showMessage(text.format(done=done, failed=failed), 6000)
        self.batch_done.emit(request_id, done, total, cancelled)

    def _on_preview_ready(self, key: int, preview: QImage) -> None:
        index = self._preview_requests.pop(key, None)
        if index is None or preview.isNull():
            return
        self._cache_preview(index, preview)
        if index == self._current:
            self.drop_area.set_image(preview)
            self.preview_shown.emit(index)

    # ------------------------------------------------------------------------------------------
    # Showing results

    def _on_history_row(self, row: int) -> None:
        self._show_entry(self.history.entry_index(row))

    def select_entry(self, index: int) -> None:
        """Select history entry ``index`` (oldest is 0), as a click on its row does."""
        self.history.setCurrentRow(self.history.row_of(index))

    def _show_entry(self, index: int | None) -> None:
        self._current = index
        self.not_sure_label.hide()
        if index is None:
            self.drop_area.set_image(None)
            self.input_view.set_image(None)
            self._show_attention(None)
            self.bars.clear()
            self.result_title.setText(" ")
            self.result_subtitle.setText(" ")
            return
        entry = self.entries[index]
        self.drop_area.set_image(self._preview_for(index))
        self.input_view.set_image(entry.input_image)
        self.result_subtitle.setText(entry.source)
        if entry.ok:
            labels = tuple(class_name(label) for label in entry.labels)
            self.bars.set_prediction(labels, entry.probabilities)
            self.result_title.setStyleSheet("")
            self.result_title.setText(f"{labels[0]}  ·  {entry.top_probability:.1%}")
            self.time_label.setText(self.tr("Last inference: {ms} ms")
                                    .format(ms=f"{entry.seconds * 1000:.0f}"))
            if entry.not_sure:
                self.not_sure_label.setToolTip("\n".join(
                    self.tr(NOT_SURE_REASONS.get(r, r)) for r in entry.not_sure_reasons))
                self.not_sure_label.show()
        else:
            self.bars.clear()
            self.result_title.setStyleSheet(f"color: {style.ERROR.name()};")
            self.result_title.setText(self.tr("Could not classify this file"))
            self.result_subtitle.setText(f"{entry.error}\n{entry.source}")
        self._show_attention(index)

    def _preview_for(self, index: int) -> QImage | None:
        if index in self._previews:
            self._previews.move_to_end(index)
            return self._previews[index]
        entry = self.entries[index]
        if entry.ok and entry.is_file:
            key = self._next_preview_key
            self._next_preview_key += 1
            self._preview_requests[key] = index
            self.host.load_preview(key, entry.source)
        return entry.thumbnail  # stands in (blurry) until the preview comes back

    def _cache_preview(self, index: int, preview: QImage) -> None:
        self._previews[index] = preview
        self._previews.move_to_end(index)
        while len(self._previews) > PREVIEW_CACHE:
            oldest = next(iter(self._previews))
            if not self.entries[oldest].is_file:
                # A pasted image cannot be read again: keep it, move it out of the way.
                self._previews.move_to_end(oldest)
                if all(not self.entries[i].is_file for i in self._previews):
                    break
                continue
            del self._previews[oldest]

    # ------------------------------------------------------------------------------------------
    # Attention maps (Grad-CAM, computed in the worker, cached per entry)

    def set_attention_visible(self, on: bool) -> None:
        """Show or hide the attention map over the current image (View > Show Attention Map)."""
        self.settings.show_attention = on
        if self.attention_action.isChecked() != on:
            self.attention_action.setChecked(on)  # calls back here; the rest is idempotent
        self._show_attention(self._current)

    @property
    def attention_visible(self) -> bool:
        return self.attention_action.isChecked()

    def attention_for(self, index: int) -> QImage | None:
        cached = self._attention.get(index)
        return cached[0] if cached else None

    def _show_attention(self, index: int | None) -> None:
        overlay, caption = None, ""
        if index is not None and self.attention_visible and self.entries[index].ok:
            cached = self._attention.get(index)
            if cached is None:
                self._request_attention(index)
            else:
                overlay, layer = cached
                caption = self.tr("Grad-CAM for {label}, {layer}").format(
                    label=class_name(self.entries[index].top_label), layer=layer)
        self.drop_area.set_overlay(overlay)
        self.input_view.set_overlay(overlay, caption)

    def _request_attention(self, index: int) -> None:
        entry = self.entries[index]
        if index in self._attention_requests.values() or entry.input_image is None:
            return
        key = self._next_preview_key
        self._next_preview_key += 1
        self._attention_requests[key] = index
        self.host.compute_attention(key, entry.input_image, entry.top_label)

    def _on_attention_ready(self, key: int, overlay: QImage, layer: str, error: str) -> None:
        index = self._attention_requests.pop(key, None)
        if index is None:
            return  # asked before Clear or a model switch
        if overlay.isNull():
            self.statusBar().showMessage(
                self.tr("No attention map: {error}").format(error=error), 8000)
            return
        self._attention[index] = (overlay, layer)
        if index == self._current and self.attention_visible:
            self._show_attention(index)
            self.attention_shown.emit(index)

    def _forget_attention(self) -> None:
        self._attention.clear()
        self._attention_requests.clear()

    # ------------------------------------------------------------------------------------------
    # Status

    def _update_progress(self) -> None:
        if not self._batches:
            self.progress_row.hide()
            self.cancel_button.setEnabled(True)
            self.cancel_button.setText(self.tr("Cancel"))
            return
        totals = [b.total for b in self._batches.values()]
        done = sum(b.done for b in self._batches.values())
        if any(t is None for t in totals) and done == 0:
            self.progress.setRange(0, 0)  # busy indicator while folders are walked
            self.progress.setFormat(self.tr("Looking for images…"))
        else:
            total = sum(t or 0 for t in totals)
            self.progress.setRange(0, max(total, done, 1))
            self.progress.setValue(done)
            self.progress.setFormat(
                self.tr("Classifying… {done} of {total}").format(done=done, total=total))
        self.progress_row.show()

    def _update_model_status(self) -> None:
        if self.loading_path is not None:
            name = Path(self.loading_path).name
            self.model_label.setText(self.tr("Loading model {name}…").format(name=name))
            self.model_label.setStyleSheet("")
            if self.summary is None:
                queued = self._queued_text()
                self.drop_area.set_placeholder(
                    self.tr("Loading model…"),
                    self.tr("You can drop images already; they will be classified as soon as it "
                            "is ready.") + queued)
        elif self.summary is None:
            self.model_label.setText(self.tr("No model loaded"))
            self.model_label.setStyleSheet(f"color: {style.ERROR.name()}; font-weight: bold;")
            self.drop_area.set_placeholder(
                self.tr("No model loaded"),
                self.tr("Open a checkpoint with Model › Open Checkpoint… (Ctrl+Shift+O).")
                + self._queued_text())
        else:
            self.model_label.setStyleSheet("")
            self.drop_area.set_placeholder(
                self.tr("Drop images or folders here"),
                self.tr("or use File › Open Images… (Ctrl+O)"))
        if self.summary is not None:
            acc = format_accuracy(self.summary.test_accuracy)
            acc_text = (self.tr("test accuracy {accuracy}").format(accuracy=acc) if acc
                        else self.tr("test accuracy unknown"))
            text = self.tr("Model: {name} · {accuracy}").format(
                name=Path(self.summary.path).stem, accuracy=acc_text)
            if self.loading_path is None:
                self.model_label.setText(text)
            self.model_label.setToolTip(f"{self.summary.display_name}\n{self.summary.path}")
            self.device_label.setText(
                self.tr("Device: {device}").format(device=_device_text(self.summary.device)))
        else:
            device = self.tr(DEVICE_NAMES[self.settings.device]).replace("&", "")
            self.device_label.setText(self.tr("Device: {device}").format(device=device))
        self.bundled_action.setEnabled(self._bundled.is_file())

    def _queued_text(self) -> str:
        if not self._pending:
            return ""
        n = len(self._pending)
        return "\n" + (self.tr("{n} requests waiting.") if n > 1
                       else self.tr("1 request waiting.")).format(n=n)

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_checkpoints
        for i, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{i} {path.name}")
            action.setToolTip(str(path))
            action.setData(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_checkpoint(p))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear Recent"), self._clear_recent)
        self.recent_menu.setEnabled(bool(recent))

    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self._rebuild_recent_menu()

    def _rebuild_device_menu(self) -> None:
        self.device_menu.clear()
        for action in self.device_group.actions():
            self.device_group.removeAction(action)
        for name in ("auto", *[d for d in ("cpu", "cuda", "mps") if d in self._devices]):
            action = QAction(self.tr(DEVICE_NAMES[name]), self, checkable=True)
            action.setData(name)
            action.triggered.connect(lambda _checked=False, n=name: self.set_device(n))
            self.device_group.addAction(action)
            self.device_menu.addAction(action)
        self._check_device_action(self.settings.device)

    def _check_device_action(self, name: str) -> None:
        for action in self.device_group.actions():
            action.setChecked(action.data() == name)

    def device_actions(self) -> dict[str, QAction]:
        return {a.data(): a for a in self.device_group.actions()}

    def recent_actions(self) -> list[QAction]:
        return [a for a in self.recent_menu.actions() if a.data()]


def _clipboard_payload(mime: QMimeData) -> QImage | bytes | None:
    """What to send the worker for a pasted image, without decoding in the GUI thread:
    a QImage this process put there, or the encoded bytes another program offered."""
    if mime.hasFormat("application/x-qt-image"):
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return image
    for fmt in CLIPBOARD_FORMATS:
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt))
            if data:
                return data
    if mime.hasImage():  # some other platform-specific form: let Qt convert it
        image = QApplication.clipboard().image()
        return image if not image.isNull() else None
    return None


def format_accuracy(value: object) -> str | None:
    """"94.1%" for 0.941 (or for 94.1: some tools store percentages); None when unknown."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    return f"{value / 100 if value > 1 else value:.1%}"


def _device_text(device: str) -> str:
    kind = device.split(":")[0]
    if kind == "cuda":
        return f"CUDA ({device})"
    if kind == "mps":
        return QCoreApplication.translate("MainWindow", "MPS (Apple GPU)")
    return "CPU" if kind == "cpu" else device


def about_html(summary: ModelSummary | None) -> str:
    translate = QCoreApplication.translate
    title = translate("MainWindow", "CIFAR-10 Classifier")
    what = translate("MainWindow", "Classifies images into the ten CIFAR-10 classes with a "
                                   "ResNet-18 (He et al., 2016).")
    how = translate("MainWindow", "Drop images or folders on the window, paste an image, or use "
                                  "File › Open.")
    if summary is not None:
        model = (translate("MainWindow", "Model:") + f" {html.escape(summary.display_name)}"
                 f"<br>{html.escape(summary.path)}")
    else:
        model = translate("MainWindow", "No model loaded.")
    return f"<h3>{title}</h3><p>{what}</p><p>{how}</p><p>{model}</p>"


def app_icon() -> QIcon:
    from model.paths import RESOURCES

    icon = QIcon()
    for name in ("cifar10-gui.svg", "cifar10-gui.png"):
        path = RESOURCES / "icons" / name
        if path.is_file():
            icon.addFile(str(path))
    return icon
