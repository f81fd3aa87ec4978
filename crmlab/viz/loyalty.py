"""Figures, a survey generator and the loyalty-index explorer of chapter 10 (客户忠诚).

Naming contract and conventions
-------------------------------
- ``plot_<what>`` functions draw on the Axes passed as ``ax=`` (or on a new
  figure when ``ax`` is None) and return that Axes. They never call
  ``plt.show()``, never change ``matplotlib.rcParams`` and never change the
  caller's data. Labels are in English only (no CJK font is assumed);
  colours come from the Okabe-Ito palette.
- Models come from :mod:`crmlab.loyalty`: the figures compute nothing the
  model functions do not (loyalty types from :func:`~crmlab.loyalty.loyalty_matrix`,
  the index from :func:`~crmlab.loyalty.loyalty_index`, the repeat purchase
  rate from :func:`~crmlab.loyalty.repeat_purchase_rate`).
- :func:`make_loyalty_survey` generates the chapter's survey of the seven
  loyalty measures of seed 003 plus a relative attitude score and category
  spend. :data:`MEASURES`, :data:`HIGHER_IS_BETTER`, :data:`BOUNDS` and
  :data:`DEFAULT_WEIGHTS` describe its measure columns, ready to pass to
  :func:`~crmlab.loyalty.loyalty_index`.
- :func:`illustrative_loyalty` is an *illustrative* curve of the shape
  Jones & Sasser (1995) describe, not an estimate from data.
- :func:`loyalty_index_explorer` is defined in :mod:`crmlab.viz.explorers`
  and re-exported here. A page that shows the explorer first shows
  :func:`plot_loyalty_index` of its default weights, for the PDF.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from crmlab._validation import as_number, as_numbers, as_series
from crmlab.loyalty import loyalty_matrix, repeat_purchase_rate
from crmlab.viz._common import (
    OKABE_ITO,
    axes_or_new,
    corner_text,
    tidy,
)
from crmlab.viz.explorers import loyalty_index_explorer

__all__ = [
    "BOUNDS",
    "DEFAULT_WEIGHTS",
    "HIGHER_IS_BETTER",
    "MARKETS",
    "MEASURES",
    "illustrative_loyalty",
    "loyalty_index_explorer",
    "make_loyalty_survey",
    "plot_loyalty_index",
    "plot_loyalty_matrix",
    "plot_purchase_counts",
    "plot_satisfaction_loyalty",
]

BLUE, VERMILLION, GREEN, GREY, ORANGE, SKY = (
    OKABE_ITO[name] for name in ("blue", "vermillion", "green", "grey", "orange", "sky")
)

#: The seven loyalty measures of seed 003: column -> (English label, Chinese).
MEASURES = {
    "repeat_purchases": ("Repeat purchases in the year", "客户重复购买的次数"),
    "brand_attention": ("Attention to the brand (1-5)", "对品牌的关注程度"),
    "choice_time": ("Time spent choosing (minutes)", "购买挑选的时间"),
    "price_sensitivity": ("Price sensitivity (1-5)", "对价格的敏感程度"),
    "competitor_attitude": ("Interest in competitors (1-5)", "对竞争品牌的态度"),
    "incident_tolerance": (
        "Tolerance of quality incidents (1-5)",
        "对质量事故的承受能力",
    ),
    "need_satisfaction": ("Need satisfaction rate (0-1)", "客户需求的满足率"),
}

#: ``False`` where a lower value means a more loyal customer.
HIGHER_IS_BETTER = {
    "repeat_purchases": True,
    "brand_attention": True,
    "choice_time": False,
    "price_sensitivity": False,
    "competitor_attitude": False,
    "incident_tolerance": True,
    "need_satisfaction": True,
}

#: Fixed scale ends of each measure, so a customer's index does not depend on
#: who else answered the survey.
BOUNDS = {
    "repeat_purchases": (0, 24),
    "brand_attention": (1, 5),
    "choice_time": (0, 60),
    "price_sensitivity": (1, 5),
    "competitor_attitude": (1, 5),
    "incident_tolerance": (1, 5),
    "need_satisfaction": (0, 1),
}

#: The chapter's starting weights, in per cent (they sum to 100).
DEFAULT_WEIGHTS = {
    "repeat_purchases": 25,
    "brand_attention": 10,
    "choice_time": 10,
    "price_sensitivity": 15,
    "competitor_attitude": 10,
    "incident_tolerance": 10,
    "need_satisfaction": 20,
}

#: Illustrative markets for :func:`plot_satisfaction_loyalty`:
#: label -> (floor, power) of :func:`illustrative_loyalty`.
MARKETS = {
    "Highly competitive (e.g. cars, PCs)": (0.0, 4.0),
    "Moderately competitive": (20.0, 2.0),
    "Little competition (e.g. local utility)": (70.0, 1.0),
}


def _count(name: str, value: object, minimum: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer; got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    return int(value)


# --------------------------------------------------------------------------
# the survey
# --------------------------------------------------------------------------


def _likert(latent: np.ndarray, centre: float, low: int, high: int) -> np.ndarray:
    return np.clip(np.rint(centre + latent), low, high).astype(int)


def make_loyalty_survey(n_customers: int = 200, *, seed: int = 10) -> pd.DataFrame:
    """Generate a survey of customers' loyalty measures (客户忠诚度调查).

    Each customer has two hidden traits: an *attitude* (how much they like
    the brand) and a *behaviour* (how much of their buying goes to it),
    correlated 0.5. The behavioural measures (repeat purchases, need
    satisfaction rate, share of spend) follow the behaviour; the attitudinal
    ones (attention to the brand, time spent choosing, price sensitivity,
    interest in competitors, tolerance of quality incidents, the 1-7
    relative attitude) follow the attitude, each with its own noise. The
    same arguments always give the same frame.

    Parameters
    ----------
    n_customers : int, default=200
        Number of customers, with ids ``L001``, ``L002``, ...
    seed : int, default=10
        Seed of the random generator.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``; the seven :data:`MEASURES` columns
        (within :data:`BOUNDS`), ``attitude`` (relative attitude, 1-7),
        ``category_spend`` (the customer's yearly spend in the category,
        yuan) and ``firm_spend`` (the part spent with the firm, yuan).

    References
    ----------
    Seed 003 (客户忠诚度的衡量指标); Dick, A. S. & Basu, K. (1994), JAMS 22(2)
    (relative attitude and repeat patronage as the two sides of loyalty).

    Examples
    --------
    >>> survey = make_loyalty_survey(5, seed=1)
    >>> survey.shape, list(survey.index[:2])
    ((5, 10), ['L001', 'L002'])
    >>> bool((survey.firm_spend <= survey.category_spend).all())
    True
    >>> make_loyalty_survey(5, seed=1).equals(survey)
    True
    """
    n = _count("n_customers", n_customers, 1)
    seed = _count("seed", seed, 0)
    rng = np.random.default_rng(seed)
    att = rng.standard_normal(n)
    beh = 0.5 * att + np.sqrt(0.75) * rng.standard_normal(n)

    def noise(scale: float) -> np.ndarray:
        return scale * rng.standard_normal(n)

    share = 1 / (1 + np.exp(-(0.2 + 1.3 * beh + noise(0.3))))
    category = np.round(rng.lognormal(np.log(3000), 0.5, n), -1) + 100
    frame = pd.DataFrame(
        {
            "repeat_purchases": np.minimum(rng.poisson(np.exp(1.7 + 0.6 * beh)), 24),
            "brand_attention": _likert(0.9 * att + noise(0.7), 3, 1, 5),
            "choice_time": np.clip(
                np.rint(np.exp(np.log(15) - 0.5 * att + noise(0.4))), 1, 60
            ).astype(int),
            "price_sensitivity": _likert(-0.8 * att + noise(0.8), 3, 1, 5),
            "competitor_attitude": _likert(-0.9 * att + noise(0.7), 3, 1, 5),
            "incident_tolerance": _likert(0.7 * att + noise(0.8), 3, 1, 5),
            "need_satisfaction": np.round(
                1 / (1 + np.exp(-(0.3 + 1.2 * beh + noise(0.4)))), 2
            ),
            "attitude": _likert(1.4 * att + noise(0.5), 4, 1, 7),
            "category_spend": category,
            "firm_spend": np.round(share * category, 2),
        },
        index=pd.Index([f"L{i:03d}" for i in range(1, n + 1)], name="customer_id"),
    )
    return frame


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
    matplotlib.axes.Axes
        The Axes drawn on.

    References
    ----------
    Seed 003 (客户重复购买的次数); Newman & Werbel (1973), quoted in seed 000.

    Examples
    --------
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"]})
    >>> ax = plot_purchase_counts(log, max_count=3)
    >>> [round(bar.get_height()) for bar in ax.patches]
    [1, 1, 1]
    """
    max_count = _count("max_count", max_count, 2)
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


