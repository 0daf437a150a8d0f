"""Auth services on the real database: rehash on login, and concurrent refresh-token rotation."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from dalal.adapters.clock import SystemClock
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.adapters.security.passwords import PasswordHashing
from dalal.adapters.security.throttle import LimitsLoginThrottle
from dalal.adapters.security.tokens import AccessTokens
from dalal.domain.users import InvalidRefreshToken
from dalal.services import auth


def deps(passwords: PasswordHashing) -> auth.AuthDeps:
    return auth.AuthDeps(
        passwords=passwords,
        access_tokens=AccessTokens("k" * 40, timedelta(minutes=15)),
        throttle=LimitsLoginThrottle.create(
            redis_url=None, per_username="100/minute", per_ip="100/minute"
        ),
        clock=SystemClock(),
        refresh_ttl=timedelta(days=1),
    )


@pytest.mark.smoke
async def test_login_rehashes_a_password_stored_with_old_parameters(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    cheap = PasswordHashing(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    name = f"rehash-{uuid.uuid4().hex[:6]}"
    session = await auth.register(
        uow_factory(),
        deps(cheap),
        username=name,
        password="correct-horse-battery",
        email=None,
        ip=None,
    )
    current = PasswordHashing()
    assert current.needs_rehash(session.user.password_hash)
    await auth.login(
        uow_factory(), deps(current), username=name, password="correct-horse-battery", ip=None
    )
    async with uow_factory() as uow:
        stored = await uow.users.by_username(name)
    assert stored is not None
    assert not current.needs_rehash(stored.password_hash)
    assert await current.verify(stored.password_hash, "correct-horse-battery")


async def test_two_concurrent_refreshes_of_one_token_never_both_succeed(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    cheap = PasswordHashing(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    name = f"race-{uuid.uuid4().hex[:6]}"
    session = await auth.register(
        uow_factory(),
        deps(cheap),
        username=name,
        password="correct-horse-battery",
        email=None,
        ip=None,
    )

    async def attempt() -> bool:
        try:
            await auth.refresh(
                uow_factory(), deps(cheap), refresh_token=session.refresh_token, ip=None
            )
            return True
        except InvalidRefreshToken:
            return False

    outcomes = await asyncio.gather(*(attempt() for _ in range(8)))
    assert sum(outcomes) <= 1
