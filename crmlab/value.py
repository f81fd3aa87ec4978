"""Customer value and customer lifetime value (客户价值与客户终身价值).

Naming contract and conventions
-------------------------------
- Money is in one currency unit throughout (the course textbook and slides
  use yuan, the slides' credit-card example dollars); revenues and costs are
  non-negative, while a lifetime value itself may be negative.
- A *period* is whatever the inputs are counted in (the course documents use
  years). Every rate is per period.
- Symbols, the same in every docstring and in the book: ``r`` is the
  retention rate (客户保持率, argument ``retention``), the share of customers
  who stay from one period to the next; ``q = 1 - r`` the churn rate
  (客户流失率, argument ``churn_rate``); ``δ`` (delta) the discount rate
  (贴现率, argument ``discount_rate``), the firm's cost of capital; ``A`` the
  acquisition cost (获取成本, argument ``acquisition_cost``); ``m`` the margin
  per period (argument ``margin``). :func:`clv` says how the course textbook
  writes them.
- Cash arrives at the **end** of each period unless ``timing="start"``: the
  cash of period ``i`` (``i = 1..n``) is discounted by ``(1 + δ) ** i``, or by
  ``(1 + δ) ** (i - 1)`` with ``timing="start"``. The acquisition cost ``A``
  is paid once, at time 0, and is not discounted.
- ``survival`` is the probability ``p_i`` that the customer is still active in
  period ``i`` (客户留存概率; cumulative, not the per-period retention). With a
  constant retention rate ``r``, ``p_i = r ** i``: see
  :func:`survival_from_retention`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlab._validation import (
    as_number,
    as_numbers,
    as_series,
    check_integer,
    check_option,
    check_rate,
    check_same_length,
)

__all__ = [
    "clv",
    "clv_cash_flows",
    "customer_equity",
    "delivered_value",
    "expected_lifetime",
    "retention_clv",
    "simple_clv",
    "survival_from_retention",
]

_TIMINGS = ("end", "start")


def _per_period(name: str, value: object, periods: int, *, rate: bool) -> np.ndarray:
    """Broadcast a scalar to ``periods`` values, or check a sequence's length."""
    if np.ndim(value) == 0:
        number = check_rate(name, value) if rate else as_number(name, value)
        return np.full(periods, number)
    values = as_numbers(name, value)
    check_same_length(revenue=range(periods), **{name: values})
    if rate and (values > 1).any():
        bad = values[values > 1][0]
        raise ValueError(f"{name} must hold probabilities in [0, 1]; got {bad:g}")
    return values


def survival_from_retention(retention: float, periods: int) -> np.ndarray:
    """Survival probabilities ``r**i`` of periods 1 to n for a constant retention rate.

    A customer who stays each period with probability ``r`` (客户保持率) is
    still active in period ``i`` with probability ``r**i`` (客户留存概率).

    Parameters
    ----------
    retention : float
        Per-period retention rate, in [0, 1].
    periods : int
        Number of periods ``n``, at least 1.

    Returns
    -------
    survival : numpy.ndarray
        ``n`` survival probabilities.

    See Also
    --------
    crmlab.value.clv
    crmlab.loyalty.survival_curve

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    Examples
    --------
    >>> survival_from_retention(0.8, 3)
    array([0.8  , 0.64 , 0.512])
    """
    retention = check_rate("retention", retention)
    periods = check_integer("periods", periods, low=1)
    return retention ** np.arange(1, periods + 1, dtype=float)


