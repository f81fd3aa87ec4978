"""Tests for crmlab.loyalty: loyalty, retention, churn and win-back."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from crmlab.datasets import make_transactions
from crmlab.loyalty import (
    churn_rate,
    churn_risk,
    cohort_retention,
    illustrative_loyalty,
    loyalty_index,
    loyalty_matrix,
    repeat_purchase_rate,
    retention_rate,
    share_of_wallet,
    survival_curve,
    winback_value,
)

PROPERTY = settings(max_examples=60)


def frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["customer_id", "date"])


# Five customers over January-April 2024 (the last month in the data is April):
#   a: Jan 3, Jan 20, Feb 5, Apr 10   cohort Jan, buys in months 0, 1, 3
#   b: Jan 15, Mar 1                  cohort Jan, buys in months 0, 2
#   c: Feb 1, Feb 28, Mar 15          cohort Feb, buys in months 0, 1
#   d: Feb 10                         cohort Feb, buys in month 0
#   e: Apr 30                         cohort Apr, buys in month 0
# No customer starts in March, so there is no March cohort.
LOG = frame(
    [
        ("a", "2024-01-03"),
        ("a", "2024-01-20"),
        ("a", "2024-02-05"),
        ("a", "2024-04-10"),
        ("b", "2024-01-15"),
        ("b", "2024-03-01"),
        ("c", "2024-02-01"),
        ("c", "2024-02-28"),
        ("c", "2024-03-15"),
        ("d", "2024-02-10"),
        ("e", "2024-04-30"),
    ]
)

# Freireich et al. (1963) leukaemia remission weeks, 6-MP group, "+" censored
# (Gehan 1965; the Kaplan-Meier example of Kleinbaum & Klein, Survival
# Analysis, chapter 2):
# 6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+
SIX_MP_WEEKS = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25]
SIX_MP_WEEKS += [32, 32, 34, 35]
SIX_MP_RELAPSED = [True, True, True, False, True, False, True, False, False, True]
SIX_MP_RELAPSED += [True, False, False, False, True, True, False, False, False]
SIX_MP_RELAPSED += [False, False]


def brute_force_survival(tenure, churned):
    """Kaplan-Meier by the definition, one distinct time at a time."""
    result = {}
    for t in sorted(set(tenure)):
        product = 1.0
        for u in sorted(set(tenure)):
            if u <= t:
                at_risk = sum(1 for x in tenure if x >= u)
                events = sum(
                    1 for x, c in zip(tenure, churned, strict=True) if x == u and c
                )
                product *= 1 - events / at_risk
        result[float(t)] = product
    return result


# --------------------------------------------------------------------------
# repeat purchase rate
# --------------------------------------------------------------------------


def test_repeat_purchase_rate_counts_customers_with_two_or_more_rows():
    # a, b, c have 2+ rows; d and e have one: 3 / 5
    assert repeat_purchase_rate(LOG) == pytest.approx(0.6)


def test_repeat_purchase_rate_can_count_distinct_purchase_days():
    log = frame([("a", "2024-01-02"), ("a", "2024-01-02"), ("b", "2024-01-02")])
    assert repeat_purchase_rate(log) == pytest.approx(0.5)
    # a's two rows fall on one day, so nobody bought twice
    assert repeat_purchase_rate(log, date="date") == 0.0


def test_repeat_purchase_rate_reads_other_column_names():
    log = LOG.rename(columns={"customer_id": "member"})
    assert repeat_purchase_rate(log, customer="member") == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("log", "error", "match"),
    [
        ([("a", "2024-01-01")], TypeError, "transactions must be a pandas DataFrame"),
        (pd.DataFrame({"id": ["a"]}), ValueError, "missing \\['customer_id'\\]"),
        (frame([]), ValueError, "transactions must not be empty"),
        (frame([(None, "2024-01-01")]), ValueError, "missing customer ids"),
    ],
)
def test_repeat_purchase_rate_rejects_bad_logs(log, error, match):
    with pytest.raises(error, match=match):
        repeat_purchase_rate(log)


# --------------------------------------------------------------------------
# retention, churn, tenure
# --------------------------------------------------------------------------


def test_retention_and_churn_count_only_customers_active_at_the_start():
    start = ["a", "b", "c", "d", "e"]
    end = {"a", "b", "c", "d", "new"}  # "new" was not there at the start
    assert retention_rate(start, end) == pytest.approx(0.8)  # 4 / 5
    assert churn_rate(start, end) == pytest.approx(0.2)
    assert retention_rate(pd.Series(start), []) == 0.0


@pytest.mark.parametrize(
    ("start", "end", "error", "match"),
    [
        ([], ["a"], ValueError, "start_customers must not be empty"),
        (["a", "a"], ["a"], ValueError, "start_customers .* duplicated ids; got 'a'"),
        (["a"], ["b", "b"], ValueError, "end_customers .* duplicated ids; got 'b'"),
        (["a", np.nan], ["a"], ValueError, "start_customers .* missing ids"),
        ("abc", ["a"], TypeError, "start_customers must be a collection"),
        (["a"], 5, TypeError, "end_customers must be a collection"),
    ],
)
def test_retention_rate_rejects_bad_customer_collections(start, end, error, match):
    with pytest.raises(error, match=match):
        retention_rate(start, end)
    with pytest.raises(error, match=match):
        churn_rate(start, end)


# --------------------------------------------------------------------------
# cohort retention
# --------------------------------------------------------------------------


def test_cohort_retention_reproduces_the_hand_worked_monthly_table():
    # Jan cohort {a, b}: Feb a -> 1/2, Mar b -> 1/2, Apr a -> 1/2
    # Feb cohort {c, d}: Mar c -> 1/2, Apr nobody -> 0, May not observed
    # Apr cohort {e}: May-Jul not observed
    nan = np.nan
    expected = pd.DataFrame(
        [[1.0, 0.5, 0.5, 0.5], [1.0, 0.5, 0.0, nan], [1.0, nan, nan, nan]],
        index=pd.PeriodIndex(
            ["2024-01", "2024-02", "2024-04"], freq="M", name="cohort"
        ),
        columns=pd.Index(range(4), name="periods_since_first"),
    )
    assert_frame_equal(cohort_retention(LOG), expected)


def test_cohort_retention_counts_customers_when_not_normalized():
    counts = cohort_retention(LOG, normalize=False)
    assert counts[0].tolist() == [2.0, 2.0, 1.0]  # cohort sizes
    assert counts.loc[pd.Period("2024-02", "M")].tolist()[:3] == [2.0, 1.0, 0.0]


def test_cohort_retention_by_quarter_puts_four_customers_in_the_first_quarter():
    # Q1 cohort {a, b, c, d}; only a buys in Q2 -> 1/4; e starts in Q2
    expected = pd.DataFrame(
        [[1.0, 0.25], [1.0, np.nan]],
        index=pd.PeriodIndex(["2024Q1", "2024Q2"], freq="Q", name="cohort"),
        columns=pd.Index(range(2), name="periods_since_first"),
    )
    assert_frame_equal(cohort_retention(LOG, period="Q"), expected)


def test_cohort_retention_weeks_run_monday_to_sunday_and_years_are_calendar():
    # 2024-01-07 is a Sunday, 2024-01-08 the next Monday: weeks 0 and 1
    log = frame([("a", "2024-01-01"), ("a", "2024-01-07"), ("b", "2024-01-08")])
    weekly = cohort_retention(log, period="W")
    assert weekly.to_numpy().tolist()[0] == [1.0, 0.0]
    assert weekly.to_numpy()[1, 0] == 1.0 and math.isnan(weekly.to_numpy()[1, 1])
    yearly = cohort_retention(
        frame([("a", "2023-12-31"), ("a", "2024-01-01")]), period="Y"
    )
    assert yearly.to_numpy().tolist() == [[1.0, 1.0]]


def test_cohort_retention_on_generated_transactions_starts_at_one_and_stays_in_range():
    log = make_transactions(300, seed=7)
    table = cohort_retention(log)
    assert (table[0] == 1.0).all()
    observed = table.to_numpy()[~np.isnan(table.to_numpy())]
    assert ((observed >= 0) & (observed <= 1)).all()
    # a cohort is observed from its first month to the last month of the data
    last = log["date"].max().to_period("M")
    observed_months = table.notna().sum(axis=1).tolist()
    assert observed_months == [(last - cohort).n + 1 for cohort in table.index]


@pytest.mark.parametrize(
    ("log", "options", "error", "match"),
    [
        (LOG, {"period": "X"}, ValueError, "period must be one of .*; got 'X'"),
        (LOG, {"period": "month"}, ValueError, "period must be one of"),
        (LOG, {"normalize": 1}, TypeError, "normalize must be True or False"),
        (LOG, {"date": "day"}, ValueError, "missing \\['day'\\]"),
        (frame([]), {}, ValueError, "transactions must not be empty"),
        (frame([("a", None)]), {}, ValueError, "must not contain missing dates"),
        (frame([("a", "not a day")]), {}, ValueError, "'date' must hold dates"),
        (pd.DataFrame({"customer_id": ["a"], "date": [3]}), {}, TypeError, "dates"),
        ("LOG", {}, TypeError, "transactions must be a pandas DataFrame"),
    ],
)
def test_cohort_retention_rejects_bad_input(log, options, error, match):
    with pytest.raises(error, match=match):
        cohort_retention(log, **options)


LOGS = st.lists(
    st.tuples(st.sampled_from("abcdef"), st.integers(0, 400)), min_size=1, max_size=25
).map(
    lambda rows: pd.DataFrame(
        {
            "customer_id": [c for c, _ in rows],
            "date": pd.Timestamp("2024-01-01")
            + pd.to_timedelta([d for _, d in rows], "D"),
        }
    )
)


@PROPERTY
@given(LOGS, st.sampled_from("DWMQY"), st.randoms(use_true_random=False))
def test_cohort_retention_does_not_depend_on_row_order(log, period, rng):
    order = list(range(len(log)))
    rng.shuffle(order)
    before = log.copy()
    table = cohort_retention(log, period=period)
    assert_frame_equal(log, before)  # the caller's frame is unchanged
    assert_frame_equal(cohort_retention(log.iloc[order], period=period), table)
    assert (table[0] == 1.0).all()
    observed = table.to_numpy()[~np.isnan(table.to_numpy())]
    assert ((observed >= 0) & (observed <= 1)).all()


# --------------------------------------------------------------------------
# survival curve
# --------------------------------------------------------------------------


def test_survival_curve_reproduces_the_six_mp_kaplan_meier_estimates():
    curve = survival_curve(SIX_MP_WEEKS, SIX_MP_RELAPSED)
    # Kleinbaum & Klein: S(6)=18/21, S(7)=.8067, S(10)=.7529, S(13)=.6902,
    # S(16)=.6275, S(22)=.5378, S(23)=.4482, flat after 23
    golden = {6: 0.8571, 7: 0.8067, 10: 0.7529, 13: 0.6902, 16: 0.6275}
    golden |= {22: 0.5378, 23: 0.4482, 35: 0.4482}
    for week, survival in golden.items():
        assert curve.loc[float(week), "survival"] == pytest.approx(survival, abs=5e-5)
    # at risk at 6 is all 21; at 10 the censored patient still counts (15)
    assert curve.loc[6.0].tolist() == [21, 3, 1, pytest.approx(18 / 21)]
    assert curve.loc[10.0, "at_risk"] == 15
    assert curve["churned"].sum() == 9 and curve["censored"].sum() == 12


def test_survival_curve_matches_the_hand_worked_five_customer_table():
    # t=2: 5 at risk, 1 churns -> 4/5 = 0.8
    # t=3: 4 at risk (the one censored at 3 counts), 1 churns -> 0.8 * 3/4 = 0.6
    # t=5: 2 at risk, 1 churns -> 0.6 * 1/2 = 0.3
    # t=8: 1 at risk, censored -> stays 0.3
    expected = pd.DataFrame(
        {
            "at_risk": [5, 4, 2, 1],
            "churned": [1, 1, 1, 0],
            "censored": [0, 1, 0, 1],
            "survival": [0.8, 0.6, 0.3, 0.3],
        },
        index=pd.Index([2.0, 3.0, 5.0, 8.0], name="tenure"),
    )
    curve = survival_curve([2, 3, 3, 5, 8], [True, True, False, True, False])
    assert_frame_equal(curve, expected)


def test_survival_curve_counts_churn_before_censoring_at_a_tied_time():
    # at t=1 both customers are at risk; one churns -> 1/2 (censoring first
    # would give 0)
    curve = survival_curve([1, 1, 2], [True, False, True])
    assert curve["survival"].tolist() == [pytest.approx(2 / 3), 0.0]
    curve = survival_curve([1, 1], [True, False])
    assert curve["survival"].tolist() == [0.5]


def test_survival_curve_accepts_boolean_series_and_arrays():
    series = survival_curve(pd.Series([3.0, 1.0]), pd.Series([False, True]))
    array = survival_curve(np.array([3, 1]), np.array([False, True]))
    assert_frame_equal(series, array)
    nullable = pd.Series([False, True], dtype="boolean")
    assert_frame_equal(survival_curve([3, 1], nullable), array)


@pytest.mark.parametrize(
    ("tenure", "churned", "error", "match"),
    [
        ([1, 2], [1, 0], TypeError, "churned must be boolean .*got dtype int64"),
        ([1, 2], [1.0, 0.0], TypeError, "churned must be boolean"),
        ([1, 2], ["yes", "no"], TypeError, "churned must be boolean"),
        ([1, 2], [True, None], TypeError, "churned must be boolean"),
        ([1, 2], pd.Series([True, None], dtype="boolean"), ValueError, "missing"),
        ([1, 2], "TF", TypeError, "churned must be a sequence of booleans"),
        ([1, -2], [True, False], ValueError, "tenure must be non-negative; got -2"),
        ([1, np.nan], [True, False], ValueError, "tenure must not contain NaN"),
        ([1, 2, 3], [True, False], ValueError, "tenure has 3, churned has 2"),
        ([], [], ValueError, "tenure must not be empty"),
        (["1", "2"], [True, False], TypeError, "tenure must hold real numbers"),
    ],
)
def test_survival_curve_rejects_bad_input(tenure, churned, error, match):
    with pytest.raises(error, match=match):
        survival_curve(tenure, churned)


SURVIVAL_DATA = st.lists(
    st.tuples(st.integers(0, 12), st.booleans()), min_size=1, max_size=30
)


@PROPERTY
@given(SURVIVAL_DATA, st.randoms(use_true_random=False))
def test_survival_curve_is_a_non_increasing_share_equal_to_the_brute_force_product(
    rows, rng
):
    tenure = pd.Series([t for t, _ in rows])
    churned = pd.Series([c for _, c in rows])
    before = tenure.copy(), churned.copy()
    curve = survival_curve(tenure, churned)
    assert_series_equal(tenure, before[0])  # inputs unchanged
    assert_series_equal(churned, before[1])
    survival = curve["survival"].to_numpy()
    assert ((survival >= 0) & (survival <= 1)).all()
    assert (np.diff(survival) <= 1e-12).all()
    expected = brute_force_survival(tenure.tolist(), churned.tolist())
    assert survival == pytest.approx(list(expected.values()))
    rng.shuffle(rows)
    shuffled = survival_curve([t for t, _ in rows], [c for _, c in rows])
    assert_frame_equal(shuffled, curve)


# --------------------------------------------------------------------------
# loyalty index
# --------------------------------------------------------------------------

INDICATORS = pd.DataFrame(
    {
        "repeat_purchases": [2, 6, 10],
        "price_sensitivity": [0.8, 0.5, 0.2],
        "brand_attention": [3, 5, 4],
    },
    index=pd.Index(["a", "b", "c"], name="customer_id"),
)
WEIGHTS = {"repeat_purchases": 0.5, "price_sensitivity": 0.3, "brand_attention": 0.2}
LOWER_IS_LOYAL = {"price_sensitivity": False}


def test_loyalty_index_reproduces_the_hand_worked_three_customer_example():
    # rescaled (min-max, price reversed):
    #   repeat  0, .5, 1;  price 1-(.8-.2)/.6=0, .5, 1;  attention 0, 1, .5
    # a: 0
    # b: 100 * (.5*.5 + .3*.5 + .2*1) = 100 * .6 = 60
    # c: 100 * (.5*1 + .3*1 + .2*.5) = 100 * .9 = 90
    index = loyalty_index(INDICATORS, weights=WEIGHTS, higher_is_better=LOWER_IS_LOYAL)
    assert index.name == "loyalty_index"
    assert index.index.equals(INDICATORS.index)
    assert index.tolist() == pytest.approx([0.0, 60.0, 90.0])


def test_loyalty_index_with_bounds_does_not_depend_on_the_other_customers():
    bounds = {
        "repeat_purchases": (0, 20),
        "price_sensitivity": (0, 1),
        "brand_attention": (1, 5),
    }
    # a: .5*.1 + .3*(1-.8) + .2*(3-1)/4  = .05 + .06 + .10 = .21 -> 21
    # b: .5*.3 + .3*(1-.5) + .2*(5-1)/4  = .15 + .15 + .20 = .50 -> 50
    # c: .5*.5 + .3*(1-.2) + .2*(4-1)/4  = .25 + .24 + .15 = .64 -> 64
    options = {"weights": WEIGHTS, "higher_is_better": LOWER_IS_LOYAL, "bounds": bounds}
    index = loyalty_index(INDICATORS, **options)
    assert index.tolist() == pytest.approx([21.0, 50.0, 64.0])
    alone = loyalty_index(INDICATORS.iloc[[0]], **options)
    assert alone.iloc[0] == pytest.approx(21.0)


def test_loyalty_index_scores_a_constant_measure_at_the_midpoint():
    data = INDICATORS.assign(brand_attention=4)
    # attention is 0.5 for everyone: a = 100*(0 + 0 + .2*.5) = 10
    index = loyalty_index(data, weights=WEIGHTS, higher_is_better=LOWER_IS_LOYAL)
    assert index.tolist() == pytest.approx([10.0, 50.0, 90.0])
    single = loyalty_index(INDICATORS.iloc[[1]], weights=WEIGHTS)
    assert single.tolist() == [50.0]


def test_loyalty_index_weights_need_not_sum_to_one_and_may_be_zero():
    scaled = {k: 10 * v for k, v in WEIGHTS.items()}
    one = loyalty_index(INDICATORS, weights=WEIGHTS, higher_is_better=LOWER_IS_LOYAL)
    ten = loyalty_index(INDICATORS, weights=scaled, higher_is_better=LOWER_IS_LOYAL)
    assert_series_equal(one, ten)
    only_repeat = {"repeat_purchases": 1, "price_sensitivity": 0, "brand_attention": 0}
    assert loyalty_index(INDICATORS, weights=only_repeat).tolist() == [0, 50, 100]


@pytest.mark.parametrize(
    ("data", "options", "error", "match"),
    [
        (INDICATORS.values, {}, TypeError, "indicators must be a pandas DataFrame"),
        (INDICATORS.iloc[:0], {}, ValueError, "indicators must not be empty"),
        (INDICATORS.iloc[[0, 0]], {}, ValueError, "duplicated customers; got 'a'"),
        (
            INDICATORS.assign(brand_attention=[3, np.nan, 4]),
            {},
            ValueError,
            "'brand_attention' must not contain NaN",
        ),
        (
            INDICATORS.assign(brand_attention=["x", "y", "z"]),
            {},
            TypeError,
            "'brand_attention' must hold real numbers",
        ),
        (INDICATORS, {"weights": {"repeat_purchases": 1}}, ValueError, "missing"),
        (
            INDICATORS,
            {"weights": {**WEIGHTS, "loyalty": 1}},
            ValueError,
            "unknown \\['loyalty'\\]",
        ),
        (
            INDICATORS,
            {"weights": {**WEIGHTS, "brand_attention": -1}},
            ValueError,
            "weights\\['brand_attention'\\] must be non-negative",
        ),
        (
            INDICATORS,
            {"weights": dict.fromkeys(WEIGHTS, 0)},
            ValueError,
            "weights must have a positive sum",
        ),
        (INDICATORS, {"weights": [1, 1, 1]}, TypeError, "weights must be a mapping"),
        (
            INDICATORS,
            {"higher_is_better": {"price_sensitivity": 0}},
            TypeError,
            "higher_is_better\\['price_sensitivity'\\] must be True or False",
        ),
        (
            INDICATORS,
            {"higher_is_better": {"price": False}},
            ValueError,
            "higher_is_better keys must match",
        ),
        (
            INDICATORS,
            {"bounds": {"repeat_purchases": (0, 5)}},
            ValueError,
            "must lie within bounds \\[0, 5\\]; got 6",
        ),
        (
            INDICATORS,
            {"bounds": {"repeat_purchases": (10, 0)}},
            ValueError,
            "must have low < high",
        ),
        (INDICATORS, {"bounds": {"repeat_purchases": 10}}, TypeError, "a pair"),
    ],
)
def test_loyalty_index_rejects_bad_input(data, options, error, match):
    options = {"weights": WEIGHTS, **options}
    with pytest.raises(error, match=match):
        loyalty_index(data, **options)


@PROPERTY
@given(
    st.lists(
        st.tuples(st.floats(-50, 50), st.floats(0, 1), st.integers(1, 7)),
        min_size=1,
        max_size=12,
    ),
    st.tuples(st.floats(0, 5), st.floats(0, 5), st.floats(0.01, 5)),
)
def test_loyalty_index_stays_between_zero_and_one_hundred(rows, weights):
    data = pd.DataFrame(rows, columns=list(WEIGHTS))
    before = data.copy()
    index = loyalty_index(
        data,
        weights=dict(zip(WEIGHTS, weights, strict=True)),
        higher_is_better=LOWER_IS_LOYAL,
    )
    assert_frame_equal(data, before)
    assert ((index >= -1e-9) & (index <= 100 + 1e-9)).all()


# --------------------------------------------------------------------------
# Dick & Basu matrix
# --------------------------------------------------------------------------


def test_loyalty_matrix_puts_values_on_the_cut_in_the_high_group():
    attitude = pd.Series({"a": 5.0, "b": 5.0, "c": 4.99, "d": 4.99})
    patronage = pd.Series({"d": 2.99, "c": 3.0, "b": 2.99, "a": 3.0})  # other order
    types = loyalty_matrix(attitude, patronage, attitude_cut=5, patronage_cut=3)
    expected = {
        "a": "loyalty",  # attitude on the cut, patronage on the cut
        "b": "latent loyalty",
        "c": "spurious loyalty",
        "d": "no loyalty",
    }
    assert types.to_dict() == expected
    assert types.index.tolist() == ["a", "b", "c", "d"]
    assert types.name == "loyalty_type"


def test_loyalty_matrix_cuts_at_the_medians_by_default():
    # attitude median 2.5, patronage median 20
    attitude = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 2.5}
    patronage = {"a": 30, "b": 10, "c": 20, "d": 5, "e": 40}
    types = loyalty_matrix(attitude, patronage).to_dict()
    assert types == {
        "a": "spurious loyalty",
        "b": "no loyalty",
        "c": "loyalty",
        "d": "latent loyalty",
        "e": "loyalty",
    }


@pytest.mark.parametrize(
    ("attitude", "patronage", "options", "error", "match"),
    [
        ({"a": 1}, {"b": 1}, {}, ValueError, "must hold the same customers"),
        ({"a": np.nan}, {"a": 1}, {}, ValueError, "attitude must not contain NaN"),
        ({"a": 1}, {"a": "x"}, {}, TypeError, "patronage must hold real numbers"),
        ({}, {}, {}, ValueError, "attitude must not be empty"),
        ([1, 2], [1, 2], {}, TypeError, "attitude must be a pandas Series"),
        (
            pd.Series([1, 2], index=["a", "a"]),
            {"a": 1},
            {},
            ValueError,
            "attitude has duplicated keys; got 'a'",
        ),
        ({"a": 1}, {"a": 1}, {"attitude_cut": "high"}, TypeError, "attitude_cut"),
        ({"a": 1}, {"a": 1}, {"patronage_cut": np.nan}, ValueError, "patronage_cut"),
    ],
)
def test_loyalty_matrix_rejects_bad_input(attitude, patronage, options, error, match):
    with pytest.raises(error, match=match):
        loyalty_matrix(attitude, patronage, **options)


# --------------------------------------------------------------------------
# share of wallet
# --------------------------------------------------------------------------


def test_share_of_wallet_divides_firm_spend_by_category_spend():
    assert share_of_wallet(300, 1200) == 0.25
    assert share_of_wallet(0, 50) == 0.0
    assert share_of_wallet(50, 50) == 1.0
    firm = pd.Series({"a": 50.0, "b": 90.0})
    category = pd.Series({"b": 100.0, "a": 200.0})  # aligned by customer
    assert_series_equal(
        share_of_wallet(firm, category),
        pd.Series({"a": 0.25, "b": 0.9}, name="share_of_wallet"),
    )
    assert share_of_wallet([1, 3], [4, 4]).tolist() == [0.25, 0.75]


@pytest.mark.parametrize(
    ("firm", "category", "error", "match"),
    [
        (5, 4, ValueError, "firm_spend must not exceed category_spend; got 5"),
        (0, 0, ValueError, "category_spend must be positive; got 0"),
        (-1, 4, ValueError, "firm_spend must be non-negative"),
        (np.nan, 4, ValueError, "firm_spend must be a finite number"),
        ("5", 4, TypeError, "firm_spend must be a real number"),
        ({"a": 1}, {"b": 2}, ValueError, "must hold the same customers"),
        ({"a": 3}, {"a": 2}, ValueError, "must not exceed"),
        ([1, 2], [3], ValueError, "firm_spend has 2, category_spend has 1"),
        ([1, 2], [3, -3], ValueError, "category_spend must be non-negative"),
    ],
)
def test_share_of_wallet_rejects_bad_spend(firm, category, error, match):
    with pytest.raises(error, match=match):
        share_of_wallet(firm, category)


# --------------------------------------------------------------------------
# churn risk
# --------------------------------------------------------------------------

# purchase days (a has two rows on Mar 1, one purchase day):
#   a: Mar 1, Mar 11, Mar 31  gaps 10, 20 -> usual gap 15
#   b: Feb 1, Mar 2, Apr 1    gaps 30, 30 -> 30
#   c: Jan 10                 one purchase: no usual gap
#   d: Mar 20, Mar 25         gap 5 -> 5
# population gap = median(15, 30, 5) = 15
RISK_LOG = frame(
    [
        ("a", "2024-03-01"),
        ("a", "2024-03-01"),
        ("a", "2024-03-11"),
        ("a", "2024-03-31"),
        ("b", "2024-02-01"),
        ("b", "2024-03-02"),
        ("b", "2024-04-01"),
        ("c", "2024-01-10"),
        ("d", "2024-03-20"),
        ("d", "2024-03-25"),
    ]
)


def test_churn_risk_reproduces_the_hand_worked_table_as_of_the_next_day():
    # now = Apr 2 (the day after the last transaction)
    # days since: a 2, b 1, c Jan 10 -> Apr 2 = 21 + 29 + 31 + 2 = 83, d 8
    # ratios: a 2/15, b 1/30, c 83/15 = 5.53 (population gap), d 8/5 = 1.6
    risk = churn_risk(RISK_LOG)
    expected = pd.DataFrame(
        {
            "n_purchases": [3, 3, 1, 2],
            "days_since": [2, 1, 83, 8],
            "usual_gap": [15.0, 30.0, np.nan, 5.0],
            "reference_gap": [15.0, 30.0, 15.0, 5.0],
            "ratio": [2 / 15, 1 / 30, 83 / 15, 8 / 5],
            "overdue": [False, False, True, False],
        },
        index=pd.Index(["a", "b", "c", "d"], name="customer_id"),
    )
    assert_frame_equal(risk.drop(columns="last_purchase"), expected)
    assert risk["last_purchase"].tolist() == [
        pd.Timestamp(day)
        for day in ["2024-03-31", "2024-04-01", "2024-01-10", "2024-03-25"]
    ]


def test_churn_risk_flags_only_ratios_strictly_above_the_threshold():
    # now = Apr 4: d is 10 days quiet, exactly 2 x its 5-day gap -> not overdue
    risk = churn_risk(RISK_LOG, now="2024-04-04")
    assert risk.loc["d", "ratio"] == 2.0
    assert not risk.loc["d", "overdue"]
    # now = Apr 20: a 20/15, b 19/30, c 101/15, d 26/5
    later = churn_risk(RISK_LOG, now=pd.Timestamp("2024-04-20"))
    assert later["overdue"].tolist() == [False, False, True, True]
    assert churn_risk(RISK_LOG, now="2024-04-20", threshold=6)["overdue"].tolist() == [
        False,
        False,
        True,
        False,
    ]


def test_churn_risk_uses_the_population_gap_below_min_purchases():
    # with min_purchases=3, d (2 purchase days) also falls back:
    # population gap = median(15, 30) = 22.5, d ratio 8 / 22.5
    risk = churn_risk(RISK_LOG, min_purchases=3)
    assert np.isnan(risk.loc["d", "usual_gap"])
    assert risk.loc["d", "reference_gap"] == 22.5
    assert risk.loc["d", "ratio"] == pytest.approx(8 / 22.5)
    assert risk.loc["c", "ratio"] == pytest.approx(83 / 22.5)


@pytest.mark.parametrize(
    ("log", "options", "error", "match"),
    [
        (RISK_LOG, {"now": "2024-03-01"}, ValueError, "now must not be before"),
        (RISK_LOG, {"now": "someday"}, ValueError, "now must be a date"),
        (RISK_LOG, {"threshold": 0}, ValueError, "threshold must be positive"),
        (RISK_LOG, {"threshold": -1}, ValueError, "threshold must be non-negative"),
        (
            RISK_LOG,
            {"min_purchases": 1},
            ValueError,
            "min_purchases must be at least 2",
        ),
        (
            RISK_LOG,
            {"min_purchases": 2.5},
            TypeError,
            "min_purchases must be an integer",
        ),
        (
            frame([("a", "2024-01-01"), ("b", "2024-01-02")]),
            {},
            ValueError,
            "at least one customer with min_purchases=2",
        ),
        (frame([]), {}, ValueError, "transactions must not be empty"),
        (RISK_LOG.assign(date=pd.NaT), {}, ValueError, "missing dates"),
    ],
)
def test_churn_risk_rejects_bad_input(log, options, error, match):
    with pytest.raises(error, match=match):
        churn_risk(log, **options)


def test_churn_risk_leaves_the_callers_frame_unchanged():
    before = RISK_LOG.copy()
    churn_risk(RISK_LOG)
    repeat_purchase_rate(RISK_LOG, date="date")
    assert_frame_equal(RISK_LOG, before)


# --------------------------------------------------------------------------
# win-back
# --------------------------------------------------------------------------


def test_winback_value_is_probability_times_value_minus_cost():
    assert winback_value(0.3, 500, 60) == pytest.approx(90.0)  # .3*500 - 60
    assert winback_value(0.1, 100, 10) == pytest.approx(0.0)
    values = winback_value([0.2, 0.5], [100, 100], 10)
    assert values.tolist() == pytest.approx([10.0, 40.0])
    keyed = winback_value({"a": 0.1, "b": 0.3}, {"b": 500, "a": 400}, 60)
    assert_series_equal(
        keyed, pd.Series({"a": -20.0, "b": 90.0}, name="expected_value")
    )


def test_winback_value_contacts_only_customers_with_positive_expected_value():
    # expected values: x .1*100-10 = 0 (not contacted), y .5*100-10 = 40
    table = winback_value([0.1, 0.5], 100, 10, decide=True)
    assert table["expected_value"].tolist() == pytest.approx([0.0, 40.0])
    assert table["contact"].tolist() == [False, True]
    assert list(table.columns) == [
        "winback_probability",
        "regained_value",
        "contact_cost",
        "expected_value",
        "contact",
    ]


def test_winback_value_with_a_budget_takes_the_best_first_and_skips_what_does_not_fit():
    # x: .5*400-100 = 100 (cost 100), y: .5*280-50 = 90 (cost 50),
    # z: .5*180-10 = 80 (cost 10), w: .1*100-20 = -10
    # budget 120: x (spent 100), y would make 150 -> skip, z makes 110 -> contact
    p = pd.Series({"x": 0.5, "y": 0.5, "z": 0.5, "w": 0.1})
    value = pd.Series({"x": 400, "y": 280, "z": 180, "w": 100})
    cost = pd.Series({"x": 100, "y": 50, "z": 10, "w": 20})
    table = winback_value(p, value, cost, budget=120)
    assert table["expected_value"].tolist() == pytest.approx([100, 90, 80, -10])
    assert table["contact"].to_dict() == {"x": True, "y": False, "z": True, "w": False}
    unlimited = winback_value(p, value, cost, decide=True)
    assert unlimited["contact"].tolist() == [True, True, True, False]


@pytest.mark.parametrize(
    ("args", "options", "error", "match"),
    [
        ((1.2, 500, 60), {}, ValueError, "winback_probability must be in \\[0, 1\\]"),
        (([0.2, 1.5], 500, 60), {}, ValueError, "winback_probability must be in"),
        ((0.2, -500, 60), {}, ValueError, "regained_value must be non-negative"),
        ((0.2, 500, np.nan), {}, ValueError, "contact_cost must be a finite number"),
        ((0.2, "500", 60), {}, TypeError, "regained_value must be a real number"),
        (([0.2, 0.3], {"a": 1, "b": 2}, 1), {}, TypeError, "plain sequence"),
        (({"a": 0.2}, {"b": 1}, 1), {}, ValueError, "must hold the same customers"),
        (([0.2, 0.3], [1, 2, 3], 1), {}, ValueError, "regained_value has 3"),
        (([], [], 1), {}, ValueError, "winback_probability must not be empty"),
        ((0.2, 500, 60), {"budget": -1}, ValueError, "budget must be non-negative"),
        ((0.2, 500, 60), {"decide": "yes"}, TypeError, "decide must be True or False"),
    ],
)
def test_winback_value_rejects_bad_input(args, options, error, match):
    with pytest.raises(error, match=match):
        winback_value(*args, **options)


# --------------------------------------------------------------------------
# illustrative satisfaction-loyalty curve (moved from test_viz_loyalty.py)
# --------------------------------------------------------------------------


def test_illustrative_loyalty_runs_from_the_floor_to_one_hundred():
    assert illustrative_loyalty(1, floor=30, power=2) == 30.0
    assert illustrative_loyalty(5, floor=30, power=2) == 100.0
    # (3 - 1) / 4 = 0.5; 0.5 ** 4 = 0.0625 -> 6.25 % in a highly competitive market
    assert illustrative_loyalty(3, floor=0, power=4) == pytest.approx(6.25)


@settings(max_examples=50, deadline=None)
@given(
    floor=st.floats(0, 100),
    power=st.floats(0.1, 8),
    s=st.lists(st.floats(1, 5), min_size=2, max_size=20),
)
def test_illustrative_loyalty_rises_with_satisfaction(floor, power, s):
    s = np.sort(np.array(s))
    loyalty = illustrative_loyalty(s, floor=floor, power=power)
    assert np.all(np.diff(loyalty) >= -1e-9)
    assert np.all((loyalty >= floor - 1e-9) & (loyalty <= 100 + 1e-9))


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        (6, {"floor": 0, "power": 1}, ValueError, r"satisfaction must be in \[1, 5\]"),
        ([2, 0.5], {"floor": 0, "power": 1}, ValueError, "satisfaction must be in"),
        (float("nan"), {"floor": 0, "power": 1}, ValueError, "satisfaction"),
        ("3", {"floor": 0, "power": 1}, TypeError, "satisfaction"),
        (3, {"floor": 120, "power": 1}, ValueError, r"floor must be in \[0, 100\]"),
        (3, {"floor": -5, "power": 1}, ValueError, "floor"),
        (3, {"floor": 0, "power": 0}, ValueError, "power must be positive"),
    ],
)
def test_illustrative_loyalty_rejects_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        illustrative_loyalty(args, **kwargs)
