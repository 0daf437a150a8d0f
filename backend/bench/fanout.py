"""Signal fan-out: one webhook to N accounts, against one order per account, on PostgreSQL.

    cd backend && ../.venv/bin/python -m bench.fanout [--accounts 10,100,1000,10000]

1. Creates a fresh PostgreSQL database (dropped at the end), migrates it, saves ``BENCH``.
2. Starts ``python -m dalal.cli serve`` in its own process (sessions=always, feed=none), registers
   a user, pushes one BENCH quote through ``POST /api/market/ticks``.
3. For each N: creates N accounts (bulk, in the database), a JSON signal group and an algo that
   targets a tag those N accounts carry. Then, ``--repeat`` times, it POSTs a BUY_ENTRY to
   ``/webhooks/{token}?wait=true`` (the server answers after the fan-out has committed) and a
   BUY_EXIT the same way, timing each from the POST to the answer.
4. Baseline, same run, same database: the flow signals replaced, one ``place_order`` per
   account, each in its own transaction, called in this process (no HTTP: in its favour).
   By default only for N ≤ 1000 (10,000 would take minutes; ``--baseline-max``).
5. Acknowledgement: ``--rate`` webhooks/s for ``--seconds`` (open loop, latency from the
   scheduled send) to a group of ``--ack-accounts`` accounts, answered 202 before execution;
   then waits for the executor to drain and reports the executed throughput.

``--split`` runs the deployment docker-compose describes instead of one process: an API
node (``DALAL_ROLE=api``) that answers webhooks and hands accepted signals over Redis to a
``dalal worker`` that executes them (``--redis-url``). ``?wait=true`` still executes in the
API node, so the fan-out figures measure the same code either way.

Figures are medians and percentiles of what this run measured; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import text

from bench.orders import (
    REGISTER,
    SYMBOL,
    TOKEN,
    Server,
    _payload,
    cpu_model,
    create_database,
    drop_database,
    gql,
    migrate,
    push_quote,
    seed_instruments,
)
from dalal.adapters.clock import SystemClock
from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.accounts import Account
from dalal.domain.algos import Algo, InstrumentSelection, Leg, SelectionKind, TargetMode, Targets
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.domain.ledger import LedgerEntry, LedgerKind
from dalal.domain.market import Quote
from dalal.domain.orders import OrderType, Product, Side
from dalal.domain.signals import SignalGroup, SignalSource
from dalal.domain.users import Principal, Role, User
from dalal.services.market import MarketDeps, QuoteBook
from dalal.services.orders import OrderRequest, place_order

CAPITAL = Decimal("1000000000.00")
ME = "query { me { id username role } }"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def make_accounts(
    uow_factory: SqlUnitOfWorkFactory, user_id: uuid.UUID, n: int, tag: str
) -> list[Account]:
    now = datetime.now(UTC)
    accounts = [
        Account(
            id=uuid.uuid4(),
            user_id=user_id,
            label=f"{tag}-{i}",
            capital=CAPITAL,
            multiplier=Decimal(1 + i % 3),
            tags=(tag,),
            charges_template="zerodha",
            created_at=now,
        )
        for i in range(n)
    ]
    for start in range(0, n, 2000):
        chunk = accounts[start : start + 2000]
        async with uow_factory() as uow:
            for account in chunk:
                await uow.accounts.add(account)
            await uow.ledger.append(
                [LedgerEntry(a.id, now, LedgerKind.DEPOSIT, CAPITAL, ref="capital") for a in chunk]
            )
            await uow.commit()
    return accounts


async def make_group(
    uow_factory: SqlUnitOfWorkFactory, user_id: uuid.UUID, tag: str
) -> SignalGroup:
    now = datetime.now(UTC)
    algo = Algo(
        id=uuid.uuid4(), user_id=user_id, name=f"algo-{tag}",
        legs=(Leg(InstrumentSelection(SelectionKind.FIXED, symbol=SYMBOL), lots=1),),
        product=Product.MIS, order_type=OrderType.MARKET,
        targets=Targets(mode=TargetMode.TAG, tag=tag), created_at=now, updated_at=now,
    )  # fmt: skip
    group = SignalGroup(
        id=uuid.uuid4(), user_id=user_id, name=f"group-{tag}", source=SignalSource.JSON,
        token=uuid.uuid4().hex, secret="bench", active=True, created_at=now, updated_at=now,
        market_hours_only=False, dedupe_window_seconds=0, entry_algo_ids=(algo.id,),
    )  # fmt: skip
    async with uow_factory() as uow:
        await uow.algos.add(algo)
        await uow.signal_groups.add(group)
        await uow.commit()
    return group


async def post(client: httpx.AsyncClient, group: SignalGroup, signal: str, wait: bool) -> float:
    body = {"signal": signal, "symbol": SYMBOL, "unique_id": uuid.uuid4().hex}
    started = time.perf_counter()
    response = await client.post(
        f"/webhooks/{group.token}", params={"wait": "true"} if wait else None, json=body
    )
    elapsed = (time.perf_counter() - started) * 1000
    answer = response.json()
    statuses = {s.get("status") for s in answer.get("signals", [])}
    if response.status_code >= 400 or (wait and statuses != {"executed"}):
        raise RuntimeError(f"{signal} answered {response.status_code}: {answer}")
    return elapsed


async def baseline(
    uow_factory: SqlUnitOfWorkFactory, principal: Principal, accounts: list[Account]
) -> float:
    """One MARKET order per account, each its own transaction; ms for all of them."""
    clock = SystemClock()
    market = MarketDeps(MarketCalendar(load_holidays(), sessions_mode="always"), QuoteBook(), clock)
    market.quotes.update(
        [Quote(TOKEN, clock.now(), Decimal("100.00"), Decimal("99.95"), Decimal("100.05"))]
    )
    started = time.perf_counter()
    for account in accounts:
        await place_order(
            uow_factory(), market, principal=principal,
            request=OrderRequest(account.id, SYMBOL, Side.BUY, 1, OrderType.MARKET, Product.MIS),
        )  # fmt: skip
    return (time.perf_counter() - started) * 1000


async def ack_phase(
    client: httpx.AsyncClient, group: SignalGroup, rate: float, seconds: float
) -> list[float]:
    """Open loop: latency counts from the scheduled send time."""
    latencies: list[float] = []
    start = time.perf_counter()
    tasks = []

    async def one(due: float) -> None:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        await post(client, group, "BUY_ENTRY", wait=False)
        latencies.append((time.perf_counter() - due) * 1000)

    for i in range(int(rate * seconds)):
        tasks.append(asyncio.create_task(one(start + i / rate)))
    await asyncio.gather(*tasks)
    return latencies


async def drain(engine_url: str, within: float = 600) -> float:
    """Seconds until no signal is left ``accepted``; prints what is left every 5 s."""
    engine = create_engine(engine_url)
    started = time.perf_counter()
    shown = started
    query = text("SELECT status, count(*) FROM signals GROUP BY status")
    try:
        while time.perf_counter() - started < within:
            async with engine.connect() as c:
                counts = dict((await c.execute(query)).all())
            if not counts.get("accepted"):
                return time.perf_counter() - started
            if time.perf_counter() - shown >= 5:
                shown = time.perf_counter()
                print(f"  draining: {counts}", file=sys.stderr, flush=True)
            await asyncio.sleep(0.2)
    finally:
        await engine.dispose()
    raise RuntimeError("signals were still accepted, not executed, after the drain window")


HEADER = (
    f"{'accounts':>8}  {'entry p50':>9}  {'entry p95':>9}  {'exit p50':>8}  {'exit p95':>8}"
    f"  {'baseline':>10}  {'speed-up':>8}"
)


async def measure(
    client: httpx.AsyncClient,
    uow_factory: SqlUnitOfWorkFactory,
    principal: Principal,
    n: int,
    args: argparse.Namespace,
) -> None:
    tag = f"n{n}"
    accounts = await make_accounts(uow_factory, principal.user.id, n, tag)
    group = await make_group(uow_factory, principal.user.id, tag)
    entries, exits = [], []
    await post(client, group, "BUY_ENTRY", wait=True)  # warm-up
    await post(client, group, "BUY_EXIT", wait=True)
    for _ in range(args.repeat):
        entries.append(await post(client, group, "BUY_ENTRY", wait=True))
        exits.append(await post(client, group, "BUY_EXIT", wait=True))
    base = None
    if n <= args.baseline_max:
        base = await baseline(uow_factory, principal, accounts)
    p50 = statistics.median(entries)
    ratio = f"{base / p50:7.1f}x" if base else "       -"
    base_txt = f"{base:8.0f}ms" if base else "   skipped"
    entry = f"{p50:7.1f}ms  {pct(entries, 0.95):7.1f}ms"
    exit_ = f"{statistics.median(exits):6.1f}ms  {pct(exits, 0.95):6.1f}ms"
    print(f"{n:>8}  {entry}  {exit_}  {base_txt}  {ratio}", flush=True)


async def acknowledgement(
    client: httpx.AsyncClient,
    uow_factory: SqlUnitOfWorkFactory,
    principal: Principal,
    url: str,
    args: argparse.Namespace,
) -> None:
    await make_accounts(uow_factory, principal.user.id, args.ack_accounts, "ack")
    group = await make_group(uow_factory, principal.user.id, "ack")
    latencies = await ack_phase(client, group, args.rate, args.seconds)
    drained = await drain(url)
    total = len(latencies)
    print()
    print(
        f"acknowledgement at {args.rate:.0f} webhooks/s for {args.seconds:.0f} s "
        f"({total} signals, {args.ack_accounts} accounts each):"
    )
    print(
        f"  p50 {pct(latencies, 0.5):.1f} ms  p95 {pct(latencies, 0.95):.1f} ms  "
        f"p99 {pct(latencies, 0.99):.1f} ms  max {max(latencies):.1f} ms"
    )
    rate = total / (args.seconds + drained)
    print(f"  all executed {drained:.1f} s after the last answer: {rate:.0f} signals/s end to end")


async def run(args: argparse.Namespace) -> None:
    name = f"dalal_bench_{uuid.uuid4().hex[:8]}"
    url = await create_database(args.admin_url, name)
    var_dir = Path(tempfile.mkdtemp(prefix="dalal-fanout-"))
    prefix = f"dalal-fanout-{uuid.uuid4().hex[:8]}"
    redis = args.redis_url if args.split else None
    server = Server(url, redis, var_dir, role="api" if args.split else "all", prefix=prefix)
    worker = Server(url, redis, var_dir, role="worker", prefix=prefix) if args.split else None
    engine = create_engine(url)
    try:
        await asyncio.to_thread(migrate, url)
        pg_version = await seed_instruments(url)
        server.start()
        await server.wait_ready()
        if worker is not None:
            worker.start()
            await worker.wait_ready()
        uow_factory = SqlUnitOfWorkFactory(create_session_factory(engine), None)
        async with httpx.AsyncClient(base_url=server.url, timeout=600) as client:
            answer = await gql(
                client,
                REGISTER,
                {"input": {"username": "fanout", "password": "bench-password-123"}},
            )
            token = _payload(answer, "register", "AuthSuccess")["accessToken"]
            problem = await push_quote(client, token)
            if problem:
                raise RuntimeError(problem)
            me = (await gql(client, ME, {}, token))["data"]["me"]
            user = User(
                uuid.UUID(me["id"]), me["username"], Role(me["role"].lower()), datetime.now(UTC)
            )
            principal = Principal(user=user)
            print(f"# bench.fanout  {' '.join(sys.argv[1:])}")
            print(f"# {cpu_model()}, Python {sys.version.split()[0]}, PostgreSQL {pg_version}")
            print(f"# {args.repeat} entries and exits per N via POST /webhooks/{{token}}?wait=true")
            layout = "API node + dalal worker over Redis" if args.split else "one process"
            print(f"# server: {layout}")
            print()
            print(HEADER)
            for n in args.accounts:
                await measure(client, uow_factory, principal, n, args)
            await acknowledgement(client, uow_factory, principal, url, args)
    finally:
        server.stop()
        if worker is not None:
            worker.stop()
        await engine.dispose()
        await drop_database(args.admin_url, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fanout", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--accounts", default="10,100,1000,10000", type=lambda s: [int(x) for x in s.split(",")]
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--baseline-max", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--ack-accounts", type=int, default=3)
    parser.add_argument("--split", action="store_true", help="API node + worker over Redis")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--admin-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    )
    asyncio.run(run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
