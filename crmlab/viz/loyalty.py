"""Figures and the loyalty-index explorer of chapter 10, Customer loyalty (客户忠诚).

Naming contract and conventions
-------------------------------
- ``plot_<what>`` functions draw on the Axes passed as ``ax=`` (or on a new
  figure when ``ax`` is None) and return that Axes. They never call
  ``plt.show()``, never change ``matplotlib.rcParams`` and never change the
  caller's data. Labels are in English only (no CJK font is assumed);
  colours come from the Okabe-Ito palette.
- Models come from :mod:`crmlab.loyalty`: the figures draw what the model
  functions computed and recompute nothing (loyalty types and their cuts
  from :func:`~crmlab.loyalty.loyalty_matrix` and
  :func:`~crmlab.loyalty.loyalty_matrix_cuts`, the index from
  :func:`~crmlab.loyalty.loyalty_index`, the repeat purchase rate from
  :func:`~crmlab.loyalty.repeat_purchase_rate`, the curves from
  :func:`~crmlab.loyalty.illustrative_loyalty`).
- The chapter's survey is :func:`crmlab.datasets.make_loyalty_survey`, with
  its constants :data:`crmlab.datasets.MEASURES` and friends.
- :func:`loyalty_index_explorer` imports ipywidgets inside the function, so
- :func:`loyalty_index_explorer` is defined in :mod:`crmlab.viz.explorers`
  and re-exported here. A page that shows the explorer first shows
  :func:`plot_loyalty_index` of its default weights, for the PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from crmlab._validation import as_number, as_numbers, as_series, check_integer
from crmlab.loyalty import (
    illustrative_loyalty,
    loyalty_matrix,
    loyalty_matrix_cuts,
    repeat_purchase_rate,
)
from crmlab.viz._common import (
    OKABE_ITO,
    axes_or_new,
    draw_quadrants,
    tidy,
)
from crmlab.viz.explorers import loyalty_index_explorer

__all__ = [
    "MARKETS",
    "loyalty_index_explorer",
    "plot_loyalty_index",
    "plot_loyalty_matrix",
    "plot_purchase_counts",
    "plot_satisfaction_loyalty",
]

BLUE, VERMILLION, GREEN, GREY, ORANGE, SKY = (
    OKABE_ITO[name] for name in ("blue", "vermillion", "green", "grey", "orange", "sky")
)

#: Illustrative markets for :func:`plot_satisfaction_loyalty`, label ->
#: (floor, power) of :func:`crmlab.loyalty.illustrative_loyalty`.
MARKETS = MappingProxyType(
    {
        "Highly competitive (e.g. cars, PCs)": (0.0, 4.0),
        "Moderately competitive": (20.0, 2.0),
        "Little competition (e.g. local utility)": (70.0, 1.0),
    }
)


# --------------------------------------------------------------------------
# repeat purchases
# --------------------------------------------------------------------------


def plot_purchase_counts(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    max_count: int = 20,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Bar chart of customers by their number of purchases (购买次数分布).

    One-time buyers are grey, repeat buyers blue; the last bar collects
    everyone with ``max_count`` or more purchases. The legend gives the
    repeat purchase rate of :func:`crmlab.loyalty.repeat_purchase_rate`
    (purchases counted as rows).

    Parameters
    ----------
    transactions : pandas.DataFrame
        Transaction log, one row per purchase.
    customer : str, default="customer_id"
        Column holding the customer id.
    max_count : int, default=20
        Purchases from which customers share the last bar; at least 2.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; ``None`` makes a new figure.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    crmlab.loyalty.repeat_purchase_rate

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    References
    ----------
    The course's exam papers (客户关系管理试题与知识点; 客户重复购买的次数 as a
    loyalty measure); Newman & Werbel (1973), quoted in the course lesson
    plans (《客户关系管理》教案全套).

    Examples
    --------
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"]})
    >>> ax = plot_purchase_counts(log, max_count=3)
    >>> [round(bar.get_height()) for bar in ax.patches]
    [1, 1, 1]
    """
    max_count = check_integer("max_count", max_count, low=2)
    rate = repeat_purchase_rate(transactions, customer=customer)
    counts = transactions.groupby(customer).size().clip(upper=max_count)
    bars = counts.value_counts().reindex(range(1, max_count + 1), fill_value=0)
    ax = axes_or_new(ax, (7.5, 3.8))
    colors = [GREY] + [BLUE] * (max_count - 1)
    ax.bar(bars.index, bars.to_numpy(), color=colors, width=0.8)
    ax.set_xticks(bars.index, [*map(str, bars.index[:-1]), f"{max_count}+"])
    ax.set_xlabel("Number of purchases")
    ax.set_ylabel("Number of customers")
    ax.legend(
        handles=[
            plt.Rectangle((0, 0), 1, 1, color=GREY, label="One-time buyers"),
            plt.Rectangle(
                (0, 0), 1, 1, color=BLUE, label=f"Repeat buyers ({rate:.1%})"
            ),
        ],
        frameon=False,
    )
    tidy(ax)
    return ax


