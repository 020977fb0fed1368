"""Draw the application icon: resources/icons/cifar10-gui.svg, and its PNG rendering.

The SVG is the source; the PNG (256x256, what the window and the hicolor theme use) is rendered
from it with QtSvg, so both always match.

    python scripts/make_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"

# A blue tile holding a photo (sky, hills, sun) seen through a coarse pixel grid -- the 32x32
# image the network sees -- and a green tag for "classified".
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#3d7ff0"/>
      <stop offset="1" stop-color="#2452b8"/>
    </linearGradient>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#bfe0ff"/>
      <stop offset="1" stop-color="#eaf5ff"/>
    </linearGradient>
    <clipPath id="photo"><rect x="44" y="52" width="168" height="140" rx="10"/></clipPath>
  </defs>
  <rect x="12" y="12" width="232" height="232" rx="48" fill="url(#tile)"/>
  <rect x="36" y="44" width="184" height="156" rx="16" fill="#ffffff"/>
  <g clip-path="url(#photo)">
    <rect x="44" y="52" width="168" height="140" fill="url(#sky)"/>
    <circle cx="168" cy="88" r="16" fill="#ffc83d"/>
    <path d="M44 170 L96 112 L132 150 L156 128 L212 180 L212 192 L44 192 Z" fill="#3aa46a"/>
    <path d="M44 192 L44 176 L80 150 L120 192 Z" fill="#2b8a57"/>
    <g stroke="#ffffff" stroke-opacity="0.55" stroke-width="2">
      <path d="M65 52 V192 M86 52 V192 M107 52 V192 M128 52 V192 M149 52 V192 M170 52 V192 M191 52 V192"/>
      <path d="M44 73.5 H212 M44 95 H212 M44 116.5 H212 M44 138 H212 M44 159.5 H212 M44 181 H212"/>
    </g>
  </g>
  <g transform="translate(150 160)">
    <circle cx="34" cy="34" r="34" fill="#1f9d55" stroke="#ffffff" stroke-width="6"/>
    <path d="M18 35 L30 47 L51 24" fill="none" stroke="#ffffff" stroke-width="8"
          stroke-linecap="round" stroke-linejoin="round"/>
  </g>
</svg>
"""


def main() -> int:
    from PyQt5.QtCore import QByteArray, Qt
    from PyQt5.QtGui import QGuiApplication, QImage, QPainter
    from PyQt5.QtSvg import QSvgRenderer

    ICONS.mkdir(parents=True, exist_ok=True)
    svg_path = ICONS / "cifar10-gui.svg"
    svg_path.write_text(SVG, encoding="utf-8")
    _app = QGuiApplication.instance() or QGuiApplication(["make_icon", "-platform", "offscreen"])
    renderer = QSvgRenderer(QByteArray(SVG.encode()))
    for size, name in ((256, "cifar10-gui.png"),):
        image = QImage(size, size, QImage.Format_ARGB32_Premultiplied)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / name))
        print(f"wrote {ICONS / name}")
    print(f"wrote {svg_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
