"""Tests of crmlab.viz.explorers without a browser: specs, grids, bad input.

The browser tests (``tests/test_browser.py``) draw the explorers on the
built pages, move their controls, and check them against crmlab on their
whole grid.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("altair", reason="install the book extra")

from crmlab.classify import abc_classify  # noqa: E402
from crmlab.datasets import (  # noqa: E402
    BOUNDS,
    DEFAULT_WEIGHTS,
    HIGHER_IS_BETTER,
    MEASURES,
    load_distributors,  # noqa: E402
    make_loyalty_survey,
)
from crmlab.loyalty import loyalty_index  # noqa: E402
from crmlab.viz import explorers  # noqa: E402
from crmlab.viz.explorers import (  # noqa: E402
    ABC_A,
    ABC_B,
    ABC_RULES,
    VEGALITE_MIME,
    abc_explorer,
    abc_grid,
    bgnbd_cells,
    bgnbd_explorer,
    kano_explorer,
    loyalty_index_explorer,
    loyalty_scores,
    retention_explorer,
    winback_explorer,
)


def params(explorer) -> dict:
    return {p["name"]: p for p in explorer.spec["params"]}


def test_each_chapter_module_re_exports_its_explorer():
    from crmlab.viz import churn, classify, loyalty, satisfaction, value

    assert value.retention_explorer is explorers.retention_explorer
    assert classify.abc_explorer is explorers.abc_explorer
    assert satisfaction.kano_explorer is explorers.kano_explorer
    assert loyalty.loyalty_index_explorer is explorers.loyalty_index_explorer
    assert churn.winback_explorer is explorers.winback_explorer


@pytest.mark.parametrize(
    "make",
    [
        retention_explorer,
        lambda: abc_explorer(load_distributors()),
        kano_explorer,
        loyalty_index_explorer,
        winback_explorer,
        bgnbd_explorer,
    ],
)
def test_an_explorer_shows_as_vega_lite_for_jupyter_and_as_html_for_the_book(make):
    bundle = make()._repr_mimebundle_()
    assert set(bundle) == {VEGALITE_MIME, "text/html", "text/plain"}
    assert bundle[VEGALITE_MIME]["$schema"].endswith("/v5.20.1.json")
    html = bundle["text/html"]
    assert html.startswith('<div class="crm-explorer"')
    start = html.index('class="crm-explorer-spec">') + len('class="crm-explorer-spec">')
    spec_text = html[start : html.index("</script>")]
    assert json.loads(spec_text.replace("<\\/", "</")) == bundle[VEGALITE_MIME]
    # every control is bound to an input; nothing is loaded from a URL
    assert all(
        "url" not in json.dumps(d) for d in bundle[VEGALITE_MIME]["datasets"].values()
    )
    assert any("bind" in p for p in bundle[VEGALITE_MIME]["params"])


def test_retention_explorer_starts_at_the_given_values():
    p = params(retention_explorer(200, 0.9, 0.05, timing="start"))
    assert [p[k]["value"] for k in ("m", "r", "d", "timing")] == [
        200,
        0.9,
        0.05,
        "start",
    ]
    assert p["m"]["bind"]["max"] == 500
    assert params(retention_explorer(400))["m"]["bind"]["max"] == 800


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"margin": -1}, ValueError, "margin must be non-negative"),
        ({"margin": "100"}, TypeError, "margin must be a real number"),
        ({"retention": 1.0}, ValueError, r"retention must be in \[0, 0.99\]"),
        ({"discount_rate": 0.5}, ValueError, r"discount_rate must be in \[0, 0.3\]"),
        ({"discount_rate": float("nan")}, ValueError, "finite"),
        ({"timing": "soon"}, ValueError, "timing must be one of"),
    ],
)
def test_retention_explorer_rejects_bad_starting_values(options, error, match):
    with pytest.raises(error, match=match):
        retention_explorer(**options)


def test_abc_grid_holds_crmlab_classes_at_every_setting_of_the_sliders():
    sales = load_distributors()
    grid = abc_grid(sales)
    n = len(sales)
    assert len(grid) == len(ABC_A) * len(ABC_B) * len(ABC_RULES) * n
    at = 0
    for a in ABC_A:
        for b in ABC_B:
            for rule in ABC_RULES:
                classes = grid[at * n : (at + 1) * n]
                if a >= b:
                    assert classes == "-" * n
                else:
                    table = abc_classify(sales, cutoffs=(a / 100, b / 100), rule=rule)
                    assert classes == "".join(table["class"])
                at += 1


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"cutoffs": (0.95, 0.8)}, "A below B"),
        ({"cutoffs": (0.4, 0.8)}, r"A in \[0.5, 0.9\]"),
        ({"cutoffs": (0.8,)}, "two numbers"),
        ({"rule": "round"}, "rule must be one of"),
    ],
)
def test_abc_explorer_rejects_bad_starting_values(options, match):
    with pytest.raises(ValueError, match=match):
        abc_explorer(load_distributors(), **options)


def test_kano_explorer_starts_at_the_given_answers():
    p = params(kano_explorer(3, 5))
    assert [p["fa"]["value"], p["da"]["value"]] == [3, 5]


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((6, 5), ValueError, "functional must be a Kano answer code 1-5"),
        ((1, 0), ValueError, "dysfunctional must be a Kano answer code 1-5"),
        (("1", 5), TypeError, "functional must be a Kano answer code"),
    ],
)
def test_kano_explorer_rejects_bad_starting_answers(args, error, match):
    with pytest.raises(error, match=match):
        kano_explorer(*args)


@settings(max_examples=50, deadline=None)
@given(weights=st.lists(st.integers(0, 10), min_size=7, max_size=7).filter(any))
def test_the_weighted_mean_of_each_measures_index_is_crmlabs_loyalty_index(weights):
    # the chart computes sum(w_k s_k) / sum(w_k) from loyalty_scores; this is
    # crmlab's index for every weight vector on the sliders' grid (steps of 5)
    survey = make_loyalty_survey()
    w = np.array(weights, dtype=float) * 5
    scores = loyalty_scores(survey).to_numpy()
    expected = loyalty_index(
        survey[list(MEASURES)],
        weights=dict(zip(MEASURES, w, strict=True)),
        higher_is_better=HIGHER_IS_BETTER,
        bounds=BOUNDS,
    )
    np.testing.assert_allclose(scores @ w / w.sum(), expected, rtol=1e-12)


def test_loyalty_explorer_starts_at_the_chapters_weights():
    p = params(loyalty_index_explorer())
    assert [p[f"w{k}"]["value"] for k in range(7)] == list(DEFAULT_WEIGHTS.values())


def test_loyalty_explorer_rejects_bad_starting_weights():
    with pytest.raises(ValueError):
        loyalty_index_explorer(weights={"repeat_purchases": 1})


def test_winback_explorer_sliders_reach_twice_the_starting_values():
    p = params(winback_explorer(0.3, 800, 150))
    assert [p[k]["bind"]["max"] for k in ("p", "v", "c")] == [1, 1600, 300]


@pytest.mark.parametrize(
    ("args", "error"),
    [((-0.1,), ValueError), ((0.3, -1), ValueError), ((0.3, 400, "x"), TypeError)],
)
def test_winback_explorer_rejects_bad_starting_values(args, error):
    with pytest.raises(error):
        winback_explorer(*args)


def test_formula_renames_only_whole_identifiers():
    assert explorers.formula("winback", p="datum.x") == "datum.x * v - c"
    assert "pow(" in explorers.formula("present", t="datum.t")


def test_explorer_html_never_closes_its_script_early():
    chart = retention_explorer().chart
    chart = chart.properties(description="</script><b>")
    html = explorers.Explorer(chart, "x", "x").to_html()
    assert html.count("</script>") == 1


def test_series_values_work_like_a_mapping():
    values = {"a": 50, "b": 20, "c": 15, "d": 10, "e": 5}
    one = abc_explorer(values).spec
    two = abc_explorer(pd.Series(values)).spec
    assert one == two


def test_bgnbd_explorer_starts_at_the_given_values_on_the_sliders_grid():
    p = params(bgnbd_explorer(0.243, 4.414, 0.793, 2.426, T=30))
    assert [p[k]["value"] for k in ("r", "alpha", "a", "b", "big_t")] == [
        0.24,
        4.4,
        0.79,
        2.43,
        30.0,
    ]
    assert [p[k]["bind"]["name"] for k in ("r", "alpha", "a", "b")] == [
        "Shape r ",
        "Scale α ",
        "Beta a ",
        "Beta b ",
    ]
    assert all("step" in p[k]["bind"] for k in ("r", "alpha", "a", "b"))


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"r": 0}, ValueError, r"r must be in \[0.01, 2\]"),
        ({"alpha": 25}, ValueError, r"alpha must be in \[0.1, 20\]"),
        ({"a": float("nan")}, ValueError, "finite"),
        ({"b": "2"}, TypeError, "b must be a real number"),
        ({"T": 1}, ValueError, r"T must be in \[2, 104\]"),
    ],
)
def test_bgnbd_explorer_rejects_bad_starting_values(options, error, match):
    with pytest.raises(error, match=match):
        bgnbd_explorer(**options)


def test_bgnbd_cells_are_the_possible_frequency_recency_pairs():
    cells = bgnbd_cells(39.0)
    assert len(cells) == 1 + 20 * 39
    assert cells.loc[cells["x"] == 0, "tx"].tolist() == [0.0]
    assert cells["tx"].max() == 39 and cells["x"].max() == 20
    assert (cells.loc[cells["x"] > 0, "tx"] >= 1).all()


def test_bgnbd_formula_in_python_equals_crmlab_probability_alive():
    # the Vega formula read as Python (pow -> **, ?: -> where) on the default state;
    # tests/test_browser.py runs the formula itself in the book's Vega
    from crmlab.clv import probability_alive

    cells = bgnbd_cells(39.0)
    r, alpha, a, b = 0.24, 4.4, 0.79, 2.43
    x, tx = cells["x"].to_numpy(), cells["tx"].to_numpy()
    with np.errstate(divide="ignore"):
        by_hand = np.where(
            x == 0,
            1.0,
            1 / (1 + a / (b + x - 1) * ((alpha + 39) / (alpha + tx)) ** (r + x)),
        )
    summary = pd.DataFrame({"frequency": x, "recency": tx, "T": 39.0})
    expected = probability_alive({"r": r, "alpha": alpha, "a": a, "b": b}, summary)
    np.testing.assert_allclose(by_hand, expected, rtol=1e-12)
    assert "pow(" in explorers.FORMULAS["palive"]
