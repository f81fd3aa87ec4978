"""Tests of crmlab.acquisition: concentration, patterns, funnels, referrals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from crmlab.acquisition import (
    TARGET_MARKET_PATTERNS,
    funnel,
    gini,
    lorenz_curve,
    referral_growth,
    target_market_pattern,
    whale_curve,
)

PROPERTY = settings(max_examples=60, deadline=None)
PRODUCTS, MARKETS = ["P1", "P2", "P3"], ["M1", "M2", "M3"]


def grid(rows: list[list[int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=PRODUCTS, columns=MARKETS)


# The five diagrams of the lesson plans (目标市场选择的5种模式), on a 3 × 3 grid.
CANONICAL = {
    "market concentration": [[1, 0, 0], [0, 0, 0], [0, 0, 0]],
    "product specialisation": [[1, 1, 1], [0, 0, 0], [0, 0, 0]],
    "market specialisation": [[1, 0, 0], [1, 0, 0], [1, 0, 0]],
    "selective specialisation": [[1, 0, 0], [0, 0, 1], [0, 1, 0]],
    "full coverage": [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
}


# --------------------------------------------------------------------------
# Lorenz curve and Gini coefficient
# --------------------------------------------------------------------------


def test_gini_of_equal_values_is_zero():
    assert gini([7.0] * 9) == 0.0


@pytest.mark.parametrize("n", [1, 2, 5, 100])
def test_gini_of_one_customer_holding_everything_is_n_minus_one_over_n(n):
    assert gini([0.0] * (n - 1) + [10.0]) == pytest.approx((n - 1) / n)


def test_gini_matches_the_double_sum_definition():
    x = np.array([3.0, 0.0, 12.0, 5.0, 5.0])
    by_definition = np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean())
    assert gini(x) == pytest.approx(by_definition)


def test_gini_is_twice_the_area_between_the_diagonal_and_the_lorenz_curve():
    x = [3.0, 0.0, 12.0, 5.0, 5.0]
    curve = lorenz_curve(x)
    area = np.trapezoid(curve["value_share"], curve["customer_share"])
    assert gini(x) == pytest.approx(1 - 2 * area)


def test_lorenz_curve_runs_from_the_smallest_value_up():
    curve = lorenz_curve(pd.Series({"a": 6.0, "b": 1.0, "c": 3.0}))
    assert curve["customer"].iloc[1:].tolist() == ["b", "c", "a"]
    assert curve["value_share"].tolist() == pytest.approx([0, 0.1, 0.4, 1.0])


@pytest.mark.parametrize("function", [gini, lorenz_curve])
@pytest.mark.parametrize(
    ("values", "error", "match"),
    [
        ([], ValueError, "values must not be empty"),
        ([1, -2], ValueError, "values must be non-negative; got -2"),
        ([0, 0], ValueError, "values must have a positive total; got 0"),
        ([1, np.nan], ValueError, "must not contain NaN"),
        ("abc", TypeError, "values must be a sequence of numbers; got str"),
        ({"a": 1, "b": "x"}, TypeError, "must hold real numbers; got 'x'"),
    ],
)
def test_concentration_functions_reject_bad_values(function, values, error, match):
    with pytest.raises(error, match=match) as caught:
        function(values)
    assert "got" in str(caught.value)


@PROPERTY
@given(
    st.lists(st.floats(0, 1e6), min_size=1, max_size=30).filter(lambda v: sum(v) > 0)
)
def test_gini_ignores_order_and_scale_and_stays_in_range(values):
    n = len(values)
    g = gini(values)
    assert -1e-12 <= g <= (n - 1) / n + 1e-12
    assert gini(values[::-1]) == pytest.approx(g, abs=1e-9)
    assert gini([3 * v for v in values]) == pytest.approx(g, abs=1e-9)
    assert lorenz_curve(values)["value_share"].diff().dropna().ge(-1e-12).all()


# --------------------------------------------------------------------------
# Whale curve
# --------------------------------------------------------------------------


def test_whale_curve_of_all_profitable_customers_peaks_at_one_at_the_end():
    curve = whale_curve([5.0, 20.0, 10.0, 1.0])
    assert curve["is_peak"].tolist() == [False, False, False, True]
    assert curve["profit_share"].iloc[-1] == pytest.approx(1.0)
    assert curve["profit_share"].max() == pytest.approx(1.0)


def test_whale_curve_rises_above_one_and_falls_back_with_loss_making_customers():
    profit = pd.Series({"a": 60.0, "b": -20.0, "c": 40.0, "d": 20.0})
    expected = pd.DataFrame(
        {
            "customer": ["a", "c", "d", "b"],
            "profit": [60.0, 40.0, 20.0, -20.0],
            "customer_share": [0.25, 0.5, 0.75, 1.0],
            "cumulative_profit": [60.0, 100.0, 120.0, 100.0],
            "profit_share": [0.6, 1.0, 1.2, 1.0],
            "is_peak": [False, False, True, False],
        },
        index=pd.RangeIndex(1, 5, name="rank"),
    )
    assert_frame_equal(whale_curve(profit), expected)


def test_whale_curve_keeps_input_order_for_equal_profits():
    curve = whale_curve(pd.Series({"z": 5.0, "a": 5.0, "m": 9.0}))
    assert curve["customer"].tolist() == ["m", "z", "a"]


@pytest.mark.parametrize(
    ("profit", "error", "match"),
    [
        ([], ValueError, "profit must not be empty"),
        ([10, -20], ValueError, "profit must have a positive total; got -10"),
        ([1, np.inf], ValueError, "must not contain NaN or infinite values; got inf"),
        ({"a": 1, "a ": None}, TypeError, "must hold real numbers; got None"),
        (5, TypeError, "profit must be a sequence of numbers; got int"),
    ],
)
def test_whale_curve_rejects_bad_profit(profit, error, match):
    with pytest.raises(error, match=match):
        whale_curve(profit)


@PROPERTY
@given(
    st.lists(st.floats(-100, 1000), min_size=1, max_size=30).filter(
        lambda v: sum(v) > 1
    )
)
def test_whale_curve_ends_at_one_and_peaks_after_the_last_profitable_customer(profit):
    before = list(profit)
    curve = whale_curve(profit)
    assert profit == before
    assert curve["profit_share"].iloc[-1] == pytest.approx(1.0)
    assert curve["profit_share"].max() >= 1 - 1e-9
    peak = curve.index[curve["is_peak"]][0]
    assert curve["is_peak"].sum() == 1
    assert (curve.loc[:peak, "profit"] >= 0).all()


# --------------------------------------------------------------------------
# Target-market patterns
# --------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", list(CANONICAL))
def test_the_five_canonical_grids_give_the_five_patterns(pattern):
    assert target_market_pattern(grid(CANONICAL[pattern])) == pattern
    assert pattern in TARGET_MARKET_PATTERNS


def test_a_grid_that_fits_no_pattern_says_none():
    assert target_market_pattern(grid([[1, 1, 0], [1, 0, 0], [0, 0, 0]])) == "none"
    assert target_market_pattern(grid([[0] * 3] * 3)) == "none"


def test_target_market_pattern_accepts_booleans_and_any_grid_size():
    wide = pd.DataFrame([[True, False, True, True]], index=["juice"])
    assert target_market_pattern(wide) == "product specialisation"


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ([[1, 0]], TypeError, "grid must be a pandas DataFrame.*; got list"),
        (pd.DataFrame(), ValueError, r"grid must not be empty; got shape \(0, 0\)"),
        (grid([[1, 0, 2], [0, 0, 0], [0, 0, 0]]), ValueError, "only 0/1.*; got 2"),
        (grid([[1, 0, np.nan], [0, 0, 0], [0, 0, 0]]), ValueError, "; got nan"),
        (grid([["x", 0, 0], [0, 0, 0], [0, 0, 0]]), ValueError, "; got 'x'"),
    ],
)
def test_target_market_pattern_rejects_bad_grids(value, error, match):
    with pytest.raises(error, match=match):
        target_market_pattern(value)


@PROPERTY
@given(
    st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=3, max_size=3)
)
def test_transposing_a_grid_swaps_product_and_market_specialisation(rows):
    swap = {"product specialisation": "market specialisation"}
    swap.update({v: k for k, v in swap.items()})
    pattern = target_market_pattern(grid(rows))
    assert target_market_pattern(grid(rows).T) == swap.get(pattern, pattern)


# --------------------------------------------------------------------------
# Funnel
# --------------------------------------------------------------------------

STAGES = {"found": 200, "contacted": 120, "met": 30, "closed": 6}


def test_funnel_gives_stage_and_cumulative_conversion_and_cost_per_customer():
    table = funnel(STAGES, cost=3000)
    expected = pd.DataFrame(
        {
            "count": [200, 120, 30, 6],
            "stage_conversion": [np.nan, 0.6, 0.25, 0.2],
            "cumulative_conversion": [1.0, 0.6, 0.15, 0.03],
            "lost": [0, 80, 90, 24],
            "cost_per_customer": [15.0, 25.0, 100.0, 500.0],
        },
        index=list(STAGES),
    )
    assert_frame_equal(table, expected)


def test_funnel_without_cost_has_no_cost_column_and_handles_an_empty_stage():
    table = funnel(pd.Series({"a": 10, "b": 0, "c": 0}))
    assert "cost_per_customer" not in table
    assert table["stage_conversion"].iloc[1] == 0.0
    assert np.isnan(table["stage_conversion"].iloc[2])
    assert np.isinf(funnel({"a": 10, "b": 0}, cost=5)["cost_per_customer"].iloc[1])


@pytest.mark.parametrize(
    ("stages", "cost", "error", "match"),
    [
        ([200, 100], None, TypeError, "stages must be a pandas Series or a mapping"),
        ({}, None, ValueError, "stages must not be empty"),
        ({"a": 10, "b": -1}, None, ValueError, "stages must be non-negative; got -1"),
        ({"a": 10, "b": 2.5}, None, ValueError, "whole numbers of people; got 2.5"),
        ({"a": 0, "b": 0}, None, ValueError, "start with a positive count; got 0"),
        (
            {"a": 10, "b": 4, "c": 6},
            None,
            ValueError,
            "must not grow.*got 6 at stage 'c' after 4 at 'b'",
        ),
        ({"a": 10, "b": np.nan}, None, ValueError, "must not contain NaN"),
        (STAGES, -5, ValueError, "cost must be non-negative; got -5"),
        (STAGES, "5", TypeError, "cost must be a real number; got '5'"),
    ],
)
def test_funnel_rejects_bad_input(stages, cost, error, match):
    with pytest.raises(error, match=match):
        funnel(stages, cost=cost)


@PROPERTY
@given(st.lists(st.integers(0, 50), min_size=1, max_size=8), st.integers(1, 10**4))
def test_funnel_conversions_multiply_to_the_overall_conversion(losses, first):
    counts, n = [], first
    for loss in losses:
        n = max(n - loss, 0)
        counts.append(n)
    stages = pd.Series(
        [first, *counts], index=[f"s{k}" for k in range(len(counts) + 1)]
    )
    table = funnel(stages)
    assert table["cumulative_conversion"].iloc[-1] == pytest.approx(counts[-1] / first)
    if counts[-1] > 0:
        product = table["stage_conversion"].iloc[1:].prod()
        assert product == pytest.approx(table["cumulative_conversion"].iloc[-1])
    assert table["lost"].sum() == first - counts[-1]


# --------------------------------------------------------------------------
# Referral growth
# --------------------------------------------------------------------------


def test_referral_growth_reproduces_4096_at_round_twelve_and_8190_in_all():
    # The slide deck: "repeat twelve times and one customer brings 8 400"; a
    # one-to-two tree gives 2**12 = 4 096 new customers in round 12 and
    # 2 + 4 + ... + 4 096 = 8 190 referred customers in all.
    growth = referral_growth(1, 2, 12)
    assert growth.loc[12, "new"] == 4096
    assert growth.loc[12, "referred"] == 8190
    assert growth.loc[12, "total"] == 8191
    assert growth.index.tolist() == list(range(13))


def test_referral_growth_with_a_rate_below_one_levels_off():
    growth = referral_growth(100, 0.5, 30)
    assert growth["total"].iloc[-1] == pytest.approx(200, abs=1e-3)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((0, 2, 12), ValueError, "initial must be at least 1; got 0"),
        ((1.5, 2, 12), TypeError, "initial must be an integer; got 1.5"),
        (
            (1, -2, 12),
            ValueError,
            "referrals_per_customer must be non-negative; got -2",
        ),
        ((1, np.nan, 12), ValueError, "must be a finite number; got nan"),
        ((1, 2, -1), ValueError, "rounds must be at least 0; got -1"),
        ((1, 2, "12"), TypeError, "rounds must be an integer; got '12'"),
    ],
)
def test_referral_growth_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        referral_growth(*args)


@PROPERTY
@given(st.integers(1, 50), st.floats(0, 4), st.integers(0, 15))
def test_referral_total_is_the_geometric_sum(initial, rate, rounds):
    growth = referral_growth(initial, rate, rounds)
    expected = initial * sum(rate**t for t in range(rounds + 1))
    assert growth["total"].iloc[-1] == pytest.approx(expected)
    assert (growth["total"].diff().dropna() >= 0).all()
