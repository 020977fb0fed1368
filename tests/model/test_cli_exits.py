"""Exit statuses of `cifar10 train` and `cifar10 eval`, through `main`, exactly as documented:
0 done, 2 unusable data/checkpoint/options, 3 non-finite loss (train), 130 interrupted (train)."""

from __future__ import annotations

from pathlib import Path

import pytest

import model.training.loop as train_module
from model.cli.main import main
from model.training.loop import TrainResult


def _train_args(data: Path, out: Path) -> list[str]:
    return ["train", "--data", str(data), "--out", str(out), "--image-size", "8", "--epochs",
            "1", "--batch-size", "40", "--no-progress", "--no-plot", "--cache-dir",
            str(out / "cache"), "--limit-train", "80", "--limit-test", "20"]


def test_train_interrupted_mid_run_exits_130(shapes_dataset: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # The loop catches Ctrl+C, saves last.pt and returns interrupted=True: the shell says 130.
    monkeypatch.setattr(train_module, "train",
                        lambda cfg: TrainResult(None, [], 1.0, interrupted=True))
    assert main(_train_args(shapes_dataset, tmp_path)) == 130


def test_train_interrupted_while_loading_exits_130(shapes_dataset: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    def stop(cfg):
        raise KeyboardInterrupt

    monkeypatch.setattr(train_module, "train", stop)
    assert main(_train_args(shapes_dataset, tmp_path)) == 130
    assert "cifar10 train: interrupted" in capsys.readouterr().err


def test_train_bad_data_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_train_args(tmp_path / "nowhere", tmp_path)) == 2
    err = capsys.readouterr().err
    assert err.startswith("cifar10 train: ") and "nowhere" in err and "Traceback" not in err


@pytest.mark.parametrize(("option", "value", "rule"), [
    ("--batch-size", "0", "must be at least 1"),  # was a ZeroDivisionError after loading the data
    ("--epochs", "0", "must be at least 1"),
    ("--image-size", "0", "must be 8 to 1024"),
    ("--image-size", "7", "must be 8 to 1024"),  # trained, then no checkpoint loader took it
    ("--low-res", "8", "needs --low-res-epochs"),  # alone, it did nothing
    ("--low-res-epochs", "1", "needs --low-res"),
    ("--lr", "nan", "must be a number of 0 or more"),
    ("--momentum", "1.5", "below 1"),
    ("--low-res", "16", "to --image-size (8)"),  # (with --low-res-epochs, below)
    ("--stem", "tiny", "must be cifar or imagenet"),
])
def test_train_unusable_option_exits_2_before_reading_data(
        option: str, value: str, rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # The data folder does not exist: an option that is checked first names itself, not the data.
    monkeypatch.setattr(train_module, "train", lambda cfg: pytest.fail("training started"))
    out = tmp_path / "out"
    extra = ["--low-res-epochs", "1", "--epochs", "2"] if option == "--low-res" and value == "16" \
        else []
    assert main(_train_args(tmp_path / "nowhere", out) + [option, value] + extra) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cifar10 train: {option} ") and rule in err and "nowhere" not in err
    assert not out.exists()


def test_default_config_passes_its_own_check() -> None:
    from model.training.config import TrainConfig

    TrainConfig().check()
    TrainConfig(lr=0.0, low_res=4, low_res_epochs=1, epochs=2, image_size=8).check()  # edges
    with pytest.raises(ValueError, match="--low-res-epochs 2 must leave at least one of the 2"):
        TrainConfig(low_res=8, low_res_epochs=2, epochs=2).check()  # every epoch at 8 px
    with pytest.raises(ValueError, match="--label-smoothing 1.0"):
        TrainConfig(label_smoothing=1.0).check()


def test_train_completes_with_0(shapes_dataset: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_train_args(shapes_dataset, tmp_path)) == 0
    # One epoch under the default two of warm-up never anneals: said, not silent.
    assert "note: --warmup-epochs 2 is not below --epochs 1" in capsys.readouterr().err
    assert (tmp_path / "model.safetensors").is_file()


def test_eval_unusable_checkpoint_exits_2(shapes_dataset: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pth"
    bad.write_bytes(b"\x00garbage" * 50)
    assert main(["eval", "--checkpoint", str(bad), "--data", str(shapes_dataset)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cifar10 eval: {bad}: not a PyTorch checkpoint")


def test_eval_calibrate_needs_our_format_exits_2(shapes_dataset: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "weights.pth"
    other.write_bytes(b"PK")
    assert main(["eval", "--checkpoint", str(other), "--data", str(shapes_dataset),
                 "--calibrate"]) == 2
    assert "needs a .safetensors checkpoint" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["eval", "--limit", "-5"], "argument --limit: -5 is below 0"),  # evaluated 9,995 images
    (["eval", "--batch-size", "0"], "argument --batch-size: 0 is below 1"),
    (["summary", "--input-size", "0"], "argument --input-size: 0 is below 4"),  # meant 'default'
    (["summary", "--input-size", "100000"], "argument --input-size: 100000 is above 1024"),
    (["fit-detector", "--flag-budget", "100"], "must be a number of at least 0 and below 100"),
    (["fit-detector", "--k", "5", "0"], "argument --k: 0 is below 1"),
    (["experiment", "degradation", "--data", "d", "--out", "o", "--lr", "nan"],
     "argument --lr: nan must be a number of at least 0"),
    (["experiment", "degradation", "--data", "d", "--out", "o", "--epochs", "2.5"],
     "argument --epochs: '2.5' is not a whole number"),
])
def test_unusable_counts_and_numbers_exit_2_naming_the_option(
        argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["eval", "--limit", "0", "--batch-size", "1"],
                                  ["summary", "--input-size", "4"],
                                  ["fit-detector", "--flag-budget", "0", "--k", "1"]])
def test_the_smallest_allowed_values_parse(argv: list[str]) -> None:
    from model.cli.main import build_parser

    build_parser().parse_args(argv + (["--checkpoint", "c", "--data", "d"]
                                      if argv[0] != "summary" else []))


def test_checkpoint_bundled_names_the_bundled_model_unless_a_file_is_called_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from model.cli.main import build_parser
    from model.files.paths import bundled_checkpoint

    parse = build_parser().parse_args
    monkeypatch.chdir(tmp_path)
    for argv in (["eval", "--data", "d"], ["classify", "x.png"], ["summary"]):
        assert parse(argv + ["--checkpoint", "bundled"]).checkpoint == str(bundled_checkpoint())
    (tmp_path / "bundled").write_bytes(b"a file of that name")
    assert parse(["summary", "--checkpoint", "bundled"]).checkpoint == "bundled"


def test_eval_refuses_what_it_could_not_finish_before_reading_data(
        random_checkpoint: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Each was found only after the whole evaluation (minutes on the test split), two of them
    # as tracebacks; the data folder here does not exist, so an early refusal names the option.
    from safetensors.torch import load_file, save_file

    plain = tmp_path / "plain.safetensors"  # the same weights, without our metadata
    save_file(load_file(random_checkpoint), plain)
    folder = tmp_path / "a folder"
    folder.mkdir()
    eval_ = ["eval", "--data", str(tmp_path / "nowhere")]
    cases = [
        (["--checkpoint", str(random_checkpoint), "--json", str(folder)],
         f"--json {folder}: is a folder; name the file to write"),
        (["--checkpoint", str(random_checkpoint), "--plot", str(folder)],
         f"--plot {folder}: is a folder; name the file to write"),
        (["--checkpoint", str(plain), "--write-metadata"],
         f"{plain}: --write-metadata: safetensors file without this project's metadata; "
         "evaluate without it"),
        (["--checkpoint", str(random_checkpoint), "--calibrate", "--split", "train"],
         "--calibrate fits on data the network was not trained on: use --split val"),
    ]
    for extra, message in cases:
        assert main(eval_ + extra) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"cifar10 eval: {message}") and "nowhere" not in err, err


def test_train_out_that_cannot_be_a_folder_exits_2_before_reading_data(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    for out, message in ((a_file, f"{a_file} is a file, not a folder"),
                         (a_file / "run", f"{a_file} is a file, not a folder"),
                         (Path(" "), "--out is empty")):  # "" had trained into the cwd
        args = _train_args(tmp_path / "nowhere", tmp_path)
        args[args.index("--out") + 1] = str(out)
        assert main(args) == 2
        err = capsys.readouterr().err
        assert message in err and "nowhere" not in err and "Traceback" not in err, err


def test_train_resume_refuses_changed_options_and_writes_beside_its_file(
        shapes_dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    import torch

    run = tmp_path / "run"
    assert main(_train_args(shapes_dataset, run)) == 0
    assert main(_train_args(shapes_dataset, run)) == 0  # a second run into the same folder
    rows = (run / "log.jsonl").read_text().splitlines()
    assert len(rows) == 1  # a new log, not the two runs' epochs mixed
    stored = torch.load(run / "last.pt", weights_only=True)["config"]
    assert Path(stored["data"]).is_absolute() and Path(stored["out"]).is_absolute()
    # --epochs 3 and --lr were dropped without a word; the run's own value may be repeated.
    assert main(["train", "--resume", str(run / "last.pt"), "--epochs", "3", "--lr", "0.5"]) == 2
    assert ("--epochs 3, --lr 0.5 would change it (only --device and --threads may)"
            in capsys.readouterr().err)
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.copy(run / "last.pt", moved / "last.pt")
    assert main(["train", "--resume", str(moved / "last.pt"), "--epochs", "1",
                 "--no-progress", "--no-plot"]) == 0
    assert "Resuming " in capsys.readouterr().out
    assert (moved / "model.safetensors").is_file()  # beside the file it continued


def test_train_init_from_a_state_dict_file(shapes_dataset: Path, random_checkpoint: Path,
                                           tmp_path: Path) -> None:
    # classify and the app take a .pth state dict; --init-from refused it ("not a safetensors
    # checkpoint").
    import torch

    from model.checkpoints.checkpoint import load_checkpoint

    weights = tmp_path / "weights.pth"
    torch.save(load_checkpoint(random_checkpoint)[0].state_dict(), weights)
    assert main(_train_args(shapes_dataset, tmp_path / "run")
                + ["--init-from", str(weights)]) == 0
    assert (tmp_path / "run" / "model.safetensors").is_file()


def test_train_resume_given_the_run_folder_points_at_its_last_pt(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "last.pt").write_bytes(b"x")
    assert main(["train", "--resume", str(tmp_path)]) == 2
    assert f"{tmp_path}: a folder, not a resume file; did you mean {tmp_path / 'last.pt'}?" in \
        capsys.readouterr().err


def test_train_resume_from_an_empty_file_exits_2_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # torch.load's EOFError has no message: building the error raised IndexError.
    empty = tmp_path / "last.pt"
    empty.write_bytes(b"")
    assert main(["train", "--resume", str(empty)]) == 2
    err = capsys.readouterr().err
    assert f"{empty}: not a readable resume file (empty or truncated)" in err


def test_ctrl_c_in_classify_keeps_the_json_so_far_and_exits_130(
        random_checkpoint: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # A traceback, and nothing at all on stdout: the JSON array is written at the end.
    import json

    import numpy as np
    from PIL import Image

    from model.inference.classifier import Classifier

    for i in range(3):
        Image.fromarray(np.full((32, 32, 3), 40 * i, dtype=np.uint8)).save(tmp_path / f"{i}.png")
    real = Classifier.predict_many

    def interrupted(self, sources, *args, **kwargs):
        results = real(self, sources, *args, **kwargs)
        yield next(results)
        raise KeyboardInterrupt

    monkeypatch.setattr(Classifier, "predict_many", interrupted)
    assert main(["classify", "--checkpoint", str(random_checkpoint), "--format", "json",
                 str(tmp_path)]) == 130
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    assert len(records) == 1 and records[0]["path"] == str(tmp_path / "0.png")
    assert captured.err.strip().endswith(
        "cifar10 classify: interrupted; the JSON written holds the first 1 files")
    assert "Traceback" not in captured.err


def test_ctrl_c_in_eval_is_one_line(shapes_dataset: Path, random_checkpoint: Path,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    import model.cli.eval as eval_cli

    def stop(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(eval_cli, "run_eval", stop)
    assert main(["eval", "--checkpoint", str(random_checkpoint), "--data",
                 str(shapes_dataset)]) == 130
    assert capsys.readouterr().err == "cifar10 eval: interrupted\n"
