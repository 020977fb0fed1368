"""The ONNX graph cache and the torch-free load it allows (model/inference/graphs.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from model.checkpoints.checkpoint import CheckpointError, CheckpointInfo, save_checkpoint
from model.inference import graphs as graphs_module
from model.inference.classifier import Classifier
from model.inference.graphs import SUFFIX, GraphCache, _export_main, checkpoint_key
from model.inference.onnx_session import onnxruntime_available
from model.network import devices

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not onnxruntime_available(), reason="onnxruntime not installed")


@pytest.fixture()
def no_gpu(monkeypatch):
    """"auto" means the CPU on every machine these tests run on."""
    monkeypatch.setattr(devices, "gpu_may_be_present", lambda: False)


@pytest.fixture()
def no_export(monkeypatch):
    """Any export by a child process fails the test: the graph must come from the cache."""
    def refuse(*args, **kwargs):
        raise AssertionError("a graph was exported where the cached one should have been used")

    monkeypatch.setattr(graphs_module.subprocess, "run", refuse)


def copy_of(checkpoint: Path, folder: Path, name: str = "copy.safetensors") -> Path:
    target = folder / name
    target.write_bytes(checkpoint.read_bytes())
    return target


def pixels(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, 32, 32, 3), dtype=np.uint8)


def test_the_light_load_predicts_what_the_full_load_does(random_checkpoint, tmp_path, no_gpu):
    cache = GraphCache(tmp_path / "graphs")
    light = Classifier.from_checkpoint(random_checkpoint, graphs=cache, cpu_threads=1)
    full = Classifier.from_checkpoint(random_checkpoint, "cpu", cpu_threads=1)
    assert light._model is None and full._model is not None  # the paths did differ
    assert light.backend == full.backend == "onnxruntime" and light.device == "cpu"
    batch = pixels(6)
    # The same graph under the same runtime: the scores agree far inside any decision margin.
    np.testing.assert_allclose(light.outlier_scores(batch)["energy"],
                               full.outlier_scores(batch)["energy"], rtol=1e-5, atol=1e-6)
    a = light.predict(batch[0], k=10)
    b = full.predict(batch[0], k=10)
    assert a.labels == b.labels and a.not_sure_reasons == b.not_sure_reasons
    np.testing.assert_allclose(a.probabilities, b.probabilities, rtol=1e-5, atol=1e-7)
    assert light.info == full.info


def test_the_model_is_loaded_when_a_view_needs_it(random_checkpoint, tmp_path, no_gpu):
    light = Classifier.from_checkpoint(random_checkpoint, graphs=GraphCache(tmp_path / "g"))
    assert light._model is None
    image = light.predict(pixels(1)[0]).input_image
    attention = light.attention(image, light.info.class_names[3])
    assert light._model is not None and not light.model.training
    assert attention.input_size == (32, 32) and attention.class_index == 3
    assert light.architecture().weighted_layers == 18


def test_a_kept_graph_is_used_and_an_edited_checkpoint_exported_anew(
        random_checkpoint, tmp_path, no_gpu, monkeypatch):
    checkpoint = copy_of(random_checkpoint, tmp_path)
    cache = GraphCache(tmp_path / "graphs")
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(graphs_module.subprocess, "run",
                        lambda *a, **k: calls.append(a[0]) or real_run(*a, **k))
    assert cache.graph(checkpoint) is not None and len(calls) == 1
    first_key = checkpoint_key(checkpoint)
    assert (cache.folder / (first_key + SUFFIX)).is_file()
    assert cache.graph(checkpoint) is not None and len(calls) == 1  # kept: no second export

    from model.checkpoints.checkpoint import update_metadata
    update_metadata(checkpoint, test_accuracy=0.5)  # other bytes, same weights
    assert checkpoint_key(checkpoint) != first_key
    assert cache.graph(checkpoint) is not None and len(calls) == 2


def test_a_second_load_reads_the_kept_graph(random_checkpoint, tmp_path, no_gpu, monkeypatch):
    cache = GraphCache(tmp_path / "graphs")
    Classifier.from_checkpoint(random_checkpoint, graphs=cache)
    monkeypatch.setattr(graphs_module.subprocess, "run", None)  # any export would fail
    monkeypatch.setattr("model.inference.classifier.load_checkpoint", None)  # nor a full load
    again = Classifier.from_checkpoint(random_checkpoint, graphs=cache)
    assert again._model is None and again.backend == "onnxruntime"


def test_a_full_load_keeps_its_graph_for_next_time(random_checkpoint, tmp_path, no_gpu,
                                                   monkeypatch):
    """When the child cannot export (here: it fails to start), the checkpoint loads with torch
    in this process, and the graph it exported is kept."""
    def broken(*args, **kwargs):
        raise OSError("cannot start a process")

    monkeypatch.setattr(graphs_module.subprocess, "run", broken)
    cache = GraphCache(tmp_path / "graphs")
    loaded = Classifier.from_checkpoint(random_checkpoint, graphs=cache)
    assert loaded._model is not None  # the full path
    kept = cache.folder / (checkpoint_key(random_checkpoint) + SUFFIX)
    assert kept.read_bytes() == loaded.engine.graph
    monkeypatch.undo()
    assert Classifier.from_checkpoint(random_checkpoint, graphs=cache)._model is None


def test_a_damaged_kept_graph_is_replaced(random_checkpoint, tmp_path, no_gpu):
    cache = GraphCache(tmp_path / "graphs")
    kept = cache.folder / (checkpoint_key(random_checkpoint) + SUFFIX)
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"not an onnx graph")
    loaded = Classifier.from_checkpoint(random_checkpoint, graphs=cache)
    assert loaded._model is not None  # ONNX Runtime refused the bytes: loaded in full
    assert kept.read_bytes() == loaded.engine.graph  # and the real graph replaced them
    assert Classifier.from_checkpoint(random_checkpoint, graphs=cache)._model is None


def test_a_bad_checkpoint_fails_with_the_full_loads_reason(random_checkpoint, tmp_path, no_gpu):
    """Metadata that reads well over weights that disagree with it: read_info accepts the file,
    the child refuses to export it, and the error is the one the full load gives."""
    from safetensors.numpy import load_file

    state = load_file(str(random_checkpoint))
    state = {k: v for k, v in state.items() if not k.startswith("fc.")}
    state["fc.weight"] = np.zeros((5, 512), np.float32)
    state["fc.bias"] = np.zeros(5, np.float32)
    import torch
    bad = tmp_path / "bad.safetensors"
    save_checkpoint(bad, {k: torch.from_numpy(v) for k, v in state.items()}, CheckpointInfo())
    cache = GraphCache(tmp_path / "graphs")
    with pytest.raises(CheckpointError, match="metadata says 10 classes but the classifier "
                                              "has 5 outputs"):
        Classifier.from_checkpoint(bad, graphs=cache)
    assert list(cache.folder.glob("*" + SUFFIX)) == []


def test_the_child_refuses_a_checkpoint_that_changed(random_checkpoint, tmp_path, capsys):
    output = tmp_path / "graph.onnx"
    assert _export_main([str(random_checkpoint), "0" * 64, str(output)]) == 2
    assert "changed while its graph was being exported" in capsys.readouterr().err
    assert not output.exists()


def test_the_cache_keeps_the_most_recently_used_graphs(random_checkpoint, tmp_path, no_gpu):
    cache = GraphCache(tmp_path / "graphs", keep=2)
    paths = []
    for i in range(3):
        path = copy_of(random_checkpoint, tmp_path, f"c{i}.safetensors")
        from model.checkpoints.checkpoint import update_metadata
        update_metadata(path, test_accuracy=i / 10)
        paths.append(path)
        cache.store(path, f"graph {i}".encode())
    kept = sorted(p.name for p in cache.folder.glob("*" + SUFFIX))
    assert kept == sorted(checkpoint_key(p) + SUFFIX for p in paths[1:])


@pytest.mark.parametrize("case", ["gpu may be present", "torch backend", "foreign file"])
def test_the_full_load_is_kept_where_the_light_one_does_not_apply(
        case, random_checkpoint, tmp_path, monkeypatch, no_export):
    backend, path = "auto", random_checkpoint
    monkeypatch.setattr(devices, "gpu_may_be_present", lambda: case == "gpu may be present")
    if case == "torch backend":
        backend = "torch"
    if case == "foreign file":
        import torch
        path = tmp_path / "foreign.pth"
        torch.save(Classifier.from_checkpoint(random_checkpoint).model.state_dict(), path)
    loaded = Classifier.from_checkpoint(path, "auto", backend, graphs=GraphCache(tmp_path / "g"))
    assert loaded._model is not None


def test_no_gpu_named_without_a_driver(monkeypatch, tmp_path):
    """The torch-free probe says "maybe" whenever a GPU driver's files exist (Linux)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the driver files checked are Linux's")
    fake = tmp_path / "nvidiactl"
    monkeypatch.setattr(devices, "_DRIVER_FILES", (str(tmp_path / "absent"),))
    assert devices.gpu_may_be_present() is False
    fake.touch()
    monkeypatch.setattr(devices, "_DRIVER_FILES", (str(tmp_path / "absent"), str(fake)))
    assert devices.gpu_may_be_present() is True


