"""The interface language: English, Traditional Chinese or Simplified Chinese.

Qt's own translation system does the work. The sources are ``app/translations/*.ts`` (made by
``scripts/update_translations.sh``, which runs ``pylupdate5`` over ``app/`` and then Qt's
``lrelease``); the compiled ``.qm`` files are committed, so running the app needs no Qt tools.
Installing a :class:`QTranslator` makes Qt send every widget a ``LanguageChange`` event; the
window answers it by setting its texts again, so the language switches without a restart.

Class names are data (they come from the checkpoint), so they are translated where they are
shown, with the "ClassNames" context listed in :data:`CLASS_NAMES`; a checkpoint with other class
names simply shows them untranslated.
"""

from __future__ import annotations

from pathlib import Path

from PyQt5.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
QM_PREFIX = "cifar10_gui_"
ENGLISH = "en"
# Code, and the name each language has in itself (a menu lists them so that a user who cannot
# read the current language still finds their own).
LANGUAGES: tuple[tuple[str, str], ...] = (
    (ENGLISH, "English"),
    ("zh_TW", "繁體中文"),
    ("zh_CN", "简体中文"),
)
CLASS_NAMES = (
    QT_TRANSLATE_NOOP("ClassNames", "airplane"),
    QT_TRANSLATE_NOOP("ClassNames", "automobile"),
    QT_TRANSLATE_NOOP("ClassNames", "bird"),
    QT_TRANSLATE_NOOP("ClassNames", "cat"),
    QT_TRANSLATE_NOOP("ClassNames", "deer"),
    QT_TRANSLATE_NOOP("ClassNames", "dog"),
    QT_TRANSLATE_NOOP("ClassNames", "frog"),
    QT_TRANSLATE_NOOP("ClassNames", "horse"),
    QT_TRANSLATE_NOOP("ClassNames", "ship"),
    QT_TRANSLATE_NOOP("ClassNames", "truck"),
)
# The Device menu's entries, by setting value (translated where shown).
DEVICE_NAMES = {"auto": QT_TRANSLATE_NOOP("MainWindow", "&Automatic"),
                "cpu": QT_TRANSLATE_NOOP("MainWindow", "&CPU"),
                "cuda": QT_TRANSLATE_NOOP("MainWindow", "CU&DA (NVIDIA GPU)"),
                "mps": QT_TRANSLATE_NOOP("MainWindow", "&MPS (Apple GPU)")}
# Every module calls it under the name pyuic5's code uses, ``_translate(context, text)``, which
# pylupdate5 recognises; the context is written out in every call (it only extracts literals).
translate = QCoreApplication.translate
# Traditional script is the norm in Taiwan, Hong Kong and Macau; Simplified everywhere else.
_TRADITIONAL_COUNTRIES = (QLocale.Taiwan, QLocale.HongKong, QLocale.Macau)


def class_name(name: str) -> str:
    """A class name in the current language (unchanged when there is no translation)."""
    return QCoreApplication.translate("ClassNames", name)


def language_codes() -> list[str]:
    return [code for code, _ in LANGUAGES]


def system_language(locale: QLocale | None = None) -> str:
    """The language to start in for ``locale`` (default: the system's): one of LANGUAGES."""
    locale = locale if locale is not None else QLocale.system()
    if locale.language() != QLocale.Chinese:
        return ENGLISH
    if (locale.script() == QLocale.TraditionalChineseScript
            or locale.country() in _TRADITIONAL_COUNTRIES):
        return "zh_TW"
    return "zh_CN"


def qm_path(code: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / f"{QM_PREFIX}{code}.qm"


class Translations:
    """Installs the app's translator (and Qt's own, for standard buttons and dialogs)."""

    def __init__(self, app: QCoreApplication, directory: Path = TRANSLATIONS_DIR) -> None:
        self._app = app
        self._directory = directory
        self._installed: list[QTranslator] = []
        self.language = ENGLISH

    def set_language(self, code: str) -> bool:
        """Switch to ``code``. False (and English) when it is unknown or its file is missing."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        self.language = ENGLISH
        if code == ENGLISH:
            return True  # removing the translators already told every widget
        if code not in language_codes():
            return False
        ours = QTranslator(self._app)
        if not ours.load(str(qm_path(code, self._directory))):
            return False
        qt = QTranslator(self._app)
        # Qt ships qtbase_zh_TW.qm / qtbase_zh_CN.qm (the Close and Cancel buttons of standard
        # dialogs). A missing one only leaves those few words in English.
        if qt.load(f"qtbase_{code}", QLibraryInfo.location(QLibraryInfo.TranslationsPath)):
            self._install(qt)
        self._install(ours)
        self.language = code
        return True

    def _install(self, translator: QTranslator) -> None:
        self._app.installTranslator(translator)
        self._installed.append(translator)

