"""The option calculator (shared by the query and the CLI) and the vectorised IV solver.

References are textbook figures (Hull) and closed forms written out here with ``math``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dalal.domain.errors import InvalidInput
from dalal.domain.option_calculator import (
    NoImpliedVol,
    OptionQuery,
    PricingModel,
    calculate_option,
)
from dalal.domain.options import (
    IVFailure,
    black76_price,
    implied_vol_black76,
    implied_vols_black76,
)

BS, B76 = PricingModel.BS, PricingModel.BLACK76
HALF_YEAR = 182.5  # days: t = 0.5


def _n(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _black76(f: float, k: float, t: float, v: float, r: float, call: bool) -> float:
    d1 = (math.log(f / k) + v * v * t / 2) / (v * math.sqrt(t))
    d2 = d1 - v * math.sqrt(t)
    if call:
        return math.exp(-r * t) * (f * _n(d1) - k * _n(d2))
    return math.exp(-r * t) * (k * _n(-d2) - f * _n(-d1))


def _calc(model: PricingModel, call: bool, s: float, k: float, days: float, **kw: float) -> object:
    return calculate_option(OptionQuery(model, call, s, k, days, **kw))  # type: ignore[arg-type]


def test_hulls_six_month_stock_option_prices_in_percent_units() -> None:
    call = calculate_option(OptionQuery(BS, True, 42, 40, HALF_YEAR, rate=10, volatility=20))
    put = calculate_option(OptionQuery(BS, False, 42, 40, HALF_YEAR, rate=10, volatility=20))
    assert call.price == pytest.approx(4.7594, abs=5e-5)
    assert put.price == pytest.approx(0.8086, abs=5e-5)
    # N(d1) = 0.7791 and N(d2) = 0.7349 in Hull's worked example.
    assert call.delta == pytest.approx(0.7791, abs=5e-5)
    assert call.iv == 20.0
    # put-call parity on the calculator's own outputs, to 1e-9
    assert call.price - put.price == pytest.approx(42 - 40 * math.exp(-0.05), abs=1e-9)


def test_hulls_put_on_a_future_and_its_call_by_parity() -> None:
    days = 365 / 3  # four months
    put = calculate_option(OptionQuery(B76, False, 20, 20, days, rate=9, volatility=25))
    call = calculate_option(OptionQuery(B76, True, 20, 20, days, rate=9, volatility=25))
    assert put.price == pytest.approx(1.1166, abs=5e-5)
    assert call.price == pytest.approx(put.price, abs=1e-12)  # at the money F = K
    assert put.price == pytest.approx(_black76(20, 20, 1 / 3, 0.25, 0.09, False), abs=1e-9)


def test_black76_matches_the_closed_form_to_a_millionth_over_a_grid() -> None:
    for f, k, days, vol, call in [
        (25_000, 24_000, 7, 13, True),
        (25_000, 26_500, 30, 18, False),
        (620, 600, 73, 20, True),
        (59_210.6, 59_200, 0.5, 16, False),
    ]:
        got = calculate_option(OptionQuery(B76, call, f, k, days, rate=6.5, volatility=vol))
        want = _black76(f, k, days / 365, vol / 100, 0.065, call)
        assert got.price == pytest.approx(want, abs=1e-6)


def test_a_price_gives_back_the_volatility_and_the_same_greeks() -> None:
    priced = calculate_option(OptionQuery(BS, True, 42, 40, HALF_YEAR, rate=10, volatility=20))
    solved = calculate_option(OptionQuery(BS, True, 42, 40, HALF_YEAR, rate=10, price=priced.price))
    assert solved.iv == pytest.approx(20.0, abs=1e-6)
    assert solved.price == priced.price
    for greek in ("delta", "gamma", "theta", "vega", "rho"):
        assert getattr(solved, greek) == pytest.approx(getattr(priced, greek), rel=1e-6)


def test_a_dividend_yield_lowers_a_call() -> None:
    plain = calculate_option(OptionQuery(BS, True, 930, 900, 60.8, rate=8, volatility=20))
    paying = calculate_option(
        OptionQuery(BS, True, 930, 900, 60.8, rate=8, volatility=20, dividend_yield=3)
    )
    assert paying.price < plain.price


@pytest.mark.parametrize(
    ("volatility", "price"), [(None, None), (20.0, 4.0)], ids=["neither", "both"]
)
def test_volatility_and_price_are_one_or_the_other(
    volatility: float | None, price: float | None
) -> None:
    with pytest.raises(InvalidInput) as raised:
        calculate_option(
            OptionQuery(BS, True, 42, 40, 30, rate=10, volatility=volatility, price=price)
        )
    assert raised.value.field == "volatility"


@pytest.mark.parametrize(
    ("field", "query"),
    [
        ("underlyingPrice", OptionQuery(BS, True, 0, 40, 30, rate=10, volatility=20)),
        ("strike", OptionQuery(BS, True, 42, -1, 30, rate=10, volatility=20)),
        ("daysToExpiry", OptionQuery(BS, True, 42, 40, 0, rate=10, volatility=20)),
        ("rate", OptionQuery(BS, True, 42, 40, 30, rate=math.nan, volatility=20)),
        ("volatility", OptionQuery(BS, True, 42, 40, 30, rate=10, volatility=0)),
        ("price", OptionQuery(BS, True, 42, 40, 30, rate=10, price=-2)),
    ],
)
def test_nonsense_inputs_name_the_field(field: str, query: OptionQuery) -> None:
    with pytest.raises(InvalidInput) as raised:
        calculate_option(query)
    assert raised.value.field == field


def test_a_price_below_intrinsic_has_no_iv_and_says_why() -> None:
    with pytest.raises(NoImpliedVol) as raised:
        calculate_option(OptionQuery(B76, True, 100, 90, 30, rate=7, price=5))
    assert raised.value.reason is IVFailure.BELOW_INTRINSIC
    assert "intrinsic" in raised.value.message


def test_a_price_above_the_bound_has_no_iv() -> None:
    with pytest.raises(NoImpliedVol) as raised:
        calculate_option(OptionQuery(B76, True, 100, 90, 30, rate=0, price=100))
    assert raised.value.reason is IVFailure.ABOVE_UPPER_BOUND


# ---- the vectorised solver -------------------------------------------------------------------

ONE_HOUR = 1 / 24


@pytest.mark.parametrize("days", [ONE_HOUR, 1, 7, 30, 182.5, 365])
def test_a_chain_solves_like_the_scalar_solver_from_deep_itm_to_deep_otm(days: float) -> None:
    t, fwd, r = days / 365, 25_000.0, 0.065
    strikes = fwd * np.exp(np.linspace(-0.5, 0.5, 61))
    vols = 0.13 * (1 + 0.5 * np.abs(np.log(strikes / fwd)))
    for call in (True, False):
        prices = black76_price(fwd, strikes, t, vols, rate=r, is_call=call)
        solved = implied_vols_black76(prices, fwd, strikes, t, rate=r, is_call=call)
        scalar = np.array(
            [
                implied_vol_black76(float(p), fwd, float(k), t, rate=r, is_call=call).vol
                for p, k in zip(prices, strikes, strict=True)
            ]
        )
        assert np.array_equal(np.isnan(solved), np.isnan(scalar))
        ok = ~np.isnan(solved)
        assert solved[ok] == pytest.approx(scalar[ok], rel=1e-9, abs=1e-9)
        repriced = black76_price(fwd, strikes[ok], t, solved[ok], rate=r, is_call=call)
        assert repriced == pytest.approx(prices[ok], abs=1e-8)
        # identifiable prices (an OTM side worth more than 1e-8 of the forward) give the vol
        otm = black76_price(fwd, strikes, t, vols, rate=r, is_call=strikes >= fwd)
        identifiable = ok & (otm > 1e-8 * fwd)
        assert identifiable.sum() > 0
        assert solved[identifiable] == pytest.approx(vols[identifiable], rel=1e-6)


def test_a_chain_marks_unsolvable_prices_nan() -> None:
    # below intrinsic, zero, at the upper bound, missing; then one good price
    prices = np.array([1.0, 0.0, 100.0, math.nan, 4.0])
    strikes = np.array([90.0, 100.0, 100.0, 100.0, 100.0])
    solved = implied_vols_black76(prices, 100.0, strikes, 0.1, rate=0.0, is_call=True)
    assert np.isnan(solved[:4]).all()
    assert solved[4] == pytest.approx(
        implied_vol_black76(4.0, 100.0, 100.0, 0.1, rate=0.0, is_call=True).vol, rel=1e-12
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(-0.8, 0.8), min_size=1, max_size=20),
    st.floats(1 / (24 * 365), 2.0),
    st.floats(0.02, 2.0),
    st.booleans(),
)
def test_any_chain_round_trips_price_to_iv_to_price(
    log_moneyness: list[float], t: float, vol: float, call: bool
) -> None:
    fwd = 1000.0
    strikes = fwd * np.exp(np.array(log_moneyness))
    prices = black76_price(fwd, strikes, t, vol, rate=0.07, is_call=call)
    solved = implied_vols_black76(prices, fwd, strikes, t, rate=0.07, is_call=call)
    ok = ~np.isnan(solved)
    repriced = black76_price(fwd, strikes[ok], t, solved[ok], rate=0.07, is_call=call)
    assert repriced == pytest.approx(prices[ok], abs=1e-8 * fwd)
    otm = black76_price(fwd, strikes, t, vol, rate=0.07, is_call=strikes >= fwd)
    assert (ok | (otm < 1e-11 * fwd)).all()  # only prices without time value go unsolved
