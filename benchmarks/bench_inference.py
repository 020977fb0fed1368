"""Inference speed: our Classifier against the same network run by ONNX Runtime.

Measures, in one run and interleaved (every round times each variant in turn, in a random order,
so background load hits all variants alike):

- single-image latency: an image file on disk -> top-5 classes, median over many calls;
- batch throughput: a folder's worth of files -> top-5 each, in images per second.

Variants:
- ``ours``: ``Classifier`` as users get it (``backend="auto"``);
- ``ours-torch``: ``Classifier(backend="torch")`` (BatchNorm folded, channels_last, inference_mode);
- ``ours-no-checks``: ``ours`` with the not-sure checks that cost time switched off (the image
  statistics, the energy and the detector's score; temperature and the low-probability check
  stay): not a product setting, but the measure of what those checks cost per image, so that
  the difference between ``ours`` and a peer can be told apart from overhead elsewhere;
- ``plain-torch``: the loaded model as is (eager, unfused) under ``torch.no_grad``;
- ``onnxruntime``: what a user might pick instead: ``torch.onnx.export`` of the same loaded model
  and a default ``onnxruntime.InferenceSession``, fed by the same preprocessing;
- ``openvino``: the same exported graph compiled by OpenVINO for the CPU with its defaults
  (``openvino`` from PyPI; left out, with a note, when it is not installed). On a CPU with
  bfloat16 instructions (AVX512-BF16, AMX) its default is to compute in bfloat16, so it does
  not compute quite the same function: the line printed says which precision it used;
- ``openvino-f32``: the same, told to compute in float32 (``INFERENCE_PRECISION_HINT``), as
  ONNX Runtime and ours do.

The ratios are printed against each peer runtime (ONNX Runtime, OpenVINO) and against the best
of them: the lowest median latency and the highest median throughput.

Every variant decodes and preprocesses with ``model.data.images`` so that the comparison is of the
inference engines and their per-call overhead. Latency ratios are ours/peer (lower is
better), throughput ratios ours/peer (higher is better).

Usage: python benchmarks/bench_inference.py [--checkpoint FILE] [--single-runs N] ...
Without --checkpoint it uses the bundled checkpoint, or an untrained ResNet-18 if that does not
exist yet (speed does not depend on the weights).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import io
import os
import random
import shlex
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoint", help="checkpoint to time (default: bundled, else untrained)")
    p.add_argument("--single-runs", type=int, default=300, help="timed calls per variant")
    p.add_argument("--block", type=int, default=25, help="single calls per variant in a row")
    p.add_argument("--batch-images", type=int, default=512, help="files per throughput round")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--batch-rounds", type=int, default=5, help="throughput rounds per variant")
    p.add_argument("--format", choices=("jpg", "png"), default="jpg",
                   help="sample files: CIFAR-like q75 JPEGs (default) or PNGs")
    p.add_argument("--threads", type=int, default=None, help="torch.set_num_threads first")
    p.add_argument("--stem", choices=("cifar", "imagenet"), default="cifar",
                   help="untrained network's stem, when no checkpoint exists (default cifar)")
    p.add_argument("--input-size", type=int, default=32,
                   help="untrained network's input size, when no checkpoint exists (default 32)")
    p.add_argument("--untrained", action="store_true",
                   help="time the untrained network of --stem/--input-size even when the "
                        "bundled checkpoint exists")
    p.add_argument("--variants",
                   default="ours,ours-torch,plain-torch,onnxruntime,openvino,openvino-f32")
    return p.parse_args(argv)


# --------------------------------------------------------------------------------------------
# Setup


def checkpoint_path(args: argparse.Namespace, workdir: Path) -> tuple[Path, str]:
    from model.files.paths import bundled_checkpoint

    if args.checkpoint:
        return Path(args.checkpoint), "given"
    if bundled_checkpoint().exists() and not args.untrained:
        return bundled_checkpoint(), "bundled"
    import torch

    from model.checkpoints.checkpoint import CheckpointInfo, save_checkpoint
    from model.network.resnet import resnet18

    torch.manual_seed(0)
    path = workdir / "untrained.safetensors"
    info = CheckpointInfo(stem=args.stem, input_size=args.input_size,
                          extra={"note": "untrained, benchmark only"})
    save_checkpoint(path, resnet18(stem=args.stem), info)
    return path, ("untrained ResNet-18" if args.untrained
                  else "untrained ResNet-18 (bundled checkpoint not there yet)")


def write_images(folder: Path, n: int, size: int, fmt: str) -> list[Path]:
    from PIL import Image

    rng = np.random.default_rng(0)
    paths = []
    for i in range(n):
        # Smooth random colour fields, JPEG-compressible like photos (pure noise is not).
        small = rng.integers(0, 256, (4, 4, 3), dtype=np.uint8)
        img = Image.fromarray(small).resize((size, size), Image.Resampling.BICUBIC)
        path = folder / f"{i:04d}.{fmt}"
        img.save(path, quality=75) if fmt == "jpg" else img.save(path)
        paths.append(path)
    return paths


class Pipeline:
    """A user's own loop: our preprocessing, any ``run(NCHW float32) -> logits``, numpy top-5."""

    def __init__(self, info, run: Callable[[np.ndarray], np.ndarray]) -> None:  # noqa: ANN001
        self.info = info
        self.run = run
        self.note = ""  # printed under the table (e.g. the precision a runtime chose)
        self.mean = np.asarray(info.mean, np.float32)
        self.std = np.asarray(info.std, np.float32)

    def _pixels(self, path: Path) -> np.ndarray:
        from model.data.images import open_image, to_network_input

        img = open_image(path, draft_size=self.info.input_size)
        return to_network_input(img, self.info.input_size, self.info.source_size)

    def _top5(self, pixels: np.ndarray) -> list[list[tuple[str, float]]]:
        x = ((pixels.astype(np.float32) / 255.0 - self.mean) / self.std).transpose(0, 3, 1, 2)
        logits = self.run(np.ascontiguousarray(x))
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
        names = self.info.class_names
        return [[(names[j], float(p[j])) for j in np.argsort(-p)[:5]] for p in probs]

    def predict(self, path: Path) -> list[tuple[str, float]]:
        return self._top5(self._pixels(path)[None])[0]

    def predict_many(self, paths: list[Path], batch_size: int) -> list:
        out = []
        for i in range(0, len(paths), batch_size):
            out += self._top5(np.stack([self._pixels(p) for p in paths[i:i + batch_size]]))
        return out


