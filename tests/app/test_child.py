"""Both child-process kinds behind New Model from Folders report the same way: output, exit
status, a program that cannot start, interrupt and kill, waiting."""

from __future__ import annotations

import os
import sys

import pytest

from app.training.child import PopenChild, QProcessChild

KINDS = [PopenChild, QProcessChild]
TIMEOUT_MS = 30_000


def _collect(child) -> dict:
    got = {"out": b"", "err": b""}
    child.stdout.connect(lambda data: got.__setitem__("out", got["out"] + data))
    child.stderr.connect(lambda data: got.__setitem__("err", got["err"] + data))
    return got


@pytest.mark.parametrize("kind", KINDS)
def test_output_and_exit_status(qtbot, kind) -> None:
    child = kind()
    got = _collect(child)
    with qtbot.waitSignal(child.exited, timeout=TIMEOUT_MS) as exited:
        child.start(sys.executable, ["-c", "import sys; print('out' * 30000); "
                                           "sys.stderr.write('err'); sys.exit(3)"])
    assert exited.args == [3] and not child.running
    assert got["out"] == b"out" * 30000 + b"\n" and got["err"] == b"err"  # several reads


@pytest.mark.parametrize("kind", KINDS)
def test_a_missing_program_fails_to_start(qtbot, kind, tmp_path) -> None:
    child = kind()
    with qtbot.waitSignal(child.failed, timeout=TIMEOUT_MS) as failed:
        child.start(str(tmp_path / "no-such-program"), [])
    assert failed.args[0]


@pytest.mark.parametrize("kind", KINDS)
def test_kill_and_wait(qtbot, kind) -> None:
    child = kind()
    got = _collect(child)
    child.start(sys.executable, ["-c", "import sys, time; print('ready', flush=True); "
                                       "sys.stdin.readline()"])
    qtbot.waitUntil(lambda: got["out"] == b"ready\n", timeout=TIMEOUT_MS)
    pid = child.pid
    with qtbot.waitSignal(child.exited, timeout=TIMEOUT_MS) as exited:
        child.kill()
        assert child.wait(TIMEOUT_MS)
    assert exited.args[0] != 0 and not child.running
    with pytest.raises(ProcessLookupError):  # reaped, not left as a zombie
        os.kill(pid, 0)


def test_interrupt_is_sigint_on_posix(qtbot) -> None:
    child = PopenChild()
    got = _collect(child)
    # (the handler set first: a child of a process that ignores SIGINT inherits that)
    child.start(sys.executable, ["-c", "import signal, sys\n"
                                       "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
                                       "try:\n print('ready', flush=True)\n "
                                       "sys.stdin.readline()\nexcept KeyboardInterrupt:\n "
                                       "sys.exit(130)"])
    qtbot.waitUntil(lambda: got["out"] == b"ready\n", timeout=TIMEOUT_MS)
    with qtbot.waitSignal(child.exited, timeout=TIMEOUT_MS) as exited:
        assert child.interrupt()
    assert exited.args == [130]
    assert not QProcessChild().interrupt()  # no SIGINT there: the caller kills instead
