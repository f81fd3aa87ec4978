"""Figures and the win-back explorer of the chapter on churn and win-back (客户流失与挽回).

Naming contract and conventions
-------------------------------
- ``plot_<what>`` functions draw on the Axes passed as ``ax=`` (or on a new
  figure when ``ax`` is None) and return that Axes. They never call
  ``plt.show()``, never change ``matplotlib.rcParams`` and never change the
  caller's data. Labels are in English only.
- They draw the results of :mod:`crmlab.loyalty`: a cohort table from
  :func:`~crmlab.loyalty.cohort_retention`, a Kaplan-Meier table from
  :func:`~crmlab.loyalty.survival_curve`, a risk table from
  :func:`~crmlab.loyalty.churn_risk` and a decision table from
  :func:`~crmlab.loyalty.winback_value`; they compute nothing new.
- Rates and probabilities are shares in [0, 1], shown as percentages; days
  are whole days; money is in one currency unit.
- :func:`winback_explorer` is defined in :mod:`crmlab.viz.explorers` and
  re-exported here; the book shows :func:`plot_winback_break_even` as the
  static figure of the explorer's starting state, for the PDF.
- Colours come from the Okabe-Ito palette: blue for customers still active,
  vermillion for churned or overdue customers, green for "contact".
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter, StrMethodFormatter

from crmlab._validation import (
    as_number,
    as_series,
    check_frame,
    check_rate,
    check_same_keys,
)
from crmlab.loyalty import median_survival_time, winback_value
from crmlab.viz._common import OKABE_ITO, axes_or_new, tidy
from crmlab.viz.explorers import winback_explorer

__all__ = [
    "plot_churn_risk",
    "plot_cohort_heatmap",
    "plot_survival",
    "plot_winback",
    "plot_winback_break_even",
    "winback_explorer",
]

BLUE, VERMILLION, GREEN, GREY, ORANGE = (
    OKABE_ITO[name] for name in ("blue", "vermillion", "green", "grey", "orange")
)


def plot_cohort_heatmap(
    table: pd.DataFrame,
    *,
    annotate: bool | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Heat map of a cohort retention table (同期群留存热力图).

    One row per cohort (the period of the first purchase), one column per
    number of periods since the first purchase; the colour is the share of
    the cohort that buys in that period. Unobserved cells (NaN, the lower
    right triangle) stay blank.

    Parameters
    ----------
    table : pandas.DataFrame
        A table from :func:`crmlab.loyalty.cohort_retention` with
        ``normalize=True``: shares in [0, 1] or NaN.
    annotate : bool, default=None
        Write each share (in percent) in its cell. ``None`` annotates when
        the table has at most 12 columns.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 8 x 6 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes holding the image and its colour bar.

    See Also
    --------
    crmlab.loyalty.cohort_retention

    Notes
    -----
    Taught in :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007), How to project customer
    retention, Journal of Interactive Marketing 21(1). The course slides
    (客户关系的建立与维护) name churn management (流失管理) as a topic.

    Examples
    --------
    >>> from crmlab.loyalty import cohort_retention
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...     "date": ["2024-01-05", "2024-02-01", "2024-01-20", "2024-02-10"]})
    >>> ax = plot_cohort_heatmap(cohort_retention(log))
    >>> [t.get_text() for t in ax.texts]
    ['100%', '50%', '100%']
    >>> plt.close(ax.figure)
    """
    table = check_frame("table", table, [])
    values = table.to_numpy(dtype=float)
    seen = values[~np.isnan(values)]
    if seen.size == 0 or (seen < 0).any() or (seen > 1).any():
        raise ValueError(
            "table must hold retention shares in [0, 1] (cohort_retention with "
            "normalize=True) and at least one observed cell; got "
            + (f"{seen[(seen < 0) | (seen > 1)][0]:g}" if seen.size else "no cell")
        )
    if annotate is None:
        annotate = table.shape[1] <= 12
    ax = axes_or_new(ax, (8, 6))
    image = ax.imshow(
        np.ma.masked_invalid(values), cmap="YlGnBu", vmin=0, vmax=1, aspect="auto"
    )
    bar = ax.figure.colorbar(image, ax=ax)
    bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    bar.set_label("Share of the cohort buying")
    if annotate:
        for (row, column), share in np.ndenumerate(values):
            if not np.isnan(share):
                colour = "white" if share > 0.6 else "black"
                ax.text(
                    column,
                    row,
                    f"{share:.0%}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=colour,
                )
    step = max(1, int(np.ceil(table.shape[0] / 12)))
    ax.set_yticks(
        range(0, table.shape[0], step), [str(label) for label in table.index[::step]]
    )
    ax.set_xticks(range(0, table.shape[1], step))
    ax.set_xlabel(
        f"{table.columns.name or 'Periods'} (periods since first purchase)"
        if table.columns.name != "periods_since_first"
        else "Periods since the first purchase"
    )
    ax.set_ylabel("Cohort (period of the first purchase)")
    return ax


