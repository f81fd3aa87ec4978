"""The chapters' explorers: Vega-Lite charts whose controls redraw them in the page.

An explorer (交互式探索工具) is an :class:`Explorer`: a Vega-Lite chart made
with Altair whose parameters are bound to sliders, dropdowns and radio
buttons. It needs no Python kernel and no network: the browser computes the
chart from the data in its spec.

* **Data computed by crmlab.** Where the model is not a formula (the ABC
  classes, the Kano table, each measure's loyalty score) crmlab computes it
  here, at build time, for every setting the controls can take, and the
  chart only looks the answer up.
* **Formulas in the chart.** Where the model is a short formula (the
  retention CLV, a weighted mean, the win-back value ``p V - c``) the chart
  evaluates it. Each formula is written once, in this module
  (:data:`FORMULAS`), and ``tests/test_browser.py`` proves that the
  browser's result equals crmlab's on the explorer's whole grid.

Displayed, an explorer gives three representations:

* ``application/vnd.vegalite.v5+json``: JupyterLab (and VS Code) draw it
  with their own copy of Vega, offline;
* ``text/html``: a ``<div class="crm-explorer">`` holding the spec as JSON;
  on the book's pages ``book/_ext/offline_assets.py`` adds a small script
  that loads the book's own copies of vega, vega-lite and vega-embed when
  the explorer comes into view, and draws it;
* ``text/plain``: one line saying what it is.

The PDF shows the static figure each chapter puts before its explorer (the
default state); the explorer itself is hidden in print.

Naming: ``<topic>_explorer`` with the starting values as arguments, checked
like the model function it explores. Altair is imported inside each
function (it is part of the ``book`` extra), so ``import crmlab`` works
without it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._validation import as_number, as_numbers, check_option, check_rate
from crmlab.viz._common import OKABE_ITO

__all__ = [
    "Explorer",
    "FORMULAS",
    "abc_explorer",
    "abc_grid",
    "bgnbd_cells",
    "bgnbd_explorer",
    "complaint_grid",
    "criterion_scores",
    "cube_explorer",
    "cube_slices",
    "kano_explorer",
    "lifecycle_explorer",
    "lifecycle_grid",
    "loyalty_index_explorer",
    "loyalty_scores",
    "referral_explorer",
    "roi_explorer",
    "roi_grid",
    "retention_explorer",
    "segment_score_explorer",
    "service_explorer",
    "state_explorer",
    "state_grid",
    "state_setting",
    "winback_budget_explorer",
    "winback_explorer",
    "winback_plans",
]

VEGALITE_MIME = "application/vnd.vegalite.v5+json"

#: The formulas the charts evaluate, in Vega's expression language, with the
#: names of the chart's parameters. ``tests/test_browser.py`` runs each
#: one in the browser on the explorer's whole grid against crmlab.
FORMULAS = MappingProxyType(
    {
        # crmlab.value.retention_clv
        "clv": "timing == 'start' ? m * (1 + d) / (1 + d - r) : m * r / (1 + d - r)",
        # the bars of crmlab.viz.value.plot_retention_clv: period t's present value
        "present": "m * pow(r / (1 + d), t - (timing == 'start' ? 1 : 0))",
        # crmlab.loyalty.winback_value
        "winback": "p * v - c",
        # crmlab.clv.probability_alive (Fader, Hardie & Lee 2005, eq. 11):
        # x repeat purchases, the last at age tx, data ending at age big_t
        "palive": "x == 0 ? 1 : 1 / (1 + a / (b + x - 1)"
        " * pow((alpha + big_t) / (alpha + tx), r + x))",
        # crmlab.loyalty.loyalty_index as the weighted mean of each measure's index
        "loyalty": "(w0 * s0 + w1 * s1 + w2 * s2 + w3 * s3 + w4 * s4 + w5 * s5 + w6 * s6)"
        " / (w0 + w1 + w2 + w3 + w4 + w5 + w6)",
        # crmlab.scoring.weighted_score on five criteria as the weighted mean of
        # each criterion's score (criterion_scores)
        "score5": "(w0 * s0 + w1 * s1 + w2 * s2 + w3 * s3 + w4 * s4)"
        " / (w0 + w1 + w2 + w3 + w4)",
        # crmlab.acquisition.referral_growth: new customers in round t
        "referral": "a * pow(r, t)",
    }
)


def formula(name: str, **names: str) -> str:
    """``FORMULAS[name]`` with identifiers renamed (``m="datum.m"``)."""
    import re

    return re.sub(
        r"\b[a-z]\w*\b",
        lambda match: names.get(match.group(0), match.group(0)),
        FORMULAS[name],
    )


class Explorer:
    """A Vega-Lite chart with bound controls, displayed as described above.

    ``spec`` is the Vega-Lite spec (a dict), ``name`` a short identifier of
    the explorer (``"retention"``), ``summary`` the line of ``text/plain``.
    """

    def __init__(self, chart, name: str, summary: str):
        chart = chart.configure_view(stroke=None)
        self.chart = chart
        self.spec = chart.to_dict()  # Altair validates it against the schema
        self.name = name
        self.summary = summary

    def to_html(self) -> str:
        """The ``<div class="crm-explorer">`` that the book's script draws."""
        spec = json.dumps(self.spec, separators=(",", ":"), ensure_ascii=False)
        spec = spec.replace("</", "<\\/")  # never close the <script> early
        return (
            f'<div class="crm-explorer" data-explorer="{html.escape(self.name)}">'
            '<p class="crm-explorer-wait">The explorer appears here when the '
            "page's scripts have loaded.</p>"
            f'<script type="application/json" class="crm-explorer-spec">{spec}'
            "</script></div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            VEGALITE_MIME: self.spec,
            "text/html": self.to_html(),
            "text/plain": self.summary,
        }

    def __repr__(self) -> str:
        return self.summary


def _altair():
    import altair as alt

    return alt


def _range(alt, name, label, value, low, high, step):
    return alt.param(
        name=name,
        value=value,
        bind=alt.binding_range(min=low, max=high, step=step, name=f"{label} "),
    )


# --------------------------------------------------------------------------
# Chapter 3: retention-based CLV
# --------------------------------------------------------------------------

#: periods drawn by the retention explorer, as in plot_retention_clv
CLV_PERIODS = 20


def retention_explorer(
    margin: float = 100.0,
    retention: float = 0.8,
    discount_rate: float = 0.1,
    *,
    timing: str = "end",
) -> Explorer:
    """Sliders for the retention-based customer lifetime value (客户终身价值).

    Shows ``CLV = m r / (1 + d - r)`` (or ``m (1 + d) / (1 + d - r)`` with
    cash at the start of each period) for the margin ``m``, retention ``r``
    (客户保持率) and discount rate ``d`` on the sliders, with the bars of
    :func:`crmlab.viz.value.plot_retention_clv`: the expected present value
    of each of the first 20 periods, their running total and the CLV.

    Parameters
    ----------
    margin : float, default=100.0
        Starting margin, non-negative; the slider runs from 0 to
        ``max(500, 2 * margin)`` in steps of 10.
    retention : float, default=0.8
        Starting retention rate, in [0, 0.99] (steps of 0.01).
    discount_rate : float, default=0.1
        Starting discount rate, in [0, 0.3] (steps of 0.01).
    timing : {"end", "start"}, default="end"
        Starting choice of when each period's margin arrives.

    Returns
    -------
    Explorer
        Controls ``Margin m``, ``Retention r``, ``Discount d`` and
        ``Cash at``; its title reads ``CLV = 266.67 = 2.667 x margin``.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of
    Interactive Marketing, 17(1), 9-24.

    Examples
    --------
    >>> explorer = retention_explorer(margin=100, retention=0.8)
    >>> [p["name"] for p in explorer.spec["params"]][:4]
    ['m', 'r', 'd', 'timing']
    """
    alt = _altair()
    m = as_number("margin", margin)
    if m < 0:
        raise ValueError(f"margin must be non-negative; got {m:g}")
    r = check_rate("retention", retention, high=0.99)
    d = check_rate("discount_rate", discount_rate, high=0.3)
    check_option("timing", timing, ("end", "start"))
    params = [
        _range(alt, "m", "Margin m", m, 0, max(500.0, 2 * m), 10),
        _range(alt, "r", "Retention r", r, 0, 0.99, 0.01),
        _range(alt, "d", "Discount d", d, 0, 0.3, 0.01),
        alt.param(
            name="timing",
            value=timing,
            bind=alt.binding_radio(options=["end", "start"], name="Cash at "),
        ),
        alt.param(name="clv", expr=FORMULAS["clv"]),
    ]
    periods = pd.DataFrame({"t": np.arange(1, CLV_PERIODS + 1)})
    base = alt.Chart(periods).transform_calculate(
        present=formula("present", t="datum.t")
    )
    x = alt.X("t:O", title="Period", axis=alt.Axis(labelAngle=0))
    bars = base.mark_bar(color=OKABE_ITO["sky"]).encode(
        x=x,
        y=alt.Y("present:Q", title="Present value"),
        tooltip=[
            alt.Tooltip("t:O", title="period"),
            alt.Tooltip("present:Q", format=",.2f"),
        ],
    )
    running = (
        base.transform_window(running="sum(present)", sort=[{"field": "t"}])
        .mark_line(color=OKABE_ITO["blue"], point=True)
        .encode(x=x, y="running:Q")
    )
    value_line = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .mark_rule(color=OKABE_ITO["vermillion"], strokeDash=[6, 4], strokeWidth=2)
        .encode(y=alt.YDatum(alt.ExprRef("clv"), type="quantitative"))
    )
    # two lines: the number, then the setting (an array is one line each)
    title = alt.Title(
        text=alt.ExprRef(
            "['CLV = ' + format(clv, ',.2f') + ' = ' + format(clv / max(m, 1e-300), '.3f')"
            " + ' × margin', 'r = ' + format(r, '.0%') + ', d = ' + format(d, '.0%')"
            " + ', cash at the ' + timing + '. Bars: present value of each period;'"
            " + ' line: running total; dashed: the CLV.']"
        ),
        anchor="start",
    )
    chart = (
        alt.layer(bars, running, value_line)
        .add_params(*params)
        .properties(width=560, height=260, title=title)
    )
    return Explorer(
        chart,
        "retention",
        f"Retention CLV explorer (margin {m:g}, retention {r:.0%}, discount {d:.0%})",
    )


# --------------------------------------------------------------------------
# Chapter 7: ABC bounds and rule
# --------------------------------------------------------------------------

#: the grid of the ABC explorer's sliders, in hundredths
ABC_A = range(50, 91)
ABC_B = range(60, 100)
ABC_RULES = ("not_exceed", "cross")


def abc_grid(values) -> str:
    """crmlab's ABC class of every customer at every setting, as one string.

    Settings run over the A bound (``ABC_A``), then the B bound
    (``ABC_B``), then the rule (``ABC_RULES``); each contributes one
    letter per customer, largest first, ``-`` where A is not below B.
    """
    from crmlab.classify import abc_classify

    n = len(abc_classify(values))
    parts = []
    for a in ABC_A:
        for b in ABC_B:
            for rule in ABC_RULES:
                if a >= b:
                    parts.append("-" * n)
                    continue
                table = abc_classify(values, cutoffs=(a / 100, b / 100), rule=rule)
                parts.append("".join(table["class"]))
    return "".join(parts)


