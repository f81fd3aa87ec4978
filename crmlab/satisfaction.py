"""Customer satisfaction and service quality (顾客满意/客户满意与服务质量).

Models of chapter 9: the disconfirmation ratio ``C = b/a`` of the course's
exam papers, weighted satisfaction indices, SERVQUAL gaps (SERVQUAL量表;
not the five-gap model, 服务质量差距模型), the Kano
model (卡诺模型), the Net Promoter Score (净推荐值 NPS), importance-performance
analysis (重要性-绩效分析 IPA) and an ACSI-style index (美国顾客满意度指数).

Naming contract and conventions
-------------------------------
- ``perceived`` (``b``, 感知) is what the customer got, ``expected`` (``a``,
  期望) what they expected. ``kind="ratio"`` means ``C = b / a`` (satisfied
  when ``C > 1``); ``kind="difference"`` means ``C = b - a`` (satisfied when
  ``C > 0``). ``C`` is "just satisfied" when it lies within an absolute
  tolerance ``tol`` (default ``1e-9``) of 1 (ratio) or 0 (difference). The
  exam papers give ``C = b/a`` without defining ``a`` and ``b`` and without a
  ``C = 1`` case: reading ``b`` as perceived, ``a`` as expected and ``C = 1``
  as "just satisfied" is this book's convention.
- Scales are closed intervals: satisfaction items default to 1-5, SERVQUAL
  items are 1-7, Kano answers are codes 1-5, NPS answers 0-10, ACSI items
  1-10. A value outside its scale is an error, never clipped. Where an answer
  is a code (Kano, NPS, raw SERVQUAL answers in a DataFrame) it must be a
  whole number; means (a 1-D sequence of item means) may be fractional.
- Missing answers (NaN) are errors: drop or impute them before calling.
- Index outputs are on 0-100: ``100 * sum(w * (x - lo)) / ((hi - lo) * sum(w))``.
  A DataFrame of answers (respondents x items) gives one index per
  respondent (a Series with the frame's index); a 1-D sequence (one
  respondent's answers, or item means) gives one float.
- Kano codes: 1 like (喜欢), 2 expect it (理应如此), 3 neutral (无所谓),
  4 live with (能忍受), 5 dislike (不喜欢). Categories: ``"A"`` attractive
  (迷人质量), ``"O"`` one-dimensional (期望质量), ``"M"`` must-be (当然质量),
  ``"I"`` indifferent, ``"R"`` reverse, ``"Q"`` questionable; see
  :data:`KANO_TABLE` and :data:`KANO_CATEGORIES`. A feature's category is
  the most frequent of A, O, M, I with ties broken M > O > A > I; R or Q wins
  only when it is *strictly* more frequent than each of A, O, M and I (and Q
  wins a tie between R and Q).
- IPA: a value exactly on a cut (within a relative tolerance of ``1e-9``)
  counts as *high*.
- Gaps are always perception minus expectation, so a negative gap is a
  shortfall.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._validation import (
    as_number,
    as_numbers,
    as_series,
    check_frame,
    check_option,
    check_same_keys,
    check_same_length,
)

__all__ = [
    "IPA_QUADRANTS",
    "KANO_CATEGORIES",
    "KANO_TABLE",
    "SERVQUAL_DIMENSIONS",
    "acsi_index",
    "disconfirmation",
    "ipa",
    "ipa_cuts",
    "kano_category",
    "kano_classify",
    "nps",
    "satisfaction_index",
    "satisfaction_level",
    "servqual_gaps",
]

_KINDS = ("ratio", "difference")

#: The Kano evaluation table of Berger et al. (1993). Row is the functional
#: answer 1-5, column the dysfunctional answer 1-5.
KANO_TABLE = (
    ("Q", "A", "A", "A", "O"),  # functional 1 like
    ("R", "I", "I", "I", "M"),  # functional 2 must-be
    ("R", "I", "I", "I", "M"),  # functional 3 neutral
    ("R", "I", "I", "I", "M"),  # functional 4 live with
    ("R", "R", "R", "R", "Q"),  # functional 5 dislike
)

#: The Kano categories, code -> (English name, Chinese name used in the book).
KANO_CATEGORIES = MappingProxyType(
    {
        "A": ("attractive", "迷人质量"),
        "O": ("one-dimensional", "期望质量"),
        "M": ("must-be", "当然质量"),
        "I": ("indifferent", "无差异质量"),
        "R": ("reverse", "反向质量"),
        "Q": ("questionable", "可疑结果"),
    }
)

_KANO_ORDER = ("A", "O", "M", "I", "R", "Q")
_KANO_PRIORITY = ("M", "O", "A", "I")

#: SERVQUAL's five dimensions and their item numbers (1-based) in the
#: 22-item questionnaire (Parasuraman, Zeithaml & Berry 1988).
SERVQUAL_DIMENSIONS = MappingProxyType(
    {
        "tangibles": (1, 2, 3, 4),
        "reliability": (5, 6, 7, 8, 9),
        "responsiveness": (10, 11, 12, 13),
        "assurance": (14, 15, 16, 17),
        "empathy": (18, 19, 20, 21, 22),
    }
)

#: The IPA quadrants, (high importance?, high performance?) -> label.
IPA_QUADRANTS = MappingProxyType(
    {
        (True, False): "concentrate here",
        (True, True): "keep up the good work",
        (False, False): "low priority",
        (False, True): "possible overkill",
    }
)


# --------------------------------------------------------------------------
# private checks
# --------------------------------------------------------------------------
def _is_scalar(value: object) -> bool:
    return isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable)


def _values(name: str, value: object) -> tuple[np.ndarray, pd.Index | None, bool]:
    """Return ``(float array, Series index or None, was_scalar)``."""
    if _is_scalar(value):
        return np.array([as_number(name, value, allow_negative=True)]), None, True
    index = value.index.copy() if isinstance(value, pd.Series) else None
    return as_numbers(name, value, allow_negative=True), index, False


def _in_scale(name: str, values: np.ndarray, low: float, high: float) -> None:
    bad = (values < low) | (values > high)
    if bad.any():
        raise ValueError(
            f"{name} must be within the scale [{low:g}, {high:g}]; "
            f"got {values[bad][0]:g}"
        )


def _whole(name: str, values: np.ndarray) -> None:
    bad = values != np.round(values)
    if bad.any():
        raise ValueError(
            f"{name} must hold whole-number answer codes; got {values[bad][0]:g}"
        )


def _codes(
    name: str, value: object, low: int, high: int
) -> tuple[np.ndarray, pd.Index | None, bool]:
    """Return answer codes as an int array checked to lie in ``low..high``."""
    values, index, scalar = _values(name, value)
    if isinstance(value, pd.Series) and value.isna().any():
        raise ValueError(
            f"{name} must not contain missing answers (NaN); got one at position "
            f"{int(np.flatnonzero(value.isna().to_numpy())[0])}"
        )
    _whole(name, values)
    _in_scale(name, values, low, high)
    return values.astype(int), index, scalar


def _matrix(name: str, frame: pd.DataFrame) -> np.ndarray:
    """Return a numeric copy of a respondents x items frame, column by column."""
    if frame.empty:
        raise ValueError(f"{name} must not be empty; got shape {frame.shape}")
    if frame.columns.duplicated().any():
        duplicated = frame.columns[frame.columns.duplicated()][0]
        raise ValueError(f"{name} has duplicated columns; got {duplicated!r} twice")
    columns = []
    for column in frame.columns:
        if frame[column].isna().any():
            raise ValueError(
                f"{name} must not contain missing answers (NaN); "
                f"got one in column {column!r}"
            )
        columns.append(
            as_numbers(
                f"{name}[{column!r}]", frame[column].to_numpy(), allow_negative=True
            )
        )
    return np.column_stack(columns)


def _scale(scale: object) -> tuple[float, float]:
    if _is_scalar(scale) or len(list(scale)) != 2:
        raise TypeError(f"scale must be a pair (low, high); got {scale!r}")
    low, high = (as_number("scale", bound, allow_negative=True) for bound in scale)
    if not low < high:
        raise ValueError(f"scale must have low < high; got ({low:g}, {high:g})")
    return low, high


def _weights(weights: object, labels: pd.Index | None, n: int) -> np.ndarray:
    """Return non-negative weights, one per item, matched by label or position."""
    if weights is None:
        return np.ones(n)
    if isinstance(weights, Mapping) or (
        isinstance(weights, pd.Series) and labels is not None
    ):
        if labels is None:
            raise TypeError(
                "weights may be a mapping only when the scores are labelled "
                "(a Series or DataFrame); got a mapping for unlabelled scores"
            )
        series = as_series("weights", weights)
        if len(series) != n or set(series.index) != set(labels):
            raise ValueError(
                f"weights must have one weight per item {list(labels)}; "
                f"got keys {list(series.index)}"
            )
        values = series.reindex(labels).to_numpy()
    else:
        values = as_numbers("weights", weights)
        check_same_length(items=range(n), weights=values)
    if values.sum() <= 0:
        raise ValueError(
            f"weights must not all be zero (their sum must be positive); "
            f"got {values.tolist()}"
        )
    return values


def _aligned(
    values: np.ndarray,
    index: pd.Index | None,
    target: pd.Index | None,
    **indexes: pd.Index | None,
) -> np.ndarray:
    """Reorder ``values`` (labelled by ``index``) to ``target``'s order.

    Both inputs must hold the same index labels; unlabelled inputs pass
    through unchanged (their lengths are checked separately).
    """
    if index is None or target is None or index.equals(target):
        return values
    check_same_keys("index labels", **indexes)
    return pd.Series(values, index=index).reindex(target).to_numpy()


def _reshape(values: np.ndarray, index: pd.Index | None, scalar: bool, name: str):
    if scalar:
        item = values[0]
        return item if isinstance(item, str) else float(item)
    if index is not None:
        return pd.Series(values, index=index, name=name)
    return values


# --------------------------------------------------------------------------
# disconfirmation
# --------------------------------------------------------------------------
def disconfirmation(
    perceived: object, expected: object, *, kind: str = "ratio"
) -> float | np.ndarray | pd.Series:
    """Compare perceived with expected performance: ``C = b / a`` or ``b - a``.

    Customer satisfaction (客户满意) is the feeling formed by comparing the
    perceived performance ``b`` of a product or service with the customer's
    expectation ``a``; the satisfaction degree of the course's exam papers is
    ``C = b / a`` (满意度; the papers do not define ``a`` and ``b``, so this
    reading is the book's). Oliver's expectancy-disconfirmation model uses
    the difference.

    Parameters
    ----------
    perceived : float or sequence of float
        Perceived performance ``b``; non-negative for ``kind="ratio"``.
    expected : float or sequence of float
        Expected performance ``a``; must be > 0 for ``kind="ratio"``. A scalar
        is used for every ``perceived`` value.
    kind : {"ratio", "difference"}, default="ratio"
        ``"ratio"`` gives ``b / a``, ``"difference"`` gives ``b - a``.

    Returns
    -------
    c : float, numpy.ndarray or pandas.Series
        A float when both inputs are scalars; a Series (same index, named
        ``"disconfirmation"``) when either is a Series; else an array. Two
        Series must hold the same index labels; they are aligned by label,
        in the order of ``perceived``.

    See Also
    --------
    crmlab.satisfaction.satisfaction_level

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    The course's exam papers and knowledge points (客户关系管理试题与知识点),
    single-choice question 2 (满意度 C = b/a) and the definition of 客户满意.
    Oliver, R. L. (1980). A cognitive model of the
    antecedents and consequences of satisfaction decisions. *Journal of
    Marketing Research*, 17(4), 460-469.

    Examples
    --------
    >>> disconfirmation(4.5, 4.0)
    1.125
    >>> disconfirmation([3, 4, 5], 4, kind="difference")
    array([-1.,  0.,  1.])
    """
    check_option("kind", kind, _KINDS)
    b, b_index, b_scalar = _values("perceived", perceived)
    a, a_index, a_scalar = _values("expected", expected)
    if not (a_scalar or b_scalar):
        check_same_length(perceived=b, expected=a)
    a = _aligned(a, a_index, b_index, perceived=b_index, expected=a_index)
    if kind == "ratio":
        if (a <= 0).any():
            raise ValueError(
                f"expected must be > 0 for kind='ratio'; got {a[a <= 0][0]:g}"
            )
        if (b < 0).any():
            raise ValueError(
                f"perceived must be non-negative for kind='ratio'; got {b[b < 0][0]:g}"
            )
        c = b / a
    else:
        c = b - a
    index = b_index if b_index is not None else a_index
    return _reshape(c, index, a_scalar and b_scalar, "disconfirmation")


def satisfaction_level(
    c: object, *, kind: str = "ratio", tol: float = 1e-9
) -> str | np.ndarray | pd.Series:
    """Name the satisfaction level of a disconfirmation ``C``.

    ``C > 1`` satisfied (满意), ``C = 1`` just satisfied (刚好满意), ``C < 1``
    dissatisfied (不满意). For ``kind="difference"`` the reference is 0
    instead of 1. The course's exam papers offer only ``C > 1`` satisfied
    among the options of a single-choice question; the three levels, and
    "just satisfied" in particular, are this book's convention.

    Parameters
    ----------
    c : float or sequence of float
        Values from :func:`disconfirmation`; non-negative for ``kind="ratio"``.
    kind : {"ratio", "difference"}, default="ratio"
        How ``c`` was computed.
    tol : float, default=1e-9
        Absolute tolerance: ``|C - reference| <= tol`` is "just satisfied".

    Returns
    -------
    level : str, numpy.ndarray or pandas.Series
        ``"satisfied"``, ``"just satisfied"`` or ``"dissatisfied"``: a str
        for a scalar, an object array for a sequence, a Series (same index,
        named ``"level"``) for a Series.

    See Also
    --------
    crmlab.satisfaction.disconfirmation

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    The course's exam papers, single-choice question 2 (满意度 C = b/a;
    ``C > 1`` satisfied).

    Examples
    --------
    >>> satisfaction_level(1.125)
    'satisfied'
    >>> satisfaction_level(0.1 + 0.2, kind="difference", tol=0) == "satisfied"
    True
    >>> list(satisfaction_level([0.8, 1.0, 1.2]))
    ['dissatisfied', 'just satisfied', 'satisfied']
    """
    check_option("kind", kind, _KINDS)
    tol = as_number("tol", tol)
    values, index, scalar = _values("c", c)
    if kind == "ratio" and (values < 0).any():
        raise ValueError(
            f"c must be non-negative for kind='ratio'; got {values[values < 0][0]:g}"
        )
    reference = 1.0 if kind == "ratio" else 0.0
    levels = np.where(values > reference, "satisfied", "dissatisfied").astype(object)
    levels[np.abs(values - reference) <= tol] = "just satisfied"
    return _reshape(levels, index, scalar, "level")


# --------------------------------------------------------------------------
# indices
# --------------------------------------------------------------------------
def satisfaction_index(
    scores: object,
    *,
    weights: object = None,
    scale: tuple[float, float] = (1, 5),
) -> float | pd.Series:
    """Weighted satisfaction index on 0-100 (客户满意度指数).

    ``100 * sum(w * (x - lo)) / ((hi - lo) * sum(w))``: each item score is
    rescaled from ``[lo, hi]`` to ``[0, 1]`` and averaged with the weights.

    Parameters
    ----------
    scores : sequence of float or pandas.DataFrame
        A 1-D sequence (one respondent's item scores, or item means) gives
        one index. A DataFrame of respondents x items gives one index per
        respondent. Scores must lie within ``scale``; NaN is rejected.
    weights : sequence or mapping of float, default=None
        Non-negative importance weights, one per item, not all zero: by
        position, or by item label (a mapping, or a Series when ``scores``
        is a Series or DataFrame). ``None`` weighs items equally.
    scale : tuple of (float, float), default=(1, 5)
        Lowest and highest possible score.

    Returns
    -------
    index : float or pandas.Series
        The index for a 1-D input; a Series named ``"index"`` with the
        frame's index for a DataFrame.

    See Also
    --------
    crmlab.satisfaction.acsi_index
    crmlab.satisfaction.disconfirmation

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    The standard linear rescaling used by customer satisfaction indices, e.g.
    Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J., & Bryant, B. E.
    (1996). The American Customer Satisfaction Index. *Journal of Marketing*,
    60(4), 7-18. The course's knowledge points (客户关系管理试题与知识点),
    the definition of 客户满意.

    Examples
    --------
    >>> satisfaction_index([5, 3, 4], weights=[0.5, 0.25, 0.25])
    81.25
    >>> answers = {"price": [5, 1, 3], "service": [5, 1, 4]}
    >>> satisfaction_index(pd.DataFrame(answers)).tolist()
    [100.0, 0.0, 62.5]
    """
    low, high = _scale(scale)
    if isinstance(scores, pd.DataFrame):
        matrix = _matrix("scores", scores)
        labels, index = scores.columns, scores.index.copy()
    else:
        matrix = as_numbers("scores", scores, allow_negative=True)[None, :]
        labels = scores.index if isinstance(scores, pd.Series) else None
        index = None
    _in_scale("scores", matrix.ravel(), low, high)
    w = _weights(weights, labels, matrix.shape[1])
    result = 100 * ((matrix - low) @ w) / ((high - low) * w.sum())
    result = np.clip(result, 0, 100)  # rounding can give 100.00000000000001
    if index is None:
        return float(result[0])
    return pd.Series(result, index=index, name="index")


def acsi_index(items: object, *, weights: object = None) -> float | pd.Series:
    """ACSI-style satisfaction index on 0-100 from 1-10 items (美国顾客满意度指数).

    ``100 * sum(w * (x - 1)) / (9 * sum(w))``, the rescaling the American
    Customer Satisfaction Index applies to its 1-10 items (overall
    satisfaction, confirmation of expectations, comparison with an ideal).
    The real ACSI estimates the weights with PLS; here they are given (or
    equal).

    Parameters
    ----------
    items : sequence of float or pandas.DataFrame
        Scores on 1-10: a 1-D sequence (one respondent, or item means) or a
        DataFrame of respondents x items.
    weights : sequence or mapping of float, default=None
        Item weights as in :func:`satisfaction_index`; ``None`` means equal.

    Returns
    -------
    index : float or pandas.Series
        As in :func:`satisfaction_index`.

    See Also
    --------
    crmlab.satisfaction.satisfaction_index

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J., & Bryant, B. E.
    (1996). The American Customer Satisfaction Index: Nature, purpose, and
    findings. *Journal of Marketing*, 60(4), 7-18.

    Examples
    --------
    >>> acsi_index([10, 10, 10]), acsi_index([1, 1, 1])
    (100.0, 0.0)
    >>> acsi_index([8, 7, 6], weights=[2, 1, 1])
    69.444...
    """
    return satisfaction_index(items, weights=weights, scale=(1, 10))


# --------------------------------------------------------------------------
# SERVQUAL
# --------------------------------------------------------------------------
def _item_means(name: str, answers: object) -> np.ndarray:
    if isinstance(answers, pd.DataFrame):
        matrix = _matrix(name, answers)
        _whole(name, matrix.ravel())
        _in_scale(name, matrix.ravel(), 1, 7)
        return matrix.mean(axis=0)
    means = as_numbers(name, answers, allow_negative=True)
    _in_scale(name, means, 1, 7)
    return means


def _dimensions(dimensions: object, n_items: int) -> dict[str, np.ndarray]:
    """Return dimension -> 0-based item positions, checking they partition items."""
    if dimensions is None:
        if n_items != 22:
            raise ValueError(
                "perceptions and expectations must have the 22 SERVQUAL items for "
                f"the default dimensions; got {n_items} (pass dimensions=)"
            )
        dimensions = SERVQUAL_DIMENSIONS
    if not isinstance(dimensions, Mapping) or not dimensions:
        raise TypeError(
            "dimensions must be a non-empty mapping from name to item numbers; "
            f"got {dimensions!r}"
        )
    groups, seen = {}, []
    for name, items in dimensions.items():
        if _is_scalar(items) or not len(items := list(items)):
            raise TypeError(
                f"dimensions[{name!r}] must be a non-empty list of items; got {items!r}"
            )
        for item in items:
            if (
                isinstance(item, bool)
                or not isinstance(item, numbers.Integral)
                or not 1 <= item <= n_items
            ):
                raise ValueError(
                    f"dimensions[{name!r}] must hold item numbers 1..{n_items}; "
                    f"got {item!r}"
                )
        groups[name] = np.array(items, dtype=int) - 1
        seen.extend(items)
    if sorted(seen) != list(range(1, n_items + 1)):
        raise ValueError(
            f"dimensions must assign each of the items 1..{n_items} to exactly one "
            f"dimension; got {sorted(seen)}"
        )
    return groups


def servqual_gaps(
    perceptions: object,
    expectations: object,
    *,
    dimensions: Mapping | None = None,
    weights: pd.Series | Mapping | None = None,
) -> pd.DataFrame:
    """SERVQUAL gaps (perception - expectation) by dimension (SERVQUAL量表).

    Each dimension's perception ``P`` and expectation ``E`` are the means of
    its items' means; its gap is ``P - E`` (negative = shortfall). The
    ``"overall"`` row is the unweighted mean of the dimension rows. With
    importance ``weights`` (e.g. 100 points split over the dimensions), a
    ``"weighted overall"`` row gives ``sum(w_d * row_d) / sum(w)``.

    Parameters
    ----------
    perceptions, expectations : pandas.DataFrame or sequence of float
        Either raw answers, respondents x items (whole numbers 1-7; the
        columns are taken in order, so ``q1..q22`` or any other names), or
        1-D item means on 1-7. Both must have the same number of items;
        the two frames may hold different respondents.
    dimensions : mapping of str to list of int, default=None
        Dimension name -> 1-based item numbers; every item in exactly one
        dimension. ``None`` uses :data:`SERVQUAL_DIMENSIONS` (22 items:
        tangibles 1-4, reliability 5-9, responsiveness 10-13, assurance
        14-17, empathy 18-22).
    weights : mapping of str to float, default=None
        Non-negative importance weight per dimension, not all zero.

    Returns
    -------
    gaps : pandas.DataFrame
        Index ``dimension`` (the dimensions, ``"overall"`` and, with
        weights, ``"weighted overall"``); columns ``perception``,
        ``expectation``, ``gap``.

    See Also
    --------
    crmlab.satisfaction.SERVQUAL_DIMENSIONS
    crmlab.viz.satisfaction.plot_servqual_gaps

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A
    multiple-item scale for measuring consumer perceptions of service
    quality. *Journal of Retailing*, 64(1), 12-40. Zeithaml, Parasuraman &
    Berry (1990), *Delivering Quality Service* (weighted scores). Grönroos,
    C. (1982), perceived service quality; the course lesson plans
    (《客户关系管理》教案全套, 客户感知服务质量).

    Examples
    --------
    >>> p = [5, 6, 4, 5]
    >>> e = [6, 6, 6, 7]
    >>> servqual_gaps(p, e, dimensions={"tangibles": [1, 2], "empathy": [3, 4]},
    ...               weights={"tangibles": 1, "empathy": 3})
                      perception  expectation    gap
    dimension
    tangibles               5.50        6.000 -0.500
    empathy                 4.50        6.500 -2.000
    overall                 5.00        6.250 -1.250
    weighted overall        4.75        6.375 -1.625
    """
    p = _item_means("perceptions", perceptions)
    e = _item_means("expectations", expectations)
    check_same_length(perceptions=p, expectations=e)
    groups = _dimensions(dimensions, len(p))
    frame = pd.DataFrame(
        {
            "perception": [p[pos].mean() for pos in groups.values()],
            "expectation": [e[pos].mean() for pos in groups.values()],
        },
        index=pd.Index(list(groups), name="dimension"),
    )
    rows = {"overall": frame.mean()}
    if weights is not None:
        w = as_series("weights", weights)
        if set(w.index) != set(groups) or len(w) != len(groups):
            raise ValueError(
                f"weights must have one weight per dimension {list(groups)}; "
                f"got keys {list(w.index)}"
            )
        if w.sum() <= 0:
            raise ValueError(
                "weights must not all be zero (their sum must be positive); "
                f"got {w.to_dict()}"
            )
        w = w.reindex(frame.index)
        rows["weighted overall"] = frame.mul(w, axis=0).sum() / w.sum()
    frame = pd.concat([frame, pd.DataFrame(rows).T])
    frame.index.name = "dimension"
    frame["gap"] = frame["perception"] - frame["expectation"]
    return frame


# --------------------------------------------------------------------------
# Kano
# --------------------------------------------------------------------------
def kano_category(
    functional: object, dysfunctional: object
) -> str | np.ndarray | pd.Series:
    """Kano category of a (functional, dysfunctional) answer pair (卡诺模型).

    Looks the pair up in the 5 x 5 Kano evaluation table
    :data:`KANO_TABLE` (rows: functional answer, columns: dysfunctional).
    Codes: 1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike.

    Parameters
    ----------
    functional : int or sequence of int
        Answer to "how do you feel if the feature is present?" (1-5).
    dysfunctional : int or sequence of int
        Answer to "how do you feel if the feature is absent?" (1-5).

    Returns
    -------
    category : str, numpy.ndarray or pandas.Series
        ``"A"`` attractive (迷人质量), ``"O"`` one-dimensional (期望质量),
        ``"M"`` must-be (当然质量), ``"I"`` indifferent, ``"R"`` reverse or
        ``"Q"`` questionable: a str for one pair, an object array for
        sequences, a Series (named ``"category"``) if either is a Series.

    See Also
    --------
    crmlab.satisfaction.kano_classify
    crmlab.satisfaction.KANO_TABLE
    crmlab.viz.satisfaction.plot_kano_table

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Kano, N., Seraku, N., Takahashi, F., & Tsuji, S. (1984). Attractive
    quality and must-be quality. *Hinshitsu*, 14(2), 39-48. Berger, C. et al.
    (1993). Kano's methods for understanding customer-defined quality.
    *Center for Quality Management Journal*, 2(4), 3-36. The course's exam
    papers, single-choice question 3 (当然质量, 期望质量, 迷人质量).

    Examples
    --------
    >>> kano_category(1, 5)
    'O'
    >>> list(kano_category([1, 3, 2], [4, 5, 3]))
    ['A', 'M', 'I']
    """
    f, f_index, f_scalar = _codes("functional", functional, 1, 5)
    d, d_index, d_scalar = _codes("dysfunctional", dysfunctional, 1, 5)
    if f_scalar != d_scalar:
        raise TypeError(
            "functional and dysfunctional must both be single answers or both "
            f"sequences; got {type(functional).__name__} and "
            f"{type(dysfunctional).__name__}"
        )
    check_same_length(functional=f, dysfunctional=d)
    d = _aligned(d, d_index, f_index, functional=f_index, dysfunctional=d_index)
    table = np.array(KANO_TABLE, dtype=object)
    categories = table[f - 1, d - 1]
    index = f_index if f_index is not None else d_index
    return _reshape(categories, index, f_scalar, "category")


def _dominant(counts: pd.Series) -> str:
    """Most frequent category; ties M > O > A > I; R/Q only if strictly ahead."""
    best = max(_KANO_PRIORITY, key=lambda category: counts[category])
    other = "Q" if counts["Q"] >= counts["R"] else "R"
    return other if counts[other] > counts[best] else best


def kano_classify(
    responses: pd.DataFrame,
    *,
    feature: str = "feature",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    respondent: str | None = None,
) -> pd.DataFrame:
    """Classify each feature with the Kano model, with Better/Worse (卡诺模型).

    Every answer pair is categorised with :func:`kano_category`; a feature's
    category is the most frequent of A, O, M, I, ties broken
    M > O > A > I (the category that hurts most when neglected comes
    first). R or Q is the category only when it is strictly more frequent
    than each of A, O, M and I; Q wins a tie between R and Q. Timko's
    coefficients use only the A, O, M, I answers:
    ``better = (A + O) / (A + O + M + I)`` and
    ``worse = -(O + M) / (A + O + M + I)`` (NaN if a feature has none).

    Categories in the course's exam papers: must-be 当然质量 (M),
    one-dimensional 期望质量 (O), attractive 迷人质量 (A).

    Parameters
    ----------
    responses : pandas.DataFrame
        Long format, one row per respondent x feature.
    feature, functional, dysfunctional : str
        Column names of the feature and of the two answer codes (1-5),
        default ``"feature"``, ``"functional"``, ``"dysfunctional"``.
    respondent : str, default=None
        Optional respondent column; if given, a respondent may answer each
        feature only once.

    Returns
    -------
    table : pandas.DataFrame
        One row per feature (sorted), columns ``A O M I R Q`` (counts),
        ``category``, ``better``, ``worse``.

    See Also
    --------
    crmlab.satisfaction.kano_category
    crmlab.viz.satisfaction.plot_better_worse

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    References
    ----------
    Berger, C. et al. (1993), *Center for Quality Management Journal*, 2(4),
    3-36. Timko, M. (1993). An experiment in continuous analysis. *Center
    for Quality Management Journal*, 2(4), 17-20. The course's exam papers
    (the Kano category names).

    Examples
    --------
    >>> answers = pd.DataFrame({
    ...     "feature": ["wifi", "wifi", "wifi", "gift", "gift"],
    ...     "functional": [3, 2, 1, 1, 1],
    ...     "dysfunctional": [5, 5, 5, 3, 4],
    ... })
    >>> table = kano_classify(answers)
    >>> table[["A", "O", "M", "category", "better", "worse"]]
             A  O  M category    better  worse
    feature
    gift     2  0  0        A  1.000000    0.0
    wifi     0  1  2        M  0.333333   -1.0
    """
    columns = [feature, functional, dysfunctional]
    if respondent is not None:
        columns.append(respondent)
    frame = check_frame("responses", responses, columns)
    for column in (feature, functional, dysfunctional):
        if frame[column].isna().any():
            raise ValueError(
                f"responses[{column!r}] must not contain missing values; got one "
                f"in row {frame.index[frame[column].isna()][0]!r}"
            )
    if respondent is not None and frame.duplicated([feature, respondent]).any():
        row = frame[frame.duplicated([feature, respondent])].iloc[0]
        raise ValueError(
            f"responses has duplicated {feature}/{respondent} pairs; got "
            f"{row[feature]!r}/{row[respondent]!r} twice"
        )
    categories = kano_category(
        frame[functional].to_numpy(), frame[dysfunctional].to_numpy()
    )
    counts = (
        pd.crosstab(frame[feature].to_numpy(), categories)
        .reindex(columns=list(_KANO_ORDER), fill_value=0)
        .astype(int)
    )
    counts = counts.sort_index()
    counts.index.name, counts.columns.name = feature, None
    counts["category"] = [_dominant(row) for _, row in counts.iterrows()]
    core = counts[["A", "O", "M", "I"]].sum(axis=1).astype(float)
    counts["better"] = (counts["A"] + counts["O"]) / core
    counts["worse"] = -(counts["O"] + counts["M"]) / core
    return counts


# --------------------------------------------------------------------------
# NPS and IPA
# --------------------------------------------------------------------------
def nps(scores: object) -> float:
    """Net Promoter Score from 0-10 recommendation answers (净推荐值).

    ``NPS = 100 * (promoters - detractors) / n`` with promoters answering
    9-10, passives 7-8 and detractors 0-6; the result lies in -100..100.

    Parameters
    ----------
    scores : sequence of int
        Whole-number answers 0-10 to "How likely is it that you would
        recommend us to a friend or colleague?".

    Returns
    -------
    nps : float
        The NPS, in percentage points.

    See Also
    --------
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
    >>> nps([10, 9, 8, 7, 6])
    20.0
    """
    if _is_scalar(scores):
        raise TypeError(
            f"scores must be a sequence of 0-10 answers; got {type(scores).__name__}"
        )
    codes, _, _ = _codes("scores", scores, 0, 10)
    promoters, detractors = int((codes >= 9).sum()), int((codes <= 6).sum())
    return 100 * (promoters - detractors) / codes.size


def _cuts(split: object, importance: pd.Series, performance: pd.Series):
    if isinstance(split, str):
        check_option("split", split, ("mean", "median"))
        return getattr(importance, split)(), getattr(performance, split)()
    if _is_scalar(split) or len(split := list(split)) != 2:
        raise ValueError(
            "split must be 'mean', 'median' or a pair (importance_cut, "
            f"performance_cut); got {split!r}"
        )
    return tuple(as_number("split", cut, allow_negative=True) for cut in split)


def _at_least(values: pd.Series, cut: float) -> pd.Series:
    return (values >= cut) | np.isclose(values, cut, rtol=1e-9, atol=1e-12)


def _ipa_inputs(importance: object, performance: object) -> tuple[pd.Series, pd.Series]:
    """Checked copies of importance and performance, aligned to ``importance``."""
    imp = as_series("importance", importance, allow_negative=True)
    perf = as_series("performance", performance, allow_negative=True)
    check_same_keys("attributes", importance=imp, performance=perf)
    return imp, perf.reindex(imp.index)


def ipa_cuts(
    importance: pd.Series | Mapping,
    performance: pd.Series | Mapping,
    *,
    split: str | tuple[float, float] = "mean",
) -> tuple[float, float]:
    """The two cuts :func:`ipa` uses: the means, the medians or a given pair.

    Figures call this instead of computing the cuts themselves, so a chart's
    dashed lines are always where the model cut (重要性-绩效分析 IPA).

    Parameters
    ----------
    importance, performance : pandas.Series or mapping of float
        As for :func:`ipa`.
    split : {"mean", "median"} or tuple of (float, float), default="mean"
        As for :func:`ipa`.

    Returns
    -------
    cuts : tuple of (float, float)
        ``(importance_cut, performance_cut)``.

    See Also
    --------
    ipa : The quadrants these cuts give.
    crmlab.viz.satisfaction.plot_ipa : Draws the grid and its cuts.

    Notes
    -----
    Taught in :doc:`chapter 9, Customer satisfaction
    </chapters/ch09_customer_satisfaction/customer_satisfaction>`.

    Examples
    --------
    >>> ipa_cuts({"wifi": 4.6, "gym": 3.0}, {"wifi": 3.1, "gym": 3.5})
    (3.8, 3.3)
    """
    imp, perf = _ipa_inputs(importance, performance)
    cut_importance, cut_performance = _cuts(split, imp, perf)
    return float(cut_importance), float(cut_performance)


def ipa(
    importance: pd.Series | Mapping,
    performance: pd.Series | Mapping,
    *,
    split: str | tuple[float, float] = "mean",
) -> pd.DataFrame:
    """Importance-performance analysis quadrants (重要性-绩效分析 IPA).

    Each attribute is placed by whether its importance and its performance
    are high (at or above the cut) or low (below it):

    - high importance, low performance: ``"concentrate here"`` (重点改进区)
    - high importance, high performance: ``"keep up the good work"`` (继续保持区)
    - low importance, low performance: ``"low priority"`` (低优先区)
    - low importance, high performance: ``"possible overkill"`` (过度投入区)

    A value on the cut (within a relative tolerance of 1e-9) counts as high.

    Parameters
    ----------
    importance, performance : pandas.Series or mapping of float
        Mean importance and performance per attribute, keyed by attribute;
        both must have the same (unique) attributes.
    split : {"mean", "median"} or tuple of (float, float), default="mean"
        Where to cut each axis: the mean or median of the attributes, or the
        fixed cuts ``(importance_cut, performance_cut)``, e.g. a scale's
        midpoint.

    Returns
    -------
    quadrants : pandas.DataFrame
        Indexed by attribute in ``importance``'s order; columns
        ``importance``, ``performance``, ``quadrant``.

    See Also
    --------
    crmlab.satisfaction.ipa_cuts
    crmlab.viz.satisfaction.plot_ipa

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
    >>> imp = {"wifi": 4.6, "check-in": 4.4, "gym": 3.0, "decor": 3.2}
    >>> perf = {"wifi": 3.1, "check-in": 4.5, "gym": 3.2, "decor": 4.6}
    >>> ipa(imp, perf)["quadrant"].tolist()
    ['concentrate here', 'keep up the good work', 'low priority', 'possible overkill']
    """
    imp, perf = _ipa_inputs(importance, performance)
    cut_importance, cut_performance = _cuts(split, imp, perf)
    high = zip(
        _at_least(imp, cut_importance), _at_least(perf, cut_performance), strict=True
    )
    return pd.DataFrame(
        {
            "importance": imp.to_numpy(),
            "performance": perf.to_numpy(),
            "quadrant": [IPA_QUADRANTS[(bool(i), bool(p))] for i, p in high],
        },
        index=imp.index,
    )
