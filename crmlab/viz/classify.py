"""Figures and an explorer for grading customers (客户分级管理, chapter 7).

Naming contract and conventions
-------------------------------
* Figures are called ``plot_<what>``. Each draws on the Axes passed as
  ``ax=`` (or on a new figure when ``ax`` is None) and returns that Axes. None
  calls ``plt.show()``, changes ``matplotlib.rcParams`` or changes the
  caller's data.
* Inputs are the results of :mod:`crmlab.classify` (an ABC table, a pyramid,
  a value matrix, RFM scores) or the raw values that function takes; the
  classes, tiers, segments, class summaries
  (:func:`crmlab.classify.summarize_classes`) and value-matrix cuts
  (:func:`crmlab.classify.value_matrix_cuts`) are therefore always the
  library's, never computed a second time here.
* Labels are in English by default, so no CJK font is needed;
  :func:`plot_value_matrix` adds the Chinese quadrant names with
  ``chinese=True``, drawn with the font of :func:`crmlab.fonts.cjk_rc`.
  Shares are fractions of 1 and are shown as percentages.
* Colours come from the Okabe-Ito palette, which readers with colour-vision
  deficiency can tell apart: A (and the top tier, platinum) blue, B orange,
  C grey.
* :func:`abc_explorer` is defined in :mod:`crmlab.viz.explorers` and
  re-exported here; a book page first shows :func:`plot_pareto` of the
  explorer's starting state, for the PDF.

References
----------
The course's exam papers and knowledge points (客户关系管理试题与知识点): ABC
analysis, the top 1 % VIP tier of the customer pyramid, the value-matrix
question and RFM. The pyramid's other shares, the answer to the value-matrix
question and B's share of the sales staff are this book's reading.
Zeithaml, Rust & Lemon (2001), The customer pyramid, California Management
Review 43(4), 118-142. Hughes (1994), Strategic Database Marketing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch, Polygon
from matplotlib.ticker import PercentFormatter, StrMethodFormatter

from crmlab._validation import (
    check_frame,
    check_integer,
    check_option,
    check_same_keys,
)
from crmlab.classify import (
    abc_classify,
    effort_alignment,
    summarize_classes,
    value_matrix_cuts,
)
from crmlab.fonts import cjk_rc
from crmlab.viz._common import (
    OKABE_ITO,
    axes_or_new,
    draw_quadrants,
    tidy,
    write_cells,
)
from crmlab.viz.explorers import abc_explorer

__all__ = [
    "abc_explorer",
    "plot_effort_alignment",
    "plot_pareto",
    "plot_pyramid",
    "plot_rfm_grid",
    "plot_value_matrix",
]

BLUE, ORANGE, GREEN, VERMILLION, SKY = (
    OKABE_ITO[name] for name in ("blue", "orange", "green", "vermillion", "sky")
)
GREY = "#999999"  # lighter than OKABE_ITO["grey"]; kept so the figures stay the same
#: Colours of classes in rank order (A, B, C, ...).
CLASS_COLORS = (BLUE, ORANGE, GREY, GREEN, SKY, VERMILLION)
#: Colours of the four value-matrix classes.
MATRIX_COLORS = MappingProxyType(
    {"platinum": BLUE, "gold": ORANGE, "iron": GREEN, "lead": GREY}
)


# --------------------------------------------------------------------------
# private helpers
# --------------------------------------------------------------------------


def _color_map(labels: Iterable[str]) -> dict[str, str]:
    """Class label → colour, in the order the labels are given."""
    return {
        label: CLASS_COLORS[k % len(CLASS_COLORS)] for k, label in enumerate(labels)
    }


# --------------------------------------------------------------------------
# ABC: the Pareto chart and effort alignment
# --------------------------------------------------------------------------


def plot_pareto(
    values: pd.Series | Mapping,
    *,
    cutoffs: Iterable[float] = (0.70, 0.90),
    rule: str = "not_exceed",
    value_label: str = "Value",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Pareto chart of an ABC analysis: sorted bars and the cumulative share.

    帕累托图 for ABC分析法: one bar per customer, largest first, coloured by
    the class :func:`crmlab.classify.abc_classify` gives it, and on a second
    y axis the cumulative share of value with dashed lines at the class
    bounds.

    Parameters
    ----------
    values : pandas.Series or mapping, no default
        Value of each customer, as for :func:`~crmlab.classify.abc_classify`.
    cutoffs : sequence of float, default=(0.70, 0.90)
        Cumulative-share bounds of the classes.
    rule : {"not_exceed", "cross"}, default="not_exceed"
        How the customer that crosses a bound is classified.
    value_label : str, default="Value"
        Label of the left y axis (say the unit, e.g. ``"Sales (10k yuan)"``).
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 8 x 4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with the bars; the cumulative line is on its twin Axes,
        ``ax.right_ax``.

    See Also
    --------
    crmlab.classify.abc_classify
    crmlab.classify.summarize_classes

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    The course's exam papers and knowledge points, ABC analysis (twenty
    distributors).

    Examples
    --------
    >>> ax = plot_pareto({"a": 50, "b": 20, "c": 15, "d": 10, "e": 5})
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['a', 'b', 'c', 'd', 'e']
    >>> ax.right_ax.lines[0].get_ydata().round(2).tolist()
    [0.5, 0.7, 0.85, 0.95, 1.0]
    >>> plt.close(ax.figure)
    """
    table = abc_classify(values, cutoffs=cutoffs, rule=rule)
    bounds = np.asarray(list(cutoffs), dtype=float)
    if not isinstance(value_label, str):
        raise TypeError(f"value_label must be a str; got {value_label!r}")
    ax = axes_or_new(ax, (8, 4), layout="constrained")
    colors = _color_map(["A", "B", "C"])
    positions = np.arange(len(table))
    ax.bar(
        positions,
        table["value"],
        color=[colors[label] for label in table["class"]],
        edgecolor="white",
        linewidth=0.5,
    )
    ax.set_xticks(positions, [str(key) for key in table.index])
    if len(table) > 40:
        ax.tick_params(axis="x", labelbottom=False, length=0)
    ax.set_xlabel(f"{str(table.index.name).capitalize()} (largest first)")
    ax.set_ylabel(value_label)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    tidy(ax)

    right = ax.twinx()
    right.plot(
        positions, table["cumulative_share"], color="black", marker="o", markersize=3
    )
    for bound in bounds:
        right.axhline(bound, color=VERMILLION, linestyle="--", linewidth=1)
        right.annotate(
            f"{bound:.0%}",
            (1.0, bound),
            xycoords=("axes fraction", "data"),
            xytext=(-4, 3),
            textcoords="offset points",
            ha="right",
            color=VERMILLION,
        )
    right.set_ylim(0, 1.05)
    right.yaxis.set_major_formatter(PercentFormatter(1.0))
    right.set_ylabel("Cumulative share of value")
    right.spines[["top"]].set_visible(False)

    summary = summarize_classes(table)
    handles = [
        Patch(color=colors[row.Index], label=f"{row.Index}: {row.customers} customers")
        for row in summary.itertuples()
    ]
    ax.legend(handles=handles, loc="center right", frameon=False)
    ax.right_ax = right
    return ax


