"""Shared by the backtest run tests (service and API): GOOG's daily bars stored under a
made-up NSE instrument, a recording bus, a slow user strategy (to cancel mid-run) and a
broken one (to fail), loaded from a strategies folder like an operator's."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.adapters.feeds.bars_file import read_bars
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Interval
from dalal.domain.users import Principal, Role, User
from dalal.services.instruments import save_bars, save_instruments

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "GOOG.csv"
GOOG = Instrument(
    token=951001,
    exchange=Exchange.NSE,
    tradingsymbol="GOOGBT",
    name="Goog backtest",
    instrument_type=InstrumentType.EQ,
    lot_size=1,
    tick_size=Decimal("0.01"),
)
NO_BARS = Instrument(
    token=951002,
    exchange=Exchange.NSE,
    tradingsymbol="NOBARSBT",
    name="No bars",
    instrument_type=InstrumentType.EQ,
    lot_size=1,
    tick_size=Decimal("0.01"),
)

SLOW_AND_BROKEN = '''
import time

from pydantic import Field

from dalal.strategies import Strategy, StrategyParams


class SlowParams(StrategyParams):
    ms: float = Field(default=4, ge=0, description="Sleep per bar, milliseconds")


class SlowStrategy(Strategy):
    """Sleeps on every bar and never trades: a long run to cancel."""

    name = "slow_bt_test"
    Params = SlowParams

    def on_bar(self, ctx, bar):
        time.sleep(self.params.ms / 1000)


class BrokenStrategy(Strategy):
    """Raises on the tenth bar: a run that fails."""

    name = "broken_bt_test"
    Params = StrategyParams

    def on_start(self, ctx):
        self.seen = 0

    def on_bar(self, ctx, bar):
        self.seen += 1
        if self.seen == 10:
            raise RuntimeError("boom at bar 10")
'''
TEST_STRATEGIES = ("slow_bt_test", "broken_bt_test")


def goog_path() -> Path:
    if not DATA.exists():  # the shared data folder sits next to the repository
        raise FileNotFoundError(f"{DATA} is missing; the backtest tests need GOOG.csv")
    return DATA


_STORED: set[str] = set()


async def store_goog(uow_factory: SqlUnitOfWorkFactory, database_url: str) -> None:
    """The instruments and GOOG's 2,148 daily bars, once per database (an upsert)."""
    if database_url in _STORED:
        return
    _STORED.add(database_url)
    await save_instruments(uow_factory(), [GOOG, NO_BARS])
    bars = read_bars(goog_path(), token=GOOG.token, interval=Interval.D1)
    await save_bars(uow_factory(), bars)


def write_strategies(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bt_test_strategies.py").write_text(SLOW_AND_BROKEN)
    return folder


async def new_principal(uow_factory: SqlUnitOfWorkFactory) -> Principal:
    user = User(
        id=uuid.uuid4(),
        username=f"bt-{uuid.uuid4().hex[:8]}",
        role=Role.TRADER,
        created_at=datetime.now(UTC),
        password_hash="unused",
    )
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    return Principal(user=user)


class RecordingBus:
    """A publisher that keeps every message, by channel, and wakes whoever awaits one."""

    def __init__(self) -> None:
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self._published = asyncio.Condition()

    async def publish(self, channel: str, message: Mapping[str, Any]) -> None:
        async with self._published:
            self.messages.setdefault(channel, []).append(dict(message))
            self._published.notify_all()

    async def wait_for(
        self, channel: str, ok: Callable[[dict[str, Any]], bool], *, timeout: float = 60
    ) -> dict[str, Any]:
        """The first message on ``channel`` (already published or to come) that ``ok`` takes."""

        def found() -> dict[str, Any] | None:
            return next((m for m in self.messages.get(channel, []) if ok(m)), None)

        async with asyncio.timeout(timeout), self._published:
            await self._published.wait_for(lambda: found() is not None)
            message = found()
        assert message is not None
        return message