def clv_cash_flows(
    revenue: object,
    cost: object = 0.0,
    *,
    survival: object = 1.0,
    discount_rate: float = 0.0,
    timing: str = "end",
) -> pd.DataFrame:
    """Period-by-period cash flows behind a customer lifetime value.

    The table that the CLV formula of the course textbook (客户关系管理(慕课版),
    chapter 1) sums (客户终身价值计算表): for each period ``i`` the net cash
    ``b_i - c_i``, the survival probability ``p_i``, the discount factor and
    the present value ``(b_i - c_i) p_i / (1 + δ)^i``.

    Parameters
    ----------
    revenue : sequence of float
        Revenue from the customer in periods 1..n (``b_i``), non-negative.
    cost : float or sequence of float, default=0.0
        Cost of retaining the customer (``c_i``), one value or one per period.
    survival : float or sequence of float, default=1.0
        Probability ``p_i`` that the customer is active in period ``i``; a
        scalar is used for every period.
    discount_rate : float, default=0.0
        Discount rate ``δ`` per period, in [0, 1].
    timing : {"end", "start"}, default="end"
        Whether each period's cash arrives at its end or its start.

    Returns
    -------
    flows : pandas.DataFrame
        Indexed by period 1..n (or the index of ``revenue`` when it is a
        Series), with columns ``revenue``, ``cost``, ``net``, ``survival``,
        ``discount_factor``, ``present_value`` and ``cumulative``.

    See Also
    --------
    crmlab.value.clv
    crmlab.viz.value.plot_cash_flows

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    Examples
    --------
    >>> flows = clv_cash_flows([100, 100], 20, discount_rate=0.1)
    >>> flows[["net", "discount_factor", "present_value"]].round(3)
             net  discount_factor  present_value
    period
    1       80.0            0.909         72.727
    2       80.0            0.826         66.116
    """
    b = as_numbers("revenue", revenue)
    c = _per_period("cost", cost, b.size, rate=False)
    p = _per_period("survival", survival, b.size, rate=True)
    r = check_rate("discount_rate", discount_rate)
    check_option("timing", timing, _TIMINGS)
    exponent = np.arange(1, b.size + 1) - (1 if timing == "start" else 0)
    factor = 1.0 / (1.0 + r) ** exponent
    index = (
        revenue.index.copy()
        if isinstance(revenue, pd.Series)
        else pd.RangeIndex(1, b.size + 1, name="period")
    )
    flows = pd.DataFrame(
        {
            "revenue": b,
            "cost": c,
            "net": b - c,
            "survival": p,
            "discount_factor": factor,
        },
        index=index,
    )
    flows["present_value"] = flows["net"] * p * factor
    flows["cumulative"] = flows["present_value"].cumsum()
    return flows


def clv(
    revenue: object,
    cost: object = 0.0,
    *,
    survival: object = 1.0,
    discount_rate: float = 0.0,
    acquisition_cost: float = 0.0,
    timing: str = "end",
) -> float:
    """Customer lifetime value by the course textbook's formula (客户终身价值, CLV).

    ``CLV = sum_{i=1..n} (b_i - c_i) p_i / (1 + δ)^i - A``, with ``b`` revenue,
    ``c`` retention cost, ``p`` survival probability, ``δ`` (delta) discount
    rate and ``A`` acquisition cost paid once at time 0. The course textbook
    (客户关系管理(慕课版), chapter 1) writes the same formula with ``r`` for the
    discount rate and ``d`` for the acquisition cost; this book keeps ``r`` for
    the retention rate.

    Parameters
    ----------
    revenue : sequence of float
        Revenue ``b_i`` in periods 1..n, non-negative.
    cost : float or sequence of float, default=0.0
        Retention cost ``c_i``, one value for every period or one per period.
    survival : float or sequence of float, default=1.0
        Probability ``p_i`` that the customer is still active in period ``i``.
        A scalar is used as ``p_i`` for every period; for a constant
        retention rate pass :func:`survival_from_retention`.
    discount_rate : float, default=0.0
        Discount rate ``δ`` per period, in [0, 1].
    acquisition_cost : float, default=0.0
        Acquisition cost ``A``, non-negative.
    timing : {"end", "start"}, default="end"
        Cash at the end of each period (discounted by ``(1+δ)^i``) or at its
        start (``(1+δ)^(i-1)``).

    Returns
    -------
    clv : float
        The lifetime value.

    See Also
    --------
    crmlab.value.clv_cash_flows
    crmlab.value.survival_from_retention
    crmlab.value.retention_clv
    crmlab.viz.value.plot_cash_flows

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    References
    ----------
    The course textbook (客户关系管理(慕课版), chapter 1), section 1.3.2
    (客户终身价值的计算); Berger, P. D. & Nasr, N. I.
    (1998). Customer lifetime value: marketing models and applications.
    Journal of Interactive Marketing, 12(1), 17-30.

    Examples
    --------
    The course textbook's ten-year table, undiscounted and with ``p = 1``:

    >>> from crmlab.datasets import load_clv_example
    >>> table = load_clv_example()
    >>> clv(table.revenue, table.retention_cost, acquisition_cost=5000)
    111100.0

    With 90 % yearly retention (``p_i = 0.9**i``) and an 8 % discount rate:

    >>> p = survival_from_retention(0.9, len(table))
    >>> round(clv(table.revenue, table.retention_cost, survival=p,
    ...           discount_rate=0.08, acquisition_cost=5000), 2)
    38922.93
    """
    flows = clv_cash_flows(
        revenue, cost, survival=survival, discount_rate=discount_rate, timing=timing
    )
    d = as_number("acquisition_cost", acquisition_cost)
    return float(flows["present_value"].sum() - d)


