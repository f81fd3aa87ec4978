"""Tests for crmlab.value: the course documents' numbers, conventions and bad input."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.datasets import load_clv_example
from crmlab.value import (
    clv,
    clv_cash_flows,
    customer_equity,
    delivered_value,
    expected_lifetime,
    retention_clv,
    simple_clv,
    survival_from_retention,
)

SEED_REVENUE = [10000, 12000, 14500, 15000, 15000, 15000, 15500, 16000, 16000, 16000]
SEED_COST = [4000, 3500, 3200, 3000, 2700, 2500, 2500, 2500, 2500, 2500]


# --- the course textbook's and slides' numbers -------------------------------


def test_clv_reproduces_the_seed_table_undiscounted_with_certain_survival():
    # The course textbook, section 1.3.2: 145 000 revenue - 28 900 cost - 5 000
    # = 111 100.
    table = load_clv_example()
    assert table.revenue.tolist() == SEED_REVENUE
    assert table.retention_cost.tolist() == SEED_COST
    value = clv(table.revenue, table.retention_cost, acquisition_cost=5000)
    assert value == pytest.approx(111_100)


def test_clv_discounts_each_year_by_its_own_power():
    # Worked by hand: sum (b_i - c_i) * 0.9**i / 1.08**i - 5000.
    expected = (
        sum(
            (b - c) * 0.9**i / 1.08**i
            for i, (b, c) in enumerate(
                zip(SEED_REVENUE, SEED_COST, strict=True), start=1
            )
        )
        - 5000
    )
    survival = survival_from_retention(0.9, 10)
    value = clv(
        SEED_REVENUE,
        SEED_COST,
        survival=survival,
        discount_rate=0.08,
        acquisition_cost=5000,
    )
    assert value == pytest.approx(expected)
    assert value == pytest.approx(38_922.93, abs=0.01)


def test_clv_falls_as_the_discount_rate_rises_and_as_survival_falls():
    values = [
        clv(SEED_REVENUE, SEED_COST, discount_rate=r, acquisition_cost=5000)
        for r in (0.0, 0.05, 0.10, 0.20)
    ]
    assert values == sorted(values, reverse=True)
    by_retention = [
        clv(SEED_REVENUE, SEED_COST, survival=survival_from_retention(p, 10))
        for p in (1.0, 0.9, 0.7, 0.5)
    ]
    assert by_retention == sorted(by_retention, reverse=True)


def test_simple_clv_reproduces_the_credit_card_example():
    # The course slides: 10 % churn -> 10 years x $100 - $75 = $925.
    assert simple_clv(100, 0.10, acquisition_cost=75) == pytest.approx(925)
    # A $20 programme halves churn to 5 %: 20 x (100 - 20) - 75 = $1 525.
    with_programme = simple_clv(100, 0.05, acquisition_cost=75, retention_cost=20)
    assert with_programme == pytest.approx(1525)
    assert with_programme - 925 == pytest.approx(600)


def test_expected_lifetime_is_the_inverse_of_churn():
    assert expected_lifetime(0.10) == pytest.approx(10)
    assert expected_lifetime(1.0) == pytest.approx(1)


# Moved from test_loyalty.py when loyalty.expected_tenure(retention) was merged
# into expected_lifetime(churn_rate): the same 1/q, now with churn = 1 - retention.
def test_expected_lifetime_is_five_periods_at_eighty_percent_retention():
    # 1 / (1 - 0.8) = 5
    assert expected_lifetime(1 - 0.8) == pytest.approx(5.0)
    # the course slides: 10 % yearly churn means a 10-year customer life
    assert expected_lifetime(1 - 0.9) == pytest.approx(10.0)
    assert expected_lifetime(1 - 0) == 1.0  # the first period always counts


def test_expected_lifetime_is_exact_for_the_seeds_churn_rate():
    assert expected_lifetime(0.10) == 10.0


@pytest.mark.parametrize(
    ("churn", "error", "match"),
    [
        (0.0, ValueError, r"churn_rate must be in \(0, 1\]; got 0"),
        (1.1, ValueError, r"churn_rate must be in \(0, 1\]; got 1.1"),
        (float("nan"), ValueError, "churn_rate must be a finite number"),
        (True, TypeError, "churn_rate must be a real number"),
        ("0.2", TypeError, "churn_rate must be a real number"),
    ],
)
def test_expected_lifetime_rejects_churn_outside_zero_to_one(churn, error, match):
    with pytest.raises(error, match=match):
        expected_lifetime(churn)


def test_retention_clv_gives_the_gupta_lehmann_multiple():
    # r = 0.8, d = 0.1: m r / (1 + d - r) = 0.8 / 0.3 = 2.667 m.
    assert retention_clv(1.0, 0.8, 0.1) == pytest.approx(8 / 3)
    assert retention_clv(150.0, 0.8, 0.1) == pytest.approx(400)
    # Start-of-period cash: m (1 + d) / (1 + d - r) = 1.1 / 0.3.
    assert retention_clv(1.0, 0.8, 0.1, timing="start") == pytest.approx(11 / 3)


def test_retention_clv_equals_a_long_truncated_clv_sum():
    margin, retention, rate, periods = 120.0, 0.8, 0.1, 400
    long_sum = clv(
        [margin] * periods,
        survival=survival_from_retention(retention, periods),
        discount_rate=rate,
    )
    assert long_sum == pytest.approx(retention_clv(margin, retention, rate))


def test_start_timing_is_end_timing_times_one_plus_rate():
    end = clv(SEED_REVENUE, SEED_COST, discount_rate=0.1)
    start = clv(SEED_REVENUE, SEED_COST, discount_rate=0.1, timing="start")
    assert start == pytest.approx(end * 1.1)


def test_scalar_survival_is_used_for_every_period():
    flows = clv_cash_flows([100, 100, 100], survival=0.5)
    assert flows["survival"].tolist() == [0.5, 0.5, 0.5]
    assert flows["present_value"].sum() == pytest.approx(150)


def test_cash_flow_table_keeps_the_index_of_a_revenue_series():
    table = load_clv_example().set_index("year")
    flows = clv_cash_flows(table.revenue, table.retention_cost.to_numpy())
    assert flows.index.tolist() == list(range(2017, 2027))
    assert flows["cumulative"].iloc[-1] == pytest.approx(116_100)


def test_customer_equity_sums_lifetime_values_with_optional_segment_sizes():
    assert customer_equity([925, 1525, -40]) == pytest.approx(2410)
    assert customer_equity(pd.Series([925, 1525]), sizes=[100, 20]) == pytest.approx(
        123_000
    )


def test_delivered_value_is_total_value_less_total_cost():
    result = delivered_value(
        {"product": 600, "service": 200, "personnel": 100, "image": 100},
        {"monetary": 700, "time": 50, "energy": 30, "psychological": 20},
    )
    assert result["delivered_value"] == pytest.approx(200)
    assert result["value_ratio"] == pytest.approx(1.25)
    free = delivered_value({"product": 10}, {"monetary": 0})
    assert math.isinf(free["value_ratio"])


# --- bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: clv([100, float("nan")]), ValueError, "revenue must not contain NaN"),
        (lambda: clv([100, -5]), ValueError, "revenue must be non-negative; got -5"),
        (lambda: clv("100"), TypeError, "revenue must be a sequence"),
        (lambda: clv([]), ValueError, "revenue must not be empty"),
        (lambda: clv([100, 100], [1, 2, 3]), ValueError, "cost has 3"),
        (lambda: clv([100], -1), ValueError, "cost must be non-negative"),
        (lambda: clv([100], survival=1.2), ValueError, r"survival must be in \[0, 1\]"),
        (lambda: clv([100, 100], survival=[0.9, 1.5]), ValueError, "probabilities"),
        (
            lambda: clv([100], discount_rate=-0.1),
            ValueError,
            "discount_rate must be in",
        ),
        (lambda: clv([100], discount_rate="5%"), TypeError, "discount_rate must be a"),
        (lambda: clv([100], acquisition_cost=-5), ValueError, "acquisition_cost"),
        (lambda: clv([100], timing="middle"), ValueError, "timing must be one of"),
        (lambda: clv([True, False]), TypeError, "revenue must hold real numbers"),
        (lambda: simple_clv(100, 0), ValueError, r"churn_rate must be in \(0, 1\]"),
        (lambda: simple_clv(100, 1.5), ValueError, "churn_rate must be in"),
        (lambda: simple_clv(-100, 0.1), ValueError, "annual_profit must be non-neg"),
        (lambda: simple_clv(100, 0.1, retention_cost=-2), ValueError, "retention_cost"),
        (
            lambda: expected_lifetime(float("nan")),
            ValueError,
            "churn_rate must be a fin",
        ),
        (
            lambda: retention_clv(1, 1.0, 0.1),
            ValueError,
            r"retention must be in \[0, 1\)",
        ),
        (
            lambda: retention_clv(-1, 0.8, 0.1),
            ValueError,
            "margin must be non-negative",
        ),
        (lambda: retention_clv(1, 0.8, 1.5), ValueError, "discount_rate must be in"),
        (lambda: customer_equity([]), ValueError, "values must not be empty"),
        (lambda: customer_equity([1, 2], sizes=[1]), ValueError, "sizes has 1"),
        (lambda: delivered_value([600], {"m": 1}), TypeError, "value_parts must be a"),
        (lambda: delivered_value({}, {"m": 1}), ValueError, "value_parts must not be"),
        (
            lambda: delivered_value({"p": 1}, {"m": -1}),
            ValueError,
            "cost_parts must be",
        ),
        (
            lambda: survival_from_retention(0.9, 0),
            ValueError,
            "periods must be at least",
        ),
        (
            lambda: survival_from_retention(0.9, 2.5),
            TypeError,
            "periods must be an int",
        ),
    ],
)
def test_bad_input_is_rejected_with_a_message_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- properties --------------------------------------------------------------

money = st.floats(min_value=0, max_value=1e6, allow_nan=False)
rates = st.floats(min_value=0, max_value=0.5, allow_nan=False)


@settings(max_examples=60)
@given(
    revenue=st.lists(money, min_size=1, max_size=12),
    scale=st.floats(min_value=0.01, max_value=100),
    rate=rates,
)
def test_scaling_money_scales_clv(revenue, scale, rate):
    base = clv(revenue, discount_rate=rate, acquisition_cost=10)
    scaled = clv(
        [x * scale for x in revenue], discount_rate=rate, acquisition_cost=10 * scale
    )
    assert scaled == pytest.approx(base * scale, rel=1e-9, abs=1e-6)


@settings(max_examples=60)
@given(
    values=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20),
    seed=st.integers(0, 99),
)
def test_customer_equity_does_not_depend_on_row_order(values, seed):
    shuffled = np.random.default_rng(seed).permutation(values)
    assert customer_equity(shuffled) == pytest.approx(customer_equity(values), abs=1e-6)


@settings(max_examples=40)
@given(retention=st.floats(0, 0.95), rate=rates, margin=money)
def test_retention_clv_rises_with_retention(retention, rate, margin):
    assert retention_clv(margin, min(retention + 0.04, 0.99), rate) >= retention_clv(
        margin, retention, rate
    )


def test_inputs_are_left_unchanged():
    revenue = pd.Series([100.0, 200.0, 300.0], index=[2024, 2025, 2026])
    cost = np.array([10.0, 20.0, 30.0])
    survival = [1.0, 0.9, 0.8]
    parts = {"product": 5.0}
    before = (revenue.copy(), cost.copy(), list(survival), dict(parts))
    clv(revenue, cost, survival=survival, discount_rate=0.1, acquisition_cost=5)
    flows = clv_cash_flows(revenue, cost, survival=survival)
    flows.loc[:, "revenue"] = 0.0  # editing the result must not reach the input
    delivered_value(parts, {"monetary": 1.0})
    pd.testing.assert_series_equal(revenue, before[0])
    np.testing.assert_array_equal(cost, before[1])
    assert survival == before[2] and parts == before[3]
