"""A customer database on SQLite: build it, query it, check its quality, RFM in SQL.

客户数据库 — the database of chapter 6 (客户信息管理) that chapter 13 analyses.
It uses Python's built-in ``sqlite3``; nothing needs to be installed.

Naming contract and conventions
-------------------------------
* The database has six tables (see :data:`TABLES`): ``customers``,
  ``products``, ``orders``, ``contacts``, ``complaints`` and ``surveys``, plus
  a ``build_info`` table of key/value pairs that records how it was built.
  Every table has a primary key; every ``customer_id``, ``product_id`` and
  ``order_id`` column is a foreign key; ``CHECK`` constraints keep amounts
  non-negative, dates in ``YYYY-MM-DD`` form and answers on their scales.
* Dates are stored as ISO text (``'2025-03-01'``): SQLite has no date type,
  and ISO text sorts in date order. Money is in yuan.
* Customer ids are ``C000001``, ``C000002``, ...; the orders are those of
  :func:`crmlab.datasets.make_transactions` with the same ``customers``,
  ``orders`` and random ``seed``, so a chapter can check a SQL answer against pandas.
* Defects (``defects=``) are planted on purpose, the way a legacy import with
  the checks switched off would leave them: ``duplicates`` (one person under
  a second id, with the phone and e-mail written differently, and part of the
  orders moved to that id), ``missing`` (a customer without a phone number,
  e-mail or birth year), ``out_of_range`` (a survey answer off its scale) and
  ``orphans`` (an order whose customer is not in ``customers``).
  :func:`quality_report` finds exactly the planted ones.
* Every query binds its parameters (``?`` placeholders); no value is ever
  pasted into SQL text.
* :func:`rfm_sql` computes RFM in SQL that SQLite and DuckDB both run; the
  only engine-specific part is the one expression that counts days between
  two dates (SQLite has ``julianday``, DuckDB ``date_diff``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

import crmlab
from crmlab._validation import (
    _describe,
    check_frame,
    check_integer,
    check_now,
    check_option,
)
from crmlab.datasets import make_transactions

__all__ = [
    "DEFECTS",
    "REGIONS",
    "RFM_SCORE_SQL",
    "RFM_SQL",
    "TABLES",
    "build_database",
    "connect",
    "deidentify",
    "query",
    "quality_report",
    "rfm_score_sql",
    "rfm_sql",
]

#: The tables of a CRM Lab database and their columns, in order.
TABLES = MappingProxyType(
    {
        "customers": (
            "customer_id",
            "name",
            "phone",
            "email",
            "region",
            "birth_year",
            "joined",
            "consent",
        ),
        "products": ("product_id", "name", "category", "price"),
        "orders": ("order_id", "customer_id", "product_id", "order_date", "amount"),
        "contacts": ("contact_id", "customer_id", "contact_date", "channel"),
        "complaints": (
            "complaint_id",
            "order_id",
            "customer_id",
            "complaint_date",
            "category",
            "days_to_resolve",
        ),
        "surveys": (
            "response_id",
            "customer_id",
            "survey_date",
            "satisfaction",
            "recommend",
        ),
    }
)

#: The kinds of defect the builder can plant and the quality report finds.
DEFECTS = ("duplicates", "missing", "out_of_range", "orphans")

#: The sales regions of the generated customers.
REGIONS = ("East", "North", "South", "West", "Central")

_SCHEMA = """
CREATE TABLE customers (
    customer_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT,
    email       TEXT,
    region      TEXT NOT NULL CHECK (region IN ('East', 'North', 'South', 'West',
                                                'Central')),
    birth_year  INTEGER CHECK (birth_year BETWEEN 1900 AND 2025),
    joined      TEXT NOT NULL CHECK (date(joined) IS joined),
    consent     INTEGER NOT NULL CHECK (consent IN (0, 1))
);
CREATE TABLE products (
    product_id TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    category   TEXT NOT NULL,
    price      REAL NOT NULL CHECK (price > 0)
);
CREATE TABLE orders (
    order_id    INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (customer_id),
    product_id  TEXT NOT NULL REFERENCES products (product_id),
    order_date  TEXT NOT NULL CHECK (date(order_date) IS order_date),
    amount      REAL NOT NULL CHECK (amount >= 0)
);
CREATE TABLE contacts (
    contact_id   INTEGER PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (customer_id),
    contact_date TEXT NOT NULL CHECK (date(contact_date) IS contact_date),
    channel      TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'wechat',
                                                  'visit'))
);
CREATE TABLE complaints (
    complaint_id    INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders (order_id),
    customer_id     TEXT NOT NULL REFERENCES customers (customer_id),
    complaint_date  TEXT NOT NULL CHECK (date(complaint_date) IS complaint_date),
    category        TEXT NOT NULL,
    days_to_resolve INTEGER NOT NULL CHECK (days_to_resolve >= 0)
);
CREATE TABLE surveys (
    response_id  INTEGER PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (customer_id),
    survey_date  TEXT NOT NULL CHECK (date(survey_date) IS survey_date),
    satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    recommend    INTEGER NOT NULL CHECK (recommend BETWEEN 0 AND 10)
);
CREATE TABLE build_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_INDEXES = """
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX orders_date ON orders (order_date);
CREATE INDEX contacts_customer ON contacts (customer_id);
CREATE INDEX complaints_customer ON complaints (customer_id);
CREATE INDEX surveys_customer ON surveys (customer_id);
"""

