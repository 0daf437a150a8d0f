"""Algos: queries and mutations. Writes need the CanTrade permission."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.context import Info
from dalal.api.graphql.options.strategies import StrategyTemplateEnum
from dalal.api.graphql.permissions import CanTrade, IsAuthenticated, require_principal
from dalal.api.graphql.signals.enums import (
    ExpiryRuleEnum,
    FutureMonthEnum,
    SelectionKindEnum,
    StrikeRuleEnum,
    TargetModeEnum,
)
from dalal.api.graphql.signals.groups import HANDLED, signal_error
from dalal.api.graphql.signals.paging import ids_or_none, parse_uuid
from dalal.api.graphql.signals.types import AlgoType
from dalal.api.graphql.trading.types import OrderTypeEnum, ProductEnum
from dalal.domain import algos as domain
from dalal.domain.algo_templates import algo_legs
from dalal.domain.errors import InvalidInput
from dalal.domain.option_strategies import Template, TemplateChoice
from dalal.domain.orders import OrderType, Product
from dalal.services import algos as service


@strawberry.input
class InstrumentSelectionInput:
    kind: SelectionKindEnum
    symbol: str | None = strawberry.field(
        default=None, description="FIXED: the symbol; null: the signal's symbol"
    )
    underlying: str | None = strawberry.field(
        default=None, description="FUTURE, OPTION: the underlying; null: the signal's symbol"
    )
    month: FutureMonthEnum = FutureMonthEnum.CURRENT
    option_type: str | None = strawberry.field(default=None, description="CE or PE")
    expiry_rule: ExpiryRuleEnum = ExpiryRuleEnum.CURRENT_WEEK
    strike_rule: StrikeRuleEnum = StrikeRuleEnum.ATM
    strike_offset: int = strawberry.field(
        default=0, description="OFFSET: strikes from ATM; + is further out of the money"
    )
    target_premium: Decimal | None = None
    target_delta: float | None = None


@strawberry.input
class LegInput:
    selection: InstrumentSelectionInput
    lots: int = 1
    opposite: bool = strawberry.field(
        default=False, description="Trade against the signal's side (e.g. a hedge)"
    )


@strawberry.input(description="The legs of an option-strategy template, as a BUY entry opens it")
class AlgoTemplateInput:
    template: StrategyTemplateEnum
    underlying: str | None = strawberry.field(default=None, description="null: the signal's symbol")
    expiry_rule: ExpiryRuleEnum = ExpiryRuleEnum.CURRENT_WEEK
    lots: int = 1
    width: int = strawberry.field(default=2, description="Strikes from the ATM to inner strikes")
    wing: int = strawberry.field(default=2, description="Strikes from a base to its wing")
    delta: float | None = strawberry.field(
        default=None, description="Inner strikes by |delta| instead of by width"
    )


@strawberry.input
class AlgoTargetsInput:
    mode: TargetModeEnum = TargetModeEnum.ALL
    tag: str | None = None
    account_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input
class CreateAlgoInput:
    name: str
    legs: list[LegInput] = strawberry.field(
        default_factory=list, description="The legs; or give a template instead"
    )
    template: AlgoTemplateInput | None = None
    product: ProductEnum = ProductEnum.MIS
    order_type: OrderTypeEnum = OrderTypeEnum.MARKET
    targets: AlgoTargetsInput | None = None


@strawberry.input(description="Fields left out (or null) stay as they are")
class UpdateAlgoInput:
    id: strawberry.ID
    name: str | None = None
    legs: list[LegInput] | None = None
    template: AlgoTemplateInput | None = strawberry.field(
        default=None, description="Replace the legs with a template's"
    )
    product: ProductEnum | None = None
    order_type: OrderTypeEnum | None = None
    targets: AlgoTargetsInput | None = None


@strawberry.type
class AlgoSuccess:
    algo: AlgoType


AlgoResult = Annotated[
    AlgoSuccess | errors.InvalidInput | errors.NotFound | errors.NameTaken | errors.AlgoArchived,
    strawberry.union("AlgoResult"),
]

_MISSING = errors.NotFound(message="No such algo among yours.", code="NOT_FOUND")


def _selection(s: InstrumentSelectionInput) -> domain.InstrumentSelection:
    return domain.InstrumentSelection(
        kind=domain.SelectionKind(s.kind.value),
        symbol=(s.symbol or "").strip().upper() or None,
        underlying=(s.underlying or "").strip().upper() or None,
        month=domain.FutureMonth(s.month.value),
        option_type=(s.option_type or "").strip().upper() or None,
        expiry_rule=domain.ExpiryRule(s.expiry_rule.value),
        strike_rule=domain.StrikeRule(s.strike_rule.value),
        strike_offset=s.strike_offset,
        target_premium=s.target_premium,
        target_delta=s.target_delta,
    )


def _legs(legs: list[LegInput]) -> tuple[domain.Leg, ...]:
    return tuple(
        domain.Leg(selection=_selection(leg.selection), lots=leg.lots, opposite=leg.opposite)
        for leg in legs
    )


def _template_legs(t: AlgoTemplateInput) -> tuple[domain.Leg, ...]:
    return algo_legs(
        Template(t.template.value),
        underlying=(t.underlying or "").strip().upper() or None,
        expiry_rule=domain.ExpiryRule(t.expiry_rule.value),
        choice=TemplateChoice(lots=t.lots, width=t.width, wing=t.wing, delta=t.delta),
    )


def _legs_of(
    legs: list[LegInput] | None, template: AlgoTemplateInput | None
) -> tuple[domain.Leg, ...] | None:
    if template is None:
        return None if legs is None else _legs(legs)
    if legs:
        raise InvalidInput("Give the legs or a template, not both.", field="template")
    return _template_legs(template)


def _targets(t: AlgoTargetsInput | None) -> domain.Targets:
    if t is None:
        return domain.Targets()
    account_ids = ids_or_none(t.account_ids)
    if account_ids is None:
        raise InvalidInput(
            "No such account among yours; choose the algo's accounts again.",
            field="targets.accountIds",
        )
    return domain.Targets(
        mode=domain.TargetMode(t.mode.value), tag=t.tag, account_ids=tuple(account_ids)
    )


def _spec(input: CreateAlgoInput) -> service.AlgoSpec:
    return service.AlgoSpec(
        name=input.name,
        legs=_legs_of(input.legs, input.template) or (),
        product=Product(input.product.value),
        order_type=OrderType(input.order_type.value),
        targets=_targets(input.targets),
    )


def _changes(input: UpdateAlgoInput) -> dict[str, object]:
    changes: dict[str, object] = {}
    if input.name is not None:
        changes["name"] = input.name
    legs = _legs_of(input.legs, input.template)
    if legs is not None:
        changes["legs"] = legs
    if input.product is not None:
        changes["product"] = Product(input.product.value)
    if input.order_type is not None:
        changes["order_type"] = OrderType(input.order_type.value)
    if input.targets is not None:
        changes["targets"] = _targets(input.targets)
    return changes


@strawberry.type
class AlgoQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Your algos")
    async def algos(self, info: Info, include_archived: bool = False) -> list[AlgoType]:
        found = await service.list_algos(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            include_archived=include_archived,
        )
        return [AlgoType.of(a) for a in found]


@strawberry.type
class AlgoMutation:
    @strawberry.mutation(permission_classes=[CanTrade])
    async def create_algo(self, info: Info, input: CreateAlgoInput) -> AlgoResult:
        runtime = info.context.runtime
        try:
            created = await service.create_algo(
                runtime.uow_factory(),
                runtime.clock,
                principal=require_principal(info.context),
                spec=_spec(input),
            )
        except HANDLED as exc:
            return signal_error(exc)  # type: ignore[return-value]
        return AlgoSuccess(algo=AlgoType.of(created))

    @strawberry.mutation(permission_classes=[CanTrade])
    async def update_algo(self, info: Info, input: UpdateAlgoInput) -> AlgoResult:
        algo_id = parse_uuid(input.id)
        if algo_id is None:
            return _MISSING
        runtime = info.context.runtime
        try:
            updated = await service.update_algo(
                runtime.uow_factory(),
                runtime.clock,
                principal=require_principal(info.context),
                algo_id=algo_id,
                changes=_changes(input),
            )
        except HANDLED as exc:
            return signal_error(exc)  # type: ignore[return-value]
        return AlgoSuccess(algo=AlgoType.of(updated))

    @strawberry.mutation(
        permission_classes=[CanTrade], description="Archived algos stop trading; history stays"
    )
    async def archive_algo(self, info: Info, id: strawberry.ID) -> AlgoResult:
        algo_id: uuid.UUID | None = parse_uuid(id)
        if algo_id is None:
            return _MISSING
        runtime = info.context.runtime
        try:
            archived = await service.archive_algo(
                runtime.uow_factory(),
                runtime.clock,
                principal=require_principal(info.context),
                algo_id=algo_id,
            )
        except HANDLED as exc:
            return signal_error(exc)  # type: ignore[return-value]
        return AlgoSuccess(algo=AlgoType.of(archived))
