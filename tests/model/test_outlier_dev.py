"""The development set of outliers: seeded, every kind present, network-sized RGB pictures."""

from __future__ import annotations

import numpy as np

from model.evaluation.outlier_dev import KINDS, dev_outliers


def test_dev_outliers_are_seeded_rgb_pictures_of_every_kind() -> None:
    a, b = dev_outliers(24, size=32, seed=3), dev_outliers(24, size=32, seed=3)
    assert list(a) == list(KINDS)  # matplotlib (a dependency) ships the sample photos
    assert sum(map(len, a.values())) == 24
    for kind, images in a.items():
        assert images, kind
        for x, y in zip(images, b[kind]):
            assert x.shape == (32, 32, 3) and x.dtype == np.uint8 and np.array_equal(x, y)
    # Not degenerate: the textures and crops have contrast.
    assert all(np.std(x) > 5 for imgs in a.values() for x in imgs if x is not None)
    assert not np.array_equal(dev_outliers(24, seed=4)["clouds"][0], a["clouds"][0])
