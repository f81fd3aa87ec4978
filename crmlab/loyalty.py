"""Customer loyalty, retention, churn and win-back (客户忠诚、保持、流失与挽回).

Naming contract and conventions
-------------------------------
- A transaction log is a DataFrame with one row per purchase line and (by
  default) the columns ``customer_id`` and ``date``; the names can be changed
  with the keyword options ``customer=`` and ``date=``. Results are indexed by
  customer id, sorted.
- A *purchase* is a row of the log, except where a function says it counts
  *purchase days* (distinct calendar days with at least one row):
  :func:`churn_risk` always does, :func:`repeat_purchase_rate` when asked.
- A *period* is a calendar period: ``"D"`` day, ``"W"`` week (Monday to
  Sunday), ``"M"`` month, ``"Q"`` quarter or ``"Y"`` year. A customer's
  first purchase falls in period 0 of their cohort, so period 0 always counts
  and a cohort's retention in period 0 is 1.0 by construction.
- Rates (retention, churn, repeat purchase, probabilities) are shares per
  period in [0, 1], never percentages. ``churn = 1 - retention``.
- Tenure (客户存续时长) is counted in periods. The expected tenure under a
  constant churn rate is :func:`crmlab.value.expected_lifetime` (one
  function for ``1 / churn``, taught in chapter 3 and used again in
  chapters 10 and 11). In :func:`survival_curve` tenure is in whatever unit
  the caller measures it (days, months); the curve is a step function in it.
- Recency is measured in whole days: ``days_since`` is ``now`` minus the last
  purchase day. ``now`` defaults to the day after the last transaction.
- Money (regained value, contact cost, spend) is in one currency unit and
  non-negative; an expected value may be negative.
- Loyalty indicators are rescaled to [0, 1] with "1 = most loyal" before they
  are weighted into a 0-100 index.

Terms: 客户忠诚 (customer loyalty), 重复购买率 (repeat purchase rate),
客户保持率/留存率 (retention rate), 客户流失率 (churn rate), 同期群分析 (cohort
analysis), 生存曲线 (survival curve), 忠诚度指数 (loyalty index), 钱包份额 (share of
wallet), 流失预警 (churn early warning), 流失客户挽回 (win-back of lost customers).

References
----------
Newman, J. W. & Werbel, R. A. (1973). Multivariate analysis of brand loyalty
for major household appliances. *Journal of Marketing Research*, 10(4),
404-409 (definition of the loyal customer, quoted in the course lesson
plans, 《客户关系管理》教案全套).
The course's exam papers (客户关系管理试题与知识点) list three loyalty
measures among the options of a multiple-choice question (repeat purchases,
sensitivity, need satisfaction rate). The seven measures used here (adding
time spent choosing, attitude to competitors, tolerance of quality incidents
and attention to the brand) and the loyalty index built from them are this
book's.
The course slides (客户关系的建立与维护): churn management as a topic (流失管理:
流失的原因、如何对待流失客户) and the credit-card example. The churn warning and
the win-back rule are this book's methods, not the slides'.
Dick, A. S. & Basu, K. (1994). Customer loyalty: toward an integrated
conceptual framework. *Journal of the Academy of Marketing Science*, 22(2),
99-113.
Kaplan, E. L. & Meier, P. (1958). Nonparametric estimation from incomplete
observations. *Journal of the American Statistical Association*, 53(282),
457-481.
Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to
services. *Harvard Business Review*, 68(5), 105-111.
Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention.
*Journal of Interactive Marketing*, 21(1), 76-90.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
    check_same_length,
    check_transactions,
)
from crmlab.scoring import weighted_score

__all__ = [
    "churn_rate",
    "churn_risk",
    "cohort_retention",
    "illustrative_loyalty",
    "loyalty_index",
    "loyalty_matrix",
    "loyalty_matrix_cuts",
    "median_survival_time",
    "repeat_purchase_rate",
    "retention_rate",
    "share_of_wallet",
    "survival_curve",
    "winback_value",
]

_PERIODS = ("D", "W", "M", "Q", "Y")
_QUADRANTS = ("loyalty", "latent loyalty", "spurious loyalty", "no loyalty")


# --------------------------------------------------------------------------
# private checks
# --------------------------------------------------------------------------


def _log(transactions: object, customer: str, date: str | None) -> pd.DataFrame:
    """Return a checked copy of the customer (and day) columns of a log."""
    return check_transactions(transactions, customer=customer, date=date)


def _ids(name: str, values: object) -> set:
    """Return a collection of customer ids as a set; reject duplicates and NaN."""
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(
            f"{name} must be a collection of customer ids (list, set, array or "
            f"Series); got {type(values).__name__}"
        )
    items = list(values)
    seen: set = set()
    for item in items:
        if item is None or (pd.api.types.is_scalar(item) and pd.isna(item)):
            raise ValueError(f"{name} must not contain missing ids; got {item!r}")
        if item in seen:
            raise ValueError(
                f"{name} must not contain duplicated ids; got {item!r} twice"
            )
        seen.add(item)
    return seen


def _flags(name: str, values: object) -> np.ndarray:
    """Return a boolean array copy; reject 0/1 numbers, strings and missing values."""
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(
            f"{name} must be a sequence of booleans; got {type(values).__name__}"
        )
    if isinstance(values, pd.Series) and pd.api.types.is_bool_dtype(values.dtype):
        if values.isna().any():
            raise ValueError(
                f"{name} must not contain missing values; got one at position "
                f"{int(np.flatnonzero(values.isna().to_numpy())[0])}"
            )
        return values.to_numpy(dtype=bool, copy=True)
    array = np.asarray(values if hasattr(values, "dtype") else list(values))
    if array.dtype == object and all(isinstance(v, (bool, np.bool_)) for v in array):
        array = array.astype(bool)
    if array.dtype != bool:
        raise TypeError(
            f"{name} must be boolean (True = churned, False = still active); "
            f"got dtype {array.dtype}"
        )
    return array.copy()


# --------------------------------------------------------------------------
# repeat purchase, retention, churn, tenure
# --------------------------------------------------------------------------


def repeat_purchase_rate(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str | None = None,
) -> float:
    """Share of customers who bought at least twice (重复购买率).

    ``customers with two or more purchases / customers with at least one``.
    Repeat purchasing is one of the loyalty measures named in the course's
    exam papers and the behavioural half of Newman & Werbel's definition of a
    loyal customer.

    Parameters
    ----------
    transactions : pandas.DataFrame
        Transaction log, one row per purchase.
    customer : str, default="customer_id"
        Column holding the customer id.
    date : str, default=None
        If given, the column holding the purchase date: purchases are then
        counted as distinct purchase days, so two rows on one day (one basket
        split over lines) are one purchase. ``None`` counts rows.

    Returns
    -------
    rate : float
        Repeat purchase rate in [0, 1].

    See Also
    --------
    crmlab.viz.loyalty.plot_purchase_counts

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    References
    ----------
    The course's exam papers (客户关系管理试题与知识点; 客户重复购买的次数 as a
    loyalty measure); Newman & Werbel (1973), quoted in the course lesson
    plans.

    Examples
    --------
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
    ...                     "date": ["2024-01-02", "2024-01-02", "2024-01-05",
    ...                              "2024-01-03", "2024-02-01"]})
    >>> round(repeat_purchase_rate(log), 4)
    0.6667
    >>> round(repeat_purchase_rate(log, date="date"), 4)
    0.3333
    """
    frame = _log(transactions, customer, date)
    if date is not None:
        frame = frame.drop_duplicates()
    counts = frame.groupby(customer, sort=False).size()
    return float((counts >= 2).mean())


def retention_rate(start_customers: Iterable, end_customers: Iterable) -> float:
    """Share of the customers active at the start still active at the end (客户保持率).

    ``retention = |start ∩ end| / |start|``. Customers who are active only at
    the end are new and do not count (they are not in the denominator).

    Parameters
    ----------
    start_customers : collection of hashable
        Ids of the customers active in the first period; not empty, no
        duplicates.
    end_customers : collection of hashable
        Ids of the customers active in the later period; no duplicates; may
        be empty.

    Returns
    -------
    retention : float
        Retention rate in [0, 1].

    See Also
    --------
    crmlab.loyalty.churn_rate
    crmlab.loyalty.cohort_retention

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>` and :doc:`chapter 11, Churn
    and win-back </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    Reichheld, F. F. & Sasser, W. E. (1990), Zero defections; Fader & Hardie
    (2007). The course slides (客户关系的建立与维护) name churn management
    (流失管理) as a topic.

    Examples
    --------
    >>> retention_rate(["a", "b", "c", "d", "e"], ["a", "b", "c", "d", "x"])
    0.8
    """
    start = _ids("start_customers", start_customers)
    end = _ids("end_customers", end_customers)
    if not start:
        raise ValueError("start_customers must not be empty; got no customer ids")
    return len(start & end) / len(start)


def churn_rate(start_customers: Iterable, end_customers: Iterable) -> float:
    """Share of the customers active at the start who have left (客户流失率).

    ``churn = 1 - retention``; see :func:`retention_rate` for the inputs.

    Parameters
    ----------
    start_customers : collection of hashable
        Ids of the customers active in the first period; not empty.
    end_customers : collection of hashable
        Ids of the customers active in the later period.

    Returns
    -------
    churn : float
        Churn rate in [0, 1].

    See Also
    --------
    crmlab.loyalty.retention_rate
    crmlab.value.expected_lifetime

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>` and :doc:`chapter 11, Churn
    and win-back </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    Reichheld & Sasser (1990); the course slides (客户关系的建立与维护; the
    credit card company that loses 10 % of its customers a year).

    Examples
    --------
    >>> round(churn_rate(["a", "b", "c", "d", "e"], ["a", "b", "c", "d"]), 4)
    0.2
    """
    return 1.0 - retention_rate(start_customers, end_customers)


# --------------------------------------------------------------------------
# cohorts and survival
# --------------------------------------------------------------------------


def cohort_retention(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    period: str = "M",
    normalize: bool = True,
) -> pd.DataFrame:
    """Cohort retention table: share of each cohort buying k periods later (同期群分析).

    A customer's cohort is the period of their first purchase. Cell
    ``(c, k)`` is the share of cohort ``c`` that buys at least once in period
    ``c + k`` (not necessarily in every period in between), so column 0 is
    always 1.0. Periods after the last period seen in the data are not
    observed and are NaN, not 0: the table is a triangle. The last period is
    usually only partly observed (it ends with the data), so its shares tend
    to be low.

    Parameters
    ----------
    transactions : pandas.DataFrame
        Transaction log with a customer and a date column.
    customer : str, default="customer_id"
        Column holding the customer id.
    date : str, default="date"
        Column holding the purchase date (datetime or ISO text).
    period : {"D", "W", "M", "Q", "Y"}, default="M"
        Period length: day, week (Monday-Sunday), month, quarter or year.
    normalize : bool, default=True
        ``True`` gives shares of the cohort size; ``False`` gives the number
        of the cohort's customers buying in each period (column 0 is then the
        cohort size).

    Returns
    -------
    table : pandas.DataFrame
        Index ``cohort`` (pandas Periods, only cohorts that have customers),
        columns ``0, 1, ..., K`` named ``periods_since_first``, float values.

    See Also
    --------
    crmlab.loyalty.retention_rate
    crmlab.viz.churn.plot_cohort_heatmap

    Notes
    -----
    Taught in :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007), How to project customer retention
    (cohort survival tables). The course slides (客户关系的建立与维护) name
    churn management (流失管理) as a topic.

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "customer_id": ["a", "a", "b", "b", "c"],
    ...     "date": ["2024-01-05", "2024-03-01", "2024-01-20", "2024-02-02",
    ...              "2024-02-10"]})
    >>> cohort_retention(log)
    periods_since_first    0    1    2
    cohort
    2024-01              1.0  0.5  0.5
    2024-02              1.0  0.0  NaN
    """
    check_option("period", period, _PERIODS)
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(f"normalize must be True or False; got {normalize!r}")
    frame = _log(transactions, customer, date)
    periods = frame[date].dt.to_period(period)
    frame["ordinal"] = periods.array.asi8
    labels = dict(zip(frame["ordinal"], periods, strict=True))
    frame["cohort"] = frame.groupby(customer)["ordinal"].transform("min")
    frame["k"] = frame["ordinal"] - frame["cohort"]
    active = frame.drop_duplicates([customer, "k"])
    counts = active.groupby(["cohort", "k"]).size().unstack(fill_value=0)
    last = frame["ordinal"].max()
    counts = counts.reindex(columns=range(last - counts.index.min() + 1), fill_value=0)
    table = counts.astype(float)
    if normalize:
        table = table.div(counts[0], axis=0)
    unobserved = table.index.to_numpy()[:, None] + table.columns.to_numpy() > last
    table = table.mask(unobserved)
    table.index = pd.PeriodIndex([labels[o] for o in table.index], name="cohort")
    table.columns = pd.Index(range(table.shape[1]), name="periods_since_first")
    return table


def survival_curve(tenure: object, churned: object) -> pd.DataFrame:
    """Kaplan-Meier survival curve of customers (客户生存曲线).

    ``S(t)`` is the survival probability (客户留存概率), the share of customers
    still active after tenure ``t``:
    ``S(t) = prod over event times t_i <= t of (1 - d_i / n_i)``, where
    ``n_i`` is the number of customers at risk (tenure >= t_i) and ``d_i``
    the number who churned at ``t_i``. Customers who have not churned are
    censored: they count as at risk up to their tenure and then leave the
    risk set without an event. Ties: at a time with both churn and
    censoring, churn is counted first, so customers censored at ``t_i`` are
    still in ``n_i`` (the standard convention).

    Parameters
    ----------
    tenure : sequence of float
        Observed tenure of each customer (time to churn, or time observed so
        far if still active), non-negative, any time unit.
    churned : sequence of bool
        ``True`` if the customer churned at ``tenure``, ``False`` if still
        active (censored). Must be boolean: 0/1 numbers are rejected.

    Returns
    -------
    curve : pandas.DataFrame
        Indexed by the distinct tenures (``tenure``, ascending), with the
        columns ``at_risk``, ``churned``, ``censored`` (int) and ``survival``
        (float, the share still active just after that tenure).

    See Also
    --------
    crmlab.loyalty.median_survival_time
    crmlab.viz.churn.plot_survival

    Notes
    -----
    Taught in :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    Kaplan, E. L. & Meier, P. (1958), Nonparametric estimation from
    incomplete observations, JASA 53(282).

    Examples
    --------
    >>> survival_curve([2, 3, 3, 5, 8], [True, True, False, True, False])
            at_risk  churned  censored  survival
    tenure
    2.0           5        1         0       0.8
    3.0           4        1         1       0.6
    5.0           2        1         0       0.3
    8.0           1        0         1       0.3
    """
    times = as_numbers("tenure", tenure)
    flags = _flags("churned", churned)
    check_same_length(tenure=times, churned=flags)
    distinct, position = np.unique(times, return_inverse=True)
    events = np.bincount(position, weights=flags, minlength=distinct.size)
    total = np.bincount(position, minlength=distinct.size)
    at_risk = total[::-1].cumsum()[::-1]
    survival = np.cumprod(1.0 - events / at_risk)
    return pd.DataFrame(
        {
            "at_risk": at_risk.astype(int),
            "churned": events.astype(int),
            "censored": (total - events).astype(int),
            "survival": survival,
        },
        index=pd.Index(distinct, name="tenure"),
    )


#: Tolerance for "survival is at most one half" (floating-point products).
_HALF_TOL = 1e-12


def median_survival_time(curve: pd.DataFrame, *, tol: float = _HALF_TOL) -> float:
    """Median tenure of a Kaplan-Meier curve: the first tenure with ``S(t) <= 0.5``.

    The median survival time (中位生存时间) is the first tenure at which the
    estimated share still active is at most one half, compared with an
    absolute tolerance ``tol`` because ``S(t)`` is a product of floats (with
    10 customers, ``0.9 × 7/9 × 5/7`` is ``0.5000000000000001``, not 0.5).
    This is the convention of lifelines (``median_survival_time_``, the
    smallest ``t`` with ``S(t) <= 0.5``), including ``inf`` when the curve
    never falls to one half. It is *not* R ``survival``'s convention, which
    takes the midpoint of a flat stretch at exactly 0.5.

    Parameters
    ----------
    curve : pandas.DataFrame
        A table from :func:`survival_curve`: indexed by tenure (ascending),
        with a ``survival`` column in [0, 1]; not modified.
    tol : float, default=1e-12
        Absolute tolerance of the comparison with 0.5; non-negative.

    Returns
    -------
    median : float
        The median tenure, in the unit of the curve's index; ``inf`` when
        ``S(t) > 0.5`` at every tenure observed.

    See Also
    --------
    survival_curve : The Kaplan-Meier table this reads.
    crmlab.viz.churn.plot_survival : Marks this median on the curve.

    Notes
    -----
    Taught in :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    Kaplan, E. L. & Meier, P. (1958), JASA 53(282); Davidson-Pilon, C.
    (2019), lifelines: survival analysis in Python, JOSS 4(40), 1317.

    Examples
    --------
    >>> curve = survival_curve([0, 1, 1, 2, 2, 3, 3, 3, 3, 3],
    ...                        [True] * 5 + [False] * 5)
    >>> median_survival_time(curve)
    2.0
    >>> median_survival_time(survival_curve([4, 5, 6], [True, False, False]))
    inf
    """
    frame = check_frame("curve", curve, ["survival"])
    tol = as_number("tol", tol)
    survival = as_numbers("curve['survival']", frame["survival"].to_numpy())
    if (survival > 1).any():
        raise ValueError(
            f"curve['survival'] must be in [0, 1]; got {survival[survival > 1][0]:g}"
        )
    times = as_numbers("curve index (tenure)", frame.index.to_numpy())
    if (np.diff(times) <= 0).any():
        raise ValueError(
            f"curve index (tenure) must be strictly increasing; got {times.tolist()}"
        )
    reached = np.flatnonzero(survival <= 0.5 + tol)
    return float(times[reached[0]]) if reached.size else float("inf")


# --------------------------------------------------------------------------
# loyalty measures
# --------------------------------------------------------------------------


def loyalty_index(
    indicators: pd.DataFrame,
    *,
    weights: Mapping,
    higher_is_better: Mapping | None = None,
    bounds: Mapping | None = None,
) -> pd.Series:
    """Weighted 0-100 loyalty index from several loyalty measures (客户忠诚度指数).

    Each measure ``x_j`` is rescaled to ``s_j = (x_j - min_j) / (max_j - min_j)``
    in [0, 1], reversed to ``1 - s_j`` where a lower value is more loyal (for
    example price sensitivity, time spent choosing). The index is
    ``100 * sum_j w_j s_j / sum_j w_j``: the book's one weighted score,
    :func:`crmlab.scoring.weighted_score` with ``scale=100``. ``min_j`` and
    ``max_j`` are the
    fixed ``bounds`` where given (recommended: the index of a customer then
    does not depend on who else is in the data), otherwise the smallest and
    largest value across customers. A measure that is constant across
    customers (and has no bounds) carries no information and scores 0.5, the
    neutral midpoint, for everyone.

    Parameters
    ----------
    indicators : pandas.DataFrame
        Customers (unique index) × measures, finite numbers, e.g. the book's
        repeat purchases, price sensitivity, time spent choosing, attitude to
        competitors, tolerance of quality incidents, attention to the brand,
        need satisfaction rate.
    weights : mapping of str to float
        Non-negative weight for each measure; keys exactly the columns; the
        sum must be positive. Weights need not sum to 1.
    higher_is_better : mapping of str to bool, default=None
        ``False`` for measures where a lower value means more loyal; measures
        not named (and ``None``) are taken as higher-is-better.
    bounds : mapping of str to (float, float), default=None
        Fixed ``(low, high)`` scale ends for some or all measures, e.g.
        ``(1, 5)`` for a five-point item; values outside are rejected.

    Returns
    -------
    index : pandas.Series
        ``loyalty_index`` in [0, 100], indexed like ``indicators``.

    See Also
    --------
    crmlab.scoring.weighted_score : computes the index.
    crmlab.viz.loyalty.plot_loyalty_index
    crmlab.datasets.make_loyalty_survey

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    References
    ----------
    The course's exam papers name three of the measures
    (客户忠诚度的衡量指标) but give no formula; the weighted index is this
    book's method, the same as in the satisfaction and credit chapters.

    Examples
    --------
    >>> data = pd.DataFrame({"repeat": [1, 4, 7], "price_sensitivity": [5, 3, 1]},
    ...                     index=["a", "b", "c"])
    >>> loyalty_index(data, weights={"repeat": 2, "price_sensitivity": 1},
    ...               higher_is_better={"price_sensitivity": False}).tolist()
    [0.0, 50.0, 100.0]
    >>> loyalty_index(data, weights={"repeat": 1, "price_sensitivity": 1},
    ...               bounds={"repeat": (0, 10), "price_sensitivity": (1, 5)},
    ...               higher_is_better={"price_sensitivity": False}).round(2).tolist()
    [5.0, 45.0, 85.0]
    """
    if not isinstance(indicators, pd.DataFrame):
        raise TypeError(
            f"indicators must be a pandas DataFrame; got {type(indicators).__name__}"
        )
    if indicators.empty:
        raise ValueError(f"indicators must not be empty; got shape {indicators.shape}")
    duplicated = indicators.index[indicators.index.duplicated()]
    if len(duplicated):
        raise ValueError(
            f"indicators has duplicated customers; got {duplicated[0]!r} twice"
        )
    for column in indicators.columns:
        as_numbers(
            f"indicators column {column!r}",
            indicators[column].to_numpy(),
            allow_negative=True,
        )
    # One scoring function for every weighted score in the book.
    scores = weighted_score(
        indicators,
        weights,
        higher_is_better=higher_is_better,
        bounds=bounds,
        scale=100.0,
    )
    return scores["score"].rename("loyalty_index")


def _matrix_inputs(attitude: object, patronage: object) -> tuple[pd.Series, pd.Series]:
    """Checked copies of attitude and patronage, aligned to ``attitude``."""
    attitude = as_series("attitude", attitude, allow_negative=True)
    patronage = as_series("patronage", patronage, allow_negative=True)
    if attitude.empty:
        raise ValueError("attitude must not be empty; got no customers")
    check_same_keys("customers", attitude=attitude, patronage=patronage)
    return attitude, patronage.reindex(attitude.index)


def _matrix_cuts(
    attitude: pd.Series,
    patronage: pd.Series,
    attitude_cut: object,
    patronage_cut: object,
) -> tuple[float, float]:
    a_cut = attitude.median() if attitude_cut is None else attitude_cut
    p_cut = patronage.median() if patronage_cut is None else patronage_cut
    return (
        as_number("attitude_cut", a_cut, allow_negative=True),
        as_number("patronage_cut", p_cut, allow_negative=True),
    )


def loyalty_matrix_cuts(
    attitude: pd.Series | Mapping,
    patronage: pd.Series | Mapping,
    *,
    attitude_cut: float | None = None,
    patronage_cut: float | None = None,
) -> tuple[float, float]:
    """The two cuts :func:`loyalty_matrix` uses: given, or the medians (忠诚类型矩阵).

    Figures call this instead of computing the medians themselves, so a
    chart's dashed lines are always where the model cut.

    Parameters
    ----------
    attitude, patronage : pandas.Series or mapping
        As for :func:`loyalty_matrix`.
    attitude_cut, patronage_cut : float, default=None
        As for :func:`loyalty_matrix`; ``None`` for the median.

    Returns
    -------
    cuts : tuple of (float, float)
        ``(attitude_cut, patronage_cut)``.

    See Also
    --------
    loyalty_matrix : The loyalty types these cuts give.
    crmlab.viz.loyalty.plot_loyalty_matrix : Draws the matrix and its cuts.

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    Examples
    --------
    >>> loyalty_matrix_cuts({"a": 6, "b": 2, "c": 4}, {"a": 9, "b": 1, "c": 3})
    (4.0, 3.0)
    """
    attitude, patronage = _matrix_inputs(attitude, patronage)
    return _matrix_cuts(attitude, patronage, attitude_cut, patronage_cut)


def loyalty_matrix(
    attitude: object,
    patronage: object,
    *,
    attitude_cut: float | None = None,
    patronage_cut: float | None = None,
) -> pd.Series:
    """Dick & Basu's loyalty type from relative attitude × repeat patronage (忠诚类型矩阵).

    High attitude & high patronage: ``"loyalty"`` (真正忠诚); high attitude &
    low patronage: ``"latent loyalty"`` (潜在忠诚); low attitude & high
    patronage: ``"spurious loyalty"`` (虚假忠诚); low & low: ``"no loyalty"``
    (不忠诚). A value equal to its cut counts as high.

    Parameters
    ----------
    attitude : pandas.Series or mapping
        Relative attitude to the brand per customer (any scale, e.g. a 1-7
        score); finite numbers, unique customers.
    patronage : pandas.Series or mapping
        Repeat patronage per customer (e.g. purchases or share of wallet);
        the same customers as ``attitude``.
    attitude_cut : float, default=None
        Threshold for high attitude; ``None`` uses the median of ``attitude``.
    patronage_cut : float, default=None
        Threshold for high patronage; ``None`` uses the median of
        ``patronage``.

    Returns
    -------
    loyalty_type : pandas.Series
        ``loyalty_type`` per customer, in the order of ``attitude``.

    See Also
    --------
    crmlab.loyalty.loyalty_matrix_cuts
    crmlab.viz.loyalty.plot_loyalty_matrix

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    References
    ----------
    Dick, A. S. & Basu, K. (1994), Customer loyalty: toward an integrated
    conceptual framework, JAMS 22(2), 99-113. The course's exam papers sort
    relationships by loyalty differently (优质类, 低质类, 时尚类 and 问题类
    客户关系); using Dick & Basu's four types here is this book's choice.

    Examples
    --------
    >>> attitude = {"a": 6, "b": 6, "c": 2, "d": 2}
    >>> patronage = {"a": 9, "b": 1, "c": 9, "d": 1}
    >>> loyalty_matrix(attitude, patronage).to_dict()
    {'a': 'loyalty', 'b': 'latent loyalty', 'c': 'spurious loyalty', 'd': 'no loyalty'}
    """
    attitude, patronage = _matrix_inputs(attitude, patronage)
    a_cut, p_cut = _matrix_cuts(attitude, patronage, attitude_cut, patronage_cut)
    high_a = (attitude >= a_cut).to_numpy()
    high_p = (patronage >= p_cut).to_numpy()
    code = np.where(high_a, 0, 2) + np.where(high_p, 0, 1)
    labels = np.array(_QUADRANTS, dtype=object)[code]
    return pd.Series(labels, index=attitude.index.copy(), name="loyalty_type")


def share_of_wallet(firm_spend: object, category_spend: object) -> object:
    """Firm's share of the customer's spend in the category (钱包份额).

    ``share = firm spend / the customer's total category spend`` (all
    suppliers, the firm included), so it lies in [0, 1].

    Parameters
    ----------
    firm_spend : float, pandas.Series, mapping or sequence of float
        What the customer spends with the firm; non-negative, at most the
        category spend.
    category_spend : same kind as ``firm_spend``
        The customer's total spend in the category; positive. Series or
        mappings must hold the same customers (aligned by key); sequences
        must have the same length.

    Returns
    -------
    share : float, pandas.Series or numpy.ndarray
        The share of wallet, of the same kind as the inputs (a Series named
        ``share_of_wallet`` in the order of ``firm_spend``).

    See Also
    --------
    crmlab.loyalty.loyalty_index

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    References
    ----------
    Keiningham, T. L., Aksoy, L., Buoye, A. & Cooil, B. (2011). Customer
    loyalty isn't enough. Grow your share of wallet. *Harvard Business
    Review*, 89(10). The course documents do not name share of wallet; this
    book adds it as a further measure of loyalty.

    Examples
    --------
    >>> share_of_wallet(300, 1200)
    0.25
    >>> share_of_wallet({"a": 50, "b": 90}, {"b": 100, "a": 200}).tolist()
    [0.25, 0.9]
    """
    keyed = isinstance(firm_spend, (pd.Series, Mapping))
    if np.ndim(firm_spend) == 0 and not keyed:
        firm = as_number("firm_spend", firm_spend)
        total = as_number("category_spend", category_spend)
    elif keyed:
        firm = as_series("firm_spend", firm_spend)
        total = as_series("category_spend", category_spend)
        check_same_keys("customers", firm_spend=firm, category_spend=total)
        total = total.reindex(firm.index)
    else:
        firm = as_numbers("firm_spend", firm_spend)
        total = as_numbers("category_spend", category_spend)
        check_same_length(firm_spend=firm, category_spend=total)
    if np.any(np.asarray(total) <= 0):
        bad = np.asarray(total)[np.asarray(total) <= 0].ravel()[0]
        raise ValueError(f"category_spend must be positive; got {bad:g}")
    over = np.asarray(firm) > np.asarray(total)
    if np.any(over):
        bad = np.asarray(firm)[over].ravel()[0]
        raise ValueError(
            f"firm_spend must not exceed category_spend; got {bad:g} against "
            f"{np.asarray(total)[over].ravel()[0]:g}"
        )
    share = firm / total
    return share.rename("share_of_wallet") if keyed else share


# --------------------------------------------------------------------------
# satisfaction and loyalty
# --------------------------------------------------------------------------


def illustrative_loyalty(satisfaction: object, *, floor: float, power: float) -> object:
    """Illustrative loyalty (% who stay) at a satisfaction score 1-5 (满意与忠诚).

    ``L(s) = floor + (100 - floor) * ((s - 1) / 4) ** power``. A large
    ``power`` gives the shape Jones & Sasser (1995) report for highly
    competitive markets: loyalty stays low until customers are *completely*
    satisfied. A high ``floor`` gives the shape of markets with little
    competition, where even dissatisfied customers stay because they have
    no choice. The function is a drawing aid, not a model fitted to data.

    Parameters
    ----------
    satisfaction : float or sequence of float
        Satisfaction scores in [1, 5].
    floor : float
        Loyalty of the least satisfied customers, in per cent, in [0, 100].
    power : float
        Curvature; positive.

    Returns
    -------
    loyalty : float or numpy.ndarray
        Loyalty in per cent, in [floor, 100].

    See Also
    --------
    crmlab.viz.loyalty.plot_satisfaction_loyalty

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    References
    ----------
    Jones, T. O. & Sasser, W. E. (1995). Why satisfied customers defect.
    *Harvard Business Review*, 73(6), 88-99 (the shape of the curves).

    Examples
    --------
    >>> float(illustrative_loyalty(5, floor=0, power=4))
    100.0
    >>> illustrative_loyalty([1, 3], floor=20, power=2).tolist()
    [20.0, 40.0]
    """
    floor = as_number("floor", floor)
    power = as_number("power", power)
    if floor > 100:
        raise ValueError(f"floor must be in [0, 100] per cent; got {floor:g}")
    if power == 0:
        raise ValueError(f"power must be positive; got {power:g}")
    scalar = np.ndim(satisfaction) == 0
    if scalar:
        s = np.array([as_number("satisfaction", satisfaction, allow_negative=True)])
    else:
        s = as_numbers("satisfaction", satisfaction, allow_negative=True)
    if np.any((s < 1) | (s > 5)):
        bad = s[(s < 1) | (s > 5)][0]
        raise ValueError(f"satisfaction must be in [1, 5]; got {bad:g}")
    loyalty = floor + (100 - floor) * ((s - 1) / 4) ** power
    return float(loyalty[0]) if scalar else loyalty


# --------------------------------------------------------------------------
# churn warning and win-back
# --------------------------------------------------------------------------


def churn_risk(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    now: object = None,
    threshold: float = 2.0,
    min_purchases: int = 2,
) -> pd.DataFrame:
    """Flag customers whose silence is long for them (流失预警).

    For each customer: the last purchase day, ``days_since`` it (as of
    ``now``), and their usual gap, the median number of days between
    consecutive purchase days (distinct days, so two rows on one day are one
    purchase and gaps are at least 1 day). ``ratio = days_since /
    reference_gap`` and ``overdue = ratio > threshold``. The reference gap is
    the customer's own usual gap; a customer with fewer than
    ``min_purchases`` purchase days has no usual gap (NaN) and falls back on
    the population's gap, the median of the usual gaps of the customers who
    have one (one vote per customer, so heavy buyers do not dominate).

    Parameters
    ----------
    transactions : pandas.DataFrame
        Transaction log with a customer and a date column.
    customer : str, default="customer_id"
        Column holding the customer id.
    date : str, default="date"
        Column holding the purchase date.
    now : date-like, default=None
        The day recency is measured at; ``None`` means the day after the last
        transaction. Must not be before any purchase.
    threshold : float, default=2.0
        A customer is overdue when the silence exceeds ``threshold`` times
        the reference gap; positive.
    min_purchases : int, default=2
        Fewest purchase days for a customer's own usual gap; at least 2.

    Returns
    -------
    risk : pandas.DataFrame
        Indexed by customer (sorted), columns ``n_purchases`` (purchase
        days), ``last_purchase``, ``days_since``, ``usual_gap`` (own median
        gap or NaN), ``reference_gap`` (own gap, else the population's),
        ``ratio`` and ``overdue`` (bool).

    See Also
    --------
    crmlab.viz.churn.plot_churn_risk

    Notes
    -----
    Taught in :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    The course slides (客户关系的建立与维护) name churn management as a topic
    (流失管理) but give no warning rule; this rule is this book's, after the
    recency logic of RFM and of "buy-till-you-die" models: Fader, Hardie &
    Lee (2005), RFM and CLV: using iso-value curves for customer base
    analysis, JMR 42(4).

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "customer_id": ["a", "a", "a", "b", "b", "c"],
    ...     "date": ["2024-01-01", "2024-01-11", "2024-01-21", "2024-01-01",
    ...              "2024-01-31", "2024-01-05"]})
    >>> risk = churn_risk(log, now="2024-02-15")
    >>> risk[["days_since", "usual_gap", "reference_gap", "ratio", "overdue"]]
                 days_since  usual_gap  reference_gap  ratio  overdue
    customer_id
    a                    25       10.0           10.0   2.50     True
    b                    15       30.0           30.0   0.50    False
    c                    41        NaN           20.0   2.05     True
    """
    threshold = as_number("threshold", threshold)
    if threshold == 0:
        raise ValueError(f"threshold must be positive; got {threshold:g}")
    min_purchases = check_integer("min_purchases", min_purchases, low=2)
    frame = _log(transactions, customer, date).drop_duplicates()
    frame = frame.sort_values([customer, date])
    last_day = frame[date].max()
    now = last_day + pd.Timedelta(days=1) if now is None else check_now(now, last_day)
    frame["gap"] = frame.groupby(customer)[date].diff().dt.days
    grouped = frame.groupby(customer)
    table = pd.DataFrame(
        {
            "n_purchases": grouped.size(),
            "last_purchase": grouped[date].max(),
            "usual_gap": grouped["gap"].median().astype(float),
        }
    )
    table["days_since"] = (now - table["last_purchase"]).dt.days
    table.loc[table["n_purchases"] < min_purchases, "usual_gap"] = np.nan
    if table["usual_gap"].isna().all():
        raise ValueError(
            f"transactions must have at least one customer with min_purchases="
            f"{min_purchases} purchase days to estimate a usual gap; got none"
        )
    table["reference_gap"] = table["usual_gap"].fillna(table["usual_gap"].median())
    table["ratio"] = table["days_since"] / table["reference_gap"]
    table["overdue"] = table["ratio"] > threshold
    columns = ["n_purchases", "last_purchase", "days_since", "usual_gap"]
    return table[[*columns, "reference_gap", "ratio", "overdue"]]


def _per_customer(name: str, value: object, *, rate: bool) -> object:
    """Return a float, a float Series (keyed input) or a float array."""
    if isinstance(value, (pd.Series, Mapping)):
        series = as_series(name, value)
        values = series.to_numpy()
    elif np.ndim(value) == 0:
        values = series = check_rate(name, value) if rate else as_number(name, value)
    else:
        values = series = as_numbers(name, value)
    if rate and np.any(np.asarray(values) > 1):
        bad = np.asarray(values)[np.asarray(values) > 1].ravel()[0]
        raise ValueError(f"{name} must be in [0, 1]; got {bad:g}")
    return series


def _broadcast(value: object, size: int) -> np.ndarray:
    """Return a writable float array of ``size`` values from a scalar or column."""
    return np.array(np.broadcast_to(np.asarray(value, dtype=float), size))


def _choose(expected: pd.Series, cost: pd.Series, budget: float | None) -> pd.Series:
    """Contact where expected value > 0, best first while the budget lasts."""
    contact = expected > 0
    if budget is None:
        return contact
    order = expected[contact].sort_values(ascending=False, kind="stable").index
    chosen, spent = [], 0.0
    for key in order:
        if spent + cost[key] <= budget:
            chosen.append(key)
            spent += cost[key]
    return pd.Series(expected.index.isin(chosen), index=expected.index)


def winback_value(
    winback_probability: object,
    regained_value: object,
    contact_cost: object,
    *,
    decide: bool = False,
    budget: float | None = None,
) -> object:
    """Expected value of trying to win back a lost customer (流失客户挽回的价值).

    ``expected value = p × regained value − contact cost`` per customer: the
    value regained if the customer comes back (e.g. their lifetime value as a
    returning customer) times the probability the campaign wins them back,
    less what the attempt costs whether or not it works. Contact a customer
    when the expected value is positive. With a ``budget``, contact the
    customers with a positive expected value from the highest expected value
    down, skipping any whose cost no longer fits in what is left.

    Parameters
    ----------
    winback_probability : float, pandas.Series, mapping or sequence of float
        Probability ``p`` that the customer returns if contacted, in [0, 1].
    regained_value : same kinds
        Value of a regained customer, non-negative.
    contact_cost : same kinds
        Cost of the win-back attempt, non-negative.
    decide : bool, default=False
        ``False`` returns the expected values only; ``True`` returns a table
        with the inputs, ``expected_value`` and the ``contact`` decision.
    budget : float, default=None
        Total contact budget; implies ``decide=True``. ``None`` means no
        limit.

    Returns
    -------
    result : float, pandas.Series, numpy.ndarray or pandas.DataFrame
        Expected values (a float for scalar inputs, a Series keyed by
        customer for Series or mapping inputs, an array for sequences), or
        with ``decide``/``budget`` a DataFrame with the columns
        ``winback_probability``, ``regained_value``, ``contact_cost``,
        ``expected_value`` and ``contact``. Scalars are broadcast; keyed
        inputs must hold the same customers; sequences the same length.

    See Also
    --------
    crmlab.viz.churn.plot_winback
    crmlab.viz.churn.plot_winback_break_even

    Notes
    -----
    Taught in :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    The expected-value rule ``p × V − c`` is an elementary decision rule that
    this book uses; neither the course slides nor Thomas et al. state it.
    The course slides (客户关系的建立与维护) name the topic (流失管理: 如何对待
    流失客户; 亡羊补牢); Thomas, J. S., Blattberg, R. C. & Fox, E. J. (2004),
    Recapturing lost customers, JMR 41(1), 31-45 (how the offer affects
    whether and how long a lost customer returns); Griffin, J. &
    Lowenstein, M. W. (2001), Customer Winback.

    Examples
    --------
    >>> round(winback_value(0.3, 500, 60), 2)
    90.0
    >>> p = {"a": 0.3, "b": 0.1, "c": 0.5}
    >>> table = winback_value(p, {"a": 500, "b": 400, "c": 300}, 60, budget=100)
    >>> table[["expected_value", "contact"]]
       expected_value  contact
    a            90.0     True
    b           -20.0    False
    c            90.0    False
    """
    if not isinstance(decide, (bool, np.bool_)):
        raise TypeError(f"decide must be True or False; got {decide!r}")
    if budget is not None:
        budget = as_number("budget", budget)
    inputs = {
        "winback_probability": _per_customer(
            "winback_probability", winback_probability, rate=True
        ),
        "regained_value": _per_customer("regained_value", regained_value, rate=False),
        "contact_cost": _per_customer("contact_cost", contact_cost, rate=False),
    }
    inputs_given = {
        "winback_probability": winback_probability,
        "regained_value": regained_value,
        "contact_cost": contact_cost,
    }
    keyed = {k: v for k, v in inputs.items() if isinstance(v, pd.Series)}
    arrays = {k: v for k, v in inputs.items() if isinstance(v, np.ndarray)}
    if keyed and arrays:
        raise TypeError(
            f"{next(iter(keyed))} and {next(iter(arrays))} must both be keyed by "
            "customer (Series or mappings) or both be plain sequences; got "
            f"{type(inputs_given[next(iter(keyed))]).__name__} and "
            f"{type(inputs_given[next(iter(arrays))]).__name__}"
        )
    if keyed:
        check_same_keys("customers", **keyed)
        index = next(iter(keyed.values())).index
        inputs = {k: v.reindex(index) if k in keyed else v for k, v in inputs.items()}
    elif arrays:
        check_same_length(**arrays)
    p, value, cost = inputs.values()
    expected = p * value - cost
    if not decide and budget is None:
        return expected.rename("expected_value") if keyed else expected
    if keyed:
        index = next(iter(keyed.values())).index.copy()
    else:
        index = pd.RangeIndex(len(next(iter(arrays.values()))) if arrays else 1)
    table = pd.DataFrame(
        {k: _broadcast(v, len(index)) for k, v in inputs.items()}, index=index
    )
    table["expected_value"] = _broadcast(expected, len(index))
    table["contact"] = _choose(table["expected_value"], table["contact_cost"], budget)
    return table
