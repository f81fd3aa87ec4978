"""Seeded generators of customer satisfaction surveys (chapter 9).

Every generator draws from ``numpy.random.default_rng(seed)`` and returns the
same data for the same arguments. The surveys describe one fictional city
hotel, so the chapter's Kano, IPA, NPS and ACSI results tell one story; the
SERVQUAL survey uses the standard 22 items. Answers are whole-number codes on
the scale each model expects, with the noise of real answers (respondents
who rate everything high or low, occasional contradictory Kano answers).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._validation import check_integer
from crmlab.datasets._random import seeded_rng

__all__ = [
    "make_acsi_survey",
    "make_ipa_survey",
    "make_kano_survey",
    "make_nps_responses",
    "make_servqual_survey",
]

_DEFAULT_SEED = 2024

# Hotel features and the Kano category each truly has.
_KANO_FEATURES = MappingProxyType(
    {
        "clean room": "M",
        "free Wi-Fi": "M",
        "fast check-in": "O",
        "breakfast quality": "O",
        "welcome gift": "A",
        "late checkout": "A",
        "in-room landline": "I",
    }
)

# Answer pairs (functional, dysfunctional) that express each category, with
# how often a respondent of that category picks them.
_KANO_CELLS = MappingProxyType(
    {
        "O": ([(1, 5)], [1.0]),
        "M": ([(2, 5), (3, 5), (4, 5)], [0.3, 0.35, 0.35]),
        "A": ([(1, 2), (1, 3), (1, 4)], [0.1, 0.5, 0.4]),
        "I": (
            [(f, d) for f in (2, 3, 4) for d in (2, 3, 4)],
            [0.075] * 4 + [0.4] + [0.075] * 4,
        ),
    }
)

# SERVQUAL item means by dimension: (items, expectation, perception).
_SERVQUAL = (
    (range(1, 5), 5.7, 5.5),  # tangibles
    (range(5, 10), 6.6, 5.0),  # reliability
    (range(10, 14), 6.3, 5.2),  # responsiveness
    (range(14, 18), 6.4, 5.7),  # assurance
    (range(18, 23), 6.0, 5.3),  # empathy
)

# NPS: segment -> (share of respondents, probabilities of answers 0..10).
_NPS_SEGMENTS = MappingProxyType(
    {
        "business": (
            0.40,
            [0.01, 0.01, 0.01, 0.02, 0.02, 0.04, 0.05, 0.12, 0.18, 0.24, 0.30],
        ),
        "leisure": (
            0.45,
            [0.02, 0.01, 0.02, 0.03, 0.03, 0.06, 0.08, 0.14, 0.19, 0.19, 0.23],
        ),
        "group": (
            0.15,
            [0.04, 0.03, 0.04, 0.05, 0.06, 0.10, 0.12, 0.16, 0.16, 0.12, 0.12],
        ),
    }
)

# IPA: attribute -> (true mean importance, true mean performance) on 1-5.
_IPA_ATTRIBUTES = MappingProxyType(
    {
        "room cleanliness": (4.7, 4.5),
        "staff friendliness": (4.4, 4.4),
        "Wi-Fi speed": (4.5, 3.2),
        "check-in speed": (4.2, 3.3),
        "breakfast": (3.5, 4.3),
        "room decor": (3.1, 4.4),
        "gym": (2.7, 3.2),
        "parking": (3.0, 3.0),
    }
)


def _likert(latent: np.ndarray, low: int, high: int) -> np.ndarray:
    return np.clip(np.rint(latent), low, high).astype(int)


def _kano_features(features: object) -> dict[str, str]:
    if features is None:
        return dict(_KANO_FEATURES)
    if not isinstance(features, Mapping) or not features:
        raise TypeError(
            "features must be a non-empty mapping from feature name to a "
            f"category 'M', 'O', 'A' or 'I'; got {features!r}"
        )
    for name, category in features.items():
        if category not in _KANO_CELLS:
            raise ValueError(
                f"features[{name!r}] must be one of 'M', 'O', 'A', 'I'; "
                f"got {category!r}"
            )
    return dict(features)


def _kano_answers(rng, category: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` answer pairs of respondents who mostly see ``category``."""
    others = [other for other in _KANO_CELLS if other != category]
    seen = rng.choice([category, *others, "noise"], size=n, p=[0.6, *[0.12] * 3, 0.04])
    functional = rng.integers(1, 6, size=n)  # "noise": any pair, even R or Q
    dysfunctional = rng.integers(1, 6, size=n)
    for name, (cells, weights) in _KANO_CELLS.items():
        rows = np.flatnonzero(seen == name)
        picks = rng.choice(len(cells), size=rows.size, p=weights)
        functional[rows] = [cells[pick][0] for pick in picks]
        dysfunctional[rows] = [cells[pick][1] for pick in picks]
    return functional, dysfunctional


