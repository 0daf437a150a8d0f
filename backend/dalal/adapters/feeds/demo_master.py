"""The embedded demo instrument master, derived from today's date.

What it holds:

* 20 NIFTY 50 stocks (NSE, EQ) and three indices (tradingsymbols NIFTY, BANKNIFTY, FINNIFTY),
  each with a reference price in ``DEMO_REFERENCE_PRICES`` for the synthetic feed. Futures and
  options have no reference price: the feed prices them from their underlying.
* For each index, futures for the current and next monthly expiry (``NIFTY25DECFUT``).
* Option chains of 31 strikes (the at-the-money strike ±15 steps) on both sides: NIFTY's next
  two weekly expiries and its current monthly, BANKNIFTY's and FINNIFTY's current monthly.
  The current monthly is the first monthly expiry on or after today.

Symbols follow Kite: a monthly contract is ``NIFTY`` + ``YY`` + ``MON`` (+ strike + CE/PE or
``FUT``); a weekly option is ``NIFTY`` + ``YY`` + month code (1-9, O, N, D) + ``DD`` + strike +
CE/PE. A weekly that is also the month's monthly expiry takes the monthly name, as on Kite.
Lot sizes come from ``lot_size_for`` and tick sizes from ``tick_size_for``.

Tokens identify the contract, not the day: an option's token is computed from its underlying,
expiry, kind and strike, so yesterday's position still matches today's master. Stocks use
100_001..., indices 900_001..., derivatives 1_000_000_000 upwards (all below 2**31).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from dalal.domain.calendar import MarketCalendar
from dalal.domain.instrument_rules import lot_size_for, tick_size_for
from dalal.domain.instruments import Exchange, Instrument, InstrumentType

STRIKES_EACH_SIDE = 15


class DemoStock(NamedTuple):
    symbol: str
    name: str
    price: Decimal


class DemoIndex(NamedTuple):
    symbol: str
    name: str
    price: Decimal
    strike_step: int


# Plausible late-2025 levels, each on its own tick grid.
DEMO_STOCKS: tuple[DemoStock, ...] = (
    DemoStock("RELIANCE", "RELIANCE INDUSTRIES", Decimal("1485.60")),
    DemoStock("HDFCBANK", "HDFC BANK", Decimal("985.40")),
    DemoStock("INFY", "INFOSYS", Decimal("1542.30")),
    DemoStock("TCS", "TATA CONSULTANCY SERV", Decimal("3120.50")),
    DemoStock("ICICIBANK", "ICICI BANK", Decimal("1386.70")),
    DemoStock("SBIN", "STATE BANK OF INDIA", Decimal("958.35")),
    DemoStock("ITC", "ITC", Decimal("405.80")),
    DemoStock("LT", "LARSEN & TOUBRO", Decimal("3985.20")),
    DemoStock("AXISBANK", "AXIS BANK", Decimal("1248.90")),
    DemoStock("KOTAKBANK", "KOTAK MAHINDRA BANK", Decimal("2104.60")),
    DemoStock("BHARTIARTL", "BHARTI AIRTEL", Decimal("2086.40")),
    DemoStock("HINDUNILVR", "HINDUSTAN UNILEVER", Decimal("2412.10")),
    DemoStock("BAJFINANCE", "BAJAJ FINANCE", Decimal("1012.50")),
    DemoStock("MARUTI", "MARUTI SUZUKI INDIA", Decimal("16120")),
    DemoStock("ASIANPAINT", "ASIAN PAINTS", Decimal("2795.30")),
    DemoStock("SUNPHARMA", "SUN PHARMACEUTICAL IND", Decimal("1768.20")),
    DemoStock("TITAN", "TITAN COMPANY", Decimal("3842.60")),
    DemoStock("ULTRACEMCO", "ULTRATECH CEMENT", Decimal("11785")),
    DemoStock("WIPRO", "WIPRO", Decimal("246.37")),
    DemoStock("NTPC", "NTPC", Decimal("331.45")),
)
DEMO_INDICES: tuple[DemoIndex, ...] = (
    DemoIndex("NIFTY", "NIFTY 50", Decimal("26050.40"), 50),
    DemoIndex("BANKNIFTY", "NIFTY BANK", Decimal("59210.60"), 100),
    DemoIndex("FINNIFTY", "NIFTY FIN SERVICE", Decimal("27640.20"), 50),
)
WEEKLY_INDICES = frozenset({"NIFTY"})
DEMO_REFERENCE_PRICES: dict[str, Decimal] = {
    **{stock.symbol: stock.price for stock in DEMO_STOCKS},
    **{index.symbol: index.price for index in DEMO_INDICES},
}

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKLY_MONTH_CODES = "123456789OND"
_STOCK_TOKEN_BASE = 100_001
_INDEX_TOKEN_BASE = 900_001
_DERIVATIVE_TOKEN_BASE = 1_000_000_000
_TOKEN_EPOCH = date(2020, 1, 1)
_EXPIRY_DAYS = 8192  # expiries from 2020-01-01 to mid-2042
_STRIKE_SLOTS = 2000  # strike / step below 2000
_KINDS = (InstrumentType.FUT, InstrumentType.CE, InstrumentType.PE)


def demo_instruments(today: date, calendar: MarketCalendar) -> list[Instrument]:
    """Stocks, indices, then each index's futures and option chains, in that order."""
    instruments = [_stock(i, stock, today) for i, stock in enumerate(DEMO_STOCKS)]
    for code, index in enumerate(DEMO_INDICES):
        instruments.append(_index(code, index, today))
        instruments.extend(_futures(code, index, today, calendar))
        for expiry in _option_expiries(index, today, calendar):
            monthly = expiry == calendar.monthly_expiry(index.symbol, expiry.year, expiry.month)
            instruments.extend(_chain(code, index, expiry, monthly, today))
    return instruments


