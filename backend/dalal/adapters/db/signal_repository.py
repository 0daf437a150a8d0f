"""The signal log (the durable inbox): rows mapped to the domain, with the dedupe claim.

``add`` inserts with ON CONFLICT DO NOTHING on ``(group_id, dedupe_key)``: under concurrent
deliveries of one ``unique_id`` the database lets exactly one through, and the rest learn
they are duplicates without an error that would abort their transaction.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from dalal.adapters.db.base import table_of
from dalal.adapters.db.prebuilt import Prebuilt
from dalal.adapters.db.raw import pg_fetch
from dalal.adapters.db.signal_models import SignalRow
from dalal.domain.orders import OrderType
from dalal.domain.signals import (
    ParsedSignal,
    Signal,
    SignalAction,
    SignalSource,
    SignalStatus,
)

_DECIMALS = ("price", "trigger_price", "reference_price")


def parsed_to_json(p: ParsedSignal) -> dict[str, Any]:
    return {
        "action": p.action.value,
        "symbol": p.symbol,
        "exchange": p.exchange,
        "unique_id": p.unique_id,
        "quantity": p.quantity,
        "order_type": p.order_type.value if p.order_type else None,
        **{k: str(v) if (v := getattr(p, k)) is not None else None for k in _DECIMALS},
        "instrument_token": p.instrument_token,
        "strategy_code": p.strategy_code,
        "account_id": str(p.account_id) if p.account_id else None,
        "alert_name": p.alert_name,
        "occurred_at": p.occurred_at.isoformat() if p.occurred_at else None,
    }


def parsed_from_json(d: dict[str, Any]) -> ParsedSignal:
    return ParsedSignal(
        action=SignalAction(d["action"]),
        symbol=d.get("symbol"),
        exchange=d.get("exchange"),
        unique_id=d.get("unique_id"),
        quantity=d.get("quantity"),
        order_type=OrderType(d["order_type"]) if d.get("order_type") else None,
        **{k: Decimal(d[k]) if d.get(k) is not None else None for k in _DECIMALS},
        instrument_token=d.get("instrument_token"),
        strategy_code=d.get("strategy_code"),
        account_id=uuid.UUID(d["account_id"]) if d.get("account_id") else None,
        alert_name=d.get("alert_name"),
        occurred_at=datetime.fromisoformat(d["occurred_at"]) if d.get("occurred_at") else None,
    )


def _signal(row: SignalRow) -> Signal:
    return Signal(
        id=row.id,
        group_id=row.group_id,  # NULL only for manual signals
        user_id=row.user_id,
        source=SignalSource(row.source),
        status=SignalStatus(row.status),
        received_at=row.received_at,
        raw_body=row.raw_body,
        source_ip=row.source_ip,
        unique_id=row.unique_id,
        action=SignalAction(row.action) if row.action else None,
        symbol=row.symbol,
        reason=row.reason,
        processing_ms=row.processing_ms,
        duplicate_of=row.duplicate_of,
        parsed=parsed_from_json(row.parsed) if row.parsed else None,
    )


def _insert_unless_taken(dialect: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(table_of(SignalRow))
        .on_conflict_do_nothing(index_elements=["group_id", "dedupe_key"])
        .returning(table_of(SignalRow).c.id)
    )


# The webhook's hot path: compiled once, not per delivery (SQLite); on PostgreSQL asyncpg's
# own prepared statement, the JSON as text (``parsed`` last).
_INSERT_UNLESS_TAKEN = Prebuilt(_insert_unless_taken)
_SIGNAL_COLUMNS = (
    "id", "group_id", "user_id", "source", "status", "received_at", "source_ip", "raw_body",
    "unique_id", "dedupe_key", "payload_hash", "action", "symbol", "reason", "processing_ms",
    "duplicate_of", "done_at", "parsed",
)  # fmt: skip
_INSERT_SIGNAL_PG = (
    "INSERT INTO signals (id, group_id, user_id, source, status, received_at, source_ip,"
    " raw_body, unique_id, dedupe_key, payload_hash, action, symbol, reason, processing_ms,"
    " duplicate_of, done_at, parsed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
    " $12, $13, $14, $15, $16, $17, CAST(CAST($18 AS TEXT) AS JSON))"
    " ON CONFLICT (group_id, dedupe_key) DO NOTHING RETURNING id"
)


class SqlSignalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, signal: Signal, *, dedupe_key: str | None, payload_hash: str) -> bool:
        """Insert ``signal``; False (nothing written) when ``dedupe_key`` is already taken."""
        values = {
            "id": signal.id,
            "group_id": signal.group_id,
            "user_id": signal.user_id,
            "source": signal.source.value,
            "status": signal.status.value,
            "received_at": signal.received_at,
            "source_ip": signal.source_ip,
            "raw_body": signal.raw_body,
            "unique_id": signal.unique_id,
            "dedupe_key": dedupe_key,
            "payload_hash": payload_hash,
            "action": signal.action.value if signal.action else None,
            "symbol": signal.symbol,
            "parsed": parsed_to_json(signal.parsed) if signal.parsed else None,
            "reason": signal.reason,
            "processing_ms": signal.processing_ms,
            "duplicate_of": signal.duplicate_of,
            "done_at": signal.received_at if signal.status.is_final else None,
        }
        # PostgreSQL text can't hold NUL characters, and a hostile body may carry them.
        for key, value in values.items():
            if isinstance(value, str) and "\x00" in value:
                values[key] = value.replace("\x00", "\ufffd")
        parsed = values["parsed"]
        rows = await pg_fetch(
            self._s,
            _INSERT_SIGNAL_PG,
            *(values[c] for c in _SIGNAL_COLUMNS[:-1]),
            orjson.dumps(parsed).decode() if parsed is not None else None,
        )
        if rows is not None:
            return bool(rows)
        statement = _INSERT_UNLESS_TAKEN.text(self._s.bind.dialect.name, values)
        return (await self._s.execute(statement, values)).first() is not None

    async def lock_hash(self, group_id: uuid.UUID, payload_hash: str) -> None:
        """Serialize deliveries of one payload (no id) until commit, so two identical ones
        racing can't both see "no earlier copy". SQLite serializes writers anyway."""
        if self._s.bind.dialect.name != "postgresql":
            return
        key = int.from_bytes(
            hashlib.sha256(group_id.bytes + payload_hash.encode()).digest()[:8], "big", signed=True
        )
        await self._s.execute(select(func.pg_advisory_xact_lock(key)))

    async def id_by_dedupe_key(self, group_id: uuid.UUID, dedupe_key: str) -> uuid.UUID | None:
        found: uuid.UUID | None = await self._s.scalar(
            select(SignalRow.id).where(
                SignalRow.group_id == group_id, SignalRow.dedupe_key == dedupe_key
            )
        )
        return found

    async def recent_with_hash(
        self, group_id: uuid.UUID, payload_hash: str, since: datetime
    ) -> uuid.UUID | None:
        """An earlier accepted delivery of the same payload within the window, if any."""
        found: uuid.UUID | None = await self._s.scalar(
            select(SignalRow.id)
            .where(
                SignalRow.group_id == group_id,
                SignalRow.payload_hash == payload_hash,
                SignalRow.received_at >= since,
                SignalRow.dedupe_key.is_not(None),
            )
            .limit(1)
        )
        return found

    async def count_since(self, group_id: uuid.UUID, since: datetime) -> int:
        """Signals of the group taken in since ``since`` (duplicates and rejections excluded)."""
        count = await self._s.scalar(
            select(func.count())
            .select_from(SignalRow)
            .where(
                SignalRow.group_id == group_id,
                SignalRow.received_at >= since,
                SignalRow.dedupe_key.is_not(None),
            )
        )
        return int(count or 0)

    async def claim(self, signal_id: uuid.UUID) -> Signal | None:
        """Lock an ``accepted`` signal for execution; None if another worker has it or it is
        already done (so a retried or recovered execution never runs twice)."""
        query = (
            select(SignalRow)
            .where(SignalRow.id == signal_id, SignalRow.status == SignalStatus.ACCEPTED.value)
            .with_for_update(skip_locked=True)
        )
        row = await self._s.scalar(query)
        return _signal(row) if row else None

    async def finish(
        self,
        signal_id: uuid.UUID,
        *,
        status: SignalStatus,
        reason: str | None,
        processing_ms: Decimal,
        at: datetime,
    ) -> bool:
        """Settle an ``accepted`` signal; False if it was settled meanwhile (SQLite has no
        row locks, so two runs of one signal can both claim it: only one may finish it)."""
        result = await self._s.execute(
            update(SignalRow)
            .where(SignalRow.id == signal_id, SignalRow.status == SignalStatus.ACCEPTED.value)
            .values(status=status.value, reason=reason, processing_ms=processing_ms, done_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def pending_ids(self, *, received_before: datetime, limit: int) -> list[uuid.UUID]:
        """Accepted signals not yet executed (the recovery sweep after a crash)."""
        rows = await self._s.scalars(
            select(SignalRow.id)
            .where(
                SignalRow.status == SignalStatus.ACCEPTED.value,
                SignalRow.received_at < received_before,
            )
            .order_by(SignalRow.received_at)
            .limit(limit)
        )
        return list(rows)

    async def get_for_user(self, signal_id: uuid.UUID, user_id: uuid.UUID) -> Signal | None:
        row = await self._s.scalar(
            select(SignalRow).where(SignalRow.id == signal_id, SignalRow.user_id == user_id)
        )
        return _signal(row) if row else None

    async def list_for_user(
        self,
        user_id: uuid.UUID,
        *,
        group_id: uuid.UUID | None,
        statuses: list[SignalStatus] | None,
        before: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Signal]:
        query = select(SignalRow).where(SignalRow.user_id == user_id)
        if group_id is not None:
            query = query.where(SignalRow.group_id == group_id)
        if statuses:
            query = query.where(SignalRow.status.in_([s.value for s in statuses]))
        if before is not None:
            at, last_id = before
            query = query.where(
                or_(
                    SignalRow.received_at < at,
                    and_(SignalRow.received_at == at, SignalRow.id < last_id),
                )
            )
        rows = await self._s.scalars(
            query.order_by(SignalRow.received_at.desc(), SignalRow.id.desc()).limit(limit)
        )
        return [_signal(r) for r in rows]

    async def status_counts(
        self, user_id: uuid.UUID, group_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, dict[SignalStatus, int]]:
        rows = await self._s.execute(
            select(SignalRow.group_id, SignalRow.status, func.count())
            .where(SignalRow.user_id == user_id, SignalRow.group_id.in_(list(group_ids)))
            .group_by(SignalRow.group_id, SignalRow.status)
        )
        counts: dict[uuid.UUID, dict[SignalStatus, int]] = {}
        for group_id, status, count in rows:
            if group_id is not None:
                counts.setdefault(group_id, {})[SignalStatus(status)] = int(count)
        return counts
