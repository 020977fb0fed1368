"""cifar10 fit-detector on a tiny trained run: it fits, chooses, stores, and refuses what it must."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from model.checkpoints.checkpoint import read_info
from model.checkpoints.detector_store import load_detector
from model.cli.main import main
from model.training.config import TrainConfig
from model.training.loop import train


def _trained(data: Path, tmp_path: Path) -> Path:
    """A one-epoch run on ``data`` that held a quarter out for validation."""
    cfg = TrainConfig(data=str(data), out=str(tmp_path / "run"), image_size=8,
                      epochs=1, batch_size=40, lr=0.05, warmup_epochs=0.5, crop_padding=1,
                      progress=False, plot=False, cache_dir=str(tmp_path / "cache"),
                      val_fraction=0.25, half_checkpoint=False)
    return train(dataclasses.replace(cfg)).checkpoint


def test_fit_detector_stores_a_chosen_detector(shapes_dataset: Path, tmp_path: Path,
                                               capsys) -> None:
    checkpoint = _trained(shapes_dataset, tmp_path)
    code = main(["fit-detector", "--checkpoint", str(checkpoint), "--data", str(shapes_dataset),
                 "--bank-size", "100", "--k", "1", "5", "500", "--dev-outliers", "60",
                 "--cache-dir", str(tmp_path / "cache")])
    out = capsys.readouterr().out
    assert code == 0 and "AUROC" in out
    assert "knn k=500: skipped, the bank holds only 100 features" in out  # the rest go on
    info = read_info(checkpoint)
    record = info.extra["detector"]
    assert set(record["dev_auroc"]) == {"knn k=1", "knn k=5", "mahalanobis"}
    # The kept candidate has the best (rounded) AUROC; ties after rounding may go either way.
    assert record["dev_auroc"][record["chosen"]] == max(record["dev_auroc"].values())
    assert record["train_images"] == 300 and record["val_images"] == 100
    detector, threshold = load_detector(checkpoint, info.extra)
    assert threshold == record["threshold"]
    # The whole rule keeps within the budget on the validation images it was set on.
    assert record["flag_budget"] == 9.0
    # (the other checks alone may exceed it on a one-epoch model; then the detector adds none)
    assert record["val_flagged_before"] <= record["val_flagged"] <= max(
        0.09, record["val_flagged_before"])


def test_fit_detector_needs_held_out_images(random_checkpoint: Path, shapes_dataset: Path,
                                            tmp_path: Path, capsys) -> None:
    copy = tmp_path / "c.safetensors"
    copy.write_bytes(random_checkpoint.read_bytes())
    assert main(["fit-detector", "--checkpoint", str(copy), "--data", str(shapes_dataset)]) == 2
    assert "--val-fraction" in capsys.readouterr().err
    pth = tmp_path / "c.pth"
    pth.write_bytes(b"x")
    assert main(["fit-detector", "--checkpoint", str(pth), "--data", str(shapes_dataset)]) == 2
    assert ".safetensors" in capsys.readouterr().err


def test_fit_detector_refuses_data_of_other_classes(shapes_dataset: Path, tmp_path: Path,
                                                    capsys) -> None:
    # A detector fitted on classes the network never learnt must not be written into it.
    checkpoint = _trained(shapes_dataset, tmp_path)
    before = checkpoint.read_bytes()
    other = tmp_path / "other"
    shutil.copytree(shapes_dataset, other)
    for split in ("train", "test"):
        (other / split / "shape9").rename(other / split / "zebra")
    code = main(["fit-detector", "--checkpoint", str(checkpoint), "--data", str(other),
                 "--dev-outliers", "60", "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert code == 2
    assert "do not match the checkpoint's" in err and "zebra" in err
    assert checkpoint.read_bytes() == before


def test_fit_detector_refuses_too_few_training_images_and_a_useless_detector(
        shapes_dataset: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    import model.inference.detector as detector_module

    checkpoint = _trained(shapes_dataset, tmp_path)
    before = checkpoint.read_bytes()
    args = ["fit-detector", "--checkpoint", str(checkpoint), "--data", str(shapes_dataset),
            "--bank-size", "100", "--k", "1", "--dev-outliers", "60",
            "--cache-dir", str(tmp_path / "cache")]
    # Five images ended in numpy's "Singular matrix".
    assert main(args + ["--limit", "5"]) == 2
    assert capsys.readouterr().err.strip() == (
        "cifar10 fit-detector: the detector is fitted on at least 40 training images; 5 are "
        "left (raise --limit, or add images)")
    # A detector no better than chance would flag the network's own images before outliers.
    monkeypatch.setattr(detector_module, "auroc", lambda inside, outside: 0.45)
    assert main(args) == 2
    assert "no candidate tells the development outliers from the validation images (best " \
           "AUROC 0.4500" in capsys.readouterr().err
    assert checkpoint.read_bytes() == before  # nothing written either time
