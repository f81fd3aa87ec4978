"""A seeded generator of the loyalty survey of chapter 10 (客户忠诚度调查).

:func:`make_loyalty_survey` returns the same frame for the same arguments.
Its seven measure columns are the loyalty measures as this book lists them
(three of them, repeat purchases, sensitivity and need satisfaction, are
options of a multiple-choice question in the course's exam papers);
:data:`MEASURES`, :data:`HIGHER_IS_BETTER`, :data:`BOUNDS` and
:data:`DEFAULT_WEIGHTS` describe them, ready to pass to
:func:`crmlab.loyalty.loyalty_index`. The constants are read-only mappings.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._validation import check_integer
from crmlab.datasets._random import seeded_rng

__all__ = [
    "BOUNDS",
    "DEFAULT_WEIGHTS",
    "HIGHER_IS_BETTER",
    "MEASURES",
    "make_loyalty_survey",
]

#: The book's seven loyalty measures: column -> (English label, Chinese).
MEASURES = MappingProxyType(
    {
        "repeat_purchases": ("Repeat purchases in the year", "客户重复购买的次数"),
        "brand_attention": ("Attention to the brand (1-5)", "对品牌的关注程度"),
        "choice_time": ("Time spent choosing (minutes)", "购买挑选的时间"),
        "price_sensitivity": ("Price sensitivity (1-5)", "对价格的敏感程度"),
        "competitor_attitude": ("Interest in competitors (1-5)", "对竞争品牌的态度"),
        "incident_tolerance": (
            "Tolerance of quality incidents (1-5)",
            "对质量事故的承受能力",
        ),
        "need_satisfaction": ("Need satisfaction rate (0-1)", "客户需求的满足率"),
    }
)

#: ``False`` where a lower value means a more loyal customer.
HIGHER_IS_BETTER = MappingProxyType(
    {
        "repeat_purchases": True,
        "brand_attention": True,
        "choice_time": False,
        "price_sensitivity": False,
        "competitor_attitude": False,
        "incident_tolerance": True,
        "need_satisfaction": True,
    }
)

#: Fixed scale ends of each measure, so a customer's index does not depend on
#: who else answered the survey.
BOUNDS = MappingProxyType(
    {
        "repeat_purchases": (0, 24),
        "brand_attention": (1, 5),
        "choice_time": (0, 60),
        "price_sensitivity": (1, 5),
        "competitor_attitude": (1, 5),
        "incident_tolerance": (1, 5),
        "need_satisfaction": (0, 1),
    }
)

#: The chapter's starting weights, in per cent (they sum to 100).
DEFAULT_WEIGHTS = MappingProxyType(
    {
        "repeat_purchases": 25,
        "brand_attention": 10,
        "choice_time": 10,
        "price_sensitivity": 15,
        "competitor_attitude": 10,
        "incident_tolerance": 10,
        "need_satisfaction": 20,
    }
)


def _likert(latent: np.ndarray, centre: float, low: int, high: int) -> np.ndarray:
    return np.clip(np.rint(centre + latent), low, high).astype(int)


def make_loyalty_survey(n_customers: int = 200, *, seed: int = 10) -> pd.DataFrame:
    """Generate a survey of customers' loyalty measures (客户忠诚度调查).

    Each customer has two hidden traits: an *attitude* (how much they like
    the brand) and a *behaviour* (how much of their buying goes to it),
    correlated 0.5. The behavioural measures (repeat purchases, need
    satisfaction rate, share of spend) follow the behaviour; the attitudinal
    ones (attention to the brand, time spent choosing, price sensitivity,
    interest in competitors, tolerance of quality incidents, the 1-7
    relative attitude) follow the attitude, each with its own noise. The
    same arguments always give the same frame.

    Parameters
    ----------
    n_customers : int, default=200
        Number of customers, with ids ``L001``, ``L002``, ...
    seed : int, default=10
        Random seed of the generator; the same value gives the same data.

    Returns
    -------
    survey : pandas.DataFrame
        Indexed by ``customer_id``; the seven :data:`MEASURES` columns
        (within :data:`BOUNDS`), ``attitude`` (relative attitude, 1-7),
        ``category_spend`` (the customer's yearly spend in the category,
        yuan) and ``firm_spend`` (the part spent with the firm, yuan).

    See Also
    --------
    crmlab.loyalty.loyalty_index
    crmlab.datasets.MEASURES

    Notes
    -----
    Taught in :doc:`chapter 10, Customer loyalty
    </chapters/ch10_customer_loyalty/customer_loyalty>`.

    References
    ----------
    The course's exam papers (客户关系管理试题与知识点), multiple-choice
    question 1 (客户忠诚度的衡量指标: repeat purchases, sensitivity, need
    satisfaction); the other four measures and the generated numbers are this
    book's. Dick, A. S. & Basu, K. (1994), JAMS 22(2) (relative attitude and
    repeat patronage as the two sides of loyalty).

    Examples
    --------
    >>> survey = make_loyalty_survey(5, seed=1)
    >>> survey.shape, list(survey.index[:2])
    ((5, 10), ['L001', 'L002'])
    >>> bool((survey.firm_spend <= survey.category_spend).all())
    True
    >>> make_loyalty_survey(5, seed=1).equals(survey)
    True
    """
    n = check_integer("n_customers", n_customers, low=1)
    rng = seeded_rng(seed)
    att = rng.standard_normal(n)
    beh = 0.5 * att + np.sqrt(0.75) * rng.standard_normal(n)

    def noise(scale: float) -> np.ndarray:
        return scale * rng.standard_normal(n)

    share = 1 / (1 + np.exp(-(0.2 + 1.3 * beh + noise(0.3))))
    category = np.round(rng.lognormal(np.log(3000), 0.5, n), -1) + 100
    frame = pd.DataFrame(
        {
            "repeat_purchases": np.minimum(rng.poisson(np.exp(1.7 + 0.6 * beh)), 24),
            "brand_attention": _likert(0.9 * att + noise(0.7), 3, 1, 5),
            "choice_time": np.clip(
                np.rint(np.exp(np.log(15) - 0.5 * att + noise(0.4))), 1, 60
            ).astype(int),
            "price_sensitivity": _likert(-0.8 * att + noise(0.8), 3, 1, 5),
            "competitor_attitude": _likert(-0.9 * att + noise(0.7), 3, 1, 5),
            "incident_tolerance": _likert(0.7 * att + noise(0.8), 3, 1, 5),
            "need_satisfaction": np.round(
                1 / (1 + np.exp(-(0.3 + 1.2 * beh + noise(0.4)))), 2
            ),
            "attitude": _likert(1.4 * att + noise(0.5), 4, 1, 7),
            "category_spend": category,
            "firm_spend": np.round(share * category, 2),
        },
        index=pd.Index([f"L{i:03d}" for i in range(1, n + 1)], name="customer_id"),
    )
    return frame
