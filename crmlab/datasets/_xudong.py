"""The Xudong company (旭东公司): the capstone's generated case data.

The course textbook's training project 1.4 asks students to plan CRM for the
"Xudong" company from a spreadsheet of its customers' order values, which the
document does not include; its third task is cut off. So this module writes
the case itself: a maker of small kitchen appliances (this book's invention)
that sells to distributors, retail chains, corporate buyers (hotels, canteens,
offices) and small online shops, with three years of orders and the records a
CRM department keeps around them.

Naming contract and conventions
-------------------------------
* :func:`make_company` returns a :class:`Company`: one name, the day the data
  are read (``as_of``, 2026-01-01) and five DataFrames, fresh copies on every
  call. Money is in yuan; dates are ``datetime64`` values (complaint times
  to the minute, other dates whole days).
* Customer ids are ``C0001``, ``C0002``, ... in order of sign-up. The orders
  have the shape of :func:`crmlab.datasets.make_transactions` (``customer_id``,
  ``date``, ``amount``) and run from 2023-01-01 to 2025-12-31.
* The complaint log has the columns :func:`crmlab.service.complaint_metrics`
  reads; its ``grade`` is the customer's ABC class on three years' spend
  (:func:`crmlab.classify.abc_classify`, the default bounds), as a CRM system
  would store it. The invoices are those still open on ``as_of``, with the
  columns :func:`crmlab.credit.receivables_ageing` reads. Online shops pay
  when they order and have no invoices.
* The same random seed always gives the same company; another seed gives
  another company with the same kind of story and other numbers (the graded
  project gives each student one).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validation import check_integer
from crmlab.datasets._random import seeded_rng

__all__ = ["CHANNELS", "Company", "company_database", "load_xudong", "make_company"]

#: The sales channels of the company's customers.
CHANNELS = ("distributor", "retail chain", "corporate", "online")

_REGIONS = ("East", "North", "South", "West", "Central")  # crmlab.database.REGIONS
_START, _END = pd.Timestamp("2023-01-01"), pd.Timestamp("2025-12-31")
_AS_OF = pd.Timestamp("2026-01-01")
_BOOK_COMPANY = 1414

# per channel: share of customers, typical order (yuan), orders a year,
# churn hazard a year, credit terms (days; 0 = pays at once)
_PROFILE = pd.DataFrame(
    {
        "share": [0.08, 0.17, 0.35, 0.40],
        "size": [12_000.0, 6_000.0, 2_500.0, 1_000.0],
        "orders": [60.0, 24.0, 10.0, 4.0],
        "hazard": [0.03, 0.08, 0.12, 0.30],
        "terms": [60, 45, 30, 0],
    },
    index=pd.Index(CHANNELS, name="channel"),
)
_WORDS = (
    "Hua", "Xin", "Jin", "Tai", "Ming", "Da", "Fu", "Kang",
    "Sheng", "Long", "Rui", "An", "Hong", "Yuan", "Feng", "Jia",
)  # fmt: skip
_KIND = {
    "distributor": "Trading Co.",
    "retail chain": "Mart",
    "corporate": "Hotel",
    "online": "Web Shop",
}
_PRODUCTS = (
    ("P01", "Rice cooker", "Cooking", 320.0),
    ("P02", "Electric kettle", "Cooking", 120.0),
    ("P03", "Induction hob", "Cooking", 450.0),
    ("P04", "Soy-milk maker", "Drinks", 380.0),
    ("P05", "Juicer", "Drinks", 260.0),
    ("P06", "Spare parts", "Service", 60.0),
)


@dataclass(frozen=True)
class Company:
    """The generated records of one company (旭东公司 in the book).

    A frozen dataclass; :func:`make_company` makes it, and its fields are:

    Parameters
    ----------
    name : str
        The company's name.
    as_of : pandas.Timestamp
        The day the records are read (2026-01-01), the day after the last
        order.
    customers : pandas.DataFrame
        One row per customer: ``customer_id``, ``name``, ``channel`` (one of
        :data:`CHANNELS`), ``region``, ``signup`` (the day the account was
        opened, possibly before the orders begin), ``wallet`` (the sales
        team's estimate of the customer's yearly spend on the category from
        all suppliers, yuan) and ``credit_limit`` (yuan; 0 for online shops).
    orders : pandas.DataFrame
        ``customer_id``, ``date``, ``amount``; 2023-2025, sorted by date then
        customer.
    complaints : pandas.DataFrame
        ``complaint_id`` (int), ``customer_id``, ``received``,
        ``first_response`` and ``resolved`` (``NaT`` when not yet answered or
        still open on ``as_of``), ``reopened`` (bool), ``channel`` (phone,
        email, wechat or visit), ``category`` and ``grade`` (A, B or C).
    survey : pandas.DataFrame
        The satisfaction survey of December 2025: ``customer_id``,
        ``survey_date``, the items ``quality``, ``delivery``, ``service`` and
        ``price`` and ``satisfaction`` (1-5), and ``recommend`` (0-10).
    invoices : pandas.DataFrame
        Invoices open on ``as_of``: ``invoice_id``, ``customer_id``,
        ``invoice_date``, ``due_date``, ``amount``.
    """

    name: str
    as_of: pd.Timestamp
    customers: pd.DataFrame
    orders: pd.DataFrame
    complaints: pd.DataFrame
    survey: pd.DataFrame
    invoices: pd.DataFrame


def _counts(n: int) -> np.ndarray:
    counts = np.floor(_PROFILE["share"].to_numpy() * n).astype(int)
    counts[-1] = n - counts[:-1].sum()
    return counts


def _people(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Channels, regions, sign-up days and each customer's hidden habits."""
    channel = np.repeat(np.array(CHANNELS), _counts(n))
    profile = _PROFILE.loc[channel]
    existing = rng.random(n) < 0.6
    old = pd.Timestamp("2016-01-01") + pd.to_timedelta(
        rng.integers(0, (_START - pd.Timestamp("2016-01-01")).days, n), unit="D"
    )
    new = _START + pd.to_timedelta(rng.integers(0, 1000, n), unit="D")
    return pd.DataFrame(
        {
            "channel": channel,
            "region": np.array(_REGIONS)[
                rng.choice(5, n, p=[0.3, 0.2, 0.25, 0.1, 0.15])
            ],
            "signup": np.where(existing, old, new),
            "new": ~existing,
            "size": profile["size"].to_numpy() * rng.lognormal(-0.05, 0.35, n),
            "rate": profile["orders"].to_numpy() * rng.gamma(4.0, 0.25, n),
            "life": rng.exponential(1 / profile["hazard"].to_numpy()) * 365.25,
            "terms": profile["terms"].to_numpy(),
            "share": rng.beta(5, 4, n),
            "mood": rng.normal(0, 0.5, n),
            "delay": rng.uniform(0, 20, n),
            "drift": pd.NaT,
        }
    )


