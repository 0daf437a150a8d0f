"""The limits of a scope: everything a user trades, one account, one strategy or signal group.

One ``RiskLimits`` shape serves every scope; ``validate_limits`` says which fields a scope
takes. Amounts are rupees (``Decimal``); times are IST wall-clock times.

- Everything and accounts: daily loss limit and profit target (day P&L: MTM plus realized,
  net of charges), max gross exposure, max order value and quantity, max open positions,
  an auto square-off time with a carry rule, and what a breach does (``on_breach``).
- Strategies and signal groups: an MTM stop-loss and target and a trailing profit lock over
  what they opened, max open positions, max signals a day, entry and exit windows, an
  exit-all time (``square_off_at``: what they opened is closed then, and they take no new
  entries that day), and default stops for the positions they open. A breach squares off
  their positions and disables them until a person re-enables them; the exit-all time
  disables nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import time
from decimal import Decimal
from enum import StrEnum

from dalal.domain.errors import InvalidInput
from dalal.domain.money import ZERO
from dalal.domain.risk.levels import PositionStops, validate_stops


class ScopeKind(StrEnum):
    ALL = "ALL"
    ACCOUNT = "ACCOUNT"
    STRATEGY = "STRATEGY"
    GROUP = "GROUP"


@dataclass(frozen=True, slots=True)
class RiskScope:
    kind: ScopeKind
    id: str = ""  # the account, strategy or group id; empty for ALL

    @classmethod
    def everything(cls) -> RiskScope:
        return cls(ScopeKind.ALL)

    @classmethod
    def account(cls, account_id: object) -> RiskScope:
        return cls(ScopeKind.ACCOUNT, str(account_id))

    @property
    def label(self) -> str:
        return (
            "everything" if self.kind is ScopeKind.ALL else f"{self.kind.value.lower()} {self.id}"
        )


class RuleKind(StrEnum):
    """What a breach, an exit or a rejection is about."""

    PANIC = "PANIC"
    FAT_FINGER = "FAT_FINGER"
    DAILY_LOSS_LIMIT = "DAILY_LOSS_LIMIT"
    DAILY_PROFIT_TARGET = "DAILY_PROFIT_TARGET"
    MAX_EXPOSURE = "MAX_EXPOSURE"
    MAX_ORDER_VALUE = "MAX_ORDER_VALUE"
    MAX_ORDER_QUANTITY = "MAX_ORDER_QUANTITY"
    MAX_POSITIONS = "MAX_POSITIONS"
    SQUARE_OFF_TIME = "SQUARE_OFF_TIME"
    MTM_STOP_LOSS = "MTM_STOP_LOSS"
    MTM_TARGET = "MTM_TARGET"
    PROFIT_LOCK = "PROFIT_LOCK"
    MAX_SIGNALS_PER_DAY = "MAX_SIGNALS_PER_DAY"
    ENTRY_WINDOW = "ENTRY_WINDOW"
    EXIT_WINDOW = "EXIT_WINDOW"
    DISABLED = "DISABLED"
    SL = "SL"
    TARGET = "TARGET"
    TSL = "TSL"


class BreachAction(StrEnum):
    ALERT = "ALERT"  # tell, nothing else
    BLOCK = "BLOCK"  # refuse new entries for the rest of the day
    SQUARE_OFF = "SQUARE_OFF"  # cancel working orders, close positions, and block


class CarryRule(StrEnum):
    CARRY = "CARRY"  # CNC and NRML positions may be held overnight; MIS is squared off
    FLATTEN = "FLATTEN"  # everything is squared off at the auto square-off time


@dataclass(frozen=True, slots=True)
class ProfitLock:
    """Once the MTM profit reaches ``activate_at``, keep at least ``lock``; for every further
    ``step`` of profit the kept amount rises by ``step_lock``. Falling to it squares off."""

    activate_at: Decimal
    lock: Decimal
    step: Decimal | None = None
    step_lock: Decimal | None = None

    def floor(self, peak: Decimal) -> Decimal | None:
        """The profit kept after the MTM peaked at ``peak``; None before activation."""
        if peak < self.activate_at:
            return None
        if self.step is None or self.step_lock is None:
            return self.lock
        steps = int((peak - self.activate_at) // self.step)
        return self.lock + steps * self.step_lock


@dataclass(frozen=True, slots=True)
class Window:
    start: time
    end: time

    def contains(self, at: time) -> bool:
        return self.start <= at <= self.end


@dataclass(frozen=True, slots=True)
class RiskLimits:
    daily_loss_limit: Decimal | None = None
    daily_profit_target: Decimal | None = None
    max_gross_exposure: Decimal | None = None
    max_order_value: Decimal | None = None
    max_order_quantity: int | None = None
    max_positions: int | None = None
    square_off_at: time | None = None
    carry: CarryRule = CarryRule.CARRY
    on_breach: BreachAction = BreachAction.SQUARE_OFF
    mtm_stop_loss: Decimal | None = None
    mtm_target: Decimal | None = None
    profit_lock: ProfitLock | None = None
    max_signals_per_day: int | None = None
    entry_window: Window | None = None
    exit_window: Window | None = None
    position_stops: PositionStops | None = None


_BOOK_FIELDS = frozenset(
    {
        "daily_loss_limit",
        "daily_profit_target",
        "max_gross_exposure",
        "max_order_value",
        "max_order_quantity",
        "carry",
        "on_breach",
    }
)
_ATTRIBUTION_FIELDS = frozenset(
    {
        "mtm_stop_loss",
        "mtm_target",
        "profit_lock",
        "max_signals_per_day",
        "entry_window",
        "exit_window",
        "position_stops",
    }
)
_DEFAULTS = RiskLimits()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def validate_limits(kind: ScopeKind, limits: RiskLimits) -> None:
    """Raise ``InvalidInput`` (naming the field) for a value or a field this scope can't take."""
    foreign = _ATTRIBUTION_FIELDS if kind in (ScopeKind.ALL, ScopeKind.ACCOUNT) else _BOOK_FIELDS
    for f in fields(RiskLimits):
        value = getattr(limits, f.name)
        if f.name in foreign and value != getattr(_DEFAULTS, f.name):
            raise InvalidInput(
                f"{_camel(f.name)} is not a rule for {kind.value.lower()} scope.",
                field=_camel(f.name),
            )
        numeric = isinstance(value, Decimal | int) and not isinstance(value, bool)
        if numeric and (not Decimal(value).is_finite() or value <= ZERO):
            raise InvalidInput("Enter a value above zero.", field=_camel(f.name))
    for name in ("entry_window", "exit_window"):
        window = getattr(limits, name)
        if window is not None and window.start >= window.end:
            raise InvalidInput("The window must start before it ends.", field=_camel(name))
    lock = limits.profit_lock
    if lock is not None:
        _check_profit_lock(lock)
    if limits.carry is CarryRule.FLATTEN and limits.square_off_at is None:
        raise InvalidInput(
            "To flatten everything daily, set the auto square-off time too.", field="squareOffAt"
        )
    if limits.position_stops is not None:
        validate_stops(limits.position_stops, anchor=None, direction=1)


def _check_profit_lock(lock: ProfitLock) -> None:
    if lock.activate_at <= ZERO or lock.lock < ZERO or lock.lock >= lock.activate_at:
        raise InvalidInput(
            "Lock in less profit than the level that activates the lock.", field="profitLock"
        )
    if (lock.step is None) != (lock.step_lock is None):
        raise InvalidInput(
            "Give both the profit step and how much each step locks.", field="profitLock"
        )
    if (
        lock.step is not None
        and lock.step_lock is not None
        and (lock.step <= ZERO or lock.step_lock <= ZERO or lock.step_lock > lock.step)
    ):
        raise InvalidInput(
            "Each step must lock a positive amount, at most the step itself.", field="profitLock"
        )
