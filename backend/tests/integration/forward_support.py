"""Shared pieces for forward-test tests: an instrument of the test's own, a deterministic bar
path with crossings, and a rig that replays stored bars through the real market loop (on a
simulated clock, as ``DALAL_FEED=replay`` does) with the forward runner hooked in."""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from dalal.adapters.clock import SimulatedClock
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.accounts import Account
from dalal.domain.calendar import IST, MarketCalendar, load_holidays
from dalal.domain.instruments import Instrument
from dalal.domain.market import Bar, Interval
from dalal.domain.users import Principal, Role, User
from dalal.engine.matching import MatchingConfig
from dalal.services.accounts import create_account
from dalal.services.forward_runner import ForwardRunner
from dalal.services.instruments import save_bars, save_instruments
from dalal.services.market import MarketDeps, QuoteBook
from dalal.services.market_loop import MarketLoop
from dalal.services.replay import ReplayConfig, ReplayDriver, ReplayPlan
from tests.integration.market_support import SettableClock, equity

WALL = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TICK = Decimal("0.05")


def own_instrument(prefix: str = "FWD") -> Instrument:
    """An equity no other test trades (a fresh token and symbol)."""
    token = 800_000_000 + uuid.uuid4().int % 100_000_000
    return equity(token, f"{prefix}{uuid.uuid4().hex[:8].upper()}")


def ist_open(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 15, tzinfo=IST).astimezone(UTC)


def _on_tick(value: float) -> Decimal:
    return (Decimal(str(value)) / TICK).quantize(Decimal(1)) * TICK


def wave_bars(
    token: int, day: date, count: int, *, base: float = 100.0, swing: float = 1.5
) -> list[Bar]:
    """1-minute bars from 09:15 IST of ``day``: a slow wave with a drift, so short moving
    averages cross several times; open = previous close, on tick, volume 1,000."""
    bars: list[Bar] = []
    previous = _on_tick(base)
    for i in range(count):
        close = _on_tick(base + swing * math.sin(i / 3.0) + 0.01 * i)
        high = max(previous, close) + TICK * 2
        low = min(previous, close) - TICK * 2
        at = ist_open(day) + timedelta(minutes=i)
        bars.append(Bar(token, at, Interval.M1, previous, high, low, close, 1000))
        previous = close
    return bars


class NullBus:
    def __init__(self) -> None:
        self.messages: list[tuple[str, dict[str, Any]]] = []

    async def publish(self, channel: str, message: Mapping[str, Any]) -> None:
        self.messages.append((channel, dict(message)))


class ReplayRig:
    """The market on a simulated clock, its loop, and the forward runner on its candles."""

    def __init__(
        self,
        uow_factory: SqlUnitOfWorkFactory,
        *,
        slippage_bps: Decimal = Decimal(0),
        sessions: Literal["nse", "always"] = "always",
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = SimulatedClock(SettableClock(WALL))
        self.market = MarketDeps(
            calendar=MarketCalendar(load_holidays(), sessions_mode=sessions),
            quotes=QuoteBook(),
            clock=self.clock,
            matching=MatchingConfig(slippage_bps=slippage_bps),
        )
        self.bus = NullBus()
        self.loop = MarketLoop(
            uow_factory=uow_factory,
            market=self.market,
            publisher=self.bus,
            feed=None,
            interval_seconds=1,
            record_bars=False,
        )
        self.runner = self.new_runner()

    def new_runner(self) -> ForwardRunner:
        """A runner as a (re)started process builds it, hooked into the loop."""
        runner = ForwardRunner(
            uow_factory=self.uow_factory,
            market=self.market,
            publisher=self.bus,
            base_interval=Interval.M1,
            publish_every=0,
        )
        self.loop.on_candles = runner.on_step
        self.runner = runner
        return runner

    async def store(self, instrument: Instrument, bars: Sequence[Bar]) -> None:
        await save_instruments(self.uow_factory(), [instrument])
        await save_bars(self.uow_factory(), list(bars))

    async def play(self, tokens: Sequence[int], first: datetime, last: datetime) -> None:
        """Replay the stored 1m bars of ``tokens`` opening in [first, last] as fast as it goes."""
        config = ReplayConfig(
            speed=1e9,
            interval=Interval.M1,
            first_day=first.astimezone(IST).date(),
            last_day=last.astimezone(IST).date(),
        )
        plan = ReplayPlan(config=config, tokens=list(tokens), start=first)
        driver = ReplayDriver(
            uow_factory=self.uow_factory,
            loop=self.loop,
            calendar=self.market.calendar,
            clock=self.clock,
            plan=plan,
        )
        await driver.run()


async def trader_on(
    rig: ReplayRig, *, label: str, capital: str, charges: str = "zerodha"
) -> tuple[Principal, Account]:
    """A new trader with one account, created at the rig's (simulated) time."""
    user = User(
        id=uuid.uuid4(),
        username=f"t-{uuid.uuid4().hex[:8]}",
        role=Role.TRADER,
        created_at=rig.clock.now(),
        password_hash="unused",
    )
    async with rig.uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    principal = Principal(user=user)
    created = await create_account(
        rig.uow_factory(), rig.clock, principal=principal, label=label,
        capital=Decimal(capital), charges_template=charges,
    )  # fmt: skip
    return principal, created.account
