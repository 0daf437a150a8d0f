"""GraphQL types of the options area. Money (premium, P&L, margin, strikes) is ``Decimal``;
analytics (IV in percent, greeks, payoff curves, probabilities) are ``Float``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import strawberry

from dalal.api.graphql.errors import UserError
from dalal.api.graphql.trading.types import InstrumentType, QuoteType, SideEnum
from dalal.domain.instruments import Instrument
from dalal.services.option_strategies import PricedLeg
from dalal.services.options import ChainAnalytics, OptionGreeks


@strawberry.enum(name="PricingModel")
class PricingModelEnum(Enum):
    BS = "BS"
    BLACK76 = "BLACK76"


@strawberry.enum(name="OptionType")
class OptionTypeEnum(Enum):
    CE = "CE"
    PE = "PE"


@strawberry.enum(name="LegKind")
class LegKindEnum(Enum):
    CE = "CE"
    PE = "PE"
    FUT = "FUT"


@strawberry.enum(name="ForwardBasis")
class ForwardBasisEnum(Enum):
    FUTURE = "FUTURE"
    SYNTHETIC = "SYNTHETIC"
    SPOT = "SPOT"


@strawberry.enum(name="PcrBasis")
class PcrBasisEnum(Enum):
    OPEN_INTEREST = "OPEN_INTEREST"
    VOLUME = "VOLUME"


@strawberry.type
class OptionCalculation:
    price: float = strawberry.field(description="Per unit of the underlying")
    iv: float = strawberry.field(description="Implied (or given) volatility, in percent")
    delta: float
    gamma: float
    theta: float = strawberry.field(description="Per calendar day")
    vega: float = strawberry.field(description="Per 1 volatility point")
    rho: float = strawberry.field(description="Per 1% of rate")


@strawberry.type
class NoImpliedVolError(UserError):
    """The price has no implied volatility; ``reason`` says why (e.g. BELOW_INTRINSIC)."""

    reason: str
    field: str | None = None


@strawberry.type
class OptionAnalytics:
    iv: float | None = strawberry.field(description="Percent, from the mid (else the LTP)")
    delta: float | None
    gamma: float | None
    theta: float | None = strawberry.field(description="Per calendar day")
    vega: float | None = strawberry.field(description="Per 1 volatility point")
    oi: int | None = strawberry.field(description="Open interest in units; null: not reported")

    @classmethod
    def of(cls, g: OptionGreeks) -> OptionAnalytics:
        return cls(iv=g.iv, delta=g.delta, gamma=g.gamma, theta=g.theta, vega=g.vega, oi=g.oi)


def analytics_of(
    found: ChainAnalytics | None, instrument: Instrument | None
) -> OptionAnalytics | None:
    if found is None or instrument is None:
        return None
    greeks = found.by_token.get(instrument.token)
    return OptionAnalytics.of(greeks) if greeks is not None else None


@strawberry.type
class OptionChainSummary:
    spot: Decimal | None
    future_price: Decimal | None = strawberry.field(description="The same expiry's future")
    forward: float | None = strawberry.field(description="What the options are priced on")
    forward_basis: ForwardBasisEnum | None
    days_to_expiry: float = strawberry.field(description="Calendar days to 15:30 IST on expiry")
    atm_strike: Decimal | None = strawberry.field(description="The strike nearest the forward")
    pcr: float | None = strawberry.field(description="Puts over calls, on pcrBasis")
    pcr_basis: PcrBasisEnum
    max_pain: Decimal | None = strawberry.field(description="Weighed on pcrBasis")
    atm_iv: float | None

    @classmethod
    def of(cls, a: ChainAnalytics) -> OptionChainSummary:
        return cls(
            spot=a.spot,
            future_price=a.future_price,
            forward=a.forward,
            forward_basis=ForwardBasisEnum(a.forward_basis.value) if a.forward_basis else None,
            days_to_expiry=a.days_to_expiry,
            atm_strike=a.atm_strike,
            pcr=a.pcr,
            pcr_basis=PcrBasisEnum(a.pcr_basis.value),
            max_pain=a.max_pain,
            atm_iv=a.atm_iv,
        )


@strawberry.type
class OptionChainLiveRow:
    strike: Decimal
    is_atm: bool
    call: InstrumentType | None
    put: InstrumentType | None
    call_quote: QuoteType | None
    put_quote: QuoteType | None
    call_analytics: OptionAnalytics | None
    put_analytics: OptionAnalytics | None


@strawberry.type
class OptionChainSnapshot:
    underlying: str
    expiry: date
    at: datetime
    summary: OptionChainSummary
    rows: list[OptionChainLiveRow] = strawberry.field(description="Strikes around the ATM")


@strawberry.type
class OptionStrategyLeg:
    side: SideEnum
    kind: LegKindEnum
    strike: Decimal | None
    expiry: date
    lots: int
    quantity: int = strawberry.field(description="Units: lots × lot size")
    entry_price: Decimal | None
    iv: float | None = strawberry.field(description="Percent, from the chain")
    instrument: InstrumentType

    @classmethod
    def of(cls, p: PricedLeg) -> OptionStrategyLeg:
        return cls(
            side=SideEnum(p.leg.side.value),
            kind=LegKindEnum(p.leg.kind.value),
            strike=p.leg.strike,
            expiry=p.leg.expiry,
            lots=p.leg.lots,
            quantity=p.quantity,
            entry_price=p.leg.entry_price,
            iv=p.iv * 100.0 if p.iv is not None else None,
            instrument=InstrumentType.of(p.instrument),
        )
