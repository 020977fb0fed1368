"""The main window's menu bar: File, Model, View, Device and Help, built from an action table.

Each row of :data:`ACTIONS` names an action, its menu, its text and shortcut; triggering it calls
the handler of that name, given by the window (napari builds its menus from action tables the
same way). The menus that change (recent checkpoints, devices, languages) are rebuilt from the
settings and the worker's device probe. Texts are set in :meth:`WindowMenus.retranslate`, at
start and on every language change, in the translation context "MainWindow".
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QObject
from PyQt5.QtGui import QKeySequence
from PyQt5.QtWidgets import QAction, QActionGroup, QMainWindow, QMenu

from app.i18n import DEVICE_NAMES, LANGUAGES
from app.i18n import translate as _translate
from app.model_summary import checkpoint_name
from app.plain_text import tooltip
from app.settings import AppSettings

Shortcut = QKeySequence.StandardKey | str | None

# (menu, title), in menu-bar order
MENUS = (("file", QT_TRANSLATE_NOOP("MainWindow", "&File")),
         ("model", QT_TRANSLATE_NOOP("MainWindow", "&Model")),
         ("view", QT_TRANSLATE_NOOP("MainWindow", "&View")),
         ("device", QT_TRANSLATE_NOOP("MainWindow", "&Device")),
         ("help", QT_TRANSLATE_NOOP("MainWindow", "&Help")))

# (name, menu, text, shortcut); "-" is a separator, "recent" and "language" the submenus.
ACTIONS: tuple[tuple[str, str, str, Shortcut], ...] = (
    ("open_images", "file", QT_TRANSLATE_NOOP("MainWindow", "&Open Images…"), QKeySequence.Open),
    ("open_folder", "file", QT_TRANSLATE_NOOP("MainWindow", "Open &Folder…"), "Ctrl+Alt+O"),
    ("paste", "file", QT_TRANSLATE_NOOP("MainWindow", "&Paste Image"), QKeySequence.Paste),
    ("-", "file", "", None),
    ("new_model", "file", QT_TRANSLATE_NOOP("MainWindow", "&New Model from Folders…"),
     "Ctrl+Shift+N"),
    ("-", "file", "", None),
    ("export", "file", QT_TRANSLATE_NOOP("MainWindow", "&Export Results as CSV…"), "Ctrl+E"),
    ("clear", "file", QT_TRANSLATE_NOOP("MainWindow", "C&lear History"), None),
    ("-", "file", "", None),
    # QKeySequence.Quit has no binding on Windows; Ctrl+Q is what users expect everywhere.
    ("quit", "file", QT_TRANSLATE_NOOP("MainWindow", "&Quit"), "Ctrl+Q"),
    ("open_checkpoint", "model", QT_TRANSLATE_NOOP("MainWindow", "&Open Checkpoint…"),
     "Ctrl+Shift+O"),
    ("recent", "model", QT_TRANSLATE_NOOP("MainWindow", "&Recent Checkpoints"), None),
    ("bundled", "model", QT_TRANSLATE_NOOP("MainWindow", "Use &Bundled Model"), None),
    ("-", "model", "", None),
    ("model_info", "model", QT_TRANSLATE_NOOP("MainWindow", "Model &Info…"), None),
    ("architecture", "model", QT_TRANSLATE_NOOP("MainWindow", "&Architecture…"), None),
    ("attention", "view", QT_TRANSLATE_NOOP("MainWindow", "Show &Attention Map"), "Ctrl+M"),
    ("feature_maps", "view", QT_TRANSLATE_NOOP("MainWindow", "&Feature Maps…"), "Ctrl+Shift+F"),
    ("language", "view", QT_TRANSLATE_NOOP("MainWindow", "&Language"), None),
    ("samples", "help", QT_TRANSLATE_NOOP("MainWindow", "Try &Sample Images"), None),
    ("why_residuals", "help", QT_TRANSLATE_NOOP("MainWindow", "&Why Residual Connections?"),
     None),
    ("-", "help", "", None),
    ("about", "help", QT_TRANSLATE_NOOP("MainWindow", "&About"), None),
)
CHECKABLE = {"attention"}


class WindowMenus(QObject):
    """The menu bar of ``window``. ``handlers`` maps action names to callables (checkable
    actions get the new state); ``open_recent``, ``set_device`` and ``set_language`` take the
    chosen path, device or language code."""

    def __init__(self, window: QMainWindow, settings: AppSettings,
                 handlers: Mapping[str, Callable[..., object]],
                 current_language: Callable[[], str]) -> None:
        super().__init__(window)
        self._window, self._settings, self._handlers = window, settings, handlers
        self._current_language = current_language
        self._texts: list[tuple[QAction | QMenu, str]] = []  # source texts, for retranslate()
        self.devices: list[str] = ["cpu"]  # as found by the worker's probe
        self.actions: dict[str, QAction] = {}
        menus = {}
        for key, title in MENUS:
            menus[key] = window.menuBar().addMenu("")
            self._texts.append((menus[key], title))
        for name, menu, text, shortcut in ACTIONS:
            if name == "-":
                menus[menu].addSeparator()
            elif name in ("recent", "language"):
                submenu = menus[menu].addMenu("")
                self._texts.append((submenu, text))
                setattr(self, f"{name}_menu", submenu)
            else:
                self.actions[name] = self._action(menus[menu], name, text, shortcut)
        self.device_menu = menus["device"]
        self.device_group = QActionGroup(window)
        self.device_group.setExclusive(True)
        self.attention.blockSignals(True)  # the window applies the setting itself
        self.attention.setChecked(settings.show_attention)
        self.attention.blockSignals(False)
        self.language_group = QActionGroup(window)
        for code, name in LANGUAGES:
            action = QAction(name, window, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: handlers["set_language"](c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)

    def __getattr__(self, name: str) -> QAction:
        # menus.export, menus.attention, ...: the actions of the table by name
        actions = self.__dict__.get("actions", {})
        if name in actions:
            return actions[name]
        raise AttributeError(name)

    def _action(self, menu: QMenu, name: str, text: str, shortcut: Shortcut) -> QAction:
        action = QAction(self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        handler = self._handlers[name]
        if name in CHECKABLE:
            action.setCheckable(True)
            action.toggled.connect(handler)
        else:
            action.triggered.connect(lambda _checked=False: handler())
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
            action.setChecked(action.data() == self._current_language())

    def rebuild_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._settings.recent_checkpoints
        for i, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{i} {checkpoint_name(path, with_suffix=True)}")
            action.setToolTip(tooltip(str(path)))
            action.setData(str(path))
            action.triggered.connect(
                lambda _checked=False, p=path: self._handlers["open_recent"](Path(p)))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(_translate("MainWindow", "Clear Recent"),
                                       self._clear_recent)
        self.recent_menu.setEnabled(bool(recent))

    def _clear_recent(self) -> None:
        self._settings.clear_recent()
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
            action.triggered.connect(
                lambda _checked=False, n=name: self._handlers["set_device"](n))
            self.device_group.addAction(action)
            self.device_menu.addAction(action)
        self.check_device(self._settings.device)

    def check_device(self, name: str) -> None:
        for action in self.device_group.actions():
            action.setChecked(action.data() == name)

    def device_actions(self) -> dict[str, QAction]:
        return {a.data(): a for a in self.device_group.actions()}

    def recent_actions(self) -> list[QAction]:
        return [a for a in self.recent_menu.actions() if a.data()]
