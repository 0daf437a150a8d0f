"""Statements sent through asyncpg directly (the hot reads and writes) belong to the unit of
work's transaction even when they come first in it: SQLAlchemy's asyncpg adapter begins its
transaction lazily, at its own first statement, so a raw statement before any would
otherwise run, and commit, on its own."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from dalal.adapters.db.raw import pg_fetch
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.signals import Signal, SignalSource, SignalStatus
from dalal.domain.users import Role, User
from tests.conftest import on_sqlite

pytestmark = pytest.mark.skipif(on_sqlite(), reason="asyncpg's own statements: PostgreSQL")


async def test_raw_statements_first_in_a_unit_of_work_share_its_transaction(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        first = await pg_fetch(uow.session, "SELECT txid_current()")
        second = await pg_fetch(uow.session, "SELECT txid_current()")
    assert first is not None
    assert second is not None
    assert first[0][0] == second[0][0]


async def test_a_signal_logged_first_in_a_unit_of_work_is_rolled_back_with_it(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    user = User(uuid.uuid4(), f"raw-{uuid.uuid4().hex[:8]}", Role.TRADER, datetime.now(UTC))
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    signal = Signal(
        id=uuid.uuid4(), group_id=None, user_id=user.id, source=SignalSource.JSON,
        status=SignalStatus.ACCEPTED, received_at=datetime.now(UTC), raw_body="{}",
    )  # fmt: skip
    async with uow_factory() as uow:  # the insert is its first statement; no commit
        assert await uow.signals.add(signal, dedupe_key=None, payload_hash="h")
    async with uow_factory() as uow:
        assert await uow.signals.get_for_user(signal.id, user.id) is None


async def test_after_a_commit_raw_statements_join_the_next_transaction(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """``driver`` keeps the connection for its transaction only: after the commit, a raw
    statement runs inside the session's next transaction, not on its own."""
    async with uow_factory() as uow:
        first = await pg_fetch(uow.session, "SELECT txid_current()")
        await uow.commit()
        second = await pg_fetch(uow.session, "SELECT txid_current()")
        third = (await uow.session.execute(text("SELECT txid_current()"))).scalar_one()
        fourth = await pg_fetch(uow.session, "SELECT txid_current()")
    assert first is not None
    assert second is not None
    assert fourth is not None
    assert first[0][0] != second[0][0]
    assert second[0][0] == third == fourth[0][0]
