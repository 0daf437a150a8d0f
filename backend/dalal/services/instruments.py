"""The instrument master: import, the embedded demo master, search and option chains."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Bar, Interval, resample
from dalal.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class ChainRow:
    strike: Decimal
    call: Instrument | None
    put: Instrument | None


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


async def option_chain(uow: UnitOfWork, *, underlying: str, expiry: date) -> list[ChainRow]:
    """Calls and puts of one expiry side by side, by strike (ascending)."""
    async with uow:
        legs = [
            i
            for i in await uow.instruments.search(
                text=None,
                exchange=None,
                instrument_type=None,
                underlying=underlying,
                expiry=expiry,
                after_token=None,
                limit=2000,
            )
            if i.is_option and i.strike is not None
        ]
    by_strike: dict[Decimal, dict[InstrumentType, Instrument]] = {}
    for leg in legs:
        assert leg.strike is not None
        by_strike.setdefault(leg.strike, {})[leg.instrument_type] = leg
    return [
        ChainRow(strike=strike, call=row.get(InstrumentType.CE), put=row.get(InstrumentType.PE))
        for strike, row in sorted(by_strike.items())
    ]


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
