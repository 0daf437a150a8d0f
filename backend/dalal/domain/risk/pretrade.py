"""The risk part of the checks every new order meets, whoever places it.

Order of the checks (the first that says no names the rule): a panic in force over the
order's scopes; the fat-finger limits (the desk's own, then each scope's max order value and
quantity); then, only for the part of an order that opens or adds exposure, a disabled
strategy or group, a scope blocked by the day's breach, the live day P&L against the loss
limit and profit target, gross exposure, open positions, the auto square-off time and the
entry window. Exits pass those (a stop must always be able to close), but not a panic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from dalal.domain.errors import DomainError
from dalal.domain.money import format_rupees
from dalal.domain.risk.evaluation import ScopeNumbers, ScopeState
from dalal.domain.risk.limits import RiskLimits, RiskScope, RuleKind, ScopeKind
from dalal.domain.risk.panic import OrderOrigin, Panic


class RiskRejected(DomainError):
    """A risk rule refused the order or signal; ``rule`` says which, ``scope`` where."""

    code = "RISK_REJECTED"

    def __init__(self, message: str, *, rule: RuleKind, scope: RiskScope | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.scope = scope
        self.code = rule.value


@dataclass(frozen=True, slots=True)
class FatFingerLimits:
    """The desk-wide ceiling on one order, whatever the scopes allow."""

    max_order_value: Decimal = Decimal("50000000")  # ₹5 crore
    max_order_lots: int = 1000  # F&O: lots per order
    max_order_shares: int = 500_000  # equity: shares per order


@dataclass(frozen=True, slots=True)
class ScopeControl:
    scope: RiskScope
    limits: RiskLimits
    state: ScopeState = field(default_factory=ScopeState)


@dataclass(frozen=True, slots=True)
class RiskGate:
    """What the pre-trade check knows: the panics in force and the rules of the scopes."""

    panics: Sequence[Panic] = ()
    controls: Mapping[RiskScope, ScopeControl] = field(default_factory=dict)
    fat_finger: FatFingerLimits = field(default_factory=FatFingerLimits)

    def panic_over(self, origin: OrderOrigin) -> Panic | None:
        return next((p for p in self.panics if p.covers(origin)), None)


@dataclass(frozen=True, slots=True)
class OrderRisk:
    origin: OrderOrigin
    quantity: int
    lots: int  # quantity in lots (F&O) or shares (equity)
    derivative: bool
    value: Decimal  # quantity × the price the order is expected to fill at
    opening: int  # the units that open or add exposure (0 for a pure exit)
    opens_position: bool  # a new position appears (none was open in this instrument)


def check_order_risk(
    gate: RiskGate,
    order: OrderRisk,
    numbers: Mapping[RiskScope, ScopeNumbers],
    *,
    day: date,
    now: time,
) -> None:
    """Raise ``RiskRejected`` for the first rule ``order`` breaks. ``numbers`` holds the live
    figures of the scopes that have day, exposure or position limits (ALL and the account)."""
    panic = gate.panic_over(order.origin)
    if panic is not None:
        raise RiskRejected(
            f"Trading is stopped by a panic on {_scope_words(panic.scope)} (pressed by "
            f"{panic.pressed_by}: {panic.reason}). A person must re-arm it first.",
            rule=RuleKind.PANIC,
            scope=panic.scope,
        )
    _check_fat_finger(gate, order)
    controls = [c for s in order.origin.scopes() if (c := gate.controls.get(s)) is not None]
    for control in controls:
        _check_size(control, order)
    if order.opening <= 0:
        for control in controls:
            _check_window(control, now, entry=False)
        return
    for control in controls:
        _check_entry(control, order, numbers.get(control.scope), day=day, now=now)


def _check_fat_finger(gate: RiskGate, order: OrderRisk) -> None:
    limits = gate.fat_finger
    most = limits.max_order_lots if order.derivative else limits.max_order_shares
    unit = "lots" if order.derivative else "shares"
    if order.lots > most:
        raise RiskRejected(
            f"{order.lots} {unit} in one order is above the desk's limit of {most}; "
            "check the quantity, or split the order.",
            rule=RuleKind.FAT_FINGER,
        )
    if order.value > limits.max_order_value:
        raise RiskRejected(
            f"An order worth {format_rupees(order.value)} is above the desk's limit of "
            f"{format_rupees(limits.max_order_value)}; check the quantity and price.",
            rule=RuleKind.FAT_FINGER,
        )


def _check_size(control: ScopeControl, order: OrderRisk) -> None:
    limits, scope = control.limits, control.scope
    if limits.max_order_quantity is not None and order.quantity > limits.max_order_quantity:
        raise RiskRejected(
            f"{order.quantity} is above the max order quantity of {limits.max_order_quantity} "
            f"set for {_scope_words(scope)}.",
            rule=RuleKind.MAX_ORDER_QUANTITY,
            scope=scope,
        )
    if limits.max_order_value is not None and order.value > limits.max_order_value:
        raise RiskRejected(
            f"An order worth {format_rupees(order.value)} is above the max order value of "
            f"{format_rupees(limits.max_order_value)} set for {_scope_words(scope)}.",
            rule=RuleKind.MAX_ORDER_VALUE,
            scope=scope,
        )


def _check_entry(
    control: ScopeControl, order: OrderRisk, live: ScopeNumbers | None, *, day: date, now: time
) -> None:
    limits, scope, state = control.limits, control.scope, control.state.on(day)
    words = _scope_words(scope)
    if state.disabled:
        raise RiskRejected(
            f"{words.capitalize()} is disabled by a risk breach ({state.breached or 'manual'}); "
            "re-enable it on the Risk page.",
            rule=RuleKind.DISABLED,
            scope=scope,
        )
    if state.blocked:
        rule = state.breached or RuleKind.DAILY_LOSS_LIMIT
        raise RiskRejected(
            f"New entries are blocked for {words} for the rest of the day: {_rule_words(rule)} "
            "was breached. Exits are still allowed.",
            rule=rule,
            scope=scope,
        )
    if limits.square_off_at is not None and now >= limits.square_off_at:
        raise RiskRejected(
            f"It is past the auto square-off time ({limits.square_off_at:%H:%M} IST) of {words}; "
            "no new entries today.",
            rule=RuleKind.SQUARE_OFF_TIME,
            scope=scope,
        )
    window = limits.entry_window
    if window is not None and not window.contains(now):
        raise RiskRejected(
            f"Entries for {words} are allowed {window.start:%H:%M}–{window.end:%H:%M} IST only.",
            rule=RuleKind.ENTRY_WINDOW,
            scope=scope,
        )
    if live is not None:
        _check_live(limits, scope, order, live)


def _check_live(limits: RiskLimits, scope: RiskScope, order: OrderRisk, live: ScopeNumbers) -> None:
    words = _scope_words(scope)
    pnl = live.day_pnl
    if pnl is not None and limits.daily_loss_limit is not None and pnl <= -limits.daily_loss_limit:
        raise RiskRejected(
            f"Day P&L {format_rupees(pnl)} is at the daily loss limit of "
            f"{format_rupees(-limits.daily_loss_limit)} for {words}; exits only.",
            rule=RuleKind.DAILY_LOSS_LIMIT,
            scope=scope,
        )
    target = limits.daily_profit_target
    if pnl is not None and target is not None and pnl >= target:
        raise RiskRejected(
            f"Day P&L {format_rupees(pnl)} reached the daily profit target of "
            f"{format_rupees(target)} for {words}; exits only.",
            rule=RuleKind.DAILY_PROFIT_TARGET,
            scope=scope,
        )
    cap = limits.max_gross_exposure
    share = order.value * order.opening / order.quantity if order.quantity else order.value
    after = live.gross_exposure + share
    if cap is not None and after > cap:
        raise RiskRejected(
            f"This order would take gross exposure to {format_rupees(after)}, "
            f"above the limit of {format_rupees(cap)} for {words}.",
            rule=RuleKind.MAX_EXPOSURE,
            scope=scope,
        )
    most = limits.max_positions
    if most is not None and order.opens_position and live.open_positions + 1 > most:
        raise RiskRejected(
            f"{words.capitalize()} already has {live.open_positions} open positions, the most "
            f"allowed ({most}); close one first.",
            rule=RuleKind.MAX_POSITIONS,
            scope=scope,
        )


def _check_window(control: ScopeControl, now: time, *, entry: bool) -> None:
    window = control.limits.entry_window if entry else control.limits.exit_window
    if window is not None and not window.contains(now):
        raise RiskRejected(
            f"Exits for {_scope_words(control.scope)} are allowed "
            f"{window.start:%H:%M}–{window.end:%H:%M} IST only.",
            rule=RuleKind.EXIT_WINDOW,
            scope=control.scope,
        )


def _scope_words(scope: RiskScope) -> str:
    return {
        ScopeKind.ALL: "all your trading",
        ScopeKind.ACCOUNT: "this account",
        ScopeKind.STRATEGY: "this strategy",
        ScopeKind.GROUP: "this signal group",
    }[scope.kind]


def _rule_words(rule: RuleKind) -> str:
    return rule.value.replace("_", " ").lower()
