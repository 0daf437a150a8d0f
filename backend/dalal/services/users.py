"""User administration: listing users and changing roles (admins only)."""

from __future__ import annotations

import uuid

from dalal.domain.audit import AuditKind
from dalal.domain.clock import Clock
from dalal.domain.errors import Forbidden, InvalidInput, NotFound
from dalal.domain.users import Principal, Role, User
from dalal.services.audit import event_for, record_event
from dalal.services.ports import UnitOfWork


def _require_admin(principal: Principal) -> None:
    if principal.user.role is not Role.ADMIN:
        raise Forbidden("Only an admin can manage users.")


async def list_users(uow: UnitOfWork, *, principal: Principal) -> list[User]:
    _require_admin(principal)
    async with uow:
        return await uow.users.list_all()


async def set_user_role(
    uow: UnitOfWork,
    clock: Clock,
    *,
    principal: Principal,
    user_id: uuid.UUID,
    role: Role,
    ip: str | None,
) -> User:
    _require_admin(principal)
    now = clock.now()
    async with uow:
        target = await uow.users.get(user_id)
        if target is None:
            raise NotFound("No such user. Refresh the user list and try again.")
        if target.role is Role.ADMIN and role is not Role.ADMIN:
            admins = [u for u in await uow.users.list_all() if u.role is Role.ADMIN]
            if len(admins) <= 1:
                raise InvalidInput(
                    "This is the last admin. Make another user admin first.", field="role"
                )
        updated = await uow.users.set_role(user_id, role, now)
        assert updated is not None
        await record_event(
            uow,
            event_for(
                AuditKind.ROLE_CHANGED,
                at=now,
                actor=principal.user,
                ip=ip,
                user_id=str(user_id),
                target_username=target.username,
                old_role=target.role.value,
                new_role=role.value,
            ),
        )
        await uow.commit()
    return updated


async def users_by_ids(uow: UnitOfWork, ids: list[uuid.UUID]) -> dict[uuid.UUID, User]:
    """One query for a batch of users (the DataLoader's batch function)."""
    async with uow:
        return {u.id: u for u in await uow.users.get_many(ids)}
