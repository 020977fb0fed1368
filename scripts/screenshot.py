"""Make docs/screenshot.png: the real window with a few images classified.

    xvfb-run -a -s "-screen 0 1400x900x24" python scripts/screenshot.py \
        --images resources/samples resources/samples/cat_0000.jpg --attention \
        --output docs/attention.png

--images: files or folders (default: the sample gallery); the last one given is the one shown
large. --attention turns View > Show Attention Map on and waits for the map; --view grabs one
of the views inside the network instead of the window (architecture, feature-maps, residuals);
--language picks the interface language. Settings go to a temporary INI file, never the user's own.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkpoint", type=Path, help="default: the bundled checkpoint")
    parser.add_argument("--images", type=Path, nargs="+",
                        help="images or folders to classify; the last one is shown large "
                             "(default: the sample gallery)")
    parser.add_argument("--attention", action="store_true", help="show the attention map")
    parser.add_argument("--view", choices=("architecture", "feature-maps", "residuals",
                                           "new-model"),
                        help="grab this view instead of the main window")
    parser.add_argument("--train-folder", type=Path,
                        help="new-model: the folder of class folders it is shown with")
    parser.add_argument("--train", action="store_true",
                        help="new-model: train (Quick, the real CLI) and grab the result page")
    parser.add_argument("--no-flip", action="store_true", help="new-model: untick mirroring")
    parser.add_argument("--language", default="en", choices=("en", "zh_TW", "zh_CN"))
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--size", default="1120x740", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args()
    from model.files.paths import samples_dir

    images = args.images or [samples_dir()]
    missing = [str(p) for p in images if not p.exists()]
    if missing:
        parser.error(f"--images: not found: {', '.join(missing)}")

    from PyQt5.QtCore import QCoreApplication, Qt
    from PyQt5.QtWidgets import QApplication

    from app import APP_DISPLAY_NAME
    from app.settings import AppSettings
    from app.window import MainWindow
    from model.files.paths import bundled_checkpoint

    checkpoint = args.checkpoint or bundled_checkpoint()
    if not checkpoint.is_file():
        print(f"no checkpoint at {checkpoint}; pass --checkpoint", file=sys.stderr)
        return 1

    QCoreApplication.setAttribute(Qt.AA_UseHighDpiPixmaps, True)
    app = QApplication([sys.argv[0]])
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    from app.i18n import Translations

    translations = Translations(app)
    translations.set_language(args.language)
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(AppSettings.from_file(Path(tmp) / "screenshot.ini"),
                            checkpoint=checkpoint, translations=translations)
        width, height = (int(v) for v in args.size.split("x"))
        window.resize(width, height)
        window.show()
        window.start()
        state = window.state
        _wait(app, lambda: state.summary is not None or state.loading_path is None)
        if window.state.summary is None:
            print(f"could not load {checkpoint}", file=sys.stderr)
            return 1
        # Other images first (they fill the history), the showcase image last.
        for path in images:
            window.state.submit_paths([str(path)])
            _wait(app, lambda: not window.state.busy)
        if args.attention:
            window.set_attention_visible(True)
            _wait(app, lambda: window.attention_for(len(state.entries) - 1) is not None)
        shot = window
        if args.view == "architecture":
            shot = window.inside.show_architecture()
            _wait(app, lambda: shot.table.rowCount() > 0)
        elif args.view == "feature-maps":
            shot = window.inside.show_feature_maps()
            _wait(app, lambda: shot.status == "ready")
        elif args.view == "residuals":
            shot = window.inside.show_residuals()
        elif args.view == "new-model":
            shot = window.training.show()
            shot.resize(900, 620)
            _wait(app, lambda: shot.speed is not None)
            if args.train_folder:
                shot.set_folder(args.train_folder)
            shot.flip_box.setChecked(not args.no_flip)
            shot.out_edit.setText(str(Path(tmp) / "new-model"))
            if args.train and shot.start():
                _wait(app, lambda: not window.training.run.running, seconds=3600)
        _wait(app, lambda: False, seconds=0.3)  # let the final paints happen
        args.output.parent.mkdir(parents=True, exist_ok=True)
        shot.grab().save(str(args.output))
        shown = window.state.entries[-1]
        print(f"wrote {args.output}: {len(state.entries)} images, showing {shown.name} -> "
              f"{shown.top_label} {shown.top_probability:.1%} ({state.summary.path})")
        window.close()
    return 0


def _wait(app, condition, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)


if __name__ == "__main__":
    sys.exit(main())
