"""Tests for crmlab.viz.value: what the figures and the explorer draw, and bad input."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab.datasets import load_clv_example
from crmlab.value import (
    clv_cash_flows,
    retention_clv,
    survival_from_retention,
)
from crmlab.viz.value import (
    plot_cash_flows,
    plot_clv_multiple,
    plot_delivered_value,
    plot_heatmap,
    plot_retention_clv,
)

VALUE_PARTS = {"product": 600, "service": 200, "personnel": 100, "image": 100}
COST_PARTS = {"monetary": 700, "time": 50, "energy": 30, "psychological": 20}


@pytest.fixture
def seed_flows():
    # The course textbook, section 1.3.2, with the book's assumptions:
    # p_i = 0.9**i, δ = 8 %.
    table = load_clv_example().set_index("year")
    return clv_cash_flows(
        table.revenue,
        table.retention_cost,
        survival=survival_from_retention(0.9, len(table)),
        discount_rate=0.08,
    )


# --- plot_cash_flows -----------------------------------------------------------


def test_cash_flows_draws_a_bar_per_year_and_one_for_the_acquisition_cost(
    seed_flows,
):
    ax = plot_cash_flows(seed_flows, acquisition_cost=5000, xlabel="Year")
    assert len(ax.patches) == 11
    assert ax.patches[-1].get_height() == pytest.approx(-5000)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["start", *[str(year) for year in range(2017, 2027)]]
    assert ax.get_xlabel() == "Year"


def test_cash_flows_cumulative_line_starts_at_minus_the_acquisition_cost(seed_flows):
    ax = plot_cash_flows(seed_flows, acquisition_cost=5000)
    cumulative = ax.get_lines()[0].get_ydata()
    assert cumulative[0] == pytest.approx(-5000)
    # The textbook table's CLV, p = 0.9**i and δ = 8 %: 38 922.93 (crmlab.value.clv).
    assert cumulative[-1] == pytest.approx(38_922.93, abs=0.01)


def test_cash_flows_marks_payback_in_the_first_year_of_the_seed_table(seed_flows):
    # 6000 * 0.9 / 1.08 = 5000: the first year exactly repays the acquisition cost.
    ax = plot_cash_flows(seed_flows, acquisition_cost=5000)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Payback (2017)" in legend


def test_cash_flows_without_acquisition_cost_has_no_negative_bar_or_payback():
    ax = plot_cash_flows([50.0, 40.0, 30.0])
    assert len(ax.patches) == 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert not any(text.startswith("Payback") for text in legend)


def test_cash_flows_never_paid_back_draws_no_payback_marker():
    ax = plot_cash_flows([10.0, 10.0], acquisition_cost=100)
    assert len(ax.collections) == 0


def test_cash_flows_draws_on_the_axes_it_is_given():
    fig, ax = plt.subplots()
    assert plot_cash_flows([1.0, 2.0], ax=ax) is ax


@pytest.mark.parametrize(
    ("flows", "options", "error", "match"),
    [
        (pd.DataFrame({"net": [1.0]}), {}, ValueError, "present_value column"),
        ([], {}, ValueError, "flows must not be empty"),
        ([1.0, float("nan")], {}, ValueError, "NaN"),
        ("abc", {}, TypeError, "flows must be a sequence"),
        ([1.0], {"acquisition_cost": -5}, ValueError, "non-negative"),
        ([1.0], {"ax": "axes"}, TypeError, "ax must be a matplotlib Axes"),
    ],
)
def test_cash_flows_rejects_bad_input(flows, options, error, match):
    with pytest.raises(error, match=match):
        plot_cash_flows(flows, **options)


def test_cash_flows_leaves_the_callers_table_unchanged(seed_flows):
    before = seed_flows.copy()
    plot_cash_flows(seed_flows, acquisition_cost=5000)
    pd.testing.assert_frame_equal(seed_flows, before)


# --- plot_heatmap ----------------------------------------------------------------


def test_heatmap_writes_every_cell_and_names_both_axes():
    grid = pd.DataFrame(
        [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
        index=pd.Index(["80%", "90%"], name="Retention"),
        columns=pd.Index(["0%", "4%", "8%"], name="Discount rate"),
    )
    ax = plot_heatmap(grid, value_format="{:.1f}", colorbar_label="CLV")
    assert [t.get_text() for t in ax.texts] == [
        "1.0",
        "2.0",
        "3.0",
        "4.0",
        "5.0",
        "6.0",
    ]
    assert ax.get_xlabel() == "Discount rate"
    assert ax.get_ylabel() == "Retention"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["80%", "90%"]
    assert len(ax.figure.axes) == 2  # the heat map and its colour bar


def test_heatmap_writes_dark_cells_in_white_and_light_cells_in_black():
    grid = pd.DataFrame([[0.0, 100.0]])
    ax = plot_heatmap(grid, cmap="Greys")
    colors = [t.get_color() for t in ax.texts]
    assert colors == ["black", "white"]


@pytest.mark.parametrize(
    ("grid", "error", "match"),
    [
        ([[1, 2]], TypeError, "grid must be a pandas DataFrame"),
        (pd.DataFrame(), ValueError, "grid must not be empty"),
        (pd.DataFrame([[1.0, np.nan]]), ValueError, "NaN"),
        (pd.DataFrame([["a", "b"]]), TypeError, "real numbers"),
    ],
)
def test_heatmap_rejects_bad_input(grid, error, match):
    with pytest.raises(error, match=match):
        plot_heatmap(grid)


# --- plot_clv_multiple -----------------------------------------------------------


def test_clv_multiple_draws_one_labelled_line_per_discount_rate():
    ax = plot_clv_multiple([0.0, 0.05, 0.1, 0.2])
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["δ = 0%", "δ = 5%", "δ = 10%", "δ = 20%"]
    assert ax.get_xlabel() == "Retention rate r"


def test_clv_multiple_lines_follow_the_gupta_lehmann_multiple():
    # Gupta & Lehmann (2003): r = 0.8, δ = 0.1 gives 0.8 / 0.3 = 2.667.
    ax = plot_clv_multiple([0.1], retention=[0.5, 0.8])
    assert ax.get_lines()[0].get_ydata()[1] == pytest.approx(0.8 / 0.3)


def test_clv_multiple_is_lower_for_a_higher_discount_rate():
    ax = plot_clv_multiple([0.05, 0.2], retention=[0.5, 0.9])
    low, high = (line.get_ydata() for line in ax.get_lines())
    assert (np.asarray(low) > np.asarray(high)).all()


@pytest.mark.parametrize(
    ("rates", "options", "error", "match"),
    [
        ([1.5], {}, ValueError, r"discount_rates must be in \[0, 1\]"),
        ([], {}, ValueError, "discount_rates must not be empty"),
        ("0.1", {}, TypeError, "discount_rates must be a sequence"),
        ([0.1], {"retention": [0.5, 1.0]}, ValueError, r"retention must hold rates"),
        ([0.1], {"timing": "middle"}, ValueError, "timing must be one of"),
    ],
)
def test_clv_multiple_rejects_bad_input(rates, options, error, match):
    with pytest.raises(error, match=match):
        plot_clv_multiple(rates, **options)


# --- plot_retention_clv ----------------------------------------------------------


def test_retention_clv_plot_draws_the_periods_and_the_lifetime_value_line():
    ax = plot_retention_clv(100, 0.8, 0.1, periods=12)
    assert len(ax.patches) == 12
    running, limit = ax.get_lines()
    assert limit.get_ydata()[0] == pytest.approx(retention_clv(100, 0.8, 0.1))
    # The running total approaches the infinite sum from below.
    assert running.get_ydata()[-1] < limit.get_ydata()[0]
    assert running.get_ydata()[-1] == pytest.approx(limit.get_ydata()[0], rel=0.1)


def test_retention_clv_plot_with_cash_at_the_start_begins_with_the_full_margin():
    ax = plot_retention_clv(100, 0.8, 0.1, timing="start", periods=3)
    assert ax.patches[0].get_height() == pytest.approx(100)
    assert ax.get_lines()[-1].get_label() == "Lifetime value 366.67"


@pytest.mark.parametrize(
    ("args", "options", "error", "match"),
    [
        ((100, 1.0, 0.1), {}, ValueError, r"retention must be in \[0, 1\)"),
        ((-1, 0.8, 0.1), {}, ValueError, "margin must be non-negative"),
        ((100, 0.8, 0.1), {"periods": 0}, ValueError, "periods must be at least 1"),
        ((100, 0.8, 0.1), {"periods": 2.5}, TypeError, "periods must be an integer"),
        ((100, 0.8, 0.1), {"timing": "later"}, ValueError, "timing must be one of"),
    ],
)
def test_retention_clv_plot_rejects_bad_input(args, options, error, match):
    with pytest.raises(error, match=match):
        plot_retention_clv(*args, **options)


# --- plot_delivered_value --------------------------------------------------------


def test_delivered_value_waterfall_has_each_part_the_total_and_the_result():
    # Kotler's model with the crmlab.value.delivered_value docstring numbers.
    ax = plot_delivered_value(VALUE_PARTS, COST_PARTS)
    assert len(ax.patches) == 10
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[4] == "Total value"
    assert labels[-1] == "Delivered value"
    assert ax.patches[4].get_height() == pytest.approx(1000)
    assert ax.patches[-1].get_height() == pytest.approx(200)
    assert [t.get_text() for t in ax.texts][-1] == "200"


def test_delivered_value_waterfall_shows_a_negative_result_below_zero():
    ax = plot_delivered_value({"product": 100}, {"monetary": 150})
    last = ax.patches[-1]
    assert last.get_y() == pytest.approx(-50)
    assert last.get_height() == pytest.approx(50)
    assert ax.texts[-1].get_text() == "-50"


@pytest.mark.parametrize(
    ("values", "costs", "error", "match"),
    [
        ([600], COST_PARTS, TypeError, "value_parts must be a mapping"),
        ({}, COST_PARTS, ValueError, "value_parts must not be empty"),
        (VALUE_PARTS, {"time": -1}, ValueError, "non-negative"),
    ],
)
def test_delivered_value_waterfall_rejects_bad_input(values, costs, error, match):
    with pytest.raises(error, match=match):
        plot_delivered_value(values, costs)


def test_delivered_value_waterfall_leaves_the_callers_mappings_unchanged():
    values, costs = dict(VALUE_PARTS), dict(COST_PARTS)
    plot_delivered_value(values, costs)
    assert values == VALUE_PARTS
    assert costs == COST_PARTS
