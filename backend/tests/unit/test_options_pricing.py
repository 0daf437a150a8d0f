"""Black-76 and Black-Scholes: textbook values, greeks, parity and the implied-vol solver.

Reference values are computed here independently: from textbook figures, from the closed forms
written out with ``math``, or from finite differences of the price function, never from the
greek functions under test.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dalal.domain.options import (
    IVFailure,
    black76_greeks,
    black76_price,
    black_scholes_greeks,
    black_scholes_price,
    implied_vol_black76,
    implied_vol_black_scholes,
    implied_vols_black76,
    year_fraction,
)

IST = ZoneInfo("Asia/Kolkata")


def _n(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _reference_bs(s: float, k: float, t: float, v: float, r: float, q: float, call: bool) -> float:
    d1 = (math.log(s / k) + (r - q + v * v / 2) * t) / (v * math.sqrt(t))
    d2 = d1 - v * math.sqrt(t)
    if call:
        return s * math.exp(-q * t) * _n(d1) - k * math.exp(-r * t) * _n(d2)
    return k * math.exp(-r * t) * _n(-d2) - s * math.exp(-q * t) * _n(-d1)


def test_black_scholes_matches_hulls_example_of_a_six_month_option() -> None:
    call = float(black_scholes_price(42, 40, 0.5, 0.2, rate=0.1, div_yield=0.0, is_call=True))
    put = float(black_scholes_price(42, 40, 0.5, 0.2, rate=0.1, div_yield=0.0, is_call=False))
    assert call == pytest.approx(4.7594, abs=5e-5)
    assert put == pytest.approx(0.8086, abs=5e-5)
    assert call == pytest.approx(_reference_bs(42, 40, 0.5, 0.2, 0.1, 0.0, True), abs=1e-9)
    assert put == pytest.approx(_reference_bs(42, 40, 0.5, 0.2, 0.1, 0.0, False), abs=1e-9)


def test_black76_matches_hulls_example_of_a_put_on_a_future() -> None:
    # Hull: F = K = 20, r = 9%, sigma = 25%, four months: p = 1.1166.
    assert float(black76_price(20, 20, 4 / 12, 0.25, rate=0.09, is_call=False)) == pytest.approx(
        1.1166, abs=5e-5
    )


def test_black_scholes_with_a_dividend_yield_matches_the_closed_form() -> None:
    for call in (True, False):
        got = float(
            black_scholes_price(930, 900, 2 / 12, 0.2, rate=0.08, div_yield=0.03, is_call=call)
        )
        assert got == pytest.approx(
            _reference_bs(930, 900, 2 / 12, 0.2, 0.08, 0.03, call), abs=1e-9
        )


def test_greeks_match_hulls_table_in_the_modules_units() -> None:
    g = black_scholes_greeks(49, 50, 20 / 52, 0.2, rate=0.05, div_yield=0.0, is_call=True)
    assert float(g.delta) == pytest.approx(0.522, abs=5e-4)
    assert float(g.gamma) == pytest.approx(0.066, abs=5e-4)
    assert float(g.theta) == pytest.approx(-4.31 / 365, abs=5e-5)  # Hull: -4.31 per year
    assert float(g.vega) == pytest.approx(12.1 / 100, abs=5e-4)  # Hull: 12.1 per 100 points
    assert float(g.rho) == pytest.approx(8.91 / 100, abs=5e-5)  # Hull: 8.91 per 100%


def _bs(s: float, t: float, v: float, r: float, call: bool, k: float = 100.0) -> float:
    return float(black_scholes_price(s, k, t, v, rate=r, div_yield=0.02, is_call=call))


def _b76(f: float, t: float, v: float, r: float, call: bool, k: float = 100.0) -> float:
    return float(black76_price(f, k, t, v, rate=r, is_call=call))


@pytest.mark.parametrize("call", [True, False])
@pytest.mark.parametrize(("spot", "t"), [(80.0, 0.5), (100.0, 0.1), (125.0, 1.0), (101.0, 3 / 365)])
def test_black_scholes_greeks_equal_finite_differences_of_the_price(
    call: bool, spot: float, t: float
) -> None:
    v, r, h, dt, dv = 0.3, 0.07, 1e-4 * spot, 1e-6, 1e-6
    g = black_scholes_greeks(spot, 100.0, t, v, rate=r, div_yield=0.02, is_call=call)
    up, mid, down = (
        _bs(spot + h, t, v, r, call),
        _bs(spot, t, v, r, call),
        _bs(spot - h, t, v, r, call),
    )
    assert float(g.delta) == pytest.approx((up - down) / (2 * h), abs=1e-6)
    assert float(g.gamma) == pytest.approx((up - 2 * mid + down) / h**2, abs=1e-6)
    theta_day = (_bs(spot, t - dt, v, r, call) - _bs(spot, t + dt, v, r, call)) / (2 * dt) / 365
    assert float(g.theta) == pytest.approx(theta_day, abs=1e-6)
    vega_point = (_bs(spot, t, v + dv, r, call) - _bs(spot, t, v - dv, r, call)) / (2 * dv) / 100
    assert float(g.vega) == pytest.approx(vega_point, abs=1e-6)
    rho_pct = (_bs(spot, t, v, r + dv, call) - _bs(spot, t, v, r - dv, call)) / (2 * dv) / 100
    assert float(g.rho) == pytest.approx(rho_pct, abs=1e-6)


@pytest.mark.parametrize("call", [True, False])
@pytest.mark.parametrize(("fwd", "t"), [(80.0, 0.5), (100.0, 0.1), (125.0, 1.0), (99.0, 3 / 365)])
def test_black76_greeks_equal_finite_differences_of_the_price(
    call: bool, fwd: float, t: float
) -> None:
    v, r, h, dt, dv = 0.3, 0.07, 1e-4 * fwd, 1e-6, 1e-6
    g = black76_greeks(fwd, 100.0, t, v, rate=r, is_call=call)
    up, mid, down = (
        _b76(fwd + h, t, v, r, call),
        _b76(fwd, t, v, r, call),
        _b76(fwd - h, t, v, r, call),
    )
    assert float(g.delta) == pytest.approx((up - down) / (2 * h), abs=1e-6)
    assert float(g.gamma) == pytest.approx((up - 2 * mid + down) / h**2, abs=1e-6)
    theta_day = (_b76(fwd, t - dt, v, r, call) - _b76(fwd, t + dt, v, r, call)) / (2 * dt) / 365
    assert float(g.theta) == pytest.approx(theta_day, abs=1e-6)
    vega_point = (_b76(fwd, t, v + dv, r, call) - _b76(fwd, t, v - dv, r, call)) / (2 * dv) / 100
    assert float(g.vega) == pytest.approx(vega_point, abs=1e-6)
    rho_pct = (_b76(fwd, t, v, r + dv, call) - _b76(fwd, t, v, r - dv, call)) / (2 * dv) / 100
    assert float(g.rho) == pytest.approx(rho_pct, abs=1e-6)


prices = st.floats(50.0, 200.0)
strikes = st.floats(30.0, 300.0)
times = st.floats(1 / 365, 2.0)
vols = st.floats(0.01, 2.0)
rates = st.floats(-0.01, 0.15)


@given(prices, strikes, times, vols, rates)
def test_black76_calls_and_puts_satisfy_put_call_parity(
    f: float, k: float, t: float, v: float, r: float
) -> None:
    call, put = (
        float(black76_price(f, k, t, v, rate=r, is_call=True)),
        float(black76_price(f, k, t, v, rate=r, is_call=False)),
    )
    assert call - put == pytest.approx(math.exp(-r * t) * (f - k), abs=1e-9 * max(f, k))


@given(prices, strikes, times, vols, rates, st.floats(0.0, 0.05))
def test_black_scholes_calls_and_puts_satisfy_put_call_parity(
    s: float, k: float, t: float, v: float, r: float, q: float
) -> None:
    call = float(black_scholes_price(s, k, t, v, rate=r, div_yield=q, is_call=True))
    put = float(black_scholes_price(s, k, t, v, rate=r, div_yield=q, is_call=False))
    assert call - put == pytest.approx(
        s * math.exp(-q * t) - k * math.exp(-r * t), abs=1e-9 * max(s, k)
    )


def test_prices_and_greeks_broadcast_over_a_chain() -> None:
    strikes_ = np.arange(90.0, 111.0, 5.0)
    calls = black76_price(100.0, strikes_, 0.1, 0.2, rate=0.07, is_call=True)
    assert calls.shape == (5,)
    assert np.all(np.diff(calls) < 0)  # a higher strike is a cheaper call
    mixed = black76_greeks(100.0, strikes_, 0.1, 0.2, rate=0.07, is_call=strikes_ >= 100.0)
    assert np.all(mixed.delta[strikes_ >= 100.0] > 0)
    assert np.all(mixed.delta[strikes_ < 100.0] < 0)


def test_at_expiry_an_option_is_worth_its_intrinsic_value_with_digital_delta() -> None:
    values = black76_price(100.0, [90.0, 100.0, 110.0], 0.0, 0.2, rate=0.07, is_call=True)
    assert values.tolist() == [10.0, 0.0, 0.0]
    g = black76_greeks(100.0, [90.0, 100.0, 110.0], 0.0, 0.2, rate=0.07, is_call=True)
    assert g.delta.tolist() == [1.0, 0.5, 0.0]
    assert g.gamma.tolist() == [0.0, 0.0, 0.0]
    assert g.vega.tolist() == [0.0, 0.0, 0.0]


def test_year_fraction_counts_calendar_days_to_half_past_three_ist() -> None:
    expiry = date(2025, 9, 30)
    assert year_fraction(datetime(2025, 9, 29, 15, 30, tzinfo=IST), expiry) == 1 / 365
    monday_open = datetime(2025, 9, 22, 9, 15, tzinfo=IST).astimezone(ZoneInfo("UTC"))
    assert year_fraction(monday_open, expiry) == pytest.approx((8 + 6.25 / 24) / 365, abs=1e-15)
    assert year_fraction(datetime(2025, 9, 30, 15, 31, tzinfo=IST), expiry) == 0.0


def test_year_fraction_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        year_fraction(datetime(2025, 9, 29, 15, 30), date(2025, 9, 30))


@pytest.mark.parametrize("call", [True, False])
@pytest.mark.parametrize("days", [1, 7, 30, 90, 365])
@pytest.mark.parametrize("strike", [60.0, 80.0, 95.0, 100.0, 105.0, 125.0, 160.0])
@pytest.mark.parametrize("vol", [0.08, 0.25, 0.9])
def test_implied_vol_round_trips_from_deep_itm_to_deep_otm(
    call: bool, days: int, strike: float, vol: float
) -> None:
    t, fwd, r = days / 365, 100.0, 0.065
    price = float(black76_price(fwd, strike, t, vol, rate=r, is_call=call))
    otm_side = float(black76_price(fwd, strike, t, vol, rate=r, is_call=strike >= fwd))
    solved = implied_vol_black76(price, fwd, strike, t, rate=r, is_call=call)
    if otm_side < 1e-12 * max(fwd, strike):  # no time value left in double precision
        assert solved.failure in (IVFailure.NO_TIME_VALUE, None)
        return
    assert solved.ok, solved
    assert float(black76_price(fwd, strike, t, solved.vol, rate=r, is_call=call)) == pytest.approx(
        price, abs=1e-9
    )
    if otm_side > 1e-8 * fwd:  # identifiable: the price moves with the vol
        assert solved.vol == pytest.approx(vol, rel=1e-6)


@settings(max_examples=300)
@given(
    st.floats(-0.6, 0.6),
    st.floats(1 / 365, 1.0),
    st.floats(0.03, 1.5),
    st.booleans(),
    st.floats(0.0, 0.04),
)
def test_black_scholes_implied_vol_recovers_the_vol_that_made_the_price(
    log_moneyness: float, t: float, vol: float, call: bool, q: float
) -> None:
    spot, r = 1000.0, 0.07
    strike = spot * math.exp(log_moneyness)
    price = float(black_scholes_price(spot, strike, t, vol, rate=r, div_yield=q, is_call=call))
    solved = implied_vol_black_scholes(price, spot, strike, t, rate=r, div_yield=q, is_call=call)
    if solved.failure is IVFailure.NO_TIME_VALUE:
        fwd = spot * math.exp((r - q) * t)
        otm = float(black76_price(fwd, strike, t, vol, rate=r, is_call=strike >= fwd))
        assert otm < 1e-11 * max(fwd, strike)
        return
    assert solved.ok, solved
    repriced = float(
        black_scholes_price(spot, strike, t, solved.vol, rate=r, div_yield=q, is_call=call)
    )
    assert repriced == pytest.approx(price, abs=1e-8)


def test_implied_vol_works_fifteen_minutes_before_expiry() -> None:
    t = 15 / (60 * 24 * 365)
    for strike in (99.9, 100.0, 100.1):
        price = float(black76_price(100.0, strike, t, 0.15, rate=0.065, is_call=True))
        assert implied_vol_black76(
            price, 100.0, strike, t, rate=0.065, is_call=True
        ).vol == pytest.approx(0.15, rel=1e-6)


def test_a_price_below_intrinsic_has_no_implied_vol() -> None:
    solved = implied_vol_black76(4.0, 100.0, 95.0, 0.1, rate=0.0, is_call=True)
    assert solved.failure is IVFailure.BELOW_INTRINSIC
    assert math.isnan(solved.vol)


def test_a_price_at_or_above_the_no_arbitrage_bound_has_no_implied_vol() -> None:
    assert implied_vol_black76(100.0, 100.0, 100.0, 0.1, rate=0.0, is_call=True).failure is (
        IVFailure.ABOVE_UPPER_BOUND
    )
    put_bound = 100.0 * math.exp(-0.05 * 0.5)
    assert implied_vol_black76(put_bound, 90.0, 100.0, 0.5, rate=0.05, is_call=False).failure is (
        IVFailure.ABOVE_UPPER_BOUND
    )


def test_a_price_needing_more_than_a_thousand_percent_vol_is_out_of_range() -> None:
    assert (
        implied_vol_black76(99.9, 100.0, 100.0, 0.1, rate=0.0, is_call=True).failure
        is IVFailure.ABOVE_MAX_VOL
    )


def test_expired_and_nonsense_inputs_are_reported_not_solved() -> None:
    assert (
        implied_vol_black76(5.0, 100.0, 100.0, 0.0, rate=0.0, is_call=True).failure
        is IVFailure.EXPIRED
    )
    assert (
        implied_vol_black76(-1.0, 100.0, 100.0, 0.1, rate=0.0, is_call=True).failure
        is IVFailure.INVALID_INPUT
    )
    assert implied_vol_black76(5.0, 100.0, math.nan, 0.1, rate=0.0, is_call=True).failure is (
        IVFailure.INVALID_INPUT
    )


def test_implied_vols_of_a_chain_are_nan_where_there_is_no_solution() -> None:
    strikes_ = np.array([90.0, 100.0, 110.0])
    chain = black76_price(100.0, strikes_, 30 / 365, 0.2, rate=0.065, is_call=True)
    chain[0] = 1.0  # below intrinsic
    vols_ = implied_vols_black76(chain, 100.0, strikes_, 30 / 365, rate=0.065, is_call=True)
    assert math.isnan(vols_[0])
    assert vols_[1:] == pytest.approx([0.2, 0.2], rel=1e-9)


def test_theta_of_a_long_atm_option_is_about_one_day_of_decay() -> None:
    t = 10 / 365
    today = _b76(100.0, t, 0.2, 0.065, True)
    tomorrow = _b76(100.0, t - 1 / 365, 0.2, 0.065, True)
    theta = float(black76_greeks(100.0, 100.0, t, 0.2, rate=0.065, is_call=True).theta)
    assert theta < 0
    assert theta == pytest.approx(tomorrow - today, rel=0.05)  # the derivative vs one step
