from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import orjson
import strawberry

from dalal.api.graphql.auth.types import UserType
from dalal.api.graphql.context import Info
from dalal.domain.audit import AuditEvent


@strawberry.type(name="AuditEvent")
class AuditEventType:
    id: strawberry.ID
    at: datetime
    kind: str
    actor_id: strawberry.ID | None
    actor_username: str | None
    ip: str | None
    detail: str = strawberry.field(description="JSON object with event details")

    @strawberry.field(description="The acting user as they are now (null if deleted)")
    async def actor(self, info: Info) -> UserType | None:
        if self.actor_id is None:
            return None
        user = await info.context.loaders.user_by_id.load(uuid.UUID(str(self.actor_id)))
        return UserType.of(user) if user else None

    @classmethod
    def of(cls, event: AuditEvent) -> AuditEventType:
        return cls(
            id=strawberry.ID(str(event.id)),
            at=event.at,
            kind=event.kind.value,
            actor_id=strawberry.ID(str(event.actor_id)) if event.actor_id else None,
            actor_username=event.actor_username,
            ip=event.ip,
            detail=orjson.dumps(event.detail, option=orjson.OPT_SORT_KEYS).decode(),
        )

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> AuditEventType:
        actor_id = message.get("actor_id")
        return cls(
            id=strawberry.ID(str(message["id"])),
            at=datetime.fromisoformat(message["at"]),
            kind=str(message["kind"]),
            actor_id=strawberry.ID(actor_id) if actor_id else None,
            actor_username=message.get("actor_username"),
            ip=message.get("ip"),
            detail=orjson.dumps(message.get("detail") or {}, option=orjson.OPT_SORT_KEYS).decode(),
        )
