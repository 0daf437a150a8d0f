"""Payoff of a multi-leg option position: curves, breakevens, extremes and probability of profit.

Conventions:

- The price axis is the **underlying's price at valuation**, used as the forward of every leg
  (index options are priced on the future; a calendar spread's legs then share one forward).
- A leg's P&L is ``sign·quantity·(value − entry)``; ``sign`` is +1 bought, −1 sold, quantity
  in units (lots × lot size), ``entry`` the premium per unit (the price for a future).
- **At expiry** means at the *first* expiry among the legs: legs expiring then pay their
  intrinsic value, later ones keep their Black-76 value with the time they have left.
- **At a date** every option leg is valued with Black-76 at its remaining time and its IV
  plus ``iv_shift`` (in vol points, floored at 0.01%).
- **Breakevens** are the roots of the P&L: sign changes between grid points, refined to
  machine precision with Brent's method on the P&L function itself.
- **Unlimited**: beyond the grid, a single-expiry P&L is linear with slope ``Σ sign·quantity``
  over calls and futures: a positive slope means unlimited profit, negative unlimited loss.
  Downwards the price stops at zero, so the P&L at zero is included instead.
- **Probability of profit**: the lognormal probability that the underlying ends where the
  P&L at the first expiry is positive, ``ln(S_T/F) ~ N(−σ²t/2, σ²t)``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.optimize import brentq
from scipy.special import ndtr

from dalal.domain.options import FloatArray, black76_greeks, black76_price

MIN_VOL = 1e-4


class LegKind(StrEnum):
    CE = "CE"
    PE = "PE"
    FUT = "FUT"


@dataclass(frozen=True, slots=True)
class PayoffLeg:
    """One leg, as floats: payoff curves are analytics (money is summed in Decimal elsewhere)."""

    sign: int  # +1 bought, -1 sold
    kind: LegKind
    strike: float  # 0 for a future
    quantity: int  # units
    entry: float  # premium (or futures price) per unit
    years: float  # from valuation time to the leg's expiry
    iv: float = 0.0  # annualised fraction; unused for futures

    @property
    def weight(self) -> float:
        return float(self.sign * self.quantity)


def _leg_value(
    leg: PayoffLeg, prices: FloatArray, years: float, vol: float, rate: float
) -> FloatArray:
    if leg.kind is LegKind.FUT:
        return prices
    call = leg.kind is LegKind.CE
    if years <= 0.0:
        gap = prices - leg.strike if call else leg.strike - prices
        return np.maximum(gap, 0.0)
    return black76_price(prices, leg.strike, years, max(vol, MIN_VOL), rate=rate, is_call=call)


def pnl_at(
    legs: Sequence[PayoffLeg],
    prices: FloatArray,
    *,
    elapsed: float,
    rate: float = 0.0,
    iv_shift: float = 0.0,
) -> FloatArray:
    """P&L of the legs at each price, ``elapsed`` years after valuation, IVs shifted by
    ``iv_shift`` vol points."""
    total = np.zeros_like(prices, dtype=np.float64)
    for leg in legs:
        left = max(leg.years - elapsed, 0.0)
        value = _leg_value(leg, prices, left, leg.iv + iv_shift / 100.0, rate)
        total += leg.weight * (value - leg.entry)
    return total


def first_expiry(legs: Sequence[PayoffLeg]) -> float:
    options = [leg.years for leg in legs if leg.kind is not LegKind.FUT]
    return min(options or [leg.years for leg in legs] or [0.0])


def pnl_at_expiry(
    legs: Sequence[PayoffLeg], prices: FloatArray, *, rate: float = 0.0
) -> FloatArray:
    return pnl_at(legs, prices, elapsed=first_expiry(legs), rate=rate)


def breakevens(
    pnl: Callable[[FloatArray], FloatArray], prices: FloatArray, values: FloatArray
) -> list[float]:
    """Prices where the P&L crosses zero, each refined between its two grid points."""
    found: list[float] = []
    for i in range(len(prices) - 1):
        a, b, fa, fb = prices[i], prices[i + 1], values[i], values[i + 1]
        if fa == 0.0:
            if not found or found[-1] != a:
                found.append(float(a))
        elif fa * fb < 0.0:

            def f(x: float) -> float:
                return float(pnl(np.array([x]))[0])

            found.append(float(brentq(f, a, b, xtol=1e-12, rtol=4 * np.finfo(float).eps)))
    if len(values) and values[-1] == 0.0 and (not found or found[-1] != prices[-1]):
        found.append(float(prices[-1]))
    return found


def upside_slope(legs: Sequence[PayoffLeg]) -> float:
    """d P&L / d price far above every strike: calls and futures move one for one."""
    return sum(leg.weight for leg in legs if leg.kind in (LegKind.CE, LegKind.FUT))


@dataclass(frozen=True, slots=True)
class Extremes:
    """The highest and lowest P&L (a loss is negative); None where unlimited."""

    max_profit: float | None
    max_loss: float | None

    @property
    def unlimited_profit(self) -> bool:
        return self.max_profit is None

    @property
    def unlimited_loss(self) -> bool:
        return self.max_loss is None


def extremes(legs: Sequence[PayoffLeg], prices: FloatArray, *, rate: float = 0.0) -> Extremes:
    """Max profit and loss at the first expiry: over the grid, zero and every strike (the kinks
    of a single-expiry payoff, so exact there), unlimited where the upside slope says so."""
    kinks = [leg.strike for leg in legs if leg.kind is not LegKind.FUT]
    points = np.unique(np.concatenate([prices, [0.0], kinks]))
    values = pnl_at_expiry(legs, points, rate=rate)
    slope = upside_slope(legs)
    best, worst = float(values.max()), float(values.min())
    return Extremes(
        max_profit=None if slope > 0 else best,
        max_loss=None if slope < 0 else worst,
    )


def probability_of_profit(
    legs: Sequence[PayoffLeg], forward: float, vol: float, *, rate: float = 0.0
) -> float | None:
    """Lognormal probability that the P&L at the first expiry ends above zero."""
    t = first_expiry(legs)
    if forward <= 0 or vol <= 0 or t <= 0:
        return None
    spread = vol * math.sqrt(t)
    lo, hi = forward * math.exp(-8 * spread), forward * math.exp(8 * spread)
    strikes = [leg.strike for leg in legs if leg.strike > 0]
    grid = np.unique(np.concatenate([np.geomspace(lo, hi, 2001), strikes]))

    def pnl(x: FloatArray) -> FloatArray:
        return pnl_at_expiry(legs, x, rate=rate)

    roots = breakevens(pnl, grid, pnl(grid))
    edges = [0.0, *roots, math.inf]

    def cdf(x: float) -> float:
        if x <= 0:
            return 0.0
        if math.isinf(x):
            return 1.0
        return float(ndtr((math.log(x / forward) + 0.5 * spread * spread) / spread))

    total = 0.0
    for a, b in itertools.pairwise(edges):
        probe = _inside(a, b, lo, hi)
        if float(pnl(np.array([probe]))[0]) > 0:
            total += cdf(b) - cdf(a)
    return min(max(total, 0.0), 1.0)


def _inside(a: float, b: float, lo: float, hi: float) -> float:
    if math.isinf(b):
        return max(a, hi) * 2.0
    if a <= 0.0:
        return min(b, lo) / 2.0
    return 0.5 * (a + b)


@dataclass(frozen=True, slots=True)
class NetGreeks:
    """Position greeks in rupees: Σ sign·quantity·greek, in :mod:`dalal.domain.options` units."""

    delta: float
    gamma: float
    theta: float
    vega: float
    rho: float


def net_greeks(legs: Sequence[PayoffLeg], forward: float, *, rate: float = 0.0) -> NetGreeks:
    """The legs' greeks at the valuation time, summed (a future has delta one, nothing else)."""
    totals = dict.fromkeys(("delta", "gamma", "theta", "vega", "rho"), 0.0)
    for leg in legs:
        if leg.kind is LegKind.FUT:
            totals["delta"] += leg.weight
            continue
        g = black76_greeks(
            forward, leg.strike, leg.years, max(leg.iv, MIN_VOL), rate=rate,
            is_call=leg.kind is LegKind.CE,
        )  # fmt: skip
        for name in totals:
            totals[name] += leg.weight * float(getattr(g, name))
    return NetGreeks(**totals)
