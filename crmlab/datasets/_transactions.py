"""A seeded generator of realistic retail transactions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._validation import check_integer
from crmlab.datasets._random import seeded_rng

__all__ = ["make_transactions"]


def make_transactions(
    n_customers: int = 1_000,
    *,
    n_transactions: int | None = None,
    start: str = "2024-01-01",
    end: str = "2025-12-31",
    seed: int = 2024,
) -> pd.DataFrame:
    """Generate a customer transaction log (交易记录) for the book's examples.

    Customers differ the way real ones do: each joins on a random day, buys at
    a personal rate (gamma-distributed, so a few buy very often), may stop
    buying after an exponentially distributed lifetime, and spends amounts
    drawn around a personal mean (log-normal). Every customer buys at least
    once. The same arguments always give the same frame.

    Parameters
    ----------
    n_customers : int, default=1_000
        Number of customers, with ids ``C000001``, ``C000002``, ...
    n_transactions : int, default=None
        Total number of transactions; at least ``n_customers``. ``None``
        means eight per customer on average.
    start, end : str, default="2024-01-01", "2025-12-31"
        First and last possible purchase day (inclusive).
    seed : int, default=2024
        Random seed of the generator; the same value gives the same data.

    Returns
    -------
    log : pandas.DataFrame
        Columns ``customer_id`` (str), ``date`` (datetime64, day precision)
        and ``amount`` (float, yuan, two decimals), sorted by date then
        customer.

    See Also
    --------
    crmlab.classify.rfm_table
    crmlab.loyalty.cohort_retention
    crmlab.loyalty.churn_risk

    Notes
    -----
    Taught in :doc:`chapter 7, Grading customers
    </chapters/ch07_grading_customers/grading_customers>`, :doc:`chapter 10,
    Customer loyalty </chapters/ch10_customer_loyalty/customer_loyalty>` and
    :doc:`chapter 11, Churn and win-back
    </chapters/ch11_churn_winback/churn_winback>`.

    Examples
    --------
    >>> log = make_transactions(50, seed=1)
    >>> list(log.columns), len(log), log.customer_id.nunique()
    (['customer_id', 'date', 'amount'], 400, 50)
    >>> make_transactions(50, seed=1).equals(log)
    True
    """
    n_customers = check_integer("n_customers", n_customers, low=1)
    if n_transactions is None:
        n_transactions = 8 * n_customers
    n_transactions = check_integer("n_transactions", n_transactions, low=n_customers)
    rng = seeded_rng(seed)
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    span = (last - first).days + 1
    if span < 1:
        raise ValueError(f"end must not be before start; got {start} to {end}")

    join = rng.integers(0, max(1, span * 3 // 4), n_customers)
    lifetime = rng.exponential(span * 0.8, n_customers)
    active = np.clip(np.minimum(join + lifetime, span) - join, 1, None)
    rate = rng.gamma(shape=1.2, scale=1.0, size=n_customers)
    weight = rate * active
    extra = rng.multinomial(n_transactions - n_customers, weight / weight.sum())
    counts = 1 + extra

    owner = np.repeat(np.arange(n_customers), counts)
    day = join[owner] + np.floor(rng.random(owner.size) * active[owner]).astype(int)
    mean_spend = rng.lognormal(mean=4.6, sigma=0.6, size=n_customers)
    amount = mean_spend[owner] * rng.lognormal(-0.08, 0.4, owner.size)

    frame = pd.DataFrame(
        {
            "customer_id": np.char.add("C", np.char.zfill((owner + 1).astype(str), 6)),
            "date": first + pd.to_timedelta(day, unit="D"),
            "amount": np.round(amount, 2),
        }
    )
    frame["customer_id"] = frame["customer_id"].astype(str)
    frame = frame.sort_values(["date", "customer_id"], kind="stable")
    return frame.reset_index(drop=True)
