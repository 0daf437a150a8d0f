"""Fixtures of the trading API tests; a test module loads them with
``pytest_plugins = ["tests.api.conftest_trading"]``.

Each trading test module talks to servers of its own, built from the session settings with
``feed="none"`` so that nothing but the test moves prices:

- ``open_market``: ``sessions="always"``, so the market is open whatever the wall clock says;
- ``nse_market``: real NSE sessions, with a settable clock injected into ``MarketDeps``.

The instruments are inserted once per run through ``save_instruments``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.instruments import Instrument
from dalal.services.instruments import save_instruments
from dalal.settings import Settings
from tests.api.trading_support import INSTRUMENTS, TradingServer
from tests.conftest import RUN_ID, make_settings


@pytest.fixture(scope="session")
async def trading_instruments(migrated_url: str) -> tuple[Instrument, ...]:
    engine = create_engine(migrated_url)
    try:
        await save_instruments(
            SqlUnitOfWorkFactory(create_session_factory(engine), None)(), INSTRUMENTS
        )
    finally:
        await engine.dispose()
    return INSTRUMENTS


def _trading_settings(settings: Settings, var_dir: Path, sessions: str) -> Settings:
    return make_settings(
        settings.resolved_database_url,
        settings.redis_url,
        var_dir,
        sessions=sessions,
        feed="none",
        redis_prefix=f"dalal-test-{RUN_ID}-trading-{uuid.uuid4().hex[:6]}",
    )


async def _serve(settings: Settings) -> AsyncIterator[TradingServer]:
    running = TradingServer(settings)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest.fixture(scope="module")
async def open_market(
    settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
    trading_instruments: tuple[Instrument, ...],
) -> AsyncIterator[TradingServer]:
    async for running in _serve(
        _trading_settings(settings, tmp_path_factory.mktemp("open"), "always")
    ):
        yield running


@pytest.fixture(scope="module")
async def nse_market(
    settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
    trading_instruments: tuple[Instrument, ...],
) -> AsyncIterator[TradingServer]:
    async for running in _serve(_trading_settings(settings, tmp_path_factory.mktemp("nse"), "nse")):
        yield running


@pytest.fixture
async def trading(open_market: TradingServer) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the open-market server."""
    open_market.reset()
    async with httpx.AsyncClient(base_url=open_market.url, timeout=30) as http:
        yield http
