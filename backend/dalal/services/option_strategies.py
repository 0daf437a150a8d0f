"""The strategy builder's use cases: templates priced from quotes, analytics, an account's legs.

Legs are priced at the touch a market order would meet (a buy at the ask, a sell at the bid,
else the last price) unless they carry an entry price. IVs come from the chain analytics of
each leg's expiry. Margin is the trading core's (``dalal.domain.margin``), summed leg by leg
as NRML orders from flat: that model gives hedges no offset, so a spread's figure errs high.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

import numpy as np

from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.margin import required_margin
from dalal.domain.market import Quote
from dalal.domain.money import ZERO, to_paise
from dalal.domain.option_strategies import (
    ChainView,
    StrategyLeg,
    Template,
    TemplateChoice,
    build_template,
    validate_legs,
)
from dalal.domain.options import DAYS_PER_YEAR, FloatArray, year_fraction
from dalal.domain.orders import Product, Side
from dalal.domain.payoff import (
    LegKind,
    NetGreeks,
    PayoffLeg,
    breakevens,
    extremes,
    first_expiry,
    net_greeks,
    pnl_at,
    pnl_at_expiry,
    probability_of_profit,
)
from dalal.domain.users import Principal
from dalal.services.market import MarketDeps
from dalal.services.options import (
    DERIVATIVE_KINDS,
    RISK_FREE_RATE,
    ChainAnalytics,
    analyse_chain,
    chain_of,
)
from dalal.services.ports import UnitOfWork

MAX_POINTS = 2001
DEFAULT_POINTS = 201


@dataclass(frozen=True, slots=True)
class PricedLeg:
    leg: StrategyLeg  # entry_price always set
    instrument: Instrument
    iv: float | None  # annualised fraction, from the chain

    @property
    def quantity(self) -> int:
        return self.leg.lots * self.instrument.lot_size


@dataclass(frozen=True, slots=True)
class PriceRange:
    low: float
    high: float
    points: int = DEFAULT_POINTS


@dataclass(frozen=True, slots=True)
class StrategyAnalytics:
    legs: list[PricedLeg]
    forward: float
    at: datetime
    prices: list[float]
    expiry_pnl: list[float]
    at_pnl: list[float]
    breakevens: list[Decimal]
    max_profit: Decimal | None  # None: unlimited
    max_loss: Decimal | None  # negative for a loss; None: unlimited
    net_premium: Decimal  # positive: a credit received
    greeks: NetGreeks
    probability_of_profit: float | None
    margin: Decimal


@dataclass(frozen=True, slots=True)
class _Market:
    """Everything legs of one underlying are priced from, read in one unit of work."""

    underlying: str
    contracts: list[Instrument]
    spot: Instrument | None
    chains: dict[date, ChainAnalytics]


async def _load(
    uow: UnitOfWork, market: MarketDeps, underlying: str, expiries: set[date]
) -> _Market:
    now = market.now()
    today = market.calendar.trading_day(now)
    async with uow:
        contracts = await uow.instruments.of_underlying(
            underlying, DERIVATIVE_KINDS, expiry_from=today
        )
        spot = await uow.instruments.by_symbol(underlying, Exchange.NSE)
    chains = {}
    for expiry in expiries:
        chain = chain_of(contracts, spot, underlying=underlying, expiry=expiry)
        chains[expiry] = analyse_chain(chain, market.quotes.latest, now=now)
    return _Market(underlying, contracts, spot, chains)


def _instrument(found: _Market, leg: StrategyLeg, index: int) -> Instrument:
    kind = InstrumentType(leg.kind.value)
    for c in found.contracts:
        if c.instrument_type is kind and c.expiry == leg.expiry and c.strike == leg.strike:
            return c
    what = f"{leg.strike}{leg.kind.value}" if leg.strike is not None else "FUT"
    raise NotFound(
        f"No {found.underlying} {what} expiring {leg.expiry.isoformat()} is listed. "
        "Pick a strike and expiry from the chain.",
        field=f"legs.{index}",
    )


def _touch(quote: Quote | None, side: Side) -> Decimal | None:
    if quote is None:
        return None
    touch = quote.ask if side is Side.BUY else quote.bid
    return touch if touch is not None else quote.ltp


def _price(found: _Market, market: MarketDeps, leg: StrategyLeg, index: int) -> PricedLeg:
    instrument = _instrument(found, leg, index)
    entry = leg.entry_price or _touch(market.quotes.get(instrument.token), leg.side)
    if entry is None:
        raise InvalidInput(
            f"{instrument.tradingsymbol} has no quote yet; give the leg an entry price.",
            field=f"legs.{index}.entryPrice",
        )
    greeks = found.chains[leg.expiry].by_token.get(instrument.token)
    iv = greeks.iv / 100.0 if greeks is not None and greeks.iv is not None else None
    return PricedLeg(replace(leg, entry_price=entry), instrument, iv)


async def price_legs(
    uow: UnitOfWork, market: MarketDeps, *, underlying: str, legs: Sequence[StrategyLeg]
) -> tuple[list[PricedLeg], _Market]:
    validate_legs(legs)
    found = await _load(uow, market, underlying.upper(), {leg.expiry for leg in legs})
    return [_price(found, market, leg, i) for i, leg in enumerate(legs)], found


async def build_strategy(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    template: Template,
    underlying: str,
    expiry: date,
    choice: TemplateChoice,
) -> list[PricedLeg]:
    """A template's legs on the current chain, priced from the quotes."""
    name = underlying.upper()
    found = await _load(uow, market, name, {expiry})
    analytics = found.chains[expiry]
    chain = chain_of(found.contracts, found.spot, underlying=name, expiry=expiry)
    if analytics.atm_strike is None:
        raise InvalidInput(f"{name} has no quotes yet, so no at-the-money strike; try again soon.")

    def delta(instrument: Instrument | None) -> float:
        g = analytics.by_token.get(instrument.token) if instrument else None
        return g.delta if g is not None and g.delta is not None else math.nan

    view = ChainView(
        strikes=[r.strike for r in chain.rows],
        atm=next(i for i, r in enumerate(chain.rows) if r.strike == analytics.atm_strike),
        call_deltas=[delta(r.call) for r in chain.rows],
        put_deltas=[delta(r.put) for r in chain.rows],
    )
    later = [e for e in chain.expiries if e > expiry]
    legs = build_template(
        template, view, expiry=expiry, far_expiry=later[0] if later else None, choice=choice
    )
    priced, _ = await price_legs(uow, market, underlying=name, legs=legs)
    return priced


