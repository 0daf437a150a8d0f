"""Chain analytics: forward, ATM, IVs and greeks per strike, PCR and max pain."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.domain.option_chain import (
    atm_index,
    max_pain_index,
    mid_prices,
    put_call_ratio,
    side_analytics,
    synthetic_forward,
)
from dalal.domain.options import black76_greeks, black76_price

STRIKES = np.arange(24_000.0, 26_050.0, 50.0)
FWD, T, R = 25_012.3, 9 / 365, 0.065


def _smile(k: np.ndarray) -> np.ndarray:
    return 0.13 + 0.4 * np.log(k / FWD) ** 2 - 0.05 * np.log(k / FWD)


def test_parity_gives_back_the_forward_the_prices_were_made_on() -> None:
    calls = black76_price(FWD, STRIKES, T, _smile(STRIKES), rate=R, is_call=True)
    puts = black76_price(FWD, STRIKES, T, _smile(STRIKES), rate=R, is_call=False)
    calls[3] = math.nan  # a strike without a call quote is skipped
    assert synthetic_forward(STRIKES, calls, puts, T, R) == pytest.approx(FWD, abs=1e-8)
    assert synthetic_forward(STRIKES, np.full_like(calls, np.nan), puts, T, R) is None


def test_ivs_and_greeks_of_a_side_are_those_the_prices_were_made_with() -> None:
    vols = _smile(STRIKES)
    for call in (True, False):
        prices = black76_price(FWD, STRIKES, T, vols, rate=R, is_call=call)
        prices[0] = math.nan  # unquoted
        side = side_analytics(prices, FWD, STRIKES, T, R, call=call)
        assert math.isnan(side.iv[0])
        assert math.isnan(side.delta[0])
        assert side.iv[1:] == pytest.approx(vols[1:], rel=1e-7)
        want = black76_greeks(FWD, STRIKES[1:], T, vols[1:], rate=R, is_call=call)
        assert side.delta[1:] == pytest.approx(want.delta, abs=1e-7)
        assert side.gamma[1:] == pytest.approx(want.gamma, rel=1e-6)
        assert side.theta[1:] == pytest.approx(want.theta, rel=1e-6)
        assert side.vega[1:] == pytest.approx(want.vega, rel=1e-6)


def test_the_mid_is_used_when_both_sides_are_quoted() -> None:
    got = mid_prices(
        np.array([10.0, 10.0, 10.0]),
        np.array([9.0, math.nan, 9.0]),
        np.array([12.0, 12.0, math.nan]),
    )
    assert got.tolist() == [10.5, 10.0, 10.0]


def test_atm_is_the_nearest_strike_and_the_lower_on_a_tie() -> None:
    strikes = np.array([100.0, 110.0, 120.0])
    assert atm_index(strikes, 113.0) == 1
    assert atm_index(strikes, 115.0) == 1
    assert atm_index(strikes, 500.0) == 2


def test_pcr_is_puts_over_calls_and_none_without_calls() -> None:
    assert put_call_ratio([10, 20, math.nan], [5, 5, 5]) == pytest.approx(2.0)
    assert put_call_ratio([10], [0]) is None


def _brute_max_pain(strikes: list[float], calls: list[float], puts: list[float]) -> float:
    best, best_pain = strikes[0], math.inf
    for s in strikes:
        pain = sum(
            c * max(s - k, 0) + p * max(k - s, 0)
            for k, c, p in zip(strikes, calls, puts, strict=True)
        )
        if pain < best_pain:
            best, best_pain = s, pain
    return best


@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=30))
def test_max_pain_is_the_strike_where_writers_pay_least(weights: list[tuple[int, int]]) -> None:
    strikes = [100.0 + 5 * i for i in range(len(weights))]
    calls = [float(c) for c, _ in weights]
    puts = [float(p) for _, p in weights]
    found = max_pain_index(np.array(strikes), np.array(calls), np.array(puts))
    if sum(calls) + sum(puts) == 0:
        assert found is None
        return
    assert found is not None
    assert strikes[found] == _brute_max_pain(strikes, calls, puts)


def test_max_pain_sits_where_open_interest_piles_up() -> None:
    strikes = np.array([100.0, 110.0, 120.0, 130.0])
    calls = np.array([0.0, 0.0, 500.0, 900.0])  # calls written above
    puts = np.array([900.0, 500.0, 0.0, 0.0])  # puts written below
    assert strikes[max_pain_index(strikes, calls, puts) or 0] in (110.0, 120.0)
