"""Text from files and checkpoints shown as text, never as markup.

Qt renders a label, tooltip or message box as rich text whenever the string merely looks like
HTML (``Qt::mightBeRichText``), so a file named ``<h1>dog 100%<br>.png`` or a checkpoint whose
class name is ``<h1 style='color:green'>SAFE</h1>`` would be drawn as a heading. Labels are
switched to plain text (:func:`plain_label`); tooltips have no such switch, so their text is
escaped inside a paragraph that keeps its line breaks (:func:`tooltip`).
"""

from __future__ import annotations

import html

from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QLabel


def plain_label(text: str = "") -> QLabel:
    """A QLabel that always shows ``text`` literally."""
    label = QLabel()
    label.setTextFormat(Qt.PlainText)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """Tooltip markup that shows ``text`` literally, line breaks kept."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
