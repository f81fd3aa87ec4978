"""Benchmark ``crmlab.database.build_database`` against a bare ``DataFrame.to_sql``.

Run as ``python bench/bench_database.py``; it rewrites ``bench/database_build.md``.
Builds the database of 100 000 customers and 1 000 000 orders with
``build_database`` (schema with keys, ``CHECK`` constraints, indexes, written
to a temporary file and moved into place) and, for comparison, writes the
same six tables with ``DataFrame.to_sql`` into an empty SQLite file (no keys,
no constraints, no indexes), after generating them the same way. The times are
wall clock (``time.perf_counter``), best of ``REPEATS`` interleaved runs.
"""

from __future__ import annotations

import platform
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab import database
from crmlab.datasets import make_transactions

N_CUSTOMERS = 100_000
N_ORDERS = 1_000_000
SEED = 1
REPEATS = 3
OUT = Path(__file__).with_name("database_build.md")


def bare_to_sql(path: Path) -> None:
    """Generate the same tables as the builder and write them with ``to_sql``."""
    log = make_transactions(N_CUSTOMERS, n_transactions=N_ORDERS, seed=SEED)
    rng = np.random.default_rng([SEED, 6])
    people = database._customer_table(rng, log)
    orders = pd.DataFrame(
        {
            "order_id": np.arange(1, len(log) + 1),
            "customer_id": log["customer_id"].to_numpy(),
            "product_id": np.array([p[0] for p in database._PRODUCTS])[
                rng.integers(0, len(database._PRODUCTS), len(log))
            ],
            "order_date": log["date"].dt.strftime("%Y-%m-%d").to_numpy(),
            "amount": log["amount"].to_numpy(),
        }
    )
    contacts, complaints, surveys = database._other_tables(rng, people, orders)
    products = pd.DataFrame(database._PRODUCTS, columns=database.TABLES["products"])
    conn = sqlite3.connect(path)
    try:
        for name, frame in (
            ("products", products),
            ("customers", people),
            ("orders", orders),
            ("contacts", contacts),
            ("complaints", complaints),
            ("surveys", surveys),
        ):
            frame.to_sql(name, conn, index=False)
        conn.commit()
    finally:
        conn.close()


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    built, bare = [], []
    for run in range(REPEATS):
        start = time.perf_counter()
        database.build_database(
            folder / f"built{run}.db",
            customers=N_CUSTOMERS,
            orders=N_ORDERS,
            seed=SEED,
        )
        built.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare_to_sql(folder / f"bare{run}.db")
        bare.append(time.perf_counter() - start)
    size = (folder / "built0.db").stat().st_size / 2**20
    lines = [
        "# Building the customer database: crmlab vs a bare to_sql",
        "",
        "Written by `bench/bench_database.py` (see its docstring to rerun).",
        f"{N_CUSTOMERS:,} customers and {N_ORDERS:,} orders (plus contacts,",
        "complaints and surveys); best of "
        f"{REPEATS} interleaved runs, wall-clock seconds. Both include generating",
        "the data. `build_database` also declares keys, `CHECK` constraints and",
        "indexes and writes to a temporary file first; the bare `to_sql` has none.",
        "",
        f"Python {platform.python_version()} on {platform.machine()}; "
        f"SQLite {sqlite3.sqlite_version}, pandas {pd.__version__}, "
        f"numpy {np.__version__}. The machine's two cores were shared with",
        "other jobs, so single runs vary.",
        "",
        "| method | best s | all runs s | file MiB |",
        "|---|---:|---:|---:|",
        f"| `crmlab.database.build_database` | {min(built):.1f} | "
        f"{', '.join(f'{t:.1f}' for t in built)} | {size:.0f} |",
        f"| generate + `DataFrame.to_sql` | {min(bare):.1f} | "
        f"{', '.join(f'{t:.1f}' for t in bare)} | "
        f"{(folder / 'bare0.db').stat().st_size / 2**20:.0f} |",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
