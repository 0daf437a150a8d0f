"""An algo's legs from an option-strategy template, so a signal can open a whole straddle or
iron condor on every target account.

The template reads as the position a BUY entry opens: its bought legs trade with the
signal's side, its sold legs against it (``Leg.opposite``). A SELL entry therefore opens the
mirror image (a long straddle template shorts the straddle), and the exit closes exactly
what the entry opened, as for any algo.

Strikes are chosen when the signal arrives, by the algo's strike rules:

- the ATM recipe → ``ATM``; a ``wing`` off the ATM → ``OFFSET`` by ``wing`` strikes;
- the inner call/put of a strangle or condor → ``OFFSET`` by ``width`` (``+`` is further out
  of the money, up for calls and down for puts), its wing → ``width + wing``; or, with a
  target ``delta``, → ``DELTA`` (only for templates without wings off the inner strikes,
  which a delta rule could not place);
- a calendar's far leg takes the next weekly expiry, so its near leg must be weekly.

A recipe's lot ratio multiplies ``lots``.
"""

from __future__ import annotations

from dalal.domain.algos import ExpiryRule, InstrumentSelection, Leg, SelectionKind, StrikeRule
from dalal.domain.errors import InvalidInput
from dalal.domain.option_strategies import RECIPES, Base, Recipe, Template, TemplateChoice
from dalal.domain.orders import Side


def algo_legs(
    template: Template,
    *,
    underlying: str | None,
    expiry_rule: ExpiryRule = ExpiryRule.CURRENT_WEEK,
    choice: TemplateChoice | None = None,
) -> tuple[Leg, ...]:
    """The algo legs that open ``template``; ``underlying`` None: the signal's symbol."""
    choice = choice or TemplateChoice()
    if not 1 <= choice.lots <= 10_000:
        raise InvalidInput("Trade 1 to 10,000 lots per leg.", field="template.lots")
    if choice.width < 0 or choice.wing < 1:
        raise InvalidInput(
            "Use a width of 0 or more and a wing of 1 or more.", field="template.wing"
        )
    recipes = RECIPES[template]
    if choice.delta is not None:
        if not 0 < choice.delta < 1:
            raise InvalidInput("Give a delta between 0 and 1, e.g. 0.2.", field="template.delta")
        if any(r.wing and r.base is not Base.ATM for r in recipes):
            raise InvalidInput(
                f"{template.value} has wings off its inner strikes, which a delta rule can't "
                "place; choose its strikes by width instead.",
                field="template.delta",
            )
    if any(r.far for r in recipes) and expiry_rule is not ExpiryRule.CURRENT_WEEK:
        raise InvalidInput(
            "A calendar spread sells the nearest weekly and buys the next one; use the "
            "current-week expiry rule.",
            field="template.expiryRule",
        )
    return tuple(_leg(r, underlying, expiry_rule, choice) for r in recipes)


def _leg(
    recipe: Recipe, underlying: str | None, expiry_rule: ExpiryRule, choice: TemplateChoice
) -> Leg:
    selection = InstrumentSelection(
        kind=SelectionKind.OPTION,
        underlying=underlying,
        option_type=recipe.kind.value,
        expiry_rule=ExpiryRule.NEXT_WEEK if recipe.far else expiry_rule,
        **_strike(recipe, choice),  # type: ignore[arg-type]
    )
    return Leg(
        selection=selection, lots=choice.lots * recipe.ratio, opposite=recipe.side is Side.SELL
    )


def _strike(recipe: Recipe, choice: TemplateChoice) -> dict[str, object]:
    if recipe.base is Base.ATM:
        if not recipe.wing:
            return {"strike_rule": StrikeRule.ATM}
        return {"strike_rule": StrikeRule.OFFSET, "strike_offset": choice.wing}
    if choice.delta is not None:
        return {"strike_rule": StrikeRule.DELTA, "target_delta": choice.delta}
    offset = choice.width + (choice.wing if recipe.wing else 0)
    return {"strike_rule": StrikeRule.OFFSET, "strike_offset": offset}
