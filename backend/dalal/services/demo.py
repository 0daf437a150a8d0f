"""The demo login for newcomers: a trader named ``demo`` whose password is generated once."""

from __future__ import annotations

import secrets
import uuid

from dalal.domain.audit import AuditKind
from dalal.domain.users import Role, User
from dalal.services.audit import event_for, record_event
from dalal.services.auth import AuthDeps
from dalal.services.ports import UnitOfWork

DEMO_USERNAME = "demo"


def new_demo_password() -> str:
    return "demo-" + secrets.token_urlsafe(9)


async def ensure_demo_user(
    uow: UnitOfWork, deps: AuthDeps, *, password: str, reset_password: bool
) -> bool:
    """Create the demo user with ``password``, or (when asked) reset its password.

    Returns True when the user was created. Idempotent: running it again changes nothing
    unless ``reset_password`` is set.
    """
    now = deps.clock.now()
    password_hash = await deps.passwords.hash(password)
    async with uow:
        existing = await uow.users.by_username(DEMO_USERNAME)
        if existing is not None:
            if reset_password:
                await uow.users.set_password_hash(existing.id, password_hash, now)
                await uow.commit()
            return False
        user = User(
            id=uuid.uuid4(),
            username=DEMO_USERNAME,
            role=Role.TRADER,
            created_at=now,
            password_hash=password_hash,
        )
        await uow.users.add(user)
        await record_event(uow, event_for(AuditKind.DEMO_USER_CREATED, at=now, actor=user))
        await uow.commit()
    return True
