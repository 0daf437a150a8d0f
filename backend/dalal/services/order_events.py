"""Order, fill and position events on the bus: one channel each per user, sent after commit."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from dalal.domain.order_book import Order
from dalal.domain.orders import Fill
from dalal.domain.positions import Position
from dalal.services.booking import Booked
from dalal.services.ports import UnitOfWork


def orders_channel(user_id: uuid.UUID) -> str:
    return f"orders:{user_id}"


def positions_channel(user_id: uuid.UUID) -> str:
    return f"positions:{user_id}"


def publish_booked(uow: UnitOfWork, owners: Mapping[uuid.UUID, uuid.UUID], booked: Booked) -> None:
    """Queue the order, fill and position events of ``booked`` for after the commit."""
    for order in booked.orders:
        uow.publish_after_commit(orders_channel(owners[order.account_id]), order_event(order))
    for fill in booked.fills:
        uow.publish_after_commit(orders_channel(owners[fill.account_id]), fill_event(fill))
    for position in booked.positions:
        uow.publish_after_commit(
            positions_channel(owners[position.account_id]), position_event(position)
        )


def order_event(order: Order) -> dict[str, object]:
    return {"type": "order", "id": str(order.id), "account_id": str(order.account_id)}


def fill_event(fill: Fill) -> dict[str, object]:
    return {"type": "fill", "id": str(fill.id), "order_id": str(fill.order_id)}


def position_event(position: Position) -> dict[str, object]:
    return {
        "type": "position",
        "account_id": str(position.account_id),
        "token": position.token,
        "product": position.product.value,
    }