def plot_survival(
    curve: pd.DataFrame,
    *,
    label: str = "Kaplan-Meier estimate",
    mark_censored: bool = True,
    show_median: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Step plot of a Kaplan-Meier survival curve (生存曲线).

    The curve starts at 1 at tenure 0 and drops at each tenure where
    customers churned. Censored customers (still active at the end of the
    data) are marked with small vertical ticks on the curve; the median
    tenure of :func:`crmlab.loyalty.median_survival_time` (the first tenure
    at which the curve is at or below 50 %, within 1e-12) is marked with
    dashed lines when the curve gets that low.

    Parameters
    ----------
    curve : pandas.DataFrame
        A table from :func:`crmlab.loyalty.survival_curve`: indexed by
        tenure, with the columns ``censored`` and ``survival``.
    label : str, default="Kaplan-Meier estimate"
        Legend label of the curve.
    mark_censored : bool, default=True
        Draw a tick at each tenure where customers were censored.
    show_median : bool, default=True
        Mark the median tenure.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes; its first line is the curve.

    See Also
    --------
    crmlab.loyalty.survival_curve
    crmlab.loyalty.median_survival_time

    Notes
    -----
    Taught in :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    Kaplan, E. L. & Meier, P. (1958), Nonparametric estimation from
    incomplete observations, JASA 53(282), 457-481.

    Examples
    --------
    >>> from crmlab.loyalty import survival_curve
    >>> curve = survival_curve([2, 3, 3, 5, 8], [True, True, False, True, False])
    >>> ax = plot_survival(curve)
    >>> ax.get_lines()[0].get_ydata().round(4).tolist()
    [1.0, 0.8, 0.6, 0.3, 0.3]
    >>> plt.close(ax.figure)
    """
    curve = check_frame("curve", curve, ["censored", "survival"])
    times = np.asarray(curve.index, dtype=float)
    survival = curve["survival"].to_numpy(dtype=float)
    ax = axes_or_new(ax, (7, 4))
    xs = np.concatenate([[0.0], times])
    ys = np.concatenate([[1.0], survival])
    ax.step(xs, ys, where="post", color=BLUE, label=label)
    if mark_censored:
        censored = curve["censored"].to_numpy() > 0
        ax.plot(
            times[censored],
            survival[censored],
            linestyle="none",
            marker="|",
            markersize=6,
            alpha=0.5,
            color=GREY,
            label="Censored (still active)",
        )
    median = median_survival_time(curve)
    if show_median and np.isfinite(median):
        ax.plot(
            [0, median, median],
            [0.5, 0.5, 0],
            color=VERMILLION,
            linestyle="--",
            linewidth=1,
            label=f"Median tenure {median:g}",
        )
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("Tenure")
    ax.set_ylabel("Share still active")
    ax.legend(frameon=False)
    tidy(ax)
    return ax


def plot_churn_risk(
    risk: pd.DataFrame,
    *,
    threshold: float = 2.0,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Days since the last purchase against the usual gap; overdue customers highlighted (流失预警).

    One dot per customer, on log scales: the reference gap (the customer's
    own usual gap between purchases, or the population's) across, the days
    since the last purchase up. The dashed line ``days = threshold × gap``
    separates overdue customers (above it, vermillion) from the others
    (blue).

    Parameters
    ----------
    risk : pandas.DataFrame
        A table from :func:`crmlab.loyalty.churn_risk`, with the columns
        ``reference_gap``, ``days_since`` and ``overdue``.
    threshold : float, default=2.0
        The threshold the table was computed with; positive. Only the line
        uses it: the colours come from the ``overdue`` column.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 5 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with two point sets (not overdue, overdue) and the line.

    See Also
    --------
    crmlab.loyalty.churn_risk

    Notes
    -----
    Taught in :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    The course slides (客户关系的建立与维护) name churn management (流失管理)
    as a topic but give no warning rule; the rule drawn here is this book's,
    after the recency logic of Fader, Hardie & Lee (2005), RFM and CLV:
    using iso-value curves for customer base analysis, JMR 42(4).

    Examples
    --------
    >>> from crmlab.loyalty import churn_risk
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b", "c"],
    ...     "date": ["2024-01-01", "2024-01-11", "2024-01-21", "2024-01-01",
    ...              "2024-01-31", "2024-01-05"]})
    >>> ax = plot_churn_risk(churn_risk(log, now="2024-02-15"))
    >>> [len(points.get_offsets()) for points in ax.collections]
    [1, 2]
    >>> plt.close(ax.figure)
    """
    risk = check_frame("risk", risk, ["reference_gap", "days_since", "overdue"])
    threshold = as_number("threshold", threshold)
    if threshold == 0:
        raise ValueError(f"threshold must be positive; got {threshold:g}")
    overdue = risk["overdue"].to_numpy(dtype=bool)
    gap = risk["reference_gap"].to_numpy(dtype=float)
    days = np.maximum(risk["days_since"].to_numpy(dtype=float), 0.5)
    ax = axes_or_new(ax, (7, 5))
    for flag, colour, name in (
        (False, BLUE, "Not overdue"),
        (True, VERMILLION, "Overdue"),
    ):
        chosen = overdue == flag
        ax.scatter(
            gap[chosen],
            days[chosen],
            s=14,
            alpha=0.6,
            color=colour,
            label=f"{name} ({chosen.sum()})",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    low, high = np.nanmin(gap) / 1.5, np.nanmax(gap) * 1.5
    line = np.array([low, high])
    ax.plot(
        line,
        threshold * line,
        color="black",
        linestyle="--",
        linewidth=1,
        label=f"days since = {threshold:g} x gap",
    )
    ax.set_xlim(low, high)
    ax.set_xlabel("Usual gap between purchases (days, log scale)")
    ax.set_ylabel("Days since the last purchase (log scale)")
    ax.legend(frameon=False, loc="lower left")
    tidy(ax)
    return ax


def plot_winback(
    table: pd.DataFrame,
    *,
    sizes: object = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Bars of the expected value of winning back each group, coloured by decision (客户挽回决策).

    One horizontal bar per customer group: the expected value
    ``p × regained value − contact cost`` per customer contacted, green when
    the group is contacted and grey when not, with the number written next
    to the bar. With ``sizes`` the bars show the group's total,
    ``size × expected value``.

    Parameters
    ----------
    table : pandas.DataFrame
        A table from :func:`crmlab.loyalty.winback_value` with
        ``decide=True``: the columns ``expected_value`` and ``contact``,
        indexed by group.
    sizes : pandas.Series or mapping, default=None
        Number of customers in each group (same keys as the table), to show
        group totals instead of values per customer.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 3.5 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with one bar per group.

    See Also
    --------
    crmlab.loyalty.winback_value

    Notes
    -----
    Taught in :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    Thomas, J. S., Blattberg, R. C. & Fox, E. J. (2004), Recapturing lost
    customers, JMR 41(1), 31-45 (offers and second tenure); the course
    slides (客户关系的建立与维护; 亡羊补牢). The expected-value rule
    ``p × V − c`` is an elementary decision rule that this book uses; neither
    source states it.

    Examples
    --------
    >>> from crmlab.loyalty import winback_value
    >>> table = winback_value({"a": 0.3, "b": 0.1}, {"a": 500, "b": 400}, 60,
    ...                       decide=True)
    >>> ax = plot_winback(table)
    >>> [float(bar.get_width()) for bar in ax.patches]
    [90.0, -20.0]
    >>> plt.close(ax.figure)
    """
    table = check_frame("table", table, ["expected_value", "contact"])
    values = table["expected_value"].astype(float)
    xlabel = "Expected value per customer contacted"
    if sizes is not None:
        sizes = as_series("sizes", sizes)
        check_same_keys("groups", sizes=sizes, table=table)
        values = values * sizes.reindex(table.index).astype(float)
        xlabel = "Expected value of the group (size x value per customer)"
    contact = table["contact"].to_numpy(dtype=bool)
    ax = axes_or_new(ax, (7, 3.5))
    rows = np.arange(len(table))[::-1]
    ax.barh(rows, values, color=np.where(contact, GREEN, GREY))
    span = float(np.abs(values).max()) or 1.0
    for row, value, flag in zip(rows, values, contact, strict=True):
        note = f"{value:,.0f}" + ("  contact" if flag else "  skip")
        ax.text(
            value + (0.02 if value >= 0 else -0.02) * span,
            row,
            note,
            va="center",
            ha="left" if value >= 0 else "right",
            fontsize=9,
        )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(rows, [str(label) for label in table.index])
    ax.set_xlim(
        min(0.0, values.min()) - 0.35 * span, max(0.0, values.max()) + 0.35 * span
    )
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    tidy(ax)
    return ax


def plot_winback_break_even(
    winback_probability: float,
    regained_value: float,
    contact_cost: float,
    *,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Expected value of a win-back attempt against the win-back probability (挽回的盈亏平衡).

    Draws the line ``EV(p) = p × V − c`` for ``p`` from 0 to 1, the current
    probability as a dot (green when the attempt pays, vermillion when not)
    and the break-even probability ``p* = c / V`` where the line crosses
    zero (when ``p*`` is at most 1).

    Parameters
    ----------
    winback_probability : float
        Probability ``p`` that a contacted customer comes back, in [0, 1].
    regained_value : float
        Value ``V`` of a regained customer, non-negative.
    contact_cost : float
        Cost ``c`` of one attempt, non-negative.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes; its first line is ``EV(p)``.

    See Also
    --------
    crmlab.loyalty.winback_value

    Notes
    -----
    Taught in :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    References
    ----------
    The course textbook (客户关系管理(慕课版), chapter 1) defines win-back
    (流失客户挽回) and the course slides (客户关系的建立与维护) name it as a
    topic; the break-even rule ``p* = c / V`` is this book's. Thomas,
    Blattberg & Fox (2004); Griffin, J. & Lowenstein, M. W. (2001), Customer
    Winback.

    Examples
    --------
    >>> ax = plot_winback_break_even(0.3, 400, 40)
    >>> ax.get_lines()[0].get_ydata()[[0, -1]].tolist()
    [-40.0, 360.0]
    >>> plt.close(ax.figure)
    """
    p = check_rate("winback_probability", winback_probability)
    value = as_number("regained_value", regained_value)
    cost = as_number("contact_cost", contact_cost)
    expected = winback_value(p, value, cost)
    ax = axes_or_new(ax, (7, 4))
    grid = np.linspace(0.0, 1.0, 101)
    ax.plot(grid, grid * value - cost, color=BLUE, label="Expected value p x V - c")
    ax.axhline(0, color=GREY, linewidth=0.8)
    if value > 0 and cost <= value:
        ax.axvline(
            cost / value,
            color=GREY,
            linestyle="--",
            linewidth=1,
            label=f"Break-even p* = c / V = {cost / value:.0%}",
        )
    colour = GREEN if expected > 0 else VERMILLION
    ax.plot(
        [p],
        [expected],
        marker="o",
        markersize=9,
        color=colour,
        linestyle="none",
        label=f"p = {p:.0%}: expected value {expected:,.2f}",
    )
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("Win-back probability p")
    ax.set_ylabel("Expected value per customer contacted")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0.12, 1.0))
    tidy(ax)
    return ax
