"""A stand-in for the ``cifar10`` CLI in the GUI's training tests: ``python stub_trainer.py MODE
COMMAND ...`` answers ``train``, ``eval`` and ``fit-detector`` as the real commands do, at once.

MODE: ``ok`` trains two epochs and passes every check; ``hold`` stops after the first epoch until
a line arrives on stdin ("go" goes on) or SIGINT comes (then it saves and says so, as the real
loop does); ``early`` waits before its first epoch and saves nothing when stopped; ``fail``
refuses the data; ``nodetector`` fails fit-detector only; ``holdcheck`` trains as ``ok`` and
then waits in eval (like ``hold``). With ``STUB_LOG`` set, each command line is appended to
that file.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

PREFIX = "@cifar10-event "
CLASSES = ["apple", "kiwi"]
SAVED_ON_SIGINT = b"stub resume state, saved on SIGINT"  # a kill leaves the epoch's


def emit(kind: str, **fields) -> None:
    print(PREFIX + json.dumps({"event": kind, **fields}), flush=True)


def option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def train(mode: str, args: list[str]) -> int:
    if mode == "fail":
        print("cifar10 train: /data/kiwi: only 3 readable images; a class needs at least 5",
              file=sys.stderr, flush=True)
        return 2
    if mode == "early":  # still loading images when stopped: nothing saved yet
        Path(option(args, "--out")).mkdir(parents=True, exist_ok=True)
        try:
            sys.stdin.readline()
        except KeyboardInterrupt:
            print("cifar10 train: interrupted", file=sys.stderr, flush=True)
            return 130
        return 1
    resume = "--resume" in args
    out = Path(option(args, "--resume")).parent if resume else Path(option(args, "--out"))
    out.mkdir(parents=True, exist_ok=True)
    first = 1 if resume else 0
    history = [{"epoch": 1, "train_loss": 0.9, "test_acc": 0.6}] if resume else []
    print("Training ResNet-18 (stub)", flush=True)  # a line that is no event
    emit("start", classes=CLASSES, train_images=8, val_images=2, epochs=2, steps=2,
         epoch=first, out=str(out), history=history)
    emit("skipped", files=[[str(out / "broken.png"), "cannot read"]])
    for epoch in range(first, 2):
        emit("step", epoch=epoch, step=1, steps=2)
        emit("step", epoch=epoch, step=2, steps=2)
        (out / "last.pt").write_bytes(b"stub resume state")
        emit("epoch", epochs=2, epoch=epoch + 1, train_loss=0.9 - 0.3 * epoch,
             train_acc=0.5, test_acc=0.6 + 0.15 * epoch, val_acc=None)
        if mode == "hold" and epoch == 0:
            try:
                if sys.stdin.readline().strip() != "go":
                    return 1
            except KeyboardInterrupt:  # saved again at the step reached, as the loop does
                (out / "last.pt").write_bytes(SAVED_ON_SIGINT)
                emit("interrupted", resume=str(out / "last.pt"), epoch=1)
                print("Interrupted.", file=sys.stderr, flush=True)
                return 130
    (out / "model.safetensors").write_bytes(b"stub checkpoint")
    emit("done", checkpoint=str(out / "model.safetensors"), seconds=1.0)
    return 0


def main() -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as cifar10 train --events does
    mode, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if os.environ.get("STUB_LOG"):
        with open(os.environ["STUB_LOG"], "a", encoding="utf-8") as log:
            log.write(" ".join([command, *args]) + "\n")
    if command == "train":
        return train(mode, args)
    if command == "eval" and mode == "holdcheck":  # the model is saved; its checks wait
        try:
            sys.stdin.readline()
        except KeyboardInterrupt:
            return 130
    if command == "eval":
        Path(option(args, "--json")).write_text(json.dumps(
            {"accuracy": 0.75, "confusion": [[1, 0], [1, 0]], "split": "val"}))
        return 0
    if command == "fit-detector" and mode == "nodetector":
        print("cifar10 fit-detector: too few images", file=sys.stderr, flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
