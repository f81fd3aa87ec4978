"""Tests for crmlab.database: the SQLite customer database of chapters 6 and 13."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import database
from crmlab.classify import rfm_score, rfm_table
from crmlab.database import (
    DEFECTS,
    TABLES,
    build_database,
    connect,
    deidentify,
    quality_report,
    query,
    rfm_score_sql,
    rfm_sql,
)
from crmlab.datasets import make_transactions

PLANTED = {"duplicates": 7, "missing": 5, "out_of_range": 4, "orphans": 3}


@pytest.fixture(scope="module")
def clean_db(tmp_path_factory):
    return build_database(
        tmp_path_factory.mktemp("db") / "clean.db", customers=3_000, seed=11
    )


@pytest.fixture(scope="module")
def dirty_db(tmp_path_factory):
    return build_database(
        tmp_path_factory.mktemp("db") / "dirty.db",
        customers=800,
        seed=12,
        defects=PLANTED,
    )


def orders_of(path) -> pd.DataFrame:
    conn = connect(path)
    try:
        return query(conn, "SELECT customer_id, order_date, amount FROM orders")
    finally:
        conn.close()


# --------------------------------------------------------------------------
# build_database and connect
# --------------------------------------------------------------------------


def test_build_database_holds_every_table_with_its_columns(clean_db):
    conn = connect(clean_db)
    for table, columns in TABLES.items():
        found = query(conn, f"SELECT * FROM {table} LIMIT 1").columns.tolist()
        assert found == list(columns), table
    conn.close()


def test_build_database_orders_are_those_of_make_transactions(clean_db):
    log = make_transactions(3_000, seed=11)
    orders = orders_of(clean_db)
    assert orders["customer_id"].tolist() == log["customer_id"].tolist()
    assert orders["order_date"].tolist() == log["date"].dt.strftime("%Y-%m-%d").tolist()
    assert np.array_equal(orders["amount"].to_numpy(), log["amount"].to_numpy())


def test_build_database_is_deterministic_for_a_seed(tmp_path):
    first = build_database(tmp_path / "a.db", customers=120, seed=4, defects=PLANTED)
    second = build_database(tmp_path / "b.db", customers=120, seed=4, defects=PLANTED)
    other = build_database(tmp_path / "c.db", customers=120, seed=5)
    a, b, c = connect(first), connect(second), connect(other)
    for table in TABLES:
        sql = f"SELECT * FROM {table} ORDER BY 1"
        pd.testing.assert_frame_equal(query(a, sql), query(b, sql))
    assert not query(a, "SELECT * FROM customers").equals(
        query(c, "SELECT * FROM customers")
    )
    for conn in (a, b, c):
        conn.close()


def test_a_clean_database_passes_sqlite_integrity_and_foreign_key_checks(clean_db):
    conn = connect(clean_db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_the_database_rejects_a_negative_amount_and_an_unknown_customer(tmp_path):
    path = build_database(tmp_path / "shop.db", customers=30, seed=1)
    conn = connect(path, read_only=False)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        conn.execute(
            "INSERT INTO orders (customer_id, product_id, order_date, amount) "
            "VALUES ('C000001', 'P01', '2025-01-01', -5)"
        )
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY constraint failed"):
        conn.execute(
            "INSERT INTO orders (customer_id, product_id, order_date, amount) "
            "VALUES ('C999999', 'P01', '2025-01-01', 5)"
        )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        conn.execute(
            "INSERT INTO surveys (customer_id, survey_date, satisfaction, recommend) "
            "VALUES ('C000001', '2026-01-12', 6, 9)"
        )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        conn.execute(
            "INSERT INTO orders (customer_id, product_id, order_date, amount) "
            "VALUES ('C000001', 'P01', '01/02/2025', 5)"
        )
    conn.close()


def test_connect_is_read_only_by_default(clean_db):
    conn = connect(clean_db)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM orders")
    conn.close()


def test_a_failed_build_leaves_no_file_behind(tmp_path, monkeypatch):
    def broken(conn, table, frame):
        raise RuntimeError("disk full")

    monkeypatch.setattr(database, "_insert", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build_database(tmp_path / "shop.db", customers=20, seed=1)
    assert list(tmp_path.iterdir()) == []


def test_build_database_does_not_replace_a_file_unless_asked(tmp_path):
    path = tmp_path / "shop.db"
    path.write_text("my notes")
    with pytest.raises(FileExistsError, match=r"overwrite=True; got .*shop\.db"):
        build_database(path, customers=20, seed=1)
    assert path.read_text() == "my notes"
    build_database(path, customers=20, seed=1, overwrite=True)
    conn = connect(path)
    assert query(conn, "SELECT COUNT(*) AS n FROM customers")["n"].item() == 20
    conn.close()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda tmp: build_database(tmp / "no" / "such" / "x.db"),
            FileNotFoundError,
            r"path must be in an existing directory; got .*x\.db",
        ),
        (lambda tmp: build_database(42), TypeError, "path must be a file path.*got 42"),
        (
            lambda tmp: build_database(tmp / "x.db", customers=0),
            ValueError,
            "n_customers must be at least 1; got 0",
        ),
        (
            lambda tmp: build_database(tmp / "x.db", seed=-1),
            ValueError,
            "seed must be a non-negative integer; got -1",
        ),
        (
            lambda tmp: build_database(tmp / "x.db", defects={"typos": 1}),
            ValueError,
            "defects key must be one of 'duplicates'.*got 'typos'",
        ),
        (
            lambda tmp: build_database(tmp / "x.db", defects={"orphans": -1}),
            ValueError,
            r"defects\['orphans'\] must be at least 0; got -1",
        ),
        (
            lambda tmp: build_database(
                tmp / "x.db", customers=10, defects={"missing": 9}
            ),
            ValueError,
            "must be at most half the customers .5.; got 9",
        ),
        (
            lambda tmp: build_database(tmp / "x.db", defects=[("orphans", 1)]),
            TypeError,
            "defects must be a mapping .*; got",
        ),
        (
            lambda tmp: build_database(tmp / "x.db", overwrite="yes"),
            TypeError,
            "overwrite must be True or False; got 'yes'",
        ),
        (
            lambda tmp: connect(tmp / "missing.db"),
            FileNotFoundError,
            r"path must be an existing database file; got .*missing\.db",
        ),
    ],
)
def test_build_and_connect_reject_bad_input(tmp_path, call, error, message):
    with pytest.raises(error, match=message):
        call(tmp_path)
    assert not (tmp_path / "x.db").exists()


def test_connect_rejects_a_database_of_another_schema(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE orders (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(ValueError, match=r"path must be a CRM Lab database .*missing"):
        connect(other)
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("hello, this is not a database file at all" * 10)
    with pytest.raises(ValueError, match="path must be a SQLite database file; got"):
        connect(not_a_db)


# --------------------------------------------------------------------------
# query
# --------------------------------------------------------------------------


def test_query_binds_parameters_so_a_hostile_name_is_only_data(tmp_path):
    path = build_database(tmp_path / "shop.db", customers=20, seed=1)
    conn = connect(path, read_only=False)
    hostile = "O'Brien; DROP TABLE orders; --"
    conn.execute(
        "UPDATE customers SET name = ? WHERE customer_id = ?", (hostile, "C000001")
    )
    found = query(conn, "SELECT name FROM customers WHERE name = ?", params=[hostile])
    assert found["name"].tolist() == [hostile]
    named = query(
        conn, "SELECT customer_id FROM customers WHERE name = :n", params={"n": hostile}
    )
    assert named["customer_id"].tolist() == ["C000001"]
    assert query(conn, "SELECT COUNT(*) AS n FROM orders")["n"].item() > 0
    conn.close()


def test_query_returns_the_columns_in_query_order_even_with_no_rows(clean_db):
    conn = connect(clean_db)
    empty = query(conn, "SELECT amount, customer_id FROM orders WHERE amount < 0")
    assert empty.columns.tolist() == ["amount", "customer_id"] and empty.empty
    conn.close()


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (
            ("not a connection", "SELECT 1"),
            {},
            TypeError,
            "conn must be a sqlite3 .*got",
        ),
        ((None, 42), {}, TypeError, "sql must be a string; got 42"),
        ((None, "SELECT ?"), {"params": "x"}, TypeError, "params must be .*got 'x'"),
        ((None, "SELECT ?"), {"params": 5}, TypeError, "params must be .*got 5"),
    ],
)
def test_query_rejects_bad_input(args, kwargs, error, message):
    conn = sqlite3.connect(":memory:")
    args = tuple(conn if a is None else a for a in args)
    with pytest.raises(error, match=message):
        query(*args, **kwargs)


# --------------------------------------------------------------------------
# quality_report
# --------------------------------------------------------------------------


def test_quality_report_finds_no_defect_in_a_clean_database(clean_db):
    conn = connect(clean_db)
    report = quality_report(conn)
    assert report.index.tolist() == list(DEFECTS)
    assert report["count"].tolist() == [0, 0, 0, 0]
    assert report["examples"].tolist() == ["", "", "", ""]
    conn.close()


def test_quality_report_finds_exactly_the_planted_defects(dirty_db):
    conn = connect(dirty_db)
    report = quality_report(conn)
    assert report["count"].to_dict() == PLANTED
    # The duplicates are the new ids after the 800 original customers.
    expected = ", ".join(f"C{800 + k:06d}" for k in range(1, 6))
    assert report.loc["duplicates", "examples"] == expected
    # The orphans are exactly the rows SQLite's own foreign-key check finds.
    violations = conn.execute("PRAGMA foreign_key_check(orders)").fetchall()
    assert sorted(row[1] for row in violations) == [
        int(i) for i in report.loc["orphans", "examples"].split(", ")
    ]
    conn.close()


def test_a_planted_duplicate_shares_the_persons_orders(dirty_db):
    conn = connect(dirty_db)
    pairs = query(
        conn,
        "SELECT a.customer_id AS original, b.customer_id AS duplicate "
        "FROM customers AS a JOIN customers AS b "
        "ON a.name = b.name AND lower(trim(b.email)) = a.email "
        "WHERE a.customer_id < b.customer_id",
    )
    assert len(pairs) == PLANTED["duplicates"]
    counts = query(conn, "SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY 1")
    counts = counts.set_index("customer_id")["n"]
    assert (counts.reindex(pairs["duplicate"]).fillna(0) >= 0).all()
    conn.close()


def test_quality_report_rejects_another_schema():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(ValueError, match=r"conn must be a CRM Lab database .*got"):
        quality_report(conn)
    with pytest.raises(TypeError, match="conn must be a sqlite3 or DuckDB connection"):
        quality_report("shop.db")


# --------------------------------------------------------------------------
# rfm_sql
# --------------------------------------------------------------------------


def test_rfm_sql_equals_rfm_table_on_thousands_of_customers(clean_db):
    conn = connect(clean_db)
    orders = orders_of(clean_db)
    assert orders["customer_id"].nunique() == 3_000
    pd.testing.assert_frame_equal(rfm_sql(conn), rfm_table(orders, date="order_date"))
    pd.testing.assert_frame_equal(
        rfm_sql(conn, now="2026-03-01"),
        rfm_table(orders, date="order_date", now="2026-03-01"),
    )
    conn.close()


def test_rfm_sql_equals_rfm_table_with_defects_and_orphans(dirty_db):
    conn = connect(dirty_db)
    orders = orders_of(dirty_db)
    pd.testing.assert_frame_equal(rfm_sql(conn), rfm_table(orders, date="order_date"))
    conn.close()


def test_rfm_sql_runs_the_same_query_on_duckdb(clean_db):
    duckdb = pytest.importorskip("duckdb")
    orders = orders_of(clean_db)
    conn = duckdb.connect()
    conn.register("orders_frame", orders)
    conn.execute(
        "CREATE TABLE orders AS SELECT customer_id, "
        "CAST(order_date AS DATE) AS order_date, amount FROM orders_frame"
    )
    expected = rfm_table(orders, date="order_date", now="2026-01-15")
    pd.testing.assert_frame_equal(rfm_sql(conn, now="2026-01-15"), expected)
    pd.testing.assert_frame_equal(rfm_sql(conn), rfm_table(orders, date="order_date"))
    conn.close()


orders_strategy = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e"]),
        st.integers(0, 40),
        st.sampled_from([0.0, 5.0, 12.5, 99.99, 100.0]),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(orders_strategy, st.randoms(use_true_random=False))
def test_rfm_sql_equals_rfm_table_whatever_the_row_order(rows, random):
    random.shuffle(rows)
    frame = pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": [
                (pd.Timestamp("2025-01-01") + pd.Timedelta(days=r[1])).strftime(
                    "%Y-%m-%d"
                )
                for r in rows
            ],
            "amount": [r[2] for r in rows],
        }
    )
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE orders (customer_id TEXT, order_date TEXT, amount REAL)")
    conn.executemany(
        "INSERT INTO orders VALUES (?, ?, ?)", frame.itertuples(index=False)
    )
    pd.testing.assert_frame_equal(rfm_sql(conn), rfm_table(frame, date="order_date"))


def test_rfm_sql_rejects_a_now_before_the_last_order_and_an_empty_table(clean_db):
    conn = connect(clean_db)
    with pytest.raises(ValueError, match="now must not be before the last transaction"):
        rfm_sql(conn, now="2023-12-31")
    with pytest.raises(TypeError, match="now must be a date .*got 20250101"):
        rfm_sql(conn, now=20250101)
    conn.close()
    empty = sqlite3.connect(":memory:")
    empty.execute(
        "CREATE TABLE orders (customer_id TEXT, order_date TEXT, amount REAL)"
    )
    with pytest.raises(ValueError, match="conn must hold at least one order; got"):
        rfm_sql(empty)
    with pytest.raises(TypeError, match="conn must be a sqlite3 or DuckDB connection"):
        rfm_sql(None)


# --------------------------------------------------------------------------
# deidentify
# --------------------------------------------------------------------------


@pytest.fixture()
def people():
    return pd.DataFrame(
        {
            "customer_id": ["C000001", "C000002", "C000003"],
            "name": ["Wang Fang", "Li Lei", "Zhao Min"],
            "phone": ["13812345678", "+86 139-0000-1111", None],
            "email": ["fang.wang1@example.com", " LEI.LI2@example.net", None],
            "birth_year": [1987, 2001, None],
            "region": ["East", "South", "West"],
        }
    )


def test_deidentify_masks_drops_and_pseudonymises(people):
    shared = deidentify(people, key="classroom-key")
    assert "name" not in shared
    assert shared["phone"].tolist() == ["138****5678", "861****1111", None]
    assert shared["email"].tolist() == ["f***@example.com", "l***@example.net", None]
    assert shared["birth_year"].tolist() == ["1980s", "2000s", None]
    assert shared["region"].tolist() == people["region"].tolist()
    assert shared["customer_id"].str.fullmatch(r"P[0-9a-f]{10}").all()
    assert shared["customer_id"].is_unique


def test_deidentify_keeps_joins_and_depends_on_the_key(people):
    first = deidentify(people, key="classroom-key")
    orders = pd.DataFrame({"customer_id": ["C000002", "C000001"], "amount": [5.0, 7.0]})
    shared_orders = deidentify(orders, key="classroom-key")
    assert shared_orders["customer_id"].tolist() == first["customer_id"].tolist()[1::-1]
    other = deidentify(people, key="another-key")
    assert not set(other["customer_id"]) & set(first["customer_id"])


@settings(max_examples=30)
@given(st.permutations(range(3)))
def test_deidentify_does_not_mutate_and_ignores_row_order(order):
    frame = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c"],
            "name": ["x", "y", "z"],
            "phone": ["1", "2", "3"],
        }
    )
    before = frame.copy()
    shuffled = frame.iloc[list(order)]
    shared = deidentify(shuffled, key="12345678")
    pd.testing.assert_frame_equal(frame, before)
    assert dict(
        zip(shuffled["customer_id"], shared["customer_id"], strict=True)
    ) == dict(
        zip(
            frame["customer_id"],
            deidentify(frame, key="12345678")["customer_id"],
            strict=True,
        )
    )


@pytest.mark.parametrize(
    ("frame", "key", "error", "message"),
    [
        (
            pd.DataFrame({"id": [1]}),
            "12345678",
            ValueError,
            "missing .'customer_id'.*got",
        ),
        (
            "customers",
            "12345678",
            TypeError,
            "customers must be a pandas DataFrame; got",
        ),
        (
            pd.DataFrame({"customer_id": ["a"]}),
            "short",
            ValueError,
            "key must be .*got 'short'",
        ),
        (
            pd.DataFrame({"customer_id": ["a"]}),
            12345678,
            ValueError,
            "key must be .*got",
        ),
    ],
)
def test_deidentify_rejects_bad_input(frame, key, error, message):
    with pytest.raises(error, match=message):
        deidentify(frame, key=key)


# --------------------------------------------------------------------------
# rfm_score_sql
# --------------------------------------------------------------------------


def cents(orders: pd.DataFrame, **options) -> pd.DataFrame:
    return rfm_table(orders, date="order_date", **options).round({"monetary": 2})


@pytest.mark.parametrize("bins", [2, 5, 9])
def test_rfm_score_sql_equals_rfm_score_on_thousands_of_customers(clean_db, bins):
    conn = connect(clean_db)
    orders = orders_of(clean_db)
    expected = rfm_score(cents(orders, now="2026-02-01"), bins=bins)
    pd.testing.assert_frame_equal(
        rfm_score_sql(conn, now="2026-02-01", bins=bins), expected
    )
    conn.close()


def test_rfm_score_sql_runs_the_same_query_on_duckdb(dirty_db):
    duckdb = pytest.importorskip("duckdb")
    orders = orders_of(dirty_db)
    conn = duckdb.connect()
    conn.register("orders_frame", orders)
    conn.execute(
        "CREATE TABLE orders AS SELECT customer_id, "
        "CAST(order_date AS DATE) AS order_date, amount FROM orders_frame"
    )
    pd.testing.assert_frame_equal(rfm_score_sql(conn), rfm_score(cents(orders)))
    conn.close()


@settings(max_examples=40, deadline=None)
@given(orders_strategy, st.integers(2, 9))
def test_rfm_score_sql_gives_tied_customers_equal_scores(rows, bins):
    frame = pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": [f"2025-02-{1 + r[1] % 28:02d}" for r in rows],
            "amount": [r[2] for r in rows],
        }
    )
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE orders (customer_id TEXT, order_date TEXT, amount REAL)")
    conn.executemany(
        "INSERT INTO orders VALUES (?, ?, ?)", frame.itertuples(index=False)
    )
    scores = rfm_score_sql(conn, bins=bins)
    pd.testing.assert_frame_equal(scores, rfm_score(cents(frame), bins=bins))
    assert scores[["R", "F", "M"]].isin(range(1, bins + 1)).all().all()


def test_rfm_score_sql_rejects_bad_input(clean_db):
    conn = connect(clean_db)
    with pytest.raises(ValueError, match=r"bins must be in \[2, 9\]; got 10"):
        rfm_score_sql(conn, bins=10)
    with pytest.raises(ValueError, match="now must not be before the last transaction"):
        rfm_score_sql(conn, now="2024-06-01")
    conn.close()
    with pytest.raises(
        TypeError, match="conn must be a sqlite3 or DuckDB connection; got"
    ):
        rfm_score_sql("shop.db")
