"""Figures and the explorer of chapter 3, customer value (客户价值).

Naming contract and conventions
-------------------------------
- Every function is called ``plot_<what>``, draws on the Axes passed as
  ``ax=`` (or on a new figure when ``ax`` is None) and returns that Axes. It
  never calls ``plt.show()``, never changes ``matplotlib.rcParams`` and never
  changes the caller's data.
- Labels are in English only (no CJK font is assumed). Money is in one
  currency unit, shown with thousands separators; rates are shares in [0, 1],
  shown as percentages.
- Cash-flow figures follow :mod:`crmlab.value`: the acquisition cost is paid
  at time 0 ("start"), the cash of period ``i`` arrives at the end of period
  ``i`` unless ``timing="start"``.
- Colours come from the Okabe-Ito palette, which readers with colour-vision
  deficiency can tell apart: blue for value coming in, vermillion for costs,
  green for a result.
- :func:`retention_explorer` is defined in :mod:`crmlab.viz.explorers` (a
  Vega-Lite chart that works on the book's static page) and re-exported here.
  The book shows :func:`plot_retention_clv` of its starting state before it,
  for the PDF.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from crmlab._validation import (
    as_number,
    as_numbers,
    check_option,
    check_rate,
)
from crmlab.value import delivered_value, retention_clv
from crmlab.viz._common import (
    OKABE_ITO,
    axes_or_new,
    tidy,
    write_cells,
)
from crmlab.viz.explorers import retention_explorer

__all__ = [
    "plot_cash_flows",
    "plot_clv_multiple",
    "plot_delivered_value",
    "plot_heatmap",
    "plot_retention_clv",
    "retention_explorer",
]

BLUE, VERMILLION, GREEN, GREY, ORANGE, SKY = (
    OKABE_ITO[name] for name in ("blue", "vermillion", "green", "grey", "orange", "sky")
)
_LINE_COLORS = tuple(
    OKABE_ITO[name]
    for name in ("blue", "vermillion", "green", "orange", "sky", "purple", "black")
)
_MONEY = StrMethodFormatter("{x:,.0f}")


def plot_cash_flows(
    flows: object,
    *,
    acquisition_cost: float = 0.0,
    xlabel: str = "Period",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Bars of each period's present value and the cumulative value line.

    Draws the discounted cash flows of a customer lifetime value (客户终身价值的
    现金流): one bar per period, a negative bar at the start for the
    acquisition cost, and a line of the running total that starts at
    ``-acquisition_cost``. The first period in which the running total reaches
    zero (the payback period, 投资回收期) is marked.

    Parameters
    ----------
    flows : pandas.DataFrame or sequence of float
        A table from :func:`crmlab.value.clv_cash_flows` (its
        ``present_value`` column is used, its index labels the periods), or
        the present values themselves. Values may be negative.
    acquisition_cost : float, default=0.0
        Acquisition cost paid at time 0, non-negative.
    xlabel : str, default="Period"
        Label of the horizontal axis.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes, holding one bar per period (plus one for a positive
        acquisition cost), the cumulative line and the zero line.

    See Also
    --------
    crmlab.value.clv_cash_flows

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    References
    ----------
    Berger, P. D. & Nasr, N. I. (1998). Customer lifetime value: marketing
    models and applications. Journal of Interactive Marketing, 12(1), 17-30;
    the course textbook (客户关系管理(慕课版), chapter 1), section 1.3.2.

    Examples
    --------
    >>> from crmlab.value import clv_cash_flows
    >>> flows = clv_cash_flows([100, 100, 100], 20, discount_rate=0.1)
    >>> ax = plot_cash_flows(flows, acquisition_cost=150)
    >>> len(ax.patches)
    4
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['start', '1', '2', '3']
    >>> plt.close(ax.figure)
    """
    if isinstance(flows, pd.DataFrame):
        if "present_value" not in flows.columns:
            raise ValueError(
                "flows must have a present_value column (see clv_cash_flows); "
                f"got columns {list(flows.columns)}"
            )
        values = as_numbers("flows", flows["present_value"], allow_negative=True)
        labels = [str(label) for label in flows.index]
    else:
        values = as_numbers("flows", flows, allow_negative=True)
        labels = [str(i) for i in range(1, values.size + 1)]
    cost = as_number("acquisition_cost", acquisition_cost)
    ax = axes_or_new(ax, (7, 4))
    periods = np.arange(1, values.size + 1)
    ax.bar(periods, values, color=BLUE, label="Present value of the period")
    if cost > 0:
        ax.bar(0, -cost, color=VERMILLION, label="Acquisition cost")
    cumulative = np.concatenate([[-cost], -cost + np.cumsum(values)])
    ax.plot(
        np.arange(values.size + 1),
        cumulative,
        color="black",
        marker="o",
        markersize=4,
        label="Cumulative value",
    )
    ax.axhline(0, color=GREY, linewidth=0.8)
    tolerance = 1e-9 * max(1.0, cost, float(np.abs(values).max()))
    paid_back = np.flatnonzero(cumulative[1:] >= -tolerance)
    if cost > 0 and paid_back.size:
        first = int(paid_back[0]) + 1
        ax.scatter(
            [first],
            [cumulative[first]],
            s=90,
            facecolors="none",
            edgecolors=GREEN,
            linewidths=2,
            zorder=3,
            label=f"Payback ({labels[first - 1]})",
        )
    ax.set_xticks(np.arange(values.size + 1), ["start", *labels])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Present value")
    ax.yaxis.set_major_formatter(_MONEY)
    ax.legend(frameon=False, loc="upper left")
    tidy(ax)
    return ax


