"""Each account's running cash balance equals the sum of its ledger entries: after fan-outs
big and small (the unnest path and the executemany path), inside the transaction that books
them, after a rollback, and after the migration that introduced it."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from alembic import command
from sqlalchemy import func, insert, select

from dalal.adapters.db.engine import create_engine
from dalal.adapters.db.models import UserRow
from dalal.adapters.db.trading_models import AccountBalanceRow, AccountRow, LedgerEntryRow
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.ledger import LedgerEntry, LedgerKind
from dalal.domain.signals import SignalStatus
from tests.conftest import alembic_config
from tests.integration.signal_support import body, deliver_and_execute, make_desk, quote


async def _balances_and_sums(
    uow_factory: SqlUnitOfWorkFactory, ids: list[uuid.UUID]
) -> tuple[dict[uuid.UUID, int], dict[uuid.UUID, int]]:
    async with uow_factory() as uow:
        balances = dict(
            (
                await uow.session.execute(
                    select(AccountBalanceRow.account_id, AccountBalanceRow.cash_paise).where(
                        AccountBalanceRow.account_id.in_(ids)
                    )
                )
            )
            .tuples()
            .all()
        )
        sums = dict(
            (
                await uow.session.execute(
                    select(LedgerEntryRow.account_id, func.sum(LedgerEntryRow.amount_paise))
                    .where(LedgerEntryRow.account_id.in_(ids))
                    .group_by(LedgerEntryRow.account_id)
                )
            )
            .tuples()
            .all()
        )
    return balances, {a: int(s) for a, s in sums.items()}


async def test_balances_follow_the_ledger_through_big_and_small_fan_outs(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    big = await make_desk(uow_factory, multipliers=["1", "2", "3"] * 25)  # 75: the bulk path
    small = await make_desk(uow_factory, multipliers=["1", "2"])
    for desk in (big, small):
        for signal, price in (("BUY_ENTRY", "100.00"), ("BUY_EXIT", "101.45")):
            quote(desk.market, desk.token, price)
            [result] = await deliver_and_execute(uow_factory, desk, body(signal, desk.symbol))
            assert result is not None
            assert result.signal.status is SignalStatus.EXECUTED, result.signal.reason
        ids = [a.id for a in desk.accounts]
        balances, sums = await _balances_and_sums(uow_factory, ids)
        assert balances == sums
        assert len(balances) == len(ids)
        async with uow_factory() as uow:
            cash = await uow.ledger.cash(ids)
        assert {a: int(c * 100) for a, c in cash.items()} == sums
        assert all(c != Decimal("1000000") for c in cash.values())  # it really moved


async def test_a_transaction_sees_its_own_entries_and_a_rollback_moves_nothing(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"])
    account = desk.accounts[0].id
    async with uow_factory() as uow:
        before = (await uow.ledger.cash([account]))[account]
    entry = LedgerEntry(account, datetime.now(UTC), LedgerKind.DEPOSIT, Decimal("250.75"))
    async with uow_factory() as uow:
        await uow.ledger.append([entry])
        assert (await uow.ledger.cash([account]))[account] == before + Decimal("250.75")
        # and leave without committing
    async with uow_factory() as uow:
        assert (await uow.ledger.cash([account]))[account] == before
        await uow.ledger.append([entry, entry])
        await uow.commit()
    balances, sums = await _balances_and_sums(uow_factory, [account])
    assert balances == sums
    assert balances[account] == int((before + Decimal("501.50")) * 100)


async def test_the_migration_fills_balances_from_the_ledger(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'backfill.db'}"
    config = alembic_config(url)
    await asyncio.to_thread(command.upgrade, config, "0009")
    now = datetime.now(UTC)
    user, rich, empty = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    engine = create_engine(url)
    async with engine.begin() as c:
        await c.execute(
            insert(UserRow.__table__),
            [
                {
                    "id": user,
                    "username": "backfill",
                    "password_hash": "-",
                    "role": "TRADER",
                    "disabled": False,
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )
        for account in (rich, empty):
            await c.execute(
                insert(AccountRow.__table__),
                [
                    {
                        "id": account,
                        "user_id": user,
                        "label": str(account)[:8],
                        "broker": "paper",
                        "capital": Decimal("1000.00"),
                        "multiplier": Decimal("1.00"),
                        "tags": [],
                        "charges_template": "zero",
                        "created_at": now,
                    }
                ],
            )
        await c.execute(
            insert(LedgerEntryRow.__table__),
            [
                {"account_id": rich, "at": now, "kind": "DEPOSIT", "amount_paise": 100_000},
                {"account_id": rich, "at": now, "kind": "TRADE", "amount_paise": -2_345},
            ],
        )
    await asyncio.to_thread(command.upgrade, config, "head")
    async with engine.connect() as c:
        rows = dict((await c.execute(select(AccountBalanceRow.__table__))).tuples().all())
    await engine.dispose()
    assert rows == {rich: 97_655}  # an account without entries has no row: cash zero
