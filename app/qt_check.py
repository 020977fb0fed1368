"""Can Qt open a window here? Asked before the QApplication exists, because Qt cannot be asked.

When Qt's platform plugin cannot start (no display, or the X11 plugin's system libraries are
missing, as on a minimal Linux or in a container), Qt prints "Reinstalling the application may
fix this problem", which is wrong advice, and aborts the process (SIGABRT, exit status 134)
from inside ``QApplication()``, so Python cannot catch it. This module looks first: the display
variables, then the plugin's shared libraries (loading the plugin file with the dynamic loader
finds exactly what Qt's own ``dlopen`` would miss). It names what is missing and how to get it,
in one line, so ``main`` can exit cleanly.

Only Linux's ``xcb`` (X11) and ``wayland`` platforms are checked; any other platform chosen with
``QT_QPA_PLATFORM`` or ``-platform`` (``offscreen``, ``vnc``, ...) is left to Qt. Qt-free and
torch-free: it runs before either loads.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

# Debian package of a shared library whose name does not follow the usual rule (below).
_DEBIAN_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
}


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships ``soname``, by Debian's library naming policy:
    ``libfoo.so.N`` is in ``libfooN``, or ``libfoo-N`` when the name ends in a digit."""
    if soname in _DEBIAN_EXCEPTIONS:
        return _DEBIAN_EXCEPTIONS[soname]
    match = re.fullmatch(r"(lib.+?)\.so\.(\d+)(?:\.\d+)*", soname)
    if not match:
        return soname
    name, major = match.group(1).lower(), match.group(2)
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def chosen_platforms(environ: Mapping[str, str], qt_args: Sequence[str]) -> list[str]:
    """The platforms Qt will try, in order: ``-platform`` on the command line, else every
    ``;``-separated entry of ``QT_QPA_PLATFORM`` (Qt falls back from one to the next), else Qt
    5's Linux default, ``xcb``."""
    args = list(qt_args)
    for i, arg in enumerate(args):
        if arg in ("-platform", "--platform") and i + 1 < len(args):
            return [args[i + 1].split(":")[0]]
        if arg.startswith(("-platform=", "--platform=")):
            return [arg.split("=", 1)[1].split(":")[0]]
    entries = [e.strip().split(":")[0] for e in environ.get("QT_QPA_PLATFORM", "").split(";")]
    return [e for e in entries if e] or ["xcb"]


def plugin_file(platform: str) -> Path | None:
    """PyQt5's platform plugin for ``platform``, found without importing Qt."""
    spec = importlib.util.find_spec("PyQt5")
    if spec is None or not spec.submodule_search_locations:
        return None
    name = "libqxcb.so" if platform == "xcb" else "libqwayland-generic.so"
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "Qt5" / "plugins" / "platforms" / name
        if candidate.is_file():
            return candidate
    return None


def missing_libraries(plugin: Path, error: str = "") -> list[str]:
    """Shared libraries the plugin needs and the system lacks, by ``ldd`` where it exists,
    else the one the loader's ``error`` names."""
    found: list[str] = []
    if shutil.which("ldd"):
        try:
            out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True,
                                 timeout=10, check=False).stdout
            found = re.findall(r"^\s*(\S+) => not found", out, flags=re.M)
        except (OSError, subprocess.SubprocessError):
            found = []
    if not found:
        found = re.findall(r"(lib[^\s:]+\.so[.\d]*): cannot open shared object", error)
    return list(dict.fromkeys(found))  # unique, in ldd's order


def _load(path: Path) -> None:
    ctypes.CDLL(str(path))


def problem(environ: Mapping[str, str] | None = None, qt_args: Sequence[str] = (),
            platform_name: str | None = None,
            load: Callable[[Path], None] = _load,
            find_plugin: Callable[[str], Path | None] = plugin_file) -> str | None:
    """Why Qt cannot open a window here, as one line with the fix; None when it should work
    (or when this cannot tell: Qt then reports for itself)."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform_name is None else platform_name
    if not system.startswith("linux"):
        return None
    if env.get("QT_QPA_PLATFORM_PLUGIN_PATH") or env.get("QT_PLUGIN_PATH"):
        return None  # plugins from elsewhere: not ours to second-guess
    # Qt falls back from one platform to the next: refuse only if none can start, and say why
    # the first one cannot.
    first = None
    for platform in chosen_platforms(env, qt_args):
        reason = _platform_problem(platform, env, load, find_plugin)
        if reason is None:
            return None  # Qt can start on this one (or it is not ours to judge)
        first = first or reason
    return first


def _platform_problem(platform: str, env: Mapping[str, str], load: Callable[[Path], None],
                      find_plugin: Callable[[str], Path | None]) -> str | None:
    if platform not in ("xcb", "wayland"):
        return None
    if platform == "xcb" and not env.get("DISPLAY"):
        return ("no display to open the window on (DISPLAY is not set): start it from a desktop "
                "session, over ssh -X, or under a virtual display (xvfb-run cifar10-gui); "
                "QT_QPA_PLATFORM=offscreen runs it with no visible window")
    if platform == "wayland" and not env.get("WAYLAND_DISPLAY"):
        return ("no Wayland display (WAYLAND_DISPLAY is not set): start it from a Wayland "
                "session, or unset QT_QPA_PLATFORM to use X11")
    plugin = find_plugin(platform)
    if plugin is None:
        return None
    try:
        load(plugin)
    except OSError as e:
        libraries = missing_libraries(plugin, str(e))
        if not libraries:
            return f"Qt's {platform} platform plugin cannot be loaded ({e})"
        packages = " ".join(dict.fromkeys(debian_package(lib) for lib in libraries))
        return (f"Qt's {platform} platform plugin is missing system libraries "
                f"({', '.join(libraries)}): install them, e.g. sudo apt install {packages}")
    return None
