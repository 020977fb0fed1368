"""CSV export and pasting from the clipboard."""

from __future__ import annotations

import csv
import io

from PyQt5.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QUrl
from PyQt5.QtGui import QColor, QImage
from PyQt5.QtWidgets import QApplication

from app.results import csv_header


def test_export_csv_content(make_window, gui, qtbot, tmp_path, dialogs):
    window = make_window()
    good = gui.write_images(tmp_path / "imgs", 2)
    corrupt = tmp_path / "imgs" / "corrupt.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, [good[0], corrupt, good[1]]))
    out = tmp_path / "export" / "results.csv"
    dialogs.answers["save_csv"] = str(out)
    window.menus.export.trigger()

    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == csv_header()
    assert [r[0] for r in rows[1:]] == [str(good[0]), str(corrupt), str(good[1])]
    col = {name: i for i, name in enumerate(rows[0])}
    for row, entry in zip(rows[1:], window.state.entries):
        assert row[col["top_class"]] == entry.top_label
        assert row[col["error"]] == (entry.error or "")
        if entry.ok:
            assert abs(float(row[col["confidence"]]) - entry.probabilities[0]) < 1e-6
            assert [row[col[f"class_{i}"]] for i in range(1, 6)] == list(entry.labels)
            probs = [float(row[col[f"probability_{i}"]]) for i in range(1, 6)]
            assert probs == sorted(probs, reverse=True)
    assert rows[2][col["error"]] and rows[2][col["top_class"]] == ""
    assert "Exported 3 results" in window.statusBar().currentMessage()


def test_paste_image_from_clipboard(make_window, gui, qtbot):
    window = make_window()
    image = QImage(50, 40, QImage.Format_RGB32)
    image.fill(QColor(200, 30, 30))
    QApplication.clipboard().setImage(image)
    _, done, total, _ = gui.wait_batch(qtbot, window, window.menus.paste.trigger)
    assert (done, total) == (1, 1)
    entry = window.state.entries[-1]
    assert entry.ok and entry.source == "clipboard image" and not entry.is_file
    assert (window.panel.drop_area.image.width(), window.panel.drop_area.image.height()) == (50, 40)
    # The network saw the red image: its 32x32 input is red too.
    pixel = QColor(window.panel.input_view.image.pixel(16, 16))
    assert pixel.red() > 150 and pixel.green() < 80


def test_paste_encoded_bytes_and_copied_files(make_window, gui, qtbot, tmp_path):
    window = make_window()
    image = QImage(20, 30, QImage.Format_RGB32)
    image.fill(QColor(20, 40, 220))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    mime = QMimeData()
    mime.setData("image/png", data)  # what another program offers: encoded bytes
    QApplication.clipboard().setMimeData(mime)
    gui.wait_batch(qtbot, window, window.paste_image)
    assert window.state.entries[-1].ok

    files = gui.write_images(tmp_path, 2)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files])  # files copied in a file manager
    QApplication.clipboard().setMimeData(mime)
    gui.wait_batch(qtbot, window, window.paste_image)
    assert [e.source for e in window.state.entries[-2:]] == [str(p) for p in files]


def test_paste_paths_copied_as_text(make_window, gui, qtbot, tmp_path):
    # A path copied from a terminal or an address bar was "The clipboard holds no image".
    window = make_window()
    files = gui.write_images(tmp_path, 2)
    QApplication.clipboard().setText(f"{files[0]}\n  {QUrl.fromLocalFile(str(files[1])).toString()}\n")
    gui.wait_batch(qtbot, window, window.paste_image)
    assert [e.source for e in window.state.entries] == [str(p) for p in files]
    # Text with a line that is no existing path is just text.
    QApplication.clipboard().setText(f"{files[0]}\n{tmp_path / 'gone.png'}")
    window.paste_image()
    assert not window.state.busy and len(window.state.entries) == 2
    assert "no image" in window.statusBar().currentMessage()


def test_paste_without_image_says_so(make_window, qtbot):
    window = make_window()
    QApplication.clipboard().setText("just words")
    window.paste_image()
    assert not window.state.busy and window.state.entries == []
    assert "no image" in window.statusBar().currentMessage()


def test_export_of_a_name_that_is_not_utf8(make_window, gui, qtbot, tmp_path, dialogs):
    """A file name with a byte UTF-8 cannot read: the export raised UnicodeEncodeError (no
    file, no message); now the name has U+FFFD there, as the history shows it."""
    import os
    import sys

    import pytest

    if sys.platform in ("win32", "darwin"):
        pytest.skip("file names there are Unicode")
    window = make_window()
    image = gui.write_images(tmp_path / "imgs", 1)[0]
    odd = os.fsencode(image.parent) + b"/caf\xe9.png"
    os.rename(image, odd)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, [tmp_path / "imgs"]))
    out = tmp_path / "results.csv"
    dialogs.answers["save_csv"] = str(out)
    window.menus.export.trigger()
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [str(tmp_path / "imgs" / "caf\ufffd.png")]
    assert rows[1][rows[0].index("top_class")] != ""  # classified, and said so


def test_export_neutralises_formula_names(make_window, gui, qtbot, tmp_path, dialogs,
                                          random_checkpoint):
    """A checkpoint whose class names, and a file whose name, start like spreadsheet formulas:
    the exported cells read back (with the csv module) prefixed with a quote."""
    import shutil

    from model.checkpoints.checkpoint import update_metadata

    names = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "=x", "+b", "-c", "@d", "cat", "dog"]
    ckpt = tmp_path / "hostile.safetensors"
    shutil.copy(random_checkpoint, ckpt)
    update_metadata(ckpt, class_names=names)
    window = make_window(checkpoint=ckpt)
    image = gui.write_images(tmp_path / "imgs", 1)[0]
    hostile = image.with_name("@evil.png")
    image.rename(hostile)
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area, [hostile]))
    out = tmp_path / "results.csv"
    dialogs.answers["save_csv"] = str(out)
    window.menus.export.trigger()
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    col = {name: i for i, name in enumerate(rows[0])}
    row = rows[1]
    assert row[col["file"]] == str(hostile)  # an absolute path starts with "/": left alone
    quoted = {"'" + n if n[0] in "=+-@" else n for n in names}
    shown = [row[col[f"class_{i}"]] for i in range(1, 6)]
    assert row[col["top_class"]] == shown[0] and set(shown) <= quoted
    assert any(cell.startswith("'") for cell in shown)


def test_export_adds_the_csv_suffix_only_when_none_was_typed(make_window, gui, qtbot, tmp_path,
                                                             dialogs):
    window = make_window()
    gui.wait_batch(qtbot, window,
                   lambda: gui.drop(window.panel.drop_area, gui.write_images(tmp_path / "i", 1)))
    dialogs.answers["save_csv"] = str(tmp_path / "results")
    window.menus.export.trigger()
    assert (tmp_path / "results.csv").is_file() and not (tmp_path / "results").exists()
    dialogs.answers["save_csv"] = str(tmp_path / "results.txt")
    window.menus.export.trigger()
    assert (tmp_path / "results.txt").is_file()
    assert window.menus.export.shortcut().toString() == "Ctrl+E"
    assert window.menus.open_folder.shortcut().toString() == "Ctrl+Alt+O"