def exported_graph(model, info) -> bytes:  # noqa: ANN001
    """torch.onnx.export of the loaded model as it is (no folding: the runtimes fold)."""
    import torch

    buffer = io.BytesIO()
    example = torch.zeros(1, 3, info.input_size, info.input_size)
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        torch.onnx.export(model, (example,), buffer, input_names=["x"], output_names=["y"],
                          dynamo=False, dynamic_axes={"x": {0: "n"}, "y": {0: "n"}})
    return buffer.getvalue()


def onnxruntime_pipeline(model, info) -> Pipeline:  # noqa: ANN001
    """The exported model in a default ORT session."""
    import onnxruntime as ort

    session = ort.InferenceSession(exported_graph(model, info),
                                   providers=["CPUExecutionProvider"])
    return Pipeline(info, lambda x: session.run(None, {"x": x})[0])


def openvino_pipeline(model, info, precision: str | None = None) -> Pipeline:  # noqa: ANN001
    """The exported model compiled by OpenVINO for the CPU, its default settings (the latency
    hint; ``precision`` overrides the inference precision), one synchronous infer request."""
    import openvino as ov

    core = ov.Core()
    config = {"INFERENCE_PRECISION_HINT": precision} if precision else {}
    compiled = core.compile_model(core.read_model(io.BytesIO(exported_graph(model, info))),
                                  "CPU", config)
    request = compiled.create_infer_request()
    output = compiled.output(0)
    pipeline = Pipeline(info, lambda x: request.infer({0: x})[output])
    pipeline.note = f"computes in {compiled.get_property('INFERENCE_PRECISION_HINT')}"
    return pipeline


