"""Desktop integration and console-less error handling."""

from __future__ import annotations

import configparser
import logging
import shutil
import subprocess
import sys

import pytest
from PyQt5.QtCore import QTimer

from app import crash
from app.desktop import data_home, exec_line, install_desktop_entry


def test_install_desktop_entry_honours_xdg_data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_home() == tmp_path / "xdg"
    written = install_desktop_entry(command=["/opt/my apps/cifar10-gui"])
    entry = tmp_path / "xdg" / "applications" / "cifar10-gui.desktop"
    assert entry in written
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(entry, encoding="utf-8")
    section = parser["Desktop Entry"]
    assert section["Type"] == "Application" and section["Terminal"] == "false"
    assert section["Exec"] == '"/opt/my apps/cifar10-gui" %F'  # quoted: the path has a space
    assert section["Icon"] == "cifar10-gui"
    assert "TryExec" not in section
    icon = tmp_path / "xdg" / "icons" / "hicolor" / "256x256" / "apps" / "cifar10-gui.png"
    assert icon in written and icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_relative_xdg_data_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_home() == tmp_path / ".local" / "share"


def test_exec_line_plain_command():
    assert exec_line(["/usr/bin/cifar10-gui"]) == "/usr/bin/cifar10-gui %F"


@pytest.fixture
def hook_log(tmp_path):
    root = logging.getLogger()
    before = list(root.handlers)
    log_file = crash.setup_logging(tmp_path / "logs")
    previous = sys.excepthook
    yield log_file
    sys.excepthook = previous
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_excepthook_logs_and_shows_a_dialog(hook_log):
    shown = []
    crash.install_excepthook(hook_log, show=lambda title, text: shown.append((title, text)))
    try:
        raise RuntimeError("kaboom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    (title, text), = shown
    assert "kaboom in a slot" in text and str(hook_log) in text
    content = hook_log.read_text(encoding="utf-8")
    assert "Traceback" in content and "kaboom in a slot" in content


def test_exception_escaping_a_qt_slot_reaches_the_hook(hook_log, qtbot):
    shown = []
    crash.install_excepthook(hook_log, show=lambda title, text: shown.append(text))

    def broken_slot():
        raise ValueError("raised inside the event loop")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "raised inside the event loop" in shown[0]


def test_missing_std_streams_are_replaced(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    crash.guard_std_streams()
    print("goes nowhere, and does not raise")
    sys.stderr.write("neither does this\n")
    assert sys.stdout is not None and sys.stderr is not None


def test_log_dir_honours_xdg_state_home(monkeypatch, tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("XDG locations are for Linux")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert crash.log_dir() == tmp_path / "cifar10-gui"