_PRODUCTS = (
    ("P01", "Green tea", "Tea", 68.0),
    ("P02", "Oolong tea", "Tea", 98.0),
    ("P03", "Tea set", "Teaware", 260.0),
    ("P04", "Travel mug", "Teaware", 45.0),
    ("P05", "Mooncake box", "Gifts", 128.0),
    ("P06", "Gift card", "Gifts", 200.0),
    ("P07", "Dried fruit", "Snacks", 35.0),
    ("P08", "Nut mix", "Snacks", 52.0),
)
_SURNAMES = (
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Zhao",
    "Huang",
    "Zhou",
    "Wu",
)
_GIVEN = (
    "Wei",
    "Fang",
    "Na",
    "Min",
    "Jing",
    "Lei",
    "Yang",
    "Jie",
    "Tao",
    "Hui",
    "Qiang",
)
_MOBILE = ("138", "139", "150", "151", "186", "187", "135", "136")


def _database_path(path: object, *, must_exist: bool) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"path must be a file path (str or Path); got {_describe(path)}"
        )
    file = Path(path)
    if must_exist and not file.is_file():
        raise FileNotFoundError(
            f"path must be an existing database file; got {str(file)!r}"
        )
    if not must_exist and not file.parent.is_dir():
        raise FileNotFoundError(
            f"path must be in an existing directory; got {str(file)!r}, "
            f"whose directory {str(file.parent)!r} does not exist"
        )
    return file