def make_kano_survey(
    n_respondents: int = 200,
    *,
    features: Mapping[str, str] | None = None,
    seed: int = _DEFAULT_SEED,
) -> pd.DataFrame:
    """Generate a Kano questionnaire (卡诺模型问卷) about a city hotel.

    Each respondent answers the functional ("if the hotel has it") and the
    dysfunctional ("if it does not") question for every feature, with codes
    1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike. Each feature has a
    true category: 60% of answers express it, 36% another of M, O, A, I, and
    4% are random pairs (which may be reverse or questionable), so with a
    few dozen respondents the majority reproduces the truth.

    Parameters
    ----------
    n_respondents : int, default=200
        Number of respondents, numbered 1, 2, ...
    features : mapping of str to str, default=None
        Feature name -> true category (``"M"``, ``"O"``, ``"A"`` or
        ``"I"``). ``None`` uses seven hotel features: clean room (M),
        free Wi-Fi (M), fast check-in (O), breakfast quality (O), welcome
        gift (A), late checkout (A) and in-room landline (I).
    seed : int, default=2024
        Random seed of the generator; the same value gives the same data.

    Returns
    -------
    survey : pandas.DataFrame
        Columns ``feature``, ``respondent``, ``functional``,
        ``dysfunctional``; one row per respondent and feature, sorted by
        respondent then feature in the order given.

    See Also
    --------
    crmlab.satisfaction.kano_classify

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding
    customer-defined quality. *Center for Quality Management Journal*, 2(4),
    3-36. The course's exam papers (客户关系管理试题与知识点), the Kano
    category names 当然质量, 期望质量, 迷人质量.

    Examples
    --------
    >>> survey = make_kano_survey(50, seed=1)
    >>> list(survey.columns), len(survey)
    (['feature', 'respondent', 'functional', 'dysfunctional'], 350)
    >>> make_kano_survey(50, seed=1).equals(survey)
    True
    """
    n_respondents = check_integer("n_respondents", n_respondents, low=1)
    features = _kano_features(features)
    rng = seeded_rng(seed)
    parts = []
    for order, (name, category) in enumerate(features.items()):
        functional, dysfunctional = _kano_answers(rng, category, n_respondents)
        parts.append(
            pd.DataFrame(
                {
                    "feature": name,
                    "respondent": np.arange(1, n_respondents + 1),
                    "functional": functional,
                    "dysfunctional": dysfunctional,
                    "_order": order,
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.sort_values(["respondent", "_order"], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


def make_servqual_survey(
    n_respondents: int = 150, *, seed: int = _DEFAULT_SEED
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate SERVQUAL answers (SERVQUAL量表问卷): perceptions and expectations.

    The 22 standard items on a 1-7 scale. Expectations are high (about 6 to
    6.5), perceptions lower, so every dimension has a negative gap; the
    reliability gap is the largest (about -1.5) and the tangibles gap the
    smallest, as Parasuraman, Zeithaml & Berry found. Each respondent has a
    personal tendency to rate high or low.

    Parameters
    ----------
    n_respondents : int, default=150
        Number of respondents, the index ``respondent`` = 1, 2, ...
    seed : int, default=2024
        Random seed of the generator; the same value gives the same data.

    Returns
    -------
    surveys : tuple of pandas.DataFrame
        ``(perceptions, expectations)``, each respondents x items with
        columns ``q1`` .. ``q22`` holding whole numbers 1-7.

    See Also
    --------
    crmlab.satisfaction.servqual_gaps

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL.
    *Journal of Retailing*, 64(1), 12-40. The course lesson plans
    (《客户关系管理》教案全套, 服务质量).

    Examples
    --------
    >>> perceptions, expectations = make_servqual_survey(20, seed=1)
    >>> perceptions.shape, list(expectations.columns[:3])
    ((20, 22), ['q1', 'q2', 'q3'])
    >>> bool((perceptions.to_numpy() >= 1).all() and (expectations <= 7).all().all())
    True
    """
    n_respondents = check_integer("n_respondents", n_respondents, low=1)
    rng = seeded_rng(seed)
    expected = np.concatenate([[e] * len(items) for items, e, _ in _SERVQUAL])
    perceived = np.concatenate([[p] * len(items) for items, _, p in _SERVQUAL])
    shape = (n_respondents, expected.size)
    item_shift = rng.normal(0, 0.15, size=(2, expected.size))
    e_person = rng.normal(0, 0.3, size=(n_respondents, 1))
    p_person = rng.normal(0, 0.6, size=(n_respondents, 1))
    e = expected + item_shift[0] + e_person + rng.normal(0, 0.6, shape)
    p = perceived + item_shift[1] + p_person + rng.normal(0, 0.8, shape)
    index = pd.RangeIndex(1, n_respondents + 1, name="respondent")
    columns = [f"q{item}" for item in range(1, expected.size + 1)]
    return (
        pd.DataFrame(_likert(p, 1, 7), index=index, columns=columns),
        pd.DataFrame(_likert(e, 1, 7), index=index, columns=columns),
    )


def make_nps_responses(n: int = 500, *, seed: int = _DEFAULT_SEED) -> pd.DataFrame:
    """Generate "would you recommend us?" answers (净推荐值 NPS) for a hotel.

    Guests of three segments answer on 0-10: business travellers are the
    most enthusiastic (expected NPS +38), leisure guests moderate (+17)
    and tour groups negative (-20), for an overall NPS near +20.

    Parameters
    ----------
    n : int, default=500
        Number of respondents, numbered 1, 2, ...
    seed : int, default=2024
        Random seed of the generator; the same value gives the same data.

    Returns
    -------
    responses : pandas.DataFrame
        Columns ``respondent`` (int), ``segment`` (``"business"``,
        ``"leisure"`` or ``"group"``) and ``score`` (int, 0-10).

    See Also
    --------
    crmlab.satisfaction.nps
    crmlab.viz.satisfaction.plot_nps_segments

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard
    Business Review*, 81(12), 46-54.

    Examples
    --------
    >>> answers = make_nps_responses(100, seed=1)
    >>> list(answers.columns), int(answers.score.min()) >= 0, int(answers.score.max())
    (['respondent', 'segment', 'score'], True, 10)
    >>> make_nps_responses(100, seed=1).equals(answers)
    True
    """
    n = check_integer("n", n, low=1)
    rng = seeded_rng(seed)
    names = list(_NPS_SEGMENTS)
    shares = [share for share, _ in _NPS_SEGMENTS.values()]
    segment = rng.choice(len(names), size=n, p=shares)
    score = np.empty(n, dtype=int)
    for code, (_, probabilities) in enumerate(_NPS_SEGMENTS.values()):
        rows = np.flatnonzero(segment == code)
        score[rows] = rng.choice(11, size=rows.size, p=probabilities)
    return pd.DataFrame(
        {
            "respondent": np.arange(1, n + 1),
            "segment": np.array(names, dtype=object)[segment],
            "score": score,
        }
    )


def make_ipa_survey(
    n_respondents: int = 200, *, seed: int = _DEFAULT_SEED
) -> pd.DataFrame:
    """Generate importance and performance means per hotel attribute (IPA 数据).

    Each respondent rates how important eight hotel attributes are and how
    well the hotel performs on them (1-5); the table holds the means. With
    the default random seed every quadrant of importance-performance analysis
    (重要性-绩效分析) is populated: Wi-Fi and check-in need attention,
    cleanliness and staff are strengths, breakfast and decor are possible
    overkill, gym and parking low priority.

    Parameters
    ----------
    n_respondents : int, default=200
        Number of respondents behind the means.
    seed : int, default=2024
        Random seed of the generator; the same value gives the same data.

    Returns
    -------
    survey : pandas.DataFrame
        Indexed by ``attribute``; columns ``importance`` and ``performance``
        (means on 1-5, two decimals).

    See Also
    --------
    crmlab.satisfaction.ipa

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Martilla, J. A., & James, J. C. (1977). Importance-performance analysis.
    *Journal of Marketing*, 41(1), 77-79.

    Examples
    --------
    >>> table = make_ipa_survey(seed=1)
    >>> list(table.columns), len(table)
    (['importance', 'performance'], 8)
    >>> make_ipa_survey(seed=1).equals(table)
    True
    """
    n_respondents = check_integer("n_respondents", n_respondents, low=1)
    rng = seeded_rng(seed)
    truth = np.array(list(_IPA_ATTRIBUTES.values()))
    shape = (n_respondents, len(truth))
    person = rng.normal(0, 0.3, size=(2, n_respondents, 1))
    importance = _likert(truth[:, 0] + person[0] + rng.normal(0, 0.7, shape), 1, 5)
    performance = _likert(truth[:, 1] + person[1] + rng.normal(0, 0.8, shape), 1, 5)
    return pd.DataFrame(
        {
            "importance": importance.mean(axis=0).round(2),
            "performance": performance.mean(axis=0).round(2),
        },
        index=pd.Index(list(_IPA_ATTRIBUTES), name="attribute"),
    )


def make_acsi_survey(
    n_respondents: int = 300, *, seed: int = _DEFAULT_SEED
) -> pd.DataFrame:
    """Generate the three ACSI satisfaction items (美国顾客满意度指数) for a hotel.

    Each respondent answers, on 1-10, overall satisfaction (``overall``),
    how well the stay met expectations (``expectations``) and how close it
    came to an ideal hotel (``ideal``). The items share a latent
    satisfaction per guest, so they correlate, and the ideal comparison is
    rated lowest; the equal-weight ACSI-style index is in the low 70s,
    typical of US hotels.

    Parameters
    ----------
    n_respondents : int, default=300
        Number of respondents, the index ``respondent`` = 1, 2, ...
    seed : int, default=2024
        Random seed of the generator; the same value gives the same data.

    Returns
    -------
    survey : pandas.DataFrame
        Columns ``overall``, ``expectations``, ``ideal`` (whole numbers 1-10).

    See Also
    --------
    crmlab.satisfaction.acsi_index

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J., & Bryant, B. E.
    (1996). The American Customer Satisfaction Index. *Journal of
    Marketing*, 60(4), 7-18.

    Examples
    --------
    >>> items = make_acsi_survey(30, seed=1)
    >>> items.shape, list(items.columns)
    ((30, 3), ['overall', 'expectations', 'ideal'])
    >>> make_acsi_survey(30, seed=1).equals(items)
    True
    """
    n_respondents = check_integer("n_respondents", n_respondents, low=1)
    rng = seeded_rng(seed)
    latent = rng.normal(7.8, 1.4, size=(n_respondents, 1))
    offsets = np.array([0.2, -0.1, -0.7])
    answers = _likert(latent + offsets + rng.normal(0, 0.8, (n_respondents, 3)), 1, 10)
    return pd.DataFrame(
        answers,
        index=pd.RangeIndex(1, n_respondents + 1, name="respondent"),
        columns=["overall", "expectations", "ideal"],
    )
