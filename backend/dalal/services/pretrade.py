"""Pre-trade risk checks, in one place for manual, signal and strategy orders alike.

``place_order`` and ``modify_order`` call ``check_order``; a signal's fan-out builds one
``FanoutGate`` and checks each account's order with it. The instrument rules, the session
and margin are checked next to these by the callers (``validate_order``, margin); this adds
panics, the fat-finger limits and the scopes' limits (``dalal.domain.risk.pretrade``).

The caller has locked the account first, so a panic committed before the lock is seen, and
one pressed after it waits for this order: nothing is placed after a panic commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time
from decimal import Decimal

from dalal.domain.accounts import Account
from dalal.domain.calendar import IST
from dalal.domain.instruments import Instrument
from dalal.domain.order_book import Order
from dalal.domain.positions import Position, opening_quantity
from dalal.domain.risk.evaluation import ScopeNumbers
from dalal.domain.risk.limits import RiskLimits, RiskScope, RuleKind, ScopeKind
from dalal.domain.risk.panic import OrderOrigin, strategy_of
from dalal.domain.risk.pretrade import (
    OrderRisk,
    RiskGate,
    RiskRejected,
    ScopeControl,
    check_order_risk,
)
from dalal.services.market import MarketDeps
from dalal.services.order_checks import MarkedPositions
from dalal.services.ports import UnitOfWork
from dalal.services.risk_books import (
    LiveBook,
    combined,
    day_base,
    day_start,
    load_live_books,
    numbers_by_account,
)
from dalal.services.risk_ports import OrderGate


def _needs_numbers(limits: RiskLimits) -> bool:
    return any(
        value is not None
        for value in (
            limits.daily_loss_limit,
            limits.daily_profit_target,
            limits.max_gross_exposure,
            limits.max_positions,
        )
    )


async def load_gate(
    uow: UnitOfWork,
    market: MarketDeps,
    user_id: uuid.UUID,
    scopes: Sequence[RiskScope] | None = None,
) -> RiskGate:
    """The panics in force and the scope rules of one user (only ``scopes``' when given):
    one statement for all the rules, two for some."""
    if scopes is None:
        panics, controls = await uow.risk.user_gate(user_id)
    else:
        panics = await uow.risk.active_panics(user_id)
        controls = await uow.risk.rules_for_scopes(user_id, scopes)
    return RiskGate(
        panics=panics, controls={c.scope: c for c in controls}, fat_finger=market.fat_finger
    )


def order_risk(
    order: Order, instrument: Instrument, price: Decimal, *, held: int, origin: OrderOrigin
) -> OrderRisk:
    derivative = instrument.is_derivative
    lots = order.quantity // instrument.lot_size if derivative else order.quantity
    return OrderRisk(
        origin=origin,
        quantity=order.quantity,
        lots=lots,
        derivative=derivative,
        value=price * order.quantity,
        opening=opening_quantity(held, order.side, order.quantity),
        opens_position=held == 0,
    )


def expected_price(order: Order, market: MarketDeps) -> Decimal:
    """What the order is expected to trade at: its limit or trigger, else the touch."""
    if order.price is not None:
        return order.price
    if order.trigger_price is not None:
        return order.trigger_price
    quote = market.quotes.get(order.token)
    if quote is None:
        return Decimal(0)
    touch = quote.ask if order.side.sign > 0 else quote.bid
    return touch if touch is not None else quote.ltp


def clock_of(market: MarketDeps) -> tuple[date, time]:
    now = market.now()
    return market.calendar.trading_day(now), now.astimezone(IST).time()


async def read_order_gate(
    uow: UnitOfWork, market: MarketDeps, account: Account, triggered_by: str
) -> OrderGate:
    """What ``check_order`` checks against, in one statement: the panics, the rules of the
    order's scopes and the account's day base.

    Read it right after locking the account (a panic committed before the lock is seen, one
    pressed after it waits for this order), before the account's positions: the round trip
    after a thousand-row read costs more, and that is the positions' cost, not the check's."""
    day, now = clock_of(market)
    gate = await uow.risk.gate_for_order(
        account.user_id, account.id, strategy_of(triggered_by), day=day, since=day_start(day)
    )
    return replace(gate, day=day, ist_time=now)


async def check_order(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    read: OrderGate,
    account: Account,
    order: Order,
    instrument: Instrument,
    positions: Sequence[Position],
    held: int,
    marked: MarkedPositions | None = None,
) -> Decimal | None:
    """Raise ``RiskRejected`` if a risk rule refuses ``order`` of ``account``; answer the
    account's cash when ``read`` has it (a day limit needs it), so margin need not read it.

    ``read`` is ``read_order_gate``'s; the positions (and ``marked``, when the caller has
    marked them) are the caller's. Only a limit on everything, for a user with several
    accounts, reads more."""
    origin = OrderOrigin(account.id, strategy_id=strategy_of(order.triggered_by))
    gate = RiskGate(
        panics=read.panics,
        controls={c.scope: c for c in read.controls},
        fat_finger=market.fat_finger,
    )
    risk = order_risk(order, instrument, expected_price(order, market), held=held, origin=origin)
    numbers: dict[RiskScope, ScopeNumbers] = {}
    if risk.opening > 0 and read.base is not None:
        numbers = await _numbers(uow, market, gate, account, positions, read, marked)
    check_order_risk(gate, risk, numbers, day=read.day, now=read.ist_time)
    return read.base.cash if read.base is not None else None


async def _numbers(  # noqa: PLR0917 - a private step of check_order
    uow: UnitOfWork,
    market: MarketDeps,
    gate: RiskGate,
    account: Account,
    positions: Sequence[Position],
    read: OrderGate,
    marked: MarkedPositions | None,
) -> dict[RiskScope, ScopeNumbers]:
    """Live figures of the account and of everything, for the limits that need them."""
    own = RiskScope.account(account.id)
    everything = RiskScope.everything()
    wanted = {
        s
        for s in (own, everything)
        if s in gate.controls and _needs_numbers(gate.controls[s].limits)
    }
    if not wanted or read.base is None:
        return {}
    base = day_base(account, read.base.snapshot, read.base.flows, day_start(read.day))
    mine = LiveBook(account, positions, read.base.cash, base).numbers(market, marked=marked)
    found = {own: mine} if own in wanted else {}
    if everything in wanted:
        figures = [mine]
        if read.accounts > 1:
            others = [
                a
                for a in await uow.accounts.list_for_user(account.user_id, include_archived=False)
                if a.id != account.id
            ]
            figures += numbers_by_account(
                await load_live_books(uow, market, others), market
            ).values()
        found[everything] = combined(figures)
    return found


@dataclass(slots=True)
class FanoutGate:
    """The risk checks of one user's fan-out: the gate and the accounts' figures, loaded
    once, and updated as each account's order passes (exposure, open positions)."""

    gate: RiskGate
    numbers: dict[RiskScope, ScopeNumbers] = field(default_factory=dict)
    day: date = date.min
    now: time = time.min

    def check(
        self, origin: OrderOrigin, order: Order, instrument: Instrument, price: Decimal, held: int
    ) -> None:
        risk = order_risk(order, instrument, price, held=held, origin=origin)
        check_order_risk(self.gate, risk, self.numbers, day=self.day, now=self.now)
        if risk.opening <= 0:
            return
        added = price * risk.opening
        for scope in (RiskScope.everything(), RiskScope(ScopeKind.ACCOUNT, str(origin.account_id))):
            if scope in self.numbers:
                n = self.numbers[scope]
                self.numbers[scope] = ScopeNumbers(
                    n.day_pnl,
                    n.gross_exposure + added,
                    n.open_positions + (1 if risk.opens_position else 0),
                )


