"""Figures and the Kano explorer of chapter 9, customer satisfaction (客户满意).

Naming contract and conventions
-------------------------------
- ``plot_<what>`` functions draw on the Axes passed as ``ax=`` (or on a new
  figure when ``ax`` is None) and return that Axes. They never call
  ``plt.show()``, never change ``matplotlib.rcParams`` and never change the
  caller's data.
- They take the tables that :mod:`crmlab.satisfaction` returns (or the
  survey frames of :mod:`crmlab.datasets`) and compute nothing the model
  functions do not: categories, gaps, NPS and quadrants come from
  :mod:`crmlab.satisfaction`.
- Labels are in English only (no CJK font is assumed). Colours come from the
  Okabe-Ito palette.
- Kano answer codes are those of :mod:`crmlab.satisfaction`: 1 like,
  2 must-be, 3 neutral, 4 live with, 5 dislike.
- :func:`kano_explorer` is defined in :mod:`crmlab.viz.explorers` and
  re-exported here. A page that shows the explorer first shows
  :func:`plot_kano_table` of the explorer's starting answers, for the PDF.
"""

from __future__ import annotations

from types import MappingProxyType

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from crmlab._validation import as_number, check_frame, check_integer
from crmlab.satisfaction import (
    KANO_CATEGORIES,
    KANO_TABLE,
    ipa,
    ipa_cuts,
    kano_category,
    nps,
)
from crmlab.viz._common import (
    OKABE_ITO,
    axes_or_new,
    draw_quadrants,
    tidy,
)
from crmlab.viz.explorers import kano_explorer

__all__ = [
    "KANO_ANSWERS",
    "KANO_MEANINGS",
    "kano_explorer",
    "plot_better_worse",
    "plot_ipa",
    "plot_kano_model",
    "plot_kano_table",
    "plot_nps_segments",
    "plot_servqual_gaps",
]

BLUE, VERMILLION, GREEN, GREY, ORANGE, SKY, PURPLE, YELLOW = (
    OKABE_ITO[name]
    for name in (
        "blue",
        "vermillion",
        "green",
        "grey",
        "orange",
        "sky",
        "purple",
        "yellow",
    )
)

#: Kano answer codes and their English wording.
KANO_ANSWERS = MappingProxyType(
    {
        1: "I like it",
        2: "I expect it",
        3: "I am neutral",
        4: "I can live with it",
        5: "I dislike it",
    }
)

#: What each Kano category means for the customer (English, one sentence).
KANO_MEANINGS = MappingProxyType(
    {
        "A": "Attractive: customers do not expect it. Having it delights them; "
        "lacking it does not upset them.",
        "O": "One-dimensional: the better it is, the more satisfied customers are; "
        "the worse, the less satisfied.",
        "M": "Must-be: customers take it for granted. Lacking it makes them very "
        "dissatisfied; having it does not make them more satisfied.",
        "I": "Indifferent: customers do not care whether it is there or not.",
        "R": "Reverse: customers would rather not have it.",
        "Q": "Questionable: the two answers contradict each other; the respondent "
        "probably misread a question.",
    }
)

_KANO_COLORS = MappingProxyType(
    {
        "A": GREEN,
        "O": BLUE,
        "M": VERMILLION,
        "I": GREY,
        "R": PURPLE,
        "Q": YELLOW,
    }
)
_IPA_COLORS = MappingProxyType(
    {
        "concentrate here": VERMILLION,
        "keep up the good work": GREEN,
        "low priority": GREY,
        "possible overkill": ORANGE,
    }
)


def _answer(name: str, value: object) -> int:
    """Return a Kano answer code, checked to be a whole number 1-5."""
    return check_integer(name, value, low=1, high=5, kind="a Kano answer code 1-5")


