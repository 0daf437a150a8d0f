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
    event.listen(engine.sync_engine, "checkout", _refuse_a_dirty_connection)
    return engine


def _refuse_a_dirty_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Never lend a connection that still holds a transaction, or is still cancelling a
    statement, when the pool has just reset it.

    A task cancelled while asyncpg sends the BEGIN that SQLAlchemy's adapter (or
    ``raw.driver``) starts lazily leaves asyncpg holding a transaction the adapter never
    learnt of: the pool's rollback then does nothing, the connection keeps the transaction
    and its row locks for good, and every later transaction on it is a mere savepoint that
    commits nothing. Raising DisconnectionError makes the pool close it (PostgreSQL rolls
    the transaction back) and open a fresh one."""
    raw = dbapi_connection.driver_connection
    if (
        dbapi_connection._started
        or raw._top_xact is not None
        or raw._cancellations
        or raw.is_in_transaction()
    ):
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
