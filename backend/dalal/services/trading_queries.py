"""Read side of trading: orders and fills of the caller's accounts, with their instruments."""

from __future__ import annotations

import uuid
from datetime import datetime

from dalal.domain.errors import NotFound
from dalal.domain.instruments import Instrument
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, OrderStatus
from dalal.domain.users import Principal
from dalal.services.ports import UnitOfWork


async def _account_ids(
    uow: UnitOfWork, principal: Principal, account_id: uuid.UUID | None
) -> list[uuid.UUID]:
    owned = [
        a.id for a in await uow.accounts.list_for_user(principal.user.id, include_archived=True)
    ]
    if account_id is None:
        return owned
    return [account_id] if account_id in owned else []


async def orders(
    uow: UnitOfWork,
    *,
    principal: Principal,
    account_id: uuid.UUID | None,
    statuses: list[OrderStatus],
    limit: int,
    before: datetime | None,
) -> list[tuple[Order, Instrument]]:
    async with uow:
        ids = await _account_ids(uow, principal, account_id)
        if not ids:
            return []
        cursor = (before, uuid.UUID(int=0)) if before else None
        found = await uow.orders.list_for_accounts(
            ids, statuses=statuses or None, before=cursor, limit=limit
        )
        instruments = await uow.instruments.get_many({o.token for o in found})
    return [(o, instruments[o.token]) for o in found]


async def fills(
    uow: UnitOfWork,
    *,
    principal: Principal,
    account_id: uuid.UUID | None,
    order_id: uuid.UUID | None,
    limit: int,
    before: datetime | None,
) -> list[tuple[Fill, Instrument]]:
    async with uow:
        ids = await _account_ids(uow, principal, account_id)
        if not ids:
            return []
        cursor = (before, uuid.UUID(int=0)) if before else None
        found = await uow.fills.list_for_accounts(
            ids, order_id=order_id, before=cursor, limit=limit
        )
        instruments = await uow.instruments.get_many({f.token for f in found})
    return [(f, instruments[f.token]) for f in found]


async def order_by_id(
    uow: UnitOfWork, principal: Principal, raw_id: str
) -> tuple[Order, Instrument] | None:
    async with uow:
        ids = await _account_ids(uow, principal, None)
        order = await uow.orders.get_for_accounts(uuid.UUID(raw_id), ids)
        if order is None:
            return None
        instrument = await uow.instruments.get(order.token)
    return (order, instrument) if instrument else None


async def fill_by_id(
    uow: UnitOfWork, principal: Principal, raw_id: str
) -> tuple[Fill, Instrument] | None:
    async with uow:
        ids = await _account_ids(uow, principal, None)
        fill = await uow.fills.get_for_accounts(uuid.UUID(raw_id), ids)
        if fill is None:
            return None
        instrument = await uow.instruments.get(fill.token)
    return (fill, instrument) if instrument else None


async def instrument(uow: UnitOfWork, token: int) -> Instrument:
    async with uow:
        found = await uow.instruments.get(token)
    if found is None:
        raise NotFound(f"No instrument with token {token}.")
    return found
