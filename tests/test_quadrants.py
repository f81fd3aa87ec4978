"""The 2 x 2 charts draw the cuts their models computed (one helper, four charts)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from crmlab.classify import value_matrix, value_matrix_cuts
from crmlab.loyalty import loyalty_matrix, loyalty_matrix_cuts
from crmlab.satisfaction import ipa, ipa_cuts
from crmlab.viz._common import draw_quadrants
from crmlab.viz.classify import plot_value_matrix
from crmlab.viz.loyalty import plot_loyalty_matrix
from crmlab.viz.satisfaction import plot_ipa

CURRENT = {"a": 10.0, "b": 10.0, "c": 2.0, "d": 3.0}
POTENTIAL = {"a": 8.0, "b": 1.0, "c": 8.0, "d": 2.0}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _cut_lines(ax):
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    return float(dashed[0].get_xdata()[0]), float(dashed[1].get_ydata()[0])


def test_value_matrix_cuts_are_the_medians_or_the_given_cuts():
    assert value_matrix_cuts(CURRENT, POTENTIAL) == (6.5, 5.0)
    assert value_matrix_cuts(CURRENT, POTENTIAL, potential_cut=3) == (6.5, 3.0)


def test_value_matrix_plot_draws_the_models_cuts():
    matrix = value_matrix(CURRENT, POTENTIAL)
    assert _cut_lines(plot_value_matrix(matrix)) == value_matrix_cuts(
        CURRENT, POTENTIAL
    )


def test_value_matrix_plot_rejects_a_negative_cut_like_the_model():
    # the figure used to accept cuts that value_matrix rejects
    matrix = value_matrix(CURRENT, POTENTIAL)
    with pytest.raises(ValueError, match="current_cut must be non-negative; got -1"):
        value_matrix(CURRENT, POTENTIAL, current_cut=-1)
    with pytest.raises(ValueError, match="current_cut must be non-negative; got -1"):
        plot_value_matrix(matrix, current_cut=-1)


def test_loyalty_matrix_plot_draws_the_models_cuts():
    attitude = {"a": 6, "b": 6, "c": 2, "d": 3}
    patronage = {"a": 9, "b": 1, "c": 9, "d": 2}
    cuts = loyalty_matrix_cuts(attitude, patronage)
    assert cuts == (4.5, 5.5)
    assert _cut_lines(plot_loyalty_matrix(attitude, patronage)) == cuts
    given = loyalty_matrix_cuts(attitude, patronage, attitude_cut=-2)
    assert given == (-2.0, 5.5)  # any attitude scale, negative cuts allowed
    assert set(loyalty_matrix(attitude, patronage, attitude_cut=-2)) <= {
        "loyalty",
        "latent loyalty",
    }


@pytest.mark.parametrize("split", ["mean", "median", (4.0, 3.0)])
def test_ipa_plot_draws_the_models_cuts(split):
    table = pd.DataFrame(
        {"importance": [4.6, 3.0, 4.0], "performance": [3.1, 4.6, 3.3]},
        index=["wifi", "decor", "gym"],
    )
    cut_i, cut_p = ipa_cuts(table["importance"], table["performance"], split=split)
    assert _cut_lines(plot_ipa(table, split=split)) == pytest.approx((cut_p, cut_i))
    quadrants = ipa(table["importance"], table["performance"], split=split)
    high = quadrants["importance"] >= cut_i
    assert (
        quadrants["quadrant"][high]
        .isin(["concentrate here", "keep up the good work"])
        .all()
    )


def test_draw_quadrants_draws_two_cuts_and_one_name_per_corner_in_order():
    _, ax = plt.subplots()
    draw_quadrants(
        ax,
        1.0,
        2.0,
        {"upper right": "UR", "lower left": "LL"},
        colors={"upper right": "red", "lower left": "blue"},
        fontsize=9,
    )
    assert _cut_lines(ax) == (1.0, 2.0)
    assert [t.get_text() for t in ax.texts] == ["UR", "LL"]
    assert ax.texts[0].get_color() == "red"
    assert ax.texts[1].get_fontsize() == 9


def test_the_cut_functions_leave_their_inputs_unchanged():
    current, potential = pd.Series(CURRENT), pd.Series(POTENTIAL)
    before = current.copy(), potential.copy()
    value_matrix_cuts(current, potential)
    loyalty_matrix_cuts(current, potential)
    ipa_cuts(current, potential, split="median")
    pd.testing.assert_series_equal(current, before[0])
    pd.testing.assert_series_equal(potential, before[1])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: value_matrix_cuts({}, {}), ValueError, "current must not be empty"),
        (
            lambda: value_matrix_cuts(CURRENT, POTENTIAL, potential_cut="x"),
            TypeError,
            "potential_cut must be a real number; got 'x'",
        ),
        (
            lambda: loyalty_matrix_cuts({}, {}),
            ValueError,
            "attitude must not be empty; got no values",
        ),
        (
            lambda: ipa_cuts(CURRENT, POTENTIAL, split="mode"),
            ValueError,
            "split must be one of 'mean', 'median'; got 'mode'",
        ),
        (
            lambda: ipa_cuts({"a": 1}, {"b": 1}),
            ValueError,
            "must hold the same attributes; got 'a' in importance only",
        ),
    ],
)
def test_the_cut_functions_reject_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
