"""Tests for crmlab.service: complaint-log metrics and channel choice (chapter 8)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.datasets import make_complaint_log
from crmlab.scoring import weighted_score
from crmlab.service import METRIC_COLUMNS, channel_choice, complaint_metrics

T0 = pd.Timestamp("2025-03-03 09:00")


def _log(rows):
    """A log from (id, response h, resolved h, reopened, channel, grade) rows."""
    hours = pd.to_timedelta

    def at(h):
        return pd.NaT if h is None else T0 + hours(h, unit="h")

    return pd.DataFrame(
        {
            "complaint_id": [r[0] for r in rows],
            "customer_id": [f"C{i}" for i in range(len(rows))],
            "received": [T0] * len(rows),
            "first_response": pd.to_datetime([at(r[1]) for r in rows]),
            "resolved": pd.to_datetime([at(r[2]) for r in rows]),
            "reopened": [r[3] for r in rows],
            "channel": [r[4] for r in rows],
            "category": ["billing"] * len(rows),
            "grade": [r[5] for r in rows],
        }
    )


# Worked by hand: five complaints, all received at 09:00 on 3 March.
# First responses 1, 2, 4, 8 h and one unanswered; resolutions 10, 30, 50, 90 h
# and one open.  Log read 100 h later (as_of), target 48 h.
GOLDEN = _log(
    [
        ("a", 1, 10, False, "phone", "A"),
        ("b", 2, 30, True, "phone", "B"),
        ("c", 4, 50, False, "online", "B"),
        ("d", 8, 90, True, "online", "C"),
        ("e", None, None, False, "letter", "C"),
    ]
)
AS_OF = T0 + pd.Timedelta(hours=100)


def test_complaint_metrics_reproduces_the_hand_worked_log():
    row = complaint_metrics(GOLDEN, sla=48, as_of=AS_OF).loc["all"]
    assert list(row.index) == list(METRIC_COLUMNS)
    assert row["complaints"] == 5
    # responses 1, 2, 4, 8: median (2+4)/2 = 3; p90 linear: 4 + 0.7 * (8 - 4) = 6.8
    assert row["first_response_median_h"] == pytest.approx(3.0)
    assert row["first_response_p90_h"] == pytest.approx(6.8)
    # resolutions 10, 30, 50, 90: median 40; p90: 50 + 0.7 * 40 = 78
    assert row["resolution_median_h"] == pytest.approx(40.0)
    assert row["resolution_p90_h"] == pytest.approx(78.0)
    assert row["resolution_rate"] == pytest.approx(4 / 5)
    # breaches: 50 h, 90 h, and the open one (100 h old > 48): 3 of 5
    assert row["sla_breach_share"] == pytest.approx(3 / 5)
    assert row["reopen_rate"] == pytest.approx(2 / 5)


def test_complaint_metrics_by_channel_labels_sorted_groups():
    table = complaint_metrics(GOLDEN, by="channel", sla=48, as_of=AS_OF)
    assert table.index.tolist() == ["letter", "online", "phone"]
    assert table.index.name == "channel"
    assert table["complaints"].tolist() == [1, 2, 2]
    assert np.isnan(table.loc["letter", "resolution_median_h"])
    assert table.loc["online", "sla_breach_share"] == 1.0
    assert table.loc["phone", "sla_breach_share"] == 0.0
    assert table.loc["phone", "resolution_median_h"] == pytest.approx(20.0)


def test_complaint_metrics_by_two_columns_gives_a_multiindex():
    table = complaint_metrics(GOLDEN, by=["grade", "channel"], as_of=AS_OF)
    assert table.index.names == ["grade", "channel"]
    assert table.loc[("B", "phone"), "complaints"] == 1


def test_exactly_the_sla_meets_the_target():
    log = _log([("a", 1, 48, False, "phone", "A")])
    assert complaint_metrics(log, sla=48)["sla_breach_share"].iloc[0] == 0.0
    assert complaint_metrics(log, sla=47.5)["sla_breach_share"].iloc[0] == 1.0


def test_open_complaints_breach_only_once_older_than_the_sla():
    log = GOLDEN
    # by default as_of is the latest time in the log: 90 h after receipt
    assert complaint_metrics(log, sla=95)["sla_breach_share"].iloc[0] == 0.0
    assert complaint_metrics(log, sla=95, as_of=AS_OF)["sla_breach_share"].iloc[0] == (
        pytest.approx(1 / 5)
    )


def test_complaint_metrics_accepts_time_strings():
    log = GOLDEN.copy()
    for column in ("received", "first_response", "resolved"):
        log[column] = (
            log[column].dt.strftime("%Y-%m-%d %H:%M").where(log[column].notna(), None)
        )
    expected = complaint_metrics(GOLDEN, as_of=AS_OF)
    pd.testing.assert_frame_equal(complaint_metrics(log, as_of=AS_OF), expected)


def test_complaint_metrics_does_not_mutate_the_log():
    log = GOLDEN.copy()
    complaint_metrics(log, by="grade", sla=24)
    pd.testing.assert_frame_equal(log, GOLDEN)


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (
            lambda f: f.assign(resolved=T0 - pd.Timedelta(hours=1)),
            ValueError,
            "resolved",
        ),
        (
            lambda f: f.assign(first_response=T0 - pd.Timedelta(hours=1)),
            ValueError,
            "first_response",
        ),
        (lambda f: f.assign(complaint_id=["a", "a", "b", "c", "d"]), ValueError, "'a'"),
        (
            lambda f: f.assign(complaint_id=["a", None, "b", "c", "d"]),
            ValueError,
            "missing",
        ),
        (lambda f: f.assign(received=pd.NaT), ValueError, "received"),
        (lambda f: f.assign(received=1.5), TypeError, "float64"),
        (lambda f: f.assign(reopened=[0, 1, 0, 1, 0]), TypeError, "reopened"),
        (lambda f: f.drop(columns="resolved"), ValueError, "resolved"),
        (lambda f: f.assign(resolved="yesterday"), ValueError, "resolved"),
    ],
)
def test_complaint_metrics_rejects_a_bad_log(change, error, message):
    with pytest.raises(error, match=message):
        complaint_metrics(change(GOLDEN.copy()))


def test_complaint_metrics_rejects_a_non_frame():
    with pytest.raises(TypeError, match="log must be a pandas DataFrame; got list"):
        complaint_metrics([1, 2])


@pytest.mark.parametrize(
    ("sla", "error", "message"),
    [
        (0, ValueError, "sla .*got 0"),
        (-3, ValueError, "got -3"),
        ("48", TypeError, "'48'"),
        (np.nan, ValueError, "sla"),
        (True, TypeError, "True"),
    ],
)
def test_complaint_metrics_rejects_a_bad_sla(sla, error, message):
    with pytest.raises(error, match=message):
        complaint_metrics(GOLDEN, sla=sla)


@pytest.mark.parametrize(
    ("by", "error", "message"),
    [
        ("region", ValueError, "by .*'region'"),
        (["grade", "nope"], ValueError, "nope"),
        (3, TypeError, "by .*3"),
        ([], ValueError, "by"),
    ],
)
def test_complaint_metrics_rejects_an_unknown_by(by, error, message):
    with pytest.raises(error, match=message):
        complaint_metrics(GOLDEN, by=by)


def test_complaint_metrics_rejects_a_missing_group_label():
    with pytest.raises(ValueError, match="'channel' must not contain missing"):
        complaint_metrics(
            GOLDEN.assign(channel=[None, "a", "b", "c", "d"]), by="channel"
        )


@pytest.mark.parametrize(
    ("as_of", "error"),
    [(T0, ValueError), (5, TypeError), ("not a time", ValueError), (True, TypeError)],
)
def test_complaint_metrics_rejects_a_bad_as_of(as_of, error):
    with pytest.raises(error, match="as_of"):
        complaint_metrics(GOLDEN, as_of=as_of)


def test_the_generated_log_is_deterministic_and_valid():
    log = make_complaint_log(300, seed=7)
    pd.testing.assert_frame_equal(log, make_complaint_log(300, seed=7))
    assert not log.equals(make_complaint_log(300, seed=8))
    assert log["complaint_id"].is_unique and log["received"].is_monotonic_increasing
    assert (log["resolved"].dropna() >= log.loc[log.resolved.notna(), "received"]).all()
    assert not (log["reopened"] & log["resolved"].isna()).any()
    assert set(log["grade"]) == {"A", "B", "C"}
    table = complaint_metrics(log, by="grade")
    # the generator serves grade A faster than grade C
    assert table.loc["A", "resolution_median_h"] < table.loc["C", "resolution_median_h"]


@pytest.mark.parametrize(("argument", "value"), [("n", 0), ("days", 0), ("seed", -1)])
def test_make_complaint_log_rejects_bad_sizes(argument, value):
    with pytest.raises(ValueError, match=argument):
        make_complaint_log(**{argument: value})


def test_channel_choice_is_the_shared_weighted_score_sorted():
    table = pd.DataFrame(
        {"speed": [5, 3, 1], "cost": [4, 2, 1]}, index=["phone", "online", "letter"]
    )
    weights = {"speed": 2, "cost": 1}
    ranking = channel_choice(table, weights, higher_is_better={"cost": False})
    scores = weighted_score(table, weights, higher_is_better={"cost": False})
    pd.testing.assert_series_equal(ranking["score"], scores["score"].loc[ranking.index])
    assert ranking["rank"].tolist() == [1, 2, 3]
    assert ranking.index.tolist() == ["phone", "online", "letter"]
    with pytest.raises(ValueError, match="weights"):
        channel_choice(table, {"speed": 1})


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 120),
    st.integers(0, 10_000),
    st.floats(0.5, 400),
    st.sampled_from(["channel", "grade", "category"]),
)
def test_rates_are_fractions_and_groups_add_up_to_the_whole(n, seed, sla, by):
    log = make_complaint_log(n, days=30, seed=seed)
    whole = complaint_metrics(log, sla=sla).loc["all"]
    parts = complaint_metrics(log, sla=sla, by=by)
    rates = ["resolution_rate", "sla_breach_share", "reopen_rate"]
    assert ((parts[rates] >= 0) & (parts[rates] <= 1)).all().all()
    assert parts["complaints"].sum() == whole["complaints"] == n
    for rate in rates:  # a weighted mean of the groups' rates is the whole's rate
        mean = (parts[rate] * parts["complaints"]).sum() / n
        assert mean == pytest.approx(whole[rate])
    median, p90 = whole["first_response_median_h"], whole["first_response_p90_h"]
    assert np.isnan(median) == np.isnan(p90)  # NaN only when none was answered
    assert np.isnan(median) or median <= p90


@settings(max_examples=25, deadline=None)
@given(st.integers(5, 80), st.integers(0, 1000), st.floats(1, 200), st.floats(1, 200))
def test_a_longer_target_never_raises_the_breach_share(n, seed, a, b):
    log = make_complaint_log(n, days=20, seed=seed)
    short, long_ = sorted((a, b))
    assert (
        complaint_metrics(log, sla=long_)["sla_breach_share"].iloc[0]
        <= complaint_metrics(log, sla=short)["sla_breach_share"].iloc[0]
    )
    shuffled = log.sample(frac=1.0, random_state=seed)
    pd.testing.assert_frame_equal(
        complaint_metrics(shuffled, sla=short), complaint_metrics(log, sla=short)
    )
