"""Start-up: the window appears before torch loads; the gui entry point and its options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import app.main  # the entry point's module, as the gui-script imports it
    from PyQt5.QtCore import QEventLoop, QTimer
    from PyQt5.QtWidgets import QApplication
    from app.settings import AppSettings
    from app.window import MainWindow

    class PrintedDialogs:  # a modal dialog would block this headless probe
        def error(self, parent, title, text):
            print(title, text, file=sys.stderr)

    qapp = QApplication([])
    window = MainWindow(AppSettings.from_file(sys.argv[1]), checkpoint=Path(sys.argv[2]),
                        dialogs=PrintedDialogs())
    window.show()
    qapp.processEvents()
    report = {"before": sorted(m for m in ("torch", "numpy", "PIL") if m in sys.modules),
              "visible": window.isVisible()}
    loop = QEventLoop()
    window.state.model_changed.connect(loop.quit)
    window.state.model_load_failed.connect(loop.quit)
    QTimer.singleShot(120000, loop.quit)
    window.start()
    loop.exec_()
    report["after"] = sorted(m for m in ("torch", "numpy", "onnxruntime") if m in sys.modules)
    report["loaded"] = window.state.summary is not None
    window.close()
    print(json.dumps(report))
""")


def test_window_appears_before_torch_is_imported(tmp_path, random_checkpoint):
    """... and with no GPU, the model loads and classifies without torch at all (the ONNX graph
    comes from the cache, exported by a child process: model/inference/graphs.py)."""
    from model.inference.onnx_session import onnxruntime_available
    from model.network.devices import gpu_may_be_present

    # A fresh interpreter: in this one, other tests have imported torch already.
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "s.ini"), str(random_checkpoint)],
        cwd=ROOT, capture_output=True, text=True, timeout=150)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["visible"]
    assert report["before"] == []  # not torch, nor even numpy or Pillow: they load in the worker
    assert report["loaded"]
    if onnxruntime_available() and not gpu_may_be_present():
        assert report["after"] == ["numpy", "onnxruntime"]  # the worker's imports are seen
    else:  # torch is asked about the GPU, or is the engine
        assert "torch" in report["after"]


def test_install_desktop_entry_from_the_command_line(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "main.py", "--install-desktop-entry"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    entry = tmp_path / "data" / "applications" / "cifar10-gui.desktop"
    assert entry.is_file() and str(entry) in result.stdout
    assert (tmp_path / "data" / "icons" / "hicolor" / "256x256" / "apps" / "cifar10-gui.png"
            ).is_file()


def test_help_lists_the_options():
    result = subprocess.run([sys.executable, "main.py", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for option in ("--checkpoint", "--install-desktop-entry", "IMAGE_OR_FOLDER"):
        assert option in result.stdout


def test_quit_is_ctrl_q_on_every_platform(make_window):
    # QKeySequence.Quit has no binding on Windows, so the window sets Ctrl+Q explicitly.
    from PyQt5.QtGui import QKeySequence

    window = make_window(checkpoint=None)
    assert window.menus.quit.shortcut() == QKeySequence("Ctrl+Q")
    assert window.menus.open_images.shortcut() == QKeySequence(QKeySequence.Open)
