"""DALAL_FEED=replay: stored bars played through the market loop on a simulated clock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from structlog.testing import capture_logs

from dalal.adapters.clock import SimulatedClock
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.domain.market import Bar, Interval
from dalal.domain.orders import FillTag, OrderStatus, OrderType, Product, Side
from dalal.market_runtime import MarketRuntime, build_replay, market_clock
from dalal.services.instruments import save_bars, save_instruments
from dalal.services.market import QUOTES_CHANNEL, MarketDeps, QuoteBook, quotes_from_message
from dalal.services.market_loop import MarketLoop
from dalal.services.orders import OrderRequest, place_order
from dalal.services.replay import (
    ReplayConfig,
    ReplayDriver,
    ReplayUnavailable,
    plan_replay,
    waypoints,
)
from dalal.settings import Settings
from tests.integration.market_support import SettableClock, equity, trader_with_account

IST = ZoneInfo("Asia/Kolkata")
DAY = date(2026, 11, 17)  # a Tuesday in the past: no live-feed bars can land on it
FIRST = equity(930001, "REPLAYA")
SECOND = equity(930002, "REPLAYB")
WALL = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
EMPTY_MONTH = (date(2001, 1, 1), date(2001, 1, 31))


def ist(hour: int, minute: int) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=IST).astimezone(UTC)


def bar(instrument_token: int, minute: int, close: str) -> Bar:
    price = Decimal(close)
    return Bar(instrument_token, ist(9, 15 + minute), Interval.M1, price, price, price, price, 100)


class RecordingPublisher:
    def __init__(self) -> None:
        self.quotes: list[list[tuple[int, datetime, Decimal]]] = []

    async def publish(self, channel: str, message: Mapping[str, Any]) -> None:
        if channel == QUOTES_CHANNEL:
            self.quotes.append([(q.token, q.at, q.ltp) for q in quotes_from_message(dict(message))])


async def test_replay_plays_bar_closes_in_order_and_stamps_fills_with_simulated_time(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    await save_instruments(uow_factory(), [FIRST, SECOND])
    await save_bars(
        uow_factory(),
        [
            bar(FIRST.token, 0, "100.00"),
            bar(FIRST.token, 1, "99.50"),
            bar(FIRST.token, 2, "98.90"),
            bar(SECOND.token, 0, "50.00"),
            bar(SECOND.token, 1, "51.00"),
        ],
    )
    clock = SimulatedClock(SettableClock(WALL))
    market = MarketDeps(
        calendar=MarketCalendar(load_holidays(), sessions_mode="nse"),
        quotes=QuoteBook(),
        clock=clock,
    )
    publisher = RecordingPublisher()
    loop = MarketLoop(
        uow_factory=uow_factory,
        market=market,
        publisher=publisher,
        feed=None,
        interval_seconds=1,
        record_bars=False,
    )
    plan = await plan_replay(uow_factory(), ReplayConfig(speed=1e6, first_day=DAY, last_day=DAY))
    assert plan.start == ist(9, 15)

    clock.advance_to(plan.start)  # the simulated open: a resting MIS buy below the market
    principal, account = await trader_with_account(
        uow_factory, SettableClock(WALL), label="Replay", capital="100000"
    )
    resting = await place_order(
        uow_factory(),
        market,
        principal=principal,
        request=OrderRequest(
            account_id=account.id,
            symbol=FIRST.tradingsymbol,
            side=Side.BUY,
            quantity=10,
            order_type=OrderType.LIMIT,
            product=Product.MIS,
            price=Decimal("99.00"),
        ),
    )
    assert resting.order.status is OrderStatus.OPEN

    driver = ReplayDriver(
        uow_factory=uow_factory, loop=loop, calendar=market.calendar, clock=clock, plan=plan
    )
    summary = await driver.run()

    assert summary.bars == 5
    assert publisher.quotes == [
        [
            (FIRST.token, ist(9, 16), Decimal("100.00")),
            (SECOND.token, ist(9, 16), Decimal("50.00")),
        ],
        [(FIRST.token, ist(9, 17), Decimal("99.50")), (SECOND.token, ist(9, 17), Decimal("51.00"))],
        [(FIRST.token, ist(9, 18), Decimal("98.90"))],
    ]
    async with uow_factory() as uow:
        fills = await uow.fills.list_for_accounts(
            [account.id], order_id=None, before=None, limit=10
        )
    entry, exit_ = reversed(fills)  # newest first
    assert (entry.side, entry.price, entry.at) == (Side.BUY, Decimal("98.90"), ist(9, 18))
    # Left open, the MIS position is squared off at the simulated 15:20, at the last close.
    assert (exit_.tag, exit_.price, exit_.at) == (FillTag.SQUARE_OFF, Decimal("98.90"), ist(15, 20))
    assert clock.now() == ist(15, 30)  # the replay ends at the last day's close
    assert not market.calendar.is_open(clock.now())


def test_waits_are_the_simulated_gap_over_speed_capped_at_one_bar() -> None:
    calendar = MarketCalendar(load_holidays(), sessions_mode="nse")
    bars = [bar(FIRST.token, 0, "1"), bar(FIRST.token, 1, "1")]
    assert waypoints(bars, calendar) == [
        ist(9, 15),
        ist(9, 16),
        ist(9, 17),
        ist(15, 20),
        ist(15, 25),
        ist(15, 30),
    ]
    always = MarketCalendar(load_holidays(), sessions_mode="always")
    assert waypoints(bars, always) == [ist(9, 16), ist(9, 17)]
    assert ist(15, 30) - ist(9, 17) > timedelta(minutes=1)  # a gap the driver caps


async def test_replay_with_no_stored_bars_says_to_import_them_first(
    uow_factory: SqlUnitOfWorkFactory, settings: Settings
) -> None:
    first, last = EMPTY_MONTH
    replay = settings.model_copy(update={"feed": "replay", "replay_from": first, "replay_to": last})
    market = MarketDeps(
        calendar=MarketCalendar(load_holidays(), sessions_mode="nse"),
        quotes=QuoteBook(),
        clock=market_clock(replay, SettableClock(WALL)),
    )
    loop = MarketLoop(
        uow_factory=uow_factory,
        market=market,
        publisher=RecordingPublisher(),
        feed=None,
        interval_seconds=1,
    )
    with pytest.raises(ReplayUnavailable) as raised:
        await build_replay(uow_factory, market, loop, replay)
    assert raised.value.message == (
        "DALAL_FEED=replay has no 1m bars to play from 2001-01-01 to 2001-01-31 "
        "(DALAL_REPLAY_FROM / DALAL_REPLAY_TO). Import bars first: dalal import bars FILE "
        "--symbol SYMBOL --interval 1m (or set DALAL_REPLAY_INTERVAL to the interval you "
        "imported)."
    )


async def test_the_market_runtime_logs_a_replay_it_cannot_start_and_keeps_serving(
    uow_factory: SqlUnitOfWorkFactory,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, last = EMPTY_MONTH
    replay = settings.model_copy(update={"feed": "replay", "replay_from": first, "replay_to": last})
    market = MarketDeps(
        calendar=MarketCalendar(load_holidays(), sessions_mode="nse"),
        quotes=QuoteBook(),
        clock=market_clock(replay, SettableClock(WALL)),
    )
    runtime = MarketRuntime(
        settings=replay,
        engine=None,  # type: ignore[arg-type]  # not reached by role "all"
        uow_factory=uow_factory,
        market=market,
        bus=None,  # type: ignore[arg-type]
    )
    with capture_logs() as logs:
        await runtime._run_loop("all")
    # Where the event lands depends on whether an earlier test configured logging (structlog
    # caches configured loggers, which capture_logs then can't see): look in all three.
    printed = capsys.readouterr()
    seen = " ".join([repr(logs), caplog.text, printed.out, printed.err])
    assert seen.count("replay_unavailable") >= 1
    assert "replay_started" not in seen
    assert "dalal import bars FILE" in seen
