"""Risk storage: scope rules and states, panics, position guards, order brackets, events."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dalal.adapters.db.base import table_of
from dalal.adapters.db.risk_book_rows import BookRows
from dalal.adapters.db.risk_codec import (
    limits_from_json,
    limits_to_json,
    state_from_json,
    state_to_json,
)
from dalal.adapters.db.risk_guard_rows import GuardRows
from dalal.adapters.db.risk_models import (
    PanicRow,
    RiskEventRow,
    RiskRuleRow,
)
from dalal.domain.risk.evaluation import ScopeState
from dalal.domain.risk.events import RiskEvent, RiskEventKind
from dalal.domain.risk.limits import RiskScope, RuleKind, ScopeKind
from dalal.domain.risk.panic import Panic
from dalal.domain.risk.pretrade import ScopeControl


def _control(row: RiskRuleRow) -> ScopeControl:
    return ScopeControl(
        scope=RiskScope(ScopeKind(row.scope), row.scope_id),
        limits=limits_from_json(row.limits),
        state=state_from_json(row.state),
    )


def _panic(row: PanicRow) -> Panic:
    return Panic(
        id=row.id,
        user_id=row.user_id,
        scope=RiskScope(ScopeKind(row.scope), row.scope_id),
        reason=row.reason,
        pressed_at=row.pressed_at,
        pressed_by=row.pressed_by,
        rearmed_at=row.rearmed_at,
        rearmed_by=row.rearmed_by,
        rearm_reason=row.rearm_reason,
    )


def _event(row: RiskEventRow) -> RiskEvent:
    return RiskEvent(
        id=row.id,
        user_id=row.user_id,
        at=row.at,
        kind=RiskEventKind(row.kind),
        scope=RiskScope(ScopeKind(row.scope), row.scope_id),
        rule=RuleKind(row.rule) if row.rule else None,
        message=row.message,
        detail=dict(row.detail or {}),
    )


class SqlRiskRepository(GuardRows, BookRows):
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    def _insert(self) -> Any:
        dialect = self._s.bind.dialect.name
        return postgresql.insert if dialect == "postgresql" else sqlite.insert

    # ---- rules ----------------------------------------------------------------------------

    async def rules_for_user(self, user_id: uuid.UUID) -> list[ScopeControl]:
        rows = await self._s.scalars(select(RiskRuleRow).where(RiskRuleRow.user_id == user_id))
        return [_control(r) for r in rows]

    async def rules_for_scopes(
        self, user_id: uuid.UUID, scopes: Sequence[RiskScope]
    ) -> list[ScopeControl]:
        if not scopes:
            return []
        rows = await self._s.execute(
            select(
                RiskRuleRow.scope, RiskRuleRow.scope_id, RiskRuleRow.limits, RiskRuleRow.state
            ).where(
                RiskRuleRow.user_id == user_id,
                tuple_(RiskRuleRow.scope, RiskRuleRow.scope_id).in_(
                    [(s.kind.value, s.id) for s in scopes]
                ),
            )
        )
        return [
            ScopeControl(
                RiskScope(ScopeKind(r.scope), r.scope_id),
                limits_from_json(r.limits),
                state_from_json(r.state),
            )
            for r in rows
        ]

    async def rule(
        self, user_id: uuid.UUID, scope: RiskScope, *, lock: bool = False
    ) -> ScopeControl | None:
        query = select(RiskRuleRow).where(
            RiskRuleRow.user_id == user_id,
            RiskRuleRow.scope == scope.kind.value,
            RiskRuleRow.scope_id == scope.id,
        )
        row = await self._s.scalar(query.with_for_update() if lock else query)
        return _control(row) if row else None

    async def all_rules(self, *, lock: bool = False) -> list[tuple[uuid.UUID, ScopeControl]]:
        query = select(RiskRuleRow).order_by(RiskRuleRow.id)
        rows = await self._s.scalars(query.with_for_update() if lock else query)
        return [(r.user_id, _control(r)) for r in rows]

    async def save_rule(self, user_id: uuid.UUID, control: ScopeControl, *, at: datetime) -> None:
        values = {
            "id": uuid.uuid4(),
            "user_id": user_id,
            "scope": control.scope.kind.value,
            "scope_id": control.scope.id,
            "limits": limits_to_json(control.limits),
            "state": state_to_json(control.state),
            "updated_at": at,
        }
        statement = self._insert()(RiskRuleRow).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=[RiskRuleRow.user_id, RiskRuleRow.scope, RiskRuleRow.scope_id],
            set_={k: statement.excluded[k] for k in ("limits", "state", "updated_at")},
        )
        await self._s.execute(statement)

    async def save_states(
        self, states: Sequence[tuple[uuid.UUID, RiskScope, ScopeState]], *, at: datetime
    ) -> None:
        if not states:
            return
        table = table_of(RiskRuleRow)
        await self._s.execute(
            table.update()
            .where(
                table.c.user_id == bindparam("_user"),
                table.c.scope == bindparam("_scope"),
                table.c.scope_id == bindparam("_scope_id"),
            )
            .values(state=bindparam("state"), updated_at=bindparam("updated_at")),
            [
                {
                    "_user": user,
                    "_scope": scope.kind.value,
                    "_scope_id": scope.id,
                    "state": state_to_json(state),
                    "updated_at": at,
                }
                for user, scope, state in states
            ],
        )

    async def delete_rule(self, user_id: uuid.UUID, scope: RiskScope) -> bool:
        result = await self._s.execute(
            delete(RiskRuleRow).where(
                RiskRuleRow.user_id == user_id,
                RiskRuleRow.scope == scope.kind.value,
                RiskRuleRow.scope_id == scope.id,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # ---- panics ---------------------------------------------------------------------------

    async def active_panics(self, user_id: uuid.UUID | None) -> list[Panic]:
        query = select(PanicRow).where(PanicRow.rearmed_at.is_(None))
        if user_id is not None:
            query = query.where(PanicRow.user_id == user_id)
        return [_panic(r) for r in await self._s.scalars(query.order_by(PanicRow.pressed_at))]

    async def add_panic(self, panic: Panic) -> bool:
        try:
            async with self._s.begin_nested():
                await self._s.execute(
                    table_of(PanicRow).insert(),
                    [
                        {
                            "id": panic.id,
                            "user_id": panic.user_id,
                            "scope": panic.scope.kind.value,
                            "scope_id": panic.scope.id,
                            "reason": panic.reason,
                            "pressed_at": panic.pressed_at,
                            "pressed_by": panic.pressed_by,
                        }
                    ],
                )
        except IntegrityError:  # one is in force on this scope already
            return False
        return True

    async def rearm(
        self, user_id: uuid.UUID, scope: RiskScope, *, at: datetime, by: str, reason: str
    ) -> Panic | None:
        row = await self._s.scalar(
            select(PanicRow)
            .where(
                PanicRow.user_id == user_id,
                PanicRow.scope == scope.kind.value,
                PanicRow.scope_id == scope.id,
                PanicRow.rearmed_at.is_(None),
            )
            .with_for_update()
        )
        if row is None:
            return None
        await self._s.execute(
            update(PanicRow)
            .where(PanicRow.id == row.id)
            .values(rearmed_at=at, rearmed_by=by, rearm_reason=reason)
        )
        return replace(_panic(row), rearmed_at=at, rearmed_by=by, rearm_reason=reason)

    async def panics_for_user(self, user_id: uuid.UUID, *, limit: int) -> list[Panic]:
        rows = await self._s.scalars(
            select(PanicRow)
            .where(PanicRow.user_id == user_id)
            .order_by(PanicRow.pressed_at.desc(), PanicRow.id)
            .limit(limit)
        )
        return [_panic(r) for r in rows]

    # ---- events ---------------------------------------------------------------------------

    async def add_events(self, events: Sequence[RiskEvent]) -> list[RiskEvent]:
        stored: list[RiskEvent] = []
        table = table_of(RiskEventRow)
        for event in events:
            new_id = await self._s.scalar(
                table.insert()
                .values(
                    user_id=event.user_id,
                    at=event.at,
                    kind=event.kind.value,
                    scope=event.scope.kind.value,
                    scope_id=event.scope.id,
                    rule=event.rule.value if event.rule else None,
                    message=event.message[:512],
                    detail=event.detail,
                )
                .returning(table.c.id)
            )
            stored.append(replace(event, id=int(new_id or 0)))
        return stored

    async def events_for_user(
        self, user_id: uuid.UUID, *, before_id: int | None, limit: int
    ) -> list[RiskEvent]:
        query = select(RiskEventRow).where(RiskEventRow.user_id == user_id)
        if before_id is not None:
            query = query.where(RiskEventRow.id < before_id)
        rows = await self._s.scalars(query.order_by(RiskEventRow.id.desc()).limit(limit))
        return [_event(r) for r in rows]