def _stock(position: int, stock: DemoStock, today: date) -> Instrument:
    tick = tick_size_for(InstrumentType.EQ, False, stock.price, today)
    token = _STOCK_TOKEN_BASE + position
    return Instrument(token, Exchange.NSE, stock.symbol, stock.name, InstrumentType.EQ, 1, tick)


def _index(code: int, index: DemoIndex, today: date) -> Instrument:
    tick = tick_size_for(InstrumentType.INDEX, True, index.price, today)
    token = _INDEX_TOKEN_BASE + code
    return Instrument(token, Exchange.NSE, index.symbol, index.name, InstrumentType.INDEX, 1, tick)


def _futures(
    code: int, index: DemoIndex, today: date, calendar: MarketCalendar
) -> Iterator[Instrument]:
    tick = tick_size_for(InstrumentType.FUT, True, index.price, today)
    for expiry in calendar.monthly_expiries(index.symbol, today, 2):
        yield Instrument(
            _derivative_token(code, expiry, InstrumentType.FUT, 0),
            Exchange.NFO,
            f"{_monthly_prefix(index.symbol, expiry)}FUT",
            index.symbol,
            InstrumentType.FUT,
            lot_size_for(index.symbol, expiry),
            tick,
            underlying=index.symbol,
            expiry=expiry,
        )


def _option_expiries(index: DemoIndex, today: date, calendar: MarketCalendar) -> list[date]:
    """The current monthly expiry, plus the next two weeklies for a weekly index."""
    expiries = set(calendar.monthly_expiries(index.symbol, today, 1))
    if index.symbol in WEEKLY_INDICES:
        expiries.update(calendar.weekly_expiries(index.symbol, today, 2))
    return sorted(expiries)


def _chain(
    code: int, index: DemoIndex, expiry: date, monthly: bool, today: date
) -> Iterator[Instrument]:
    step = Decimal(index.strike_step)
    atm = (index.price / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    prefix = (
        _monthly_prefix(index.symbol, expiry) if monthly else _weekly_prefix(index.symbol, expiry)
    )
    lot = lot_size_for(index.symbol, expiry)
    tick = tick_size_for(InstrumentType.CE, True, index.price, today)
    for offset in range(-STRIKES_EACH_SIDE, STRIKES_EACH_SIDE + 1):
        strike = atm + offset * step
        for kind in (InstrumentType.CE, InstrumentType.PE):
            yield Instrument(
                _derivative_token(code, expiry, kind, int(strike / step)),
                Exchange.NFO,
                f"{prefix}{strike:f}{kind.value}",
                index.symbol,
                kind,
                lot,
                tick,
                underlying=index.symbol,
                expiry=expiry,
                strike=strike,
            )


def _monthly_prefix(symbol: str, expiry: date) -> str:
    """``NIFTY25DEC``: a monthly expiry is the last Tuesday (or Thursday) of its month, and a
    holiday moves it back by days only, so the expiry's own month is the contract month."""
    return f"{symbol}{expiry.year % 100:02d}{_MONTHS[expiry.month - 1]}"


def _weekly_prefix(symbol: str, expiry: date) -> str:
    """``NIFTY25D09``: year, month code, day of month."""
    month_code = _WEEKLY_MONTH_CODES[expiry.month - 1]
    return f"{symbol}{expiry.year % 100:02d}{month_code}{expiry.day:02d}"


def _derivative_token(code: int, expiry: date, kind: InstrumentType, strike_slot: int) -> int:
    """A token unique to (underlying, expiry, kind, strike) and the same on every day."""
    days = (expiry - _TOKEN_EPOCH).days
    if not 0 <= days < _EXPIRY_DAYS or not 0 <= strike_slot < _STRIKE_SLOTS:
        raise ValueError(f"demo contract out of the token range: {expiry}, slot {strike_slot}")
    contract = (code * _EXPIRY_DAYS + days) * len(_KINDS) + _KINDS.index(kind)
    return _DERIVATIVE_TOKEN_BASE + contract * _STRIKE_SLOTS + strike_slot
