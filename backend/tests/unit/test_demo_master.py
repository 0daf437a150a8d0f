"""The embedded demo master: what it lists for a given day, and that it is stable and valid."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dalal.adapters.feeds.demo_master import DEMO_REFERENCE_PRICES, demo_instruments
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.domain.instrument_rules import is_tick_multiple, lot_size_for
from dalal.domain.instruments import Instrument, InstrumentType

CALENDAR = MarketCalendar(load_holidays())
MID_DECEMBER = date(2025, 12, 3)  # next weeklies 9 and 16 Dec, monthly 30 Dec


def by_symbol(today: date) -> dict[str, Instrument]:
    return {i.tradingsymbol: i for i in demo_instruments(today, CALENDAR)}


def test_a_mid_month_master_holds_stocks_indices_futures_and_five_chains() -> None:
    instruments = demo_instruments(MID_DECEMBER, CALENDAR)
    kinds = Counter(i.instrument_type for i in instruments)
    assert kinds[InstrumentType.EQ] == 20
    assert kinds[InstrumentType.INDEX] == 3
    assert kinds[InstrumentType.FUT] == 6
    chains = Counter((i.underlying, i.expiry) for i in instruments if i.is_option)
    assert chains == {
        ("NIFTY", date(2025, 12, 9)): 62,
        ("NIFTY", date(2025, 12, 16)): 62,
        ("NIFTY", date(2025, 12, 30)): 62,
        ("BANKNIFTY", date(2025, 12, 30)): 62,
        ("FINNIFTY", date(2025, 12, 30)): 62,
    }
    assert len(instruments) == 20 + 3 + 6 + 5 * 62


def test_when_a_weekly_is_the_monthly_nifty_has_two_option_expiries() -> None:
    instruments = demo_instruments(date(2025, 12, 29), CALENDAR)
    nifty_expiries = {i.expiry for i in instruments if i.is_option and i.underlying == "NIFTY"}
    assert nifty_expiries == {date(2025, 12, 30), date(2026, 1, 6)}


def test_symbols_follow_kites_monthly_and_weekly_formats() -> None:
    symbols = by_symbol(MID_DECEMBER)
    expected = {
        "NIFTY25DECFUT", "NIFTY26JANFUT", "BANKNIFTY25DECFUT", "BANKNIFTY26JANFUT",
        "FINNIFTY25DECFUT", "FINNIFTY26JANFUT", "NIFTY25D0926050CE", "NIFTY25D1626050PE",
        "NIFTY25DEC26050CE", "BANKNIFTY25DEC59200PE", "FINNIFTY25DEC27650CE",
        "NIFTY", "BANKNIFTY", "FINNIFTY", "RELIANCE", "NTPC",
    }  # fmt: skip
    assert expected <= symbols.keys()
    assert not any(symbol.startswith("NIFTY25D30") for symbol in symbols)
    october = by_symbol(date(2025, 10, 1))
    assert "NIFTY25O0726050CE" in october  # month code O, zero-padded day
    assert "NIFTY25OCT26050CE" in october


def test_strikes_are_31_around_the_money_in_each_index_step() -> None:
    instruments = demo_instruments(MID_DECEMBER, CALENDAR)
    for underlying, step, atm in (("NIFTY", 50, 26050), ("BANKNIFTY", 100, 59200),
                                  ("FINNIFTY", 50, 27650)):  # fmt: skip
        strikes = sorted(
            {i.strike for i in instruments if i.strike is not None and i.underlying == underlying}
        )
        assert len(strikes) == 31
        assert strikes[15] == Decimal(atm)
        assert strikes[0] == Decimal(atm - 15 * step)
        assert all(b - a == step for a, b in pairwise(strikes))


def test_tokens_and_symbols_are_unique() -> None:
    instruments = demo_instruments(MID_DECEMBER, CALENDAR)
    assert len({i.token for i in instruments}) == len(instruments)
    assert len({i.tradingsymbol for i in instruments}) == len(instruments)
    assert max(i.token for i in instruments) < 2**31


def test_a_contract_keeps_its_token_from_day_to_day() -> None:
    first, later = by_symbol(MID_DECEMBER), by_symbol(date(2025, 12, 10))
    for symbol in ("NIFTY25DECFUT", "NIFTY25D1626050CE", "BANKNIFTY25DEC59200PE", "INFY", "NIFTY"):
        assert first[symbol].token == later[symbol].token
    assert demo_instruments(MID_DECEMBER, CALENDAR) == demo_instruments(MID_DECEMBER, CALENDAR)


def test_lot_sizes_are_those_of_each_contracts_expiry() -> None:
    symbols = by_symbol(MID_DECEMBER)
    assert symbols["NIFTY25DECFUT"].lot_size == 75
    assert symbols["NIFTY26JANFUT"].lot_size == 65
    assert symbols["BANKNIFTY25DECFUT"].lot_size == 35
    assert symbols["BANKNIFTY26JANFUT"].lot_size == 30
    assert symbols["FINNIFTY25DEC27650CE"].lot_size == 65
    assert symbols["FINNIFTY26JANFUT"].lot_size == 60
    assert symbols["RELIANCE"].lot_size == 1


def test_ticks_follow_the_rules_and_reference_prices_sit_on_them() -> None:
    symbols = by_symbol(MID_DECEMBER)
    assert symbols["NIFTY25DECFUT"].tick_size == Decimal("0.10")
    assert symbols["BANKNIFTY25DECFUT"].tick_size == Decimal("0.20")
    assert symbols["MARUTI"].tick_size == Decimal("1.00")
    assert symbols["WIPRO"].tick_size == Decimal("0.01")
    assert {i.tick_size for i in symbols.values() if i.is_option} == {Decimal("0.05")}
    for symbol, price in DEMO_REFERENCE_PRICES.items():
        assert is_tick_multiple(price, symbols[symbol].tick_size), symbol


def test_every_stock_and_index_has_a_reference_price() -> None:
    spot = {
        i.tradingsymbol
        for i in demo_instruments(MID_DECEMBER, CALENDAR)
        if i.instrument_type in (InstrumentType.EQ, InstrumentType.INDEX)
    }
    assert spot == DEMO_REFERENCE_PRICES.keys()


@settings(max_examples=30, deadline=None)
@given(st.dates(min_value=date(2024, 12, 1), max_value=date(2026, 12, 31)))
def test_on_any_day_derivatives_expire_on_trading_days_from_today_with_their_lot(
    today: date,
) -> None:
    instruments = demo_instruments(today, CALENDAR)
    assert len({i.token for i in instruments}) == len(instruments)
    for instrument in instruments:
        if instrument.expiry is None:
            continue
        assert instrument.expiry >= today
        assert CALENDAR.is_trading_day(instrument.expiry)
        assert instrument.underlying is not None
        assert instrument.lot_size == lot_size_for(instrument.underlying, instrument.expiry)


def test_days_beyond_the_token_range_are_refused() -> None:
    with pytest.raises(ValueError, match="token range"):
        demo_instruments(date(2043, 1, 5), CALENDAR)


def test_building_the_master_takes_well_under_50_ms() -> None:
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        demo_instruments(MID_DECEMBER, CALENDAR)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.05