# --------------------------------------------------------------------------
# Kano
# --------------------------------------------------------------------------
def plot_kano_model(*, ax: plt.Axes | None = None) -> plt.Axes:
    """Draw the Kano diagram: satisfaction against fulfilment (卡诺模型).

    Three curves show how customer satisfaction responds to how well a
    feature is provided: must-be quality (当然质量) only removes
    dissatisfaction, one-dimensional quality (期望质量) raises satisfaction in
    proportion, attractive quality (迷人质量) only adds delight. The curves
    are shapes for teaching, not data.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new 6.4 x 4.6 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    crmlab.satisfaction.kano_category

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Kano, N., Seraku, N., Takahashi, F., & Tsuji, S. (1984). Attractive
    quality and must-be quality. *Hinshitsu*, 14(2), 39-48. The course's
    exam papers (客户关系管理试题与知识点), the category names 当然质量,
    期望质量, 迷人质量.

    Examples
    --------
    >>> ax = plot_kano_model()
    >>> [line.get_label() for line in ax.get_lines()[:3]]
    ['Attractive (A)', 'One-dimensional (O)', 'Must-be (M)']
    >>> plt.close(ax.figure)
    """
    ax = axes_or_new(ax, (6.4, 4.6))
    x = np.linspace(-1, 1, 201)
    rise = (np.exp(2.5 * (x + 1)) - 1) / (np.exp(5.0) - 1)  # 0 at -1, 1 at 1
    shapes = {"A": 0.05 + 0.95 * rise, "O": x, "M": -0.05 - 0.95 * rise[::-1]}
    names = {"A": "Attractive (A)", "O": "One-dimensional (O)", "M": "Must-be (M)"}
    for code, y in shapes.items():
        ax.plot(x, y, color=_KANO_COLORS[code], linewidth=2.2, label=names[code])
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.1, 1.1)
    ax.set_xticks([-1, 1], ["absent /\npoorly done", "present /\nwell done"])
    ax.set_yticks([-1, 1], ["very\ndissatisfied", "very\nsatisfied"])
    ax.set_xlabel("How well the feature is provided")
    ax.set_ylabel("Customer satisfaction")
    ax.legend(loc="upper left", frameon=False)
    tidy(ax)
    return ax