def abc_explorer(
    values: pd.Series | Mapping,
    *,
    cutoffs: Iterable[float] = (0.70, 0.90),
    rule: str = "not_exceed",
    value_label: str = "Value",
) -> Explorer:
    """Sliders for the ABC bounds and the rule, redrawing the Pareto chart (ABC分析法).

    The classes of :func:`crmlab.classify.abc_classify` at every setting of
    the sliders are computed here (:func:`crmlab.viz.explorers.abc_grid`); the chart colours the
    bars by class and counts each class's customers and share of value.

    Parameters
    ----------
    values : pandas.Series or mapping, no default
        Value of each customer, as for :func:`crmlab.classify.abc_classify`.
    cutoffs : pair of float, default=(0.70, 0.90)
        Starting A and B bounds; A in [0.50, 0.90], B in [0.60, 0.99],
        A below B, in steps of 0.01.
    rule : {"not_exceed", "cross"}, default="not_exceed"
        Starting rule.
    value_label : str, default="Value"
        Label of the chart's value axis.

    Returns
    -------
    Explorer
        Controls ``A bound``, ``B bound`` and ``Rule``; one line per class
        reads ``A: 2 customers, 70.0% of value``.

    References
    ----------
    The course's exam papers and knowledge points (客户关系管理试题与知识点),
    ABC analysis; the eight-step rule is this book's reading of them.

    Examples
    --------
    >>> explorer = abc_explorer({"a": 50, "b": 20, "c": 15, "d": 10, "e": 5})
    >>> [p["name"] for p in explorer.spec["params"]][:3]
    ['a', 'b', 'rule']
    """
    from crmlab.classify import abc_classify

    alt = _altair()
    start = tuple(float(c) for c in cutoffs) if isinstance(cutoffs, Iterable) else ()
    if len(start) != 2:
        raise ValueError(f"cutoffs must hold two numbers; got {cutoffs!r}")
    if not (0.5 <= start[0] <= 0.9 and 0.6 <= start[1] <= 0.99 and start[0] < start[1]):
        raise ValueError(
            "cutoffs must have A in [0.5, 0.9], B in [0.6, 0.99] and A below B; "
            f"got {start}"
        )
    check_option("rule", rule, ("not_exceed", "cross"))
    if not isinstance(value_label, str):
        raise TypeError(f"value_label must be a str; got {value_label!r}")
    table = abc_classify(values)  # validates values
    n = len(table)
    customers = pd.DataFrame(
        {
            "customer": [str(key) for key in table.index],
            "i": np.arange(n),
            "value": table["value"].to_numpy(),
            "share": table["share"].to_numpy(),
            "cumulative": table["cumulative_share"].to_numpy(),
        }
    )
    kind = f"{str(table.index.name or 'customer').capitalize()} (largest first)"
    params = [
        _range(alt, "a", "A bound", start[0], 0.5, 0.9, 0.01),
        _range(alt, "b", "B bound", start[1], 0.6, 0.99, 0.01),
        alt.param(
            name="rule",
            value=rule,
            bind=alt.binding_radio(options=list(ABC_RULES), name="Rule "),
        ),
        alt.param(name="abc_classes", value=abc_grid(values)),
        # position of the setting in abc_grid's string
        alt.param(
            name="abc_at",
            expr=f"((round(a * 100) - {ABC_A.start}) * {len(ABC_B)}"
            f" + round(b * 100) - {ABC_B.start}) * {len(ABC_RULES)}"
            f" + (rule == 'cross' ? 1 : 0)",
        ),
    ]
    classed = alt.Chart(customers).transform_calculate(
        cls=f"substring(abc_classes, abc_at * {n} + datum.i, abc_at * {n} + datum.i + 1)"
    )
    colors = alt.Scale(
        domain=["A", "B", "C", "-"],
        range=[OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["grey"], "#dddddd"],
    )
    order = alt.X("customer:N", sort=None, title=kind, axis=alt.Axis(labelAngle=0))
    bars = classed.mark_bar().encode(
        x=order,
        y=alt.Y("value:Q", title=value_label, axis=alt.Axis(format=",.0f")),
        color=alt.Color("cls:N", scale=colors, legend=None),
        tooltip=["customer:N", alt.Tooltip("value:Q", format=",.0f"), "cls:N"],
    )
    line = (
        alt.Chart(customers)
        .mark_line(color="black", point=True)
        .encode(
            x=order,
            y=alt.Y(
                "cumulative:Q",
                title="Cumulative share of value",
                axis=alt.Axis(format=".0%", orient="right"),
                scale=alt.Scale(domain=[0, 1.05]),
            ),
        )
    )
    bounds = (
        alt.Chart(pd.DataFrame({"k": [0, 1]}))
        .transform_calculate(bound="datum.k == 0 ? a : b")
        .mark_rule(color=OKABE_ITO["vermillion"], strokeDash=[5, 3])
        .encode(y="bound:Q")
    )
    pareto = (
        alt.layer(bars, alt.layer(line, bounds))
        .resolve_scale(y="independent")
        .properties(width=560, height=260)
    )
    readout = (
        classed.transform_filter("datum.cls != '-'")
        .transform_aggregate(
            customers="count()", value_share="sum(share)", groupby=["cls"]
        )
        .transform_calculate(
            line="datum.cls + ': ' + datum.customers + ' customers, '"
            " + format(datum.value_share, '.1%') + ' of value'"
        )
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(
            x=alt.value(0),
            y=alt.Y("cls:N", axis=None, title=None),
            text="line:N",
            color=alt.Color("cls:N", scale=colors, legend=None),
        )
        .properties(width=560, height=60)
    )
    message = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .transform_filter("a >= b")
        .mark_text(align="left", fontSize=13, fontWeight="bold", color="black")
        .encode(
            x=alt.value(0), text=alt.value("The A bound must be below the B bound.")
        )
        .properties(width=560, height=20)
    )
    chart = (
        alt.vconcat(message, readout, pareto, spacing=4)
        .add_params(*params)
        .resolve_scale(color="shared")
    )
    return Explorer(
        chart,
        "abc",
        f"ABC explorer ({n} customers, bounds {start[0]:.0%} and {start[1]:.0%})",
    )


# --------------------------------------------------------------------------
# Chapter 9: Kano answer pair
# --------------------------------------------------------------------------


def kano_explorer(functional: int = 1, dysfunctional: int = 5) -> Explorer:
    """Two dropdowns that answer a Kano question pair and show its category (卡诺模型).

    Every cell of the 5 x 5 evaluation table is computed here with
    :func:`crmlab.satisfaction.kano_category`; the chart outlines the cell
    of the chosen answers and names its category and what it means.

    Parameters
    ----------
    functional : int, default=1
        Starting answer to "How do you feel if the feature is there?", 1-5.
    dysfunctional : int, default=5
        Starting answer to "... if it is not there?", 1-5.

    Returns
    -------
    Explorer
        Dropdowns ``Functional`` and ``Dysfunctional``; the title reads
        ``Category O: one-dimensional (期望质量)``.

    References
    ----------
    Berger, C. et al. (1993). *Center for Quality Management Journal*, 2(4),
    3-36. The Kano questionnaire as the course's exam papers and knowledge
    points (客户关系管理试题与知识点) present it.

    Examples
    --------
    >>> explorer = kano_explorer()
    >>> [p["value"] for p in explorer.spec["params"][:2]]
    [1, 5]
    """
    from crmlab.satisfaction import KANO_CATEGORIES, kano_category
    from crmlab.viz.satisfaction import KANO_ANSWERS, KANO_MEANINGS

    alt = _altair()
    start = {}
    for name, value in (("functional", functional), ("dysfunctional", dysfunctional)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(
                f"{name} must be a Kano answer code (an integer 1-5); got {value!r}"
            )
        if value not in KANO_ANSWERS:
            raise ValueError(f"{name} must be a Kano answer code 1-5; got {value}")
        start[name] = int(value)
    cells = []
    for f in KANO_ANSWERS:
        for d in KANO_ANSWERS:
            code = kano_category(f, d)
            english, chinese = KANO_CATEGORIES[code]
            cells.append(
                {
                    "f": f,
                    "d": d,
                    "f_label": f"{f} {KANO_ANSWERS[f]}",
                    "d_label": f"{d} {KANO_ANSWERS[d]}",
                    "code": code,
                    "name": f"Category {code}: {english} ({chinese})",
                    "meaning": KANO_MEANINGS[code],
                }
            )
    cells = pd.DataFrame(cells)
    codes = list(KANO_CATEGORIES)
    palette = {
        "A": "green",
        "O": "blue",
        "M": "vermillion",
        "I": "grey",
        "R": "purple",
        "Q": "yellow",
    }
    colors = alt.Scale(domain=codes, range=[OKABE_ITO[palette[c]] for c in codes])
    options = list(KANO_ANSWERS)
    labels = [f"{code} {text}" for code, text in KANO_ANSWERS.items()]
    params = [
        alt.param(
            name=name,
            value=start[long],
            bind=alt.binding_select(options=options, labels=labels, name=f"{title} "),
        )
        for name, long, title in (
            ("fa", "functional", "Functional"),
            ("da", "dysfunctional", "Dysfunctional"),
        )
    ]
    x = alt.X(
        "d_label:O",
        title="Dysfunctional answer (feature absent)",
        axis=alt.Axis(labelAngle=-30),
    )
    y = alt.Y("f_label:O", title="Functional answer (feature present)")
    base = alt.Chart(cells)
    table = base.mark_rect(opacity=0.45, stroke="white", strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("code:N", scale=colors, legend=None)
    )
    letters = base.mark_text(fontSize=16, fontWeight="bold").encode(
        x=x, y=y, text="code:N"
    )
    chosen = base.transform_filter("datum.f == fa && datum.d == da")
    outline = chosen.mark_rect(fill=None, stroke="black", strokeWidth=3).encode(
        x=x, y=y
    )
    grid = alt.layer(table, letters, outline).properties(width=300, height=300)
    name_line = chosen.mark_text(
        align="left", baseline="top", fontSize=14, fontWeight="bold"
    ).encode(x=alt.value(0), y=alt.value(0), text="name:N")
    meaning_line = chosen.mark_text(align="left", baseline="top", fontSize=12).encode(
        x=alt.value(0), y=alt.value(22), text="meaning:N"
    )
    readout = alt.layer(name_line, meaning_line).properties(width=560, height=40)
    chart = alt.vconcat(readout, grid, spacing=8).add_params(*params)
    return Explorer(
        chart,
        "kano",
        f"Kano explorer (functional {start['functional']}, "
        f"dysfunctional {start['dysfunctional']})",
    )


# --------------------------------------------------------------------------
# Chapter 10: the weights of the loyalty index
# --------------------------------------------------------------------------


def loyalty_scores(survey: pd.DataFrame) -> pd.DataFrame:
    """Each measure's own loyalty index (0-100) per customer, by crmlab.

    Column ``s<k>`` is :func:`crmlab.loyalty.loyalty_index` with all the
    weight on the k-th measure of :data:`crmlab.datasets.MEASURES`. The
    index with weights ``w`` is their weighted mean (:data:`FORMULAS`).
    """
    from crmlab.datasets import BOUNDS, HIGHER_IS_BETTER, MEASURES
    from crmlab.loyalty import loyalty_index

    measures = survey[list(MEASURES)]
    columns = {}
    for k, name in enumerate(MEASURES):
        weights = {other: float(other == name) for other in MEASURES}
        columns[f"s{k}"] = loyalty_index(
            measures, weights=weights, higher_is_better=HIGHER_IS_BETTER, bounds=BOUNDS
        ).to_numpy()
    return pd.DataFrame(columns, index=survey.index)


def loyalty_index_explorer(
    survey: pd.DataFrame | None = None, weights: Mapping | None = None
) -> Explorer:
    """Sliders for the weights of the loyalty index (忠诚度指数权重探索).

    One slider (0-50, steps of 5) per measure of
    :data:`crmlab.datasets.MEASURES`. The chart recomputes
    :func:`crmlab.loyalty.loyalty_index` as the weighted mean of each
    measure's index (:func:`crmlab.viz.explorers.loyalty_scores`), draws its histogram and mean
    and lists the five most loyal customers. Weights need not sum to 100;
    at least one must be positive (the chart says so when all are 0).

    Parameters
    ----------
    survey : pandas.DataFrame, default=None
        Customers x the seven measure columns (other columns are ignored);
        ``None`` uses ``make_loyalty_survey()``.
    weights : mapping of str to float, default=None
        Starting weights per measure; ``None`` uses the chapter's
        :data:`crmlab.datasets.DEFAULT_WEIGHTS`.

    Returns
    -------
    Explorer
        One slider per measure; the title reads ``Mean index 63.4``.

    References
    ----------
    The course's exam papers and knowledge points (客户忠诚度的衡量指标);
    the weighted index is this book's method.

    Examples
    --------
    >>> explorer = loyalty_index_explorer()
    >>> [p["value"] for p in explorer.spec["params"][:3]]
    [25, 10, 10]
    """
    from crmlab.datasets import (
        BOUNDS,
        DEFAULT_WEIGHTS,
        HIGHER_IS_BETTER,
        MEASURES,
        make_loyalty_survey,
    )
    from crmlab.loyalty import loyalty_index

    alt = _altair()
    survey = make_loyalty_survey() if survey is None else survey
    start = dict(DEFAULT_WEIGHTS if weights is None else weights)
    loyalty_index(
        survey[list(MEASURES)],
        weights=start,
        higher_is_better=HIGHER_IS_BETTER,
        bounds=BOUNDS,
    )  # checks the starting weights
    scores = loyalty_scores(survey)
    scores.insert(0, "customer", [str(key) for key in survey.index])
    scores.insert(1, "order", np.arange(len(scores)))
    params = [
        _range(alt, f"w{k}", label, int(round(start[name])), 0, 50, 5)
        for k, (name, (label, _)) in enumerate(MEASURES.items())
    ]
    weight_sum = " + ".join(f"w{k}" for k in range(len(MEASURES)))
    indexed = (
        alt.Chart(scores)
        .transform_filter(f"{weight_sum} > 0")
        .transform_calculate(
            index=formula("loyalty", **{f"s{k}": f"datum.s{k}" for k in range(7)})
        )
    )
    # bins of 5 as plot_loyalty_index draws; binned explicitly, after the
    # index is computed (an encoding's bin would be moved before it)
    histogram = (
        indexed.transform_bin(
            ["low", "high"], "index", bin=alt.Bin(extent=[0, 100], step=5)
        )
        .transform_aggregate(customers="count()", groupby=["low", "high"])
        .mark_bar(color=OKABE_ITO["blue"], stroke="white", orient="vertical")
        .encode(
            x=alt.X(
                "low:Q",
                title="Loyalty index (0-100)",
                scale=alt.Scale(domain=[0, 100], padding=0, nice=False),
            ),
            x2="high:Q",
            y=alt.Y("customers:Q", title="Number of customers"),
        )
    )
    mean = indexed.transform_aggregate(mean="mean(index)")
    mean_rule = mean.mark_rule(
        color=OKABE_ITO["vermillion"], strokeDash=[6, 4], strokeWidth=1.5
    ).encode(x="mean:Q")
    hist = alt.layer(histogram, mean_rule).properties(width=330, height=240)
    top = (
        indexed.transform_window(
            place="row_number()",
            sort=[{"field": "index", "order": "descending"}, {"field": "order"}],
        )
        .transform_filter("datum.place <= 5")
        .transform_calculate(
            line="datum.place + '. ' + datum.customer + '  ' + format(datum.index, '.1f')"
        )
        .mark_text(align="left", fontSize=13)
        .encode(x=alt.value(0), y=alt.Y("place:O", axis=None), text="line:N")
        .properties(width=180, height=120, title="Top 5 customers")
    )
    readout = (
        mean.transform_calculate(
            line="'Mean index ' + format(datum.mean, '.1f') + ' of '"
            f" + {len(scores)} + ' customers'"
        )
        .mark_text(align="left", fontSize=14, fontWeight="bold")
        .encode(x=alt.value(0), text="line:N")
        .properties(width=560, height=20)
    )
    message = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .transform_filter(f"{weight_sum} == 0")
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(
            x=alt.value(0),
            text=alt.value("Give at least one measure a positive weight."),
        )
        .properties(width=560, height=20)
    )
    chart = alt.vconcat(
        message, readout, alt.hconcat(hist, top, spacing=30), spacing=4
    ).add_params(*params)
    return Explorer(
        chart, "loyalty", f"Loyalty index explorer ({len(scores)} customers)"
    )