def _defect_counts(defects: object, customers: int, orders: int) -> dict[str, int]:
    if defects is None:
        return dict.fromkeys(DEFECTS, 0)
    if not isinstance(defects, Mapping):
        raise TypeError(
            f"defects must be a mapping from defect kind to count; got {_describe(defects)}"
        )
    counts = dict.fromkeys(DEFECTS, 0)
    for kind, count in defects.items():
        check_option("defects key", kind, DEFECTS)
        counts[kind] = check_integer(f"defects[{kind!r}]", count, low=0)
    people = counts["duplicates"] + counts["missing"]
    if people > customers // 2:
        raise ValueError(
            "defects['duplicates'] + defects['missing'] must be at most half the "
            f"customers ({customers // 2}); got {people}"
        )
    if counts["orphans"] > orders // 10:
        raise ValueError(
            f"defects['orphans'] must be at most a tenth of the orders ({orders // 10}); "
            f"got {counts['orphans']}"
        )
    return counts


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unique 11-digit mobile numbers: the tails (a·k + b) mod 10^8 never repeat."""
    tails = (np.arange(n, dtype=np.int64) * 7_919 + rng.integers(0, 10**8)) % 10**8
    prefixes = np.array(_MOBILE)[rng.integers(0, len(_MOBILE), n)]
    return np.char.add(prefixes, np.char.zfill(tails.astype(str), 8))


def _customer_table(rng, log: pd.DataFrame) -> pd.DataFrame:
    first = log.groupby("customer_id", sort=True)["date"].min()
    n = len(first)
    surname = np.array(_SURNAMES)[rng.integers(0, len(_SURNAMES), n)]
    given = np.array(_GIVEN)[rng.integers(0, len(_GIVEN), n)]
    number = np.arange(1, n + 1).astype(str)
    domain = np.array(["example.com", "example.net", "example.org"])[
        rng.integers(0, 3, n)
    ]
    email = np.char.add(np.char.add(np.char.lower(given), "."), np.char.lower(surname))
    email = np.char.add(np.char.add(np.char.add(email, number), "@"), domain)
    return pd.DataFrame(
        {
            "customer_id": first.index.to_numpy(),
            "name": np.char.add(np.char.add(surname, " "), given),
            "phone": _phones(rng, n),
            "email": email,
            "region": np.array(REGIONS)[
                rng.choice(len(REGIONS), n, p=[0.3, 0.2, 0.25, 0.1, 0.15])
            ],
            "birth_year": rng.integers(1950, 2006, n),
            "joined": first.dt.strftime("%Y-%m-%d").to_numpy(),
            "consent": (rng.random(n) < 0.7).astype(int),
        }
    )


def _other_tables(rng, customers, orders):
    n, m = len(customers), len(orders)
    ids = customers["customer_id"].to_numpy()
    start = pd.Timestamp("2024-01-01")
    days = (pd.Timestamp("2025-12-31") - start).days + 1

    k = 2 * n
    contacts = pd.DataFrame(
        {
            "contact_id": np.arange(1, k + 1),
            "customer_id": ids[rng.integers(0, n, k)],
            "contact_date": (
                start + pd.to_timedelta(rng.integers(0, days, k), unit="D")
            ).strftime("%Y-%m-%d"),
            "channel": np.array(["phone", "email", "wechat", "visit"])[
                rng.choice(4, k, p=[0.3, 0.2, 0.4, 0.1])
            ],
        }
    )
    picked = np.sort(rng.choice(m, max(1, m // 20), replace=False))
    lag = rng.integers(0, 15, picked.size)
    complaints = pd.DataFrame(
        {
            "complaint_id": np.arange(1, picked.size + 1),
            "order_id": orders["order_id"].to_numpy()[picked],
            "customer_id": orders["customer_id"].to_numpy()[picked],
            "complaint_date": (
                pd.to_datetime(orders["order_date"].to_numpy()[picked])
                + pd.to_timedelta(lag, unit="D")
            ).strftime("%Y-%m-%d"),
            "category": np.array(["delivery", "quality", "price", "service"])[
                rng.integers(0, 4, picked.size)
            ],
            "days_to_resolve": rng.poisson(4, picked.size),
        }
    )
    # About a third of the customers answer a survey; satisfaction rises with
    # spending and falls with complaints, so a join shows a relationship.
    answered = np.sort(rng.choice(n, max(1, n // 3), replace=False))
    spend = orders.groupby("customer_id")["amount"].sum().reindex(ids).fillna(0)
    spend_rank = spend.rank(pct=True).to_numpy()[answered]
    complained = (
        pd.Series(ids[answered]).isin(set(complaints["customer_id"])).to_numpy()
    )
    latent = 3.3 + 2.0 * (spend_rank - 0.5) - 0.8 * complained
    latent = latent + rng.normal(0, 0.6, answered.size)
    satisfaction = np.clip(np.rint(latent), 1, 5).astype(int)
    recommend = np.clip(
        np.rint(2.2 * latent + rng.normal(0, 1.2, answered.size)), 0, 10
    )
    surveys = pd.DataFrame(
        {
            "response_id": np.arange(1, answered.size + 1),
            "customer_id": ids[answered],
            "survey_date": (
                pd.Timestamp("2026-01-10")
                + pd.to_timedelta(rng.integers(0, 20, answered.size), unit="D")
            ).strftime("%Y-%m-%d"),
            "satisfaction": satisfaction,
            "recommend": recommend.astype(int),
        }
    )
    return contacts, complaints, surveys


def _plant(rng, counts, customers, orders, surveys):
    """Plant duplicates and missing values; pick the rows a legacy import breaks."""
    n = len(customers)
    people = rng.permutation(n)
    originals = people[: counts["duplicates"]]
    missing = people[counts["duplicates"] : counts["duplicates"] + counts["missing"]]
    customers = customers.copy()
    orders = orders.copy()

    extra = customers.iloc[originals].copy()
    new_ids = [f"C{n + k + 1:06d}" for k in range(len(extra))]
    phone = extra["phone"].str.replace(
        r"(\d{3})(\d{4})(\d{4})", r"+86 \1-\2-\3", regex=True
    )
    extra["phone"] = phone
    extra["email"] = " " + extra["email"].str.upper()
    for old, new in zip(extra["customer_id"], new_ids, strict=True):
        rows = np.flatnonzero(orders["customer_id"].to_numpy() == old)
        moved = rows[1::2]
        orders.iloc[moved, orders.columns.get_loc("customer_id")] = new
    extra["customer_id"] = new_ids
    customers = pd.concat([customers, extra], ignore_index=True)

    columns = np.array(["phone", "email", "birth_year"])[
        rng.integers(0, 3, len(missing))
    ]
    customers["birth_year"] = customers["birth_year"].astype(object)
    for row, column in zip(missing, columns, strict=True):
        customers.iat[row, customers.columns.get_loc(column)] = None

    # The legacy import: rows the database's checks would refuse.
    off_scale = []
    if counts["out_of_range"]:
        size = min(counts["out_of_range"], len(surveys))
        rows = rng.choice(len(surveys), size, replace=False)
        values = rng.choice([0, 6, 7, 9, 10], size)
        ids = surveys["response_id"].to_numpy()[rows]
        off_scale = [(int(v), int(i)) for v, i in zip(values, ids, strict=True)]
    orphans = []
    if counts["orphans"]:
        rows = rng.choice(len(orders), counts["orphans"], replace=False)
        first_unknown = n + len(new_ids) + 1
        ids = orders["order_id"].to_numpy()[rows]
        orphans = [(f"C{first_unknown + k:06d}", int(i)) for k, i in enumerate(ids)]
    return customers, orders, off_scale, orphans


def _insert(conn: sqlite3.Connection, table: str, frame: pd.DataFrame) -> None:
    columns = TABLES[table]
    marks = ", ".join("?" * len(columns))
    rows = frame[list(columns)].astype(object).where(frame[list(columns)].notna(), None)
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
        rows.itertuples(index=False, name=None),
    )


def build_database(
    path: str | os.PathLike,
    *,
    customers: int = 2_000,
    orders: int | None = None,
    seed: int = 2024,
    defects: Mapping[str, int] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the book's customer database (客户数据库) to a SQLite file.

    The orders are those of :func:`crmlab.datasets.make_transactions` with the
    same ``customers``, ``orders`` and random ``seed``; the other tables are
    generated around them from the same random seed. Primary keys, foreign keys and
    ``CHECK`` constraints are declared, and the file is written to a temporary
    name and moved into place only when complete: a failed build leaves no
    half-written file behind.

    Parameters
    ----------
    path : str or os.PathLike, no default
        The file to write; its directory must exist.
    customers : int, default=2_000
        Number of customers (before any planted duplicates).
    orders : int, default=None
        Number of orders, at least ``customers``; ``None`` means eight per
        customer on average.
    seed : int, default=2024
        Random seed of the generator; the same arguments give the same file
        contents.
    defects : mapping, default=None
        How many of each defect in :data:`DEFECTS` to plant, for example
        ``{"duplicates": 5, "orphans": 3}``; ``None`` plants none.
    overwrite : bool, default=False
        Whether an existing file at ``path`` may be replaced.

    Returns
    -------
    path : pathlib.Path
        The path of the database written.

    See Also
    --------
    crmlab.database.connect
    crmlab.database.quality_report

    Notes
    -----
    Taught in :doc:`chapter 6, Customer information
    </chapters/ch06_customer_information/customer_information>`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> db = build_database(folder / "shop.db", customers=50, seed=1)
    >>> conn = connect(db)
    >>> query(conn, "SELECT COUNT(*) AS n FROM orders")
         n
    0  400
    >>> conn.close()
    """
    file = _database_path(path, must_exist=False)
    if not isinstance(overwrite, bool):
        raise TypeError(f"overwrite must be True or False; got {_describe(overwrite)}")
    if file.exists() and not overwrite:
        raise FileExistsError(
            f"path must not exist unless overwrite=True; got {str(file)!r}, which exists"
        )
    seed = check_integer("seed", seed, low=0, kind="a non-negative integer")
    log = make_transactions(customers, n_transactions=orders, seed=seed)
    counts = _defect_counts(defects, len(log["customer_id"].unique()), len(log))
    rng = np.random.default_rng([seed, 6])

    people = _customer_table(rng, log)
    order_table = pd.DataFrame(
        {
            "order_id": np.arange(1, len(log) + 1),
            "customer_id": log["customer_id"].to_numpy(),
            "product_id": np.array([p[0] for p in _PRODUCTS])[
                rng.integers(0, len(_PRODUCTS), len(log))
            ],
            "order_date": log["date"].dt.strftime("%Y-%m-%d").to_numpy(),
            "amount": log["amount"].to_numpy(),
        }
    )
    contacts, complaints, surveys = _other_tables(rng, people, order_table)
    people, order_table, off_scale, orphans = _plant(
        rng, counts, people, order_table, surveys
    )
    products = pd.DataFrame(_PRODUCTS, columns=TABLES["products"])
    info = {
        "crmlab_version": crmlab.__version__,
        "seed": str(seed),
        "customers": str(customers),
        **{f"defects_{kind}": str(count) for kind, count in counts.items()},
    }

    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
    os.close(handle)
    try:
        conn = sqlite3.connect(temporary)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.executescript(_SCHEMA)
            conn.execute("PRAGMA foreign_keys = ON")
            with conn:
                for table, frame in (
                    ("products", products),
                    ("customers", people),
                    ("orders", order_table),
                    ("contacts", contacts),
                    ("complaints", complaints),
                    ("surveys", surveys),
                ):
                    _insert(conn, table, frame)
                conn.executemany("INSERT INTO build_info VALUES (?, ?)", info.items())
            if off_scale or orphans:
                # Planted defects arrive as a legacy import would bring them:
                # with the checks switched off (pragmas work outside a
                # transaction only). Without defects every row passes.
                conn.execute("PRAGMA foreign_keys = OFF")
                conn.execute("PRAGMA ignore_check_constraints = ON")
                with conn:
                    conn.executemany(
                        "UPDATE surveys SET satisfaction = ? WHERE response_id = ?",
                        off_scale,
                    )
                    conn.executemany(
                        "UPDATE orders SET customer_id = ? WHERE order_id = ?", orphans
                    )
                conn.execute("PRAGMA ignore_check_constraints = OFF")
            conn.executescript(_INDEXES)
        finally:
            conn.close()
        os.replace(temporary, file)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return file


