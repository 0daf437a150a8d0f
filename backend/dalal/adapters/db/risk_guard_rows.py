"""Position guards, order brackets and working orders, as the risk engine reads them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from dalal.adapters.db.base import table_of
from dalal.adapters.db.risk_codec import stops_from_json, stops_to_json
from dalal.adapters.db.risk_models import OrderBracketRow, PositionGuardRow
from dalal.adapters.db.trading_models import OrderRow
from dalal.adapters.db.trading_repository import LIVE_STATUSES
from dalal.adapters.db.trading_repository import _order as order_from_row
from dalal.domain.order_book import Order
from dalal.domain.orders import Product
from dalal.domain.risk.guard import PositionGuard
from dalal.domain.risk.levels import PositionStops
from dalal.services.risk_ports import Bracket, GuardKey


def _guard(row: Any) -> PositionGuard:
    return PositionGuard(
        account_id=row.account_id,
        token=row.token,
        product=Product(row.product),
        direction=row.direction,
        anchor=row.anchor,
        stops=stops_from_json(row.stops),
        stop_price=row.stop_price,
        target_price=row.target_price,
        best=row.best,
        trail_stop=row.trail_stop,
        source=row.source,
    )


class GuardRows:
    """Mixed into ``SqlRiskRepository``."""

    _s: AsyncSession

    def _insert(self) -> Any:
        dialect = self._s.bind.dialect.name
        return postgresql.insert if dialect == "postgresql" else sqlite.insert

    # ---- guards and brackets --------------------------------------------------------------

    async def guards_on(
        self, tokens: Iterable[int] | None, *, lock: bool = False
    ) -> list[PositionGuard]:
        query = select(*table_of(PositionGuardRow).c)
        if tokens is not None:
            query = query.where(PositionGuardRow.token.in_(list(tokens)))
        if lock:
            query = query.with_for_update()
        rows = await self._s.execute(
            query.order_by(PositionGuardRow.account_id, PositionGuardRow.token)
        )
        return [_guard(r) for r in rows]

    async def guards_for_accounts(
        self, account_ids: Sequence[uuid.UUID], *, lock: bool = False
    ) -> list[PositionGuard]:
        if not account_ids:
            return []
        query = select(*table_of(PositionGuardRow).c).where(
            PositionGuardRow.account_id.in_(list(account_ids))
        )
        if lock:
            query = query.with_for_update()
        return [_guard(r) for r in await self._s.execute(query)]

    async def save_guards(self, guards: Sequence[PositionGuard], *, at: datetime) -> None:
        if not guards:
            return
        values = [
            {
                "account_id": g.account_id,
                "token": g.token,
                "product": g.product.value,
                "direction": g.direction,
                "anchor": g.anchor,
                "stops": stops_to_json(g.stops),
                "stop_price": g.stop_price,
                "target_price": g.target_price,
                "best": g.best,
                "trail_stop": g.trail_stop,
                "source": g.source,
                "updated_at": at,
            }
            for g in guards
        ]
        table = table_of(PositionGuardRow)
        statement = self._insert()(table)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.account_id, table.c.token, table.c.product],
            set_={
                k: statement.excluded[k]
                for k in values[0]
                if k not in ("account_id", "token", "product")
            },
        )
        await self._s.execute(statement, values)

    async def delete_guards(self, keys: Iterable[GuardKey]) -> None:
        wanted = [(a, t, p.value) for a, t, p in keys]
        if not wanted:
            return
        await self._s.execute(
            delete(PositionGuardRow).where(
                tuple_(
                    PositionGuardRow.account_id, PositionGuardRow.token, PositionGuardRow.product
                ).in_(wanted)
            )
        )

    async def add_bracket(
        self, order_id: uuid.UUID, token: int, stops: PositionStops, *, at: datetime, armed: int
    ) -> None:
        await self._s.execute(
            table_of(OrderBracketRow).insert(),
            [
                {
                    "order_id": order_id,
                    "token": token,
                    "stops": stops_to_json(stops),
                    "created_at": at,
                    "armed_quantity": armed,
                }
            ],
        )

    async def brackets_on(self, tokens: Iterable[int]) -> list[Bracket]:
        rows = await self._s.execute(
            select(OrderRow, OrderBracketRow.stops, OrderBracketRow.armed_quantity)
            .join(OrderRow, OrderRow.id == OrderBracketRow.order_id)
            .where(OrderBracketRow.token.in_(list(tokens)))
            .order_by(OrderBracketRow.order_id)
        )
        return [
            Bracket(order_from_row(order), stops_from_json(stops), armed)
            for order, stops, armed in rows
        ]

    async def set_brackets_armed(self, armed: Mapping[uuid.UUID, int]) -> None:
        if not armed:
            return
        table = table_of(OrderBracketRow)
        await self._s.execute(
            update(table)
            .where(table.c.order_id == bindparam("o"))
            .values(armed_quantity=bindparam("q")),
            [{"o": order_id, "q": quantity} for order_id, quantity in sorted(armed.items())],
        )

    async def working_orders(
        self, account_ids: Sequence[uuid.UUID], *, lock: bool = False
    ) -> list[Order]:
        if not account_ids:
            return []
        query = select(OrderRow).where(
            OrderRow.account_id.in_(list(account_ids)), OrderRow.status.in_(LIVE_STATUSES)
        )
        if lock:
            query = query.with_for_update()
        rows = await self._s.scalars(query.order_by(OrderRow.placed_at, OrderRow.id))
        return [order_from_row(r) for r in rows]

    async def delete_brackets(self, order_ids: Iterable[uuid.UUID]) -> None:
        ids = list(order_ids)
        if ids:
            await self._s.execute(delete(OrderBracketRow).where(OrderBracketRow.order_id.in_(ids)))
