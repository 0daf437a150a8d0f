"""Place, modify and cancel orders; match working orders against new quotes.

Pre-trade checks run here for every order, whoever places it: ownership, the instrument,
tick and lot sizes, products and shorting, the session, and margin. A MARKET (or marketable
LIMIT) order placed while a quote exists comes back already filled, in the same transaction.
A manual fill on a master account is copied to its followers in that transaction too
(``copy_trading``), whether it happens at placement, on modification or in the market loop.
Events go out after commit: ``orders:<user>`` (orders and fills) and ``positions:<user>``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from dalal.domain.accounts import Account, AccountArchived
from dalal.domain.errors import DomainError, InvalidInput, NotFound
from dalal.domain.instrument_rules import check_quantity
from dalal.domain.instruments import Exchange, Instrument
from dalal.domain.margin import check_margin, free_margin, required_margin
from dalal.domain.money import ZERO
from dalal.domain.order_book import Accepted, Cancelled, Order
from dalal.domain.orders import Fill, OrderStatus, OrderType, Product, Side, Validity
from dalal.domain.positions import Position, opening_quantity
from dalal.domain.risk.levels import PositionStops
from dalal.domain.users import Principal
from dalal.engine.matching import OrderUpdate, match_quote
from dalal.services.booking import Booked, book_updates
from dalal.services.copy_trading import (
    MANUAL,
    NO_FOLLOWERS,
    Followers,
    lock_followers,
    manual_masters,
    replicate_fills,
)
from dalal.services.market import MarketDeps
from dalal.services.order_checks import MarkedPositions, mark_positions, validate_order
from dalal.services.order_events import (
    fill_event,
    order_event,
    orders_channel,
    position_event,
    positions_channel,
    publish_booked,
)
from dalal.services.ports import UnitOfWork
from dalal.services.position_stops import attach_bracket, check_bracket
from dalal.services.pretrade import check_order, expected_price, read_order_gate


class UnknownSymbol(DomainError):
    code = "UNKNOWN_SYMBOL"


class OrderNotModifiable(DomainError):
    code = "ORDER_NOT_MODIFIABLE"


ARCHIVED_REASON = "cancelled: the account was archived"


@dataclass(frozen=True, slots=True)
class OrderRequest:
    account_id: uuid.UUID
    symbol: str
    side: Side
    quantity: int
    order_type: OrderType
    product: Product
    exchange: Exchange | None = None
    validity: Validity = Validity.DAY
    price: Decimal | None = None
    trigger_price: Decimal | None = None
    client_order_id: str | None = None
    amo: bool = False
    triggered_by: str = "manual"
    stops: PositionStops | None = None  # a bracket: guards the position once filled


@dataclass(frozen=True, slots=True)
class PlacedOrder:
    order: Order
    fills: list[Fill]
    instrument: Instrument


MAX_PRICE = Decimal("1000000000000")  # prices are stored as NUMERIC(14, 2)
CLIENT_ORDER_ID_MAX_LENGTH = 64
MAX_RETRY_FILLS = 1000  # the fills a retried placement answers with (oldest first)


def _check_numbers(price: Decimal | None, trigger_price: Decimal | None) -> None:
    """Refuse prices no rule could compare (NaN, infinities) or store (beyond the column)."""
    for field, name, value in (
        ("price", "price", price),
        ("triggerPrice", "trigger price", trigger_price),
    ):
        if value is not None and not (value.is_finite() and abs(value) < MAX_PRICE):
            raise InvalidInput(f"Enter a {name} below ₹{MAX_PRICE:,}.", field=field)


async def place_order(
    uow: UnitOfWork, market: MarketDeps, *, principal: Principal, request: OrderRequest
) -> PlacedOrder:
    now = market.now()
    _check_request(request)
    async with uow:
        placed = await _place(uow, market, principal, request, now)
        await uow.commit()
    return placed


class BatchOrderRefused(DomainError):
    """An order of ``place_orders`` was refused: its ``index`` and the original ``error``."""

    def __init__(self, index: int, error: DomainError) -> None:
        super().__init__(error.message, field=error.field)
        self.code = error.code
        self.index, self.error = index, error


async def place_orders(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    principal: Principal,
    requests: Sequence[OrderRequest],
) -> list[PlacedOrder]:
    """Place ``requests`` in order in one transaction, each as ``place_order`` would, seeing
    the positions and cash the earlier ones left. The first refusal raises
    ``BatchOrderRefused`` and none of them is placed (a basket's legs for one account)."""
    now = market.now()
    placed: list[PlacedOrder] = []
    async with uow:
        for index, request in enumerate(requests):
            try:
                _check_request(request)
                placed.append(await _place(uow, market, principal, request, now))
            except DomainError as exc:
                raise BatchOrderRefused(index, exc) from exc
        await uow.commit()
    return placed


def _check_request(request: OrderRequest) -> None:
    _check_numbers(request.price, request.trigger_price)
    if len(request.client_order_id or "") > CLIENT_ORDER_ID_MAX_LENGTH:
        raise InvalidInput(
            f"Keep the client order id to {CLIENT_ORDER_ID_MAX_LENGTH} characters.",
            field="clientOrderId",
        )


async def _place(
    uow: UnitOfWork, market: MarketDeps, principal: Principal, request: OrderRequest, now: datetime
) -> PlacedOrder:
    """One order, inside the caller's transaction (events go out after its commit)."""
    followers = await _lock_followers(uow, principal, request.account_id, request.triggered_by)
    account = await _active_account(uow, principal, request.account_id)
    gate = await read_order_gate(uow, market, account, request.triggered_by)
    if request.client_order_id:
        existing = await uow.orders.by_client_id(account.id, request.client_order_id)
        if existing is not None:  # a retried request: answer with the first outcome
            instrument = await uow.instruments.get(existing.token)
            assert instrument is not None
            fills = await uow.fills.list_for_accounts(
                [account.id], order_id=existing.id, before=None, limit=MAX_RETRY_FILLS
            )
            return PlacedOrder(order=existing, fills=fills[::-1], instrument=instrument)
    instrument = await _instrument(uow, request.symbol, request.exchange)
    positions = await uow.positions.for_accounts([account.id])
    held = _held(positions, instrument.token, request.product)
    order = Order.new(
        account_id=account.id,
        token=instrument.token,
        side=request.side,
        quantity=request.quantity,
        order_type=request.order_type,
        product=request.product,
        at=now,
        validity=request.validity,
        price=request.price,
        trigger_price=request.trigger_price,
        triggered_by=request.triggered_by,
        client_order_id=request.client_order_id,
        amo=request.amo,
    )
    marked = _marked(market, order, positions, held)
    cash = await check_order(
        uow, market, read=gate, account=account, order=order, instrument=instrument,
        positions=positions, held=held, marked=marked,
    )  # fmt: skip
    validate_order(order, instrument, market, held=held)
    check_bracket(request.stops, order, held=held, anchor=expected_price(order, market))
    await _check_margin(
        uow, market, account, instrument, order, positions, held=held, marked=marked, cash=cash
    )
    order = order.apply(Accepted(now))
    # The account is locked, so the positions read above are current: the fill applies
    # to them, and an order that fills at once is inserted once, in its final state.
    booked = await _match_now(
        uow, market, account, instrument, order, positions=positions, new=True
    )
    if not booked.orders:
        await uow.orders.add(order)
    await attach_bracket(
        uow, booked.orders[0] if booked.orders else order, request.stops,
        booked.positions, at=now, user_id=account.user_id,
    )  # fmt: skip
    await _copy_fills(uow, market, followers, booked, account, instrument)
    _publish(uow, principal, booked.orders or [order], booked)
    final = booked.orders[0] if booked.orders else order
    return PlacedOrder(order=final, fills=booked.fills, instrument=instrument)


async def cancel_order(
    uow: UnitOfWork, market: MarketDeps, *, principal: Principal, order_id: uuid.UUID
) -> Order:
    now = market.now()
    async with uow:
        order = await _owned_order(uow, principal, order_id)
        if order.status.is_final:
            raise OrderNotModifiable(
                f"This order is already {order.status.value.lower()}; it cannot be cancelled."
            )
        cancelled = order.apply(Cancelled("cancelled by the user", now))
        await uow.orders.save_many([cancelled])
        uow.publish_after_commit(orders_channel(principal.user.id), order_event(cancelled))
        await uow.commit()
    return cancelled


async def modify_order(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    principal: Principal,
    order_id: uuid.UUID,
    quantity: int | None = None,
    price: Decimal | None = None,
    trigger_price: Decimal | None = None,
) -> PlacedOrder:
    """Change a working order's quantity, limit or trigger; it is checked again as if new."""
    now = market.now()
    _check_numbers(price, trigger_price)
    async with uow:
        order = await _owned_order(uow, principal, order_id)
        if order.status.is_final:
            raise OrderNotModifiable(
                f"This order is already {order.status.value.lower()}; place a new one instead."
            )
        if quantity is not None and quantity <= order.filled_quantity:
            raise InvalidInput(
                f"{order.filled_quantity} are already filled; ask for more than that.",
                field="quantity",
            )
        followers = await _lock_followers(uow, principal, order.account_id, order.triggered_by)
        account = await _active_account(uow, principal, order.account_id)
        gate = await read_order_gate(uow, market, account, order.triggered_by)
        instrument = await uow.instruments.get(order.token)
        assert instrument is not None
        modified = replace(
            order,
            quantity=quantity if quantity is not None else order.quantity,
            price=price if price is not None else order.price,
            trigger_price=trigger_price if trigger_price is not None else order.trigger_price,
            updated_at=now,
        )
        positions = await uow.positions.for_accounts([account.id])
        held = _held(positions, instrument.token, order.product)
        # What is already filled is in the position: check the rest against it, as if new.
        check_quantity(instrument, modified.quantity)
        unfilled = replace(
            modified,
            status=OrderStatus.PENDING,
            quantity=modified.remaining,
            filled_quantity=0,
            filled_value=ZERO,
        )
        marked = _marked(market, unfilled, positions, held)
        cash = await check_order(
            uow, market, read=gate, account=account, order=unfilled, instrument=instrument,
            positions=positions, held=held, marked=marked,
        )  # fmt: skip
        validate_order(unfilled, instrument, market, held=held)
        await _check_margin(
            uow, market, account, instrument, unfilled, positions,
            held=held, marked=marked, cash=cash,
        )  # fmt: skip
        await uow.orders.save_many([modified])
        booked = await _match_now(
            uow, market, account, instrument, modified, positions=positions, new=False
        )
        await _copy_fills(uow, market, followers, booked, account, instrument)
        _publish(uow, principal, booked.orders or [modified], booked)
        await uow.commit()
    final = booked.orders[0] if booked.orders else modified
    return PlacedOrder(order=final, fills=booked.fills, instrument=instrument)


async def match_working_orders(
    uow: UnitOfWork, market: MarketDeps, tokens: Sequence[int]
) -> Booked:
    """Match every working order on ``tokens`` against the latest quotes (the engine loop).

    Nothing trades while the market is closed (pre-open included): quotes pushed then only
    move the quote book, and after-market orders wait for the session."""
    if not market.calendar.is_open(market.now()):
        return Booked(orders=[], fills=[], positions=[])
    async with uow:
        orders = await uow.orders.live(tokens=tokens, lock=True)
        accounts = await uow.accounts.by_ids({o.account_id for o in orders})
        # An archived account no longer trades: its resting orders are cancelled, not matched.
        withdrawn = [
            o.apply(Cancelled(ARCHIVED_REASON, market.now()))
            for o in orders
            if not accounts[o.account_id].active
        ]
        pairs: list[tuple[Order, OrderUpdate]] = []
        instruments = await uow.instruments.get_many({o.token for o in orders})
        for order in orders:
            quote = market.quotes.get(order.token)
            if quote is None or order.status is OrderStatus.PENDING:
                continue
            if not accounts[order.account_id].active:
                continue
            update = match_quote(order, quote, market.matching, instrument=instruments[order.token])
            if update.order != order:
                pairs.append((order, update))
        if not pairs and not withdrawn:
            return Booked(orders=[], fills=[], positions=[])
        filling = {o.account_id for o, u in pairs if u.fills}  # the accounts booking locks
        followers = await lock_followers(uow, manual_masters(pairs), also=filling)
        await uow.orders.save_many(withdrawn)
        booked = await book_updates(
            uow, pairs, accounts=accounts, instruments=instruments, at=market.now()
        )
        await replicate_fills(
            uow, market, followers, booked, masters=accounts, instruments=instruments
        )
        booked = replace(booked, orders=[*withdrawn, *booked.orders])
        publish_booked(uow, {a.id: a.user_id for a in accounts.values()}, booked)
        await uow.commit()
    return booked


# ---- helpers ---------------------------------------------------------------------------------


async def _active_account(uow: UnitOfWork, principal: Principal, account_id: uuid.UUID) -> Account:
    account = await uow.accounts.get_owned(account_id, principal.user.id, for_update=True)
    if account is None:
        raise NotFound("No such account among yours. Pick one of your accounts.")
    if not account.active:
        raise AccountArchived("This account is archived; trade from an active account.")
    return account


async def _owned_order(uow: UnitOfWork, principal: Principal, order_id: uuid.UUID) -> Order:
    accounts = await uow.accounts.list_for_user(principal.user.id, include_archived=True)
    order = await uow.orders.get_for_accounts(order_id, [a.id for a in accounts], for_update=True)
    if order is None:
        raise NotFound("No such order among yours. Refresh the blotter and try again.")
    return order


async def _instrument(uow: UnitOfWork, symbol: str, exchange: Exchange | None) -> Instrument:
    instrument = await uow.instruments.by_symbol(symbol.strip(), exchange)
    if instrument is None:
        raise UnknownSymbol(
            f"No instrument '{symbol}'{f' on {exchange.value}' if exchange else ''}. "
            "Search for the symbol and pick one from the list."
        )
    return instrument


def _held(positions: Sequence[Position], token: int, product: Product) -> int:
    return sum(p.quantity for p in positions if p.token == token and p.product == product)


async def _check_margin(  # noqa: PLR0917 - a private step of place_order
    uow: UnitOfWork,
    market: MarketDeps,
    account: Account,
    instrument: Instrument,
    order: Order,
    positions: Sequence[Position],
    *,
    held: int,
    marked: MarkedPositions | None,
    cash: Decimal | None,
) -> None:
    """``cash``: the account's, when the risk check has read it in this transaction."""
    quote = market.quotes.get(instrument.token)
    price = order.price or order.trigger_price or (quote.ask or quote.ltp if quote else None)
    if price is None:
        raise InvalidInput(
            "There is no price for this instrument yet; place a LIMIT order instead.",
            field="orderType",
        )
    required = required_margin(
        instrument,
        order.product,
        order.side,
        order.quantity,
        price,
        position_quantity=held,
        config=market.margin,
    )
    if required <= 0:
        return
    if cash is None:
        cash = (await uow.ledger.cash([account.id]))[account.id]
    # Margin is needed only by an order that opens exposure, which ``_marked`` marks.
    assert marked is not None
    instruments = await uow.instruments.get_many(marked.marks)
    free = free_margin(
        cash, positions, instruments, marked.marks, market.margin, value=marked.value
    )
    check_margin(required, free)


def _marked(
    market: MarketDeps, order: Order, positions: Sequence[Position], held: int
) -> MarkedPositions | None:
    """The positions at their marks, once, for the risk check and margin; only an order
    that opens (or adds to) a position needs them."""
    if opening_quantity(held, order.side, order.quantity) <= 0:
        return None
    return mark_positions(market, positions)


async def _lock_followers(
    uow: UnitOfWork, principal: Principal, account_id: uuid.UUID, triggered_by: str
) -> Followers:
    """A manual order's account may be a master: it is locked with its followers, in id
    order, before anything else locks it (see copy_trading)."""
    if triggered_by != MANUAL:
        return NO_FOLLOWERS
    return await lock_followers(uow, [account_id], owner=principal.user.id)


async def _copy_fills(  # noqa: PLR0917 - a private step of place_order and modify_order
    uow: UnitOfWork,
    market: MarketDeps,
    followers: Followers,
    booked: Booked,
    account: Account,
    instrument: Instrument,
) -> None:
    await replicate_fills(
        uow,
        market,
        followers,
        booked,
        masters={account.id: account},
        instruments={instrument.token: instrument},
    )


async def _match_now(
    uow: UnitOfWork,
    market: MarketDeps,
    account: Account,
    instrument: Instrument,
    order: Order,
    *,
    positions: Sequence[Position],
    new: bool,
) -> Booked:
    quote = market.quotes.get(instrument.token)
    if quote is None or not market.calendar.is_open(order.updated_at):
        return Booked(orders=[], fills=[], positions=[])
    # The fill happens now, at the latest quote's prices: stamp it with the placement time.
    quote = replace(quote, at=order.updated_at)
    update = match_quote(order, quote, market.matching, instrument=instrument)
    if update.order == order:
        return Booked(orders=[], fills=[], positions=[])
    return await book_updates(
        uow,
        [(order, update)],
        accounts={account.id: account},
        instruments={instrument.token: instrument},
        at=order.updated_at,
        new_orders=new,
        locked_positions={(p.account_id, p.token, p.product): p for p in positions},
    )


def _publish(
    uow: UnitOfWork, principal: Principal, orders: Sequence[Order], booked: Booked
) -> None:
    user = principal.user.id
    for order in orders:
        uow.publish_after_commit(orders_channel(user), order_event(order))
    for fill in booked.fills:
        uow.publish_after_commit(orders_channel(user), fill_event(fill))
    for position in booked.positions:
        uow.publish_after_commit(positions_channel(user), position_event(position))
