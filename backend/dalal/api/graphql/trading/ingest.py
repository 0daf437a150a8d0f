from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from dalal.api.graphql.context import Info
from dalal.api.graphql.errors import ApiError, forbidden
from dalal.api.graphql.permissions import require_principal
from dalal.api.graphql.trading.types import ExchangeEnum
from dalal.domain.errors import Forbidden
from dalal.services.ingest import MAX_TICKS_PER_BATCH, check_can_ingest, resolve_ticks


@strawberry.input
class TickInput:
    symbol: str
    ltp: Decimal
    exchange: ExchangeEnum | None = None
    bid: Decimal | None = None
    ask: Decimal | None = None
    volume: int | None = None
    oi: int | None = strawberry.field(
        default=None, description="Open interest in units (futures and options)"
    )


@strawberry.type
class TickRejection:
    index: int
    reason: str


@strawberry.type
class IngestTicksResult:
    accepted: int
    rejected: list[TickRejection]


def _raw(tick: TickInput) -> dict[str, Any]:
    return {
        "symbol": tick.symbol,
        "exchange": tick.exchange.value if tick.exchange else None,
        "ltp": tick.ltp,
        "bid": tick.bid,
        "ask": tick.ask,
        "volume": tick.volume,
        "oi": tick.oi,
    }


@strawberry.type
class IngestMutation:
    @strawberry.mutation(
        description="Push quotes from your own vendor (admins; API keys need the market scope)"
    )
    async def ingest_ticks(self, info: Info, ticks: list[TickInput]) -> IngestTicksResult:
        principal = require_principal(info.context)
        try:
            check_can_ingest(principal)
        except Forbidden as exc:
            raise forbidden(exc.message) from exc
        if len(ticks) > MAX_TICKS_PER_BATCH:
            raise ApiError(f"Send at most {MAX_TICKS_PER_BATCH} ticks at once.", "TOO_MANY_TICKS")
        runtime = info.context.runtime
        result = await resolve_ticks(
            runtime.uow_factory(), [_raw(t) for t in ticks], now=runtime.clock.now()
        )
        if result.quotes:
            await runtime.ingest(result.quotes)
        return IngestTicksResult(
            accepted=len(result.quotes),
            rejected=[TickRejection(index=r.index, reason=r.reason) for r in result.rejected],
        )
