"""The Model > Model Info dialog: a checkpoint's metadata as readable HTML."""

from __future__ import annotations

import html
import json
from typing import Any

from PyQt5.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.worker import ModelSummary


def model_info_html(summary: ModelSummary) -> str:
    info = summary.info
    acc = info.get("test_accuracy")
    rows = [
        ("Model", summary.display_name),
        ("Checkpoint", summary.path),
        ("Device", summary.device),
        ("Test accuracy", _percent(acc) or "not recorded"),
        ("Input", f"{info.get('input_size')} × {info.get('input_size')} px, "
                  f"mean {_floats(info.get('mean'))}, std {_floats(info.get('std'))}"),
        ("Created", info.get("created") or "unknown"),
    ]
    parts = ["<h2>Model information</h2>", _table(rows)]
    per_class = info.get("per_class_accuracy") or {}
    classes = info.get("class_names") or []
    parts.append(f"<h3>Classes ({len(classes)})</h3>")
    if per_class:
        parts.append(_table([(name, _percent(per_class.get(name)) or "–")
                             for name in classes], header=("Class", "Test accuracy")))
    else:
        parts.append(f"<p>{html.escape(', '.join(classes))}</p>"
                     "<p><i>No per-class accuracy recorded.</i></p>")
    parts.append("<h3>Training configuration</h3>")
    config = info.get("train_config")
    parts.append(_pre(config) if config else "<p><i>Not recorded.</i></p>")
    if info.get("extra"):
        parts.append("<h3>Other metadata</h3>" + _pre(info["extra"]))
    return "\n".join(parts)


class ModelInfoDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Model Info")
        self.resize(560, 620)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    def set_summary(self, summary: ModelSummary | None) -> None:
        self.browser.setHtml(model_info_html(summary) if summary else
                             "<h2>No model loaded</h2><p>Use Model › Open Checkpoint…</p>")


def _table(rows: list[tuple[str, str]], header: tuple[str, str] | None = None) -> str:
    out = ["<table cellspacing='0' cellpadding='3'>"]
    if header:
        out.append(f"<tr><th align='left'>{header[0]}</th><th align='right'>{header[1]}</th></tr>")
    for key, value in rows:
        align = "right" if header else "left"
        out.append(f"<tr><td><b>{html.escape(str(key))}</b>&nbsp;&nbsp;</td>"
                   f"<td align='{align}'>{html.escape(str(value))}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _pre(value: Any) -> str:
    return f"<pre>{html.escape(json.dumps(value, indent=2, sort_keys=True, default=str))}</pre>"


def _percent(value: Any) -> str | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    # Fractions, or the percentages some tools store.
    return f"{value / 100 if value > 1 else value:.2%}"


def _floats(values: Any) -> str:
    try:
        return "(" + ", ".join(f"{float(v):.4f}" for v in values) + ")"
    except TypeError:
        return "unknown"
