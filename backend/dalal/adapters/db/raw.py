"""asyncpg's own statements, inside the session's transaction, for the hot paths: the reads
on every order's and signal's path (an account's positions, their instruments, a desk's
accounts, a webhook's group and risk gate) and the bulk writes (COPY, unnest upserts).

Through SQLAlchemy each value of each row passes its result processors; asyncpg already
gives the types we want (Decimal, date, UUID). On SQLite, callers run their Core statement.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession


async def driver(session: AsyncSession) -> Any:
    """The session's asyncpg connection, inside the session's transaction.

    SQLAlchemy's asyncpg adapter begins its transaction lazily, at the first statement it
    runs itself; a statement sent to asyncpg before that would run (and commit) on its own.
    So begin it here when it has not begun (``_start_transaction`` is the adapter's own
    step; tests/integration/test_raw_statements.py fails if that ever changes). A task
    cancelled during that BEGIN leaves asyncpg a transaction the adapter does not know of;
    the engine's checkout guard (``engine._refuse_a_dirty_connection``) retires such a
    connection before anyone borrows it again.

    The answer is kept for the rest of the session's transaction (an order's path asks
    several times; each ask through SQLAlchemy costs about 30 µs). It is keyed by the
    transaction object and used only while that transaction is active: after a commit or a
    rollback the session takes a connection anew, maybe another one."""
    transaction = session.sync_session.get_transaction()
    kept = session.info.get(_KEPT)
    if kept is not None and transaction is not None and transaction.is_active:
        kept_transaction, kept_connection = kept
        if kept_transaction is transaction:
            return kept_connection
    connection = await session.connection()
    fairy = await connection.get_raw_connection()
    adapter: Any = fairy.dbapi_connection
    if not adapter._started:
        await adapter._start_transaction()
    raw = fairy.driver_connection
    session.info[_KEPT] = (session.sync_session.get_transaction(), raw)
    return raw


_KEPT = "dalal.raw.driver"


async def pg_fetch(session: AsyncSession, sql: str, *args: Any) -> list[Any] | None:
    """The rows of ``sql`` (numbered parameters), or None when not on PostgreSQL."""
    if session.bind.dialect.name != "postgresql":
        return None
    return list(await (await driver(session)).fetch(sql, *args))


T = TypeVar("T")


class RowMemo(Generic[T]):
    """Immutable domain objects built once per distinct row, per process.

    Keyed by every value of the row, so a row that changes is a new key and nothing stale
    is ever answered; the reads still go to the database. Hot reads return mostly the same
    rows (an account's thousand positions, their instruments, a desk's accounts): building
    each object again cost more than reading it. Cleared, not evicted, past ``limit``
    entries (about a kilobyte each: size it to the hot set, not to the table)."""

    def __init__(self, build: Callable[[tuple[Any, ...]], T], limit: int) -> None:
        self._build, self._limit = build, limit
        self._built: dict[tuple[Any, ...], T] = {}

    def __call__(self, row: tuple[Any, ...]) -> T:
        found = self._built.get(row)
        if found is None:
            if len(self._built) >= self._limit:
                self._built.clear()
            found = self._built[row] = self._build(row)
        return found


def plain_uuid(value: uuid.UUID) -> uuid.UUID:
    """asyncpg answers its own UUID subclass; the domain keeps ``uuid.UUID`` (JSON encoders
    and ``type()`` checks see the same class wherever a row came from)."""
    return value if type(value) is uuid.UUID else uuid.UUID(int=value.int)
