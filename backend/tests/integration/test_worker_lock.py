"""Exactly one `dalal worker` is active (a PostgreSQL advisory lock); a standby takes over."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from dalal.market_runtime import WORKER_LOCK_KEY
from dalal.settings import Settings
from tests.conftest import on_sqlite

HOLDERS = """
SELECT pid, granted FROM pg_locks
WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1
"""


def _start_worker(settings: Settings, var_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DALAL_DATABASE_URL": settings.resolved_database_url,
        "DALAL_REDIS_URL": "",
        "DALAL_FEED": "none",
        "DALAL_SESSIONS": "always",
        "DALAL_VAR_DIR": str(var_dir),
        "DALAL_SECRET_KEY": "worker-test-secret-key-0123456789",
        "DALAL_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen([sys.executable, "-m", "dalal.cli", "worker"], env=env)


async def _lock_state(
    connection: asyncpg.Connection, *, granted: int, waiting: int, not_held_by: int | None = None
) -> int | None:
    """Wait (up to 60 s on a loaded machine) for this many holders and waiters of the lock;
    return the holding backend's pid."""
    rows: list[asyncpg.Record] = []
    for _ in range(600):
        rows = await connection.fetch(HOLDERS, WORKER_LOCK_KEY)
        holders = [r["pid"] for r in rows if r["granted"]]
        waiters = [r["pid"] for r in rows if not r["granted"]]
        if len(holders) == granted and len(waiters) == waiting and not_held_by not in holders:
            return holders[0] if holders else None
        await asyncio.sleep(0.1)
    raise AssertionError(f"the lock never had {granted} holder(s) and {waiting} waiting: {rows}")


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    if on_sqlite():
        pytest.fail("the worker lock needs PostgreSQL; it runs in the main suite", pytrace=False)
    url = make_url(settings.resolved_database_url)
    connection = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, database=url.database
    )
    yield connection
    await connection.close()


async def test_one_worker_holds_the_lock_and_a_standby_takes_over(
    settings: Settings, database: asyncpg.Connection, tmp_path: Path
) -> None:
    first = _start_worker(settings, tmp_path)
    second: subprocess.Popen[bytes] | None = None
    try:
        first_holder = await _lock_state(database, granted=1, waiting=0)
        second = _start_worker(settings, tmp_path)
        assert await _lock_state(database, granted=1, waiting=1) == first_holder  # a standby
        first.send_signal(signal.SIGKILL)  # a crash: no clean shutdown
        first.wait(10)
        await _lock_state(database, granted=1, waiting=0, not_held_by=first_holder)
        assert second.poll() is None  # the standby is alive and now active
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(20)
