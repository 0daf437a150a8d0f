from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from dalal.adapters.db.engine import create_engine
from dalal.settings import Settings
from tests.conftest import RUNNING


@pytest.fixture(autouse=True)
async def empty_database(settings: Settings) -> AsyncIterator[None]:
    """API tests see an empty database (the first user to register becomes admin)."""
    engine = create_engine(settings.resolved_database_url)
    # A server's signal executor may still be running an earlier test's 202-accepted
    # signals: let them finish, or deleting their users under them would deadlock.
    for server in list(RUNNING):
        await asyncio.wait_for(server.signals_done(), 30)
    async with engine.begin() as connection:
        for table in ("audit_log", "api_keys", "refresh_tokens", "users"):
            await connection.execute(text(f"DELETE FROM {table}"))
    await engine.dispose()
    return
