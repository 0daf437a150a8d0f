"""The NSE calendar: session phases in IST, square-off times, holidays and expiry dates."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.domain.calendar import (
    InvalidHolidayFile,
    MarketCalendar,
    MarketPhase,
    NotATradingDay,
    NoWeeklyExpiries,
    load_holidays,
    parse_holidays,
)
from dalal.domain.errors import InvalidInput
from dalal.domain.instruments import Segment

IST = ZoneInfo("Asia/Kolkata")
HOLIDAYS = load_holidays()
NSE = MarketCalendar(HOLIDAYS)


def ist(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=IST)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


MON = date(2025, 12, 1)
TUE = date(2025, 12, 2)


# --- sessions ------------------------------------------------------------------------------


def test_at_0914_the_market_is_in_pre_open_and_opens_at_0915_ist() -> None:
    status = NSE.status(ist(MON, 9, 14))
    assert status.phase is MarketPhase.PRE_OPEN
    assert status.next_open == utc(MON, 3, 45)
    assert status.next_close == utc(MON, 10, 0)
    assert not NSE.is_open(ist(MON, 9, 14))


def test_at_0915_the_market_is_open_until_1530_and_next_opens_tomorrow() -> None:
    status = NSE.status(ist(MON, 9, 15))
    assert status.phase is MarketPhase.OPEN
    assert status.next_close == utc(MON, 10, 0)
    assert status.next_open == utc(TUE, 3, 45)
    assert NSE.is_open(ist(MON, 15, 29, 59))


def test_at_1530_the_market_is_closed_and_opens_the_next_trading_day() -> None:
    status = NSE.status(ist(MON, 15, 30))
    assert status.phase is MarketPhase.CLOSED
    assert (status.next_open, status.next_close) == (utc(TUE, 3, 45), utc(TUE, 10, 0))


def test_before_0900_the_market_is_closed_and_opens_the_same_morning() -> None:
    status = NSE.status(ist(MON, 8, 59))
    assert status.phase is MarketPhase.CLOSED
    assert status.next_open == utc(MON, 3, 45)


def test_on_a_weekend_the_market_is_closed_until_monday() -> None:
    for moment in (ist(date(2025, 12, 5), 16, 0), ist(date(2025, 12, 6), 11, 0)):
        status = NSE.status(moment)
        assert status.phase is MarketPhase.CLOSED
        assert status.next_open == utc(date(2025, 12, 8), 3, 45)


def test_on_a_holiday_the_market_is_closed_until_the_next_trading_day() -> None:
    christmas = NSE.status(ist(date(2025, 12, 25), 10, 0))
    assert christmas.phase is MarketPhase.CLOSED
    assert christmas.next_open == utc(date(2025, 12, 26), 3, 45)
    # Good Friday 2026 after a Thursday close: the next session is Monday.
    assert NSE.status(ist(date(2026, 4, 2), 15, 45)).next_open == utc(date(2026, 4, 6), 3, 45)


def test_status_is_judged_on_the_ist_date_not_the_utc_date() -> None:
    late_utc = utc(MON, 20, 0)  # 01:30 IST on Tuesday
    assert NSE.trading_day(late_utc) == TUE
    assert NSE.status(late_utc).next_open == utc(TUE, 3, 45)


def test_any_timezone_is_accepted_but_naive_datetimes_are_refused() -> None:
    new_york = ist(MON, 10, 0).astimezone(ZoneInfo("America/New_York"))
    assert NSE.is_open(new_york)
    with pytest.raises(ValueError, match="timezone-aware"):
        NSE.status(datetime(2025, 12, 1, 10, 0))


def test_always_mode_is_open_at_every_instant_with_no_close() -> None:
    demo = MarketCalendar(HOLIDAYS, "always")
    status = demo.status(ist(date(2025, 12, 7), 3, 0))
    assert (status.phase, status.next_open, status.next_close) == (MarketPhase.OPEN, None, None)
    assert demo.is_open(ist(date(2025, 12, 25), 23, 0))
    assert not demo.is_trading_day(date(2025, 12, 25))


@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 30)))
def test_the_next_open_is_after_the_instant_and_the_next_close_follows_it(
    naive: datetime,
) -> None:
    at = naive.replace(tzinfo=UTC)
    status = NSE.status(at)
    assert status.next_open is not None
    assert status.next_close is not None
    assert status.next_open > at
    assert status.next_close >= at
    assert (status.phase is MarketPhase.OPEN) == (status.next_close < status.next_open)
    assert NSE.is_trading_day(status.next_open.astimezone(IST).date())


def test_session_close_and_square_off_are_in_utc_on_trading_days_only() -> None:
    assert NSE.session_open(MON) == utc(MON, 3, 45)
    assert NSE.session_close(MON) == utc(MON, 10, 0)
    assert NSE.square_off_time(MON, Segment.EQUITY) == utc(MON, 9, 50)
    assert NSE.square_off_time(MON, Segment.OPTIONS) == utc(MON, 9, 55)
    assert NSE.square_off_time(MON, Segment.FUTURES) == utc(MON, 9, 55)
    with pytest.raises(NotATradingDay, match="Thu 25 Dec 2025"):
        NSE.session_close(date(2025, 12, 25))
    with pytest.raises(InvalidInput):
        NSE.square_off_time(MON, Segment.INDEX)


def test_square_off_times_are_configurable_within_the_session() -> None:
    custom = MarketCalendar(HOLIDAYS, equity_square_off=time(15, 15), fno_square_off=time(15, 29))
    assert custom.square_off_time(MON, Segment.EQUITY) == utc(MON, 9, 45)
    assert custom.square_off_time(MON, Segment.FUTURES) == utc(MON, 9, 59)
    with pytest.raises(ValueError, match="square-off"):
        MarketCalendar(HOLIDAYS, equity_square_off=time(16, 0))
    with pytest.raises(ValueError, match="sessions_mode"):
        MarketCalendar(HOLIDAYS, "sometimes")  # type: ignore[arg-type]


def test_trading_days_skip_weekends_and_holidays_both_ways() -> None:
    assert NSE.next_trading_day(date(2025, 12, 24)) == date(2025, 12, 26)
    assert NSE.previous_trading_day(date(2025, 12, 26)) == date(2025, 12, 24)
    assert NSE.next_trading_day(date(2026, 1, 14)) == date(2026, 1, 16)
    assert NSE.previous_trading_day(date(2025, 12, 8)) == date(2025, 12, 5)


# --- expiries ------------------------------------------------------------------------------


def test_monthly_expiry_is_the_last_tuesday_of_the_month() -> None:
    assert NSE.monthly_expiry("NIFTY", 2025, 12) == date(2025, 12, 30)
    assert NSE.monthly_expiry("BANKNIFTY", 2026, 1) == date(2026, 1, 27)
    assert NSE.monthly_expiry("FINNIFTY", 2026, 2) == date(2026, 2, 24)


def test_a_holiday_on_the_last_tuesday_moves_the_monthly_expiry_to_the_day_before() -> None:
    # 31 Mar 2026 (Mahavir Jayanti) and 24 Nov 2026 (Guru Nanak) are holidays.
    assert NSE.monthly_expiry("NIFTY", 2026, 3) == date(2026, 3, 30)
    assert NSE.monthly_expiry("NIFTY", 2026, 11) == date(2026, 11, 23)
    closed_twice = MarketCalendar(frozenset({date(2025, 12, 30), date(2025, 12, 29)}))
    assert closed_twice.monthly_expiry("NIFTY", 2025, 12) == date(2025, 12, 26)


def test_nse_expiries_moved_from_thursday_to_tuesday_in_september_2025() -> None:
    assert NSE.monthly_expiry("NIFTY", 2025, 8) == date(2025, 8, 28)
    assert NSE.monthly_expiry("NIFTY", 2025, 9) == date(2025, 9, 30)
    assert NSE.weekly_expiries("NIFTY", date(2025, 8, 20), 4) == [
        date(2025, 8, 21),
        date(2025, 8, 28),
        date(2025, 9, 2),
        date(2025, 9, 9),
    ]


def test_nifty_weekly_expiries_are_every_tuesday_including_the_monthly() -> None:
    assert NSE.weekly_expiries("NIFTY", MON, 5) == [
        date(2025, 12, 2),
        date(2025, 12, 9),
        date(2025, 12, 16),
        date(2025, 12, 23),
        date(2025, 12, 30),
    ]
    assert NSE.weekly_expiries("NIFTY", date(2025, 12, 9), 1) == [date(2025, 12, 9)]


def test_a_tuesday_holiday_moves_the_weekly_expiry_to_monday() -> None:
    expiries = NSE.weekly_expiries("NIFTY", date(2026, 3, 25), 3)
    assert expiries == [date(2026, 3, 30), date(2026, 4, 7), date(2026, 4, 13)]


def test_an_expiry_moved_before_the_start_date_is_not_listed() -> None:
    # From the holiday itself, the expiry already happened the day before.
    assert NSE.weekly_expiries("NIFTY", date(2026, 3, 31), 1) == [date(2026, 4, 7)]


def test_bse_contracts_expire_on_thursdays() -> None:
    assert NSE.weekly_expiries("SENSEX", MON, 4) == [
        date(2025, 12, 4),
        date(2025, 12, 11),
        date(2025, 12, 18),
        date(2025, 12, 24),  # Christmas is a Thursday
    ]
    assert NSE.monthly_expiry("SENSEX", 2026, 1) == date(2026, 1, 29)
    assert NSE.weekly_expiries("SENSEX", date(2026, 1, 12), 1) == [date(2026, 1, 14)]


def test_bse_moved_from_friday_to_tuesday_in_january_2025() -> None:
    assert NSE.weekly_expiries("SENSEX", date(2024, 12, 25), 4) == [
        date(2024, 12, 27),
        date(2025, 1, 3),
        date(2025, 1, 7),
        date(2025, 1, 14),
    ]


@pytest.mark.parametrize("underlying", ["BANKNIFTY", "FINNIFTY", "MIDCPNIFTY", "RELIANCE"])
def test_only_nifty_and_sensex_have_weekly_expiries(underlying: str) -> None:
    with pytest.raises(NoWeeklyExpiries, match="monthly expiries only"):
        NSE.weekly_expiries(underlying, MON, 2)


def test_monthly_expiries_start_from_the_current_month_until_it_expires() -> None:
    assert NSE.monthly_expiries("NIFTY", date(2025, 12, 30), 2) == [
        date(2025, 12, 30),
        date(2026, 1, 27),
    ]
    assert NSE.monthly_expiries("NIFTY", date(2025, 12, 31), 1) == [date(2026, 1, 27)]


@given(
    st.sampled_from(["NIFTY", "SENSEX"]),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30)),
    st.integers(min_value=1, max_value=8),
)
def test_weekly_expiries_are_increasing_trading_days_a_week_or_so_apart(
    underlying: str, start: date, count: int
) -> None:
    expiries = NSE.weekly_expiries(underlying, start, count)
    assert len(expiries) == count
    assert expiries[0] >= start
    assert all(NSE.is_trading_day(expiry) for expiry in expiries)
    for earlier, later in pairwise(expiries):
        assert timedelta(days=1) <= later - earlier <= timedelta(days=11)


@given(
    st.sampled_from(["NIFTY", "BANKNIFTY", "SENSEX"]),
    st.integers(min_value=2024, max_value=2027),
    st.integers(min_value=1, max_value=12),
)
def test_the_monthly_expiry_is_the_last_trading_day_on_or_before_the_last_expiry_weekday(
    underlying: str, year: int, month: int
) -> None:
    expiry = NSE.monthly_expiry(underlying, year, month)
    assert (expiry.year, expiry.month) == (year, month)
    assert NSE.is_trading_day(expiry)
    month_days = [date(year, month, 1) + timedelta(days=n) for n in range(31)]
    month_days = [day for day in month_days if day.month == month]
    nominal = max(d for d in month_days if d.weekday() == NSE.expiry_weekday(underlying, d))
    assert expiry <= nominal
    assert not any(NSE.is_trading_day(d) for d in month_days if expiry < d <= nominal)


# --- holiday data --------------------------------------------------------------------------


def test_the_packaged_holidays_cover_2024_to_2026() -> None:
    by_year = {year: sum(1 for day in HOLIDAYS if day.year == year) for year in (2024, 2025, 2026)}
    assert by_year == {2024: 17, 2025: 14, 2026: 16}
    assert {date(2025, 2, 26), date(2025, 10, 21), date(2026, 1, 15)} <= HOLIDAYS
    assert all(day.weekday() < 5 for day in HOLIDAYS)


def test_a_user_holiday_file_replaces_the_packaged_one(tmp_path: Path) -> None:
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps({"_source": "mine", "2030": ["2030-01-01"]}), encoding="utf-8")
    assert load_holidays(path) == frozenset({date(2030, 1, 1)})
    assert load_holidays(str(path)) == frozenset({date(2030, 1, 1)})


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        (["2025-01-01"], "JSON object"),
        ({"25": ["2025-01-01"]}, "four-digit year"),
        ({"2025": "2025-01-01"}, "list of dates"),
        ({"2025": ["01-02-2025"]}, "YYYY-MM-DD"),
        ({"2025": ["2026-01-26"]}, "listed under 2025"),
    ],
)
def test_a_malformed_holiday_file_is_refused_with_the_reason(raw: object, complaint: str) -> None:
    with pytest.raises(InvalidHolidayFile, match=complaint):
        parse_holidays(raw)


def test_a_holiday_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "holidays.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidHolidayFile, match="not valid JSON"):
        load_holidays(path)
