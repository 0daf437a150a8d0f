"""Shared pieces for service tests of the signal flow: a trader with several accounts, an
equity with a quote, a JSON signal group with a fixed-symbol algo, and intake wiring."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal

import orjson

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.adapters.security.throttle import LimitsWebhookRateLimiter
from dalal.adapters.webhooks import parse_webhook
from dalal.adapters.webhooks.signature import verify
from dalal.domain.accounts import Account
from dalal.domain.algos import Algo, InstrumentSelection, Leg, SelectionKind, Targets
from dalal.domain.market import Quote
from dalal.domain.orders import OrderType, Product
from dalal.domain.signals import SignalGroup, SignalSource
from dalal.domain.users import Principal
from dalal.services.accounts import create_account
from dalal.services.market import MarketDeps
from dalal.services.signal_execution import ExecutionResult, execute_signal
from dalal.services.signal_intake import Delivery, IntakeDeps, IntakeOutcome, receive_delivery
from tests.integration.market_support import (
    SettableClock,
    equity,
    market_on,
    trader_with_account,
)

# A Monday in November 2026, 10:00 IST: the NSE session is open.
OPEN_AT = datetime(2026, 11, 23, 4, 30, tzinfo=UTC)


@dataclass
class Desk:
    clock: SettableClock
    market: MarketDeps
    principal: Principal
    accounts: list[Account]
    group: SignalGroup
    algo: Algo
    symbol: str
    token: int
    intake: IntakeDeps


async def make_desk(
    uow_factory: SqlUnitOfWorkFactory,
    *,
    multipliers: list[str],
    capital: str = "1000000",
    lots: int = 1,
    price: str = "100.00",
) -> Desk:
    clock = SettableClock(OPEN_AT)
    market = market_on(clock, "nse")
    token = 7_000_000 + uuid.uuid4().int % 1_000_000
    symbol = f"SIG{token}"
    async with uow_factory() as uow:
        await uow.instruments.upsert_many([equity(token, symbol)])
        await uow.commit()
    # The helper's own first account is archived, so targets are exactly the ones asked for.
    principal, first = await trader_with_account(uow_factory, clock, label="x", capital="1")
    async with uow_factory() as uow:
        await uow.accounts.save(replace(first, archived_at=clock.now()))
        await uow.commit()
    accounts = []
    for i, multiplier in enumerate(multipliers, start=1):
        created = await create_account(
            uow_factory(),
            clock,
            principal=principal,
            label=f"A{i}",
            capital=Decimal(capital),
            multiplier=Decimal(multiplier),
        )
        accounts.append(created.account)
    quote(market, token, price)
    algo, group = await _group_and_algo(uow_factory, principal, symbol, clock.now(), lots)
    intake = IntakeDeps(
        calendar=market.calendar,
        now=market.now,
        parse=parse_webhook,
        verify_signature=verify,
        rate_limiter=LimitsWebhookRateLimiter.create(redis_url=None),
    )
    return Desk(clock, market, principal, accounts, group, algo, symbol, token, intake)


def quote(market: MarketDeps, token: int, price: str, spread: str = "0.10") -> None:
    p = Decimal(price)
    market.quotes.update(
        [Quote(token, market.now(), ltp=p, bid=p - Decimal(spread), ask=p + Decimal(spread))]
    )


async def _group_and_algo(
    uow_factory: SqlUnitOfWorkFactory,
    principal: Principal,
    symbol: str,
    now: datetime,
    lots: int,
) -> tuple[Algo, SignalGroup]:
    user_id = principal.user.id
    algo = Algo(
        id=uuid.uuid4(),
        user_id=user_id,
        name=f"algo-{uuid.uuid4().hex[:6]}",
        legs=(Leg(InstrumentSelection(SelectionKind.FIXED, symbol=None), lots=lots),),
        product=Product.MIS,
        order_type=OrderType.MARKET,
        targets=Targets(),
        created_at=now,
        updated_at=now,
    )
    group = SignalGroup(
        id=uuid.uuid4(),
        user_id=user_id,
        name=f"group-{uuid.uuid4().hex[:6]}",
        source=SignalSource.JSON,
        token=uuid.uuid4().hex,
        secret="s3cret",
        active=True,
        created_at=now,
        updated_at=now,
        market_hours_only=True,
        entry_algo_ids=(algo.id,),
    )
    async with uow_factory() as uow:
        await uow.algos.add(algo)
        await uow.signal_groups.add(group)
        await uow.commit()
    return algo, group


def body(signal: str, symbol: str, unique_id: str | None = None, **extra: object) -> bytes:
    payload: dict[str, object] = {"signal": signal, "symbol": symbol, **extra}
    if unique_id is not None:
        payload["unique_id"] = unique_id
    return orjson.dumps(payload)


async def deliver(
    uow_factory: SqlUnitOfWorkFactory, desk: Desk, raw: bytes, *, token: str | None = None
) -> IntakeOutcome:
    return await receive_delivery(
        uow_factory(),
        desk.intake,
        Delivery(
            token=token or desk.group.token,
            body=raw,
            content_type="application/json",
            source_ip="127.0.0.1",
            signature=None,
        ),
    )


async def deliver_and_execute(
    uow_factory: SqlUnitOfWorkFactory, desk: Desk, raw: bytes
) -> list[ExecutionResult | None]:
    outcome = await deliver(uow_factory, desk, raw)
    return [await execute_signal(uow_factory(), desk.market, s.id) for s in outcome.accepted]