def _story(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    """The case's story, planted in every company (the instructor guide tells it)."""
    people = people.assign(spend=people["size"] * people["rate"])
    # 1. Some of the largest distributors drift away during 2025.
    big = people[people["channel"] == "distributor"]
    top = big.nlargest(8, "spend").index.to_numpy()
    drifting = rng.choice(top, int(rng.integers(4, 6, endpoint=True)), replace=False)
    people.loc[top, ["new", "life"]] = [False, np.inf]
    people.loc[top, "signup"] = people.loc[top, "signup"].clip(upper=_START)
    days = rng.integers(15, 150, len(drifting))
    people.loc[drifting, "drift"] = pd.Timestamp("2025-01-01") + pd.to_timedelta(
        days, unit="D"
    )
    # 2. One channel is satisfied but not loyal: a small share of its wallet.
    fickle = people["channel"] == rng.choice(["retail chain", "corporate"])
    people.loc[fickle, "share"] = rng.beta(2, 10, int(fickle.sum()))
    people.loc[fickle, "mood"] += 0.9
    people.loc[fickle, "life"] /= 2.5
    # 3. Overdue receivables gather in one region: its slow payers.
    region = rng.choice(_REGIONS)
    slow = (people["region"] == region) & (people["terms"] > 0)
    late = slow & (rng.random(len(people)) < 0.55)
    people.loc[late, "delay"] = rng.uniform(50, 260, int(late.sum()))
    stray = ~slow & (people["terms"] > 0) & (rng.random(len(people)) < 0.04)
    people.loc[stray, "delay"] = rng.uniform(30, 150, int(stray.sum()))
    people.loc[drifting, "mood"] -= 1.6
    return people


def _activity(person, times: np.ndarray) -> np.ndarray:
    """Relative buying rate at ``times`` (days since _START): ramp and drift."""
    start = max((person.signup - _START).days, 0)
    rate = np.ones_like(times, dtype=float)
    if person.new:
        rate *= np.clip(0.25 + 0.75 * (times - start) / 240, 0.25, 1)
    if not pd.isna(person.drift):
        after = np.clip(times - (person.drift - _START).days, 0, None)
        rate *= np.exp(-after / 70)
    return rate


def _one_customer(rng, person, span: int) -> tuple[np.ndarray, np.ndarray]:
    start = max((person.signup - _START).days, 0)
    stop = min(start + person.life, span)
    stop = max(stop, start + 1)
    draws = rng.poisson(person.rate * (stop - start) / 365.25)
    times = np.sort(rng.uniform(start, stop, draws))
    keep = rng.random(draws) < _activity(person, times)
    times = times[keep] if keep.any() else np.array([float(start)])
    size = person.size * _activity(person, times) ** 0.5
    amount = size * rng.lognormal(-0.08, 0.4, len(times))
    return np.floor(times).astype(int), np.round(amount, 2)


def _orders(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    span = (_END - _START).days + 1
    parts = []
    for key, person in zip(people["customer_id"], people.itertuples(), strict=True):
        days, amount = _one_customer(rng, person, span)
        parts.append(pd.DataFrame({"customer_id": key, "day": days, "amount": amount}))
    orders = pd.concat(parts, ignore_index=True)
    orders["date"] = _START + pd.to_timedelta(orders.pop("day"), unit="D")
    orders = orders[["customer_id", "date", "amount"]]
    orders = orders.sort_values(["date", "customer_id"], kind="stable")
    return orders.reset_index(drop=True)


def _grades(orders: pd.DataFrame) -> pd.Series:
    from crmlab.classify import abc_classify

    return abc_classify(orders.groupby("customer_id")["amount"].sum())["class"]


def _complaint_times(rng, drifting: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    k = len(drifting)
    response = rng.lognormal(np.where(drifting, np.log(22), np.log(3)), 0.7, k)
    work = rng.lognormal(np.where(drifting, np.log(140), np.log(18)), 0.6, k)
    return response, response + work


def _complaints(rng, people: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    first = orders.groupby("customer_id")["date"].min()
    last = orders.groupby("customer_id")["date"].max()
    drifting = people["drift"].notna().to_numpy()
    years = ((last - first).dt.days + 30).reindex(people["customer_id"]) / 365.25
    counts = rng.poisson(np.where(drifting, 7.0, 0.35 * years.to_numpy()))
    owner = np.repeat(np.arange(len(people)), counts)
    ids = people["customer_id"].to_numpy()[owner]
    lo = first.reindex(ids).to_numpy()
    hi = np.where(
        drifting[owner], people["drift"].to_numpy()[owner], last.reindex(ids).to_numpy()
    ).astype("datetime64[ns]")
    offset = rng.random(len(owner)) * (hi - lo + np.timedelta64(1, "D"))
    received = (lo + offset).astype("datetime64[m]")
    response, resolution = _complaint_times(rng, drifting[owner])
    as_of = np.datetime64(_AS_OF, "m")
    first_response = received + (response * 60).astype("timedelta64[m]")
    resolved = received + (resolution * 60).astype("timedelta64[m]")
    log = pd.DataFrame(
        {
            "customer_id": ids,
            "received": received,
            "first_response": np.where(first_response <= as_of, first_response, None),
            "resolved": np.where(resolved <= as_of, resolved, None),
            "reopened": rng.random(len(owner)) < np.where(drifting[owner], 0.35, 0.06),
            "channel": np.array(["phone", "email", "wechat", "visit"])[
                rng.choice(4, len(owner), p=[0.35, 0.15, 0.4, 0.1])
            ],
            "category": np.where(
                drifting[owner] & (rng.random(len(owner)) < 0.7),
                "delivery",
                np.array(["delivery", "quality", "price", "service", "invoice"])[
                    rng.choice(5, len(owner), p=[0.25, 0.3, 0.15, 0.2, 0.1])
                ],
            ),
        }
    )
    for column in ("received", "first_response", "resolved"):
        log[column] = pd.to_datetime(log[column]).astype("datetime64[ns]")
    log["reopened"] &= log["resolved"].notna()
    log["grade"] = _grades(orders).reindex(log["customer_id"]).to_numpy()
    log = log.sort_values(["received", "customer_id"], kind="stable")
    log.insert(0, "complaint_id", np.arange(1, len(log) + 1))
    return log.reset_index(drop=True)


def _item(rng, latent: np.ndarray) -> np.ndarray:
    noisy = latent + rng.normal(0, 0.55, len(latent))
    return np.clip(np.rint(noisy), 1, 5).astype(int)


def _survey(rng, people: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    recent = set(orders.loc[orders["date"] >= "2025-01-01", "customer_id"])
    drifting = people["drift"].notna()
    asked = people["customer_id"].isin(recent) & (rng.random(len(people)) < 0.6)
    asked |= drifting
    who = people[asked.to_numpy()]
    mood = 3.7 + who["mood"].to_numpy()
    slow = who["drift"].notna().to_numpy()
    items = {
        "quality": _item(rng, mood + 0.2),
        "delivery": _item(rng, mood - 0.1 - 1.0 * slow),
        "service": _item(rng, mood - 0.6 * slow),
        "price": _item(rng, mood - 0.4),
    }
    overall = np.mean(list(items.values()), axis=0)
    return pd.DataFrame(
        {
            "customer_id": who["customer_id"].to_numpy(),
            "survey_date": pd.Timestamp("2025-12-01")
            + pd.to_timedelta(rng.integers(0, 21, len(who)), unit="D"),
            **items,
            "satisfaction": _item(rng, overall),
            "recommend": np.clip(
                np.rint(2.4 * overall - 1.5 + rng.normal(0, 1.0, len(who))), 0, 10
            ).astype(int),
        }
    )


def _invoices(rng, people: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    habits = people.set_index("customer_id")[["terms", "delay"]]
    billed = orders.join(habits, on="customer_id")
    billed = billed[billed["terms"] > 0]
    due = billed["date"] + pd.to_timedelta(billed["terms"], unit="D")
    late = billed["delay"] * rng.uniform(0.7, 1.3, len(billed))
    paid = due + pd.to_timedelta(np.floor(late), unit="D")
    open_ = billed[(paid >= _AS_OF).to_numpy()]
    return pd.DataFrame(
        {
            "invoice_id": [f"INV{i:05d}" for i in range(1, len(open_) + 1)],
            "customer_id": open_["customer_id"].to_numpy(),
            "invoice_date": open_["date"].to_numpy(),
            "due_date": due[(paid >= _AS_OF).to_numpy()].to_numpy(),
            "amount": open_["amount"].to_numpy(),
        }
    )


def _names(rng, channel: np.ndarray) -> list[str]:
    first = np.array(_WORDS)[rng.integers(0, len(_WORDS), len(channel))]
    second = np.array(_WORDS)[rng.integers(0, len(_WORDS), len(channel))]
    return [
        f"{a}{b.lower()} {_KIND[c]} {i + 1}"
        for i, (a, b, c) in enumerate(zip(first, second, channel, strict=True))
    ]


def _customer_table(rng, people: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    limit = people["spend"] * people["terms"] / 365.25 * 1.5
    yearly = orders.groupby(["customer_id", orders["date"].dt.year])["amount"].sum()
    most = yearly.groupby(level=0).max().reindex(people["customer_id"]).to_numpy()
    wallet = np.maximum(people["spend"] / people["share"], 1.2 * most)
    return pd.DataFrame(
        {
            "customer_id": people["customer_id"].to_numpy(),
            "name": _names(rng, people["channel"].to_numpy()),
            "channel": people["channel"].to_numpy(),
            "region": people["region"].to_numpy(),
            "signup": pd.to_datetime(people["signup"]).to_numpy(),
            "wallet": np.round(wallet, -2).to_numpy(),
            "credit_limit": (np.round(limit / 1000) * 1000).to_numpy(),
        }
    )


def make_company(
    seed: int = _BOOK_COMPANY, *, name: str = "Xudong", customers: int = 300
) -> Company:
    """Generate a company's customers and their records (旭东公司 case data).

    The company sells to four channels (:data:`CHANNELS`) in five regions and
    has three years of orders (2023-2025), a complaint log, a satisfaction
    survey and its open invoices. Every company holds the same kind of story,
    with other customers and numbers for another random seed; the instructor
    guide of the capstone tells the story, the student finds it.

    Parameters
    ----------
    seed : int, default=1414
        Random seed of the generator (non-negative); the same value gives
        the same company. The default gives the book's Xudong
        (:func:`load_xudong`).
    name : str, default="Xudong"
        The company's name.
    customers : int, default=300
        Number of customers, at least 100.

    Returns
    -------
    Company
        The records, see :class:`Company`.

    See Also
    --------
    load_xudong : the book's company.
    company_database : the records as a SQLite database.

    Notes
    -----
    Taught in :doc:`chapter 14, Capstone: the Xudong company
    </chapters/ch14_capstone/capstone>`.

    Examples
    --------
    >>> company = make_company(7, name="Dongfang")
    >>> company.name, len(company.customers)
    ('Dongfang', 300)
    >>> list(company.orders.columns)
    ['customer_id', 'date', 'amount']
    >>> make_company(7).orders.equals(company.orders)
    True
    """
    customers = check_integer("customers", customers, low=100)
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name must be a non-empty string; got {name!r}")
    rng = seeded_rng(seed)
    people = _story(rng, _people(rng, customers))
    people = people.sort_values("signup", kind="stable").reset_index(drop=True)
    people.insert(0, "customer_id", [f"C{i:04d}" for i in range(1, customers + 1)])
    orders = _orders(rng, people)
    return Company(
        name=name.strip(),
        as_of=_AS_OF,
        customers=_customer_table(rng, people, orders),
        orders=orders,
        complaints=_complaints(rng, people, orders),
        survey=_survey(rng, people, orders),
        invoices=_invoices(rng, people, orders),
    )


def load_xudong() -> Company:
    """The book's Xudong company (旭东公司), the capstone's worked case.

    ``make_company(seed=1414, name="Xudong")``: the company chapter 14 analyses
    from its lifecycle to its CRM strategy. The course textbook's training
    project names the company but does not include its data; these are the
    book's own.

    Returns
    -------
    Company
        See :class:`Company`.

    Notes
    -----
    Taught in :doc:`chapter 14, Capstone: the Xudong company
    </chapters/ch14_capstone/capstone>`.

    Examples
    --------
    >>> xudong = load_xudong()
    >>> xudong.name, str(xudong.as_of.date())
    ('Xudong', '2026-01-01')
    """
    return make_company(_BOOK_COMPANY, name="Xudong")


_EXTRA_TABLES = """
CREATE TABLE accounts (
    customer_id  TEXT PRIMARY KEY REFERENCES customers (customer_id),
    channel      TEXT NOT NULL,
    wallet       REAL NOT NULL CHECK (wallet >= 0),
    credit_limit REAL NOT NULL CHECK (credit_limit >= 0)
);
CREATE TABLE invoices (
    invoice_id   TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (customer_id),
    invoice_date TEXT NOT NULL CHECK (date(invoice_date) IS invoice_date),
    due_date     TEXT NOT NULL CHECK (date(due_date) IS due_date),
    amount       REAL NOT NULL CHECK (amount >= 0)
);
"""


def _day(values: pd.Series) -> np.ndarray:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d").to_numpy()


def _database_tables(rng, company: Company) -> dict[str, pd.DataFrame]:
    """The company's records in the tables of chapter 6's database."""
    people, orders = company.customers, company.orders
    n = len(people)
    order_table = pd.DataFrame(
        {
            "order_id": np.arange(1, len(orders) + 1),
            "customer_id": orders["customer_id"].to_numpy(),
            "product_id": np.array([p[0] for p in _PRODUCTS])[
                rng.integers(0, len(_PRODUCTS), len(orders))
            ],
            "order_date": _day(orders["date"]),
            "amount": orders["amount"].to_numpy(),
        }
    )
    log = company.complaints
    # each complaint is about the customer's last order on or before its day
    keyed = order_table.assign(
        day=pd.to_datetime(order_table["order_date"]).astype("datetime64[ns]")
    )
    about = pd.merge_asof(
        log.assign(
            day=log["received"].dt.normalize().astype("datetime64[ns]")
        ).sort_values("day"),
        keyed.sort_values("day")[["day", "customer_id", "order_id"]],
        on="day",
        by="customer_id",
    ).sort_values("complaint_id")
    end = about["resolved"].fillna(company.as_of)
    return {
        "products": pd.DataFrame(
            _PRODUCTS, columns=["product_id", "name", "category", "price"]
        ),
        "customers": pd.DataFrame(
            {
                "customer_id": people["customer_id"],
                "name": people["name"],
                "phone": [f"139{7_000_000 + 37 * i:08d}" for i in range(n)],
                "email": [f"buyer{i + 1}@example.com" for i in range(n)],
                "region": people["region"],
                "birth_year": rng.integers(1960, 1996, n),
                "joined": _day(people["signup"]),
                "consent": 1,
            }
        ),
        "orders": order_table,
        "contacts": pd.DataFrame(
            {
                "contact_id": about["complaint_id"].to_numpy(),
                "customer_id": about["customer_id"].to_numpy(),
                "contact_date": _day(about["received"]),
                "channel": about["channel"].to_numpy(),
            }
        ),
        "complaints": pd.DataFrame(
            {
                "complaint_id": about["complaint_id"].to_numpy(),
                "order_id": about["order_id"].astype(int).to_numpy(),
                "customer_id": about["customer_id"].to_numpy(),
                "complaint_date": _day(about["received"]),
                "category": about["category"].to_numpy(),
                "days_to_resolve": (end - about["received"]).dt.days.to_numpy(),
            }
        ),
        "surveys": pd.DataFrame(
            {
                "response_id": np.arange(1, len(company.survey) + 1),
                "customer_id": company.survey["customer_id"].to_numpy(),
                "survey_date": _day(company.survey["survey_date"]),
                "satisfaction": company.survey["satisfaction"].to_numpy(),
                "recommend": company.survey["recommend"].to_numpy(),
            }
        ),
    }


def company_database(
    company: Company, path: str | os.PathLike, *, overwrite: bool = False
) -> os.PathLike:
    """Write a company's records as a customer database (客户数据库) in SQLite.

    The six tables of chapter 6's database (:data:`crmlab.database.TABLES`),
    so that :func:`crmlab.database.connect`, :func:`~crmlab.database.query`
    and :func:`~crmlab.database.rfm_sql` work on it, plus two more:
    ``accounts`` (``customer_id``, ``channel``, ``wallet``,
    ``credit_limit``) and ``invoices`` (the open invoices, dates as ISO
    text). Phone numbers, e-mails and birth years are placeholders the
    records do not hold; each complaint is linked to the customer's last
    order on or before its day, and ``days_to_resolve`` of an open complaint
    counts the days it has been open on ``as_of``.

    Parameters
    ----------
    company : Company, no default
        The records, from :func:`make_company` or :func:`load_xudong`.
    path : str or os.PathLike, no default
        The file to write; its directory must exist.
    overwrite : bool, default=False
        Whether an existing file at ``path`` may be replaced.

    Returns
    -------
    path : pathlib.Path
        The path of the database written.

    Notes
    -----
    Taught in :doc:`chapter 14, Capstone: the Xudong company
    </chapters/ch14_capstone/capstone>`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from crmlab.database import connect, query
    >>> db = company_database(make_company(7), pathlib.Path(tempfile.mkdtemp()) / "c.db")
    >>> conn = connect(db)
    >>> query(conn, "SELECT channel, COUNT(*) AS n FROM accounts GROUP BY channel")
            channel    n
    0     corporate  105
    1   distributor   24
    2        online  120
    3  retail chain   51
    >>> conn.close()
    """
    import sqlite3

    from crmlab.database import _INDEXES, _SCHEMA, _database_path, _insert

    if not isinstance(company, Company):
        raise TypeError(
            f"company must be a Company (make_company); got {type(company).__name__}"
        )
    if not isinstance(overwrite, bool):
        raise TypeError(f"overwrite must be True or False; got {overwrite!r}")
    file = _database_path(path, must_exist=False)
    if file.exists() and not overwrite:
        raise FileExistsError(
            f"path must not exist unless overwrite=True; got {str(file)!r}, which exists"
        )
    tables = _database_tables(np.random.default_rng(len(company.orders)), company)
    accounts = company.customers[["customer_id", "channel", "wallet", "credit_limit"]]
    invoices = company.invoices.assign(
        invoice_date=_day(company.invoices["invoice_date"]),
        due_date=_day(company.invoices["due_date"]),
    )
    file.unlink(missing_ok=True)
    conn = sqlite3.connect(file)
    try:
        conn.executescript(_SCHEMA + _EXTRA_TABLES)
        conn.execute("PRAGMA foreign_keys = ON")
        with conn:
            for table, frame in tables.items():
                _insert(conn, table, frame)
            for table, frame in (("accounts", accounts), ("invoices", invoices)):
                marks = ", ".join("?" * frame.shape[1])
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(frame.columns)}) VALUES ({marks})",
                    frame.astype(object).itertuples(index=False, name=None),
                )
        conn.executescript(_INDEXES)
    finally:
        conn.close()
    return file
