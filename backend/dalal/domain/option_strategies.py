"""Option strategies: legs, and the templates that pick their strikes from a chain.

A template is a list of leg recipes. Each recipe names a side, a kind, a ratio of lots, an
expiry (the chosen one, or the next for a calendar's far leg) and where its strike sits:

- ``ATM``: the at-the-money strike;
- ``CALL`` / ``PUT``: the short-dated "inner" strikes of a strangle or condor, ``width``
  strikes above (calls) or below (puts) the ATM, or, when a target ``delta`` is given, the
  call whose delta is nearest ``+delta`` and the put nearest ``−delta``;
- ``wing``: a recipe may step ``wing`` strikes further out from its base (up for calls, down
  for puts): the hedges of a condor or butterfly, the sold leg of a spread.

Strikes are indices into the chain's ascending strike list, so ``width=2`` means two listed
strikes, whatever the strike step.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from dalal.domain.errors import InvalidInput
from dalal.domain.orders import Side
from dalal.domain.payoff import LegKind

MAX_STRATEGY_LEGS = 20


class Template(StrEnum):
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


class Base(StrEnum):
    ATM = "ATM"
    CALL = "CALL"
    PUT = "PUT"


@dataclass(frozen=True, slots=True)
class Recipe:
    side: Side
    kind: LegKind
    base: Base
    wing: bool = False
    ratio: int = 1
    far: bool = False  # the next expiry after the chosen one


B, S = Side.BUY, Side.SELL
CE, PE = LegKind.CE, LegKind.PE
RECIPES: dict[Template, tuple[Recipe, ...]] = {
    Template.LONG_STRADDLE: (Recipe(B, CE, Base.ATM), Recipe(B, PE, Base.ATM)),
    Template.SHORT_STRADDLE: (Recipe(S, CE, Base.ATM), Recipe(S, PE, Base.ATM)),
    Template.LONG_STRANGLE: (Recipe(B, CE, Base.CALL), Recipe(B, PE, Base.PUT)),
    Template.SHORT_STRANGLE: (Recipe(S, CE, Base.CALL), Recipe(S, PE, Base.PUT)),
    Template.IRON_CONDOR: (
        Recipe(B, PE, Base.PUT, wing=True),
        Recipe(S, PE, Base.PUT),
        Recipe(S, CE, Base.CALL),
        Recipe(B, CE, Base.CALL, wing=True),
    ),
    Template.IRON_BUTTERFLY: (
        Recipe(B, PE, Base.ATM, wing=True),
        Recipe(S, PE, Base.ATM),
        Recipe(S, CE, Base.ATM),
        Recipe(B, CE, Base.ATM, wing=True),
    ),
    Template.BULL_CALL_SPREAD: (Recipe(B, CE, Base.ATM), Recipe(S, CE, Base.ATM, wing=True)),
    Template.BEAR_PUT_SPREAD: (Recipe(B, PE, Base.ATM), Recipe(S, PE, Base.ATM, wing=True)),
    Template.CALL_RATIO_SPREAD: (
        Recipe(B, CE, Base.ATM),
        Recipe(S, CE, Base.ATM, wing=True, ratio=2),
    ),
    Template.CALENDAR_SPREAD: (Recipe(S, CE, Base.ATM), Recipe(B, CE, Base.ATM, far=True)),
}
DESCRIPTIONS: dict[Template, str] = {
    Template.LONG_STRADDLE: "Buy the ATM call and put: profits from a big move either way",
    Template.SHORT_STRADDLE: "Sell the ATM call and put: profits if the price stays put",
    Template.LONG_STRANGLE: "Buy an OTM call and put: a cheaper bet on a big move",
    Template.SHORT_STRANGLE: "Sell an OTM call and put: profits inside the two strikes",
    Template.IRON_CONDOR: "A short strangle with bought wings: limited profit, limited loss",
    Template.IRON_BUTTERFLY: "A short straddle with bought wings: limited profit, limited loss",
    Template.BULL_CALL_SPREAD: "Buy the ATM call, sell a higher one: a capped bullish bet",
    Template.BEAR_PUT_SPREAD: "Buy the ATM put, sell a lower one: a capped bearish bet",
    Template.CALL_RATIO_SPREAD: "Buy one ATM call, sell two higher: unlimited loss above",
    Template.CALENDAR_SPREAD: "Sell the near ATM call, buy the next expiry's: profits from decay",
}


@dataclass(frozen=True, slots=True)
class StrategyLeg:
    """A leg of a strategy: ``entry_price`` per unit, None until priced."""

    side: Side
    kind: LegKind
    expiry: date
    lots: int
    strike: Decimal | None = None  # None for a future
    entry_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ChainView:
    """What a template needs of a chain: strikes ascending, the ATM's index and, for delta
    selection, each strike's call and put delta (NaN where unknown)."""

    strikes: Sequence[Decimal]
    atm: int
    call_deltas: Sequence[float] = ()
    put_deltas: Sequence[float] = ()


