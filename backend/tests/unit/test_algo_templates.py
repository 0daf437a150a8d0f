"""Algo legs from option-strategy templates: what a BUY entry opens, strike by strike."""

from __future__ import annotations

import pytest

from dalal.domain.algo_templates import algo_legs
from dalal.domain.algos import ExpiryRule, StrikeRule
from dalal.domain.errors import InvalidInput
from dalal.domain.option_strategies import RECIPES, Template, TemplateChoice


def _shape(template: Template, **choice: object) -> list[tuple[object, ...]]:
    legs = algo_legs(template, underlying="NIFTY", choice=TemplateChoice(**choice))  # type: ignore[arg-type]
    return [
        (
            "SELL" if leg.opposite else "BUY",
            leg.selection.option_type,
            leg.selection.strike_rule.value,
            leg.selection.strike_offset,
            leg.lots,
            leg.selection.expiry_rule.value,
        )
        for leg in legs
    ]


def test_an_iron_condor_sells_the_inner_strikes_and_buys_wings_further_out() -> None:
    assert _shape(Template.IRON_CONDOR, lots=2, width=3, wing=2) == [
        ("BUY", "PE", "OFFSET", 5, 2, "CURRENT_WEEK"),
        ("SELL", "PE", "OFFSET", 3, 2, "CURRENT_WEEK"),
        ("SELL", "CE", "OFFSET", 3, 2, "CURRENT_WEEK"),
        ("BUY", "CE", "OFFSET", 5, 2, "CURRENT_WEEK"),
    ]


def test_straddles_spreads_ratios_and_calendars_map_to_strike_and_expiry_rules() -> None:
    assert _shape(Template.SHORT_STRADDLE) == [
        ("SELL", "CE", "ATM", 0, 1, "CURRENT_WEEK"),
        ("SELL", "PE", "ATM", 0, 1, "CURRENT_WEEK"),
    ]
    assert _shape(Template.BEAR_PUT_SPREAD, wing=4) == [
        ("BUY", "PE", "ATM", 0, 1, "CURRENT_WEEK"),
        ("SELL", "PE", "OFFSET", 4, 1, "CURRENT_WEEK"),
    ]
    assert _shape(Template.CALL_RATIO_SPREAD, lots=3) == [
        ("BUY", "CE", "ATM", 0, 3, "CURRENT_WEEK"),
        ("SELL", "CE", "OFFSET", 2, 6, "CURRENT_WEEK"),
    ]
    assert _shape(Template.CALENDAR_SPREAD) == [
        ("SELL", "CE", "ATM", 0, 1, "CURRENT_WEEK"),
        ("BUY", "CE", "ATM", 0, 1, "NEXT_WEEK"),
    ]


def test_every_template_keeps_its_recipe_s_sides_and_kinds() -> None:
    for template, recipes in RECIPES.items():
        legs = algo_legs(template, underlying=None)
        assert [leg.opposite for leg in legs] == [r.side.value == "SELL" for r in recipes]
        assert [leg.selection.option_type for leg in legs] == [r.kind.value for r in recipes]
        assert all(leg.selection.underlying is None for leg in legs)  # the signal's symbol


def test_a_strangle_by_delta_and_the_choices_a_rule_cannot_express() -> None:
    legs = algo_legs(Template.SHORT_STRANGLE, underlying="NIFTY", choice=TemplateChoice(delta=0.2))
    assert [(leg.selection.strike_rule, leg.selection.target_delta) for leg in legs] == [
        (StrikeRule.DELTA, 0.2),
        (StrikeRule.DELTA, 0.2),
    ]
    with pytest.raises(InvalidInput, match="width instead") as wings:
        algo_legs(Template.IRON_CONDOR, underlying="NIFTY", choice=TemplateChoice(delta=0.2))
    assert wings.value.field == "template.delta"
    with pytest.raises(InvalidInput, match="current-week"):
        algo_legs(Template.CALENDAR_SPREAD, underlying="NIFTY", expiry_rule=ExpiryRule.MONTHLY)
    with pytest.raises(InvalidInput, match="1 to 10,000 lots"):
        algo_legs(Template.LONG_STRADDLE, underlying="NIFTY", choice=TemplateChoice(lots=0))
