"""Tests for crmlab.viz.loyalty: each figure, the explorer, bad input."""

import pandas as pd
import pytest

from crmlab.viz.loyalty import (
    MARKETS,
    plot_loyalty_index,
    plot_loyalty_matrix,
    plot_purchase_counts,
    plot_satisfaction_loyalty,
)


@pytest.fixture
def log():
    # a: 3 purchases, b: 1, c: 2 -> two of three customers repeat.
    rows = [("a", 1), ("a", 2), ("a", 3), ("b", 4), ("c", 5), ("c", 6)]
    return pd.DataFrame(rows, columns=["customer_id", "day"])


# --------------------------------------------------------------------------
# repeat purchases
# --------------------------------------------------------------------------


def test_plot_purchase_counts_counts_customers_per_number_of_purchases(log):
    ax = plot_purchase_counts(log, max_count=4)
    assert [bar.get_height() for bar in ax.patches] == [1, 1, 1, 0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4+"]
    assert "66.7%" in ax.get_legend().get_texts()[1].get_text()


def test_plot_purchase_counts_leaves_the_log_unchanged(log):
    before = log.copy()
    plot_purchase_counts(log, max_count=2)
    pd.testing.assert_frame_equal(log, before)


def test_plot_purchase_counts_puts_heavy_buyers_in_the_last_bar(log):
    ax = plot_purchase_counts(log, max_count=2)
    assert [bar.get_height() for bar in ax.patches] == [1, 2]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"max_count": 1}, ValueError, "max_count must be at least 2"),
        ({"max_count": "5"}, TypeError, "max_count must be an integer"),
        ({"customer": "client"}, ValueError, "client"),
        ({"ax": "axes"}, TypeError, "ax must be a matplotlib Axes"),
    ],
)
def test_plot_purchase_counts_rejects_bad_arguments(log, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_purchase_counts(log, **kwargs)


# --------------------------------------------------------------------------
# satisfaction and loyalty
# --------------------------------------------------------------------------


def test_plot_satisfaction_loyalty_draws_one_curve_per_market_and_says_it_is_illustrative():
    ax = plot_satisfaction_loyalty()
    assert [line.get_label() for line in ax.lines] == list(MARKETS)
    texts = [t.get_text() for t in ax.texts]
    assert "Illustrative curves, not data" in texts
    assert any("defection" in t for t in texts)


def test_plot_satisfaction_loyalty_takes_custom_markets():
    ax = plot_satisfaction_loyalty({"Monopoly": (90, 1)})
    assert ax.lines[0].get_ydata()[0] == pytest.approx(90)


def test_plot_satisfaction_loyalty_rejects_no_markets():
    with pytest.raises(ValueError, match="markets must name at least one curve"):
        plot_satisfaction_loyalty({})


# --------------------------------------------------------------------------
# Dick & Basu
# --------------------------------------------------------------------------


def test_plot_loyalty_matrix_labels_each_quadrant_with_its_count():
    attitude = pd.Series({"a": 6, "b": 7, "c": 6, "d": 2, "e": 1})
    patronage = pd.Series({"a": 0.9, "b": 0.8, "c": 0.1, "d": 0.9, "e": 0.2})
    ax = plot_loyalty_matrix(attitude, patronage, attitude_cut=4, patronage_cut=0.5)
    labels = sorted(t.get_text() for t in ax.texts)
    assert labels == [
        "Latent loyalty (1)",
        "Loyalty (2)",
        "No loyalty (1)",
        "Spurious loyalty (1)",
    ]
    assert sum(len(c.get_offsets()) for c in ax.collections) == 5


def test_plot_loyalty_matrix_jitter_moves_dots_but_not_types():
    attitude = pd.Series({"a": 4, "b": 4, "c": 5, "d": 3})
    patronage = pd.Series({"a": 1, "b": 2, "c": 3, "d": 4})
    plain = plot_loyalty_matrix(attitude, patronage, attitude_cut=4.5)
    shaken = plot_loyalty_matrix(attitude, patronage, attitude_cut=4.5, jitter=0.5)
    assert [t.get_text() for t in plain.texts] == [t.get_text() for t in shaken.texts]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"jitter": -1}, ValueError, "jitter"),
        ({"attitude_cut": "high"}, TypeError, "attitude_cut"),
        ({"ax": 3}, TypeError, "ax must be a matplotlib Axes"),
    ],
)
def test_plot_loyalty_matrix_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_loyalty_matrix({"a": 1, "b": 2}, {"a": 1, "b": 2}, **kwargs)


def test_plot_loyalty_matrix_rejects_different_customers():
    with pytest.raises(ValueError, match="same customers"):
        plot_loyalty_matrix({"a": 1, "b": 2}, {"a": 1, "c": 2})


# --------------------------------------------------------------------------
# loyalty index and explorer
# --------------------------------------------------------------------------


def test_plot_loyalty_index_bins_every_customer_and_marks_the_mean():
    ax = plot_loyalty_index(pd.Series([10.0, 30.0, 50.0, 70.0]), bins=5)
    assert [bar.get_height() for bar in ax.patches] == [1, 1, 1, 1, 0]
    assert any(t.get_text() == "mean 40.0" for t in ax.texts)


@pytest.mark.parametrize(
    ("values", "kwargs", "error", "match"),
    [
        ([], {}, ValueError, "index"),
        ([20, 120], {}, ValueError, r"index must be in \[0, 100\]"),
        ([20, -1], {}, ValueError, "index"),
        ([20, float("nan")], {}, ValueError, "index"),
        ([20, 30], {"bins": 0}, ValueError, "bins must be at least 1"),
        ([20, 30], {"bins": 2.0}, TypeError, "bins must be an integer"),
    ],
)
def test_plot_loyalty_index_rejects_bad_input(values, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_loyalty_index(values, **kwargs)
