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

from crmlab._validation import as_number, check_option, check_rate
from crmlab.viz._common import OKABE_ITO

__all__ = [
    "Explorer",
    "FORMULAS",
    "abc_explorer",
    "abc_grid",
    "criterion_scores",
    "kano_explorer",
    "loyalty_index_explorer",
    "loyalty_scores",
    "referral_explorer",
    "retention_explorer",
    "segment_score_explorer",
    "winback_explorer",
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
