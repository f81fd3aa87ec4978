"""Tests of the explorer of chapter 12 (the credit period).

Without a browser: the spec's starting values, the precomputed grid against
crmlab on every setting, and bad input. ``tests/test_browser.py`` moves its
controls on the built page.
"""

from __future__ import annotations

import pytest

pytest.importorskip("altair", reason="install the book extra")

from crmlab.credit import credit_period_analysis, credit_period_scenarios  # noqa: E402
from crmlab.viz import credit as viz_credit  # noqa: E402
from crmlab.viz import explorers  # noqa: E402
from crmlab.viz.explorers import (  # noqa: E402
    CREDIT_CAPITAL_COSTS,
    CREDIT_COST_RATIOS,
    CREDIT_PERIODS,
    credit_period_explorer,
    credit_period_grid,
)


def params(explorer) -> dict:
    return {p["name"]: p for p in explorer.spec["params"] if "name" in p}


def test_the_chapter_module_re_exports_its_explorer():
    assert viz_credit.credit_period_explorer is explorers.credit_period_explorer


def test_the_grid_holds_credit_period_analysis_at_every_setting():
    grid = credit_period_grid()
    assert len(grid) == len(CREDIT_PERIODS) * len(CREDIT_CAPITAL_COSTS) * len(
        CREDIT_COST_RATIOS
    )
    candidates = credit_period_scenarios(list(CREDIT_PERIODS))
    for k in CREDIT_CAPITAL_COSTS:
        for v in CREDIT_COST_RATIOS:
            expected = credit_period_analysis(
                candidates, variable_cost_ratio=v, cost_of_capital=k
            )
            rows = grid[(grid.cost_of_capital == k) & (grid.variable_cost_ratio == v)]
            for row in rows.itertuples():
                want = expected.loc[row.period]
                assert row.net_benefit == pytest.approx(want["net_benefit"])
                assert row.receivables == pytest.approx(want["receivables"])
                assert row.bad_debt == pytest.approx(want["bad_debt"])
                assert row.sales_gained == pytest.approx(
                    want["sales"] - expected.loc[0, "sales"]
                )


def test_the_explorer_starts_at_the_chapters_example():
    explorer = credit_period_explorer()
    bound = params(explorer)
    assert [bound[n]["value"] for n in ("t", "k", "v")] == [30, 0.12, 0.6]
    assert [bound[n]["bind"]["name"] for n in ("t", "k", "v")] == [
        "Credit period (days) ",
        "Cost of capital ",
        "Variable cost ratio ",
    ]
    slider = bound["t"]["bind"]
    assert (slider["min"], slider["max"], slider["step"]) == (0, 120, 15)
    assert explorer.name == "credit_period"
    assert "crm-explorer" in explorer.to_html()


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"period": 20}, ValueError, "period must be on the explorer's grid"),
        ({"cost_of_capital": 0.25}, ValueError, "cost_of_capital must be on"),
        ({"variable_cost_ratio": 0.45}, ValueError, "variable_cost_ratio must be on"),
        ({"period": "30"}, TypeError, "period must be a real number"),
    ],
)
def test_the_explorer_rejects_starting_values_off_its_grid(options, error, message):
    with pytest.raises(error, match=message):
        credit_period_explorer(**options)
