"""The signal log: signals, executions, allocations and trades, and live signal events.

Lists are cursor-paginated, newest first. An id that is not the caller's finds nothing: a
single-item query returns null, a filtered list is empty.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Any

import strawberry

from dalal.api.graphql.context import Info
from dalal.api.graphql.pagination import Connection, PageInfo, check_page_size
from dalal.api.graphql.permissions import IsAuthenticated, require_principal
from dalal.api.graphql.signals.enums import SignalStatusEnum
from dalal.api.graphql.signals.log_types import (
    AllocationType,
    SignalExecutionType,
    SignalType,
    TradeType,
)
from dalal.api.graphql.signals.paging import connection, decode_keyset, parse_uuid
from dalal.domain.signals import SignalStatus
from dalal.services import signal_queries as queries
from dalal.services.signal_events import signals_channel

_SIGNALS, _EXECUTIONS, _TRADES = "signal", "execution", "trade"


@strawberry.input
class SignalFilter:
    group_id: strawberry.ID | None = None
    statuses: list[SignalStatusEnum] | None = None


@strawberry.input
class SignalExecutionFilter:
    signal_id: strawberry.ID | None = strawberry.field(
        default=None, description="What the signal opened, or (an exit) closed"
    )
    group_id: strawberry.ID | None = None


@strawberry.input
class TradeFilter:
    group_id: strawberry.ID | None = None


def _empty() -> Connection[Any]:
    return Connection(edges=[], page_info=PageInfo(has_next_page=False, end_cursor=None))


def _unknown(*raw: strawberry.ID | None) -> bool:
    """True if any given filter id can't be an id (so nothing of anyone's matches)."""
    return any(r is not None and parse_uuid(r) is None for r in raw)


def _maybe(raw: strawberry.ID | None) -> uuid.UUID | None:
    return parse_uuid(raw) if raw is not None else None


@strawberry.type
class SignalLogQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Newest first")
    async def signals(
        self,
        info: Info,
        filter: SignalFilter | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[SignalType]:
        size, before = check_page_size(first), decode_keyset(_SIGNALS, after)
        given = filter or SignalFilter()
        if _unknown(given.group_id):
            return _empty()
        found = await queries.signals(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            group_id=_maybe(given.group_id),
            statuses=[SignalStatus(s.value) for s in given.statuses or []],
            before=before,
            limit=size + 1,
        )
        return connection(_SIGNALS, found, size, lambda s: (s.received_at, s.id), SignalType.of)

    @strawberry.field(permission_classes=[IsAuthenticated], description="null if not yours")
    async def signal(self, info: Info, id: strawberry.ID) -> SignalType | None:
        signal_id = parse_uuid(id)
        if signal_id is None:
            return None
        found = await queries.signal_by_id(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            signal_id=signal_id,
        )
        return SignalType.of(found) if found else None

    @strawberry.field(permission_classes=[IsAuthenticated], description="Newest first")
    async def signal_executions(
        self,
        info: Info,
        filter: SignalExecutionFilter | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[SignalExecutionType]:
        size, before = check_page_size(first), decode_keyset(_EXECUTIONS, after)
        given = filter or SignalExecutionFilter()
        if _unknown(given.signal_id, given.group_id):
            return _empty()
        found = await queries.executions(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            signal_id=_maybe(given.signal_id),
            group_id=_maybe(given.group_id),
            before=before,
            limit=size + 1,
        )
        return connection(
            _EXECUTIONS, found, size, lambda e: (e.opened_at, e.id), SignalExecutionType.of
        )

    @strawberry.field(permission_classes=[IsAuthenticated], description="Newest exit first")
    async def trades(
        self,
        info: Info,
        filter: TradeFilter | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[TradeType]:
        size, before = check_page_size(first), decode_keyset(_TRADES, after)
        given = filter or TradeFilter()
        if _unknown(given.group_id):
            return _empty()
        found = await queries.trades(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            group_id=_maybe(given.group_id),
            before=before,
            limit=size + 1,
        )
        return connection(_TRADES, found, size, lambda t: (t.exit_at, t.id), TradeType.of)

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="An execution's allocations; null if the execution is not yours",
    )
    async def allocations(
        self, info: Info, execution_id: strawberry.ID
    ) -> list[AllocationType] | None:
        parsed = parse_uuid(execution_id)
        if parsed is None:
            return None
        found = await queries.allocations_of_execution(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            execution_id=parsed,
        )
        return None if found is None else [AllocationType.of(a) for a in found]


@strawberry.type
class SignalSubscription:
    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def signal_events(self, info: Info) -> AsyncGenerator[SignalType, None]:
        """Your signals each time one is logged or changes status, read fresh from the
        database per event (no session is held while waiting); sent at once."""
        principal = require_principal(info.context)
        runtime = info.context.runtime
        async with runtime.bus.subscribe(signals_channel(principal.user.id)) as events:
            async for event in events:
                signal_id = parse_uuid(event.get("id"))
                if signal_id is None:
                    continue
                found = await queries.signal_by_id(
                    runtime.uow_factory(), principal=principal, signal_id=signal_id
                )
                if found is not None:
                    yield SignalType.of(found)
