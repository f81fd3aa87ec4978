"""Tests for crmlab.viz.churn: what each figure draws, the explorer, and bad input."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.loyalty import (
    churn_risk,
    cohort_retention,
    median_survival_time,
    survival_curve,
    winback_value,
)
from crmlab.viz.churn import (
    GREEN,
    GREY,
    plot_churn_risk,
    plot_cohort_heatmap,
    plot_survival,
    plot_winback,
    plot_winback_break_even,
)


@pytest.fixture
def log():
    rows = [
        ("a", "2024-01-05"),
        ("a", "2024-02-01"),
        ("a", "2024-03-03"),
        ("b", "2024-01-20"),
        ("c", "2024-02-10"),
        ("c", "2024-02-20"),
    ]
    return pd.DataFrame(rows, columns=["customer_id", "date"])


@pytest.fixture
def groups():
    # Three named groups as in the chapter: probability, regained value, cost.
    return winback_value(
        {"regulars": 0.3, "occasional": 0.15, "one-time": 0.05},
        {"regulars": 400, "occasional": 100, "one-time": 40},
        {"regulars": 40, "occasional": 8, "one-time": 3},
        decide=True,
    )


# --- plot_cohort_heatmap --------------------------------------------------------


def test_cohort_heatmap_writes_a_percentage_in_each_observed_cell(log):
    table = cohort_retention(log)
    ax = plot_cohort_heatmap(table)
    assert len(ax.texts) == int(table.notna().to_numpy().sum())
    assert ax.texts[0].get_text() == "100%"


def test_cohort_heatmap_leaves_unobserved_cells_blank(log):
    ax = plot_cohort_heatmap(cohort_retention(log))
    image = ax.images[0].get_array()
    assert image.mask[-1, -1]
    assert not image.mask[0, -1]


def test_cohort_heatmap_skips_numbers_on_a_large_table_unless_asked():
    table = pd.DataFrame(np.tril(np.full((14, 14), 0.5))[::-1])
    table = table.where(table > 0)
    assert len(plot_cohort_heatmap(table).texts) == 0
    assert len(plot_cohort_heatmap(table, annotate=True).texts) == 105


def test_cohort_heatmap_leaves_the_callers_table_unchanged(log):
    table = cohort_retention(log)
    before = table.copy()
    plot_cohort_heatmap(table)
    pd.testing.assert_frame_equal(table, before)


def test_cohort_heatmap_rejects_counts_and_non_frames(log):
    with pytest.raises(ValueError, match="shares in \\[0, 1\\]"):
        plot_cohort_heatmap(cohort_retention(log, normalize=False))
    with pytest.raises(ValueError, match="at least one observed cell"):
        plot_cohort_heatmap(pd.DataFrame({0: [np.nan]}))
    with pytest.raises(TypeError, match="table must be a pandas DataFrame"):
        plot_cohort_heatmap([[1.0, 0.5]])
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot_cohort_heatmap(cohort_retention(log), ax="left")


# --- plot_survival --------------------------------------------------------------


def test_survival_plot_starts_at_one_and_follows_the_kaplan_meier_steps():
    # Kaplan & Meier (1958): S = 0.8, 0.6, 0.3 for this textbook-size sample.
    curve = survival_curve([2, 3, 3, 5, 8], [True, True, False, True, False])
    line = plot_survival(curve).get_lines()[0]
    assert line.get_xdata().tolist() == [0.0, 2.0, 3.0, 5.0, 8.0]
    assert np.allclose(line.get_ydata(), [1.0, 0.8, 0.6, 0.3, 0.3])


def test_survival_plot_marks_censored_tenures_and_the_median():
    curve = survival_curve([2, 3, 3, 5, 8], [True, True, False, True, False])
    ax = plot_survival(curve)
    censored, median = ax.get_lines()[1], ax.get_lines()[2]
    assert censored.get_xdata().tolist() == [3.0, 8.0]
    assert median.get_label() == "Median tenure 5"


def test_survival_plot_draws_no_median_when_the_curve_stays_above_half():
    curve = survival_curve([1, 2, 3, 4], [True, False, False, False])
    labels = [line.get_label() for line in plot_survival(curve).get_lines()]
    assert not any(label.startswith("Median") for label in labels)


def test_survival_plot_rejects_a_table_without_survival():
    with pytest.raises(ValueError, match="must have the columns"):
        plot_survival(pd.DataFrame({"survival": [0.5]}))


# --- plot_churn_risk ------------------------------------------------------------


def test_churn_risk_plot_splits_customers_into_not_overdue_and_overdue(log):
    risk = churn_risk(log, now="2024-06-01")
    ax = plot_churn_risk(risk)
    sizes = [len(points.get_offsets()) for points in ax.collections]
    assert sizes == [int((~risk.overdue).sum()), int(risk.overdue.sum())]


def test_churn_risk_plot_draws_the_threshold_line(log):
    ax = plot_churn_risk(churn_risk(log, threshold=3), threshold=3)
    line = ax.get_lines()[0]
    assert np.allclose(line.get_ydata() / line.get_xdata(), 3)


def test_churn_risk_plot_rejects_bad_threshold_and_missing_columns(log):
    risk = churn_risk(log)
    with pytest.raises(ValueError, match="threshold must be positive"):
        plot_churn_risk(risk, threshold=0)
    with pytest.raises(ValueError, match="threshold must be non-negative"):
        plot_churn_risk(risk, threshold=-1)
    with pytest.raises(ValueError, match="must have the columns"):
        plot_churn_risk(risk.drop(columns="overdue"))


# --- plot_winback ---------------------------------------------------------------


def test_winback_bars_are_green_for_contact_and_grey_for_skip(groups):
    ax = plot_winback(groups)
    widths = [bar.get_width() for bar in ax.patches]
    assert np.allclose(widths, [80.0, 7.0, -1.0])
    colours = [matplotlib.colors.to_hex(bar.get_facecolor()) for bar in ax.patches]
    assert colours == [GREEN.lower(), GREEN.lower(), GREY.lower()]


def test_winback_bars_show_group_totals_with_sizes(groups):
    sizes = {"regulars": 10, "occasional": 100, "one-time": 1000}
    widths = [bar.get_width() for bar in plot_winback(groups, sizes=sizes).patches]
    assert np.allclose(widths, [800.0, 700.0, -1000.0])


def test_winback_bars_reject_sizes_of_other_groups(groups):
    with pytest.raises(ValueError, match="sizes and table must hold the same groups"):
        plot_winback(groups, sizes={"regulars": 1})
    with pytest.raises(ValueError, match="sizes must be non-negative"):
        plot_winback(groups, sizes={"regulars": -1, "occasional": 1, "one-time": 1})


# --- plot_winback_break_even and the explorer -----------------------------------


def test_break_even_plot_marks_p_star_at_cost_over_value():
    ax = plot_winback_break_even(0.3, 400, 40)
    assert ax.get_lines()[2].get_xdata()[0] == pytest.approx(0.1)
    assert "10%" in ax.get_lines()[2].get_label()


@settings(max_examples=30)
@given(
    p=st.floats(0, 1),
    value=st.floats(0, 5000),
    cost=st.floats(0, 500),
)
def test_break_even_line_runs_from_minus_cost_to_value_minus_cost(p, value, cost):
    ax = plot_winback_break_even(p, value, cost)
    line = ax.get_lines()[0].get_ydata()
    assert line[0] == pytest.approx(-cost)
    assert line[-1] == pytest.approx(value - cost)
    plt.close(ax.figure)


def test_break_even_plot_rejects_a_probability_above_one_and_negative_money():
    with pytest.raises(ValueError, match="winback_probability must be in"):
        plot_winback_break_even(1.2, 400, 40)
    with pytest.raises(ValueError, match="contact_cost must be non-negative"):
        plot_winback_break_even(0.3, 400, -1)
    with pytest.raises(TypeError, match="regained_value must be a real number"):
        plot_winback_break_even(0.3, "400", 40)


# --- the median survival time (crmlab.loyalty.median_survival_time) -------------

# S(0) = 0.9, S(1) = 0.9 * 7/9, S(2) = 0.9 * 7/9 * 5/7: one half exactly on
# paper, 0.5000000000000001 in floating point.
EXACT_HALF = ([0, 1, 1, 2, 2, 3, 3, 3, 3, 3], [True] * 5 + [False] * 5)


def test_median_survival_time_finds_a_half_that_floating_point_misses():
    curve = survival_curve(*EXACT_HALF)
    assert curve["survival"].iloc[2] != 0.5  # the product is not exactly 1/2
    assert median_survival_time(curve) == 2.0


def test_median_survival_time_is_the_first_tenure_at_or_below_one_half():
    # lifelines' convention: the smallest t with S(t) <= 0.5, not R's midpoint
    curve = survival_curve([2, 3, 3, 5, 8], [True, True, False, True, False])
    assert median_survival_time(curve) == 5.0  # S = 0.8, 0.6, 0.3, 0.3
    assert median_survival_time(survival_curve([4, 5], [True, False])) == 4.0


def test_median_survival_time_is_infinite_when_the_curve_stays_above_one_half():
    assert median_survival_time(survival_curve([1, 2, 3], [True, False, False])) == (
        float("inf")
    )


def test_median_survival_time_leaves_the_curve_unchanged():
    curve = survival_curve(*EXACT_HALF)
    before = curve.copy()
    median_survival_time(curve)
    pd.testing.assert_frame_equal(curve, before)


@pytest.mark.parametrize(
    ("curve", "options", "error", "match"),
    [
        (pd.DataFrame({"at_risk": [1]}), {}, ValueError, r"missing \['survival'\]"),
        ([0.5], {}, TypeError, "curve must be a pandas DataFrame"),
        (pd.DataFrame({"survival": [1.5]}), {}, ValueError, r"in \[0, 1\]; got 1.5"),
        (
            pd.DataFrame({"survival": [0.5]}, index=[2, 1][:1]),
            {"tol": -1},
            ValueError,
            "tol must be non-negative; got -1",
        ),
        (
            pd.DataFrame({"survival": [0.9, 0.4]}, index=[3.0, 1.0]),
            {},
            ValueError,
            "strictly increasing; got",
        ),
    ],
)
def test_median_survival_time_rejects_bad_input(curve, options, error, match):
    with pytest.raises(error, match=match):
        median_survival_time(curve, **options)


def test_plot_survival_marks_a_median_at_exactly_one_half():
    ax = plot_survival(survival_curve(*EXACT_HALF))
    labels = [line.get_label() for line in ax.get_lines()]
    assert "Median tenure 2" in labels
