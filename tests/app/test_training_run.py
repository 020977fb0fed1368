"""The training job of New Model from Folders, driven against a stub CLI (tests/app/stub_trainer.py):
event parsing, the checks after training, failures, cancel, resume, discard, no orphan process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from app.training.run import TrainingJob, TrainingRun, held_out_accuracy
from model.evaluation.fit_minimum import MIN_FIT_IMAGES
from model.training.recipes import recipe

STUB = Path(__file__).with_name("stub_trainer.py")
SAVED_ON_SIGINT = b"stub resume state, saved on SIGINT"  # as stub_trainer.py writes it
TIMEOUT_MS = 30_000


def stub(mode: str):
    return lambda args: (sys.executable, [str(STUB), mode, *args])


def _job(tmp_path: Path, **changes) -> TrainingJob:
    # 2 × 110 images hold out 2 × 22: enough to fit the not-sure checks on (the stub reads none)
    values = dict(data=tmp_path / "data", out=tmp_path / "out", recipe=recipe("quick"),
                  counts=[110, 110])
    values.update(changes)
    return TrainingJob(**values)


def _run(qtbot, mode: str, job: TrainingJob, real: bool = False) -> TrainingRun:
    run = TrainingRun() if real else TrainingRun(stub(mode))
    with qtbot.waitSignal(run.ended, timeout=TIMEOUT_MS):
        run.start(job)
    return run


def test_a_run_reports_its_epochs_and_results(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("STUB_LOG", str(tmp_path / "commands.txt"))
    run = _run(qtbot, "ok", _job(tmp_path))
    p = run.progress
    commands = (tmp_path / "commands.txt").read_text().splitlines()
    assert [c.split()[0] for c in commands] == ["train", "eval", "fit-detector"]
    assert "--calibrate" in commands[1].split()
    assert p.phase == "finished" and not run.running and not p.warnings and not p.error
    assert p.classes == ["apple", "kiwi"] and (p.epoch, p.epochs) == (2, 2)
    assert [row["epoch"] for row in p.history] == [1, 2]
    assert [held_out_accuracy(row) for row in p.history] == [0.6, 0.75]
    assert p.skipped == [(str(tmp_path / "out" / "broken.png"), "cannot read")]
    assert p.results["accuracy"] == 0.75 and p.results["confusion"] == [[1, 0], [1, 0]]
    assert (tmp_path / "out" / "model.safetensors").is_file() and p.fraction == 1.0


def test_a_refused_folder_ends_the_job_with_the_cli_message(qtbot, tmp_path: Path) -> None:
    run = _run(qtbot, "fail", _job(tmp_path))
    assert run.progress.phase == "failed"
    assert run.progress.error == ("cifar10 train: /data/kiwi: only 3 readable images; a class "
                                  "needs at least 5")


def test_a_class_that_decodes_too_few_images_is_worded_by_the_window(qtbot, tmp_path,
                                                                     qapp) -> None:
    """The real CLI refuses a class whose files are there by name but do not decode (only it
    can tell); the window words the refusal in its language, files listed."""
    from PyQt5.QtCore import QTranslator

    from app.i18n import qm_path

    for name, good in (("apple", 6), ("kiwi", 2)):
        (tmp_path / "data" / name).mkdir(parents=True)
        for i in range(6):
            png = tmp_path / "data" / name / f"{i}.png"
            if i < good:
                from PIL import Image

                Image.new("RGB", (8, 8), (40 * i, 90, 200)).save(png)
            else:
                png.write_bytes(b"not a png")
    kiwi = tmp_path / "data" / "kiwi"
    run = _run(qtbot, "real", _job(tmp_path, counts=[6, 6]), real=True)
    assert run.progress.phase == "failed"
    lines = run.progress.error.splitlines()
    assert lines[:2] == [f"{kiwi}: only 2 readable images; a class needs at least 5",
                         "4 file(s) there could not be read:"]
    assert sorted(line.split(": ")[0].strip() for line in lines[2:]) == [
        str(kiwi / f"{i}.png") for i in range(2, 6)]
    translator = QTranslator()
    assert translator.load(str(qm_path("zh_TW")))
    qapp.installTranslator(translator)
    try:
        run2 = _run(qtbot, "real", _job(tmp_path / "again", data=tmp_path / "data",
                                        counts=[6, 6]), real=True)
    finally:
        qapp.removeTranslator(translator)
    assert run2.progress.error.splitlines()[:2] == [
        f"{kiwi}：只有 2 張可讀取的圖片；每個類別至少需要 5 張", "其中 4 個檔案無法讀取："]


def test_a_failed_check_leaves_a_usable_model_and_says_what_it_lacks(qtbot, tmp_path) -> None:
    run = _run(qtbot, "nodetector", _job(tmp_path))
    assert run.progress.phase == "finished" and run.progress.results is not None
    assert run.progress.warnings == ["No out-of-distribution detector: pictures of other things "
                                     "are flagged less often (cifar10 fit-detector: too few "
                                     "images)"]


def test_too_few_held_out_images_skip_the_checks_and_say_so(qtbot, tmp_path, monkeypatch):
    log = tmp_path / "commands.txt"
    monkeypatch.setenv("STUB_LOG", str(log))
    run = _run(qtbot, "ok", _job(tmp_path, counts=[10, 12]))  # 2 + 2 held out
    assert run.progress.phase == "finished" and run.progress.results is not None
    commands = log.read_text().splitlines()
    assert [c.split()[0] for c in commands] == ["train", "eval"]
    assert "--write-metadata" in commands[1] and "--calibrate" not in commands[1]
    assert run.progress.warnings == [
        "No calibration and no out-of-distribution detector: 4 held-out images are too few "
        f"to fit them on (at least {MIN_FIT_IMAGES}); the not-sure rule uses its defaults"]


def test_a_program_that_cannot_start_fails_the_job(qtbot, tmp_path: Path) -> None:
    run = TrainingRun(lambda args: (str(tmp_path / "no-such-program"), args))
    with qtbot.waitSignal(run.ended, timeout=TIMEOUT_MS) as ended:
        run.start(_job(tmp_path))
    assert ended.args == ["failed"] and "could not start" in run.progress.error


def _held(qtbot, tmp_path: Path) -> TrainingRun:
    run = TrainingRun(stub("hold"))
    run.start(_job(tmp_path))
    qtbot.waitUntil(lambda: run.progress.epoch == 1, timeout=TIMEOUT_MS)
    assert run.running and run.progress.phase == "training" and run.progress.fraction == 0.5
    return run


@pytest.mark.skipif(os.name != "posix", reason="SIGINT is POSIX's; Windows kills the process")
def test_cancel_saves_then_resume_continues_or_discard_deletes(qtbot, tmp_path: Path) -> None:
    run = _held(qtbot, tmp_path)
    with qtbot.waitSignal(run.ended, timeout=TIMEOUT_MS) as ended:
        run.cancel()
    assert ended.args == ["cancelled"] and run.progress.resumable
    assert not (tmp_path / "out" / "model.safetensors").exists()
    # Stopped by SIGINT (the process saved where it was), not killed.
    assert (tmp_path / "out" / "last.pt").read_bytes() == SAVED_ON_SIGINT
    # Resume: the run starts where it stopped, with the epoch it had done.
    with qtbot.waitSignal(run.ended, timeout=TIMEOUT_MS) as ended:
        run.start(_job(tmp_path, resume=True))
    assert ended.args == ["finished"] and [r["epoch"] for r in run.progress.history] == [1, 2]
    # Discard after a second cancel: the run's files go, and the folder they emptied.
    run2 = _held(qtbot, tmp_path / "second")
    with qtbot.waitSignal(run2.ended, timeout=TIMEOUT_MS):
        run2.cancel()
    run2.discard_partial()
    assert not (tmp_path / "second" / "out").exists() and not run2.progress.resumable


def test_a_resumed_run_is_checked_on_the_folder_it_trained_on(qtbot, tmp_path,
                                                              monkeypatch) -> None:
    import app.training.run as run_module

    log = tmp_path / "commands.txt"
    monkeypatch.setenv("STUB_LOG", str(log))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "last.pt").write_bytes(b"stub resume state")
    # The stub's checkpoint has no metadata: say which folder its configuration names.
    monkeypatch.setattr(run_module, "trained_data", lambda checkpoint: tmp_path / "first")
    run = _run(qtbot, "ok", _job(tmp_path, data=tmp_path / "other", resume=True))
    assert run.progress.phase == "finished"
    commands = [c.split() for c in log.read_text().splitlines()]
    assert [c[0] for c in commands] == ["train", "eval", "fit-detector"]
    for check in commands[1:]:
        assert check[check.index("--data") + 1] == str(tmp_path / "first")


def test_discard_keeps_the_users_other_files(qtbot, tmp_path: Path) -> None:
    run = _held(qtbot, tmp_path)
    (tmp_path / "out" / "notes.txt").write_text("mine")
    with qtbot.waitSignal(run.ended, timeout=TIMEOUT_MS):
        run.cancel()
    run.discard_partial()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["notes.txt"]


def test_stop_and_wait_leaves_no_process(qtbot, tmp_path: Path) -> None:
    run = _held(qtbot, tmp_path)
    pid = run.pid
    run.stop_and_wait()
    assert not run.running and run.progress.phase == "cancelled"
    with pytest.raises(ProcessLookupError):  # exited and reaped, not left behind
        os.kill(pid, 0)


def test_a_real_fine_tune_end_to_end(qtbot, tmp_path: Path, capsys, colour_classes) -> None:
    """The real CLI in child processes: fine-tune the bundled network's head for one epoch on
    220 tiny pictures, then its results, calibration and detector on the 44 held out; a normal
    checkpoint of ours."""
    from model.checkpoints.checkpoint import read_info
    from model.training.recipes import Recipe

    colour_classes(tmp_path / "data", 110, size=16)
    job = TrainingJob(data=tmp_path / "data", out=tmp_path / "out", counts=[110, 110],
                      recipe=Recipe("tiny", epochs=1, train_layers="head", backbone_lr_scale=1.0))
    run = TrainingRun()  # the real cifar10 CLI
    with qtbot.waitSignal(run.ended, timeout=300_000) as ended:
        run.start(job)
    p = run.progress
    assert ended.args == ["finished"], p.error
    assert not p.warnings, p.warnings  # every check ran
    assert p.classes == ["blue", "red"] and len(p.history) == 1 and p.epoch == 1
    assert sum(map(sum, p.results["confusion"])) == 44  # 22 held-out pictures per class
    info = read_info(job.checkpoint)
    assert info.class_names == ["blue", "red"] and info.train_config["init_from"] == "bundled"
    assert {"calibration", "eval", "detector"} <= set(info.extra)
    assert info.extra["detector"]["val_images"] == 44
    from app.training.run import trained_data

    assert trained_data(job.checkpoint) == tmp_path / "data"  # what a resume is checked on
    _works_as_a_model_of_ours(job.checkpoint, tmp_path / "data" / "red" / "0.png", qtbot,
                              capsys)


def _works_as_a_model_of_ours(checkpoint: Path, picture: Path, qtbot, capsys) -> None:
    """What the app and the CLI do with any checkpoint, on the fine-tuned one: its Model Info,
    a prediction with its own classes, the attention map, cifar10 classify."""
    import dataclasses
    import json

    from app.model_info import ModelInfoDialog, evaluation_caption, model_info_html
    from app.model_summary import ModelSummary
    from model.cli.main import main
    from model.inference.classifier import Classifier

    classifier = Classifier.from_checkpoint(checkpoint, device="cpu")
    summary = ModelSummary(path=str(checkpoint), display_name=classifier.info.display_name,
                           device="cpu", info=dataclasses.asdict(classifier.info))
    dialog = ModelInfoDialog()
    qtbot.addWidget(dialog)
    dialog.set_summary(summary)
    assert dialog.confusion_shown  # the validation confusion matrix the checks stored
    assert evaluation_caption(summary.info).startswith("Measured on the val split")
    page = model_info_html(summary)
    assert "Classes (2)" in page and "Validation accuracy" in page and "not recorded" not in page
    prediction = classifier.predict(picture, k=5)
    assert sorted(prediction.labels) == ["blue", "red"]  # five asked for, two classes
    heat = classifier.attention(prediction.input_image, "red")
    assert heat.input_size == (64, 64) and 0.0 <= heat.heat.min() <= heat.heat.max() <= 1.0
    capsys.readouterr()
    assert main(["classify", "--checkpoint", str(checkpoint), "--format", "json",
                 str(picture)]) == 0
    top = json.loads(capsys.readouterr().out)[0]["top"]
    assert {row["label"] for row in top} == {"blue", "red"}


def test_the_apps_children_are_told_to_watch_their_stdin(qtbot) -> None:
    from app.training.child import make_child
    from model.cli.parent_watch import ENV

    child = make_child()
    out = []
    child.stdout.connect(out.append)
    with qtbot.waitSignal(child.exited, timeout=TIMEOUT_MS) as exited:
        child.start(sys.executable, ["-c", f"import os; print(os.environ.get({ENV!r}))"])
    assert exited.args == [0] and b"".join(out).strip() == b"1"


def test_an_event_line_split_across_reads_is_read_once_whole(qapp) -> None:
    run = TrainingRun(stub("ok"))
    line = b'@cifar10-event {"event": "start", "classes": ["apple", "kiwi"], "epochs": 3}\n'
    run._read_stdout(b"Training ResNet-18\n" + line[:20])
    assert run.progress.classes == []  # half an event is not an event
    run._read_stdout(line[20:41])
    run._read_stdout(line[41:] + b'@cifar10-event {"event": "step", "step": 1, "steps": 4}')
    assert run.progress.classes == ["apple", "kiwi"] and run.progress.epochs == 3
    assert run.progress.step == 0  # its line has not ended yet
    run._read_stdout(b"\n")
    assert (run.progress.step, run.progress.steps) == (1, 4)


def test_what_stopping_keeps_follows_the_run(tmp_path) -> None:
    # Once training has started its steps, Ctrl+C saves last.pt mid-epoch: the close question
    # had said "nothing is saved" until the first epoch ended.
    from app.training.run import TrainingJob, TrainingRun
    from model.training.recipes import recipe

    run = TrainingRun()
    run.job = TrainingJob(data=tmp_path, out=tmp_path / "out", recipe=recipe("quick"),
                          counts=[5, 5])
    run.progress.phase = "training"
    assert run.kept_if_stopped() == "nothing"  # still loading the images: no steps yet
    run.progress.steps = 12
    assert run.kept_if_stopped() == "resumable"
    run.progress.phase = "checking"
    assert run.kept_if_stopped() == "model"
