"""Tests for crmlab.viz.classify: the chapter-7 figures, summary table and explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab.classify import (
    customer_pyramid,
    rfm_score,
    value_matrix,
)
from crmlab.datasets import load_distributors
from crmlab.viz.classify import (
    plot_effort_alignment,
    plot_pareto,
    plot_pyramid,
    plot_rfm_grid,
    plot_value_matrix,
)

# The exam papers' food wholesaler: sales 70/20/10 %, staff 15 % on A and 60 %
# on C; B's 25 % is this book's inference (100 - 15 - 60).
EFFORT = {"A": 0.15, "B": 0.25, "C": 0.60}
SALES = {"A": 0.70, "B": 0.20, "C": 0.10}


# --- plot_pareto ----------------------------------------------------------------


def test_pareto_draws_a_bar_per_distributor_largest_first_coloured_by_class():
    ax = plot_pareto(load_distributors())
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == list("fetdinhpmblsoajrkcqg")
    heights = [p.get_height() for p in ax.patches]
    assert heights == sorted(heights, reverse=True)
    colours = {tuple(p.get_facecolor()) for p in ax.patches}
    assert len(colours) == 3
    # the ninth bar (m) is A, the tenth (b) is B: colours change there
    assert ax.patches[8].get_facecolor() != ax.patches[9].get_facecolor()


def test_pareto_line_ends_at_one_and_marks_both_bounds():
    ax = plot_pareto(load_distributors())
    line = ax.right_ax.lines[0].get_ydata()
    assert line[-1] == pytest.approx(1)
    assert np.all(np.diff(line) >= 0)
    texts = [t.get_text() for t in ax.right_ax.texts]
    assert texts == ["70%", "90%"]


def test_pareto_legend_counts_follow_the_rule():
    not_exceed = plot_pareto(load_distributors()).get_legend()
    cross = plot_pareto(load_distributors(), rule="cross").get_legend()
    assert [t.get_text() for t in not_exceed.get_texts()][0] == "A: 9 customers"
    assert [t.get_text() for t in cross.get_texts()][0] == "A: 10 customers"


def test_pareto_draws_on_the_axes_it_is_given():
    _, ax = plt.subplots()
    assert plot_pareto({"a": 2, "b": 1}, ax=ax) is ax


@pytest.mark.parametrize(
    "values, options, error, match",
    [
        ({"a": -1, "b": 2}, {}, ValueError, "non-negative"),
        ({"a": float("nan")}, {}, ValueError, "NaN"),
        ({"a": 1}, {"rule": "half"}, ValueError, "rule"),
        ({"a": 1}, {"cutoffs": (0.9, 0.7)}, ValueError, "increasing"),
        ({"a": 1}, {"value_label": 3}, TypeError, "value_label"),
        ({"a": 1}, {"ax": "left"}, TypeError, "ax must be"),
        ([1, 2], {}, TypeError, "values must be"),
    ],
)
def test_pareto_rejects_bad_input(values, options, error, match):
    with pytest.raises(error, match=match):
        plot_pareto(values, **options)


# --- plot_effort_alignment ----------------------------------------------------


def test_effort_alignment_shows_the_wholesalers_value_per_effort():
    ax = plot_effort_alignment(EFFORT, SALES)
    # 70 / 15 = 4.67, 20 / 25 = 0.80 (B's 25 % inferred), 10 / 60 = 0.17.
    assert [t.get_text() for t in ax.texts] == ["4.67x", "0.80x", "0.17x"]
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([0.15, 0.25, 0.60, 0.70, 0.20, 0.10])


@pytest.mark.parametrize(
    "effort, value, options, error, match",
    [
        ({"A": 0.5, "B": 0.6}, SALES, {}, ValueError, "sum to 1"),
        (EFFORT, {"A": 0.7, "B": 0.3}, {}, ValueError, "same classes"),
        (EFFORT, SALES, {"effort_label": None}, TypeError, "effort_label"),
    ],
)
def test_effort_alignment_rejects_bad_input(effort, value, options, error, match):
    with pytest.raises(error, match=match):
        plot_effort_alignment(effort, value, **options)


# --- plot_pyramid ---------------------------------------------------------------


def test_pyramid_names_each_tier_with_its_size_and_value_share():
    values = pd.Series(np.arange(1.0, 101.0), index=[f"c{k:03d}" for k in range(100)])
    ax = plot_pyramid(customer_pyramid(values))
    texts = [t.get_text() for t in ax.texts]
    assert texts[0::2] == [
        "VIP: 1 (1%)",
        "major: 4 (4%)",
        "ordinary: 15 (15%)",
        "small: 80 (80%)",
    ]
    assert len(ax.patches) == 4
    # the top tier is a triangle narrower than the bottom band
    top, bottom = ax.patches[0].get_xy(), ax.patches[-1].get_xy()
    assert np.ptp(top[:, 0]) < np.ptp(bottom[:, 0])


def test_pyramid_rejects_a_table_without_tiers():
    with pytest.raises(ValueError, match="tier"):
        plot_pyramid(pd.DataFrame({"value": [1.0]}))


# --- plot_value_matrix ----------------------------------------------------------


def _matrix():
    return value_matrix(
        {"a": 10, "b": 10, "c": 2, "d": 2}, {"a": 8, "b": 1, "c": 8, "d": 1}
    )


def test_value_matrix_plot_has_one_group_per_class_and_the_median_cuts():
    ax = plot_value_matrix(_matrix())
    assert [c.get_label() for c in ax.collections] == [
        "platinum (1)",
        "gold (1)",
        "iron (1)",
        "lead (1)",
    ]
    vertical, horizontal = ax.lines
    assert vertical.get_xdata()[0] == pytest.approx(6.0)
    assert horizontal.get_ydata()[0] == pytest.approx(4.5)


def test_value_matrix_plot_uses_given_cuts_and_log_axes():
    ax = plot_value_matrix(_matrix(), current_cut=5, potential_cut=3, log=True)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.lines[0].get_xdata()[0] == 5


@pytest.mark.parametrize(
    "options, error, match",
    [
        ({"current_cut": "high"}, TypeError, "current_cut"),
        ({"log": "yes"}, ValueError, "log"),
        ({"current_cut": 0, "log": True}, ValueError, "positive"),
    ],
)
def test_value_matrix_plot_rejects_bad_input(options, error, match):
    with pytest.raises(error, match=match):
        plot_value_matrix(_matrix(), **options)


def test_value_matrix_plot_rejects_a_frame_without_classes():
    with pytest.raises(ValueError, match="class"):
        plot_value_matrix(pd.DataFrame({"current": [1.0], "potential": [1.0]}))


# --- plot_rfm_grid --------------------------------------------------------------


def _scores():
    rfm = pd.DataFrame(
        {
            "recency": [3, 30, 3, 90, 10, 60],
            "frequency": [8, 2, 5, 1, 3, 1],
            "monetary": [400.0, 90.0, 250.0, 20.0, 120.0, 30.0],
        },
        index=pd.Index(list("abcdef"), name="customer"),
    )
    return rfm, rfm_score(rfm)


def test_rfm_grid_counts_add_up_to_the_number_of_customers():
    _, scores = _scores()
    ax = plot_rfm_grid(scores)
    assert sum(int(t.get_text()) for t in ax.texts) == len(scores)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["5", "4", "3", "2", "1"]


def test_rfm_grid_averages_the_given_values_per_cell():
    rfm, scores = _scores()
    ax = plot_rfm_grid(scores, values=rfm["monetary"], value_format="{:.1f}")
    written = sorted(float(t.get_text()) for t in ax.texts)
    expected = sorted(rfm["monetary"].groupby([scores["R"], scores["F"]]).mean())
    assert written == pytest.approx(expected)


@pytest.mark.parametrize(
    "options, error, match",
    [
        ({"bins": 1}, ValueError, "bins"),
        ({"bins": 2.5}, TypeError, "bins"),
        ({"values": [1, 2]}, TypeError, "values must be"),
        ({"values": pd.Series([1.0])}, ValueError, "same index"),
    ],
)
def test_rfm_grid_rejects_bad_input(options, error, match):
    _, scores = _scores()
    with pytest.raises(error, match=match):
        plot_rfm_grid(scores, **options)


def test_rfm_grid_rejects_scores_outside_the_grid():
    with pytest.raises(ValueError, match="whole scores"):
        plot_rfm_grid(pd.DataFrame({"R": [6], "F": [1]}))


def test_value_matrix_names_quadrants_in_chinese_without_missing_glyphs(recwarn):
    """With chinese=True the corner names carry 白金/黄金/铁质/铅质, and the
    rendered figure has a glyph for every character (no tofu boxes)."""
    matrix = value_matrix(
        {"a": 10, "b": 10, "c": 2, "d": 2}, {"a": 8, "b": 1, "c": 8, "d": 1}
    )
    ax = plot_value_matrix(matrix, chinese=True)
    assert [t.get_text() for t in ax.texts] == [
        "Platinum 白金",
        "Gold 黄金",
        "Iron 铁质",
        "Lead 铅质",
    ]
    ax.figure.canvas.draw()
    missing = [w for w in recwarn if "missing from font" in str(w.message)]
    assert not missing
    plt.close(ax.figure)
