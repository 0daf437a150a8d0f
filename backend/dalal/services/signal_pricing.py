"""Which instrument a leg trades, and the one price every account gets for it.

The price is the latest quote's touch on the order's side (ask to buy, bid to sell; the
last price when the book is empty), moved by the configured slippage, on the tick grid:
the same rule as a MARKET order's fill, taken once for the whole execution.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dalal.domain.algos import Leg
from dalal.domain.calendar import IST
from dalal.domain.errors import DomainError
from dalal.domain.instrument_selection import (
    MarketView,
    SelectionFailed,
    candidate_filter,
    select_instrument,
)
from dalal.domain.instruments import Instrument, InstrumentType
from dalal.domain.orders import Side
from dalal.domain.signals import ParsedSignal
from dalal.engine.matching import execution_price
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork


class NoQuote(DomainError):
    code = "NO_QUOTE"


class LimitNotReachable(DomainError):
    code = "LIMIT_NOT_REACHABLE"


async def resolve_leg(
    uow: UnitOfWork, market: MarketDeps, leg: Leg, parsed: ParsedSignal, side: Side
) -> tuple[Instrument, Decimal]:
    instrument = await _instrument(uow, market, leg, parsed)
    return instrument, fair_price(market, instrument, side)


def fair_price(market: MarketDeps, instrument: Instrument, side: Side) -> Decimal:
    quote = market.quotes.get(instrument.token)
    if quote is None:
        raise NoQuote(
            f"There is no price for {instrument.tradingsymbol} yet, so the signal can't be "
            "filled fairly. Check that the market feed is running."
        )
    touch = quote.ask if side is Side.BUY else quote.bid
    return execution_price(touch or quote.ltp, side, market.matching, instrument.tick_size)


def check_limit(side: Side, price: Decimal, limit: Decimal | None, symbol: str) -> None:
    """A LIMIT algo fills at once at the execution price if it is within the limit, or not at
    all: a signal is executed now, never left resting."""
    if limit is None:
        raise LimitNotReachable(
            f"This algo places LIMIT orders, but the signal for {symbol} carries no price; "
            "send a price, or switch the algo to MARKET."
        )
    if (side is Side.BUY and price > limit) or (side is Side.SELL and price < limit):
        raise LimitNotReachable(
            f"{symbol} trades at {price}, beyond the signal's limit of {limit}; not executed."
        )


async def _instrument(
    uow: UnitOfWork, market: MarketDeps, leg: Leg, parsed: ParsedSignal
) -> Instrument:
    if parsed.instrument_token is not None:
        found = await uow.instruments.get(parsed.instrument_token)
        if found is None:
            raise SelectionFailed(
                f"No instrument has token {parsed.instrument_token}; check the alert's "
                "strike_price_token against the instrument master."
            )
        return found
    query = candidate_filter(leg.selection, parsed.symbol)
    today = market.now().astimezone(IST).date()
    candidates = await _candidates(
        uow, query.symbol, query.underlying, query.instrument_types, today
    )
    view = MarketView(
        now=market.now(),
        spot=await _spot(uow, market, query.underlying, candidates),
        premiums={
            c.token: q.ltp for c in candidates if (q := market.quotes.get(c.token)) is not None
        },
    )
    return select_instrument(
        leg.selection, signal_symbol=parsed.symbol, candidates=candidates, market=view
    )


async def _candidates(
    uow: UnitOfWork,
    symbol: str | None,
    underlying: str | None,
    types: tuple[InstrumentType, ...],
    today: date,
) -> list[Instrument]:
    if symbol is not None:
        return await uow.instruments.by_symbols([symbol])
    if underlying is None:
        raise SelectionFailed(
            "This algo trades the signal's symbol, but the signal names none; add a symbol "
            "to the alert or fix one in the algo."
        )
    return await uow.instruments.of_underlying(underlying, types, expiry_from=today)


async def _spot(
    uow: UnitOfWork, market: MarketDeps, underlying: str | None, candidates: list[Instrument]
) -> Decimal | None:
    """The underlying's last price: its index or stock quote, else its nearest future's."""
    if underlying is None:
        return None
    spot = await uow.instruments.by_symbol(underlying, None)
    if spot is not None and (quote := market.quotes.get(spot.token)) is not None:
        return quote.ltp
    futures = sorted(
        (c for c in candidates if c.instrument_type is InstrumentType.FUT and c.expiry),
        key=lambda c: c.expiry or date.max,
    )
    for future in futures:
        if (quote := market.quotes.get(future.token)) is not None:
            return quote.ltp
    return None
