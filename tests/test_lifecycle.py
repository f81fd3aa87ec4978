"""Tests for crmlab.lifecycle: the customer-state chain and the lifecycle rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.datasets import (
    STATE_EXAMPLE_MATRIX,
    make_purchase_histories,
    make_state_panel,
)
from crmlab.lifecycle import (
    CUSTOMER_STATES,
    LIFECYCLE_PATTERNS,
    LIFECYCLE_STAGES,
    lifecycle_pattern,
    lifecycle_stage,
    project_states,
    steady_state,
    transition_matrix,
)

STATES = list(CUSTOMER_STATES)


def example_matrix() -> pd.DataFrame:
    return pd.DataFrame(
        [STATE_EXAMPLE_MATRIX[s] for s in STATES], index=STATES, columns=STATES
    )


# --------------------------------------------------------------------------
# transition_matrix
# --------------------------------------------------------------------------


def test_the_four_states_are_in_the_textbook_order():
    # 客户关系管理(慕课版) 第1章: 非客户, 潜在客户, 现实客户, 流失客户.
    assert CUSTOMER_STATES == ("non-customer", "potential", "current", "lost")


def test_transition_matrix_divides_counts_by_row_totals():
    before = ["potential"] * 4 + ["current"] * 5 + ["lost", "non-customer"]
    after = ["current", "current", "potential", "non-customer"] + [
        "current",
        "current",
        "current",
        "current",
        "lost",
    ]
    after += ["potential", "non-customer"]
    matrix = transition_matrix(before, after)
    assert list(matrix.index) == STATES and list(matrix.columns) == STATES
    assert matrix.loc["potential", "current"] == 0.5
    assert matrix.loc["potential", "non-customer"] == 0.25
    assert matrix.loc["current", "current"] == 0.8
    assert matrix.loc["current", "lost"] == pytest.approx(0.2)
    assert matrix.loc["lost", "potential"] == 1.0
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0)


def test_transition_matrix_recovers_the_generating_matrix_from_a_large_panel():
    panel = make_state_panel(40_000, seed=7)
    matrix = transition_matrix(panel.before, panel.after)
    np.testing.assert_allclose(
        matrix.to_numpy(), example_matrix().to_numpy(), atol=0.02
    )


def test_transition_matrix_pairs_series_by_customer_not_by_position():
    before = pd.Series({"a": "current", "b": "lost"})
    after = pd.Series({"b": "lost", "a": "current"})
    matrix = transition_matrix(before, after, states=["current", "lost"])
    assert matrix.loc["current", "current"] == 1.0
    assert matrix.loc["lost", "lost"] == 1.0


def test_a_state_nobody_starts_in_is_an_error_naming_it():
    with pytest.raises(
        ValueError, match=r"no customer in state 'non-customer'.*got 0.*'lost'\]"
    ):
        transition_matrix(["current", "potential"], ["current", "current"])


def test_prior_stay_and_uniform_fill_a_state_nobody_starts_in():
    stay = transition_matrix(["current"], ["current"], prior="stay")
    assert stay.loc["lost", "lost"] == 1.0 and stay.loc["lost"].sum() == 1.0
    uniform = transition_matrix(["current"], ["current"], prior="uniform")
    np.testing.assert_allclose(uniform.loc["lost"], 0.25)


@pytest.mark.parametrize(
    ("before", "after", "kwargs", "error", "match"),
    [
        (["current"], ["gone"], {}, ValueError, "after must hold only.*got 'gone'"),
        (["x"], ["current"], {}, ValueError, "before must hold only.*got 'x'"),
        (["current"], ["current", "lost"], {}, ValueError, "got before has 1"),
        ([], [], {}, ValueError, "before must not be empty; got"),
        ("current", ["current"], {}, TypeError, "before must be a sequence.*got str"),
        (["current"], ["current"], {"prior": "zero"}, ValueError, "prior.*got 'zero'"),
        (["a"], ["a"], {"states": ["a"]}, ValueError, "at least two states; got"),
        (["a"], ["a"], {"states": ["a", "a"]}, ValueError, "not repeat.*got"),
    ],
)
def test_transition_matrix_rejects_bad_input(before, after, kwargs, error, match):
    with pytest.raises(error, match=match):
        transition_matrix(before, after, **kwargs)


def test_transition_matrix_rejects_series_with_different_customers():
    with pytest.raises(ValueError, match="same customers; got 'a' in before only"):
        transition_matrix(
            pd.Series({"a": "current"}), pd.Series({"b": "current"}), prior="stay"
        )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(STATES), st.sampled_from(STATES)), min_size=1)
)
def test_transition_matrix_rows_sum_to_one_and_ignore_row_order(pairs):
    before, after = zip(*pairs, strict=True)
    matrix = transition_matrix(before, after, prior="stay")
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0)
    assert ((matrix >= 0) & (matrix <= 1)).all().all()
    shuffled = transition_matrix(before[::-1], after[::-1], prior="stay")
    pd.testing.assert_frame_equal(matrix, shuffled)


# --------------------------------------------------------------------------
# project_states
# --------------------------------------------------------------------------


def test_project_states_multiplies_by_the_matrix_each_period():
    start = pd.Series(
        {"non-customer": 400, "potential": 250, "current": 250, "lost": 100}
    )
    projection = project_states(start, example_matrix(), 2)
    by_hand = start.to_numpy() @ example_matrix().to_numpy()
    np.testing.assert_allclose(projection.loc[1], by_hand)
    np.testing.assert_allclose(projection.loc[2], by_hand @ example_matrix().to_numpy())
    # one year by hand: current = 250 * 0.3 + 250 * 0.8 + 100 * 0.1 = 285
    assert projection.loc[1, "current"] == pytest.approx(285.0)
    pd.testing.assert_series_equal(
        projection.loc[0], start.astype(float), check_names=False
    )


def test_project_states_gives_shares_when_asked():
    shares = project_states(
        {"current": 3, "lost": 1}, _two_state(0.2, 0.5), 3, shares=True
    )
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert shares.loc[0, "current"] == 0.75


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 1_000), min_size=4, max_size=4).filter(any),
    st.integers(0, 12),
)
def test_project_states_conserves_the_total_and_keeps_the_input(counts, periods):
    start = pd.Series(counts, index=STATES, dtype=float)
    kept = start.copy()
    projection = project_states(start, example_matrix(), periods)
    assert len(projection) == periods + 1
    np.testing.assert_allclose(projection.sum(axis=1), start.sum())
    pd.testing.assert_series_equal(start, kept)


@pytest.mark.parametrize(
    ("initial", "periods", "error", "match"),
    [
        ({"current": 1, "gone": 1}, 1, ValueError, "same states; got"),
        ({"current": -1, "lost": 1}, 1, ValueError, "non-negative; got -1"),
        ({"current": 0, "lost": 0}, 1, ValueError, "all zero; got total 0"),
        ({"current": 1, "lost": 0}, -1, ValueError, "periods must be at least 0; got"),
        ({"current": 1, "lost": 0}, 1.5, TypeError, "periods must be an integer; got"),
        ([1, 0], 1, TypeError, "initial must be a pandas Series.*got list"),
    ],
)
def test_project_states_rejects_bad_input(initial, periods, error, match):
    with pytest.raises(error, match=match):
        project_states(initial, _two_state(0.2, 0.5), periods)


# --------------------------------------------------------------------------
# the matrix check (shared by project_states and steady_state)
# --------------------------------------------------------------------------


def _two_state(leave: float, back: float) -> pd.DataFrame:
    return pd.DataFrame(
        [[1 - leave, leave], [back, 1 - back]],
        index=["current", "lost"],
        columns=["current", "lost"],
    )


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        ([[0.9, 0.2], [0.5, 0.5]], r"row 'current' must sum to 1 .*got 1\.1"),
        ([[1.2, -0.2], [0.5, 0.5]], r"row 'current' must hold probabilities.*got 1\.2"),
        ([[0.5, 0.5], [np.nan, 1.0]], "row 'lost' must not contain NaN.*got nan"),
    ],
)
def test_a_matrix_that_is_not_row_stochastic_is_rejected(rows, match):
    matrix = pd.DataFrame(rows, index=["current", "lost"], columns=["current", "lost"])
    with pytest.raises(ValueError, match=match):
        steady_state(matrix)


def test_a_row_within_the_tolerance_is_accepted_and_rescaled():
    matrix = _two_state(0.2, 0.5)
    matrix.loc["current", "current"] += 5e-7
    assert steady_state(matrix).sum() == pytest.approx(1.0)


def test_a_matrix_with_different_rows_and_columns_is_rejected():
    matrix = pd.DataFrame(
        [[1.0, 0.0], [0.0, 1.0]], index=["a", "b"], columns=["b", "a"]
    )
    with pytest.raises(ValueError, match="same states.*got index"):
        steady_state(matrix)
    with pytest.raises(TypeError, match="matrix must be a pandas DataFrame; got list"):
        steady_state([[1.0]])


# --------------------------------------------------------------------------
# steady_state
# --------------------------------------------------------------------------


def test_steady_state_of_two_states_matches_the_closed_form():
    # pi_current = back / (leave + back): 0.5 / 0.7 = 0.714 285 7...
    pi = steady_state(_two_state(0.2, 0.5))
    assert pi["current"] == pytest.approx(5 / 7)
    assert pi["lost"] == pytest.approx(2 / 7)


def test_steady_state_is_unchanged_by_one_more_step_and_is_the_long_run():
    matrix = example_matrix()
    pi = steady_state(matrix)
    assert pi.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(pi.to_numpy() @ matrix.to_numpy(), pi.to_numpy())
    far = project_states(dict.fromkeys(STATES, 1.0), matrix, 300, shares=True)
    np.testing.assert_allclose(far.iloc[-1], pi, atol=1e-9)


def test_an_absorbing_lost_state_next_to_a_closed_class_has_no_unique_steady_state():
    matrix = pd.DataFrame(
        [[0.5, 0.5, 0.0], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0]],
        index=["potential", "current", "lost"],
        columns=["potential", "current", "lost"],
    )
    with pytest.raises(ValueError, match=r"got 2 closed classes.*\['lost'\]"):
        steady_state(matrix)


def test_an_absorbing_lost_state_alone_takes_every_customer_in_the_long_run():
    matrix = pd.DataFrame(
        [[0.7, 0.3], [0.0, 1.0]], index=["current", "lost"], columns=["current", "lost"]
    )
    assert steady_state(matrix)["lost"] == pytest.approx(1.0)


probabilities = st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3)


@settings(max_examples=40, deadline=None)
@given(st.lists(probabilities, min_size=3, max_size=3))
def test_steady_state_sums_to_one_and_is_a_fixed_point(rows):
    array = np.array(rows)
    array = array / array.sum(axis=1, keepdims=True)
    matrix = pd.DataFrame(array, index=list("abc"), columns=list("abc"))
    pi = steady_state(matrix)
    assert pi.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(pi.to_numpy() @ array, pi.to_numpy(), atol=1e-9)


# --------------------------------------------------------------------------
# lifecycle_stage and lifecycle_pattern (the book's rule)
# --------------------------------------------------------------------------


def stages(series, **kwargs):
    return lifecycle_stage(series, mature_level=100, **kwargs).tolist()


def pattern(series, **kwargs):
    return lifecycle_pattern(series, mature_level=100, **kwargs)


def test_a_full_lifecycle_passes_through_every_stage_in_order():
    assert stages([10, 40, 90, 100, 95, 50, 0]) == [
        "development",
        "growth",
        "maturity",
        "maturity",
        "maturity",
        "decline",
        "termination",
    ]
    assert set(LIFECYCLE_STAGES) == {
        "development",
        "growth",
        "maturity",
        "decline",
        "termination",
    }


def test_a_long_plateau_of_steady_purchases_is_long_lasting():
    assert pattern([30, 70, 100, 100, 100, 100, 100, 100]) == "long-lasting"


def test_one_or_two_small_purchases_then_nothing_is_early_abortion():
    assert pattern([12, 0, 0, 0, 0, 0]) == "early abortion"
    assert pattern([8, 15, 0, 0, 0, 0]) == "early abortion"
    assert pattern([0, 0, 0, 0]) == "early abortion"


def test_growth_that_never_matures_is_mid_way_death():
    assert pattern([10, 40, 60, 30, 0, 0]) == "mid-way death"


def test_a_short_maturity_is_early_exit():
    assert pattern([10, 40, 100, 100, 50, 0, 0]) == "early exit"


@pytest.mark.parametrize(
    ("value", "stage"), [(29.999, "development"), (30.0, "growth"), (30.001, "growth")]
)
def test_the_growth_threshold_is_inclusive(value, stage):
    assert stages([value])[0] == stage


@pytest.mark.parametrize(
    ("value", "stage"), [(79.999, "growth"), (80.0, "maturity"), (80.001, "maturity")]
)
def test_the_mature_threshold_is_inclusive(value, stage):
    assert stages([value])[0] == stage


@pytest.mark.parametrize(
    ("value", "stage"), [(69.999, "decline"), (70.0, "maturity"), (70.001, "maturity")]
)
def test_decline_starts_strictly_below_the_decline_share_of_the_peak(value, stage):
    assert stages([100, value])[1] == stage


@pytest.mark.parametrize(
    ("mature", "expected"),
    [(3, "early exit"), (4, "long-lasting"), (5, "long-lasting")],
)
def test_long_lasting_needs_long_periods_in_maturity(mature, expected):
    assert pattern([50] + [100] * mature + [0]) == expected


def test_termination_is_every_period_after_the_last_purchase():
    assert stages([100, 100, 0, 0]) == ["maturity", "maturity", "termination"] * 1 + [
        "termination"
    ]
    assert stages([100, 0, 100])[1] == "decline"


def test_stages_keep_the_series_index():
    series = pd.Series([10, 50], index=pd.Index([2021, 2022], name="year"))
    result = lifecycle_stage(series, mature_level=100)
    assert list(result.index) == [2021, 2022] and result.name == "stage"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 200), min_size=4, max_size=16))
def test_every_series_gets_one_pattern_and_one_stage_per_period(values):
    result = lifecycle_stage(values, mature_level=100)
    assert len(result) == len(values) and set(result) <= set(LIFECYCLE_STAGES)
    assert pattern(values) in LIFECYCLE_PATTERNS


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 200), min_size=4, max_size=16), st.floats(1.5, 3))
def test_scaling_purchases_and_mature_level_together_changes_nothing(values, k):
    scaled = [v * k for v in values]
    assert lifecycle_pattern(scaled, mature_level=100 * k) == pattern(values)


def test_the_generated_base_shows_all_four_patterns():
    histories = make_purchase_histories(seed=2024)
    found = histories.apply(pattern, axis=1).value_counts()
    assert set(found.index) == set(LIFECYCLE_PATTERNS)
    assert found.sum() == 300


@pytest.mark.parametrize(
    ("series", "kwargs", "error", "match"),
    [
        ([10, np.nan, 0, 0], {}, ValueError, "series must not contain NaN.*got nan"),
        ([10, -5, 0, 0], {}, ValueError, "series must be non-negative; got -5"),
        ([10, 0, 0], {}, ValueError, "at least long_periods=4 periods; got 3"),
        ([], {}, ValueError, "series must not be empty; got"),
        ("1234", {}, TypeError, "series must be a sequence of numbers; got str"),
        (
            [1, 2, 3, 4],
            {"mature_level": 0},
            ValueError,
            "mature_level must be positive",
        ),
        ([1, 2, 3, 4], {"mature_share": 1.2}, ValueError, r"mature_share must be in"),
        (
            [1, 2, 3, 4],
            {"growth_share": 0.9},
            ValueError,
            "growth_share must be below mature_share; got",
        ),
        ([1, 2, 3, 4], {"decline_share": 1}, ValueError, r"decline_share must be in"),
        (
            [1, 2, 3, 4],
            {"long_periods": 0},
            ValueError,
            "long_periods must be at least",
        ),
    ],
)
def test_lifecycle_pattern_rejects_bad_input(series, kwargs, error, match):
    options = {"mature_level": 100, **kwargs}
    with pytest.raises(error, match=match):
        lifecycle_pattern(series, **options)


def test_lifecycle_stage_rejects_a_missing_mature_level():
    with pytest.raises(TypeError, match="mature_level must be a real number; got"):
        lifecycle_stage([1, 2], mature_level="high")