def _payoff_legs(legs: Sequence[PricedLeg], now: datetime, fallback_iv: float) -> list[PayoffLeg]:
    return [
        PayoffLeg(
            sign=p.leg.side.sign,
            kind=p.leg.kind,
            strike=float(p.leg.strike or 0),
            quantity=p.quantity,
            entry=float(p.leg.entry_price or 0),
            years=year_fraction(now, p.leg.expiry),
            iv=p.iv if p.iv is not None else fallback_iv,
        )
        for p in legs
    ]


def _grid(price_range: PriceRange | None, forward: float, vol: float, years: float) -> FloatArray:
    if price_range is None:
        spread = max(3.0 * vol * math.sqrt(max(years, 1 / DAYS_PER_YEAR)), 0.05)
        return np.linspace(forward * math.exp(-spread), forward * math.exp(spread), DEFAULT_POINTS)
    if not (0 <= price_range.low < price_range.high and 2 <= price_range.points <= MAX_POINTS):
        raise InvalidInput(
            f"Give a price range with 0 ≤ low < high and 2 to {MAX_POINTS} points.",
            field="priceRange",
        )
    return np.linspace(price_range.low, price_range.high, price_range.points)


def _reference_vol(chain: ChainAnalytics, legs: Sequence[PricedLeg]) -> float:
    """The first expiry's ATM IV, else the legs' mean IV, else 15%: the lognormal's vol."""
    if chain.atm_iv is not None:
        return chain.atm_iv / 100.0
    ivs = [p.iv for p in legs if p.iv is not None]
    return float(np.mean(ivs)) if ivs else 0.15


def _money(value: float | None) -> Decimal | None:
    return to_paise(Decimal(repr(value))) if value is not None else None


