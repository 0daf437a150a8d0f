from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated

import strawberry

from dalal.api.graphql.context import Info
from dalal.api.graphql.errors import ApiError
from dalal.api.graphql.options.chain import chain_analytics
from dalal.api.graphql.options.types import OptionAnalytics, OptionChainSummary, analytics_of
from dalal.api.graphql.pagination import PageInfo, check_page_size, decode_cursor, encode_cursor
from dalal.api.graphql.permissions import IsAuthenticated
from dalal.api.graphql.trading.types import (
    ExchangeEnum,
    InstrumentKindEnum,
    InstrumentType,
    QuoteType,
    display_price,
)
from dalal.domain.charges import ChargeSegment, InvalidChargesTemplate, estimate, parse_template
from dalal.domain.errors import InvalidInput
from dalal.domain.instruments import Exchange
from dalal.domain.instruments import InstrumentType as Kind
from dalal.domain.market import Interval
from dalal.services import instruments as instrument_service
from dalal.services.market import QUOTES_CHANNEL, quotes_from_message

QUOTE_INTERVAL_SECONDS = 0.25  # at most 4 quote messages a second per subscriber
_STRIKE_CURSOR = "strike"  # an option chain's cursor: the page's last strike, in paise


@strawberry.type
class InstrumentPage:
    items: list[InstrumentType]
    next_after: int | None = strawberry.field(
        description="Pass as 'after' for the next page (in the same order)"
    )


@strawberry.type
class OptionChainRow:
    strike: Decimal
    call: InstrumentType | None
    put: InstrumentType | None
    call_quote: QuoteType | None
    put_quote: QuoteType | None
    call_analytics: OptionAnalytics | None = strawberry.field(
        default=None, description="IV and greeks (Black-76 on the forward)"
    )
    put_analytics: OptionAnalytics | None = None
    is_atm: bool = strawberry.field(default=False, description="The strike nearest the forward")


@strawberry.type
class OptionChain:
    underlying: str
    expiry: date
    rows: list[OptionChainRow] = strawberry.field(description="Strikes ascending, one page")
    page_info: PageInfo = strawberry.field(description="Pass endCursor as 'after' for more")
    atm_strike: Decimal | None = strawberry.field(
        description="With aroundAtm: the strike nearest the underlying's last price"
    )
    analytics: OptionChainSummary | None = strawberry.field(
        default=None, description="Spot, future, forward, ATM, PCR and max pain of the expiry"
    )


@strawberry.enum(name="Interval")
class IntervalEnum(Enum):
    M1 = "1m"
    M5 = "5m"
    M15 = "15m"
    H1 = "1h"
    D1 = "1d"


@strawberry.type(name="Bar")
class BarType:
    at: datetime = strawberry.field(description="The bar's open time")
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: int


@strawberry.type
class MarketStatus:
    phase: str = strawberry.field(description="PRE_OPEN, OPEN or CLOSED")
    sessions: str = strawberry.field(description="nse, or always (the demo market never closes)")
    now: datetime
    next_open: datetime | None
    next_close: datetime | None


@strawberry.type
class ChargesEstimate:
    turnover: Decimal
    brokerage: Decimal
    stt: Decimal
    exchange_txn: Decimal
    sebi: Decimal
    stamp_duty: Decimal
    gst: Decimal
    total: Decimal
    net_pnl: Decimal
    breakeven_points: Decimal


def _price(value: Decimal) -> Decimal:
    shown = display_price(value)
    assert shown is not None
    return shown


def _strike_from_cursor(cursor: str | None) -> Decimal | None:
    paise = decode_cursor(_STRIKE_CURSOR, cursor)
    return Decimal(paise) / 100 if paise is not None else None


def _quote(info: Info, instrument: InstrumentType) -> QuoteType | None:
    quote = info.context.runtime.market.quotes.get(instrument.token)
    return QuoteType.of(quote, instrument.tradingsymbol) if quote else None


