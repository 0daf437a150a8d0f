"""Position-level stops: set on an order (bracket), on an open position, or by defaults.

A bracket is the stop-loss, target and trailing stop given with an entry order. They guard
the position from the order's first fill, resolved against its average fill price so far;
while the order works they stay beside it (``order_brackets``), and the risk monitor
re-anchors the guard to the new average as more of it fills (a trail keeps the ground it
has gained). The stop and the target are one-cancels-other: the first breach exits the
whole position, ends both, and cancels what is left of the entry. A bracket whose guard was
replaced (stops set on the position by hand) no longer touches it. Setting stops on an open
position resolves them against its average price.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.instruments import Exchange
from dalal.domain.order_book import Order
from dalal.domain.orders import Product
from dalal.domain.positions import Position, opening_quantity
from dalal.domain.risk.guard import PositionGuard
from dalal.domain.risk.levels import PositionStops, validate_stops
from dalal.domain.risk.limits import RiskScope, ScopeKind
from dalal.domain.risk.panic import strategy_of
from dalal.domain.users import Principal
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork


def check_bracket(
    stops: PositionStops | None, order: Order, *, held: int, anchor: Decimal | None
) -> None:
    """Stops go with an order that opens or adds to a position; check them against the
    price the order is expected to fill at (``anchor``; None or zero when unknown)."""
    if stops is None or stops.empty:
        return
    if opening_quantity(held, order.side, order.quantity) < order.quantity:
        raise InvalidInput(
            "Stops go with an entry; this order closes a position. Set stops on the position.",
            field="stopLoss",
        )
    validate_stops(stops, anchor=anchor or None, direction=order.side.sign)


BRACKET_SOURCE = "order:"  # a guard armed by an entry's bracket: "order:<the order's id>"


def guard_from_order(
    order: Order, stops: PositionStops, position: Position | None
) -> PositionGuard | None:
    """The guard an order's bracket becomes once some of it filled, if its position is still
    there: anchored at the order's average fill price so far."""
    price = order.average_price
    if price is None or position is None or position.quantity * order.side.sign <= 0:
        return None
    return PositionGuard.arm(
        account_id=order.account_id,
        token=order.token,
        product=order.product,
        direction=order.side.sign,
        anchor=price,
        stops=stops,
        source=f"{BRACKET_SOURCE}{order.id}",
    )


def rearmed(guard: PositionGuard, armed: PositionGuard | None) -> PositionGuard:
    """``guard`` (re-anchored at a later average) keeping the trail's progress of the guard
    the bracket armed before: a trail never loosens."""
    if armed is None or armed.best is None:
        return guard
    return guard.ratchet(armed.best)


def bracket_entry(guard: PositionGuard) -> uuid.UUID | None:
    """The entry order whose bracket armed ``guard``, if one did."""
    if not guard.source.startswith(BRACKET_SOURCE):
        return None
    try:
        return uuid.UUID(guard.source.removeprefix(BRACKET_SOURCE))
    except ValueError:
        return None


async def attach_bracket(
    uow: UnitOfWork,
    order: Order,
    stops: PositionStops | None,
    positions: Sequence[Position],
    *,
    at: datetime,
    user_id: uuid.UUID | None = None,
) -> PositionGuard | None:
    """Guard the position now if any of ``order`` filled; while it works, also keep the
    stops beside it, for the risk monitor to re-anchor as more fills come.

    Without stops of its own, a strategy's order takes the strategy's default stops."""
    scope = default_scope(order.triggered_by)
    if (stops is None or stops.empty) and scope is not None and user_id is not None:
        control = await uow.risk.rule(user_id, scope)
        stops = control.limits.position_stops if control is not None else None
    if stops is None or stops.empty or (order.status.is_final and order.filled_quantity == 0):
        return None
    guard = None
    if order.filled_quantity > 0:
        key = (order.account_id, order.token, order.product)
        position = next((p for p in positions if (p.account_id, p.token, p.product) == key), None)
        guard = guard_from_order(order, stops, position)
        if guard is not None:
            await uow.risk.save_guards([guard], at=at)
    if not order.status.is_final:
        armed = order.filled_quantity if guard is not None else 0
        await uow.risk.add_bracket(order.id, order.token, stops, at=at, armed=armed)
    return guard


