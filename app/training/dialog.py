"""*File > New Model from Folders…*: choose a folder of class folders, see its classes, choose
Quick or Better (with the time each takes on this machine), Start; then the progress page, then
the results with one click to load the new model.

The dialog draws a :class:`~app.training.run.TrainingRun` and asks its questions (resume or
start over, keep or discard a stopped run) through the window's :class:`app.dialogs.Dialogs`,
which tests replace. It is not modal: the main window stays usable while a model trains.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, pyqtSignal
from PyQt5.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PyQt5.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.drop_area import accept_local_paths
from app.job_requests import JobRequests
from app.jobs import ScanClassFolders
from app.plain_text import plain_label
from app.training.pages import ProgressPage, ResultPage, duration_text
from app.training.problem_text import problem_text
from app.training.run import TrainingJob, TrainingRun
from model.data.folder_scan import FolderScan, ScanProblem
from model.evaluation.fit_minimum import MIN_FIT_IMAGES
from model.training.recipes import (
    RECIPES,
    Speed,
    checks_fit,
    estimate_seconds,
    images_for_checks,
    recipe,
    split_sizes,
)
from model.training.run_files import FINAL, LAST, file_in_the_way

if TYPE_CHECKING:
    from app.worker import WorkerHost

SETUP, PROGRESS, RESULT = range(3)


RECIPE_TEXTS = {  # what each recipe trains, as the radio button says it
    "quick": QT_TRANSLATE_NOOP("NewModelDialog",
                               "Quick: the last stage and the classifier, {epochs} epochs"),
    "better": QT_TRANSLATE_NOOP("NewModelDialog", "Better: the whole network, {epochs} epochs"),
}


def unfinished(out: Path) -> bool:
    """Whether ``out`` holds a run stopped before it finished: a resume state newer than any
    finished checkpoint (training writes the checkpoint after its last resume state)."""
    try:
        last = (out / LAST).stat().st_mtime_ns
    except OSError:
        return False
    try:
        return last > (out / FINAL).stat().st_mtime_ns
    except OSError:
        return True


class NewModelDialog(QDialog):
    load_requested = pyqtSignal(Path)  # the new checkpoint, to become the current model
    scanned = pyqtSignal(object)  # the FolderScan just drawn

    def __init__(self, run: TrainingRun, dialogs, models_root: Path, host: WorkerHost,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run, self._dialogs, self._models_root = run, dialogs, models_root
        self.scan: FolderScan | None = None
        self.scanning: Path | None = None  # the folder whose scan the worker is making
        self._scans = JobRequests(host, self)
        self._scans.returned.connect(self._on_scanned)
        self._scans.errored.connect(self._on_scan_failed)
        self.speed: Speed | None = None
        self._speed_error = ""
        self._kept: bool | None = None
        self.setAcceptDrops(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_setup())
        self.progress_page = ProgressPage()
        self.result_page = ResultPage()
        self.pages.addWidget(self.progress_page)
        self.pages.addWidget(self.result_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.progress_page.cancel_button.clicked.connect(self.run.cancel)
        self.result_page.load_button.clicked.connect(self._load)
        self.result_page.again_button.clicked.connect(lambda: self.pages.setCurrentIndex(SETUP))
        run.changed.connect(self._draw_progress)
        run.ended.connect(self._on_ended)
        self.resize(640, 560)
        self.retranslate()

    def _build_setup(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        self.intro_label = plain_label()
        self.intro_label.setWordWrap(True)
        self.folder_edit = QLineEdit()
        # (a bound method, not a lambda: Qt disconnects it when the dialog is destroyed)
        self.folder_edit.editingFinished.connect(self._folder_typed)
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self._choose_folder)
        self.classes = QTreeWidget()
        self.classes.setColumnCount(2)
        self.classes.setRootIsDecorated(False)
        self.classes.header().setStretchLastSection(False)
        self.classes.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.classes.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.summary_label = plain_label()
        self.summary_label.setWordWrap(True)  # a hint follows when too few are held out
        self.problems_label = plain_label()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b00020")
        self.recipe_group = QButtonGroup(page)
        self.recipe_buttons: dict[str, QRadioButton] = {}
        recipes_box = QVBoxLayout()
        for i, r in enumerate(RECIPES):
            button = QRadioButton()
            self.recipe_group.addButton(button, i)
            self.recipe_buttons[r.key] = button
            recipes_box.addWidget(button)
        self.recipe_buttons["quick"].setChecked(True)
        self.flip_box = QCheckBox()
        self.flip_box.setChecked(True)
        self.out_edit = QLineEdit()
        self.out_button = QPushButton()
        self.out_button.clicked.connect(self._choose_out)
        self.start_button = QPushButton()
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.folder_label, self.out_label = plain_label(), plain_label()
        grid.addWidget(self.intro_label, 0, 0, 1, 3)
        grid.addWidget(self.folder_label, 1, 0)
        grid.addWidget(self.folder_edit, 1, 1)
        grid.addWidget(self.folder_button, 1, 2)
        grid.addWidget(self.classes, 2, 0, 1, 3)
        grid.addWidget(self.summary_label, 3, 0, 1, 3)
        grid.addWidget(self.problems_label, 4, 0, 1, 3)
        grid.addLayout(recipes_box, 5, 0, 1, 3)
        grid.addWidget(self.flip_box, 6, 0, 1, 3)
        grid.addWidget(self.out_label, 7, 0)
        grid.addWidget(self.out_edit, 7, 1)
        grid.addWidget(self.out_button, 7, 2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        grid.addLayout(row, 8, 0, 1, 3)
        grid.setRowStretch(2, 1)
        return page

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New Model from Folders"))
        self.intro_label.setText(self.tr(
            "Choose (or drop here) a folder that holds one folder per class, each with that "
            "class's pictures. The bundled network is fine-tuned on them; a fifth of every "
            "class is held out to measure the result."))
        self.folder_label.setText(self.tr("Classes from:"))
        self.folder_button.setText(self.tr("Choose…"))
        self.classes.setHeaderLabels([self.tr("Class"), self.tr("Images")])
        self.flip_box.setText(self.tr("Mirror pictures while training (turn off for text, digits "
                                  "and other things a mirror changes)"))
        self.out_label.setText(self.tr("Save to:"))
        self.out_button.setText(self.tr("Choose…"))
        self.start_button.setText(self.tr("Start"))
        self._draw_estimates()
        if self.scanning is not None:
            self._draw_scanning()
        elif self.scan is not None:
            self._draw_scan()
        self._draw_progress()
        if self.pages.currentIndex() == RESULT and self.run.job is not None:
            self.result_page.show_result(self.run.progress, self.run.job.out, self._kept)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---- the setup page

    def set_folder(self, folder: Path) -> None:
        """Have the worker scan ``folder``; its classes (or what is wrong with it) are drawn
        when the scan returns, and ``scanned`` is sent. Start waits for it."""
        self.scan, self.scanning = None, folder
        self.folder_edit.setText(str(folder))
        if not self.out_edit.text() or self.out_edit.property("suggested"):
            self.out_edit.setText(str(self._models_root / f"{folder.name or 'model'} model"))
            self.out_edit.setProperty("suggested", True)
        self._draw_scanning()
        self._scans.submit(ScanClassFolders(folder), folder)

    def _on_scanned(self, folder: Path, scan: FolderScan | None) -> None:
        if folder != self.scanning or scan is None:
            return  # the answer (or the stop) for a folder chosen before the current one
        self.scan, self.scanning = scan, None
        self._draw_scan()
        self.scanned.emit(scan)

    def _on_scan_failed(self, folder: Path, message: str) -> None:
        self._on_scanned(folder, FolderScan(folder, problems=[
            ScanProblem("unreadable", folder, detail=message)]))

    def set_speed(self, speed: Speed | None, error: str = "") -> None:
        """The measured speed of this machine (None with ``error``: it could not be measured)."""
        self.speed, self._speed_error = speed, error
        self._draw_estimates()

    def estimate(self, key: str) -> float | None:
        if self.speed is None or self.scan is None or not self.scan.ok:
            return None
        try:
            return estimate_seconds(recipe(key), self.scan.counts, self.speed)
        except ValueError:
            return None

    def _draw_scanning(self) -> None:
        self.classes.clear()
        self.summary_label.setText(self.tr("Reading {folder}…").format(folder=self.scanning))
        self.summary_label.setVisible(True)
        self.problems_label.setVisible(False)
        self._draw_estimates()

    def _draw_scan(self) -> None:
        assert self.scan is not None
        self.classes.clear()
        for name, count in self.scan.classes:
            item = QTreeWidgetItem([name, str(count)])
            item.setTextAlignment(1, Qt.AlignRight | Qt.AlignVCenter)
            self.classes.addTopLevelItem(item)
        train, held_out = split_sizes(self.scan.counts) if self.scan.ok else (0, 0)
        summary = self.tr(
            "{classes} classes, {images} images: {train} to train on, {held} held out to "
            "measure the result").format(classes=len(self.scan.classes),
                                          images=train + held_out, train=train, held=held_out)
        if self.scan.ok and not checks_fit(held_out):
            summary += "\n" + self.tr(
                "Too few held out to fit the not-sure checks (at least {least}): the model will "
                "use the rule's defaults. About {images} images in all are enough.").format(
                least=MIN_FIT_IMAGES, images=images_for_checks())
        problems = list(map(problem_text, self.scan.problems))
        if self.scan.merged:
            # Never silent: a folder chosen one level too high merges classes (pets/cats, dogs),
            # and then it is what the problems below need explaining by.
            merged = self.tr(
                "Images in subfolders count as their class folder's: {folders}").format(
                folders="; ".join(f"{name} ({', '.join(subs)})" for name, subs in
                                  self.scan.merged))
            if self.scan.ok:
                summary += "\n" + merged
            else:
                problems.append(merged)
        self.summary_label.setText(summary)
        self.summary_label.setVisible(self.scan.ok)
        self.problems_label.setText("\n".join(problems))
        self.problems_label.setVisible(bool(self.scan.problems))
        self._draw_estimates()

    def _draw_estimates(self) -> None:
        for r in RECIPES:
            text = self.tr(RECIPE_TEXTS[r.key]).format(epochs=r.epochs)
            seconds = self.estimate(r.key)
            if seconds is not None:
                text += " — " + self.tr("about {time} on this machine").format(
                    time=duration_text(seconds))
            elif self._speed_error:
                text += " — " + self.tr("time unknown ({error})").format(error=self._speed_error)
            elif self.scan is not None and self.scan.ok:
                text += " — " + self.tr("measuring this machine's speed…")
            self.recipe_buttons[r.key].setText(text)
        self.start_button.setEnabled(self.scan is not None and self.scan.ok
                                     and not self.run.running)

    def _folder_typed(self) -> None:
        text = self.folder_edit.text().strip()
        shown = self.scanning or (self.scan.root if self.scan is not None else None)
        if text and Path(text).expanduser() != shown:
            self.set_folder(Path(text).expanduser())

    def _choose_folder(self) -> None:
        folder = self._dialogs.open_folder(self, self.folder_edit.text())
        if folder:
            self.set_folder(Path(folder))

    def _choose_out(self) -> None:
        folder = self._dialogs.open_folder(self, self.out_edit.text())
        if folder:
            self.out_edit.setText(folder)
            self.out_edit.setProperty("suggested", False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        accept_local_paths(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = accept_local_paths(event)
        if paths and self.pages.currentIndex() == SETUP and not self.run.running:
            self.set_folder(Path(paths[0]))

    def selected_recipe(self) -> str:
        return next(key for key, b in self.recipe_buttons.items() if b.isChecked())

    def start(self) -> bool:
        """Start the job as set up; False if it was not started (nothing to train, or the user
        chose not to replace or resume what the folder holds)."""
        if self.scan is None or not self.scan.ok or self.run.running:
            return False
        out = self._out_folder()
        if out is None:
            return False
        resume = False
        if unfinished(out):
            answer = self._dialogs.ask(
                self, self.tr("Unfinished run"),
                self.tr("{folder} holds a run that was stopped before it finished.").format(
                    folder=out),
                [self.tr("Resume It"), self.tr("Start Over"), self.tr("Cancel")], escape=2)
            if answer not in (0, 1):
                return False
            resume = answer == 0
        elif (out / FINAL).is_file():
            answer = self._dialogs.ask(
                self, self.tr("Replace model?"),
                self.tr("{path} exists. Training replaces it.").format(path=out / FINAL),
                [self.tr("Replace"), self.tr("Cancel")], escape=1)
            if answer != 0:
                return False
        self._kept = None
        self.run.start(TrainingJob(data=self.scan.root, out=out,
                                   recipe=recipe(self.selected_recipe()),
                                   counts=self.scan.counts, flip=self.flip_box.isChecked(),
                                   resume=resume))
        self.pages.setCurrentIndex(PROGRESS)
        return True

    def _out_folder(self) -> Path | None:
        """The folder "Save to:" names, relative to the models folder (not to wherever the app
        was started: an empty field had trained into that); None, said why, if it cannot be."""
        text = self.out_edit.text().strip()
        if not text:
            self._dialogs.error(self, self.tr("No folder to save to"),
                                self.tr("Choose the folder the new model is saved in."))
            return None
        out = Path(text).expanduser()
        out = out if out.is_absolute() else self._models_root / out
        blocking = file_in_the_way(out)
        if blocking is not None:  # it ended in a traceback on the result page
            self._dialogs.error(self, self.tr("Cannot save there"),
                                self.tr("{path} is a file, not a folder.").format(path=blocking))
            return None
        return out

    # ---- progress and results

    def _draw_progress(self) -> None:
        if self.run.progress.phase in ("starting", "training", "checking"):
            self.progress_page.show_progress(self.run.progress, self.run.cancelling)
        self._draw_estimates()

    def _on_ended(self, phase: str) -> None:
        job = self.run.job
        assert job is not None
        if phase == "cancelled" and self.run.progress.resumable and not self.run.closing:
            answer = self._dialogs.ask(
                self, self.tr("Training stopped"),
                self.tr("Keep the partial run to resume it later, or discard it?"),
                [self.tr("Keep"), self.tr("Discard")], escape=0)
            self._kept = answer != 1  # closing the question keeps it: nothing is lost
            if not self._kept:
                self.run.discard_partial()
        elif phase == "cancelled" and not self.run.progress.resumable:
            try:  # nothing was saved: the folder training made goes, if it is empty
                job.out.rmdir()
            except OSError:
                pass
        self.result_page.show_result(self.run.progress, job.out, self._kept)
        self.pages.setCurrentIndex(RESULT)

    def _load(self) -> None:
        if self.run.job is not None:
            self.load_requested.emit(self.run.job.checkpoint)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Closing the dialog hides it; the run goes on (the window's close stops it).
        event.accept()
