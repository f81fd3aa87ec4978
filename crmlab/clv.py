"""Probabilistic customer lifetime value: BG/NBD and Gamma-Gamma (概率型客户终身价值).

The "buy till you die" models of Fader, Hardie & Lee (2005a, 2005b) for a
business where customers can stop buying without telling anyone (a
non-contractual setting, 非契约型关系): while a customer is alive (活跃) she
buys at her own Poisson rate; after any purchase she may die (流失) with her
own probability; the rates and probabilities vary across customers (gamma and
beta distributions), and so does the mean value of a purchase (gamma-gamma).

Naming contract and conventions
-------------------------------
- A *summary* is one row per customer, indexed by customer, with the columns
  that :func:`customer_summary` makes:

  ``frequency``
      The number of **repeat** purchase days: purchase days after the first
      (``x`` in the papers). Several rows on one day are one purchase.
  ``recency``
      The customer's **age** at her last purchase: the time from her first to
      her last purchase day (``t_x``); 0 when ``frequency`` is 0.
  ``T``
      The customer's age at the end of the data: the time from her first
      purchase day to the ``end`` day (``T``).
  ``monetary``
      The **mean** value of her repeat purchase days (``m_x``); the first
      purchase is left out, as in the papers; 0 when ``frequency`` is 0.

- Time is in days (``freq="D"``) or in weeks of seven days (``freq="W"``,
  fractional: 10 days are 1.43 weeks), as in Fader, Hardie & Lee, whose
  CDNOW figures are in weeks. A model's ``alpha`` and every ``t`` are in the
  summary's unit.
- These differ from :func:`crmlab.classify.rfm_table`, which counts every
  purchase (row) in ``frequency``, measures ``recency`` backwards from
  ``now`` to the last purchase, and sums (not averages) the spend.
- Parameters are :class:`pandas.Series`: BG/NBD ``r, alpha, a, b``;
  Gamma-Gamma ``p, q, gamma``. Any mapping with those keys is accepted.
- Lifetime values follow :mod:`crmlab.value`: the cash of discount period
  ``i`` (``i = 1..n``) arrives at its **end** and is discounted by
  ``(1 + d) ** i``, or by ``(1 + d) ** (i - 1)`` with ``timing="start"``;
  ``discount_rate`` is per discount period.
- Fits are by maximum likelihood (:func:`scipy.optimize.minimize`, BFGS,
  analytic gradients, on the logarithms of the parameters so that they stay
  positive); the gamma functions are evaluated once per distinct frequency.
  A fit that does not converge raises ``RuntimeError`` with the optimiser's
  message.

References
----------
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005a). "Counting your
customers" the easy way: an alternative to the Pareto/NBD model. Marketing
Science, 24(2), 275-284.

Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005b). RFM and CLV: using
iso-value curves for customer base analysis. Journal of Marketing Research,
42(4), 415-430.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import optimize, special

from crmlab._validation import (
    as_number,
    check_frame,
    check_option,
    check_rate,
    check_transactions,
)

__all__ = [
    "bgnbd_log_likelihood",
    "customer_summary",
    "expected_purchases",
    "expected_spend",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "gamma_gamma_log_likelihood",
    "probabilistic_clv",
    "probability_alive",
]

_FREQS = {"D": 1.0, "W": 7.0}
_TIMINGS = ("end", "start")
_BGNBD = ("r", "alpha", "a", "b")
_GAMMA_GAMMA = ("p", "q", "gamma")


# --------------------------------------------------------------------------
# Checks private to this module


def _summary(summary: object, columns: tuple[str, ...]) -> pd.DataFrame:
    """Check a customer summary and return ``columns`` as a float copy.

    ``frequency`` must hold whole numbers >= 0, ``recency`` numbers in
    ``[0, T]`` (0 when ``frequency`` is 0), ``T`` positive numbers and
    ``monetary`` non-negative numbers, positive for repeat buyers.
    """
    summary = check_frame("summary", summary, columns)
    frame = pd.DataFrame(index=summary.index.copy())
    for column in columns:
        values = summary[column]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(
            values
        ):
            raise TypeError(
                f"summary column {column!r} must hold numbers; got dtype {values.dtype}"
            )
        array = values.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(array)
        if bad.any():
            _reject(column, "finite numbers", array, bad, summary.index)
        frame[column] = array
    x = frame["frequency"].to_numpy()
    _reject_where(
        "frequency",
        "whole numbers of repeat purchases (0, 1, 2, ...)",
        x,
        (x < 0) | (x != np.floor(x)),
        summary.index,
    )
    if "T" in frame:
        big_t = frame["T"].to_numpy()
        _reject_where(
            "T",
            "positive ages (a customer first seen on the last day has T = 0 and "
            "tells the model nothing: drop such rows)",
            big_t,
            big_t <= 0,
            summary.index,
        )
    if "recency" in frame:
        t_x = frame["recency"].to_numpy()
        _reject_where("recency", "non-negative ages", t_x, t_x < 0, summary.index)
        if "T" in frame:
            over = t_x > frame["T"].to_numpy()
            if over.any():
                i = int(np.flatnonzero(over)[0])
                raise ValueError(
                    "summary column 'recency' must not exceed T (the last purchase "
                    f"cannot come after the end of the data); got recency {t_x[i]:g} "
                    f"> T {frame['T'].iloc[i]:g} for customer {summary.index[i]!r}"
                )
        _reject_where(
            "recency",
            "0 for customers with frequency 0 (their last purchase is their first)",
            t_x,
            (x == 0) & (t_x != 0),
            summary.index,
        )
    if "monetary" in frame:
        m = frame["monetary"].to_numpy()
        _reject_where("monetary", "non-negative amounts", m, m < 0, summary.index)
    return frame


def _reject(column: str, allowed: str, values, bad, index) -> None:
    i = int(np.flatnonzero(bad)[0])
    raise ValueError(
        f"summary column {column!r} must hold {allowed}; "
        f"got {values[i]:g} for customer {index[i]!r}"
    )


def _reject_where(column: str, allowed: str, values, bad, index) -> None:
    if bad.any():
        _reject(column, allowed, values, bad, index)


def _params(name: str, params: object, keys: tuple[str, ...]) -> dict[str, float]:
    """Return the named model parameters as positive finite floats."""
    if isinstance(params, pd.Series):
        params = params.to_dict()
    if not isinstance(params, Mapping):
        raise TypeError(
            f"{name} must be a pandas Series or a mapping with the keys "
            f"{list(keys)}; got {type(params).__name__}"
        )
    missing = [key for key in keys if key not in params]
    if missing:
        raise ValueError(
            f"{name} must have the keys {list(keys)}; missing {missing}, "
            f"got {list(params)}"
        )
    values = {}
    for key in keys:
        value = params[key]
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name}[{key!r}] must be a real number; got {value!r}")
        number = float(value)
        if not np.isfinite(number) or number <= 0:
            raise ValueError(
                f"{name}[{key!r}] must be a finite positive number; got {number}"
            )
        values[key] = number
    return values


def _horizon(name: str, value: object) -> float:
    return as_number(name, value)


def _dot(left: np.ndarray, right: np.ndarray) -> float:
    """Sum of products without BLAS, whose threads can stall on a busy machine."""
    return float((left * right).sum())


class _Counts:
    """Customers' frequencies as distinct values, an index into them and counts.

    The gamma and digamma functions of a likelihood depend on a customer only
    through her frequency, which takes few distinct values, so they are
    evaluated once per value and summed with the counts.
    """

    def __init__(self, x: np.ndarray):
        self.values, self.inverse, counts = np.unique(
            x, return_inverse=True, return_counts=True
        )
        self.counts = counts.astype(float)
        self.x = x

    def total(self, per_value: np.ndarray) -> float:
        return _dot(self.counts, per_value)


def _minimise(name: str, objective, start: np.ndarray) -> np.ndarray:
    """Minimise ``objective`` (value and gradient) by BFGS; raise if it fails.

    BFGS rather than L-BFGS-B: with four parameters its dense updates are
    cheap, while L-BFGS-B's fixed overhead was three times the whole fit.
    BFGS sometimes stops on "precision loss" at the optimum itself; that is
    accepted only when the gradient there is negligible.
    """
    with np.errstate(all="ignore"):
        result = optimize.minimize(
            objective, start, jac=True, method="BFGS", options={"gtol": 1e-8}
        )
    converged = result.success or (
        result.status == 2 and np.max(np.abs(result.jac)) < 1e-6
    )
    if not converged or not np.all(np.isfinite(result.x)):
        raise RuntimeError(
            f"the {name} fit did not converge: {result.message} "
            f"(after {result.nit} iterations, log-parameters {result.x})"
        )
    return np.exp(result.x)


# --------------------------------------------------------------------------
# The summary


def customer_summary(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    end: object = None,
    freq: str = "D",
) -> pd.DataFrame:
    """Summarise a transaction log for the BG/NBD and Gamma-Gamma models.

    For each customer: the number of repeat purchase days ``frequency``
    (重复购买次数), her age at the last purchase ``recency``, her age at the
    end of the data ``T`` and the mean value of her repeat purchases
    ``monetary``. Rows on the same day are one purchase whose value is their
    sum; purchases after ``end`` are left out (they belong to a holdout
    period), and so are customers whose first purchase is after ``end``.

    How this differs from :func:`crmlab.classify.rfm_table` on the same log
    (with at most one row per customer and day, and ``now`` equal to
    ``end``): RFM ``frequency`` counts every purchase, here the repeat ones
    (``rfm.frequency == frequency + 1``); RFM ``recency`` runs from the last
    purchase to ``now``, here from the first purchase to the last
    (``rfm.recency == T - recency``, in days); RFM ``monetary`` is the total
    spend, here the mean of the repeat purchases, so the first purchase is
    not in it.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase; not modified.
    customer : str, default="customer_id"
        Column of customer ids; no missing ids.
    date : str, default="date"
        Column of purchase dates (datetime64, or text that
        ``pandas.to_datetime`` reads). Times of day are ignored.
    amount : str, default="amount"
        Column of purchase amounts: finite and non-negative.
    end : str or datetime-like, default=None
        Last day of the calibration period; ``None`` means the day of the
        last transaction. Must not be before the first transaction.
    freq : {"D", "W"}, default="D"
        Unit of ``recency`` and ``T``: days, or weeks of seven days
        (fractional, as in Fader, Hardie & Lee).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), with columns ``frequency`` (int),
        ``recency``, ``T`` and ``monetary`` (float). A customer whose first
        purchase is on ``end`` has ``T = 0``; the model fits reject such rows.

    References
    ----------
    Fader, Hardie & Lee (2005a), section 2 (the summary ``(x, t_x, T)``);
    Fader, Hardie & Lee (2005b), section on monetary value (``m_x``).

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "customer_id": ["a", "a", "b", "a", "c"],
    ...     "date": pd.to_datetime(["2025-01-01", "2025-01-08", "2025-01-03",
    ...                             "2025-01-15", "2025-01-15"]),
    ...     "amount": [20.0, 10.0, 35.0, 30.0, 5.0]})
    >>> customer_summary(log, end="2025-01-22")
                 frequency  recency     T  monetary
    customer_id
    a                    2     14.0  21.0      20.0
    b                    0      0.0  19.0       0.0
    c                    0      0.0   7.0       0.0
    >>> customer_summary(log, end="2025-01-22", freq="W").round(2)
                 frequency  recency     T  monetary
    customer_id
    a                    2      2.0  3.00      20.0
    b                    0      0.0  2.71       0.0
    c                    0      0.0  1.00       0.0
    """
    frame = check_transactions(
        transactions, customer=customer, date=date, amount=amount
    )
    frame[amount] = frame[amount].astype(float)
    check_option("freq", freq, tuple(_FREQS))
    if end is None:
        last = frame[date].max()
    else:
        try:
            last = pd.Timestamp(end).normalize()
        except (TypeError, ValueError) as error:
            raise ValueError(f"end must be a date; got {end!r} ({error})") from None
        if pd.isna(last):
            raise ValueError(f"end must be a date; got {end!r}")
        if last < frame[date].min():
            raise ValueError(
                "end must not be before the first transaction "
                f"({frame[date].min():%Y-%m-%d}); got {last:%Y-%m-%d}"
            )
    frame = frame[frame[date] <= last]
    days = frame.groupby([customer, date], sort=True, observed=True)[amount].sum()
    days = days.reset_index()
    first = days.groupby(customer, sort=False, observed=True)[date].transform("min")
    repeat = days[date] > first
    grouped = days.assign(first=first, repeat=repeat, value=days[amount].where(repeat))
    table = grouped.groupby(customer, sort=True, observed=True).agg(
        frequency=("repeat", "sum"),
        first=("first", "min"),
        last=(date, "max"),
        spend=("value", "sum"),
    )
    scale = _FREQS[freq]
    frequency = table["frequency"].astype("int64")
    mean_spend = (table["spend"] / frequency.where(frequency > 0)).fillna(0.0)
    return pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (table["last"] - table["first"]).dt.days / scale,
            "T": (last - table["first"]).dt.days / scale,
            "monetary": mean_spend.astype(float),
        },
        index=table.index,
    )


# --------------------------------------------------------------------------
# BG/NBD


def _bgnbd_terms(theta, counts: _Counts, t_x, big_t, *, gradient: bool):
    """Log-likelihood of the BG/NBD and its gradient in log-parameters."""
    r, alpha, a, b = theta
    xs, x = counts.values, counts.x
    # Terms that depend on the customer only through x: once per distinct x.
    per_x = (
        special.gammaln(r + xs)
        - special.gammaln(r)
        + r * np.log(alpha)
        + special.gammaln(a + b)
        + special.gammaln(b + xs)
        - special.gammaln(b)
        - special.gammaln(a + b + xs)
    )
    b_x = np.where(xs > 0, b + xs - 1, 1.0)
    log_b_x = np.log(b_x)[counts.inverse]
    # Terms that depend on t_x and T: once per customer.
    log_t = np.log(alpha + big_t)
    log_tx = np.log(alpha + t_x)
    a3 = -(r + x) * log_t
    a4 = np.where(x > 0, np.log(a) - log_b_x - (r + x) * log_tx, -np.inf)
    tail = np.logaddexp(a3, a4)
    value = counts.total(per_x) + float(tail.sum())
    if not gradient:
        return value, None
    w4 = np.exp(a4 - tail)  # share of "died just after the last purchase"
    w3 = 1.0 - w4
    psi_ab, psi_abx = special.digamma(a + b), special.digamma(a + b + xs)
    n = counts.counts.sum()
    d_r = counts.total(special.digamma(r + xs) - special.digamma(r) + np.log(alpha))
    d_r -= float(_dot(w3, log_t) + _dot(w4, log_tx))
    d_alpha = n * r / alpha - _dot(r + x, w3 / (alpha + big_t) + w4 / (alpha + t_x))
    d_a = counts.total(psi_ab - psi_abx) + float(w4.sum()) / a
    d_b = counts.total(
        special.digamma(b + xs) + psi_ab - special.digamma(b) - psi_abx
    ) - _dot(w4, np.exp(-log_b_x))
    return value, np.array([d_r * r, d_alpha * alpha, d_a * a, d_b * b])


def bgnbd_log_likelihood(params: object, summary: pd.DataFrame) -> float:
    """Log-likelihood of a customer summary under the BG/NBD model.

    ``LL = sum ln[ B(a, b+x)/B(a, b) * Γ(r+x) α^r / Γ(r) * ((α+T)^-(r+x)
    + [x>0] a/(b+x-1) (α+t_x)^-(r+x)) ]`` (对数似然), equation (6) of
    Fader, Hardie & Lee (2005a).

    Parameters
    ----------
    params : pandas.Series or mapping
        ``r``, ``alpha``, ``a``, ``b``, all positive.
    summary : pandas.DataFrame
        Columns ``frequency``, ``recency`` and ``T`` (see
        :func:`customer_summary`); not modified.

    Returns
    -------
    float
        The log-likelihood, in the summary's time unit.

    References
    ----------
    Fader, Hardie & Lee (2005a), equation (6).

    Examples
    --------
    >>> summary = pd.DataFrame({"frequency": [2, 0], "recency": [30.43, 0.0],
    ...                         "T": [38.86, 38.86]})
    >>> params = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    >>> round(bgnbd_log_likelihood(params, summary), 4)
    -10.0133
    """
    theta = _params("params", params, _BGNBD)
    frame = _summary(summary, ("frequency", "recency", "T"))
    x, t_x, big_t = (frame[c].to_numpy() for c in ("frequency", "recency", "T"))
    value, _ = _bgnbd_terms(
        tuple(theta.values()), _Counts(x), t_x, big_t, gradient=False
    )
    return value


def fit_bgnbd(summary: pd.DataFrame) -> pd.Series:
    """Fit the BG/NBD model by maximum likelihood (BG/NBD 模型的参数估计).

    While alive, a customer buys at rate ``λ`` (Poisson); rates vary across
    customers as gamma(``r``, ``alpha``). After each purchase she dies with
    probability ``p``; these vary as beta(``a``, ``b``).

    Parameters
    ----------
    summary : pandas.DataFrame
        Columns ``frequency``, ``recency`` and ``T`` (see
        :func:`customer_summary`), with ``T > 0`` and at least one repeat
        buyer; not modified.

    Returns
    -------
    pandas.Series
        ``r``, ``alpha`` (in the summary's time unit), ``a`` and ``b``,
        named ``"bgnbd"``.

    Raises
    ------
    ValueError
        If nobody repeats (the model is not identified) or a column is bad.
    RuntimeError
        If the optimiser does not converge; the message is the optimiser's.

    References
    ----------
    Fader, Hardie & Lee (2005a): on CDNOW in weeks, r = 0.243,
    alpha = 4.414, a = 0.793, b = 2.426.

    Examples
    --------
    >>> from crmlab.datasets import load_cdnow
    >>> summary = customer_summary(load_cdnow(), end="1997-09-30", freq="W")
    >>> fit_bgnbd(summary).round(3)
    r        0.243
    alpha    4.414
    a        0.793
    b        2.426
    Name: bgnbd, dtype: float64
    """
    frame = _summary(summary, ("frequency", "recency", "T"))
    if not (frame["frequency"] > 0).any():
        raise ValueError(
            "summary column 'frequency' must have at least one repeat buyer; "
            "got 0 for every customer, and without repeat purchases the BG/NBD "
            "model is not identified (its death process is never observed)"
        )
    scale = float(frame["T"].mean())
    counts = _Counts(frame["frequency"].to_numpy())
    t_x = frame["recency"].to_numpy() / scale
    big_t = frame["T"].to_numpy() / scale
    total = float(len(frame))

    def objective(log_theta):
        value, grad = _bgnbd_terms(np.exp(log_theta), counts, t_x, big_t, gradient=True)
        return -value / total, -grad / total

    r, alpha, a, b = _minimise("BG/NBD", objective, np.zeros(4))
    return pd.Series({"r": r, "alpha": alpha * scale, "a": a, "b": b}, name="bgnbd")


def _bgnbd_inputs(params, summary):
    theta = _params("params", params, _BGNBD)
    frame = _summary(summary, ("frequency", "recency", "T"))
    x, t_x, big_t = (frame[c].to_numpy() for c in ("frequency", "recency", "T"))
    return theta, frame.index, x, t_x, big_t


def _log_odds_dead(theta, x, t_x, big_t):
    """ln of [x>0] a/(b+x-1) ((α+T)/(α+t_x))^(r+x); -inf when x = 0."""
    r, alpha, a, b = (theta[k] for k in _BGNBD)
    repeat = x > 0
    value = (
        np.log(a)
        - np.log(np.where(repeat, b + x - 1, 1.0))
        + (r + x) * (np.log(alpha + big_t) - np.log(alpha + t_x))
    )
    return np.where(repeat, value, -np.inf)


def probability_alive(params: object, summary: pd.DataFrame) -> pd.Series:
    """Probability that each customer is still alive at ``T`` (存活概率).

    ``P(alive | x, t_x, T) = 1 / (1 + [x>0] a/(b+x-1) ((α+T)/(α+t_x))^(r+x))``.
    A customer with no repeat purchase has not yet had a chance to die, so
    her probability is 1.

    Parameters
    ----------
    params : pandas.Series or mapping
        BG/NBD ``r``, ``alpha``, ``a``, ``b`` (see :func:`fit_bgnbd`).
    summary : pandas.DataFrame
        Columns ``frequency``, ``recency`` and ``T``; not modified.

    Returns
    -------
    pandas.Series
        One probability per customer, named ``"probability_alive"``.

    References
    ----------
    Fader, Hardie & Lee (2005a), equation (11).

    Examples
    --------
    >>> params = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    >>> summary = pd.DataFrame({"frequency": [0, 2, 2], "recency": [0, 30.43, 5.0],
    ...                         "T": [38.86] * 3})
    >>> probability_alive(params, summary).round(3)
    0    1.000
    1    0.727
    2    0.124
    Name: probability_alive, dtype: float64
    """
    theta, index, x, t_x, big_t = _bgnbd_inputs(params, summary)
    alive = special.expit(-_log_odds_dead(theta, x, t_x, big_t))
    return pd.Series(alive, index=index, name="probability_alive")


def _expected(theta, t, x, t_x, big_t):
    r, alpha, a, b = (theta[k] for k in _BGNBD)
    if a == 1.0:
        raise ValueError(
            "params['a'] must not be exactly 1: the closed form of the "
            "expectation divides by a - 1; got 1.0"
        )
    z = t / (alpha + big_t + t)
    with np.errstate(all="ignore"):
        hyper = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
        shrink = np.exp((r + x) * (np.log(alpha + big_t) - np.log(alpha + big_t + t)))
        head = (a + b + x - 1) / (a - 1) * (1.0 - shrink * hyper)
        value = head * special.expit(-_log_odds_dead(theta, x, t_x, big_t))
    if not np.all(np.isfinite(value)):
        i = int(np.flatnonzero(~np.isfinite(value))[0])
        raise ValueError(
            "params must give a finite BG/NBD expectation; the hypergeometric "
            f"function failed, got frequency {x[i]:g} and T {big_t[i]:g}"
        )
    return value


def expected_purchases(params: object, t: float, summary: pd.DataFrame) -> pd.Series:
    """Expected number of purchases of each customer in the next ``t`` periods.

    The BG/NBD conditional expectation (条件期望购买次数) ``E[Y(t) | x, t_x, T]``,
    equation (10) of Fader, Hardie & Lee (2005a), with the Gaussian
    hypergeometric function ``2F1``.

    Parameters
    ----------
    params : pandas.Series or mapping
        BG/NBD ``r``, ``alpha``, ``a``, ``b`` (see :func:`fit_bgnbd`).
    t : float
        Length of the future period, non-negative, in the summary's unit.
    summary : pandas.DataFrame
        Columns ``frequency``, ``recency`` and ``T``; not modified.

    Returns
    -------
    pandas.Series
        Expected purchases per customer, named ``"expected_purchases"``.

    References
    ----------
    Fader, Hardie & Lee (2005a), equation (10); Fader, Hardie & Lee (2005c),
    "Implementing the BG/NBD model for customer base analysis in Excel",
    where the customer below expects 1.226 purchases in 39 weeks.

    Examples
    --------
    >>> params = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    >>> one = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
    >>> expected_purchases(params, 39, one).round(3)
    0    1.226
    Name: expected_purchases, dtype: float64
    """
    theta, index, x, t_x, big_t = _bgnbd_inputs(params, summary)
    t = _horizon("t", t)
    return pd.Series(
        _expected(theta, t, x, t_x, big_t), index=index, name="expected_purchases"
    )


# --------------------------------------------------------------------------
# Gamma-Gamma


def _repeat_buyers(summary: pd.DataFrame) -> pd.DataFrame:
    frame = _summary(summary, ("frequency", "monetary"))
    buyers = frame[frame["frequency"] > 0]
    if buyers.empty:
        raise ValueError(
            "summary column 'frequency' must have at least one repeat buyer; "
            "got 0 for every customer, and the Gamma-Gamma model is fitted on "
            "the mean value of repeat purchases"
        )
    zero = buyers["monetary"].to_numpy() == 0
    if zero.any():
        i = int(np.flatnonzero(zero)[0])
        raise ValueError(
            "summary column 'monetary' must be positive for repeat buyers "
            f"(the gamma model has no zero spend); got 0 for customer "
            f"{buyers.index[i]!r}"
        )
    return buyers


def _gamma_gamma_terms(theta, x, m, weights, *, gradient: bool):
    p, q, gamma = theta
    px = p * x
    log_total = np.log(gamma + m * x)
    terms = (
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(gamma)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * log_total
    )
    value = _dot(weights, terms)
    if not gradient:
        return value, None
    psi = special.digamma(px + q)
    d_p = x * (psi - special.digamma(px) + np.log(m) + np.log(x) - log_total)
    d_q = psi - special.digamma(q) + np.log(gamma) - log_total
    d_gamma = q / gamma - (px + q) / (gamma + m * x)
    grad = np.array(
        [
            _dot(weights, d_p) * p,
            _dot(weights, d_q) * q,
            _dot(weights, d_gamma) * gamma,
        ]
    )
    return value, grad


def gamma_gamma_log_likelihood(params: object, summary: pd.DataFrame) -> float:
    """Log-likelihood of the repeat buyers' mean spend under the Gamma-Gamma model.

    Customers with ``frequency`` 0 carry no spend information and are left out.

    Parameters
    ----------
    params : pandas.Series or mapping
        ``p``, ``q``, ``gamma``, all positive.
    summary : pandas.DataFrame
        Columns ``frequency`` and ``monetary``; not modified.

    Returns
    -------
    float
        The log-likelihood of the repeat buyers' ``monetary`` values.

    References
    ----------
    Fader, Hardie & Lee (2005b), appendix (the distribution of ``m_x``).

    Examples
    --------
    >>> summary = pd.DataFrame({"frequency": [2, 1, 0],
    ...                         "monetary": [22.35, 11.77, 0.0]})
    >>> params = {"p": 6.25, "q": 3.74, "gamma": 15.44}
    >>> round(gamma_gamma_log_likelihood(params, summary), 4)
    -7.289
    """
    theta = _params("params", params, _GAMMA_GAMMA)
    buyers = _repeat_buyers(summary)
    x, m = buyers["frequency"].to_numpy(), buyers["monetary"].to_numpy()
    value, _ = _gamma_gamma_terms(
        tuple(theta.values()), x, m, np.ones_like(x), gradient=False
    )
    return value


def fit_gamma_gamma(summary: pd.DataFrame) -> pd.Series:
    """Fit the Gamma-Gamma spend model by maximum likelihood (消费金额模型).

    Each purchase of a customer is worth gamma(``p``, ``ν``) around her own
    mean ``p / ν``; ``ν`` varies across customers as gamma(``q``, ``gamma``).
    The fit uses the repeat buyers' ``frequency`` and ``monetary`` only.

    Parameters
    ----------
    summary : pandas.DataFrame
        Columns ``frequency`` and ``monetary`` (see :func:`customer_summary`),
        with positive ``monetary`` for every repeat buyer; not modified.

    Returns
    -------
    pandas.Series
        ``p``, ``q`` and ``gamma`` (in money units), named ``"gamma_gamma"``.

    Raises
    ------
    ValueError
        If nobody repeats or a column is bad.
    RuntimeError
        If the optimiser does not converge; the message is the optimiser's.

    References
    ----------
    Fader, Hardie & Lee (2005b): on CDNOW's 946 repeat buyers, p = 6.25,
    q = 3.74, gamma = 15.44.

    Examples
    --------
    >>> from crmlab.datasets import load_cdnow
    >>> summary = customer_summary(load_cdnow(), end="1997-09-30", freq="W")
    >>> fit_gamma_gamma(summary).round(2)
    p         6.25
    q         3.74
    gamma    15.44
    Name: gamma_gamma, dtype: float64
    """
    buyers = _repeat_buyers(summary)
    scale = float(buyers["monetary"].mean())
    x = buyers["frequency"].to_numpy()
    m = buyers["monetary"].to_numpy() / scale
    weights = np.ones_like(x)
    total = float(len(x))

    def objective(log_theta):
        value, grad = _gamma_gamma_terms(
            np.exp(log_theta), x, m, weights, gradient=True
        )
        return -value / total, -grad / total

    p, q, gamma = _minimise("Gamma-Gamma", objective, np.zeros(3))
    return pd.Series({"p": p, "q": q, "gamma": gamma * scale}, name="gamma_gamma")


def expected_spend(params: object, summary: pd.DataFrame) -> pd.Series:
    """Expected value of each customer's future purchases (预期客单价).

    ``E[M | x, m_x] = (γ + x m_x) p / (p x + q - 1)``: a weighted average of
    the population mean ``p γ / (q - 1)`` and the customer's own mean
    ``m_x``, with more weight on her own mean the more she has bought.

    Parameters
    ----------
    params : pandas.Series or mapping
        Gamma-Gamma ``p``, ``q`` (greater than 1), ``gamma`` (see
        :func:`fit_gamma_gamma`).
    summary : pandas.DataFrame
        Columns ``frequency`` and ``monetary``; not modified.

    Returns
    -------
    pandas.Series
        Expected value per purchase, named ``"expected_spend"``.

    References
    ----------
    Fader, Hardie & Lee (2005b), equation (5).

    Examples
    --------
    >>> params = {"p": 6.25, "q": 3.74, "gamma": 15.44}
    >>> summary = pd.DataFrame({"frequency": [0, 2, 10],
    ...                         "monetary": [0.0, 22.35, 22.35]})
    >>> expected_spend(params, summary).round(2)
    0    35.22
    1    24.66
    2    22.89
    Name: expected_spend, dtype: float64
    """
    theta = _params("params", params, _GAMMA_GAMMA)
    if theta["q"] <= 1:
        raise ValueError(
            "params['q'] must be greater than 1 for the mean spend to exist; "
            f"got {theta['q']}"
        )
    frame = _summary(summary, ("frequency", "monetary"))
    x, m = frame["frequency"].to_numpy(), frame["monetary"].to_numpy()
    p, q, gamma = theta["p"], theta["q"], theta["gamma"]
    spend = (gamma + x * m) * p / (p * x + q - 1)
    return pd.Series(spend, index=frame.index, name="expected_spend")


# --------------------------------------------------------------------------
# Lifetime value


def probabilistic_clv(
    bgnbd: object,
    gamma_gamma: object,
    summary: pd.DataFrame,
    *,
    periods: int = 12,
    period_length: float = 1.0,
    discount_rate: float = 0.0,
    margin: float = 1.0,
    timing: str = "end",
) -> pd.Series:
    """Discounted expected lifetime value of each customer (概率型客户终身价值).

    ``CLV = sum_{i=1..n} margin * E[M] * (E[Y(i L)] - E[Y((i-1) L)]) / (1+d)^i``:
    the purchases the BG/NBD model expects in discount period ``i`` (of
    length ``L`` in the summary's unit), times the spend the Gamma-Gamma model
    expects per purchase, times the margin, discounted as in
    :mod:`crmlab.value` (cash at the end of each period; ``timing="start"``
    discounts by ``(1+d)^(i-1)``). Spend and purchases are assumed
    independent, as Fader, Hardie & Lee (2005b) check for CDNOW.

    Parameters
    ----------
    bgnbd : pandas.Series or mapping
        ``r``, ``alpha``, ``a``, ``b`` (see :func:`fit_bgnbd`).
    gamma_gamma : pandas.Series or mapping
        ``p``, ``q``, ``gamma`` (see :func:`fit_gamma_gamma`).
    summary : pandas.DataFrame
        Columns ``frequency``, ``recency``, ``T`` and ``monetary``; not
        modified.
    periods : int, default=12
        Number of discount periods ``n``, at least 1.
    period_length : float, default=1.0
        Length ``L`` of a discount period in the summary's time unit (for a
        summary in weeks and monthly discounting, ``52 / 12``), positive.
    discount_rate : float, default=0.0
        Discount rate ``d`` per discount period, in [0, 1].
    margin : float, default=1.0
        Share of spend that is profit, in [0, 1]; 1 gives revenue.
    timing : {"end", "start"}, default="end"
        When each period's cash arrives.

    Returns
    -------
    pandas.Series
        Lifetime value per customer over the ``n`` periods, named ``"clv"``.

    References
    ----------
    Fader, Hardie & Lee (2005b), equation (2) and section "Computing CLV".

    Examples
    --------
    >>> bgnbd = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    >>> gg = {"p": 6.25, "q": 3.74, "gamma": 15.44}
    >>> summary = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 30.43],
    ...                         "T": [38.86, 38.86], "monetary": [0.0, 22.35]})
    >>> probabilistic_clv(bgnbd, gg, summary, periods=3, period_length=13,
    ...                   discount_rate=0.03).round(2)
    0     6.49
    1    28.57
    Name: clv, dtype: float64
    """
    theta = _params("bgnbd", bgnbd, _BGNBD)
    frame = _summary(summary, ("frequency", "recency", "T", "monetary"))
    spend = expected_spend(gamma_gamma, frame).to_numpy()
    if isinstance(periods, (bool, np.bool_)) or not isinstance(
        periods, (int, np.integer)
    ):
        raise TypeError(f"periods must be an integer; got {periods!r}")
    if periods < 1:
        raise ValueError(f"periods must be at least 1; got {periods}")
    length = as_number("period_length", period_length)
    if length <= 0:
        raise ValueError(f"period_length must be positive; got {length:g}")
    d = check_rate("discount_rate", discount_rate)
    share = check_rate("margin", margin)
    check_option("timing", timing, _TIMINGS)
    x, t_x, big_t = (frame[c].to_numpy() for c in ("frequency", "recency", "T"))
    cumulative = np.vstack(
        [np.zeros_like(x)]
        + [_expected(theta, i * length, x, t_x, big_t) for i in range(1, periods + 1)]
    )
    exponent = np.arange(1, periods + 1) - (1 if timing == "start" else 0)
    factor = 1.0 / (1.0 + d) ** exponent
    value = share * spend * (factor[:, None] * np.diff(cumulative, axis=0)).sum(axis=0)
    return pd.Series(value, index=frame.index, name="clv")
