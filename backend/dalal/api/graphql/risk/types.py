"""GraphQL types of the risk area: scopes, limits, stops, panics, status and events."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum

import orjson
import strawberry

from dalal.api.graphql.errors import UserError
from dalal.api.graphql.trading.types import InstrumentType, ProductEnum
from dalal.domain.money import to_paise
from dalal.domain.risk.events import RiskEvent
from dalal.domain.risk.guard import PositionGuard
from dalal.domain.risk.levels import Level, PositionStops, Trail
from dalal.domain.risk.limits import ProfitLock, RiskLimits, RiskScope, Window
from dalal.domain.risk.panic import Panic
from dalal.domain.risk.pretrade import RiskRejected as RiskRejectedDomain
from dalal.services.risk_status import GuardView, Headroom, ScopeStatus


@strawberry.enum(name="RiskScopeKind")
class RiskScopeKindEnum(Enum):
    ALL = "ALL"
    ACCOUNT = "ACCOUNT"
    STRATEGY = "STRATEGY"
    GROUP = "GROUP"


@strawberry.enum(name="RiskRule")
class RiskRuleEnum(Enum):
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


@strawberry.enum(name="BreachAction")
class BreachActionEnum(Enum):
    ALERT = "ALERT"
    BLOCK = "BLOCK"
    SQUARE_OFF = "SQUARE_OFF"


@strawberry.enum(name="CarryRule")
class CarryRuleEnum(Enum):
    CARRY = "CARRY"
    FLATTEN = "FLATTEN"


@strawberry.enum(name="LevelOffset")
class LevelOffsetEnum(Enum):
    POINTS = "POINTS"
    PERCENT = "PERCENT"
    PRICE = "PRICE"


@strawberry.enum(name="RiskEventKind")
class RiskEventKindEnum(Enum):
    BREACH = "BREACH"
    ALERT = "ALERT"
    EXIT = "EXIT"
    PANIC = "PANIC"
    REARM = "REARM"
    ENABLED = "ENABLED"


@strawberry.type(name="RiskScope")
class RiskScopeType:
    kind: RiskScopeKindEnum
    id: str = strawberry.field(description="The account, strategy or group id; empty for ALL")

    @classmethod
    def of(cls, scope: RiskScope) -> RiskScopeType:
        return cls(kind=RiskScopeKindEnum(scope.kind.value), id=scope.id)


@strawberry.type(name="Level")
class LevelType:
    offset: LevelOffsetEnum
    value: Decimal

    @classmethod
    def of(cls, level: Level | None) -> LevelType | None:
        return cls(offset=LevelOffsetEnum(level.offset.value), value=level.value) if level else None


@strawberry.type(name="Trail")
class TrailType:
    distance: LevelType
    step: Decimal | None
    activation: LevelType | None

    @classmethod
    def of(cls, trail: Trail | None) -> TrailType | None:
        if trail is None:
            return None
        distance = LevelType.of(trail.distance)
        assert distance is not None
        return cls(distance=distance, step=trail.step, activation=LevelType.of(trail.activation))


@strawberry.type(name="PositionStops")
class PositionStopsType:
    stop_loss: LevelType | None
    target: LevelType | None
    trailing_stop: TrailType | None

    @classmethod
    def of(cls, stops: PositionStops | None) -> PositionStopsType | None:
        if stops is None:
            return None
        return cls(
            stop_loss=LevelType.of(stops.stop_loss),
            target=LevelType.of(stops.target),
            trailing_stop=TrailType.of(stops.trail),
        )


@strawberry.type(name="PositionGuard")
class PositionGuardType:
    account_id: strawberry.ID
    product: ProductEnum
    long: bool = strawberry.field(description="True when it guards a long, false a short")
    anchor: Decimal = strawberry.field(description="The entry price the levels resolve from")
    stop_price: Decimal | None
    target_price: Decimal | None
    trail_stop: Decimal | None
    best_price: Decimal | None
    stops: PositionStopsType
    source: str

    @classmethod
    def of(cls, guard: PositionGuard) -> PositionGuardType:
        stops = PositionStopsType.of(guard.stops)
        assert stops is not None
        return cls(
            account_id=strawberry.ID(str(guard.account_id)),
            product=ProductEnum(guard.product.value),
            long=guard.direction > 0,
            anchor=to_paise(guard.anchor),
            stop_price=_price(guard.stop_price),
            target_price=_price(guard.target_price),
            trail_stop=_price(guard.trail_stop),
            best_price=_price(guard.best),
            stops=stops,
            source=guard.source,
        )


def _price(value: Decimal | None) -> Decimal | None:
    """Levels computed from percentages carry more digits; traders read them to the paisa."""
    return to_paise(value) if value is not None else None


@strawberry.type(name="GuardedPosition")
class GuardedPositionType:
    account_label: str
    instrument: InstrumentType
    guard: PositionGuardType

    @classmethod
    def of(cls, view: GuardView) -> GuardedPositionType:
        return cls(
            account_label=view.account_label,
            instrument=InstrumentType.of(view.instrument),
            guard=PositionGuardType.of(view.guard),
        )


@strawberry.type(name="ProfitLock")
class ProfitLockType:
    activate_at: Decimal
    lock: Decimal
    step: Decimal | None
    step_lock: Decimal | None

    @classmethod
    def of(cls, lock: ProfitLock | None) -> ProfitLockType | None:
        if lock is None:
            return None
        return cls(
            activate_at=lock.activate_at, lock=lock.lock, step=lock.step, step_lock=lock.step_lock
        )


@strawberry.type(name="TimeWindow")
class WindowType:
    start: str = strawberry.field(description="HH:MM IST")
    end: str

    @classmethod
    def of(cls, window: Window | None) -> WindowType | None:
        if window is None:
            return None
        return cls(start=f"{window.start:%H:%M}", end=f"{window.end:%H:%M}")


@strawberry.type(name="RiskLimits")
class RiskLimitsType:
    daily_loss_limit: Decimal | None
    daily_profit_target: Decimal | None
    max_gross_exposure: Decimal | None
    max_order_value: Decimal | None
    max_order_quantity: int | None
    max_positions: int | None
    square_off_at: str | None = strawberry.field(description="HH:MM IST")
    carry: CarryRuleEnum
    on_breach: BreachActionEnum
    mtm_stop_loss: Decimal | None
    mtm_target: Decimal | None
    profit_lock: ProfitLockType | None
    max_signals_per_day: int | None
    entry_window: WindowType | None
    exit_window: WindowType | None
    position_stops: PositionStopsType | None

    @classmethod
    def of(cls, limits: RiskLimits) -> RiskLimitsType:
        return cls(
            daily_loss_limit=limits.daily_loss_limit,
            daily_profit_target=limits.daily_profit_target,
            max_gross_exposure=limits.max_gross_exposure,
            max_order_value=limits.max_order_value,
            max_order_quantity=limits.max_order_quantity,
            max_positions=limits.max_positions,
            square_off_at=f"{limits.square_off_at:%H:%M}" if limits.square_off_at else None,
            carry=CarryRuleEnum(limits.carry.value),
            on_breach=BreachActionEnum(limits.on_breach.value),
            mtm_stop_loss=limits.mtm_stop_loss,
            mtm_target=limits.mtm_target,
            profit_lock=ProfitLockType.of(limits.profit_lock),
            max_signals_per_day=limits.max_signals_per_day,
            entry_window=WindowType.of(limits.entry_window),
            exit_window=WindowType.of(limits.exit_window),
            position_stops=PositionStopsType.of(limits.position_stops),
        )


@strawberry.type(name="Panic")
class PanicType:
    id: strawberry.ID
    scope: RiskScopeType
    reason: str
    pressed_at: datetime
    pressed_by: str
    rearmed_at: datetime | None
    rearmed_by: str | None
    rearm_reason: str | None
    active: bool

    @classmethod
    def of(cls, panic: Panic) -> PanicType:
        return cls(
            id=strawberry.ID(str(panic.id)),
            scope=RiskScopeType.of(panic.scope),
            reason=panic.reason,
            pressed_at=panic.pressed_at,
            pressed_by=panic.pressed_by,
            rearmed_at=panic.rearmed_at,
            rearmed_by=panic.rearmed_by,
            rearm_reason=panic.rearm_reason,
            active=panic.active,
        )


@strawberry.type(name="Headroom")
class HeadroomType:
    rule: RiskRuleEnum
    limit: Decimal
    current: Decimal = strawberry.field(
        description="The figure moving toward the limit (the day's loss for a loss limit)"
    )
    headroom: Decimal = strawberry.field(description="What is left before it acts")
    used: Decimal = strawberry.field(description="Share of the limit used: 0–1, above 1 breached")

    @classmethod
    def of(cls, row: Headroom) -> HeadroomType:
        return cls(
            rule=RiskRuleEnum(row.rule.value),
            limit=row.limit,
            current=row.current,
            headroom=row.headroom,
            used=row.used.quantize(Decimal("0.0001")),
        )


@strawberry.type(name="ScopeRiskStatus")
class ScopeRiskStatusType:
    scope: RiskScopeType
    label: str
    limits: RiskLimitsType | None
    blocked: bool = strawberry.field(description="New entries refused for the rest of the day")
    disabled: bool = strawberry.field(description="Off until a person re-enables it")
    breached: RiskRuleEnum | None
    day_pnl: Decimal | None = strawberry.field(description="MTM plus realized, net of charges")
    gross_exposure: Decimal | None
    open_positions: int | None
    headroom: list[HeadroomType]
    panic: PanicType | None

    @classmethod
    def of(cls, status: ScopeStatus) -> ScopeRiskStatusType:
        numbers, state = status.numbers, status.state
        return cls(
            scope=RiskScopeType.of(status.scope),
            label=status.label,
            limits=RiskLimitsType.of(status.limits) if status.limits else None,
            blocked=state.blocked,
            disabled=state.disabled,
            breached=RiskRuleEnum(state.breached.value) if state.breached else None,
            day_pnl=numbers.day_pnl if numbers else None,
            gross_exposure=numbers.gross_exposure if numbers else None,
            open_positions=numbers.open_positions if numbers else None,
            headroom=[HeadroomType.of(h) for h in status.headroom],
            panic=PanicType.of(status.panic) if status.panic else None,
        )


@strawberry.type(name="RiskEvent")
class RiskEventType:
    id: strawberry.ID
    at: datetime
    kind: RiskEventKindEnum
    scope: RiskScopeType
    rule: RiskRuleEnum | None
    message: str
    detail: str = strawberry.field(description="JSON object with the event's figures")

    @classmethod
    def of(cls, event: RiskEvent) -> RiskEventType:
        return cls(
            id=strawberry.ID(str(event.id)),
            at=event.at,
            kind=RiskEventKindEnum(event.kind.value),
            scope=RiskScopeType.of(event.scope),
            rule=RiskRuleEnum(event.rule.value) if event.rule else None,
            message=event.message,
            detail=orjson.dumps(event.detail).decode(),
        )


@strawberry.type(name="RiskRejected")
class RiskRejectedError(UserError):
    """A risk rule refused the order: ``rule`` says which, ``scope`` where it is set."""

    rule: RiskRuleEnum
    scope: RiskScopeType | None

    @classmethod
    def of(cls, exc: RiskRejectedDomain) -> RiskRejectedError:
        return cls(
            message=exc.message,
            code=exc.code,
            rule=RiskRuleEnum(exc.rule.value),
            scope=RiskScopeType.of(exc.scope) if exc.scope else None,
        )