def illustrative_loyalty(satisfaction: object, *, floor: float, power: float) -> object:
    """Illustrative loyalty (% who stay) at a satisfaction score 1-5 (满意与忠诚).

    ``L(s) = floor + (100 - floor) * ((s - 1) / 4) ** power``. A large
    ``power`` gives the shape Jones & Sasser (1995) report for highly
    competitive markets: loyalty stays low until customers are *completely*
    satisfied. A high ``floor`` gives the shape of markets with little
    competition, where even dissatisfied customers stay because they have
    no choice. The function is a drawing aid, not a model fitted to data.

    Parameters
    ----------
    satisfaction : float or sequence of float
        Satisfaction scores in [1, 5].
    floor : float
        Loyalty of the least satisfied customers, in per cent, in [0, 100].
    power : float
        Curvature; positive.

    Returns
    -------
    float or numpy.ndarray
        Loyalty in per cent, in [floor, 100].

    References
    ----------
    Jones, T. O. & Sasser, W. E. (1995). Why satisfied customers defect.
    *Harvard Business Review*, 73(6), 88-99 (the shape of the curves).

    Examples
    --------
    >>> float(illustrative_loyalty(5, floor=0, power=4))
    100.0
    >>> illustrative_loyalty([1, 3], floor=20, power=2).tolist()
    [20.0, 40.0]
    """
    floor = as_number("floor", floor)
    power = as_number("power", power)
    if floor > 100:
        raise ValueError(f"floor must be in [0, 100] per cent; got {floor:g}")
    if power == 0:
        raise ValueError(f"power must be positive; got {power:g}")
    scalar = np.ndim(satisfaction) == 0
    if scalar:
        s = np.array([as_number("satisfaction", satisfaction, allow_negative=True)])
    else:
        s = as_numbers("satisfaction", satisfaction, allow_negative=True)
    if np.any((s < 1) | (s > 5)):
        bad = s[(s < 1) | (s > 5)][0]
        raise ValueError(f"satisfaction must be in [1, 5]; got {bad:g}")
    loyalty = floor + (100 - floor) * ((s - 1) / 4) ** power
    return float(loyalty[0]) if scalar else loyalty