def plot_heatmap(
    grid: object,
    *,
    value_format: str = "{:,.0f}",
    colorbar_label: str = "",
    cmap: str = "YlGnBu",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Heat map of a table of numbers, each cell written in it (热力图).

    Used for sensitivity tables, for example the lifetime value over a grid of
    retention and discount rates. Row labels come from the index, column
    labels from the columns, axis titles from ``index.name`` and
    ``columns.name``.

    Parameters
    ----------
    grid : pandas.DataFrame
        A non-empty table of finite numbers.
    value_format : str, default="{:,.0f}"
        Format of the number written in each cell.
    colorbar_label : str, default=""
        Label of the colour bar.
    cmap : str, default="YlGnBu"
        Name of a matplotlib colour map.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 5 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with the image, one text per cell and a colour bar beside it.

    See Also
    --------
    crmlab.value.clv

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    Examples
    --------
    >>> grid = pd.DataFrame([[1, 2], [3, 4]], index=["a", "b"], columns=["x", "y"])
    >>> ax = plot_heatmap(grid)
    >>> [t.get_text() for t in ax.texts]
    ['1', '2', '3', '4']
    >>> plt.close(ax.figure)
    """
    if not isinstance(grid, pd.DataFrame):
        raise TypeError(f"grid must be a pandas DataFrame; got {type(grid).__name__}")
    if grid.empty:
        raise ValueError(f"grid must not be empty; got shape {grid.shape}")
    values = np.vstack(
        [as_numbers("grid", row, allow_negative=True) for row in grid.to_numpy()]
    )
    ax = axes_or_new(ax, (7, 5))
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    write_cells(ax, image, values, value_format, fontsize=8)
    ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [str(i) for i in grid.index])
    ax.set_xlabel("" if grid.columns.name is None else str(grid.columns.name))
    ax.set_ylabel("" if grid.index.name is None else str(grid.index.name))
    ax.figure.colorbar(image, ax=ax, label=colorbar_label, format=_MONEY)
    return ax


def _retentions(retention: object) -> np.ndarray:
    values = as_numbers("retention", retention)
    if (values >= 1).any():
        bad = values[values >= 1][0]
        raise ValueError(f"retention must hold rates in [0, 1); got {bad:g}")
    return values


def plot_clv_multiple(
    discount_rates: object,
    *,
    retention: object = None,
    timing: str = "end",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Lines of the CLV multiple ``CLV / m`` against the retention rate.

    For a constant margin ``m`` the retention-based lifetime value is a
    multiple of the margin, ``r / (1 + δ - r)`` (客户终身价值倍数), with
    retention rate ``r``; one line is drawn per discount rate ``δ`` (delta),
    labelled ``δ = 10%`` and so on. The lines show how quickly value grows as
    retention (客户保持率) approaches 1.

    Parameters
    ----------
    discount_rates : sequence of float
        Discount rates, each in [0, 1]; one line each.
    retention : sequence of float, default=None
        Retention rates on the horizontal axis, each in [0, 1); by default
        0 to 0.95 in steps of 0.01.
    timing : {"end", "start"}, default="end"
        When each period's margin arrives (see
        :func:`crmlab.value.retention_clv`).
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with one labelled line per discount rate.

    See Also
    --------
    crmlab.value.retention_clv

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
    >>> ax = plot_clv_multiple([0.0, 0.1])
    >>> [line.get_label() for line in ax.get_lines()]
    ['δ = 0%', 'δ = 10%']
    >>> plt.close(ax.figure)
    """
    rates = [
        check_rate("discount_rates", rate)
        for rate in as_numbers("discount_rates", discount_rates)
    ]
    check_option("timing", timing, ("end", "start"))
    grid = np.linspace(0, 0.95, 96) if retention is None else _retentions(retention)
    ax = axes_or_new(ax, (7, 4))
    for number, rate in enumerate(rates):
        multiple = [retention_clv(1.0, r, rate, timing=timing) for r in grid]
        ax.plot(
            grid,
            multiple,
            color=_LINE_COLORS[number % len(_LINE_COLORS)],
            label=f"δ = {rate:.0%}",
        )
    ax.set_xlabel("Retention rate r")
    ax.set_ylabel("CLV as a multiple of the margin")
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0%}"))
    ax.legend(title="Discount rate", frameon=False)
    tidy(ax)
    return ax


