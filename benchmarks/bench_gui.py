"""GUI responsiveness, with the real window and the real model.

    python benchmarks/bench_gui.py [--checkpoint F] [--images 500] [--runs 5]

Measures:
1. start-up: process start -> main window painted, in fresh processes running ``app.main.main``
   (aim < 0.5 s); beside it the same with ``import torch`` first, the cost the worker thread
   keeps off the start-up path (ratio printed);
2. the longest stall of the GUI event loop while a batch of images runs (aim < 30 ms): a 2 ms
   QTimer in the GUI thread records the largest gap between its ticks; the same timer on an idle
   loop gives the baseline; and the batch's rate in the window against ``cifar10 classify``'s
   on the same files (its engine loop in a fresh process, :class:`ClassifyChild`), aim >= 0.8,
   in ``--batch-rounds`` interleaved rounds (medians, and each round's ratio);
3. the same with View > Feature Maps open while stepping through the batch's entries (each one's
   maps computed in the worker, then drawn; aim < 30 ms);
4. the same while File > New Model from Folders trains (its dialog open, progress drawn): the
   Quick recipe run by the real CLI in its child processes on ``--train-images`` generated
   pictures in two class folders, from Start to the result page (aim < 30 ms);
5. with ``--bad-files N``, the same while a folder of N files that all fail to decode runs,
   and the window's time per result for the first and the last rows (it must not grow with
   the history's length);
6. drop -> top-5 shown for a 12-megapixel JPEG (aim < 100 ms): from sending the QDropEvent to
   the end of the bars' first paint with the result; beside it, decoding that JPEG in full vs.
   in draft mode (what the worker does).

Uses the bundled checkpoint if it exists, else an untrained one (timing only: its predictions
mean nothing). Runs headless (QT_QPA_PLATFORM=offscreen) unless a display is set.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STARTUP_CHILD = textwrap.dedent("""
    import os, sys, time
    if sys.argv[1] == "torch-first":
        import torch  # noqa: F401  (the variant: what start-up would cost with torch up front)
    from PyQt5.QtCore import QEvent, QObject, QTimer
    import app.main
    import app.window

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint and obj.isWindow():
                # Runs once this paint (and the rest of the current event batch) is done.
                QTimer.singleShot(0, lambda: (print(time.time(), flush=True), os._exit(0)))
                obj.removeEventFilter(self)
            return False

    show = app.window.MainWindow.show
    def probed_show(self):
        self._probe = FirstPaint()
        self.installEventFilter(self._probe)
        show(self)
    app.window.MainWindow.show = probed_show
    app.main.main(sys.argv[2:])
""")


CLASSIFY_CHILD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from model.data.images import find_images
    from model.inference.classifier import Classifier

    folder, checkpoint = sys.argv[1:3]
    paths = find_images([folder])
    classifier = Classifier.from_checkpoint(Path(checkpoint), device="cpu")
    list(classifier.predict_many(paths[:64], k=5, batch_size=64))  # warm-up
    print("ready", flush=True)
    for _ in sys.stdin:  # one timed pass per line asked for
        start = time.perf_counter()
        n = sum(1 for _ in classifier.predict_many(paths, k=5, batch_size=64))
        print(json.dumps(n / (time.perf_counter() - start)), flush=True)
""")