async def set_position_stops(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    principal: Principal,
    account_id: uuid.UUID,
    symbol: str,
    product: Product,
    stops: PositionStops,
    exchange: Exchange | None = None,
) -> PositionGuard | None:
    """Guard an open position of the caller's (empty ``stops`` remove its guard)."""
    now = market.now()
    async with uow:
        account = await uow.accounts.get_owned(account_id, principal.user.id, for_update=True)
        if account is None:
            raise NotFound("No such account among yours.")
        instrument = await uow.instruments.by_symbol(symbol.strip(), exchange)
        if instrument is None:
            raise NotFound(f"No instrument '{symbol}'.")
        key = (account.id, instrument.token, product)
        found = await uow.positions.for_accounts([account.id], keys=[key])
        position = found[0] if found else None
        if stops.empty:
            await uow.risk.delete_guards([key])
            await uow.commit()
            return None
        if position is None or not position.is_open or position.average_price is None:
            raise InvalidInput(
                "There is no open position to guard; stops need one.", field="symbol"
            )
        direction = 1 if position.quantity > 0 else -1
        validate_stops(stops, anchor=position.average_price, direction=direction)
        guard = PositionGuard.arm(
            account_id=account.id,
            token=instrument.token,
            product=product,
            direction=direction,
            anchor=position.average_price,
            stops=stops,
            source="manual",
        )
        quote = market.quotes.get(instrument.token)
        if quote is not None:
            guard = guard.ratchet(quote.ltp)
        await uow.risk.save_guards([guard], at=now)
        await uow.commit()
    return guard


async def guards_by_accounts(
    uow: UnitOfWork, *, principal: Principal, account_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[PositionGuard]]:
    """The guards of the caller's accounts among ``account_ids`` (others' resolve to none)."""
    async with uow:
        own = await uow.accounts.list_for_user(principal.user.id, include_archived=True)
        mine = [a.id for a in own if a.id in set(account_ids)]
        guards = await uow.risk.guards_for_accounts(mine)
    found: dict[uuid.UUID, list[PositionGuard]] = {a: [] for a in account_ids}
    for guard in guards:
        found[guard.account_id].append(guard)
    return found


async def arm_default_stops(
    uow: UnitOfWork,
    *,
    user_id: uuid.UUID,
    scope: RiskScope,
    orders: Sequence[Order],
    positions: Sequence[Position],
    at: datetime,
) -> list[PositionGuard]:
    """Guard the positions that ``orders`` (filled entries of a strategy or signal group)
    opened with the scope's default stops; a position that has a guard keeps it."""
    control = await uow.risk.rule(user_id, scope)
    stops = control.limits.position_stops if control is not None else None
    if stops is None or stops.empty or not orders:
        return []
    existing = {
        g.key
        for g in await uow.risk.guards_for_accounts(sorted({o.account_id for o in orders}, key=str))
    }
    by_key = {(p.account_id, p.token, p.product): p for p in positions}
    guards: dict[tuple[uuid.UUID, int, Product], PositionGuard] = {}
    for order in orders:
        key = (order.account_id, order.token, order.product)
        if key in existing or key in guards or order.filled_quantity == 0:
            continue
        guard = guard_from_order(order, stops, by_key.get(key))
        if guard is not None:
            guards[key] = replace(guard, source=f"default:{scope.kind.value.lower()}:{scope.id}")
    await uow.risk.save_guards(list(guards.values()), at=at)
    return list(guards.values())


def default_scope(triggered_by: str) -> RiskScope | None:
    """The strategy whose default stops an order placed by it takes (signals: their group)."""
    strategy = strategy_of(triggered_by)
    return RiskScope(ScopeKind.STRATEGY, strategy) if strategy else None
