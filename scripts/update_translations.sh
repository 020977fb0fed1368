#!/usr/bin/env bash
# Refresh the translation sources from the code, then compile them for the app.
#
#   bash scripts/update_translations.sh
#
# 1. pylupdate5 (installed with PyQt5) collects every self.tr(...), QCoreApplication.translate
#    and QT_TRANSLATE_NOOP string in app/ (and its subpackages) into app/translations/*.ts. Existing translations
#    are kept; new strings arrive marked type="unfinished" for a translator to fill in (Qt
#    Linguist, or any editor: a .ts file is XML).
# 2. lrelease (Qt's tools; Debian/Ubuntu: apt install qttools5-dev-tools) compiles each .ts into
#    the .qm the app loads. Both are committed, so running the app needs neither tool.
#
# tests/app/test_language.py fails while a string is missing or untranslated, or a .qm is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
ts_files=(app/translations/cifar10_gui_zh_TW.ts app/translations/cifar10_gui_zh_CN.ts)
python -m PyQt5.pylupdate_main -noobsolete app/*.py app/*/*.py -ts "${ts_files[@]}"
lrelease=$(command -v lrelease || command -v lrelease-qt5 || true)
if [[ -z $lrelease && -x /usr/lib/qt5/bin/lrelease ]]; then lrelease=/usr/lib/qt5/bin/lrelease; fi
if [[ -z $lrelease ]]; then
  echo "lrelease not found: install Qt 5's tools (apt install qttools5-dev-tools)" >&2
  exit 1
fi
"$lrelease" "${ts_files[@]}"
