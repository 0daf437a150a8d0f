"""Figures the risk checks read in one statement: day bases, attributed fills, the gate."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, String, Uuid, bindparam, column, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dalal.adapters.db import cash_deltas
from dalal.adapters.db.account_repository import from_paise_int
from dalal.adapters.db.base import UTCDateTime
from dalal.adapters.db.raw import driver, pg_fetch
from dalal.adapters.db.risk_codec import limits_from_text, state_from_text
from dalal.adapters.db.trading_models import (
    AccountBalanceRow,
    AccountRow,
    EquitySnapshotRow,
    FillRow,
    LedgerEntryRow,
    OrderRow,
)
from dalal.adapters.db.trading_repository import _fill as fill_from_row
from dalal.domain.ledger import LedgerKind
from dalal.domain.orders import Fill, Product
from dalal.domain.risk.limits import RiskScope, ScopeKind
from dalal.domain.risk.panic import Panic
from dalal.domain.risk.pretrade import ScopeControl
from dalal.services.risk_ports import DayBase, OrderGate


class BookRows:
    """Mixed into ``SqlRiskRepository``."""

    _s: AsyncSession

    async def gate_for_order(
        self,
        user_id: uuid.UUID,
        account_id: uuid.UUID,
        strategy_id: str | None,
        *,
        day: date,
        since: datetime,
    ) -> OrderGate:
        params = {
            "u": user_id,
            "acc": account_id,
            "acc_s": str(account_id),
            "strategy": strategy_id,
            "since": since,
            "day": day,
        }
        if self._s.bind.dialect.name == "postgresql":
            # asyncpg's own prepared statement: a third of the cost of going through
            # SQLAlchemy, on the path every order takes (inside the session's transaction).
            rows = await (await driver(self._s)).fetch(
                _GATE_PG, *(params[name] for name in _GATE_PARAMS)
            )
        else:
            rows = (await self._s.execute(_GATE, params)).all()
        return _gate(user_id, rows, cash_deltas.pending(self._s).get(account_id, 0))

    async def signal_gate(
        self, user_id: uuid.UUID, scope: RiskScope
    ) -> tuple[list[Panic], ScopeControl | None]:
        rows = await pg_fetch(self._s, _SIGNAL_GATE_PG, user_id, scope.kind.value, scope.id)
        if rows is None:  # SQLite: the two reads it stands for
            repository: Any = self
            return await repository.active_panics(user_id), await repository.rule(user_id, scope)
        gate = _panics_and_rules(user_id, rows)
        return gate.panics, gate.controls[0] if gate.controls else None

    async def user_gate(self, user_id: uuid.UUID) -> tuple[list[Panic], list[ScopeControl]]:
        rows = await pg_fetch(self._s, _USER_GATE_PG, user_id)
        if rows is None:  # SQLite: the two reads it stands for
            repository: Any = self
            return await repository.active_panics(user_id), await repository.rules_for_user(user_id)
        gate = _panics_and_rules(user_id, rows)
        return gate.panics, gate.controls

    async def day_bases(
        self, account_ids: Sequence[uuid.UUID], day: date, since: datetime
    ) -> dict[uuid.UUID, DayBase]:
        if not account_ids:
            return {}
        entries = LedgerEntryRow
        flow_kinds = [LedgerKind.DEPOSIT.value, LedgerKind.WITHDRAWAL.value]
        cash = (
            select(func.coalesce(func.sum(AccountBalanceRow.cash_paise), 0))
            .where(AccountBalanceRow.account_id == AccountRow.id)
            .scalar_subquery()
        )
        flows = (
            select(func.coalesce(func.sum(entries.amount_paise), 0))
            .where(
                entries.account_id == AccountRow.id,
                entries.at >= since,
                entries.kind.in_(flow_kinds),
            )
            .scalar_subquery()
        )
        snapshot = (
            select(EquitySnapshotRow.equity_paise)
            .where(EquitySnapshotRow.account_id == AccountRow.id, EquitySnapshotRow.day == day)
            .scalar_subquery()
        )
        rows = await self._s.execute(
            select(AccountRow.id, cash, snapshot, flows).where(AccountRow.id.in_(list(account_ids)))
        )
        mine = cash_deltas.pending(self._s)
        return {
            r[0]: DayBase(
                from_paise_int(int(r[1] or 0) + mine.get(r[0], 0)),
                from_paise_int(int(r[2])) if r[2] is not None else None,
                from_paise_int(int(r[3] or 0)),
            )
            for r in rows
        }

    async def attributed_fills(
        self,
        account_ids: Sequence[uuid.UUID],
        sources: Sequence[str],
        *,
        since: datetime | None = None,
    ) -> list[tuple[Fill, Product, str]]:
        if not account_ids or not sources:
            return []
        query = (
            select(FillRow, OrderRow.product, OrderRow.triggered_by)
            .join(OrderRow, OrderRow.id == FillRow.order_id)
            .where(
                FillRow.account_id.in_(list(account_ids)),
                OrderRow.triggered_by.in_(list(sources)),
            )
        )
        if since is not None:
            query = query.where(FillRow.at >= since)
        rows = await self._s.execute(query.order_by(FillRow.at, FillRow.id))
        return [(fill_from_row(f), Product(product), source) for f, product, source in rows]


# One round trip for the pre-trade check: panics in force, the rules of the order's scopes,
# and (when a rule on everything or the account exists) the account's cash, the day's flows,
# its start-of-day equity and the user's count of active accounts.
_GATE_SQL = """
SELECT 'P' AS k, p.scope AS a, p.scope_id AS b, p.reason AS c, p.pressed_by AS d,
       p.pressed_at AS t, p.id AS i, CAST(NULL AS BIGINT) AS n1, CAST(NULL AS BIGINT) AS n2,
       CAST(NULL AS BIGINT) AS n3, CAST(NULL AS BIGINT) AS n4
  FROM panics p WHERE p.user_id = :u AND p.rearmed_at IS NULL
