"""Matching against bars (backtests and replay): next-bar opens, gaps through limits and stops,
IOC, participation, and the stop-before-target rule for OCO exits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Bar, Interval
from dalal.domain.order_book import Accepted, Order
from dalal.domain.orders import OrderStatus, OrderType, Product, Side, Validity
from dalal.engine.matching import (
    IOC_REASON,
    OCO_REASON,
    MatchingConfig,
    OcoLeg,
    match_bar,
    resolve_oco_in_bar,
)

D = Decimal
T0 = datetime(2025, 1, 6, 4, 0, tzinfo=UTC)
BAR_AT = T0 + timedelta(minutes=5)
EQ = Instrument(1, Exchange.NSE, "INFY", "INFOSYS", InstrumentType.EQ, 1, D("0.05"))
NO_SLIP = MatchingConfig()
SLIP_10 = MatchingConfig(slippage_bps=D("10"))
M, L, SL, SLM = OrderType.MARKET, OrderType.LIMIT, OrderType.SL, OrderType.SL_M
B, S = Side.BUY, Side.SELL
WAIT, OPEN, DONE = OrderStatus.TRIGGER_PENDING, OrderStatus.OPEN, OrderStatus.COMPLETE
CXL, IOC = OrderStatus.CANCELLED, Validity.IOC


def working(
    order_type: OrderType,
    side: Side,
    *,
    price: str | None = None,
    trigger: str | None = None,
    validity: Validity = Validity.DAY,
    quantity: int = 10,
) -> Order:
    return Order.new(
        account_id=uuid.UUID(int=3),
        token=1,
        side=side,
        quantity=quantity,
        order_type=order_type,
        product=Product.MIS,
        at=T0,
        validity=validity,
        price=D(price) if price else None,
        trigger_price=D(trigger) if trigger else None,
    ).apply(Accepted(T0))


def bar(o: str, h: str, low: str, c: str, volume: int = 10_000) -> Bar:
    return Bar(1, BAR_AT, Interval.M5, D(o), D(h), D(low), D(c), volume)


@dataclass(frozen=True)
class Case:
    id: str
    order: Order
    bar: Bar
    fill: str | None
    status: OrderStatus
    config: MatchingConfig = NO_SLIP


QUIET = bar("100", "101", "99", "100.5")
# fmt: off
CASES = [
    Case("market buy fills at the next open", working(M, B), QUIET, "100", DONE),
    Case("market sell fills at the next open", working(M, S), QUIET, "100", DONE),
    Case("market buy slips above the open", working(M, B), QUIET, "100.10", DONE, SLIP_10),
    Case("market sell slips below the open", working(M, S), QUIET, "99.90", DONE, SLIP_10),
    Case("limit buy fills at its price when the low reaches it", working(L, B, price="99.50"), QUIET, "99.50", DONE),
    Case("limit buy gapped through fills at the better open", working(L, B, price="99.50"), bar("98", "99", "97", "98"), "98", DONE),
    Case("limit buy below the range rests", working(L, B, price="98.50"), QUIET, None, OPEN),
    Case("limit sell fills at its price when the high reaches it", working(L, S, price="101"), QUIET, "101", DONE),
    Case("limit sell gapped through fills at the better open", working(L, S, price="101"), bar("102", "103", "101.5", "102"), "102", DONE),
    Case("limit sell above the range rests", working(L, S, price="101.50"), QUIET, None, OPEN),
    Case("limit touch is not slipped past the limit", working(L, B, price="99.50"), QUIET, "99.50", DONE, SLIP_10),
    Case("sell SL-M fills at the trigger when the low reaches it", working(SLM, S, trigger="99.50"), QUIET, "99.50", DONE),
    Case("sell SL-M gapped through fills at the worse open", working(SLM, S, trigger="99.50"), bar("97", "98", "96", "97"), "97", DONE),
    Case("sell SL-M below the range waits", working(SLM, S, trigger="98.50"), QUIET, None, WAIT),
    Case("buy SL-M fills at the trigger when the high reaches it", working(SLM, B, trigger="100.75"), QUIET, "100.75", DONE),
    Case("buy SL-M gapped through fills at the worse open", working(SLM, B, trigger="100.75"), bar("103", "104", "102", "103"), "103", DONE),
    Case("buy SL-M above the range waits", working(SLM, B, trigger="101.50"), QUIET, None, WAIT),
    Case("buy SL-M slips past its trigger", working(SLM, B, trigger="100.75"), QUIET, "100.90", DONE, SLIP_10),
    Case("sell SL triggered inside the bar fills at its trigger", working(SL, S, price="99", trigger="99.50"), QUIET, "99.50", DONE),
    Case("sell SL gapped below its limit rests once triggered", working(SL, S, price="99", trigger="99.50"), bar("97", "98.5", "96", "97"), None, OPEN),
    Case("sell SL gapped below its limit fills at the limit when the bar comes back", working(SL, S, price="99", trigger="99.50"), bar("97", "99.5", "96", "99"), "99", DONE),
    Case("buy SL gapped above its limit fills at the limit when the bar comes back", working(SL, B, price="101", trigger="100.75"), bar("103", "103", "100", "101"), "101", DONE),
    Case("buy SL gapped within its limit fills at the open", working(SL, B, price="104", trigger="100.75"), bar("103", "104", "102", "103"), "103", DONE),
    Case("buy SL slippage is capped at its limit", working(SL, B, price="100.80", trigger="100.75"), QUIET, "100.80", DONE, SLIP_10),
    Case("IOC limit meets only the open and is cancelled when it misses", working(L, B, price="99.50", validity=IOC), QUIET, None, CXL),
    Case("IOC limit crossing at the open fills there", working(L, B, price="100", validity=IOC), QUIET, "100", DONE),
    Case("IOC sell SL-M triggered inside the bar fills at its trigger", working(SLM, S, trigger="99.50", validity=IOC), QUIET, "99.50", DONE),
    Case("IOC buy SL gapped beyond its limit is cancelled", working(SL, B, price="101", trigger="100.75", validity=IOC), bar("103", "103", "100", "101"), None, CXL),
]
# fmt: on


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_matching_against_a_bar(case: Case) -> None:
    update = match_bar(case.order, case.bar, case.config, instrument=EQ)
    expected = [(10, D(case.fill), BAR_AT)] if case.fill else []
    assert [(f.quantity, f.price, f.at) for f in update.fills] == expected
    assert update.order.status is case.status


def test_a_stop_triggered_in_one_bar_rests_as_a_limit_for_the_next() -> None:
    stop = working(SL, S, price="99", trigger="99.50")
    first = match_bar(stop, bar("97", "98.5", "96", "97"), NO_SLIP, instrument=EQ)
    second = match_bar(first.order, bar("98", "99.2", "97.5", "99"), NO_SLIP, instrument=EQ)
    assert [(f.quantity, f.price) for f in second.fills] == [(10, D("99"))]


def test_participation_caps_bar_fills_and_ioc_cancels_the_rest() -> None:
    config = MatchingConfig(participation=D("0.25"))
    day = match_bar(
        working(M, B, quantity=100), bar("100", "101", "99", "100", 200), config, instrument=EQ
    )
    assert ([f.quantity for f in day.fills], day.order.status) == (
        [50],
        OrderStatus.PARTIALLY_FILLED,
    )
    ioc = working(M, B, quantity=100, validity=Validity.IOC)
    cut = match_bar(ioc, bar("100", "101", "99", "100", 200), config, instrument=EQ)
    assert (cut.order.filled_quantity, cut.order.status, cut.order.cancel_reason) == (
        50,
        OrderStatus.CANCELLED,
        IOC_REASON,
    )


# --- OCO exits of one long position: stop sells at 95, target sells at 110 --------------------

# fmt: off
OCO_CASES = [
    ("both in range: the stop comes first", bar("100", "111", "94", "105"), OcoLeg.STOP, "95"),
    ("only the target in range", bar("100", "111", "96", "105"), OcoLeg.TARGET, "110"),
    ("only the stop in range", bar("100", "105", "94", "96"), OcoLeg.STOP, "95"),
    ("opening through the target fills it at the open", bar("112", "113", "94", "100"), OcoLeg.TARGET, "112"),
    ("opening through the stop fills it at the open", bar("93", "111", "92", "100"), OcoLeg.STOP, "93"),
    ("neither in range", bar("100", "105", "97", "101"), None, None),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "candle", "winner", "price"), OCO_CASES, ids=[c[0] for c in OCO_CASES]
)
def test_an_oco_pair_resolves_one_leg_per_bar(
    name: str, candle: Bar, winner: OcoLeg | None, price: str | None
) -> None:
    stop = working(SLM, S, trigger="95")
    target = working(L, S, price="110")
    result = resolve_oco_in_bar(stop, target, candle, NO_SLIP, instrument=EQ)
    assert result.winner is winner
    fills = [(f.order_id, f.price) for f in (*result.stop.fills, *result.target.fills)]
    if winner is None:
        assert fills == []
        assert (result.stop.order, result.target.order) == (stop, target)
        return
    won, lost = (
        (result.stop, result.target) if winner is OcoLeg.STOP else (result.target, result.stop)
    )
    assert fills == [(won.order.id, D(str(price)))]
    assert won.order.status is DONE
    assert (lost.order.status, lost.order.cancel_reason, lost.fills) == (
        OrderStatus.CANCELLED,
        OCO_REASON,
        (),
    )


def test_an_oco_stop_that_triggers_without_filling_still_wins_the_bar() -> None:
    stop = working(SL, S, price="94", trigger="95")
    target = working(L, S, price="110")
    result = resolve_oco_in_bar(stop, target, bar("93", "93.5", "92", "93"), NO_SLIP, instrument=EQ)
    assert result.winner is OcoLeg.STOP
    assert (result.stop.order.status, result.stop.fills) == (OPEN, ())
    assert result.target.order.status is OrderStatus.CANCELLED


def test_an_oco_pair_must_be_a_stop_and_a_limit_on_the_same_side() -> None:
    with pytest.raises(ValueError, match="stop"):
        resolve_oco_in_bar(
            working(L, S, price="95"), working(L, S, price="110"), QUIET, NO_SLIP, instrument=EQ
        )
    with pytest.raises(ValueError, match="same side"):
        resolve_oco_in_bar(
            working(SLM, S, trigger="95"), working(L, B, price="90"), QUIET, NO_SLIP, instrument=EQ
        )


ticks = st.integers(1, 4_000)


@given(
    side=st.sampled_from([B, S]),
    order_type=st.sampled_from([L, SL, SLM]),
    levels=st.lists(ticks, min_size=4, max_size=4),
    closes_up=st.booleans(),
    price=ticks,
    offset=st.integers(0, 40),
    bps=st.integers(0, 30),
)
def test_bar_fills_lie_in_the_bar_or_at_the_order_price_and_limits_are_never_breached(
    side: Side,
    order_type: OrderType,
    levels: list[int],
    closes_up: bool,
    price: int,
    offset: int,
    bps: int,
) -> None:
    low, first, second, high = (D(t) * D("0.05") for t in sorted(levels))
    o, c = (first, second) if closes_up else (second, first)
    limit = D(price) * D("0.05")
    # A buy stop triggers at or below its limit; a sell stop at or above it.
    trigger = limit - side.sign * offset * D("0.05")
    assume(trigger > 0)
    order = working(
        order_type,
        side,
        price=None if order_type is SLM else str(limit),
        trigger=None if order_type is L else str(trigger),
    )
    update = match_bar(
        order,
        Bar(1, BAR_AT, Interval.M5, o, high, low, c),
        MatchingConfig(slippage_bps=D(bps)),
        instrument=EQ,
    )
    for fill in update.fills:
        assert fill.price % D("0.05") == 0
        if order_type is not SLM:
            assert side.sign * (limit - fill.price) >= 0
        if bps == 0:
            assert low <= fill.price <= high
