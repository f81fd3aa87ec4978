"""The CDNOW sample of Fader, Hardie & Lee, shipped as package data."""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["load_cdnow"]


def load_cdnow() -> pd.DataFrame:
    """Load the CDNOW transaction log: 2 357 customers, 1997-1998.

    Every purchase of a 1/10th random sample of the 23 570 people who first
    bought compact discs from the online shop CDNOW in the first quarter of
    1997, up to 30 June 1998: 6 919 rows (one customer may have several rows
    on one day). Fader, Hardie & Lee (2005a, 2005b) fit the BG/NBD and
    Gamma-Gamma models on its first 39 weeks (to 30 September 1997) and
    test them on the next 39.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id`` (int, 1..2357, the sample's id),
        ``master_id`` (int, the id in the full 23 570-customer file),
        ``date`` (datetime64), ``cds`` (int, number of CDs bought) and
        ``amount`` (float, US dollars).

    Notes
    -----
    Source: Bruce Hardie's data sets page (brucehardie.com/datasets),
    "CDNOW dataset (sample)", file ``CDNOW_sample.txt``, which Hardie
    distributes for research and teaching; we copied it from the copy that
    the MIT-licensed ``lifetimes`` package (version 0.11.3) redistributes in
    ``lifetimes/datasets/CDNOW_sample.txt``, rewriting only the date format
    and the separator. Reuse outside teaching should check the terms on
    Hardie's page. ``crmlab/data/README.md`` says the same.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your
    customers" the easy way: an alternative to the Pareto/NBD model.
    Marketing Science, 24(2), 275-284.

    Examples
    --------
    >>> log = load_cdnow()
    >>> len(log), log.customer_id.nunique()
    (6919, 2357)
    >>> log.date.min().date(), log.date.max().date()
    (datetime.date(1997, 1, 1), datetime.date(1998, 6, 30))
    >>> log.head(2)
       customer_id  master_id       date  cds  amount
    0            1          4 1997-01-01    2   29.33
    1            1          4 1997-01-18    2   29.73
    """
    path = resources.files("crmlab").joinpath("data", "cdnow_sample.csv")
    with path.open("rb") as handle:
        return pd.read_csv(handle, parse_dates=["date"])
