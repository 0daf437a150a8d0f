"""Accounts and the ledger, mapped to domain objects. Ledger amounts travel as integer paise."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Text, cast, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from dalal.adapters.db import cash_deltas
from dalal.adapters.db.base import table_of
from dalal.adapters.db.bulk import among, insert_rows
from dalal.adapters.db.raw import RowMemo, pg_fetch, plain_uuid
from dalal.adapters.db.trading_models import (
    AccountBalanceRow,
    AccountRow,
    EquitySnapshotRow,
    LedgerEntryRow,
)
from dalal.domain.accounts import Account
from dalal.domain.ledger import LedgerEntry, LedgerKind
from dalal.domain.money import PAISA, ZERO, to_paise


def _account(row: AccountRow) -> Account:
    return Account(
        id=row.id,
        user_id=row.user_id,
        label=row.label,
        broker=row.broker,
        capital=row.capital,
        multiplier=row.multiplier,
        tags=tuple(row.tags or ()),
        charges_template=row.charges_template,
        created_at=row.created_at,
        archived_at=row.archived_at,
        copies=row.copies_account_id,
    )


_ACCOUNT_COLUMNS = (
    "id", "user_id", "label", "broker", "capital", "multiplier", "tags", "charges_template",
    "created_at", "archived_at", "copies_account_id",
)  # fmt: skip
# On PostgreSQL, asyncpg's own statement; tags as text, decoded once per distinct row.
_ACCOUNTS_PG = (
    "SELECT id, user_id, label, broker, capital, multiplier, tags::text, charges_template,"
    " created_at, archived_at, copies_account_id FROM accounts WHERE {where}"
    " ORDER BY created_at, id"
)


def _build_account(row: tuple[Any, ...]) -> Account:
    """A row of ``_ACCOUNT_COLUMNS``, tags as JSON text."""
    id_, user_id, label, broker, capital, multiplier, tags, template, created, archived, copies = (
        row
    )
    return Account(
        id=plain_uuid(id_),
        user_id=plain_uuid(user_id),
        label=label,
        broker=broker,
        capital=capital,
        multiplier=multiplier,
        tags=tuple(orjson.loads(tags) or ()) if tags else (),
        charges_template=template,
        created_at=created,
        archived_at=archived,
        copies=plain_uuid(copies) if copies is not None else None,
    )


# A signal's fan-out reads every account of a desk, most of them unchanged since the last one.
_account_of = RowMemo(_build_account, limit=20_000)


def _core_columns() -> list[Any]:
    table = table_of(AccountRow)
    return [table.c[c] if c != "tags" else cast(table.c.tags, Text) for c in _ACCOUNT_COLUMNS]


def to_paise_int(amount: Decimal) -> int:
    return int(to_paise(amount) / PAISA)


def from_paise_int(paise: int) -> Decimal:
    return Decimal(paise) * PAISA


class SqlAccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, account: Account) -> None:
        self._s.add(
            AccountRow(
                id=account.id,
                user_id=account.user_id,
                label=account.label,
                broker=account.broker,
                capital=account.capital,
                multiplier=account.multiplier,
                tags=list(account.tags),
                charges_template=account.charges_template,
                created_at=account.created_at,
                archived_at=account.archived_at,
                copies_account_id=account.copies,
            )
        )
        await self._s.flush()

    async def get_owned(
        self, account_id: uuid.UUID, user_id: uuid.UUID, *, for_update: bool = False
    ) -> Account | None:
        query = select(AccountRow).where(AccountRow.id == account_id, AccountRow.user_id == user_id)
        if for_update:
            query = query.with_for_update(key_share=True)  # see ``lock``
        row = await self._s.scalar(query)
        return _account(row) if row else None

    async def list_for_user(self, user_id: uuid.UUID, *, include_archived: bool) -> list[Account]:
        live = "" if include_archived else " AND archived_at IS NULL"
        rows = await pg_fetch(self._s, _ACCOUNTS_PG.format(where=f"user_id = $1{live}"), user_id)
        if rows is None:
            query = select(*_core_columns()).where(AccountRow.user_id == user_id)
            if not include_archived:
                query = query.where(AccountRow.archived_at.is_(None))
            rows = list(await self._s.execute(query.order_by(AccountRow.created_at, AccountRow.id)))
        return [_account_of(tuple(r)) for r in rows]

    async def by_ids(self, account_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Account]:
        wanted = list(set(account_ids))
        if not wanted:
            return {}
        rows = await pg_fetch(self._s, _ACCOUNTS_PG.format(where="id = ANY($1::uuid[])"), wanted)
        if rows is None:
            rows = list(
                await self._s.execute(select(*_core_columns()).where(AccountRow.id.in_(wanted)))
            )
        found = (_account_of(tuple(r)) for r in rows)
        return {a.id: a for a in found}

    async def all_active(self) -> list[Account]:
        rows = await self._s.scalars(select(AccountRow).where(AccountRow.archived_at.is_(None)))
        return [_account(r) for r in rows]

    async def save(self, account: Account) -> None:
        await self._s.execute(
            update(AccountRow)
            .where(AccountRow.id == account.id)
            .values(
                label=account.label,
                multiplier=account.multiplier,
                tags=list(account.tags),
                charges_template=account.charges_template,
                archived_at=account.archived_at,
                copies_account_id=account.copies,
            )
        )

    async def followers_of(self, master_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Account]]:
        """Each master's active followers, in id order; a master without any is left out."""
        wanted = list(set(master_ids))
        if not wanted:
            return {}
        rows = await self._s.scalars(
            select(AccountRow)
            .where(AccountRow.copies_account_id.in_(wanted), AccountRow.archived_at.is_(None))
            .order_by(AccountRow.id)
        )
        found: dict[uuid.UUID, list[Account]] = {}
        for row in rows:
            assert row.copies_account_id is not None
            found.setdefault(row.copies_account_id, []).append(_account(row))
        return found

    async def lock(
        self,
        account_ids: Iterable[uuid.UUID],
        *,
        with_followers_of: Iterable[uuid.UUID] = (),
        owner: uuid.UUID | None = None,
    ) -> list[Account]:
        """Lock the accounts, and every account following one of ``with_followers_of``, in
        id order (the order every transaction takes them in), in one statement; return
        them, as they are now. ``owner``: only that user's."""
        masters = list(set(with_followers_of))
        wanted = list(set(account_ids) | set(masters))
        if not wanted:
            return []
        condition: ColumnElement[bool] = AccountRow.id.in_(wanted)
        if masters:
            condition = or_(condition, AccountRow.copies_account_id.in_(masters))
        query = select(AccountRow).where(condition)
        if owner is not None:
            query = query.where(AccountRow.user_id == owner)
        # FOR NO KEY UPDATE: it serializes writers of the account as FOR UPDATE would, but
        # does not conflict with the KEY SHARE lock a child row's foreign key takes (an
        # equity snapshot, a fill), which otherwise could lock accounts in another order.
        rows = await self._s.scalars(
            query.order_by(AccountRow.id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        )
        return [_account(r) for r in rows]


class SqlLedgerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def append(self, entries: list[LedgerEntry]) -> None:
        """Add ``entries``; their accounts' balances move at this transaction's commit."""
        if not entries:
            return
        rows = [
            {
                "account_id": e.account_id,
                "at": e.at,
                "kind": e.kind.value,
                "amount_paise": to_paise_int(e.amount),
                "ref": e.ref,
            }
            for e in entries
        ]
        await insert_rows(self._s, table_of(LedgerEntryRow), rows)
        cash_deltas.add(self._s, rows)

    async def cash(self, account_ids: list[uuid.UUID]) -> dict[uuid.UUID, Decimal]:
        """Cash per account: the sum of its entries, from its running balance plus what this
        transaction has booked (exact integer paise)."""
        if not account_ids:
            return {}
        rows = await self._s.execute(
            select(AccountBalanceRow.account_id, AccountBalanceRow.cash_paise).where(
                among(AccountBalanceRow.account_id, account_ids, self._s.bind.dialect.name)
            )
        )
        found = dict(rows.tuples().all())
        mine = cash_deltas.pending(self._s)
        return {a: from_paise_int(found.get(a, 0) + mine.get(a, 0)) for a in account_ids}

    async def external_flows_since(
        self, account_ids: list[uuid.UUID], since: datetime
    ) -> dict[uuid.UUID, Decimal]:
        """Deposits less withdrawals booked at or after ``since``, per account."""
        if not account_ids:
            return {}
        rows = await self._s.execute(
            select(LedgerEntryRow.account_id, func.sum(LedgerEntryRow.amount_paise))
            .where(
                LedgerEntryRow.account_id.in_(account_ids),
                LedgerEntryRow.at >= since,
                LedgerEntryRow.kind.in_([LedgerKind.DEPOSIT.value, LedgerKind.WITHDRAWAL.value]),
            )
            .group_by(LedgerEntryRow.account_id)
        )
        found = {a: from_paise_int(int(total or 0)) for a, total in rows.all()}
        return {a: found.get(a, ZERO) for a in account_ids}

    async def entries(self, account_id: uuid.UUID, *, limit: int) -> list[LedgerEntry]:
        rows = await self._s.scalars(
            select(LedgerEntryRow)
            .where(LedgerEntryRow.account_id == account_id)
            .order_by(LedgerEntryRow.id.desc())
            .limit(limit)
        )
        return [
            LedgerEntry(
                account_id=r.account_id,
                at=r.at,
                kind=LedgerKind(r.kind),
                amount=from_paise_int(r.amount_paise),
                ref=r.ref,
            )
            for r in rows
        ]


class SqlSnapshotRepository:
    """Start-of-day equity per account; the first snapshot of a day wins (idempotent)."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add_missing(self, day: date, at: datetime, equity: dict[uuid.UUID, Decimal]) -> None:
        if not equity:
            return
        dialect = self._s.bind.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(EquitySnapshotRow).values(
            [
                {"account_id": a, "day": day, "at": at, "equity_paise": to_paise_int(v)}
                for a, v in equity.items()
            ]
        )
        await self._s.execute(statement.on_conflict_do_nothing())

    async def for_day(
        self, account_ids: list[uuid.UUID], day: date
    ) -> dict[uuid.UUID, tuple[datetime, Decimal]]:
        if not account_ids:
            return {}
        rows = await self._s.scalars(
            select(EquitySnapshotRow).where(
                EquitySnapshotRow.account_id.in_(account_ids), EquitySnapshotRow.day == day
            )
        )
        return {r.account_id: (r.at, from_paise_int(r.equity_paise)) for r in rows}