def _check_schema(conn: object, name: str = "conn") -> None:
    found = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        ).fetchall()
    }
    missing = sorted(set(TABLES) - found)
    if missing:
        raise ValueError(
            f"{name} must be a CRM Lab database with the tables {sorted(TABLES)}; "
            f"missing {missing}, got {sorted(found)}"
        )


def connect(path: str | os.PathLike, *, read_only: bool = True) -> sqlite3.Connection:
    """Open a CRM Lab database, read-only unless asked otherwise.

    Foreign keys are switched on (SQLite leaves them off by default), and the
    file is checked to hold the tables of :data:`TABLES`.

    Parameters
    ----------
    path : str or os.PathLike, no default
        An existing database file, as written by :func:`build_database`.
    read_only : bool, default=True
        Open the file so that no statement can change it; pass ``False`` to
        fix data (chapter 6 cleans a copy of the database this way).

    Returns
    -------
    conn : sqlite3.Connection
        An open connection; close it with ``conn.close()``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> db = build_database(pathlib.Path(tempfile.mkdtemp()) / "shop.db",
    ...                     customers=20, seed=3)
    >>> conn = connect(db)
    >>> conn.execute("PRAGMA foreign_keys").fetchone()
    (1,)
    >>> conn.close()
    """
    file = _database_path(path, must_exist=True)
    if not isinstance(read_only, bool):
        raise TypeError(f"read_only must be True or False; got {_describe(read_only)}")
    mode = "ro" if read_only else "rw"
    conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode={mode}", uri=True)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        _check_schema(conn, "path")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise ValueError(
            f"path must be a SQLite database file; got {str(file)!r} ({error})"
        ) from None
    except ValueError:
        conn.close()
        raise
    return conn


