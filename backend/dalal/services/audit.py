"""The audit log: security events, written in the caller's transaction, published after commit."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from dalal.domain.audit import AuditEvent, AuditKind
from dalal.domain.users import User
from dalal.services.ports import UnitOfWork

AUDIT_CHANNEL = "audit"


def audit_message(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "kind": event.kind.value,
        "at": event.at.isoformat(),
        "actor_id": str(event.actor_id) if event.actor_id else None,
        "actor_username": event.actor_username,
        "ip": event.ip,
        "detail": event.detail,
    }


async def record_event(
    uow: UnitOfWork,
    event: AuditEvent,
) -> AuditEvent:
    """Add ``event`` to the open unit of work; it is published only if the caller commits."""
    stored = await uow.audit.add(event)
    uow.publish_after_commit(AUDIT_CHANNEL, audit_message(stored))
    return stored


def event_for(
    kind: AuditKind,
    *,
    at: datetime,
    actor: User | None = None,
    ip: str | None = None,
    username: str | None = None,
    **detail: Any,
) -> AuditEvent:
    actor_id: uuid.UUID | None = actor.id if actor else None
    return AuditEvent(
        kind=kind,
        at=at,
        actor_id=actor_id,
        actor_username=actor.username if actor else username,
        ip=ip,
        detail=detail,
    )


async def list_audit_events(
    uow: UnitOfWork, *, first: int, before_id: int | None
) -> list[AuditEvent]:
    async with uow:
        return await uow.audit.page(first=first, before_id=before_id)
