"""Algo definitions: every validation rule with its field, and the JSON round trip."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.domain.algos import (
    ExpiryRule,
    FutureMonth,
    InstrumentSelection,
    Leg,
    SelectionKind,
    StrikeRule,
    TargetMode,
    Targets,
    legs_from_json,
    legs_to_json,
    targets_from_json,
    targets_to_json,
    validate_algo,
)
from dalal.domain.errors import InvalidInput
from dalal.domain.orders import OrderType, Product

FIXED = Leg(InstrumentSelection(SelectionKind.FIXED))


def option(**overrides: object) -> InstrumentSelection:
    fields: dict[str, object] = {
        "kind": SelectionKind.OPTION,
        "underlying": "NIFTY",
        "option_type": "CE",
    }
    fields.update(overrides)
    return InstrumentSelection(**fields)  # type: ignore[arg-type]


def check(
    *,
    name: str = "Nifty straddle",
    legs: tuple[Leg, ...] = (FIXED,),
    product: Product = Product.MIS,
    order_type: OrderType = OrderType.MARKET,
    targets: Targets = Targets(),
) -> None:
    validate_algo(name, legs, product, order_type, targets)


def rejection(**kwargs: object) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        check(**kwargs)  # type: ignore[arg-type]
    return caught.value


def test_a_fixed_leg_without_a_symbol_is_valid_because_the_signal_brings_it() -> None:
    check()


def test_a_short_straddle_of_two_option_legs_is_valid() -> None:
    legs = (Leg(option(option_type="CE")), Leg(option(option_type="PE")))
    check(legs=legs, product=Product.NRML, order_type=OrderType.LIMIT)


@pytest.mark.parametrize("name", ["", "   ", "x" * 65])
def test_a_name_must_have_1_to_64_characters(name: str) -> None:
    error = rejection(name=name)
    assert (error.field, error.message) == ("name", "Give the algo a name of 1 to 64 characters.")


def test_a_name_of_64_characters_is_accepted() -> None:
    check(name="x" * 64)


@pytest.mark.parametrize("count", [0, 5])
def test_an_algo_has_one_to_four_legs(count: int) -> None:
    error = rejection(legs=(FIXED,) * count)
    assert (error.field, error.message) == ("legs", "An algo has 1 to 4 legs.")


@pytest.mark.parametrize("lots", [0, -1, 10_001])
def test_a_leg_trades_1_to_10000_lots(lots: int) -> None:
    error = rejection(legs=(FIXED, Leg(FIXED.selection, lots=lots)))
    assert (error.field, error.message) == ("legs[1].lots", "Trade 1 to 10,000 lots per leg.")


def test_10000_lots_is_the_most_a_leg_may_trade() -> None:
    check(legs=(Leg(FIXED.selection, lots=10_000),))


@pytest.mark.parametrize("option_type", [None, "", "CALL", "ce"])
def test_an_option_leg_needs_ce_or_pe(option_type: str | None) -> None:
    error = rejection(legs=(Leg(option(option_type=option_type)),))
    assert error.field == "legs[0].selection.optionType"
    assert error.message == "Choose CE or PE for an option leg."


@pytest.mark.parametrize("offset", [0, 51, -51])
def test_an_offset_rule_moves_1_to_50_strikes(offset: int) -> None:
    leg = Leg(option(strike_rule=StrikeRule.OFFSET, strike_offset=offset))
    error = rejection(legs=(leg,))
    assert error.field == "legs[0].selection.strikeOffset"
    assert "1 to 50 strikes" in error.message


@pytest.mark.parametrize("offset", [1, -1, 50, -50])
def test_offsets_at_the_limits_are_accepted(offset: int) -> None:
    check(legs=(Leg(option(strike_rule=StrikeRule.OFFSET, strike_offset=offset)),))


@pytest.mark.parametrize("premium", [None, Decimal(0), Decimal("-5"), Decimal("NaN")])
def test_a_premium_rule_needs_a_target_above_zero(premium: Decimal | None) -> None:
    leg = Leg(option(strike_rule=StrikeRule.PREMIUM, target_premium=premium))
    error = rejection(legs=(leg,))
    assert (error.field, error.message) == (
        "legs[0].selection.targetPremium",
        "Enter a target premium above zero.",
    )


@pytest.mark.parametrize("delta", [None, 0.0, 1.0, -0.3, 1.5, float("nan")])
def test_a_delta_rule_needs_a_target_strictly_between_0_and_1(delta: float | None) -> None:
    leg = Leg(option(strike_rule=StrikeRule.DELTA, target_delta=delta))
    error = rejection(legs=(leg,))
    assert error.field == "legs[0].selection.targetDelta"
    assert error.message.startswith("Enter a target delta between 0 and 1")


def test_cnc_is_refused_for_a_future_or_option_leg() -> None:
    error = rejection(legs=(Leg(InstrumentSelection(SelectionKind.FUTURE)),), product=Product.CNC)
    assert error.field == "product"
    assert error.message == "CNC is for equity delivery; use NRML or MIS for futures and options."


@pytest.mark.parametrize("order_type", [OrderType.SL, OrderType.SL_M])
def test_signals_use_market_or_limit_orders_only(order_type: OrderType) -> None:
    error = rejection(order_type=order_type)
    assert error.field == "orderType"
    assert error.message == "Signals execute at once: use a MARKET or LIMIT order type."


@pytest.mark.parametrize("tag", [None, "", "  "])
def test_tag_targets_need_a_tag(tag: str | None) -> None:
    error = rejection(targets=Targets(TargetMode.TAG, tag=tag))
    assert (error.field, error.message) == (
        "targets.tag",
        "Choose the tag whose accounts the algo trades.",
    )


@pytest.mark.parametrize("count", [0, 501])
def test_list_targets_name_1_to_500_accounts(count: int) -> None:
    ids = tuple(uuid.UUID(int=n + 1) for n in range(count))
    error = rejection(targets=Targets(TargetMode.LIST, account_ids=ids))
    assert (error.field, error.message) == (
        "targets.accountIds",
        "List 1 to 500 accounts for the algo to trade.",
    )


def test_a_list_of_500_accounts_is_accepted() -> None:
    ids = tuple(uuid.UUID(int=n + 1) for n in range(500))
    check(targets=Targets(TargetMode.LIST, account_ids=ids))


def test_legs_survive_json_with_their_decimal_digits_kept() -> None:
    legs = (
        Leg(option(strike_rule=StrikeRule.PREMIUM, target_premium=Decimal("100.50")), lots=2),
        Leg(option(option_type="PE", strike_rule=StrikeRule.DELTA, target_delta=0.25)),
        Leg(option(strike_rule=StrikeRule.OFFSET, strike_offset=-3), opposite=True),
        Leg(InstrumentSelection(SelectionKind.FUTURE, month=FutureMonth.NEXT), lots=7),
    )
    data = json.loads(json.dumps(legs_to_json(legs)))
    assert data[0]["selection"]["target_premium"] == "100.50"
    restored = legs_from_json(data)
    assert restored == legs
    assert str(restored[0].selection.target_premium) == "100.50"


def test_legs_written_before_a_field_existed_load_with_its_default() -> None:
    (leg,) = legs_from_json([{"selection": {"kind": "OPTION", "option_type": "CE"}}])
    assert leg == Leg(InstrumentSelection(SelectionKind.OPTION, option_type="CE"))


def test_targets_survive_json() -> None:
    for targets in (
        Targets(),
        Targets(TargetMode.TAG, tag="swing"),
        Targets(TargetMode.LIST, account_ids=(uuid.UUID(int=3), uuid.UUID(int=1))),
    ):
        assert targets_from_json(json.loads(json.dumps(targets_to_json(targets)))) == targets


selections = st.builds(
    InstrumentSelection,
    kind=st.sampled_from(SelectionKind),
    symbol=st.none() | st.text(max_size=20),
    underlying=st.none() | st.sampled_from(["NIFTY", "BANKNIFTY"]),
    month=st.sampled_from(FutureMonth),
    option_type=st.none() | st.sampled_from(["CE", "PE"]),
    expiry_rule=st.sampled_from(ExpiryRule),
    strike_rule=st.sampled_from(StrikeRule),
    strike_offset=st.integers(-50, 50),
    target_premium=st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=4),
    target_delta=st.none() | st.floats(0.0, 1.0, exclude_min=True, exclude_max=True),
)


@given(st.lists(st.builds(Leg, selections, st.integers(1, 10_000), st.booleans()), max_size=4))
def test_any_legs_round_trip_through_json_exactly(legs: list[Leg]) -> None:
    restored = legs_from_json(json.loads(json.dumps(legs_to_json(legs))))
    assert restored == tuple(legs)
    for before, after in zip(legs, restored, strict=True):
        assert str(before.selection.target_premium) == str(after.selection.target_premium)
