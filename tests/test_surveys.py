"""Tests for the seeded satisfaction survey generators (chapter 9)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from crmlab.datasets import (
    make_acsi_survey,
    make_ipa_survey,
    make_kano_survey,
    make_nps_responses,
    make_servqual_survey,
)
from crmlab.satisfaction import (
    acsi_index,
    ipa,
    kano_classify,
    nps,
    servqual_gaps,
)

_GENERATORS = [
    (make_kano_survey, "n_respondents"),
    (make_servqual_survey, "n_respondents"),
    (make_nps_responses, "n"),
    (make_ipa_survey, "n_respondents"),
    (make_acsi_survey, "n_respondents"),
]


def _frames(result):
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize(("make", "size"), _GENERATORS)
def test_generators_return_the_same_data_for_the_same_seed(make, size):
    first = _frames(make(**{size: 40}, seed=7))
    second = _frames(make(**{size: 40}, seed=7))
    for a, b in zip(first, second, strict=True):
        assert_frame_equal(a, b)


@pytest.mark.parametrize(("make", "size"), _GENERATORS)
def test_generators_return_different_data_for_another_seed(make, size):
    first = _frames(make(**{size: 40}, seed=7))
    second = _frames(make(**{size: 40}, seed=8))
    assert any(not a.equals(b) for a, b in zip(first, second, strict=True))


@pytest.mark.parametrize(("make", "size"), _GENERATORS)
@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (0, ValueError, "must be at least 1"),
        (-5, ValueError, "must be at least 1"),
        (10.0, TypeError, "must be an integer"),
        (True, TypeError, "must be an integer"),
        ("10", TypeError, "must be an integer"),
    ],
)
def test_generators_reject_a_bad_size(make, size, value, error, match):
    with pytest.raises(error, match=f"{size} {match}"):
        make(**{size: value})


@pytest.mark.parametrize(("make", "size"), _GENERATORS)
@pytest.mark.parametrize(
    ("seed", "error"),
    [(-1, ValueError), (1.5, TypeError), (None, TypeError), (False, TypeError)],
)
def test_generators_reject_a_bad_seed(make, size, seed, error):
    with pytest.raises(error, match="seed must be a non-negative integer"):
        make(**{size: 10}, seed=seed)


def test_kano_survey_majority_reproduces_each_features_true_category():
    survey = make_kano_survey()
    result = kano_classify(survey, respondent="respondent")
    assert result["category"].to_dict() == {
        "breakfast quality": "O",
        "clean room": "M",
        "fast check-in": "O",
        "free Wi-Fi": "M",
        "in-room landline": "I",
        "late checkout": "A",
        "welcome gift": "A",
    }


def test_kano_survey_answers_are_codes_one_to_five_for_every_pair():
    survey = make_kano_survey(30, seed=3)
    assert len(survey) == 30 * 7
    assert not survey.duplicated(["feature", "respondent"]).any()
    answers = survey[["functional", "dysfunctional"]].to_numpy()
    assert answers.min() >= 1 and answers.max() <= 5
    assert np.issubdtype(answers.dtype, np.integer)


def test_kano_survey_takes_custom_features():
    survey = make_kano_survey(120, features={"fingerprint login": "M"}, seed=1)
    assert survey["feature"].unique().tolist() == ["fingerprint login"]
    assert kano_classify(survey).loc["fingerprint login", "category"] == "M"


@pytest.mark.parametrize(
    ("features", "error", "match"),
    [
        ({"login": "X"}, ValueError, "must be one of 'M', 'O', 'A', 'I'"),
        ({"login": "R"}, ValueError, "must be one of"),
        ({}, TypeError, "non-empty mapping"),
        (["login"], TypeError, "non-empty mapping"),
    ],
)
def test_kano_survey_rejects_bad_features(features, error, match):
    with pytest.raises(error, match=match):
        make_kano_survey(10, features=features)


def test_servqual_survey_has_the_22_items_on_a_seven_point_scale():
    perceptions, expectations = make_servqual_survey(60, seed=2)
    columns = [f"q{item}" for item in range(1, 23)]
    for frame in (perceptions, expectations):
        assert frame.columns.tolist() == columns
        assert frame.shape == (60, 22)
        assert frame.to_numpy().min() >= 1 and frame.to_numpy().max() <= 7


def test_servqual_survey_gaps_are_negative_and_largest_for_reliability():
    gaps = servqual_gaps(*make_servqual_survey())
    assert (gaps["gap"] < 0).all()
    assert gaps["gap"].iloc[:5].idxmin() == "reliability"
    assert gaps["expectation"].iloc[:5].min() > 5.5


def test_nps_responses_show_segments_in_the_intended_order():
    answers = make_nps_responses()
    by_segment = answers.groupby("segment")["score"].apply(nps)
    assert by_segment["business"] > by_segment["leisure"] > by_segment["group"]
    assert by_segment["group"] < 0
    assert 0 < nps(answers["score"]) < 40
    assert answers["score"].between(0, 10).all()


def test_ipa_survey_fills_every_quadrant():
    table = make_ipa_survey()
    quadrants = ipa(table["importance"], table["performance"])["quadrant"]
    assert quadrants["Wi-Fi speed"] == "concentrate here"
    assert quadrants["room cleanliness"] == "keep up the good work"
    assert quadrants["room decor"] == "possible overkill"
    assert quadrants["gym"] == "low priority"
    assert table.stack().between(1, 5).all()


def test_acsi_survey_gives_an_index_in_the_low_seventies():
    items = make_acsi_survey()
    assert items.columns.tolist() == ["overall", "expectations", "ideal"]
    assert items.to_numpy().min() >= 1 and items.to_numpy().max() <= 10
    index = acsi_index(items)
    assert isinstance(index, pd.Series) and len(index) == 300
    assert 65 < index.mean() < 80
    assert items["ideal"].mean() < items["overall"].mean()
