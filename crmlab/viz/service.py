"""Figures and the explorer of the chapter on communication and complaints (客户投诉).

Naming contract and conventions
-------------------------------
- ``plot_<what>`` functions draw on the Axes passed as ``ax=`` (or on a new
  figure when ``ax`` is None) and return that Axes. They never call
  ``plt.show()``, never change ``matplotlib.rcParams`` and never change the
  caller's data. Labels are in English only.
- They draw what :func:`crmlab.service.complaint_metrics` computes, with its
  conventions: times in hours from receipt, the target ``sla`` in hours.
- :func:`service_explorer` is defined in :mod:`crmlab.viz.explorers` and
  re-exported here; the book shows :func:`plot_breach_shares` as the static
  figure of the explorer's starting state, for the PDF.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from crmlab.service import complaint_metrics
from crmlab.viz._common import OKABE_ITO, axes_or_new, tidy
from crmlab.viz.explorers import service_explorer

__all__ = ["plot_breach_shares", "plot_resolution_times", "service_explorer"]

_COLOURS = ("blue", "vermillion", "green", "orange", "purple", "sky")


def plot_breach_shares(
    log: pd.DataFrame,
    *,
    by: str = "channel",
    sla: float = 48.0,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Bars of each group's share of complaints breaching the target (服务时限).

    One bar per group of ``by``, the overall share as a dashed line; the
    title gives the target and the overall share. It is the service
    explorer's starting state.

    Parameters
    ----------
    log : pandas.DataFrame
        A complaint log, as :func:`crmlab.service.complaint_metrics` reads it.
    by : str, default="channel"
        The column to compare groups of.
    sla : float, default=48.0
        The resolution target in hours.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The bar chart.

    Examples
    --------
    >>> from crmlab.datasets import make_complaint_log
    >>> ax = plot_breach_shares(make_complaint_log(80, seed=2), by="grade")
    >>> len(ax.patches)
    3
    """
    table = complaint_metrics(log, by=by, sla=sla)
    overall = complaint_metrics(log, sla=sla).loc["all", "sla_breach_share"]
    ax = axes_or_new(ax, (6, 3))
    ax.bar(table.index.astype(str), table["sla_breach_share"], color=OKABE_ITO["blue"])
    ax.axhline(overall, color="black", linestyle="--", linewidth=0.9, label="all")
    ax.set_ylim(0, 1)
    ax.set_ylabel("share breaching the target")
    ax.set_xlabel(by)
    ax.set_title(f"Target {sla:g} h: {overall:.1%} of complaints breach it", loc="left")
    ax.legend(frameon=False)
    tidy(ax)
    return ax


def plot_resolution_times(
    log: pd.DataFrame,
    *,
    by: str = "channel",
    sla: float = 48.0,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Cumulative share of complaints resolved within each number of hours.

    One step line per group of ``by`` (an empirical distribution function
    of the resolution times; open complaints never reach the line's end, so
    each line stops at the group's resolution rate), and the target ``sla``
    as a vertical line.

    Parameters
    ----------
    log : pandas.DataFrame
        A complaint log, as :func:`crmlab.service.complaint_metrics` reads it.
    by : str, default="channel"
        The column to compare groups of.
    sla : float, default=48.0
        The resolution target in hours, drawn as a vertical line.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The step lines.

    Examples
    --------
    >>> from crmlab.datasets import make_complaint_log
    >>> ax = plot_resolution_times(make_complaint_log(80, seed=2), by="grade")
    >>> len(ax.get_lines())
    4
    """
    table = complaint_metrics(log, by=by, sla=sla)  # validates log, by and sla
    frame = log.assign(
        hours=(pd.to_datetime(log["resolved"]) - pd.to_datetime(log["received"]))
        / pd.Timedelta(hours=1)
    )
    ax = axes_or_new(ax, (6, 3.2))
    for k, group in enumerate(table.index):
        rows = frame[frame[by].astype(str) == str(group)]
        hours = np.sort(rows["hours"].dropna().to_numpy())
        share = np.arange(1, hours.size + 1) / len(rows)
        colour = OKABE_ITO[_COLOURS[k % len(_COLOURS)]]
        ax.step(
            np.r_[0, hours],
            np.r_[0, share],
            where="post",
            color=colour,
            label=str(group),
        )
    ax.axvline(sla, color="black", linestyle="--", linewidth=0.9)
    ax.set_xlabel("hours from receipt to resolution")
    ax.set_ylabel("share resolved")
    ax.set_ylim(0, 1)
    ax.legend(frameon=False, title=by)
    tidy(ax)
    return ax
