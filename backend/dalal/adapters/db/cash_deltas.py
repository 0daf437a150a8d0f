"""The cash a transaction's ledger entries move, applied to ``account_balances`` at commit.

Entries are inserted as they are booked; the balances move once, just before COMMIT, one
row per account in id order. Taking those row locks last, in one order, means a transaction
waiting for a balance row never holds one its holder needs: the holder is about to commit.
(Moving them as entries are booked would lock balances before positions in one transaction
and after them in another, a deadlock waiting to happen.)

Until the commit, readers of cash in the same transaction add ``pending`` to what the table
says, so they see their own entries as a sum over the ledger would.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from dalal.adapters.db.base import table_of
from dalal.adapters.db.raw import driver
from dalal.adapters.db.trading_models import AccountBalanceRow

_KEY = "dalal.cash_deltas"
_PG_UPSERT = (
    "INSERT INTO account_balances (account_id, cash_paise) "
    "SELECT * FROM unnest($1::uuid[], $2::bigint[]) AS v(account_id, cash_paise) "
    "ORDER BY account_id "
    "ON CONFLICT (account_id) DO UPDATE "
    "SET cash_paise = account_balances.cash_paise + EXCLUDED.cash_paise"
)


def pending(session: AsyncSession) -> dict[uuid.UUID, int]:
    """Paise per account that this session's uncommitted entries add to its cash."""
    found: dict[uuid.UUID, int] = session.info.setdefault(_KEY, {})
    return found


def add(session: AsyncSession, rows: Iterable[Mapping[str, Any]]) -> None:
    """Note ledger rows (``account_id``, ``amount_paise``) just inserted in ``session``."""
    deltas = pending(session)
    for row in rows:
        deltas[row["account_id"]] = deltas.get(row["account_id"], 0) + row["amount_paise"]


def discard(session: AsyncSession) -> None:
    session.info.pop(_KEY, None)


async def flush(session: AsyncSession) -> None:
    """Move the balances by what is pending (call right before COMMIT), and forget it."""
    deltas = {a: d for a, d in session.info.pop(_KEY, {}).items() if d}
    if not deltas:
        return
    ids = sorted(deltas)  # the order PostgreSQL gives uuids: by their bytes
    if session.bind.dialect.name == "postgresql":
        await (await driver(session)).execute(_PG_UPSERT, ids, [deltas[i] for i in ids])
        return
    table = table_of(AccountBalanceRow)  # SQLite, the embedded database
    statement = sqlite.insert(table).values(account_id=bindparam("a"), cash_paise=bindparam("d"))
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.account_id],
        set_={"cash_paise": table.c.cash_paise + statement.excluded.cash_paise},
    )
    await session.execute(statement, [{"a": i, "d": deltas[i]} for i in ids])
