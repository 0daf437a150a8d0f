"""The strategy builder: templates, building one from the chain, analytics, an account's legs."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.context import Info
from dalal.api.graphql.options.types import LegKindEnum, OptionStrategyLeg
from dalal.api.graphql.permissions import IsAuthenticated, require_principal
from dalal.api.graphql.trading.types import SideEnum
from dalal.domain.errors import DomainError, NotFound
from dalal.domain.option_strategies import (
    DESCRIPTIONS,
    RECIPES,
    StrategyLeg,
    Template,
    TemplateChoice,
)
from dalal.domain.orders import Side
from dalal.domain.payoff import LegKind
from dalal.services import option_strategies as service
from dalal.services.option_strategies import PricedLeg


@strawberry.enum(name="StrategyTemplate")
class StrategyTemplateEnum(Enum):
    LONG_STRADDLE = "LONG_STRADDLE"
    SHORT_STRADDLE = "SHORT_STRADDLE"
    LONG_STRANGLE = "LONG_STRANGLE"
    SHORT_STRANGLE = "SHORT_STRANGLE"
    IRON_CONDOR = "IRON_CONDOR"
    IRON_BUTTERFLY = "IRON_BUTTERFLY"
    BULL_CALL_SPREAD = "BULL_CALL_SPREAD"
    BEAR_PUT_SPREAD = "BEAR_PUT_SPREAD"
    CALL_RATIO_SPREAD = "CALL_RATIO_SPREAD"
    CALENDAR_SPREAD = "CALENDAR_SPREAD"


@strawberry.type
class TemplateLeg:
    side: SideEnum
    kind: LegKindEnum
    base: str = strawberry.field(description="ATM, CALL or PUT (the inner strikes)")
    wing: bool = strawberry.field(description="Steps 'wing' strikes further out from its base")
    ratio: int
    far_expiry: bool = strawberry.field(description="The next expiry (a calendar's far leg)")


@strawberry.type
class StrategyTemplateInfo:
    template: StrategyTemplateEnum
    description: str
    legs: list[TemplateLeg]


@strawberry.input
class StrategyLegInput:
    side: SideEnum
    kind: LegKindEnum
    expiry: date
    lots: int = 1
    strike: Decimal | None = strawberry.field(default=None, description="None for a future")
    entry_price: Decimal | None = strawberry.field(
        default=None, description="Per unit; the touch (buy at ask, sell at bid) when omitted"
    )

    def to_domain(self) -> StrategyLeg:
        return StrategyLeg(
            side=Side(self.side.value),
            kind=LegKind(self.kind.value),
            expiry=self.expiry,
            lots=self.lots,
            strike=self.strike,
            entry_price=self.entry_price,
        )


@strawberry.input
class PriceRangeInput:
    low: float
    high: float
    points: int = service.DEFAULT_POINTS


@strawberry.type
class OptionStrategy:
    legs: list[OptionStrategyLeg]


@strawberry.type
class PayoffPoint:
    price: float
    expiry: float = strawberry.field(description="P&L at the first expiry")
    at_date: float = strawberry.field(description="P&L at 'at', with IVs shifted by ivShift")


@strawberry.type(name="NetGreeks", description="The position's greeks in rupees")
class NetGreeksType:
    delta: float
    gamma: float
    theta: float = strawberry.field(description="₹ per calendar day")
    vega: float = strawberry.field(description="₹ per volatility point")
    rho: float


@strawberry.type
class OptionStrategyAnalytics:
    legs: list[OptionStrategyLeg]
    forward: float
    at: datetime
    payoff: list[PayoffPoint]
    breakevens: list[Decimal]
    max_profit: Decimal | None = strawberry.field(description="null when unlimited")
    max_loss: Decimal | None = strawberry.field(description="Negative; null when unlimited")
    unlimited_profit: bool
    unlimited_loss: bool
    net_premium: Decimal = strawberry.field(description="Positive: a net credit received")
    greeks: NetGreeksType
    probability_of_profit: float | None = strawberry.field(
        description="Lognormal at the ATM IV, at the first expiry"
    )
    margin: Decimal = strawberry.field(
        description="The core's approximate margin, leg by leg, hedges not offset"
    )

    @classmethod
    def of(cls, a: service.StrategyAnalytics) -> OptionStrategyAnalytics:
        g = a.greeks
        return cls(
            legs=[OptionStrategyLeg.of(p) for p in a.legs],
            forward=a.forward,
            at=a.at,
            payoff=[
                PayoffPoint(price=p, expiry=e, at_date=d)
                for p, e, d in zip(a.prices, a.expiry_pnl, a.at_pnl, strict=True)
            ],
            breakevens=a.breakevens,
            max_profit=a.max_profit,
            max_loss=a.max_loss,
            unlimited_profit=a.max_profit is None,
            unlimited_loss=a.max_loss is None,
            net_premium=a.net_premium,
            greeks=NetGreeksType(
                delta=g.delta, gamma=g.gamma, theta=g.theta, vega=g.vega, rho=g.rho
            ),
            probability_of_profit=a.probability_of_profit,
            margin=a.margin,
        )


BuildOptionStrategyResult = Annotated[
    OptionStrategy | errors.InvalidInput | errors.NotFound,
    strawberry.union("BuildOptionStrategyResult"),
]
OptionStrategyAnalyticsResult = Annotated[
    OptionStrategyAnalytics | errors.InvalidInput | errors.NotFound,
    strawberry.union("OptionStrategyAnalyticsResult"),
]


def _error(exc: DomainError) -> errors.InvalidInput | errors.NotFound:
    return errors.not_found(exc) if isinstance(exc, NotFound) else errors.invalid_input(exc)


def _legs(priced: list[PricedLeg]) -> list[OptionStrategyLeg]:
    return [OptionStrategyLeg.of(p) for p in priced]


@strawberry.type
class OptionStrategyQuery:
    @strawberry.field(description="The strategy templates and how each picks its legs")
    def strategy_templates(self) -> list[StrategyTemplateInfo]:
        return [
            StrategyTemplateInfo(
                template=StrategyTemplateEnum(t.value),
                description=DESCRIPTIONS[t],
                legs=[
                    TemplateLeg(
                        side=SideEnum(r.side.value),
                        kind=LegKindEnum(r.kind.value),
                        base=r.base.value,
                        wing=r.wing,
                        ratio=r.ratio,
                        far_expiry=r.far,
                    )
                    for r in RECIPES[t]
                ],
            )
            for t in Template
        ]

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description=(
            "A template's legs on the current chain, priced at the touch. Inner strikes sit "
            "'width' strikes from the ATM, or at |delta| when delta is given; wings 'wing' "
            "strikes further out"
        ),
    )
    async def build_option_strategy(  # noqa: PLR0917 - GraphQL arguments
        self,
        info: Info,
        template: StrategyTemplateEnum,
        underlying: str,
        expiry: date,
        lots: int = 1,
        width: int = 2,
        wing: int = 2,
        delta: float | None = None,
    ) -> BuildOptionStrategyResult:
        runtime = info.context.runtime
        try:
            priced = await service.build_strategy(
                runtime.uow_factory(),
                runtime.market,
                template=Template(template.value),
                underlying=underlying.strip(),
                expiry=expiry,
                choice=TemplateChoice(lots=lots, width=width, wing=wing, delta=delta),
            )
        except DomainError as exc:
            return _error(exc)
        return OptionStrategy(legs=_legs(priced))

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Payoff (at expiry and at a date), breakevens, extremes, greeks, POP, margin",
    )
    async def option_strategy_analytics(  # noqa: PLR0917 - GraphQL arguments
        self,
        info: Info,
        underlying: str,
        legs: list[StrategyLegInput],
        at: datetime | None = None,
        iv_shift: Annotated[
            float, strawberry.argument(description="Volatility points added to every IV")
        ] = 0.0,
        price_range: PriceRangeInput | None = None,
    ) -> OptionStrategyAnalyticsResult:
        runtime = info.context.runtime
        try:
            found = await service.strategy_analytics(
                runtime.uow_factory(),
                runtime.market,
                underlying=underlying.strip(),
                legs=[leg.to_domain() for leg in legs],
                at=at,
                iv_shift=iv_shift,
                price_range=(
                    service.PriceRange(price_range.low, price_range.high, price_range.points)
                    if price_range
                    else None
                ),
            )
        except DomainError as exc:
            return _error(exc)
        return OptionStrategyAnalytics.of(found)

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="An account's open option and futures positions as legs; null if not yours",
    )
    async def account_option_legs(
        self, info: Info, account_id: strawberry.ID
    ) -> list[OptionStrategyLeg] | None:
        try:
            wanted = uuid.UUID(str(account_id))
        except ValueError:
            return None
        try:
            found = await service.account_option_legs(
                info.context.runtime.uow_factory(),
                principal=require_principal(info.context),
                account_id=wanted,
            )
        except NotFound:
            return None
        return _legs([PricedLeg(leg, instrument, None) for leg, instrument in found])
