"""Customer credit: scores, grades, limits and receivables (客户信用管理).

Naming contract and conventions
-------------------------------
- A *credit file* (客户信用档案) is a DataFrame with one row per customer
  (unique index) and one column per risk factor, for instance the five Cs
  (character, capacity, capital, collateral, conditions). A *credit score*
  (信用评分) is the weighted score of these factors computed by
  :func:`crmlab.scoring.weighted_score`, on a 0-100 scale by default: the
  factors are rescaled to [0, 1] (1 = least risk), weighted and summed.
- A *grade band* table maps a grade label to the lowest score of that grade
  (``CREDIT_BANDS``). It is listed from the best grade to the worst, with
  strictly falling minimums, and its last minimum is 0, so that every score
  in [0, 100] gets exactly one grade: the first grade whose minimum the
  score reaches. A score exactly on a minimum gets that grade.
- Money is in one currency unit (the book uses yuan); periods are whole days.
- *Days past due* (逾期天数) of an invoice is ``(as_of - due_date).days``,
  both dates floored to whole days. Negative means not yet due; 0 means due
  today. An *ageing bucket* (账龄段) is an inclusive range of days past due:
  the book's ``AGEING_BUCKETS`` are ``not yet due`` (< 0), ``0-30``,
  ``31-60``, ``61-90`` and ``over 90`` (>= 91). So day 30 lands in ``0-30``,
  day 31 in ``31-60``, day 60 in ``31-60``, day 61 in ``61-90``, day 90 in
  ``61-90`` and day 91 in ``over 90``.
- A *provision rate* (坏账计提比例) is the share of a bucket's amount not
  expected to be collected, in [0, 1]; the bad-debt provision (坏账准备) is
  the sum over buckets of amount × rate.
- Days sales outstanding (应收账款周转天数, DSO) is receivables / credit
  sales × days, where ``days`` is the length of the period of the sales.

References
----------
The course's lesson plans (评估与控制客户信用) describe the credit file, the
financial and non-financial analysis, the weighted score of risk factors
(a higher score means a safer customer), credit grades, the credit policy
and the collection of receivables; they give no numbers. The five Cs, the
ageing schedule and DSO are those of corporate-finance textbooks (Ross,
Westerfield and Jaffe, *Corporate Finance*). The grade bands, limit rule,
provision rates and the sales response to the credit period in this module
are this book's own, chosen for teaching.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._validation import (
    as_number,
    as_series,
    check_date,
    check_dates,
    check_frame,
    check_rate,
    check_same_keys,
)
from crmlab.scoring import weighted_score

__all__ = [
    "AGEING_BUCKETS",
    "CREDIT_BANDS",
    "FIVE_C_BOUNDS",
    "FIVE_C_HIGHER_IS_BETTER",
    "FIVE_C_WEIGHTS",
    "LIMIT_MULTIPLIERS",
    "PROVISION_RATES",
    "bad_debt_provision",
    "credit_grade",
    "credit_limit",
    "credit_period_analysis",
    "credit_period_scenarios",
    "credit_score",
    "days_past_due",
    "dso",
    "receivables_ageing",
]

#: The book's own grade bands, grade -> lowest score (0-100) of that grade,
#: best grade first (AAA from 85, AA from 70, A from 55, B from 40, C below).
CREDIT_BANDS = MappingProxyType(
    {"AAA": 85.0, "AA": 70.0, "A": 55.0, "B": 40.0, "C": 0.0}
)

#: The book's own weights of the five Cs (they sum to 1).
FIVE_C_WEIGHTS = MappingProxyType(
    {
        "character": 0.30,
        "capacity": 0.25,
        "capital": 0.20,
        "collateral": 0.15,
        "conditions": 0.10,
    }
)

#: The scale ends of the five-C factors of :func:`crmlab.datasets.make_credit_file`:
#: character and conditions are 1-5 ratings, capacity the current ratio
#: (流动比率, 0-3), capital the debt ratio (资产负债率, 0-1), collateral the
#: collateral cover (抵押覆盖率, 0-1).
FIVE_C_BOUNDS = MappingProxyType(
    {
        "character": (1.0, 5.0),
        "capacity": (0.0, 3.0),
        "capital": (0.0, 1.0),
        "collateral": (0.0, 1.0),
        "conditions": (1.0, 5.0),
    }
)

#: A lower debt ratio is better; every other five-C factor is higher-is-better.
FIVE_C_HIGHER_IS_BETTER = MappingProxyType({"capital": False})

#: The book's own limit multipliers, grade -> months of purchases granted.
LIMIT_MULTIPLIERS = MappingProxyType(
    {"AAA": 1.5, "AA": 1.2, "A": 1.0, "B": 0.5, "C": 0.0}
)

_INF = float("inf")

#: The book's ageing buckets, label -> inclusive (low, high) days past due.
AGEING_BUCKETS = MappingProxyType(
    {
        "not yet due": (-_INF, -1.0),
        "0-30": (0.0, 30.0),
        "31-60": (31.0, 60.0),
        "61-90": (61.0, 90.0),
        "over 90": (91.0, _INF),
    }
)

#: The book's own provision rates by ageing bucket (share not expected back).
PROVISION_RATES = MappingProxyType(
    {"not yet due": 0.01, "0-30": 0.02, "31-60": 0.10, "61-90": 0.30, "over 90": 0.50}
)


def _mapping(name: str, value: object) -> dict:
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping; got {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must not be empty; got {dict(value)!r}")
    for key in value:
        if not isinstance(key, str):
            raise TypeError(f"{name} keys must be labels (str); got {key!r}")
    return dict(value)


def credit_score(
    factors: pd.DataFrame,
    weights: Mapping | pd.Series,
    *,
    higher_is_better: Mapping | None = None,
    bounds: Mapping | None = None,
    scale: float = 100,
) -> pd.Series:
    """Credit score of each customer from weighted risk factors (信用评分).

    The lesson plans' weighted average of risk factors: each factor is
    rescaled to [0, 1] with 1 the safest value, weighted, and summed, by
    :func:`crmlab.scoring.weighted_score` (the book's one scoring function,
    whose arguments this passes on). A higher score means a safer customer.

    Parameters
    ----------
    factors : pandas.DataFrame
        Customers (unique index) × risk factors, finite numbers: the credit
        file's numbers, e.g. the five Cs.
    weights : mapping or pandas.Series of str to float
        One non-negative weight per factor (e.g. ``FIVE_C_WEIGHTS``).
    higher_is_better : mapping of str to bool, default=None
        ``False`` for factors where less is safer (the debt ratio).
    bounds : mapping of str to (float, float), default=None
        Fixed scale ends (e.g. ``FIVE_C_BOUNDS``); with bounds a customer's
        score does not depend on the other customers.
    scale : float, default=100
        The score of a customer who is safest on every factor.

    Returns
    -------
    score : pandas.Series
        Named ``score``, indexed like ``factors``, in ``[0, scale]``.

    See Also
    --------
    crmlab.scoring.weighted_score, crmlab.credit.credit_grade

    Notes
    -----
    Taught in chapter 12, Customer credit.

    Examples
    --------
    >>> file = pd.DataFrame({"character": [5, 3, 1], "capital": [0.2, 0.5, 0.9]},
    ...                     index=["Huaxin", "Dongfang", "Beichen"])
    >>> credit_score(file, {"character": 0.6, "capital": 0.4},
    ...              higher_is_better={"capital": False},
    ...              bounds={"character": (1, 5), "capital": (0, 1)})
    Huaxin      92.0
    Dongfang    50.0
    Beichen      4.0
    Name: score, dtype: float64
    """
    table = weighted_score(
        factors,
        weights,
        higher_is_better=higher_is_better,
        bounds=bounds,
        scale=scale,
    )
    return table["score"].rename("score")


def _check_bands(bands: object) -> dict:
    bands = _mapping("bands", bands)
    minimums = [as_number(f"bands[{k!r}]", v) for k, v in bands.items()]
    if any(m > 100 for m in minimums):
        raise ValueError(f"bands minimums must be in [0, 100]; got {bands!r}")
    if any(a <= b for a, b in zip(minimums, minimums[1:], strict=False)):
        raise ValueError(
            "bands must be listed best grade first with strictly falling "
            f"minimums (no two grades overlapping); got {bands!r}"
        )
    if minimums[-1] != 0:
        raise ValueError(
            f"bands must end with a grade whose minimum is 0, so every score "
            f"gets a grade; got {bands!r}"
        )
    return dict(zip(bands, minimums, strict=True))


def credit_grade(scores: object, *, bands: Mapping = CREDIT_BANDS) -> pd.Series:
    """Credit grade of each score by grade bands (信用等级).

    A score gets the first grade (best first) whose minimum it reaches, so
    a score exactly on a minimum gets that grade: with the book's bands,
    85 is AAA and 84.99 is AA.

    Parameters
    ----------
    scores : pandas.Series or mapping of customer to float
        Credit scores on the 0-100 scale, e.g. from :func:`credit_score`.
    bands : mapping of str to float, default=CREDIT_BANDS
        Grade -> lowest score of the grade, best grade first, strictly
        falling minimums in [0, 100], the last minimum 0.

    Returns
    -------
    grade : pandas.Series
        Named ``grade``, the grade label of each customer, in the order of
        ``scores``.

    Notes
    -----
    The bands are the book's own; the lesson plans say only that customers
    are graded by score. Taught in
    chapter 12, Customer credit.

    Examples
    --------
    >>> credit_grade(pd.Series({"Huaxin": 92.0, "Dongfang": 55.0, "Beichen": 4.0}))
    Huaxin      AAA
    Dongfang      A
    Beichen       C
    Name: grade, dtype: object
    """
    bands = _check_bands(bands)
    values = as_series("scores", scores)
    outside = values[(values < 0) | (values > 100)]
    if len(outside):
        raise ValueError(
            f"scores must be in [0, 100]; got {outside.iloc[0]:g} "
            f"for {outside.index[0]!r}"
        )
    labels = list(bands)
    minimums = np.array(list(bands.values()))
    # The first band (best first) whose minimum the score reaches.
    reached = values.to_numpy()[:, None] >= minimums[None, :] - 1e-9
    grade = [labels[int(np.argmax(row))] for row in reached]
    return pd.Series(grade, index=values.index.copy(), name="grade", dtype=object)


def credit_limit(
    grades: object,
    monthly_purchases: object,
    *,
    credit_period: int = 30,
    multipliers: Mapping = LIMIT_MULTIPLIERS,
) -> pd.Series:
    """Credit limit of each customer by grade (信用额度), the book's own rule.

    ``limit = multiplier[grade] × monthly_purchases × credit_period / 30``.
    A customer who buys evenly and pays at the end of the credit period owes
    about ``monthly_purchases × credit_period / 30``; the grade's multiplier
    grants more than that to the safest customers and less (0: cash only)
    to the riskiest.

    Parameters
    ----------
    grades : pandas.Series or mapping of customer to str
        Credit grade of each customer, e.g. from :func:`credit_grade`.
    monthly_purchases : pandas.Series or mapping of customer to float
        Expected credit purchases per 30 days, non-negative, same customers.
    credit_period : int, default=30
        Credit period (信用期限) in days, at least 0.
    multipliers : mapping of str to float, default=LIMIT_MULTIPLIERS
        Grade -> multiplier (non-negative); every grade in ``grades`` needs one.

    Returns
    -------
    limit : pandas.Series
        Named ``limit``, in the order of ``grades``.

    Notes
    -----
    The rule and ``LIMIT_MULTIPLIERS`` are this book's own; the lesson plans
    say only that limits follow the grade. Taught in
    chapter 12, Customer credit.

    Examples
    --------
    >>> grades = pd.Series({"Huaxin": "AAA", "Dongfang": "A", "Beichen": "C"})
    >>> credit_limit(grades, {"Huaxin": 10000, "Dongfang": 6000, "Beichen": 4000},
    ...              credit_period=60)
    Huaxin      30000.0
    Dongfang    12000.0
    Beichen         0.0
    Name: limit, dtype: float64
    """
    multipliers = _mapping("multipliers", multipliers)
    factor = {k: as_number(f"multipliers[{k!r}]", v) for k, v in multipliers.items()}
    if isinstance(grades, Mapping):
        grades = pd.Series(dict(grades), dtype=object)
    if not isinstance(grades, pd.Series):
        raise TypeError(
            f"grades must be a pandas Series or a mapping; got {type(grades).__name__}"
        )
    unknown = [g for g in grades if g not in factor]
    if unknown:
        raise ValueError(
            f"grades must be grades of multipliers {list(factor)}; got {unknown[0]!r}"
        )
    purchases = as_series("monthly_purchases", monthly_purchases)
    check_same_keys("customers", grades=grades, monthly_purchases=purchases)
    period = _days("credit_period", credit_period)
    purchases = purchases.reindex(grades.index)
    values = grades.map(factor).astype(float) * purchases * period / 30
    return values.rename("limit")


def _days(name: str, value: object) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number of days; got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be at least 0 days; got {value}")
    return int(value)


def _bound(label: str, value: object) -> float:
    if isinstance(value, float) and np.isinf(value):
        return value
    return as_number(f"buckets[{label!r}] end", value, allow_negative=True)


def _check_buckets(buckets: object) -> dict:
    buckets = _mapping("buckets", buckets)
    ranges = {}
    for label, pair in buckets.items():
        if isinstance(pair, (str, bytes)) or np.ndim(pair) != 1 or len(pair) != 2:
            raise TypeError(
                f"buckets[{label!r}] must be a pair (low, high); got {pair!r}"
            )
        low, high = (_bound(label, v) for v in pair)
        if low > high or any(np.isfinite(v) and v != int(v) for v in (low, high)):
            raise ValueError(
                f"buckets[{label!r}] must be whole days with low <= high; got {pair!r}"
            )
        ranges[label] = (float(low), float(high))
    items = list(ranges.items())
    for (label, (_, high)), (_, (low, _)) in zip(items, items[1:], strict=False):
        if low != high + 1:
            raise ValueError(
                "buckets must be sorted, contiguous and not overlapping (each low "
                f"one day after the previous high); got {buckets!r} at {label!r}"
            )
    return ranges


def days_past_due(invoices: pd.DataFrame, *, as_of: object) -> pd.Series:
    """Days past due of each invoice on a day (逾期天数).

    ``(as_of - due_date).days`` with both dates floored to whole days:
    negative when not yet due, 0 on the due date.

    Parameters
    ----------
    invoices : pandas.DataFrame
        Open invoices with the columns ``invoice_id`` (unique),
        ``customer_id``, ``amount`` (> 0) and ``due_date`` (no missing
        dates); ``invoice_date`` is optional and, if present, must not be
        after ``due_date``.
    as_of : date-like
        The day of the ageing (a date string, datetime or Timestamp).

    Returns
    -------
    days : pandas.Series
        Named ``days_past_due`` (int), indexed by ``invoice_id``.

    Examples
    --------
    >>> invoices = pd.DataFrame({"invoice_id": ["i1", "i2"], "customer_id": ["a", "b"],
    ...                          "amount": [100.0, 50.0],
    ...                          "due_date": ["2026-06-20", "2026-07-10"]})
    >>> days_past_due(invoices, as_of="2026-06-30").tolist()
    [10, -10]
    """
    frame = _check_invoices(invoices)
    day = check_date("as_of", as_of)
    days = (day - frame["due_date"]).dt.days.astype(int)
    return pd.Series(
        days.to_numpy(), index=pd.Index(frame["invoice_id"]), name="days_past_due"
    )


def _check_invoices(invoices: object) -> pd.DataFrame:
    columns = ["invoice_id", "customer_id", "amount", "due_date"]
    frame = check_frame("invoices", invoices, columns)
    ids = frame["invoice_id"]
    if ids.isna().any() or ids.duplicated().any():
        bad = ids[ids.isna() | ids.duplicated()].iloc[0]
        raise ValueError(
            f"invoices column 'invoice_id' must be unique; got {bad!r} twice"
        )
    amount = frame["amount"]
    if pd.api.types.is_bool_dtype(amount) or not pd.api.types.is_numeric_dtype(amount):
        raise TypeError(
            f"invoices column 'amount' must hold numbers; got dtype {amount.dtype}"
        )
    values = amount.to_numpy(dtype=float, na_value=np.nan)
    bad = ~(np.isfinite(values) & (values > 0))
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise ValueError(
            "invoices column 'amount' must hold finite amounts > 0; got "
            f"{values[position]} for invoice {ids.iloc[position]!r}"
        )
    frame["amount"] = values
    frame["due_date"] = check_dates("invoices column 'due_date'", frame["due_date"])
    if "invoice_date" in frame.columns:
        issued = check_dates("invoices column 'invoice_date'", frame["invoice_date"])
        late = (issued > frame["due_date"]).to_numpy()
        if late.any():
            raise ValueError(
                "invoices must not be due before they are issued; got invoice "
                f"{ids.iloc[int(np.flatnonzero(late)[0])]!r}"
            )
    return frame


def receivables_ageing(
    invoices: pd.DataFrame,
    *,
    as_of: object,
    buckets: Mapping = AGEING_BUCKETS,
) -> pd.DataFrame:
    """Ageing schedule of accounts receivable (应收账款账龄分析表).

    Each open invoice is put in the bucket of its days past due,
    ``(as_of - due_date).days``: with the book's buckets, an invoice not yet
    due is ``not yet due``, one due today or up to 30 days late ``0-30``,
    31-60 days ``31-60``, 61-90 ``61-90``, 91 and more ``over 90``.

    Parameters
    ----------
    invoices : pandas.DataFrame
        Open invoices: ``invoice_id`` (unique), ``customer_id``, ``amount``
        (> 0), ``due_date`` (required); ``invoice_date`` optional.
    as_of : date-like
        The day of the ageing.
    buckets : mapping of str to (float, float), default=AGEING_BUCKETS
        Label -> inclusive (low, high) days past due in whole days, sorted
        and contiguous (each low one day after the previous high); the first
        low may be ``-inf`` and the last high ``inf``. An invoice outside
        every bucket is an error.

    Returns
    -------
    ageing : pandas.DataFrame
        Indexed by bucket label (named ``bucket``) in the order of
        ``buckets``, every bucket present, with the columns ``count`` (int),
        ``amount`` and ``share`` (of the total amount; they sum to 1).

    Notes
    -----
    Taught in chapter 12, Customer credit.

    Examples
    --------
    >>> invoices = pd.DataFrame({
    ...     "invoice_id": ["i1", "i2", "i3", "i4"], "customer_id": ["a", "a", "b", "c"],
    ...     "amount": [100.0, 300.0, 400.0, 200.0],
    ...     "due_date": ["2026-07-10", "2026-06-20", "2026-05-01", "2026-03-01"]})
    >>> receivables_ageing(invoices, as_of="2026-06-30")
                 count  amount  share
    bucket
    not yet due      1   100.0    0.1
    0-30             1   300.0    0.3
    31-60            1   400.0    0.4
    61-90            0     0.0    0.0
    over 90          1   200.0    0.2
    """
    ranges = _check_buckets(buckets)
    days = days_past_due(invoices, as_of=as_of).to_numpy()
    amounts = _check_invoices(invoices)["amount"].to_numpy()
    label = np.full(days.size, None, dtype=object)
    for name, (low, high) in ranges.items():
        label[(days >= low) & (days <= high)] = name
    missing = np.flatnonzero(label == None)  # noqa: E711 (object array)
    if missing.size:
        raise ValueError(
            f"buckets must cover every invoice's days past due; got "
            f"{int(days[missing[0]])} days, outside {list(ranges)}"
        )
    index = pd.Index(list(ranges), name="bucket")
    count = pd.Series(label).value_counts().reindex(index, fill_value=0)
    amount = pd.Series(amounts).groupby(label).sum().reindex(index, fill_value=0.0)
    total = amounts.sum()
    return pd.DataFrame(
        {
            "count": count.to_numpy().astype(int),
            "amount": amount.to_numpy(dtype=float),
            "share": amount.to_numpy(dtype=float) / total,
        },
        index=index,
    )


def bad_debt_provision(ageing: object, rates: Mapping) -> float:
    """Bad-debt provision from an ageing schedule (坏账准备, 账龄分析法).

    ``provision = Σ amount[bucket] × rate[bucket]``: older buckets get
    higher rates, since the longer an invoice is late the less likely it is
    paid.

    Parameters
    ----------
    ageing : pandas.DataFrame, pandas.Series or mapping
        An ageing schedule indexed by bucket with an ``amount`` column, as
        :func:`receivables_ageing` returns; or the amounts alone, as a Series
        or mapping bucket -> amount (non-negative).
    rates : mapping of str to float
        Bucket -> provision rate in [0, 1], exactly the buckets of
        ``ageing`` (e.g. ``PROVISION_RATES``, the book's own rates).

    Returns
    -------
    provision : float
        The amount not expected to be collected.

    Examples
    --------
    >>> ageing = pd.DataFrame({"amount": [100.0, 300.0, 400.0, 0.0, 200.0]},
    ...                       index=list(PROVISION_RATES))
    >>> round(bad_debt_provision(ageing, PROVISION_RATES), 2)
    147.0
    >>> bad_debt_provision({"current": 1000.0, "late": 400.0}, {"current": 0.02, "late": 0.5})
    220.0
    """
    if isinstance(ageing, pd.DataFrame):
        frame = check_frame("ageing", ageing, ["amount"])
        amounts = as_series("ageing column 'amount'", frame["amount"])
    else:
        amounts = as_series("ageing", ageing)
    rates = _mapping("rates", rates)
    check_same_keys("buckets", ageing=amounts, rates=rates)
    checked = {k: check_rate(f"rates[{k!r}]", v) for k, v in rates.items()}
    return float(sum(amounts[k] * checked[k] for k in amounts.index))


def dso(receivables: float, credit_sales: float, days: float) -> float:
    """Days sales outstanding (应收账款周转天数, DSO).

    ``DSO = receivables / credit_sales × days``: how many days of credit
    sales are still unpaid. A DSO well above the credit period means
    customers pay late.

    Parameters
    ----------
    receivables : float
        Accounts receivable at the end of the period, non-negative.
    credit_sales : float
        Credit sales of the period, positive.
    days : float
        Days in the period (e.g. 30, 90 or 360), positive.

    Returns
    -------
    dso : float
        In days.

    Examples
    --------
    >>> dso(150_000, 900_000, 90)
    15.0
    """
    receivables = as_number("receivables", receivables)
    credit_sales = as_number("credit_sales", credit_sales)
    days = as_number("days", days)
    if credit_sales <= 0:
        raise ValueError(f"credit_sales must be positive; got {credit_sales:g}")
    if days <= 0:
        raise ValueError(f"days must be positive; got {days:g}")
    return receivables / credit_sales * days


def credit_period_scenarios(
    periods: object,
    *,
    base_sales: float = 1000.0,
    max_lift: float = 0.5,
    half_life: float = 30.0,
    base_bad_debt: float = 0.01,
    bad_debt_per_30_days: float = 0.01,
) -> pd.DataFrame:
    """Forecast sales and bad-debt rate for candidate credit periods (the book's own).

    The book's sales response to a longer credit period (信用期限): sales
    rise from ``base_sales`` (cash sales, period 0) towards
    ``base_sales × (1 + max_lift)``, half-way after ``half_life`` days,
    ``sales = base × (1 + max_lift × (1 - 2 ** (-period / half_life)))``; the
    bad-debt rate rises in a straight line, ``base_bad_debt +
    bad_debt_per_30_days × period / 30`` (capped at 1).

    Parameters
    ----------
    periods : sequence of int
        Candidate credit periods in days, unique, each at least 0.
    base_sales : float, default=1000.0
        Yearly sales with no credit, positive.
    max_lift : float, default=0.5
        The most extra sales any credit period can bring, as a share.
    half_life : float, default=30.0
        Days of credit that bring half of ``max_lift``, positive.
    base_bad_debt, bad_debt_per_30_days : float, default=0.01
        The bad-debt rate at period 0 and its rise per 30 days, in [0, 1].

    Returns
    -------
    candidates : pandas.DataFrame
        Indexed by ``period``, columns ``sales`` and ``bad_debt_rate``: the
        input of :func:`credit_period_analysis`.

    Examples
    --------
    >>> credit_period_scenarios([0, 30, 60])
                 sales  bad_debt_rate
    period
    0       1000.0           0.01
    30      1250.0           0.02
    60      1375.0           0.03
    """
    if isinstance(periods, (str, bytes, Mapping)) or np.ndim(periods) != 1:
        raise TypeError(f"periods must be a sequence of days; got {periods!r}")
    days = [_days("periods", p) for p in periods]
    if not days or len(set(days)) != len(days):
        raise ValueError(f"periods must be non-empty and unique; got {list(periods)!r}")
    base = as_number("base_sales", base_sales)
    lift = as_number("max_lift", max_lift)
    half = as_number("half_life", half_life)
    if base <= 0 or half <= 0:
        raise ValueError(
            f"base_sales and half_life must be positive; got {base:g} and {half:g}"
        )
    start = check_rate("base_bad_debt", base_bad_debt)
    slope = check_rate("bad_debt_per_30_days", bad_debt_per_30_days)
    t = np.array(days, dtype=float)
    sales = base * (1 + lift * (1 - 2.0 ** (-t / half)))
    rate = np.minimum(start + slope * t / 30, 1.0)
    index = pd.Index(days, name="period")
    return pd.DataFrame({"sales": sales, "bad_debt_rate": rate}, index=index)


def credit_period_analysis(
    candidates: pd.DataFrame,
    *,
    variable_cost_ratio: float,
    cost_of_capital: float,
    days: float = 360,
) -> pd.DataFrame:
    """Compare credit periods by their net benefit (计量分析法).

    For each candidate period ``t`` with yearly credit sales ``S`` and
    bad-debt rate ``b``: contribution ``S × (1 - v)``; receivables
    ``S × t / days`` (customers are assumed to pay at the end of the
    period, so the average collection period is ``t``); carrying cost
    (应收账款机会成本) ``receivables × v × cost_of_capital`` (the money tied
    up is the variable cost of the goods); bad debt ``S × b``; collection
    cost (收账费用) if given; net benefit = contribution − carrying cost −
    bad debt − collection cost. The best period has the highest net benefit.

    Parameters
    ----------
    candidates : pandas.DataFrame
        Indexed by credit period in whole days (unique, >= 0), with the
        columns ``sales`` (positive) and ``bad_debt_rate`` (in [0, 1]), and
        optionally ``collection_cost`` (non-negative).
    variable_cost_ratio : float
        Variable cost per yuan of sales (变动成本率), in [0, 1].
    cost_of_capital : float
        Yearly cost of the money tied up (资本成本), in [0, 1].
    days : float, default=360
        Days in the year of ``sales``, positive.

    Returns
    -------
    analysis : pandas.DataFrame
        Indexed by ``period``, columns ``sales``, ``contribution``,
        ``receivables``, ``carrying_cost``, ``bad_debt``,
        ``collection_cost`` and ``net_benefit``.

    References
    ----------
    The method is the standard credit-period decision of corporate-finance
    textbooks (Ross, Westerfield and Jaffe, *Corporate Finance*); the lesson
    plans name it 计量分析法 without numbers.

    Examples
    --------
    >>> table = credit_period_analysis(credit_period_scenarios([0, 30, 60]),
    ...                                variable_cost_ratio=0.6, cost_of_capital=0.12)
    >>> table[["receivables", "carrying_cost", "bad_debt", "net_benefit"]].round(2)
            receivables  carrying_cost  bad_debt  net_benefit
    period
    0              0.00            0.0     10.00       390.00
    30           104.17            7.5     25.00       467.50
    60           229.17           16.5     41.25       492.25
    """
    frame = check_frame("candidates", candidates, ["sales", "bad_debt_rate"])
    periods = [_days("candidates index (period)", p) for p in frame.index]
    if len(set(periods)) != len(periods):
        raise ValueError(f"candidates index must be unique periods; got {periods!r}")
    sales = as_series("candidates column 'sales'", frame["sales"])
    if (sales <= 0).any():
        raise ValueError(
            f"candidates column 'sales' must be positive; got {list(sales)}"
        )
    rate = as_series("candidates column 'bad_debt_rate'", frame["bad_debt_rate"])
    for period, value in rate.items():
        check_rate(f"candidates bad_debt_rate at period {period}", value)
    collection = (
        as_series("candidates column 'collection_cost'", frame["collection_cost"])
        if "collection_cost" in frame.columns
        else pd.Series(0.0, index=frame.index)
    )
    v = check_rate("variable_cost_ratio", variable_cost_ratio)
    k = check_rate("cost_of_capital", cost_of_capital)
    year = as_number("days", days)
    if year <= 0:
        raise ValueError(f"days must be positive; got {year:g}")
    s = sales.to_numpy()
    receivables = s * np.array(periods, dtype=float) / year
    out = pd.DataFrame(
        {
            "sales": s,
            "contribution": s * (1 - v),
            "receivables": receivables,
            "carrying_cost": receivables * v * k,
            "bad_debt": s * rate.to_numpy(),
            "collection_cost": collection.to_numpy(),
        },
        index=pd.Index(periods, name="period"),
    )
    costs = out[["carrying_cost", "bad_debt", "collection_cost"]].sum(axis=1)
    out["net_benefit"] = out["contribution"] - costs
    return out
