"""Async engine and session factory for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _tune_sqlite(engine)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **kwargs)
    event.listen(engine.sync_engine, "checkin", _end_a_leaked_transaction)
    event.listen(engine.sync_engine, "checkout", _refuse_a_dirty_connection)
    return engine


# A task cancelled while asyncpg sends the BEGIN that SQLAlchemy's adapter (or
# ``raw.driver``) starts lazily leaves asyncpg holding a transaction the adapter never learnt
# of. The pool's reset then does nothing: the connection keeps the transaction and its row
# locks, and every later transaction on it is a mere savepoint that commits nothing. The two
# listeners below end that (tests/integration/test_pool_hygiene.py).


def _dirty(dbapi_connection: Any) -> bool:
    """A transaction, or a cancelled statement, outlives the pool's reset."""
    raw = dbapi_connection.driver_connection
    return bool(
        dbapi_connection._started
        or raw._top_xact is not None
        or raw._cancellations
        or (not raw.is_closed() and raw.is_in_transaction())
    )


def _end_a_leaked_transaction(dbapi_connection: Any, _record: Any) -> None:
    """Back in the pool, a dirty connection is cut at once: PostgreSQL rolls its transaction
    back and frees its locks now, not when the pool next lends it (which may be much later
    on a quiet server, with other work waiting on those locks)."""
    if dbapi_connection is not None and _dirty(dbapi_connection):
        dbapi_connection.driver_connection.terminate()


def _refuse_a_dirty_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Never lend a dirty (or cut) connection: DisconnectionError makes the pool discard it
    and open a fresh one."""
    if _dirty(dbapi_connection) or dbapi_connection.driver_connection.is_closed():
        raise exc.DisconnectionError("a transaction outlived its unit of work")


def _tune_sqlite(engine: AsyncEngine) -> None:
    """WAL lets readers run beside the writer; foreign keys are off in SQLite by default."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
