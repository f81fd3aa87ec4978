"""One validator per concept: the behaviour every public function shares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab._validation import (
    check_integer,
    check_now,
    check_same_keys,
    check_transactions,
)
from crmlab.classify import effort_alignment, rfm_table, value_matrix
from crmlab.datasets import make_kano_survey, make_transactions
from crmlab.loyalty import (
    churn_risk,
    cohort_retention,
    loyalty_matrix,
    repeat_purchase_rate,
    share_of_wallet,
)
from crmlab.satisfaction import disconfirmation, ipa, kano_category

LOG = pd.DataFrame(
    {
        "customer_id": ["a", "b", "a"],
        "date": ["2024-01-02", "2024-01-05", "2024-02-01"],
        "amount": [10.0, 20.0, 5.0],
    }
)


# --- integers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "options", "error", "match"),
    [
        (2.0, {}, TypeError, r"^n must be an integer; got 2\.0$"),
        (True, {}, TypeError, r"^n must be an integer; got True$"),
        ("3", {}, TypeError, r"^n must be an integer; got '3'$"),
        (0, {"low": 1}, ValueError, r"^n must be at least 1; got 0$"),
        (10, {"high": 9}, ValueError, r"^n must be at most 9; got 10$"),
        (1, {"low": 2, "high": 9}, ValueError, r"^n must be in \[2, 9\]; got 1$"),
        (-1, {"low": 0, "kind": "a seed"}, ValueError, r"^n must be a seed; got -1$"),
    ],
)
def test_check_integer_names_the_argument_the_allowed_values_and_the_value(
    value, options, error, match
):
    with pytest.raises(error, match=match):
        check_integer("n", value, **options)


def test_check_integer_accepts_numpy_integers_and_returns_a_python_int():
    assert check_integer("n", np.int64(3), low=1) == 3
    assert type(check_integer("n", np.int64(3))) is int


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: make_transactions(2.5), "n_customers must be an integer; got 2.5"),
        (lambda: make_transactions(10, seed=-1), "seed must be a non-negative integer"),
        (lambda: make_kano_survey(0), "n_respondents must be at least 1; got 0"),
    ],
)
def test_generators_share_the_integer_check(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()


# --- same keys ----------------------------------------------------------------


def test_check_same_keys_names_both_arguments_and_a_key_in_only_one():
    with pytest.raises(
        ValueError, match=r"^a and b must hold the same customers; got 'y' in b only$"
    ):
        check_same_keys("customers", a={"x": 1}, b={"x": 1, "y": 2})
    check_same_keys("customers", a={"x": 1, "y": 2}, b=pd.Series({"y": 1, "x": 2}))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: value_matrix({"a": 1}, {"b": 1}),
            "current and potential must hold the same customers; got 'a' in current",
        ),
        (
            lambda: loyalty_matrix({"a": 1}, {"b": 1}),
            "attitude and patronage must hold the same customers; got 'a'",
        ),
        (
            lambda: share_of_wallet({"a": 1}, {"b": 2}),
            "firm_spend and category_spend must hold the same customers",
        ),
        (
            lambda: effort_alignment({"A": 1.0}, {"B": 1.0}),
            "effort_share and value_share must hold the same classes; got 'A'",
        ),
        (
            lambda: ipa({"a": 1}, {"b": 1}),
            "importance and performance must hold the same attributes",
        ),
        (
            lambda: disconfirmation(pd.Series([1.0], ["a"]), pd.Series([1.0], ["b"])),
            "perceived and expected must hold the same index labels; got 'a'",
        ),
    ],
)
def test_every_keyed_function_reports_different_keys_in_one_wording(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_labelled_inputs_in_another_order_are_aligned_by_label():
    perceived = pd.Series([4.0, 2.0], index=["a", "b"])
    expected = pd.Series([1.0, 4.0], index=["b", "a"])
    assert disconfirmation(perceived, expected).tolist() == [1.0, 2.0]
    functional = pd.Series([1, 3], index=["x", "y"])
    dysfunctional = pd.Series([5, 5], index=["y", "x"])
    assert kano_category(functional, dysfunctional).tolist() == ["O", "M"]


# --- transaction logs -----------------------------------------------------------


def _numeric_dates():
    return LOG.assign(date=[19725, 19728, 19754])


@pytest.mark.parametrize(
    "call",
    [
        lambda log: rfm_table(log),
        lambda log: churn_risk(log),
        lambda log: cohort_retention(log),
        lambda log: repeat_purchase_rate(log, date="date"),
    ],
)
def test_classify_and_loyalty_both_reject_numeric_dates(call):
    with pytest.raises(TypeError, match="'date' must hold dates .*; got dtype int64"):
        call(_numeric_dates())


def test_numbers_mixed_into_a_date_column_are_rejected_not_read_as_1970():
    log = LOG.assign(date=["2024-01-02", 5, "2024-02-01"])
    with pytest.raises(TypeError, match=r"must hold dates .*; got 5 \(int\) in row 1"):
        rfm_table(log)
    with pytest.raises(TypeError, match="must hold dates"):
        churn_risk(log)


@pytest.mark.parametrize(
    ("now", "error", "match"),
    [
        ("soon", ValueError, "now must be a date; got 'soon'"),
        (5, TypeError, r"now must be a date \(.*\); got 5"),
        (True, TypeError, "now must be a date"),
        (None, None, None),
        ("2024-01-01", ValueError, "now must not be before the last transaction"),
    ],
)
def test_rfm_table_and_churn_risk_reject_a_bad_now_with_the_same_error(
    now, error, match
):
    if error is None:
        rfm_table(LOG, now=now)
        churn_risk(LOG, now=now)
        return
    with pytest.raises(error, match=match):
        rfm_table(LOG, now=now)
    with pytest.raises(error, match=match):
        churn_risk(LOG, now=now)


def test_check_now_accepts_dates_of_every_kind_and_floors_to_the_day():
    last = pd.Timestamp("2024-01-01")
    for now in (
        "2024-01-03 15:00",
        pd.Timestamp("2024-01-03"),
        np.datetime64("2024-01-03"),
    ):
        assert check_now(now, last) == pd.Timestamp("2024-01-03")


def test_check_transactions_returns_a_checked_copy_and_leaves_the_log_alone():
    before = LOG.copy()
    frame = check_transactions(
        LOG, customer="customer_id", date="date", amount="amount"
    )
    assert frame["date"].dtype.kind == "M"
    frame.loc[0, "amount"] = -1
    pd.testing.assert_frame_equal(LOG, before)


@pytest.mark.parametrize(
    ("log", "options", "error", "match"),
    [
        (LOG.drop(columns="date"), {}, ValueError, r"missing \['date'\], got \["),
        (LOG.iloc[:0], {}, ValueError, r"must not be empty; got shape \(0, 3\)"),
        (LOG, {"date": "customer_id"}, ValueError, "two columns .*; got"),
        (LOG, {"customer": 1}, TypeError, "customer must be a column name"),
        (
            LOG.assign(customer_id=["a", None, "b"]),
            {},
            ValueError,
            "must not contain missing customer ids; got one in row 1",
        ),
    ],
)
def test_check_transactions_rejects_bad_logs(log, options, error, match):
    with pytest.raises(error, match=match):
        check_transactions(log, **options)


# --- messages -------------------------------------------------------------------


def _raised_messages():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "crmlab"
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and getattr(node.exc.func, "id", None) in ("ValueError", "TypeError")
            ):
                yield f"{path.name}:{node.lineno}", ast.unparse(node.exc)


def test_every_error_message_says_what_was_given():
    # CONVENTIONS.md: name the argument, what is allowed and what was given.
    silent = [where for where, text in _raised_messages() if "got" not in text]
    assert silent == []


# --- dates ----------------------------------------------------------------------


def test_check_date_keeps_the_day_or_the_moment():
    from crmlab._validation import check_date

    assert check_date("as_of", "2026-06-30 15:30") == pd.Timestamp("2026-06-30")
    moment = check_date("as_of", "2026-06-30 15:30", keep_time=True)
    assert moment == pd.Timestamp("2026-06-30 15:30")


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (20260630, TypeError),
        (True, TypeError),
        ("soon", ValueError),
        (pd.NaT, ValueError),
    ],
)
def test_check_date_names_the_argument_and_the_value(value, error):
    from crmlab._validation import check_date

    with pytest.raises(error, match=r"as_of must be a date.*got"):
        check_date("as_of", value)


def test_check_dates_floors_keeps_time_and_allows_missing_when_asked():
    from crmlab._validation import check_dates

    column = pd.Series(["2026-01-02 10:00", None])
    with pytest.raises(ValueError, match="log column 'x' must not contain missing"):
        check_dates("log column 'x'", column)
    kept = check_dates("log column 'x'", column, keep_time=True, allow_missing=True)
    assert kept.iloc[0] == pd.Timestamp("2026-01-02 10:00") and pd.isna(kept.iloc[1])
    assert column.iloc[0] == "2026-01-02 10:00"  # the caller's column is untouched
