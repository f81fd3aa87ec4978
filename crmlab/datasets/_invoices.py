"""Seeded generators of a credit file and of open invoices (chapter 12)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._validation import check_date, check_integer
from crmlab.datasets._random import seeded_rng

__all__ = ["make_credit_file", "make_invoices"]

#: Credit terms (days from invoice to due date) the generator draws from.
_TERMS = np.array([30, 45, 60])


def make_invoices(
    n_customers: int = 40,
    *,
    as_of: str = "2026-06-30",
    seed: int = 2026,
) -> pd.DataFrame:
    """Generate the open invoices of a wholesaler on one day (应收账款明细).

    Each customer has one to eight open (unpaid) invoices. A customer has
    credit terms of 30, 45 or 60 days and a habit of paying late: most
    customers are close to their terms, a few are far behind, so the ageing
    schedule has a long tail. Amounts are log-normal around a personal mean,
    in whole yuan. The data are the book's own invention; the same arguments
    always give the same frame.

    Parameters
    ----------
    n_customers : int, default=40
        Number of customers, with ids ``K001``, ``K002``, ... (at least 1).
    as_of : str or Timestamp, default="2026-06-30"
        The day the invoices are open on; every invoice is issued on or
        before it.
    seed : int, default=2026
        Random seed of the generator; the same value gives the same data.

    Returns
    -------
    invoices : pandas.DataFrame
        Columns ``invoice_id`` (``INV0001``, ... unique), ``customer_id``,
        ``invoice_date``, ``due_date`` (datetime64), ``amount`` (float,
        > 0), sorted by invoice date.

    See Also
    --------
    crmlab.credit.receivables_ageing

    Examples
    --------
    >>> invoices = make_invoices(5, seed=1)
    >>> list(invoices.columns)
    ['invoice_id', 'customer_id', 'invoice_date', 'due_date', 'amount']
    >>> bool((invoices["invoice_date"] <= pd.Timestamp("2026-06-30")).all())
    True
    """
    n = check_integer("n_customers", n_customers, low=1)
    day = check_date("as_of", as_of)
    rng = seeded_rng(seed)
    counts = rng.integers(1, 9, size=n)
    terms = rng.choice(_TERMS, size=n)
    # Mean days an invoice stays open beyond its terms: mostly short, a few long.
    lateness = rng.gamma(shape=0.8, scale=25.0, size=n)
    mean_amount = rng.lognormal(mean=np.log(8000), sigma=0.6, size=n)
    rows = []
    for k in range(n):
        age = rng.exponential(terms[k] * 0.6 + lateness[k], size=counts[k])
        age = np.minimum(np.round(age), 365).astype(int)
        amounts = np.round(rng.lognormal(np.log(mean_amount[k]), 0.4, counts[k]))
        for days, amount in zip(age, amounts, strict=True):
            issued = day - pd.Timedelta(days=int(days))
            rows.append(
                (
                    f"K{k + 1:03d}",
                    issued,
                    issued + pd.Timedelta(days=int(terms[k])),
                    max(float(amount), 1.0),
                )
            )
    frame = pd.DataFrame(
        rows, columns=["customer_id", "invoice_date", "due_date", "amount"]
    )
    frame = frame.sort_values(["invoice_date", "customer_id"], kind="stable")
    frame.insert(0, "invoice_id", [f"INV{i + 1:04d}" for i in range(len(frame))])
    return frame.reset_index(drop=True)


#: The applicants of the chapter's credit file, the book's own names.
_NAMES = (
    "Huaxin Trading",
    "Dongfang Foods",
    "Beichen Hardware",
    "Nanhai Textiles",
    "Xilin Electronics",
    "Jinqiao Logistics",
    "Hengtai Paper",
    "Ruifeng Chemicals",
    "Changhong Furniture",
    "Yuelai Pharmacy",
    "Taishan Tools",
    "Lanting Tea",
)


def make_credit_file(n_applicants: int = 8, *, seed: int = 2026) -> pd.DataFrame:
    """Generate a credit file of applicants scored on the five Cs (客户信用档案).

    The numbers a credit analyst would extract from financial statements and
    non-financial checks: ``character`` (payment record, a 1-5 rating),
    ``capacity`` (current ratio 流动比率, 0-3), ``capital`` (debt ratio
    资产负债率, 0-1, lower is safer), ``collateral`` (collateral value over
    the credit asked for, 0-1) and ``conditions`` (industry outlook, a 1-5
    rating), plus ``monthly_purchases`` (expected credit purchases per 30
    days, yuan). They lie within :data:`crmlab.credit.FIVE_C_BOUNDS`. The
    applicants and numbers are the book's own invention.

    Parameters
    ----------
    n_applicants : int, default=8
        Number of applicants, 1 to 12; the first ``n`` of the book's names.
    seed : int, default=2026
        Random seed of the generator.

    Returns
    -------
    credit_file : pandas.DataFrame
        Indexed by ``applicant`` (the company's name).

    See Also
    --------
    crmlab.credit.credit_score

    Examples
    --------
    >>> file = make_credit_file(3, seed=1)
    >>> list(file.columns)
    ['character', 'capacity', 'capital', 'collateral', 'conditions', 'monthly_purchases']
    >>> list(file.index)
    ['Huaxin Trading', 'Dongfang Foods', 'Beichen Hardware']
    """
    n = check_integer("n_applicants", n_applicants, low=1, high=len(_NAMES))
    rng = seeded_rng(seed)
    # One hidden "quality" per applicant moves all five Cs together.
    quality = rng.uniform(0.15, 1.0, size=n)
    noise = rng.normal(0, 0.15, size=(n, 5))
    q = np.clip(quality[:, None] + noise, 0, 1)
    frame = pd.DataFrame(
        {
            "character": np.round(1 + 4 * q[:, 0]).astype(int),
            "capacity": np.round(0.4 + 2.4 * q[:, 1], 2),
            "capital": np.round(0.85 - 0.6 * q[:, 2], 2),
            "collateral": np.round(q[:, 3], 2),
            "conditions": np.round(1 + 4 * q[:, 4]).astype(int),
            "monthly_purchases": np.round(rng.lognormal(np.log(20000), 0.5, n), -2),
        },
        index=pd.Index(list(_NAMES[:n]), name="applicant"),
    )
    return frame
