"""Grading customers: ABC analysis, the customer pyramid, the value matrix and RFM.

客户分级管理 — ABC分析法, 客户金字塔, 客户价值矩阵 and the RFM模型 of chapter 7.

Naming contract and conventions
-------------------------------
* Inputs keyed by customer (``values``, ``current``, ``potential``) are a
  pandas Series indexed by customer id or a mapping from id to number. Ids
  must be unique; numbers must be finite and non-negative; empty input is
  rejected. Values are in whatever money unit the caller uses (the twenty
  distributors of the course's exam papers and knowledge points are in 万元
  per year); only ``abc_by_amount`` has default
  bounds in a fixed unit (yuan per year).
* Outputs are DataFrames indexed by customer. The index keeps the input's
  index name, or is named ``customer`` when it has none. Class and tier
  labels are plain strings in a column named ``class`` or ``tier``.
* Ranking and ties: customers are ranked by value, largest first; equal
  values are ordered by customer id ascending. A result therefore never
  depends on the order of the input rows.
* Shares are fractions of 1 (``0.70``, not ``70``).
* ABC bounds: a running total counts as on a bound when it is within
  ``1e-9 × total`` of ``cutoff × total`` (a small relative tolerance that
  absorbs floating-point error, see :func:`abc_classify`).
* Pyramid tier sizes: tier boundaries sit at ``cumulative share × n``
  rounded half up, computed in exact decimal arithmetic on the shares as
  written, so the sizes always sum to ``n`` (see :func:`customer_pyramid`).
* RFM: recency is in whole calendar days (times of day are ignored),
  frequency counts transaction rows and monetary sums the amounts. Scores run
  from 1 to ``bins`` with ``bins`` best and are ``ceil(bins × rank / n)`` of
  the average rank, so equal values always get equal scores.

References
----------
The course's exam papers and knowledge points (客户关系管理试题与知识点): ABC
analysis with the twenty distributors (only the last of its eight steps and
the worked numbers survive; steps 1-7 are this book's reconstruction), the
food wholesaler's sales shares and the staff shares it gives (A 15 %, C 60 %),
amount bands, the top 1 % VIP tier of the customer pyramid, the value-matrix
question (白金/黄金/铁质/铅质) and the RFM knowledge points. The pyramid's
other shares, the staff share of B and the answer to the value-matrix
question are this book's reading, not the exam's.

Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.

Zeithaml, V. A., Rust, R. T., & Lemon, K. N. (2001). The customer pyramid:
creating and serving profitable customers. *California Management Review*,
43(4), 118-142.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._validation import (
    as_number,
    as_numbers,
    as_series,
    check_frame,
    check_integer,
    check_now,
    check_option,
    check_rate,
    check_same_keys,
    check_transactions,
)

__all__ = [
    "RFM_SEGMENTS",
    "abc_by_amount",
    "abc_classify",
    "customer_pyramid",
    "effort_alignment",
    "rfm_score",
    "rfm_segment",
    "rfm_table",
    "summarize_classes",
    "value_matrix",
    "value_matrix_cuts",
]

#: Relative tolerance for comparing running totals with ABC bounds.
_RTOL = 1e-9

#: Tolerance for "shares sum to 1".
_SUM_TOL = 1e-6

#: The default recency × frequency segment map, for scores from 1 to 5.
#: Keys are ``((R low, R high), (F low, F high))`` with inclusive ends; values
#: are segment names. Every (R, F) pair falls in exactly one rectangle.
RFM_SEGMENTS = MappingProxyType(
    {
        ((5, 5), (4, 5)): "champions",
        ((3, 4), (4, 5)): "loyal",
        ((4, 5), (2, 3)): "potential loyalists",
        ((5, 5), (1, 1)): "new",
        ((4, 4), (1, 1)): "promising",
        ((3, 3), (3, 3)): "need attention",
        ((3, 3), (1, 2)): "about to sleep",
        ((1, 2), (3, 4)): "at risk",
        ((1, 2), (5, 5)): "can't lose",
        ((1, 2), (1, 2)): "hibernating",
    }
)


# --------------------------------------------------------------------------
# private helpers
# --------------------------------------------------------------------------


def _ranked(name: str, values: object) -> pd.Series:
    """Validated copy of ``values`` sorted by value descending, id ascending."""
    series = as_series(name, values)
    index_name = series.index.name if series.index.name is not None else "customer"
    frame = pd.DataFrame({"key": series.index, "value": series.to_numpy()})
    try:
        frame = frame.sort_values(
            ["value", "key"], ascending=[False, True], kind="stable"
        )
    except TypeError as error:
        raise TypeError(
            f"{name} must have customer ids of one sortable kind; got {error}"
        ) from None
    index = pd.Index(frame["key"].to_numpy(), name=index_name)
    return pd.Series(frame["value"].to_numpy(), index=index, name="value")


def _positive_total(name: str, values: pd.Series) -> float:
    total = float(values.sum())
    if total <= 0:
        raise ValueError(f"{name} must not all be zero; got a total of {total:g}")
    return total


def _increasing(name: str, numbers_: np.ndarray) -> None:
    if (np.diff(numbers_) <= 0).any():
        raise ValueError(f"{name} must be strictly increasing; got {numbers_.tolist()}")


def _labels(name: str, labels: object, count: int) -> list[str]:
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        raise TypeError(f"{name} must be a sequence of strings; got {labels!r}")
    labels = list(labels)
    if not all(isinstance(label, str) for label in labels):
        raise TypeError(f"{name} must hold strings; got {labels!r}")
    if len(labels) != count:
        raise ValueError(f"{name} must have {count} labels; got {len(labels)}")
    if len(set(labels)) != count:
        raise ValueError(f"{name} must not repeat a label; got {labels!r}")
    return labels


def _shares(name: str, shares: object) -> pd.Series:
    series = as_series(name, shares)
    total = float(series.sum())
    if abs(total - 1) > _SUM_TOL:
        raise ValueError(
            f"{name} must sum to 1 (give fractions, not percentages); got {total:g}"
        )
    return series


# --------------------------------------------------------------------------
# ABC analysis
# --------------------------------------------------------------------------


def abc_classify(
    values: pd.Series | Mapping,
    *,
    cutoffs: Iterable[float] = (0.70, 0.90),
    rule: str = "not_exceed",
    labels: Iterable[str] = ("A", "B", "C"),
) -> pd.DataFrame:
    """Classify customers into A, B and C by cumulative share of value.

    ABC分析法: rank customers by value, add them up in that order and cut the
    running total at ``cutoffs × total``. Under ``rule="not_exceed"`` (the
    rule of the worked example in the course's exam papers and knowledge
    points: add up "直到接近QA的销售额7406,但不超过7406") a customer joins
    class A while the running total including that customer does not exceed
    the A bound, then B while it does not exceed the B bound, the rest are
    C. Under ``rule="cross"`` the
    customer whose value crosses a bound still joins the higher class (a
    customer is in A when the running total *before* it is below the A
    bound).

    Parameters
    ----------
    values : pandas.Series or mapping, no default
        Value (sales, profit) of each customer, keyed by customer id;
        non-negative, not all zero.
    cutoffs : sequence of float, default=(0.70, 0.90)
        Cumulative-share bounds, strictly increasing, each in (0, 1).
    rule : {"not_exceed", "cross"}, default="not_exceed"
        What to do with the customer whose value crosses a bound.
    labels : sequence of str, default=("A", "B", "C")
        Class names, one more than ``cutoffs``.

    Returns
    -------
    table : pandas.DataFrame
        Indexed by customer, sorted by value descending (ties by customer id
        ascending), with columns ``value``, ``share``, ``cumulative_share``
        and ``class``.

    See Also
    --------
    crmlab.classify.abc_by_amount
    crmlab.classify.summarize_classes
    crmlab.viz.classify.plot_pareto

    Notes
    -----
    Bounds are compared with the running total of the values with a relative
    tolerance: a running total within ``1e-9 × total`` of ``cutoff × total``
    counts as on the bound, so ``0.1 + ... + 0.1`` (seven times) is on a 70 %
    bound. Under ``"not_exceed"`` the top customer is always in the first
    class, even when its value alone exceeds the first bound; otherwise the
    most valuable customer would be left out of A. Later classes may be
    empty.

    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    The course's exam papers and knowledge points (客户关系管理试题与知识点),
    ABC analysis (ABC分析法; twenty distributors, total 10 580 万元, A bound
    7 406, B bound 9 522). The ``"cross"`` rule is not in the course
    documents; it is a common variant that this book adds for comparison.

    Examples
    --------
    >>> sales = {"a": 50, "b": 20, "c": 15, "d": 10, "e": 5}
    >>> abc_classify(sales)
              value  share  cumulative_share class
    customer
    a          50.0   0.50              0.50     A
    b          20.0   0.20              0.70     A
    c          15.0   0.15              0.85     B
    d          10.0   0.10              0.95     C
    e           5.0   0.05              1.00     C
    >>> abc_classify(sales, rule="cross")["class"].tolist()
    ['A', 'A', 'B', 'B', 'C']
    """
    ranked = _ranked("values", values)
    total = _positive_total("values", ranked)
    bounds = _cutoffs(cutoffs) * total
    labels = _labels("labels", labels, len(bounds) + 1)
    check_option("rule", rule, ("not_exceed", "cross"))

    value = ranked.to_numpy()
    running = np.cumsum(value)
    tolerance = _RTOL * total
    if rule == "not_exceed":
        level = (running[None, :] > bounds[:, None] + tolerance).sum(axis=0)
        level[0] = 0
    else:
        before = np.concatenate([[0.0], running[:-1]])
        level = (before[None, :] >= bounds[:, None] - tolerance).sum(axis=0)
    return pd.DataFrame(
        {
            "value": value,
            "share": value / total,
            "cumulative_share": running / total,
            "class": np.asarray(labels, dtype=object)[level],
        },
        index=ranked.index,
    )


def _cutoffs(cutoffs: object) -> np.ndarray:
    array = as_numbers("cutoffs", cutoffs)
    for cutoff in array:
        check_rate("cutoffs", cutoff, low_open=True, high_open=True)
    _increasing("cutoffs", array)
    return array


def abc_by_amount(
    values: pd.Series | Mapping,
    *,
    bounds: Iterable[float] = (1_000_000, 5_000_000),
) -> pd.DataFrame:
    """Classify customers into A, B and C by fixed bands of yearly amount.

    ABC分析法 by transaction amount (按成交额划分): with the default bounds, A
    is 5 000 000 yuan a year or more, B from 1 000 000 (inclusive) to below
    5 000 000, C below 1 000 000. A value on a bound belongs to the higher
    class.

    Parameters
    ----------
    values : pandas.Series or mapping, no default
        Yearly amount of each customer, keyed by customer id; non-negative.
    bounds : pair of float, default=(1_000_000, 5_000_000)
        Lower bounds of B and of A, in the unit of ``values`` (yuan per year
        by default); positive and strictly increasing.

    Returns
    -------
    table : pandas.DataFrame
        Indexed by customer, sorted by value descending (ties by customer id
        ascending), with columns ``value`` and ``class``.

    See Also
    --------
    crmlab.classify.abc_classify
    crmlab.classify.summarize_classes

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    The course's exam papers and knowledge points, ABC analysis: A above
    5 000 000, B 1 000 000-5 000 000, C below 1 000 000 yuan (500万以上,
    100-500万, 100万以下).

    Examples
    --------
    >>> amounts = {"x": 800_000, "y": 5_000_000, "z": 1_000_000}
    >>> abc_by_amount(amounts)
                  value class
    customer
    y         5000000.0     A
    z         1000000.0     B
    x          800000.0     C
    """
    ranked = _ranked("values", values)
    edges = as_numbers("bounds", bounds)
    if len(edges) != 2:
        raise ValueError(f"bounds must hold two numbers; got {edges.tolist()}")
    if (edges <= 0).any():
        raise ValueError(f"bounds must be positive; got {edges.tolist()}")
    _increasing("bounds", edges)
    level = 2 - np.searchsorted(edges, ranked.to_numpy(), side="right")
    classes = np.asarray(["A", "B", "C"], dtype=object)[level]
    return pd.DataFrame(
        {"value": ranked.to_numpy(), "class": classes}, index=ranked.index
    )


# --------------------------------------------------------------------------
# customer pyramid
# --------------------------------------------------------------------------


def customer_pyramid(
    values: pd.Series | Mapping,
    *,
    shares: Iterable[float] = (0.01, 0.04, 0.15, 0.80),
    labels: Iterable[str] = ("VIP", "major", "ordinary", "small"),
) -> pd.DataFrame:
    """Put customers into the tiers of the customer pyramid by rank.

    客户金字塔: the top 1 % of customers by purchases are VIP, the next 4 %
    major, the next 15 % ordinary and the last 80 % small customers. Tier
    ``k`` ends at rank ``round(cumulative share_k × n)``, rounded half up and
    computed in exact decimal arithmetic on the shares as written (so
    ``0.01 × 1000`` is exactly 10); the last tier always ends at ``n``. Tier
    sizes therefore always sum to ``n`` and each differs from
    ``share × n`` by less than one customer; small tiers may be empty when
    ``n`` is small (7 customers give 0 / 0 / 1 / 6).

    Parameters
    ----------
    values : pandas.Series or mapping, no default
        Purchases (or another value) of each customer, keyed by customer id;
        non-negative.
    shares : sequence of float, default=(0.01, 0.04, 0.15, 0.80)
        Share of customers in each tier, top first; positive, summing to 1.
    labels : sequence of str, default=("VIP", "major", "ordinary", "small")
        Tier names, one per share.

    Returns
    -------
    pyramid : pandas.DataFrame
        Indexed by customer, sorted by value descending (ties by customer id
        ascending), with columns ``value``, ``rank`` (1 = most valuable) and
        ``tier``.

    See Also
    --------
    crmlab.classify.summarize_classes
    crmlab.viz.classify.plot_pyramid

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    Zeithaml, Rust & Lemon (2001), "The customer pyramid", California
    Management Review 43(4), profitability tiers without fixed shares. The
    course's exam papers and knowledge points: VIP customers are the top 1 %
    by purchases (购买金额最多的前1%客户). The default shares of the other
    tiers (4 %, 15 %, 80 %) are this book's convention.

    Examples
    --------
    >>> purchases = {"a": 5, "b": 9, "c": 1, "d": 3}
    >>> customer_pyramid(purchases, shares=(0.25, 0.25, 0.5),
    ...                  labels=("top", "middle", "bottom"))
              value  rank    tier
    customer
    b           9.0     1     top
    a           5.0     2  middle
    d           3.0     3  bottom
    c           1.0     4  bottom
    """
    ranked = _ranked("values", values)
    fractions = as_numbers("shares", shares)
    if (fractions <= 0).any():
        raise ValueError(f"shares must be positive; got {fractions.tolist()}")
    _shares("shares", pd.Series(fractions))
    labels = _labels("labels", labels, len(fractions))
    sizes = _tier_sizes(fractions, len(ranked))
    tiers = np.repeat(np.asarray(labels, dtype=object), sizes)
    return pd.DataFrame(
        {
            "value": ranked.to_numpy(),
            "rank": np.arange(1, len(ranked) + 1),
            "tier": tiers,
        },
        index=ranked.index,
    )


def _tier_sizes(shares: np.ndarray, n: int) -> np.ndarray:
    """Tier sizes from boundaries at round-half-up(cumulative share × n)."""
    cumulative = Decimal(0)
    ends = []
    for share in shares[:-1]:
        cumulative += Decimal(repr(float(share)))
        end = (cumulative * n).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        ends.append(min(int(end), n))
    ends.append(n)
    return np.diff(np.concatenate([[0], ends])).astype(int)


# --------------------------------------------------------------------------
# value matrix
# --------------------------------------------------------------------------


def value_matrix(
    current: pd.Series | Mapping,
    potential: pd.Series | Mapping,
    *,
    current_cut: float | None = None,
    potential_cut: float | None = None,
) -> pd.DataFrame:
    """Place customers in the customer value matrix.

    客户价值矩阵: current value × potential (future) value gives four kinds of
    customer — platinum 白金 (high current, high potential), gold 黄金 (high
    current, low potential), iron 铁质 (low current, high potential) and lead
    铅质 (low current, low potential). A value equal to its cut counts as
    high; values are compared with the cut exactly.

    Parameters
    ----------
    current : pandas.Series or mapping, no default
        Current value of each customer, keyed by customer id; non-negative.
    potential : pandas.Series or mapping, no default
        Potential (future) value of the same customers; non-negative.
    current_cut : float, default=None
        Threshold for high current value; ``None`` means the median of
        ``current``.
    potential_cut : float, default=None
        Threshold for high potential value; ``None`` means the median of
        ``potential``.

    Returns
    -------
    matrix : pandas.DataFrame
        Indexed by customer in the order of ``current``, with columns
        ``current``, ``potential`` and ``class`` (``"platinum"``, ``"gold"``,
        ``"iron"`` or ``"lead"``).

    See Also
    --------
    crmlab.classify.value_matrix_cuts
    crmlab.viz.classify.plot_value_matrix

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    The course's exam papers, single-choice question 5 asks which kind of
    customer has high current and low future profit (当前利润高,未来利润低);
    the papers give no answer key. Reading it as a gold (黄金) customer, as
    here, is this book's convention.

    Examples
    --------
    >>> current = {"a": 10, "b": 10, "c": 2, "d": 2}
    >>> potential = {"a": 8, "b": 1, "c": 8, "d": 1}
    >>> value_matrix(current, potential)
              current  potential     class
    customer
    a            10.0        8.0  platinum
    b            10.0        1.0      gold
    c             2.0        8.0      iron
    d             2.0        1.0      lead
    """
    now, future = _matrix_inputs(current, potential)
    now_cut = _cut("current_cut", current_cut, now)
    future_cut = _cut("potential_cut", potential_cut, future)
    high_now = now.to_numpy() >= now_cut
    high_future = future.to_numpy() >= future_cut
    names = np.asarray([["lead", "iron"], ["gold", "platinum"]], dtype=object)
    index = now.index.rename(now.index.name or "customer")
    return pd.DataFrame(
        {
            "current": now.to_numpy(),
            "potential": future.to_numpy(),
            "class": names[high_now.astype(int), high_future.astype(int)],
        },
        index=index,
    )


def _matrix_inputs(current: object, potential: object) -> tuple[pd.Series, pd.Series]:
    """Checked copies of current and potential value, aligned to ``current``."""
    now = as_series("current", current)
    future = as_series("potential", potential)
    check_same_keys("customers", current=now, potential=future)
    return now, future.reindex(now.index)


def _cut(name: str, cut: object, values: pd.Series) -> float:
    if cut is None:
        return float(values.median())
    return as_number(name, cut)


def value_matrix_cuts(
    current: pd.Series | Mapping,
    potential: pd.Series | Mapping,
    *,
    current_cut: float | None = None,
    potential_cut: float | None = None,
) -> tuple[float, float]:
    """The two cuts :func:`value_matrix` uses: given, or the medians (客户价值矩阵).

    Figures call this instead of computing the medians themselves, so a
    chart's dashed lines are always where the model cut.

    Parameters
    ----------
    current, potential : pandas.Series or mapping, no default
        As for :func:`value_matrix`.
    current_cut, potential_cut : float, default=None
        As for :func:`value_matrix`: non-negative, or ``None`` for the median.

    Returns
    -------
    cuts : tuple of (float, float)
        ``(current_cut, potential_cut)``.

    See Also
    --------
    value_matrix : The classes these cuts give.
    crmlab.viz.classify.plot_value_matrix : Draws the matrix and its cuts.

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    Examples
    --------
    >>> value_matrix_cuts({"a": 10, "b": 2, "c": 4}, {"a": 1, "b": 3, "c": 8})
    (4.0, 3.0)
    >>> value_matrix_cuts({"a": 10}, {"a": 1}, current_cut=5)
    (5.0, 1.0)
    """
    now, future = _matrix_inputs(current, potential)
    return (
        _cut("current_cut", current_cut, now),
        _cut("potential_cut", potential_cut, future),
    )


# --------------------------------------------------------------------------
# RFM
# --------------------------------------------------------------------------


def rfm_table(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    now: object = None,
) -> pd.DataFrame:
    """Build the recency, frequency and monetary table from transactions.

    RFM模型: for each customer, recency (购买间隔) is the number of whole
    calendar days from the last purchase to ``now``, frequency (购买频率) the
    number of purchases (rows) and monetary (购买金额) the total spend.

    Parameters
    ----------
    transactions : pandas.DataFrame, no default
        One row per purchase; not modified.
    customer : str, default="customer_id"
        Column of customer ids; no missing ids.
    date : str, default="date"
        Column of purchase dates (datetime64, or text that
        ``pandas.to_datetime`` reads); no missing dates. Times of day are
        ignored.
    amount : str, default="amount"
        Column of purchase amounts; numbers, non-negative, no NaN.
    now : str or datetime-like, default=None
        The day recency is measured to; ``None`` means the day after the last
        transaction, so the most recent buyer has recency 1. Must not be
        before the day of the last transaction.

    Returns
    -------
    rfm : pandas.DataFrame
        Indexed by customer (sorted), with integer columns ``recency`` (days)
        and ``frequency`` and float column ``monetary``.

    See Also
    --------
    crmlab.classify.rfm_score
    crmlab.classify.rfm_segment

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    Hughes (1994), Strategic Database Marketing. The course's knowledge
    points (客户关系管理试题与知识点), point 8 (RFM 分析法: 购买间隔, 购买频率,
    购买金额).

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "customer_id": ["a", "b", "a", "c"],
    ...     "date": pd.to_datetime(["2025-01-01", "2025-01-03",
    ...                             "2025-01-08", "2025-01-10"]),
    ...     "amount": [20.0, 35.0, 10.0, 5.0]})
    >>> rfm_table(log)
                 recency  frequency  monetary
    customer_id
    a                  3          2      30.0
    b                  8          1      35.0
    c                  1          1       5.0
    """
    frame = check_transactions(
        transactions, customer=customer, date=date, amount=amount
    )
    table = frame.groupby(customer, sort=True, observed=True).agg(
        last=(date, "max"), frequency=(date, "size"), monetary=(amount, "sum")
    )
    last_day = table["last"].max()
    day = last_day + pd.Timedelta(days=1) if now is None else check_now(now, last_day)
    recency = (day - table["last"]).dt.days.astype("int64")
    return pd.DataFrame(
        {
            "recency": recency,
            "frequency": table["frequency"].astype("int64"),
            "monetary": table["monetary"].astype(float),
        }
    )


def rfm_score(rfm: pd.DataFrame, *, bins: int = 5) -> pd.DataFrame:
    """Score recency, frequency and monetary value from 1 to ``bins``.

    RFM模型 scoring: each of R, F and M is split into ``bins`` quantile groups
    and scored 1 (worst) to ``bins`` (best) — the most recent customers
    (smallest recency), the most frequent and the biggest spenders score
    highest. The score is ``ceil(bins × rank / n)`` where ``rank`` is the
    average rank (1 = worst) among the ``n`` customers, computed in exact
    integer arithmetic. Equal values always get the same score and the order
    of the rows never changes a score; when all ``n`` values are equal every
    customer gets ``ceil(bins × (n + 1) / (2n))``, the middle score for
    large ``n``. With fewer customers than ``bins`` some scores go unused.

    Parameters
    ----------
    rfm : pandas.DataFrame, no default
        Indexed by unique customer ids, with non-negative columns
        ``recency``, ``frequency`` and ``monetary`` (as made by
        :func:`rfm_table`); not modified.
    bins : int, default=5
        Number of score levels, from 2 to 9 (so that the code has one digit
        per letter).

    Returns
    -------
    scores : pandas.DataFrame
        Same index and row order as ``rfm``, with integer columns ``R``,
        ``F``, ``M`` and the string code ``RFM`` (for example ``"545"``).

    See Also
    --------
    crmlab.classify.rfm_table
    crmlab.classify.rfm_segment
    crmlab.viz.classify.plot_rfm_grid

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    Hughes (1994), Strategic Database Marketing (RFM quintile scoring).
    The course's knowledge points (客户关系管理试题与知识点), point 8.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency": [3, 30, 3, 90],
    ...                     "frequency": [8, 2, 5, 1],
    ...                     "monetary": [400.0, 90.0, 250.0, 20.0]},
    ...                    index=pd.Index(["a", "b", "c", "d"], name="customer"))
    >>> scores = rfm_score(rfm, bins=4)
    >>> scores[["R", "F", "M"]]
              R  F  M
    customer
    a         4  4  4
    b         2  2  2
    c         4  3  3
    d         1  1  1
    >>> scores["RFM"].tolist()
    ['444', '222', '433', '111']
    """
    bins = check_integer("bins", bins, low=2, high=9)
    columns = _rfm_columns(rfm)
    n = len(rfm)
    scores = {}
    for letter, column, best_high in (
        ("R", "recency", False),
        ("F", "frequency", True),
        ("M", "monetary", True),
    ):
        ranks = pd.Series(columns[column]).rank(method="average", ascending=best_high)
        twice = np.rint(2 * ranks.to_numpy()).astype("int64")
        scores[letter] = -(-(bins * twice) // (2 * n))
    result = pd.DataFrame(scores, index=rfm.index.copy())
    result["RFM"] = (
        result["R"].astype(str) + result["F"].astype(str) + result["M"].astype(str)
    )
    return result


def _rfm_columns(rfm: object) -> dict[str, np.ndarray]:
    if not isinstance(rfm, pd.DataFrame):
        raise TypeError(f"rfm must be a pandas DataFrame; got {type(rfm).__name__}")
    needed = ["recency", "frequency", "monetary"]
    missing = [column for column in needed if column not in rfm.columns]
    if missing:
        raise ValueError(
            f"rfm must have the columns {needed}; missing {missing}, "
            f"got {list(rfm.columns)}"
        )
    if rfm.empty:
        raise ValueError(f"rfm must not be empty; got shape {rfm.shape}")
    duplicated = rfm.index[rfm.index.duplicated()]
    if len(duplicated):
        raise ValueError(f"rfm has duplicated customers; got {duplicated[0]!r} twice")
    return {column: as_numbers(f"rfm[{column!r}]", rfm[column]) for column in needed}


def rfm_segment(
    scores: pd.DataFrame,
    *,
    segments: Mapping | None = None,
    bins: int = 5,
) -> pd.Series:
    """Name each customer's RFM segment from its recency and frequency scores.

    RFM模型 segments: a map from rectangles of the R × F score grid to names.
    The default, :data:`RFM_SEGMENTS`, is the widely used grid for scores 1-5
    (R rows, F columns)::

        R \\ F  1               2 and 3              4 and 5
        5       new             potential loyalists  champions
        4       promising       potential loyalists  loyal
        3       about to sleep  about to sleep (F=2) loyal
                                need attention (F=3)
        1, 2    hibernating     hibernating (F=2)    at risk (F=4)
                                at risk (F=3)        can't lose (F=5)

    A user map has the same form: keys ``((R low, R high), (F low, F high))``
    with inclusive integer ends, values segment names. It must cover every
    (R, F) pair from 1 to ``bins`` exactly once.

    Parameters
    ----------
    scores : pandas.DataFrame, no default
        With integer columns ``R`` and ``F`` from 1 to ``bins`` (as made by
        :func:`rfm_score`); other columns are ignored.
    segments : mapping, default=None
        The segment map; ``None`` means :data:`RFM_SEGMENTS`.
    bins : int, default=5
        Highest score, as given to :func:`rfm_score`.

    Returns
    -------
    segment : pandas.Series
        Segment name per customer, named ``segment``, with the index and row
        order of ``scores``.

    See Also
    --------
    crmlab.classify.rfm_score
    crmlab.classify.RFM_SEGMENTS

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    Hughes (1994), Strategic Database Marketing. The course's knowledge
    points (客户关系管理试题与知识点), point 8.

    Examples
    --------
    >>> scores = pd.DataFrame({"R": [5, 1, 3], "F": [5, 5, 3]},
    ...                       index=["a", "b", "c"])
    >>> rfm_segment(scores).tolist()
    ['champions', "can't lose", 'need attention']
    >>> two = {((1, 1), (1, 2)): "gone", ((2, 2), (1, 2)): "here"}
    >>> rfm_segment(pd.DataFrame({"R": [2, 1], "F": [1, 2]}),
    ...             segments=two, bins=2).tolist()
    ['here', 'gone']
    """
    bins = check_integer("bins", bins, low=2, high=9)
    if segments is None and bins != 5:
        raise ValueError(
            f"the default segment map RFM_SEGMENTS is for bins=5; got bins={bins}, "
            "so pass segments for that grid"
        )
    grid = _segment_grid(RFM_SEGMENTS if segments is None else segments, bins)
    if not isinstance(scores, pd.DataFrame):
        raise TypeError(
            f"scores must be a pandas DataFrame; got {type(scores).__name__}"
        )
    missing = [column for column in ("R", "F") if column not in scores.columns]
    if missing:
        raise ValueError(
            f"scores must have the columns ['R', 'F']; missing {missing}, "
            f"got {list(scores.columns)}"
        )
    if scores.empty:
        raise ValueError(f"scores must not be empty; got shape {scores.shape}")
    r, f = (_scores(f"scores[{c!r}]", scores[c], bins) for c in ("R", "F"))
    return pd.Series(grid[r - 1, f - 1], index=scores.index.copy(), name="segment")


def _scores(name: str, column: pd.Series, bins: int) -> np.ndarray:
    values = as_numbers(name, column)
    bad = (values != np.round(values)) | (values < 1) | (values > bins)
    if bad.any():
        raise ValueError(
            f"{name} must hold whole scores from 1 to {bins}; got {values[bad][0]:g}"
        )
    return values.astype(int)


def _segment_grid(segments: object, bins: int) -> np.ndarray:
    """The bins × bins array of names, checking the map covers it exactly once."""
    if not isinstance(segments, Mapping):
        raise TypeError(f"segments must be a mapping; got {type(segments).__name__}")
    grid = np.full((bins, bins), None, dtype=object)
    for key, name in segments.items():
        try:
            (r_low, r_high), (f_low, f_high) = key
            ends = [
                check_integer("segments key", e, low=1, high=bins)
                for e in (r_low, r_high, f_low, f_high)
            ]
        except (TypeError, ValueError) as error:
            raise ValueError(
                "segments keys must be ((R low, R high), (F low, F high)) with whole "
                f"scores from 1 to {bins}; got {key!r} ({error})"
            ) from None
        if not isinstance(name, str):
            raise TypeError(f"segments names must be strings; got {name!r}")
        block = grid[ends[0] - 1 : ends[1], ends[2] - 1 : ends[3]]
        if block.size == 0:
            raise ValueError(
                "segments keys must have each low end at most its high end; "
                f"got {key!r}, a low end above its high end"
            )
        taken = [cell for cell in block.ravel() if cell is not None]
        if taken:
            raise ValueError(
                f"segments must not overlap; got {key!r} ({name!r}) over {taken[0]!r}"
            )
        block[...] = name
    holes = np.argwhere(grid == None)  # noqa: E711 - element-wise comparison
    if len(holes):
        r, f = holes[0] + 1
        raise ValueError(
            f"segments must cover every (R, F) pair from 1 to {bins}; "
            f"got a hole: R={r}, F={f} is not covered"
        )
    return grid


# --------------------------------------------------------------------------
# summaries
# --------------------------------------------------------------------------


def summarize_classes(table: pd.DataFrame, *, column: str = "class") -> pd.DataFrame:
    """Count customers and add up value in each class of a grading table.

    客户分级 summary: for each class (or pyramid tier) the number of
    customers, their share of all customers, their total value and their
    share of the total value.

    Parameters
    ----------
    table : pandas.DataFrame, no default
        A table from :func:`crmlab.classify.abc_classify`,
        :func:`~crmlab.classify.abc_by_amount` or
        :func:`~crmlab.classify.customer_pyramid`, with a column ``value``
        and the class column; not modified.
    column : str, default="class"
        The class column (``"tier"`` for a pyramid).

    Returns
    -------
    summary : pandas.DataFrame
        Indexed by class in the order the classes first appear in ``table``
        (so A, B, C for a ranked table), with columns ``customers``,
        ``customer_share``, ``value`` and ``value_share``.

    See Also
    --------
    crmlab.classify.abc_classify
    crmlab.classify.customer_pyramid
    crmlab.viz.classify.plot_pyramid

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    The course's exam papers and knowledge points: the food wholesaler's A,
    B and C customers are 10 %, 20 % and 70 % of customers and bring 70 %,
    20 % and 10 % of sales.

    Examples
    --------
    >>> from crmlab.classify import abc_classify
    >>> table = abc_classify({"a": 50, "b": 20, "c": 15, "d": 10, "e": 5})
    >>> summarize_classes(table)
           customers  customer_share  value  value_share
    class
    A              2             0.4   70.0         0.70
    B              1             0.2   15.0         0.15
    C              2             0.4   15.0         0.15
    """
    if not isinstance(column, str):
        raise TypeError(f"column must be a column name (str); got {column!r}")
    frame = check_frame("table", table, ["value", column])
    labels = list(dict.fromkeys(frame[column].tolist()))  # in order of appearance
    grouped = frame.groupby(column, sort=False)["value"]
    counts = grouped.size().reindex(labels)
    values = grouped.sum().reindex(labels).astype(float)
    total = float(values.sum())
    return pd.DataFrame(
        {
            "customers": counts.to_numpy().astype("int64"),
            "customer_share": counts.to_numpy() / len(frame),
            "value": values.to_numpy(),
            "value_share": values.to_numpy() / total if total > 0 else np.nan,
        },
        index=pd.Index(labels, name=column),
    )


# --------------------------------------------------------------------------
# effort and value
# --------------------------------------------------------------------------


def effort_alignment(
    effort_share: pd.Series | Mapping,
    value_share: pd.Series | Mapping,
) -> pd.DataFrame:
    """Compare the share of effort each class gets with the value it brings.

    ABC分析法 in the field: value per unit of effort is
    ``value_share / effort_share`` — above 1 the class earns more than its
    share of the sales force's time, below 1 less. The gap is
    ``value_share - effort_share``.

    Parameters
    ----------
    effort_share : pandas.Series or mapping, no default
        Share of effort (time, visits, cost) per class; positive fractions
        summing to 1.
    value_share : pandas.Series or mapping, no default
        Share of value (sales, profit) per class, same classes; non-negative
        fractions summing to 1.

    Returns
    -------
    alignment : pandas.DataFrame
        Indexed by class in the order of ``effort_share``, with columns
        ``effort_share``, ``value_share``, ``value_per_effort`` and ``gap``.

    See Also
    --------
    crmlab.classify.abc_classify
    crmlab.viz.classify.plot_effort_alignment

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    The course's exam papers and knowledge points, the food wholesaler: A, B,
    C customers bring 70 %, 20 %, 10 % of sales, and A gets 15 % and C 60 %
    of the sales staff (A级占15% ... 60%的业务员用在C级). The text breaks off
    before B's share; the 25 % for B is this book's inference
    (100 - 15 - 60).

    Examples
    --------
    >>> effort = {"A": 0.15, "B": 0.25, "C": 0.60}
    >>> sales = {"A": 0.70, "B": 0.20, "C": 0.10}
    >>> effort_alignment(effort, sales).round(3)
           effort_share  value_share  value_per_effort   gap
    class
    A              0.15          0.7             4.667  0.55
    B              0.25          0.2             0.800 -0.05
    C              0.60          0.1             0.167 -0.50
    """
    effort = _shares("effort_share", effort_share)
    value = _shares("value_share", value_share)
    if (effort <= 0).any():
        raise ValueError(
            f"effort_share must be positive for every class; got "
            f"{effort[effort <= 0].index[0]!r} with 0"
        )
    check_same_keys("classes", effort_share=effort, value_share=value)
    value = value.reindex(effort.index)
    index = effort.index.rename(effort.index.name or "class")
    return pd.DataFrame(
        {
            "effort_share": effort.to_numpy(),
            "value_share": value.to_numpy(),
            "value_per_effort": value.to_numpy() / effort.to_numpy(),
            "gap": value.to_numpy() - effort.to_numpy(),
        },
        index=index,
    )
