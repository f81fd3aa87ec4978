"""Weighted scoring: one function for every weighted score in the book (加权评分法).

Naming contract and conventions
-------------------------------
- A *criteria table* is a DataFrame with one row per item being scored (a
  customer, a prospect, a market segment, a channel, a software package) and
  one column per criterion (评价指标). Its index names the items and must be
  unique. Values are finite numbers on any scale.
- Each criterion ``x_j`` is first rescaled to ``s_j`` in [0, 1], where 1 is
  always the best value: ``s_j = (x_j - low_j) / (high_j - low_j)``, or
  ``1 - s_j`` where a lower value is better (``higher_is_better``). ``low_j``
  and ``high_j`` are the criterion's stated scale ends (``bounds``, e.g.
  ``(1, 5)`` for a five-point rating), otherwise its smallest and largest
  value in the table. A criterion that is the same for every item and has no
  bounds tells the items apart in no way and scores 0.5 (the midpoint) for
  all of them.
- Weights (权重) are non-negative, at least one is positive, and they are
  divided by their sum, so that the normalised weights add up to 1. Weights
  of ``(2, 1, 1)`` and ``(0.5, 0.25, 0.25)`` give the same scores.
- The score is ``scale * sum_j w_j s_j`` with the normalised weights: it lies
  in ``[0, scale]`` (0 to 100 by default).
- Rank 1 is the highest score. Ties are broken by the order of the rows: of
  two items with equal scores (to 1e-9 of the scale), the one listed first
  gets the better rank, so ranks are always 1, 2, ..., n without gaps.

Used by chapter 4 (attractiveness of prospects and segments), chapter 5
(choice of a development channel) and chapter 10
(:func:`crmlab.loyalty.loyalty_index` is this score, on a 0-100 scale); the
later chapters on communication channels, credit scoring and CRM software
selection use it too.

References
----------
The course's lesson plans (credit grading): each risk factor is weighted and
the weighted sum gives one score per customer, a higher score meaning a
better customer. The min-max rescaling and the tie rule are this book's.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlab._validation import as_number, as_numbers

__all__ = ["weighted_score"]


def _criterion_map(
    name: str, mapping: object, columns: pd.Index, *, exact: bool
) -> dict:
    """Check a mapping keyed by criterion against the columns of the table."""
    if isinstance(mapping, pd.Series):
        mapping = mapping.to_dict()
    if not isinstance(mapping, Mapping):
        raise TypeError(
            f"{name} must be a mapping from criterion to value; "
            f"got {type(mapping).__name__}"
        )
    unknown = [key for key in mapping if key not in columns]
    missing = [column for column in columns if column not in mapping]
    if unknown or (exact and missing):
        raise ValueError(
            f"{name} keys must match the criteria columns {list(columns)}; "
            f"got keys {list(mapping)} (unknown {unknown}, "
            f"missing {missing if exact else []})"
        )
    return dict(mapping)


def _rescale(name: str, column: np.ndarray, bound: object | None) -> np.ndarray:
    """Min-max scores in [0, 1] of one criterion (higher value, higher score)."""
    if bound is None:
        low, high = column.min(), column.max()
        if low == high:
            return np.full(column.size, 0.5)
        return (column - low) / (high - low)
    if (
        isinstance(bound, (str, bytes, Mapping))
        or np.ndim(bound) != 1
        or len(bound) != 2
    ):
        raise TypeError(f"bounds[{name!r}] must be a pair (low, high); got {bound!r}")
    low = as_number(f"bounds[{name!r}] low", bound[0], allow_negative=True)
    high = as_number(f"bounds[{name!r}] high", bound[1], allow_negative=True)
    if not low < high:
        raise ValueError(f"bounds[{name!r}] must have low < high; got {bound!r}")
    outside = (column < low) | (column > high)
    if outside.any():
        raise ValueError(
            f"criteria column {name!r} must lie within bounds "
            f"[{low:g}, {high:g}]; got {column[outside][0]:g}"
        )
    return (column - low) / (high - low)


def weighted_score(
    criteria: pd.DataFrame,
    weights: Mapping | pd.Series,
    *,
    higher_is_better: Mapping | None = None,
    bounds: Mapping | None = None,
    scale: float = 100.0,
) -> pd.DataFrame:
    """Weighted score and rank of items over several criteria (加权评分法).

    Every criterion is rescaled to [0, 1] with 1 the best value (reversed
    where a lower value is better), the weights are divided by their sum, and
    the score is ``scale * sum_j w_j s_j``. Rank 1 is the highest score; equal
    scores are ranked in the order of the rows. See the module docstring for
    the full conventions.

    Parameters
    ----------
    criteria : pandas.DataFrame
        Items (unique index) × criteria, finite numbers.
    weights : mapping or pandas.Series of str to float
        One non-negative weight per criterion (keys exactly the columns); at
        least one must be positive. They need not sum to 1: they are
        normalised.
    higher_is_better : mapping of str to bool, default=None
        ``False`` for criteria where a lower value is better (price
        sensitivity, service cost, risk); criteria not named, and all when
        ``None``, are higher-is-better.
    bounds : mapping of str to (float, float), default=None
        Fixed ``(low, high)`` scale ends for some or all criteria, e.g.
        ``(1, 5)`` for a five-point rating. Values outside are rejected. With
        bounds, an item's score does not depend on the other items.
    scale : float, default=100.0
        The score of an item that is best on every criterion (positive).

    Returns
    -------
    scores : pandas.DataFrame
        Indexed like ``criteria``, in the same order, with the columns
        ``score`` (in ``[0, scale]``) and ``rank`` (1 = best, int).

    See Also
    --------
    crmlab.loyalty.loyalty_index : the 0-100 loyalty index, this score.

    Notes
    -----
    Taught in :doc:`chapter 4 </chapters/ch04_choosing_customers/choosing_customers>`.

    References
    ----------
    The course's lesson plans (加权平均 of risk factors in credit grading);
    rescaling and tie rule are this book's.

    Examples
    --------
    >>> table = pd.DataFrame({"demand": [8, 5, 2], "service_cost": [3, 1, 2]},
    ...                      index=["east", "north", "west"])
    >>> weighted_score(table, {"demand": 3, "service_cost": 1},
    ...                higher_is_better={"service_cost": False})
           score  rank
    east    75.0     1
    north   62.5     2
    west    12.5     3
    >>> weighted_score(table, {"demand": 1, "service_cost": 0},
    ...                bounds={"demand": (0, 10)}, scale=1)["score"].tolist()
    [0.8, 0.5, 0.2]
    """
    if not isinstance(criteria, pd.DataFrame):
        raise TypeError(
            f"criteria must be a pandas DataFrame; got {type(criteria).__name__}"
        )
    if criteria.empty:
        raise ValueError(f"criteria must not be empty; got shape {criteria.shape}")
    duplicated = criteria.index[criteria.index.duplicated()]
    if len(duplicated):
        raise ValueError(f"criteria has duplicated items; got {duplicated[0]!r} twice")
    columns = criteria.columns
    weights = _criterion_map("weights", weights, columns, exact=True)
    w = np.array([as_number(f"weights[{c!r}]", weights[c]) for c in columns])
    if w.sum() <= 0:
        raise ValueError(f"weights must have a positive sum; got {w.sum():g}")
    direction = _criterion_map(
        "higher_is_better", higher_is_better or {}, columns, exact=False
    )
    for key, value in direction.items():
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(
                f"higher_is_better[{key!r}] must be True or False; got {value!r}"
            )
    bounds = _criterion_map("bounds", bounds or {}, columns, exact=False)
    scale = as_number("scale", scale)
    if scale <= 0:
        raise ValueError(f"scale must be positive; got {scale:g}")
    parts = []
    for c in columns:
        column = as_numbers(
            f"criteria column {c!r}", criteria[c].to_numpy(), allow_negative=True
        )
        part = _rescale(c, column, bounds.get(c))
        parts.append(part if direction.get(c, True) else 1.0 - part)
    score = scale * (np.column_stack(parts) @ w) / w.sum()
    # Equal to 1e-9 of the scale counts as a tie; ties keep the row order.
    key = np.round(score / scale, 9)
    order = np.lexsort((np.arange(score.size), -key))
    rank = np.empty(score.size, dtype=int)
    rank[order] = np.arange(1, score.size + 1)
    return pd.DataFrame({"score": score, "rank": rank}, index=criteria.index.copy())
