"""The main window's menu bar: File, Model, View, Device and Help.

Actions call the window's public slots. Texts are set in :meth:`WindowMenus.retranslate`, called
at start and again on every language change. They keep the translation context "MainWindow"
they had when the window built its own menus, so the existing .ts translations still apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PyQt5.QtGui import QKeySequence
from PyQt5.QtWidgets import QAction, QActionGroup, QMenu, QMenuBar

from app.i18n import LANGUAGES
from app.plain_text import tooltip

if TYPE_CHECKING:
    from app.window import MainWindow

DEVICE_NAMES = {"auto": QT_TRANSLATE_NOOP("MainWindow", "&Automatic"),
                "cpu": QT_TRANSLATE_NOOP("MainWindow", "&CPU"),
                "cuda": QT_TRANSLATE_NOOP("MainWindow", "CU&DA (NVIDIA GPU)"),
                "mps": QT_TRANSLATE_NOOP("MainWindow", "&MPS (Apple GPU)")}

# pylupdate5 extracts calls named translate(...) with literal arguments, so the context is
# written out in every call rather than in a constant.
_translate = QCoreApplication.translate


class WindowMenus(QObject):
    """Builds the window's menus and keeps the ones that change (recent checkpoints, devices,
    languages) up to date. Actions and groups are owned by the window, as before the split."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        # Source texts (context "MainWindow"), translated in retranslate().
        self._texts: list[tuple[QAction | QMenu, str]] = []
        self.devices: list[str] = ["cpu"]  # as found by the worker's probe
        w = window
        bar = w.menuBar()
        file_menu = self._menu(bar, QT_TRANSLATE_NOOP("MainWindow", "&File"))
        self.open_images = self._action(
            file_menu, QT_TRANSLATE_NOOP("MainWindow", "&Open Images…"), w.open_images,
            QKeySequence.Open)
        self.open_folder = self._action(
            file_menu, QT_TRANSLATE_NOOP("MainWindow", "Open &Folder…"), w.open_folder,
            QKeySequence("Ctrl+Alt+O"))
        self.paste = self._action(
            file_menu, QT_TRANSLATE_NOOP("MainWindow", "&Paste Image"), w.paste_image,
            QKeySequence.Paste)
        file_menu.addSeparator()
        self.export = self._action(
            file_menu, QT_TRANSLATE_NOOP("MainWindow", "&Export Results as CSV…"),
            w.export_csv_dialog, QKeySequence("Ctrl+E"))
        self.clear = self._action(
            file_menu, QT_TRANSLATE_NOOP("MainWindow", "C&lear History"), w.clear_history)
        file_menu.addSeparator()
        # QKeySequence.Quit has no binding on Windows; Ctrl+Q is what users expect everywhere.
        self.quit = self._action(file_menu, QT_TRANSLATE_NOOP("MainWindow", "&Quit"), w.close,
                                 QKeySequence("Ctrl+Q"))

        model_menu = self._menu(bar, QT_TRANSLATE_NOOP("MainWindow", "&Model"))
        self._action(model_menu, QT_TRANSLATE_NOOP("MainWindow", "&Open Checkpoint…"),
                     w.open_checkpoint_dialog, QKeySequence("Ctrl+Shift+O"))
        self.recent_menu = self._menu(
            model_menu, QT_TRANSLATE_NOOP("MainWindow", "&Recent Checkpoints"))
        self.bundled = self._action(
            model_menu, QT_TRANSLATE_NOOP("MainWindow", "Use &Bundled Model"), w.use_bundled)
        model_menu.addSeparator()
        self.model_info = self._action(
            model_menu, QT_TRANSLATE_NOOP("MainWindow", "Model &Info…"), w.show_model_info)

        view_menu = self._menu(bar, QT_TRANSLATE_NOOP("MainWindow", "&View"))
        self.attention = self._action(
            view_menu, QT_TRANSLATE_NOOP("MainWindow", "Show &Attention Map"), lambda: None,
            QKeySequence("Ctrl+M"))
        self.attention.setCheckable(True)
        self.attention.setChecked(w.settings.show_attention)
        self.attention.toggled.connect(w.set_attention_visible)
        self.language_menu = self._menu(view_menu, QT_TRANSLATE_NOOP("MainWindow", "&Language"))
        self.language_group = QActionGroup(w)
        for code, name in LANGUAGES:
            action = QAction(name, w, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: w.set_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)

        self.device_menu = self._menu(bar, QT_TRANSLATE_NOOP("MainWindow", "&Device"))
        self.device_group = QActionGroup(w)
        self.device_group.setExclusive(True)

        help_menu = self._menu(bar, QT_TRANSLATE_NOOP("MainWindow", "&Help"))
        self.samples = self._action(
            help_menu, QT_TRANSLATE_NOOP("MainWindow", "Try &Sample Images"), w.try_samples)
        help_menu.addSeparator()
        self._action(help_menu, QT_TRANSLATE_NOOP("MainWindow", "&About"), w.show_about)

    def _menu(self, parent: QMenu | QMenuBar, text: str) -> QMenu:
        menu = parent.addMenu("")
        self._texts.append((menu, text))
        return menu

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self._texts.append((action, text))
        return action

    def retranslate(self) -> None:
        """Set every menu text in the current language, and rebuild the menus that change."""
        for widget, text in self._texts:
            if isinstance(widget, QMenu):
                widget.setTitle(_translate("MainWindow", text))
            else:
                widget.setText(_translate("MainWindow", text))
        self.check_language()
        self.rebuild_recent()
        self.rebuild_devices()

    def check_language(self) -> None:
        for action in self.language_group.actions():
            action.setChecked(action.data() == self._window.translations.language)

    def rebuild_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._window.settings.recent_checkpoints
        for i, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{i} {path.name}")
            action.setToolTip(tooltip(str(path)))
            action.setData(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self._window.open_checkpoint(p))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(_translate("MainWindow", "Clear Recent"),
                                       self._clear_recent)
        self.recent_menu.setEnabled(bool(recent))

    def _clear_recent(self) -> None:
        self._window.settings.clear_recent()
        self.rebuild_recent()

    def set_devices(self, devices: list[str]) -> None:
        """Offer ``devices`` (the worker's probe) from now on."""
        self.devices = list(devices)
        self.rebuild_devices()

    def rebuild_devices(self) -> None:
        self.device_menu.clear()
        for action in self.device_group.actions():
            self.device_group.removeAction(action)
            action.deleteLater()  # owned by the window: it would outlive the menu otherwise
        for name in ("auto", *[d for d in ("cpu", "cuda", "mps") if d in self.devices]):
            action = QAction(_translate("MainWindow", DEVICE_NAMES[name]), self._window,
                             checkable=True)
            action.setData(name)
            action.triggered.connect(lambda _checked=False, n=name: self._window.set_device(n))
            self.device_group.addAction(action)
            self.device_menu.addAction(action)
        self.check_device(self._window.settings.device)

    def check_device(self, name: str) -> None:
        for action in self.device_group.actions():
            action.setChecked(action.data() == name)

    def device_actions(self) -> dict[str, QAction]:
        return {a.data(): a for a in self.device_group.actions()}

    def recent_actions(self) -> list[QAction]:
        return [a for a in self.recent_menu.actions() if a.data()]
