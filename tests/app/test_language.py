"""The interface in English, Traditional and Simplified Chinese (View > Language)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PyQt5.QtCore import QCoreApplication, QLocale, QTranslator
from PyQt5.QtWidgets import QApplication

from app.i18n import (
    CLASS_NAMES,
    LANGUAGES,
    QM_PREFIX,
    TRANSLATIONS_DIR,
    class_name,
    qm_path,
    system_language,
)

APP_DIR = Path(__file__).resolve().parents[2] / "app"
TRANSLATED = [code for code, _ in LANGUAGES if code != "en"]


def _menu_titles(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def _messages(ts: Path) -> list[tuple[str, str, str]]:
    """(context, source, translation) of every message in a .ts file."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            out.append((name, message.findtext("source"), translation))
    return out


def test_switching_language_changes_visible_text(make_window, gui, qtbot, tmp_path):
    window = make_window()
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   gui.write_images(tmp_path / "imgs", 1)))
    entry = window.state.entries[0]
    assert _menu_titles(window)[0] == "&File"
    assert window.panel.bars.rows[0][0] == entry.top_label

    assert window.set_language("zh_TW")
    assert _menu_titles(window)[:5] == ["檔案(&F)", "模型(&M)", "檢視(&V)", "裝置(&D)", "說明(&H)"]
    assert window.history_title.text() == "歷史紀錄"
    assert window.windowTitle() == "CIFAR-10 分類器"
    assert QApplication.applicationDisplayName() == "CIFAR-10 分類器"  # not appended in English
    # Class names too: in the bars, the title and the history row.
    traditional = dict(zip(CLASS_NAMES, ["飛機", "汽車", "鳥", "貓", "鹿", "狗", "青蛙", "馬",
                                         "船", "卡車"]))
    assert window.panel.bars.rows[0][0] == traditional[entry.top_label]
    assert traditional[entry.top_label] in window.panel.result_title.text()
    assert traditional[entry.top_label] in window.history.row_text(0)
    assert window.settings.language == "zh_TW"

    assert window.set_language("zh_CN")
    assert _menu_titles(window)[:5] == ["文件(&F)", "模型(&M)", "视图(&V)", "设备(&D)", "帮助(&H)"]
    assert window.history_title.text() == "历史记录"

    assert window.set_language("en")
    assert _menu_titles(window)[0] == "&File" and window.history_title.text() == "History"
    assert window.panel.bars.rows[0][0] == entry.top_label
    checked = [a.data() for a in window.menus.language_group.actions() if a.isChecked()]
    assert checked == ["en"]


def test_language_switch_mid_batch_reaches_the_cancel_button(make_window, gui, qtbot,
                                                             tmp_path):
    gated = gui.GatedClassifier(free=0)  # holds the worker on the first image
    window = make_window(classifier_factory=gated.factory)
    gui.release_on_cancel(window, gated)
    window.state.submit_paths([str(p) for p in gui.write_images(tmp_path / "held", 4)])
    qtbot.waitUntil(lambda: window.state.busy and window.status.cancel_button.isVisible(),
                    timeout=gui.BATCH_TIMEOUT_MS)
    assert window.status.cancel_button.text() == "Cancel"
    assert window.set_language("zh_TW")
    qtbot.waitUntil(lambda: window.status.cancel_button.text() != "Cancel", timeout=5000)
    assert window.status.cancel_button.text() == QCoreApplication.translate("MainWindow", "Cancel")
    try:
        with qtbot.waitSignal(window.state.batch_done, timeout=gui.BATCH_TIMEOUT_MS):
            window.state.cancel_batches()
    finally:
        gated.release()
        window.set_language("en")


def test_a_missing_translation_falls_back_to_english(make_window, tmp_path):
    from PyQt5.QtWidgets import QApplication

    from app.i18n import Translations

    window = make_window(wait=False, checkpoint=None,
                         translations=Translations(QApplication.instance(), tmp_path))
    assert not window.set_language("zh_TW")
    assert _menu_titles(window)[0] == "&File"
    assert "missing" in window.statusBar().currentMessage()


@pytest.mark.parametrize("name, expected", [
    ("zh_TW", "zh_TW"), ("zh_HK", "zh_TW"), ("zh_MO", "zh_TW"), ("zh_Hant_US", "zh_TW"),
    ("zh_CN", "zh_CN"), ("zh_SG", "zh_CN"), ("zh_Hans_TW", "zh_CN"),
    ("en_US", "en"), ("fr_FR", "en"), ("C", "en"),
])
def test_system_language_follows_locale(name, expected):
    assert system_language(QLocale(name)) == expected


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_compiled(code, qapp):
    ts = TRANSLATIONS_DIR / f"{QM_PREFIX}{code}.ts"
    messages = _messages(ts)
    assert len(messages) > 50
    translator = QTranslator()
    assert translator.load(str(qm_path(code)))
    for context, source, translation in messages:
        assert translation is not None and translation.get("type") is None, (context, source)
        assert translation.text, (context, source)
        # The committed .qm is compiled from this .ts: same answer for every message.
        # (QTranslator.translate takes C strings: PyQt5 wants UTF-8 bytes for non-ASCII text.)
        found = translator.translate(context.encode(), source.encode())
        assert found == translation.text, (context, source)
    for name in CLASS_NAMES:
        assert translator.translate(b"ClassNames", name.encode()) not in ("", name)


def test_translation_sources_cover_every_string_in_the_app(tmp_path):
    """pylupdate5 over app/ finds no message the .ts files lack (run
    scripts/update_translations.sh after changing a user-visible string)."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run([sys.executable, "-m", "PyQt5.pylupdate_main", *map(str, sorted(
        APP_DIR.rglob("*.py"))), "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {(c, s) for c, s, _ in _messages(fresh)}
    for code in TRANSLATED:
        have = {(c, s) for c, s, _ in _messages(TRANSLATIONS_DIR / f"{QM_PREFIX}{code}.ts")}
        assert wanted <= have, sorted(wanted - have)[:5]


def test_class_names_without_translation_are_shown_as_they_are(qapp):
    assert class_name("platypus") == "platypus"


def test_why_a_file_failed_is_worded_in_the_interface_language(make_window, gui, qtbot,
                                                               tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.png").write_bytes(b"")
    (folder / "notes.png").write_text("not an image")
    window = make_window()
    gui.wait_batch(qtbot, window, lambda: gui.drop(window.panel.drop_area,
                                                   sorted(folder.iterdir())))
    assert {e.error_kind for e in window.state.entries} == {"empty", "not_image"}
    english = {window.history.row_text(r).split("\n")[1] for r in range(2)}
    assert english == {"empty file (0 bytes)",
                       "not an image, or a format this program cannot read"}

    assert window.set_language("zh_TW")
    rows = {window.history.row_text(r).split("\n")[1] for r in range(2)}
    assert rows == {"空檔案（0 位元組）", "不是圖片，或是本程式無法讀取的格式"}
    assert any(reason in window.history.row_tooltip(0) for reason in rows)  # tooltips too
    shown = window.panel.result_subtitle.text().split("\n")[0]
    assert shown in rows  # and the panel, for the entry it shows
    assert window.set_language("zh_CN")
    assert "空文件（0 字节）" in {window.history.row_text(r).split("\n")[1] for r in range(2)}
    # The CSV keeps the English reason, whatever the interface language.
    assert {e.error for e in window.state.entries} == english
