"""Shared fixtures: a PostgreSQL database per test run (dropped after), migrated once; the real
Redis; and a real uvicorn server on a free port for the API tests.

``DALAL_TEST_DATABASE_URL=sqlite`` runs the smoke suite on the embedded SQLite database, and
an empty ``DALAL_TEST_REDIS_URL`` uses the memory bus.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import uvicorn
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from dalal.app import create_app
from dalal.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
TEST_DATABASE = os.environ.get(
    "DALAL_TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
TEST_REDIS = os.environ.get("DALAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0") or None
RUN_ID = uuid.uuid4().hex[:10]


def on_sqlite() -> bool:
    return TEST_DATABASE == "sqlite"


def alembic_config(url: str) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    return config


async def _admin_connection() -> asyncpg.Connection:
    url = make_url(TEST_DATABASE)
    try:
        return await asyncpg.connect(
            host=url.host,
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            database=url.database or "postgres",
            timeout=5,
        )
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(
            f"PostgreSQL for tests is not reachable at {url.host}:{url.port}: {exc}. "
            "Start it with ../shared/services-up or set DALAL_TEST_DATABASE_URL.",
            pytrace=False,
        )


async def create_pg_database(name: str) -> str:
    admin = await _admin_connection()
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return make_url(TEST_DATABASE).set(database=name).render_as_string(hide_password=False)


async def drop_pg_database(name: str) -> None:
    admin = await _admin_connection()
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    if on_sqlite():
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    name = f"dalal_test_{RUN_ID}"
    url = await create_pg_database(name)
    yield url
    await drop_pg_database(name)


@pytest.fixture(scope="session")
async def migrated_url(database_url: str) -> str:
    await asyncio.to_thread(command.upgrade, alembic_config(database_url), "head")
    return database_url


@pytest.fixture(scope="session")
def redis_url() -> str | None:
    return TEST_REDIS


def make_settings(
    database_url: str, redis_url: str | None, var_dir: Path, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "redis_url": redis_url,
        "redis_prefix": f"dalal-test-{RUN_ID}",
        "var_dir": var_dir,
        "secret_key": "test-secret-key-for-this-run-only-" + RUN_ID,
        "login_limit_per_username": "5/minute",
        "login_limit_per_ip": "1000/minute",
        "frontend_dist": var_dir / "no-frontend-build",
        # Deterministic market: always open, and no synthetic feed; tests push their own quotes.
        "sessions": "always",
        "feed": "none",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def settings(
    migrated_url: str, redis_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    return make_settings(migrated_url, redis_url, tmp_path_factory.mktemp("var"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RunningServer:
    """A real uvicorn server in this event loop, speaking real HTTP and websockets."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/graphql"
        self.app = create_app(settings)
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_config=None,
            ws_per_message_deflate=False,
            lifespan="on",
        )
        self._server = uvicorn.Server(config)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        RUNNING.append(self)
        self._task = asyncio.create_task(self._server.serve())
        for _ in range(500):
            if self._server.started:
                return
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        raise RuntimeError("the test server did not start within 5 s")

    async def stop(self) -> None:
        self._server.should_exit = True
        if self._task is not None:
            await self._task
        if self in RUNNING:
            RUNNING.remove(self)

    async def signals_done(self) -> None:
        """Return once this server has run every signal its webhooks accepted."""
        await self.app.state.runtime.signals.executor.drain()


RUNNING: list[RunningServer] = []  # the servers started in this test session


@pytest.fixture(scope="session")
async def server(settings: Settings) -> AsyncIterator[RunningServer]:
    running = RunningServer(settings)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def client(server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        yield http
