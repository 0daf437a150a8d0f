"""Strategy templates pick their strikes from a chain by ATM±N or by delta."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dalal.domain.errors import InvalidInput
from dalal.domain.option_strategies import (
    RECIPES,
    ChainView,
    StrategyLeg,
    Template,
    TemplateChoice,
    build_template,
    validate_legs,
)
from dalal.domain.orders import Side
from dalal.domain.payoff import LegKind

STRIKES = [Decimal(24_500 + 50 * i) for i in range(21)]  # 24500 … 25500
ATM = 10  # 25000
NEAR, FAR = date(2026, 12, 1), date(2026, 12, 8)
CALL_DELTAS = [round(0.98 - 0.048 * i, 3) for i in range(21)]
PUT_DELTAS = [d - 1 for d in CALL_DELTAS]
CHAIN = ChainView(STRIKES, ATM, CALL_DELTAS, PUT_DELTAS)


def _summary(legs: list[StrategyLeg]) -> list[tuple[str, str, int, int]]:
    return [(x.side.value, x.kind.value, int(x.strike or 0), x.lots) for x in legs]


def test_an_iron_condor_by_width_sells_n_strikes_out_and_buys_the_wings() -> None:
    legs = build_template(
        Template.IRON_CONDOR, CHAIN, expiry=NEAR, choice=TemplateChoice(lots=2, width=4, wing=2)
    )
    assert _summary(legs) == [
        ("BUY", "PE", 24_700, 2),
        ("SELL", "PE", 24_800, 2),
        ("SELL", "CE", 25_200, 2),
        ("BUY", "CE", 25_300, 2),
    ]
    assert {x.expiry for x in legs} == {NEAR}


def test_a_short_strangle_by_delta_takes_the_nearest_deltas() -> None:
    legs = build_template(
        Template.SHORT_STRANGLE, CHAIN, expiry=NEAR, choice=TemplateChoice(delta=0.25)
    )
    call_i = min(range(21), key=lambda i: abs(CALL_DELTAS[i] - 0.25))
    put_i = min(range(21), key=lambda i: abs(PUT_DELTAS[i] + 0.25))
    assert [x.strike for x in legs] == [STRIKES[call_i], STRIKES[put_i]]
    assert STRIKES[call_i] > STRIKES[ATM] > STRIKES[put_i]


def test_straddles_spreads_and_the_ratio_spread() -> None:
    assert _summary(build_template(Template.LONG_STRADDLE, CHAIN, expiry=NEAR)) == [
        ("BUY", "CE", 25_000, 1),
        ("BUY", "PE", 25_000, 1),
    ]
    assert _summary(build_template(Template.BEAR_PUT_SPREAD, CHAIN, expiry=NEAR)) == [
        ("BUY", "PE", 25_000, 1),
        ("SELL", "PE", 24_900, 1),
    ]
    assert _summary(build_template(Template.CALL_RATIO_SPREAD, CHAIN, expiry=NEAR)) == [
        ("BUY", "CE", 25_000, 1),
        ("SELL", "CE", 25_100, 2),
    ]
    fly = build_template(Template.IRON_BUTTERFLY, CHAIN, expiry=NEAR, choice=TemplateChoice(wing=3))
    assert [int(x.strike or 0) for x in fly] == [24_850, 25_000, 25_000, 25_150]


def test_a_calendar_spread_buys_the_next_expiry() -> None:
    legs = build_template(Template.CALENDAR_SPREAD, CHAIN, expiry=NEAR, far_expiry=FAR)
    assert [(x.side, x.expiry) for x in legs] == [(Side.SELL, NEAR), (Side.BUY, FAR)]
    with pytest.raises(InvalidInput, match="later expiry"):
        build_template(Template.CALENDAR_SPREAD, CHAIN, expiry=NEAR)


def test_every_template_builds_on_a_wide_enough_chain() -> None:
    for template in Template:
        legs = build_template(template, CHAIN, expiry=NEAR, far_expiry=FAR)
        assert len(legs) == len(RECIPES[template])


def test_strikes_beyond_the_chain_are_refused() -> None:
    with pytest.raises(InvalidInput, match="beyond"):
        build_template(
            Template.IRON_CONDOR, CHAIN, expiry=NEAR, choice=TemplateChoice(width=9, wing=3)
        )


def test_delta_selection_needs_known_deltas_and_a_sane_target() -> None:
    blind = ChainView(STRIKES, ATM, [float("nan")] * 21, [float("nan")] * 21)
    with pytest.raises(InvalidInput, match="deltas"):
        build_template(
            Template.SHORT_STRANGLE, blind, expiry=NEAR, choice=TemplateChoice(delta=0.2)
        )
    with pytest.raises(InvalidInput):
        build_template(
            Template.SHORT_STRANGLE, CHAIN, expiry=NEAR, choice=TemplateChoice(delta=1.5)
        )


def test_legs_are_checked() -> None:
    with pytest.raises(InvalidInput):
        validate_legs([])
    with pytest.raises(InvalidInput, match="strike"):
        validate_legs([StrategyLeg(Side.BUY, LegKind.CE, NEAR, 1)])
    with pytest.raises(InvalidInput, match="strike"):
        validate_legs([StrategyLeg(Side.BUY, LegKind.FUT, NEAR, 1, strike=Decimal(1))])
    validate_legs([StrategyLeg(Side.BUY, LegKind.FUT, NEAR, 1)])
