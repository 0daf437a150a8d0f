"""The option calculator: one European option's price, implied volatility and greeks.

Shared by the ``optionCalculator`` query and the ``dalal option-calc`` command, so both answer
alike. Units are the ones a trader types and reads on an options screen:

- ``rate``, ``volatility``, ``dividend_yield`` and the returned ``iv`` are **percents**
  (``rate=7`` is 7% a year, continuously compounded; ``volatility=15`` is 15% annualised);
- ``days`` is calendar days to expiry and may be fractional, with ``t = days / 365``;
- for ``BLACK76`` the underlying is the futures price; for ``BS`` it is spot, with an optional
  continuous dividend yield;
- greeks follow :mod:`dalal.domain.options`: theta per calendar day, vega per volatility
  point, rho per 1% of rate, all per unit of the underlying.

Exactly one of ``volatility`` and ``price`` is given: with a volatility the price is computed;
with a price the implied volatility is solved first, and the greeks are taken at it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from dalal.domain.errors import DomainError, InvalidInput
from dalal.domain.options import (
    DAYS_PER_YEAR,
    IVFailure,
    black76_greeks,
    black76_price,
    black_scholes_greeks,
    black_scholes_price,
    implied_vol_black76,
    implied_vol_black_scholes,
)

MAX_DAYS = 3650.0  # ten years: longer-dated index options are not listed
MAX_PERCENT = 1000.0


class PricingModel(StrEnum):
    BS = "BS"  # Black-Scholes on spot, with a dividend yield
    BLACK76 = "BLACK76"  # Black-76 on the future


class NoImpliedVol(DomainError):
    """The price has no implied volatility; ``reason`` says why (an :class:`IVFailure`)."""

    code = "NO_IMPLIED_VOL"

    def __init__(self, message: str, *, reason: IVFailure) -> None:
        super().__init__(message, field="price")
        self.reason = reason


_REASONS = {
    IVFailure.INVALID_INPUT: "the inputs are not positive finite numbers",
    IVFailure.EXPIRED: "the option has expired, so its value no longer depends on volatility",
    IVFailure.BELOW_INTRINSIC: "the price is below the option's (discounted) intrinsic value",
    IVFailure.NO_TIME_VALUE: "the price equals the intrinsic value and has no time value left",
    IVFailure.ABOVE_UPPER_BOUND: "the price is at or above what any volatility could give",
    IVFailure.ABOVE_MAX_VOL: "it would take more than 1000% volatility to reach this price",
    IVFailure.NOT_CONVERGED: "the solver did not converge",
}


@dataclass(frozen=True, slots=True)
class OptionQuery:
    model: PricingModel
    is_call: bool
    underlying: float
    strike: float
    days: float
    rate: float  # percent
    volatility: float | None = None  # percent
    price: float | None = None
    dividend_yield: float = 0.0  # percent; Black-Scholes only


@dataclass(frozen=True, slots=True)
class OptionCalculation:
    """Price per unit, ``iv`` in percent, greeks in :mod:`dalal.domain.options` units."""

    price: float
    iv: float
    delta: float
    gamma: float
    theta: float
    vega: float
    rho: float


def _check(query: OptionQuery) -> None:
    for name, value in (("underlyingPrice", query.underlying), ("strike", query.strike)):
        if not (math.isfinite(value) and value > 0):
            raise InvalidInput(f"Enter a {name} above zero.", field=name)
    if not (math.isfinite(query.days) and 0 < query.days <= MAX_DAYS):
        raise InvalidInput(
            f"Enter days to expiry above 0 and up to {MAX_DAYS:.0f} (fractions allowed).",
            field="daysToExpiry",
        )
    for name, value in (("rate", query.rate), ("dividendYield", query.dividend_yield)):
        if not (math.isfinite(value) and abs(value) <= MAX_PERCENT):
            raise InvalidInput(f"Enter {name} as a percent, e.g. 7 for 7%.", field=name)
    if (query.volatility is None) == (query.price is None):
        raise InvalidInput(
            "Give either a volatility (to price the option) or a price (to find its implied "
            "volatility), not both and not neither.",
            field="volatility",
        )
    if query.volatility is not None and not (
        math.isfinite(query.volatility) and 0 < query.volatility <= MAX_PERCENT
    ):
        raise InvalidInput("Enter volatility as a percent above 0, e.g. 15.", field="volatility")
    if query.price is not None and not (math.isfinite(query.price) and query.price > 0):
        raise InvalidInput("Enter an option price above zero.", field="price")


def _implied(query: OptionQuery, t: float, rate: float, q: float, price: float) -> float:
    if query.model is PricingModel.BLACK76:
        solved = implied_vol_black76(
            price, query.underlying, query.strike, t, rate=rate, is_call=query.is_call
        )
    else:
        solved = implied_vol_black_scholes(
            price, query.underlying, query.strike, t, rate=rate, div_yield=q, is_call=query.is_call
        )
    if solved.failure is not None:
        raise NoImpliedVol(
            f"No implied volatility: {_REASONS[solved.failure]}. Check the price and inputs.",
            reason=solved.failure,
        )
    return solved.vol


def calculate_option(query: OptionQuery) -> OptionCalculation:
    """Price and greeks at a volatility, or implied volatility and greeks at a price."""
    _check(query)
    t, rate, q = query.days / DAYS_PER_YEAR, query.rate / 100.0, query.dividend_yield / 100.0
    vol = (
        query.volatility / 100.0
        if query.volatility is not None
        else _implied(query, t, rate, q, float(query.price or 0.0))
    )
    s, k, call = query.underlying, query.strike, query.is_call
    if query.model is PricingModel.BLACK76:
        price = black76_price(s, k, t, vol, rate=rate, is_call=call)
        greeks = black76_greeks(s, k, t, vol, rate=rate, is_call=call)
    else:
        price = black_scholes_price(s, k, t, vol, rate=rate, div_yield=q, is_call=call)
        greeks = black_scholes_greeks(s, k, t, vol, rate=rate, div_yield=q, is_call=call)
    return OptionCalculation(
        price=float(price) if query.price is None else query.price,
        iv=vol * 100.0,
        delta=float(greeks.delta),
        gamma=float(greeks.gamma),
        theta=float(greeks.theta),
        vega=float(greeks.vega),
        rho=float(greeks.rho),
    )