def _engine(conn: object) -> str:
    if isinstance(conn, sqlite3.Connection):
        return "sqlite"
    if type(conn).__module__.split(".")[0] in {"duckdb", "_duckdb"}:
        return "duckdb"
    raise TypeError(
        "conn must be a sqlite3 or DuckDB connection; "
        f"got {type(conn).__module__}.{type(conn).__name__}"
    )


def query(
    conn: object, sql: str, *, params: Sequence | Mapping | None = None
) -> pd.DataFrame:
    """Run one SQL query with bound parameters and return its rows as a DataFrame.

    Values go in ``params`` and are bound by the database driver (``?`` in
    the SQL for a sequence, ``:name`` for a mapping); they are never pasted
    into the SQL text, so a value such as ``O'Brien; DROP TABLE orders`` is
    only data (SQL注入 cannot happen).

    Parameters
    ----------
    conn : sqlite3.Connection or duckdb.DuckDBPyConnection, no default
        An open connection.
    sql : str, no default
        One SQL statement.
    params : sequence or mapping, default=None
        The values of the statement's placeholders.

    Returns
    -------
    rows : pandas.DataFrame
        One column per result column, in the query's order.

    Examples
    --------
    >>> conn = sqlite3.connect(":memory:")
    >>> query(conn, "SELECT ? AS name, ? * 2 AS twice", params=["O'Brien", 21])
          name  twice
    0  O'Brien     42
    """
    _engine(conn)
    if not isinstance(sql, str):
        raise TypeError(f"sql must be a string; got {_describe(sql)}")
    if params is None:
        params = ()
    elif isinstance(params, (str, bytes)) or not isinstance(
        params, (Sequence, Mapping)
    ):
        raise TypeError(
            f"params must be a sequence or a mapping of values; got {_describe(params)}"
        )
    cursor = conn.execute(sql, params)
    columns = [column[0] for column in cursor.description or ()]
    return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)


def _normalise_phone(phone: pd.Series) -> pd.Series:
    digits = phone.str.replace(r"\D", "", regex=True)
    return digits.str.replace(r"^86(?=\d{11}$)", "", regex=True)


def _examples(ids: Sequence) -> str:
    return ", ".join(str(i) for i in list(ids)[:5])


