from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from dalal.api.graphql.audit.types import AuditEventType
from dalal.api.graphql.context import Info
from dalal.api.graphql.pagination import (
    Connection,
    Edge,
    PageInfo,
    check_page_size,
    decode_cursor,
    encode_cursor,
)
from dalal.api.graphql.permissions import IsAdmin
from dalal.services.audit import AUDIT_CHANNEL, list_audit_events

_CURSOR = "audit"


@strawberry.type
class AuditQuery:
    @strawberry.field(permission_classes=[IsAdmin], description="Security events, newest first")
    async def audit_log(
        self, info: Info, first: int = 50, after: str | None = None
    ) -> Connection[AuditEventType]:
        size = check_page_size(first)
        before_id = decode_cursor(_CURSOR, after)
        # One extra row tells whether another page exists.
        events = await list_audit_events(
            info.context.runtime.uow_factory(), first=size + 1, before_id=before_id
        )
        page = events[:size]
        edges = [
            Edge(cursor=encode_cursor(_CURSOR, int(e.id or 0)), node=AuditEventType.of(e))
            for e in page
        ]
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(events) > size,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )


@strawberry.type
class AuditSubscription:
    @strawberry.subscription(
        permission_classes=[IsAdmin], description="Security events as they happen (admins only)"
    )
    async def audit_events(self, info: Info) -> AsyncGenerator[AuditEventType, None]:
        async with info.context.runtime.bus.subscribe(AUDIT_CHANNEL) as messages:
            async for message in messages:
                yield AuditEventType.from_message(message)