def plain_torch_pipeline(model, info) -> Pipeline:  # noqa: ANN001
    """The loaded model as is: eager, BatchNorm not folded, under torch.no_grad."""
    import torch

    def run(x: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return model(torch.from_numpy(x)).numpy()

    return Pipeline(info, run)


PEERS = {"plain-torch": plain_torch_pipeline, "onnxruntime": onnxruntime_pipeline,
         "openvino": openvino_pipeline,
         "openvino-f32": lambda model, info: openvino_pipeline(model, info, "f32")}
RUNTIMES = ("onnxruntime", "openvino", "openvino-f32")  # the peers "ours" is compared with


def build_variants(names: list[str],
                   ckpt: Path) -> dict[str, tuple[Callable, Callable, float, str]]:
    """name -> (predict one path, predict many paths, seconds to build, a note)."""
    from model.checkpoints.checkpoint import load_checkpoint
    from model.inference.classifier import Classifier

    variants = {}
    for name in names:
        start = time.perf_counter()
        if name in ("ours", "ours-torch", "ours-no-checks"):
            backend = "torch" if name == "ours-torch" else "auto"
            clf = Classifier.from_checkpoint(ckpt, device="cpu", backend=backend)
            if name == "ours-no-checks":
                clf.confidence = dataclasses.replace(
                    clf.confidence, detector=None, min_contrast=None, min_correlation=None,
                    max_correlation=None,
                    energy_threshold=None)
            one = lambda p, c=clf: c.predict(p, k=5)  # noqa: E731
            many = lambda ps, bs, c=clf: list(c.predict_many(ps, k=5, batch_size=bs))  # noqa: E731
            label, note = f"{name} [{clf.backend}]", ""
        elif name in PEERS:
            model, info = load_checkpoint(ckpt)
            pipeline = PEERS[name](model, info)
            one, many, label, note = pipeline.predict, pipeline.predict_many, name, pipeline.note
        else:
            raise SystemExit(f"unknown variant {name!r}")
        variants[label] = (one, many, time.perf_counter() - start, note)
    return variants


# --------------------------------------------------------------------------------------------
# Timing


def time_single(variants: dict, files: list[Path], runs: int, block: int,
                rng: random.Random) -> dict[str, list[float]]:
    """``runs`` timed calls per variant, in blocks of ``block`` calls, variants in a fresh random
    order every round. Blocks (not single calls) because thread pools keep spinning for a while
    after a call and would slow whichever variant runs next; the first call of each block is
    not timed, for the same reason."""
    names = list(variants)
    times: dict[str, list[float]] = {n: [] for n in names}
    for name in names:  # warm-up: first calls allocate, page in weights, tune kernels
        for f in files[:5]:
            variants[name][0](f)
    i = 0
    while len(times[names[0]]) < runs:
        for name in rng.sample(names, len(names)):
            one = variants[name][0]
            one(files[i % len(files)])
            for j in range(min(block, runs - len(times[name]))):
                f = files[(i + j) % len(files)]
                start = time.perf_counter()
                one(f)
                times[name].append(time.perf_counter() - start)
        i += block
    return times


def time_batches(variants: dict, files: list[Path], batch_size: int, rounds: int,
                 rng: random.Random) -> dict[str, list[float]]:
    """Images per second over all ``files``, ``rounds`` times per variant, random order."""
    names = list(variants)
    for name in names:
        variants[name][1](files[:batch_size], batch_size)
    rates: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(rounds):
        for name in rng.sample(names, len(names)):
            many = variants[name][1]
            many(files[:batch_size], batch_size)  # settle, as for single calls
            start = time.perf_counter()
            results = many(files, batch_size)
            rates[name].append(len(results) / (time.perf_counter() - start))
    return rates


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from model.checkpoints.checkpoint import load_checkpoint

    command = "python " + " ".join(shlex.quote(a) for a in [sys.argv[0], *(argv or sys.argv[1:])])
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ckpt, origin = checkpoint_path(args, workdir)
        size = load_checkpoint(ckpt)[1].input_size
        (workdir / "images").mkdir()
        files = write_images(workdir / "images", args.batch_images, size, args.format)
        load_before = os.getloadavg()
        names, skipped = args.variants.split(","), []
        if importlib.util.find_spec("openvino") is None:
            for name in [n for n in names if n.startswith("openvino")]:
                names.remove(name)
                skipped.append(f"{name}: openvino not installed (pip install openvino), left out")
        variants = build_variants(names, ckpt)
        rng = random.Random(0)
        single = time_single(variants, files, args.single_runs, args.block, rng)
        batch = time_batches(variants, files, args.batch_size, args.batch_rounds, rng)
        load_after = os.getloadavg()

    import onnxruntime

    from model.training.setup import cpu_name

    try:
        import openvino
        openvino_version = openvino.__version__.split("-")[0]
    except ImportError:
        openvino_version = "not installed"
    print(f"command: {command}")
    print(f"machine: {cpu_name()}, {os.cpu_count()} CPUs, "
          f"torch {torch.__version__} ({torch.get_num_threads()} threads), onnxruntime "
          f"{onnxruntime.__version__}, openvino {openvino_version}; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"checkpoint: {ckpt} ({origin}); input {size}x{size}; files: {args.format}")
    for note in skipped:
        print(note)
    for name, (*_, note) in variants.items():
        if note:
            print(f"{name}: {note}")
    print()
    print(f"{'variant':34s} {'build s':>8s} {'single ms: median':>18s} {'p10':>7s} {'p90':>7s}"
          f" {'batch img/s: median':>20s} {'min-max':>11s}")
    medians, rates = {}, {}
    for name, (_, _, build, _) in variants.items():
        t = np.asarray(single[name]) * 1e3
        medians[name] = float(np.median(t))
        rates[name] = statistics.median(batch[name])
        spread = f"{min(batch[name]):.0f}-{max(batch[name]):.0f}"
        print(f"{name:34s} {build:8.2f} {medians[name]:18.2f} {np.percentile(t, 10):7.2f} "
              f"{np.percentile(t, 90):7.2f} {rates[name]:20.0f} {spread:>11s}")
    peers = [n for n in variants if n in RUNTIMES]
    if peers:
        fastest = min(peers, key=medians.__getitem__)
        busiest = max(peers, key=rates.__getitem__)
        print()
        print("ratios (latency: variant/peer, lower is better; throughput: variant/peer, higher "
              "is better):")
        for name in variants:
            if name in RUNTIMES:
                continue
            cells = [f"vs {p}: latency x{medians[name] / medians[p]:.2f}, throughput "
                     f"x{rates[name] / rates[p]:.2f}" for p in peers]
            print(f"  {name:32s} " + "; ".join(cells))
            if len(peers) > 1:
                print(f"  {'':32s} vs the best: latency x{medians[name] / medians[fastest]:.2f} "
                      f"({fastest}), throughput x{rates[name] / rates[busiest]:.2f} ({busiest})")
    print(f"\n(single: {args.single_runs} calls per variant in interleaved blocks of {args.block}, "
          f"one file each; batch: {args.batch_rounds} rounds of {args.batch_images} files in "
          f"batches of {args.batch_size})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
