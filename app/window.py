"""The main window: drop area, network input, top-5 bars, history, menus and status bar.

It holds no state of the app's own: :class:`app.state.AppState` owns the requests, the model and
the history; the window draws what it emits and forwards what the user does to it. It never
decodes an image or touches torch. Its parts have their own modules: result_panel, status,
menus, history, clipboard, inside_views (the network's views) and training (new models).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PyQt5.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer
from PyQt5.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QImage
from PyQt5.QtWidgets import QApplication, QMainWindow, QSplitter, QVBoxLayout, QWidget

from app import style
from app.clipboard import clipboard_files, clipboard_payload
from app.dialogs import Dialogs
from app.drop_area import accept_local_paths
from app.history import HistoryList
from app.i18n import Translations, class_name
from app.inside_views import InsideViews
from app.jobs import ClassifierFactory
from app.menus import WindowMenus
from app.model_summary import ModelSummary
from app.plain_text import plain_label
from app.result_panel import ResultPanel
from app.results import write_csv
from app.settings import AppSettings
from app.state import AppState
from app.status import WindowStatus, about_html
from app.training.launcher import TrainingLauncher
from model.files.paths import bundled_checkpoint, samples_dir

if TYPE_CHECKING:  # imported when first opened: the confusion-matrix picture is not start-up work
    from app.model_info import ModelInfoDialog

DEFAULT_SIZE = QSize(1120, 740)


class MainWindow(QMainWindow):
    """The app's window. Construct, ``show()``, then ``start()`` (which starts the worker)."""

    def __init__(self, settings: AppSettings, *, checkpoint: Path | None = None,
                 bundled: Path | None = None, dialogs: Dialogs | None = None,
                 classifier_factory: ClassifierFactory | None = None,
                 devices: Callable[[], list[str]] | None = None,
                 translations: Translations | None = None,
                 samples: Path | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.dialogs = dialogs or Dialogs()
        self._samples = samples if samples is not None else samples_dir()
        self.translations = translations or Translations(QCoreApplication.instance())
        self.state = AppState(settings, checkpoint=checkpoint,
                              bundled=bundled if bundled is not None else bundled_checkpoint(),
                              classifier_factory=classifier_factory, devices=devices, parent=self)
        self._current: int | None = None  # the entry on screen
        self.inside = InsideViews(self, self.state, lambda: self._current)
        self.training = TrainingLauncher(self, self.state, self.dialogs)
        self._closed = False
        self._info_dialog: ModelInfoDialog | None = None

        self.setWindowIcon(style.app_icon())
        self.setAcceptDrops(True)
        self._build_ui()
        self.menus = WindowMenus(self, settings, self._menu_handlers(),
                                 lambda: self.translations.language)
        self._connect_state()
        self._restore_geometry()
        self._retranslate_pending = False
        self.retranslate_ui()

    # ------------------------------------------------------------------------------------------
    # Construction

    def _build_ui(self) -> None:
        self.panel = ResultPanel()
        self.status = WindowStatus(self.statusBar(), self.panel.drop_area, self)
        self.panel.add_footer(self.status.progress_row)
        self.status.connect_cancel(self, lambda: self.state.busy, self.state.cancel_batches)
        self.panel.drop_area.dropped.connect(self.state.submit_paths)
        self.panel.drop_area.samples_requested.connect(self.try_samples)

        self.history = HistoryList()
        self.history.currentRowChanged.connect(
            lambda row: self._show_entry(self.history.entry_index(row)))
        self.history_title = plain_label()
        self.history_title.setFont(style.scaled_font(self, 1.1, bold=True))
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(8, 14, 14, 10)
        side.setSpacing(6)
        side.addWidget(self.history_title)
        side.addWidget(self.history, 1)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([800, 320])
        self.setCentralWidget(self.splitter)

    def _menu_handlers(self) -> dict[str, Callable[..., object]]:
        s = self.state
        return {"open_images": self.open_images, "open_folder": self.open_folder,
                "paste": self.paste_image, "export": self.export_csv_dialog,
                "clear": s.clear_history, "quit": self.close,
                "open_checkpoint": self.open_checkpoint_dialog, "bundled": self.use_bundled,
                "model_info": self.show_model_info, "attention": self.set_attention_visible,
                "samples": self.try_samples, "about": self.show_about,
                "open_recent": s.open_checkpoint, "set_device": s.set_device,
                "set_language": self.set_language, **self.inside.handlers(),
                **self.training.handlers()}

    def _connect_state(self) -> None:
        s = self.state
        s.entries_added.connect(self._on_entries_added)
        s.history_cleared.connect(self._on_history_cleared)
        s.progress_changed.connect(lambda: self.status.show_progress(s.progress()))
        s.cancelling.connect(self.status.show_cancelling)
        s.cancel_ready.connect(self.status.show_cancel_ready)
        s.model_status_changed.connect(self._update_model_status)
        s.model_changed.connect(self._on_model_changed)
        s.model_load_failed.connect(self._on_model_load_failed)
        s.devices_changed.connect(self.menus.set_devices)
        s.device_changed.connect(self.menus.check_device)
        s.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        s.previews.ready.connect(self._on_preview_ready)
        s.attention_maps.ready.connect(self._on_attention_ready)
        s.attention_maps.failed.connect(lambda error: self.statusBar().showMessage(
            self.tr("No attention map: {error}").format(error=error), 8000))

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        splitter = self.settings.splitter_state
        if splitter is not None:
            self.splitter.restoreState(splitter)

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
        self.history.retranslate(self.state.entries)
        self._update_model_status()
        self.status.show_progress(self.state.progress())
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

    # ------------------------------------------------------------------------------------------
    # Start and stop

    def start(self, paths: list[str] | None = None) -> None:
        """Start the worker and load the startup model; call it after ``show()``: torch loads
        in the worker while the window is already up."""
        self.state.start(paths)
        problem = self.settings.problem()
        if problem is not None:  # else every choice made in this session is lost at exit
            self.dialogs.error(self, self.tr("Settings will not be kept"), problem + "\n\n"
                               + self.tr("The app works, but what you choose (model, language, "
                                         "window size) is forgotten when it closes."))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # While a model trains the user is asked first; a yes stops it (app/training).
        if self._closed or not self.training.close_ok():
            event.setAccepted(self._closed)
            return
        self._closed = True
        self.settings.geometry = self.saveGeometry()
        self.settings.splitter_state = self.splitter.saveState()
        self.settings.sync()
        # Cancel, quit the worker's event loop and wait: Qt must never destroy a running
        # QThread. The worker checks the cancel token between images, so this is quick.
        self.state.shutdown()
        if self._info_dialog is not None:
            self._info_dialog.close()
        event.accept()

    # Drops anywhere else in the window (the history, the bars) count too.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        accept_local_paths(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = accept_local_paths(event)
        if paths:
            self.state.submit_paths(paths)

    # ------------------------------------------------------------------------------------------
    # What the user asks for

    def open_images(self) -> None:
        files = self.dialogs.open_images(self, self.settings.last_folder)
        if files:
            self.state.submit_paths(files)

    def open_folder(self) -> None:
        folder = self.dialogs.open_folder(self, self.settings.last_folder)
        if folder:
            self.state.submit_paths([folder])

    def paste_image(self) -> int | None:
        """Classify the clipboard: copied files, an image from this process, or encoded bytes.
        Returns the job id (None if nothing was sent, or it waits for a model)."""
        mime = QApplication.clipboard().mimeData()
        files = clipboard_files(mime)
        if files:
            return self.state.submit_paths(files)
        payload = clipboard_payload(mime)
        if payload is None:
            self.statusBar().showMessage(self.tr("The clipboard holds no image"), 5000)
            return None
        return self.state.submit_image(payload)

    def export_csv_dialog(self) -> None:
        if not self.state.entries:
            self.statusBar().showMessage(self.tr("Nothing to export yet"), 4000)
            return
        suggested = str(Path(self.settings.last_folder or Path.home()) / "cifar10-results.csv")
        path = self.dialogs.save_csv(self, suggested)
        if path:
            chosen = Path(path)
            # A name typed without a suffix gets ".csv" (the dialog's filter); others are kept.
            self.export_csv(chosen if chosen.suffix else chosen.with_name(chosen.name + ".csv"))

    def export_csv(self, path: Path) -> int:
        """Write the history, oldest first. Returns the number of rows."""
        try:
            count = write_csv(path, self.state.entries)
        except OSError as e:
            self.dialogs.error(self, self.tr("Export failed"), f"{path}: {e.strerror or e}")
            return 0
        except ValueError as e:  # text the file cannot hold: said, never a crash
            self.dialogs.error(self, self.tr("Export failed"), f"{path}: {e}")
            return 0
        self.statusBar().showMessage(
            self.tr("Exported {count} results to {path}").format(count=count, path=path), 6000)
        return count

    def open_checkpoint_dialog(self) -> None:
        summary = self.state.summary
        current = summary.path if summary else self.settings.last_folder
        path = self.dialogs.open_checkpoint(self, str(Path(current).parent) if current else "")
        if path:
            self.state.open_checkpoint(Path(path))

    def use_bundled(self) -> None:
        if not self.state.use_bundled():
            self.dialogs.error(self, self.tr("No bundled model"),
                               self.tr("The bundled checkpoint is missing:\n{path}\n\n"
                                       "Use Model › Open Checkpoint… to choose one.")
                               .format(path=self.state.bundled))

    def show_model_info(self) -> ModelInfoDialog:
        if self._info_dialog is None:
            from app.model_info import ModelInfoDialog

            self._info_dialog = ModelInfoDialog(self)
        self._info_dialog.set_summary(self.state.summary)
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
        return self.state.submit_paths([str(self._samples)])

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
                           about_html(self.state.summary))

    # ------------------------------------------------------------------------------------------
    # Drawing what the state says

    def _on_model_changed(self, summary: ModelSummary) -> None:
        self.menus.rebuild_recent()
        self.panel.set_class_count(int(summary.info.get("num_classes") or 10))
        self._show_attention(self._current)  # the maps were forgotten with the old model
        if self._info_dialog is not None and self._info_dialog.isVisible():
            self._info_dialog.set_summary(summary)

    def _on_model_load_failed(self, message: str, fell_back: bool, path: str = "") -> None:
        if path and _gone(Path(path)) and self.settings.remove_recent(Path(path)):
            # A file deleted since: it would stay first in Recent Checkpoints, failing again.
            self.menus.rebuild_recent()
            message += "\n\n" + self.tr("It was taken off Recent Checkpoints.")
        if fell_back:
            self.dialogs.error(self, self.tr("Could not load checkpoint"),
                               message + "\n\n" + self.tr("Using the bundled model instead."))
            return
        summary, loading = self.state.summary, self.state.loading_path
        if summary:
            still = self.tr("The previous model stays active:") + f"\n{summary.path}"
        elif loading:  # another checkpoint, chosen since, is on its way: it answers for itself
            still = self.tr("Still loading the checkpoint you chose after it:") + f"\n{loading}"
        else:
            still = self.tr("No model is loaded. Use Model › Open Checkpoint… to choose one.")
        still = "\n\n" + still
        self.dialogs.error(self, self.tr("Could not load checkpoint"), message + still)

    def _on_entries_added(self, first: int, count: int) -> None:
        last = first + count - 1
        item = self.history.add_entries(first, self.state.entries[first:last + 1])
        self.history.blockSignals(True)
        self.history.setCurrentItem(item)  # once per chunk: the newest is shown
        self.history.blockSignals(False)
        self._show_entry(last)

    def _on_history_cleared(self) -> None:
        self.history.clear()
        self._show_entry(None)

    def _on_preview_ready(self, index: int, preview: QImage) -> None:
        if index == self._current:
            self.panel.drop_area.set_image(preview)

    def select_entry(self, index: int) -> None:
        """Select history entry ``index`` (oldest is 0), as a click on its row does."""
        self.history.setCurrentRow(self.history.row_of(index))

    def _show_entry(self, index: int | None) -> None:
        self._current = index
        if index is None:
            self.panel.show_entry(None, None)
        else:
            entry = self.state.entries[index]
            self.panel.show_entry(entry, self.state.previews.preview_for(index, entry))
            if entry.ok:
                self.status.show_inference_time(entry.seconds)
        self._show_attention(index)
        self.inside.entry_shown(index)

    # Attention maps (Grad-CAM, computed in the worker, cached per entry by the state)

    def set_attention_visible(self, on: bool) -> None:
        """Show or hide the attention map over the current image (View > Show Attention Map)."""
        self.settings.show_attention = on
        if self.menus.attention.isChecked() != on:
            self.menus.attention.setChecked(on)  # calls back here; the rest is idempotent
        self._show_attention(self._current)

    @property
    def attention_visible(self) -> bool:
        return self.menus.attention.isChecked()

    def attention_for(self, index: int) -> QImage | None:
        cached = self.state.attention_maps.get(index)
        return cached.overlay if cached else None

    def _show_attention(self, index: int | None) -> None:
        overlay, caption = None, ""
        entries = self.state.entries
        if index is not None and self.attention_visible and entries[index].ok:
            cached = self.state.attention_maps.get(index)
            if cached is None:
                self.state.attention_maps.request(index, entries[index])
            else:
                overlay = cached.overlay
                caption = self.tr("Grad-CAM for {label}, {layer}").format(
                    label=class_name(entries[index].top_label), layer=cached.layer)
        self.panel.set_overlay(overlay, caption)

    def _on_attention_ready(self, index: int) -> None:
        if index == self._current and self.attention_visible:
            self._show_attention(index)

    def _update_model_status(self) -> None:
        s = self.state
        self.status.show_model(s.loading_path, s.summary, s.pending_count, self.settings.device)
        self.menus.bundled.setEnabled(s.bundled.is_file())


def _gone(path: Path) -> bool:
    """Whether ``path`` is no longer there (False where it cannot be told: Python 3.11's
    exists() raises for a folder that cannot be entered, which may be entered again)."""
    try:
        return not path.exists()
    except OSError:
        return False
