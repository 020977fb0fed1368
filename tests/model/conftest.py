"""Fixtures shared by the tests of model/inference."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="module")
def pixels() -> np.ndarray:
    return np.random.default_rng(0).integers(0, 256, (6, 32, 32, 3), dtype=np.uint8)