def expected_lifetime(churn_rate: float) -> float:
    """Expected customer lifetime ``1 / churn`` in periods (预期客户寿命).

    With a constant per-period churn rate ``q`` (客户流失率; retention rate
    ``r = 1 - q``) the number of periods a customer stays is geometric. The current (first)
    period counts, so a customer who leaves at its end has a lifetime of 1
    and the mean is ``1 + r + r**2 + ... = 1 / (1 - r) = 1 / q``; the mean
    number of *further* periods is one less, ``r / q``. Also called the
    expected tenure (预期保持期).

    Parameters
    ----------
    churn_rate : float
        Share of customers lost per period, in (0, 1]; for a retention rate
        ``r`` pass ``1 - r``.

    Returns
    -------
    lifetime : float
        Expected lifetime in periods, at least 1.

    See Also
    --------
    simple_clv : Lifetime value from a yearly profit and this lifetime.
    crmlab.loyalty.churn_rate : The churn rate of a customer base.
    crmlab.loyalty.retention_rate : The retention rate ``r = 1 - q``.

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`; used again in
    :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>` and :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    The course slides (客户关系的建立与维护), the credit-card example: 10 %
    yearly churn means a 10-year life. Fader, P. S. & Hardie, B. G. S. (2007), How to project customer
    retention (the shifted-geometric lifetime).

    Examples
    --------
    >>> expected_lifetime(0.10)
    10.0
    >>> round(expected_lifetime(1 - 0.8), 10)  # retention 0.8
    5.0
    """
    churn = check_rate("churn_rate", churn_rate, low_open=True)
    return 1.0 / churn


def simple_clv(
    annual_profit: float,
    churn_rate: float,
    *,
    acquisition_cost: float = 0.0,
    retention_cost: float = 0.0,
) -> float:
    """Undiscounted lifetime value from a yearly profit and churn rate.

    ``CLV = (m - c) / q - A``: the yearly profit ``m`` net of any retention
    spending ``c``, times the expected life ``1 / q`` for a churn rate ``q``
    (:func:`expected_lifetime`), less the acquisition cost ``A``. No
    discounting, as in the credit-card example of the course slides
    (客户关系的建立与维护; 信用卡客户的终身价值).

    Parameters
    ----------
    annual_profit : float
        Profit ``m`` per customer per year before retention spending,
        non-negative.
    churn_rate : float
        Yearly churn rate ``q``, in (0, 1].
    acquisition_cost : float, default=0.0
        One-off cost ``A`` to acquire the customer, non-negative.
    retention_cost : float, default=0.0
        Yearly cost ``c`` of a retention programme per customer, non-negative.

    Returns
    -------
    clv : float
        The lifetime value.

    See Also
    --------
    crmlab.value.expected_lifetime
    crmlab.value.clv
    crmlab.value.retention_clv

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    References
    ----------
    The course slides (客户关系的建立与维护), lecture on customer value: the
    credit-card example.

    Examples
    --------
    >>> simple_clv(100, 0.10, acquisition_cost=75)
    925.0
    >>> simple_clv(100, 0.05, acquisition_cost=75, retention_cost=20)
    1525.0
    """
    profit = as_number("annual_profit", annual_profit)
    life = expected_lifetime(churn_rate)
    acquisition = as_number("acquisition_cost", acquisition_cost)
    retention = as_number("retention_cost", retention_cost)
    return float((profit - retention) * life - acquisition)


def retention_clv(
    margin: float,
    retention: float,
    discount_rate: float,
    *,
    timing: str = "end",
) -> float:
    """Lifetime value of a customer with constant margin and retention.

    The infinite-horizon sum ``sum_{i>=1} m r^i / (1 + δ)^i = m r / (1 + δ - r)``
    (Gupta & Lehmann), with margin ``m``, retention rate ``r`` and discount
    rate ``δ`` (delta): the first margin arrives at the end of the first
    period, and only if the customer stays. With ``timing="start"`` the first
    margin is certain and immediate: ``m (1 + δ) / (1 + δ - r)``.

    Parameters
    ----------
    margin : float
        Margin ``m`` per period, non-negative.
    retention : float
        Retention rate ``r`` per period (客户保持率), in [0, 1).
    discount_rate : float
        Discount rate ``δ`` per period, in [0, 1].
    timing : {"end", "start"}, default="end"
        When each period's margin arrives.

    Returns
    -------
    clv : float
        The lifetime value.

    See Also
    --------
    crmlab.value.clv
    crmlab.value.simple_clv
    crmlab.viz.value.plot_retention_clv

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of
    Interactive Marketing, 17(1), 9-24.

    Examples
    --------
    >>> round(retention_clv(1.0, 0.8, 0.1), 3)
    2.667
    >>> round(retention_clv(1.0, 0.8, 0.1, timing="start"), 3)
    3.667
    """
    m = as_number("margin", margin)
    r = check_rate("retention", retention, high_open=True)
    d = check_rate("discount_rate", discount_rate)
    check_option("timing", timing, _TIMINGS)
    if timing == "start":
        return float(m * (1 + d) / (1 + d - r))
    return float(m * r / (1 + d - r))


