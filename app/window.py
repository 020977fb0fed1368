"""The main window: drop area, network input, top-5 bars, history, menus and status bar.

The window never decodes an image or touches torch: it sends requests to the worker thread
(:class:`app.worker.WorkerHost`) and shows what comes back. Requests carry ids; Clear and a
checkpoint switch raise ``_oldest_live`` so late results of earlier requests are dropped.

Its parts live in their own modules: the result column (:mod:`app.result_panel`), the status
bar and progress row (:mod:`app.status`), the menu bar (:mod:`app.menus`), the preview and
attention-map caches (:mod:`app.previews`, :mod:`app.attention`) and the clipboard reader
(:mod:`app.clipboard`). The window keeps the state and the requests, and ties them together.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PyQt5.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, pyqtSignal
from PyQt5.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QImage, QKeySequence
from PyQt5.QtWidgets import (
    QAction,
    QApplication,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import style
from app.attention import AttentionMaps
from app.clipboard import clipboard_files, clipboard_payload
from app.dialogs import Dialogs
from app.drop_area import local_paths
from app.history import HistoryList
from app.i18n import Translations, class_name
from app.menus import WindowMenus
from app.plain_text import plain_label
from app.previews import PreviewCache
from app.result_panel import ResultPanel
from app.results import HistoryEntry, write_csv
from app.settings import AppSettings
from app.status import WindowStatus, about_html
from app.worker import CLIPBOARD_SOURCE, ClassifierFactory, ModelSummary, WorkerHost
from model.files.paths import bundled_checkpoint, samples_dir

if TYPE_CHECKING:  # imported when first opened: the confusion-matrix picture is not start-up work
    from app.model_info import ModelInfoDialog

DEFAULT_SIZE = QSize(1120, 740)


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
        self._current: int | None = None
        self._started = False
        self._startup_load_sent = False
        self._fallback_tried = False
        self._closed = False
        self._info_dialog: ModelInfoDialog | None = None
        self.previews = PreviewCache(self.host, self)
        self.previews.ready.connect(self._on_preview_ready)
        # Grad-CAM overlays by entry index, computed once each in the worker when first shown.
        self.attention_maps = AttentionMaps(self.host, self)
        self.attention_maps.ready.connect(self._on_attention_ready)
        self.attention_maps.failed.connect(self._on_attention_failed)

        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self._build_ui()
        self._build_menus()
        self._connect_worker()
        self._restore_geometry()
        self._retranslate_pending = False
        self.retranslate_ui()

    # ------------------------------------------------------------------------------------------
    # Construction

    def _build_ui(self) -> None:
        left = ResultPanel()
        self.status = WindowStatus(self.statusBar(), left.drop_area, self)
        left.add_footer(self.status.progress_row)
        self.status.cancel_button.clicked.connect(self.cancel_batches)
        # Esc cancels running batches from anywhere in the window (not only the button).
        self.cancel_shortcut = QAction(self)
        self.cancel_shortcut.setShortcut(QKeySequence.Cancel)
        self.cancel_shortcut.setShortcutContext(Qt.WindowShortcut)
        self.cancel_shortcut.triggered.connect(self._cancel_if_busy)
        self.addAction(self.cancel_shortcut)
        left.drop_area.dropped.connect(self.submit_paths)
        left.drop_area.samples_requested.connect(self.try_samples)
        self.panel = left
        # The names the tests, scripts and earlier code use for the widgets.
        self.drop_area, self.input_view, self.bars = left.drop_area, left.input_view, left.bars
        self.result_title, self.result_subtitle = left.result_title, left.result_subtitle
        self.not_sure_label = left.not_sure_label
        self.progress, self.cancel_button = self.status.progress, self.status.cancel_button
        self.progress_row = self.status.progress_row
        self.model_label, self.device_label = self.status.model_label, self.status.device_label
        self.time_label = self.status.time_label

        self.history = HistoryList()
        self.history.currentRowChanged.connect(self._on_history_row)
        self.history_title = plain_label()
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

    def _build_menus(self) -> None:
        self.menus = WindowMenus(self)
        # The names the tests, scripts and earlier code use for the menus' parts.
        m = self.menus
        self.open_images_action, self.open_folder_action = m.open_images, m.open_folder
        self.paste_action, self.export_action = m.paste, m.export
        self.clear_action, self.quit_action = m.clear, m.quit
        self.bundled_action, self.model_info_action = m.bundled, m.model_info
        self.attention_action, self.samples_action = m.attention, m.samples
        self.recent_menu, self.device_menu = m.recent_menu, m.device_menu
        self.language_menu, self.language_group = m.language_menu, m.language_group
        self.device_group = m.device_group

    def device_actions(self) -> dict[str, QAction]:
        return self.menus.device_actions()

    def recent_actions(self) -> list[QAction]:
        return self.menus.recent_actions()

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language (at start, and on LanguageChange)."""
        self.menus.retranslate()
        title = self.tr("CIFAR-10 Classifier")
        self.setWindowTitle(title)
        # Qt appends the application's display name to window titles unless they are equal: in
        # Chinese it would read "CIFAR-10 分類器 — CIFAR-10 Classifier".
        QApplication.setApplicationDisplayName(title)
        self.history_title.setText(self.tr("History"))
        self.panel.retranslate()
        self.history.retranslate(self.entries)
        self._update_model_status()
        self._update_progress()
        self._show_entry(self._current)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        # Every translator added or removed sends one LanguageChange (a switch to Chinese sends
        # up to four): retranslate once, after the last of them.
        if event.type() == QEvent.LanguageChange and not self._retranslate_pending:
            self._retranslate_pending = True
            QTimer.singleShot(0, self._retranslate_once)
        super().changeEvent(event)

    def _retranslate_once(self) -> None:
        self._retranslate_pending = False
        self.retranslate_ui()

    def _connect_worker(self) -> None:
        w = self.host.worker
        w.model_loading.connect(self._on_model_loading)
        w.model_loaded.connect(self._on_model_loaded)
        w.model_failed.connect(self._on_model_failed)
        w.devices_found.connect(self._on_devices_found)
        w.batch_started.connect(self._on_batch_started)
        w.item_done.connect(self._on_item_done)
        w.batch_finished.connect(self._on_batch_finished)
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

    def _cancel_if_busy(self) -> None:
        if self.busy:
            self.cancel_batches()

    def cancel_batches(self) -> None:
        """Cancel every running and queued batch; finished results stay in the history."""
        self.host.cancel_all()
        self.status.show_cancelling()

    def clear_history(self) -> None:
        """Forget every result, and drop the late results of requests made before now."""
        self._drop_earlier_requests()
        self._pending.clear()
        for load in self._loads:  # a failed switch must not bring back what was cleared
            load.interrupted.clear()
        self.entries.clear()
        self.history.clear()
        self.previews.clear()
        self.attention_maps.clear()
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
        files = clipboard_files(mime)
        if files:
            return self.submit_paths(files)
        payload = clipboard_payload(mime)
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
            chosen = Path(path)
            # A name typed without a suffix gets ".csv" (what the dialog's filter says it saves);
            # a suffix the user chose is kept.
            self.export_csv(chosen if chosen.suffix else chosen.with_name(chosen.name + ".csv"))

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
        self.menus.check_device(name)
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
            from app.model_info import ModelInfoDialog

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
        self.menus.check_language()
        return ok

    def show_about(self) -> None:
        self.dialogs.about(self, self.tr("About {name}").format(name=self.tr("CIFAR-10 Classifier")),
                           about_html(self.summary))

    # ------------------------------------------------------------------------------------------
    # Worker signals

    def _on_devices_found(self, devices: list[str]) -> None:
        self.menus.set_devices(devices)
        if self.settings.device not in ("auto", *devices):
            self.statusBar().showMessage(
                self.tr("{device} is not available here; using Automatic")
                .format(device=self.settings.device.upper()), 8000)
            self.settings.device = "auto"
            self.menus.check_device("auto")
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
        # Remembered absolute: a relative --checkpoint given in one folder would otherwise load
        # nothing, or another file of that name, when the app next starts somewhere else.
        path = Path(summary.path).absolute()
        if path.resolve() != self._bundled.resolve():
            self.settings.last_checkpoint = path
            self.settings.add_recent(path)
        else:
            self.settings.last_checkpoint = None
        self.menus.rebuild_recent()
        self._update_model_status()
        self.attention_maps.clear()  # maps belong to the model that made them
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
            self.previews.add(index, preview, reloadable=entry.is_file)
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

    def _on_preview_ready(self, index: int, preview: QImage) -> None:
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
        if index is None:
            self.panel.show_entry(None, None)
        else:
            entry = self.entries[index]
            self.panel.show_entry(entry, self.previews.preview_for(index, entry))
            if entry.ok:
                self.status.show_inference_time(entry.seconds)
        self._show_attention(index)

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
        cached = self.attention_maps.get(index)
        return cached[0] if cached else None

    def _show_attention(self, index: int | None) -> None:
        overlay, caption = None, ""
        if index is not None and self.attention_visible and self.entries[index].ok:
            cached = self.attention_maps.get(index)
            if cached is None:
                self.attention_maps.request(index, self.entries[index])
            else:
                overlay, layer = cached
                caption = self.tr("Grad-CAM for {label}, {layer}").format(
                    label=class_name(self.entries[index].top_label), layer=layer)
        self.panel.set_overlay(overlay, caption)

    def _on_attention_ready(self, index: int) -> None:
        if index == self._current and self.attention_visible:
            self._show_attention(index)
            self.attention_shown.emit(index)

    def _on_attention_failed(self, error: str) -> None:
        self.statusBar().showMessage(self.tr("No attention map: {error}").format(error=error), 8000)

    # ------------------------------------------------------------------------------------------
    # Status

    def _update_progress(self) -> None:
        self.status.show_progress((b.done, b.total) for b in self._batches.values())

    def _update_model_status(self) -> None:
        self.status.show_model(self.loading_path, self.summary, len(self._pending),
                               self.settings.device)
        self.bundled_action.setEnabled(self._bundled.is_file())


def app_icon() -> QIcon:
    from model.files.paths import icon_files

    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon
