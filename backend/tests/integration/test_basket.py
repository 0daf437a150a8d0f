"""Baskets on PostgreSQL: every leg to every account, all or nothing per account."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.accounts import Account
from dalal.domain.errors import NotFound
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.margin import InsufficientMargin
from dalal.domain.market import Quote
from dalal.domain.orders import Side
from dalal.domain.risk.levels import Level, Offset, PositionStops
from dalal.domain.users import Principal
from dalal.services.accounts import create_account
from dalal.services.basket import BasketLeg, place_basket
from dalal.services.instruments import save_instruments
from dalal.services.market import MarketDeps
from tests.integration.market_support import SettableClock, market_on, trader_with_account

EXPIRY = date(2026, 12, 29)
LOT = 50


def option(token: int, strike: int, kind: InstrumentType) -> Instrument:
    return Instrument(
        token=token,
        exchange=Exchange.NFO,
        tradingsymbol=f"DALALBSK26DEC{strike}{kind.value}",
        name="DALALBSK",
        instrument_type=kind,
        lot_size=LOT,
        tick_size=Decimal("0.05"),
        underlying="DALALBSK",
        expiry=EXPIRY,
        strike=Decimal(strike),
    )


PUT_WING = option(8_870_101, 900, InstrumentType.PE)
PUT_SHORT = option(8_870_102, 950, InstrumentType.PE)
CALL_SHORT = option(8_870_103, 1050, InstrumentType.CE)
CALL_WING = option(8_870_104, 1100, InstrumentType.CE)
CONDOR = [
    BasketLeg(PUT_WING.tradingsymbol, Side.BUY, 1),
    BasketLeg(PUT_SHORT.tradingsymbol, Side.SELL, 1),
    BasketLeg(CALL_SHORT.tradingsymbol, Side.SELL, 1),
    BasketLeg(CALL_WING.tradingsymbol, Side.BUY, 1),
]
PRICES = {PUT_WING: "4.00", PUT_SHORT: "11.00", CALL_SHORT: "10.00", CALL_WING: "3.50"}


@pytest.fixture
async def desk(
    uow_factory: SqlUnitOfWorkFactory,
) -> tuple[MarketDeps, Principal, Account, Account, SettableClock]:
    clock = SettableClock(datetime.now(UTC))
    market = market_on(clock, "always")
    await save_instruments(uow_factory(), list(PRICES))
    market.quotes.update(
        Quote(
            i.token,
            clock.now(),
            Decimal(p),
            Decimal(p) - Decimal("0.05"),
            Decimal(p) + Decimal("0.05"),
            10_000,
        )
        for i, p in PRICES.items()
    )
    principal, rich = await trader_with_account(uow_factory, clock, label="rich", capital="1000000")
    poor = await create_account(
        uow_factory(), clock, principal=principal, label="poor", capital=Decimal("2000")
    )
    return market, principal, rich, poor.account, clock


async def _count(uow_factory: SqlUnitOfWorkFactory, table: str, account: Account) -> int:
    async with uow_factory() as uow:
        found = await uow.session.scalar(  # type: ignore[attr-defined]
            text(f"SELECT count(*) FROM {table} WHERE account_id = :a"), {"a": account.id}
        )
    return int(found or 0)


async def test_an_iron_condor_to_two_accounts_gives_eight_filled_orders(
    uow_factory: SqlUnitOfWorkFactory,
    desk: tuple[MarketDeps, Principal, Account, Account, SettableClock],
) -> None:
    market, principal, rich, _, clock = desk
    second = await create_account(
        uow_factory(), clock, principal=principal, label="second", capital=Decimal("1000000")
    )
    results = await place_basket(
        uow_factory, market, principal=principal, legs=CONDOR,
        account_ids=[rich.id, second.account.id],
    )  # fmt: skip
    assert [r.ok for r in results] == [True, True]
    for result in results:
        assert len(result.placed) == 4
        assert all(p.order.status.value == "COMPLETE" for p in result.placed)
        assert [p.fills[0].price for p in result.placed] == [
            Decimal("4.05"), Decimal("10.95"), Decimal("9.95"), Decimal("3.55")
        ]  # fmt: skip
        assert all(p.fills[0].quantity == LOT for p in result.placed)
    for account in (rich, second.account):
        assert await _count(uow_factory, "orders", account) == 4
        assert await _count(uow_factory, "fills", account) == 4


async def test_an_account_short_of_margin_gets_nothing_and_the_other_gets_all(
    uow_factory: SqlUnitOfWorkFactory,
    desk: tuple[MarketDeps, Principal, Account, Account, SettableClock],
) -> None:
    market, principal, rich, poor, _ = desk
    results = await place_basket(
        uow_factory, market, principal=principal, legs=CONDOR, account_ids=[poor.id, rich.id]
    )
    refused, placed = results
    assert refused.account_id == poor.id
    assert refused.refused is not None
    # the bought put (₹202.50) fits in ₹2,000; the sold put needs 12% of 950 × 50 = ₹5,700
    assert refused.refused.leg == 1
    assert isinstance(refused.refused.error, InsufficientMargin)
    assert refused.placed == []
    assert await _count(uow_factory, "orders", poor) == 0
    assert await _count(uow_factory, "fills", poor) == 0
    assert await _count(uow_factory, "positions", poor) == 0
    assert placed.ok
    assert len(placed.placed) == 4
    assert await _count(uow_factory, "fills", rich) == 4


async def test_another_users_account_is_refused_and_untouched(
    uow_factory: SqlUnitOfWorkFactory,
    desk: tuple[MarketDeps, Principal, Account, Account, SettableClock],
) -> None:
    market, _, rich, _, clock = desk
    intruder, own = await trader_with_account(uow_factory, clock, label="x", capital="1000000")
    results = await place_basket(
        uow_factory, market, principal=intruder, legs=CONDOR, account_ids=[rich.id, own.id]
    )
    assert results[0].refused is not None
    assert isinstance(results[0].refused.error, NotFound)
    assert await _count(uow_factory, "orders", rich) == 0
    assert results[1].ok
    assert await _count(uow_factory, "orders", own) == 4


async def test_a_leg_with_a_stop_and_target_guards_its_position_once_filled(
    uow_factory: SqlUnitOfWorkFactory,
    desk: tuple[MarketDeps, Principal, Account, Account, SettableClock],
) -> None:
    market, principal, rich, _, _ = desk
    stops = PositionStops(
        stop_loss=Level(Offset.POINTS, Decimal(5)), target=Level(Offset.POINTS, Decimal(4))
    )
    legs = [CONDOR[0], replace(CONDOR[1], stops=stops)]
    results = await place_basket(
        uow_factory, market, principal=principal, legs=legs, account_ids=[rich.id]
    )
    assert results[0].ok
    async with uow_factory() as uow:
        guards = await uow.risk.guards_for_accounts([rich.id])
    assert [(g.token, g.direction) for g in guards] == [(PUT_SHORT.token, -1)]
    # the sold put filled at the bid, 10.95: a short's stop is above, its target below
    assert guards[0].stop_price == Decimal("15.95")
    assert guards[0].target_price == Decimal("6.95")