# --------------------------------------------------------------------------
# satisfaction and loyalty
# --------------------------------------------------------------------------


def plot_satisfaction_loyalty(
    markets: Mapping | None = None, *, ax: plt.Axes | None = None
) -> plt.Axes:
    """Illustrative satisfaction-loyalty curves by market competitiveness (满意与忠诚).

    Draws :func:`crmlab.loyalty.illustrative_loyalty` for each market and
    shades Jones & Sasser's three zones: defection (satisfaction 1-2),
    indifference (2-4) and affection (4-5). The figure says that it is illustrative.

    Parameters
    ----------
    markets : mapping of str to (float, float), default=None
        Curve label -> ``(floor, power)``; ``None`` uses :data:`MARKETS`.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; ``None`` makes a new figure.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    crmlab.loyalty.illustrative_loyalty

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    References
    ----------
    Jones, T. O. & Sasser, W. E. (1995). Why satisfied customers defect.
    *Harvard Business Review*, 73(6), 88-99.

    Examples
    --------
    >>> ax = plot_satisfaction_loyalty()
    >>> len(ax.lines)
    3
    """
    markets = dict(MARKETS if markets is None else markets)
    if not markets:
        raise ValueError("markets must name at least one curve; got none")
    ax = axes_or_new(ax, (7.0, 4.2))
    zones = [
        (1, 2, "Zone of\ndefection"),
        (2, 4, "Zone of\nindifference"),
        (4, 5, "Zone of\naffection"),
    ]
    for (low, high, label), color in zip(
        zones, ["#fbe3d6", "#f2f2f2", "#d9efe6"], strict=True
    ):
        ax.axvspan(low, high, color=color, zorder=0)
        ax.text((low + high) / 2, 103, label, ha="center", va="bottom", fontsize=9)
    s = np.linspace(1, 5, 201)
    for (label, (floor, power)), color in zip(
        markets.items(), [VERMILLION, ORANGE, BLUE, GREEN, SKY, GREY], strict=False
    ):
        ax.plot(
            s,
            illustrative_loyalty(s, floor=floor, power=power),
            color=color,
            lw=2.2,
            label=label,
        )
    ax.set_xlim(1, 5)
    ax.set_ylim(0, 115)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_yticks(range(0, 101, 20))
    ax.set_xlabel("Satisfaction (1 = very dissatisfied, 5 = completely satisfied)")
    ax.set_ylabel("Loyalty (% who buy again)")
    ax.text(
        4.95,
        4,
        "Illustrative curves, not data",
        ha="right",
        fontsize=8,
        style="italic",
        color=GREY,
    )
    ax.legend(loc="center left", frameon=False, fontsize=9)
    tidy(ax)
    return ax


# --------------------------------------------------------------------------
# Dick & Basu
# --------------------------------------------------------------------------

_TYPE_COLORS = MappingProxyType(
    {
        "loyalty": GREEN,
        "latent loyalty": SKY,
        "spurious loyalty": ORANGE,
        "no loyalty": GREY,
    }
)