async def load_fanout_gates(
    uow: UnitOfWork, market: MarketDeps, accounts: Mapping[uuid.UUID, Account]
) -> dict[uuid.UUID, FanoutGate]:
    """One gate per owner of ``accounts``; load it after locking them, as placement does."""
    owners: dict[uuid.UUID, list[Account]] = {}
    for account in accounts.values():
        owners.setdefault(account.user_id, []).append(account)
    return {
        user_id: await _fanout_gate(uow, market, user_id, mine)
        for user_id, mine in sorted(owners.items(), key=lambda item: str(item[0]))
    }


async def _fanout_gate(
    uow: UnitOfWork, market: MarketDeps, user_id: uuid.UUID, accounts: Sequence[Account]
) -> FanoutGate:
    gate = await load_gate(uow, market, user_id)
    day, now = clock_of(market)
    fanout = FanoutGate(gate, day=day, now=now)
    scoped = [
        a
        for a in accounts
        if (c := gate.controls.get(RiskScope(ScopeKind.ACCOUNT, str(a.id)))) is not None
        and _needs_numbers(c.limits)
    ]
    everything = gate.controls.get(RiskScope.everything())
    whole = everything is not None and _needs_numbers(everything.limits)
    if whole:
        scoped = await uow.accounts.list_for_user(user_id, include_archived=False)
    if not scoped:
        return fanout
    per_account = numbers_by_account(await load_live_books(uow, market, scoped), market)
    for account_id, figures in per_account.items():
        fanout.numbers[RiskScope(ScopeKind.ACCOUNT, str(account_id))] = figures
    if whole:
        fanout.numbers[RiskScope.everything()] = combined(per_account.values())
    return fanout


async def check_signal_intake(
    uow: UnitOfWork, *, user_id: uuid.UUID, group_id: uuid.UUID
) -> ScopeControl | None:
    """Refuse a signal for a group that a panic covers, or that a breach disabled; answer
    the group's risk rule (if any) for the caller's further checks.

    The reason starts with the rule (``PANIC: …``), so the signal log says why at a glance."""
    scope = RiskScope(ScopeKind.GROUP, str(group_id))
    panics, control = await uow.risk.signal_gate(user_id, scope)
    for panic in panics:
        if panic.scope in (scope, RiskScope.everything()):
            raise RiskRejected(
                f"PANIC: a panic on {'this group' if panic.scope == scope else 'all trading'} "
                f"is in force (pressed by {panic.pressed_by}: {panic.reason}); re-arm it to "
                "take signals again.",
                rule=RuleKind.PANIC,
                scope=panic.scope,
            )
    if control is not None and control.state.disabled:
        raise RiskRejected(
            f"DISABLED: a risk breach ({control.state.breached or 'manual'}) disabled this "
            "group; re-enable it on the Risk page.",
            rule=RuleKind.DISABLED,
            scope=scope,
        )
    return control
