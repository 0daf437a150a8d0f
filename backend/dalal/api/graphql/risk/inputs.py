"""GraphQL inputs of the risk area and their conversion to domain values.

A malformed value (a time that is not HH:MM, an unknown scope) raises the domain's
``InvalidInput`` naming the field, which the mutations return as a typed error.
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import strawberry

from dalal.api.graphql.risk.types import (
    BreachActionEnum,
    CarryRuleEnum,
    LevelOffsetEnum,
    RiskScopeKindEnum,
)
from dalal.domain.errors import InvalidInput
from dalal.domain.risk.levels import Level, Offset, PositionStops, Trail
from dalal.domain.risk.limits import (
    BreachAction,
    CarryRule,
    ProfitLock,
    RiskLimits,
    RiskScope,
    ScopeKind,
    Window,
)


@strawberry.input
class RiskScopeInput:
    kind: RiskScopeKindEnum
    id: str | None = strawberry.field(
        default=None, description="The account, strategy or signal group id; none for ALL"
    )

    def to_domain(self) -> RiskScope:
        kind = ScopeKind(self.kind.value)
        if kind is ScopeKind.ALL:
            return RiskScope.everything()
        ident = (self.id or "").strip()
        if not ident or len(ident) > 64:
            raise InvalidInput(f"Name the {kind.value.lower()} by its id.", field="scope")
        return RiskScope(kind, ident)


@strawberry.input
class LevelInput:
    offset: LevelOffsetEnum
    value: Decimal

    def to_domain(self) -> Level:
        return Level(Offset(self.offset.value), self.value)


@strawberry.input
class TrailInput:
    distance: LevelInput
    step: Decimal | None = strawberry.field(
        default=None, description="The stop moves only in whole steps of this many points"
    )
    activation: LevelInput | None = strawberry.field(
        default=None, description="Trailing starts once the price reaches this level"
    )

    def to_domain(self) -> Trail:
        return Trail(
            self.distance.to_domain(),
            self.step,
            self.activation.to_domain() if self.activation else None,
        )


@strawberry.input
class PositionStopsInput:
    stop_loss: LevelInput | None = None
    target: LevelInput | None = None
    trailing_stop: TrailInput | None = None

    def to_domain(self) -> PositionStops:
        return stops_of(self.stop_loss, self.target, self.trailing_stop)


def stops_of(
    stop_loss: LevelInput | None, target: LevelInput | None, trail: TrailInput | None
) -> PositionStops:
    return PositionStops(
        stop_loss=stop_loss.to_domain() if stop_loss else None,
        target=target.to_domain() if target else None,
        trail=trail.to_domain() if trail else None,
    )


@strawberry.input
class ProfitLockInput:
    activate_at: Decimal
    lock: Decimal
    step: Decimal | None = None
    step_lock: Decimal | None = None

    def to_domain(self) -> ProfitLock:
        return ProfitLock(self.activate_at, self.lock, self.step, self.step_lock)


@strawberry.input
class WindowInput:
    start: str = strawberry.field(description="HH:MM IST")
    end: str = strawberry.field(description="HH:MM IST")

    def to_domain(self, field: str) -> Window:
        return Window(parse_time(self.start, field), parse_time(self.end, field))


def parse_time(raw: str, field: str) -> time:
    try:
        parsed = time.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput("Give the time as HH:MM (IST), e.g. 15:10.", field=field) from None
    return parsed.replace(second=0, microsecond=0)


@strawberry.input
class RiskLimitsInput:
    daily_loss_limit: Decimal | None = None
    daily_profit_target: Decimal | None = None
    max_gross_exposure: Decimal | None = None
    max_order_value: Decimal | None = None
    max_order_quantity: int | None = None
    max_positions: int | None = None
    square_off_at: str | None = strawberry.field(default=None, description="HH:MM IST")
    carry: CarryRuleEnum = CarryRuleEnum.CARRY
    on_breach: BreachActionEnum = BreachActionEnum.SQUARE_OFF
    mtm_stop_loss: Decimal | None = None
    mtm_target: Decimal | None = None
    profit_lock: ProfitLockInput | None = None
    max_signals_per_day: int | None = None
    entry_window: WindowInput | None = None
    exit_window: WindowInput | None = None
    position_stops: PositionStopsInput | None = None

    def to_domain(self) -> RiskLimits:
        stops = self.position_stops.to_domain() if self.position_stops else None
        return RiskLimits(
            daily_loss_limit=self.daily_loss_limit,
            daily_profit_target=self.daily_profit_target,
            max_gross_exposure=self.max_gross_exposure,
            max_order_value=self.max_order_value,
            max_order_quantity=self.max_order_quantity,
            max_positions=self.max_positions,
            square_off_at=parse_time(self.square_off_at, "squareOffAt")
            if self.square_off_at
            else None,
            carry=CarryRule(self.carry.value),
            on_breach=BreachAction(self.on_breach.value),
            mtm_stop_loss=self.mtm_stop_loss,
            mtm_target=self.mtm_target,
            profit_lock=self.profit_lock.to_domain() if self.profit_lock else None,
            max_signals_per_day=self.max_signals_per_day,
            entry_window=self.entry_window.to_domain("entryWindow") if self.entry_window else None,
            exit_window=self.exit_window.to_domain("exitWindow") if self.exit_window else None,
            position_stops=None if stops is None or stops.empty else stops,
        )
