"""Reading the degradation experiment's log (``log.jsonl``: one row per network and epoch) and
saying what it shows. Plain Python (no torch), so the GUI can read the bundled log directly."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Outcome:
    """Errors (fractions) at the last epoch every network finished, by kind and depth."""

    epochs: int
    shallow: int
    deep: int
    train: dict[tuple[bool, int], float]  # (residual, depth) -> training error
    test: dict[tuple[bool, int], float]   # (residual, depth) -> test error
    train_images: int | None = None

    @property
    def degradation(self) -> bool:
        """The deeper plain network's training error is above the shallower one's."""
        return self.train[(False, self.deep)] > self.train[(False, self.shallow)]

    @property
    def deeper_residual_better(self) -> bool:
        """The deeper residual network's test error is below the shallower one's."""
        return self.test[(True, self.deep)] < self.test[(True, self.shallow)]


def read_log(path: str | Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def outcome(log: list[dict], train_images: int | None = None) -> Outcome | None:
    """What the log shows at its last common epoch; None unless both kinds have two depths."""
    networks = {r["network"] for r in log}
    if not networks:
        return None
    last = min(max(r["epoch"] for r in log if r["network"] == n) for n in networks)
    final = {(bool(r["residual"]), int(r["depth"])): r for r in log if r["epoch"] == last}
    depths = sorted({d for _, d in final})
    if len(depths) < 2 or any((k, d) not in final for k in (False, True) for d in depths):
        return None
    shallow, deep = depths[0], depths[-1]
    return Outcome(last, shallow, deep,
                   {key: float(r["train_error"]) for key, r in final.items()},
                   {key: float(r["test_error"]) for key, r in final.items()}, train_images)


def summary_lines(result: Outcome | None) -> list[str]:
    """Plain sentences on what ``result`` shows (what the command prints)."""
    if result is None:
        return ["not enough of the run has finished to compare the networks"]
    lines = [f"after {result.epochs} epochs:"]
    for residual, kind in ((False, "plain"), (True, "ResNet")):
        a, b = (residual, result.shallow), (residual, result.deep)
        lines.append(
            f"{kind}-{result.shallow} train {100 * result.train[a]:.2f}% test "
            f"{100 * result.test[a]:.2f}%; {kind}-{result.deep} train "
            f"{100 * result.train[b]:.2f}% test {100 * result.test[b]:.2f}%")
    lines.append("degradation (deeper plain network trains worse): "
                 f"{'yes' if result.degradation else 'no'}; deeper residual network better on "
                 f"test error: {'yes' if result.deeper_residual_better else 'no'}")
    return lines


@dataclass(frozen=True)
class Curve:
    """One network's errors (fractions) per epoch, in epoch order."""

    residual: bool
    depth: int
    epochs: tuple[int, ...]
    train: tuple[float, ...]
    test: tuple[float, ...]

    @property
    def name(self) -> str:
        return f"{'ResNet' if self.residual else 'plain'}-{self.depth}"


def curves(log: list[dict]) -> list[Curve]:
    """Each network's curve, plain ones first, shallow before deep; rows that lack a number,
    or whose error is not a fraction in [0, 1], are left out rather than drawn wrong."""
    by_network: dict[tuple[bool, int], dict[int, tuple[float, float]]] = {}
    for r in log:
        try:
            key = (bool(r["residual"]), int(r["depth"]))
            epoch, train, test = int(r["epoch"]), float(r["train_error"]), float(r["test_error"])
        except (KeyError, TypeError, ValueError):
            continue
        if all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in (train, test)):
            by_network.setdefault(key, {})[epoch] = (train, test)
    out = []
    for (residual, depth), rows in sorted(by_network.items()):
        epochs = tuple(sorted(rows))
        out.append(Curve(residual, depth, epochs, tuple(rows[e][0] for e in epochs),
                         tuple(rows[e][1] for e in epochs)))
    return out
