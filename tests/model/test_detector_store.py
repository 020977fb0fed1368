"""The detector stored in a checkpoint: round trip, and files without one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model.checkpoints.checkpoint import CheckpointError, load_checkpoint, read_info
from model.checkpoints.detector_store import (
    load_detector,
    read_extra_tensors,
    store_detector,
)
from model.inference.detector import fit_knn


def test_detector_round_trip_leaves_the_network_alone(random_checkpoint: Path,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "with_detector.safetensors"
    path.write_bytes(random_checkpoint.read_bytes())
    before, _ = load_checkpoint(path)
    feats = np.random.default_rng(0).normal(size=(300, 512)).astype(np.float32)
    detector = fit_knn(feats, bank_size=200, k=5)
    store_detector(path, detector, threshold=1.25, record={"fitted_on": "test"})
    info = read_info(path)
    assert info.extra["detector"]["method"] == "knn" and info.extra["detector"]["k"] == 5
    back, threshold = load_detector(path, info.extra)
    assert threshold == 1.25 and back.bank.shape == (200, 512)
    probe = feats[:7]
    assert np.allclose(back.score(probe), detector.score(probe), atol=2e-3)
    after, _ = load_checkpoint(path)  # the detector's tensors are not the network's
    assert all(np.array_equal(a, b) for a, b in zip(before.state_dict().values(),
                                                     after.state_dict().values()))


def test_a_checkpoint_without_a_detector(random_checkpoint: Path) -> None:
    assert load_detector(random_checkpoint, read_info(random_checkpoint).extra) is None
    assert read_extra_tensors(random_checkpoint) == {}


def test_a_broken_detector_record_is_refused_with_the_file(random_checkpoint: Path,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "broken.safetensors"
    path.write_bytes(random_checkpoint.read_bytes())
    with pytest.raises(CheckpointError, match="unusable out-of-distribution detector") as err:
        load_detector(path, {"detector": {"method": "knn", "k": 5, "threshold": 1.0}})
    assert str(path) in str(err.value)


def test_the_classifier_flags_what_the_stored_detector_rejects(flagging_checkpoint) -> None:
    from model.inference.classifier import Classifier

    made = flagging_checkpoint("torch")
    assert made.far - made.near > 0.05, (made.near, made.far)
    flagging = Classifier.from_checkpoint(made.path, "cpu", backend="torch")
    assert "unlike_training" not in flagging.predict(made.known).not_sure_reasons
    assert "unlike_training" in flagging.predict(made.stranger).not_sure_reasons
    # The classifier loaded before the detector was stored has none.
    assert "unlike_training" not in made.plain.predict(made.stranger).not_sure_reasons


def test_a_foreign_state_dict_runs_without_the_detector(tmp_path: Path) -> None:
    # A plain .pth trained elsewhere: no metadata, no detector tensors. It classifies, with the
    # checks it has data for (here only the probability one), and says the detector is off.
    import torch

    from model.inference.classifier import Classifier
    from model.inference.reasons import UNLIKE_TRAINING, active_checks
    from model.network.resnet import resnet18

    torch.manual_seed(0)
    path = tmp_path / "elsewhere.pth"
    torch.save(resnet18().state_dict(), path)
    classifier = Classifier.from_checkpoint(path, "cpu", backend="torch")
    assert classifier.confidence.detector is None
    pred = classifier.predict(np.random.default_rng(0).integers(0, 256, (32, 32, 3),
                                                                dtype=np.uint8))
    assert UNLIKE_TRAINING not in pred.not_sure_reasons
    assert not active_checks(classifier.info.extra)[UNLIKE_TRAINING]


def test_odd_detector_records_are_refused_with_the_file(random_checkpoint: Path,
                                                         tmp_path: Path) -> None:
    from model.checkpoints.detector_store import store_tensors
    from model.inference.classifier import Classifier

    path = tmp_path / "odd.safetensors"
    path.write_bytes(random_checkpoint.read_bytes())
    for record in ("knn", ["knn"], {"method": "mahalanobis", "threshold": 1.0}):
        with pytest.raises(CheckpointError, match="unusable out-of-distribution detector"):
            load_detector(path, {"detector": record})
    # 1-D means: refused, not an IndexError.
    store_tensors(path, {"detector.means": np.zeros(4, np.float32),
                         "detector.precision": np.eye(4, dtype=np.float32)})
    with pytest.raises(CheckpointError, match="unusable out-of-distribution detector"):
        load_detector(path, {"detector": {"method": "mahalanobis", "threshold": 1.0}})
    # Well formed, but for 4 features where the network gives 512: refused at load, by name,
    # instead of failing on every image.
    store_tensors(path, {"detector.means": np.zeros((2, 4), np.float32),
                         "detector.precision": np.eye(4, dtype=np.float32)},
                  extra={"detector": {"method": "mahalanobis", "threshold": 1.0}})
    with pytest.raises(CheckpointError, match="expects 4 features, the network gives 512") as err:
        Classifier.from_checkpoint(path, "cpu", backend="torch")
    assert str(path) in str(err.value)