def plot_retention_clv(
    margin: float,
    retention: float,
    discount_rate: float,
    *,
    timing: str = "end",
    periods: int = 20,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Expected discounted margin per period and its running total.

    For a customer with margin ``m``, retention rate ``r`` and discount rate
    ``δ`` (delta) the expected present value of period ``i`` is
    ``m r^i / (1 + δ)^i`` (cash at the end) or ``m r^(i-1) / (1 + δ)^(i-1)``
    (at the start). The bars
    show the first ``periods`` of them, the line their running total, and a
    dashed line the infinite sum, the retention-based lifetime value
    (客户终身价值) of :func:`crmlab.value.retention_clv`.

    Parameters
    ----------
    margin : float
        Margin ``m`` per period, non-negative.
    retention : float
        Retention rate ``r``, in [0, 1).
    discount_rate : float
        Discount rate ``δ``, in [0, 1].
    timing : {"end", "start"}, default="end"
        When each period's margin arrives.
    periods : int, default=20
        How many periods to draw, at least 1.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with ``periods`` bars, the running-total line and the dashed
        line of the lifetime value.

    See Also
    --------
    crmlab.value.retention_clv

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
    >>> ax = plot_retention_clv(100, 0.8, 0.1, periods=5)
    >>> len(ax.patches), ax.get_lines()[-1].get_label()
    (5, 'Lifetime value 266.67')
    >>> plt.close(ax.figure)
    """
    value = retention_clv(margin, retention, discount_rate, timing=timing)
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)):
        raise TypeError(f"periods must be an integer; got {periods!r}")
    if periods < 1:
        raise ValueError(f"periods must be at least 1; got {periods}")
    exponent = np.arange(1, periods + 1) - (1 if timing == "start" else 0)
    present = margin * (retention / (1 + discount_rate)) ** exponent
    ax = axes_or_new(ax, (7, 4))
    steps = np.arange(1, periods + 1)
    ax.bar(steps, present, color=SKY, label="Expected present value of the period")
    ax.plot(
        steps,
        np.cumsum(present),
        color=BLUE,
        marker="o",
        markersize=3,
        label="Running total",
    )
    ax.axhline(
        value, color=VERMILLION, linestyle="--", label=f"Lifetime value {value:,.2f}"
    )
    ax.set_xlabel("Period")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Present value")
    ax.set_ylim(0, max(value, float(present.max()), 1e-9) * 1.15)
    ax.yaxis.set_major_formatter(
        _MONEY if value >= 100 else StrMethodFormatter("{x:,.2f}")
    )
    ax.legend(frameon=False, loc="center right")
    tidy(ax)
    return ax


def plot_delivered_value(
    value_parts: object,
    cost_parts: object,
    *,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Waterfall of customer delivered value (客户让渡价值).

    Bars rise for each part of total customer value (客户总价值), a grey bar
    shows the total, bars fall for each part of total customer cost
    (客户总成本), and the last bar is what is left: the delivered value.

    Parameters
    ----------
    value_parts : mapping of str to float
        Parts of total customer value, non-negative, in drawing order.
    cost_parts : mapping of str to float
        Parts of total customer cost, non-negative, in drawing order.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with ``len(value_parts) + len(cost_parts) + 2`` bars, each
        labelled with its amount.

    See Also
    --------
    crmlab.value.delivered_value

    Notes
    -----
    Taught in :doc:`chapter 3, Customer value and lifetime value
    </chapters/ch03_customer_value/customer_value>`.

    References
    ----------
    Kotler, P. (1994). Marketing Management, 8th ed., ch. 2 (four costs); the
    course textbook (客户关系管理(慕课版), chapter 1), section 1.3.1
    (客户让渡价值; three costs: money, time and energy).

    Examples
    --------
    >>> ax = plot_delivered_value({"product": 80, "service": 20}, {"money": 70})
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Product', 'Service', 'Total value', 'Money', 'Delivered value']
    >>> plt.close(ax.figure)
    """
    totals = delivered_value(value_parts, cost_parts)  # validates both mappings
    ax = axes_or_new(ax, (7, 4))
    names, bottoms, heights, colors = [], [], [], []
    level = 0.0
    for name, amount in dict(value_parts).items():
        names.append(str(name).capitalize())
        bottoms.append(level)
        heights.append(float(amount))
        colors.append(BLUE)
        level += float(amount)
    names.append("Total value")
    bottoms.append(0.0)
    heights.append(totals["total_value"])
    colors.append(GREY)
    for name, amount in dict(cost_parts).items():
        level -= float(amount)
        names.append(str(name).capitalize())
        bottoms.append(level)
        heights.append(float(amount))
        colors.append(VERMILLION)
    result = totals["delivered_value"]
    names.append("Delivered value")
    bottoms.append(min(result, 0.0))
    heights.append(abs(result))
    colors.append(GREEN if result >= 0 else VERMILLION)
    bars = ax.bar(range(len(names)), heights, bottom=bottoms, color=colors)
    signs = ["+"] * len(value_parts) + [""] + ["-"] * len(cost_parts) + [""]
    shown = [f"{s}{h:,.0f}" for s, h in zip(signs, heights, strict=True)]
    shown[-1] = f"{result:,.0f}"
    ax.bar_label(bars, labels=shown, label_type="edge", fontsize=8, padding=2)
    ax.margins(y=0.08)  # room for the labels above the tallest bar
    ax.set_xticks(range(len(names)), names, rotation=35, ha="right")
    ax.axhline(0, color=GREY, linewidth=0.8)
    ax.set_ylabel("Value to the customer")
    ax.yaxis.set_major_formatter(_MONEY)
    tidy(ax)
    return ax
