"""The demo: a trader named ``demo`` (password generated once), two paper accounts for them,
and the demo instrument master derived from today's date."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from dalal.domain.audit import AuditKind
from dalal.domain.users import Principal, Role, User
from dalal.services.accounts import create_account
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


DEMO_ACCOUNTS = (
    ("Core", Decimal("1000000"), Decimal("1"), ["demo", "core"]),
    ("Aggressive", Decimal("500000"), Decimal("2"), ["demo", "fno"]),
)


async def ensure_demo_accounts(uow: UnitOfWork, deps: AuthDeps) -> int:
    """Give the demo user their paper accounts once; returns how many were created."""
    async with uow:
        user = await uow.users.by_username(DEMO_USERNAME)
        if user is None or await uow.accounts.list_for_user(user.id, include_archived=True):
            return 0
    principal = Principal(user=user)
    for label, capital, multiplier, tags in DEMO_ACCOUNTS:
        await create_account(
            uow,
            deps.clock,
            principal=principal,
            label=label,
            capital=capital,
            multiplier=multiplier,
            tags=tags,
        )
    return len(DEMO_ACCOUNTS)
