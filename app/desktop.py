"""``cifar10-gui --install-desktop-entry``: a launcher and icon for the current user (Linux).

Follows the freedesktop.org specifications: the entry goes to ``$XDG_DATA_HOME/applications``
(default ``~/.local/share``), icons to ``$XDG_DATA_HOME/icons/hicolor/<size>/apps`` (Icon Theme
spec), named after the entry so ``Icon=cifar10-gui`` finds them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from app import APP_NAME
from model.files.paths import desktop_template, icon_files

# Characters that force quoting in an Exec argument (Desktop Entry spec, "The Exec key").
_RESERVED = re.compile(r"""[\s"'\\><~|&;$*?#()`]""")


class DesktopEntryError(RuntimeError):
    """The launcher could not be installed; the message says which file and why."""


def data_home(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    # Relative values are invalid and must be ignored (XDG Base Directory spec).
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher_command() -> list[str]:
    """How the launcher starts the app: the installed gui-script if there is one, else
    ``python -m app.main`` with this interpreter."""
    for candidate in (Path(sys.executable).parent / APP_NAME, shutil.which(APP_NAME)):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return [str(Path(candidate).resolve())]
    return [sys.executable, "-m", "app.main"]


def exec_line(command: list[str]) -> str:
    """The ``Exec`` value: quoted per the spec, with ``%F`` so files opened with it are passed."""
    return " ".join(_quote(arg) for arg in command) + " %F"


def install_desktop_entry(data_dir: Path | None = None,
                          command: list[str] | None = None) -> list[Path]:
    """Install the desktop entry and icons; returns the files written."""
    base = data_dir or data_home()
    template = desktop_template()
    try:
        entry_text = template.read_text(encoding="utf-8")
    except OSError as e:
        raise DesktopEntryError(f"{template}: cannot read the launcher template "
                                f"({e.strerror or e}); reinstall the package") from None
    exec_value = exec_line(command or launcher_command())
    entry_text = re.sub(r"(?m)^Exec=.*$", lambda _m: f"Exec={exec_value}", entry_text)
    entry_text = re.sub(r"(?m)^TryExec=.*\n", "", entry_text)

    written = []
    apps = base / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    entry = apps / f"{APP_NAME}.desktop"
    entry.write_text(entry_text, encoding="utf-8")
    entry.chmod(0o755)  # some desktops only launch entries marked executable ("trusted")
    written.append(entry)
    for source in icon_files():
        sub = "scalable" if source.suffix == ".svg" else "256x256"
        target = base / "icons" / "hicolor" / sub / "apps" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    _refresh_caches(base)
    return written


def _refresh_caches(base: Path) -> None:
    """Best effort: desktops also notice new files by themselves, just later."""
    hicolor = str(base / "icons" / "hicolor")
    for tool, args in (("update-desktop-database", [str(base / "applications")]),
                       ("gtk-update-icon-cache", ["-f", "-t", "-q", hicolor])):
        if shutil.which(tool):
            try:
                subprocess.run([tool, *args], check=False, timeout=20,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except (OSError, subprocess.SubprocessError):
                pass


def _quote(arg: str) -> str:
    # A literal "%" must be written "%%", or it reads as a field code (spec, "The Exec key").
    arg = arg.replace("%", "%%")
    if not _RESERVED.search(arg):
        return arg
    inner = re.sub(r'(["`$\\])', r"\\\1", arg)
    # Inside a desktop file value a backslash is itself escaped (the "string" type's rules).
    return '"' + inner.replace("\\", "\\\\") + '"'
