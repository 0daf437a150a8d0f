"""The demo's synthetic daily history: valid bars on the tick, trading days only, ending at
the reference price the live synthetic feed starts from, the same every run."""

from __future__ import annotations

from datetime import date

from dalal.adapters.feeds.base import IST
from dalal.adapters.feeds.demo_bars import demo_daily_bars, trading_days
from dalal.adapters.feeds.demo_master import DEMO_REFERENCE_PRICES, demo_instruments
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.domain.instruments import InstrumentType
from dalal.domain.market import Interval

TODAY = date(2026, 11, 23)
CALENDAR = MarketCalendar(load_holidays())
INSTRUMENTS = demo_instruments(TODAY, CALENDAR)


def test_every_demo_stock_and_index_gets_two_years_of_valid_daily_bars() -> None:
    bars = demo_daily_bars(INSTRUMENTS, CALENDAR, TODAY)
    days = trading_days(CALENDAR, TODAY, 2)
    assert 480 < len(days) < 510  # about 248 trading days a year
    by_token: dict[int, list] = {}
    for bar in bars:
        by_token.setdefault(bar.token, []).append(bar)
    priced = [
        i
        for i in INSTRUMENTS
        if i.instrument_type in (InstrumentType.EQ, InstrumentType.INDEX)
        and i.tradingsymbol in DEMO_REFERENCE_PRICES
    ]
    assert len(priced) == 23
    for instrument in priced:
        series = by_token[instrument.token]
        assert [b.at.astimezone(IST).date() for b in series] == days
        assert all(CALENDAR.is_trading_day(b.at.astimezone(IST).date()) for b in series)
        # The history joins the live feed: its last close is the reference price.
        assert series[-1].close == DEMO_REFERENCE_PRICES[instrument.tradingsymbol]
        for bar in series:
            assert bar.interval is Interval.D1
            assert bar.low <= min(bar.open, bar.close) <= max(bar.open, bar.close) <= bar.high
            assert bar.low > 0
            for price in (bar.open, bar.high, bar.low, bar.close):
                assert price % instrument.tick_size == 0
            assert (bar.volume == 0) == (instrument.instrument_type is InstrumentType.INDEX)
    assert {b.token for b in bars} == {i.token for i in priced}


def test_the_demo_history_is_the_same_every_run() -> None:
    assert demo_daily_bars(INSTRUMENTS, CALENDAR, TODAY) == demo_daily_bars(
        INSTRUMENTS, CALENDAR, TODAY
    )
