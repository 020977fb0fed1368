"""cifar10 eval: the numbers on sets whose answers are known, the report, and --write-metadata."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from model.checkpoints.checkpoint import (
    CheckpointInfo,
    read_info,
    save_checkpoint,
    update_metadata,
)
from model.cli.main import main
from model.evaluation.metrics import expected_calibration_error, metrics
from model.network.resnet import resnet18
from model.training.config import TrainConfig

NAMES = ["a", "b", "c"]


def test_metrics_on_a_set_with_known_answers() -> None:
    # Six images: true labels a a b b c c; predictions a b b b a c.
    labels = np.array([0, 0, 1, 1, 2, 2])
    probs = np.array([[0.9, 0.05, 0.05], [0.2, 0.7, 0.1], [0.1, 0.8, 0.1],
                      [0.3, 0.6, 0.1], [0.5, 0.2, 0.3], [0.1, 0.1, 0.8]])
    result = metrics(probs, labels, NAMES)
    assert result.accuracy == pytest.approx(4 / 6)
    assert result.per_class_accuracy == pytest.approx({"a": 0.5, "b": 1.0, "c": 0.5})
    assert result.confusion == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    assert result.count == 6
    expected_nll = -np.mean(np.log([0.9, 0.2, 0.8, 0.6, 0.3, 0.8]))
    assert result.loss == pytest.approx(expected_nll, rel=1e-6)


def test_ece_by_hand() -> None:
    # Confidences 0.9 (right), 0.9 (wrong), 0.6 (right), 0.6 (right) fill two of 15 bins:
    # the 0.9 bin has accuracy 0.5 (gap 0.4), the 0.6 bin accuracy 1.0 (gap 0.4); each holds
    # half the predictions, so ECE = 0.5 * 0.4 + 0.5 * 0.4 = 0.4.
    probs = np.array([[0.9, 0.1], [0.1, 0.9], [0.6, 0.4], [0.4, 0.6]])
    labels = np.array([0, 0, 0, 1])
    assert expected_calibration_error(probs, labels) == pytest.approx(0.4)
    # Perfectly calibrated one-hot predictions that are all right: zero error.
    assert expected_calibration_error(np.eye(3), np.arange(3)) == pytest.approx(0.0)


def _constant_checkpoint(path: Path, favourite: int, names: list[str], size: int) -> Path:
    """A network that answers ``favourite`` for every image: its accuracy on any set is the
    share of that class, which the test knows in advance."""
    torch.manual_seed(0)
    model = resnet18(num_classes=len(names))
    with torch.no_grad():
        model.fc.weight.zero_()
        model.fc.bias.zero_()
        model.fc.bias[favourite] = 5.0
    info = CheckpointInfo(num_classes=len(names), class_names=names, input_size=size)
    return save_checkpoint(path, model, info)


def test_eval_cli_numbers_report_plot_and_metadata(shapes_dataset: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    names = [f"shape{c}" for c in range(10)]
    ckpt = _constant_checkpoint(tmp_path / "const.safetensors", 3, names, 8)
    plot, report = tmp_path / "confusion.png", tmp_path / "eval.json"
    code = main(["eval", "--checkpoint", str(ckpt), "--data", str(shapes_dataset), "--plot",
                 str(plot), "--json", str(report), "--write-metadata", "--cache-dir",
                 str(tmp_path / "cache")])
    assert code == 0
    out = capsys.readouterr().out
    # 10 test images per class, all answered "shape3": 10% overall, 100% for shape3 only.
    assert "accuracy:          10.00%" in out
    assert "  shape3   100.00%" in out and "  shape0     0.00%" in out
    assert "Confusion matrix" in out
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    record = json.loads(report.read_text())
    assert record["accuracy"] == pytest.approx(0.1)
    assert record["confusion"][0] == [0, 0, 0, 10, 0, 0, 0, 0, 0, 0]
    info = read_info(ckpt)
    assert info.test_accuracy == pytest.approx(0.1)
    assert info.per_class_accuracy["shape3"] == 1.0 and info.per_class_accuracy["shape5"] == 0.0
    assert info.extra["eval"]["split"] == "test" and "ece" in info.extra["eval"]


def test_eval_matches_the_model_run_by_hand(shapes_dataset: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI's accuracy equals argmax agreement computed here from the same weights."""
    from model.checkpoints.checkpoint import load_checkpoint
    from model.data.datasets import load_split

    names = [f"shape{c}" for c in range(10)]
    torch.manual_seed(1)
    info = CheckpointInfo(class_names=names, input_size=8, mean=(0.5, 0.5, 0.5),
                          std=(0.25, 0.25, 0.25))
    ckpt = save_checkpoint(tmp_path / "random.safetensors", resnet18(), info)
    main(["eval", "--checkpoint", str(ckpt), "--data", str(shapes_dataset), "--json",
          str(tmp_path / "r.json"), "--cache-dir", str(tmp_path / "cache")])
    capsys.readouterr()
    model, _ = load_checkpoint(ckpt)
    test = load_split(shapes_dataset, "test", size=8, cache_dir=tmp_path / "cache")
    x = (torch.from_numpy(test.images).float() / 255 - 0.5) / 0.25
    with torch.no_grad():
        logits = model(x).numpy()
    pred = logits.argmax(1)
    assert len(set(pred.tolist())) > 1, "a constant answer would make this comparison weak"
    # The CLI normalises as x * scale + shift and takes the argmax of float32 probabilities;
    # this test computes (x/255 - mean)/std and takes it of the logits: the same function,
    # rounded differently (logits ~1e-6 apart). An untrained network's outputs are nearly flat:
    # one of these images has its top two logits 5.8e-6 apart, so which of them wins is the
    # CPU's rounding. Classes within `tie` of the top (~100x the paths' difference) may each be
    # the CLI's answer; every other image must be answered exactly as here.
    tie = 1e-4
    candidates = logits >= logits.max(1, keepdims=True) - tie
    near_tie = candidates.sum(1) > 1
    assert near_tie.sum() <= 3, "too many near-ties for the comparison to mean much"
    could_be_right = candidates[np.arange(len(test.labels)), test.labels]
    surely_right = int((could_be_right & ~near_tie).sum())
    accuracy = json.loads((tmp_path / "r.json").read_text())["accuracy"]
    right = round(accuracy * len(test.labels))
    assert accuracy == pytest.approx(right / len(test.labels))
    assert surely_right <= right <= surely_right + int((could_be_right & near_tie).sum())


