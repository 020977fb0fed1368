"""Colours and sizes shared by the widgets, so the window looks like one program."""

from __future__ import annotations

from PyQt5.QtGui import QColor, QFont, QIcon
from PyQt5.QtWidgets import QWidget

ACCENT = QColor("#2f6fde")
ACCENT_SOFT = QColor("#9db8e8")
HIGHLIGHT_FILL = QColor(47, 111, 222, 28)
TRACK = QColor("#e7eaf0")
ERROR = QColor("#c0392b")
WARNING = QColor("#b45309")  # amber: a caution, not an error
MUTED = QColor("#6b7280")
PANEL_BORDER = QColor("#cfd5de")


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def app_icon() -> QIcon:
    """The application's icon, from the bundled SVG and PNG."""
    from model.files.paths import icon_files

    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon
