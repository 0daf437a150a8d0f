"""Webhook intake: what logging and classifying one delivery costs, on PostgreSQL.

    cd backend && ../.venv/bin/python -m bench.intake [--deliveries 500]

Calls ``receive_delivery`` (authenticate by token, parse, the group's checks, dedupe, insert
the signal row, commit) in this process against a fresh database, one delivery after
another, and prints the median and p95 wall time and process CPU per delivery. The first 50
are a warm-up. This is the API node's share of a webhook before HTTP; execution is the
worker's (``bench.fanout --split``). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime

import orjson

from bench.fanout import make_accounts, make_group, pct
from bench.orders import (
    SYMBOL,
    cpu_model,
    create_database,
    drop_database,
    migrate,
    seed_instruments,
)
from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.adapters.security.throttle import LimitsWebhookRateLimiter
from dalal.adapters.webhooks import parse_webhook
from dalal.adapters.webhooks.signature import verify
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.domain.users import Role, User
from dalal.services.signal_intake import Delivery, IntakeDeps, receive_delivery

WARMUP = 50


async def run(args: argparse.Namespace) -> None:
    name = f"dalal_bench_{uuid.uuid4().hex[:8]}"
    url = await create_database(args.admin_url, name)
    engine = create_engine(url)
    try:
        await asyncio.to_thread(migrate, url)
        await seed_instruments(url)
        uow_factory = SqlUnitOfWorkFactory(create_session_factory(engine), None)
        user = User(uuid.uuid4(), "intake", Role.TRADER, datetime.now(UTC), password_hash="-")
        async with uow_factory() as uow:
            await uow.users.add(user)
            await uow.commit()
        await make_accounts(uow_factory, user.id, 3, "intake")
        group = await make_group(uow_factory, user.id, "intake")
        intake = IntakeDeps(
            calendar=MarketCalendar(load_holidays(), sessions_mode="always"),
            now=lambda: datetime.now(UTC),
            parse=parse_webhook,
            verify_signature=verify,
            rate_limiter=LimitsWebhookRateLimiter.create(redis_url=None),
        )
        wall: list[float] = []
        cpu: list[float] = []
        for i in range(WARMUP + args.deliveries):
            body = {"signal": "BUY_ENTRY", "symbol": SYMBOL, "unique_id": uuid.uuid4().hex}
            delivery = Delivery(
                token=group.token,
                body=orjson.dumps(body),
                content_type="application/json",
                source_ip="127.0.0.1",
                signature=None,
            )
            started, used = time.perf_counter(), time.process_time()
            outcome = await receive_delivery(uow_factory(), intake, delivery)
            if i >= WARMUP:
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - used) * 1000)
            if not outcome.accepted:
                raise RuntimeError("a delivery was not accepted")
        print(f"# bench.intake  {' '.join(sys.argv[1:])}")
        print(f"# {cpu_model()}, Python {sys.version.split()[0]}")
        print(f"{args.deliveries} deliveries, one at a time:")
        print(f"  wall  median {statistics.median(wall):.2f} ms  p95 {pct(wall, 0.95):.2f} ms")
        print(f"  CPU   median {statistics.median(cpu):.2f} ms  p95 {pct(cpu, 0.95):.2f} ms")
    finally:
        await engine.dispose()
        await drop_database(args.admin_url, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.intake", description=__doc__)
    parser.add_argument("--deliveries", type=int, default=500)
    parser.add_argument(
        "--admin-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    )
    asyncio.run(run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
