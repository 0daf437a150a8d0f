"""The backtest API tests' server; a module loads it with
``pytest_plugins = ["tests.api.backtest_api_fixtures"]``.

``backtest_server``: a real server of its own whose strategies folder holds the test
strategies (``slow_bt_test`` sleeps per bar, for progress and cancel), over a database that
holds GOOG's daily bars as ``GOOGBT``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.settings import Settings
from dalal.strategies.registry import unregister
from tests.conftest import RUN_ID, RunningServer, make_settings
from tests.integration.backtest_support import TEST_STRATEGIES, store_goog, write_strategies


@pytest.fixture(scope="module")
async def backtest_server(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[RunningServer]:
    engine = create_engine(settings.resolved_database_url)
    try:
        await store_goog(
            SqlUnitOfWorkFactory(create_session_factory(engine), None),
            settings.resolved_database_url,
        )
    finally:
        await engine.dispose()
    folder = write_strategies(tmp_path_factory.mktemp("strategies"))
    own = make_settings(
        settings.resolved_database_url,
        settings.redis_url,
        tmp_path_factory.mktemp("bt-var"),
        strategies_dir=folder,
        redis_prefix=f"dalal-test-{RUN_ID}-bt-{uuid.uuid4().hex[:6]}",
    )
    running = RunningServer(own)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
        for name in TEST_STRATEGIES:
            unregister(name)


@pytest.fixture
async def bt_client(backtest_server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=backtest_server.url, timeout=60) as http:
        yield http
