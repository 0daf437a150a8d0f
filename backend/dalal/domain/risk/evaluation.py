"""A scope's limits against its live numbers: what is breached, and what to do about it.

``evaluate_scope`` is pure and idempotent: its answer carries the scope's next state, and a
state that already records the day's breach never asks for a second action. So a burst of
ticks past a limit makes one square-off, and a restart that evaluates again does nothing
new. Day fields reset when the trading day changes; ``disabled`` (strategies and groups)
lasts until a person re-enables the scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time
from decimal import Decimal

from dalal.domain.money import format_rupees
from dalal.domain.risk.limits import BreachAction, RiskLimits, RuleKind, ScopeKind


@dataclass(frozen=True, slots=True)
class ScopeState:
    day: date | None = None
    breached: RuleKind | None = None  # the day's breach that acted (blocked or squared off)
    blocked: bool = False  # new entries refused for the rest of the day
    squared_off: bool = False  # the day's square-off (breach or time rule) is done
    peak: Decimal | None = None  # the day's best P&L (for the profit lock)
    alerted: frozenset[RuleKind] = field(default_factory=frozenset)
    disabled: bool = False  # strategies and groups: until a person re-enables them

    def on(self, day: date) -> ScopeState:
        """This state as of ``day``: a new day starts clean, except ``disabled``."""
        return self if self.day == day else ScopeState(day=day, disabled=self.disabled)


@dataclass(frozen=True, slots=True)
class ScopeNumbers:
    """A scope's live figures. ``day_pnl``: MTM plus realized, net of charges, today (None
    when unknown: no rule on it is evaluated)."""

    day_pnl: Decimal | None
    gross_exposure: Decimal = Decimal(0)
    open_positions: int = 0


@dataclass(frozen=True, slots=True)
class Breach:
    rule: RuleKind
    message: str


@dataclass(frozen=True, slots=True)
class Decision:
    state: ScopeState
    breach: Breach | None = None
    action: BreachAction | None = None  # what to do now (None: nothing)

    @property
    def squares_off(self) -> bool:
        return self.action is BreachAction.SQUARE_OFF


def evaluate_scope(
    kind: ScopeKind,
    limits: RiskLimits,
    numbers: ScopeNumbers,
    state: ScopeState,
    *,
    day: date,
    now: time,
) -> Decision:
    """Check ``limits`` at IST ``now`` on trading ``day``; the first breach found acts."""
    state = state.on(day)
    if numbers.day_pnl is not None and (state.peak is None or numbers.day_pnl > state.peak):
        state = replace(state, peak=numbers.day_pnl)
    if state.squared_off or state.disabled:
        return Decision(state)
    breach = _first_breach(kind, limits, numbers, state)
    if breach is None:
        return _time_rule(limits, state, now)
    return _act(kind, limits, state, breach)


def _time_rule(limits: RiskLimits, state: ScopeState, now: time) -> Decision:
    if limits.square_off_at is None or now < limits.square_off_at:
        return Decision(state)
    message = f"Auto square-off time {limits.square_off_at:%H:%M} IST reached."
    done = replace(state, squared_off=True)
    return Decision(done, Breach(RuleKind.SQUARE_OFF_TIME, message), BreachAction.SQUARE_OFF)


def _act(kind: ScopeKind, limits: RiskLimits, state: ScopeState, breach: Breach) -> Decision:
    attributed = kind in (ScopeKind.STRATEGY, ScopeKind.GROUP)
    action = BreachAction.SQUARE_OFF if attributed else limits.on_breach
    if action is BreachAction.ALERT:
        if breach.rule in state.alerted:
            return Decision(state)
        return Decision(replace(state, alerted=state.alerted | {breach.rule}), breach, action)
    if state.blocked and action is BreachAction.BLOCK:
        return Decision(state)
    acted = replace(
        state,
        breached=breach.rule,
        blocked=True,
        squared_off=action is BreachAction.SQUARE_OFF,
        disabled=attributed,
    )
    return Decision(acted, breach, action)


def _first_breach(
    kind: ScopeKind, limits: RiskLimits, numbers: ScopeNumbers, state: ScopeState
) -> Breach | None:
    pnl = numbers.day_pnl
    if pnl is not None:
        for rule, limit in (
            (RuleKind.DAILY_LOSS_LIMIT, limits.daily_loss_limit),
            (RuleKind.MTM_STOP_LOSS, limits.mtm_stop_loss),
        ):
            if limit is not None and pnl <= -limit:
                return Breach(
                    rule,
                    f"Day P&L {format_rupees(pnl)} reached the loss limit of "
                    f"{format_rupees(-limit)} for {_what(kind)}.",
                )
        for rule, limit in (
            (RuleKind.DAILY_PROFIT_TARGET, limits.daily_profit_target),
            (RuleKind.MTM_TARGET, limits.mtm_target),
        ):
            if limit is not None and pnl >= limit:
                return Breach(
                    rule,
                    f"Day P&L {format_rupees(pnl)} reached the profit target of "
                    f"{format_rupees(limit)} for {_what(kind)}.",
                )
        lock = limits.profit_lock
        floor = lock.floor(state.peak) if lock is not None and state.peak is not None else None
        if floor is not None and pnl <= floor:
            return Breach(
                RuleKind.PROFIT_LOCK,
                f"Day P&L {format_rupees(pnl)} fell to the "
                f"locked-in profit of {format_rupees(floor)} for {_what(kind)}.",
            )
    cap = limits.max_gross_exposure
    if cap is not None and numbers.gross_exposure > cap:
        return Breach(
            RuleKind.MAX_EXPOSURE,
            f"Gross exposure {format_rupees(numbers.gross_exposure)} "
            f"is above the limit of {format_rupees(cap)} for {_what(kind)}.",
        )
    return None


def _what(kind: ScopeKind) -> str:
    return {
        ScopeKind.ALL: "all your accounts",
        ScopeKind.ACCOUNT: "this account",
        ScopeKind.STRATEGY: "this strategy",
        ScopeKind.GROUP: "this signal group",
    }[kind]
