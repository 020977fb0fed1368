"""Before Qt starts: a missing display or missing X11 libraries are one clear line, not an abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import qt_check

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),  # name ends in a digit: a hyphen
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libGL.so.1", "libgl1"),
    ("libglib-2.0.so.0", "libglib2.0-0"),  # an exception to the rule
])
def test_debian_package_names(soname: str, package: str) -> None:
    assert qt_check.debian_package(soname) == package


def test_platforms_from_arguments_then_environment() -> None:
    assert qt_check.chosen_platforms({}, []) == ["xcb"]
    assert qt_check.chosen_platforms({"QT_QPA_PLATFORM": "offscreen"}, []) == ["offscreen"]
    assert qt_check.chosen_platforms({"QT_QPA_PLATFORM": "wayland;xcb"}, []) == ["wayland", "xcb"]
    assert qt_check.chosen_platforms({"QT_QPA_PLATFORM": "vnc:size=800x600"}, []) == ["vnc"]
    assert qt_check.chosen_platforms({"QT_QPA_PLATFORM": "xcb"}, ["-platform", "offscreen"]) \
        == ["offscreen"]


def test_a_fallback_platform_that_works_is_enough(tmp_path: Path) -> None:
    # "wayland;xcb" in an X11 session: Qt falls back to xcb, so the app must start.
    loaded = []
    ok = qt_check.problem({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"},
                          platform_name="linux", load=loaded.append,
                          find_plugin=lambda p: tmp_path / f"{p}.so")
    assert ok is None and loaded == [tmp_path / "xcb.so"]
    neither = qt_check.problem({"QT_QPA_PLATFORM": "wayland;xcb"}, platform_name="linux",
                               load=_never_loads, find_plugin=lambda p: None)
    assert neither is not None and "WAYLAND_DISPLAY" in neither


def _never_loads(path: Path) -> None:
    raise AssertionError("the plugin must not be loaded when there is no display")


def test_no_display_is_named(tmp_path: Path) -> None:
    reason = qt_check.problem({}, platform_name="linux", load=_never_loads,
                              find_plugin=lambda _p: tmp_path / "libqxcb.so")
    assert reason is not None and "DISPLAY is not set" in reason
    assert "xvfb-run" in reason and "QT_QPA_PLATFORM=offscreen" in reason
    wayland = qt_check.problem({"QT_QPA_PLATFORM": "wayland"}, platform_name="linux",
                               load=_never_loads, find_plugin=lambda _p: None)
    assert wayland is not None and "WAYLAND_DISPLAY" in wayland


def test_missing_libraries_are_named_with_their_packages(tmp_path: Path) -> None:
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"not an ELF file")  # ldd finds nothing: the loader's message is used

    def load(path: Path) -> None:
        assert path == plugin
        raise OSError("libxcb-icccm.so.4: cannot open shared object file: No such file or "
                      "directory")

    reason = qt_check.problem({"DISPLAY": ":0"}, platform_name="linux", load=load,
                              find_plugin=lambda _p: plugin)
    assert reason is not None
    assert "libxcb-icccm.so.4" in reason and "sudo apt install libxcb-icccm4" in reason
    assert "\n" not in reason


def test_nothing_to_say_when_qt_can_start(tmp_path: Path) -> None:
    loaded = []
    ok = qt_check.problem({"DISPLAY": ":0"}, platform_name="linux", load=loaded.append,
                          find_plugin=lambda _p: tmp_path / "libqxcb.so")
    assert ok is None and loaded == [tmp_path / "libqxcb.so"]
    # Platforms other than X11 and Wayland, other systems, and plugins from elsewhere: Qt's call.
    for env, system in (({"QT_QPA_PLATFORM": "offscreen"}, "linux"), ({}, "darwin"),
                        ({"QT_PLUGIN_PATH": "/opt/qt"}, "linux")):
        assert qt_check.problem(env, platform_name=system, load=_never_loads) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_the_app_exits_with_one_line_instead_of_aborting() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"  # what a desktop start uses, whatever the test run sets
    out = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True,
                         text=True, env=env, timeout=60)
    assert out.returncode == 3, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cifar10-gui: cannot start: no display")
