from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncGenerator

import strawberry

from dalal.api.graphql.context import Info
from dalal.api.graphql.permissions import IsAuthenticated, require_principal
from dalal.api.graphql.trading.portfolio_types import PortfolioType, PositionType
from dalal.services.market import QUOTES_CHANNEL
from dalal.services.order_events import positions_channel
from dalal.services.portfolio import portfolio

PORTFOLIO_INTERVAL_SECONDS = 0.25  # at most 4 portfolio updates a second per subscriber


def _ids(raw: list[strawberry.ID] | None) -> list[uuid.UUID] | None:
    if raw is None:
        return None
    ids = []
    for value in raw:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return ids


@strawberry.type
class PortfolioQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Every account of yours (or those named), with positions and P&L",
    )
    async def portfolio(
        self, info: Info, account_ids: list[strawberry.ID] | None = None
    ) -> PortfolioType:
        result = await portfolio(
            info.context.runtime.uow_factory(),
            info.context.runtime.market,
            principal=require_principal(info.context),
            account_ids=_ids(account_ids),
        )
        return PortfolioType.of(result)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def positions(
        self, info: Info, account_id: strawberry.ID | None = None, open_only: bool = False
    ) -> list[PositionType]:
        result = await portfolio(
            info.context.runtime.uow_factory(),
            info.context.runtime.market,
            principal=require_principal(info.context),
            account_ids=_ids([account_id]) if account_id is not None else None,
        )
        return [
            PositionType.of(v)
            for a in result.accounts
            for v in a.positions
            if v.position.is_open or not open_only
        ]


@strawberry.type
class PortfolioSubscription:
    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def position_updates(self, info: Info) -> AsyncGenerator[PositionType, None]:
        """A position of yours each time a fill changes it."""
        principal = require_principal(info.context)
        runtime = info.context.runtime
        async with runtime.bus.subscribe(positions_channel(principal.user.id)) as events:
            async for event in events:
                account_id = uuid.UUID(event["account_id"])
                result = await portfolio(
                    runtime.uow_factory(),
                    runtime.market,
                    principal=principal,
                    account_ids=[account_id],
                )
                for view in (v for a in result.accounts for v in a.positions):
                    if view.position.token == event["token"] and (
                        view.position.product.value == event["product"]
                    ):
                        yield PositionType.of(view)

    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def portfolio_updates(self, info: Info) -> AsyncGenerator[PortfolioType, None]:
        """Your consolidated MTM, recomputed as prices move: at most 4 a second."""
        principal = require_principal(info.context)
        runtime = info.context.runtime
        async with runtime.bus.subscribe(QUOTES_CHANNEL, conflate=True) as ticks:
            async for _ in ticks:
                started = time.monotonic()
                result = await portfolio(runtime.uow_factory(), runtime.market, principal=principal)
                yield PortfolioType.of(result)
                spent = time.monotonic() - started
                await asyncio.sleep(max(0.0, PORTFOLIO_INTERVAL_SECONDS - spent))