UNION ALL
SELECT 'R', r.scope, r.scope_id, CAST(r.limits AS TEXT), CAST(r.state AS TEXT),
       NULL, r.id, NULL, NULL, NULL, NULL
  FROM risk_rules r
 WHERE r.user_id = :u AND (r.scope = 'ALL' OR (r.scope = 'ACCOUNT' AND r.scope_id = :acc_s)
       OR (r.scope = 'STRATEGY' AND r.scope_id = :strategy))
UNION ALL
SELECT 'B', NULL, NULL, NULL, NULL, NULL, NULL,
       CAST((SELECT COALESCE(SUM(c.cash_paise), 0) FROM account_balances c
             WHERE c.account_id = :acc) AS BIGINT),
       CAST((SELECT COALESCE(SUM(l.amount_paise), 0) FROM ledger_entries l
             WHERE l.account_id = :acc AND l.at >= :since
               AND l.kind IN ('DEPOSIT', 'WITHDRAWAL')) AS BIGINT),
       (SELECT s.equity_paise FROM equity_snapshots s WHERE s.account_id = :acc AND s.day = :day),
       (SELECT COUNT(*) FROM accounts x WHERE x.user_id = :u AND x.archived_at IS NULL)
 WHERE EXISTS (SELECT 1 FROM risk_rules q WHERE q.user_id = :u
               AND (q.scope = 'ALL' OR (q.scope = 'ACCOUNT' AND q.scope_id = :acc_s)))
"""
_GATE_PARAMS = ("u", "acc", "acc_s", "strategy", "since", "day")
# The user's panics in force and rules, in one round trip: all the rules (a fan-out's gate),
# or one scope's (a signal's intake: its group's).
_PANICS_AND_RULES_PG = """
SELECT 'P', p.scope, p.scope_id, p.reason, p.pressed_by, p.pressed_at, p.id
  FROM panics p WHERE p.user_id = $1 AND p.rearmed_at IS NULL
UNION ALL
SELECT 'R', r.scope, r.scope_id, CAST(r.limits AS TEXT), CAST(r.state AS TEXT), NULL, r.id
  FROM risk_rules r WHERE r.user_id = $1{scope}
 ORDER BY 1, 6
"""
_USER_GATE_PG = _PANICS_AND_RULES_PG.format(scope="")
_SIGNAL_GATE_PG = _PANICS_AND_RULES_PG.format(scope=" AND r.scope = $2 AND r.scope_id = $3")
# asyncpg takes numbered parameters: the same statement, for the raw connection on PostgreSQL.
_GATE_PG = re.sub(r":(\w+)", lambda m: f"${_GATE_PARAMS.index(m.group(1)) + 1}", _GATE_SQL)
_GATE = (
    text(_GATE_SQL)
    .bindparams(
        bindparam("u", type_=Uuid),
        bindparam("acc", type_=Uuid),
        bindparam("acc_s", type_=String),
        bindparam("strategy", type_=String),
        bindparam("since", type_=UTCDateTime),
        bindparam("day", type_=Date),
    )
    .columns(
        column("k", String),
        column("a", String),
        column("b", String),
        column("c", String),
        column("d", String),
        column("t", UTCDateTime),
        column("i", Uuid),
        column("n1", BigInteger),
        column("n2", BigInteger),
        column("n3", BigInteger),
        column("n4", BigInteger),
    )
)


def _panics_and_rules(user_id: uuid.UUID, rows: Sequence[Any]) -> OrderGate:
    """Rows of ``_PANICS_AND_RULES_PG``: the gate's rows without the day-base columns."""
    return _gate(user_id, [(*r, None, None, None, None) for r in rows], 0)


def _gate(user_id: uuid.UUID, rows: Sequence[Any], pending_paise: int) -> OrderGate:
    """Rows as SQLAlchemy or asyncpg gives them (by position: k a b c d t i n1 n2 n3 n4);
    ``pending_paise``: cash this transaction booked that the balance does not show yet."""
    panics: list[Panic] = []
    controls: list[ScopeControl] = []
    base: DayBase | None = None
    accounts = 1
    for k, a, b, c, d, t, i, n1, n2, n3, n4 in rows:
        if k == "P":
            panics.append(Panic(i, user_id, RiskScope(ScopeKind(a), b), c, t, d))
        elif k == "R":
            scope = RiskScope(ScopeKind(a), b)
            controls.append(ScopeControl(scope, limits_from_text(c), state_from_text(d)))
        else:
            snapshot = from_paise_int(int(n3)) if n3 is not None else None
            cash = from_paise_int(int(n1) + pending_paise)
            base = DayBase(cash, snapshot, from_paise_int(int(n2)))
            accounts = int(n4)
    return OrderGate(panics, controls, base, accounts)