def test_tta_does_not_overwrite_the_headline_figure(shapes_dataset: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    names = [f"shape{c}" for c in range(10)]
    ckpt = _constant_checkpoint(tmp_path / "c.safetensors", 0, names, 8)
    assert main(["eval", "--checkpoint", str(ckpt), "--data", str(shapes_dataset), "--tta",
                 "--write-metadata", "--cache-dir", str(tmp_path / "cache")]) == 0
    assert "mirror TTA" in capsys.readouterr().out
    info = read_info(ckpt)
    assert info.test_accuracy is None and info.extra["eval"]["tta"] is True


def test_eval_reports_unusable_input_in_one_line(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not a checkpoint at all")
    assert main(["eval", "--checkpoint", str(bad), "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"cifar10 eval: {bad}:") and "\n" not in err


# --------------------------------------------------------------------------------------------
# --calibrate


def _random_checkpoint(path: Path, names: list[str]) -> Path:
    torch.manual_seed(1)
    info = CheckpointInfo(class_names=names, input_size=8, mean=(0.5, 0.5, 0.5),
                          std=(0.25, 0.25, 0.25), test_accuracy=0.5,
                          extra={"eval": {"accuracy": 0.5, "note": "kept"}})
    return save_checkpoint(path, resnet18(), info)


def test_calibrate_fits_on_one_half_and_stores_only_calibration(
        shapes_dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from model.checkpoints.checkpoint import load_checkpoint
    from model.data.datasets import load_split
    from model.evaluation.calibration import fit_temperature, split_halves
    from model.inference.confidence import fit_energy_threshold, fit_image_thresholds

    names = [f"shape{c}" for c in range(10)]
    ckpt = _random_checkpoint(tmp_path / "r.safetensors", names)
    cache = str(tmp_path / "cache")
    assert main(["eval", "--checkpoint", str(ckpt), "--data", str(shapes_dataset),
                 "--calibrate", "--json", str(tmp_path / "r.json"), "--cache-dir", cache]) == 0
    out = capsys.readouterr().out
    assert "Temperature scaling (fitted on 50 images, reported on the other 50" in out
    assert "calibration (ECE):" in out and "->" in out
    assert "Calibration written into" in out
    # The temperature and threshold are what the fit gives on the fit half, by hand.
    model, _ = load_checkpoint(ckpt)
    test = load_split(shapes_dataset, "test", size=8, cache_dir=cache)
    with torch.no_grad():
        logits = model((torch.from_numpy(test.images).float() / 255 - 0.5) / 0.25).numpy()
    fit, _ = split_halves(len(test.labels))
    info = read_info(ckpt)
    stored = info.extra["calibration"]
    assert stored["temperature"] == pytest.approx(fit_temperature(logits[fit], test.labels[fit]),
                                                  rel=1e-4)
    assert stored["energy_threshold"] == pytest.approx(fit_energy_threshold(logits[fit]),
                                                       rel=1e-4)
    contrast, correlation = fit_image_thresholds(test.images[fit].transpose(0, 2, 3, 1))
    assert (stored["min_contrast"], stored["min_correlation"]) == pytest.approx(
        (contrast, correlation))
    assert (stored["fit_count"], stored["report_count"], stored["split"]) == (50, 50, "test")
    for key in ("ece_before", "ece_after", "nll_before", "nll_after", "fitted", "data", "seed",
                "not_sure_fraction"):
        assert key in stored
    assert json.loads((tmp_path / "r.json").read_text())["calibration"] == stored
    # Without --write-metadata, the evaluation record and headline figure are untouched.
    assert info.test_accuracy == 0.5 and info.extra["eval"] == {"accuracy": 0.5, "note": "kept"}


def test_calibrate_with_write_metadata_writes_both(shapes_dataset: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    names = [f"shape{c}" for c in range(10)]
    ckpt = _constant_checkpoint(tmp_path / "c.safetensors", 3, names, 8)
    assert main(["eval", "--checkpoint", str(ckpt), "--data", str(shapes_dataset), "--calibrate",
                 "--write-metadata", "--cache-dir", str(tmp_path / "cache")]) == 0
    assert "Results and calibration written into" in capsys.readouterr().out
    info = read_info(ckpt)
    assert info.test_accuracy == pytest.approx(0.1)
    assert "calibration" not in info.extra["eval"] and info.extra["eval"]["count"] == 100
    # A constant answer that is right 10% of the time: the best temperature flattens it.
    assert info.extra["calibration"]["temperature"] > 1
    assert info.extra["calibration"]["ece_after"] < info.extra["calibration"]["ece_before"]


def test_calibrate_refuses_tta_and_other_formats(shapes_dataset: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    names = [f"shape{c}" for c in range(10)]
    ckpt = _constant_checkpoint(tmp_path / "c.safetensors", 3, names, 8)
    before = ckpt.read_bytes()
    assert main(["eval", "--checkpoint", str(ckpt), "--data", str(shapes_dataset), "--calibrate",
                 "--tta"]) == 2
    assert "drop --tta" in capsys.readouterr().err
    pt = tmp_path / "c.pt"
    torch.save(torch.nn.Linear(1, 1).state_dict(), pt)
    # Refused before evaluating anything: the data folder does not even exist.
    assert main(["eval", "--checkpoint", str(pt), "--data", str(tmp_path / "none"),
                 "--calibrate"]) == 2
    assert "--calibrate needs a .safetensors checkpoint" in capsys.readouterr().err
    assert ckpt.read_bytes() == before


def test_eval_on_the_validation_split_the_run_held_out(shapes_dataset: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """--split val rebuilds, from the stored training configuration, exactly the images that
    run held out of train: the same count and the same classes as the seeded split."""
    names = [f"shape{c}" for c in range(10)]
    ckpt = _constant_checkpoint(tmp_path / "val.safetensors", 3, names, 8)
    update_metadata(ckpt, train_config=TrainConfig(val_fraction=0.1, seed=7).to_dict())
    report = tmp_path / "val.json"
    assert main(["eval", "--checkpoint", str(ckpt), "--data", str(shapes_dataset), "--split",
                 "val", "--json", str(report), "--cache-dir", str(tmp_path / "cache")]) == 0
    record = json.loads(report.read_text())
    # 400 training images sorted by class (40 each); the run held out the first 40 of its
    # seeded permutation. The constant network answers shape3, so row c of the confusion
    # matrix counts the held-out images of class c.
    held_out = np.random.default_rng(7).permutation(400)[:40] // 40
    assert record["split"] == "val" and record["count"] == 40
    assert [sum(row) for row in record["confusion"]] == np.bincount(held_out, minlength=10).tolist()
    # Calibrating on it is allowed; the headline test accuracy is left alone.
    assert read_info(ckpt).test_accuracy is None
    # A run that held nothing out cannot be evaluated on "val": exit 2, and the reason.
    update_metadata(ckpt, train_config=TrainConfig().to_dict())
    capsys.readouterr()
    assert main(["eval", "--checkpoint", str(ckpt), "--data", str(shapes_dataset), "--split",
                 "val", "--cache-dir", str(tmp_path / "cache")]) == 2
    assert "held no validation split out" in capsys.readouterr().err


def test_a_one_epoch_run_draws_visible_points(tmp_path: Path) -> None:
    # One epoch is one point per series: without markers the curves were an empty frame.
    from model.evaluation import plots

    plt = plots._pyplot()
    row = {"epoch": 1, "train_loss": 1.2, "train_acc": 0.5, "test_loss": 1.3, "test_acc": 0.45}
    fig = plots.learning_figure(plt, [row])
    lines = [line for ax in fig.axes for line in ax.get_lines()]
    assert len(lines) == 4 and all(line.get_marker() == "o" for line in lines)
    plt.close(fig)
    long_run = [dict(row, epoch=e) for e in range(1, 41)]
    fig = plots.learning_figure(plt, long_run)
    markers = {line.get_label(): line.get_marker() for line in fig.axes[0].get_lines()}
    assert markers == {"train": "None", "test": "o"}  # 40 points draw a line of their own
    plt.close(fig)
    assert plots.learning_curves([row], tmp_path / "c.png").stat().st_size > 0


def _strict_json(text: str):
    """json.loads that refuses NaN and Infinity, as JSON readers other than Python's do."""
    def refuse(name: str):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_a_class_with_no_images_is_said_and_never_written_as_nan(
        shapes_dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # --limit 5 of 10 classes leaves some with no test images: their accuracy was NaN, which
    # --write-metadata stored, and every command then refused the checkpoint for good.
    names = [f"shape{c}" for c in range(10)]
    ckpt = _constant_checkpoint(tmp_path / "const.safetensors", 3, names, 8)
    report = tmp_path / "eval.json"
    assert main(["eval", "--checkpoint", str(ckpt), "--data", str(shapes_dataset), "--limit",
                 "5", "--json", str(report), "--write-metadata", "--cache-dir",
                 str(tmp_path / "cache")]) == 0
    out = capsys.readouterr().out
    assert "nan" not in out.lower() and "no images" in out
    record = _strict_json(report.read_text())
    measured = record["per_class_accuracy"]
    assert 1 <= len(measured) <= 5 and set(measured) <= set(names)
    info = read_info(ckpt)  # still readable
    assert info.per_class_accuracy == measured and info.test_accuracy == record["accuracy"]
    # And evaluated again, in full, it takes the new figures.
    assert main(["eval", "--checkpoint", str(ckpt), "--data", str(shapes_dataset),
                 "--write-metadata", "--cache-dir", str(tmp_path / "cache")]) == 0
    assert set(read_info(ckpt).per_class_accuracy) == set(names)


def test_metadata_a_loader_would_refuse_is_never_written(tmp_path: Path) -> None:
    from model.checkpoints.checkpoint import CheckpointError

    ckpt = _constant_checkpoint(tmp_path / "const.safetensors", 0, NAMES, 8)
    before = ckpt.read_bytes()
    with pytest.raises(CheckpointError, match="per_class_accuracy"):
        update_metadata(ckpt, per_class_accuracy={"a": float("nan")})
    assert ckpt.read_bytes() == before


def test_eval_names_the_files_it_could_not_read(shapes_dataset: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    # They were left out without a word: only the image count hinted at them.
    import shutil

    data = tmp_path / "data"
    shutil.copytree(shapes_dataset, data)
    empty = data / "test" / "shape0" / "empty.png"
    empty.write_bytes(b"")
    ckpt = _constant_checkpoint(tmp_path / "const.safetensors", 3,
                                [f"shape{c}" for c in range(10)], 8)
    assert main(["eval", "--checkpoint", str(ckpt), "--data", str(data), "--cache-dir",
                 str(tmp_path / "cache")]) == 0
    captured = capsys.readouterr()
    assert "Skipped 1 unreadable file(s):" in captured.err
    assert f"  {empty}: " in captured.err
    assert "images:            100" in captured.out
