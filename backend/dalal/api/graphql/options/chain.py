"""Chain analytics for ``optionChain`` and the live ``optionChainUpdates`` subscription.

The subscription reads the contracts once, then recomputes the chain from the process's
quote book whenever a quote batch touches it, at most twice a second (latest wins), and
never holds a database session while it waits.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from datetime import date

import strawberry

from dalal.api.graphql.context import Info
from dalal.api.graphql.errors import ApiError
from dalal.api.graphql.options.types import (
    OptionChainLiveRow,
    OptionChainSnapshot,
    OptionChainSummary,
    analytics_of,
)
from dalal.api.graphql.permissions import IsAuthenticated
from dalal.api.graphql.trading.types import InstrumentType, QuoteType
from dalal.domain.errors import DomainError
from dalal.domain.instruments import Instrument
from dalal.services import options as service
from dalal.services.market import QUOTES_CHANNEL, MarketDeps, quotes_from_message

CHAIN_INTERVAL_SECONDS = 0.5  # at most 2 chain snapshots a second per subscriber
MAX_AROUND_ATM = 50


async def chain_analytics(
    info: Info, underlying: str, expiry: date
) -> service.ChainAnalytics | None:
    """The analytics of a chain for ``optionChain``; None when nothing of it is listed."""
    market = info.context.runtime.market
    try:
        contracts = await service.load_chain(
            info.context.runtime.uow_factory(),
            underlying=underlying,
            expiry=expiry,
            today=market.calendar.trading_day(market.now()),
        )
    except DomainError:
        return None
    return service.analyse_chain(contracts, market.quotes.latest, now=market.now())


def _quote(market: MarketDeps, instrument: Instrument | None) -> QuoteType | None:
    quote = market.quotes.get(instrument.token) if instrument is not None else None
    return QuoteType.of(quote, instrument.tradingsymbol) if quote and instrument else None


def snapshot(
    market: MarketDeps, contracts: service.ChainContracts, around: int
) -> OptionChainSnapshot:
    now = market.now()
    found = service.analyse_chain(contracts, market.quotes.latest, now=now)
    rows = [
        OptionChainLiveRow(
            strike=row.strike,
            is_atm=row.strike == found.atm_strike,
            call=InstrumentType.of(row.call) if row.call else None,
            put=InstrumentType.of(row.put) if row.put else None,
            call_quote=_quote(market, row.call),
            put_quote=_quote(market, row.put),
            call_analytics=analytics_of(found, row.call),
            put_analytics=analytics_of(found, row.put),
        )
        for row in service.rows_around(contracts, found.atm_strike, around)
    ]
    return OptionChainSnapshot(
        underlying=contracts.underlying,
        expiry=contracts.expiry,
        at=now,
        summary=OptionChainSummary.of(found),
        rows=rows,
    )


@strawberry.type
class OptionChainSubscription:
    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def option_chain_updates(
        self, info: Info, underlying: str, expiry: date, strikes_around_atm: int = 10
    ) -> AsyncGenerator[OptionChainSnapshot, None]:
        """The chain now, then again whenever its quotes move: at most 2 a second."""
        if not 0 <= strikes_around_atm <= MAX_AROUND_ATM:
            raise ApiError(f"Ask for 0 to {MAX_AROUND_ATM} strikes each side.", "BAD_INPUT")
        runtime = info.context.runtime
        market = runtime.market
        try:
            contracts = await service.load_chain(
                runtime.uow_factory(),
                underlying=underlying.strip().upper(),
                expiry=expiry,
                today=market.calendar.trading_day(market.now()),
            )
        except DomainError as exc:
            raise ApiError(exc.message, exc.code) from exc
        tokens = contracts.tokens
        yield snapshot(runtime.market, contracts, strikes_around_atm)
        async with runtime.bus.subscribe(QUOTES_CHANNEL, conflate=True) as batches:
            async for batch in batches:
                started = time.monotonic()
                if any(q.token in tokens for q in quotes_from_message(batch)):
                    yield snapshot(runtime.market, contracts, strikes_around_atm)
                    pause = CHAIN_INTERVAL_SECONDS - (time.monotonic() - started)
                    await asyncio.sleep(max(0.0, pause))
