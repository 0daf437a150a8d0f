"""API keys for integrators: shown once, stored as digests, scoped, revocable."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from dalal.adapters.security import tokens
from dalal.domain.audit import AuditKind
from dalal.domain.clock import Clock
from dalal.domain.errors import NotFound
from dalal.domain.users import ApiKey, Principal, Scope, validate_key_name, validate_scopes
from dalal.services.audit import event_for, record_event
from dalal.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class CreatedApiKey:
    api_key: ApiKey
    secret: str


async def create_api_key(
    uow: UnitOfWork,
    clock: Clock,
    *,
    principal: Principal,
    name: str,
    scopes: frozenset[Scope],
    ip: str | None,
) -> CreatedApiKey:
    clean_name = validate_key_name(name)
    validate_scopes(scopes)
    now = clock.now()
    generated = tokens.new_api_key()
    key = ApiKey(
        id=uuid.uuid4(),
        user_id=principal.user.id,
        name=clean_name,
        prefix=generated.prefix,
        scopes=scopes,
        created_at=now,
    )
    async with uow:
        await uow.api_keys.add(key, generated.digest)
        await record_event(
            uow,
            event_for(
                AuditKind.API_KEY_CREATED,
                at=now,
                actor=principal.user,
                ip=ip,
                key_id=str(key.id),
                name=clean_name,
                scopes=sorted(s.value for s in scopes),
            ),
        )
        await uow.commit()
    return CreatedApiKey(api_key=key, secret=generated.secret)


async def list_api_keys(uow: UnitOfWork, *, principal: Principal) -> list[ApiKey]:
    async with uow:
        return await uow.api_keys.list_for_user(principal.user.id)


async def revoke_api_key(
    uow: UnitOfWork, clock: Clock, *, principal: Principal, key_id: uuid.UUID, ip: str | None
) -> ApiKey:
    """Revoke one of the caller's keys. Someone else's key is reported as not found."""
    now = clock.now()
    async with uow:
        key = await uow.api_keys.revoke(key_id, principal.user.id, now)
        if key is None:
            raise NotFound("No such API key among yours. Refresh the list and try again.")
        await record_event(
            uow,
            event_for(
                AuditKind.API_KEY_REVOKED, at=now, actor=principal.user, ip=ip, key_id=str(key_id)
            ),
        )
        await uow.commit()
    return key
