"""The measured degradation run that ships with the app (Help > Why Residual Connections?) is the
one documented under docs/degradation/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from model.experiments.degradation_log import outcome


@pytest.mark.parametrize("name", ["log.jsonl", "degradation.png", "command.txt"])
def test_bundled_copy_is_the_documented_run(name: str) -> None:
    from model.files.paths import degradation_experiment

    root = Path(__file__).resolve().parents[2]
    assert (degradation_experiment() / name).read_bytes() == \
        (root / "docs" / "degradation" / name).read_bytes()
    if name == "log.jsonl":
        log = [json.loads(line) for line in (root / "docs/degradation/log.jsonl").open()]
        assert outcome(log) is not None
