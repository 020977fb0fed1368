"""A ``cifar10`` command run by the app stops when the app is gone, however it went.

The app (app/training/child.py) starts each command with :data:`ENV` set and holds the write end
of the command's stdin, writing nothing. When the app exits -- closed, killed, crashed -- the
system closes that end and the command reads end-of-file: it then stops as Ctrl+C stops it
(``cifar10 train`` saves where it got to, resumable), and exits outright if it has not within
:data:`GRACE_S`. Without this a command whose parent died ran on to its end: an orphan. (Linux's
``PR_SET_PDEATHSIG`` would need a ``preexec_fn``, which makes ``subprocess`` fork instead of
vfork, the window freeze child.py exists to avoid.)
"""

from __future__ import annotations

import os
import signal
import sys
import threading

ENV = "CIFAR10_STOP_ON_STDIN_EOF"
GRACE_S = 15.0  # as the app's own wait after SIGINT (app/training/run.py KILL_AFTER_MS)
EXIT_STATUS = 130  # as after Ctrl+C


def watch_parent() -> None:
    """If :data:`ENV` is "1": stop this process when its stdin reaches end-of-file. Call from
    the main thread (it sets the SIGINT handler there)."""
    if os.environ.get(ENV) != "1":
        return
    # A process started in the background inherits SIGINT ignored; the stop needs it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    threading.Thread(target=_wait_for_eof, name="parent-watch", daemon=True).start()


def _wait_for_eof() -> None:
    # The file descriptor, not sys.stdin: a daemon thread blocked inside sys.stdin's buffer
    # holds its lock, and the interpreter's shutdown then aborts ("could not acquire lock for
    # <stdin> at interpreter shutdown"), which turned every finished command into a failure.
    try:
        fd = sys.stdin.fileno()
        while os.read(fd, 65536):  # the app writes nothing; whatever comes is ignored
            pass
    except (OSError, ValueError, AttributeError):
        return  # no stdin to watch
    os.kill(os.getpid(), signal.SIGINT)
    threading.Event().wait(GRACE_S)
    os._exit(EXIT_STATUS)  # still running: stuck in a C call, or the SIGINT was caught
