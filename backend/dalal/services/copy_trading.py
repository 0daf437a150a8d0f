"""Self copy-trading: a master account's manual fills, mirrored to its followers.

Rules:
- Only fills of manual orders (``triggered_by == "manual"``) on a master are copied, whether
  they happen at placement or later in the market loop. A copy's own order is triggered by
  ``copy:<master order id>`` and is never copied again (and a follower is never a master).
- Each active follower gets a MARKET order for the same instrument, side and product, filled
  at the master's fill price: ``floor(master lots × multiplier)`` lots (a lot is the lot size
  for F&O, one share for equities). A share that rounds to nothing is skipped with the
  reason; a follower that fails its own pre-trade checks (session, shorting, margin…) is
  rejected with the reason; neither blocks the master or the other followers.
- It all happens in the master's transaction. The master and its followers are locked
  together, in id order, before anything else locks the master: every transaction takes
  account locks in that order, so copies never deadlock with the market loop or a fan-out.
- Each copied fill is logged as a manual signal (no group), already executed; a BUY reads as
  BUY_ENTRY and a SELL as SELL_ENTRY. It has one execution (no group, no algo) at the
  master's price, with one allocation per follower. That execution is closed at once: it
  mirrors one fill, not a round trip for an exit signal to close, and the followers'
  positions hold the result.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import orjson

from dalal.domain.accounts import Account
from dalal.domain.allocation import plan_allocations
from dalal.domain.instruments import Instrument
from dalal.domain.money import ZERO
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, Side
from dalal.domain.signal_executions import (
    Allocation,
    AllocationStatus,
    ExecutionStatus,
    SignalExecution,
)
from dalal.domain.signals import Signal, SignalAction, SignalSource, SignalStatus
from dalal.engine.matching import OrderUpdate
from dalal.services.booking import Booked, book_updates
from dalal.services.market import MarketDeps
from dalal.services.order_events import publish_booked
from dalal.services.ports import UnitOfWork
from dalal.services.signal_events import signal_event, signals_channel
from dalal.services.signal_orders import OrderIntent, build_orders, load_account_book

MANUAL = "manual"
_MS = Decimal("0.001")


def copy_source(master_order_id: uuid.UUID) -> str:
    """The ``triggered_by`` of a follower's copy of a master's order."""
    return f"copy:{master_order_id}"


@dataclass(frozen=True, slots=True)
class Followers:
    """Each master's active followers, locked in this transaction."""

    of: Mapping[uuid.UUID, Sequence[Account]]


NO_FOLLOWERS = Followers(of={})


async def lock_followers(
    uow: UnitOfWork,
    master_ids: Iterable[uuid.UUID],
    *,
    owner: uuid.UUID | None = None,
    also: Iterable[uuid.UUID] = (),
) -> Followers:
    """Lock the masters, their followers and ``also`` (accounts the caller locks next)
    together, in id order, and return the masters' active followers. ``owner``: only that
    user's accounts (a placement locks before it has checked whose the master is)."""
    masters = set(master_ids)
    if not masters:
        return NO_FOLLOWERS
    locked = await uow.accounts.lock([*masters, *also], with_followers_of=masters, owner=owner)
    of: dict[uuid.UUID, list[Account]] = {}
    for account in locked:
        if account.copies in masters and account.active:
            of.setdefault(account.copies, []).append(account)
    return Followers(of=of)


def manual_masters(pairs: Iterable[tuple[Order, OrderUpdate]]) -> set[uuid.UUID]:
    """The accounts whose manual orders fill in ``pairs``: the ones that may have followers."""
    return {o.account_id for o, u in pairs if o.triggered_by == MANUAL and u.fills}


@dataclass(frozen=True, slots=True)
class _Copy:
    """One master fill to mirror: its signal, its execution and the followers' shares."""

    fill: Fill
    master_order: Order
    instrument: Instrument
    signal: Signal
    execution: SignalExecution
    allocations: list[Allocation]