def quality_report(conn: sqlite3.Connection) -> pd.DataFrame:
    """Count the four kinds of data-quality defect (数据质量) and name examples.

    * ``duplicates``: one person under two ids. Two customers are the same
      person when their phone numbers agree after keeping only the digits
      (and dropping a leading country code 86), or their e-mails agree after
      trimming spaces and lower-casing. The later id is the duplicate.
    * ``missing``: customers with no phone, no e-mail or no birth year.
    * ``out_of_range``: survey answers off their scale (satisfaction 1-5,
      recommend 0-10).
    * ``orphans``: orders whose customer is not in ``customers``.

    Parameters
    ----------
    conn : sqlite3.Connection, no default
        An open CRM Lab database (:func:`connect`).

    Returns
    -------
    report : pandas.DataFrame
        Indexed by defect (the order of :data:`DEFECTS`), with columns
        ``table``, ``count`` (int) and ``examples`` (up to five ids, comma
        separated: customer ids, response ids or order ids).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> db = build_database(pathlib.Path(tempfile.mkdtemp()) / "shop.db",
    ...                     customers=60, seed=5,
    ...                     defects={"duplicates": 2, "orphans": 1})
    >>> conn = connect(db)
    >>> quality_report(conn)[["table", "count"]]
                      table  count
    defect
    duplicates    customers      2
    missing       customers      0
    out_of_range    surveys      0
    orphans          orders      1
    >>> conn.close()
    """
    _engine(conn)
    _check_schema(conn)
    people = query(
        conn, "SELECT customer_id, phone, email FROM customers ORDER BY customer_id"
    )
    phone = _normalise_phone(people["phone"].astype("string"))
    email = people["email"].astype("string").str.strip().str.lower()
    repeated = (phone.notna() & phone.duplicated()) | (
        email.notna() & email.duplicated()
    )
    duplicates = people.loc[repeated.to_numpy(), "customer_id"].tolist()
    missing = query(
        conn,
        "SELECT customer_id FROM customers WHERE phone IS NULL OR email IS NULL "
        "OR birth_year IS NULL ORDER BY customer_id",
    )["customer_id"].tolist()
    off_scale = query(
        conn,
        "SELECT response_id FROM surveys WHERE satisfaction NOT BETWEEN 1 AND 5 "
        "OR recommend NOT BETWEEN 0 AND 10 ORDER BY response_id",
    )["response_id"].tolist()
    orphans = query(
        conn,
        "SELECT o.order_id FROM orders AS o LEFT JOIN customers AS c "
        "ON o.customer_id = c.customer_id WHERE c.customer_id IS NULL "
        "ORDER BY o.order_id",
    )["order_id"].tolist()
    found = {
        "duplicates": ("customers", duplicates),
        "missing": ("customers", missing),
        "out_of_range": ("surveys", off_scale),
        "orphans": ("orders", orphans),
    }
    return pd.DataFrame(
        {
            "table": [found[kind][0] for kind in DEFECTS],
            "count": np.array([len(found[kind][1]) for kind in DEFECTS], dtype="int64"),
            "examples": [_examples(found[kind][1]) for kind in DEFECTS],
        },
        index=pd.Index(DEFECTS, name="defect"),
    )


#: RFM in SQL. ``{days}`` stands for the one engine-specific expression, the
#: whole days from ``last_order`` to the bound day ``?``.
RFM_SQL = """
WITH per_customer AS (
    SELECT customer_id,
           MAX(order_date) AS last_order,
           COUNT(*)        AS frequency,
           SUM(amount)     AS monetary
    FROM orders
    GROUP BY customer_id
)
SELECT customer_id,
       {days} AS recency,
       frequency,
       monetary
FROM per_customer
ORDER BY customer_id
"""

_DAYS = MappingProxyType(
    {
        "sqlite": "CAST(julianday(?) - julianday(last_order) AS INTEGER)",
        "duckdb": "date_diff('day', CAST(last_order AS DATE), CAST(? AS DATE))",
    }
)


def rfm_sql(conn: object, *, now: object = None) -> pd.DataFrame:
    """Compute the RFM table in SQL, from the ``orders`` table.

    RFM模型 in SQL: one ``GROUP BY`` over ``orders`` gives each customer's
    last order day, number of orders and total amount; recency is the whole
    days from the last order day to ``now``. The result equals
    :func:`crmlab.classify.rfm_table` on the same orders. The query (see
    ``RFM_SQL`` in the source) runs on SQLite and on DuckDB; only the
    day-difference expression differs.

    Parameters
    ----------
    conn : sqlite3.Connection or duckdb.DuckDBPyConnection, no default
        A connection with a table ``orders`` holding ``customer_id``,
        ``order_date`` (ISO text or DATE) and ``amount``.
    now : str or datetime-like, default=None
        The day recency is measured to; ``None`` means the day after the last
        order. Must not be before the last order's day.

    Returns
    -------
    rfm : pandas.DataFrame
        Indexed by ``customer_id`` (sorted), with integer columns ``recency``
        and ``frequency`` and float column ``monetary``.

    See Also
    --------
    crmlab.classify.rfm_table

    Notes
    -----
    Taught in :doc:`chapter 6, Customer information
    </chapters/ch06_customer_information/customer_information>` and :doc:`chapter 13,
    CRM strategy </chapters/ch13_crm_strategy/crm_strategy>`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> db = build_database(pathlib.Path(tempfile.mkdtemp()) / "shop.db",
    ...                     customers=30, seed=2)
    >>> conn = connect(db)
    >>> rfm_sql(conn, now="2026-01-01").head(3)
                 recency  frequency  monetary
    customer_id
    C000001            9         17   2762.50
    C000002           17         22    645.12
    C000003           25         26    641.25
    >>> conn.close()
    """
    engine = _engine(conn)
    found = conn.execute(
        "SELECT COUNT(*), CAST(MAX(order_date) AS VARCHAR) FROM orders"
    ).fetchone()
    if not found[0]:
        raise ValueError("conn must hold at least one order; got an empty orders table")
    last_day = pd.Timestamp(found[1])
    day = last_day + pd.Timedelta(days=1) if now is None else check_now(now, last_day)
    sql = RFM_SQL.format(days=_DAYS[engine])
    table = query(conn, sql, params=[day.strftime("%Y-%m-%d")])
    return pd.DataFrame(
        {
            "recency": table["recency"].to_numpy().astype("int64"),
            "frequency": table["frequency"].to_numpy().astype("int64"),
            "monetary": table["monetary"].to_numpy().astype(float),
        },
        index=pd.Index(table["customer_id"].astype(str).to_numpy(), name="customer_id"),
    )


