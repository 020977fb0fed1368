"""``cifar10 train --events``: the lines a driving program reads, in order, and what they say."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import torch

from model.training import events as ev
from model.training.config import TrainConfig
from model.training.loop import train
from model.training.run_files import LAST


def _cfg(data: Path, out: Path, **changes) -> TrainConfig:
    cfg = TrainConfig(data=str(data), out=str(out), image_size=8, epochs=2, batch_size=100,
                      lr=0.05, warmup_epochs=0.5, crop_padding=1, progress=False, plot=False,
                      cache_dir=str(out / "cache"), half_checkpoint=False, events=True)
    return dataclasses.replace(cfg, **changes)


def _events(text: str) -> list[dict]:
    return [e for e in map(ev.parse_event, text.splitlines()) if e is not None]


def test_a_run_reports_start_steps_epochs_and_done(shapes_dataset: Path, tmp_path: Path,
                                                   capsys) -> None:
    result = train(_cfg(shapes_dataset, tmp_path, val_fraction=0.25))
    out = capsys.readouterr().out
    events = _events(out)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "done"
    start = events[0]
    assert start["train_images"] == 300 and start["val_images"] == 100
    assert (start["epochs"], start["steps"], start["epoch"]) == (2, 3, 0)
    assert start["classes"] == [f"shape{c}" for c in range(10)] and start["history"] == []
    epochs = [e for e in events if e["event"] == "epoch"]
    assert [e["epoch"] for e in epochs] == [1, 2]
    assert epochs[-1]["val_acc"] == pytest.approx(result.history[-1]["val_acc"])
    # every epoch ends with a step line for its last step, before its epoch line
    last_steps = [i for i, e in enumerate(events) if e["event"] == "step" and e["step"] == 3]
    assert len(last_steps) == 2 and last_steps[0] < kinds.index("epoch")
    assert events[-1]["checkpoint"] == str(result.checkpoint)
    # the people-readable lines are still there
    assert "epoch 2/2 | loss" in out


def test_an_interrupted_run_says_where_to_resume(shapes_dataset: Path, tmp_path: Path,
                                                 capsys) -> None:
    def interrupt(epoch: int, step: int, model: torch.nn.Module) -> None:
        if (epoch, step) == (1, 0):
            raise KeyboardInterrupt

    train(_cfg(shapes_dataset, tmp_path), on_step=interrupt)
    events = _events(capsys.readouterr().out)
    assert [e["event"] for e in events if e["event"] != "step"] == ["start", "epoch",
                                                                   "interrupted"]
    assert events[-1] == {"event": "interrupted", "resume": str(tmp_path / LAST), "epoch": 1}
    # The resumed run starts at the epoch it stopped in, with the epochs already done.
    train(dataclasses.replace(_cfg(shapes_dataset, tmp_path), resume=str(tmp_path / LAST)))
    start = _events(capsys.readouterr().out)[0]
    assert start["epoch"] == 1 and [row["epoch"] for row in start["history"]] == [1]


def test_parse_event_keeps_only_event_lines() -> None:
    line = ev.event_line("step", epoch=0, step=1, steps=3)
    assert ev.parse_event(line + "\n") == {"event": "step", "epoch": 0, "step": 1, "steps": 3}
    assert ev.parse_event("epoch 1/2 | loss 0.9") is None
    assert ev.parse_event(ev.PREFIX + '{"event": "step", "epo') is None  # torn line
    assert ev.parse_event(ev.PREFIX + json.dumps({"event": "other"})) is None
    assert ev.parse_event(ev.PREFIX + "[1, 2]") is None
    assert json.loads(ev.event_line("epoch", loss=float("nan"))[len(ev.PREFIX):])["loss"] is None
    with pytest.raises(ValueError, match="unknown event"):
        ev.event_line("other")
