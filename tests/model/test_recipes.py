"""The app's fine-tuning recipes: command lines the CLI accepts, that fit the bundled network,
split sizes as training draws them, and the time estimate's arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.checkpoints.checkpoint import read_info
from model.cli.main import build_parser
from model.cli.train import config_from_args
from model.evaluation.fit_minimum import MIN_FIT_IMAGES
from model.files.paths import bundled_checkpoint
from model.training import recipes
from model.training.recipes import Speed
from model.training.speed import measure_speed


@pytest.mark.parametrize("key", ["quick", "better"])
def test_recipe_command_lines_fit_the_bundled_network(key: str, tmp_path: Path) -> None:
    r = recipes.recipe(key)
    args = build_parser().parse_args(recipes.train_args(r, tmp_path / "data", tmp_path / "out",
                                                        train_images=200, flip=False))
    cfg = config_from_args(args)
    stored = read_info(bundled_checkpoint()).train_config
    assert (cfg.stem, cfg.image_size) == (stored["stem"], stored["image_size"])
    assert cfg.init_from == "bundled" and cfg.events and not cfg.progress and not cfg.flip
    assert (cfg.epochs, cfg.train_layers) == (r.epochs, r.train_layers)
    assert cfg.val_fraction == recipes.VAL_FRACTION and cfg.batch_size == 64
    checks = recipes.check_args(tmp_path / "data", tmp_path / "m.safetensors",
                                tmp_path / "val.json", held_out=MIN_FIT_IMAGES)
    parsed = [build_parser().parse_args(check) for check in checks]
    assert [a.command for a in parsed] == ["eval", "fit-detector"]
    assert parsed[0].calibrate and parsed[0].write_metadata and parsed[0].split == "val"


def test_too_few_held_out_images_store_the_results_only(tmp_path: Path) -> None:
    checks = recipes.check_args(tmp_path / "data", tmp_path / "m.safetensors",
                                tmp_path / "val.json", held_out=MIN_FIT_IMAGES - 1)
    parsed = [build_parser().parse_args(check) for check in checks]
    assert [a.command for a in parsed] == ["eval"]
    assert parsed[0].write_metadata and not parsed[0].calibrate
    # The dialog's hint: that many images in all hold out enough.
    n = recipes.images_for_checks()
    assert recipes.split_sizes([n // 2, n - n // 2])[1] >= MIN_FIT_IMAGES


def test_a_small_set_gets_a_batch_it_can_fill(tmp_path: Path) -> None:
    args = recipes.train_args(recipes.recipe("quick"), tmp_path, tmp_path, train_images=8,
                              flip=True)
    cfg = config_from_args(build_parser().parse_args(args))
    assert cfg.batch_size == 8 and cfg.lr == pytest.approx(recipes.LR * 8 / 64) and cfg.flip


def test_split_sizes_match_the_split_training_draws(tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    from model.training.config import TrainConfig
    from model.training.setup import load_data

    counts = {"a": 5, "b": 7, "c": 23}
    for name, n in counts.items():
        (tmp_path / "d" / name).mkdir(parents=True)
        for i in range(n):
            Image.fromarray(np.full((4, 4, 3), i, np.uint8)).save(tmp_path / "d" / name / f"{i}.png")
    learn, _, held = load_data(TrainConfig(data=str(tmp_path / "d"), image_size=4,
                                           val_fraction=recipes.VAL_FRACTION,
                                           cache_dir=str(tmp_path / "cache")))
    assert recipes.split_sizes(list(counts.values())) == (len(learn), len(held)) == (28, 7)


def test_estimate_adds_training_and_inference_time() -> None:
    r = recipes.Recipe("t", epochs=2, train_layers="layer4", backbone_lr_scale=1.0)
    speed = Speed({"layer4": 10.0}, forward_images_per_s=100.0)
    # [100, 100]: 160 train (2 batches of 64 a step's worth each epoch), 40 held out
    train_s = 2 * 2 * 64 / 10.0
    forward = 2 * 40 + 40 + 160 + 40 + recipes.DEV_OUTLIERS
    assert recipes.estimate_seconds(r, [100, 100], speed) == pytest.approx(
        3 * recipes.STARTUP_S + train_s + forward / 100.0)
    with pytest.raises(ValueError, match="no speed"):
        recipes.estimate_seconds(recipes.recipe("better"), [100, 100], speed)
    # [20, 20]: 32 train (one step of 32 an epoch), 8 held out: too few for the detector's run
    assert recipes.estimate_seconds(r, [20, 20], speed) == pytest.approx(
        2 * recipes.STARTUP_S + 2 * 32 / 10.0 + (2 * 8 + 8) / 100.0)


def test_measured_speed_is_positive_for_each_recipe() -> None:
    speed = measure_speed(("layer4", "head"), size=16, batch=4, steps=1)
    assert set(speed.images_per_s) == {"layer4", "head"}
    assert all(v > 0 for v in speed.images_per_s.values()) and speed.forward_images_per_s > 0


def test_the_probe_command_prints_a_speed_the_app_reads(capsys) -> None:
    from model.training.speed import main

    assert main(["head"]) == 0
    speed = Speed.from_json(capsys.readouterr().out)
    assert list(speed.images_per_s) == ["head"] and speed.forward_images_per_s > 0
    assert Speed.from_json(speed.to_json()) == speed
    for bad in ("", "Traceback ...", "[1]", '{"images_per_s": {"all": "fast"}}'):
        with pytest.raises(ValueError, match="not a speed measurement"):
            Speed.from_json(bad)
