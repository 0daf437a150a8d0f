"""The risk engine's cost: pre-trade checks on order placement, and tick-to-exit on a stop.

    cd backend && ../.venv/bin/python -m bench.risk [--orders 400] [--positions 1000] [--rules 50]

1. Creates a fresh PostgreSQL database (dropped at the end, also on Ctrl+C) and migrates it.
2. One trader with one account holding ``--positions`` open MIS positions (one instrument
   each, all quoted), and ``--rules`` risk rules: everything and the account (daily loss
   limit, profit target, gross exposure, max positions, order value and quantity), the rest
   strategy scopes with MTM limits and default stops; a stop-loss guards 50 positions.
3. Placement, in this process (no HTTP), ``place_order`` of a 1-share MARKET buy of one more
   instrument: interleaved, ``--orders`` times each, with the risk check (as shipped) and
   without it (``read_order_gate`` and ``check_order`` replaced by no-ops: the baseline).
   The check's own time (both steps) is also taken on its own, inside the placements that
   run it.
4. Tick to exit: a guarded position's stop is crossed by one tick through the market loop
   (matching, then the risk monitor); from the tick's arrival to the committed exit.

Figures are medians and 95th percentiles of this run; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from bench.orders import cpu_model, create_database, drop_database, migrate
from dalal.adapters.clock import SystemClock
from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Quote
from dalal.domain.orders import OrderType, Product, Side
from dalal.domain.positions import Position
from dalal.domain.risk.guard import PositionGuard
from dalal.domain.risk.levels import Level, Offset, PositionStops
from dalal.domain.risk.limits import ProfitLock, RiskLimits, RiskScope, ScopeKind
from dalal.domain.risk.pretrade import ScopeControl
from dalal.domain.users import Principal, Role, User
from dalal.services import orders as order_service
from dalal.services.accounts import create_account
from dalal.services.instruments import save_instruments
from dalal.services.market import MarketDeps, QuoteBook
from dalal.services.market_loop import MarketLoop
from dalal.services.orders import OrderRequest, place_order

DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
BASE_TOKEN = 970_000
PRICE = Decimal("100.00")
GUARDED = 50


class NullPublisher:
    async def publish(self, channel: str, message: object) -> None:
        return None


class FillClock:
    """A publisher that notes when the first fill event goes out: right after the commit."""

    def __init__(self) -> None:
        self.filled_at: float | None = None

    async def publish(self, channel: str, message: Any) -> None:
        if self.filled_at is None and message.get("type") == "fill":
            self.filled_at = time.perf_counter()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def quote(token: int, price: Decimal) -> Quote:
    step = Decimal("0.05")
    return Quote(token, datetime.now(UTC), price, price - step, price + step, volume=10_000_000)


def stock(i: int) -> Instrument:
    return Instrument(
        BASE_TOKEN + i, Exchange.NSE, f"RISKB{i}", f"RISK BENCH {i}", InstrumentType.EQ, 1,
        Decimal("0.05"),
    )  # fmt: skip


async def seed(
    uow_factory: SqlUnitOfWorkFactory, market: MarketDeps, positions: int, rules: int
) -> tuple[Principal, uuid.UUID]:
    instruments = [stock(i) for i in range(positions + 1)]  # the last one is the one bought
    await save_instruments(uow_factory(), instruments)
    market.quotes.update([quote(i.token, PRICE) for i in instruments])
    now = datetime.now(UTC)
    user = User(uuid.uuid4(), "riskbench", Role.TRADER, now, password_hash="unused")
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    principal = Principal(user=user)
    account = (
        await create_account(
            uow_factory(), SystemClock(), principal=principal, label="bench",
            capital=Decimal("1000000000"),
        )
    ).account  # fmt: skip
    held = [
        Position(account.id, i.token, Product.MIS, quantity=10, cost=10 * PRICE, buy_quantity=10,
                 buy_value=10 * PRICE)
        for i in instruments[:positions]
    ]  # fmt: skip
    stops = PositionStops(stop_loss=Level(Offset.POINTS, Decimal("5")))
    async with uow_factory() as uow:
        await uow.positions.save_many(held, at=now)
        await uow.risk.save_guards(
            [
                PositionGuard.arm(
                    account_id=account.id, token=p.token, product=p.product, direction=1,
                    anchor=PRICE, stops=stops,
                )
                for p in held[:GUARDED]
            ],
            at=now,
        )  # fmt: skip
        for control in _controls(account.id, rules):
            await uow.risk.save_rule(user.id, control, at=now)
        await uow.commit()
    return principal, account.id


def _controls(account_id: uuid.UUID, rules: int) -> list[ScopeControl]:
    book = RiskLimits(
        daily_loss_limit=Decimal("10000000"),
        daily_profit_target=Decimal("10000000"),
        max_gross_exposure=Decimal("1000000000"),
        max_positions=100_000,
        max_order_value=Decimal("10000000"),
        max_order_quantity=100_000,
    )
    controls = [
        ScopeControl(RiskScope.everything(), book),
        ScopeControl(RiskScope.account(account_id), book),
    ]
    attributed = RiskLimits(
        mtm_stop_loss=Decimal("5000"),
        mtm_target=Decimal("9000"),
        profit_lock=ProfitLock(Decimal("2000"), Decimal("500")),
        position_stops=PositionStops(stop_loss=Level(Offset.PERCENT, Decimal("2"))),
    )
    controls += [
        ScopeControl(RiskScope(ScopeKind.STRATEGY, f"s{i}"), attributed)
        for i in range(max(0, rules - 2))
    ]
    return controls


async def _skip(*args: Any, **kwargs: Any) -> None:
    return None  # no read, no check, no cash: margin reads the cash, as without rules


class TimedCheck:
    """The check as shipped, its two steps (the gate's read, then the check) timed together
    per placement: wall clock (with the database round trip) and this process's CPU (the
    Python work alone). Each step answers what it answers (the check, the cash it read,
    which margin then need not read again)."""

    def __init__(self, wall: list[float], cpu: list[float]) -> None:
        self.wall, self.cpu = wall, cpu
        self._read = (0.0, 0.0)

    async def read(self, *args: Any, **kwargs: Any) -> Any:
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            return await REAL_READ(*args, **kwargs)
        finally:
            self._read = (time.perf_counter() - started, time.process_time() - started_cpu)

    async def check(self, *args: Any, **kwargs: Any) -> Any:
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            return await REAL_CHECK(*args, **kwargs)
        finally:
            self.wall.append((time.perf_counter() - started + self._read[0]) * 1000)
            self.cpu.append((time.process_time() - started_cpu + self._read[1]) * 1000)


REAL_READ = order_service.read_order_gate
REAL_CHECK = order_service.check_order


async def placement(
    uow_factory: SqlUnitOfWorkFactory,
    market: MarketDeps,
    principal: Principal,
    account_id: uuid.UUID,
    symbol: str,
    orders: int,
) -> dict[str, list[float]]:
    request = OrderRequest(account_id, symbol, Side.BUY, 1, OrderType.MARKET, Product.MIS)
    found: dict[str, list[float]] = {
        "with risk": [],
        "without risk": [],
        "check alone": [],
        "check CPU": [],
    }
    timed = TimedCheck(found["check alone"], found["check CPU"])
    try:
        for i in range(orders + 20):  # the first 20 pairs warm the caches up
            for mode in ("with risk", "without risk") if i % 2 else ("without risk", "with risk"):
                with_risk = mode == "with risk"
                order_service.read_order_gate = timed.read if with_risk else _skip  # type: ignore[assignment]
                order_service.check_order = timed.check if with_risk else _skip  # type: ignore[assignment]
                started = time.perf_counter()
                await place_order(uow_factory(), market, principal=principal, request=request)
                if i >= 20:
                    found[mode].append((time.perf_counter() - started) * 1000)
    finally:
        order_service.read_order_gate = REAL_READ  # type: ignore[assignment]
        order_service.check_order = REAL_CHECK  # type: ignore[assignment]
    found["check alone"] = found["check alone"][20:]
    found["check CPU"] = found["check CPU"][20:]
    return found


async def tick_to_exit(
    session_factory: Any, market: MarketDeps, account_id: uuid.UUID, rounds: int
) -> tuple[list[float], list[float]]:
    """Re-guard one position, then one tick through its stop: from the tick's arrival to the
    exit's commit (its fill event), and to the end of the whole step (scopes included)."""
    clock = FillClock()
    uow_factory = SqlUnitOfWorkFactory(session_factory, clock)
    loop = MarketLoop(
        uow_factory=uow_factory, market=market, publisher=NullPublisher(), feed=None,
        interval_seconds=1, record_bars=False,
    )  # fmt: skip
    token = BASE_TOKEN  # a guarded position
    stops = PositionStops(stop_loss=Level(Offset.POINTS, Decimal("5")))
    to_exit: list[float] = []
    to_end: list[float] = []
    for _ in range(rounds):
        now = datetime.now(UTC)
        async with uow_factory() as uow:
            position = Position(account_id, token, Product.MIS, quantity=10, cost=10 * PRICE,
                                buy_quantity=10, buy_value=10 * PRICE)  # fmt: skip
            await uow.positions.save_many([position], at=now)
            await uow.risk.save_guards(
                [PositionGuard.arm(account_id=account_id, token=token, product=Product.MIS,
                                   direction=1, anchor=PRICE, stops=stops)],
                at=now,
            )  # fmt: skip
            await uow.commit()
        market.quotes.update([quote(token, PRICE)])
        clock.filled_at = None
        started = time.perf_counter()
        await loop.step([quote(token, Decimal("94.00"))])
        ended = time.perf_counter()
        if clock.filled_at is None:
            raise RuntimeError("the stop did not exit the position")
        to_exit.append((clock.filled_at - started) * 1000)
        to_end.append((ended - started) * 1000)
    return to_exit, to_end


