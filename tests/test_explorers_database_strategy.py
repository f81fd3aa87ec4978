"""Tests of the explorers of chapters 6 (the OLAP cube) and 13 (a CRM project's ROI).

Without a browser: the specs' starting values, the precomputed data against
crmlab, and bad input. ``tests/test_browser_database_strategy.py`` moves
their controls on the built pages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("altair", reason="install the book extra")

from crmlab.strategy import project_roi  # noqa: E402
from crmlab.viz import database as viz_database  # noqa: E402
from crmlab.viz import explorers  # noqa: E402
from crmlab.viz import strategy as viz_strategy  # noqa: E402
from crmlab.viz.explorers import (  # noqa: E402
    ROI_INVESTMENTS,
    ROI_RATES,
    ROI_SCALES,
    cube_explorer,
    cube_slices,
    roi_explorer,
    roi_grid,
)

BENEFITS, COSTS = [30.0, 55.0, 70.0, 75.0, 75.0], 15.0


@pytest.fixture()
def cube():
    rng = np.random.default_rng(6)
    index = pd.MultiIndex.from_product(
        [
            ["East", "West", "North"],
            ["Tea", "Gifts"],
            ["2024-Q1", "2024-Q3", "2025-Q2"],
        ],
        names=["region", "category", "quarter"],
    )
    return pd.Series(rng.integers(1, 100, len(index)) * 10.0, index=index)


def params(explorer) -> dict:
    return {p["name"]: p for p in explorer.spec["params"] if "name" in p}


def test_the_chapter_modules_re_export_their_explorers():
    assert viz_database.cube_explorer is explorers.cube_explorer
    assert viz_strategy.roi_explorer is explorers.roi_explorer


def test_cube_slices_are_the_cubes_sums_at_every_category_and_level(cube):
    cells, summary = cube_slices(cube)
    frame = cube.rename("sales").reset_index()
    frame["year"] = frame["quarter"].str[:4]
    for category in ["All", "Tea", "Gifts"]:
        part = frame if category == "All" else frame[frame.category == category]
        for level in ["quarter", "year"]:
            expected = part.groupby(["region", level])["sales"].sum()
            got = cells[(cells.category == category) & (cells.level == level)]
            got = got.set_index(["region", "period"])["sales"]
            assert np.allclose(
                got.sort_index().to_numpy(), expected.sort_index().to_numpy()
            )
            row = summary[(summary.category == category) & (summary.level == level)]
            assert row["total"].item() == pytest.approx(expected.sum())
            assert row["top_sales"].item() == expected.max()
    assert len(summary) == 3 * 2


def test_cube_explorer_starts_at_the_given_slice(cube):
    explorer = cube_explorer(cube, category="Gifts", level="year")
    assert params(explorer)["cat"]["value"] == "Gifts"
    assert params(explorer)["lvl"]["value"] == "year"
    assert params(explorer)["cat"]["bind"]["options"] == ["All", "Gifts", "Tea"]
    assert "OLAP cube explorer (Gifts, by year)" == repr(explorer)


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda c: cube_explorer(c, category="Coffee"),
            ValueError,
            "category must be one of",
        ),
        (lambda c: cube_explorer(c, level="month"), ValueError, "level must be one of"),
        (
            lambda c: cube_slices(c.droplevel(0)),
            TypeError,
            "cube must be a pandas Series",
        ),
        (lambda c: cube_slices(c * -1), ValueError, "cube must be non-negative; got"),
        (
            lambda c: cube_slices(c.rename(index={"2024-Q1": "Q1 2024"})),
            ValueError,
            "quarters must be written YYYY-Qn; got 'Q1 2024'",
        ),
    ],
)
def test_cube_explorer_rejects_bad_input(cube, make, error, message):
    with pytest.raises(error, match=message):
        make(cube)


def test_roi_grid_holds_project_roi_at_every_setting():
    grid = roi_grid(BENEFITS, COSTS)
    assert len(grid) == len(ROI_INVESTMENTS) * len(ROI_SCALES) * len(ROI_RATES)
    for row in grid.sample(60, random_state=1).itertuples():
        expected = project_roi(
            row.investment,
            np.array(BENEFITS) * row.scale,
            COSTS,
            discount_rate=row.rate,
        )
        assert row.npv == pytest.approx(expected["npv"])
        assert row.roi == pytest.approx(expected["roi"])
        payback = expected["payback"] if np.isfinite(expected["payback"]) else -1.0
        assert row.payback == pytest.approx(payback)


def test_roi_grid_marks_never_paying_back_as_minus_one():
    grid = roi_grid([10.0, 10.0], 0.0)
    assert (grid["payback"] == -1.0).all() and (grid["npv"] < 0).all()


def test_roi_explorer_starts_at_the_chapters_project():
    explorer = roi_explorer(BENEFITS, COSTS)
    assert [params(explorer)[k]["value"] for k in ("inv", "s", "r")] == [
        120.0,
        1.0,
        0.08,
    ]
    assert repr(explorer) == "ROI explorer (I 120, scale 1, r 8%)"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"investment": 125}, "investment must be on the explorer's grid.*got 125"),
        ({"scale": 2.0}, "scale must be on the explorer's grid.*got 2"),
        ({"rate": 0.07}, "rate must be on the explorer's grid.*got 0.07"),
    ],
)
def test_roi_explorer_rejects_starting_values_off_its_grid(options, message):
    with pytest.raises(ValueError, match=message):
        roi_explorer(BENEFITS, COSTS, **options)


def test_the_static_figures_draw_the_explorers_starting_state(cube):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = viz_database.plot_cube_slice(cube, category="Tea", level="year")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024", "2025"]
    plt.close(ax.figure)
    ax = viz_strategy.plot_npv_by_rate(120, BENEFITS, COSTS, rate=0.08)
    heights = [bar.get_height() for bar in ax.patches]
    assert heights[4] == pytest.approx(
        project_roi(120, BENEFITS, COSTS, discount_rate=0.08)["npv"]
    )
    assert "NPV = 56.78" in ax.get_title(loc="left")
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="category must be one of"):
        viz_database.plot_cube_slice(cube, category="Coffee")
    with pytest.raises(ValueError, match=r"rate must be in \[0, 1\]; got 2"):
        viz_strategy.plot_npv_by_rate(120, BENEFITS, rate=2)
