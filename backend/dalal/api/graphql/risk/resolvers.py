"""Risk queries, mutations and the ``riskEvents`` subscription.

Everything is the caller's own: rules, status, panics and events are read per user, and a
scope that names someone else's account or group is ``NotFound`` (as an unknown one is).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.context import Info
from dalal.api.graphql.pagination import check_page_size
from dalal.api.graphql.permissions import CanTrade, IsAuthenticated, require_principal
from dalal.api.graphql.risk.inputs import PositionStopsInput, RiskLimitsInput, RiskScopeInput
from dalal.api.graphql.risk.types import (
    GuardedPositionType,
    PanicType,
    PositionGuardType,
    RiskEventType,
    RiskLimitsType,
    ScopeRiskStatusType,
)
from dalal.api.graphql.trading.types import ExchangeEnum, ProductEnum
from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.instruments import Exchange
from dalal.domain.orders import Product
from dalal.services import panic as panic_service
from dalal.services import risk_rules
from dalal.services.position_stops import set_position_stops
from dalal.services.risk_exits import risk_channel
from dalal.services.risk_status import risk_status


@strawberry.type(name="RiskStatus")
class RiskStatusType:
    scopes: list[ScopeRiskStatusType]
    panics: list[PanicType] = strawberry.field(description="Panics in force")
    guards: list[GuardedPositionType] = strawberry.field(description="Positions with stops")
    global_panic: PanicType | None = strawberry.field(
        description="The panic on everything, while it is in force"
    )


@strawberry.type
class SetRiskLimitsSuccess:
    limits: RiskLimitsType


@strawberry.type
class ClearRiskLimitsSuccess:
    removed: bool


@strawberry.type
class ReenableRiskScopeSuccess:
    limits: RiskLimitsType


@strawberry.type
class PressPanicSuccess:
    panic: PanicType
    cancelled_orders: int
    exit_orders: int
    already_in_force: bool


@strawberry.type
class RearmPanicSuccess:
    panic: PanicType


@strawberry.type
class SetPositionStopsSuccess:
    guard: PositionGuardType | None = strawberry.field(description="Null when stops were removed")


SetRiskLimitsResult = Annotated[
    SetRiskLimitsSuccess | errors.InvalidInput | errors.NotFound,
    strawberry.union("SetRiskLimitsResult"),
]
ClearRiskLimitsResult = Annotated[
    ClearRiskLimitsSuccess | errors.InvalidInput | errors.NotFound,
    strawberry.union("ClearRiskLimitsResult"),
]
ReenableRiskScopeResult = Annotated[
    ReenableRiskScopeSuccess | errors.InvalidInput | errors.NotFound,
    strawberry.union("ReenableRiskScopeResult"),
]
PressPanicResult = Annotated[
    PressPanicSuccess | errors.InvalidInput | errors.NotFound,
    strawberry.union("PressPanicResult"),
]
RearmPanicResult = Annotated[
    RearmPanicSuccess | errors.InvalidInput | errors.NotFound,
    strawberry.union("RearmPanicResult"),
]
SetPositionStopsResult = Annotated[
    SetPositionStopsSuccess | errors.InvalidInput | errors.NotFound,
    strawberry.union("SetPositionStopsResult"),
]


def _error(exc: InvalidInput | NotFound) -> errors.UserError:
    if isinstance(exc, NotFound):
        return errors.not_found(exc)
    return errors.invalid_input(exc)


@strawberry.input
class SetPositionStopsInput:
    account_id: strawberry.ID
    symbol: str
    product: ProductEnum = ProductEnum.MIS
    exchange: ExchangeEnum | None = None
    stops: PositionStopsInput = strawberry.field(
        description="Empty (no stop, target or trail) removes the position's stops"
    )


@strawberry.type
class RiskQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Every scope of yours: live day P&L, exposure and positions against each "
        "limit, with the headroom left; the panics in force; the guarded positions",
    )
    async def risk_status(self, info: Info) -> RiskStatusType:
        runtime = info.context.runtime
        status = await risk_status(
            runtime.uow_factory(), runtime.market, principal=require_principal(info.context)
        )
        panics = [PanicType.of(p) for p in status.panics]
        return RiskStatusType(
            scopes=[ScopeRiskStatusType.of(s) for s in status.scopes],
            panics=panics,
            guards=[GuardedPositionType.of(g) for g in status.guards],
            global_panic=next((p for p in panics if p.scope.kind.value == "ALL"), None),
        )

    @strawberry.field(permission_classes=[IsAuthenticated], description="Newest first")
    async def risk_events(
        self, info: Info, first: int = 50, before: strawberry.ID | None = None
    ) -> list[RiskEventType]:
        before_id = int(before) if before is not None and str(before).isdigit() else None
        found = await risk_rules.risk_events(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            before_id=before_id,
            limit=check_page_size(first),
        )
        return [RiskEventType.of(e) for e in found]

    @strawberry.field(permission_classes=[IsAuthenticated], description="Newest first")
    async def panics(
        self, info: Info, active_only: bool = False, first: int = 50
    ) -> list[PanicType]:
        found = await risk_rules.panics(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            active_only=active_only,
            limit=check_page_size(first),
        )
        return [PanicType.of(p) for p in found]


@strawberry.type
class RiskMutation:
    @strawberry.mutation(permission_classes=[CanTrade])
    async def set_risk_limits(
        self, info: Info, scope: RiskScopeInput, limits: RiskLimitsInput
    ) -> SetRiskLimitsResult:
        runtime = info.context.runtime
        try:
            control = await risk_rules.set_risk_limits(
                runtime.uow_factory(),
                runtime.market,
                principal=require_principal(info.context),
                scope=scope.to_domain(),
                limits=limits.to_domain(),
            )
        except (InvalidInput, NotFound) as exc:
            return _error(exc)  # type: ignore[return-value]
        return SetRiskLimitsSuccess(limits=RiskLimitsType.of(control.limits))

    @strawberry.mutation(permission_classes=[CanTrade])
    async def clear_risk_limits(self, info: Info, scope: RiskScopeInput) -> ClearRiskLimitsResult:
        runtime = info.context.runtime
        try:
            removed = await risk_rules.clear_risk_limits(
                runtime.uow_factory(),
                runtime.market,
                principal=require_principal(info.context),
                scope=scope.to_domain(),
            )
        except (InvalidInput, NotFound) as exc:
            return _error(exc)  # type: ignore[return-value]
        return ClearRiskLimitsSuccess(removed=removed)

    @strawberry.mutation(
        permission_classes=[CanTrade],
        description="Lift a breach's block, or re-enable a disabled strategy or group",
    )
    async def reenable_risk_scope(
        self, info: Info, scope: RiskScopeInput, reason: str
    ) -> ReenableRiskScopeResult:
        runtime = info.context.runtime
        try:
            control = await risk_rules.reenable_scope(
                runtime.uow_factory(),
                runtime.market,
                principal=require_principal(info.context),
                scope=scope.to_domain(),
                reason=reason,
                ip=info.context.ip,
            )
        except (InvalidInput, NotFound) as exc:
            return _error(exc)  # type: ignore[return-value]
        return ReenableRiskScopeSuccess(limits=RiskLimitsType.of(control.limits))

    @strawberry.mutation(
        permission_classes=[CanTrade],
        description="Cancel every working order and square off every position in scope, "
        "then refuse new orders and signals there until a person re-arms it",
    )
    async def press_panic(self, info: Info, scope: RiskScopeInput, reason: str) -> PressPanicResult:
        runtime = info.context.runtime
        try:
            outcome = await panic_service.press_panic(
                runtime.uow_factory(),
                runtime.market,
                principal=require_principal(info.context),
                scope=scope.to_domain(),
                reason=reason,
                ip=info.context.ip,
            )
        except (InvalidInput, NotFound) as exc:
            return _error(exc)  # type: ignore[return-value]
        return PressPanicSuccess(
            panic=PanicType.of(outcome.panic),
            cancelled_orders=outcome.cancelled,
            exit_orders=outcome.exits,
            already_in_force=outcome.already_in_force,
        )

    @strawberry.mutation(permission_classes=[CanTrade], description="Lift a panic in force")
    async def rearm_panic(self, info: Info, scope: RiskScopeInput, reason: str) -> RearmPanicResult:
        runtime = info.context.runtime
        try:
            panic = await panic_service.rearm_panic(
                runtime.uow_factory(),
                runtime.market,
                principal=require_principal(info.context),
                scope=scope.to_domain(),
                reason=reason,
                ip=info.context.ip,
            )
        except (InvalidInput, NotFound) as exc:
            return _error(exc)  # type: ignore[return-value]
        return RearmPanicSuccess(panic=PanicType.of(panic))

    @strawberry.mutation(permission_classes=[CanTrade])
    async def set_position_stops(
        self, info: Info, input: SetPositionStopsInput
    ) -> SetPositionStopsResult:
        runtime = info.context.runtime
        try:
            account_id = uuid.UUID(str(input.account_id))
        except ValueError:
            return errors.NotFound(message="No such account among yours.", code="NOT_FOUND")
        try:
            guard = await set_position_stops(
                runtime.uow_factory(),
                runtime.market,
                principal=require_principal(info.context),
                account_id=account_id,
                symbol=input.symbol,
                product=Product(input.product.value),
                exchange=Exchange(input.exchange.value) if input.exchange else None,
                stops=input.stops.to_domain(),
            )
        except (InvalidInput, NotFound) as exc:
            return _error(exc)  # type: ignore[return-value]
        return SetPositionStopsSuccess(guard=PositionGuardType.of(guard) if guard else None)


@strawberry.type
class RiskSubscription:
    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def risk_events(self, info: Info) -> AsyncGenerator[RiskEventType, None]:
        """Your breaches, alerts, risk exits, panics and re-arms as they happen."""
        principal = require_principal(info.context)
        runtime = info.context.runtime
        async with runtime.bus.subscribe(risk_channel(principal.user.id)) as messages:
            async for message in messages:
                found = await risk_rules.risk_events(
                    runtime.uow_factory(),
                    principal=principal,
                    before_id=int(message["id"]) + 1,
                    limit=1,
                )
                if found and found[0].id == int(message["id"]):
                    yield RiskEventType.of(found[0])
