"""What keeps a folder from training (model/data/problems.py), in the window's language: the
dialog's check of a chosen folder, and the refusal ``cifar10 train`` sends when a class's files
turn out unreadable (which only decoding finds)."""

from __future__ import annotations

from PyQt5.QtCore import QT_TRANSLATE_NOOP

from app.i18n import translate as _translate
from model.data.problems import FIRST_FILES, MIN_PER_CLASS, ScanProblem

FILES_SHOWN = FIRST_FILES  # listed, as the command line's message lists them


# Each problem's sentence by kind (a count of one has its own key: "1 image", not "1 images").
SENTENCES = {
    "not_a_folder": QT_TRANSLATE_NOOP("NewModelDialog", "{path}: not a folder"),
    "not_class_folders": QT_TRANSLATE_NOOP(
        "NewModelDialog", "{path}: not a folder of class folders (it should hold one folder "
                          "per class, each with that class's images; train/ and test/ layouts "
                          "train from the command line)"),
    "no_images": QT_TRANSLATE_NOOP("NewModelDialog", "{path}: no images in its class folders"),
    "unreadable": QT_TRANSLATE_NOOP("NewModelDialog", "{path}: cannot be read ({reason})"),
    "one_class": QT_TRANSLATE_NOOP("NewModelDialog", "{path}: only one class folder ({name}); "
                                                     "at least 2 are needed"),
    "too_few": QT_TRANSLATE_NOOP("NewModelDialog", "{path}: {count} images; a class needs at "
                                                   "least {least}"),
    "too_few/1": QT_TRANSLATE_NOOP("NewModelDialog", "{path}: 1 image; a class needs at least "
                                                     "{least}"),
    "too_few_readable": QT_TRANSLATE_NOOP("NewModelDialog", "{path}: only {count} readable "
                                                            "images; a class needs at least "
                                                            "{least}"),
    "too_few_readable/1": QT_TRANSLATE_NOOP("NewModelDialog", "{path}: only 1 readable image; "
                                                              "a class needs at least {least}"),
    "none_readable": QT_TRANSLATE_NOOP("NewModelDialog", "{path}: no readable image in this "
                                                         "class folder"),
    "none_decoded": QT_TRANSLATE_NOOP("NewModelDialog", "{path}: none of its {count} images "
                                                        "could be read; the first:"),
}


def problem_text(problem: ScanProblem) -> str:
    """``problem`` as a sentence that names its folder, then its unreadable files, if any."""
    key = problem.kind
    if problem.count == 1 and f"{key}/1" in SENTENCES:
        key += "/1"
    sentence = _translate("NewModelDialog", SENTENCES[key]).format(
        path=str(problem.path), count=problem.count, least=MIN_PER_CLASS,
        reason=problem.detail, name=problem.detail)
    if problem.kind == "none_decoded":  # the sentence counts them; the first few follow
        return sentence + _files(problem.files, problem.count, header=False)
    return sentence + _files(problem.files, len(problem.files))


def _files(files: tuple[tuple[str, str], ...], total: int, header: bool = True) -> str:
    if not files:
        return ""
    lines = [_translate("NewModelDialog", "{count} file(s) there could not be read:").format(
        count=total)] if header else []
    lines += [f"  {path}: {reason}" for path, reason in files[:FILES_SHOWN]]
    if total > FILES_SHOWN:
        lines.append("  " + _translate("NewModelDialog", "… and {count} more").format(
            count=total - min(len(files), FILES_SHOWN)))
    return "\n" + "\n".join(lines)