def plot_loyalty_matrix(
    attitude: object,
    patronage: object,
    *,
    attitude_cut: float | None = None,
    patronage_cut: float | None = None,
    jitter: float = 0.0,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Scatter of customers in Dick & Basu's attitude × patronage matrix (忠诚类型矩阵).

    Each customer is a dot coloured by the type
    :func:`crmlab.loyalty.loyalty_matrix` gives; dashed lines mark the cuts
    and each quadrant is labelled with its type and count.

    Parameters
    ----------
    attitude, patronage : pandas.Series or mapping
        Relative attitude (x) and repeat patronage (y) per customer, as for
        :func:`crmlab.loyalty.loyalty_matrix`.
    attitude_cut, patronage_cut : float, default=None
        Cuts for "high"; ``None`` uses the medians.
    jitter : float, default=0.0
        Width of a seeded random horizontal spread of the dots (for a
        whole-number attitude scale where dots overlap); drawing only, the
        types use the true values. Non-negative.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; ``None`` makes a new figure.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    crmlab.loyalty.loyalty_matrix
    crmlab.loyalty.loyalty_matrix_cuts

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    References
    ----------
    Dick, A. S. & Basu, K. (1994). Customer loyalty: toward an integrated
    conceptual framework. *JAMS*, 22(2), 99-113. The four types are Dick &
    Basu's, not the course exam papers' (those sort relationships into
    优质类, 低质类, 时尚类 and 问题类客户关系).

    Examples
    --------
    >>> ax = plot_loyalty_matrix({"a": 6, "b": 6, "c": 2, "d": 2},
    ...                          {"a": 9, "b": 1, "c": 9, "d": 1})
    >>> sorted(text.get_text() for text in ax.texts)
    ['Latent loyalty (1)', 'Loyalty (1)', 'No loyalty (1)', 'Spurious loyalty (1)']
    """
    types = loyalty_matrix(
        attitude, patronage, attitude_cut=attitude_cut, patronage_cut=patronage_cut
    )
    a_cut, p_cut = loyalty_matrix_cuts(
        attitude, patronage, attitude_cut=attitude_cut, patronage_cut=patronage_cut
    )
    jitter = as_number("jitter", jitter)
    x = as_series("attitude", attitude, allow_negative=True).reindex(types.index)
    y = as_series("patronage", patronage, allow_negative=True).reindex(types.index)
    shift = np.random.default_rng(0).uniform(-jitter / 2, jitter / 2, len(x))
    ax = axes_or_new(ax, (6.4, 5.0))
    for name, color in _TYPE_COLORS.items():
        chosen = (types == name).to_numpy()
        ax.scatter(
            x.to_numpy()[chosen] + shift[chosen],
            y.to_numpy()[chosen],
            s=22,
            color=color,
            alpha=0.8,
            label="_nolegend_",
        )
    names = {
        "upper right": "loyalty",
        "lower right": "latent loyalty",
        "upper left": "spurious loyalty",
        "lower left": "no loyalty",
    }
    draw_quadrants(
        ax,
        a_cut,
        p_cut,
        {c: f"{n.capitalize()} ({int((types == n).sum())})" for c, n in names.items()},
        colors={corner: _TYPE_COLORS[name] for corner, name in names.items()},
        fontweight="bold",
        bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
    )
    ax.set_xlabel("Relative attitude (higher = likes the brand more)")
    ax.set_ylabel("Repeat patronage")
    tidy(ax)
    return ax


# --------------------------------------------------------------------------
# the loyalty index and its explorer
# --------------------------------------------------------------------------


def plot_loyalty_index(
    index: object, *, bins: int = 20, ax: plt.Axes | None = None
) -> plt.Axes:
    """Histogram of loyalty index values on the 0-100 scale (忠诚度指数分布).

    A dashed line marks the mean.

    Parameters
    ----------
    index : pandas.Series, mapping or sequence of float
        Loyalty index per customer, in [0, 100], e.g. from
        :func:`crmlab.loyalty.loyalty_index`.
    bins : int, default=20
        Number of equal-width bins between 0 and 100; at least 1.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; ``None`` makes a new figure.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    crmlab.loyalty.loyalty_index

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    References
    ----------
    The course's exam papers name three loyalty measures
    (客户忠诚度的衡量指标) but give no formula; the 0-100 index is this book's
    method (:func:`crmlab.loyalty.loyalty_index`).

    Examples
    --------
    >>> ax = plot_loyalty_index([20.0, 50.0, 55.0, 90.0], bins=10)
    >>> int(sum(bar.get_height() for bar in ax.patches))
    4
    """
    bins = check_integer("bins", bins, low=1)
    if isinstance(index, (pd.Series, Mapping)):
        values = as_series("index", index).to_numpy()
    else:
        values = as_numbers("index", index)
    if values.size == 0:
        raise ValueError("index must hold at least one value; got none")
    if np.any(values > 100):
        raise ValueError(f"index must be in [0, 100]; got {values.max():g}")
    ax = axes_or_new(ax, (6.4, 3.6))
    ax.hist(values, bins=np.linspace(0, 100, bins + 1), color=BLUE, edgecolor="white")
    mean = values.mean()
    ax.axvline(mean, color=VERMILLION, ls="--", lw=1.5)
    ax.text(
        mean + 1,
        ax.get_ylim()[1] * 0.95,
        f"mean {mean:.1f}",
        color=VERMILLION,
        va="top",
    )
    ax.set_xlim(0, 100)
    ax.set_xlabel("Loyalty index (0-100)")
    ax.set_ylabel("Number of customers")
    tidy(ax)
    return ax
