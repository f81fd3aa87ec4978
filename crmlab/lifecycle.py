"""Customer states and the customer lifecycle: a Markov chain and a stage rule.

客户状态 (非客户, 潜在客户, 现实客户, 流失客户) and 客户生命周期 of chapters 1 and 2.

Naming contract and conventions
-------------------------------
* States are the strings of :data:`CUSTOMER_STATES`, in that order:
  ``"non-customer"``, ``"potential"``, ``"current"``, ``"lost"``. Other
  state names may be passed with ``states=``; every function checks that the
  names it is given are among them.
* A transition matrix is a pandas DataFrame indexed and columned by the same
  states (rows: the state in one period; columns: the state in the next). It
  is *row-stochastic*: every entry is a probability in [0, 1] and every row
  sums to 1 within 1e-6; rows further from 1 are an error,
  rows within it are rescaled to sum to exactly 1.
* A distribution over states (``initial``, a steady state) is a Series keyed
  by state, as counts of customers or as shares. Projections multiply a row
  vector by the matrix: ``n[t + 1] = n[t] @ P``.
* A purchase series is one customer's purchases (or spend) per period, in
  time order: finite, non-negative numbers. Stages are the strings of
  :data:`LIFECYCLE_STAGES` and patterns those of :data:`LIFECYCLE_PATTERNS`.
  The stage and pattern rule is this book's operationalisation of the four
  stages and four patterns; the course documents describe the stages and
  patterns in words and pictures but give no numeric rule.

References
----------
客户关系管理(慕课版) 第1章: customer types and states, the four states'
transitions, the four lifecycle stages and the four lifecycle patterns.

客户关系管理试题与知识点: the five-stage lifecycle (潜在获取期 ... 客户终止期).
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
    check_option,
    check_rate,
    check_same_keys,
    check_same_length,
)

__all__ = [
    "CUSTOMER_STATES",
    "LIFECYCLE_PATTERNS",
    "LIFECYCLE_STAGES",
    "lifecycle_pattern",
    "lifecycle_stage",
    "project_states",
    "steady_state",
    "transition_matrix",
]

#: The four customer states of chapter 1, in order (非客户, 潜在, 现实, 流失).
CUSTOMER_STATES = ("non-customer", "potential", "current", "lost")

#: The stages :func:`lifecycle_stage` gives, in order (开发期, 成长期, 成熟期,
#: 衰退期, 终止期).
LIFECYCLE_STAGES = ("development", "growth", "maturity", "decline", "termination")

#: The four lifecycle patterns (早期流产型, 中途夭折型, 提前退出型, 长久保持型).
LIFECYCLE_PATTERNS = ("early abortion", "mid-way death", "early exit", "long-lasting")

# How far a row of a transition matrix may be from summing to 1.
_ROW_TOLERANCE = 1e-6


def _check_states(states: object) -> tuple:
    if isinstance(states, (str, bytes)) or not isinstance(states, Iterable):
        raise TypeError(
            f"states must be a sequence of state names; got {type(states).__name__}"
        )
    states = tuple(states)
    if len(states) < 2:
        raise ValueError(f"states must name at least two states; got {states!r}")
    if len(set(states)) != len(states):
        raise ValueError(f"states must not repeat a name; got {states!r}")
    return states


def _labels(name: str, values: object, states: tuple) -> pd.Series:
    """A copy of a sequence of state names as a Series, each checked."""
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(
            f"{name} must be a sequence of state names; got {type(values).__name__}"
        )
    series = values.copy() if isinstance(values, pd.Series) else pd.Series(list(values))
    if series.empty:
        raise ValueError(f"{name} must not be empty; got no observations")
    for position, label in enumerate(series.to_numpy()):
        if label not in states:
            raise ValueError(
                f"{name} must hold only the states {list(states)}; "
                f"got {label!r} at position {position}"
            )
    return series


def _check_matrix(matrix: object) -> pd.DataFrame:
    """The one transition-matrix check: square, same states, row-stochastic."""
    frame = check_frame("matrix", matrix, [])
    if list(frame.index) != list(frame.columns):
        raise ValueError(
            "matrix must have the same states, in the same order, as its index and "
            f"columns; got index {list(frame.index)} and columns {list(frame.columns)}"
        )
    _check_states(frame.index)
    rows = []
    for state, row in frame.iterrows():
        values = as_numbers(
            f"matrix row {state!r}", row.to_numpy(), allow_negative=True
        )
        if (values < 0).any() or (values > 1).any():
            bad = values[(values < 0) | (values > 1)][0]
            raise ValueError(
                f"matrix row {state!r} must hold probabilities in [0, 1]; got {bad:g}"
            )
        total = values.sum()
        if abs(total - 1.0) > _ROW_TOLERANCE:
            raise ValueError(
                f"matrix row {state!r} must sum to 1 (within {_ROW_TOLERANCE:g}); "
                f"got {total:.6g}"
            )
        rows.append(values / total)
    return pd.DataFrame(rows, index=frame.index.copy(), columns=frame.columns.copy())


def transition_matrix(
    before: object,
    after: object,
    *,
    states: Iterable[str] = CUSTOMER_STATES,
    prior: str | None = None,
) -> pd.DataFrame:
    """Estimate the state-transition matrix from two periods' observed states.

    客户状态转移矩阵: the share of customers in each state of one period
    (``before``) who are in each state of the next period (``after``). Row
    ``i``, column ``j`` is the estimated probability ``p_ij = n_ij / n_i`` that
    a customer in state ``i`` moves to state ``j``.

    Parameters
    ----------
    before, after : sequence or pandas.Series of str, no default
        The state of each customer in one period and in the next. Two
        sequences are paired by position and must be equally long; two
        Series are paired by index and must hold the same customers.
    states : sequence of str, default=CUSTOMER_STATES
        The state names, in the order of the matrix's rows and columns.
    prior : {None, "stay", "uniform"}, default=None
        What to do with a state that no customer is in ``before`` (no row can
        be estimated). ``None`` raises a ``ValueError`` naming the state;
        ``"stay"`` gives it the row of a customer who stays where she is (1 on
        the diagonal); ``"uniform"`` spreads the row evenly over all states.

    Returns
    -------
    pandas.DataFrame
        Row-stochastic matrix, index ``before`` and columns ``after``, both
        in the order of ``states``.

    References
    ----------
    客户关系管理(慕课版) 第1章: the four states and the transitions between
    them. The estimate is the usual maximum-likelihood estimate of a Markov
    chain's transition probabilities (counts divided by row totals).

    Examples
    --------
    >>> before = ["potential", "potential", "current", "current", "lost"]
    >>> after = ["current", "potential", "current", "lost", "potential"]
    >>> transition_matrix(before, after, states=["potential", "current", "lost"])
    after      potential  current  lost
    before
    potential        0.5      0.5   0.0
    current          0.0      0.5   0.5
    lost             1.0      0.0   0.0
    """
    states = _check_states(states)
    check_option("prior", prior, (None, "stay", "uniform"))
    before_ = _labels("before", before, states)
    after_ = _labels("after", after, states)
    if isinstance(before, pd.Series) and isinstance(after, pd.Series):
        check_same_keys("customers", before=before_, after=after_)
        after_ = after_.reindex(before_.index)
    else:
        check_same_length(before=before_, after=after_)
        before_ = before_.reset_index(drop=True)
        after_ = after_.reset_index(drop=True)
    counts = pd.crosstab(
        pd.Categorical(before_, categories=states),
        pd.Categorical(after_, categories=states),
        dropna=False,
    ).reindex(index=list(states), columns=list(states), fill_value=0)
    counts = counts.astype(float)
    totals = counts.sum(axis=1)
    empty = [state for state in states if totals[state] == 0]
    if empty and prior is None:
        raise ValueError(
            f"before has no customer in state {empty[0]!r}, so its row cannot be "
            "estimated; pass prior='stay' or prior='uniform' to fill it; got 0 "
            f"observations in {empty}"
        )
    for state in empty:
        counts.loc[state] = (
            [1.0 if s == state else 0.0 for s in states]
            if prior == "stay"
            else [1.0] * len(states)
        )
    matrix = counts.div(counts.sum(axis=1), axis=0)
    matrix.index = pd.Index(list(states), name="before")
    matrix.columns = pd.Index(list(states), name="after")
    return matrix


def project_states(
    initial: pd.Series | Mapping,
    matrix: pd.DataFrame,
    periods: int,
    *,
    shares: bool = False,
) -> pd.DataFrame:
    """Project the expected number of customers in each state forward.

    客户状态预测: starting from the counts ``initial`` in period 0, each
    period multiplies by the transition matrix, ``n[t + 1] = n[t] @ P``. The
    total number of customers is the same in every period.

    Parameters
    ----------
    initial : pandas.Series or mapping, no default
        Customers (or shares) in each state in period 0, keyed by the
        matrix's states; non-negative, not all zero.
    matrix : pandas.DataFrame, no default
        Row-stochastic transition matrix (see :func:`transition_matrix`).
    periods : int, no default
        Number of periods to project, at least 0.
    shares : bool, default=False
        Divide each period by the total, so that rows sum to 1.

    Returns
    -------
    pandas.DataFrame
        One row per period ``0 .. periods`` (index ``period``), one column per
        state in the matrix's order. Row 0 equals ``initial``.

    Examples
    --------
    >>> P = pd.DataFrame([[0.8, 0.2], [0.5, 0.5]], index=["current", "lost"],
    ...                  columns=["current", "lost"])
    >>> project_states({"current": 100, "lost": 0}, P, 2)
            current  lost
    period
    0         100.0   0.0
    1          80.0  20.0
    2          74.0  26.0
    """
    matrix = _check_matrix(matrix)
    start = as_series("initial", initial)
    check_same_keys("states", initial=start, matrix=matrix)
    if start.sum() <= 0:
        raise ValueError(f"initial must not be all zero; got total {start.sum():g}")
    periods = check_integer("periods", periods, low=0)
    if not isinstance(shares, (bool, np.bool_)):
        raise TypeError(f"shares must be True or False; got {shares!r}")
    row = start.reindex(matrix.index).to_numpy()
    step = matrix.to_numpy()
    rows = [row]
    for _ in range(periods):
        row = row @ step
        rows.append(row)
    result = pd.DataFrame(
        rows,
        index=pd.RangeIndex(periods + 1, name="period"),
        columns=list(matrix.columns),
    )
    if shares:
        result = result.div(start.sum())
    return result


def _closed_classes(step: np.ndarray) -> list[list[int]]:
    """The closed communicating classes of a chain (indices, in order)."""
    n = len(step)
    reach = (step > 0) | np.eye(n, dtype=bool)
    for k in range(n):  # transitive closure (Warshall)
        reach = reach | (reach[:, [k]] & reach[[k], :])
    classes, seen = [], set()
    for i in range(n):
        if i in seen:
            continue
        members = [j for j in range(n) if reach[i, j] and reach[j, i]]
        seen.update(members)
        outside = [j for j in range(n) if j not in members]
        if not reach[np.ix_(members, outside)].any():
            classes.append(members)
    return classes


def steady_state(matrix: pd.DataFrame) -> pd.Series:
    """The long-run distribution of a transition matrix.

    稳态分布: the shares ``pi`` with ``pi @ P = pi`` and ``sum(pi) = 1``. When
    the chain has exactly one closed class of states (a set the customers
    cannot leave) this distribution is unique; it is the long-run share of
    customers in each state whatever the starting mix (for an aperiodic
    chain), and the long-run share of time a customer spends in each state.

    Parameters
    ----------
    matrix : pandas.DataFrame, no default
        Row-stochastic transition matrix (see :func:`transition_matrix`).

    Returns
    -------
    pandas.Series
        Share of each state, in the matrix's order, named ``steady_state``;
        sums to 1 and is unchanged by one more step.

    Raises
    ------
    ValueError
        When the chain has more than one closed class (for example an
        absorbing "lost" state next to another closed class), so the long
        run depends on where customers start; the message names the classes.

    Examples
    --------
    >>> P = pd.DataFrame([[0.8, 0.2], [0.5, 0.5]], index=["current", "lost"],
    ...                  columns=["current", "lost"])
    >>> steady_state(P).round(4)
    current    0.7143
    lost       0.2857
    Name: steady_state, dtype: float64
    """
    matrix = _check_matrix(matrix)
    step = matrix.to_numpy()
    classes = _closed_classes(step)
    if len(classes) != 1:
        names = [[matrix.index[i] for i in members] for members in classes]
        raise ValueError(
            "matrix must have exactly one closed class of states for a unique "
            f"steady state; got {len(classes)} closed classes: {names}"
        )
    n = len(step)
    system = np.vstack([step.T - np.eye(n), np.ones(n)])
    target = np.zeros(n + 1)
    target[-1] = 1.0
    shares, *_ = np.linalg.lstsq(system, target, rcond=None)
    shares = np.clip(shares, 0.0, None)
    return pd.Series(
        shares / shares.sum(), index=matrix.index.copy(), name="steady_state"
    )


def _purchases(series: object) -> pd.Series:
    if isinstance(series, pd.Series):
        values = as_numbers("series", series.to_numpy())
        return pd.Series(values, index=series.index.copy(), name=series.name)
    values = as_numbers("series", series)
    return pd.Series(values, index=pd.RangeIndex(len(values), name="period"))


def _rule(
    mature_level: object,
    mature_share: object,
    growth_share: object,
    decline_share: object,
) -> tuple[float, float, float, float]:
    level = as_number("mature_level", mature_level)
    if level <= 0:
        raise ValueError(f"mature_level must be positive; got {level:g}")
    mature = check_rate("mature_share", mature_share, low_open=True)
    growth = check_rate("growth_share", growth_share, low_open=True)
    if growth >= mature:
        raise ValueError(
            "growth_share must be below mature_share; "
            f"got growth_share={growth:g} and mature_share={mature:g}"
        )
    decline = check_rate("decline_share", decline_share, low_open=True, high_open=True)
    return level, mature, growth, decline


def lifecycle_stage(
    series: object,
    *,
    mature_level: float,
    mature_share: float = 0.8,
    growth_share: float = 0.3,
    decline_share: float = 0.7,
) -> pd.Series:
    """The lifecycle stage of each period of one customer's purchase series.

    客户生命周期阶段 (开发期, 成长期, 成熟期, 衰退期, 终止期). This is the
    book's rule, not the course documents' (they describe the stages in
    words). With ``L = mature_level``, ``x_t`` the purchases in period ``t``
    and ``M_t`` the highest purchases up to and including ``t``:

    * ``termination`` — every period after the last period with purchases;
    * ``development`` — ``M_t < growth_share × L``: purchases have never
      reached the growth threshold;
    * ``decline`` — ``x_t < decline_share × M_t``: purchases have fallen
      below ``decline_share`` of the peak so far;
    * ``maturity`` — ``M_t ≥ mature_share × L``: purchases have reached the
      mature level and have not fallen back;
    * ``growth`` — otherwise.

    The tests are applied in this order, so each period gets one stage.

    Parameters
    ----------
    series : sequence or pandas.Series of float, no default
        Purchases (or spend) per period, in time order; finite, non-negative,
        at least one period.
    mature_level : float, no default
        The purchases per period of a typical mature customer (in the
        series' unit); positive.
    mature_share : float, default=0.8
        Share of ``mature_level`` that counts as mature; in (0, 1].
    growth_share : float, default=0.3
        Share of ``mature_level`` that ends development; in (0, 1], below
        ``mature_share``.
    decline_share : float, default=0.7
        A period is in decline when purchases are below this share of the
        peak so far; in (0, 1).

    Returns
    -------
    pandas.Series
        The stage of each period (strings of :data:`LIFECYCLE_STAGES`),
        indexed like ``series`` (``period`` 0, 1, ... for a plain sequence),
        named ``stage``.

    Examples
    --------
    >>> lifecycle_stage([10, 40, 90, 100, 95, 50, 0], mature_level=100).tolist()
    ['development', 'growth', 'maturity', 'maturity', 'maturity', 'decline',
     'termination']
    """
    x = _purchases(series)
    level, mature, growth, decline = _rule(
        mature_level, mature_share, growth_share, decline_share
    )
    values = x.to_numpy()
    peak = np.maximum.accumulate(values)
    buying = np.flatnonzero(values > 0)
    last = buying[-1] if len(buying) else -1
    stages = []
    for t, (value, top) in enumerate(zip(values, peak, strict=True)):
        if t > last and last >= 0:
            stages.append("termination")
        elif top < growth * level:
            stages.append("development")
        elif value < decline * top:
            stages.append("decline")
        elif top >= mature * level:
            stages.append("maturity")
        else:
            stages.append("growth")
    return pd.Series(stages, index=x.index.copy(), name="stage")


def lifecycle_pattern(
    series: object,
    *,
    mature_level: float,
    mature_share: float = 0.8,
    growth_share: float = 0.3,
    decline_share: float = 0.7,
    long_periods: int = 4,
) -> str:
    """The lifecycle pattern of one customer's purchase series.

    客户生命周期模式 (早期流产型, 中途夭折型, 提前退出型, 长久保持型). The
    book's rule on the stages of :func:`lifecycle_stage`:

    * ``early abortion`` — the series never leaves development;
    * ``mid-way death`` — it reaches growth but never maturity;
    * ``long-lasting`` — it has at least ``long_periods`` periods in maturity;
    * ``early exit`` — it reaches maturity for fewer periods.

    A relationship still running when the data end is judged by how far it
    has got so far.

    Parameters
    ----------
    series : sequence or pandas.Series of float, no default
        Purchases per period, as for :func:`lifecycle_stage`; at least
        ``long_periods`` periods (a shorter series could never be
        long-lasting).
    mature_level, mature_share, growth_share, decline_share : float
        The stage rule's thresholds, as for :func:`lifecycle_stage`.
    long_periods : int, default=4
        Periods in maturity that make a relationship long-lasting; at least 1.

    Returns
    -------
    str
        One of :data:`LIFECYCLE_PATTERNS`.

    References
    ----------
    客户关系管理(慕课版) 第1章, 1.2.3: the four patterns, drawn as curves.

    Examples
    --------
    >>> lifecycle_pattern([5, 10, 0, 0, 0, 0], mature_level=100)
    'early abortion'
    >>> lifecycle_pattern([20, 60, 100, 100, 100, 100, 90], mature_level=100)
    'long-lasting'
    """
    long_periods = check_integer("long_periods", long_periods, low=1)
    x = _purchases(series)
    if len(x) < long_periods:
        raise ValueError(
            f"series must have at least long_periods={long_periods} periods; "
            f"got {len(x)}"
        )
    stages = lifecycle_stage(
        x,
        mature_level=mature_level,
        mature_share=mature_share,
        growth_share=growth_share,
        decline_share=decline_share,
    )
    mature_periods = int((stages == "maturity").sum())
    if mature_periods >= long_periods:
        return "long-lasting"
    if mature_periods > 0:
        return "early exit"
    if stages.isin(["growth", "decline"]).any():
        return "mid-way death"
    return "early abortion"
