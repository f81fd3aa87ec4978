"""Benchmark ``crmlab.classify.rfm_table`` against a bare pandas groupby.

Run as ``python bench/bench_rfm.py``. Builds one million transactions of
100 000 customers with ``crmlab.datasets.make_transactions``, times
``rfm_table`` and the bare groupby that computes the same three columns (best
of five runs with ``time.perf_counter``), checks that both give the same table
and prints both times and their ratio. The target is a ratio of at most 1.5:
input validation must not cost more than half the aggregation itself.
"""

from __future__ import annotations

import time

import pandas as pd

from crmlab.classify import rfm_table
from crmlab.datasets import make_transactions

N_CUSTOMERS = 100_000
N_TRANSACTIONS = 1_000_000
REPEATS = 5
TARGET_RATIO = 1.5


def bare_groupby(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with no validation: one groupby and a subtraction."""
    table = frame.groupby("customer_id").agg(
        last=("date", "max"), frequency=("date", "size"), monetary=("amount", "sum")
    )
    now = frame["date"].max() + pd.Timedelta(days=1)
    table["recency"] = (now - table["last"]).dt.days
    return table[["recency", "frequency", "monetary"]]


def best_times(frame: pd.DataFrame) -> tuple[float, float, pd.DataFrame, pd.DataFrame]:
    """Best wall-clock times of ``REPEATS`` calls of each, interleaved so that
    neither benefits from running second (warm caches), and the results."""
    bare_times, crmlab_times = [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        expected = bare_groupby(frame)
        bare_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = rfm_table(frame)
        crmlab_times.append(time.perf_counter() - start)
    return min(bare_times), min(crmlab_times), expected, result


def main() -> None:
    frame = make_transactions(N_CUSTOMERS, n_transactions=N_TRANSACTIONS)
    print(f"{len(frame):,} transactions of {frame.customer_id.nunique():,} customers")
    bare_seconds, crmlab_seconds, expected, result = best_times(frame)
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)
    ratio = crmlab_seconds / bare_seconds
    print(f"bare groupby : {bare_seconds:.3f} s (best of {REPEATS})")
    print(f"rfm_table    : {crmlab_seconds:.3f} s (best of {REPEATS})")
    print(f"ratio        : {ratio:.2f} (target <= {TARGET_RATIO})")
    print("results equal: yes")
    if ratio > TARGET_RATIO:
        raise SystemExit(f"rfm_table is {ratio:.2f}x the bare groupby")


if __name__ == "__main__":
    main()