async def replicate_fills(
    uow: UnitOfWork,
    market: MarketDeps,
    followers: Followers,
    booked: Booked,
    *,
    masters: Mapping[uuid.UUID, Account],
    instruments: Mapping[int, Instrument],
) -> Booked:
    """Mirror the manual fills in ``booked`` (what the masters just booked, in this
    transaction) to their followers; the followers' bookings go out after commit."""
    started = time.perf_counter()
    orders = {o.id: o for o in booked.orders}
    copies: list[_Copy] = []
    accounts: dict[uuid.UUID, Account] = {}
    for fill in booked.fills:
        order, master = orders[fill.order_id], masters[fill.account_id]
        group = _followers_of(followers, master)
        if order.triggered_by == MANUAL and group:
            copies.append(_plan(fill, order, instruments[fill.token], master, group))
            accounts.update((f.id, f) for f in group)
    if not copies:
        return Booked(orders=[], fills=[], positions=[])
    copied, outcomes = await _book(uow, market, copies, accounts)
    charges = {f.order_id: f.charges.total for f in copied.fills}
    elapsed = Decimal(time.perf_counter() - started) * 1000
    await _record(uow, copies, outcomes, charges, elapsed.quantize(_MS))
    publish_booked(uow, {a.id: a.user_id for a in accounts.values()}, copied)
    return copied


async def _book(
    uow: UnitOfWork,
    market: MarketDeps,
    copies: Sequence[_Copy],
    accounts: Mapping[uuid.UUID, Account],
) -> tuple[Booked, dict[uuid.UUID, uuid.UUID | str]]:
    """Check and fill each follower's order at its master's price, book them all at once;
    each allocation's outcome is its order's id, or the reason a check refused it."""
    involved = {a.account_id for c in copies for a in c.allocations if a.quantity > 0}
    book = await load_account_book(uow, market, {i: accounts[i] for i in involved})
    outcomes: dict[uuid.UUID, uuid.UUID | str] = {}
    pairs: list[tuple[Order, OrderUpdate]] = []
    for copy in copies:
        source = copy_source(copy.fill.order_id)
        filled, refused = build_orders(
            _intents(copy), book, market, at=copy.fill.at, triggered_by=source
        )
        outcomes.update(refused)
        outcomes.update({intent.key: order.id for intent, order, _ in filled})
        pairs.extend((order, update) for _, order, update in filled)
    booked = await book_updates(
        uow,
        pairs,
        accounts=accounts,
        instruments={c.instrument.token: c.instrument for c in copies},
        at=max(c.fill.at for c in copies),
        new_orders=True,
        locked_positions=book.positions,
    )
    return booked, outcomes


def _followers_of(followers: Followers, master: Account) -> list[Account]:
    return [f for f in followers.of.get(master.id, ()) if f.user_id == master.user_id]


def _intents(copy: _Copy) -> list[OrderIntent]:
    return [
        OrderIntent(
            key=a.id,
            account_id=a.account_id,
            instrument=copy.instrument,
            side=copy.fill.side,
            quantity=a.quantity,
            price=copy.fill.price,  # one price: the master's
            product=copy.master_order.product,
        )
        for a in copy.allocations
        if a.status is AllocationStatus.FILLED
    ]


def _plan(
    fill: Fill, order: Order, instrument: Instrument, master: Account, group: list[Account]
) -> _Copy:
    lot = instrument.lot_size if instrument.is_derivative else 1
    base_lots = fill.quantity // lot
    signal = _signal(fill, order, instrument, master, base_lots)
    execution = SignalExecution(
        id=uuid.uuid4(),
        signal_id=signal.id,
        user_id=master.user_id,
        group_id=None,
        algo_id=None,
        leg=0,
        direction=fill.side,
        side=fill.side,
        token=instrument.token,
        tradingsymbol=instrument.tradingsymbol,
        signal_symbol=instrument.tradingsymbol,
        entry_unique_id=None,
        product=order.product,
        base_lots=base_lots,
        quantity=0,
        entry_price=fill.price,
        opened_at=fill.at,
        status=ExecutionStatus.CLOSED,
        closed_at=fill.at,
    )
    allocations = _allocations(execution.id, group, base_lots, lot, fill.quantity)
    return _Copy(fill, order, instrument, signal, execution, allocations)


