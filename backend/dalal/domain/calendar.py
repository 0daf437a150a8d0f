"""The NSE market calendar: sessions, holidays, MIS square-off times and F&O expiry dates.

Conventions:

* Rules are evaluated in Asia/Kolkata (IST, no daylight saving); every datetime going in or out
  is timezone-aware, and outputs are in UTC. Naive datetimes are refused.
* Sessions, Monday to Friday except holidays: pre-open 09:00-09:15, normal market
  09:15-15:30, as half-open intervals (09:15:00 is OPEN, 15:30:00 is CLOSED). The closing
  session (15:40-16:00), Muhurat and special Saturday sessions are not modelled.
* ``sessions_mode="always"`` (the demo) reports the market OPEN at every instant with no next
  open or close. It changes ``status``/``is_open`` only: trading days, session times and expiry
  dates still follow the exchange calendar.
* Holidays are data (``dalal/data/nse_holidays.json``, or a user file of the same shape); a
  year missing from the data has only weekends as non-trading days.

Expiry rules (MARKET_FACTS.md, and the NSE/BSE circulars of June 2025 and November 2024 as
reported by Business Today, Business Standard and NDTV Profit):

* An expiry falls on the exchange's expiry weekday; when that day is not a trading day it moves
  to the previous trading day. Monthly expiry = the last such weekday of the month.
* NSE (NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY, stocks): Thursday, and Tuesday for expiries from
  2025-09-01. Before 2025 NSE's BANKNIFTY, FINNIFTY and MIDCPNIFTY monthlies expired on other
  weekdays (Wednesday, Tuesday, Monday); that history is not modelled.
* BSE (SENSEX, BANKEX, SENSEX50): Friday, Tuesday from 2025-01-04 (the Friday 3 January 2025
  weekly kept its day), Thursday from 2025-09-01.
* Weekly options exist only on NIFTY (NSE) and SENSEX (BSE): since SEBI's framework of
  20 November 2024 each exchange keeps one weekly index; BANKNIFTY and FINNIFTY are monthly
  only. Earlier weekly series of other indices are not modelled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Literal, TypeAlias
from zoneinfo import ZoneInfo

from dalal.domain.errors import InvalidInput
from dalal.domain.instrument_rules import rule_on
from dalal.domain.instruments import Segment

IST = ZoneInfo("Asia/Kolkata")
PRE_OPEN_START = time(9, 0)
MARKET_OPEN = time(9, 15)
MARKET_CLOSE = time(15, 30)
EQUITY_SQUARE_OFF = time(15, 20)
FNO_SQUARE_OFF = time(15, 25)

SessionsMode: TypeAlias = Literal["nse", "always"]

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)
NSE_EXPIRY_WEEKDAY: tuple[tuple[date, int], ...] = (
    (date.min, THURSDAY),
    (date(2025, 9, 1), TUESDAY),
)
BSE_EXPIRY_WEEKDAY: tuple[tuple[date, int], ...] = (
    (date.min, FRIDAY),
    (date(2025, 1, 4), TUESDAY),
    (date(2025, 9, 1), THURSDAY),
)
BSE_UNDERLYINGS = frozenset({"SENSEX", "BANKEX", "SENSEX50"})
WEEKLY_UNDERLYINGS = frozenset({"NIFTY", "SENSEX"})

# No real calendar has a month without trading days; this bounds searches over bad data.
_MAX_SEARCH_DAYS = 400


class MarketPhase(StrEnum):
    PRE_OPEN = "PRE_OPEN"
    OPEN = "OPEN"
    CLOSED = "CLOSED"


@dataclass(frozen=True, slots=True)
class MarketStatus:
    """The phase at an instant, the next opening strictly after it (so while OPEN, the next
    session's) and the next close at or after it (while OPEN, today's). UTC; None in
    ``always`` mode."""

    phase: MarketPhase
    next_open: datetime | None
    next_close: datetime | None


class NotATradingDay(InvalidInput):
    code = "NOT_A_TRADING_DAY"


class NoWeeklyExpiries(InvalidInput):
    code = "NO_WEEKLY_EXPIRIES"


def _to_ist(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is required, not {at!r}")
    return at.astimezone(IST)


def _utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=IST).astimezone(UTC)


class MarketCalendar:
    """Trading days, session phases, square-off times and expiry dates (see module docstring)."""

    def __init__(
        self,
        holidays: frozenset[date],
        sessions_mode: SessionsMode = "nse",
        *,
        equity_square_off: time = EQUITY_SQUARE_OFF,
        fno_square_off: time = FNO_SQUARE_OFF,
    ) -> None:
        if sessions_mode not in ("nse", "always"):
            raise ValueError(f"sessions_mode must be 'nse' or 'always', not {sessions_mode!r}")
        for cutoff in (equity_square_off, fno_square_off):
            if not MARKET_OPEN < cutoff <= MARKET_CLOSE:
                raise ValueError(f"a square-off time must fall within 09:15-15:30, not {cutoff}")
        self.holidays = holidays
        self.sessions_mode: SessionsMode = sessions_mode
        self._square_off = {
            Segment.EQUITY: equity_square_off,
            Segment.FUTURES: fno_square_off,
            Segment.OPTIONS: fno_square_off,
        }

    # --- days ------------------------------------------------------------------------------

    def is_trading_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def next_trading_day(self, day: date) -> date:
        """The first trading day strictly after ``day``."""
        return self._search(day + timedelta(days=1), step=1)

    def previous_trading_day(self, day: date) -> date:
        """The last trading day strictly before ``day``."""
        return self._search(day - timedelta(days=1), step=-1)

    def _search(self, start: date, *, step: int) -> date:
        day = start
        for _ in range(_MAX_SEARCH_DAYS):
            if self.is_trading_day(day):
                return day
            day += timedelta(days=step)
        raise ValueError(f"no trading day within {_MAX_SEARCH_DAYS} days of {start}")

    def trading_day(self, at: datetime) -> date:
        """The IST calendar date of ``at`` (whether or not the market trades that day)."""
        return _to_ist(at).date()

    # --- sessions --------------------------------------------------------------------------

    def _require_trading_day(self, day: date) -> None:
        if not self.is_trading_day(day):
            raise NotATradingDay(f"{day:%a %d %b %Y} is not a trading day.")

    def session_open(self, day: date) -> datetime:
        """09:15 IST on ``day``, in UTC; raises ``NotATradingDay`` on weekends and holidays."""
        self._require_trading_day(day)
        return _utc(day, MARKET_OPEN)

    def session_close(self, day: date) -> datetime:
        """15:30 IST on ``day``, in UTC; raises ``NotATradingDay`` on weekends and holidays."""
        self._require_trading_day(day)
        return _utc(day, MARKET_CLOSE)

    def square_off_time(self, day: date, segment: Segment) -> datetime:
        """When the broker squares off MIS positions in ``segment`` on ``day`` (UTC).

        After it, no new MIS exposure is accepted. Indices are not tradable (InvalidInput).
        """
        cutoff = self._square_off.get(segment)
        if cutoff is None:
            raise InvalidInput(f"The {segment.value} segment is not tradable.", field="segment")
        self._require_trading_day(day)
        return _utc(day, cutoff)

    def status(self, at: datetime) -> MarketStatus:
        local = _to_ist(at)
        if self.sessions_mode == "always":
            return MarketStatus(MarketPhase.OPEN, None, None)
        day, now = local.date(), local.time()
        if self.is_trading_day(day) and now < MARKET_CLOSE:
            close = _utc(day, MARKET_CLOSE)
            if now >= MARKET_OPEN:
                following = self.next_trading_day(day)
                return MarketStatus(MarketPhase.OPEN, _utc(following, MARKET_OPEN), close)
            phase = MarketPhase.PRE_OPEN if now >= PRE_OPEN_START else MarketPhase.CLOSED
            return MarketStatus(phase, _utc(day, MARKET_OPEN), close)
        following = self.next_trading_day(day)
        return MarketStatus(
            MarketPhase.CLOSED, _utc(following, MARKET_OPEN), _utc(following, MARKET_CLOSE)
        )

    def is_open(self, at: datetime) -> bool:
        """True in the normal market only; pre-open collects orders but does not trade them."""
        return self.status(at).phase is MarketPhase.OPEN

    # --- expiries --------------------------------------------------------------------------

    def expiry_weekday(self, underlying: str, on: date) -> int:
        """The expiry weekday (Monday=0) for a nominal expiry date ``on``."""
        schedule = BSE_EXPIRY_WEEKDAY if _key(underlying) in BSE_UNDERLYINGS else NSE_EXPIRY_WEEKDAY
        return rule_on(schedule, on)

    def _adjusted(self, nominal: date) -> date:
        return nominal if self.is_trading_day(nominal) else self.previous_trading_day(nominal)

    def monthly_expiry(self, underlying: str, year: int, month: int) -> date:
        """The expiry of the ``year``-``month`` monthly contract: the last expiry weekday of the
        month, moved to the previous trading day when that is a holiday."""
        nominal = _month_end(year, month)
        while nominal.weekday() != self.expiry_weekday(underlying, nominal):
            nominal -= timedelta(days=1)
        return self._adjusted(nominal)

    def weekly_expiries(self, underlying: str, from_date: date, count: int) -> list[date]:
        """The next ``count`` weekly expiries on or after ``from_date`` (the monthly expiry is
        the last weekly of its month, so it is included). Raises ``NoWeeklyExpiries`` for an
        underlying without weekly options."""
        if _key(underlying) not in WEEKLY_UNDERLYINGS:
            raise NoWeeklyExpiries(
                f"{underlying} has monthly expiries only; weekly options trade on "
                f"{' and '.join(sorted(WEEKLY_UNDERLYINGS))}.",
                field="underlying",
            )
        expiries: list[date] = []
        nominal = from_date
        while len(expiries) < count:
            if nominal.weekday() == self.expiry_weekday(underlying, nominal):
                expiry = self._adjusted(nominal)
                if expiry >= from_date and (not expiries or expiry > expiries[-1]):
                    expiries.append(expiry)
            nominal += timedelta(days=1)
        return expiries

    def monthly_expiries(self, underlying: str, from_date: date, count: int) -> list[date]:
        """The next ``count`` monthly expiries on or after ``from_date``."""
        expiries: list[date] = []
        year, month = from_date.year, from_date.month
        while len(expiries) < count:
            expiry = self.monthly_expiry(underlying, year, month)
            if expiry >= from_date:
                expiries.append(expiry)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return expiries


def _key(underlying: str) -> str:
    return underlying.strip().upper()


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_of_next - timedelta(days=1)


# --- holiday data --------------------------------------------------------------------------


class InvalidHolidayFile(InvalidInput):
    code = "INVALID_HOLIDAY_FILE"


def parse_holidays(raw: object) -> frozenset[date]:
    """Holidays from ``{"2025": ["2025-02-26", ...], ...}``; keys starting with ``_`` (such as
    ``_source``) are notes. Each date must be ISO formatted and lie in its key's year."""
    if not isinstance(raw, dict):
        raise InvalidHolidayFile("A holiday file must be a JSON object of year -> dates.")
    days: set[date] = set()
    for year, listed in raw.items():
        if str(year).startswith("_"):
            continue
        if not (isinstance(year, str) and year.isdigit() and len(year) == 4):
            raise InvalidHolidayFile(f"Holiday key {year!r} is not a four-digit year.")
        if not isinstance(listed, list):
            raise InvalidHolidayFile(f"Holidays for {year} must be a list of dates.")
        for text in listed:
            try:
                day = date.fromisoformat(str(text))
            except ValueError:
                raise InvalidHolidayFile(
                    f"{text!r} under {year} is not a YYYY-MM-DD date."
                ) from None
            if day.year != int(year):
                raise InvalidHolidayFile(f"{day} is listed under {year}.")
            days.add(day)
    return frozenset(days)


def load_holidays(path: str | PathLike[str] | None = None) -> frozenset[date]:
    """Read the packaged NSE holiday list, or the JSON file at ``path`` (same shape)."""
    if path is None:
        text = resources.files("dalal.data").joinpath("nse_holidays.json").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidHolidayFile(f"The holiday file is not valid JSON: {exc}.") from None
    return parse_holidays(raw)
