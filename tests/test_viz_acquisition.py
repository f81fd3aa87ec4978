"""Tests for crmlab.viz.acquisition: the figures of chapters 4 and 5."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab.acquisition import gini, whale_curve
from crmlab.viz.acquisition import (
    plot_funnel,
    plot_lorenz_curve,
    plot_referral_growth,
    plot_target_grid,
    plot_whale_curve,
)

PROFIT = pd.Series({"a": 60.0, "b": -20.0, "c": 40.0, "d": 20.0})


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_lorenz_plot_draws_the_curve_the_diagonal_and_the_gini():
    ax = plot_lorenz_curve([1, 3, 6])
    assert ax.lines[1].get_ydata().tolist() == [0, 1]
    assert f"{gini([1, 3, 6]):.2f}" in ax.texts[0].get_text()


def test_whale_plot_starts_at_zero_and_marks_the_peak():
    ax = plot_whale_curve(PROFIT)
    curve = whale_curve(PROFIT)
    assert ax.lines[0].get_ydata()[0] == 0
    assert np.allclose(ax.lines[0].get_ydata()[1:], curve["profit_share"])
    assert "120%" in ax.texts[0].get_text()


def test_target_grid_plot_titles_the_pattern_and_labels_the_axes():
    grid = pd.DataFrame([[1, 1], [0, 0]], index=["P1", "P2"], columns=["M1", "M2"])
    ax = plot_target_grid(grid)
    assert ax.get_title() == "product specialisation"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["P1", "P2"]


def test_funnel_plot_marks_the_worst_leak_in_another_colour():
    ax = plot_funnel({"found": 100, "met": 80, "closed": 20})
    colours = [p.get_facecolor() for p in ax.patches]
    assert colours[0] == colours[1] != colours[2]


def test_referral_plot_draws_a_bar_per_round_and_the_claim():
    ax = plot_referral_growth(1, 2, 12, claim=8400)
    assert len(ax.patches) == 13
    assert ax.lines[-1].get_ydata()[0] == 8400


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: plot_lorenz_curve([0, 0]), ValueError, "positive total; got 0"),
        (lambda: plot_whale_curve([-1, -2]), ValueError, "positive total; got -3"),
        (lambda: plot_target_grid("grid"), TypeError, "grid must be a pandas"),
        (lambda: plot_funnel({"a": 1, "b": 2}), ValueError, "must not grow"),
        (lambda: plot_referral_growth(1, 2, 3, claim="x"), TypeError, "claim must"),
        (lambda: plot_funnel({"a": 1}, ax="ax"), TypeError, "ax must be"),
    ],
)
def test_figures_reject_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
