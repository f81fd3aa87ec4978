"""The capstone's win-back budget explorer: starting values, bad input, crmlab's plans."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab.loyalty import winback_value
from crmlab.viz.capstone import (
    WINBACK_BUDGETS,
    WINBACK_COSTS,
    winback_budget_explorer,
    winback_plans,
)


@pytest.fixture
def candidates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "winback_probability": [0.3, 0.12, 0.25, 0.05, 0.4],
            "regained_value": [90_000.0, 60_000.0, 30_000.0, 50_000.0, 8_000.0],
        },
        index=pd.Index(["C01", "C02", "C03", "C04", "C05"], name="customer_id"),
    )


def params(explorer) -> dict:
    return {p["name"]: p for p in explorer.spec["params"]}


def test_the_explorer_starts_at_the_given_budget_and_cost(candidates):
    explorer = winback_budget_explorer(candidates, budget=20_000, cost=4_000)
    found = params(explorer)
    assert found["budget"]["value"] == 20_000
    assert found["cost"]["value"] == 4_000
    assert found["budget"]["bind"]["step"] == WINBACK_BUDGETS.step
    assert found["cost"]["bind"]["min"] == WINBACK_COSTS[0]
    assert "5 customers" in repr(explorer)


def test_the_plans_equal_crmlabs_decision_at_every_setting(candidates):
    plans = winback_plans(candidates)
    n = len(candidates)
    assert len(plans) == n * len(WINBACK_COSTS) * len(WINBACK_BUDGETS)
    at = 0
    for cost in WINBACK_COSTS:
        for budget in WINBACK_BUDGETS:
            table = winback_value(
                candidates["winback_probability"],
                candidates["regained_value"],
                float(cost),
                budget=float(budget),
            )
            chosen = np.array([c == "1" for c in plans[at * n : (at + 1) * n]])
            assert np.array_equal(chosen, table["contact"].to_numpy()), (cost, budget)
            at += 1


def test_the_explorer_looks_up_the_setting_where_the_plans_put_it(candidates):
    expr = params(winback_budget_explorer(candidates))["plan_at"]["expr"]
    for i, cost in enumerate(WINBACK_COSTS):
        for j, budget in enumerate(WINBACK_BUDGETS):
            code = expr.replace("round", "").replace("cost", str(cost))
            code = code.replace("budget", str(budget))
            assert eval(code) == i * len(WINBACK_BUDGETS) + j  # noqa: S307


def test_the_explorer_does_not_change_the_candidates(candidates):
    before = candidates.copy()
    winback_budget_explorer(candidates)
    pd.testing.assert_frame_equal(candidates, before)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"budget": 15_000}, ValueError, "budget must be one of"),
        ({"budget": -10_000}, ValueError, "budget"),
        ({"cost": 0}, ValueError, "cost must be one of"),
        ({"cost": "5000"}, TypeError, "cost"),
    ],
)
def test_the_explorer_refuses_settings_off_its_grid(candidates, kwargs, error, match):
    with pytest.raises(error, match=match):
        winback_budget_explorer(candidates, **kwargs)


def test_the_explorer_refuses_bad_candidates(candidates):
    with pytest.raises(ValueError, match="regained_value"):
        winback_budget_explorer(candidates.drop(columns="regained_value"))
    with pytest.raises(TypeError, match="candidates"):
        winback_budget_explorer(candidates.to_dict())
    bad = candidates.assign(winback_probability=[1.5, 0, 0, 0, 0])
    with pytest.raises(ValueError, match=r"winback_probability must be in \[0, 1\]"):
        winback_budget_explorer(bad)
    many = pd.concat([candidates] * 9, ignore_index=True)
    with pytest.raises(ValueError, match="at most 40"):
        winback_budget_explorer(many)
