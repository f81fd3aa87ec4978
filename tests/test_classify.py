"""Tests for crmlab.classify: ABC analysis, pyramid, value matrix, RFM."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.classify import (
    RFM_SEGMENTS,
    abc_by_amount,
    abc_classify,
    customer_pyramid,
    effort_alignment,
    rfm_score,
    rfm_segment,
    rfm_table,
    summarize_classes,
    value_matrix,
)
from crmlab.datasets import load_distributors


def members(table: pd.DataFrame, label: str, column: str = "class") -> list:
    return table.index[table[column] == label].tolist()


# --------------------------------------------------------------------------
# abc_classify
# --------------------------------------------------------------------------


def test_abc_classify_reproduces_the_twenty_distributor_example():
    # The exam papers' ABC example: total 10 580, A bound 7 406, B bound 9 522.
    table = abc_classify(load_distributors())
    assert members(table, "A") == list("fetdinhpm")
    assert members(table, "B") == list("blsoa")
    assert members(table, "C") == list("jrkcqg")
    # running total after m is 7 380 <= 7 406; adding b (460) gives 7 840.
    assert table.loc["m", "cumulative_share"] == pytest.approx(7380 / 10580)
    assert table.loc["b", "cumulative_share"] == pytest.approx(7840 / 10580)
    assert table["value"].sum() == 10580


def test_abc_classify_cross_rule_puts_the_crossing_customer_in_the_higher_class():
    # Worked by hand from the exam papers' sorted list:
    # running totals f 1200, e 2250, t 3210, d 4100, i 4850, n 5560, h 6220,
    # p 6850, m 7380 (< 7 406), b 7840 — b starts at 7 380 < 7 406, so b
    # crosses the A bound and joins A. l 8250, s 8650, o 9030, a 9380,
    # j 9700 — j starts at 9 380 < 9 522, crosses the B bound, joins B.
    # r starts at 9 700 >= 9 522: C from r on.
    table = abc_classify(load_distributors(), rule="cross")
    assert members(table, "A") == list("fetdinhpmb")
    assert members(table, "B") == list("lsoaj")
    assert members(table, "C") == list("rkcqg")


def test_abc_classify_returns_the_documented_frame():
    table = abc_classify({"x": 30, "y": 60, "z": 10})
    expected = pd.DataFrame(
        {
            "value": [60.0, 30.0, 10.0],
            "share": [0.6, 0.3, 0.1],
            "cumulative_share": [0.6, 0.9, 1.0],
            "class": ["A", "B", "C"],
        },
        index=pd.Index(["y", "x", "z"], name="customer"),
    )
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)


def test_abc_classify_orders_ties_by_customer_id():
    values = pd.Series([5, 5, 5, 5], index=["d", "b", "a", "c"])
    table = abc_classify(values, cutoffs=(0.5, 0.75))
    assert table.index.tolist() == ["a", "b", "c", "d"]
    assert table["class"].tolist() == ["A", "A", "B", "C"]


def test_abc_classify_keeps_the_top_customer_in_a_when_it_alone_exceeds_the_bound():
    # 80 % > 70 %: documented choice, the top customer is still class A.
    # b brings the running total to 95 % > 90 %, so B is empty here.
    table = abc_classify({"a": 80, "b": 15, "c": 5})
    assert table["class"].tolist() == ["A", "C", "C"]
    assert abc_classify({"a": 80, "b": 15, "c": 5}, rule="cross")["class"].tolist() == [
        "A",
        "B",
        "C",
    ]


def test_abc_classify_treats_a_running_total_on_the_bound_as_within_it():
    # Ten customers of 0.1: in floating point the running total after seven
    # is 0.7000000000000001 > 0.7 * 0.9999999999999999; the tolerance keeps
    # the seventh customer in A under both rules.
    values = {f"c{i}": 0.1 for i in range(10)}
    assert np.cumsum([0.1] * 10)[6] > 0.7 * sum([0.1] * 10)
    for rule in ("not_exceed", "cross"):
        table = abc_classify(values, rule=rule)
        assert table["class"].value_counts().to_dict() == {"A": 7, "B": 2, "C": 1}


def test_abc_classify_accepts_other_cutoffs_and_labels():
    table = abc_classify(
        {"a": 50, "b": 30, "c": 20}, cutoffs=(0.5,), labels=("key", "rest")
    )
    assert table["class"].tolist() == ["key", "rest", "rest"]


@pytest.mark.parametrize(
    ("values", "options", "error", "match"),
    [
        ({"a": 1.0, "b": float("nan")}, {}, ValueError, "NaN"),
        ({"a": 1.0, "b": -2.0}, {}, ValueError, "non-negative"),
        ({}, {}, ValueError, "empty"),
        ([1, 2, 3], {}, TypeError, "Series or a mapping"),
        ({"a": "1"}, {}, TypeError, "real numbers"),
        (pd.Series([1, 2], index=["a", "a"]), {}, ValueError, "duplicated"),
        ({"a": 0, "b": 0}, {}, ValueError, "all be zero"),
        ({"a": 1}, {"rule": "closest"}, ValueError, "rule must be one of"),
        ({"a": 1}, {"cutoffs": (0.9, 0.7)}, ValueError, "strictly increasing"),
        ({"a": 1}, {"cutoffs": (0.7, 1.0)}, ValueError, r"in \(0, 1\)"),
        ({"a": 1}, {"cutoffs": (0.0, 0.9)}, ValueError, r"in \(0, 1\)"),
        ({"a": 1}, {"cutoffs": (70, 90)}, ValueError, r"in \(0, 1\)"),
        ({"a": 1}, {"cutoffs": ()}, ValueError, "empty"),
        ({"a": 1}, {"labels": ("A", "B")}, ValueError, "3 labels"),
        ({"a": 1}, {"labels": ("A", "A", "C")}, ValueError, "repeat"),
    ],
)
def test_abc_classify_rejects_bad_input(values, options, error, match):
    with pytest.raises(error, match=match):
        abc_classify(values, **options)


customer_values = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3),
    st.integers(0, 1_000),
    min_size=1,
    max_size=30,
).filter(lambda values: sum(values.values()) > 0)


@settings(max_examples=60)
@given(
    customer_values,
    st.randoms(use_true_random=False),
    st.sampled_from(["not_exceed", "cross"]),
)
def test_abc_classify_does_not_depend_on_row_order(values, random, rule):
    keys = list(values)
    shuffled = keys[:]
    random.shuffle(shuffled)
    first = abc_classify(pd.Series(values)[keys], rule=rule)
    second = abc_classify(pd.Series(values)[shuffled], rule=rule)
    pd.testing.assert_frame_equal(first, second)


@settings(max_examples=60)
@given(customer_values, st.sampled_from(["not_exceed", "cross"]))
def test_abc_classify_shares_sum_to_one_and_classes_are_monotone(values, rule):
    table = abc_classify(values, rule=rule)
    assert table["share"].sum() == pytest.approx(1.0)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert table["class"].iloc[0] == "A"
    # A higher value never gets a worse class than a lower value.
    rank = table["class"].map({"A": 0, "B": 1, "C": 2}).to_numpy()
    value = table["value"].to_numpy()
    higher = value[:, None] > value[None, :]
    assert not (higher & (rank[:, None] > rank[None, :])).any()


@settings(max_examples=30)
@given(customer_values)
def test_abc_classify_leaves_the_callers_series_unchanged(values):
    series = pd.Series(values)
    before = series.copy()
    abc_classify(series)
    pd.testing.assert_series_equal(series, before)


# --------------------------------------------------------------------------
# abc_by_amount
# --------------------------------------------------------------------------


def test_abc_by_amount_uses_the_seed_bands_with_bounds_in_the_higher_class():
    # Exam papers: A >= 5 000 000, B 1 000 000 to below 5 000 000, C < 1 000 000.
    amounts = {
        "a": 5_000_000,
        "b": 4_999_999.99,
        "c": 1_000_000,
        "d": 999_999.99,
        "e": 0,
    }
    table = abc_by_amount(amounts)
    assert table.index.tolist() == list("abcde")
    assert table["class"].tolist() == ["A", "B", "B", "C", "C"]


def test_abc_by_amount_accepts_other_bounds():
    table = abc_by_amount({"a": 50, "b": 20, "c": 5}, bounds=(10, 40))
    assert table["class"].tolist() == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("values", "bounds", "error", "match"),
    [
        ({"a": -1}, (1, 5), ValueError, "non-negative"),
        ({"a": float("nan")}, (1, 5), ValueError, "NaN"),
        ({}, (1, 5), ValueError, "empty"),
        ("a", (1, 5), TypeError, "Series or a mapping"),
        (pd.Series([1, 2], index=["a", "a"]), (1, 5), ValueError, "duplicated"),
        ({"a": 1}, (5, 1), ValueError, "strictly increasing"),
        ({"a": 1}, (1, 5, 9), ValueError, "two numbers"),
        ({"a": 1}, (0, 5), ValueError, "positive"),
        ({"a": 1}, "15", TypeError, "sequence of numbers"),
    ],
)
def test_abc_by_amount_rejects_bad_input(values, bounds, error, match):
    with pytest.raises(error, match=match):
        abc_by_amount(values, bounds=bounds)


# --------------------------------------------------------------------------
# customer_pyramid
# --------------------------------------------------------------------------

TIERS = ["VIP", "major", "ordinary", "small"]


def tier_sizes(n: int) -> list[int]:
    table = customer_pyramid({f"c{i:04d}": i for i in range(n)})
    return table["tier"].value_counts().reindex(TIERS, fill_value=0).tolist()


def test_customer_pyramid_splits_a_thousand_customers_10_40_150_800():
    # The exam papers give the VIP top 1 %; major 4 %, ordinary 15 % and
    # small 80 % are this book's convention.
    assert tier_sizes(1_000) == [10, 40, 150, 800]


@pytest.mark.parametrize(
    ("n", "sizes"),
    [
        # boundaries round-half-up(cumulative share x n), shares .01 .05 .20 1:
        (1, [0, 0, 0, 1]),  # 0.01, 0.05, 0.2 -> 0, 0, 0
        (7, [0, 0, 1, 6]),  # 0.07, 0.35, 1.4 -> 0, 0, 1
        (50, [1, 2, 7, 40]),  # 0.5, 2.5, 10 -> 1, 3, 10 (halves round up)
        (99, [1, 4, 15, 79]),  # 0.99, 4.95, 19.8 -> 1, 5, 20
        (150, [2, 6, 22, 120]),  # 1.5, 7.5, 30 -> 2, 8, 30
    ],
)
def test_customer_pyramid_rounds_tier_boundaries_half_up(n, sizes):
    assert tier_sizes(n) == sizes


def test_customer_pyramid_ranks_by_value_with_ties_by_customer_id():
    table = customer_pyramid(
        {"b": 5, "a": 5, "c": 9, "d": 1}, shares=(0.5, 0.5), labels=("top", "low")
    )
    assert table.index.tolist() == ["c", "a", "b", "d"]
    assert table["rank"].tolist() == [1, 2, 3, 4]
    assert table["tier"].tolist() == ["top", "top", "low", "low"]


@settings(max_examples=60)
@given(
    st.integers(1, 400),
    st.lists(st.integers(1, 20), min_size=1, max_size=6),
)
def test_customer_pyramid_sizes_sum_to_n_and_stay_within_one_of_the_share(n, weights):
    shares = [w / sum(weights) for w in weights]
    labels = [f"tier{k}" for k in range(len(shares))]
    table = customer_pyramid({i: i % 7 for i in range(n)}, shares=shares, labels=labels)
    sizes = table["tier"].value_counts().reindex(labels, fill_value=0)
    assert sizes.sum() == n
    assert (abs(sizes.to_numpy() - np.asarray(shares) * n) < 1 + 1e-9).all()
    # tiers appear in order, top first
    assert table["tier"].tolist() == sorted(table["tier"], key=labels.index)


@pytest.mark.parametrize(
    ("values", "options", "error", "match"),
    [
        ({"a": -1}, {}, ValueError, "non-negative"),
        ({"a": float("nan")}, {}, ValueError, "NaN"),
        ({}, {}, ValueError, "empty"),
        (pd.Series([1, 2], index=["a", "a"]), {}, ValueError, "duplicated"),
        ([1, 2], {}, TypeError, "Series or a mapping"),
        ({"a": 1}, {"shares": (0.5, 0.6)}, ValueError, "sum to 1"),
        ({"a": 1}, {"shares": (1, 4, 15, 80)}, ValueError, "sum to 1"),
        (
            {"a": 1},
            {"shares": (0.5, 0.5), "labels": "xy"},
            TypeError,
            "sequence of strings",
        ),
        (
            {"a": 1},
            {"shares": (0.0, 0.2, 0.8), "labels": "xyz"},
            ValueError,
            "positive",
        ),
        ({"a": 1}, {"shares": ()}, ValueError, "empty"),
        ({"a": 1}, {"labels": ("VIP", "rest")}, ValueError, "4 labels"),
        ({"a": 1}, {"labels": ("VIP", 2, 3, 4)}, TypeError, "strings"),
    ],
)
def test_customer_pyramid_rejects_bad_input(values, options, error, match):
    with pytest.raises(error, match=match):
        customer_pyramid(values, **options)


# --------------------------------------------------------------------------
# value_matrix
# --------------------------------------------------------------------------


def test_value_matrix_counts_a_value_on_the_cut_as_high():
    current = {"on": 10, "above": 11, "below": 9.99, "low": 0}
    potential = {"on": 5, "above": 4.99, "below": 5, "low": 4}
    table = value_matrix(current, potential, current_cut=10, potential_cut=5)
    assert table["class"].to_dict() == {
        "on": "platinum",
        "above": "gold",
        "below": "iron",
        "low": "lead",
    }


def test_value_matrix_cuts_at_the_medians_by_default():
    # medians: current 2 (of 1, 2, 3), potential 20 (of 10, 20, 30)
    table = value_matrix({"a": 1, "b": 2, "c": 3}, {"a": 30, "b": 10, "c": 20})
    assert table["class"].tolist() == ["iron", "gold", "platinum"]


def test_value_matrix_aligns_potential_to_current_by_customer():
    table = value_matrix(
        pd.Series([1.0, 9.0], index=["a", "b"]),
        pd.Series([9.0, 1.0], index=["b", "a"]),
    )
    expected = pd.DataFrame(
        {"current": [1.0, 9.0], "potential": [1.0, 9.0], "class": ["lead", "platinum"]},
        index=pd.Index(["a", "b"], name="customer"),
    )
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)


@pytest.mark.parametrize(
    ("current", "potential", "options", "error", "match"),
    [
        ({"a": -1}, {"a": 1}, {}, ValueError, "current must be non-negative"),
        (
            {"a": 1},
            {"a": float("nan")},
            {},
            ValueError,
            "potential must not contain NaN",
        ),
        ({}, {}, {}, ValueError, "empty"),
        ({"a": 1}, {"b": 1}, {}, ValueError, "same customers"),
        ([1], {"a": 1}, {}, TypeError, "Series or a mapping"),
        (pd.Series([1, 2], index=["a", "a"]), {"a": 1}, {}, ValueError, "duplicated"),
        (
            {"a": 1},
            {"a": 1},
            {"current_cut": -1},
            ValueError,
            "current_cut must be non",
        ),
        ({"a": 1}, {"a": 1}, {"potential_cut": "high"}, TypeError, "potential_cut"),
        ({"a": 1}, {"a": 1}, {"current_cut": float("nan")}, ValueError, "finite"),
    ],
)
def test_value_matrix_rejects_bad_input(current, potential, options, error, match):
    with pytest.raises(error, match=match):
        value_matrix(current, potential, **options)


# --------------------------------------------------------------------------
# rfm_table
# --------------------------------------------------------------------------


@pytest.fixture
def log() -> pd.DataFrame:
    rows = [
        ("a", "2025-03-01", 100.0),
        ("b", "2025-03-05", 50.0),
        ("a", "2025-03-10", 30.0),
        ("c", "2025-02-20", 20.0),
        ("b", "2025-03-05", 25.0),
    ]
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_rfm_table_computes_recency_frequency_and_monetary_by_hand(log):
    # last transaction 2025-03-10, so now = 2025-03-11.
    # a: last 03-10 -> 1 day, 2 purchases, 100 + 30 = 130
    # b: last 03-05 -> 6 days, 2 purchases (same day), 50 + 25 = 75
    # c: last 02-20 -> 8 days to 02-28 + 11 days = 19, 1 purchase, 20
    expected = pd.DataFrame(
        {
            "recency": [1, 6, 19],
            "frequency": [2, 2, 1],
            "monetary": [130.0, 75.0, 20.0],
        },
        index=pd.Index(["a", "b", "c"], name="customer_id"),
    )
    pd.testing.assert_frame_equal(rfm_table(log), expected, check_index_type=False)


def test_rfm_table_measures_recency_to_a_given_now(log):
    table = rfm_table(log, now="2025-03-31")
    assert table["recency"].tolist() == [21, 26, 39]
    assert rfm_table(log, now="2025-03-10")["recency"].tolist() == [0, 5, 18]


def test_rfm_table_ignores_times_of_day_and_reads_text_dates(log):
    timed = log.assign(date=log["date"] + pd.Timedelta(hours=23))
    text = log.assign(date=log["date"].dt.strftime("%Y-%m-%d"))
    expected = rfm_table(log)
    pd.testing.assert_frame_equal(rfm_table(timed), expected)
    pd.testing.assert_frame_equal(rfm_table(text), expected)


def test_rfm_table_uses_the_given_column_names(log):
    renamed = log.rename(
        columns={"customer_id": "who", "date": "day", "amount": "paid"}
    )
    table = rfm_table(renamed, customer="who", date="day", amount="paid")
    assert table.index.name == "who"
    assert table["monetary"].tolist() == [130.0, 75.0, 20.0]


def test_rfm_table_leaves_the_callers_frame_unchanged(log):
    text = log.assign(date=log["date"].dt.strftime("%Y-%m-%d"))
    before_log, before_text = log.copy(), text.copy()
    rfm_table(log)
    rfm_table(text)
    pd.testing.assert_frame_equal(log, before_log)
    pd.testing.assert_frame_equal(text, before_text)


@pytest.mark.parametrize(
    ("change", "options", "error", "match"),
    [
        (
            lambda f: f.assign(amount=[1.0, -1.0, 2.0, 3.0, 4.0]),
            {},
            ValueError,
            "non-negative",
        ),
        (
            lambda f: f.assign(amount=[1.0, np.nan, 2.0, 3.0, 4.0]),
            {},
            ValueError,
            "NaN",
        ),
        (lambda f: f.assign(amount=list("abcde")), {}, TypeError, "numbers"),
        (lambda f: f.assign(amount=[True] * 5), {}, TypeError, "numbers"),
        (
            lambda f: f.assign(date=[pd.NaT] + list(f["date"][1:])),
            {},
            ValueError,
            "missing dates",
        ),
        (
            lambda f: f.assign(date=["2025-03-01", "later", "x", "y", "z"]),
            {},
            ValueError,
            "must hold dates",
        ),
        (
            lambda f: f.assign(customer_id=[None, "b", "a", "c", "b"]),
            {},
            ValueError,
            "missing customer ids",
        ),
        (lambda f: f.drop(columns="amount"), {}, ValueError, "missing \\['amount'\\]"),
        (lambda f: f.iloc[:0], {}, ValueError, "empty"),
        (lambda f: f.to_dict(), {}, TypeError, "DataFrame"),
        (lambda f: f, {"now": "2025-03-09"}, ValueError, "before the last transaction"),
        (lambda f: f, {"now": "soon"}, ValueError, "now must be a date"),
        (lambda f: f, {"customer": 3}, TypeError, "column name"),
        (lambda f: f, {"amount": "date"}, ValueError, "three columns"),
    ],
)
def test_rfm_table_rejects_bad_input(log, change, options, error, match):
    with pytest.raises(error, match=match):
        rfm_table(change(log), **options)


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list("abcde")),
            st.integers(0, 60),
            st.integers(0, 500),
        ),
        min_size=1,
        max_size=25,
    ),
    st.randoms(use_true_random=False),
)
def test_rfm_table_does_not_depend_on_row_order(rows, random):
    frame = pd.DataFrame(rows, columns=["customer_id", "day", "amount"])
    frame["date"] = pd.Timestamp("2025-01-01") + pd.to_timedelta(frame["day"], unit="D")
    shuffled = frame.sample(frac=1, random_state=random.randint(0, 10**6))
    table = rfm_table(frame)
    pd.testing.assert_frame_equal(table, rfm_table(shuffled))
    assert table["frequency"].sum() == len(frame)
    assert table["monetary"].sum() == pytest.approx(frame["amount"].sum())
    assert table["recency"].min() == 1


# --------------------------------------------------------------------------
# rfm_score
# --------------------------------------------------------------------------


def test_rfm_score_splits_distinct_values_into_equal_quantile_groups():
    # ten distinct values, bins 5: ceil(5 * rank / 10) = 1 1 2 2 3 3 4 4 5 5
    rfm = pd.DataFrame(
        {
            "recency": np.arange(10, 0, -1),  # smallest recency is best
            "frequency": np.arange(1, 11),
            "monetary": np.arange(1.0, 11.0) * 10,
        },
        index=[f"c{i}" for i in range(10)],
    )
    scores = rfm_score(rfm)
    expected = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    for letter in "RFM":
        assert scores[letter].tolist() == expected
    assert scores["RFM"].tolist()[-1] == "555"
    assert scores["RFM"].tolist()[0] == "111"


def test_rfm_score_gives_equal_values_the_same_score():
    # n = 4, bins = 4: score = ceil(average rank).
    # recency 10, 5, 1, 1 -> ranks (worst first) 1, 2, 3.5, 3.5 -> 1, 2, 4, 4
    # frequency all 3 -> rank 2.5 each -> 3
    # monetary 0, 0, 0, 9 -> ranks 2, 2, 2, 4 -> 2, 2, 2, 4
    rfm = pd.DataFrame(
        {"recency": [10, 5, 1, 1], "frequency": [3, 3, 3, 3], "monetary": [0, 0, 0, 9]},
        index=list("abcd"),
    )
    scores = rfm_score(rfm, bins=4)
    assert scores["R"].tolist() == [1, 2, 4, 4]
    assert scores["F"].tolist() == [3, 3, 3, 3]
    assert scores["M"].tolist() == [2, 2, 2, 4]
    assert scores["RFM"].tolist() == ["132", "232", "432", "434"]


def test_rfm_score_keeps_the_index_and_row_order(log):
    rfm = rfm_table(log)
    scores = rfm_score(rfm)
    assert scores.index.equals(rfm.index)
    assert list(scores.columns) == ["R", "F", "M", "RFM"]


rfm_frames = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 6), st.integers(0, 200)),
    min_size=1,
    max_size=40,
).map(
    lambda rows: pd.DataFrame(
        rows,
        columns=["recency", "frequency", "monetary"],
        index=[f"c{i:02d}" for i in range(len(rows))],
    )
)


@settings(max_examples=60)
@given(rfm_frames, st.integers(2, 9), st.randoms(use_true_random=False))
def test_rfm_score_does_not_depend_on_row_order(rfm, bins, random):
    order = list(rfm.index)
    random.shuffle(order)
    scores = rfm_score(rfm, bins=bins)
    shuffled = rfm_score(rfm.loc[order], bins=bins)
    pd.testing.assert_frame_equal(shuffled.loc[rfm.index], scores)


@settings(max_examples=60)
@given(rfm_frames, st.integers(2, 9))
def test_rfm_score_is_in_range_monotone_and_ties_share_a_score(rfm, bins):
    before = rfm.copy()
    scores = rfm_score(rfm, bins=bins)
    pd.testing.assert_frame_equal(rfm, before)
    for letter, column, sign in (
        ("R", "recency", -1),
        ("F", "frequency", 1),
        ("M", "monetary", 1),
    ):
        score, value = scores[letter].to_numpy(), sign * rfm[column].to_numpy()
        assert ((score >= 1) & (score <= bins)).all()
        better = value[:, None] > value[None, :]
        assert not (better & (score[:, None] < score[None, :])).any()
        same = value[:, None] == value[None, :]
        assert (score[:, None] == score[None, :])[same].all()


@pytest.mark.parametrize(
    ("rfm", "bins", "error", "match"),
    [
        (pd.DataFrame({"recency": [1], "frequency": [1]}), 5, ValueError, "missing"),
        (
            pd.DataFrame({"recency": [], "frequency": [], "monetary": []}),
            5,
            ValueError,
            "empty",
        ),
        (
            pd.DataFrame({"recency": [1], "frequency": [1], "monetary": [-5]}),
            5,
            ValueError,
            "non-negative",
        ),
        (
            pd.DataFrame({"recency": [np.nan], "frequency": [1], "monetary": [5]}),
            5,
            ValueError,
            "NaN",
        ),
        (
            pd.DataFrame(
                {"recency": [1, 2], "frequency": [1, 1], "monetary": [5, 5]},
                index=["a", "a"],
            ),
            5,
            ValueError,
            "duplicated",
        ),
        ({"recency": [1]}, 5, TypeError, "DataFrame"),
        (
            pd.DataFrame({"recency": [1], "frequency": [1], "monetary": [5]}),
            10,
            ValueError,
            "bins",
        ),
        (
            pd.DataFrame({"recency": [1], "frequency": [1], "monetary": [5]}),
            1,
            ValueError,
            "bins",
        ),
        (
            pd.DataFrame({"recency": [1], "frequency": [1], "monetary": [5]}),
            5.0,
            TypeError,
            "bins",
        ),
    ],
)
def test_rfm_score_rejects_bad_input(rfm, bins, error, match):
    with pytest.raises(error, match=match):
        rfm_score(rfm, bins=bins)


# --------------------------------------------------------------------------
# rfm_segment
# --------------------------------------------------------------------------


def test_rfm_segment_default_map_covers_the_five_by_five_grid():
    grid = pd.DataFrame(
        [(r, f) for r in range(1, 6) for f in range(1, 6)], columns=["R", "F"]
    )
    names = rfm_segment(grid)
    assert set(names) == set(RFM_SEGMENTS.values())
    assert len(set(RFM_SEGMENTS.values())) == 10
    spot_checks = {
        (5, 5): "champions",
        (5, 4): "champions",
        (4, 5): "loyal",
        (3, 4): "loyal",
        (5, 2): "potential loyalists",
        (5, 1): "new",
        (4, 1): "promising",
        (3, 3): "need attention",
        (3, 1): "about to sleep",
        (2, 3): "at risk",
        (1, 5): "can't lose",
        (1, 1): "hibernating",
    }
    for (r, f), name in spot_checks.items():
        assert names[(grid.R == r) & (grid.F == f)].item() == name


def test_rfm_segment_map_is_replaceable():
    # rename one default segment, keep the rest
    renamed = dict(RFM_SEGMENTS)
    renamed[((5, 5), (4, 5))] = "stars"
    scores = pd.DataFrame({"R": [5, 1], "F": [5, 1]}, index=["x", "y"])
    result = rfm_segment(scores, segments=renamed)
    pd.testing.assert_series_equal(
        result,
        pd.Series(["stars", "hibernating"], index=["x", "y"], name="segment"),
        check_dtype=False,
    )
    # a whole new three-level map
    three = {
        ((1, 1), (1, 3)): "lapsed",
        ((2, 3), (1, 1)): "new",
        ((2, 3), (2, 3)): "active",
    }
    result = rfm_segment(
        pd.DataFrame({"R": [1, 3, 2], "F": [3, 1, 3]}), segments=three, bins=3
    )
    assert result.tolist() == ["lapsed", "new", "active"]


def test_rfm_segment_works_on_rfm_score_output(log):
    scores = rfm_score(rfm_table(log))
    segments = rfm_segment(scores)
    assert segments.index.equals(scores.index)
    assert segments.name == "segment"


@pytest.mark.parametrize(
    ("scores", "options", "error", "match"),
    [
        (pd.DataFrame({"R": [6], "F": [1]}), {}, ValueError, "from 1 to 5"),
        (pd.DataFrame({"R": [0], "F": [1]}), {}, ValueError, "from 1 to 5"),
        (pd.DataFrame({"R": [2.5], "F": [1]}), {}, ValueError, "whole scores"),
        (pd.DataFrame({"R": [np.nan], "F": [1]}), {}, ValueError, "NaN"),
        (pd.DataFrame({"R": [1]}), {}, ValueError, "missing"),
        (pd.DataFrame({"R": [], "F": []}), {}, ValueError, "empty"),
        ([(1, 1)], {}, TypeError, "DataFrame"),
        (
            pd.DataFrame({"R": [1], "F": [1]}),
            {"segments": {((1, 1), (1, 1)): "x"}, "bins": 2},
            ValueError,
            "R=1, F=2 is not covered",
        ),
        (
            pd.DataFrame({"R": [1], "F": [1]}),
            {"segments": {((1, 2), (1, 2)): "x", ((2, 2), (2, 2)): "y"}, "bins": 2},
            ValueError,
            "overlap",
        ),
        (
            pd.DataFrame({"R": [1], "F": [1]}),
            {"segments": {((1, 3), (1, 2)): "x"}, "bins": 2},
            ValueError,
            "segments keys",
        ),
        (
            pd.DataFrame({"R": [1], "F": [1]}),
            {"segments": {((2, 1), (1, 2)): "x"}, "bins": 2},
            ValueError,
            "low end above",
        ),
        (
            pd.DataFrame({"R": [1], "F": [1]}),
            {"segments": {"11": "x"}, "bins": 2},
            ValueError,
            "segments keys",
        ),
        (
            pd.DataFrame({"R": [1], "F": [1]}),
            {"segments": {((1, 2), (1, 2)): 7}, "bins": 2},
            TypeError,
            "names must be strings",
        ),
        (pd.DataFrame({"R": [1], "F": [1]}), {"segments": [1]}, TypeError, "mapping"),
        (
            pd.DataFrame({"R": [1], "F": [1]}),
            {"bins": 3},
            ValueError,
            "default segment map",
        ),
    ],
)
def test_rfm_segment_rejects_bad_input(scores, options, error, match):
    with pytest.raises(error, match=match):
        rfm_segment(scores, **options)


# --------------------------------------------------------------------------
# effort_alignment
# --------------------------------------------------------------------------


def test_effort_alignment_reproduces_the_food_wholesaler():
    # The exam papers: sales 70/20/10 %, staff 15 % on A and 60 % on C; B's
    # 25 % is this book's inference (100 - 15 - 60), the text breaks off.
    table = effort_alignment(
        {"A": 0.15, "B": 0.25, "C": 0.60}, {"A": 0.7, "B": 0.2, "C": 0.1}
    )
    assert table["value_per_effort"].tolist() == pytest.approx([70 / 15, 0.8, 10 / 60])
    assert table["value_per_effort"].round(3).tolist() == [4.667, 0.8, 0.167]
    assert table["gap"].tolist() == pytest.approx([0.55, -0.05, -0.5])
    assert table.index.tolist() == ["A", "B", "C"]


def test_effort_alignment_matches_classes_by_key_not_position():
    table = effort_alignment({"A": 0.5, "B": 0.5}, {"B": 0.9, "A": 0.1})
    assert table["value_per_effort"].tolist() == pytest.approx([0.2, 1.8])


@pytest.mark.parametrize(
    ("effort", "value", "error", "match"),
    [
        (
            {"A": 15, "B": 85},
            {"A": 0.5, "B": 0.5},
            ValueError,
            "fractions, not percentages",
        ),
        (
            {"A": 0.5, "B": 0.5},
            {"A": 0.5, "B": 0.6},
            ValueError,
            "value_share must sum to 1",
        ),
        ({"A": 0.0, "B": 1.0}, {"A": 0.5, "B": 0.5}, ValueError, "positive"),
        ({"A": 0.5, "B": 0.5}, {"A": 0.5, "C": 0.5}, ValueError, "same classes"),
        ({"A": -0.5, "B": 1.5}, {"A": 0.5, "B": 0.5}, ValueError, "non-negative"),
        ({"A": np.nan, "B": 1.0}, {"A": 0.5, "B": 0.5}, ValueError, "NaN"),
        ({}, {}, ValueError, "empty"),
        ((0.5, 0.5), {"A": 0.5, "B": 0.5}, TypeError, "Series or a mapping"),
        (
            pd.Series([0.5, 0.5], index=["A", "A"]),
            {"A": 1.0},
            ValueError,
            "duplicated",
        ),
    ],
)
def test_effort_alignment_rejects_bad_input(effort, value, error, match):
    with pytest.raises(error, match=match):
        effort_alignment(effort, value)


def test_effort_alignment_leaves_the_callers_series_unchanged():
    effort = pd.Series({"A": 0.15, "B": 0.25, "C": 0.60})
    before = effort.copy()
    effort_alignment(effort, {"A": 0.7, "B": 0.2, "C": 0.1})
    pd.testing.assert_series_equal(effort, before)


def test_module_constant_segment_map_is_read_only():
    with pytest.raises(TypeError):
        RFM_SEGMENTS[((1, 1), (1, 1))] = "x"
    assert RFM_SEGMENTS[((1, 2), (1, 2))] == "hibernating"


# --- summarize_classes (moved from test_viz_classify.py) ------------------------


def test_summary_counts_the_twenty_distributors_nine_five_six():
    # The exam papers: A = f e t d i n h p m, B = b l s o a, C = j r k c q g.
    summary = summarize_classes(abc_classify(load_distributors()))
    assert summary.index.tolist() == ["A", "B", "C"]
    assert summary["customers"].tolist() == [9, 5, 6]
    assert summary["value"].tolist() == [7380.0, 2000.0, 1200.0]


def test_summary_reads_pyramid_tiers_top_first():
    values = pd.Series(np.arange(100.0), index=[f"c{k:03d}" for k in range(100)])
    summary = summarize_classes(customer_pyramid(values), column="tier")
    assert summary.index.tolist() == ["VIP", "major", "ordinary", "small"]
    assert summary["customers"].tolist() == [1, 4, 15, 80]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=30).filter(any))
def test_summary_shares_sum_to_one(values):
    table = abc_classify({f"c{k}": v for k, v in enumerate(values)})
    summary = summarize_classes(table)
    assert summary["customer_share"].sum() == pytest.approx(1)
    assert summary["value_share"].sum() == pytest.approx(1)
    assert summary["customers"].sum() == len(values)


def test_summary_leaves_the_callers_table_unchanged():
    table = abc_classify(load_distributors())
    before = table.copy()
    summarize_classes(table)
    pd.testing.assert_frame_equal(table, before)


@pytest.mark.parametrize(
    "table, column, error, match",
    [
        ([1, 2], "class", TypeError, "table must be a pandas DataFrame"),
        (pd.DataFrame({"value": [1.0]}), "class", ValueError, "class"),
        (pd.DataFrame({"value": [], "class": []}), "class", ValueError, "empty"),
        (pd.DataFrame({"value": [1.0], "class": ["A"]}), 3, TypeError, "column"),
    ],
)
def test_summary_rejects_bad_input(table, column, error, match):
    with pytest.raises(error, match=match):
        summarize_classes(table, column=column)