@dataclass(frozen=True, slots=True)
class TemplateChoice:
    lots: int = 1
    width: int = 2  # strikes from the ATM to the inner strikes (strangle, condor)
    wing: int = 2  # strikes from a base to its wing
    delta: float | None = None  # inner strikes by |delta| instead of by width


def _nearest_delta(deltas: Sequence[float], target: float) -> int:
    best, found = float("inf"), -1
    for i, value in enumerate(deltas):
        if not math.isnan(value) and abs(value - target) < best:
            best, found = abs(value - target), i
    if found < 0:
        raise InvalidInput("No deltas are known for this chain yet; choose strikes by width.")
    return found


def _base_index(recipe: Recipe, chain: ChainView, choice: TemplateChoice) -> int:
    if recipe.base is Base.ATM:
        return chain.atm
    call = recipe.base is Base.CALL
    if choice.delta is not None:
        deltas = chain.call_deltas if call else chain.put_deltas
        return _nearest_delta(deltas, choice.delta if call else -choice.delta)
    return chain.atm + (choice.width if call else -choice.width)


def _check_choice(choice: TemplateChoice) -> None:
    if not 1 <= choice.lots <= 10_000:
        raise InvalidInput("Trade 1 to 10,000 lots per leg.", field="lots")
    if choice.width < 0 or choice.wing < 1:
        raise InvalidInput("Use a width of 0 or more and a wing of 1 or more.", field="wing")
    if choice.delta is not None and not 0 < choice.delta < 1:
        raise InvalidInput("Give a delta between 0 and 1, e.g. 0.2.", field="delta")


def build_template(
    template: Template,
    chain: ChainView,
    *,
    expiry: date,
    far_expiry: date | None = None,
    choice: TemplateChoice | None = None,
) -> list[StrategyLeg]:
    """The template's legs on ``chain`` (unpriced); a strike beyond the chain is an error."""
    choice = choice or TemplateChoice()
    _check_choice(choice)
    legs = []
    for recipe in RECIPES[template]:
        index = _base_index(recipe, chain, choice)
        if recipe.wing:
            index += choice.wing if recipe.kind is LegKind.CE else -choice.wing
        if not 0 <= index < len(chain.strikes):
            raise InvalidInput(
                f"The chain lists {len(chain.strikes)} strikes; {template.value} needs one "
                "beyond them. Use a smaller width or wing.",
                field="width",
            )
        if recipe.far and far_expiry is None:
            raise InvalidInput("A calendar spread needs a later expiry; none is listed.")
        legs.append(
            StrategyLeg(
                side=recipe.side,
                kind=recipe.kind,
                expiry=far_expiry if recipe.far and far_expiry else expiry,
                lots=choice.lots * recipe.ratio,
                strike=chain.strikes[index],
            )
        )
    return legs


def validate_legs(legs: Sequence[StrategyLeg]) -> None:
    if not 1 <= len(legs) <= MAX_STRATEGY_LEGS:
        raise InvalidInput(f"Give 1 to {MAX_STRATEGY_LEGS} legs.", field="legs")
    for i, leg in enumerate(legs):
        if not 1 <= leg.lots <= 10_000:
            raise InvalidInput("Trade 1 to 10,000 lots per leg.", field=f"legs.{i}.lots")
        if (leg.kind is LegKind.FUT) != (leg.strike is None):
            raise InvalidInput(
                "An option leg needs a strike; a future has none.", field=f"legs.{i}.strike"
            )
        if leg.entry_price is not None and leg.entry_price < 0:
            raise InvalidInput("Enter an entry price of 0 or more.", field=f"legs.{i}.entryPrice")
