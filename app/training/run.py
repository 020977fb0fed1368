"""One fine-tuning job of *File > New Model from Folders*, run as child processes of the CLI.

:class:`TrainingRun` holds the job's state without a widget (the dialog draws it): it runs
``cifar10 train --events`` in a child process (app/training/child.py), so the window's event
loop never waits on torch, reads the event lines as they come (model/training/events.py), then runs the checks that
make the checkpoint a full one of ours (validation results, calibration, the out-of-distribution
detector; model/training/recipes.py). A failed check leaves a usable model and says what it
lacks; a failed training run ends the job with the process's own message.

Cancel sends SIGINT, which the training loop turns into a saved ``last.pt`` at the step it
reached (Ctrl+C's path); where there is no SIGINT (Windows) the process is killed and
``last.pt`` holds the last finished epoch. Either way the run can be resumed or discarded.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer, pyqtSignal

from app.i18n import translate as _translate
from app.training.child import Child, make_child
from app.training.problem_text import problem_text
from model.data.problems import ScanProblem
from model.evaluation.fit_minimum import MIN_FIT_IMAGES
from model.training.events import parse_event
from model.training.recipes import Recipe, checks_fit, job_args, split_sizes
from model.training.run_files import FINAL, LAST

# (CLI arguments) -> (program, its arguments); tests put a stub trainer here.
Program = Callable[[list[str]], tuple[str, list[str]]]
KILL_AFTER_MS = 15_000  # SIGINT not obeyed by then (stuck in a C call): kill
STDERR_LINES = 30       # the tail of a failed process's messages that is shown
RESULTS = "validation.json"
RUN_FILES = (LAST, "log.jsonl", "curves.png")  # what a discarded partial run leaves behind


def trained_data(checkpoint: Path) -> Path | None:
    """The data folder ``checkpoint``'s stored training configuration names (None: unknown)."""
    from model.checkpoints.checkpoint import CheckpointError, read_info

    try:
        data = (read_info(checkpoint).train_config or {}).get("data")
    except (CheckpointError, OSError, ValueError):
        return None
    return Path(data) if data else None


def cli_program(args: list[str]) -> tuple[str, list[str]]:
    """The CLI of this installation: the same Python, the same ``model`` package."""
    return sys.executable, ["-m", "model.cli.main", *args]


@dataclass(frozen=True)
class TrainingJob:
    data: Path
    out: Path
    recipe: Recipe
    counts: list[int]  # images per class (model.data.folder_scan)
    flip: bool = True
    resume: bool = False  # continue out/last.pt instead of starting afresh

    @property
    def checkpoint(self) -> Path:
        return self.out / FINAL


@dataclass
class Progress:
    """What the dialog draws; every field is as the processes last reported it."""

    phase: str = "idle"  # idle, starting, training, checking, finished, failed, cancelled
    classes: list[str] = field(default_factory=list)
    epoch: int = 0       # epochs done
    epochs: int = 0
    step: int = 0        # steps done in the running epoch
    steps: int = 0
    history: list[dict] = field(default_factory=list)  # the epoch rows of log.jsonl
    skipped: list[tuple[str, str]] = field(default_factory=list)  # unreadable files left out
    results: dict | None = None   # cifar10 eval's JSON on the held-out part
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    resumable: bool = False       # a cancelled run left out/last.pt
    checks_fitted: bool = True    # enough held out for calibration and the detector

    @property
    def fraction(self) -> float:
        """How much of the training is done, 0 to 1."""
        if not self.epochs:
            return 0.0
        within = self.step / self.steps if self.steps else 0.0
        return min(1.0, (self.epoch + within) / self.epochs)


def held_out_accuracy(row: dict) -> float | None:
    """The accuracy on the part the run held out: a folder of class folders has no test split,
    so the loop evaluates its held-out part as the "test" split."""
    value = row.get("val_acc")
    return value if value is not None else row.get("test_acc")


