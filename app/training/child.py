"""A child process the GUI thread can start, read and stop without waiting on it.

On POSIX it is :class:`subprocess.Popen`, whose pipes are watched by :class:`QSocketNotifier`s
in the event loop. Not QProcess: QProcess forks, and forking a process that holds torch and a
model copies its page tables in the calling thread -- 47-56 ms of frozen window for every
command of a training job (measured with the app's worker loaded, 2-core machine), where
Python's ``subprocess`` uses vfork and returns in about a millisecond. Elsewhere (Windows, where
creating a process copies nothing and pipes cannot be watched so) it is QProcess.

Both report through the same signals: output as it arrives, then ``exited`` once, with the exit
status (negative: killed by that signal), or ``failed`` if the program could not start.
"""

from __future__ import annotations

import os
import signal
import subprocess

from PyQt5.QtCore import (QObject, QProcess, QProcessEnvironment, QSocketNotifier, QTimer,
                          pyqtSignal)

from model.cli.parent_watch import ENV

EXIT_POLL_MS = 20  # after both pipes close, how often to look whether the process has exited
READ_CHUNK = 65536


class Child(QObject):
    stdout = pyqtSignal(bytes)
    stderr = pyqtSignal(bytes)
    exited = pyqtSignal(int)
    failed = pyqtSignal(str)  # why it could not start

    def start(self, program: str, arguments: list[str]) -> None:
        raise NotImplementedError

    @property
    def pid(self) -> int:
        raise NotImplementedError

    @property
    def running(self) -> bool:
        raise NotImplementedError

    def interrupt(self) -> bool:
        """Ask it to stop as Ctrl+C does; False where there is no such signal."""
        raise NotImplementedError

    def kill(self) -> None:
        raise NotImplementedError

    def wait(self, timeout_ms: int) -> bool:
        """Block until it exits (its last output and ``exited`` are delivered); False on
        timeout."""
        raise NotImplementedError


def make_child(parent: QObject | None = None) -> Child:
    return PopenChild(parent) if os.name == "posix" else QProcessChild(parent)


class PopenChild(Child):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process: subprocess.Popen | None = None
        self._notifiers: dict[int, tuple[QSocketNotifier, pyqtSignal]] = {}
        self._done = False
        self._poll = QTimer(self)
        self._poll.setInterval(EXIT_POLL_MS)
        self._poll.timeout.connect(self._check_exit)

    def start(self, program: str, arguments: list[str]) -> None:
        try:
            # stdin stays an open pipe that nothing writes to, as QProcess's does: its closing
            # tells the command that the app is gone (model/cli/parent_watch.py).
            self._process = subprocess.Popen([program, *arguments], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                             env={**os.environ, ENV: "1"})
        except OSError as e:
            message = e.strerror or str(e)
            QTimer.singleShot(0, lambda: self.failed.emit(message))  # after start() returns
            return
        for pipe, signal_ in ((self._process.stdout, self.stdout),
                              (self._process.stderr, self.stderr)):
            fd = pipe.fileno()
            os.set_blocking(fd, False)
            notifier = QSocketNotifier(fd, QSocketNotifier.Read, self)
            notifier.activated.connect(self._readable)
            self._notifiers[fd] = (notifier, signal_)

    @property
    def pid(self) -> int:
        return self._process.pid if self._process is not None else 0

    @property
    def running(self) -> bool:
        return self._process is not None and not self._done

    def interrupt(self) -> bool:
        if self.running:
            self._process.send_signal(signal.SIGINT)
        return True

    def kill(self) -> None:
        if self.running:
            self._process.kill()

    def wait(self, timeout_ms: int) -> bool:
        if not self.running:
            return True
        try:
            self._process.wait(timeout_ms / 1000)
        except subprocess.TimeoutExpired:
            return False
        for fd in list(self._notifiers):  # what it wrote before exiting
            self._drain(fd)
        self._check_exit()
        return True

    def _readable(self, fd: int) -> None:
        self._drain(int(fd))

    def _drain(self, fd: int) -> None:
        if fd not in self._notifiers:
            return
        notifier, signal_ = self._notifiers[fd]
        while True:
            try:
                data = os.read(fd, READ_CHUNK)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:  # end of file: the child closed it (or exited)
                notifier.setEnabled(False)
                notifier.deleteLater()
                del self._notifiers[fd]
                if not self._notifiers:
                    self._poll.start()
                return
            signal_.emit(data)

    def _check_exit(self) -> None:
        if self._done or self._process is None or self._notifiers:
            return
        code = self._process.poll()
        if code is None:
            return
        self._poll.stop()
        self._done = True
        for pipe in (self._process.stdin, self._process.stdout, self._process.stderr):
            pipe.close()
        self.exited.emit(code)


class QProcessChild(Child):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process = QProcess(self)
        self._process.readyReadStandardOutput.connect(
            lambda: self.stdout.emit(bytes(self._process.readAllStandardOutput())))
        self._process.readyReadStandardError.connect(
            lambda: self.stderr.emit(bytes(self._process.readAllStandardError())))
        self._process.finished.connect(self._finished)
        self._process.errorOccurred.connect(self._error)

    def start(self, program: str, arguments: list[str]) -> None:
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert(ENV, "1")  # stdin's closing stops the command (parent_watch.py)
        self._process.setProcessEnvironment(environment)
        self._process.start(program, arguments)

    @property
    def pid(self) -> int:
        return int(self._process.processId())

    @property
    def running(self) -> bool:
        return self._process.state() != QProcess.NotRunning

    def interrupt(self) -> bool:
        return False

    def kill(self) -> None:
        self._process.kill()

    def wait(self, timeout_ms: int) -> bool:
        return self._process.waitForFinished(timeout_ms) or not self.running

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self.exited.emit(code if status == QProcess.NormalExit else -9)

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.FailedToStart:
            self.failed.emit(self._process.errorString())
