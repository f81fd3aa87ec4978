"""Figures and explorers for choosing and developing customers (客户选择与开发, chapters 4 and 5).

Naming contract and conventions
-------------------------------
* Figures are called ``plot_<what>``. Each draws on the Axes passed as
  ``ax=`` (or on a new figure when ``ax`` is None) and returns that Axes. None
  calls ``plt.show()``, changes ``matplotlib.rcParams`` or changes the
  caller's data.
* Inputs are what the functions of :mod:`crmlab.acquisition` take; the
  curves, patterns, funnel tables and referral rounds are computed there,
  never a second time here.
* The explorers (:func:`segment_score_explorer`, :func:`referral_explorer`)
  are defined in :mod:`crmlab.viz.explorers` and re-exported here.
* Labels are in English, so no CJK font is needed. Shares are fractions of 1
  and are shown as percentages. Colours are from the Okabe-Ito palette.

References
----------
The course's slide deck 客户关系的建立与维护 and lesson plans (see
:mod:`crmlab.acquisition`).
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter, StrMethodFormatter

from crmlab._validation import as_number
from crmlab.acquisition import (
    funnel,
    gini,
    lorenz_curve,
    referral_growth,
    target_market_pattern,
    whale_curve,
)
from crmlab.viz._common import OKABE_ITO, axes_or_new, corner_text, tidy
from crmlab.viz.explorers import referral_explorer, segment_score_explorer

__all__ = [
    "plot_funnel",
    "plot_lorenz_curve",
    "plot_referral_growth",
    "plot_target_grid",
    "plot_whale_curve",
    "referral_explorer",
    "segment_score_explorer",
]

BLUE, VERMILLION, GREY = OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["grey"]


def plot_lorenz_curve(
    values: pd.Series | Mapping | list, *, ax: plt.Axes | None = None
) -> plt.Axes:
    """Lorenz curve of customer value against the line of equality (洛伦兹曲线).

    Parameters
    ----------
    values : pandas.Series, mapping or sequence of float
        As for :func:`crmlab.acquisition.lorenz_curve`.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 5 x 5 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The curve is ``ax.lines[0]``, the diagonal ``ax.lines[1]``; the Gini
        coefficient is written in the upper left corner.

    Examples
    --------
    >>> ax = plot_lorenz_curve([1, 3, 6])
    >>> ax.lines[0].get_ydata().round(2).tolist()
    [0.0, 0.1, 0.4, 1.0]
    >>> plt.close(ax.figure)
    """
    curve = lorenz_curve(values)
    ax = axes_or_new(ax, (5, 5), layout="constrained")
    x, y = curve["customer_share"], curve["value_share"]
    ax.plot(x, y, color=BLUE, linewidth=2, label="Lorenz curve")
    ax.plot([0, 1], [0, 1], color=GREY, linestyle="--", label="Perfect equality")
    ax.fill_between(x, y, x, color=BLUE, alpha=0.15)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("Share of customers (smallest value first)")
    ax.set_ylabel("Share of total value")
    corner_text(ax, "upper left", f"Gini = {gini(values):.2f}")
    ax.legend(loc="lower right", frameon=False)
    tidy(ax)
    return ax


def plot_whale_curve(
    profit: pd.Series | Mapping | list, *, ax: plt.Axes | None = None
) -> plt.Axes:
    """Whale curve: cumulative profit share by customers ranked by profit (鲸鱼曲线).

    Parameters
    ----------
    profit : pandas.Series, mapping or sequence of float
        As for :func:`crmlab.acquisition.whale_curve`.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The curve is ``ax.lines[0]`` (starting at 0, 0); the peak is marked
        and labelled; a dashed line marks 100 %.

    Examples
    --------
    >>> ax = plot_whale_curve({"a": 60, "b": -20, "c": 40, "d": 20})
    >>> ax.lines[0].get_ydata().round(2).tolist()
    [0.0, 0.6, 1.0, 1.2, 1.0]
    >>> plt.close(ax.figure)
    """
    curve = whale_curve(profit)
    ax = axes_or_new(ax, (7, 4), layout="constrained")
    x = np.r_[0.0, curve["customer_share"]]
    y = np.r_[0.0, curve["profit_share"]]
    ax.plot(x, y, color=BLUE, linewidth=2)
    ax.axhline(1.0, color=GREY, linestyle="--", linewidth=1)
    peak = curve[curve["is_peak"]].iloc[0]
    ax.plot(peak["customer_share"], peak["profit_share"], "o", color=VERMILLION)
    ax.annotate(
        f"peak {peak['profit_share']:.0%}\nat {peak['customer_share']:.0%} "
        "of customers",
        (peak["customer_share"], peak["profit_share"]),
        xytext=(0, -34),
        textcoords="offset points",
        ha="center",
        color=VERMILLION,
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, max(1.05, y.max() * 1.1))
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("Share of customers (most profitable first)")
    ax.set_ylabel("Cumulative share of total profit")
    tidy(ax)
    return ax


def plot_target_grid(grid: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """A product × market grid with its target-market pattern as title (目标市场模式).

    Parameters
    ----------
    grid : pandas.DataFrame
        Products (rows) × markets (columns), as for
        :func:`crmlab.acquisition.target_market_pattern`.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 3 x 3 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        Served cells are filled blue; the title is the pattern's name.

    Examples
    --------
    >>> grid = pd.DataFrame([[1, 0], [1, 0]], index=["P1", "P2"], columns=["M1", "M2"])
    >>> plot_target_grid(grid).get_title()
    'market specialisation'
    >>> plt.close("all")
    """
    pattern = target_market_pattern(grid)
    served = grid.to_numpy().astype(bool)
    ax = axes_or_new(ax, (3, 3), layout="constrained")
    colours = np.where(served, 1.0, 0.0)
    ax.imshow(
        colours,
        cmap=plt.matplotlib.colors.ListedColormap(["#F2F2F2", BLUE]),
        vmin=0,
        vmax=1,
    )
    ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [str(r) for r in grid.index])
    ax.set_xticks(np.arange(-0.5, grid.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, grid.shape[0]), minor=True)
    ax.grid(which="minor", color="white", linewidth=3)
    ax.tick_params(which="both", length=0)
    ax.set_xlabel("Market")
    ax.set_ylabel("Product")
    ax.set_title(pattern)
    return ax


def plot_funnel(stages: pd.Series | Mapping, *, ax: plt.Axes | None = None) -> plt.Axes:
    """The conversion funnel: one centred bar per stage, widest first (转化漏斗).

    Parameters
    ----------
    stages : pandas.Series or mapping of str to int
        As for :func:`crmlab.acquisition.funnel`.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        One bar per stage (``ax.patches``), labelled with its count and its
        stage conversion; the stage with the lowest conversion (the worst
        leak) is drawn in vermillion.

    Examples
    --------
    >>> ax = plot_funnel({"found": 100, "met": 40, "closed": 10})
    >>> [round(p.get_width()) for p in ax.patches]
    [100, 40, 10]
    >>> plt.close(ax.figure)
    """
    table = funnel(stages)
    ax = axes_or_new(ax, (7, 4), layout="constrained")
    leak = table["stage_conversion"].idxmin() if len(table) > 1 else None
    positions = np.arange(len(table))[::-1]
    top = table["count"].iloc[0]
    for y, (name, row) in zip(positions, table.iterrows(), strict=True):
        colour = VERMILLION if name == leak else BLUE
        ax.barh(y, row["count"], left=(top - row["count"]) / 2, color=colour)
        note = f"{int(row['count']):,}".replace(",", " ")
        if not np.isnan(row["stage_conversion"]):
            note += f"  ({row['stage_conversion']:.0%} of the stage before)"
        ax.text((top + row["count"]) / 2 + 0.02 * top, y, note, va="center")
    ax.set_yticks(positions, [str(k) for k in table.index])
    ax.set_xlim(0, 1.75 * top)
    ax.set_xticks([])
    ax.spines[["top", "right", "bottom"]].set_visible(False)
    return ax


def plot_referral_growth(
    initial: int,
    referrals_per_customer: float,
    rounds: int,
    *,
    claim: float | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """New and total customers per referral round (连锁介绍法).

    Parameters
    ----------
    initial, referrals_per_customer, rounds
        As for :func:`crmlab.acquisition.referral_growth`.
    claim : float, default=None
        A claimed total to compare with, drawn as a dashed line.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        Bars of new customers per round (``ax.patches``) and the line of
        customers referred so far (``ax.lines[0]``).

    Examples
    --------
    >>> ax = plot_referral_growth(1, 2, 3)
    >>> [float(p.get_height()) for p in ax.patches]
    [1.0, 2.0, 4.0, 8.0]
    >>> plt.close(ax.figure)
    """
    growth = referral_growth(initial, referrals_per_customer, rounds)
    if claim is not None:
        claim = as_number("claim", claim)
    ax = axes_or_new(ax, (7, 4), layout="constrained")
    ax.bar(growth.index, growth["new"], color=BLUE, label="New customers in the round")
    ax.plot(
        growth.index,
        growth["referred"],
        color="black",
        marker="o",
        markersize=3,
        label="Referred customers so far",
    )
    if claim is not None:
        ax.axhline(
            claim, color=VERMILLION, linestyle="--", label=f"Claim: {claim:,.0f}"
        )
    ax.set_xlabel("Round of referral")
    ax.set_ylabel("Customers")
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.legend(loc="upper left", frameon=False)
    tidy(ax)
    return ax
