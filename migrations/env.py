"""Alembic environment: async engines for PostgreSQL (asyncpg) and SQLite (aiosqlite).

The URL is ``sqlalchemy.url`` when a caller set it (tests, ``dalal migrate``), otherwise the
``DALAL_DATABASE_URL`` setting (default: the embedded SQLite database).
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from dalal.adapters.db import models  # noqa: F401  (registers the tables)
from dalal.adapters.db.base import Base
from dalal.adapters.db.engine import create_engine
from dalal.settings import get_settings

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().resolved_database_url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite can't ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    url = _url()
    if url.startswith("sqlite"):
        from pathlib import Path

        database = url.split("///", 1)[-1]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_configure)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
