"""The instrument master: import, the embedded demo master, search and option chains."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypeAlias

from dalal.domain.errors import DomainError, InvalidInput
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Bar, Interval, resample
from dalal.services.ports import UnitOfWork

LastPrice: TypeAlias = Callable[[int], Decimal | None]  # an instrument's last price, by token
MAX_CHAIN_LEGS = 5000  # calls and puts of one expiry: far more strikes than any chain lists
MAX_FUTURES = 12


class NoUnderlyingPrice(DomainError):
    code = "NO_UNDERLYING_PRICE"


@dataclass(frozen=True, slots=True)
class ChainRow:
    strike: Decimal
    call: Instrument | None
    put: Instrument | None


@dataclass(frozen=True, slots=True)
class ChainPage:
    rows: list[ChainRow]
    has_next: bool
    atm_strike: Decimal | None = None  # with around_atm


async def save_instruments(uow: UnitOfWork, instruments: Sequence[Instrument]) -> int:
    """Insert or update by token (idempotent: importing the same file twice changes nothing)."""
    async with uow:
        written = await uow.instruments.upsert_many(instruments)
        await uow.commit()
    return written


async def search_instruments(
    uow: UnitOfWork,
    *,
    text: str | None = None,
    exchange: Exchange | None = None,
    instrument_type: InstrumentType | None = None,
    underlying: str | None = None,
    expiry: date | None = None,
    after_token: int | None = None,
    limit: int = 50,
) -> list[Instrument]:
    async with uow:
        return await uow.instruments.search(
            text=text,
            exchange=exchange,
            instrument_type=instrument_type,
            underlying=underlying,
            expiry=expiry,
            after_token=after_token,
            limit=limit,
        )


async def find_instrument(
    uow: UnitOfWork, symbol: str, exchange: Exchange | None = None
) -> Instrument | None:
    async with uow:
        return await uow.instruments.by_symbol(symbol.strip(), exchange)


async def option_chain(
    uow: UnitOfWork,
    *,
    underlying: str,
    expiry: date,
    first: int,
    after_strike: Decimal | None = None,
    around_atm: int | None = None,
    last_price: LastPrice | None = None,
) -> ChainPage:
    """Calls and puts of one expiry side by side, by strike ascending, ``first`` strikes from
    the one after ``after_strike``.

    ``around_atm=N`` first narrows the chain to N strikes each side of the at-the-money
    strike: the strike nearest the underlying's last price (``last_price`` of its spot
    instrument, else of its nearest future), the lower one on a tie."""
    if around_atm is not None and around_atm < 0:
        raise InvalidInput("Ask for 0 or more strikes each side with aroundAtm.", field="aroundAtm")
    async with uow:
        legs = await uow.instruments.search(
            text=None,
            exchange=None,
            instrument_type=None,
            underlying=underlying,
            expiry=expiry,
            after_token=None,
            limit=MAX_CHAIN_LEGS,
        )
        spot = None
        if around_atm is not None:
            spot = await _underlying_price(uow, underlying, last_price or (lambda _: None))
    rows = _chain_rows(legs)
    atm = None
    if around_atm is not None:
        if spot is None:
            raise NoUnderlyingPrice(
                f"There is no last price for {underlying} yet, so no at-the-money strike. "
                "Leave out aroundAtm, or ask again once it is quoted.",
                field="aroundAtm",
            )
        rows, atm = _around(rows, spot, around_atm)
    if after_strike is not None:
        rows = [row for row in rows if row.strike > after_strike]
    return ChainPage(rows=rows[:first], has_next=len(rows) > first, atm_strike=atm)


def _chain_rows(legs: Sequence[Instrument]) -> list[ChainRow]:
    by_strike: dict[Decimal, dict[InstrumentType, Instrument]] = {}
    for leg in legs:
        if leg.is_option and leg.strike is not None:
            by_strike.setdefault(leg.strike, {})[leg.instrument_type] = leg
    return [
        ChainRow(strike=strike, call=row.get(InstrumentType.CE), put=row.get(InstrumentType.PE))
        for strike, row in sorted(by_strike.items())
    ]


def _around(
    rows: list[ChainRow], spot: Decimal, each_side: int
) -> tuple[list[ChainRow], Decimal | None]:
    if not rows:
        return rows, None
    # min() keeps the first of equals: on a tie between two strikes, the lower one.
    atm = min(range(len(rows)), key=lambda i: abs(rows[i].strike - spot))
    return rows[max(0, atm - each_side) : atm + each_side + 1], rows[atm].strike


async def _underlying_price(
    uow: UnitOfWork, underlying: str, last_price: LastPrice
) -> Decimal | None:
    """The last price of the underlying's spot instrument (NSE first), else of its nearest
    future: a Kite master names index options' underlying ``NIFTY`` but the index
    ``NIFTY 50``, so the spot is not always found by name."""
    candidates = [
        found
        for exchange in (Exchange.NSE, None)
        if (found := await uow.instruments.by_symbol(underlying, exchange)) is not None
    ]
    candidates += await uow.instruments.search(
        text=None,
        exchange=None,
        instrument_type=InstrumentType.FUT,
        underlying=underlying,
        expiry=None,
        after_token=None,
        limit=MAX_FUTURES,
    )
    for instrument in candidates:
        price = last_price(instrument.token)
        if price is not None:
            return price
    return None


async def save_bars(uow: UnitOfWork, bars: Sequence[Bar]) -> int:
    """Insert or update by (token, interval, time): importing a file twice changes nothing."""
    async with uow:
        written = await uow.bars.upsert_many(bars)
        await uow.commit()
    return written


async def recent_bars(
    uow: UnitOfWork,
    token: int,
    interval: Interval,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = 500,
) -> list[Bar]:
    """Stored bars of ``interval``; when there are none, 1-minute bars (the live feed's)
    folded into ``interval``."""
    async with uow:
        stored = await uow.bars.between(token, interval, start, end, limit)
        if stored or interval is Interval.M1:
            return stored
        per_bar = int(interval.length / Interval.M1.length)
        minutes = await uow.bars.between(token, Interval.M1, start, end, limit * per_bar)
    return resample(minutes, interval)[-limit:]
