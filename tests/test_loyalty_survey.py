"""Tests for crmlab.datasets.make_loyalty_survey and its constants (chapter 10).

Moved from test_viz_loyalty.py when the generator moved out of crmlab.viz.
"""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd
import pytest

from crmlab.datasets import (
    BOUNDS,
    DEFAULT_WEIGHTS,
    HIGHER_IS_BETTER,
    MEASURES,
    make_loyalty_survey,
)
from crmlab.loyalty import loyalty_matrix

# --------------------------------------------------------------------------
# the survey
# --------------------------------------------------------------------------


def test_make_loyalty_survey_is_reproducible_and_has_every_measure():
    survey = make_loyalty_survey(50, seed=3)
    pd.testing.assert_frame_equal(survey, make_loyalty_survey(50, seed=3))
    assert list(survey.columns[:7]) == list(MEASURES)
    assert survey.index.name == "customer_id"
    assert survey.index.is_unique


def test_make_loyalty_survey_keeps_every_measure_within_its_bounds():
    survey = make_loyalty_survey(500, seed=7)
    for name, (low, high) in BOUNDS.items():
        assert survey[name].between(low, high).all(), name
    assert survey.attitude.between(1, 7).all()
    assert (survey.firm_spend <= survey.category_spend).all()
    assert (survey.category_spend > 0).all()


def test_make_loyalty_survey_ties_attitude_and_behaviour_measures_the_documented_way():
    survey = make_loyalty_survey(2000, seed=1)
    corr = survey.corr()
    assert corr.loc["repeat_purchases", "need_satisfaction"] > 0.5
    assert corr.loc["attitude", "brand_attention"] > 0.5
    assert corr.loc["attitude", "price_sensitivity"] < 0
    assert corr.loc["attitude", "choice_time"] < 0


def test_the_default_survey_fills_all_four_dick_and_basu_types():
    survey = make_loyalty_survey()
    share = survey.firm_spend / survey.category_spend
    types = loyalty_matrix(survey.attitude, share, attitude_cut=4.5, patronage_cut=0.5)
    assert set(types) == {"loyalty", "latent loyalty", "spurious loyalty", "no loyalty"}


def test_default_weights_are_a_percentage_split_of_the_measures():
    assert set(DEFAULT_WEIGHTS) == set(MEASURES) == set(HIGHER_IS_BETTER)
    assert sum(DEFAULT_WEIGHTS.values()) == 100


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_customers": 0}, ValueError, "n_customers must be at least 1"),
        ({"n_customers": 2.5}, TypeError, "n_customers must be an integer"),
        # one seed check for every generator (crmlab.datasets)
        ({"seed": -1}, ValueError, "seed must be a non-negative integer; got -1"),
        ({"seed": True}, TypeError, "seed must be a non-negative integer; got True"),
    ],
)
def test_make_loyalty_survey_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_loyalty_survey(**kwargs)


def test_the_survey_constants_are_read_only():
    for constant in (BOUNDS, DEFAULT_WEIGHTS, HIGHER_IS_BETTER, MEASURES):
        assert isinstance(constant, MappingProxyType)
        with pytest.raises(TypeError):
            constant["repeat_purchases"] = 0
