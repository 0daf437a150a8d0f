"""A pooled connection never keeps, nor is lent with, a transaction that outlived its unit
of work.

A task cancelled in the middle of the lazy BEGIN (SQLAlchemy's own, or ``raw.driver``'s)
leaves asyncpg with a transaction its SQLAlchemy adapter does not know of. Without the
engine's listeners that connection went back to the pool as it was: its row locks were held
for good and each later unit of work on it ran as a savepoint that never committed. Now the
check-in cuts it (its locks free at once) and the checkout refuses it."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.raw import driver
from dalal.settings import Settings
from tests.conftest import on_sqlite

pytestmark = pytest.mark.skipif(on_sqlite(), reason="asyncpg's pooled connections")


async def _raw(session: AsyncSession) -> Any:
    return (await (await session.connection()).get_raw_connection()).driver_connection


async def test_a_transaction_begun_behind_the_adapter_is_not_lent_out_again(
    settings: Settings,
) -> None:
    # No pre-ping: the checkout guard alone must keep the cut connection from being lent.
    engine = create_engine(
        settings.resolved_database_url, pool_size=1, max_overflow=0, pool_pre_ping=False
    )
    sessions = create_session_factory(engine)
    lock_key = uuid.uuid4().int % 2**62
    try:
        async with sessions() as session:
            leaked = await _raw(session)
            await leaked.transaction().start()  # what a cancelled lazy BEGIN leaves behind
            assert await leaked.fetchval("SELECT pg_try_advisory_xact_lock($1)", lock_key)
        # Cut at check-in: the lock is free before the pool lends anything again.
        assert await _lock_frees_within(engine, lock_key, seconds=2.0)
        async with sessions() as session:
            lent = await _raw(session)
            assert lent is not leaked
            assert not lent.is_in_transaction()
            # The leaked transaction ended with its connection: its lock is free again.
            assert (
                await session.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": lock_key})
            ).scalar_one()
    finally:
        await engine.dispose()


async def _lock_frees_within(engine: Any, key: int, *, seconds: float) -> bool:
    """Whether another connection (outside ``engine``'s pool) can take advisory lock
    ``key`` within ``seconds``."""
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    other = await asyncpg.connect(url)
    try:
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            async with other.transaction():
                if await other.fetchval("SELECT pg_try_advisory_xact_lock($1)", key):
                    return True
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(0.05)
    finally:
        await other.close()


async def _one_unit_of_work(sessions: Any, marker: str) -> None:
    async with sessions() as session:
        conn = await driver(session)
        await conn.execute("CREATE TEMP TABLE IF NOT EXISTS hygiene_probe (v text)")
        await conn.execute("INSERT INTO hygiene_probe VALUES ($1)", marker)
        await session.commit()


async def test_units_of_work_cancelled_at_every_step_leave_the_pool_clean(
    settings: Settings,
) -> None:
    engine = create_engine(settings.resolved_database_url, pool_size=2, max_overflow=0)
    sessions = create_session_factory(engine)
    try:
        for steps in range(60):  # cancel after 0, 1, 2, ... event-loop turns
            task = asyncio.create_task(_one_unit_of_work(sessions, f"cancelled-{steps}"))
            for _ in range(steps):
                await asyncio.sleep(0)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            async with sessions() as first, sessions() as second:
                for session in (first, second):
                    raw = await _raw(session)
                    assert not raw.is_in_transaction(), f"cancelled after {steps} turns"
                    assert raw._top_xact is None, f"cancelled after {steps} turns"
    finally:
        await engine.dispose()
