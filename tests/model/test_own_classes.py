"""Fine-tuning on your own classes: a folder of class folders, what trains, and bad folders."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from model.cli.main import main
from model.data.datasets import DataError, load_split
from model.evaluation.fit_minimum import MIN_FIT_IMAGES
from model.training.config import TrainConfig
from model.training.loop import train
from model.training.setup import build_optimizer, freeze


def _own_classes(root: Path, counts: dict[str, int], size: int = 8, seed: int = 0) -> Path:
    """root/<class>/*.png, each class one colour on noise (learnable in a few steps)."""
    rng = np.random.default_rng(seed)
    colours = [(230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48)]
    for c, (name, n) in enumerate(counts.items()):
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            img = rng.integers(90, 160, (size, size, 3)).astype(np.uint8)
            img[2:6, 2:6] = colours[c]
            Image.fromarray(img).save(root / name / f"{i:03d}.png")
    return root


def _cfg(data: Path, out: Path, **changes) -> TrainConfig:
    cfg = TrainConfig(data=str(data), out=str(out), image_size=8, epochs=1, batch_size=8,
                      lr=0.05, warmup_epochs=0.5, crop_padding=1, progress=False, plot=False,
                      cache_dir=str(out / "cache"), half_checkpoint=False, val_fraction=0.2)
    return dataclasses.replace(cfg, **changes)


def _state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def test_a_folder_of_class_folders_trains_with_a_held_out_part(tmp_path: Path, capsys) -> None:
    data = _own_classes(tmp_path / "mine", {"apple": 12, "kiwi": 12, "plum": 12})
    (data / "kiwi" / "broken.png").write_bytes(b"not a png")
    out = tmp_path / "run"
    assert main(["train", "--data", str(data), "--out", str(out), "--epochs", "1",
                 "--batch-size", "8", "--image-size", "8", "--no-progress", "--no-plot",
                 "--cache-dir", str(tmp_path / "cache")]) == 0
    printed = capsys.readouterr()
    err = printed.err
    assert "holding 20% of each class out for validation" in err
    # No test split: the log names the part held out for what it is.
    assert "classes; held out 6." in printed.out and "| held out " in printed.out
    assert "| test " not in printed.out and "; test " not in printed.out
    assert f"Skipped 1 unreadable file(s):\n  {data / 'kiwi' / 'broken.png'}: cannot read" in err
    from model.checkpoints.checkpoint import read_info

    info = read_info(out / "model.safetensors")
    assert info.class_names == ["apple", "kiwi", "plum"]
    assert info.train_config["val_fraction"] == 0.2
    # The held-out part is rebuilt for evaluation and calibration; there is no test split.
    assert main(["eval", "--checkpoint", str(out / "model.safetensors"), "--data", str(data),
                 "--split", "val", "--cache-dir", str(tmp_path / "cache")]) == 0
    report = capsys.readouterr().out
    # round(0.2 × 12) = 2 of each class's 12 readable images
    rows = [line.split() for line in report.splitlines() if line.strip().startswith(
        ("apple ", "kiwi ", "plum "))][-3:]
    assert [sum(int(v) for v in r[1:4]) for r in rows] == [2, 2, 2]
    assert main(["eval", "--checkpoint", str(out / "model.safetensors"), "--data", str(data),
                 "--cache-dir", str(tmp_path / "cache")]) == 2
    assert "has no test split" in capsys.readouterr().err


@pytest.mark.parametrize("counts,broken,message", [
    ({"apple": 10}, None, "only one class folder (apple); at least 2 are needed"),
    ({"apple": 10, "kiwi": 3}, None, "kiwi: only 3 readable images; a class needs at least 5"),
    ({"apple": 10, "kiwi": 0}, "kiwi", "kiwi: no readable image in this class folder"),
])
def test_bad_folders_are_named(tmp_path: Path, counts, broken, message) -> None:
    data = _own_classes(tmp_path / "mine", counts)
    if broken:
        (data / broken).mkdir(exist_ok=True)
        (data / broken / "x.jpg").write_bytes(b"\xff\xd8 broken")
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")) as e:
        train(_cfg(data, tmp_path / "run"))
    # The run stops before it lists unreadable files, so the message names them.
    if broken:
        assert f"; 1 file(s) there could not be read:\n  {data / broken / 'x.jpg'}: " \
            in str(e.value)
    else:
        assert "could not be read" not in str(e.value)
    # The same as data, for the app to word in its language: the sentence is the message's.
    problem = e.value.problem
    assert str(e.value).startswith(str(problem))
    assert [Path(f) for f, _ in problem.files] == ([data / broken / "x.jpg"] if broken else [])


def test_train_says_which_class_folders_merge_their_subfolders(tmp_path: Path, capsys) -> None:
    data = _own_classes(tmp_path / "photos", {"pets/cats": 6, "pets/dogs": 6, "plum": 12})
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "run"), "--epochs", "1",
                 "--batch-size", "8", "--image-size", "8", "--no-progress", "--no-plot",
                 "--cache-dir", str(tmp_path / "cache")]) == 0
    err = capsys.readouterr().err
    assert (f"{data / 'pets'}: the images in its subfolders (cats, dogs) are trained as the "
            "class pets") in err
    assert "plum:" not in err


def test_a_refused_folder_is_an_event_too(tmp_path: Path, capsys) -> None:
    from model.data.problems import ScanProblem
    from model.training.events import parse_event

    data = _own_classes(tmp_path / "mine", {"apple": 6, "kiwi": 3})
    for i in range(2):  # five files by name (the dialog's check passes), three readable
        (data / "kiwi" / f"bad{i}.png").write_bytes(b"not a png")
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "run"), "--image-size",
                 "8", "--events", "--no-progress", "--cache-dir", str(tmp_path / "cache")]) == 2
    printed = capsys.readouterr()
    refused = [e for e in map(parse_event, printed.out.splitlines())
               if e is not None and e["event"] == "refused"]
    assert len(refused) == 1
    problem = ScanProblem.from_event(refused[0])
    assert (problem.kind, problem.path, problem.count) == ("too_few_readable", data / "kiwi", 3)
    assert sorted(Path(f).name for f, _ in problem.files) == ["bad0.png", "bad1.png"]
    assert f"cifar10 train: {problem}" in printed.err  # people read the same on stderr


def test_a_tree_where_nothing_decodes_is_refused_as_a_whole(tmp_path: Path, capsys) -> None:
    from model.data.problems import FIRST_FILES, ScanProblem
    from model.training.events import parse_event

    for name in ("apple", "kiwi"):
        (tmp_path / "mine" / name).mkdir(parents=True)
        for i in range(6):
            (tmp_path / "mine" / name / f"{i}.png").write_bytes(b"not a png")
    assert main(["train", "--data", str(tmp_path / "mine"), "--out", str(tmp_path / "run"),
                 "--image-size", "8", "--events", "--no-progress",
                 "--cache-dir", str(tmp_path / "cache")]) == 2
    printed = capsys.readouterr()
    refused = [e for e in map(parse_event, printed.out.splitlines()) if e is not None]
    problem = ScanProblem.from_event(refused[-1])
    assert (problem.kind, problem.path, problem.count) == ("none_decoded", tmp_path / "mine", 12)
    assert len(problem.files) == FIRST_FILES  # the first few, not all twelve on one line
    assert "none of its 12 images could be read" in printed.err


def test_split_is_stratified_and_rebuilt_the_same(tmp_path: Path) -> None:
    from model.training.setup import held_out_validation, load_data

    data = _own_classes(tmp_path / "mine", {"a": 5, "b": 20})
    cfg = _cfg(data, tmp_path / "run")
    learn, val, held = load_data(cfg)
    assert val is None and np.bincount(held.labels).tolist() == [1, 4]  # every class held out
    assert len(learn) + len(held) == 25
    again = held_out_validation(str(data), cfg.to_dict(), 8, cache_dir=cfg.cache_dir)
    assert np.array_equal(again.images, held.images)
    with pytest.raises(DataError, match="no test split"):
        load_split(data, "test", cache_dir=cfg.cache_dir)


@pytest.mark.parametrize("layers,learns", [("head", {"fc"}), ("layer4", {"fc", "layer4"})])
def test_frozen_parts_keep_weights_and_statistics(tmp_path: Path, random_checkpoint: Path,
                                                  layers: str, learns: set[str]) -> None:
    data = _own_classes(tmp_path / "mine", {"a": 12, "b": 12})
    result = train(_cfg(data, tmp_path / "run", init_from=str(random_checkpoint),
                        train_layers=layers, lr=0.5))
    from model.checkpoints.checkpoint import load_checkpoint

    start = _state(load_checkpoint(random_checkpoint)[0])
    after = _state(result.model)
    for key, value in after.items():
        top = key.split(".")[0]
        if key.startswith("fc."):
            assert value.shape == (2, 512)[:value.ndim]  # re-headed for the two folders
            continue
        if top in learns:
            continue
        assert torch.equal(value, start[key]), key  # running statistics included
    assert any(not torch.equal(after[k], start[k]) for k in after
               if k.startswith("layer4.") and "weight" in k) == ("layer4" in learns)


def test_backbone_learning_rate_scale(random_checkpoint: Path) -> None:
    from model.checkpoints.checkpoint import load_checkpoint

    model = load_checkpoint(random_checkpoint)[0]
    cfg = TrainConfig(lr=0.1, backbone_lr_scale=0.1)
    groups = build_optimizer(cfg, model).param_groups
    head = {id(p) for p in model.fc.parameters()}
    assert [g["lr"] for g in groups] == pytest.approx([0.1, 0.1, 0.01, 0.01])
    assert {id(p) for g in groups[:2] for p in g["params"]} == head
    freeze(model, "head")
    groups = build_optimizer(cfg, model).param_groups
    assert [len(g["params"]) for g in groups] == [1, 1]  # the head's weight and bias alone
    with pytest.raises(ValueError, match="unknown --train-layers 'most'"):
        freeze(model, "most")


def test_init_from_bundled_re_heads_the_bundled_network() -> None:
    from model.checkpoints.checkpoint import load_checkpoint
    from model.files.paths import bundled_checkpoint
    from model.network.resnet import resnet18
    from model.training.setup import init_weights

    bundled = _state(load_checkpoint(bundled_checkpoint())[0])
    model = resnet18(num_classes=3, stem="imagenet")
    init_weights(model, TrainConfig(init_from="bundled", stem="imagenet"), ["x", "y", "z"])
    mine = _state(model)
    assert torch.equal(mine["layer4.1.conv2.weight"], bundled["layer4.1.conv2.weight"])
    assert mine["fc.weight"].shape == (3, 512)


def test_fit_detector_uses_the_part_the_run_held_out(tmp_path: Path, capsys) -> None:
    # Per class round(0.2 × 71) = 14 images are held out (42 in all); a split of the pooled 213
    # images would hold round(42.6) = 43 out, one of them an image the network learnt from.
    data = _own_classes(tmp_path / "mine", {"a": 71, "b": 71, "c": 71})
    checkpoint = train(_cfg(data, tmp_path / "run", batch_size=32)).checkpoint
    assert main(["fit-detector", "--checkpoint", str(checkpoint), "--data", str(data),
                 "--bank-size", "100", "--k", "1", "--dev-outliers", "20",
                 "--cache-dir", str(tmp_path / "run" / "cache")]) == 0
    from model.checkpoints.checkpoint import read_info

    record = read_info(checkpoint).extra["detector"]
    assert (record["train_images"], record["val_images"]) == (171, 42)


def test_the_checks_refuse_a_handful_of_held_out_images(tmp_path: Path, capsys) -> None:
    # round(0.2 × 7) = 1 image per class held out: a temperature and a threshold fitted on
    # three images would be worse than the rule's defaults.
    data = _own_classes(tmp_path / "mine", {"a": 7, "b": 7, "c": 7})
    checkpoint = train(_cfg(data, tmp_path / "run")).checkpoint
    before = checkpoint.read_bytes()
    cache = ["--cache-dir", str(tmp_path / "run" / "cache")]
    capsys.readouterr()
    assert main(["fit-detector", "--checkpoint", str(checkpoint), "--data", str(data),
                 *cache]) == 2
    err = capsys.readouterr().err
    assert f"the run held out 3 images of {data}" in err and f"at least {MIN_FIT_IMAGES}" in err
    assert main(["eval", "--checkpoint", str(checkpoint), "--data", str(data), "--split", "val",
                 "--calibrate", "--write-metadata", *cache]) == 2
    err = capsys.readouterr().err
    assert f"--calibrate needs at least {MIN_FIT_IMAGES} images" in err and "has 3" in err
    assert checkpoint.read_bytes() == before  # nothing half-written
    # Without --calibrate the results are stored as usual.
    assert main(["eval", "--checkpoint", str(checkpoint), "--data", str(data), "--split", "val",
                 "--write-metadata", *cache]) == 0


def _config(*argv: str) -> TrainConfig:
    from model.cli.main import build_parser
    from model.cli.train import config_from_args

    return config_from_args(build_parser().parse_args(["train", *argv]))


def test_a_fine_tune_starts_from_the_bundled_network_as_it_was_trained(tmp_path: Path,
                                                                        capsys) -> None:
    from model.checkpoints.checkpoint import read_info
    from model.files.paths import bundled_checkpoint

    data = _own_classes(tmp_path / "mine", {"a": 5, "b": 5})
    stored = read_info(bundled_checkpoint())
    cfg = _config("--data", str(data), "--train-layers", "head")
    assert cfg.init_from == "bundled"
    assert (cfg.stem, cfg.image_size) == (stored.stem, stored.input_size)
    # The small-data recipe of New Model from Folders' Quick, for 8 training images.
    assert (cfg.epochs, cfg.batch_size, cfg.lr, cfg.crop_padding) == (4, 8, 0.00625, 8)
    err = capsys.readouterr().err
    assert "--train-layers head: starting from the bundled network" in err
    assert f"--stem {stored.stem}" in err and f"--image-size {stored.input_size}" in err
    assert "--epochs 4 --batch-size 8 --lr 0.00625" in err
    # Training all of it gets Better's recipe, a backbone at a tenth of the head's rate;
    # options given are kept.
    cfg = _config("--data", str(data), "--init-from", "bundled", "--epochs", "2")
    assert (cfg.epochs, cfg.backbone_lr_scale, cfg.train_layers) == (2, 0.1, "all")
    # Training everything with no starting point is training from scratch, as before.
    cfg = _config("--data", str(data))
    assert (cfg.init_from, cfg.stem, cfg.image_size) == ("", "cifar", 32)


def test_options_given_win_over_the_starting_checkpoint(tmp_path: Path, random_checkpoint: Path,
                                                        capsys) -> None:
    data = _own_classes(tmp_path / "mine", {"a": 5, "b": 5})
    cfg = _config("--data", str(data), "--init-from", "bundled", "--stem", "imagenet",
                  "--image-size", "8")
    assert (cfg.stem, cfg.image_size) == ("imagenet", 8)
    # random_checkpoint has the CIFAR stem at 32 px, which are the defaults: nothing to adopt.
    cfg = _config("--data", str(data), "--init-from", str(random_checkpoint))
    assert (cfg.stem, cfg.image_size) == ("cifar", 32)
    err = capsys.readouterr().err
    assert "--stem" not in err and "--image-size" not in err
    # A stem given against the checkpoint's is refused before any image is read, by name.
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "run"), "--init-from",
                 "bundled", "--stem", "cifar", "--no-progress"]) == 2
    assert "the imagenet stem; train with --stem imagenet" in capsys.readouterr().err
    assert not (tmp_path / "run").exists()


def test_a_missing_starting_checkpoint_is_named(tmp_path: Path, capsys) -> None:
    data = _own_classes(tmp_path / "mine", {"a": 5, "b": 5})
    missing = tmp_path / "nowhere.safetensors"
    assert main(["train", "--data", str(data), "--init-from", str(missing),
                 "--train-layers", "head", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err


def test_an_unknown_train_layers_is_refused_before_anything_else(tmp_path: Path, capsys) -> None:
    data = _own_classes(tmp_path / "mine", {"a": 5, "b": 5})
    assert main(["train", "--data", str(data), "--train-layers", "layer9", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "unknown --train-layers 'layer9' (use all, layer4 or head)" in err
    assert "starting from" not in err


def test_a_batch_larger_than_the_readable_images_trains_on_them_all(tmp_path: Path,
                                                                    capsys) -> None:
    # 2 × 6 files, one unreadable, one of each class held out: 9 readable training images.
    data = _own_classes(tmp_path / "mine", {"a": 6, "b": 6})
    (data / "a" / "005.png").write_bytes(b"not a png")
    result = train(_cfg(data, tmp_path / "run", batch_size=10, lr=0.1))
    assert not result.interrupted
    err = capsys.readouterr().err
    assert "batch size 10 is larger than the 9 readable training images: using 9, learning rate 0.09" in err
