"""Tests of crmlab.scoring: the book's one weighted-scoring function."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from crmlab.loyalty import loyalty_index
from crmlab.scoring import weighted_score

PROPERTY = settings(max_examples=60, deadline=None)

# A hand-worked example: three market segments, demand (higher better) and
# service cost (lower better). Rescaled: demand 1, 0.5, 0; cost 0, 1, 0.5.
SEGMENTS = pd.DataFrame(
    {"demand": [8, 5, 2], "service_cost": [3, 1, 2]}, index=["east", "north", "west"]
)
WEIGHTS = {"demand": 3, "service_cost": 1}


def test_weighted_score_reproduces_the_hand_worked_three_segment_example():
    # east: 100 * (3 * 1 + 1 * 0) / 4 = 75; north: (3 * 0.5 + 1) / 4 = 62.5;
    # west: (0 + 0.5) / 4 = 12.5.
    result = weighted_score(SEGMENTS, WEIGHTS, higher_is_better={"service_cost": False})
    expected = pd.DataFrame(
        {"score": [75.0, 62.5, 12.5], "rank": [1, 2, 3]}, index=SEGMENTS.index
    )
    assert_frame_equal(result, expected)


def test_weighted_score_normalises_the_weights_to_sum_to_one():
    one = weighted_score(SEGMENTS, {"demand": 0.75, "service_cost": 0.25})
    four = weighted_score(SEGMENTS, WEIGHTS)
    assert_frame_equal(one, four)


def test_weighted_score_uses_stated_bounds_so_an_item_does_not_depend_on_others():
    options = {"bounds": {"demand": (0, 10), "service_cost": (1, 5)}, "scale": 1.0}
    both = weighted_score(SEGMENTS, WEIGHTS, **options)
    alone = weighted_score(SEGMENTS.iloc[[1]], WEIGHTS, **options)
    assert alone.loc["north", "score"] == pytest.approx(both.loc["north", "score"])
    # north: 0.75 * 0.5 + 0.25 * 0 = 0.375
    assert both.loc["north", "score"] == pytest.approx(0.375)


def test_weighted_score_breaks_ties_by_row_order():
    table = pd.DataFrame({"x": [1, 3, 3, 1]}, index=["d", "b", "c", "a"])
    result = weighted_score(table, {"x": 1})
    assert result["rank"].tolist() == [3, 1, 2, 4]


def test_weighted_score_scores_a_constant_criterion_at_the_midpoint():
    table = pd.DataFrame({"x": [2, 2]}, index=["a", "b"])
    assert weighted_score(table, {"x": 1})["score"].tolist() == [50.0, 50.0]


def test_loyalty_index_is_the_weighted_score_on_a_hundred_point_scale():
    data = pd.DataFrame(
        {"repeat": [1, 4, 7], "price": [5, 3, 1]}, index=["a", "b", "c"]
    )
    options = {"higher_is_better": {"price": False}}
    index = loyalty_index(data, weights={"repeat": 2, "price": 1}, **options)
    score = weighted_score(data, {"repeat": 2, "price": 1}, **options)["score"]
    assert_series_equal(index, score.rename("loyalty_index"))


@pytest.mark.parametrize(
    ("criteria", "weights", "options", "error", "match"),
    [
        (
            SEGMENTS.values,
            WEIGHTS,
            {},
            TypeError,
            "criteria must be a pandas DataFrame",
        ),
        (SEGMENTS.iloc[:0], WEIGHTS, {}, ValueError, "criteria must not be empty"),
        (
            SEGMENTS.iloc[[0, 0]],
            WEIGHTS,
            {},
            ValueError,
            "duplicated items; got 'east'",
        ),
        (
            SEGMENTS.assign(demand=[8, np.nan, 2]),
            WEIGHTS,
            {},
            ValueError,
            "criteria column 'demand' must not contain NaN",
        ),
        (
            SEGMENTS.assign(demand=["a", "b", "c"]),
            WEIGHTS,
            {},
            TypeError,
            "'demand' must hold real numbers",
        ),
        (SEGMENTS, [3, 1], {}, TypeError, "weights must be a mapping"),
        (SEGMENTS, {"demand": 1}, {}, ValueError, r"missing \['service_cost'\]"),
        (SEGMENTS, {**WEIGHTS, "x": 1}, {}, ValueError, r"unknown \['x'\]"),
        (
            SEGMENTS,
            {"demand": -1, "service_cost": 1},
            {},
            ValueError,
            r"weights\['demand'\] must be non-negative; got -1",
        ),
        (
            SEGMENTS,
            {"demand": 0, "service_cost": 0},
            {},
            ValueError,
            "weights must have a positive sum; got 0",
        ),
        (
            SEGMENTS,
            WEIGHTS,
            {"higher_is_better": {"demand": "yes"}},
            TypeError,
            r"higher_is_better\['demand'\] must be True or False; got 'yes'",
        ),
        (
            SEGMENTS,
            WEIGHTS,
            {"bounds": {"demand": (0, 5)}},
            ValueError,
            r"must lie within bounds \[0, 5\]; got 8",
        ),
        (SEGMENTS, WEIGHTS, {"bounds": {"demand": (5, 0)}}, ValueError, "low < high"),
        (SEGMENTS, WEIGHTS, {"bounds": {"demand": 5}}, TypeError, "a pair"),
        (SEGMENTS, WEIGHTS, {"scale": 0}, ValueError, "scale must be positive; got 0"),
    ],
)
def test_weighted_score_rejects_bad_input(criteria, weights, options, error, match):
    with pytest.raises(error, match=match) as caught:
        weighted_score(criteria, weights, **options)
    assert "got" in str(caught.value)


@PROPERTY
@given(
    st.lists(st.tuples(st.floats(-50, 50), st.floats(0, 9)), min_size=1, max_size=12),
    st.tuples(st.floats(0, 5), st.floats(0.01, 5)),
)
def test_weighted_scores_stay_in_range_rank_one_to_n_and_leave_the_input_alone(
    rows, weights
):
    data = pd.DataFrame(rows, columns=["a", "b"])
    before = data.copy()
    result = weighted_score(
        data, dict(zip("ab", weights, strict=True)), higher_is_better={"b": False}
    )
    assert_frame_equal(data, before)
    assert result["score"].between(-1e-9, 100 + 1e-9).all()
    assert sorted(result["rank"]) == list(range(1, len(rows) + 1))
    by_rank = result.sort_values("rank")["score"].to_numpy()
    assert (np.diff(by_rank) <= 1e-6).all()


@PROPERTY
@given(st.lists(st.floats(0, 100), min_size=2, max_size=10), st.floats(0.1, 10))
def test_weighted_score_does_not_change_when_all_weights_are_multiplied(values, factor):
    data = pd.DataFrame({"a": values, "b": values[::-1]})
    one = weighted_score(data, {"a": 1.0, "b": 2.0})
    many = weighted_score(data, {"a": factor, "b": 2.0 * factor})
    assert np.allclose(one["score"], many["score"])
