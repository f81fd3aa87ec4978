"""The checked random generator every data generator draws from (private)."""

from __future__ import annotations

import numpy as np

from crmlab._validation import check_integer

__all__ = ["seeded_rng"]


def seeded_rng(seed: object) -> np.random.Generator:
    """Return ``numpy.random.default_rng(seed)`` for a non-negative integer seed."""
    seed = check_integer("seed", seed, low=0, kind="a non-negative integer")
    return np.random.default_rng(seed)