def _pseudonym(key: bytes, value: object) -> str:
    digest = hmac.new(key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()
    return "P" + digest[:10]


def deidentify(customers: pd.DataFrame, *, key: str) -> pd.DataFrame:
    """Pseudonymise and mask a customer table (去标识化) before it is shared.

    What the chapter does under China's Personal Information Protection Law
    (个人信息保护法): keep only what the purpose needs and make the rest
    unreadable. ``customer_id`` becomes a keyed pseudonym (HMAC-SHA-256 with
    ``key``: the same id always gives the same pseudonym, so tables still
    join, but without the key nobody can turn it back); ``name`` is dropped;
    ``phone`` keeps its first three and last four digits (``138****5678``);
    ``email`` keeps its first letter and its domain; ``birth_year`` becomes
    its decade. Columns that are not present are skipped; other columns are
    kept as they are.

    Parameters
    ----------
    customers : pandas.DataFrame, no default
        A customer table with at least a ``customer_id`` column; not
        modified. Also used on any table keyed by ``customer_id`` (orders,
        surveys) with the same ``key``.
    key : str, no default
        The secret that makes the pseudonyms; at least 8 characters, kept
        apart from the shared data.

    Returns
    -------
    shared : pandas.DataFrame
        A copy with the changes above, same row order and index.

    References
    ----------
    Personal Information Protection Law of the People's Republic of China
    (2021), article 73 (de-identification, 去标识化; anonymisation, 匿名化).

    Examples
    --------
    >>> people = pd.DataFrame({"customer_id": ["C000001", "C000002"],
    ...                        "name": ["Wang Fang", "Li Lei"],
    ...                        "phone": ["13812345678", None],
    ...                        "email": ["fang.wang1@example.com", "lei.li2@example.net"],
    ...                        "birth_year": [1987, 2001]})
    >>> deidentify(people, key="classroom-key")
       customer_id        phone             email birth_year
    0  Pde1c317ff3  138****5678  f***@example.com      1980s
    1  P3d20668f3a         None  l***@example.net      2000s
    """
    frame = check_frame("customers", customers, ["customer_id"])
    if not isinstance(key, str) or len(key) < 8:
        raise ValueError(
            f"key must be a secret string of at least 8 characters; got {_describe(key)}"
        )
    secret = key.encode("utf-8")
    frame["customer_id"] = [_pseudonym(secret, value) for value in frame["customer_id"]]
    frame = frame.drop(columns=["name"], errors="ignore")
    if "phone" in frame:
        digits = frame["phone"].astype("string").str.replace(r"\D", "", regex=True)
        masked = digits.str.slice(0, 3) + "****" + digits.str.slice(-4)
        frame["phone"] = masked.astype(object).where(masked.notna(), None)
    if "email" in frame:
        email = frame["email"].astype("string").str.strip().str.lower()
        masked = email.str.replace(r"^(.)[^@]*@", r"\1***@", regex=True)
        frame["email"] = masked.astype(object).where(masked.notna(), None)
    if "birth_year" in frame:
        year = pd.to_numeric(frame["birth_year"], errors="coerce")
        decade = (year // 10 * 10).astype("Int64").astype("string") + "s"
        frame["birth_year"] = decade.astype(object).where(decade.notna(), None)
    return frame


#: RFM scores in SQL, with window functions. Its two parameters are the day
#: recency is measured to and the number of score levels; ``{days}`` is as in
#: ``RFM_SQL``.
RFM_SCORE_SQL = """
WITH params AS (SELECT ? AS day, ? AS bins),
per_customer AS (
    SELECT customer_id,
           MAX(order_date) AS last_order,
           COUNT(*)        AS frequency,
           SUM(amount)     AS monetary
    FROM orders
    GROUP BY customer_id
),
ranked AS (
    SELECT customer_id,
           {days} AS recency,
           frequency,
           ROUND(monetary, 2) AS cents,
           COUNT(*) OVER () AS n
    FROM per_customer
),
twice AS (
    -- twice the average rank (1 = worst), ties sharing their mean rank
    SELECT customer_id, n,
           2 * RANK() OVER (ORDER BY recency DESC)
             + COUNT(*) OVER (PARTITION BY recency) - 1 AS r2,
           2 * RANK() OVER (ORDER BY frequency)
             + COUNT(*) OVER (PARTITION BY frequency) - 1 AS f2,
           2 * RANK() OVER (ORDER BY cents)
             + COUNT(*) OVER (PARTITION BY cents) - 1 AS m2
    FROM ranked
),
numerators AS (
    -- ceil(bins * rank / n) = floor((bins * twice + 2n - 1) / 2n)
    SELECT customer_id, 2 * n AS d,
           (SELECT bins FROM params) * r2 + 2 * n - 1 AS r,
           (SELECT bins FROM params) * f2 + 2 * n - 1 AS f,
           (SELECT bins FROM params) * m2 + 2 * n - 1 AS m
    FROM twice
)
SELECT customer_id,
       CAST((r - r % d) / d AS INTEGER) AS R,
       CAST((f - f % d) / d AS INTEGER) AS F,
       CAST((m - m % d) / d AS INTEGER) AS M
FROM numerators
ORDER BY customer_id
"""


def rfm_score_sql(conn: object, *, now: object = None, bins: int = 5) -> pd.DataFrame:
    """Score recency, frequency and monetary value from 1 to ``bins`` in SQL.

    The scores of :func:`crmlab.classify.rfm_score` computed inside the
    database with window functions (``RANK() OVER``, ``COUNT(*) OVER``): each
    customer's score is ``ceil(bins × rank / n)`` of the average rank, 1 for
    the worst and ``bins`` for the best. Monetary values are ranked in whole
    cents (``ROUND(monetary, 2)``), so that two sums that differ only by
    floating-point error tie. Runs on SQLite and DuckDB.

    Parameters
    ----------
    conn : sqlite3.Connection or duckdb.DuckDBPyConnection, no default
        A connection with an ``orders`` table, as for :func:`rfm_sql`.
    now : str or datetime-like, default=None
        The day recency is measured to, as in :func:`rfm_sql`.
    bins : int, default=5
        Number of score levels, from 2 to 9.

    Returns
    -------
    scores : pandas.DataFrame
        Indexed by ``customer_id`` (sorted), with integer columns ``R``,
        ``F``, ``M`` and the string code ``RFM``; equal to
        ``rfm_score(rfm_table(orders))`` when the totals are in whole cents.

    See Also
    --------
    crmlab.classify.rfm_score
    crmlab.classify.rfm_segment

    Notes
    -----
    Taught in :doc:`chapter 13, CRM strategy, systems and analytics
    </chapters/ch13_crm_strategy/crm_strategy>`.

    Examples
    --------
    >>> conn = sqlite3.connect(":memory:")
    >>> _ = conn.execute("CREATE TABLE orders (customer_id, order_date, amount)")
    >>> _ = conn.executemany("INSERT INTO orders VALUES (?, ?, ?)", [
    ...     ("a", "2025-01-01", 20.0), ("b", "2025-01-03", 35.0),
    ...     ("a", "2025-01-08", 10.0), ("c", "2025-01-10", 5.0)])
    >>> rfm_score_sql(conn, bins=3)
                 R  F  M  RFM
    customer_id
    a            2  3  2  232
    b            1  2  3  123
    c            3  2  1  321
    """
    engine = _engine(conn)
    bins = check_integer("bins", bins, low=2, high=9)
    found = conn.execute(
        "SELECT COUNT(*), CAST(MAX(order_date) AS VARCHAR) FROM orders"
    ).fetchone()
    if not found[0]:
        raise ValueError("conn must hold at least one order; got an empty orders table")
    last_day = pd.Timestamp(found[1])
    day = last_day + pd.Timedelta(days=1) if now is None else check_now(now, last_day)
    days = _DAYS[engine].replace("?", "(SELECT day FROM params)")
    sql = RFM_SCORE_SQL.format(days=days)
    table = query(conn, sql, params=[day.strftime("%Y-%m-%d"), bins])
    scores = pd.DataFrame(
        {letter: table[letter].to_numpy().astype("int64") for letter in "RFM"},
        index=pd.Index(table["customer_id"].astype(str).to_numpy(), name="customer_id"),
    )
    scores["RFM"] = (
        scores["R"].astype(str) + scores["F"].astype(str) + scores["M"].astype(str)
    )
    return scores
