"""A cache of exported ONNX graphs, so that classifying on the CPU needs no torch.

ONNX Runtime runs a graph without torch, but making the graph does need it (loading the
weights, folding BatchNorm, ``torch.onnx.export``), and once imported torch stays in the
process: the app held 876 MiB after one answer, about 256 MiB of which is a Qt window with an
ONNX Runtime session (benchmarks/bench_footprint.py). So the first time a checkpoint is used on
the CPU, a child process (``python -m model.inference.graphs CHECKPOINT KEY OUTPUT``) loads it with
every check :func:`~model.checkpoints.checkpoint.load_checkpoint` makes, exports the graph and
exits, taking torch's memory with it. The graph is kept under the SHA-256 of the checkpoint's
bytes, so an edited file is exported again and an unchanged one never is.

When a graph cannot be had (the child fails, the cache folder is not writable), the caller
loads the checkpoint with torch as before, which also reports what is wrong with the file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from model.files.atomic import atomic_path, write_bytes_atomic

log = logging.getLogger(__name__)

# Part of every key: bump it when the exported graph changes (fusion, outputs, opset), so that
# graphs made by an older version are not used.
GRAPH_FORMAT = "1"
SUFFIX = ".onnx"


@dataclass(frozen=True)
class GraphCache:
    """Exported graphs in ``folder``, at most ``keep`` of them (the least recently used go:
    a ResNet-18 graph is about 45 MB)."""

    folder: Path
    keep: int = 4
    export_timeout_s: float = 300.0

    def graph(self, checkpoint: str | os.PathLike[str]) -> bytes | None:
        """The graph of ``checkpoint``, exported in a child process if it is not kept yet;
        None when it cannot be had."""
        try:
            key = checkpoint_key(checkpoint)
        except OSError:
            return None
        kept = self.folder / (key + SUFFIX)
        try:
            data = kept.read_bytes()
            os.utime(kept)  # recently used: pruned last
            return data
        except OSError:
            pass
        try:
            with atomic_path(kept) as tmp:
                self._export(checkpoint, key, tmp)
            data = kept.read_bytes()
        except (OSError, subprocess.SubprocessError, ExportFailed) as e:
            log.warning("no ONNX graph for %s: %s", checkpoint, e)
            return None
        self._prune()
        return data

    def store(self, checkpoint: str | os.PathLike[str], graph: bytes) -> None:
        """Keep ``graph``, exported from ``checkpoint`` in this process (best effort)."""
        try:
            write_bytes_atomic(self.folder / (checkpoint_key(checkpoint) + SUFFIX), graph)
        except OSError as e:
            log.warning("could not keep the ONNX graph of %s: %s", checkpoint, e)
            return
        self._prune()

    def discard(self, checkpoint: str | os.PathLike[str]) -> None:
        """Forget ``checkpoint``'s graph (one ONNX Runtime could not load)."""
        try:
            (self.folder / (checkpoint_key(checkpoint) + SUFFIX)).unlink(missing_ok=True)
        except OSError:
            pass

    def _export(self, checkpoint: str | os.PathLike[str], key: str, output: Path) -> None:
        # The folder holding this package goes first on the child's path: the app may run from
        # a checkout, started from anywhere, rather than from an install.
        root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, (root, os.environ.get("PYTHONPATH"))))}
        done = subprocess.run([sys.executable, "-m", __name__, os.fspath(checkpoint), key,
                               os.fspath(output)], capture_output=True, text=True, env=env,
                              timeout=self.export_timeout_s, check=False)
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines()
            raise ExportFailed(lines[-1] if lines else f"exit status {done.returncode}")

    def _prune(self) -> None:
        try:
            kept = sorted(self.folder.glob("*" + SUFFIX), key=lambda p: p.stat().st_mtime,
                          reverse=True)
            for old in kept[self.keep:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass


def user_graphs() -> GraphCache:
    """The graphs of the app and ``cifar10 classify``: in the user's cache folder."""
    from model.files.paths import user_cache_dir

    return GraphCache(user_cache_dir() / "graphs")


class ExportFailed(Exception):
    """The child process could not export the checkpoint (its last line of output says why)."""


def checkpoint_key(checkpoint: str | os.PathLike[str]) -> str:
    """The cache key of a checkpoint: its bytes' SHA-256 and the graph format. Raises OSError."""
    digest = hashlib.sha256(GRAPH_FORMAT.encode() + b"\0")
    with open(checkpoint, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _export_main(argv: list[str]) -> int:
    """The child: load ``CHECKPOINT`` (all of load_checkpoint's checks), export its graph to
    ``OUTPUT``; the key is checked before and after, so a file changed meanwhile is refused."""
    checkpoint, key, output = argv
    from model.checkpoints.checkpoint import CheckpointError, load_checkpoint
    from model.inference.engines import export_graph

    try:
        if checkpoint_key(checkpoint) != key:
            raise CheckpointError(checkpoint, "changed while its graph was being exported")
        model, info = load_checkpoint(checkpoint)
        graph = export_graph(model, info.input_size)
        if checkpoint_key(checkpoint) != key:
            raise CheckpointError(checkpoint, "changed while its graph was being exported")
    except (CheckpointError, OSError) as e:
        print(e, file=sys.stderr)
        return 2
    Path(output).write_bytes(graph)
    return 0


if __name__ == "__main__":
    sys.exit(_export_main(sys.argv[1:]))