def plot_satisfaction_loyalty(
    markets: Mapping | None = None, *, ax: plt.Axes | None = None
) -> plt.Axes:
    """Illustrative satisfaction-loyalty curves by market competitiveness (满意与忠诚).

    Draws :func:`illustrative_loyalty` for each market and shades Jones &
    Sasser's three zones: defection (satisfaction 1-2), indifference (2-4)
    and affection (4-5). The figure says that it is illustrative.

    Parameters
    ----------
    markets : mapping of str to (float, float), default=None
        Curve label -> ``(floor, power)``; ``None`` uses :data:`MARKETS`.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; ``None`` makes a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

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

_TYPE_COLORS = {
    "loyalty": GREEN,
    "latent loyalty": SKY,
    "spurious loyalty": ORANGE,
    "no loyalty": GREY,
}


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
    matplotlib.axes.Axes
        The Axes drawn on.

    References
    ----------
    Dick, A. S. & Basu, K. (1994). Customer loyalty: toward an integrated
    conceptual framework. *JAMS*, 22(2), 99-113.

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
    jitter = as_number("jitter", jitter)
    x = as_series("attitude", attitude, allow_negative=True).reindex(types.index)
    y = as_series("patronage", patronage, allow_negative=True).reindex(types.index)
    a_cut = x.median() if attitude_cut is None else float(attitude_cut)
    p_cut = y.median() if patronage_cut is None else float(patronage_cut)
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
    ax.axvline(a_cut, color="black", ls="--", lw=1)
    ax.axhline(p_cut, color="black", ls="--", lw=1)
    corners = {
        "loyalty": "upper right",
        "latent loyalty": "lower right",
        "spurious loyalty": "upper left",
        "no loyalty": "lower left",
    }
    for name, corner in corners.items():
        corner_text(
            ax,
            corner,
            f"{name.capitalize()} ({int((types == name).sum())})",
            color=_TYPE_COLORS[name],
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
    matplotlib.axes.Axes
        The Axes drawn on.

    References
    ----------
    Seed 003 (客户忠诚度的衡量指标).

    Examples
    --------
    >>> ax = plot_loyalty_index([20.0, 50.0, 55.0, 90.0], bins=10)
    >>> int(sum(bar.get_height() for bar in ax.patches))
    4
    """
    bins = _count("bins", bins, 1)
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
