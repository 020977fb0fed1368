"""``cifar10 experiment degradation`` end to end on tiny data, and what its log says."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.cli.main import main
from model.experiments.degradation_log import outcome, read_log, summary_lines


def _run(data: Path, out: Path, *extra: str) -> int:
    return main(["experiment", "degradation", "--data", str(data), "--out", str(out),
                 "--depths", "8", "14", "--epochs", "2", "--batch-size", "32", "--threads", "1",
                 "--train-subset", "120", "--test-subset", "40", *extra])


def test_end_to_end_on_tiny_data(shapes_dataset: Path, tmp_path: Path, capsys,
                                 monkeypatch) -> None:
    out = tmp_path / "run"
    assert _run(shapes_dataset, out) == 0
    log = read_log(out / "log.jsonl")
    assert [(r["network"], r["epoch"]) for r in log] == [
        (name, epoch) for epoch in (1, 2)
        for name in ("plain-8", "plain-14", "ResNet-8", "ResNet-14")]
    assert all(0 <= r["train_error"] <= 1 and 0 <= r["test_error"] <= 1 for r in log)
    assert (out / "degradation.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = capsys.readouterr().out
    assert "after 2 epochs:" in text and "degradation (deeper plain network trains worse):" in text
    # Resuming a finished run trains nothing more and keeps the log.
    assert _run(shapes_dataset, out, "--resume") == 0
    assert read_log(out / "log.jsonl") == log
    # Resuming with another recipe is refused, by name.
    assert _run(shapes_dataset, out, "--resume", "--lr", "0.05") == 2
    assert "other options: --lr 0.1 (now 0.05); resume it with the same ones" in \
        capsys.readouterr().err
    # The same folder written another way is the same run ("run" was refused for ".../run").
    monkeypatch.chdir(tmp_path)
    assert _run(shapes_dataset, Path("run"), "--resume") == 0
    assert main(["experiment", "degradation", "--data", "x", "--out", str(out),
                 "--plot-only"]) == 0


def test_resume_after_a_cut_round_gives_the_uninterrupted_run(shapes_dataset: Path,
                                                                 tmp_path: Path) -> None:
    from model.experiments.degradation import DegradationConfig, run

    def cfg(out: Path) -> DegradationConfig:
        return DegradationConfig(data=str(shapes_dataset), out=str(out), depths=(8, 14),
                                 epochs=2, batch_size=32, train_subset=120, test_subset=40,
                                 threads=1)

    whole = run(cfg(tmp_path / "whole"), progress=lambda _s: None)
    lines: list[str] = []

    def stop_in_round_two(line: str) -> None:
        lines.append(line)
        if len(lines) == 6:  # the header, round one's four networks, then round two's first
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(cfg(tmp_path / "cut"), progress=stop_in_round_two)
    assert len(read_log(tmp_path / "cut" / "log.jsonl")) == 5  # a row of the cut round too
    resumed = run(cfg(tmp_path / "cut"), resume=True, progress=lambda _s: None)
    assert read_log(tmp_path / "cut" / "log.jsonl") == resumed
    assert [(r["network"], r["epoch"]) for r in resumed] == \
        [(r["network"], r["epoch"]) for r in whole]
    assert [r["train_loss"] for r in resumed] == pytest.approx([r["train_loss"] for r in whole],
                                                               rel=1e-4)


def test_options_that_cannot_make_the_experiment_are_refused(tmp_path: Path, capsys) -> None:
    base = ["experiment", "degradation", "--data", str(tmp_path), "--out", str(tmp_path / "o")]
    for extra, said in ((["--depths", "20", "20"], "give two different depths"),
                        (["--depths", "8", "6002"], "6002 is over 1202 layers"),
                        (["--plot-only"], "no log.jsonl to plot")):  # was a raw [Errno 2]
        assert main(base + extra) == 2
        assert said in capsys.readouterr().err


def test_unusable_data_is_exit_2(tmp_path: Path, capsys) -> None:
    assert _run(tmp_path / "nothing", tmp_path / "out") == 2
    assert capsys.readouterr().err.startswith("cifar10 experiment degradation: ")


def _row(residual: bool, depth: int, epoch: int, train: float, test: float) -> dict:
    return {"network": f"{'ResNet' if residual else 'plain'}-{depth}", "depth": depth,
            "residual": residual, "epoch": epoch, "train_error": train, "test_error": test}


def test_outcome_reads_the_last_common_epoch() -> None:
    log = [_row(r, d, e, 0.5 - 0.1 * e + (0.05 if (d == 56 and not r) else 0), 0.4)
           for e in (1, 2) for r in (False, True) for d in (20, 56)]
    log.append(_row(False, 20, 3, 0.01, 0.01))  # a third epoch only one network reached
    result = outcome(log)
    assert result.epochs == 2 and (result.shallow, result.deep) == (20, 56)
    assert result.degradation  # plain-56 trains 5 points worse than plain-20
    assert not result.deeper_residual_better  # equal test errors are not "better"
    assert summary_lines(result)[0] == "after 2 epochs:"


def test_outcome_needs_both_kinds_at_two_depths() -> None:
    assert outcome([]) is None
    assert outcome([_row(False, 20, 1, 0.5, 0.5), _row(False, 56, 1, 0.6, 0.6)]) is None
    assert summary_lines(None) == ["not enough of the run has finished to compare the networks"]


def test_curves_order_networks_and_leave_out_rows_without_numbers() -> None:
    from model.experiments.degradation_log import curves

    log = [
        {"residual": True, "depth": 56, "epoch": 2, "train_error": 0.5, "test_error": 0.6},
        {"residual": True, "depth": 56, "epoch": 1, "train_error": 0.7, "test_error": 0.8},
        {"residual": False, "depth": 20, "epoch": 1, "train_error": 0.4, "test_error": 0.45},
        {"residual": False, "depth": 20, "epoch": 2, "train_error": float("nan"),
         "test_error": 0.3},                                  # not finite: left out
        {"residual": False, "depth": 56, "epoch": 1, "train_error": 0.9},  # no test error
        {"residual": True, "depth": 56, "epoch": 3, "train_error": 1.5, "test_error": 0.5},
        {"network": "a line from a newer format"},
    ]
    got = curves(log)
    assert [(c.name, c.epochs) for c in got] == [("plain-20", (1,)), ("ResNet-56", (1, 2))]
    assert got[1].train == (0.7, 0.5) and got[1].test == (0.8, 0.6)