def plot_effort_alignment(
    effort_share: pd.Series | Mapping,
    value_share: pd.Series | Mapping,
    *,
    effort_label: str = "Share of effort",
    value_label: str = "Share of value",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Paired bars of each class's share of effort and share of value.

    Effort against value in ABC分析法: for each class a bar of the share of
    effort it gets and a bar of the share of value it brings, with the value
    per unit of effort (:func:`crmlab.classify.effort_alignment`) written
    above each pair.

    Parameters
    ----------
    effort_share : pandas.Series or mapping, no default
        Share of effort per class; positive fractions summing to 1.
    value_share : pandas.Series or mapping, no default
        Share of value per class, same classes; fractions summing to 1.
    effort_label, value_label : str, default="Share of effort", "Share of value"
        Legend entries of the two bars.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 6 x 3.8 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with two bars per class and one text per class.

    See Also
    --------
    crmlab.classify.effort_alignment

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    The course's exam papers and knowledge points, the food wholesaler
    (sales 70/20/10 %; sales staff 15 % on A and 60 % on C). The text breaks
    off before B's staff share; the 25 % for B is this book's inference
    (100 - 15 - 60).

    Examples
    --------
    >>> ax = plot_effort_alignment({"A": 0.15, "B": 0.25, "C": 0.6},
    ...                            {"A": 0.7, "B": 0.2, "C": 0.1})
    >>> [t.get_text() for t in ax.texts]
    ['4.67x', '0.80x', '0.17x']
    >>> plt.close(ax.figure)
    """
    table = effort_alignment(effort_share, value_share)
    for name, label in (("effort_label", effort_label), ("value_label", value_label)):
        if not isinstance(label, str):
            raise TypeError(f"{name} must be a str; got {label!r}")
    ax = axes_or_new(ax, (6, 3.8), layout="constrained")
    positions = np.arange(len(table))
    width = 0.38
    ax.bar(
        positions - width / 2,
        table["effort_share"],
        width,
        color=GREY,
        label=effort_label,
    )
    ax.bar(
        positions + width / 2,
        table["value_share"],
        width,
        color=BLUE,
        label=value_label,
    )
    tops = table[["effort_share", "value_share"]].max(axis=1)
    for x, top, ratio in zip(positions, tops, table["value_per_effort"], strict=True):
        ax.annotate(
            f"{ratio:.2f}x",
            (x, top),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
        )
    ax.set_xticks(positions, [str(label) for label in table.index])
    ax.set_xlabel("Class (number above: value per unit of effort)")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, float(tops.max()) * 1.18)
    ax.legend(frameon=False)
    tidy(ax)
    return ax


# --------------------------------------------------------------------------
# the customer pyramid
# --------------------------------------------------------------------------


def plot_pyramid(pyramid: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Draw the customer pyramid with each tier's customers and value share.

    客户金字塔: the tiers of :func:`crmlab.classify.customer_pyramid` as
    stacked bands, the top tier at the top. The bands have equal heights (the
    shape is a diagram, not to scale); each band names its tier, its number
    and share of customers, and its share of the total value.

    Parameters
    ----------
    pyramid : pandas.DataFrame, no default
        The result of :func:`~crmlab.classify.customer_pyramid`, with columns
        ``value`` and ``tier``, most valuable customer first; not modified.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 7 x 4.2 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with one polygon and two texts per tier.

    See Also
    --------
    crmlab.classify.customer_pyramid
    crmlab.classify.summarize_classes

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    Zeithaml, Rust & Lemon (2001), The customer pyramid. The course's exam
    papers and knowledge points (VIP customers are the top 1 %; the shares of
    the lower tiers are this book's convention).

    Examples
    --------
    >>> from crmlab.classify import customer_pyramid
    >>> tiers = customer_pyramid({"a": 5, "b": 9, "c": 1, "d": 3},
    ...                          shares=(0.25, 0.75), labels=("top", "rest"))
    >>> ax = plot_pyramid(tiers)
    >>> [t.get_text() for t in ax.texts]
    ['top: 1 (25%)', '50% of value', 'rest: 3 (75%)', '50% of value']
    >>> plt.close(ax.figure)
    """
    summary = summarize_classes(pyramid, column="tier")
    ax = axes_or_new(ax, (7, 4.2), layout="constrained")
    levels = len(summary)
    colors = _color_map(summary.index)
    for k, row in enumerate(summary.itertuples()):
        tier = row.Index
        top, bottom = levels - k, levels - k - 1
        half_top, half_bottom = k / levels / 2, (k + 1) / levels / 2
        corners = [
            (0.5 - half_bottom, bottom),
            (0.5 + half_bottom, bottom),
            (0.5 + half_top, top),
            (0.5 - half_top, top),
        ]
        ax.add_patch(Polygon(corners, facecolor=colors[tier], edgecolor="white"))
        middle = bottom + 0.5
        label = f"{tier}: {row.customers:,} ({row.customer_share:.0%})"
        ax.text(-0.03, middle, label, ha="right", va="center")
        ax.text(1.03, middle, f"{row.value_share:.0%} of value", va="center")
    ax.set_xlim(-0.75, 1.45)
    ax.set_ylim(0, levels)
    ax.set_axis_off()
    return ax


# --------------------------------------------------------------------------
# the value matrix
# --------------------------------------------------------------------------


#: Chinese names of the value-matrix quadrants (the course's exam papers)
MATRIX_CHINESE = MappingProxyType(
    {"Platinum": "白金", "Gold": "黄金", "Iron": "铁质", "Lead": "铅质"}
)


def plot_value_matrix(
    matrix: pd.DataFrame,
    *,
    current_cut: float | None = None,
    potential_cut: float | None = None,
    log: bool = False,
    chinese: bool = False,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Scatter of current against potential value with the four quadrants.

    客户价值矩阵: one dot per customer, coloured by its class from
    :func:`crmlab.classify.value_matrix`, dashed lines at the two cuts and
    the quadrant names platinum (白金), gold (黄金), iron (铁质) and lead
    (铅质) in the corners.

    Parameters
    ----------
    matrix : pandas.DataFrame, no default
        The result of :func:`~crmlab.classify.value_matrix`, with columns
        ``current``, ``potential`` and ``class``; not modified.
    current_cut, potential_cut : float, default=None
        The cuts used to make ``matrix``: non-negative, or ``None`` for the
        median; read through :func:`~crmlab.classify.value_matrix_cuts`, so
        the lines are where the model cut.
    log : bool, default=False
        Draw both axes on a log scale (for skewed money values); needs
        positive values.
    chinese : bool, default=False
        Add the Chinese name to each quadrant ("Platinum 白金"), drawn with
        the CJK font of :func:`crmlab.fonts.cjk_rc` (a ``RuntimeError``
        names the font package when none is installed).
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 6.5 x 5 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with one scatter per class present, two cut lines and four
        quadrant names.

    See Also
    --------
    crmlab.classify.value_matrix
    crmlab.classify.value_matrix_cuts

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    The course's exam papers, single-choice question 5 (the four kinds of
    customer; the papers give no answer key). Placing high current, low
    future profit in the gold quadrant is this book's convention.

    Examples
    --------
    >>> from crmlab.classify import value_matrix
    >>> matrix = value_matrix({"a": 10, "b": 10, "c": 2, "d": 2},
    ...                       {"a": 8, "b": 1, "c": 8, "d": 1})
    >>> ax = plot_value_matrix(matrix)
    >>> [t.get_text() for t in ax.texts]
    ['Platinum', 'Gold', 'Iron', 'Lead']
    >>> plt.close(ax.figure)
    """
    frame = check_frame("matrix", matrix, ["current", "potential", "class"])
    check_option("log", log, (True, False))
    check_option("chinese", chinese, (True, False))
    font = cjk_rc()["font.family"] if chinese else None
    cuts = value_matrix_cuts(
        frame["current"],
        frame["potential"],
        current_cut=current_cut,
        potential_cut=potential_cut,
    )
    smallest = min(float(frame[["current", "potential"]].min().min()), *cuts)
    if log and smallest <= 0:
        raise ValueError(
            f"log=True needs positive values and cuts; got a value of {smallest:g}"
        )
    ax = axes_or_new(ax, (6.5, 5), layout="constrained")
    for name, color in MATRIX_COLORS.items():
        part = frame[frame["class"] == name]
        if len(part):
            ax.scatter(
                part["current"],
                part["potential"],
                s=12,
                color=color,
                alpha=0.7,
                label=f"{name} ({len(part)})",
            )
    if log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    names = {
        "upper right": "Platinum",
        "lower right": "Gold",
        "upper left": "Iron",
        "lower left": "Lead",
    }
    draw_quadrants(
        ax,
        *cuts,
        {c: f"{n} {MATRIX_CHINESE[n]}" if chinese else n for c, n in names.items()},
        colors={corner: MATRIX_COLORS[name.lower()] for corner, name in names.items()},
        fontfamily=font,
        fontsize=12,
        # the CJK font has no bold face: bold would log a findfont warning
        fontweight="normal" if chinese else "bold",
    )
    ax.set_xlabel("Current value")
    ax.set_ylabel("Potential value")
    ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    tidy(ax)
    return ax


# --------------------------------------------------------------------------
# RFM
# --------------------------------------------------------------------------


def plot_rfm_grid(
    scores: pd.DataFrame,
    *,
    values: pd.Series | None = None,
    bins: int = 5,
    value_format: str = "{:,.0f}",
    colorbar_label: str = "",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Heat map over the recency × frequency score grid.

    RFM模型 grid: rows are R scores (best at the top), columns F scores. Each
    cell shows the number of customers with that (R, F) pair, or, when
    ``values`` is given, the mean of ``values`` over those customers (for
    example their average monetary value). Empty cells are left blank.

    Parameters
    ----------
    scores : pandas.DataFrame, no default
        The result of :func:`crmlab.classify.rfm_score`, with integer columns
        ``R`` and ``F`` from 1 to ``bins``; not modified.
    values : pandas.Series, default=None
        A number per customer with the index of ``scores`` (e.g. the
        ``monetary`` column of :func:`~crmlab.classify.rfm_table`); None
        counts customers.
    bins : int, default=5
        Highest score.
    value_format : str, default="{:,.0f}"
        Format of the number written in each cell.
    colorbar_label : str, default=""
        Label of the colour bar.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new 6 x 4.6 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes with the image, one text per non-empty cell and a colour bar.

    See Also
    --------
    crmlab.classify.rfm_score

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`.

    References
    ----------
    Hughes (1994), Strategic Database Marketing. The course's knowledge
    points (客户关系管理试题与知识点), point 8.

    Examples
    --------
    >>> scores = pd.DataFrame({"R": [2, 2, 1], "F": [1, 1, 2]})
    >>> ax = plot_rfm_grid(scores, bins=2)
    >>> [t.get_text() for t in ax.texts]
    ['2', '1']
    >>> plt.close(ax.figure)
    """
    frame = check_frame("scores", scores, ["R", "F"])
    bins = check_integer("bins", bins, low=2, high=9)
    for letter in ("R", "F"):
        column = pd.to_numeric(frame[letter], errors="coerce")
        bad = column.isna() | ~column.isin(range(1, bins + 1))
        if bad.any():
            raise ValueError(
                f"scores[{letter!r}] must hold whole scores from 1 to {bins}; "
                f"got {frame[letter][bad].iloc[0]!r}"
            )
    if values is None:
        cell = frame.assign(_v=1.0).groupby(["R", "F"])["_v"].sum()
    else:
        if not isinstance(values, pd.Series):
            raise TypeError(
                f"values must be a pandas Series or None; got {type(values).__name__}"
            )
        check_same_keys("index labels", values=values, scores=frame)
        values = values.reindex(frame.index)
        numbers = pd.to_numeric(values, errors="coerce")
        if numbers.isna().any():
            raise ValueError(
                "values must hold numbers without NaN; got "
                f"{values[numbers.isna()].iloc[0]!r}"
            )
        cell = frame.assign(_v=numbers.to_numpy()).groupby(["R", "F"])["_v"].mean()
    scale = list(range(bins, 0, -1))
    grid = cell.unstack("F").reindex(index=scale, columns=range(1, bins + 1))
    ax = axes_or_new(ax, (6, 4.6), layout="constrained")
    cells = grid.to_numpy(dtype=float)
    image = ax.imshow(cells, cmap="YlGnBu", aspect="auto")
    write_cells(ax, image, cells, value_format, fontsize=9)
    ax.set_xticks(range(bins), [str(f) for f in range(1, bins + 1)])
    ax.set_yticks(range(bins), [str(r) for r in scale])
    ax.set_xlabel("Frequency score F (5 = most purchases)")
    ax.set_ylabel("Recency score R (5 = most recent)")
    ax.figure.colorbar(image, ax=ax, label=colorbar_label)
    return ax
