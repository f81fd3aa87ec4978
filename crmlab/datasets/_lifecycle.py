"""Seeded generators for chapters 1 and 2: customer states and purchase series."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._validation import check_integer
from crmlab.datasets._random import seeded_rng

__all__ = ["STATE_EXAMPLE_MATRIX", "make_purchase_histories", "make_state_panel"]

_STATES = ("non-customer", "potential", "current", "lost")

#: The invented "true" transition probabilities behind :func:`make_state_panel`
#: (row: state this year; columns: state next year, in the order non-customer,
#: potential, current, lost). An example for the book, not data from a firm.
STATE_EXAMPLE_MATRIX = MappingProxyType(
    {
        "non-customer": (0.85, 0.15, 0.00, 0.00),
        "potential": (0.20, 0.50, 0.30, 0.00),
        "current": (0.00, 0.00, 0.80, 0.20),
        "lost": (0.10, 0.15, 0.10, 0.65),
    }
)

_START_MIX = (0.40, 0.25, 0.25, 0.10)


def make_state_panel(n_customers: int = 2_000, *, seed: int = 2024) -> pd.DataFrame:
    """Generate each customer's state (客户状态) in two consecutive years.

    The first year's states are drawn with shares 40 % non-customer, 25 %
    potential, 25 % current and 10 % lost; each customer's next state is
    drawn from the row of :data:`STATE_EXAMPLE_MATRIX` for her first state.
    The numbers are invented for the book's examples.

    Parameters
    ----------
    n_customers : int, default=2_000
        Number of people followed (ids ``P00001``, ...); at least 1.
    seed : int, default=2024
        Random seed of the generator.

    Returns
    -------
    pandas.DataFrame
        Index ``person``; columns ``before`` and ``after`` holding the state
        names ``"non-customer"``, ``"potential"``, ``"current"``, ``"lost"``.

    Examples
    --------
    >>> panel = make_state_panel(5, seed=1)
    >>> list(panel.columns), len(panel)
    (['before', 'after'], 5)
    """
    n = check_integer("n_customers", n_customers, low=1)
    rng = seeded_rng(seed)
    before = rng.choice(len(_STATES), size=n, p=_START_MIX)
    rows = np.array([STATE_EXAMPLE_MATRIX[s] for s in _STATES])
    cumulative = rows.cumsum(axis=1)
    draws = rng.random(n)
    after = (draws[:, None] >= cumulative[before]).sum(axis=1)
    after = np.minimum(after, len(_STATES) - 1)
    index = pd.Index([f"P{i:05d}" for i in range(1, n + 1)], name="person")
    names = np.array(_STATES, dtype=object)
    return pd.DataFrame({"before": names[before], "after": names[after]}, index=index)


_PATTERN_MIX = (0.30, 0.25, 0.20, 0.25)


def _curve(kind: int, periods: int, rng: np.random.Generator) -> np.ndarray:
    """One noise-free purchase curve (mature level 100) of an archetype."""
    x = np.zeros(periods)
    start = int(rng.integers(0, 3))
    if kind == 0:  # early abortion: one or two small purchases, then nothing
        length = int(rng.integers(1, 3))
        x[start : start + length] = rng.uniform(5, 22, size=length)
        return x
    ramp = [rng.uniform(8, 20), rng.uniform(35, 55)]
    if kind == 1:  # mid-way death: grows, never matures, fades out
        top = rng.uniform(45, 70)
        path = [*ramp, top, top * rng.uniform(0.4, 0.6), top * 0.2]
    else:
        top = rng.uniform(95, 115)
        hold = int(rng.integers(1, 4)) if kind == 2 else periods
        path = [*ramp, top * 0.85, *[top] * hold]
        if kind == 2:  # early exit: matures briefly, then declines and stops
            path += [top * 0.5, top * 0.2]
    path = np.array(path)[: periods - start]
    x[start : start + len(path)] = path
    return x


def make_purchase_histories(
    n_customers: int = 300, *, periods: int = 12, seed: int = 2024
) -> pd.DataFrame:
    """Generate customers' purchases per quarter for the lifecycle examples.

    Each customer follows one of four invented archetypes, about 30 / 25 /
    20 / 25 % of them: one or two small purchases and then nothing; growth
    that stops short of the mature level and fades; a short time at the
    mature level followed by decline; a long time at the mature level. The
    mature level is about 100 (hundred yuan a quarter); every purchase gets
    multiplicative noise of about 10 %. Which archetype a customer was drawn
    from is not returned: the chapters classify the series by rule.

    Parameters
    ----------
    n_customers : int, default=300
        Number of customers (ids ``C0001``, ...); at least 1.
    periods : int, default=12
        Number of quarters; at least 6.
    seed : int, default=2024
        Random seed of the generator.

    Returns
    -------
    pandas.DataFrame
        Index ``customer``, one column per quarter ``1 .. periods`` (columns
        named ``quarter``), purchases in hundred yuan rounded to 0.1.

    Examples
    --------
    >>> make_purchase_histories(3, periods=6, seed=1).shape
    (3, 6)
    """
    n = check_integer("n_customers", n_customers, low=1)
    periods = check_integer("periods", periods, low=6)
    rng = seeded_rng(seed)
    kinds = rng.choice(4, size=n, p=_PATTERN_MIX)
    rows = [_curve(int(kind), periods, rng) for kind in kinds]
    values = np.array(rows) * rng.lognormal(0.0, 0.1, size=(n, periods))
    index = pd.Index([f"C{i:04d}" for i in range(1, n + 1)], name="customer")
    columns = pd.RangeIndex(1, periods + 1, name="quarter")
    return pd.DataFrame(values.round(1), index=index, columns=columns)
