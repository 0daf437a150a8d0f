"""Signal groups and algos: rows mapped to the domain, with the group→algo links."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

import orjson
from sqlalchemy import and_, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from dalal.adapters.db.base import table_of
from dalal.adapters.db.models import UserRow
from dalal.adapters.db.raw import pg_fetch
from dalal.adapters.db.signal_models import AlgoRow, SignalGroupAlgoRow, SignalGroupRow
from dalal.domain.algos import (
    Algo,
    legs_from_json,
    legs_to_json,
    targets_from_json,
    targets_to_json,
)
from dalal.domain.orders import OrderType, Product
from dalal.domain.signals import SignalAction, SignalGroup, SignalSource


def _group(row: SignalGroupRow, links: Sequence[SignalGroupAlgoRow]) -> SignalGroup:
    return SignalGroup(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        source=SignalSource(row.source),
        token=row.token,
        secret=row.secret,
        active=row.active,
        created_at=row.created_at,
        updated_at=row.updated_at,
        max_signals_per_day=row.max_signals_per_day,
        expires_on=row.expires_on,
        market_hours_only=row.market_hours_only,
        rate_limit_per_minute=row.rate_limit_per_minute,
        require_signature=row.require_signature,
        ip_allowlist=tuple(row.ip_allowlist),
        dedupe_window_seconds=row.dedupe_window_seconds,
        default_action=SignalAction(row.default_action) if row.default_action else None,
        entry_algo_ids=tuple(sorted((x.algo_id for x in links if x.role == "entry"), key=str)),
        exit_algo_ids=tuple(sorted((x.algo_id for x in links if x.role == "exit"), key=str)),
    )


_GROUP_PG = (
    "SELECT g.*, l.algo_id, l.role FROM signal_groups g"
    " LEFT JOIN signal_group_algos l ON l.group_id = g.id WHERE "
)


def _group_values(g: SignalGroup) -> dict[str, object]:
    return {
        "id": g.id,
        "user_id": g.user_id,
        "name": g.name,
        "source": g.source.value,
        "token": g.token,
        "secret": g.secret,
        "active": g.active,
        "max_signals_per_day": g.max_signals_per_day,
        "expires_on": g.expires_on,
        "market_hours_only": g.market_hours_only,
        "rate_limit_per_minute": g.rate_limit_per_minute,
        "require_signature": g.require_signature,
        "ip_allowlist": list(g.ip_allowlist),
        "dedupe_window_seconds": g.dedupe_window_seconds,
        "default_action": g.default_action.value if g.default_action else None,
        "created_at": g.created_at,
        "updated_at": g.updated_at,
    }


class SqlSignalGroupRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, group: SignalGroup) -> None:
        await self._s.execute(table_of(SignalGroupRow).insert(), [_group_values(group)])
        await self._set_links(group)

    async def save(self, group: SignalGroup) -> None:
        values = _group_values(group)
        del values["id"], values["user_id"], values["created_at"]
        await self._s.execute(
            table_of(SignalGroupRow).update().where(SignalGroupRow.id == group.id).values(values)
        )
        await self._s.execute(
            delete(SignalGroupAlgoRow).where(SignalGroupAlgoRow.group_id == group.id)
        )
        await self._set_links(group)

    async def _set_links(self, group: SignalGroup) -> None:
        links = [
            {"group_id": group.id, "algo_id": a, "role": role}
            for role, ids in (("entry", group.entry_algo_ids), ("exit", group.exit_algo_ids))
            for a in ids
        ]
        if links:
            await self._s.execute(table_of(SignalGroupAlgoRow).insert(), links)

    async def lock_owner(self, user_id: uuid.UUID) -> None:
        """Lock the user's row until commit (names of groups and algos are unique per user)."""
        await self._s.execute(  # NO KEY UPDATE: rows that reference the user may still insert
            select(UserRow.id).where(UserRow.id == user_id).with_for_update(key_share=True)
        )

    async def by_token(self, token: str) -> SignalGroup | None:
        """The webhook's first read: one statement (group and links)."""
        groups = table_of(SignalGroupRow)
        return await self._one("g.token = $1", [token], groups.c.token == token)

    async def get_owned(self, group_id: uuid.UUID, user_id: uuid.UUID) -> SignalGroup | None:
        """One statement (group and links): every signal's execution reads its group."""
        groups = table_of(SignalGroupRow)
        return await self._one(
            "g.id = $1 AND g.user_id = $2",
            [group_id, user_id],
            and_(groups.c.id == group_id, groups.c.user_id == user_id),
        )

    async def _one(self, where: str, args: list[Any], core_where: Any) -> SignalGroup | None:
        """The group matching ``where`` (asyncpg, numbered parameters ``args``) or
        ``core_where`` (SQLite), with its algo links, in one statement."""
        rows = await pg_fetch(self._s, _GROUP_PG + where, *args)
        if rows is None:  # SQLite: the same statement through Core
            groups, links = table_of(SignalGroupRow), table_of(SignalGroupAlgoRow)
            rows = list(
                await self._s.execute(
                    select(*groups.c, links.c.algo_id, links.c.role)
                    .outerjoin(links, links.c.group_id == groups.c.id)
                    .where(core_where)
                )
            )
        if not rows:
            return None
        # asyncpg records and Core rows alike, by column name, as the row mapping reads them
        named = [SimpleNamespace(**(r._mapping if hasattr(r, "_mapping") else r)) for r in rows]
        group: Any = named[0]  # read as a SignalGroupRow: the same attribute names
        if isinstance(group.ip_allowlist, str):  # JSON, when no codec decoded it
            group.ip_allowlist = orjson.loads(group.ip_allowlist)
        algo_links: Any = [r for r in named if r.algo_id is not None]  # the rows' names
        return _group(group, algo_links)

    async def list_for_user(self, user_id: uuid.UUID) -> list[SignalGroup]:
        rows = await self._s.scalars(
            select(SignalGroupRow)
            .where(SignalGroupRow.user_id == user_id)
            .order_by(SignalGroupRow.created_at, SignalGroupRow.id)
        )
        return await self._with_links(list(rows))

    async def _with_links(self, rows: Sequence[SignalGroupRow]) -> list[SignalGroup]:
        links = list(
            await self._s.scalars(
                select(SignalGroupAlgoRow).where(
                    SignalGroupAlgoRow.group_id.in_([r.id for r in rows])
                )
            )
        )
        return [_group(r, [x for x in links if x.group_id == r.id]) for r in rows]


