"""A seeded generator of a customer complaint log (投诉记录)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._validation import check_integer
from crmlab.datasets._random import seeded_rng

__all__ = ["COMPLAINT_CATEGORIES", "COMPLAINT_CHANNELS", "make_complaint_log"]

#: The channels a complaint arrives by, with their typical first-response
#: delay in hours (the book's invented values).
COMPLAINT_CHANNELS = ("call centre", "online", "face to face", "letter")
_RESPONSE_HOURS = (1.0, 6.0, 0.5, 60.0)

#: Complaint categories with their typical resolution time in hours.
COMPLAINT_CATEGORIES = ("product quality", "delivery", "billing", "staff attitude")
_RESOLUTION_HOURS = (40.0, 28.0, 20.0, 14.0)

_CHANNEL_SHARE = (0.40, 0.35, 0.15, 0.10)
_CATEGORY_SHARE = (0.35, 0.30, 0.20, 0.15)
_GRADES = ("A", "B", "C")
_GRADE_SHARE = (0.15, 0.35, 0.50)
_GRADE_SPEED = (0.6, 0.9, 1.2)  # A customers are served faster


def _first_responses(rng, channel, n):
    typical = np.asarray(_RESPONSE_HOURS)[channel]
    hours = typical * rng.lognormal(0.0, 0.6, n)
    answered = rng.random(n) > 0.03
    return np.where(answered, hours, np.nan)


def _resolutions(rng, category, grade, response, n):
    typical = np.asarray(_RESOLUTION_HOURS)[category] * np.asarray(_GRADE_SPEED)[grade]
    hours = np.nan_to_num(response, nan=0.0) + typical * rng.lognormal(0.0, 0.8, n)
    return hours


def make_complaint_log(
    n: int = 600,
    *,
    start: str = "2025-01-01",
    days: int = 180,
    seed: int = 2025,
) -> pd.DataFrame:
    """Generate a complaint log (投诉记录) for the book's examples.

    Complaints arrive over ``days`` days from ``start``, mostly in office
    hours. The first response is quick by call centre or face to face, slow by
    letter; about 3 % are never answered. Resolution takes longer for product
    quality than for staff attitude, and is faster for grade A customers
    (chapter 7's best customers) than for grade C. Complaints received near
    the end of the period are more often still open, and slow resolutions are
    more often reopened. All rates and delays are the book's invented values.
    The same arguments always give the same frame.

    Parameters
    ----------
    n : int, default=600
        Number of complaints (at least 1), ids ``K00001``, ``K00002``, ...
    start : str, default="2025-01-01"
        The first day complaints can arrive.
    days : int, default=180
        Length of the period in days (at least 1).
    seed : int, default=2025
        Random seed of the generator; the same value gives the same data.

    Returns
    -------
    log : pandas.DataFrame
        Columns ``complaint_id``, ``customer_id`` (str), ``received``,
        ``first_response``, ``resolved`` (datetime64, minute precision,
        ``NaT`` when not answered or still open), ``reopened`` (bool),
        ``channel``, ``category`` and ``grade`` (str), sorted by ``received``.
        It is the log :func:`crmlab.service.complaint_metrics` reads.

    See Also
    --------
    crmlab.service.complaint_metrics

    Notes
    -----
    Taught in :doc:`chapter 8, Communication, care and complaints
    </chapters/ch08_communication_complaints/communication_complaints>`.

    Examples
    --------
    >>> log = make_complaint_log(40, seed=1)
    >>> list(log.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['complaint_id', 'customer_id', 'received', 'first_response', 'resolved',
     'reopened', 'channel', 'category', 'grade']
    >>> len(log), log.complaint_id.is_unique, make_complaint_log(40, seed=1).equals(log)
    (40, True, True)
    """
    n = check_integer("n", n, low=1)
    days = check_integer("days", days, low=1)
    rng = seeded_rng(seed)
    first = pd.Timestamp(start)
    channel = rng.choice(len(COMPLAINT_CHANNELS), n, p=_CHANNEL_SHARE)
    category = rng.choice(len(COMPLAINT_CATEGORIES), n, p=_CATEGORY_SHARE)
    grade = rng.choice(len(_GRADES), n, p=_GRADE_SHARE)
    day = rng.integers(0, days, n)
    hour = np.clip(rng.normal(13.0, 3.0, n), 0, 23.9)
    received_h = day * 24.0 + hour
    response = _first_responses(rng, channel, n)
    resolution = _resolutions(rng, category, grade, response, n)
    end_h = days * 24.0
    still_open = (received_h + resolution > end_h) | (rng.random(n) < 0.02)
    resolution = np.where(still_open, np.nan, resolution)
    response = np.where(received_h + response > end_h, np.nan, response)
    slow = np.nan_to_num(resolution, nan=0.0) > 72
    reopened = ~still_open & (rng.random(n) < np.where(slow, 0.18, 0.06))
    customers = rng.integers(1, max(2, int(n * 0.8)), n)
    frame = pd.DataFrame(
        {
            "complaint_id": [f"K{i:05d}" for i in range(1, n + 1)],
            "customer_id": [f"C{c:06d}" for c in customers],
            "received": _stamp(first, received_h),
            "first_response": _stamp(first, received_h + response),
            "resolved": _stamp(first, received_h + resolution),
            "reopened": reopened.astype(bool),
            "channel": np.asarray(COMPLAINT_CHANNELS)[channel],
            "category": np.asarray(COMPLAINT_CATEGORIES)[category],
            "grade": np.asarray(_GRADES)[grade],
        }
    )
    frame = frame.sort_values("received", kind="stable").reset_index(drop=True)
    frame["complaint_id"] = [f"K{i:05d}" for i in range(1, n + 1)]
    return frame


def _stamp(first: pd.Timestamp, hours: np.ndarray) -> pd.Series:
    """Date-times ``hours`` after ``first``, rounded down to the minute."""
    minutes = np.floor(np.asarray(hours, dtype=float) * 60.0)
    return pd.Series(first + pd.to_timedelta(minutes, unit="min"))