def plot_kano_table(
    functional: int | None = None,
    dysfunctional: int | None = None,
    *,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw the 5 x 5 Kano evaluation table, with one answer pair marked (卡诺评价表).

    Rows are the answer to the functional question ("if the hotel has
    it"), columns the answer to the dysfunctional question ("if it does
    not"); each cell shows the category of :data:`crmlab.satisfaction.KANO_TABLE`.

    Parameters
    ----------
    functional, dysfunctional : int, default=None
        An answer pair (codes 1-5) whose cell is outlined and named in the
        title; both or neither must be given.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new 6.4 x 4.4 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    crmlab.satisfaction.kano_category
    crmlab.satisfaction.KANO_TABLE

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding
    customer-defined quality. *Center for Quality Management Journal*, 2(4),
    3-36.

    Examples
    --------
    >>> ax = plot_kano_table(1, 5)
    >>> ax.get_title()
    'Functional: I like it | Dysfunctional: I dislike it -> O (one-dimensional)'
    >>> plt.close(ax.figure)
    """
    if (functional is None) != (dysfunctional is None):
        raise TypeError(
            "functional and dysfunctional must both be given or both be None; "
            f"got {functional!r} and {dysfunctional!r}"
        )
    if functional is not None:
        functional = _answer("functional", functional)
        dysfunctional = _answer("dysfunctional", dysfunctional)
    ax = axes_or_new(ax, (6.4, 4.4))
    for row, cells in enumerate(KANO_TABLE):
        for column, code in enumerate(cells):
            ax.add_patch(
                Rectangle(
                    (column, row),
                    1,
                    1,
                    facecolor=_KANO_COLORS[code],
                    alpha=0.35,
                    edgecolor="white",
                    linewidth=2,
                )
            )
            ax.text(
                column + 0.5,
                row + 0.5,
                code,
                ha="center",
                va="center",
                fontsize=13,
                fontweight="bold",
            )
    if functional is not None:
        ax.add_patch(
            Rectangle(
                (dysfunctional - 1, functional - 1),
                1,
                1,
                fill=False,
                edgecolor="black",
                linewidth=3,
            )
        )
        code = kano_category(functional, dysfunctional)
        ax.set_title(
            f"Functional: {KANO_ANSWERS[functional]} | Dysfunctional: "
            f"{KANO_ANSWERS[dysfunctional]} -> {code} ({KANO_CATEGORIES[code][0]})"
        )
    labels = [f"{code} {text}" for code, text in KANO_ANSWERS.items()]
    ax.set_xlim(0, 5)
    ax.set_ylim(5, 0)
    ax.set_xticks(np.arange(5) + 0.5, labels, rotation=35, ha="right")
    ax.set_yticks(np.arange(5) + 0.5, labels)
    ax.tick_params(length=0)
    ax.set_xlabel("Dysfunctional answer (feature absent)")
    ax.set_ylabel("Functional answer (feature present)")
    ax.set_aspect("equal")
    ax.spines[:].set_visible(False)
    return ax


def _label_offsets(x: np.ndarray, y: np.ndarray, near: float = 0.08) -> list[int]:
    """Vertical label offsets in points: below the point if a neighbour is above."""
    offsets = []
    for i in range(len(x)):
        crowded = (np.abs(x - x[i]) < near) & (y > y[i]) & (y - y[i] < near)
        offsets.append(-12 if crowded.any() else 5)
    return offsets


def _label_points(
    ax: plt.Axes, names, x: np.ndarray, y: np.ndarray, *, near: float = 0.08
) -> None:
    """Write each name to the right of its point, below it if a neighbour is above."""
    for name, xi, yi, dy in zip(names, x, y, _label_offsets(x, y, near), strict=True):
        ax.annotate(
            str(name),
            (xi, yi),
            xytext=(6, dy),
            textcoords="offset points",
            fontsize=9,
            va="center",
        )


def plot_better_worse(
    table: pd.DataFrame,
    *,
    cut: float = 0.5,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Better-Worse diagram of a Kano classification (卡诺模型满意-不满意系数图).

    Each feature is a point at (``|worse|``, ``better``), coloured by its
    Kano category. Lines at ``cut`` split the plane into four quadrants:
    attractive (high Better, low ``|Worse|``), one-dimensional (both high),
    must-be (low Better, high ``|Worse|``) and indifferent (both low).

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`crmlab.satisfaction.kano_classify`: indexed by
        feature, with columns ``category``, ``better`` and ``worse``.
    cut : float, default=0.5
        Where to split both axes, in [0, 1].
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new 6.4 x 5.2 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    crmlab.satisfaction.kano_classify

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Timko, M. (1993). An experiment in continuous analysis. *Center for
    Quality Management Journal*, 2(4), 17-20. Berger et al. (1993), same
    issue.

    Examples
    --------
    >>> table = pd.DataFrame({"category": ["A", "M"], "better": [0.8, 0.2],
    ...                       "worse": [-0.1, -0.9]}, index=["gift", "wifi"])
    >>> ax = plot_better_worse(table)
    >>> [text.get_text() for text in ax.texts[:2]]
    ['gift', 'wifi']
    >>> plt.close(ax.figure)
    """
    frame = check_frame("table", table, ["category", "better", "worse"])
    cut = as_number("cut", cut)
    if cut > 1:
        raise ValueError(f"cut must be in [0, 1]; got {cut:g}")
    frame = frame.dropna(subset=["better", "worse"])
    x, y = -frame["worse"].to_numpy(float), frame["better"].to_numpy(float)
    ax = axes_or_new(ax, (6.4, 5.2))
    order = [code for code in KANO_CATEGORIES if code in set(frame["category"])]
    order += [code for code in frame["category"].unique() if code not in order]
    for code in order:
        rows = (frame["category"] == code).to_numpy()
        name = KANO_CATEGORIES.get(code, (str(code),))[0]
        ax.scatter(
            x[rows],
            y[rows],
            s=60,
            color=_KANO_COLORS.get(code, "black"),
            label=f"{code} {name}",
            zorder=3,
        )
    _label_points(ax, frame.index, x, y)
    names = {
        "upper left": "Attractive",
        "upper right": "One-dimensional",
        "lower left": "Indifferent",
        "lower right": "Must-be",
    }
    draw_quadrants(
        ax,
        cut,
        cut,
        names,
        line_color=GREY,
        color=GREY,
        fontsize=10,
        fontstyle="italic",
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("|Worse|: dissatisfaction when the feature is missing")
    ax.set_ylabel("Better: satisfaction when the feature is there")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    tidy(ax)
    return ax


# --------------------------------------------------------------------------
# SERVQUAL, NPS, IPA
# --------------------------------------------------------------------------
def plot_servqual_gaps(gaps: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Bar chart of SERVQUAL gaps by dimension (SERVQUAL量表各维度的差距).

    One horizontal bar per dimension, its length the gap perception minus
    expectation (negative = shortfall, drawn in vermillion), with its value
    written inside its far end. The ``"overall"`` row, if present, is a dashed line;
    a ``"weighted overall"`` row is a dotted line.

    Parameters
    ----------
    gaps : pandas.DataFrame
        The output of :func:`crmlab.satisfaction.servqual_gaps`: indexed by
        dimension, with a ``gap`` column.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new 6.4 x 3.6 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    crmlab.satisfaction.servqual_gaps

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL.
    *Journal of Retailing*, 64(1), 12-40.

    Examples
    --------
    >>> gaps = pd.DataFrame({"gap": [-0.5, -1.5, -1.0]},
    ...                     index=["tangibles", "reliability", "overall"])
    >>> ax = plot_servqual_gaps(gaps)
    >>> [tick.get_text() for tick in ax.get_yticklabels()]
    ['tangibles', 'reliability']
    >>> plt.close(ax.figure)
    """
    frame = check_frame("gaps", gaps, ["gap"])
    if frame["gap"].isna().any():
        raise ValueError(
            "gaps['gap'] must not contain missing values; got one for "
            f"{frame.index[frame['gap'].isna()][0]!r}"
        )
    summary = [name for name in ("overall", "weighted overall") if name in frame.index]
    bars = frame.drop(index=summary)
    if bars.empty:
        raise ValueError(
            "gaps must hold at least one dimension besides 'overall'; got "
            f"{list(frame.index)}"
        )
    ax = axes_or_new(ax, (6.4, 3.6))
    values = bars["gap"].to_numpy(float)
    positions = np.arange(len(bars))
    colors = [VERMILLION if v < 0 else GREEN for v in values]
    ax.barh(positions, values, color=colors, height=0.6)
    for y, v in zip(positions, values, strict=True):
        ax.text(
            v,
            y,
            f" {v:+.2f} ",
            va="center",
            ha="left" if v < 0 else "right",  # inside the bar, at its far end
            color="white",
            fontsize=9,
            fontweight="bold",
        )
    styles = {"overall": "--", "weighted overall": ":"}
    for name in summary:
        value = float(frame.loc[name, "gap"])
        ax.axvline(
            value,
            color="black",
            linestyle=styles[name],
            linewidth=1,
            label=f"{name} {value:+.2f}",
        )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(positions, [str(name) for name in bars.index])
    ax.invert_yaxis()
    low = min(values.min(), 0)
    high = max(values.max(), 0)
    pad = 0.25 * (high - low or 1)
    ax.set_xlim(low - pad, high + pad)
    ax.set_xlabel("Gap = perception - expectation (points on a 1-7 scale)")
    if summary:
        ax.legend(loc="lower left", frameon=False)
    tidy(ax)
    return ax


def plot_nps_segments(
    responses: pd.DataFrame,
    *,
    segment: str = "segment",
    score: str = "score",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Shares of detractors, passives and promoters, and the NPS, by segment (净推荐值).

    One stacked horizontal bar per segment (in order of appearance) and one
    for all respondents: detractors (0-6), passives (7-8) and promoters
    (9-10) as shares of the segment; the segment's NPS is written to the
    right of the bar.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent, with a segment column and a 0-10 score column.
    segment, score : str, default="segment", "score"
        Column names.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new 6.4 x 3.2 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    crmlab.satisfaction.nps

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard
    Business Review*, 81(12), 46-54.

    Examples
    --------
    >>> answers = pd.DataFrame({"segment": ["a", "a", "b", "b"],
    ...                         "score": [10, 6, 9, 8]})
    >>> ax = plot_nps_segments(answers)
    >>> [text.get_text() for text in ax.texts if text.get_text().startswith("NPS")]
    ['NPS +0', 'NPS +50', 'NPS +25']
    >>> plt.close(ax.figure)
    """
    frame = check_frame("responses", responses, [segment, score])
    if frame[segment].isna().any():
        raise ValueError(
            f"responses[{segment!r}] must not contain missing values; got one in "
            f"row {frame.index[frame[segment].isna()][0]!r}"
        )
    groups = {
        str(name): frame.loc[frame[segment] == name, score]
        for name in frame[segment].unique()
    }
    groups["all respondents"] = frame[score]
    ax = axes_or_new(ax, (6.4, 3.2))
    parts = (
        ("detractors 0-6", VERMILLION, 0, 6),
        ("passives 7-8", GREY, 7, 8),
        ("promoters 9-10", GREEN, 9, 10),
    )
    for y, scores in enumerate(groups.values()):
        value = nps(scores.to_numpy())  # also checks the scores
        left = 0.0
        for label, color, low, high in parts:
            share = float(scores.between(low, high).mean())
            ax.barh(
                y,
                share,
                left=left,
                color=color,
                height=0.6,
                label=label if y == 0 else "_nolegend_",
            )
            if share >= 0.06:
                ax.text(
                    left + share / 2,
                    y,
                    f"{share:.0%}",
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=9,
                )
            left += share
        ax.text(1.02, y, f"NPS {value:+.0f}", va="center", fontsize=10)
    ax.set_yticks(range(len(groups)), list(groups))
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("Share of respondents")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, frameon=False)
    tidy(ax)
    return ax


def plot_ipa(
    table: pd.DataFrame,
    *,
    importance: str = "importance",
    performance: str = "performance",
    split: str | tuple[float, float] = "mean",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Importance-performance grid (重要性-绩效分析 IPA).

    Each attribute is a point with performance on the horizontal and
    importance on the vertical axis, as Martilla & James draw it, coloured
    by the quadrant :func:`crmlab.satisfaction.ipa` assigns; dashed lines
    mark the cuts and the quadrants are named in the corners.

    Parameters
    ----------
    table : pandas.DataFrame
        Indexed by attribute, with importance and performance columns.
    importance, performance : str, default="importance", "performance"
        Column names.
    split : {"mean", "median"} or tuple of (float, float), default="mean"
        Passed to :func:`crmlab.satisfaction.ipa`.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new 6.4 x 5.0 inch figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    crmlab.satisfaction.ipa
    crmlab.satisfaction.ipa_cuts

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Martilla, J. A., & James, J. C. (1977). Importance-performance analysis.
    *Journal of Marketing*, 41(1), 77-79.

    Examples
    --------
    >>> table = pd.DataFrame({"importance": [4.6, 3.0], "performance": [3.1, 4.6]},
    ...                      index=["wifi", "decor"])
    >>> ax = plot_ipa(table)
    >>> [text.get_text() for text in ax.texts[:2]]
    ['wifi', 'decor']
    >>> plt.close(ax.figure)
    """
    frame = check_frame("table", table, [importance, performance])
    quadrants = ipa(frame[importance], frame[performance], split=split)
    cut_i, cut_p = ipa_cuts(frame[importance], frame[performance], split=split)
    ax = axes_or_new(ax, (6.4, 5.0))
    x = quadrants["performance"].to_numpy(float)
    y = quadrants["importance"].to_numpy(float)
    colors = [_IPA_COLORS[q] for q in quadrants["quadrant"]]
    ax.scatter(x, y, s=60, color=colors, zorder=3)
    _label_points(ax, quadrants.index, x, y, near=0.1)
    names = {
        "upper left": "concentrate here",
        "upper right": "keep up the good work",
        "lower left": "low priority",
        "lower right": "possible overkill",
    }
    draw_quadrants(
        ax,
        cut_p,
        cut_i,
        {corner: name.capitalize() for corner, name in names.items()},
        colors={corner: _IPA_COLORS[name] for corner, name in names.items()},
        line_color=GREY,
        fontsize=10,
        fontweight="bold",
    )
    span_x = max(x.max() - x.min(), 0.5)
    span_y = max(y.max() - y.min(), 0.5)
    ax.set_xlim(
        min(x.min(), cut_p) - 0.25 * span_x, max(x.max(), cut_p) + 0.45 * span_x
    )
    ax.set_ylim(min(y.min(), cut_i) - 0.2 * span_y, max(y.max(), cut_i) + 0.2 * span_y)
    ax.set_xlabel("Performance (mean rating)")
    ax.set_ylabel("Importance (mean rating)")
    tidy(ax)
    return ax