def customer_equity(values: object, *, sizes: object = None) -> float:
    """Customer equity: the sum of the lifetime values of all customers (客户资产).

    Parameters
    ----------
    values : sequence of float or pandas.Series
        Lifetime value of each customer, or of each segment when ``sizes`` is
        given. Values may be negative (a customer who destroys value).
    sizes : sequence of float, default=None
        Number of customers in each segment, non-negative, same length.

    Returns
    -------
    equity : float
        ``sum(values)``, or ``sum(values * sizes)``.

    See Also
    --------
    crmlab.value.clv
    crmlab.value.simple_clv

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    References
    ----------
    Rust, R. T., Lemon, K. N. & Zeithaml, V. A. (2004). Return on marketing:
    using customer equity to focus marketing strategy. Journal of Marketing,
    68(1), 109-127.

    Examples
    --------
    >>> customer_equity([925.0, 1525.0, -40.0])
    2410.0
    >>> customer_equity([925.0, 1525.0], sizes=[100, 20])
    123000.0
    """
    clvs = as_numbers("values", values, allow_negative=True)
    if sizes is None:
        return float(clvs.sum())
    counts = as_numbers("sizes", sizes)
    check_same_length(values=clvs, sizes=counts)
    return float((clvs * counts).sum())


def _parts(name: str, parts: object) -> pd.Series:
    if not isinstance(parts, (Mapping, pd.Series)):
        raise TypeError(
            f"{name} must be a mapping from part name to amount; "
            f"got {type(parts).__name__}"
        )
    if len(parts) == 0:
        raise ValueError(f"{name} must not be empty; got no parts")
    return as_series(name, parts)


def delivered_value(value_parts: object, cost_parts: object) -> pd.Series:
    """Customer delivered value: total customer value less total cost (客户让渡价值).

    Total customer value (客户总价值) adds product, service, personnel and
    image value (产品价值, 服务价值, 人员价值, 形象价值). The course textbook
    (客户关系管理(慕课版), chapter 1) splits total customer cost (客户总成本)
    into three parts: monetary cost (货币成本), time cost (时间成本) and energy
    cost (精力成本), the mental and physical effort of buying (精神与体力方面的
    耗费). Kotler splits the energy cost in two, physical cost (体力成本) and
    psychic cost (精神成本), which gives four parts; 体力成本 + 精神成本 =
    精力成本, so the two lists add up to the same total.

    The function accepts either split, or any other: the parts are a mapping
    from any name to an amount, and only their sums are used. Do not list
    the energy cost together with a physical or psychic cost, or the same
    effort is counted twice.

    Parameters
    ----------
    value_parts : mapping of str to float
        The parts of total customer value, any names, non-negative amounts.
    cost_parts : mapping of str to float
        The parts of total customer cost, any names, non-negative amounts:
        e.g. ``monetary``, ``time`` and ``energy`` (the course textbook), or
        ``monetary``, ``time``, ``physical`` and ``psychic`` (Kotler).

    Returns
    -------
    delivered : pandas.Series
        ``total_value``, ``total_cost``, ``delivered_value`` (the difference)
        and ``value_ratio`` (value per unit of cost; ``inf`` when cost is 0).

    See Also
    --------
    crmlab.viz.value.plot_delivered_value

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    References
    ----------
    Kotler, P. (1994). Marketing Management, 8th ed., ch. 2 (four costs); the
    course textbook (客户关系管理(慕课版), chapter 1), section 1.3.1
    (客户让渡价值; three costs).

    Examples
    --------
    The course textbook's three costs:

    >>> delivered_value({"product": 600, "service": 200, "personnel": 100,
    ...                  "image": 100},
    ...                 {"monetary": 700, "time": 50, "energy": 50})
    total_value        1000.00
    total_cost          800.00
    delivered_value     200.00
    value_ratio           1.25
    dtype: float64

    Kotler's four, with the energy cost split into physical and psychic cost,
    give the same total:

    >>> delivered_value({"product": 600, "service": 200, "personnel": 100,
    ...                  "image": 100},
    ...                 {"monetary": 700, "time": 50, "physical": 30,
    ...                  "psychic": 20}).delivered_value.item()
    200.0
    """
    total_value = float(_parts("value_parts", value_parts).sum())
    total_cost = float(_parts("cost_parts", cost_parts).sum())
    ratio = total_value / total_cost if total_cost > 0 else float("inf")
    return pd.Series(
        {
            "total_value": total_value,
            "total_cost": total_cost,
            "delivered_value": total_value - total_cost,
            "value_ratio": ratio,
        }
    )
