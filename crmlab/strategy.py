"""CRM strategy: the money side of a CRM project (CRM项目投资回报).

Naming contract and conventions
-------------------------------
* A project is one ``investment`` paid at time 0 (software, data migration,
  training), then ``benefits`` and running ``costs`` in years 1..n. Money is
  in one currency unit (the book uses 10 000 yuan); all amounts are
  non-negative.
* Cash of year ``i`` arrives at the end of the year and is discounted by
  ``(1 + discount_rate) ** i``, exactly as :func:`crmlab.value.clv_cash_flows`
  discounts a customer's cash; this module reuses it.
* ``npv`` is the present value of the yearly net cash minus the investment;
  ``roi`` is ``npv / investment`` (the return on each yuan invested, after
  discounting; 0 means the project just pays back); ``payback`` is the year,
  with a fraction, in which the cumulative (undiscounted) net cash first
  covers the investment, assuming cash flows evenly through the year, and
  ``discounted_payback`` the same on discounted cash. A project that never
  pays back has payback ``inf``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._validation import as_number, as_numbers, check_rate, check_same_length
from crmlab.value import clv_cash_flows

__all__ = ["project_cash_flows", "project_roi"]


def project_cash_flows(
    investment: float,
    benefits: object,
    costs: object = 0.0,
    *,
    discount_rate: float = 0.0,
) -> pd.DataFrame:
    """Year-by-year cash flows of a CRM project, with discounting.

    The cash-flow table of a CRM project's return on investment (投资回报率,
    ROI): year 0 holds the investment as a negative net cash; years 1..n hold
    benefits minus running costs, discounted at ``discount_rate``.

    Parameters
    ----------
    investment : float, no default
        One-off cost at time 0, positive.
    benefits : sequence of float, no default
        Extra gross profit the project brings in years 1..n (more sales, lower
        service cost), non-negative.
    costs : float or sequence of float, default=0.0
        Running costs in years 1..n (licences, staff), one value for every
        year or one per year.
    discount_rate : float, default=0.0
        Discount rate per year, in [0, 1].

    Returns
    -------
    flows : pandas.DataFrame
        Indexed by ``year`` 0..n, with columns ``benefit``, ``cost``, ``net``,
        ``discount_factor``, ``present_value``, ``cumulative`` (undiscounted
        net so far) and ``cumulative_present_value``.

    See Also
    --------
    crmlab.strategy.project_roi
    crmlab.value.clv_cash_flows

    Notes
    -----
    Taught in :doc:`chapter 13, CRM strategy, systems and analytics
    </chapters/ch13_crm_strategy/crm_strategy>`.

    Examples
    --------
    >>> flows = project_cash_flows(100, [40, 50, 60], 10, discount_rate=0.1)
    >>> flows[["net", "present_value", "cumulative_present_value"]].round(2)
            net  present_value  cumulative_present_value
    year
    0    -100.0        -100.00                   -100.00
    1      30.0          27.27                    -72.73
    2      40.0          33.06                    -39.67
    3      50.0          37.57                     -2.10
    """
    investment = as_number("investment", investment)
    if investment == 0:
        raise ValueError(f"investment must be positive; got {investment}")
    rate = check_rate("discount_rate", discount_rate)
    gains = as_numbers("benefits", benefits)
    if np.ndim(costs) == 0:
        spent = np.full(gains.size, as_number("costs", costs))
    else:
        spent = as_numbers("costs", costs)
        check_same_length(benefits=gains, costs=spent)
    years = clv_cash_flows(gains, spent, discount_rate=rate)
    start = pd.DataFrame(
        {
            "revenue": [0.0],
            "cost": [investment],
            "net": [-investment],
            "discount_factor": [1.0],
            "present_value": [-investment],
        },
        index=[0],
    )
    flows = pd.concat([start, years[start.columns]])
    flows.index = pd.RangeIndex(0, len(flows), name="year")
    flows = flows.rename(columns={"revenue": "benefit"})
    flows["cumulative"] = flows["net"].cumsum()
    flows["cumulative_present_value"] = flows["present_value"].cumsum()
    return flows


def _payback(cumulative: np.ndarray, net: np.ndarray) -> float:
    """First year (with a fraction) at which ``cumulative`` reaches 0."""
    reached = np.flatnonzero(cumulative >= -1e-9 * abs(cumulative[0]))
    if reached.size == 0:
        return float("inf")
    year = int(reached[0])
    return year - 1 + (-cumulative[year - 1]) / net[year]


def project_roi(
    investment: float,
    benefits: object,
    costs: object = 0.0,
    *,
    discount_rate: float = 0.0,
) -> pd.Series:
    """Net present value, ROI and payback of a CRM project.

    The summary figures of a CRM project evaluation (CRM项目评估):
    ``npv = sum_i (benefit_i - cost_i) / (1 + r)^i - investment``,
    ``roi = npv / investment``, and the payback periods (投资回收期) with and
    without discounting.

    Parameters
    ----------
    investment, benefits, costs, discount_rate
        As in :func:`project_cash_flows`.

    Returns
    -------
    summary : pandas.Series
        ``npv``, ``roi``, ``payback`` and ``discounted_payback`` (years;
        ``inf`` when the project never pays back within its years).

    See Also
    --------
    crmlab.strategy.project_cash_flows

    Notes
    -----
    Taught in :doc:`chapter 13, CRM strategy, systems and analytics
    </chapters/ch13_crm_strategy/crm_strategy>`.

    Examples
    --------
    >>> project_roi(100, [40, 50, 60], 10, discount_rate=0.1).round(3)
    npv                  -2.104
    roi                  -0.021
    payback               2.600
    discounted_payback      inf
    dtype: float64
    """
    flows = project_cash_flows(investment, benefits, costs, discount_rate=discount_rate)
    net = flows["net"].to_numpy()
    present = flows["present_value"].to_numpy()
    npv = float(present.sum())
    return pd.Series(
        {
            "npv": npv,
            "roi": npv / -net[0],
            "payback": _payback(flows["cumulative"].to_numpy(), net),
            "discounted_payback": _payback(
                flows["cumulative_present_value"].to_numpy(), present
            ),
        }
    )