class TrainingRun(QObject):
    changed = pyqtSignal()    # any field of progress
    ended = pyqtSignal(str)   # the phase it ended in: finished, failed or cancelled

    def __init__(self, program: Program = cli_program, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.program = program  # replaceable: tests run a stub CLI
        self.progress = Progress()
        self.job: TrainingJob | None = None
        self._process: Child | None = None
        self._queue: list[tuple[str, list[str]]] = []  # (what, CLI arguments) still to run
        self._what = ""
        self._stderr: deque[str] = deque(maxlen=STDERR_LINES)
        self._stdout_tail = b""
        self._cancelled = False
        self._refusal: ScanProblem | None = None  # a folder cifar10 train refused
        self.closing = False  # stopped because the app closes: nothing is to be asked
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.timeout.connect(self._kill)

    @property
    def running(self) -> bool:
        return self._process is not None

    @property
    def cancelling(self) -> bool:
        return self.running and self._cancelled

    def start(self, job: TrainingJob) -> None:
        if self.running:
            raise RuntimeError("a training job is already running")
        self.job = job
        self.progress = Progress(phase="starting", epochs=job.recipe.epochs)
        self._cancelled = False
        _, held_out = split_sizes(job.counts)
        train, *checks = job_args(job.recipe, job.data, job.out, job.counts, job.flip,
                                  job.out / RESULTS)
        if job.resume:
            train = ["train", "--resume", str(job.out / LAST), "--no-progress", "--events"]
        self._queue = [("train", train), *zip(("results", "detector"), checks)]
        self.progress.checks_fitted = checks_fit(held_out)
        if not self.progress.checks_fitted:
            self.progress.warnings.append(_translate(
                "TrainingRun", "No calibration and no out-of-distribution detector: {held} "
                "held-out images are too few to fit them on (at least {least}); the not-sure "
                "rule uses its defaults").format(held=held_out, least=MIN_FIT_IMAGES))
        self._next()

    def cancel(self) -> None:
        """Stop the running process; training saves where it got to (last.pt)."""
        if self._process is None or self._cancelled:
            return
        self._cancelled = True
        self.changed.emit()
        if self._process.interrupt():
            self._kill_timer.start(KILL_AFTER_MS)
        else:
            self._process.kill()

    def kept_if_stopped(self) -> str:
        """What stopping now leaves: "model" (trained and saved; only checks are running),
        "resumable" (a last.pt to resume from) or "nothing" (no epoch saved yet)."""
        if self.job is None:
            return "nothing"
        if self.progress.phase == "checking":
            return "model"
        if self.progress.phase == "training" and self.progress.steps:
            return "resumable"  # its first steps ran: Ctrl+C saves mid-epoch (training/loop.py)
        return "resumable" if (self.job.out / LAST).is_file() else "nothing"

    def stop_and_wait(self, timeout_ms: int = KILL_AFTER_MS) -> None:
        """Cancel and wait for the process to exit (the window is closing): no orphan is left."""
        process = self._process
        if process is None:
            return
        self.closing = True
        self.cancel()
        if not process.wait(timeout_ms):
            process.kill()
            process.wait(5000)

    def discard_partial(self) -> None:
        """Delete what a cancelled run left in its folder (and the folder, if that empties it)."""
        if self.job is None or self.running:
            return
        for name in RUN_FILES:
            (self.job.out / name).unlink(missing_ok=True)
        try:
            self.job.out.rmdir()  # only if empty: the user's other files stay
        except OSError:
            pass
        self.progress.resumable = False
        self.changed.emit()

    # ---- the processes

    def _next(self) -> None:
        if not self._queue:
            self._end("finished")
            return
        self._what, args = self._queue.pop(0)
        self.progress.phase = "training" if self._what == "train" else "checking"
        self._stderr.clear()
        self._stdout_tail = b""
        self._refusal = None
        program, arguments = self.program(args)
        process = make_child(self)
        process.stdout.connect(self._read_stdout)
        process.stderr.connect(self._read_stderr)
        process.exited.connect(self._on_finished)
        process.failed.connect(lambda reason, p=program: self._on_error(p, reason))
        self._process = process
        process.start(program, arguments)
        self.changed.emit()

    @property
    def pid(self) -> int:
        """The running command's process id (0: none)."""
        return self._process.pid if self._process is not None else 0

    def _read_stdout(self, chunk: bytes) -> None:
        data = self._stdout_tail + chunk
        *lines, self._stdout_tail = data.split(b"\n")  # the last piece may be half a line
        for line in lines:
            event = parse_event(line.decode("utf-8", "replace"))
            if event is not None:
                self._on_event(event)

    def _read_stderr(self, chunk: bytes) -> None:
        text = chunk.decode("utf-8", "replace")
        self._stderr.extend(line for line in text.splitlines() if line.strip())

    def _on_event(self, event: dict) -> None:
        p, kind = self.progress, event["event"]
        if kind == "start":
            p.classes = list(event.get("classes", []))
            p.epochs, p.steps = int(event.get("epochs", p.epochs)), int(event.get("steps", 0))
            p.epoch, p.step = int(event.get("epoch", 0)), 0
            p.history = list(event.get("history", []))
        elif kind == "skipped":
            p.skipped = [(str(f[0]), str(f[1])) for f in event.get("files", [])]
        elif kind == "step":
            p.step, p.steps = int(event.get("step", 0)), int(event.get("steps", p.steps))
        elif kind == "epoch":
            p.history.append(event)
            p.epoch, p.step = int(event.get("epoch", p.epoch + 1)), 0
        elif kind == "interrupted":
            p.resumable = True
        elif kind == "refused":
            try:
                self._refusal = ScanProblem.from_event(event)
            except ValueError:
                pass  # the process's own message is shown instead
        self.changed.emit()

    def _on_error(self, program: str, reason: str) -> None:
        if self._process is None:
            return
        self._process.deleteLater()
        self._process = None
        self.progress.error = _translate(
            "TrainingRun", "{program}: could not start ({reason})").format(program=program,
                                                                           reason=reason)
        self._end("failed")

    def _on_finished(self, code: int) -> None:
        self._kill_timer.stop()
        if self._stdout_tail:  # a last line without a newline
            self._read_stdout(b"\n")
        if self._process is not None:
            self._process.deleteLater()
        self._process = None
        ok = code == 0
        if self._what == "train":
            if ok:
                self._check_what_was_trained()
                self._next()
            elif self._cancelled:
                self.progress.resumable = (self.job is not None
                                           and (self.job.out / LAST).is_file())
                self._end("cancelled")
            else:
                if self._refusal is not None:  # worded in the window's language
                    self.progress.error = problem_text(self._refusal)
                else:
                    self.progress.error = "\n".join(self._stderr) or _translate(
                        "TrainingRun", "cifar10 train stopped (exit status {code})"
                    ).format(code=code)
                self._end("failed")
            return
        if self._what == "results" and ok:
            self._read_results()
        if not ok:
            if self._cancelled:
                reason = _translate("TrainingRun", "stopped")
            elif self._stderr:
                reason = self._stderr[-1]  # the command's own last message
            else:
                reason = _translate("TrainingRun", "exit status {code}").format(code=code)
            self.progress.warnings.append(
                _translate("TrainingRun", _CHECK_LOST[self._what]) + f" ({reason})")
        if self._cancelled:  # the model itself is saved: the checks not run yet are skipped
            self._queue.clear()
        self._next()

    def _check_what_was_trained(self) -> None:
        """A resumed run trains on the folder it started with (its stored configuration), which
        may not be the folder the dialog shows now: its checks measure it on that one."""
        assert self.job is not None
        data = trained_data(self.job.checkpoint) if self.job.resume else None
        if data is None or data == self.job.data:
            return
        for _, args in self._queue:
            if "--data" in args:
                args[args.index("--data") + 1] = str(data)

    def _read_results(self) -> None:
        assert self.job is not None
        try:
            self.progress.results = json.loads(
                (self.job.out / RESULTS).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            self.progress.warnings.append(_translate(
                "TrainingRun", "No validation results shown: {path} could not be read ({reason})"
            ).format(path=self.job.out / RESULTS, reason=e))

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()

    def _end(self, phase: str) -> None:
        self.progress.phase = phase
        self.changed.emit()
        self.ended.emit(phase)


# What a model lacks when a check fails; the message of the failed command follows.
_CHECK_LOST = {
    "results": QT_TRANSLATE_NOOP("TrainingRun", "No validation results or calibration: the "
                                                "not-sure rule uses its defaults"),
    "detector": QT_TRANSLATE_NOOP("TrainingRun", "No out-of-distribution detector: pictures of "
                                                 "other things are flagged less often"),
}