class ClassifyChild:
    """What ``cifar10 classify FOLDER`` runs after its start-up (the same call,
    ``Classifier.predict_many`` with its default batch of 64, without printing), in a fresh
    process that waits between passes, so that its passes interleave with the window's batches
    and both see the same machine load (a 500-image batch lasts about 1.5 s: one pass of each,
    minutes apart, differed by up to 30% on the development VM)."""

    def __init__(self, folder: Path, checkpoint: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", CLASSIFY_CHILD, str(folder), str(checkpoint)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        if self._line() != "ready":
            raise RuntimeError("the cifar10 classify child did not start")

    def _line(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=60)
            raise RuntimeError(f"the cifar10 classify child exited ({self.process.returncode})")
        return line.strip()

    def rate(self) -> float:
        """Images/s of one pass over the folder."""
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        return float(json.loads(self._line()))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def bench_startup(checkpoint: Path, settings: Path, runs: int) -> dict[str, list[float]]:
    """Seconds from process start to the window's first paint, per variant, started as an
    installed app starts: with its bytecode compiled (pip compiles it at install time; a
    checkout writes ``__pycache__`` on its first start). So an untimed start comes first, in a
    child that may write bytecode even where PYTHONDONTWRITEBYTECODE is set, as it is in some
    development environments: there every start compiled the app's sources again, about 100 ms
    of a 413-ms start under cProfile (2026-12-07, 2-core AMD EPYC)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out: dict[str, list[float]] = {"app": [], "torch-first": []}

    def start_once(variant: str) -> float:
        start = time.time()
        result = subprocess.run(
            [sys.executable, "-c", STARTUP_CHILD, variant, "--checkpoint", str(checkpoint),
             "--settings", str(settings)],
            cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
        lines = [ln for ln in result.stdout.split() if ln.strip()]
        if not lines:
            raise RuntimeError(f"start-up probe failed: {result.stderr[-2000:]}")
        return float(lines[-1]) - start

    start_once("app")  # writes the bytecode the timed starts read
    if not (ROOT / "app" / "__pycache__").is_dir():
        print("note: no bytecode was written (the checkout is not writable?): the start-up times "
              "below include compiling the app's sources", file=sys.stderr)
    for _ in range(runs):
        for variant in out:
            out[variant].append(start_once(variant))
    return out


def write_batch(folder: Path, n: int) -> list[Path]:
    """``n`` small photo-like JPEGs (320x240, smooth gradients plus noise)."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    folder.mkdir(parents=True, exist_ok=True)
    yy, xx = np.mgrid[0:240, 0:320]
    paths = []
    for i in range(n):
        base = np.stack([(xx * (i % 7 + 1)) % 256, (yy * (i % 5 + 1)) % 256,
                         (xx + yy + 13 * i) % 256], axis=-1)
        noisy = np.clip(base + rng.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
        path = folder / f"photo_{i:04d}.jpg"
        Image.fromarray(noisy).save(path, quality=88)
        paths.append(path)
    return paths


def write_big_jpeg(path: Path, seed: int) -> Path:
    """A 4000x3000 (12-megapixel) photo-like JPEG."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (30, 40, 3), dtype=np.uint8)
    img = Image.fromarray(small).resize((4000, 3000), Image.Resampling.BICUBIC)
    noise = rng.normal(0, 6, (3000, 4000, 3))
    arr = np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    Image.fromarray(arr).save(path, quality=90)
    return path


class GapTimer:
    """Largest gap between ticks of a fast QTimer in the GUI thread = longest event-loop stall."""

    def __init__(self, interval_ms: int = 2) -> None:
        from PyQt5.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    @property
    def worst_ms(self) -> float:
        return max(self.gaps) * 1000 if self.gaps else float("nan")

    @property
    def p99_ms(self) -> float:
        if not self.gaps:
            return float("nan")
        return sorted(self.gaps)[int(0.99 * (len(self.gaps) - 1))] * 1000


def wait_until(app, condition, timeout_s: float = 600) -> None:
    """Run the event loop as the app's ``exec_()`` does until ``condition()`` holds (checked by
    a 5 ms timer). Not ``processEvents()`` in a loop with ``time.sleep(0.001)``: on the
    development VM that sleep took 5-11 ms while a training child ran, and the benchmark
    counted its own oversleeping as the window's stall (ad-hoc timing of the loop, 2026-12-02)."""
    from PyQt5.QtCore import QEventLoop, QTimer

    if condition():
        return
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    timed_out = []

    def check() -> None:
        if condition():
            loop.quit()
        elif time.perf_counter() > deadline:
            timed_out.append(True)
            loop.quit()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(check)
    timer.start()
    loop.exec_()
    timer.stop()
    if timed_out:
        raise TimeoutError("benchmark step timed out")


def run_window_benchmarks(checkpoint: Path, tmp: Path, n_images: int, runs: int,
                          feature_images: int, train_images: int = 0,
                          bad_files: int = 0, batch_rounds: int = 5) -> dict:
    from PyQt5.QtCore import QEvent, QMimeData, QObject, QPointF, Qt, QUrl
    from PyQt5.QtGui import QDragEnterEvent, QDropEvent
    from PyQt5.QtWidgets import QApplication

    from app.classify_steps import DRAFT_SIZE
    from app.settings import AppSettings
    from app.window import MainWindow
    from model.data.images import open_image

    app = QApplication.instance() or QApplication(["bench_gui"])
    # The window's own time for each chunk of results: (rows before it, seconds, rows added,
    # the GUI thread's CPU time when the chunk arrived). The handler's time leaves out what Qt
    # does later for the same rows (laying the list out, painting); the CPU clock takes it in.
    added: list[tuple[int, float, int, float]] = []
    on_added = MainWindow._on_entries_added

    def timed_on_added(self, first: int, count: int) -> None:
        cpu = time.thread_time()
        start = time.perf_counter()
        on_added(self, first, count)
        added.append((first, time.perf_counter() - start, count, cpu))

    MainWindow._on_entries_added = timed_on_added
    window = MainWindow(AppSettings.from_file(tmp / "bench.ini"), checkpoint=checkpoint)
    window.show()
    window.start()
    state = window.state
    wait_until(app, lambda: state.summary is not None or state.loading_path is None)
    if window.state.summary is None:
        raise RuntimeError(f"could not load {checkpoint}")

    def drop(paths: list[Path]) -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
        centre = window.panel.drop_area.rect().center()
        enter = QDragEnterEvent(centre, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
        QApplication.sendEvent(window.panel.drop_area, enter)
        event = QDropEvent(QPointF(centre), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
        QApplication.sendEvent(window.panel.drop_area, event)
        if not window.state.busy:
            raise RuntimeError("the drop was not taken")

    results: dict = {}
    # -- event-loop stalls ----------------------------------------------------------------------
    gaps = GapTimer()
    gaps.start()
    end = time.perf_counter() + 2.0
    wait_until(app, lambda: time.perf_counter() > end)
    gaps.stop()
    results["idle"] = (gaps.worst_ms, gaps.p99_ms)

    batch = write_batch(tmp / "batch", n_images)
    child = ClassifyChild(tmp / "batch", checkpoint)
    rounds = []
    try:
        for i in range(batch_rounds):
            # Alternate which goes first, so that neither always follows the other's load.
            cli = child.rate() if i % 2 else None
            window.state.clear_history()
            gaps.start()
            start = time.perf_counter()
            drop([tmp / "batch"])
            wait_until(app, lambda: not window.state.busy)
            elapsed = time.perf_counter() - start
            gaps.stop()
            assert len(window.state.entries) == len(batch), (len(window.state.entries), len(batch))
            if cli is None:
                cli = child.rate()
            rounds.append((n_images / elapsed, cli, gaps.worst_ms, gaps.p99_ms))
    finally:
        child.close()
    results["batch"] = rounds

    # -- View > Feature Maps open, stepping through the batch's entries ----------------------------
    view = window.inside.show_feature_maps()
    wait_until(app, lambda: view.status == "ready")
    shown = min(feature_images, len(batch) - 1)
    gaps.start()
    start = time.perf_counter()
    for index in range(shown):  # each one computed in the worker, then drawn
        window.select_entry(index)
        wait_until(app, lambda: view.status == "ready")
    elapsed = time.perf_counter() - start
    gaps.stop()
    view.close()
    results["features"] = (gaps.worst_ms, gaps.p99_ms, elapsed, shown)

    # -- File > New Model from Folders training --------------------------------------------------
    if train_images:
        for k in range(2):
            write_batch(tmp / "classes" / f"class{k}", train_images // 2)
        dialog = window.training.show()
        wait_until(app, lambda: dialog.speed is not None or dialog._speed_error, timeout_s=120)
        dialog.set_folder(tmp / "classes")
        wait_until(app, lambda: dialog.scan is not None)  # the worker scans the folder
        dialog.out_edit.setText(str(tmp / "new-model"))
        run = window.training.run
        gaps.start()
        start = time.perf_counter()
        if not dialog.start():
            raise RuntimeError("the training did not start")
        wait_until(app, lambda: not run.running)
        elapsed = time.perf_counter() - start
        gaps.stop()
        if run.progress.phase != "finished":
            raise RuntimeError(f"training ended {run.progress.phase}: {run.progress.error}")
        estimate = dialog.estimate("quick")
        dialog.close()
        results["training"] = (gaps.worst_ms, gaps.p99_ms, elapsed, estimate)

    # -- a folder of files that all fail to decode ------------------------------------------------
    if bad_files:
        folder = tmp / "unreadable"
        folder.mkdir()
        for i in range(bad_files):
            (folder / f"bad_{i:05d}.jpg").write_bytes(b"not an image")
        window.state.clear_history()
        added.clear()
        gaps.start()
        start = time.perf_counter()
        drop([folder])
        wait_until(app, lambda: not window.state.busy)
        elapsed = time.perf_counter() - start
        gaps.stop()
        assert len(window.state.entries) == bad_files

        def per_row_us(low: int, high: int) -> float:
            rows = [(s, n) for first, s, n, _ in added if low <= first < high]
            return 1e6 * sum(s for s, _ in rows) / max(1, sum(n for _, n in rows))

        def cpu_per_row_us(low: int, high: int) -> float:
            # GUI-thread CPU from the first chunk in [low, high) to the first one after it
            chunks = [(first, cpu) for first, _, _, cpu in added if first >= low]
            inside = [c for c in chunks if c[0] < high]
            after = [c for c in chunks if c[0] >= high]
            if not inside or not after:
                return float("nan")
            return 1e6 * (after[0][1] - inside[0][1]) / max(1, after[0][0] - inside[0][0])

        span = min(1000, bad_files // 2)
        # the last span ends where the last chunk begins: CPU is read when a chunk arrives
        last_low = max(span, added[-1][0] - span)
        results["unreadable"] = (gaps.worst_ms, gaps.p99_ms, elapsed, span,
                                 per_row_us(0, span), per_row_us(bad_files - span, bad_files),
                                 cpu_per_row_us(0, span), cpu_per_row_us(last_low, last_low + span),
                                 last_low)

    # -- drop -> top-5 painted for a 12-megapixel JPEG --------------------------------------------
    class PaintProbe(QObject):
        """Notes when the bars first paint with a result. An event filter sees the Paint event
        just before the widget draws; drawing five bars takes well under a millisecond."""

        def __init__(self) -> None:
            super().__init__()
            self.painted_at: float | None = None

        def eventFilter(self, obj, event):  # noqa: N802
            if (event.type() == QEvent.Paint and window.panel.bars.rows
                    and self.painted_at is None):
                self.painted_at = time.perf_counter()
            return False

    latencies, full, draft = [], [], []
    bigs = [write_big_jpeg(tmp / f"big_{i}.jpg", i) for i in range(runs + 1)]
    for i, big in enumerate(bigs):
        window.state.clear_history()
        app.processEvents()
        probe = PaintProbe()
        window.panel.bars.installEventFilter(probe)
        start = time.perf_counter()
        drop([big])
        wait_until(app, lambda: probe.painted_at is not None, timeout_s=60)
        window.panel.bars.removeEventFilter(probe)
        painted = [probe.painted_at]
        if i > 0:  # the first run warms caches (allocator, kernels); report the rest
            latencies.append((painted[0] - start) * 1000)
            t0 = time.perf_counter()
            open_image(big)
            full.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            open_image(big, draft_size=DRAFT_SIZE)
            draft.append((time.perf_counter() - t0) * 1000)
    results["drop"] = latencies
    results["decode"] = (statistics.median(full), statistics.median(draft))
    results["device"] = window.state.summary.device
    window.close()
    return results


def ensure_checkpoint(path: Path | None, tmp: Path) -> tuple[Path, str]:
    from model.files.paths import bundled_checkpoint

    if path is not None:
        return path, "given"
    if bundled_checkpoint().is_file():
        return bundled_checkpoint(), "bundled"
    import torch

    from model.checkpoints.checkpoint import CheckpointInfo, save_checkpoint
    from model.network.resnet import resnet18

    torch.manual_seed(0)
    out = tmp / "untrained.safetensors"
    save_checkpoint(out, resnet18(), CheckpointInfo(extra={"note": "untrained, benchmark only"}))
    return out, "untrained (bundled checkpoint missing)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkpoint", type=Path)
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--feature-images", type=int, default=30,
                        help="entries stepped through with View > Feature Maps open")
    parser.add_argument("--batch-rounds", type=int, default=5,
                        help="the batch in the window and cifar10 classify's pass over the same "
                             "files, alternating, this many times each")
    parser.add_argument("--bad-files", type=int, default=0,
                        help="files that fail to decode, dropped as one folder (0: skip it)")
    parser.add_argument("--train-images", type=int, default=80,
                        help="pictures the New Model from Folders run trains on (0: skip it)")
    args = parser.parse_args()
    command = "python benchmarks/bench_gui.py " + " ".join(sys.argv[1:])

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        checkpoint, kind = ensure_checkpoint(args.checkpoint, tmp)
        startup = bench_startup(checkpoint, tmp / "startup.ini", args.runs)
        window = run_window_benchmarks(checkpoint, tmp, args.images, args.runs,
                                       args.feature_images, args.train_images,
                                       args.bad_files, args.batch_rounds)

    app_med = statistics.median(startup["app"])
    torch_med = statistics.median(startup["torch-first"])
    print(f"command: {command.strip()}")
    print(f"checkpoint: {checkpoint} ({kind}); device: {window['device']}; "
          f"CPUs: {os.cpu_count()}; platform: {os.environ.get('QT_QPA_PLATFORM', 'native')}")
    print(f"start-up, process start -> window painted (bytecode compiled, as installed): median "
          f"{app_med * 1000:.0f} ms, max {max(startup['app']) * 1000:.0f} ms over {args.runs} "
          f"runs (aim < 500 ms)")
    print(f"  same with torch imported first: median {torch_med * 1000:.0f} ms "
          f"({torch_med / app_med:.1f}x slower)")
    rounds = window["batch"]
    window_rates, cli_rates = [r[0] for r in rounds], [r[1] for r in rounds]
    ratios = sorted(w / c for w, c, _, _ in rounds)
    worst = max(r[2] for r in rounds)
    p99 = statistics.median(r[3] for r in rounds)
    print(f"event loop during a {args.images}-image batch, {len(rounds)} rounds (median "
          f"{args.images / statistics.median(window_rates):.1f} s each): longest stall "
          f"{worst:.1f} ms (worst round), p99 gap {p99:.1f} ms (median round) (aim < 30 ms); "
          f"idle loop: longest {window['idle'][0]:.1f} ms, p99 {window['idle'][1]:.1f} ms")
    rate, cli = statistics.median(window_rates), statistics.median(cli_rates)
    print(f"batch in the window: {rate:.0f} img/s against {cli:.0f} img/s for cifar10 classify "
          f"on the same files (x{rate / cli:.2f})")
    print(f"  medians of {len(rounds)} interleaved rounds; window {min(window_rates):.0f}-"
          f"{max(window_rates):.0f} img/s, cifar10 classify {min(cli_rates):.0f}-"
          f"{max(cli_rates):.0f}; the rounds' own ratios x{ratios[0]:.2f}-x{ratios[-1]:.2f} "
          f"(median x{statistics.median(ratios):.2f})")
    if "unreadable" in window:
        worst, p99, elapsed, span, early, late, cpu_early, cpu_late, last_low = window["unreadable"]
        print(f"event loop during {args.bad_files} unreadable files ({elapsed:.1f} s): longest "
              f"stall {worst:.1f} ms, p99 gap {p99:.1f} ms (aim < 30 ms); the window's time per "
              f"result: {early:.0f} us for the first {span} rows, {late:.0f} us for the last "
              f"{span}; the GUI thread's CPU per result (layout and painting included): "
              f"{cpu_early:.0f} us over rows 0-{span}, {cpu_late:.0f} us over rows "
              f"{last_low}-{last_low + span}")
    worst, p99, elapsed, shown = window["features"]
    print(f"event loop with View > Feature Maps open, {shown} images stepped through "
          f"({1000 * elapsed / max(shown, 1):.0f} ms each, computed and drawn): longest stall "
          f"{worst:.1f} ms, p99 gap {p99:.1f} ms (aim < 30 ms)")
    if "training" in window:
        worst, p99, elapsed, estimate = window["training"]
        print(f"event loop while New Model from Folders trains (Quick, {args.train_images} "
              f"pictures, {elapsed:.0f} s from Start to the result; estimate shown "
              f"{estimate:.0f} s): longest stall {worst:.1f} ms, p99 gap {p99:.1f} ms "
              "(aim < 30 ms)")
    drops = window["drop"]
    full, draft = window["decode"]
    print(f"drop -> top-5 painted, 12-megapixel JPEG: median {statistics.median(drops):.0f} ms, "
          f"max {max(drops):.0f} ms over {len(drops)} runs (aim < 100 ms)")
    print(f"  decoding that JPEG: full {full:.0f} ms, draft mode {draft:.0f} ms "
          f"({full / draft:.1f}x faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