def row(label: str, values: list[float]) -> str:
    return (
        f"| {label:<22} | {len(values):>5} | {statistics.median(values):>8.3f} | "
        f"{pct(values, 0.95):>8.3f} | {pct(values, 0.99):>8.3f} |"
    )


async def run(args: argparse.Namespace) -> None:
    name = f"dalal_bench_risk_{uuid.uuid4().hex[:8]}"
    url = await create_database(args.admin_url, name)
    engine = create_engine(url)
    try:
        await asyncio.to_thread(migrate, url)
        uow_factory = SqlUnitOfWorkFactory(create_session_factory(engine), None)
        market = MarketDeps(
            calendar=MarketCalendar(load_holidays(), sessions_mode="always"),
            quotes=QuoteBook(),
            clock=SystemClock(),
        )
        principal, account_id = await seed(uow_factory, market, args.positions, args.rules)
        symbol = stock(args.positions).tradingsymbol
        found = await placement(uow_factory, market, principal, account_id, symbol, args.orders)
        exits, steps = await tick_to_exit(
            create_session_factory(engine), market, account_id, args.ticks
        )
        print(f"# bench.risk  {' '.join(sys.argv[1:])}")
        print(f"# {cpu_model()}, Python {sys.version.split()[0]}, PostgreSQL (asyncpg), in-process")
        print(
            f"# {args.positions} open positions in the account, {args.rules} risk rules, "
            f"{GUARDED} position stops; orders are 1-share MARKET buys"
        )
        print()
        print("| place_order, ms         |     n |   median |      p95 |      p99 |")
        print("|------------------------|-------|----------|----------|----------|")
        print(row("without risk (baseline)", found["without risk"]))
        print(row("with risk", found["with risk"]))
        print(row("risk check, wall", found["check alone"]))
        print(row("risk check, CPU", found["check CPU"]))
        added50 = statistics.median(found["with risk"]) - statistics.median(found["without risk"])
        added95 = pct(found["with risk"], 0.95) - pct(found["without risk"], 0.95)
        print()
        print(f"added by risk: median {added50:.3f} ms, p95 {added95:.3f} ms")
        print()
        print("| tick to exit (SL), ms  |     n |   median |      p95 |      p99 |")
        print("|------------------------|-------|----------|----------|----------|")
        print(row("tick → exit committed", exits))
        print(row("tick → step done", steps))
    finally:
        await engine.dispose()
        await drop_database(args.admin_url, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.risk", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--orders", type=int, default=400, help="placements per mode")
    parser.add_argument("--positions", type=int, default=1000)
    parser.add_argument("--rules", type=int, default=50)
    parser.add_argument("--ticks", type=int, default=100, help="stop breaches timed")
    parser.add_argument("--admin-url", default=DEFAULT_ADMIN_URL)
    asyncio.run(run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