# --------------------------------------------------------------------------
# Chapter 11: the win-back decision
# --------------------------------------------------------------------------


def winback_explorer(
    winback_probability: float = 0.3,
    regained_value: float = 400.0,
    contact_cost: float = 40.0,
) -> Explorer:
    """Sliders for the value of a win-back attempt (流失客户挽回的价值).

    Shows ``expected value = p V - c`` (:func:`crmlab.loyalty.winback_value`)
    for the win-back probability ``p``, the regained value ``V`` and the
    contact cost ``c`` on the sliders, the decision (contact when it is
    positive), the break-even probability ``c / V``, and the line of
    :func:`crmlab.viz.churn.plot_winback_break_even` over every ``p``.

    Parameters
    ----------
    winback_probability : float, default=0.3
        Starting probability, in [0, 1] (steps of 0.01).
    regained_value : float, default=400.0
        Starting regained value, non-negative; the slider runs from 0 to
        ``max(1000, 2 * regained_value)`` in steps of 10.
    contact_cost : float, default=40.0
        Starting contact cost, non-negative; the slider runs from 0 to
        ``max(200, 2 * contact_cost)`` in steps of 1.

    Returns
    -------
    Explorer
        Controls ``Probability p``, ``Value V`` and ``Cost c``; the title
        reads ``Expected value = 80.00 per customer: contact``.

    References
    ----------
    Thomas, J. S., Blattberg, R. C. & Fox, E. J. (2004), Recapturing lost
    customers, JMR 41(1), 31-45; the course slides (客户关系的建立与维护,
    亡羊补牢) name win-back, and the rule p × V − c is this book's.

    Examples
    --------
    >>> explorer = winback_explorer(0.3, 400, 40)
    >>> [p["value"] for p in explorer.spec["params"][:3]]
    [0.3, 400.0, 40.0]
    """
    alt = _altair()
    p = check_rate("winback_probability", winback_probability)
    value = as_number("regained_value", regained_value)
    cost = as_number("contact_cost", contact_cost)
    for name, number in (("regained_value", value), ("contact_cost", cost)):
        if number < 0:
            raise ValueError(f"{name} must be non-negative; got {number:g}")
    params = [
        _range(alt, "p", "Probability p", p, 0, 1, 0.01),
        _range(alt, "v", "Value V", value, 0, max(1000.0, 2 * value), 10),
        _range(alt, "c", "Cost c", cost, 0, max(200.0, 2 * cost), 1),
        alt.param(name="ev", expr=FORMULAS["winback"]),
    ]
    grid = pd.DataFrame({"x": np.round(np.linspace(0, 1, 101), 2)})
    line = (
        alt.Chart(grid)
        .transform_calculate(y=formula("winback", p="datum.x"))
        .mark_line(color=OKABE_ITO["blue"])
        .encode(
            x=alt.X(
                "x:Q",
                title="Win-back probability p",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y("y:Q", title="Expected value per customer contacted"),
        )
    )
    one = alt.Chart(pd.DataFrame({"k": [0]}))
    zero = one.mark_rule(color=OKABE_ITO["grey"], strokeWidth=0.8).encode(
        y=alt.YDatum(0)
    )
    even = (
        one.transform_filter("v > 0 && c <= v")
        .transform_calculate(x="c / v")
        .mark_rule(color=OKABE_ITO["grey"], strokeDash=[5, 3])
        .encode(x="x:Q")
    )
    dot = (
        one.transform_calculate(x="p", y="ev", good="ev > 0")
        .mark_point(size=120, filled=True, opacity=1)
        .encode(
            x="x:Q",
            y="y:Q",
            color=alt.Color(
                "good:N",
                scale=alt.Scale(
                    domain=[True, False],
                    range=[OKABE_ITO["green"], OKABE_ITO["vermillion"]],
                ),
                legend=None,
            ),
        )
    )
    title = alt.Title(
        text=alt.ExprRef(
            "['Expected value = ' + format(ev, ',.2f') + ' per customer: '"
            " + (ev > 0 ? 'contact' : 'do not contact'), 'break-even probability '"
            " + (v > 0 ? format(c / v, '.1%') : 'none (no value to regain)')"
            " + '; p = ' + format(p, '.0%') + ', V = ' + format(v, ',.0f')"
            " + ', c = ' + format(c, ',.0f')]"
        ),
        anchor="start",
    )
    chart = (
        alt.layer(line, zero, even, dot)
        .add_params(*params)
        .properties(width=560, height=260, title=title)
    )
    return Explorer(
        chart,
        "winback",
        f"Win-back explorer (p {p:.0%}, V {value:,.0f}, c {cost:,.0f})",
    )


# --------------------------------------------------------------------------
# Chapter 6: a slice of the OLAP cube
# --------------------------------------------------------------------------

#: the levels of time the cube explorer can show (drill-down and roll-up)
CUBE_LEVELS = ("quarter", "year")


def cube_slices(cube: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every slice the cube explorer can show, and its readout, from ``cube``.

    ``cube`` is sales indexed by ``(region, category, quarter)`` with quarters
    written ``YYYY-Qn``. Returns ``cells`` (one row per category — each
    category and ``"All"``, the roll-up over categories — level, region and
    period, with its ``sales``) and ``summary`` (one row per category and
    level: the ``total``, the largest cell's ``region``, ``period`` and
    ``top_sales``, and the explorer's two readout lines ``first`` and
    ``second``, written here so that the browser only shows them). Ties for the largest cell go to the first region and period
    in sorted order.
    """
    if not isinstance(cube, pd.Series) or cube.index.nlevels != 3:
        raise TypeError(
            "cube must be a pandas Series indexed by (region, category, quarter); "
            f"got {type(cube).__name__}"
        )
    values = pd.Series(as_numbers("cube", cube.to_numpy()), index=cube.index)
    frame = values.rename("sales").reset_index()
    frame.columns = ["region", "category", "quarter", "sales"]
    bad = ~frame["quarter"].astype(str).str.fullmatch(r"\d{4}-Q[1-4]")
    if bad.any():
        raise ValueError(
            "cube's quarters must be written YYYY-Qn; "
            f"got {frame['quarter'][bad].iloc[0]!r}"
        )
    frame["year"] = frame["quarter"].astype(str).str[:4]
    every = pd.concat([frame, frame.assign(category="All")])
    cells = []
    for level in CUBE_LEVELS:
        part = every.groupby(["category", "region", level], as_index=False)[
            "sales"
        ].sum()
        cells.append(part.rename(columns={level: "period"}).assign(level=level))
    cells = pd.concat(cells, ignore_index=True)[
        ["category", "level", "region", "period", "sales"]
    ]
    ordered = cells.sort_values(["category", "level", "region", "period"])
    top = ordered.loc[ordered.groupby(["category", "level"])["sales"].idxmax()]
    summary = top.rename(columns={"sales": "top_sales"}).merge(
        cells.groupby(["category", "level"], as_index=False)["sales"]
        .sum()
        .rename(columns={"sales": "total"})
    )
    summary = summary.reset_index(drop=True)
    names = summary["category"].where(summary["category"] != "All", "All categories")
    summary["first"] = [
        f"{name} by {level}: total {total:,.0f} yuan"
        for name, level, total in zip(
            names, summary["level"], summary["total"], strict=True
        )
    ]
    summary["second"] = [
        f"largest cell: {row.region} {row.period}, {row.top_sales:,.0f} yuan"
        for row in summary.itertuples()
    ]
    return cells, summary


def cube_explorer(
    cube: pd.Series, *, category: str = "All", level: str = "quarter"
) -> Explorer:
    """A slice of the OLAP cube (数据立方体) chosen with a dropdown and radio buttons.

    A heat map of sales by region and period for one product category (a
    slice) or for all of them (``"All"``, the roll-up over categories), by
    quarter or by year (rolling quarters up into years, or drilling down
    again). The readout gives the slice's total and its largest cell. All
    numbers come from :func:`crmlab.viz.explorers.cube_slices`, computed here; the chart only
    looks them up.

    Parameters
    ----------
    cube : pandas.Series, no default
        Sales indexed by ``(region, category, quarter)``, as built in chapter
        6 with SQL or pandas; quarters written ``YYYY-Qn``.
    category : str, default="All"
        Starting category: ``"All"`` or one of the cube's categories.
    level : {"quarter", "year"}, default="quarter"
        Starting level of time.

    Returns
    -------
    Explorer
        Controls ``Category`` and ``Time``; the readout reads, for example,
        ``Tea by quarter: total 123,456 yuan``.

    Examples
    --------
    >>> cube = pd.Series([10.0, 20.0, 30.0, 5.0], index=pd.MultiIndex.from_tuples(
    ...     [("East", "Tea", "2025-Q1"), ("East", "Tea", "2025-Q2"),
    ...      ("West", "Tea", "2025-Q1"), ("West", "Gifts", "2025-Q2")]))
    >>> explorer = cube_explorer(cube, category="Tea")
    >>> [p["value"] for p in explorer.spec["params"][:2]]
    ['Tea', 'quarter']
    """
    alt = _altair()
    cells, summary = cube_slices(cube)
    categories = ["All", *sorted(c for c in cells["category"].unique() if c != "All")]
    check_option("category", category, categories)
    check_option("level", level, CUBE_LEVELS)
    params = [
        alt.param(
            name="cat",
            value=category,
            bind=alt.binding_select(options=categories, name="Category "),
        ),
        alt.param(
            name="lvl",
            value=level,
            bind=alt.binding_radio(options=list(CUBE_LEVELS), name="Time "),
        ),
    ]
    chosen = "datum.category == cat && datum.level == lvl"
    base = alt.Chart(cells).transform_filter(chosen)
    heat = base.mark_rect().encode(
        x=alt.X("period:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("region:N", title=None),
        color=alt.Color(
            "sales:Q", scale=alt.Scale(scheme="blues"), title="Sales (yuan)"
        ),
        tooltip=["region:N", "period:O", alt.Tooltip("sales:Q", format=",.0f")],
    )
    labels = base.mark_text(fontSize=10).encode(
        x="period:O",
        y="region:N",
        text=alt.Text("sales:Q", format=",.0f"),
    )
    readout = (
        alt.Chart(summary)
        .transform_filter(chosen)
        .transform_fold(["first", "second"], as_=["line", "text"])
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(
            x=alt.value(0),
            y=alt.Y("line:N", axis=None, title=None),
            text="text:N",
        )
        .properties(width=560, height=40)
    )
    chart = alt.vconcat(
        readout, alt.layer(heat, labels).properties(width=560, height=200), spacing=4
    ).add_params(*params)
    return Explorer(
        chart,
        "cube",
        f"OLAP cube explorer ({category}, by {level})",
    )


# --------------------------------------------------------------------------
# Chapter 13: the ROI of a CRM project
# --------------------------------------------------------------------------

#: the grids of the ROI explorer's controls (investment, benefit scale, rate)
ROI_INVESTMENTS = tuple(float(x) for x in range(60, 301, 20))
ROI_SCALES = tuple(round(0.5 + 0.1 * k, 1) for k in range(11))
ROI_RATES = tuple(round(0.02 * k, 2) for k in range(11))


def roi_grid(benefits: object, costs: object = 0.0) -> pd.DataFrame:
    """:func:`crmlab.strategy.project_roi` at every setting of the ROI explorer.

    One row per investment in ``ROI_INVESTMENTS``, benefit scale in
    ``ROI_SCALES`` (the yearly benefits are multiplied by it) and rate
    in ``ROI_RATES``, with ``npv``, ``roi``, ``payback`` and
    ``discounted_payback`` (``-1`` where the project never pays back, since
    JSON has no infinity).
    """
    from crmlab.strategy import project_roi

    base = as_numbers("benefits", benefits)
    rows = []
    for investment in ROI_INVESTMENTS:
        for scale in ROI_SCALES:
            for rate in ROI_RATES:
                result = project_roi(
                    investment, base * scale, costs, discount_rate=rate
                )
                rows.append(
                    {"investment": investment, "scale": scale, "rate": rate, **result}
                )
    grid = pd.DataFrame(rows)
    for column in ("payback", "discounted_payback"):
        grid[column] = grid[column].where(np.isfinite(grid[column]), -1.0)
    return grid


def roi_explorer(
    benefits: object,
    costs: object = 0.0,
    *,
    investment: float = 120.0,
    scale: float = 1.0,
    rate: float = 0.08,
) -> Explorer:
    """Sliders for the assumptions of a CRM project's ROI (投资回报率).

    Move the investment, a scale on the forecast benefits (to ask "what if the
    benefits are 20 % lower?") and the discount rate. The bars show the NPV at
    every rate for the chosen investment and scale, the chosen rate
    highlighted; the readout gives NPV, ROI and both payback periods. All
    numbers are :func:`crmlab.strategy.project_roi`, computed on the whole grid
    by :func:`crmlab.viz.explorers.roi_grid`; the chart only looks them up.

    Parameters
    ----------
    benefits : sequence of float, no default
        The forecast benefits of years 1..n at scale 1.
    costs : float or sequence of float, default=0.0
        Running costs of years 1..n (not scaled).
    investment : float, default=120.0
        Starting investment, on the grid ``ROI_INVESTMENTS`` (60 to 300 in
        steps of 20).
    scale : float, default=1.0
        Starting benefit scale, on ``ROI_SCALES`` (0.5 to 1.5 by 0.1).
    rate : float, default=0.08
        Starting discount rate, on ``ROI_RATES`` (0 to 0.2 by 0.02).

    Returns
    -------
    Explorer
        Controls ``Investment I``, ``Benefit scale`` and ``Discount r``; the
        readout reads ``NPV = 56.78, ROI = 47.3%: pays``.

    Examples
    --------
    >>> explorer = roi_explorer([30, 55, 70, 75, 75], 15)
    >>> [p["value"] for p in explorer.spec["params"][:3]]
    [120.0, 1.0, 0.08]
    """
    alt = _altair()
    grid = roi_grid(benefits, costs)
    start = {"investment": investment, "scale": scale, "rate": rate}
    allowed = {"investment": ROI_INVESTMENTS, "scale": ROI_SCALES, "rate": ROI_RATES}
    for name, value in start.items():
        number = as_number(name, value)
        if not np.isclose(allowed[name], number).any():
            raise ValueError(
                f"{name} must be on the explorer's grid, from {allowed[name][0]:g} "
                f"to {allowed[name][-1]:g}; got {number:g}"
            )
        start[name] = float(number)
    params = [
        _range(alt, "inv", "Investment I", start["investment"], 60, 300, 20),
        _range(alt, "s", "Benefit scale", start["scale"], 0.5, 1.5, 0.1),
        _range(alt, "r", "Discount r", start["rate"], 0, 0.2, 0.02),
    ]
    chosen = "abs(datum.investment - inv) < 1e-9 && abs(datum.scale - s) < 1e-9"
    at_rate = chosen + " && abs(datum.rate - r) < 1e-9"
    base = alt.Chart(grid).transform_filter(chosen)
    bars = base.mark_bar().encode(
        x=alt.X("rate:O", title="Discount rate", axis=alt.Axis(format=".0%")),
        y=alt.Y("npv:Q", title="NPV (10 000 yuan)"),
        color=alt.condition(
            "abs(datum.rate - r) < 1e-9",
            alt.value(OKABE_ITO["blue"]),
            alt.value("#cccccc"),
        ),
        tooltip=[
            alt.Tooltip("rate:O", format=".0%"),
            alt.Tooltip("npv:Q", format=",.2f"),
        ],
    )
    zero = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .mark_rule(color="black")
        .encode(y=alt.YDatum(0))
    )
    readout = (
        alt.Chart(grid)
        .transform_filter(at_rate)
        .transform_calculate(
            first="'NPV = ' + format(datum.npv, ',.2f') + ', ROI = '"
            " + format(datum.roi, '.1%') + (datum.npv >= 0 ? ': pays' : ': loses')",
            second="'payback ' + (datum.payback < 0 ? 'never' :"
            " format(datum.payback, '.2f') + ' years') + ', discounted '"
            " + (datum.discounted_payback < 0 ? 'never' :"
            " format(datum.discounted_payback, '.2f') + ' years')",
        )
        .transform_fold(["first", "second"], as_=["line", "text"])
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.Y("line:N", axis=None, title=None), text="text:N")
        .properties(width=560, height=40)
    )
    chart = alt.vconcat(
        readout, alt.layer(bars, zero).properties(width=560, height=220), spacing=4
    ).add_params(*params)
    return Explorer(
        chart,
        "roi",
        f"ROI explorer (I {start['investment']:g}, scale {start['scale']:g}, "
        f"r {start['rate']:.0%})",
    )


# --------------------------------------------------------------------------
# Chapter 1: the customer-state chain's long run
# --------------------------------------------------------------------------

#: the grid of the state explorer's three sliders, in hundredths: the change
#: to potential -> current (conversion), current -> lost (churn) and
#: lost -> current (win-back)
STATE_CHANGES = range(-15, 35, 5)
STATE_LEVERS = (("potential", "current"), ("current", "lost"), ("lost", "current"))


def state_setting(matrix: pd.DataFrame, changes: Iterable[float]):
    """``matrix`` with each lever's cell raised by its change and the row's
    own-state cell lowered by as much; ``None`` when a cell would be negative."""
    changed = matrix.copy()
    for (row, column), change in zip(STATE_LEVERS, changes, strict=True):
        changed.loc[row, column] += change
        changed.loc[row, row] -= change
    if (changed.to_numpy() < -1e-12).any():
        return None
    return changed.clip(lower=0.0)


def state_grid(matrix: pd.DataFrame) -> list[float]:
    """crmlab's steady state at every setting of the three sliders, flattened.

    Settings run over the conversion change, then the churn change, then
    the win-back change (each over ``STATE_CHANGES``); each gives the
    four states' shares in the matrix's order, rounded to 4 decimals, or
    four ``-1`` where the setting would make a probability negative.
    """
    from crmlab.lifecycle import steady_state

    values = []
    for c in STATE_CHANGES:
        for x in STATE_CHANGES:
            for w in STATE_CHANGES:
                changed = state_setting(matrix, (c / 100, x / 100, w / 100))
                if changed is None:
                    values.extend([-1.0] * len(matrix))
                else:
                    values.extend(
                        np.round(steady_state(changed).to_numpy(), 4).tolist()
                    )
    return values


def state_explorer(matrix: pd.DataFrame) -> Explorer:
    """Sliders for conversion, churn and win-back, redrawing the long-run mix (稳态分布).

    The three probabilities a firm most directly moves: potential → current
    (conversion), current → lost (churn) and lost → current (win-back). Each
    slider adds a change (-0.15 to +0.30, in steps of 0.05) to its cell of the
    transition matrix and takes it from the row's own-state cell. The steady
    state of :func:`crmlab.lifecycle.steady_state` at every setting is
    computed here (:func:`crmlab.viz.explorers.state_grid`); the chart looks it up.

    Parameters
    ----------
    matrix : pandas.DataFrame, no default
        Transition matrix over :data:`crmlab.lifecycle.CUSTOMER_STATES`, in
        that order, as from :func:`crmlab.lifecycle.transition_matrix`.

    Returns
    -------
    Explorer
        Controls ``Conversion change``, ``Churn change`` and ``Win-back
        change``, starting at 0; the title reads ``Current customers in the
        long run: 24.9%``.

    Examples
    --------
    >>> from crmlab.datasets import STATE_EXAMPLE_MATRIX
    >>> P = pd.DataFrame(dict(STATE_EXAMPLE_MATRIX), index=list(STATE_EXAMPLE_MATRIX)).T
    >>> explorer = state_explorer(P)
    >>> [p["name"] for p in explorer.spec["params"]][:3]
    ['conversion', 'churn', 'winback']
    """
    from crmlab.lifecycle import CUSTOMER_STATES, steady_state

    alt = _altair()
    steady_state(matrix)  # validates the matrix
    if list(matrix.index) != list(CUSTOMER_STATES):
        raise ValueError(
            f"matrix must have the states {list(CUSTOMER_STATES)} in this order; "
            f"got {list(matrix.index)}"
        )
    low, high = STATE_CHANGES.start / 100, (STATE_CHANGES.stop - 5) / 100
    params = [
        _range(alt, "conversion", "Conversion change", 0.0, low, high, 0.05),
        _range(alt, "churn", "Churn change", 0.0, low, high, 0.05),
        _range(alt, "winback", "Win-back change", 0.0, low, high, 0.05),
        alt.param(name="state_shares", value=state_grid(matrix)),
        alt.param(
            name="state_at",
            expr=f"((round(conversion * 20) - {STATE_CHANGES.start // 5})"
            f" * {len(STATE_CHANGES)} + round(churn * 20) - {STATE_CHANGES.start // 5})"
            f" * {len(STATE_CHANGES)} + round(winback * 20) - {STATE_CHANGES.start // 5}",
        ),
    ]
    states = pd.DataFrame({"state": list(CUSTOMER_STATES), "i": range(4)})
    looked_up = alt.Chart(states).transform_calculate(
        share="state_shares[state_at * 4 + datum.i]"
    )
    colors = alt.Scale(
        domain=list(CUSTOMER_STATES),
        range=[
            OKABE_ITO["grey"],
            OKABE_ITO["sky"],
            OKABE_ITO["blue"],
            OKABE_ITO["vermillion"],
        ],
    )
    bars = (
        looked_up.transform_filter("datum.share >= 0")
        .mark_bar()
        .encode(
            x=alt.X(
                "state:N",
                sort=list(CUSTOMER_STATES),
                title="State",
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y(
                "share:Q",
                title="Long-run share of people",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color("state:N", scale=colors, legend=None),
            tooltip=["state:N", alt.Tooltip("share:Q", format=".1%")],
        )
    )
    labels = bars.mark_text(dy=-8, fontSize=12).encode(
        text=alt.Text("share:Q", format=".1%"), color=alt.value("black")
    )
    readout = (
        looked_up.transform_filter("datum.state == 'current'")
        .transform_calculate(
            line="datum.share < 0 ? 'This setting is not possible: it would make a "
            "probability negative.' : "
            "'Current customers in the long run: ' + format(datum.share, '.1%')"
        )
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(x=alt.value(0), text="line:N")
        .properties(width=480, height=20)
    )
    chart = alt.vconcat(
        readout, alt.layer(bars, labels).properties(width=480, height=240), spacing=6
    ).add_params(*params)
    return Explorer(chart, "states", "Customer-state explorer (long-run mix)")


# --------------------------------------------------------------------------
# Chapter 2: the lifecycle stage rule's thresholds
# --------------------------------------------------------------------------

#: the grids of the lifecycle explorer's sliders, in hundredths, and K
LIFECYCLE_GROWTH = range(10, 55, 5)
LIFECYCLE_MATURE = range(60, 105, 5)
LIFECYCLE_DECLINE = range(50, 95, 5)
LIFECYCLE_LONG = range(2, 7)


def lifecycle_grid(series, mature_level: float) -> tuple[str, str]:
    """crmlab's stages and pattern of ``series`` at every setting of the sliders.

    Settings run over the growth share (``LIFECYCLE_GROWTH``), the mature
    share (``LIFECYCLE_MATURE``) and the decline share
    (``LIFECYCLE_DECLINE``); each gives one digit per period (the stage's
    position in :data:`crmlab.lifecycle.LIFECYCLE_STAGES`) or ``-`` per period where the
    growth share is not below the mature share. The patterns string adds the
    periods in maturity (``LIFECYCLE_LONG``) as the last loop, one digit
    per setting (the pattern's position in
    :data:`crmlab.lifecycle.LIFECYCLE_PATTERNS`), ``-`` where not possible.
    """
    from crmlab.lifecycle import (
        LIFECYCLE_PATTERNS,
        LIFECYCLE_STAGES,
        lifecycle_pattern,
        lifecycle_stage,
    )

    n = len(series)
    letters, patterns = [], []
    for g in LIFECYCLE_GROWTH:
        for m in LIFECYCLE_MATURE:
            for d in LIFECYCLE_DECLINE:
                options = {
                    "mature_level": mature_level,
                    "growth_share": g / 100,
                    "mature_share": m / 100,
                    "decline_share": d / 100,
                }
                if g >= m:
                    letters.append("-" * n)
                    patterns.append("-" * len(LIFECYCLE_LONG))
                    continue
                stages = lifecycle_stage(series, **options)
                letters.append("".join(str(LIFECYCLE_STAGES.index(s)) for s in stages))
                for k in LIFECYCLE_LONG:
                    found = lifecycle_pattern(series, long_periods=k, **options)
                    patterns.append(str(LIFECYCLE_PATTERNS.index(found)))
    return "".join(letters), "".join(patterns)


def lifecycle_explorer(series, *, mature_level: float) -> Explorer:
    """Sliders for the stage rule's thresholds, redrawing one customer's stages.

    客户生命周期 explorer: the growth, mature and decline shares of
    :func:`crmlab.lifecycle.lifecycle_stage` and the periods in maturity that
    make a relationship long-lasting. crmlab's stages and pattern at every
    setting are computed here (:func:`crmlab.viz.explorers.lifecycle_grid`).

    Parameters
    ----------
    series : pandas.Series, no default
        One customer's purchases per period, as for
        :func:`crmlab.lifecycle.lifecycle_pattern` (at least 6 periods).
    mature_level : float, no default
        The purchases per period of a typical mature customer.

    Returns
    -------
    Explorer
        Controls ``Growth share``, ``Mature share``, ``Decline share`` and
        ``Periods for long-lasting``, starting at 0.3, 0.8, 0.7 and 4; the
        title reads ``Pattern: early exit``.

    Examples
    --------
    >>> explorer = lifecycle_explorer([10, 40, 90, 100, 60, 0], mature_level=100)
    >>> [p["name"] for p in explorer.spec["params"]][:4]
    ['g', 'm', 'd', 'k']
    """
    from crmlab.lifecycle import LIFECYCLE_PATTERNS, LIFECYCLE_STAGES, lifecycle_pattern

    alt = _altair()
    lifecycle_pattern(series, mature_level=mature_level, long_periods=6)  # validates
    values = (
        pd.Series(series, dtype=float) if not isinstance(series, pd.Series) else series
    )
    level = as_number("mature_level", mature_level)
    letters, patterns = lifecycle_grid(values, level)
    n = len(values)
    periods = pd.DataFrame(
        {
            "period": [str(p) for p in values.index],
            "i": np.arange(n),
            "purchases": values.to_numpy(dtype=float),
        }
    )
    params = [
        _range(alt, "g", "Growth share", 0.3, 0.10, 0.50, 0.05),
        _range(alt, "m", "Mature share", 0.8, 0.60, 1.00, 0.05),
        _range(alt, "d", "Decline share", 0.7, 0.50, 0.90, 0.05),
        _range(alt, "k", "Periods for long-lasting", 4, 2, 6, 1),
        alt.param(name="stage_letters", value=letters),
        alt.param(name="stage_patterns", value=patterns),
        alt.param(name="pattern_names", value=list(LIFECYCLE_PATTERNS)),
        alt.param(
            name="stage_at",
            expr=f"((round(g * 20) - {LIFECYCLE_GROWTH.start // 5}) * {len(LIFECYCLE_MATURE)}"
            f" + round(m * 20) - {LIFECYCLE_MATURE.start // 5}) * {len(LIFECYCLE_DECLINE)}"
            f" + round(d * 20) - {LIFECYCLE_DECLINE.start // 5}",
        ),
        alt.param(
            name="p_at",
            expr=f"stage_at * {len(LIFECYCLE_LONG)} + round(k) - {LIFECYCLE_LONG.start}",
        ),
    ]
    names = {str(i): s for i, s in enumerate(LIFECYCLE_STAGES)}
    lookup = " : ".join(f"letter == '{k}' ? '{v}'" for k, v in names.items()) + " : '-'"
    staged = (
        alt.Chart(periods)
        .transform_calculate(
            letter=f"substring(stage_letters, stage_at * {n} + datum.i,"
            f" stage_at * {n} + datum.i + 1)"
        )
        .transform_calculate(stage=lookup.replace("letter", "datum.letter"))
    )
    colors = alt.Scale(
        domain=[*LIFECYCLE_STAGES, "-"],
        range=["#c6dbef", "#6baed6", "#2171b5", "#fd8d3c", "#d9d9d9", "#ffffff"],
    )
    bars = staged.mark_bar().encode(
        x=alt.X("period:N", sort=None, title="Period", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("purchases:Q", title="Purchases"),
        color=alt.Color(
            "stage:N", scale=colors, title="Stage", sort=[*LIFECYCLE_STAGES]
        ),
        tooltip=["period:N", "purchases:Q", "stage:N"],
    )
    lines = (
        alt.Chart(pd.DataFrame({"j": [0, 1]}))
        .transform_calculate(y=f"(datum.j == 0 ? g : m) * {level}")
        .mark_rule(strokeDash=[4, 3], color="grey")
        .encode(y="y:Q")
    )
    readout = (
        alt.Chart(pd.DataFrame({"j": [0]}))
        .transform_calculate(
            line="'Pattern: ' + pattern_names["
            "toNumber(substring(stage_patterns, p_at, p_at + 1))]"
        )
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(x=alt.value(0), text="line:N")
        .properties(width=520, height=20)
    )
    chart = alt.vconcat(
        readout, alt.layer(bars, lines).properties(width=520, height=240), spacing=6
    ).add_params(*params)
    return Explorer(chart, "lifecycle", f"Lifecycle explorer ({n} periods)")


# --------------------------------------------------------------------------
# Chapter 11 (section "Alive or churned?"): the BG/NBD probability alive
# --------------------------------------------------------------------------

#: the BG/NBD explorer's sliders: (name, label, low, high, step)
BGNBD_SLIDERS = (
    ("r", "Shape r", 0.01, 2.0, 0.01),
    ("alpha", "Scale α", 0.1, 20.0, 0.1),
    ("a", "Beta a", 0.01, 3.0, 0.01),
    ("b", "Beta b", 0.01, 5.0, 0.01),
)
#: the rows of its matrix: repeat purchases 0 to 20
BGNBD_FREQUENCIES = range(0, 21)


def bgnbd_cells(big_t: float) -> pd.DataFrame:
    """The cells of the BG/NBD explorer's matrix for data ending at age ``big_t``.

    Columns ``x`` (repeat purchases, 0 to 20) and ``tx`` (age at the last
    purchase, whole periods from 1 to ``floor(big_t)``). A customer with no
    repeat purchase has ``tx = 0``: her row has that one cell.
    """
    ages = np.arange(1, int(np.floor(big_t)) + 1, dtype=float)
    repeat = pd.MultiIndex.from_product(
        [BGNBD_FREQUENCIES[1:], ages], names=["x", "tx"]
    ).to_frame(index=False)
    once = pd.DataFrame({"x": [0], "tx": [0.0]})
    return pd.concat([once, repeat], ignore_index=True)


def bgnbd_explorer(
    r: float = 0.24,
    alpha: float = 4.4,
    a: float = 0.79,
    b: float = 2.43,
    *,
    T: float = 39.0,
) -> Explorer:
    """Sliders for the BG/NBD parameters against the probability alive (客户存活概率).

    Shows :func:`crmlab.clv.probability_alive` for every frequency ``x``
    (0 to 20 repeat purchases) and recency ``t_x`` (whole periods from 1 to
    ``T``) of a customer whose data end at age ``T``, as a heat map, for the
    parameters ``r``, ``α``, ``a`` and ``b`` on the sliders:
    ``P(alive) = 1 / (1 + a/(b + x - 1) ((α + T)/(α + t_x))^(r + x))`` for
    ``x > 0`` and 1 for ``x = 0``. The defaults are the CDNOW estimates in
    weeks (0.243, 4.414, 0.793, 2.426) on the sliders' grid.

    Parameters
    ----------
    r, alpha, a, b : float
        Starting parameters, positive and within the sliders: ``r`` in
        [0.01, 2] (steps of 0.01), ``alpha`` in [0.1, 20] (steps of 0.1),
        ``a`` in [0.01, 3] and ``b`` in [0.01, 5] (steps of 0.01). They are
        rounded to the slider's step.
    T : float, default=39.0
        The customers' age at the end of the data (fixed), at least 2 and at
        most 104 periods.

    Returns
    -------
    Explorer
        Controls ``Shape r``, ``Scale α``, ``Beta a`` and ``Beta b``; the
        title reads ``P(alive) with 5 repeat purchases, the last at 19:
        0.242; with 1: 0.588`` (two customers of the same recency).

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your
    customers" the easy way: an alternative to the Pareto/NBD model.
    Marketing Science, 24(2), 275-284.

    Examples
    --------
    >>> explorer = bgnbd_explorer()
    >>> [p["value"] for p in explorer.spec["params"][:4]]
    [0.24, 4.4, 0.79, 2.43]
    """
    alt = _altair()
    starts = {}
    for (name, _label, low, high, step), value in zip(
        BGNBD_SLIDERS, (r, alpha, a, b), strict=True
    ):
        number = as_number(name, value)
        if not low <= number <= high:
            raise ValueError(f"{name} must be in [{low:g}, {high:g}]; got {number:g}")
        starts[name] = round(round(number / step) * step, 10)
    big_t = as_number("T", T)
    if not 2 <= big_t <= 104:
        raise ValueError(f"T must be in [2, 104]; got {big_t:g}")
    params = [
        _range(alt, name, label, starts[name], low, high, step)
        for name, label, low, high, step in BGNBD_SLIDERS
    ]
    params.append(alt.param(name="big_t", value=big_t))
    middle = float(np.floor(big_t / 2))
    cells = bgnbd_cells(big_t)
    heat = (
        alt.Chart(cells)
        .transform_calculate(alive=formula("palive", x="datum.x", tx="datum.tx"))
        .mark_rect()
        .encode(
            x=alt.X(
                "tx:O",
                title="Recency t_x: age at the last purchase",
                axis=alt.Axis(labelAngle=0, values=list(range(0, int(big_t) + 1, 5))),
            ),
            y=alt.Y(
                "x:O",
                title="Frequency x: repeat purchases",
                sort="descending",
            ),
            color=alt.Color(
                "alive:Q",
                title="P(alive)",
                scale=alt.Scale(scheme="viridis", domain=[0, 1]),
            ),
            tooltip=[
                alt.Tooltip("x:O", title="frequency"),
                alt.Tooltip("tx:O", title="recency"),
                alt.Tooltip("alive:Q", title="P(alive)", format=".3f"),
            ],
        )
    )
    frequent = formula("palive", x="5", tx=f"{middle:g}")
    rare = formula("palive", x="1", tx=f"{middle:g}")
    title = alt.Title(
        text=alt.ExprRef(
            f"['P(alive) with 5 repeat purchases, the last at {middle:g}: ' + "
            f"format({frequent}, '.3f') + '; with 1: ' + format({rare}, '.3f'),"
            " 'r = ' + format(r, '.2f') + ', α = ' + format(alpha, '.1f')"
            " + ', a = ' + format(a, '.2f') + ', b = ' + format(b, '.2f')"
            f" + '; data end at age T = {big_t:g}']"
        ),
        anchor="start",
    )
    chart = heat.add_params(*params).properties(width=560, height=300, title=title)
    return Explorer(
        chart,
        "bgnbd",
        f"BG/NBD probability-alive explorer (r {starts['r']:g}, α {starts['alpha']:g},"
        f" a {starts['a']:g}, b {starts['b']:g}, T {big_t:g})",
    )


# --------------------------------------------------------------------------
# Chapter 4: weighted scores of segments
# --------------------------------------------------------------------------


def criterion_scores(
    criteria: pd.DataFrame,
    *,
    higher_is_better: Mapping | None = None,
    bounds: Mapping | None = None,
) -> pd.DataFrame:
    """Each criterion's own weighted score (0-100) per item, by crmlab.

    Column ``s<k>`` is :func:`crmlab.scoring.weighted_score` with all the
    weight on the k-th criterion. The score with weights ``w`` is their
    weighted mean (:data:`FORMULAS`, ``score5`` for five criteria).

    Examples
    --------
    >>> table = pd.DataFrame({"a": [1, 3], "b": [5, 1]}, index=["x", "y"])
    >>> criterion_scores(table, higher_is_better={"b": False})
         s0     s1
    x   0.0    0.0
    y  100.0  100.0
    """
    from crmlab.scoring import weighted_score

    columns = {}
    for k, name in enumerate(criteria.columns):
        weights = {other: float(other == name) for other in criteria.columns}
        columns[f"s{k}"] = weighted_score(
            criteria, weights, higher_is_better=higher_is_better, bounds=bounds
        )["score"].to_numpy()
    return pd.DataFrame(columns, index=criteria.index.copy())


def segment_score_explorer(
    criteria: pd.DataFrame,
    weights: Mapping,
    *,
    higher_is_better: Mapping | None = None,
    bounds: Mapping | None = None,
) -> Explorer:
    """Sliders for the weights of a five-criterion weighted score (加权评分法).

    One slider (0-50, steps of 5, in per cent) per criterion. The chart
    recomputes :func:`crmlab.scoring.weighted_score` as the weighted mean of
    each criterion's score (:func:`crmlab.viz.explorers.criterion_scores`), draws one bar per
    item, best first (equal scores keep the table's order, as crmlab
    ranks), and names the best item. Weights need not sum to 100; at least
    one must be positive (the chart says so when all are 0).

    Parameters
    ----------
    criteria : pandas.DataFrame
        Items x exactly five criteria, as for
        :func:`crmlab.scoring.weighted_score`.
    weights : mapping of str to float
        Starting weights per criterion; each is rounded to the sliders' grid
        (multiples of 5 per cent of the total).
    higher_is_better, bounds : mapping, default=None
        As for :func:`crmlab.scoring.weighted_score`.

    Returns
    -------
    Explorer
        One slider per criterion, labelled with the column's name; the
        title reads ``Best: <item> (83.3 of 100)``.

    References
    ----------
    The course's slide deck 客户关系的建立与维护 (the criteria of a good
    customer); the weighted score is this book's method.

    Examples
    --------
    >>> table = pd.DataFrame({c: [1, 2, 3] for c in "abcde"}, index=["x", "y", "z"])
    >>> explorer = segment_score_explorer(table, dict.fromkeys("abcde", 0.2))
    >>> [p["value"] for p in explorer.spec["params"][:5]]
    [20, 20, 20, 20, 20]
    """
    from crmlab.scoring import weighted_score

    alt = _altair()
    start = weighted_score(
        criteria, weights, higher_is_better=higher_is_better, bounds=bounds
    )  # checks every argument
    if criteria.shape[1] != 5:
        raise ValueError(
            "criteria must have exactly five columns for this explorer; "
            f"got {criteria.shape[1]}"
        )
    total = sum(float(weights[c]) for c in criteria.columns)
    percent = [int(5 * round(20 * float(weights[c]) / total)) for c in criteria.columns]
    scores = criterion_scores(
        criteria, higher_is_better=higher_is_better, bounds=bounds
    )
    scores.insert(0, "item", [str(key) for key in start.index])
    scores.insert(1, "order", np.arange(len(scores)))
    params = [
        _range(alt, f"w{k}", str(name), percent[k], 0, 50, 5)
        for k, name in enumerate(criteria.columns)
    ]
    weight_sum = " + ".join(f"w{k}" for k in range(5))
    scored = (
        alt.Chart(scores)
        .transform_filter(f"{weight_sum} > 0")
        .transform_calculate(
            score=formula("score5", **{f"s{k}": f"datum.s{k}" for k in range(5)})
        )
        .transform_calculate(score="round(datum.score * 1e9) / 1e9")
        .transform_window(
            rank="row_number()",
            sort=[{"field": "score", "order": "descending"}, {"field": "order"}],
        )
    )
    bars = scored.mark_bar(color=OKABE_ITO["blue"]).encode(
        x=alt.X(
            "score:Q", title="Weighted score (0-100)", scale=alt.Scale(domain=[0, 100])
        ),
        y=alt.Y("item:N", sort=alt.EncodingSortField("rank"), title=None),
    )
    labels = scored.mark_text(align="left", dx=4).encode(
        x="score:Q",
        y=alt.Y("item:N", sort=alt.EncodingSortField("rank")),
        text=alt.Text("score:Q", format=".1f"),
    )
    readout = (
        scored.transform_filter("datum.rank == 1")
        .transform_calculate(
            line="'Best: ' + datum.item + ' (' + format(datum.score, '.1f') + ' of 100)'"
        )
        .mark_text(align="left", fontSize=14, fontWeight="bold")
        .encode(x=alt.value(0), text="line:N")
        .properties(width=480, height=20)
    )
    message = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .transform_filter(f"{weight_sum} == 0")
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(
            x=alt.value(0),
            text=alt.value("Give at least one criterion a positive weight."),
        )
        .properties(width=480, height=20)
    )
    chart = alt.vconcat(
        message,
        readout,
        alt.layer(bars, labels).properties(width=420, height=30 * len(scores)),
        spacing=4,
    ).add_params(*params)
    return Explorer(chart, "segments", f"Weighted-score explorer ({len(scores)} items)")


# --------------------------------------------------------------------------
# Chapter 5: referral growth
# --------------------------------------------------------------------------


def referral_explorer(
    initial: int = 1,
    referrals_per_customer: float = 2.0,
    rounds: int = 12,
) -> Explorer:
    """A slider for the referral rate of chain referral (连锁介绍法).

    Shows :func:`crmlab.acquisition.referral_growth`: the new customers of
    each round ``a r^t`` (bars) and the customers referred so far (line),
    for the referral rate ``r`` on the slider (0-3, steps of 0.1), and the
    numbers of the last round in the title.

    Parameters
    ----------
    initial : int, default=1
        Customers at the start (at least 1).
    referrals_per_customer : float, default=2.0
        Starting referral rate, in [0, 3]; rounded to the slider's steps.
    rounds : int, default=12
        Rounds drawn (1 to 20).

    Returns
    -------
    Explorer
        Control ``Referral rate r``; the title reads
        ``Round 12: 4,096 new, 8,190 referred in all``.

    References
    ----------
    The course's slide deck 客户关系的建立与维护 (连锁介绍法); the model is
    this book's reading.

    Examples
    --------
    >>> explorer = referral_explorer()
    >>> explorer.spec["params"][0]["value"]
    2.0
    """
    from crmlab.acquisition import referral_growth

    alt = _altair()
    referral_growth(initial, referrals_per_customer, rounds)  # checks the arguments
    a = int(initial)
    r = round(check_rate("referrals_per_customer", referrals_per_customer, high=3), 1)
    if not 1 <= int(rounds) <= 20:
        raise ValueError(f"rounds must be in [1, 20]; got {rounds}")
    params = [
        _range(alt, "r", "Referral rate r", r, 0, 3, 0.1),
        alt.param(name="a", value=a),
    ]
    grid = pd.DataFrame({"t": np.arange(int(rounds) + 1)})
    rounds_ = (
        alt.Chart(grid)
        .transform_calculate(new=formula("referral", t="datum.t"))
        .transform_calculate(counted="datum.t > 0 ? datum.new : 0")
        .transform_window(referred="sum(counted)", sort=[{"field": "t"}])
    )
    bars = rounds_.mark_bar(color=OKABE_ITO["blue"]).encode(
        x=alt.X("t:O", title="Round of referral"),
        y=alt.Y("new:Q", title="Customers"),
    )
    line = rounds_.mark_line(color="black", point=True).encode(x="t:O", y="referred:Q")
    last = int(rounds)
    readout = (
        rounds_.transform_filter(f"datum.t == {last}")
        .transform_calculate(
            line=f"'Round {last}: ' + format(datum.new, ',.0f') + ' new, '"
            " + format(datum.referred, ',.0f') + ' referred in all'"
        )
        .mark_text(align="left", fontSize=14, fontWeight="bold")
        .encode(x=alt.value(0), text="line:N")
        .properties(width=520, height=20)
    )
    chart = alt.vconcat(
        readout,
        alt.layer(bars, line).properties(width=520, height=260),
        spacing=4,
    ).add_params(*params)
    return Explorer(chart, "referral", f"Referral explorer (r = {r:g})")


# --------------------------------------------------------------------------
# Chapter 12: the credit period
# --------------------------------------------------------------------------

#: the grids of the credit-period explorer's controls: the credit period in
#: days, the cost of capital and the variable cost ratio
CREDIT_PERIODS = tuple(range(0, 121, 15))
CREDIT_CAPITAL_COSTS = tuple(round(0.04 + 0.02 * k, 2) for k in range(9))
CREDIT_COST_RATIOS = tuple(round(0.4 + 0.1 * k, 1) for k in range(5))


def credit_period_grid() -> pd.DataFrame:
    """:func:`crmlab.credit.credit_period_analysis` at every setting of the explorer.

    The candidates are :func:`crmlab.credit.credit_period_scenarios` at
    ``CREDIT_PERIODS`` with its defaults (the chapter's example, the book's
    own numbers); one row per period, cost of capital in
    ``CREDIT_CAPITAL_COSTS`` and variable cost ratio in
    ``CREDIT_COST_RATIOS``, with the analysis' columns and ``sales_gained``
    (sales minus the sales at period 0, cash terms).

    Examples
    --------
    >>> grid = credit_period_grid()
    >>> len(grid), float(grid["sales_gained"].max())
    (405, 468.75)
    """
    from crmlab.credit import credit_period_analysis, credit_period_scenarios

    candidates = credit_period_scenarios(list(CREDIT_PERIODS))
    frames = []
    for k in CREDIT_CAPITAL_COSTS:
        for v in CREDIT_COST_RATIOS:
            table = credit_period_analysis(
                candidates, variable_cost_ratio=v, cost_of_capital=k
            ).reset_index()
            frames.append(table.assign(cost_of_capital=k, variable_cost_ratio=v))
    grid = pd.concat(frames, ignore_index=True)
    grid["sales_gained"] = grid["sales"] - float(candidates["sales"].iloc[0])
    return grid


def _on_grid(name: str, value: object, grid: tuple) -> float:
    number = as_number(name, value)
    if not np.isclose(grid, number).any():
        raise ValueError(
            f"{name} must be on the explorer's grid, from {grid[0]:g} to "
            f"{grid[-1]:g} in steps of {grid[1] - grid[0]:g}; got {number:g}"
        )
    return number


def credit_period_explorer(
    *,
    period: int = 30,
    cost_of_capital: float = 0.12,
    variable_cost_ratio: float = 0.6,
) -> Explorer:
    """Sliders for the credit period (信用期限) and what it costs.

    Move the credit period, the cost of capital and the variable cost ratio.
    The lines show, for every period, the sales gained over cash terms, the
    receivables and the expected bad debt; the readout gives them and the
    net benefit at the chosen period, all from
    :func:`crmlab.credit.credit_period_analysis` computed on the whole grid
    by :func:`crmlab.viz.explorers.credit_period_grid` (the chart only looks
    them up).

    Parameters
    ----------
    period : int, default=30
        Starting credit period in days, on ``CREDIT_PERIODS`` (0 to 120 by 15).
    cost_of_capital : float, default=0.12
        Starting cost of capital, on ``CREDIT_CAPITAL_COSTS`` (0.04 to 0.20).
    variable_cost_ratio : float, default=0.6
        Starting variable cost ratio, on ``CREDIT_COST_RATIOS`` (0.4 to 0.8).

    Returns
    -------
    Explorer
        Controls ``Credit period (days)``, ``Cost of capital`` and
        ``Variable cost ratio``; the readout reads ``Period 30 days: sales
        gained 250.00, receivables 104.17, bad debt 25.00`` and ``net benefit
        467.50 (best: 60 days)``.

    Examples
    --------
    >>> explorer = credit_period_explorer()
    >>> [p["value"] for p in explorer.spec["params"][:3]]
    [30, 0.12, 0.6]
    """
    alt = _altair()
    start = int(_on_grid("period", period, CREDIT_PERIODS))
    k = _on_grid("cost_of_capital", cost_of_capital, CREDIT_CAPITAL_COSTS)
    v = _on_grid("variable_cost_ratio", variable_cost_ratio, CREDIT_COST_RATIOS)
    grid = credit_period_grid()
    best = grid.loc[
        grid.groupby(["cost_of_capital", "variable_cost_ratio"])[
            "net_benefit"
        ].idxmax(),
        ["cost_of_capital", "variable_cost_ratio", "period"],
    ].rename(columns={"period": "best"})
    grid = grid.merge(best, on=["cost_of_capital", "variable_cost_ratio"])
    params = [
        _range(alt, "t", "Credit period (days)", start, 0, 120, 15),
        _range(alt, "k", "Cost of capital", k, 0.04, 0.2, 0.02),
        _range(alt, "v", "Variable cost ratio", v, 0.4, 0.8, 0.1),
    ]
    chosen = (
        "abs(datum.cost_of_capital - k) < 1e-9"
        " && abs(datum.variable_cost_ratio - v) < 1e-9"
    )
    labels = {
        "sales_gained": "sales gained",
        "receivables": "receivables",
        "bad_debt": "expected bad debt",
    }
    lines = (
        alt.Chart(grid)
        .transform_filter(chosen)
        .transform_fold(list(labels), as_=["measure", "amount"])
        .transform_calculate(
            measure="{'sales_gained': 'sales gained', 'receivables': 'receivables',"
            " 'bad_debt': 'expected bad debt'}[datum.measure]"
        )
        .mark_line(point=True)
        .encode(
            x=alt.X("period:Q", title="Credit period (days)"),
            y=alt.Y("amount:Q", title="Yuan a year (thousands)"),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(
                    domain=list(labels.values()),
                    range=[
                        OKABE_ITO["blue"],
                        OKABE_ITO["orange"],
                        OKABE_ITO["vermillion"],
                    ],
                ),
            ),
            tooltip=["period:Q", "measure:N", alt.Tooltip("amount:Q", format=",.2f")],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .transform_calculate(at="t")
        .mark_rule(color="black", strokeDash=[4, 3])
        .encode(x="at:Q")
    )
    readout = (
        alt.Chart(grid)
        .transform_filter(chosen + " && datum.period == t")
        .transform_calculate(
            first="'Period ' + datum.period + ' days: sales gained '"
            " + format(datum.sales_gained, ',.2f') + ', receivables '"
            " + format(datum.receivables, ',.2f') + ', bad debt '"
            " + format(datum.bad_debt, ',.2f')",
            second="'net benefit ' + format(datum.net_benefit, ',.2f')"
            " + ' (best: ' + datum.best + ' days)'",
        )
        .transform_fold(["first", "second"], as_=["line", "text"])
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.Y("line:N", axis=None, title=None), text="text:N")
        .properties(width=540, height=40)
    )
    chart = alt.vconcat(
        readout, alt.layer(lines, rule).properties(width=540, height=240), spacing=4
    ).add_params(*params)
    return Explorer(
        chart,
        "credit_period",
        f"Credit-period explorer ({start} days, k {k:.0%}, v {v:.0%})",
    )


__all__ += ["credit_period_explorer", "credit_period_grid"]


# --------------------------------------------------------------------------
# Chapter 8: the service-level target of complaint handling
# --------------------------------------------------------------------------

#: the grid of the service explorer's slider: resolution targets in hours
SLA_HOURS = tuple(float(h) for h in range(12, 97, 12))
#: the groupings of the service explorer's radio buttons
SERVICE_GROUPS = ("channel", "grade")


def _service_lines(table: pd.DataFrame, overall: pd.Series, by: str, sla: float):
    worst = table["sla_breach_share"].idxmax()
    best = table["sla_breach_share"].idxmin()
    first = (
        f"Target {sla:g} h: {overall['sla_breach_share']:.1%} of complaints breach it,"
        f" {overall['resolution_rate']:.1%} resolved"
    )
    second = (
        f"Worst {by}: {worst} {table.at[worst, 'sla_breach_share']:.1%};"
        f" best: {best} {table.at[best, 'sla_breach_share']:.1%}"
    )
    return first, second


def complaint_grid(log: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`crmlab.service.complaint_metrics` at every setting of the service explorer.

    Returns ``(groups, summary)``: ``groups`` has one row per target in
    ``SLA_HOURS``, grouping in ``SERVICE_GROUPS`` and group, with the
    metrics; ``summary`` one row per target and grouping with the two
    readout lines ``first`` and ``second`` (overall breach share and
    resolution rate; the worst and best group).
    """
    from crmlab.service import complaint_metrics

    groups, summary = [], []
    for sla in SLA_HOURS:
        overall = complaint_metrics(log, sla=sla).loc["all"]
        for by in SERVICE_GROUPS:
            table = complaint_metrics(log, by=by, sla=sla)
            first, second = _service_lines(table, overall, by, sla)
            summary.append({"by": by, "sla": sla, "first": first, "second": second})
            rows = table.reset_index().rename(columns={by: "group"})
            groups.append(rows.assign(by=by, sla=sla))
    groups = pd.concat(groups, ignore_index=True)
    groups["group"] = groups["group"].astype(str)
    return groups, pd.DataFrame(summary)


def service_explorer(
    log: pd.DataFrame, *, sla: float = 48.0, by: str = "channel"
) -> Explorer:
    """A slider for the service-level target (服务时限) of complaint handling.

    Move the resolution target in hours and choose to compare channels or
    customer grades: the bars show each group's share of complaints that
    breach the target, the readout the overall breach share and resolution
    rate and the worst and best group. All numbers are
    :func:`crmlab.service.complaint_metrics`, computed on the whole grid by
    :func:`crmlab.viz.explorers.complaint_grid`; the chart only looks them up.

    Parameters
    ----------
    log : pandas.DataFrame, no default
        A complaint log with ``channel`` and ``grade`` columns, as
        :func:`crmlab.datasets.make_complaint_log` makes.
    sla : float, default=48.0
        Starting target in hours, on the grid ``SLA_HOURS`` (12 to 96 by 12).
    by : {"channel", "grade"}, default="channel"
        Starting grouping.

    Returns
    -------
    Explorer
        Controls ``Target (hours)`` and ``Compare``; the readout reads
        ``Target 48 h: 35.2% of complaints breach it, 97.0% resolved``.

    Examples
    --------
    >>> from crmlab.datasets import make_complaint_log
    >>> explorer = service_explorer(make_complaint_log(60, seed=3), sla=24)
    >>> [p["value"] for p in explorer.spec["params"][:2]]
    [24.0, 'channel']
    """
    alt = _altair()
    number = as_number("sla", sla)
    if not np.isclose(SLA_HOURS, number).any():
        raise ValueError(
            f"sla must be on the explorer's grid, {SLA_HOURS[0]:g} to "
            f"{SLA_HOURS[-1]:g} hours by 12; got {number:g}"
        )
    check_option("by", by, SERVICE_GROUPS)
    groups, summary = complaint_grid(log)
    params = [
        _range(alt, "sla", "Target (hours)", float(number), 12, 96, 12),
        alt.param(
            name="grp",
            value=by,
            bind=alt.binding_radio(options=list(SERVICE_GROUPS), name="Compare "),
        ),
    ]
    chosen = "datum.by == grp && abs(datum.sla - sla) < 1e-9"
    bars = (
        alt.Chart(groups)
        .transform_filter(chosen)
        .mark_bar(color=OKABE_ITO["blue"])
        .encode(
            x=alt.X("group:N", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "sla_breach_share:Q",
                title="Share breaching the target",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=[
                "group:N",
                "complaints:Q",
                alt.Tooltip("sla_breach_share:Q", format=".1%"),
                alt.Tooltip("resolution_median_h:Q", format=".1f"),
            ],
        )
    )
    readout = (
        alt.Chart(summary)
        .transform_filter(chosen)
        .transform_fold(["first", "second"], as_=["line", "text"])
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.Y("line:N", axis=None, title=None), text="text:N")
        .properties(width=560, height=40)
    )
    chart = alt.vconcat(
        readout, bars.properties(width=560, height=220), spacing=4
    ).add_params(*params)
    return Explorer(chart, "service", f"Service-level explorer ({number:g} h, {by})")


# --------------------------------------------------------------------------
# Chapter 14: the capstone's win-back budget
# --------------------------------------------------------------------------

#: the contact costs (yuan per customer) and budgets (yuan) the sliders offer
WINBACK_COSTS = range(1_000, 10_001, 1_000)
WINBACK_BUDGETS = range(0, 100_001, 10_000)


def _candidates(candidates: object) -> pd.DataFrame:
    from crmlab._validation import check_frame

    frame = check_frame(
        "candidates", candidates, ["winback_probability", "regained_value"]
    )
    if len(frame) > 40:
        raise ValueError(f"candidates must hold at most 40 customers; got {len(frame)}")
    return frame


def winback_plans(candidates: pd.DataFrame) -> str:
    """crmlab's contact decision for every candidate at every setting, as one string.

    Settings run over the contact costs (``WINBACK_COSTS``), then the
    budgets (``WINBACK_BUDGETS``); each contributes one character per
    candidate, in the frame's order: ``1`` to contact, ``0`` not, as
    :func:`crmlab.loyalty.winback_value` decides with that budget.
    """
    from crmlab.loyalty import winback_value

    frame = _candidates(candidates)
    parts = []
    for cost in WINBACK_COSTS:
        for budget in WINBACK_BUDGETS:
            plan = winback_value(
                frame["winback_probability"],
                frame["regained_value"],
                float(cost),
                budget=float(budget),
            )
            parts.append("".join("1" if c else "0" for c in plan["contact"]))
    return "".join(parts)


def _grid_value(name: str, value: object, grid: range) -> float:
    number = as_number(name, value)
    if number not in grid:
        raise ValueError(
            f"{name} must be one of {grid.start:,} to {grid.stop - 1:,} in steps of "
            f"{grid.step:,}; got {number:g}"
        )
    return number


def winback_budget_explorer(
    candidates: pd.DataFrame, *, budget: float = 50_000, cost: float = 5_000
) -> Explorer:
    """Sliders for a win-back campaign's budget and cost per customer (客户挽回预算).

    Each candidate's expected value ``p V - c``
    (:func:`crmlab.loyalty.winback_value`) is drawn as a bar; the bars of the
    customers the campaign contacts are green. Which ones it contacts is
    crmlab's decision with that budget, computed here for every setting
    (:func:`winback_plans`): the best expected values first, while the
    budget lasts.

    Parameters
    ----------
    candidates : pandas.DataFrame, no default
        One row per customer (at most 40), indexed by customer, with the
        columns ``winback_probability`` (in [0, 1]) and ``regained_value``
        (yuan, non-negative).
    budget : float, default=50_000
        Starting budget in yuan, one of ``WINBACK_BUDGETS`` (0 to
        100 000 in steps of 10 000).
    cost : float, default=5_000
        Starting cost of one attempt in yuan, one of ``WINBACK_COSTS``
        (1 000 to 10 000 in steps of 1 000).

    Returns
    -------
    Explorer
        Controls ``Budget`` and ``Cost per customer``; the first line of the
        title reads ``Budget 50,000 yuan at 5,000 a customer: contact 10 of
        14 customers``, the second ``Expected value of the campaign 123,456
        yuan``.

    References
    ----------
    The rule ``p × V − c`` and the budget are this book's, as in
    :func:`crmlab.loyalty.winback_value`.

    Examples
    --------
    >>> frame = pd.DataFrame({"winback_probability": [0.3, 0.2],
    ...                       "regained_value": [90_000.0, 40_000.0]},
    ...                      index=["a", "b"])
    >>> explorer = winback_budget_explorer(frame, budget=10_000, cost=5_000)
    >>> [p["name"] for p in explorer.spec["params"]][:2]
    ['budget', 'cost']
    """
    from crmlab.loyalty import winback_value

    alt = _altair()
    frame = _candidates(candidates)
    budget = _grid_value("budget", budget, WINBACK_BUDGETS)
    cost = _grid_value("cost", cost, WINBACK_COSTS)
    winback_value(frame["winback_probability"], frame["regained_value"], cost)
    n = len(frame)
    rows = pd.DataFrame(
        {
            "customer": [str(key) for key in frame.index],
            "i": np.arange(n),
            "p": frame["winback_probability"].to_numpy(dtype=float),
            "v": frame["regained_value"].to_numpy(dtype=float),
        }
    )
    params = [
        _range(
            alt,
            "budget",
            "Budget",
            budget,
            0,
            WINBACK_BUDGETS[-1],
            WINBACK_BUDGETS.step,
        ),
        _range(
            alt,
            "cost",
            "Cost per customer",
            cost,
            WINBACK_COSTS[0],
            WINBACK_COSTS[-1],
            WINBACK_COSTS.step,
        ),
        alt.param(name="plans", value=winback_plans(frame)),
        alt.param(
            name="plan_at",
            expr=f"(round(cost / {WINBACK_COSTS.step}) - 1) * {len(WINBACK_BUDGETS)}"
            f" + round(budget / {WINBACK_BUDGETS.step})",
        ),
    ]
    decided = alt.Chart(rows).transform_calculate(
        ev=formula("winback", p="datum.p", v="datum.v", c="cost"),
        chosen=f"substring(plans, plan_at * {n} + datum.i, plan_at * {n} + datum.i"
        " + 1) == '1'",
    )
    bars = (
        decided.mark_bar()
        .encode(
            y=alt.Y("customer:N", sort=None, title=None),
            x=alt.X(
                "ev:Q",
                title="Expected value p V - c (yuan)",
                axis=alt.Axis(format=",.0f"),
            ),
            color=alt.Color(
                "chosen:N",
                scale=alt.Scale(
                    domain=[True, False], range=[OKABE_ITO["green"], OKABE_ITO["grey"]]
                ),
                legend=None,
            ),
            tooltip=[
                "customer:N",
                alt.Tooltip("p:Q", format=".0%"),
                alt.Tooltip("v:Q", format=",.0f"),
                alt.Tooltip("ev:Q", format=",.0f"),
            ],
        )
        .properties(width=520, height=max(120, 18 * n))
    )
    readout = (
        decided.transform_calculate(
            won="datum.chosen ? datum.ev : 0", one="datum.chosen ? 1 : 0"
        )
        .transform_aggregate(contacted="sum(one)", value="sum(won)")
        .transform_calculate(
            first="'Budget ' + format(budget, ',.0f') + ' yuan at '"
            " + format(cost, ',.0f') + ' a customer: contact ' + datum.contacted"
            f" + ' of {n} customers'",
            second="'Expected value of the campaign '"
            " + format(datum.value, ',.0f') + ' yuan'",
        )
        .transform_fold(["first", "second"], as_=["line", "text"])
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.Y("line:N", axis=None), text="text:N")
        .properties(width=520, height=40)
    )
    chart = alt.vconcat(readout, bars, spacing=4).add_params(*params)
    return Explorer(
        chart,
        "winback_budget",
        f"Win-back budget explorer ({n} customers, budget {budget:,.0f}, "
        f"cost {cost:,.0f})",
    )