def _algo(row: AlgoRow) -> Algo:
    return Algo(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        legs=legs_from_json(row.legs),
        product=Product(row.product),
        order_type=OrderType(row.order_type),
        targets=targets_from_json(row.targets),
        created_at=row.created_at,
        updated_at=row.updated_at,
        archived_at=row.archived_at,
    )


def _algo_values(a: Algo) -> dict[str, object]:
    return {
        "id": a.id,
        "user_id": a.user_id,
        "name": a.name,
        "legs": legs_to_json(a.legs),
        "product": a.product.value,
        "order_type": a.order_type.value,
        "targets": targets_to_json(a.targets),
        "created_at": a.created_at,
        "updated_at": a.updated_at,
        "archived_at": a.archived_at,
    }


class SqlAlgoRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, algo: Algo) -> None:
        await self._s.execute(table_of(AlgoRow).insert(), [_algo_values(algo)])

    async def save(self, algo: Algo) -> None:
        values = _algo_values(algo)
        del values["id"], values["user_id"], values["created_at"]
        await self._s.execute(
            table_of(AlgoRow).update().where(AlgoRow.id == algo.id).values(values)
        )

    async def get_owned(self, algo_id: uuid.UUID, user_id: uuid.UUID) -> Algo | None:
        row = await self._s.scalar(
            select(AlgoRow).where(AlgoRow.id == algo_id, AlgoRow.user_id == user_id)
        )
        return _algo(row) if row else None

    async def get_many(self, algo_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Algo]:
        rows = await self._s.scalars(select(AlgoRow).where(AlgoRow.id.in_(list(algo_ids))))
        return {r.id: _algo(r) for r in rows}

    async def list_for_user(self, user_id: uuid.UUID, *, include_archived: bool) -> list[Algo]:
        query = select(AlgoRow).where(AlgoRow.user_id == user_id)
        if not include_archived:
            query = query.where(AlgoRow.archived_at.is_(None))
        rows = await self._s.scalars(query.order_by(AlgoRow.created_at, AlgoRow.id))
        return [_algo(r) for r in rows]
