"""Customer service: complaint-log metrics and the choice of a channel (客户投诉).

Naming contract and conventions
-------------------------------
* A *complaint log* (投诉记录) is a DataFrame with one row per complaint:
  ``complaint_id`` (unique, no missing values), ``customer_id``, ``received``
  (when the complaint came in), ``first_response`` (when the firm first
  answered; ``NaT`` = not yet answered), ``resolved`` (when it was closed;
  ``NaT`` = still open), ``reopened`` (bool: the customer came back after the
  complaint was closed), ``channel``, ``category`` and ``grade`` (the
  customer's ABC grade from chapter 7). Times are ``datetime64`` values or
  date-time strings; numbers are rejected.
* Times are measured in **hours** from ``received``: first-response time
  ``first_response - received`` and resolution time ``resolved - received``.
  Neither may be negative.
* Medians and 90th percentiles use NumPy's default ``linear`` method
  (``numpy.percentile(x, 90)``). They are taken over the complaints that have
  the time (answered, resolved); a row with none has ``NaN``.
* Every *rate* or *share* is a fraction of 1 of the row's complaints (all of
  them, open or closed): ``resolution_rate`` = resolved / complaints,
  ``reopen_rate`` = reopened / complaints, ``sla_breach_share`` = breaches /
  complaints.
* The service-level target ``sla`` (服务时限) is a resolution time in hours.
  A resolved complaint **breaches** it when its resolution time is strictly
  longer than ``sla`` (exactly ``sla`` meets the target). An open complaint
  breaches it when it has been open longer than ``sla`` at ``as_of``, the
  moment the log is read; by default ``as_of`` is the latest time in the log.
  An open complaint still inside the target is not (yet) a breach.

Channels are chosen by the book's one weighted score,
:func:`crmlab.scoring.weighted_score`; :func:`channel_choice` only names its
use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._validation import as_number, check_date, check_dates, check_frame
from crmlab.scoring import weighted_score

__all__ = ["COMPLAINT_COLUMNS", "METRIC_COLUMNS", "channel_choice", "complaint_metrics"]

#: The columns :func:`complaint_metrics` needs (``customer_id``, ``channel``,
#: ``category`` and ``grade`` are needed only when grouped by).
COMPLAINT_COLUMNS = (
    "complaint_id",
    "received",
    "first_response",
    "resolved",
    "reopened",
)

#: The columns of the table :func:`complaint_metrics` returns, in order.
METRIC_COLUMNS = (
    "complaints",
    "first_response_median_h",
    "first_response_p90_h",
    "resolution_median_h",
    "resolution_p90_h",
    "resolution_rate",
    "sla_breach_share",
    "reopen_rate",
)

_HOUR = pd.Timedelta(hours=1)


def _check_ids(ids: pd.Series) -> None:
    if ids.isna().any():
        row = ids.index[ids.isna().to_numpy()][0]
        raise ValueError(
            f"log column 'complaint_id' must not contain missing ids; got one in row {row!r}"
        )
    duplicated = ids[ids.duplicated()]
    if len(duplicated):
        raise ValueError(
            "log column 'complaint_id' must hold unique ids; "
            f"got {duplicated.iloc[0]!r} twice"
        )


def _check_order(log: pd.DataFrame, column: str) -> None:
    early = (log[column] < log["received"]).to_numpy()
    if early.any():
        row = log.index[early][0]
        raise ValueError(
            f"log column {column!r} must not be before 'received'; got "
            f"{log.at[row, column]} before {log.at[row, 'received']} in row {row!r}"
        )


def _by_columns(by: object, log: pd.DataFrame) -> list[str]:
    if by is None:
        return []
    columns = [by] if isinstance(by, str) else by
    if not isinstance(columns, (list, tuple)) or not all(
        isinstance(c, str) for c in columns
    ):
        raise TypeError(f"by must be a column name or a list of names; got {by!r}")
    unknown = [c for c in columns if c not in log.columns]
    if unknown or not columns:
        raise ValueError(
            f"by must name columns of the log {list(log.columns)}; got {by!r}"
        )
    for c in columns:
        missing = log[c].isna().to_numpy()
        if missing.any():
            raise ValueError(
                f"by column {c!r} must not contain missing values; "
                f"got one in row {log.index[missing][0]!r}"
            )
    return list(columns)


def _check_log(log: object, by: object) -> tuple[pd.DataFrame, list[str]]:
    frame = check_frame("log", log, COMPLAINT_COLUMNS)
    _check_ids(frame["complaint_id"])
    for column in ("received", "first_response", "resolved"):
        frame[column] = check_dates(
            f"log column {column!r}",
            frame[column],
            keep_time=True,
            allow_missing=column != "received",
        )
        _check_order(frame, column)
    if not pd.api.types.is_bool_dtype(frame["reopened"]):
        raise TypeError(
            f"log column 'reopened' must hold True/False (bool dtype); "
            f"got dtype {frame['reopened'].dtype}"
        )
    return frame, _by_columns(by, frame)


def _check_sla(sla: object) -> float:
    hours = as_number("sla", sla, allow_negative=True)
    if hours <= 0:
        raise ValueError(f"sla must be a positive number of hours; got {sla!r}")
    return hours


def _check_as_of(as_of: object, log: pd.DataFrame) -> pd.Timestamp:
    latest = max(log[c].max() for c in ("received", "first_response", "resolved"))
    if as_of is None:
        return latest
    moment = check_date("as_of", as_of, keep_time=True)
    if moment < latest:
        raise ValueError(
            f"as_of must not be before the latest time in the log ({latest}); "
            f"got {as_of!r}"
        )
    return moment


def _percentile(hours: pd.Series, q: float) -> float:
    values = hours.dropna().to_numpy(dtype=float)
    return float(np.percentile(values, q)) if values.size else np.nan


def _row(group: pd.DataFrame, sla: float, as_of: pd.Timestamp) -> dict:
    response = (group["first_response"] - group["received"]) / _HOUR
    resolution = (group["resolved"] - group["received"]) / _HOUR
    age = (as_of - group["received"]) / _HOUR
    is_open = group["resolved"].isna()
    breach = np.where(is_open, age > sla, resolution > sla)
    n = len(group)
    return {
        "complaints": n,
        "first_response_median_h": _percentile(response, 50),
        "first_response_p90_h": _percentile(response, 90),
        "resolution_median_h": _percentile(resolution, 50),
        "resolution_p90_h": _percentile(resolution, 90),
        "resolution_rate": float((~is_open).sum() / n),
        "sla_breach_share": float(breach.sum() / n),
        "reopen_rate": float(group["reopened"].sum() / n),
    }


def complaint_metrics(
    log: pd.DataFrame,
    *,
    by: str | list[str] | None = None,
    sla: float = 48,
    as_of: object = None,
) -> pd.DataFrame:
    """Response, resolution and service-level metrics of a complaint log (投诉处理指标).

    For each group of complaints: how many there are, the median and 90th
    percentile of the first-response and resolution times in hours, the share
    resolved, the share that breached the service-level target ``sla`` and
    the share reopened. See the module docstring for the exact conventions.

    Parameters
    ----------
    log : pandas.DataFrame
        The complaint log, with at least the columns ``complaint_id``,
        ``received``, ``first_response``, ``resolved`` and ``reopened``.
        ``first_response`` and ``resolved`` may be ``NaT`` (not yet answered,
        still open) but never before ``received``.
    by : str or list of str, default=None
        Column(s) to group by (``"channel"``, ``["grade", "channel"]``);
        ``None`` gives one row labelled ``"all"``.
    sla : float, default=48
        The service-level target: the longest acceptable resolution time,
        in hours (positive).
    as_of : date-time, default=None
        The moment the log is read, used to age open complaints; not before
        the latest time in the log, which is the default.

    Returns
    -------
    metrics : pandas.DataFrame
        One row per group (sorted by the group labels, index named after
        ``by``), or one row ``"all"``; the columns are exactly
        :data:`METRIC_COLUMNS`: ``complaints`` (int), ``first_response_median_h``,
        ``first_response_p90_h``, ``resolution_median_h``, ``resolution_p90_h``
        (hours; ``NaN`` when no complaint of the group has the time),
        ``resolution_rate``, ``sla_breach_share`` and ``reopen_rate``
        (fractions of the group's complaints, in [0, 1]).

    See Also
    --------
    crmlab.datasets.make_complaint_log : a generated log to try it on.

    Notes
    -----
    Open complaints are left out of the resolution times (they have none
    yet), so those times flatter a team with many open complaints; the
    breach share counts them once they are older than ``sla``. Taught in
    :doc:`chapter 8, Communication, care and complaints
    </chapters/ch08_communication_complaints/communication_complaints>`.

    References
    ----------
    The course's lesson plans (《客户关系管理》教案): the complaint-handling
    steps. The metrics and their conventions are this book's.

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "complaint_id": [1, 2, 3, 4],
    ...     "received": pd.to_datetime(["2025-03-01 09:00"] * 4),
    ...     "first_response": pd.to_datetime(["2025-03-01 10:00", "2025-03-01 11:00",
    ...                                       "2025-03-01 13:00", pd.NaT]),
    ...     "resolved": pd.to_datetime(["2025-03-02 09:00", "2025-03-04 09:00",
    ...                                 pd.NaT, pd.NaT]),
    ...     "reopened": [False, True, False, False],
    ...     "channel": ["phone", "phone", "online", "online"]})
    >>> complaint_metrics(log, sla=48).T
                               all
    complaints                4.00
    first_response_median_h   2.00
    first_response_p90_h      3.60
    resolution_median_h      48.00
    resolution_p90_h         67.20
    resolution_rate           0.50
    sla_breach_share          0.75
    reopen_rate               0.25

    The log is read at its latest time, 72 hours after receipt, so both open
    complaints breach the 48-hour target:

    >>> complaint_metrics(log, by="channel", sla=48)[["complaints", "sla_breach_share"]]
             complaints  sla_breach_share
    channel
    online            2               1.0
    phone             2               0.5
    """
    frame, columns = _check_log(log, by)
    hours = _check_sla(sla)
    moment = _check_as_of(as_of, frame)
    if not columns:
        rows = {"all": _row(frame, hours, moment)}
        table = pd.DataFrame.from_dict(rows, orient="index")
    else:
        groups = frame.groupby(columns if len(columns) > 1 else columns[0], sort=True)
        table = pd.DataFrame({key: _row(g, hours, moment) for key, g in groups}).T
        table.index.names = columns
    table = table[list(METRIC_COLUMNS)].astype(float)
    table["complaints"] = table["complaints"].astype(int)
    return table


def channel_choice(
    criteria: pd.DataFrame,
    weights: object,
    *,
    higher_is_better: object = None,
    bounds: object = None,
) -> pd.DataFrame:
    """Rank communication channels by the book's weighted score (沟通渠道选择).

    A thin wrapper of :func:`crmlab.scoring.weighted_score` (the book's one
    scoring function) on a channels × criteria table: it returns the scores
    (0-100) and ranks with the criteria beside them, best channel first.

    Parameters
    ----------
    criteria : pandas.DataFrame
        Channels (unique index) × criteria such as feedback speed, cost,
        information volume, effectiveness.
    weights : mapping or pandas.Series of str to float
        One non-negative weight per criterion (normalised to sum to 1).
    higher_is_better : mapping of str to bool, default=None
        ``False`` for criteria where lower is better (cost).
    bounds : mapping of str to (float, float), default=None
        Fixed scale ends, e.g. ``(1, 5)`` for a five-point rating.

    Returns
    -------
    ranking : pandas.DataFrame
        The criteria with ``score`` and ``rank`` columns added, sorted by
        rank (ties keep the row order, as in ``weighted_score``).

    See Also
    --------
    crmlab.scoring.weighted_score

    Notes
    -----
    Taught in :doc:`chapter 8
    </chapters/ch08_communication_complaints/communication_complaints>`.

    Examples
    --------
    >>> table = pd.DataFrame({"speed": [5, 3, 1], "cost": [4, 2, 1]},
    ...                      index=["phone", "online", "letter"])
    >>> channel_choice(table, {"speed": 2, "cost": 1},
    ...                higher_is_better={"cost": False}, bounds={"speed": (1, 5),
    ...                "cost": (1, 5)})[["score", "rank"]].round(2)
            score  rank
    phone   75.00     1
    online  58.33     2
    letter  33.33     3
    """
    scores = weighted_score(
        criteria, weights, higher_is_better=higher_is_better, bounds=bounds
    )
    ranking = criteria.join(scores)
    return ranking.sort_values("rank", kind="stable")
