"""Entry point: ``cifar10-gui [IMAGES or FOLDERS...] [--checkpoint F]`` (and ``python main.py``).

Only Qt loads before the window is shown; torch loads in the worker thread afterwards.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import APP_DISPLAY_NAME, APP_NAME, ORGANIZATION


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=APP_NAME, description="Classify images into the CIFAR-10 classes with ResNet-18.")
    parser.add_argument("paths", nargs="*", metavar="IMAGE_OR_FOLDER",
                        help="images or folders to classify at start")
    parser.add_argument("--checkpoint", type=Path, metavar="F",
                        help="checkpoint to load (.safetensors, .pt, .pth); "
                             "default: the last one used, else the bundled model")
    parser.add_argument("--settings", type=Path, metavar="INI",
                        help="keep settings in this INI file instead of the user's settings")
    parser.add_argument("--language", choices=("en", "zh_TW", "zh_CN"),
                        help="interface language for this run (default: View > Language's "
                             "choice, else the system's)")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="install a launcher and icon for the current user (Linux) and exit")
    # Qt's own options (-style, -platform ...) are passed through to QApplication.
    args, qt_args = parser.parse_known_args(argv)
    args.qt_args = qt_args
    return args


def main(argv: list[str] | None = None) -> int:
    from app.crash import guard_std_streams

    guard_std_streams()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.install_desktop_entry:
        return _install_desktop_entry()
    from app.qt_check import problem

    reason = problem(qt_args=args.qt_args)
    if reason:  # Qt would abort the process (exit 134) with advice that does not help
        print(f"{APP_NAME}: cannot start: {reason}", file=sys.stderr)
        return 3

    from PyQt5.QtCore import QCoreApplication, Qt, QTimer
    from PyQt5.QtWidgets import QApplication

    from app.crash import install_excepthook, setup_logging
    from app.i18n import Translations, system_language
    from app.settings import AppSettings
    from app.window import MainWindow

    log_file = setup_logging()
    from model.data.pillow_quiet import quiet_pillow_size_warnings

    quiet_pillow_size_warnings()  # the decoding policy says more, and in the history
    # Must be set before the QApplication exists (Qt 5 high-DPI support is opt-in).
    QCoreApplication.setAttribute(Qt.AA_EnableHighDpiScaling, True)
    QCoreApplication.setAttribute(Qt.AA_UseHighDpiPixmaps, True)
    app = QApplication.instance() or QApplication([sys.argv[0], *args.qt_args])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setDesktopFileName(APP_NAME)  # Wayland matches the window to the .desktop entry's icon
    install_excepthook(log_file)

    settings = AppSettings.from_file(args.settings) if args.settings else AppSettings.user()
    # Before the window exists, so it is built in the right language from the start.
    translations = Translations(app)
    translations.set_language(args.language or settings.language or system_language())
    window = MainWindow(settings, checkpoint=args.checkpoint, translations=translations)
    window.show()
    paths = [str(p) for p in args.paths]
    QTimer.singleShot(0, lambda: window.start(paths))
    code = app.exec_()
    window.state.shutdown()  # the loop may also end without the window closing (app.quit())
    return code


def _install_desktop_entry() -> int:
    from app.desktop import DesktopEntryError, install_desktop_entry

    if not sys.platform.startswith("linux"):
        print("--install-desktop-entry is for Linux desktops (freedesktop.org).", file=sys.stderr)
        return 2
    try:
        written = install_desktop_entry()
    except (DesktopEntryError, OSError) as e:
        print(f"{APP_NAME}: could not install the desktop entry: {e}", file=sys.stderr)
        return 1
    for path in written:
        print(f"installed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
