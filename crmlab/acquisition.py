"""Choosing and developing customers (客户识别、选择与开发).

Naming contract and conventions
-------------------------------
- *Values* (for :func:`lorenz_curve` and :func:`gini`) are non-negative
  numbers, one per customer: sales, profit before losses, spend. *Profit*
  (for :func:`whale_curve`) may be negative: a loss-making customer.
- Shares are fractions of 1, never percentages. A cumulative share runs
  from the first customer to the last in the stated order: the Lorenz curve
  adds customers from the *smallest* value up (the convention of economics),
  the whale curve from the *most profitable* down (the convention of
  customer-profitability analysis).
- Customers with equal values keep their input order in both curves (a
  stable sort), so a curve never depends on how ties are broken.
- A *grid* is a product × market table (products as rows, markets as
  columns) of 0/1 or True/False: 1 where the firm serves that product to that
  market.
- A *funnel* is an ordered list of stage counts, the first stage first; each
  stage holds at most as many people as the one before it. Conversion is a
  share in [0, 1].
- A referral *round* is one step of the chain: every customer won in the last
  round brings ``referrals_per_customer`` new customers in this round.
  Round 0 holds the initial customers.

Terms: 客户识别 (customer identification), 客户选择 (choosing customers),
洛伦兹曲线 (Lorenz curve), 基尼系数 (Gini coefficient), 鲸鱼曲线 (whale curve),
目标市场模式 (target-market pattern), 客户开发 (developing customers), 转化漏斗
(conversion funnel), 获客成本 (cost per acquisition), 连锁介绍法 (chain referral).

References
----------
The course's slide deck 客户关系的建立与维护 (good and bad customers, the
securities firm, the twelve ways of finding customers, chain referral and the
law of 250) and its lesson plans (the five target-market patterns, the eight
steps of developing a customer). Lorenz curve and Gini coefficient: Gini
(1912) as usually taught; whale curve: Kaplan and Cooper (1998), *Cost and
Effect*.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._validation import as_number, as_numbers, as_series, check_integer

__all__ = [
    "TARGET_MARKET_PATTERNS",
    "funnel",
    "gini",
    "lorenz_curve",
    "referral_growth",
    "target_market_pattern",
    "whale_curve",
]

#: The five target-market patterns and their Chinese names, in the lesson
#: plans' order; :func:`target_market_pattern` returns one of these keys or
#: ``"none"``.
TARGET_MARKET_PATTERNS = MappingProxyType(
    {
        "market concentration": "市场集中化",
        "product specialisation": "产品专业化",
        "market specialisation": "市场专业化",
        "selective specialisation": "选择专业化",
        "full coverage": "市场全面化",
    }
)


def _keyed(name: str, values: object, *, allow_negative: bool) -> pd.Series:
    """A float Series copy of ``values`` (Series, mapping or sequence)."""
    if isinstance(values, (pd.Series, Mapping)):
        series = as_series(name, values, allow_negative=allow_negative)
    else:
        array = as_numbers(name, values, allow_negative=allow_negative)
        series = pd.Series(array, index=pd.RangeIndex(array.size))
    if series.empty:
        raise ValueError(f"{name} must not be empty; got no customers")
    return series


def lorenz_curve(values: pd.Series | Mapping | list) -> pd.DataFrame:
    """The Lorenz curve of customer value (洛伦兹曲线).

    Customers are sorted from the smallest value up; point ``k`` is the share
    of customers ``k / n`` against the share of total value held by those
    ``k`` customers. The curve starts at (0, 0) and ends at (1, 1); the
    diagonal is perfect equality.

    Parameters
    ----------
    values : pandas.Series, mapping or sequence of float
        One non-negative value per customer; not all zero.

    Returns
    -------
    curve : pandas.DataFrame
        ``n + 1`` rows (index 0 to n) with the columns ``customer`` (the key;
        missing on row 0), ``value``, ``customer_share`` and
        ``value_share``.

    Notes
    -----
    Taught in :doc:`chapter 4 </chapters/ch04_choosing_customers/choosing_customers>`.

    Examples
    --------
    >>> lorenz_curve([1, 3, 6])[["customer_share", "value_share"]].round(3)
       customer_share  value_share
    0           0.000          0.0
    1           0.333          0.1
    2           0.667          0.4
    3           1.000          1.0
    """
    series = _positive_total("values", _keyed("values", values, allow_negative=False))
    ordered = series.sort_values(kind="stable")
    n = ordered.size
    return pd.DataFrame(
        {
            "customer": [None, *ordered.index],
            "value": np.r_[0.0, ordered.to_numpy()],
            "customer_share": np.arange(n + 1) / n,
            "value_share": np.r_[0.0, ordered.cumsum().to_numpy() / ordered.sum()],
        }
    )


def _positive_total(name: str, series: pd.Series) -> pd.Series:
    total = series.sum()
    if not total > 0:
        raise ValueError(f"{name} must have a positive total; got {total:g}")
    return series


def gini(values: pd.Series | Mapping | list) -> float:
    """Gini coefficient of customer value (基尼系数): 0 equal, near 1 concentrated.

    ``G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)``: half the mean absolute
    difference between two customers, relative to the mean. It is twice the
    area between the diagonal and the Lorenz curve. Equal values give 0; one
    customer holding everything among ``n`` gives ``(n - 1) / n``.

    Parameters
    ----------
    values : pandas.Series, mapping or sequence of float
        One non-negative value per customer; not all zero.

    Returns
    -------
    gini : float
        In ``[0, (n - 1) / n]``.

    Notes
    -----
    Taught in :doc:`chapter 4 </chapters/ch04_choosing_customers/choosing_customers>`.

    Examples
    --------
    >>> gini([5, 5, 5, 5])
    0.0
    >>> gini([0, 0, 0, 10])
    0.75
    >>> round(gini([1, 3, 6]), 4)
    0.3333
    """
    x = _positive_total("values", _keyed("values", values, allow_negative=False))
    x = np.sort(x.to_numpy())
    n = x.size
    # Sorted form of the double sum: sum_i (2i - n - 1) x_(i), i = 1..n.
    weights = 2 * np.arange(1, n + 1) - n - 1
    return float(weights @ x / (n * x.sum()))


def whale_curve(profit: pd.Series | Mapping | list) -> pd.DataFrame:
    """The whale curve of customer profitability (鲸鱼曲线).

    Customers are ranked by profit, most profitable first (equal profits keep
    their input order). For the first ``k`` customers the curve gives their
    cumulative profit as a share of the total profit. With loss-making
    customers the curve rises above 1 (100 %), peaks after the last
    profitable customer, and falls back to 1 as the losses are added.

    Parameters
    ----------
    profit : pandas.Series, mapping or sequence of float
        One profit per customer, negative for a loss; the total must be
        positive.

    Returns
    -------
    curve : pandas.DataFrame
        One row per customer in rank order, index ``rank`` 1 to n, with the
        columns ``customer``, ``profit``, ``customer_share`` (``k / n``),
        ``cumulative_profit``, ``profit_share`` (cumulative profit / total)
        and ``is_peak`` (True on the first row where ``profit_share`` is
        largest).

    Notes
    -----
    Taught in :doc:`chapter 4 </chapters/ch04_choosing_customers/choosing_customers>`.

    References
    ----------
    Kaplan, R. S. & Cooper, R. (1998). *Cost and Effect*. Harvard Business
    School Press (the whale curve of customer profitability).

    Examples
    --------
    >>> curve = whale_curve({"a": 60, "b": -20, "c": 40, "d": 20})
    >>> curve[["customer", "profit", "profit_share", "is_peak"]]
         customer  profit  profit_share  is_peak
    rank
    1           a    60.0           0.6    False
    2           c    40.0           1.0    False
    3           d    20.0           1.2     True
    4           b   -20.0           1.0    False
    """
    series = _positive_total("profit", _keyed("profit", profit, allow_negative=True))
    ordered = series.sort_values(ascending=False, kind="stable")
    n = ordered.size
    running = ordered.cumsum().to_numpy()
    share = running / ordered.sum()
    peak = np.zeros(n, dtype=bool)
    peak[int(np.argmax(share))] = True
    return pd.DataFrame(
        {
            "customer": list(ordered.index),
            "profit": ordered.to_numpy(),
            "customer_share": np.arange(1, n + 1) / n,
            "cumulative_profit": running,
            "profit_share": share,
            "is_peak": peak,
        },
        index=pd.RangeIndex(1, n + 1, name="rank"),
    )


def _grid(grid: object) -> np.ndarray:
    if not isinstance(grid, pd.DataFrame):
        raise TypeError(
            "grid must be a pandas DataFrame (products × markets); "
            f"got {type(grid).__name__}"
        )
    if grid.empty:
        raise ValueError(f"grid must not be empty; got shape {grid.shape}")
    values = grid.to_numpy()
    cells = values.ravel()
    bad = [
        v
        for v in cells
        if isinstance(v, (str, bytes)) or v is None or pd.isna(v) or v not in (0, 1)
    ]
    if bad:
        item = bad[0].item() if isinstance(bad[0], np.generic) else bad[0]
        raise ValueError(f"grid must hold only 0/1 or True/False; got {item!r}")
    return values.astype(bool)


def target_market_pattern(grid: pd.DataFrame) -> str:
    """Name the target-market pattern of a product × market grid (目标市场模式).

    The rules, checked in this order (the book's reading of the lesson
    plans' five diagrams):

    1. no cell served: ``"none"``;
    2. every cell served: ``"full coverage"`` (市场全面化);
    3. one cell: ``"market concentration"`` (市场集中化);
    4. all served cells in one product row: ``"product specialisation"``
       (产品专业化, one product for several markets);
    5. all in one market column: ``"market specialisation"`` (市场专业化,
       several products for one market);
    6. no two served cells share a row or a column:
       ``"selective specialisation"`` (选择专业化, unrelated segments);
    7. anything else, a mix of patterns: ``"none"``.

    Parameters
    ----------
    grid : pandas.DataFrame
        Products (rows) × markets (columns) of 0/1 or True/False.

    Returns
    -------
    pattern : str
        A key of :data:`TARGET_MARKET_PATTERNS`, or ``"none"``.

    Notes
    -----
    Taught in :doc:`chapter 4 </chapters/ch04_choosing_customers/choosing_customers>`.

    Examples
    --------
    >>> grid = pd.DataFrame([[1, 1, 1], [0, 0, 0], [0, 0, 0]],
    ...                     index=["P1", "P2", "P3"], columns=["M1", "M2", "M3"])
    >>> target_market_pattern(grid)
    'product specialisation'
    >>> target_market_pattern(grid.T)
    'market specialisation'
    """
    served = _grid(grid)
    count = int(served.sum())
    rows = served.sum(axis=1)
    columns = served.sum(axis=0)
    if count == 0:
        return "none"
    if served.all():
        return "full coverage"
    if count == 1:
        return "market concentration"
    if (rows > 0).sum() == 1:
        return "product specialisation"
    if (columns > 0).sum() == 1:
        return "market specialisation"
    if rows.max() == 1 and columns.max() == 1:
        return "selective specialisation"
    return "none"


def funnel(
    stages: pd.Series | Mapping,
    *,
    cost: float | None = None,
) -> pd.DataFrame:
    """Conversion through the stages of developing customers (客户开发转化漏斗).

    For stage ``k`` with count ``n_k``: stage conversion ``n_k / n_{k-1}``
    (NaN for the first stage, and where the stage before holds nobody),
    cumulative conversion ``n_k / n_1`` and the number lost ``n_{k-1} - n_k``.
    With a total ``cost``, cost per customer at each stage is
    ``cost / n_k`` (infinite where ``n_k = 0``); at the last stage it is the
    cost per acquired customer (获客成本).

    Parameters
    ----------
    stages : pandas.Series or mapping of str to int
        Ordered stage name → number of people who reached it, first stage
        first; whole non-negative numbers, each at most the one before, the
        first positive.
    cost : float, default=None
        Total cost of the campaign (non-negative), in one currency unit.

    Returns
    -------
    table : pandas.DataFrame
        Indexed by stage, with the columns ``count``, ``stage_conversion``,
        ``cumulative_conversion``, ``lost`` and (with ``cost``)
        ``cost_per_customer``.

    Notes
    -----
    Taught in :doc:`chapter 5 </chapters/ch05_developing_customers/developing_customers>`.

    Examples
    --------
    >>> table = funnel({"found": 200, "contacted": 120, "met": 30, "closed": 6},
    ...                cost=3000)
    >>> table[["count", "stage_conversion", "cumulative_conversion", "lost"]]
               count  stage_conversion  cumulative_conversion  lost
    found        200               NaN                   1.00     0
    contacted    120              0.60                   0.60    80
    met           30              0.25                   0.15    90
    closed         6              0.20                   0.03    24
    >>> table["cost_per_customer"].tolist()
    [15.0, 25.0, 100.0, 500.0]
    """
    if not isinstance(stages, (pd.Series, Mapping)):
        raise TypeError(
            "stages must be a pandas Series or a mapping from stage to count; "
            f"got {type(stages).__name__}"
        )
    counts = _keyed("stages", stages, allow_negative=False)
    whole = counts.to_numpy()
    if not np.array_equal(whole, np.round(whole)):
        position = int(np.flatnonzero(whole != np.round(whole))[0])
        raise ValueError(
            f"stages must hold whole numbers of people; got {whole[position]:g} "
            f"at stage {counts.index[position]!r}"
        )
    if whole[0] <= 0:
        raise ValueError(
            f"stages must start with a positive count; got {whole[0]:g} "
            f"at stage {counts.index[0]!r}"
        )
    grows = np.flatnonzero(np.diff(whole) > 0)
    if grows.size:
        k = int(grows[0]) + 1
        raise ValueError(
            "stages must not grow: each stage holds at most the one before; "
            f"got {whole[k]:g} at stage {counts.index[k]!r} after {whole[k - 1]:g} "
            f"at {counts.index[k - 1]!r}"
        )
    n = whole.astype(int)
    before = np.r_[np.nan, whole[:-1]]
    with np.errstate(divide="ignore", invalid="ignore"):
        stage = np.where(before > 0, whole / before, np.nan)
    table = pd.DataFrame(
        {
            "count": n,
            "stage_conversion": stage,
            "cumulative_conversion": whole / whole[0],
            "lost": np.r_[0, -np.diff(n)],
        },
        index=counts.index.copy(),
    )
    if cost is not None:
        cost = as_number("cost", cost)
        with np.errstate(divide="ignore"):
            table["cost_per_customer"] = np.where(
                whole > 0, cost / np.where(whole > 0, whole, 1), np.inf
            )
    return table


def referral_growth(
    initial: int,
    referrals_per_customer: float,
    rounds: int,
) -> pd.DataFrame:
    """Customers won by chain referral, round by round (连锁介绍法).

    Round 0 holds the ``initial`` customers. In each later round every
    customer won in the round before brings ``referrals_per_customer`` new
    customers (an average: 0.5 means one in two customers brings one), and
    then refers no more. New customers in round ``t`` are therefore
    ``initial * r ** t``; the model does not round them to whole people.

    Parameters
    ----------
    initial : int
        Customers at the start (at least 1).
    referrals_per_customer : float
        New customers each new customer brings (the referral rate, ≥ 0).
    rounds : int
        Rounds of referral (≥ 0).

    Returns
    -------
    growth : pandas.DataFrame
        Index ``round`` 0 to ``rounds``, with the columns ``new`` (won in
        that round), ``referred`` (won by referral up to that round) and
        ``total`` (``initial + referred``).

    Notes
    -----
    Taught in :doc:`chapter 5 </chapters/ch05_developing_customers/developing_customers>`.

    References
    ----------
    The course's slide deck 客户关系的建立与维护 (连锁介绍法: A tells B and C, who
    tell their friends; "repeat twelve times and one customer brings 8 400").

    Examples
    --------
    >>> growth = referral_growth(1, 2, 12)
    >>> growth.loc[[1, 2, 12]]
             new  referred   total
    round
    1        2.0       2.0     3.0
    2        4.0       6.0     7.0
    12    4096.0    8190.0  8191.0
    """
    initial = check_integer("initial", initial, low=1)
    rate = as_number("referrals_per_customer", referrals_per_customer)
    rounds = check_integer("rounds", rounds, low=0)
    steps = np.arange(rounds + 1)
    new = initial * rate ** steps.astype(float)
    referred = np.cumsum(new) - initial
    return pd.DataFrame(
        {"new": new, "referred": referred, "total": initial + referred},
        index=pd.Index(steps, name="round"),
    )
