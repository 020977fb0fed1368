"""Desktop integration and console-less error handling."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest
from PyQt5.QtCore import QTimer

from app import crash
from app.desktop import data_home, exec_line, install_desktop_entry

# The checks below follow the Desktop Entry Specification 1.5 ("Basic format of the file",
# "Possible value types", "The Exec key"), in Python so that they always run: CI machines do
# not have desktop-file-validate.
_GROUP = re.compile(r"^\[([^\[\]\x00-\x1f\x7f]+)\]$")
_KEY = re.compile(r"^([A-Za-z0-9-]+)(\[[^\]]+\])?\s*=\s*(.*)$")
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_FIELD_CODES = set("fFuUick")


def parse_desktop_entry(path: Path) -> dict[str, str]:
    """The [Desktop Entry] group's keys, after checking the file's line syntax."""
    groups: dict[str, dict[str, str]] = {}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if match := _GROUP.match(line):
            assert match[1] not in groups, f"line {number}: group [{match[1]}] repeated"
            current = groups[match[1]] = {}
            continue
        match = _KEY.match(line)
        assert match, f"line {number}: neither a group header nor key=value: {line!r}"
        assert current is not None, f"line {number}: key before the first group header"
        key = match[1] + (match[2] or "")
        assert key not in current, f"line {number}: key {key} repeated"
        current[key] = match[3]
    assert list(groups)[:1] == ["Desktop Entry"], "the first group must be [Desktop Entry]"
    return groups["Desktop Entry"]


def unescape_string(value: str) -> str:
    """A value of type string: \\s \\n \\t \\r \\\\ are escapes; any other backslash is invalid."""
    out, chars = [], iter(value)
    for c in chars:
        if c == "\\":
            nxt = next(chars, "")
            assert nxt in "sntr\\" and nxt, f"invalid escape in {value!r}"
            c = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[nxt]
        out.append(c)
    return "".join(out)


def exec_arguments(value: str) -> list[str]:
    """Split an Exec value (already string-unescaped) into arguments, checking its quoting.
    Field codes stay as they are (e.g. "%F"); "%%" becomes "%"."""
    args: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == " ":
            i += 1
            continue
        arg = []
        if value[i] == '"':
            i += 1
            while True:
                assert i < len(value), f"unterminated quote in {value!r}"
                c = value[i]
                if c == '"':
                    i += 1
                    break
                if c == "\\":
                    assert value[i + 1:i + 2] in ('"', "`", "$", "\\"), f"bad escape in {value!r}"
                    c = value[i + 1]
                    i += 1
                assert c not in "`$\"\\" or value[i - 1] == "\\", f"unescaped {c!r} in {value!r}"
                arg.append(c)
                i += 1
            assert i == len(value) or value[i] == " ", f"text after a closing quote in {value!r}"
        else:
            while i < len(value) and value[i] != " ":
                assert value[i] not in _EXEC_RESERVED, f"unquoted {value[i]!r} in {value!r}"
                arg.append(value[i])
                i += 1
        text = "".join(arg)
        # Percent signs: field codes, or %% for a literal one.
        fields = re.findall(r"%(.?)", text.replace("%%", ""))
        assert all(f in _FIELD_CODES for f in fields), f"unknown field code in {text!r}"
        args.append(text.replace("%%", "%"))
    return args


def test_install_desktop_entry_honours_xdg_data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_home() == tmp_path / "xdg"
    written = install_desktop_entry(command=["/opt/my apps/cifar10-gui"])
    entry = tmp_path / "xdg" / "applications" / "cifar10-gui.desktop"
    assert entry in written
    section = parse_desktop_entry(entry)
    for key in ("Type", "Name", "Exec", "Icon"):  # required for Type=Application (+ Icon: ours)
        assert section.get(key), f"missing {key}"
    assert section["Type"] == "Application" and section["Terminal"] == "false"
    assert section["Exec"] == '"/opt/my apps/cifar10-gui" %F'  # quoted: the path has a space
    assert exec_arguments(unescape_string(section["Exec"])) == ["/opt/my apps/cifar10-gui", "%F"]
    assert section["Icon"] == "cifar10-gui"
    assert "TryExec" not in section
    icon = tmp_path / "xdg" / "icons" / "hicolor" / "256x256" / "apps" / "cifar10-gui.png"
    assert icon in written and icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("command", [
    ["/usr/bin/python3", "-m", "app.main"],
    ["/home/me/my apps/venv/bin/cifar10-gui"],
    ['/odd/a"b$c`d\\e', "100%", "semi;colon"],
])
def test_exec_line_round_trips_through_the_spec_rules(command, tmp_path):
    written = install_desktop_entry(data_dir=tmp_path, command=command)
    section = parse_desktop_entry(written[0])
    assert exec_arguments(unescape_string(section["Exec"])) == [*command, "%F"]


def test_validator_rejects_bad_exec_quoting():
    with pytest.raises(AssertionError):
        exec_arguments("/opt/my apps/x;y %F")  # ";" must be quoted
    with pytest.raises(AssertionError):
        exec_arguments('"/opt/a"b" %F')        # inner quote not escaped
    with pytest.raises(AssertionError):
        exec_arguments("/opt/100% %F")         # "% " is not a field code


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
