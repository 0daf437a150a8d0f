"""Payoffs against brute-force leg sums; breakevens, extremes, POP and net greeks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dalal.domain.options import black76_greeks, black76_price
from dalal.domain.payoff import (
    LegKind,
    PayoffLeg,
    breakevens,
    extremes,
    net_greeks,
    pnl_at,
    pnl_at_expiry,
    probability_of_profit,
)

CE, PE, FUT = LegKind.CE, LegKind.PE, LegKind.FUT
T = 7 / 365
TICK = 0.05


def leg(sign: int, kind: LegKind, strike: float, entry: float, qty: int = 75) -> PayoffLeg:
    return PayoffLeg(sign, kind, strike, qty, entry, T, iv=0.14)


def brute(legs: list[PayoffLeg], s: float) -> float:
    """Each leg's intrinsic value less its entry, summed by hand."""
    total = 0.0
    for x in legs:
        if x.kind is FUT:
            value = s
        elif x.kind is CE:
            value = max(s - x.strike, 0.0)
        else:
            value = max(x.strike - s, 0.0)
        total += x.sign * x.quantity * (value - x.entry)
    return total


IRON_CONDOR = [
    leg(+1, PE, 24_600, 20.0),
    leg(-1, PE, 24_800, 55.0),
    leg(-1, CE, 25_200, 50.0),
    leg(+1, CE, 25_400, 18.0),
]
CREDIT = -20.0 + 55.0 + 50.0 - 18.0  # per unit


def test_the_iron_condor_payoff_is_the_sum_of_its_legs() -> None:
    grid = np.linspace(24_000, 26_000, 501)
    got = pnl_at_expiry(IRON_CONDOR, grid)
    assert got == pytest.approx([brute(IRON_CONDOR, s) for s in grid], abs=1e-9)


def test_iron_condor_breakevens_are_the_short_strikes_less_and_plus_the_credit() -> None:
    grid = np.linspace(24_000, 26_000, 37)  # coarse on purpose: roots fall between points

    def pnl(x: np.ndarray) -> np.ndarray:
        return pnl_at_expiry(IRON_CONDOR, x)

    roots = breakevens(pnl, grid, pnl(grid))
    assert len(roots) == 2
    assert roots[0] == pytest.approx(24_800 - CREDIT, abs=TICK / 100)
    assert roots[1] == pytest.approx(25_200 + CREDIT, abs=TICK / 100)


def test_iron_condor_profit_and_loss_are_limited_and_exact() -> None:
    found = extremes(IRON_CONDOR, np.linspace(24_500, 25_500, 11))
    assert found.max_profit == pytest.approx(CREDIT * 75, abs=1e-6)
    assert found.max_loss == pytest.approx((CREDIT - 200) * 75, abs=1e-6)
    assert not found.unlimited_profit
    assert not found.unlimited_loss


def test_a_short_straddle_can_lose_without_limit_and_a_long_call_gain() -> None:
    straddle = [leg(-1, CE, 25_000, 120.0), leg(-1, PE, 25_000, 110.0)]
    found = extremes(straddle, np.linspace(24_000, 26_000, 101))
    assert found.unlimited_loss
    assert found.max_profit == pytest.approx(230 * 75)
    call = extremes([leg(+1, CE, 25_000, 120.0)], np.linspace(24_000, 26_000, 101))
    assert call.unlimited_profit
    assert call.max_loss == pytest.approx(-120 * 75)


def test_a_long_put_is_bounded_at_a_zero_price_beyond_the_grid() -> None:
    put = extremes([leg(+1, PE, 25_000, 100.0)], np.linspace(24_000, 26_000, 11))
    assert put.max_profit == pytest.approx((25_000 - 100) * 75)


def test_a_ratio_spread_loses_without_limit_above() -> None:
    ratio = [leg(+1, CE, 25_000, 120.0), leg(-1, CE, 25_200, 50.0, qty=150)]
    assert extremes(ratio, np.linspace(24_000, 26_000, 101)).unlimited_loss


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([-1, 1]),
            st.sampled_from([CE, PE, FUT]),
            st.integers(480, 520),
            st.floats(0.5, 40.0),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_breakevens_of_any_single_expiry_position_are_roots_to_a_tick(
    raw: list[tuple[int, LegKind, int, float]],
) -> None:
    legs = [leg(sign, kind, 50.0 * k, entry, qty=50) for sign, kind, k, entry in raw]
    for i, x in enumerate(legs):
        if x.kind is FUT:
            legs[i] = PayoffLeg(x.sign, FUT, 0.0, 50, 25_000.0, T)
    grid = np.linspace(22_000, 28_000, 241)

    def pnl(x: np.ndarray) -> np.ndarray:
        return pnl_at_expiry(legs, x)

    for root in breakevens(pnl, grid, pnl(grid)):
        # the P&L changes sign within a tick either side: a root exact to the tick
        left, right = brute(legs, root - TICK), brute(legs, root + TICK)
        assert left * right <= 0 or abs(brute(legs, root)) < 1e-6


def test_at_the_valuation_time_the_curve_is_the_model_value_less_the_entry() -> None:
    grid = np.array([24_800.0, 25_000.0, 25_300.0])
    got = pnl_at(IRON_CONDOR, grid, elapsed=0.0, rate=0.065, iv_shift=2.0)
    want = np.zeros(3)
    for x in IRON_CONDOR:
        value = black76_price(grid, x.strike, T, x.iv + 0.02, rate=0.065, is_call=x.kind is CE)
        want += x.sign * x.quantity * (value - x.entry)
    assert got == pytest.approx(want, abs=1e-9)


def test_a_long_call_wins_with_the_lognormal_probability_of_passing_its_breakeven() -> None:
    call = [PayoffLeg(+1, CE, 25_000.0, 75, 150.0, 30 / 365, iv=0.15)]
    fwd, vol, t = 25_100.0, 0.15, 30 / 365
    breakeven = 25_150.0
    d2 = (math.log(fwd / breakeven) - 0.5 * vol * vol * t) / (vol * math.sqrt(t))
    want = 0.5 * math.erfc(-d2 / math.sqrt(2))
    assert probability_of_profit(call, fwd, vol) == pytest.approx(want, abs=1e-9)


def test_an_iron_condor_wins_between_its_breakevens() -> None:
    fwd, vol = 25_000.0, 0.14
    s = vol * math.sqrt(T)

    def cdf(x: float) -> float:
        return 0.5 * math.erfc(-((math.log(x / fwd) + s * s / 2) / s) / math.sqrt(2))

    want = cdf(25_200 + CREDIT) - cdf(24_800 - CREDIT)
    assert probability_of_profit(IRON_CONDOR, fwd, vol) == pytest.approx(want, abs=1e-9)


def test_net_greeks_are_the_signed_sum_of_the_legs() -> None:
    fwd = 25_050.0
    got = net_greeks([*IRON_CONDOR, PayoffLeg(-1, FUT, 0.0, 75, 25_000.0, T)], fwd, rate=0.065)
    want_delta = -75.0
    want_vega = 0.0
    for x in IRON_CONDOR:
        g = black76_greeks(fwd, x.strike, T, x.iv, rate=0.065, is_call=x.kind is CE)
        want_delta += x.weight * float(g.delta)
        want_vega += x.weight * float(g.vega)
    assert got.delta == pytest.approx(want_delta, rel=1e-12)
    assert got.vega == pytest.approx(want_vega, rel=1e-12)
    assert got.vega < 0
    assert got.theta > 0
