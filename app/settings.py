"""What the app remembers between runs, stored with QSettings.

The window receives an :class:`AppSettings` explicitly, so tests can point it at an INI file in a
temporary folder instead of the user's real configuration.
"""

from __future__ import annotations

import os
from pathlib import Path

from PyQt5.QtCore import QByteArray, QSettings

from app import APP_NAME, ORGANIZATION

MAX_RECENT = 5
DEVICES = ("auto", "cpu", "cuda", "mps")


class AppSettings:
    """Typed accessors over a :class:`QSettings` store."""

    def __init__(self, store: QSettings) -> None:
        self._store = store

    @classmethod
    def user(cls) -> AppSettings:
        """The current user's settings (native format and location)."""
        return cls(QSettings(ORGANIZATION, APP_NAME))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> AppSettings:
        """Settings kept in an INI file (tests, portable installs)."""
        return cls(QSettings(str(path), QSettings.IniFormat))

    def sync(self) -> None:
        self._store.sync()

    def problem(self) -> str | None:
        """Why the settings cannot be kept (the file or its folder is not writable, or the
        file is not in the INI format), naming the file; None when they can. No write: it is
        asked at start-up, on the GUI thread."""
        name = self._store.fileName()
        if self._store.status() == QSettings.FormatError:
            return f"{name}: not a settings file this app can read"
        if not self._store.isWritable() or self._store.status() == QSettings.AccessError:
            return f"{name}: cannot be written"
        return None

    def _text(self, key: str, default: str = "") -> str:
        """A string setting, whatever a hand-edited or damaged file holds there: PyQt's
        ``value(key, type=str)`` returns a list for an unquoted comma (``a, b``; Qt quotes the
        commas it writes itself) and raises TypeError for a value such as ``@Point(1 2)``."""
        value = self._store.value(key, default)
        if isinstance(value, str):
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return ", ".join(value)  # what was written before Qt split it at the commas
        return default

    # -- model --------------------------------------------------------------------------------
    @property
    def last_checkpoint(self) -> Path | None:
        value = self._text("model/last_checkpoint")
        return Path(value) if value else None

    @last_checkpoint.setter
    def last_checkpoint(self, path: Path | None) -> None:
        self._store.setValue("model/last_checkpoint", str(path) if path else "")

    @property
    def recent_checkpoints(self) -> list[Path]:
        # Not value(type=list): a one-entry list can come back as a plain string (Qt writes a
        # one-item QStringList to INI files as "recent=/a/b.pt"; native stores may do the same),
        # and PyQt then raises TypeError instead of converting it.
        value = self._store.value("model/recent", [])
        values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [Path(v) for v in values if isinstance(v, str) and v][:MAX_RECENT]

    def add_recent(self, path: Path) -> list[Path]:
        """Put ``path`` first in the recent list (no duplicates, at most :data:`MAX_RECENT`)."""
        path = Path(path)
        recent = [path] + [p for p in self.recent_checkpoints if p != path]
        self._set_recent(recent[:MAX_RECENT])
        return self.recent_checkpoints

    def remove_recent(self, path: Path) -> bool:
        """Take ``path`` off the recent list; whether it was on it."""
        recent = self.recent_checkpoints
        kept = [p for p in recent if p != Path(path)]
        self._set_recent(kept)
        return len(kept) < len(recent)

    def clear_recent(self) -> None:
        self._set_recent([])

    def _set_recent(self, paths: list[Path]) -> None:
        self._store.setValue("model/recent", [str(p) for p in paths])

    @property
    def device(self) -> str:
        value = self._text("model/device", "auto")
        return value if value in DEVICES else "auto"

    @device.setter
    def device(self, name: str) -> None:
        self._store.setValue("model/device", name)

    # -- view ---------------------------------------------------------------------------------
    @property
    def language(self) -> str:
        """The interface language code chosen in View > Language; "" follows the system."""
        return self._text("view/language")

    @language.setter
    def language(self, code: str) -> None:
        self._store.setValue("view/language", code)

    @property
    def show_attention(self) -> bool:
        value = self._store.value("view/show_attention", False)
        if isinstance(value, str):  # INI files hold "true"/"false"
            return value.strip().lower() in ("true", "1")
        return value is True

    @show_attention.setter
    def show_attention(self, on: bool) -> None:
        self._store.setValue("view/show_attention", bool(on))

    # -- window -------------------------------------------------------------------------------
    @property
    def geometry(self) -> QByteArray | None:
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def splitter_state(self) -> QByteArray | None:
        value = self._store.value("window/splitter")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self._store.setValue("window/splitter", value)

    # -- folders the file dialogs start in ----------------------------------------------------
    @property
    def last_folder(self) -> str:
        return self._text("dialogs/last_folder")

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self._store.setValue("dialogs/last_folder", folder)
