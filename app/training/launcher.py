"""The window's side of New Model from Folders: the menu handler, the one training run, the
speed measurement (in the worker, where torch already is), loading the new model, and the
question at close while a model trains.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, ClassVar

from PyQt5.QtCore import QObject
from PyQt5.QtWidgets import QWidget

from app.i18n import translate as _translate
from app.job_requests import JobRequests
from app.jobs import Job, JobContext
from app.state import AppState
from app.training.run import Program, TrainingRun, cli_program

if TYPE_CHECKING:  # built when first opened: scanning folders needs numpy, not start-up work
    from app.training.dialog import NewModelDialog


@dataclass(frozen=True)
class MeasureTrainingSpeed(Job):
    """A few timed training and inference steps of the recipes' network (model.training.speed)."""

    group: ClassVar[str] = "control"
    train_layers: tuple[str, ...] = ("layer4", "all")

    def run(self, ctx: JobContext) -> object:
        from model.training.speed import measure_speed

        return measure_speed(self.train_layers)


class TrainingLauncher(QObject):
    def __init__(self, parent: QWidget, state: AppState, dialogs,
                 program: Program = cli_program, models_root: Path | None = None,
                 measure: Callable[[], Job] = MeasureTrainingSpeed) -> None:
        super().__init__(parent)
        self._parent, self._state, self._dialogs = parent, state, dialogs
        self.models_root = models_root or Path.home() / "CIFAR-10 models"
        self.measure = measure
        self.run = TrainingRun(program, self)
        self.run.ended.connect(self._on_ended)
        self.dialog: NewModelDialog | None = None
        self._speed = JobRequests(state.host, self)
        self._speed.returned.connect(lambda _tag, speed: self._on_speed(speed, ""))
        self._speed.errored.connect(lambda _tag, message: self._on_speed(None, message))
        self._measured = False

    def handlers(self) -> dict[str, Callable[[], object]]:
        return {"new_model": self.show}

    def show(self) -> NewModelDialog:
        if self.dialog is None:
            from app.training.dialog import NewModelDialog

            self.dialog = NewModelDialog(self.run, self._dialogs, self.models_root, self._parent)
            self.dialog.load_requested.connect(self._load)
        if not self._measured:  # once per session: the machine does not change
            self._measured = True
            self._speed.submit(self.measure(), "speed")
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def close_ok(self) -> bool:
        """Whether the window may close: asks first while a model trains, and then stops the
        training process and waits for it (no process outlives the app)."""
        if not self.run.running:
            return True
        answer = self._dialogs.ask(
            self._parent, _translate("TrainingLauncher", "A model is training"),
            _translate("TrainingLauncher", "Stop the training and quit? The run is saved; "
                                           "New Model from Folders can resume it."),
            [_translate("TrainingLauncher", "Stop and Quit"),
             _translate("TrainingLauncher", "Keep Training")], escape=1)
        if answer != 0:
            return False
        self.run.stop_and_wait()
        return True

    def _on_speed(self, speed, error: str) -> None:
        if error:
            self._measured = False  # ask again next time the dialog opens
        if self.dialog is not None:
            self.dialog.set_speed(speed, error)

    def _on_ended(self, phase: str) -> None:
        if self.dialog is not None and not self.dialog.isVisible() and not self.run.closing:
            self.dialog.show()  # it was closed while training: the result must be seen
            self.dialog.raise_()

    def _load(self, checkpoint: Path) -> None:
        self._state.open_checkpoint(checkpoint)
        if self.dialog is not None:
            self.dialog.hide()
