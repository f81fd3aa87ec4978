"""Tests for crmlab.strategy: the cash flows, NPV, ROI and payback of a CRM project."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.strategy import project_cash_flows, project_roi
from crmlab.value import clv


def test_project_cash_flows_discount_like_a_customer_lifetime_value():
    # The same discounting as chapter 3: NPV = CLV of the yearly net cash
    # with the investment as the one-off acquisition cost.
    benefits, costs, rate = [120.0, 150.0, 150.0, 150.0], [30.0, 30, 35, 35], 0.08
    summary = project_roi(300.0, benefits, costs, discount_rate=rate)
    expected = clv(benefits, costs, discount_rate=rate, acquisition_cost=300.0)
    assert summary["npv"] == pytest.approx(expected)
    assert summary["roi"] == pytest.approx(expected / 300.0)


def test_project_cash_flows_has_year_zero_and_running_totals():
    flows = project_cash_flows(100, [40, 50, 60], 10, discount_rate=0.1)
    assert flows.index.tolist() == [0, 1, 2, 3] and flows.index.name == "year"
    assert flows["net"].tolist() == [-100.0, 30.0, 40.0, 50.0]
    assert flows["cumulative"].tolist() == [-100.0, -70.0, -30.0, 20.0]
    assert np.allclose(flows["discount_factor"], 1.1 ** -np.arange(4))


def test_project_roi_payback_interpolates_within_the_year():
    # Cumulative net -100, -70, -30, +20: paid back 30/50 of the way into year 3.
    summary = project_roi(100, [40, 50, 60], 10)
    assert summary["payback"] == pytest.approx(2.6)
    assert summary["discounted_payback"] == pytest.approx(2.6)
    assert summary["npv"] == pytest.approx(20.0)


def test_a_project_that_never_pays_back_has_infinite_payback():
    summary = project_roi(500, [50, 50], 0, discount_rate=0.05)
    assert summary["payback"] == np.inf and summary["discounted_payback"] == np.inf
    assert summary["npv"] < 0 and summary["roi"] < 0


def test_payback_exactly_at_a_year_end():
    assert project_roi(100, [50, 50, 50])["payback"] == pytest.approx(2.0)


@settings(max_examples=60)
@given(
    st.floats(1, 1_000),
    st.lists(st.floats(0, 500), min_size=1, max_size=10),
    st.floats(0, 0.3),
)
def test_discounting_never_shortens_payback_or_raises_npv(investment, benefits, rate):
    plain = project_roi(investment, benefits)
    discounted = project_roi(investment, benefits, discount_rate=rate)
    assert discounted["npv"] <= plain["npv"] + 1e-9
    assert discounted["discounted_payback"] >= plain["payback"] - 1e-9
    assert discounted["payback"] == plain["payback"]


@settings(max_examples=30)
@given(st.lists(st.floats(0, 500), min_size=1, max_size=8))
def test_project_cash_flows_does_not_mutate_its_input(benefits):
    series = pd.Series(benefits)
    before = series.copy()
    project_cash_flows(100.0, series, 5.0, discount_rate=0.1)
    pd.testing.assert_series_equal(series, before)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        ((0, [10]), {}, ValueError, "investment must be positive; got 0"),
        ((-5, [10]), {}, ValueError, "investment must be non-negative; got -5"),
        (("100", [10]), {}, TypeError, "investment must be a real number; got '100'"),
        (
            (100, [10, -1]),
            {},
            ValueError,
            "benefits must be non-negative; got -1",
        ),
        ((100, []), {}, ValueError, "must not be empty; got"),
        (
            (100, [10]),
            {"discount_rate": 1.5},
            ValueError,
            r"discount_rate must be in \[0, 1\]; got 1.5",
        ),
        (
            (100, [10, 20], [1, 2, 3]),
            {},
            ValueError,
            "benefits and costs must be .*got",
        ),
        ((100, [10, 20], -1), {}, ValueError, "costs must be non-negative; got -1"),
    ],
)
def test_project_functions_reject_bad_input(args, kwargs, error, message):
    for function in (project_cash_flows, project_roi):
        with pytest.raises(error, match=message):
            function(*args, **kwargs)
