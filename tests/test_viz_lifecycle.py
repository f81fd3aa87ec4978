"""Tests of the explorers of chapters 1 and 2 (crmlab.viz.lifecycle) without a browser."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("altair", reason="install the book extra")

from crmlab.datasets import (  # noqa: E402
    STATE_EXAMPLE_MATRIX,
    make_purchase_histories,
)
from crmlab.lifecycle import (  # noqa: E402
    CUSTOMER_STATES,
    LIFECYCLE_PATTERNS,
    LIFECYCLE_STAGES,
    lifecycle_pattern,
    lifecycle_stage,
    steady_state,
)
from crmlab.viz import explorers, lifecycle  # noqa: E402
from crmlab.viz.explorers import (  # noqa: E402
    LIFECYCLE_DECLINE,
    LIFECYCLE_GROWTH,
    LIFECYCLE_LONG,
    LIFECYCLE_MATURE,
    STATE_CHANGES,
    VEGALITE_MIME,
    lifecycle_explorer,
    lifecycle_grid,
    state_explorer,
    state_grid,
    state_setting,
)


def example() -> pd.DataFrame:
    states = list(CUSTOMER_STATES)
    return pd.DataFrame(
        [STATE_EXAMPLE_MATRIX[s] for s in states], index=states, columns=states
    )


def params(explorer) -> dict:
    return {p["name"]: p for p in explorer.spec["params"]}


def test_the_chapter_module_re_exports_both_explorers():
    assert lifecycle.state_explorer is explorers.state_explorer
    assert lifecycle.lifecycle_explorer is explorers.lifecycle_explorer


def test_both_explorers_show_as_vega_lite_and_html():
    series = make_purchase_histories(5, seed=1).iloc[0]
    for explorer in (
        state_explorer(example()),
        lifecycle_explorer(series, mature_level=100),
    ):
        bundle = explorer._repr_mimebundle_()
        assert set(bundle) == {VEGALITE_MIME, "text/html", "text/plain"}
        assert bundle["text/html"].startswith('<div class="crm-explorer"')


def test_the_state_explorer_starts_with_no_change_and_three_sliders():
    found = params(state_explorer(example()))
    for name in ("conversion", "churn", "winback"):
        assert found[name]["value"] == 0.0
        bind = found[name]["bind"]
        assert (bind["min"], bind["max"], bind["step"]) == (-0.15, 0.3, 0.05)


def test_the_state_grid_is_crmlabs_steady_state_at_every_setting():
    matrix = example()
    grid = np.array(state_grid(matrix)).reshape(len(STATE_CHANGES) ** 3, 4)
    k = 0
    for c in STATE_CHANGES:
        for x in STATE_CHANGES:
            for w in STATE_CHANGES:
                changed = state_setting(matrix, (c / 100, x / 100, w / 100))
                if changed is None:
                    assert (grid[k] == -1).all()
                else:
                    np.testing.assert_allclose(
                        grid[k], steady_state(changed), atol=6e-5
                    )
                    np.testing.assert_allclose(changed.sum(axis=1), 1.0)
                k += 1
    start = (0 - STATE_CHANGES.start) // 5
    at = (start * len(STATE_CHANGES) + start) * len(STATE_CHANGES) + start
    np.testing.assert_allclose(grid[at], steady_state(matrix), atol=6e-5)


def test_an_impossible_setting_is_marked_and_the_matrix_kept():
    matrix = example()
    kept = matrix.copy()
    # lost -> current is 0.10 in the example: lowering it by 0.15 is impossible
    assert state_setting(matrix, (0, 0, -0.15)) is None
    pd.testing.assert_frame_equal(matrix, kept)


def test_the_state_explorer_rejects_other_states_and_bad_matrices():
    two = pd.DataFrame([[0.8, 0.2], [0.5, 0.5]], index=["a", "b"], columns=["a", "b"])
    with pytest.raises(ValueError, match="matrix must have the states .* got"):
        state_explorer(two)
    bad = example()
    bad.iloc[0, 0] = 0.5
    with pytest.raises(ValueError, match="must sum to 1 .*got"):
        state_explorer(bad)


def test_the_lifecycle_grid_is_crmlabs_rule_at_every_setting():
    series = make_purchase_histories(20, seed=2024).loc["C0001"]
    letters, patterns = lifecycle_grid(series, 100)
    n, k_count = len(series), len(LIFECYCLE_LONG)
    setting = 0
    for g in LIFECYCLE_GROWTH:
        for m in LIFECYCLE_MATURE:
            for d in LIFECYCLE_DECLINE:
                chunk = letters[setting * n : (setting + 1) * n]
                found = patterns[setting * k_count : (setting + 1) * k_count]
                setting += 1
                if g >= m:
                    assert chunk == "-" * n and found == "-" * k_count
                    continue
                options = dict(
                    mature_level=100,
                    growth_share=g / 100,
                    mature_share=m / 100,
                    decline_share=d / 100,
                )
                stages = lifecycle_stage(series, **options).tolist()
                assert [LIFECYCLE_STAGES[int(c)] for c in chunk] == stages
                for digit, k in zip(found, LIFECYCLE_LONG, strict=True):
                    expected = lifecycle_pattern(series, long_periods=k, **options)
                    assert LIFECYCLE_PATTERNS[int(digit)] == expected


def test_the_lifecycle_explorer_starts_at_the_books_thresholds():
    found = params(lifecycle_explorer([10, 40, 90, 100, 60, 0], mature_level=100))
    assert [found[p]["value"] for p in "gmdk"] == [0.3, 0.8, 0.7, 4]


@pytest.mark.parametrize(
    ("series", "level", "error", "match"),
    [
        ([10, np.nan, 0, 0, 0, 0], 100, ValueError, "series must not contain NaN.*got"),
        ([10, 0, 0], 100, ValueError, "at least long_periods=6 periods; got 3"),
        ([10, 20, 30, 40, 50, 60], 0, ValueError, "mature_level must be positive; got"),
    ],
)
def test_the_lifecycle_explorer_rejects_bad_input(series, level, error, match):
    with pytest.raises(error, match=match):
        lifecycle_explorer(series, mature_level=level)
