"""Tests for crmlab.clv: the published CDNOW numbers, invariants and bad input."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from crmlab import clv as clv_module
from crmlab.classify import rfm_table
from crmlab.clv import (
    bgnbd_log_likelihood,
    customer_summary,
    expected_purchases,
    expected_spend,
    fit_bgnbd,
    fit_gamma_gamma,
    gamma_gamma_log_likelihood,
    probabilistic_clv,
    probability_alive,
)
from crmlab.datasets import load_cdnow
from crmlab.value import clv

# Fader, Hardie & Lee (2005a), Marketing Science 24(2), section 4: the BG/NBD
# on CDNOW's first 39 weeks, in weeks.
PAPER_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
# Fader, Hardie & Lee (2005b), JMR 42(4): the Gamma-Gamma on the 946 repeat buyers.
PAPER_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}
CALIBRATION_END = "1997-09-30"


@pytest.fixture(scope="module")
def cdnow_log():
    return load_cdnow()


@pytest.fixture(scope="module")
def cdnow(cdnow_log):
    return customer_summary(cdnow_log, end=CALIBRATION_END, freq="W")


@pytest.fixture(scope="module")
def bgnbd(cdnow):
    return fit_bgnbd(cdnow)


def small_log():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "a", "c", "b"],
            "date": pd.to_datetime(
                [
                    "2025-01-01",
                    "2025-01-08",
                    "2025-01-03",
                    "2025-01-15",
                    "2025-01-15",
                    "2025-01-20",
                ]
            ),
            "amount": [20.0, 10.0, 35.0, 30.0, 5.0, 7.0],
        }
    )


def profile(frequency, recency, T, monetary=None):
    frame = pd.DataFrame(
        {"frequency": [frequency], "recency": [float(recency)], "T": [float(T)]}
    )
    if monetary is not None:
        frame["monetary"] = float(monetary)
    return frame


# --- the data and the summary -----------------------------------------------


def test_the_cdnow_sample_has_2357_customers_and_6919_purchases(cdnow_log):
    # Hardie's CDNOW_sample.txt: 6 919 rows, customers 1..2357, 1997-01-01 to
    # 1998-06-30 (Fader, Hardie & Lee 2005a, section 4).
    assert len(cdnow_log) == 6919
    assert sorted(cdnow_log.customer_id.unique()) == list(range(1, 2358))
    assert cdnow_log.date.min() == pd.Timestamp("1997-01-01")
    assert cdnow_log.date.max() == pd.Timestamp("1998-06-30")


def test_customer_summary_reproduces_hardies_cdnow_summary(cdnow):
    # Hardie's calibration summary (x, t_x, T, zbar; as redistributed in
    # lifetimes' cdnow_customers_summary_with_transactions.csv): 946 repeat
    # buyers, 2 457 repeat purchases, sum t_x 16 135.52, sum T 77 111.21.
    assert len(cdnow) == 2357
    assert (cdnow.frequency > 0).sum() == 946
    assert cdnow.frequency.sum() == 2457
    # Hardie rounds each t_x and T to two decimals, so the sums differ a little.
    assert cdnow.recency.sum() == pytest.approx(16_135.52, abs=0.5)
    assert cdnow["T"].sum() == pytest.approx(77_111.21, abs=0.5)
    expected = pd.DataFrame(
        {
            "frequency": [2, 1, 0, 26],
            "recency": [30.43, 1.71, 0.0, 30.86],
            "T": [38.86, 38.86, 38.86, 31.0],
            "monetary": [22.35, 11.77, 0.0, 39.97],
        },
        index=pd.Index([1, 2, 3, 1516], name="customer_id"),
    )
    pd.testing.assert_frame_equal(
        cdnow.loc[[1, 2, 3, 1516]], expected, check_exact=False, atol=0.006
    )


def test_customer_summary_counts_purchase_days_and_averages_repeat_spend():
    log = small_log()
    log.loc[len(log)] = ["a", pd.Timestamp("2025-01-15"), 6.0]  # same day: one buy
    summary = customer_summary(log, end="2025-01-22")
    expected = pd.DataFrame(
        {
            "frequency": [2, 1, 0],
            "recency": [14.0, 17.0, 0.0],
            "T": [21.0, 19.0, 7.0],
            "monetary": [(10.0 + 36.0) / 2, 7.0, 0.0],
        },
        index=pd.Index(["a", "b", "c"], name="customer_id"),
    )
    pd.testing.assert_frame_equal(summary, expected)


def test_customer_summary_leaves_out_purchases_and_customers_after_end():
    summary = customer_summary(small_log(), end="2025-01-10")
    assert summary.index.tolist() == ["a", "b"]
    assert summary.frequency.tolist() == [1, 0]
    assert summary["T"].tolist() == [9.0, 7.0]


def test_customer_summary_ends_on_the_last_transaction_by_default():
    summary = customer_summary(small_log())
    assert summary.loc["c", "T"] == 5.0
    assert summary.loc["b", "T"] == 17.0


def test_customer_summary_maps_onto_rfm_table_on_the_same_log():
    # One row per customer and day, now = end: RFM counts every purchase,
    # measures recency back from now and sums spend.
    log = small_log()
    end = "2025-01-22"
    summary = customer_summary(log, end=end)
    rfm = rfm_table(log, now=end)
    first_spend = log.sort_values("date").groupby("customer_id").amount.first()
    assert (rfm.frequency == summary.frequency + 1).all()
    assert (rfm.recency == summary["T"] - summary.recency).all()
    pd.testing.assert_series_equal(
        rfm.monetary,
        first_spend + summary.monetary * summary.frequency,
        check_names=False,
    )


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_customer_summary_ignores_row_order_and_leaves_the_log_unchanged(random):
    log = small_log()
    shuffled = log.sample(frac=1, random_state=random.randrange(1000))
    before = shuffled.copy()
    pd.testing.assert_frame_equal(
        customer_summary(shuffled, end="2025-01-22"),
        customer_summary(log, end="2025-01-22"),
    )
    pd.testing.assert_frame_equal(shuffled, before)


# --- the published BG/NBD and Gamma-Gamma numbers -----------------------------


def test_fit_bgnbd_reproduces_the_published_cdnow_parameters(bgnbd):
    # Fader, Hardie & Lee (2005a), section 4: r = 0.243, alpha = 4.414,
    # a = 0.793, b = 2.426.
    assert bgnbd.round(3).to_dict() == PAPER_BGNBD


def test_fit_bgnbd_reaches_the_published_log_likelihood(cdnow, bgnbd):
    # Fader, Hardie & Lee (2005a), section 4: LL = -9 582.4.
    assert round(bgnbd_log_likelihood(bgnbd, cdnow), 1) == -9582.4
    assert round(bgnbd_log_likelihood(PAPER_BGNBD, cdnow), 1) == -9582.4


def test_fit_gamma_gamma_reproduces_the_published_cdnow_parameters(cdnow):
    # Fader, Hardie & Lee (2005b): p = 6.25, q = 3.74, gamma = 15.44.
    params = fit_gamma_gamma(cdnow)
    assert params.round(2).to_dict() == PAPER_GAMMA_GAMMA
    best = gamma_gamma_log_likelihood(params, cdnow)
    assert best >= gamma_gamma_log_likelihood(PAPER_GAMMA_GAMMA, cdnow)


def test_a_customer_with_two_repeat_purchases_expects_1_226_in_39_weeks():
    # Fader, Hardie & Lee (2005c), "Implementing the BG/NBD model for customer
    # base analysis in Excel": x = 2, t_x = 30.43, T = 38.86 -> 1.226.
    value = expected_purchases(PAPER_BGNBD, 39, profile(2, 30.43, 38.86))
    assert round(value.iloc[0], 3) == 1.226


def test_a_customer_with_no_repeat_purchase_is_alive_with_probability_one():
    alive = probability_alive(PAPER_BGNBD, profile(0, 0, 38.86))
    assert alive.iloc[0] == 1.0


def test_probabilistic_clv_is_the_value_module_clv_of_the_expected_cash():
    # crmlab.value convention: the cash of period i arrives at its end and is
    # discounted by (1 + d) ** i.
    one = profile(2, 30.43, 38.86, monetary=22.35)
    spend = expected_spend(PAPER_GAMMA_GAMMA, one).iloc[0]
    cumulative = [
        expected_purchases(PAPER_BGNBD, 13 * i, one).iloc[0] for i in range(5)
    ]
    revenue = spend * np.diff(cumulative)
    for timing in ("end", "start"):
        value = probabilistic_clv(
            PAPER_BGNBD,
            PAPER_GAMMA_GAMMA,
            one,
            periods=4,
            period_length=13,
            discount_rate=0.05,
            margin=0.3,
            timing=timing,
        ).iloc[0]
        expected = clv(0.3 * revenue, discount_rate=0.05, timing=timing)
        assert value == pytest.approx(expected)


def test_undiscounted_probabilistic_clv_is_spend_times_expected_purchases(cdnow):
    value = probabilistic_clv(
        PAPER_BGNBD, PAPER_GAMMA_GAMMA, cdnow, periods=3, period_length=13
    )
    expected = expected_spend(PAPER_GAMMA_GAMMA, cdnow) * expected_purchases(
        PAPER_BGNBD, 39, cdnow
    )
    np.testing.assert_allclose(value, expected, rtol=1e-10)


def test_expected_spend_of_a_non_repeater_is_the_population_mean():
    # p * gamma / (q - 1), the mean of the gamma-gamma mixture.
    spend = expected_spend(PAPER_GAMMA_GAMMA, profile(0, 0, 1, monetary=0))
    assert spend.iloc[0] == pytest.approx(6.25 * 15.44 / 2.74)


# --- invariants ---------------------------------------------------------------

profiles = st.tuples(
    st.integers(0, 40), st.floats(0.01, 1.0), st.floats(0.5, 100.0)
).map(lambda v: (v[0], 0.0 if v[0] == 0 else v[1] * v[2], v[2]))


@settings(max_examples=60, deadline=None)
@given(profiles, st.floats(0, 100), st.floats(0.01, 100))
def test_expected_purchases_grow_with_the_horizon(customer, t, extra):
    one = profile(*customer)
    shorter = expected_purchases(PAPER_BGNBD, t, one).iloc[0]
    longer = expected_purchases(PAPER_BGNBD, t + extra, one).iloc[0]
    assert 0 <= shorter <= longer + 1e-12


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 40),
    st.floats(0.5, 100.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
)
def test_probability_alive_falls_with_the_time_since_the_last_purchase(
    frequency, T, late, early
):
    late, early = max(late, early), min(late, early)
    summary = pd.DataFrame(
        {"frequency": [frequency] * 2, "recency": [late * T, early * T], "T": [T] * 2}
    )
    recent, long_ago = probability_alive(PAPER_BGNBD, summary)
    assert 0 <= long_ago <= recent <= 1


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 50), st.floats(0.01, 1000))
def test_expected_spend_lies_between_the_population_and_the_customer_mean(x, m):
    spend = expected_spend(PAPER_GAMMA_GAMMA, profile(x, 1, 2, monetary=m)).iloc[0]
    population = 6.25 * 15.44 / 2.74
    assert min(m, population) - 1e-9 <= spend <= max(m, population) + 1e-9


def test_fit_bgnbd_ignores_row_order_and_leaves_the_summary_unchanged(cdnow):
    shuffled = cdnow.sample(frac=1, random_state=7)
    before = shuffled.copy()
    pd.testing.assert_series_equal(
        fit_bgnbd(shuffled), fit_bgnbd(cdnow), check_exact=False, rtol=1e-6
    )
    pd.testing.assert_frame_equal(shuffled, before)


def test_fit_bgnbd_gives_alpha_in_days_seven_times_alpha_in_weeks(cdnow_log, bgnbd):
    days = fit_bgnbd(customer_summary(cdnow_log, end=CALIBRATION_END))
    assert days["alpha"] == pytest.approx(7 * bgnbd["alpha"], rel=1e-4)
    assert days[["r", "a", "b"]].to_numpy() == pytest.approx(
        bgnbd[["r", "a", "b"]].to_numpy(), rel=1e-4
    )


def test_predictions_keep_the_summary_index_and_leave_it_unchanged(cdnow):
    part = cdnow.iloc[:5].copy()
    before = part.copy()
    for result in (
        probability_alive(PAPER_BGNBD, part),
        expected_purchases(PAPER_BGNBD, 10, part),
        expected_spend(PAPER_GAMMA_GAMMA, part),
        probabilistic_clv(PAPER_BGNBD, PAPER_GAMMA_GAMMA, part),
    ):
        assert result.index.equals(part.index)
    pd.testing.assert_frame_equal(part, before)


def simulate_bgnbd(n, *, r, alpha, a, b, seed):
    """Customers who follow the BG/NBD story exactly, first seen 20-39 weeks ago."""
    rng = np.random.default_rng(seed)
    rate, death = rng.gamma(r, 1 / alpha, n), rng.beta(a, b, n)
    age = rng.uniform(20, 39, n)
    t, last, x = np.zeros(n), np.zeros(n), np.zeros(n, dtype=int)
    alive = np.ones(n, dtype=bool)
    while alive.any():
        t = t + rng.exponential(1 / rate)
        bought = alive & (t <= age)
        x[bought] += 1
        last[bought] = t[bought]
        alive = bought & (rng.random(n) >= death)  # may die after each purchase
    return pd.DataFrame({"frequency": x, "recency": last, "T": age})


def test_fit_bgnbd_recovers_the_parameters_of_simulated_customers():
    truth = {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}
    summary = simulate_bgnbd(5000, **truth, seed=2024)
    fitted = fit_bgnbd(summary)
    for name, value in truth.items():
        assert fitted[name] == pytest.approx(value, rel=0.2), name


def test_predictions_agree_with_lifetimes_where_it_is_installed(cdnow):
    # lifetimes is not a dependency; bench/bgnbd_vs_lifetimes.py compares fits.
    lifetimes = pytest.importorskip("lifetimes")
    fitter = lifetimes.BetaGeoFitter()
    fitter.params_ = pd.Series(PAPER_BGNBD)
    x, t_x, T = (cdnow[c] for c in ("frequency", "recency", "T"))
    np.testing.assert_allclose(
        probability_alive(PAPER_BGNBD, cdnow),
        fitter.conditional_probability_alive(x, t_x, T),
        rtol=1e-10,
    )
    np.testing.assert_allclose(
        expected_purchases(PAPER_BGNBD, 39, cdnow),
        fitter.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, T),
        rtol=1e-8,
    )


# --- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("frequency", -1, "frequency.*whole numbers.*got -1"),
        ("frequency", 1.5, "frequency.*whole numbers.*got 1.5"),
        ("recency", 50.0, "recency.*must not exceed T.*got recency 50 > T 38.86"),
        ("T", 0.0, "T.*positive ages.*got 0"),
        ("T", -3.0, "T.*positive ages.*got -3"),
        ("recency", np.nan, "recency.*finite numbers.*got nan"),
    ],
)
def test_bgnbd_functions_reject_a_bad_summary(column, value, message):
    summary = pd.DataFrame(
        {"frequency": [2, 1], "recency": [30.43, 1.71], "T": [38.86, 38.86]}
    )
    summary[column] = summary[column].astype(float)
    summary.loc[0, column] = value
    for call in (
        lambda: fit_bgnbd(summary),
        lambda: probability_alive(PAPER_BGNBD, summary),
        lambda: expected_purchases(PAPER_BGNBD, 1, summary),
        lambda: bgnbd_log_likelihood(PAPER_BGNBD, summary),
    ):
        with pytest.raises(ValueError, match=message):
            call()


def test_a_non_repeater_with_positive_recency_is_rejected():
    with pytest.raises(ValueError, match="recency must be|recency.*0 for customers"):
        probability_alive(PAPER_BGNBD, profile(0, 5, 38.86))


def test_fits_say_the_model_is_not_identified_when_nobody_repeats():
    summary = pd.DataFrame(
        {"frequency": [0, 0], "recency": [0.0, 0.0], "T": [3.0, 5.0]}
    ).assign(monetary=0.0)
    with pytest.raises(ValueError, match="got 0 for every customer.*not identified"):
        fit_bgnbd(summary)
    with pytest.raises(ValueError, match="at least one repeat buyer"):
        fit_gamma_gamma(summary)


def test_fit_gamma_gamma_rejects_a_repeat_buyer_who_spent_nothing():
    summary = pd.DataFrame({"frequency": [2, 1], "monetary": [10.0, 0.0]})
    with pytest.raises(ValueError, match="monetary.*positive for repeat.*got 0"):
        fit_gamma_gamma(summary)


def test_summary_must_be_a_frame_with_the_model_columns():
    with pytest.raises(TypeError, match="summary must be a pandas DataFrame"):
        fit_bgnbd([[1, 2, 3]])
    with pytest.raises(ValueError, match=r"missing \['T'\]"):
        fit_bgnbd(pd.DataFrame({"frequency": [1], "recency": [1.0]}))
    with pytest.raises(ValueError, match="summary must not be empty"):
        fit_bgnbd(pd.DataFrame({"frequency": [], "recency": [], "T": []}))
    with pytest.raises(TypeError, match="'frequency' must hold numbers"):
        fit_bgnbd(pd.DataFrame({"frequency": ["2"], "recency": [1.0], "T": [2.0]}))


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({**PAPER_BGNBD, "r": np.inf}, ValueError, r"params\['r'\].*finite positive"),
        ({**PAPER_BGNBD, "a": np.nan}, ValueError, r"params\['a'\].*got nan"),
        ({**PAPER_BGNBD, "b": -1.0}, ValueError, r"params\['b'\].*got -1"),
        ({**PAPER_BGNBD, "alpha": "4"}, TypeError, r"params\['alpha'\].*real number"),
        ({"r": 1.0}, ValueError, r"missing \['alpha', 'a', 'b'\]"),
        ([0.2, 4.0, 0.8, 2.4], TypeError, "params must be a pandas Series or"),
    ],
)
def test_bgnbd_predictions_reject_bad_parameters(params, error, message):
    one = profile(2, 30.43, 38.86)
    with pytest.raises(error, match=message):
        probability_alive(params, one)
    with pytest.raises(error, match=message):
        expected_purchases(params, 39, one)


def test_expected_purchases_reject_a_negative_or_infinite_horizon():
    with pytest.raises(ValueError, match="t must be non-negative; got -1"):
        expected_purchases(PAPER_BGNBD, -1, profile(2, 30.43, 38.86))
    with pytest.raises(ValueError, match="t must be a finite number; got inf"):
        expected_purchases(PAPER_BGNBD, np.inf, profile(2, 30.43, 38.86))


def test_expected_spend_needs_q_above_one():
    with pytest.raises(ValueError, match=r"params\['q'\] must be greater than 1.*0.5"):
        expected_spend({**PAPER_GAMMA_GAMMA, "q": 0.5}, profile(1, 1, 2, monetary=5))


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"periods": 0}, ValueError, "periods must be at least 1; got 0"),
        ({"periods": 2.5}, TypeError, "periods must be an integer; got 2.5"),
        ({"period_length": 0}, ValueError, "period_length must be positive; got 0"),
        ({"discount_rate": 1.5}, ValueError, r"discount_rate must be in \[0, 1\]"),
        ({"margin": -0.1}, ValueError, r"margin must be in \[0, 1\]; got -0.1"),
        ({"timing": "middle"}, ValueError, "timing must be one of 'end', 'start'"),
    ],
)
def test_probabilistic_clv_rejects_bad_options(options, error, message):
    one = profile(2, 30.43, 38.86, monetary=22.35)
    with pytest.raises(error, match=message):
        probabilistic_clv(PAPER_BGNBD, PAPER_GAMMA_GAMMA, one, **options)


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda log: log.assign(amount=-log.amount), ValueError, "non-negative"),
        (lambda log: log.assign(amount="1"), TypeError, "'amount' must hold numbers"),
        (lambda log: log.assign(date=["soon"] * 6), ValueError, "must hold dates"),
        (lambda log: log.drop(columns="date"), ValueError, r"missing \['date'\]"),
        (lambda log: log.iloc[:0], ValueError, "transactions must not be empty"),
        (lambda log: log.to_dict(), TypeError, "transactions must be a pandas"),
    ],
)
def test_customer_summary_rejects_a_bad_log(change, error, message):
    with pytest.raises(error, match=message):
        customer_summary(change(small_log()))


def test_customer_summary_rejects_a_bad_end_or_freq():
    with pytest.raises(ValueError, match="end must not be before the first"):
        customer_summary(small_log(), end="2024-12-31")
    with pytest.raises(ValueError, match="freq must be one of 'D', 'W'; got 'M'"):
        customer_summary(small_log(), freq="M")


def test_a_fit_that_does_not_converge_raises_the_optimisers_message(monkeypatch, cdnow):
    def gives_up(fun, x0, **options):
        return optimize.OptimizeResult(
            x=x0,
            success=False,
            status=1,
            message="Maximum number of iterations",
            nit=3,
            jac=x0,
        )

    monkeypatch.setattr(clv_module.optimize, "minimize", gives_up)
    with pytest.raises(
        RuntimeError, match="BG/NBD fit did not converge: Maximum number"
    ):
        fit_bgnbd(cdnow)
    with pytest.raises(RuntimeError, match="Gamma-Gamma fit did not converge"):
        fit_gamma_gamma(cdnow)