def _allocations(
    execution_id: uuid.UUID, group: list[Account], base_lots: int, lot: int, quantity: int
) -> list[Allocation]:
    if base_lots < 1:  # a partial fill of less than one lot
        reason = f"the master's fill of {quantity} is less than one lot ({lot})"
        return [_skipped(execution_id, f.id, reason) for f in group]
    planned, zero = plan_allocations(group, base_lots=base_lots, lot_size=lot)
    return [
        Allocation(
            id=uuid.uuid4(),
            execution_id=execution_id,
            account_id=p.account_id,
            status=AllocationStatus.FILLED,
            lots=p.lots,
            quantity=p.quantity,
        )
        for p in planned
    ] + [_skipped(execution_id, s.account_id, s.reason) for s in zero]


def _skipped(execution_id: uuid.UUID, account_id: uuid.UUID, reason: str) -> Allocation:
    return Allocation(
        id=uuid.uuid4(),
        execution_id=execution_id,
        account_id=account_id,
        status=AllocationStatus.SKIPPED,
        lots=0,
        quantity=0,
        reason=reason,
    )


def _signal(
    fill: Fill, order: Order, instrument: Instrument, master: Account, base_lots: int
) -> Signal:
    """The log entry of one copied fill; its raw body says what was copied, from where."""
    master_fill = {
        "account_id": str(master.id),
        "account": master.label,
        "order_id": str(order.id),
        "fill_id": str(fill.id),
        "symbol": instrument.tradingsymbol,
        "exchange": instrument.exchange.value,
        "side": fill.side.value,
        "product": order.product.value,
        "quantity": fill.quantity,
        "lots": base_lots,
        "price": str(fill.price),
    }
    return Signal(
        id=uuid.uuid4(),
        group_id=None,
        user_id=master.user_id,
        source=SignalSource.MANUAL,
        status=SignalStatus.EXECUTED,
        received_at=fill.at,
        raw_body=orjson.dumps({"copy_of": master_fill}).decode(),
        action=SignalAction.BUY_ENTRY if fill.side is Side.BUY else SignalAction.SELL_ENTRY,
        symbol=instrument.tradingsymbol,
    )


async def _record(
    uow: UnitOfWork,
    copies: Sequence[_Copy],
    outcomes: Mapping[uuid.UUID, uuid.UUID | str],
    charges: Mapping[uuid.UUID, Decimal],
    processing_ms: Decimal,
) -> None:
    """Log each copy as an executed signal with its execution and settled allocations."""
    executions: list[SignalExecution] = []
    allocations: list[Allocation] = []
    for copy in copies:
        settled = [_settle(a, outcomes.get(a.id), charges) for a in copy.allocations]
        filled = [a for a in settled if a.status is AllocationStatus.FILLED]
        executions.append(replace(copy.execution, quantity=sum(a.quantity for a in filled)))
        allocations.extend(settled)
        reason = f"copied to {len(filled)} of {len(settled)} followers"
        signal = replace(copy.signal, reason=reason, processing_ms=processing_ms)
        payload_hash = hashlib.sha256(signal.raw_body.encode()).hexdigest()
        await uow.signals.add(signal, dedupe_key=None, payload_hash=payload_hash)
        uow.publish_after_commit(
            signals_channel(signal.user_id), signal_event(signal.id, signal.status)
        )
    await uow.executions.add_many(executions)
    await uow.executions.add_allocations(allocations)


def _settle(
    allocation: Allocation, outcome: uuid.UUID | str | None, charges: Mapping[uuid.UUID, Decimal]
) -> Allocation:
    if isinstance(outcome, str):  # a pre-trade check said no
        return replace(allocation, status=AllocationStatus.REJECTED, quantity=0, reason=outcome)
    if isinstance(outcome, uuid.UUID):
        return replace(allocation, entry_order_id=outcome, entry_charges=charges.get(outcome, ZERO))
    return allocation