def _margin(legs: Sequence[PricedLeg], market: MarketDeps) -> Decimal:
    total = ZERO
    for p in legs:
        total += required_margin(
            p.instrument, Product.NRML, p.leg.side, p.quantity, p.leg.entry_price or ZERO,
            config=market.margin,
        )  # fmt: skip
    return total


async def strategy_analytics(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    underlying: str,
    legs: Sequence[StrategyLeg],
    at: datetime | None = None,
    iv_shift: float = 0.0,
    price_range: PriceRange | None = None,
) -> StrategyAnalytics:
    """Payoff at expiry and at ``at`` (IVs shifted by ``iv_shift`` points), breakevens,
    extremes, premium, greeks, probability of profit and margin."""
    priced, found = await price_legs(uow, market, underlying=underlying, legs=legs)
    now = market.now()
    nearest = min(p.leg.expiry for p in priced)
    chain = found.chains[nearest]
    if chain.forward is None:
        raise InvalidInput(f"{found.underlying} has no quotes yet; try again soon.")
    vol = _reference_vol(chain, priced)
    payoff = _payoff_legs(priced, now, vol)
    if at is not None and at.tzinfo is None:
        raise InvalidInput(
            "Give 'at' with its UTC offset, e.g. 2026-12-01T15:30:00+05:30.", field="at"
        )
    when = at or now
    elapsed = (when - now).total_seconds() / 86_400.0 / DAYS_PER_YEAR
    if not 0 <= elapsed <= first_expiry(payoff) + 1e-12:
        raise InvalidInput("Pick a date between now and the first expiry.", field="at")
    if not -100 < iv_shift <= 500:
        raise InvalidInput("Shift IVs by more than -100 and at most 500 points.", field="ivShift")
    grid = _grid(price_range, chain.forward, vol, first_expiry(payoff))
    at_expiry = pnl_at_expiry(payoff, grid, rate=RISK_FREE_RATE)
    found_extremes = extremes(payoff, grid, rate=RISK_FREE_RATE)
    roots = breakevens(lambda x: pnl_at_expiry(payoff, x, rate=RISK_FREE_RATE), grid, at_expiry)
    return StrategyAnalytics(
        legs=priced,
        forward=chain.forward,
        at=when,
        prices=grid.tolist(),
        expiry_pnl=at_expiry.tolist(),
        at_pnl=pnl_at(
            payoff, grid, elapsed=elapsed, rate=RISK_FREE_RATE, iv_shift=iv_shift
        ).tolist(),
        breakevens=[to_paise(Decimal(repr(r))) for r in roots],
        max_profit=_money(found_extremes.max_profit),
        max_loss=_money(found_extremes.max_loss),
        net_premium=sum(
            (-p.leg.side.sign * p.quantity * (p.leg.entry_price or ZERO) for p in priced), ZERO
        ),
        greeks=net_greeks(payoff, chain.forward, rate=RISK_FREE_RATE),
        probability_of_profit=probability_of_profit(
            payoff, chain.forward, vol, rate=RISK_FREE_RATE
        ),
        margin=_margin(priced, market),
    )


async def account_option_legs(
    uow: UnitOfWork, *, principal: Principal, account_id: uuid.UUID
) -> list[tuple[StrategyLeg, Instrument]]:
    """The account's open option and futures positions as legs (entry: the average price)."""
    async with uow:
        account = await uow.accounts.get_owned(account_id, principal.user.id)
        if account is None:
            raise NotFound("No such account among yours. Pick one of your accounts.")
        positions = [p for p in await uow.positions.for_accounts([account.id]) if p.is_open]
        instruments = await uow.instruments.get_many({p.token for p in positions})
    legs = []
    for p in positions:
        instrument = instruments.get(p.token)
        if instrument is None or not instrument.is_derivative or instrument.expiry is None:
            continue
        legs.append(
            (
                StrategyLeg(
                    side=Side.BUY if p.quantity > 0 else Side.SELL,
                    kind=LegKind(instrument.instrument_type.value),
                    expiry=instrument.expiry,
                    lots=abs(p.quantity) // instrument.lot_size,
                    strike=instrument.strike,
                    entry_price=p.average_price,
                ),
                instrument,
            )
        )
    return legs