def test_a_fresh_process_classifies_without_importing_torch(random_checkpoint, tmp_path):
    """Nor onnx (its import costs about a second): the detector's score graph is a file."""
    from model.checkpoints.detector_store import store_detector
    from model.inference.detector import fit_mahalanobis

    checkpoint = copy_of(random_checkpoint, tmp_path)
    rng = np.random.default_rng(0)
    store_detector(checkpoint, fit_mahalanobis(rng.normal(size=(600, 512)), np.arange(600) % 10),
                   threshold=1e6, record={"fitted_on": "test"})
    probe = textwrap.dedent("""
        import json, sys
        from pathlib import Path
        import numpy as np
        from model.network import devices
        devices.gpu_may_be_present = lambda: False  # as on a machine without a GPU
        from model.inference.classifier import Classifier
        from model.inference.graphs import GraphCache
        c = Classifier.from_checkpoint(sys.argv[1], graphs=GraphCache(Path(sys.argv[2])))
        p = c.predict(np.full((32, 32, 3), 128, np.uint8), source="grey")
        print(json.dumps({"torch": "torch" in sys.modules, "onnx": "onnx" in sys.modules,
                          "labels": list(p.labels), "backend": c.backend,
                          "detector": type(c.confidence.detector).__name__}))
    """)
    for run in ("first: exported by a child", "second: read from the cache"):
        done = subprocess.run([sys.executable, "-c", probe, str(checkpoint),
                               str(tmp_path / "graphs")], cwd=ROOT, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, (run, done.stderr)
        report = json.loads(done.stdout.strip().splitlines()[-1])
        assert report["torch"] is False and report["backend"] == "onnxruntime", run
        assert report["onnx"] is False and report["detector"] == "OnnxScoredDetector", run
        assert len(report["labels"]) == 5
