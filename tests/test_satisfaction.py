"""Tests for crmlab.satisfaction (chapter 9)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from crmlab.satisfaction import (
    KANO_CATEGORIES,
    acsi_index,
    disconfirmation,
    ipa,
    kano_category,
    kano_classify,
    nps,
    satisfaction_index,
    satisfaction_level,
    servqual_gaps,
)

# ---------------------------------------------------------------------------
# disconfirmation and satisfaction level (the course's exam papers: C = b/a)
# ---------------------------------------------------------------------------


def test_disconfirmation_ratio_is_perceived_over_expected():
    assert disconfirmation(4.5, 4.0) == 1.125
    assert isinstance(disconfirmation(4, 4), float)


def test_disconfirmation_difference_is_perceived_minus_expected():
    assert disconfirmation(3, 5, kind="difference") == -2.0
    np.testing.assert_array_equal(
        disconfirmation([3, 4, 5], [4, 4, 4], kind="difference"), [-1.0, 0.0, 1.0]
    )


def test_disconfirmation_keeps_a_series_index():
    perceived = pd.Series([4.0, 5.0], index=["hotel", "bank"])
    expected = pd.Series([4.0, 4.0], index=["hotel", "bank"])
    result = disconfirmation(perceived, expected)
    assert_series_equal(
        result,
        pd.Series([1.0, 1.25], index=["hotel", "bank"], name="disconfirmation"),
    )


def test_disconfirmation_broadcasts_one_expectation_over_many_perceptions():
    np.testing.assert_allclose(disconfirmation([2, 4, 6], 4), [0.5, 1.0, 1.5])


@pytest.mark.parametrize(
    ("c", "level"),
    [(1.2, "satisfied"), (1.0, "just satisfied"), (0.8, "dissatisfied")],
)
def test_satisfaction_level_follows_the_seed_rule(c, level):
    # The exam papers give C > 1 satisfied; C = 1 just satisfied and C < 1
    # dissatisfied are this book's convention.
    assert satisfaction_level(c) == level


def test_satisfaction_level_treats_rounding_error_as_just_satisfied():
    c = disconfirmation(0.1 + 0.2, 0.3)  # 1.0000000000000002
    assert c != 1.0
    assert satisfaction_level(c) == "just satisfied"


def test_satisfaction_level_tolerance_is_absolute_and_settable():
    assert satisfaction_level(1 + 1e-6) == "satisfied"
    assert satisfaction_level(1 + 1e-6, tol=1e-3) == "just satisfied"
    assert satisfaction_level(1 - 5e-4, tol=1e-3) == "just satisfied"
    assert satisfaction_level(1 - 2e-3, tol=1e-3) == "dissatisfied"
    assert satisfaction_level(1 + 1e-12, tol=0) == "satisfied"


def test_satisfaction_level_for_differences_compares_with_zero():
    levels = satisfaction_level([-0.5, 0.0, 0.5], kind="difference")
    assert list(levels) == ["dissatisfied", "just satisfied", "satisfied"]


def test_satisfaction_level_keeps_a_series_index():
    levels = satisfaction_level(pd.Series([1.1, 0.9], index=["a", "b"]))
    assert levels.index.tolist() == ["a", "b"]
    assert levels.tolist() == ["satisfied", "dissatisfied"]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"perceived": 4, "expected": 0}, ValueError, "expected must be > 0"),
        ({"perceived": 4, "expected": -2}, ValueError, "expected must be > 0"),
        ({"perceived": -1, "expected": 4}, ValueError, "perceived must be non-neg"),
        ({"perceived": float("nan"), "expected": 4}, ValueError, "finite"),
        ({"perceived": [1, np.nan], "expected": 4}, ValueError, "NaN"),
        ({"perceived": "4", "expected": 4}, TypeError, "perceived must be a real"),
        ({"perceived": True, "expected": 4}, TypeError, "perceived must be a real"),
        ({"perceived": [], "expected": 4}, ValueError, "must not be empty"),
        ({"perceived": [1, 2], "expected": [1, 2, 3]}, ValueError, "lengths must"),
        (
            {"perceived": 4, "expected": 4, "kind": "quotient"},
            ValueError,
            "kind must be one of",
        ),
    ],
)
def test_disconfirmation_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        disconfirmation(**kwargs)


def test_disconfirmation_rejects_series_with_different_indexes():
    with pytest.raises(ValueError, match="same index"):
        disconfirmation(pd.Series([1.0], index=["a"]), pd.Series([1.0], index=["b"]))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"c": -0.5}, ValueError, "c must be non-negative"),
        ({"c": float("nan")}, ValueError, "finite"),
        ({"c": "high"}, TypeError, "c must be a real"),
        ({"c": 1.0, "tol": -1e-9}, ValueError, "tol must be non-negative"),
        ({"c": 1.0, "kind": "odds"}, ValueError, "kind must be one of"),
        ({"c": []}, ValueError, "must not be empty"),
    ],
)
def test_satisfaction_level_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        satisfaction_level(**kwargs)


# ---------------------------------------------------------------------------
# satisfaction index and ACSI
# ---------------------------------------------------------------------------


def test_satisfaction_index_weighted_by_hand():
    # 100 * (0.5*4 + 0.25*2 + 0.25*3) / (4 * 1) = 81.25
    assert satisfaction_index([5, 3, 4], weights=[0.5, 0.25, 0.25]) == 81.25


def test_satisfaction_index_on_a_seven_point_scale_by_hand():
    # 100 * ((7-1) + (4-1)) / (6 * 2) = 75
    assert satisfaction_index([7, 4], scale=(1, 7)) == 75.0


def test_satisfaction_index_of_a_frame_is_one_index_per_respondent():
    answers = pd.DataFrame(
        {"price": [5, 1, 3], "service": [5, 1, 4]}, index=["r1", "r2", "r3"]
    )
    result = satisfaction_index(answers, weights={"service": 3, "price": 1})
    # r3: 100 * (1*2 + 3*3) / (4 * 4) = 68.75
    assert_series_equal(
        result, pd.Series([100.0, 0.0, 68.75], index=["r1", "r2", "r3"], name="index")
    )


def test_satisfaction_index_matches_weights_to_series_labels():
    scores = pd.Series({"price": 5, "service": 1})
    assert (
        satisfaction_index(scores, weights=pd.Series({"service": 1, "price": 3}))
        == 75.0
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"scores": [6, 3]}, ValueError, r"within the scale \[1, 5\]; got 6"),
        ({"scores": [0, 3]}, ValueError, "within the scale"),
        ({"scores": [np.nan, 3]}, ValueError, "NaN"),
        ({"scores": []}, ValueError, "must not be empty"),
        ({"scores": "45"}, TypeError, "sequence of numbers"),
        ({"scores": [3, 4], "weights": [1]}, ValueError, "lengths must"),
        ({"scores": [3, 4], "weights": [1, -1]}, ValueError, "non-negative"),
        ({"scores": [3, 4], "weights": [0, 0]}, ValueError, "not all be zero"),
        ({"scores": [3, 4], "weights": {"a": 1}}, TypeError, "labelled"),
        ({"scores": [3, 4], "scale": (5, 1)}, ValueError, "low < high"),
        ({"scores": [3, 4], "scale": 5}, TypeError, "pair"),
        ({"scores": pd.DataFrame()}, ValueError, "must not be empty"),
        (
            {"scores": pd.DataFrame({"a": [1.0, None]})},
            ValueError,
            "missing answers",
        ),
        (
            {"scores": pd.DataFrame({"a": ["x", "y"]})},
            TypeError,
            "real numbers",
        ),
        (
            {"scores": pd.Series({"a": 3, "b": 4}), "weights": {"a": 1, "c": 1}},
            ValueError,
            "one weight per item",
        ),
    ],
)
def test_satisfaction_index_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        satisfaction_index(**kwargs)


def test_satisfaction_index_rejects_duplicated_item_columns():
    frame = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.raises(ValueError, match="duplicated columns"):
        satisfaction_index(frame)


def test_acsi_index_spans_zero_to_one_hundred():
    # Fornell et al. (1996): 100 * (x - 1) / 9.
    assert acsi_index([10, 10, 10]) == 100.0
    assert acsi_index([1, 1, 1]) == 0.0


def test_acsi_index_weighted_by_hand():
    # 100 * (2*7 + 1*6 + 1*5) / (9 * 4) = 2500 / 36
    assert acsi_index([8, 7, 6], weights=[2, 1, 1]) == pytest.approx(2500 / 36)


def test_acsi_index_rejects_answers_off_the_one_to_ten_scale():
    with pytest.raises(ValueError, match=r"within the scale \[1, 10\]"):
        acsi_index([0, 5, 5])
    with pytest.raises(ValueError, match="within the scale"):
        acsi_index([11, 5, 5])


# ---------------------------------------------------------------------------
# SERVQUAL
# ---------------------------------------------------------------------------

# Hand-made 22 item means: perceptions 5 except reliability (items 5-9) with
# mean 4; expectations 6 except empathy (items 18-22) at 7.
_P = [5] * 4 + [3, 4, 4, 5, 4] + [5] * 13
_E = [6] * 17 + [7] * 5


def test_servqual_gaps_reproduce_a_hand_computed_example():
    result = servqual_gaps(_P, _E)
    expected = pd.DataFrame(
        {
            "perception": [5.0, 4.0, 5.0, 5.0, 5.0, 4.8],
            "expectation": [6.0, 6.0, 6.0, 6.0, 7.0, 6.2],
            "gap": [-1.0, -2.0, -1.0, -1.0, -2.0, -1.4],
        },
        index=pd.Index(
            [
                "tangibles",
                "reliability",
                "responsiveness",
                "assurance",
                "empathy",
                "overall",
            ],
            name="dimension",
        ),
    )
    assert_frame_equal(result, expected)


def test_servqual_weighted_overall_uses_the_importance_weights():
    weights = {
        "tangibles": 10,
        "reliability": 30,
        "responsiveness": 20,
        "assurance": 20,
        "empathy": 20,
    }
    result = servqual_gaps(_P, _E, weights=weights)
    # (10*-1 + 30*-2 + 20*-1 + 20*-1 + 20*-2) / 100 = -1.5
    assert result.loc["weighted overall", "gap"] == pytest.approx(-1.5)
    assert result.loc["weighted overall", "perception"] == pytest.approx(4.7)
    assert result.loc["overall", "gap"] == pytest.approx(-1.4)


def test_servqual_gaps_average_the_answers_of_a_respondent_frame():
    columns = [f"q{i}" for i in range(1, 23)]
    # Two respondents whose answers average to the hand-made item means.
    perceptions = pd.DataFrame(
        [[p - 1 for p in _P], [p + 1 for p in _P]], columns=columns
    )
    expectations = pd.DataFrame([_E, _E, _E], columns=columns)
    assert_frame_equal(servqual_gaps(perceptions, expectations), servqual_gaps(_P, _E))


def test_servqual_gaps_accept_custom_dimensions():
    result = servqual_gaps(
        [4, 6, 5], [6, 6, 7], dimensions={"speed": [1, 3], "staff": [2]}
    )
    # speed: P (4+5)/2 = 4.5, E (6+7)/2 = 6.5; staff: 6 vs 6; overall mean.
    assert result["gap"].tolist() == [-2.0, 0.0, -1.0]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"perceptions": _P[:20], "expectations": _E[:20]}, ValueError, "22"),
        ({"perceptions": _P, "expectations": _E[:21]}, ValueError, "lengths must"),
        ({"perceptions": [8] + _P[1:], "expectations": _E}, ValueError, "scale"),
        ({"perceptions": [np.nan] + _P[1:], "expectations": _E}, ValueError, "NaN"),
        (
            {"perceptions": [1, 2], "expectations": [1, 2], "dimensions": {"a": [1]}},
            ValueError,
            "exactly one",
        ),
        (
            {
                "perceptions": [1, 2],
                "expectations": [1, 2],
                "dimensions": {"a": [1], "b": [1, 2]},
            },
            ValueError,
            "exactly one",
        ),
        (
            {"perceptions": [1, 2], "expectations": [1, 2], "dimensions": {"a": [3]}},
            ValueError,
            "item numbers 1..2",
        ),
        (
            {"perceptions": [1, 2], "expectations": [1, 2], "dimensions": [1, 2]},
            TypeError,
            "mapping",
        ),
        (
            {"perceptions": _P, "expectations": _E, "weights": {"tangibles": 1}},
            ValueError,
            "one weight per dimension",
        ),
        (
            {
                "perceptions": _P,
                "expectations": _E,
                "weights": dict.fromkeys(
                    [
                        "tangibles",
                        "reliability",
                        "responsiveness",
                        "assurance",
                        "empathy",
                    ],
                    0,
                ),
            },
            ValueError,
            "not all be zero",
        ),
    ],
)
def test_servqual_gaps_reject_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        servqual_gaps(**kwargs)


def test_servqual_gaps_require_whole_number_answers_in_a_frame():
    frame = pd.DataFrame([_P], dtype=float)
    frame.iloc[0, 0] = 4.5
    with pytest.raises(ValueError, match="whole-number"):
        servqual_gaps(frame, pd.DataFrame([_E]))


# ---------------------------------------------------------------------------
# Kano
# ---------------------------------------------------------------------------

# Berger et al. (1993), CQM Journal 2(4): rows functional 1-5, columns
# dysfunctional 1-5.
_BERGER = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
_CELLS = [(f, d, _BERGER[f - 1][d - 1]) for f in range(1, 6) for d in range(1, 6)]


@pytest.mark.parametrize(("functional", "dysfunctional", "category"), _CELLS)
def test_kano_category_matches_every_cell_of_the_evaluation_table(
    functional, dysfunctional, category
):
    assert kano_category(functional, dysfunctional) == category


def test_kano_category_of_sequences_and_series():
    assert list(kano_category([1, 3, 2], [4, 5, 3])) == ["A", "M", "I"]
    result = kano_category(pd.Series([1, 5], index=["x", "y"]), [5, 1])
    assert result.index.tolist() == ["x", "y"]
    assert result.tolist() == ["O", "R"]


def test_kano_category_accepts_whole_floats():
    assert kano_category(1.0, 5.0) == "O"


def test_kano_names_follow_the_seed():
    # The course's exam papers: 当然质量 must-be, 期望质量 one-dimensional,
    # 迷人质量 attractive.
    assert KANO_CATEGORIES["M"][1] == "当然质量"
    assert KANO_CATEGORIES["O"][1] == "期望质量"
    assert KANO_CATEGORIES["A"][1] == "迷人质量"


@pytest.mark.parametrize(
    ("functional", "dysfunctional", "error", "match"),
    [
        (0, 3, ValueError, r"functional must be within the scale \[1, 5\]"),
        (6, 3, ValueError, "functional must be within"),
        (3, 6, ValueError, "dysfunctional must be within"),
        (2.5, 3, ValueError, "whole-number"),
        (float("nan"), 3, ValueError, "finite"),
        ("like", 3, TypeError, "real number"),
        ([1, 2], [3], ValueError, "lengths must"),
        ([1, 2], 3, TypeError, "both"),
        ([], [], ValueError, "must not be empty"),
        (pd.Series([1, None]), [3, 3], ValueError, "NaN"),
    ],
)
def test_kano_category_rejects_bad_answers(functional, dysfunctional, error, match):
    with pytest.raises(error, match=match):
        kano_category(functional, dysfunctional)


# One answer pair per category, for building response frames by letter.
_PAIR = {"A": (1, 3), "O": (1, 5), "M": (3, 5), "I": (3, 3), "R": (5, 1), "Q": (1, 1)}


def _responses(letters_by_feature: dict[str, str]) -> pd.DataFrame:
    """Long Kano answers, e.g. ``{"wifi": "MMO"}`` -> three rows for wifi."""
    rows = [
        (feature, *_PAIR[letter])
        for feature, letters in letters_by_feature.items()
        for letter in letters
    ]
    return pd.DataFrame(rows, columns=["feature", "functional", "dysfunctional"])


def test_kano_classify_counts_categories_and_computes_better_worse_by_hand():
    responses = _responses({"wifi": "AOOMMMIR"})
    result = kano_classify(responses)
    row = result.loc["wifi"]
    assert row[list("AOMIRQ")].tolist() == [1, 2, 3, 1, 1, 0]
    assert row["category"] == "M"
    # Timko (1993): better = (A+O)/(A+O+M+I) = 3/7, worse = -(O+M)/7 = -5/7.
    assert row["better"] == pytest.approx(3 / 7)
    assert row["worse"] == pytest.approx(-5 / 7)


@pytest.mark.parametrize(
    ("answers", "category"),
    [
        ("MO", "M"),  # M beats O in a tie
        ("OA", "O"),  # O beats A
        ("AI", "A"),  # A beats I
        ("MOAI", "M"),  # four-way tie
        ("RRA", "R"),  # R strictly most frequent
        ("RA", "A"),  # R only ties: the core category wins
        ("QQI", "Q"),  # Q strictly most frequent
        ("RQRQI", "Q"),  # R and Q tie above the core: Q
    ],
)
def test_kano_classify_breaks_ties_as_documented(answers, category):
    assert kano_classify(_responses({"f": answers})).loc["f", "category"] == category


def test_kano_classify_gives_nan_coefficients_without_core_answers():
    result = kano_classify(_responses({"f": "RQR"}))
    assert np.isnan(result.loc["f", "better"]) and np.isnan(result.loc["f", "worse"])


def test_kano_classify_returns_one_sorted_row_per_feature():
    responses = _responses({"wifi": "MM", "gift": "AAI"})
    result = kano_classify(responses)
    expected = pd.DataFrame(
        {
            "A": [2, 0],
            "O": [0, 0],
            "M": [0, 2],
            "I": [1, 0],
            "R": [0, 0],
            "Q": [0, 0],
            "category": ["A", "M"],
            "better": [2 / 3, 0.0],
            "worse": [0.0, -1.0],
        },
        index=pd.Index(["gift", "wifi"], name="feature"),
    )
    assert_frame_equal(result, expected, check_dtype=False)


def test_kano_classify_uses_custom_column_names():
    responses = _responses({"wifi": "MOM"}).rename(
        columns={"feature": "item", "functional": "yes", "dysfunctional": "no"}
    )
    result = kano_classify(
        responses, feature="item", functional="yes", dysfunctional="no"
    )
    assert result.index.name == "item"
    assert result.loc["wifi", "category"] == "M"


def test_kano_classify_rejects_bad_responses():
    good = _responses({"wifi": "MO"})
    with pytest.raises(TypeError, match="DataFrame"):
        kano_classify(good.to_dict())
    with pytest.raises(ValueError, match="missing"):
        kano_classify(good.drop(columns="functional"))
    with pytest.raises(ValueError, match="must not be empty"):
        kano_classify(good.iloc[:0])
    with pytest.raises(ValueError, match="within the scale"):
        kano_classify(good.assign(functional=[1, 7]))
    with pytest.raises(ValueError, match="whole-number"):
        kano_classify(good.assign(functional=[1, 2.5]))
    with pytest.raises(ValueError, match="missing values"):
        kano_classify(good.assign(dysfunctional=[5, np.nan]))
    with pytest.raises(ValueError, match="missing values"):
        kano_classify(good.assign(feature=["wifi", None]))


def test_kano_classify_rejects_a_respondent_answering_a_feature_twice():
    responses = _responses({"wifi": "MO"}).assign(respondent=[1, 1])
    with pytest.raises(ValueError, match="duplicated feature/respondent"):
        kano_classify(responses, respondent="respondent")


# ---------------------------------------------------------------------------
# NPS
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "value"),
    [(0, -100.0), (6, -100.0), (7, 0.0), (8, 0.0), (9, 100.0), (10, 100.0)],
)
def test_nps_boundaries_six_seven_eight_nine(score, value):
    # Reichheld (2003): detractors 0-6, passives 7-8, promoters 9-10.
    assert nps([score]) == value


def test_nps_by_hand():
    # 2 promoters, 2 passives, 1 detractor of 5: 100 * (2 - 1) / 5 = 20.
    assert nps([10, 9, 8, 7, 6]) == 20.0
    assert nps(pd.Series([9, 6, 6, 7])) == -25.0


@pytest.mark.parametrize(
    ("scores", "error", "match"),
    [
        ([11], ValueError, r"within the scale \[0, 10\]"),
        ([-1], ValueError, "within the scale"),
        ([7.5], ValueError, "whole-number"),
        ([np.nan], ValueError, "NaN"),
        ([], ValueError, "must not be empty"),
        (9, TypeError, "sequence"),
        (["9"], TypeError, "real numbers"),
    ],
)
def test_nps_rejects_bad_scores(scores, error, match):
    with pytest.raises(error, match=match):
        nps(scores)


# ---------------------------------------------------------------------------
# IPA
# ---------------------------------------------------------------------------


def test_ipa_places_each_attribute_in_its_quadrant():
    importance = pd.Series({"wifi": 4.6, "check-in": 4.4, "gym": 3.0, "decor": 3.2})
    performance = pd.Series({"decor": 4.6, "gym": 3.2, "check-in": 4.5, "wifi": 3.1})
    result = ipa(importance, performance)
    assert result.index.tolist() == ["wifi", "check-in", "gym", "decor"]
    assert result["performance"].tolist() == [3.1, 4.5, 3.2, 4.6]
    assert result["quadrant"].tolist() == [
        "concentrate here",
        "keep up the good work",
        "low priority",
        "possible overkill",
    ]


def test_ipa_counts_a_value_on_the_cut_as_high():
    # Means are 2 and 2: b sits on both cuts.
    result = ipa({"a": 1, "b": 2, "c": 3}, {"a": 3, "b": 2, "c": 1})
    assert result.loc["b", "quadrant"] == "keep up the good work"


def test_ipa_counts_a_value_on_a_rounded_mean_as_high():
    # mean(0.1, 0.2, 0.3) is 0.20000000000000004 in floating point.
    result = ipa({"a": 0.1, "b": 0.2, "c": 0.3}, {"a": 0.3, "b": 0.2, "c": 0.1})
    assert result.loc["b", "quadrant"] == "keep up the good work"


def test_ipa_with_median_and_with_fixed_cuts():
    importance = {"a": 1, "b": 2, "c": 10}
    performance = {"a": 1, "b": 2, "c": 10}
    assert ipa(importance, performance)["quadrant"].tolist() == [
        "low priority",
        "low priority",
        "keep up the good work",
    ]  # mean cut is 13/3
    assert ipa(importance, performance, split="median")["quadrant"].tolist() == [
        "low priority",
        "keep up the good work",
        "keep up the good work",
    ]
    assert ipa(importance, performance, split=(1, 3))["quadrant"].tolist() == [
        "concentrate here",
        "concentrate here",
        "keep up the good work",
    ]


@pytest.mark.parametrize(
    ("importance", "performance", "split", "error", "match"),
    [
        ({"a": 1}, {"b": 1}, "mean", ValueError, "same attributes"),
        ({"a": 1, "b": 2}, {"a": 1}, "mean", ValueError, "same attributes"),
        ({"a": np.nan}, {"a": 1}, "mean", ValueError, "NaN"),
        ([1, 2], {"a": 1}, "mean", TypeError, "Series or a mapping"),
        ({"a": 1}, {"a": 1}, "mode", ValueError, "split must be one of"),
        ({"a": 1}, {"a": 1}, (1, 2, 3), ValueError, "pair"),
        ({"a": 1}, {"a": 1}, (1, "x"), TypeError, "split must be a real"),
        ({}, {}, "mean", ValueError, "must not be empty"),
    ],
)
def test_ipa_rejects_bad_input(importance, performance, split, error, match):
    with pytest.raises(error, match=match):
        ipa(importance, performance, split=split)


def test_ipa_rejects_duplicated_attributes():
    importance = pd.Series([1.0, 2.0], index=["a", "a"])
    with pytest.raises(ValueError, match="duplicated keys"):
        ipa(importance, importance)


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_lies_between_minus_and_plus_one_hundred(scores):
    assert -100 <= nps(scores) <= 100


_pairs = st.tuples(
    st.sampled_from(["wifi", "gift", "bed"]), st.integers(1, 5), st.integers(1, 5)
)


@settings(max_examples=50)
@given(st.lists(_pairs, min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_kano_classify_does_not_depend_on_row_order(rows, random):
    frame = pd.DataFrame(rows, columns=["feature", "functional", "dysfunctional"])
    shuffled = frame.sample(frac=1, random_state=random.randint(0, 2**31))
    assert_frame_equal(kano_classify(frame), kano_classify(shuffled))


@settings(max_examples=50)
@given(st.lists(_pairs, min_size=1, max_size=40))
def test_kano_classify_leaves_the_callers_frame_unchanged(rows):
    frame = pd.DataFrame(rows, columns=["feature", "functional", "dysfunctional"])
    before = frame.copy()
    kano_classify(frame)
    assert_frame_equal(frame, before)


@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=10),
    st.data(),
)
def test_satisfaction_index_rises_when_a_score_rises(scores, data):
    weights = data.draw(
        st.lists(st.floats(0.1, 10), min_size=len(scores), max_size=len(scores))
    )
    position = data.draw(st.integers(0, len(scores) - 1))
    better = list(scores)
    better[position] = min(5, better[position] + 1)
    low = satisfaction_index(scores, weights=weights)
    high = satisfaction_index(better, weights=weights)
    assert 0 <= low <= high + 1e-9 <= 100 + 1e-9


@given(st.lists(st.integers(1, 7), min_size=22, max_size=22))
def test_servqual_gaps_leave_the_callers_frames_unchanged(answers):
    columns = [f"q{i}" for i in range(1, 23)]
    perceptions = pd.DataFrame([answers], columns=columns)
    expectations = pd.DataFrame([answers[::-1]], columns=columns)
    before = perceptions.copy(), expectations.copy()
    result = servqual_gaps(perceptions, expectations)
    assert_frame_equal(perceptions, before[0])
    assert_frame_equal(expectations, before[1])
    assert result.loc["overall", "gap"] == pytest.approx(result["gap"].iloc[:5].mean())


def test_index_and_ipa_leave_the_callers_data_unchanged():
    answers = pd.DataFrame({"a": [1, 5], "b": [3, 4]})
    weights = pd.Series({"b": 2.0, "a": 1.0})
    importance = pd.Series({"x": 1.0, "y": 2.0})
    before = answers.copy(), weights.copy(), importance.copy()
    satisfaction_index(answers, weights=weights)
    ipa(importance, importance)
    assert_frame_equal(answers, before[0])
    assert_series_equal(weights, before[1])
    assert_series_equal(importance, before[2])
