"""Figures and the credit-period explorer of the chapter on customer credit (客户信用管理).

Naming contract and conventions
-------------------------------
- ``plot_<what>`` functions draw on the Axes passed as ``ax=`` (or on a new
  figure when ``ax`` is None) and return that Axes. They never call
  ``plt.show()``, never change ``matplotlib.rcParams`` and never change the
  caller's data. Labels are in English only.
- They draw what :mod:`crmlab.credit` computes: scores and grade bands, the
  ageing schedule, the credit-period analysis.
- :func:`credit_period_explorer` is defined in :mod:`crmlab.viz.explorers`
  and re-exported here; :func:`plot_credit_period` is the static figure of
  its starting state, for the PDF.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from crmlab._validation import as_series, check_frame
from crmlab.credit import CREDIT_BANDS, credit_grade
from crmlab.viz._common import OKABE_ITO, axes_or_new, tidy
from crmlab.viz.explorers import credit_period_explorer

__all__ = [
    "credit_period_explorer",
    "plot_ageing",
    "plot_credit_period",
    "plot_credit_scores",
]

_GRADE_COLOURS = (
    OKABE_ITO["green"],
    OKABE_ITO["blue"],
    OKABE_ITO["sky"],
    OKABE_ITO["orange"],
    OKABE_ITO["vermillion"],
)


def plot_credit_scores(
    scores: object,
    *,
    bands: Mapping = CREDIT_BANDS,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Horizontal bars of credit scores (信用评分) over the grade bands.

    One bar per customer, best first, coloured by its grade
    (:func:`crmlab.credit.credit_grade`); dashed lines mark the bands'
    minimums, labelled with the grade.

    Parameters
    ----------
    scores : pandas.Series or mapping of customer to float
        Scores on 0-100.
    bands : mapping of str to float, default=CREDIT_BANDS
        As in :func:`crmlab.credit.credit_grade`.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_credit_scores({"a": 90.0, "b": 45.0, "c": 20.0})
    >>> len(ax.patches)
    3
    """
    grades = credit_grade(scores, bands=bands)
    values = as_series("scores", scores).sort_values()
    ax = axes_or_new(ax, (6.4, 0.35 * len(values) + 1.2))
    colour = {g: _GRADE_COLOURS[i % 5] for i, g in enumerate(dict(bands))}
    ax.barh(
        values.index.astype(str),
        values.to_numpy(),
        color=[colour[grades[c]] for c in values.index],
    )
    for grade, minimum in dict(bands).items():
        if minimum > 0:
            ax.axvline(minimum, color="black", linestyle="--", linewidth=0.8)
        ax.text(minimum + 1, len(values) - 0.4, grade, fontsize=9, va="bottom")
    ax.set_xlim(0, 100)
    ax.set_xlabel("credit score (0-100)")
    tidy(ax)
    return ax


def plot_ageing(
    ageing: pd.DataFrame,
    *,
    rates: Mapping | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Bars of receivables by ageing bucket (账龄), with the provision if given.

    Parameters
    ----------
    ageing : pandas.DataFrame
        As :func:`crmlab.credit.receivables_ageing` returns (``amount``).
    rates : mapping of str to float, default=None
        Provision rates by bucket; when given, each bar's provided part
        (amount × rate) is drawn dark on top of it.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes

    Examples
    --------
    >>> ageing = pd.DataFrame({"amount": [300.0, 100.0]}, index=["0-30", "31-60"])
    >>> len(plot_ageing(ageing, rates={"0-30": 0.1, "31-60": 0.5}).patches)
    4
    """
    frame = check_frame("ageing", ageing, ["amount"])
    amounts = as_series("ageing column 'amount'", frame["amount"])
    ax = axes_or_new(ax, (6.4, 3.2))
    labels = [str(b) for b in amounts.index]
    ax.bar(labels, amounts.to_numpy(), color=OKABE_ITO["sky"], label="receivables")
    if rates is not None:
        provided = [amounts[b] * float(rates[b]) for b in amounts.index]
        ax.bar(labels, provided, color=OKABE_ITO["vermillion"], label="provision")
        ax.legend(frameon=False)
    ax.set_xlabel("days past due")
    ax.set_ylabel("amount (yuan)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    tidy(ax)
    return ax


def plot_credit_period(
    analysis: pd.DataFrame,
    *,
    period: int | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Lines of sales gained, receivables and bad debt against the credit period.

    The static picture of :func:`credit_period_explorer`: for each candidate
    period of :func:`crmlab.credit.credit_period_analysis`, the sales gained
    over the shortest period, the receivables and the expected bad debt; a
    dashed line marks ``period``.

    Parameters
    ----------
    analysis : pandas.DataFrame
        As :func:`crmlab.credit.credit_period_analysis` returns.
    period : int, default=None
        A period to mark (one of the index), e.g. the best.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes

    Examples
    --------
    >>> from crmlab.credit import credit_period_analysis, credit_period_scenarios
    >>> table = credit_period_analysis(credit_period_scenarios([0, 30, 60]),
    ...                                variable_cost_ratio=0.6, cost_of_capital=0.1)
    >>> len(plot_credit_period(table, period=30).lines)
    4
    """
    frame = check_frame(
        "analysis", analysis, ["sales", "receivables", "bad_debt"]
    ).sort_index()
    ax = axes_or_new(ax, (6.4, 3.4))
    x = frame.index.to_numpy()
    gained = frame["sales"] - frame["sales"].iloc[0]
    ax.plot(x, gained, "o-", color=OKABE_ITO["blue"], label="sales gained")
    ax.plot(
        x, frame["receivables"], "s-", color=OKABE_ITO["orange"], label="receivables"
    )
    ax.plot(x, frame["bad_debt"], "^-", color=OKABE_ITO["vermillion"], label="bad debt")
    if period is not None:
        if not np.isin(period, x):
            raise ValueError(
                f"period must be one of the analysis' periods {list(x)}; got {period!r}"
            )
        ax.axvline(period, color="black", linestyle="--", linewidth=0.8)
    ax.set_xlabel("credit period (days)")
    ax.set_ylabel("amount a year")
    ax.legend(frameon=False)
    tidy(ax)
    return ax