@strawberry.type
class MarketQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description=(
            "Most relevant first: the exact symbol, symbols starting with the search, then "
            "other matches; within each, spot before futures before options, nearer expiry "
            "first, then by symbol"
        ),
    )
    async def instruments(  # noqa: PLR0917 - GraphQL arguments
        self,
        info: Info,
        search: str | None = None,
        exchange: ExchangeEnum | None = None,
        kind: InstrumentKindEnum | None = None,
        underlying: str | None = None,
        expiry: date | None = None,
        first: int = 50,
        after: int | None = None,
    ) -> InstrumentPage:
        size = check_page_size(first)
        found = await instrument_service.search_instruments(
            info.context.runtime.uow_factory(),
            text=search.strip() if search else None,
            exchange=Exchange(exchange.value) if exchange else None,
            instrument_type=Kind(kind.value) if kind else None,
            underlying=underlying,
            expiry=expiry,
            after_token=after,
            limit=size + 1,
        )
        page = found[:size]
        return InstrumentPage(
            items=[InstrumentType.of(i) for i in page],
            next_after=page[-1].token if len(found) > size else None,
        )

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Calls and puts by strike, ascending, a page at a time",
    )
    async def option_chain(  # noqa: PLR0917 - GraphQL arguments
        self,
        info: Info,
        underlying: str,
        expiry: date,
        first: int = 50,
        after: str | None = None,
        around_atm: Annotated[
            int | None,
            strawberry.argument(
                description="Only N strikes each side of the at-the-money strike (by last price)"
            ),
        ] = None,
    ) -> OptionChain:
        market = info.context.runtime.market
        try:
            page = await instrument_service.option_chain(
                info.context.runtime.uow_factory(),
                underlying=underlying.upper(),
                expiry=expiry,
                first=check_page_size(first),
                after_strike=_strike_from_cursor(after),
                around_atm=around_atm,
                last_price=lambda token: q.ltp if (q := market.quotes.get(token)) else None,
            )
        except (InvalidInput, instrument_service.NoUnderlyingPrice) as exc:
            raise ApiError(exc.message, exc.code) from exc
        analytics = await chain_analytics(info, underlying.upper(), expiry)
        result = []
        for row in page.rows:
            call = InstrumentType.of(row.call) if row.call else None
            put = InstrumentType.of(row.put) if row.put else None
            result.append(
                OptionChainRow(
                    strike=row.strike,
                    call=call,
                    put=put,
                    call_quote=_quote(info, call) if call else None,
                    put_quote=_quote(info, put) if put else None,
                    call_analytics=analytics_of(analytics, row.call),
                    put_analytics=analytics_of(analytics, row.put),
                    is_atm=analytics is not None and row.strike == analytics.atm_strike,
                )
            )
        end = encode_cursor(_STRIKE_CURSOR, int(page.rows[-1].strike * 100)) if page.rows else None
        return OptionChain(
            underlying=underlying.upper(),
            expiry=expiry,
            rows=result,
            page_info=PageInfo(has_next_page=page.has_next, end_cursor=end),
            atm_strike=page.atm_strike,
            analytics=OptionChainSummary.of(analytics) if analytics else None,
        )

    @strawberry.field(
        permission_classes=[IsAuthenticated], description="null for an unknown symbol"
    )
    async def quote(
        self,
        info: Info,
        symbol: str,
        exchange: ExchangeEnum | None = None,
    ) -> QuoteType | None:
        found = await instrument_service.find_instrument(
            info.context.runtime.uow_factory(),
            symbol,
            Exchange(exchange.value) if exchange else None,
        )
        return _quote(info, InstrumentType.of(found)) if found else None

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="OHLCV bars, oldest first: imported, or built from the live feed (1m up)",
    )
    async def bars(  # noqa: PLR0917 - GraphQL arguments
        self,
        info: Info,
        symbol: str,
        interval: IntervalEnum,
        exchange: ExchangeEnum | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        last: int = 200,
    ) -> list[BarType]:
        if not 1 <= last <= 5000:
            raise ApiError("Ask for 1 to 5000 bars with 'last'.", "BAD_PAGE_SIZE")
        uow_factory = info.context.runtime.uow_factory
        found = await instrument_service.find_instrument(
            uow_factory(), symbol, Exchange(exchange.value) if exchange else None
        )
        if found is None:
            return []
        bars = await instrument_service.recent_bars(
            uow_factory(), found.token, Interval(interval.value), start=start, end=end, limit=last
        )
        return [
            BarType(
                at=b.at,
                open=_price(b.open),
                high=_price(b.high),
                low=_price(b.low),
                close=_price(b.close),
                volume=b.volume,
            )
            for b in bars
        ]

    @strawberry.field
    def market_status(self, info: Info) -> MarketStatus:
        market = info.context.runtime.market
        now = market.now()
        status = market.calendar.status(now)
        return MarketStatus(
            phase=status.phase.value,
            sessions=market.calendar.sessions_mode,
            now=now,
            next_open=status.next_open,
            next_close=status.next_close,
        )

    @strawberry.field(description="Brokerage calculator: the charges on one round trip")
    def charges_estimate(  # noqa: PLR0917 - GraphQL arguments
        self,
        info: Info,
        segment: str,
        exchange: ExchangeEnum,
        buy_price: Decimal,
        sell_price: Decimal,
        quantity: int,
        date: date | None = None,
        template: str = "zerodha",
    ) -> ChargesEstimate:
        try:
            kind = ChargeSegment(segment)
        except ValueError as exc:
            choices = ", ".join(s.value for s in ChargeSegment)
            raise ApiError(
                f"Unknown segment '{segment}'. Use one of: {choices}.", "BAD_INPUT"
            ) from exc
        trade_date = date or info.context.runtime.market.calendar.trading_day(
            info.context.runtime.market.now()
        )
        try:
            result = estimate(
                parse_template(template),
                segment_kind=kind,
                exchange=Exchange(exchange.value),
                buy_price=buy_price,
                sell_price=sell_price,
                quantity=quantity,
                trade_date=trade_date,
            )
        except (InvalidInput, InvalidChargesTemplate) as exc:
            raise ApiError(exc.message, exc.code) from exc
        return ChargesEstimate(
            turnover=result.turnover,
            brokerage=result.brokerage,
            stt=result.stt,
            exchange_txn=result.exchange_txn,
            sebi=result.sebi,
            stamp_duty=result.stamp_duty,
            gst=result.gst,
            total=result.total,
            net_pnl=result.net_pnl,
            breakeven_points=result.breakeven_points,
        )


@strawberry.type
class MarketSubscription:
    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def quotes(self, info: Info, symbols: list[str]) -> AsyncGenerator[QuoteType, None]:
        """Live quotes for up to 50 symbols, at most 4 updates a second (latest wins)."""
        if not 1 <= len(symbols) <= 50:
            raise ApiError("Ask for 1 to 50 symbols.", "BAD_INPUT")
        runtime = info.context.runtime
        wanted: dict[int, str] = {}
        for symbol in symbols:
            found = await instrument_service.find_instrument(runtime.uow_factory(), symbol)
            if found is not None:
                wanted[found.token] = found.tradingsymbol
        async with runtime.bus.subscribe(QUOTES_CHANNEL, conflate=True) as batches:
            async for batch in batches:
                started = time.monotonic()
                for quote in quotes_from_message(batch):
                    if quote.token in wanted:
                        yield QuoteType.of(quote, wanted[quote.token])
                await asyncio.sleep(max(0.0, QUOTE_INTERVAL_SECONDS - (time.monotonic() - started)))
