"""Explorers of chapters 4 and 5 without a browser: specs, precomputed data, bad input.

The browser checks are in ``tests/test_browser.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("altair", reason="install the book extra")

from crmlab.acquisition import referral_growth  # noqa: E402
from crmlab.scoring import weighted_score  # noqa: E402
from crmlab.viz import acquisition, explorers  # noqa: E402
from crmlab.viz.explorers import (  # noqa: E402
    VEGALITE_MIME,
    criterion_scores,
    referral_explorer,
    segment_score_explorer,
)

# The additive supplier's five segments of chapter 4 (this book's invented example).
SEGMENTS = pd.DataFrame(
    {
        "demand": [9, 8, 5, 3, 6],
        "price_sensitivity": [9, 8, 4, 5, 6],
        "service_cost": [120, 150, 60, 90, 200],
        "growth": [2, 1, 15, 8, 5],
        "partnership": [2, 2, 5, 4, 3],
    },
    index=["large paint", "large ceramics", "small paint", "small ceramics", "export"],
)
WEIGHTS = {
    "demand": 0.25,
    "price_sensitivity": 0.20,
    "service_cost": 0.20,
    "growth": 0.20,
    "partnership": 0.15,
}
LOWER = {"price_sensitivity": False, "service_cost": False}


def params(explorer) -> dict:
    return {p["name"]: p for p in explorer.spec["params"]}


def test_the_chapter_module_re_exports_its_explorers():
    assert acquisition.segment_score_explorer is explorers.segment_score_explorer
    assert acquisition.referral_explorer is explorers.referral_explorer


@pytest.mark.parametrize(
    "make",
    [
        lambda: segment_score_explorer(SEGMENTS, WEIGHTS, higher_is_better=LOWER),
        referral_explorer,
    ],
)
def test_the_explorers_show_as_vega_lite_and_as_html(make):
    bundle = make()._repr_mimebundle_()
    assert set(bundle) == {VEGALITE_MIME, "text/html", "text/plain"}
    assert 'class="crm-explorer"' in bundle["text/html"]


def test_segment_explorer_starts_at_the_weights_in_per_cent():
    p = params(segment_score_explorer(SEGMENTS, WEIGHTS, higher_is_better=LOWER))
    assert [p[f"w{k}"]["value"] for k in range(5)] == [25, 20, 20, 20, 15]
    assert [p[f"w{k}"]["bind"]["name"].strip() for k in range(5)] == list(SEGMENTS)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=5, max_size=5).filter(any))
def test_the_weighted_mean_of_each_criterions_score_is_crmlabs_score(weights):
    # the chart computes sum(w_k s_k) / sum(w_k) from criterion_scores; this is
    # crmlab's score for every weight vector on the sliders' grid (steps of 5)
    w = np.array(weights, dtype=float) * 5
    s = criterion_scores(SEGMENTS, higher_is_better=LOWER).to_numpy()
    expected = weighted_score(
        SEGMENTS, dict(zip(SEGMENTS, w, strict=True)), higher_is_better=LOWER
    )["score"]
    np.testing.assert_allclose(s @ w / w.sum(), expected, rtol=1e-12)


@pytest.mark.parametrize(
    ("criteria", "weights", "error", "match"),
    [
        (SEGMENTS.iloc[:, :4], dict(list(WEIGHTS.items())[:4]), ValueError, "five"),
        (SEGMENTS, dict.fromkeys(WEIGHTS, 0), ValueError, "positive sum; got 0"),
        (SEGMENTS, {**WEIGHTS, "demand": -1}, ValueError, "non-negative; got -1"),
        (SEGMENTS.values, WEIGHTS, TypeError, "criteria must be a pandas"),
    ],
)
def test_segment_explorer_rejects_bad_starting_values(criteria, weights, error, match):
    with pytest.raises(error, match=match):
        segment_score_explorer(criteria, weights)


def test_referral_explorer_starts_at_the_rate_and_keeps_the_initial_customers():
    p = params(referral_explorer(3, 1.5, 8))
    assert p["r"]["value"] == 1.5 and p["a"]["value"] == 3
    data = referral_explorer().spec["datasets"]
    (rounds,) = [rows for rows in data.values() if rows and "t" in rows[0]]
    assert [row["t"] for row in rounds] == list(range(13))


@pytest.mark.parametrize("r", [0.0, 0.5, 1.0, 2.0, 3.0])
def test_the_referral_formula_is_crmlabs_new_customers(r):
    growth = referral_growth(1, r, 12)
    expected = [1 * r**t for t in range(13)]
    np.testing.assert_allclose(growth["new"], expected)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((0, 2, 12), ValueError, "initial must be at least 1; got 0"),
        ((1, 3.5, 12), ValueError, r"referrals_per_customer must be in \[0, 3\]"),
        ((1, 2, 0), ValueError, r"rounds must be in \[1, 20\]; got 0"),
        ((1, 2, 2.5), TypeError, "rounds must be an integer; got 2.5"),
    ],
)
def test_referral_explorer_rejects_bad_starting_values(args, error, match):
    with pytest.raises(error, match=match):
        referral_explorer(*args)
