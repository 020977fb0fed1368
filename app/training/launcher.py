"""The window's side of New Model from Folders: the menu handler, the one training run, the
speed measurement, loading the new model, and the question at close while a model trains.

The speed is measured in a child process (``python -m model.training.speed``), not in the
worker: training code imports torch._dynamo and with it triton, whose LLVM crashed the app
when loaded beside the Mesa libraries Qt's X11 platform had loaded (seen under Xvfb).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QObject
from PyQt5.QtWidgets import QWidget

from app.i18n import translate as _translate
from app.state import AppState
from app.training.child import Child, make_child
from app.training.run import Program, TrainingRun, cli_program
from model.training.recipes import RECIPES, Speed

if TYPE_CHECKING:  # built when first opened: scanning folders needs numpy, not start-up work
    from app.training.dialog import NewModelDialog


def speed_program() -> tuple[str, list[str]]:
    """The command that prints this machine's speed for every recipe (model/training/speed.py)."""
    return sys.executable, ["-m", "model.training.speed", *dict.fromkeys(
        r.train_layers for r in RECIPES)]


class TrainingLauncher(QObject):
    def __init__(self, parent: QWidget, state: AppState, dialogs,
                 program: Program = cli_program, models_root: Path | None = None,
                 measure: Callable[[], tuple[str, list[str]]] = speed_program) -> None:
        super().__init__(parent)
        self._parent, self._state, self._dialogs = parent, state, dialogs
        self.models_root = models_root or Path.home() / "CIFAR-10 models"
        self.measure = measure
        self.run = TrainingRun(program, self)
        self.run.ended.connect(self._on_ended)
        self.dialog: NewModelDialog | None = None
        self._probe: Child | None = None
        self._probe_out = b""
        self._measured = False

    def handlers(self) -> dict[str, Callable[[], object]]:
        return {"new_model": self.show}

    def show(self) -> NewModelDialog:
        if self.dialog is None:
            from app.training.dialog import NewModelDialog

            self.dialog = NewModelDialog(self.run, self._dialogs, self.models_root,
                                          self._state.host, self._parent)
            self.dialog.load_requested.connect(self._load)
        if not self._measured:  # once per session: the machine does not change
            self._measured = True
            self._start_probe()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def close_ok(self) -> bool:
        """Whether the window may close: asks first while a model trains, and then stops the
        training process and waits for it (no process outlives the app)."""
        if not self.run.running:
            self.stop_probe()
            return True
        answer = self._dialogs.ask(
            self._parent, _translate("TrainingLauncher", "A model is training"),
            _translate("TrainingLauncher", _STOP_QUESTION[self.run.kept_if_stopped()]),
            [_translate("TrainingLauncher", "Stop and Quit"),
             _translate("TrainingLauncher", "Keep Training")], escape=1)
        if answer != 0:
            return False
        self.run.stop_and_wait()
        self.stop_probe()
        return True

    def _start_probe(self) -> None:
        self._probe_out = b""
        self._probe = make_child(self)
        self._probe.stdout.connect(self._probe_read)
        self._probe.exited.connect(self._probe_exited)
        self._probe.failed.connect(lambda reason: self._on_speed(None, reason))
        program, arguments = self.measure()
        self._probe.start(program, arguments)

    def _probe_read(self, data: bytes) -> None:
        self._probe_out += data

    def _probe_exited(self, code: int) -> None:
        try:
            lines = self._probe_out.decode("utf-8", "replace").strip().splitlines()
            speed = Speed.from_json(lines[-1] if lines else "")
        except ValueError:
            self._on_speed(None, _translate("TrainingLauncher", "the speed probe stopped "
                                                                "(exit status {code})")
                           .format(code=code))
            return
        self._on_speed(speed, "")

    def stop_probe(self) -> None:
        """Stop a speed measurement still running (the window is closing)."""
        if self._probe is not None and self._probe.running:
            self._probe.kill()
            self._probe.wait(5000)

    def _on_speed(self, speed: Speed | None, error: str) -> None:
        if self._probe is not None:
            self._probe.deleteLater()
            self._probe = None
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


# The close question says what stopping keeps (TrainingRun.kept_if_stopped).
_STOP_QUESTION = {
    "resumable": QT_TRANSLATE_NOOP("TrainingLauncher", "Stop the training and quit? The run is "
                                                       "saved; New Model from Folders can "
                                                       "resume it."),
    "model": QT_TRANSLATE_NOOP("TrainingLauncher", "Stop and quit? The model is trained and "
                                                   "saved; the checks still running (validation "
                                                   "results, calibration, out-of-distribution "
                                                   "detector) will be missing from it."),
    "nothing": QT_TRANSLATE_NOOP("TrainingLauncher", "Stop the training and quit? No epoch has "
                                                     "finished yet, so nothing is saved."),
}
