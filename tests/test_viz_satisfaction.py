"""Tests of crmlab.viz.satisfaction: the chapter-9 figures and the Kano explorer."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.patches import Rectangle

from crmlab.datasets import (
    make_ipa_survey,
    make_kano_survey,
    make_nps_responses,
    make_servqual_survey,
)
from crmlab.satisfaction import ipa, kano_category, kano_classify, nps, servqual_gaps
from crmlab.viz.satisfaction import (
    plot_better_worse,
    plot_ipa,
    plot_kano_model,
    plot_kano_table,
    plot_nps_segments,
    plot_servqual_gaps,
)


def make_kano_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": ["A", "O", "M", "I"],
            "better": [0.8, 0.7, 0.2, 0.1],
            "worse": [-0.2, -0.75, -0.8, -0.3],
        },
        index=pd.Index(["gift", "breakfast", "wifi", "phone"], name="feature"),
    )


@pytest.fixture
def kano_table():
    return make_kano_table()


@pytest.fixture
def gaps():
    rows = [[5.5, 5.7], [5.0, 6.6], [5.2, 6.3]]
    frame = pd.DataFrame(
        rows,
        columns=["perception", "expectation"],
        index=pd.Index(
            ["tangibles", "reliability", "responsiveness"], name="dimension"
        ),
    )
    frame.loc["overall"] = frame.mean()
    frame["gap"] = frame["perception"] - frame["expectation"]
    return frame


@pytest.fixture
def nps_answers():
    return pd.DataFrame(
        {"segment": ["a", "a", "a", "b", "b"], "score": [10, 9, 3, 7, 0]}
    )


@pytest.fixture
def ipa_table():
    return pd.DataFrame(
        {"importance": [4.6, 4.4, 3.0, 3.2], "performance": [3.1, 4.5, 3.2, 4.6]},
        index=pd.Index(["wifi", "check-in", "gym", "decor"], name="attribute"),
    )


def scatter_points(ax) -> np.ndarray:
    return np.vstack([c.get_offsets() for c in ax.collections])


# --------------------------------------------------------------------------
# every figure function
# --------------------------------------------------------------------------
def all_plots(kano_table, gaps, nps_answers, ipa_table):
    return {
        "kano_model": lambda ax=None: plot_kano_model(ax=ax),
        "kano_table": lambda ax=None: plot_kano_table(2, 5, ax=ax),
        "better_worse": lambda ax=None: plot_better_worse(kano_table, ax=ax),
        "servqual": lambda ax=None: plot_servqual_gaps(gaps, ax=ax),
        "nps": lambda ax=None: plot_nps_segments(nps_answers, ax=ax),
        "ipa": lambda ax=None: plot_ipa(ipa_table, ax=ax),
    }


def test_every_plot_draws_on_the_given_axes_and_returns_it(
    kano_table, gaps, nps_answers, ipa_table
):
    for name, draw in all_plots(kano_table, gaps, nps_answers, ipa_table).items():
        _, ax = plt.subplots()
        assert draw(ax) is ax, name


def test_every_plot_makes_a_new_figure_without_an_axes(
    kano_table, gaps, nps_answers, ipa_table
):
    for name, draw in all_plots(kano_table, gaps, nps_answers, ipa_table).items():
        assert isinstance(draw(), plt.Axes), name


def test_every_plot_rejects_an_ax_that_is_not_an_axes(
    kano_table, gaps, nps_answers, ipa_table
):
    for draw in all_plots(kano_table, gaps, nps_answers, ipa_table).values():
        with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
            draw("axes")


def test_plots_leave_the_callers_frames_and_rcparams_unchanged(
    kano_table, gaps, nps_answers, ipa_table
):
    copies = [frame.copy() for frame in (kano_table, gaps, nps_answers, ipa_table)]
    params = dict(matplotlib.rcParams)
    for draw in all_plots(kano_table, gaps, nps_answers, ipa_table).values():
        draw()
    for before, after in zip(
        copies, (kano_table, gaps, nps_answers, ipa_table), strict=True
    ):
        pd.testing.assert_frame_equal(before, after)
    assert dict(matplotlib.rcParams) == params


def test_figures_have_no_chinese_characters(kano_table, gaps, nps_answers, ipa_table):
    for name, draw in all_plots(kano_table, gaps, nps_answers, ipa_table).items():
        figure = draw().figure
        figure.canvas.draw()
        texts = [t.get_text() for t in figure.findobj(matplotlib.text.Text)]
        assert not any("\u4e00" <= ch <= "\u9fff" for t in texts for ch in t), name


# --------------------------------------------------------------------------
# Kano
# --------------------------------------------------------------------------
def test_kano_model_draws_the_three_curves_in_their_half_planes():
    ax = plot_kano_model()
    attractive, one_dimensional, must_be = ax.get_lines()[:3]
    assert (attractive.get_ydata() > 0).all()  # attractive never dissatisfies
    assert (must_be.get_ydata() < 0).all()  # must-be never delights
    np.testing.assert_allclose(one_dimensional.get_ydata(), one_dimensional.get_xdata())


def test_kano_table_writes_the_berger_table_in_its_cells():
    ax = plot_kano_table()
    letters = [t.get_text() for t in ax.texts]
    # Berger et al. (1993): first row Q A A A O, last row R R R R Q
    assert letters[:5] == ["Q", "A", "A", "A", "O"]
    assert letters[-5:] == ["R", "R", "R", "R", "Q"]
    assert ax.get_title() == ""


@settings(max_examples=25)
@given(st.integers(1, 5), st.integers(1, 5))
def test_kano_table_outlines_the_cell_of_the_chosen_pair(functional, dysfunctional):
    ax = plot_kano_table(functional, dysfunctional)
    outlined = [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(outlined) == 1
    assert outlined[0].get_xy() == (dysfunctional - 1, functional - 1)
    assert ax.get_title().split("-> ")[1][0] == kano_category(functional, dysfunctional)
    plt.close(ax.figure)


@pytest.mark.parametrize(
    ("functional", "dysfunctional", "error", "match"),
    [
        (0, 5, ValueError, "functional must be a Kano answer code 1-5"),
        (1, 6, ValueError, "dysfunctional must be a Kano answer code 1-5"),
        (1.5, 5, TypeError, "functional must be a Kano answer code"),
        (True, 5, TypeError, "functional must be a Kano answer code"),
        ([1], 5, TypeError, "functional must be a Kano answer code"),
        (1, None, TypeError, "both be given or both be None"),
    ],
)
def test_kano_table_rejects_bad_answer_codes(functional, dysfunctional, error, match):
    with pytest.raises(error, match=match):
        plot_kano_table(functional, dysfunctional)


def test_better_worse_places_each_feature_at_abs_worse_and_better(kano_table):
    ax = plot_better_worse(kano_table)
    points = {tuple(p) for p in scatter_points(ax).round(6)}
    assert points == {(0.2, 0.8), (0.75, 0.7), (0.8, 0.2), (0.3, 0.1)}
    assert [t.get_text() for t in ax.texts[:4]] == list(kano_table.index)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "A attractive",
        "O one-dimensional",
        "M must-be",
        "I indifferent",
    ]


def test_better_worse_draws_the_quadrant_lines_at_the_cut(kano_table):
    ax = plot_better_worse(kano_table, cut=0.4)
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    positions = sorted(float(np.ravel(line.get_xydata())[0]) for line in dashed)
    assert positions == [0.0, 0.4]  # the horizontal line starts at x = 0


@settings(max_examples=15)
@given(st.permutations(range(4)))
def test_better_worse_points_do_not_depend_on_row_order(order):
    kano_table = make_kano_table()
    shuffled = plot_better_worse(kano_table.iloc[list(order)])
    original = plot_better_worse(kano_table)
    assert {tuple(p) for p in scatter_points(shuffled).round(9)} == {
        tuple(p) for p in scatter_points(original).round(9)
    }
    plt.close("all")


def test_better_worse_on_the_generated_hotel_survey_shows_seven_features():
    table = kano_classify(make_kano_survey(), respondent="respondent")
    ax = plot_better_worse(table)
    assert len(scatter_points(ax)) == 7


def test_better_worse_skips_a_feature_without_core_answers(kano_table):
    table = kano_table.copy()
    table.loc["odd"] = ["Q", np.nan, np.nan]
    assert len(scatter_points(plot_better_worse(table))) == 4


@pytest.mark.parametrize(
    ("table", "kwargs", "error", "match"),
    [
        ([1, 2], {}, TypeError, "table must be a pandas DataFrame"),
        (pd.DataFrame({"better": [0.5]}), {}, ValueError, "table must have the col"),
        (
            pd.DataFrame(columns=["category", "better", "worse"]),
            {},
            ValueError,
            "empty",
        ),
        (None, {"cut": 1.5}, ValueError, r"cut must be in \[0, 1\]"),
        (None, {"cut": -0.1}, ValueError, "cut must be"),
        (None, {"cut": float("nan")}, ValueError, "cut"),
        (None, {"cut": "half"}, TypeError, "cut"),
    ],
)
def test_better_worse_rejects_bad_input(kano_table, table, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_better_worse(kano_table if table is None else table, **kwargs)


# --------------------------------------------------------------------------
# SERVQUAL, NPS, IPA
# --------------------------------------------------------------------------
def test_servqual_bars_are_the_dimension_gaps_and_the_overall_is_a_line(gaps):
    ax = plot_servqual_gaps(gaps)
    widths = [bar.get_width() for bar in ax.patches]
    np.testing.assert_allclose(widths, gaps["gap"].iloc[:3])
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels == ["tangibles", "reliability", "responsiveness"]
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert dashed[0].get_xdata()[0] == pytest.approx(gaps.loc["overall", "gap"])


def test_servqual_bars_on_the_generated_survey_show_five_dimensions():
    ax = plot_servqual_gaps(servqual_gaps(*make_servqual_survey()))
    assert len(ax.patches) == 5


@pytest.mark.parametrize(
    ("frame", "error", "match"),
    [
        ({"gap": [-1.0]}, TypeError, "gaps must be a pandas DataFrame"),
        (pd.DataFrame({"value": [-1.0]}), ValueError, "gaps must have the columns"),
        (pd.DataFrame({"gap": [np.nan]}), ValueError, "missing values"),
        (
            pd.DataFrame({"gap": [-1.0]}, index=["overall"]),
            ValueError,
            "at least one dimension",
        ),
    ],
)
def test_servqual_plot_rejects_bad_gaps(frame, error, match):
    with pytest.raises(error, match=match):
        plot_servqual_gaps(frame)


def test_nps_plot_writes_each_segments_nps_and_shares_that_add_to_one(nps_answers):
    ax = plot_nps_segments(nps_answers)
    labels = [t.get_text() for t in ax.texts if t.get_text().startswith("NPS")]
    a, b = nps([10, 9, 3]), nps([7, 0])
    assert labels == [
        f"NPS {a:+.0f}",
        f"NPS {b:+.0f}",
        f"NPS {nps([10, 9, 3, 7, 0]):+.0f}",
    ]
    totals = {}
    for bar in ax.patches:
        y = round(bar.get_y(), 6)
        totals[y] = totals.get(y, 0) + bar.get_width()
    np.testing.assert_allclose(list(totals.values()), 1.0)


def test_nps_plot_on_the_generated_responses_has_four_bars():
    ax = plot_nps_segments(make_nps_responses())
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "all respondents"
    assert len(ax.get_yticklabels()) == 4


@pytest.mark.parametrize(
    ("frame", "kwargs", "error", "match"),
    [
        ("answers", {}, TypeError, "responses must be a pandas DataFrame"),
        (pd.DataFrame({"segment": ["a"], "score": [11]}), {}, ValueError, "0, 10"),
        (pd.DataFrame({"segment": ["a"], "score": [8.5]}), {}, ValueError, "whole"),
        (pd.DataFrame({"segment": [None], "score": [8]}), {}, ValueError, "missing"),
        (pd.DataFrame({"segment": ["a"], "score": [np.nan]}), {}, ValueError, "NaN"),
        (pd.DataFrame({"group": ["a"], "score": [8]}), {}, ValueError, "columns"),
        (
            pd.DataFrame({"segment": ["a"], "score": [8]}),
            {"score": "nps"},
            ValueError,
            "columns",
        ),
    ],
)
def test_nps_plot_rejects_bad_responses(frame, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_nps_segments(frame, **kwargs)


def test_ipa_plot_colours_points_by_the_quadrant_of_crmlab_ipa(ipa_table):
    ax = plot_ipa(ipa_table)
    expected = ipa(ipa_table["importance"], ipa_table["performance"])
    colours = [matplotlib.colors.to_hex(c) for c in ax.collections[0].get_facecolors()]
    by_quadrant = dict(zip(expected["quadrant"], colours, strict=True))
    assert len(set(by_quadrant.values())) == 4  # one colour per quadrant
    np.testing.assert_allclose(
        scatter_points(ax), ipa_table[["performance", "importance"]].to_numpy()
    )


def test_ipa_plot_draws_the_cuts_at_the_means_or_the_given_pair(ipa_table):
    ax = plot_ipa(ipa_table)
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert dashed[0].get_xdata()[0] == pytest.approx(ipa_table["performance"].mean())
    assert dashed[1].get_ydata()[0] == pytest.approx(ipa_table["importance"].mean())
    ax = plot_ipa(ipa_table, split=(3, 3))
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert [dashed[0].get_xdata()[0], dashed[1].get_ydata()[0]] == [3, 3]


def test_ipa_plot_on_the_generated_survey_labels_eight_attributes():
    ax = plot_ipa(make_ipa_survey())
    assert len(scatter_points(ax)) == 8


@pytest.mark.parametrize(
    ("frame", "kwargs", "error", "match"),
    [
        ([1, 2], {}, TypeError, "table must be a pandas DataFrame"),
        ("table", {"split": "mode"}, ValueError, "split must be one of"),
        ("table", {"split": (3,)}, ValueError, "split must be"),
        ("table", {"importance": "weight"}, ValueError, "table must have the columns"),
        (
            pd.DataFrame({"importance": [np.nan], "performance": [3.0]}),
            {},
            ValueError,
            "importance",
        ),
    ],
)
def test_ipa_plot_rejects_bad_input(ipa_table, frame, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_ipa(ipa_table if isinstance(frame, str) else frame, **kwargs)
