"""Figures and the ROI explorer of the chapter on CRM strategy (CRM战略与系统).

Naming contract and conventions
-------------------------------
- ``plot_<what>`` functions draw on the Axes passed as ``ax=`` (or on a new
  figure when ``ax`` is None) and return that Axes. They never call
  ``plt.show()``, never change ``matplotlib.rcParams`` and never change the
  caller's data. Labels are in English only.
- They draw what :func:`crmlab.strategy.project_roi` computes; money is in
  the caller's unit (the book uses 10 000 yuan).
- :func:`roi_explorer` is defined in :mod:`crmlab.viz.explorers` and
  re-exported here; the book shows :func:`plot_npv_by_rate` as the static
  figure of the explorer's starting state, for the PDF.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from crmlab._validation import as_number, check_rate
from crmlab.strategy import project_roi
from crmlab.viz._common import OKABE_ITO, axes_or_new, tidy
from crmlab.viz.explorers import ROI_RATES, roi_explorer

__all__ = ["plot_npv_by_rate", "roi_explorer"]


def plot_npv_by_rate(
    investment: float,
    benefits: object,
    costs: object = 0.0,
    *,
    rate: float = 0.08,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Bars of a CRM project's net present value (净现值) at each discount rate.

    One bar per rate of the ROI explorer's grid (0 to 20 % by 2 points), the
    chosen ``rate`` in blue; the title gives NPV and ROI at that rate.

    Parameters
    ----------
    investment, benefits, costs
        As in :func:`crmlab.strategy.project_roi`.
    rate : float, default=0.08
        The rate to highlight, in [0, 1].
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The bar chart.

    Examples
    --------
    >>> ax = plot_npv_by_rate(120, [30, 55, 70, 75, 75], 15)
    >>> len(ax.patches)
    11
    """
    investment = as_number("investment", investment)
    rate = check_rate("rate", rate)
    npv = np.array(
        [
            project_roi(investment, benefits, costs, discount_rate=r)["npv"]
            for r in ROI_RATES
        ]
    )
    chosen = project_roi(investment, benefits, costs, discount_rate=rate)
    ax = axes_or_new(ax, (6, 3))
    colours = [
        OKABE_ITO["blue"] if np.isclose(r, rate) else "#cccccc" for r in ROI_RATES
    ]
    ax.bar([f"{r:.0%}" for r in ROI_RATES], npv, color=colours)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel("discount rate")
    ax.set_ylabel("NPV")
    ax.set_title(
        f"NPV = {chosen['npv']:,.2f}, ROI = {chosen['roi']:.1%} at r = {rate:.0%}",
        loc="left",
    )
    tidy(ax)
    return ax
