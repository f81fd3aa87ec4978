"""Tests of crmlab.credit and the chapter 12 generators.

The course's lesson plans give no credit numbers: the golden numbers here are
worked by hand from the module's stated conventions on small made-up inputs.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from crmlab.credit import (
    AGEING_BUCKETS,
    CREDIT_BANDS,
    FIVE_C_BOUNDS,
    FIVE_C_HIGHER_IS_BETTER,
    FIVE_C_WEIGHTS,
    LIMIT_MULTIPLIERS,
    PROVISION_RATES,
    bad_debt_provision,
    credit_grade,
    credit_limit,
    credit_period_analysis,
    credit_period_scenarios,
    credit_score,
    days_past_due,
    dso,
    receivables_ageing,
)
from crmlab.datasets import make_credit_file, make_invoices
from crmlab.scoring import weighted_score

AS_OF = "2026-06-30"


def invoice_list(days: list[int], amounts: list[float] | None = None) -> pd.DataFrame:
    """Open invoices whose days past due on AS_OF are ``days``."""
    amounts = amounts or [100.0] * len(days)
    due = [pd.Timestamp(AS_OF) - pd.Timedelta(days=d) for d in days]
    return pd.DataFrame(
        {
            "invoice_id": [f"i{k}" for k in range(len(days))],
            "customer_id": ["c"] * len(days),
            "amount": amounts,
            "due_date": due,
        }
    )


# --- scores and grades ------------------------------------------------------


def test_credit_score_is_the_weighted_score_of_the_factors():
    file = make_credit_file(6, seed=3).drop(columns="monthly_purchases")
    options = {"higher_is_better": FIVE_C_HIGHER_IS_BETTER, "bounds": FIVE_C_BOUNDS}
    expected = weighted_score(file, FIVE_C_WEIGHTS, **options)["score"]
    assert_series_equal(credit_score(file, FIVE_C_WEIGHTS, **options), expected)


def test_credit_score_worked_by_hand():
    # character 4 on 1-5 -> 0.75; debt ratio 0.4 on 0-1, lower better -> 0.6.
    file = pd.DataFrame({"character": [4], "capital": [0.4]}, index=["x"])
    score = credit_score(
        file,
        {"character": 3, "capital": 1},
        higher_is_better={"capital": False},
        bounds={"character": (1, 5), "capital": (0, 1)},
        scale=10,
    )
    assert score["x"] == pytest.approx(10 * (0.75 * 0.75 + 0.25 * 0.6))


def test_credit_score_rejects_bad_weights_through_the_one_scoring_function():
    file = pd.DataFrame({"a": [1, 2]})
    with pytest.raises(ValueError, match="weights keys"):
        credit_score(file, {"b": 1})
    with pytest.raises(TypeError, match="criteria must be a pandas DataFrame"):
        credit_score([[1, 2]], {"a": 1})


def test_credit_bands_are_the_books_read_only_defaults():
    assert dict(CREDIT_BANDS) == {"AAA": 85, "AA": 70, "A": 55, "B": 40, "C": 0}
    with pytest.raises(TypeError):
        CREDIT_BANDS["AAA"] = 90  # type: ignore[index]


def test_credit_grade_puts_a_score_on_a_minimum_in_that_grade():
    scores = pd.Series(
        {"a": 100, "b": 85, "c": 84.99, "d": 70, "e": 55, "f": 40, "g": 39.9, "h": 0}
    )
    expected = ["AAA", "AAA", "AA", "AA", "A", "B", "C", "C"]
    assert credit_grade(scores).tolist() == expected
    assert credit_grade(scores).name == "grade"


def test_credit_grade_takes_custom_bands():
    grades = credit_grade({"x": 75, "y": 20}, bands={"good": 60, "poor": 0})
    assert grades.tolist() == ["good", "poor"]


@pytest.mark.parametrize(
    ("bands", "match"),
    [
        ({"A": 50, "B": 70, "C": 0}, "strictly falling"),
        ({"A": 70, "B": 70, "C": 0}, "overlapping"),
        ({"A": 70, "B": 40}, "minimum is 0"),
        ({"A": 120, "C": 0}, r"\[0, 100\]"),
        ({"A": -5}, "non-negative"),
        ({}, "must not be empty"),
    ],
)
def test_credit_grade_rejects_bad_bands(bands, match):
    with pytest.raises(ValueError, match=match):
        credit_grade({"x": 50}, bands=bands)


def test_credit_grade_rejects_bad_band_types_and_scores():
    with pytest.raises(TypeError, match="bands must be a mapping"):
        credit_grade({"x": 50}, bands=[("A", 0)])
    with pytest.raises(TypeError, match="bands keys"):
        credit_grade({"x": 50}, bands={1: 0})
    with pytest.raises(ValueError, match=r"scores must be in \[0, 100\]; got 101"):
        credit_grade({"x": 101})
    with pytest.raises(ValueError, match="NaN"):
        credit_grade(pd.Series([np.nan]))
    with pytest.raises(ValueError, match="duplicated"):
        credit_grade(pd.Series([1, 2], index=["a", "a"]))
    with pytest.raises(TypeError, match="scores must be"):
        credit_grade([50, 60])


@given(st.lists(st.floats(0, 100), min_size=1, max_size=30))
def test_a_higher_score_never_gets_a_worse_grade(values):
    scores = pd.Series(sorted(values))
    rank = {grade: k for k, grade in enumerate(CREDIT_BANDS)}
    positions = credit_grade(scores).map(rank).to_numpy()
    assert (np.diff(positions) <= 0).all()


# --- limits ------------------------------------------------------------------


def test_credit_limit_is_multiplier_times_purchases_over_the_period():
    grades = pd.Series({"a": "AAA", "b": "B", "c": "C"})
    limits = credit_limit(grades, {"a": 900, "b": 600, "c": 300}, credit_period=45)
    assert limits.tolist() == pytest.approx([1.5 * 900 * 1.5, 0.5 * 600 * 1.5, 0.0])
    assert dict(LIMIT_MULTIPLIERS)["AA"] == 1.2


def test_credit_limit_rejects_bad_input():
    grades = pd.Series({"a": "AAA"})
    with pytest.raises(ValueError, match="got 'Z'"):
        credit_limit(pd.Series({"a": "Z"}), {"a": 1})
    with pytest.raises(ValueError, match="same customers"):
        credit_limit(grades, {"b": 1})
    with pytest.raises(ValueError, match="non-negative"):
        credit_limit(grades, {"a": -1})
    with pytest.raises(ValueError, match="credit_period must be at least 0"):
        credit_limit(grades, {"a": 1}, credit_period=-30)
    with pytest.raises(TypeError, match="credit_period must be a whole number"):
        credit_limit(grades, {"a": 1}, credit_period=30.5)
    with pytest.raises(TypeError, match="grades must be"):
        credit_limit(["AAA"], {"a": 1})


# --- ageing -------------------------------------------------------------------


def test_ageing_boundary_days_land_in_the_documented_buckets():
    # Golden: each boundary day of the book's buckets, one invoice each.
    days = [-1, 0, 30, 31, 60, 61, 90, 91, 400]
    amounts = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0]
    ageing = receivables_ageing(invoice_list(days, amounts), as_of=AS_OF)
    expected = pd.DataFrame(
        {
            "count": [1, 2, 2, 2, 2],
            "amount": [1.0, 6.0, 24.0, 96.0, 384.0],
            "share": np.array([1.0, 6.0, 24.0, 96.0, 384.0]) / 511.0,
        },
        index=pd.Index(list(AGEING_BUCKETS), name="bucket"),
    )
    assert_frame_equal(ageing, expected)


def test_days_past_due_floors_times_to_whole_days():
    invoices = invoice_list([5])
    invoices["due_date"] = [pd.Timestamp("2026-06-25 18:30")]
    assert days_past_due(invoices, as_of="2026-06-30 08:00").tolist() == [5]


def test_ageing_of_a_hand_made_invoice_list():
    invoices = pd.DataFrame(
        {
            "invoice_id": ["A1", "A2", "B1", "C1", "C2"],
            "customer_id": ["A", "A", "B", "C", "C"],
            "invoice_date": ["2026-06-01"] * 2 + ["2026-03-01"] + ["2026-01-15"] * 2,
            "due_date": [
                "2026-07-01",  # not yet due (-1)
                "2026-06-30",  # due today (0) -> 0-30
                "2026-04-30",  # 61 days -> 61-90
                "2026-03-31",  # 91 days -> over 90
                "2026-05-01",  # 60 days -> 31-60
            ],
            "amount": [500.0, 1500.0, 1000.0, 800.0, 200.0],
        }
    )
    before = invoices.copy()
    ageing = receivables_ageing(invoices, as_of=AS_OF)
    assert ageing["count"].tolist() == [1, 1, 1, 1, 1]
    assert ageing["amount"].tolist() == [500.0, 1500.0, 200.0, 1000.0, 800.0]
    assert_frame_equal(invoices, before)
    # Provision with the book's rates: 5 + 30 + 20 + 300 + 400.
    assert bad_debt_provision(ageing, PROVISION_RATES) == pytest.approx(755.0)


def test_ageing_takes_custom_buckets_and_reports_uncovered_days():
    buckets = {"current": (-math.inf, 0), "late": (1, math.inf)}
    ageing = receivables_ageing(invoice_list([0, 1, 2]), as_of=AS_OF, buckets=buckets)
    assert ageing["count"].tolist() == [1, 2]
    with pytest.raises(ValueError, match="cover every invoice"):
        receivables_ageing(invoice_list([-3]), as_of=AS_OF, buckets={"late": (0, 9)})


@pytest.mark.parametrize(
    ("buckets", "error", "match"),
    [
        ({"a": (0, 30), "b": (20, 60)}, ValueError, "not overlapping"),
        ({"a": (31, 60), "b": (0, 30)}, ValueError, "sorted"),
        ({"a": (0, 30), "b": (40, 60)}, ValueError, "contiguous"),
        ({"a": (30, 0)}, ValueError, "low <= high"),
        ({"a": (0.5, 30)}, ValueError, "whole days"),
        ({"a": 30}, TypeError, "pair"),
        ({"a": ("x", 30)}, TypeError, "real number"),
        ([(0, 30)], TypeError, "mapping"),
    ],
)
def test_ageing_rejects_bad_buckets(buckets, error, match):
    with pytest.raises(error, match=match):
        receivables_ageing(invoice_list([5]), as_of=AS_OF, buckets=buckets)


def test_ageing_rejects_bad_invoices():
    good = invoice_list([1, 2])
    cases = [
        (good.assign(amount=[-5.0, 1.0]), ValueError, "amount.*> 0; got -5"),
        (good.assign(amount=[0.0, 1.0]), ValueError, "> 0; got 0"),
        (good.assign(amount=[np.nan, 1.0]), ValueError, "got nan"),
        (good.assign(amount=["1", "2"]), TypeError, "must hold numbers"),
        (good.assign(due_date=[pd.NaT, pd.NaT]), ValueError, "missing dates"),
        (good.assign(due_date=[1, 2]), TypeError, "must hold dates"),
        (good.assign(due_date=["soon", "later"]), ValueError, "must hold dates"),
        (good.assign(invoice_id=["x", "x"]), ValueError, "unique; got 'x'"),
        (good.drop(columns="due_date"), ValueError, "missing \\['due_date'\\]"),
        (good.iloc[0:0], ValueError, "must not be empty"),
        (good.assign(invoice_date=["2026-12-01"] * 2), ValueError, "issued"),
        ([1, 2], TypeError, "invoices must be a pandas DataFrame"),
    ]
    for invoices, error, match in cases:
        with pytest.raises(error, match=match):
            receivables_ageing(invoices, as_of=AS_OF)


def test_ageing_rejects_a_bad_as_of():
    with pytest.raises(TypeError, match="as_of must be a date"):
        receivables_ageing(invoice_list([1]), as_of=20260630)
    with pytest.raises(ValueError, match="as_of must be a date"):
        receivables_ageing(invoice_list([1]), as_of="yesterday")


invoice_days = st.lists(
    st.tuples(st.integers(-200, 800), st.floats(0.01, 1e6)), min_size=1, max_size=40
)


@settings(max_examples=60, deadline=None)
@given(invoice_days)
def test_ageing_amounts_add_up_and_shares_sum_to_one(rows):
    invoices = invoice_list([d for d, _ in rows], [a for _, a in rows])
    ageing = receivables_ageing(invoices, as_of=AS_OF)
    assert ageing["amount"].sum() == pytest.approx(invoices["amount"].sum())
    assert ageing["share"].sum() == pytest.approx(1.0)
    assert ageing["count"].sum() == len(invoices)


@settings(max_examples=40, deadline=None)
@given(invoice_days, st.randoms(use_true_random=False))
def test_ageing_does_not_depend_on_row_order(rows, random):
    invoices = invoice_list([d for d, _ in rows], [a for _, a in rows])
    shuffled = invoices.sample(frac=1, random_state=random.randint(0, 999))
    assert_frame_equal(
        receivables_ageing(invoices, as_of=AS_OF),
        receivables_ageing(shuffled, as_of=AS_OF),
        check_exact=False,
    )


# --- provision and DSO -----------------------------------------------------------


def test_provision_is_the_sum_of_amount_times_rate():
    ageing = pd.DataFrame({"amount": [1000.0, 400.0]}, index=["young", "old"])
    assert bad_debt_provision(ageing, {"young": 0.02, "old": 0.5}) == pytest.approx(
        220.0
    )


def test_provision_takes_the_amounts_alone():
    amounts = {"young": 1000.0, "old": 400.0}
    rates = {"young": 0.02, "old": 0.5}
    assert bad_debt_provision(amounts, rates) == pytest.approx(220.0)
    assert bad_debt_provision(pd.Series(amounts), rates) == pytest.approx(220.0)
    with pytest.raises(ValueError, match="ageing must be non-negative"):
        bad_debt_provision({"young": -1.0, "old": 1.0}, rates)
    with pytest.raises(TypeError, match="ageing must be a pandas Series"):
        bad_debt_provision([1.0, 2.0], rates)


def test_provision_rejects_bad_rates():
    ageing = pd.DataFrame({"amount": [1000.0, 400.0]}, index=["young", "old"])
    with pytest.raises(
        ValueError, match=r"rates\['old'\] must be in \[0, 1\]; got 1.5"
    ):
        bad_debt_provision(ageing, {"young": 0.1, "old": 1.5})
    with pytest.raises(ValueError, match="got 'older' in rates only"):
        bad_debt_provision(ageing, {"young": 0.1, "old": 0.2, "older": 0.3})
    with pytest.raises(ValueError, match="got 'old' in ageing only"):
        bad_debt_provision(ageing, {"young": 0.1})
    with pytest.raises(TypeError, match="rates must be a mapping"):
        bad_debt_provision(ageing, [0.1, 0.2])
    with pytest.raises(TypeError, match="real number"):
        bad_debt_provision(ageing, {"young": "0.1", "old": 0.2})
    with pytest.raises(ValueError, match="amount"):
        bad_debt_provision(ageing.rename(columns={"amount": "x"}), {"young": 0.1})


@given(
    st.lists(st.floats(0, 1e6), min_size=5, max_size=5),
    st.lists(st.floats(0, 1), min_size=5, max_size=5),
    st.lists(st.floats(0, 1), min_size=5, max_size=5),
)
def test_provision_is_monotone_in_the_rates(amounts, low, extra):
    ageing = pd.DataFrame({"amount": amounts}, index=list(PROVISION_RATES))
    rates = dict(zip(PROVISION_RATES, low, strict=True))
    higher = {
        k: min(1.0, r + e) for (k, r), e in zip(rates.items(), extra, strict=True)
    }
    assert (
        bad_debt_provision(ageing, higher) >= bad_debt_provision(ageing, rates) - 1e-6
    )
    assert 0 <= bad_debt_provision(ageing, rates) <= sum(amounts) + 1e-6


def test_dso_worked_example_and_bad_input():
    # 150 000 unpaid of 900 000 sold in a 90-day quarter: 15 days of sales.
    assert dso(150_000, 900_000, 90) == pytest.approx(15.0)
    assert dso(0, 1, 360) == 0.0
    with pytest.raises(ValueError, match="credit_sales must be positive; got 0"):
        dso(1, 0, 90)
    with pytest.raises(ValueError, match="days must be positive"):
        dso(1, 1, 0)
    with pytest.raises(ValueError, match="receivables must be non-negative"):
        dso(-1, 1, 90)
    with pytest.raises(TypeError, match="credit_sales must be a real number"):
        dso(1, "9", 90)
    with pytest.raises(ValueError, match="finite"):
        dso(float("nan"), 1, 90)


# --- the credit period ------------------------------------------------------------


def test_credit_period_analysis_worked_by_hand():
    candidates = pd.DataFrame(
        {"sales": [3600.0, 4320.0], "bad_debt_rate": [0.01, 0.03]},
        index=[30, 60],
    )
    table = credit_period_analysis(
        candidates, variable_cost_ratio=0.5, cost_of_capital=0.1
    )
    # 60 days: receivables 4320 * 60 / 360 = 720; carrying 720 * .5 * .1 = 36;
    # contribution 2160; bad debt 129.6; net 2160 - 36 - 129.6 = 1994.4.
    assert table.loc[60, "receivables"] == pytest.approx(720.0)
    assert table.loc[60, "carrying_cost"] == pytest.approx(36.0)
    assert table.loc[60, "net_benefit"] == pytest.approx(1994.4)
    assert table.loc[30, "net_benefit"] == pytest.approx(1800 - 15 - 36)


def test_credit_period_analysis_subtracts_collection_cost():
    candidates = pd.DataFrame(
        {"sales": [100.0], "bad_debt_rate": [0.0], "collection_cost": [7.0]},
        index=[0],
    )
    table = credit_period_analysis(
        candidates, variable_cost_ratio=0.5, cost_of_capital=0
    )
    assert table.loc[0, "net_benefit"] == pytest.approx(43.0)


def test_credit_period_analysis_rejects_bad_input():
    good = credit_period_scenarios([0, 30])
    with pytest.raises(ValueError, match="variable_cost_ratio must be in"):
        credit_period_analysis(good, variable_cost_ratio=1.2, cost_of_capital=0.1)
    with pytest.raises(ValueError, match="bad_debt_rate at period 30"):
        credit_period_analysis(
            good.assign(bad_debt_rate=[0.1, 2.0]),
            variable_cost_ratio=0.5,
            cost_of_capital=0.1,
        )
    with pytest.raises(ValueError, match="unique"):
        credit_period_analysis(
            good.set_axis([30, 30]), variable_cost_ratio=0.5, cost_of_capital=0.1
        )
    with pytest.raises(TypeError, match="whole number of days"):
        credit_period_analysis(
            good.set_axis(["a", "b"]), variable_cost_ratio=0.5, cost_of_capital=0.1
        )
    with pytest.raises(ValueError, match="sales' must be positive"):
        credit_period_analysis(
            good.assign(sales=[0.0, 1.0]), variable_cost_ratio=0.5, cost_of_capital=0.1
        )


def test_credit_period_scenarios_follow_the_stated_curve():
    table = credit_period_scenarios([0, 30, 90], base_sales=200, max_lift=1.0)
    assert table["sales"].tolist() == pytest.approx([200, 300, 375])
    assert table["bad_debt_rate"].tolist() == pytest.approx([0.01, 0.02, 0.04])
    with pytest.raises(ValueError, match="unique"):
        credit_period_scenarios([30, 30])
    with pytest.raises(ValueError, match="periods must be at least 0"):
        credit_period_scenarios([-30])
    with pytest.raises(TypeError, match="periods must be a sequence"):
        credit_period_scenarios("30")
    with pytest.raises(ValueError, match="must be positive"):
        credit_period_scenarios([0], half_life=0)
    with pytest.raises(ValueError, match="base_bad_debt must be in"):
        credit_period_scenarios([0], base_bad_debt=-0.1)


# --- generators ------------------------------------------------------------------


def test_make_invoices_is_deterministic_and_valid_for_the_ageing():
    first = make_invoices(30, seed=7)
    assert_frame_equal(first, make_invoices(30, seed=7))
    assert not first.equals(make_invoices(30, seed=8))
    assert first["invoice_id"].is_unique
    assert (first["amount"] > 0).all()
    assert (first["invoice_date"] <= pd.Timestamp("2026-06-30")).all()
    assert (first["due_date"] >= first["invoice_date"]).all()
    ageing = receivables_ageing(first, as_of="2026-06-30")
    assert ageing.loc["over 90", "count"] > 0 and ageing.loc["not yet due", "count"] > 0


def test_make_invoices_and_credit_file_reject_bad_arguments():
    with pytest.raises(ValueError, match="n_customers must be at least 1"):
        make_invoices(0)
    with pytest.raises(TypeError, match="seed"):
        make_invoices(3, seed="x")
    with pytest.raises(ValueError, match="as_of must be a date"):
        make_invoices(3, as_of="never")
    with pytest.raises(ValueError, match="n_applicants must be in"):
        make_credit_file(13)


def test_make_credit_file_lies_within_the_five_c_bounds():
    file = make_credit_file(12, seed=11)
    assert_frame_equal(file, make_credit_file(12, seed=11))
    for factor, (low, high) in FIVE_C_BOUNDS.items():
        assert file[factor].between(low, high).all(), factor
    scores = credit_score(
        file.drop(columns="monthly_purchases"),
        FIVE_C_WEIGHTS,
        higher_is_better=FIVE_C_HIGHER_IS_BETTER,
        bounds=FIVE_C_BOUNDS,
    )
    assert scores.between(0, 100).all()
    assert (file["monthly_purchases"] > 0).all()


def test_no_function_changes_the_callers_data():
    file = make_credit_file(5, seed=4)
    factors = file.drop(columns="monthly_purchases")
    before_factors, before_file = factors.copy(), file.copy()
    scores = credit_score(factors, FIVE_C_WEIGHTS, bounds=FIVE_C_BOUNDS)
    before_scores = scores.copy()
    grades = credit_grade(scores)
    before_grades = grades.copy()
    credit_limit(grades, file["monthly_purchases"])
    ageing = receivables_ageing(make_invoices(5, seed=4), as_of=AS_OF)
    before_ageing = ageing.copy()
    rates = dict(PROVISION_RATES)
    bad_debt_provision(ageing, rates)
    candidates = credit_period_scenarios([0, 30])
    before_candidates = candidates.copy()
    credit_period_analysis(candidates, variable_cost_ratio=0.5, cost_of_capital=0.1)
    assert_frame_equal(factors, before_factors)
    assert_frame_equal(file, before_file)
    assert_series_equal(scores, before_scores)
    assert_series_equal(grades, before_grades)
    assert_frame_equal(ageing, before_ageing)
    assert_frame_equal(candidates, before_candidates)
    assert rates == dict(PROVISION_RATES)
