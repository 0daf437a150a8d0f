"""Matching against quotes (paper trading): every order type and side, IOC, participation caps,
day-end expiry and the MIS square-off."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Quote
from dalal.domain.order_book import EXPIRED_REASON, Accepted, Cancelled, Order
from dalal.domain.orders import FillTag, OrderStatus, OrderType, Product, Side, Validity
from dalal.domain.positions import Position
from dalal.engine.matching import (
    IOC_REASON,
    SQUARE_OFF_SOURCE,
    FillIntent,
    MatchingConfig,
    expire_day_orders,
    fill_from_intent,
    match_quote,
    round_to_tick,
    square_off_intents,
)

D = Decimal
T0 = datetime(2025, 1, 6, 4, 0, tzinfo=UTC)
T1 = T0 + timedelta(seconds=5)
ACCOUNT = uuid.UUID(int=7)
EQ = Instrument(1, Exchange.NSE, "INFY", "INFOSYS", InstrumentType.EQ, 1, D("0.05"))
FUT = Instrument(2, Exchange.NFO, "NIFTY25JANFUT", "NIFTY", InstrumentType.FUT, 75, D("0.10"))
NO_SLIP = MatchingConfig()
SLIP_10 = MatchingConfig(slippage_bps=D("10"))
CAP_5PCT = MatchingConfig(participation=D("0.05"))


def working(
    order_type: OrderType,
    side: Side,
    *,
    quantity: int = 10,
    token: int = 1,
    validity: Validity = Validity.DAY,
    price: str | None = None,
    trigger: str | None = None,
) -> Order:
    return Order.new(
        account_id=ACCOUNT,
        token=token,
        side=side,
        quantity=quantity,
        order_type=order_type,
        product=Product.MIS,
        at=T0,
        validity=validity,
        price=D(price) if price else None,
        trigger_price=D(trigger) if trigger else None,
    ).apply(Accepted(T0))


def quote(
    ltp: str = "100", bid: str | None = "99.95", ask: str | None = "100.05", volume: int = 1000
) -> Quote:
    return Quote(1, T1, D(ltp), D(bid) if bid else None, D(ask) if ask else None, volume)


NO_BOOK = quote(bid=None, ask=None)
M, L, SL, SLM = OrderType.MARKET, OrderType.LIMIT, OrderType.SL, OrderType.SL_M
B, S = Side.BUY, Side.SELL
IOC = Validity.IOC
DONE, OPEN, PART = OrderStatus.COMPLETE, OrderStatus.OPEN, OrderStatus.PARTIALLY_FILLED
WAIT, CXL = OrderStatus.TRIGGER_PENDING, OrderStatus.CANCELLED


@dataclass(frozen=True)
class Case:
    id: str
    order: Order
    quote: Quote
    fills: list[tuple[int, str]]
    status: OrderStatus
    config: MatchingConfig = NO_SLIP
    instrument: Instrument = field(default=EQ)


# fmt: off
CASES = [
    Case("market buy fills at the ask", working(M, B), quote(), [(10, "100.05")], DONE),
    Case("market sell fills at the bid", working(M, S), quote(), [(10, "99.95")], DONE),
    Case("market buy without a book fills at the ltp", working(M, B), NO_BOOK, [(10, "100")], DONE),
    Case("market sell without a book fills at the ltp", working(M, S), NO_BOOK, [(10, "100")], DONE),
    Case("market buy slips up and rounds up to tick", working(M, B), quote(), [(10, "100.20")], DONE, SLIP_10),
    Case("market sell slips down and rounds down to tick", working(M, S), quote(), [(10, "99.85")], DONE, SLIP_10),
    Case("limit buy below the ask rests", working(L, B, price="100.00"), quote(), [], OPEN),
    Case("limit buy at the ask fills", working(L, B, price="100.05"), quote(), [(10, "100.05")], DONE),
    Case("limit buy above the ask fills at the ask", working(L, B, price="100.50"), quote(), [(10, "100.05")], DONE),
    Case("limit sell above the bid rests", working(L, S, price="100.00"), quote(), [], OPEN),
    Case("limit sell below the bid fills at the bid", working(L, S, price="99.50"), quote(), [(10, "99.95")], DONE),
    Case("limit buy slippage is capped at the limit", working(L, B, price="100.10"), quote(), [(10, "100.10")], DONE, SLIP_10),
    Case("limit sell slippage is capped at the limit", working(L, S, price="99.90"), quote(), [(10, "99.90")], DONE, SLIP_10),
    Case("limit buy without a book crosses on the ltp", working(L, B, price="100"), NO_BOOK, [(10, "100")], DONE),
    Case("buy SL-M waits below its trigger", working(SLM, B, trigger="100.50"), quote(), [], WAIT),
    Case("buy SL-M triggers at ltp >= trigger and fills at the ask", working(SLM, B, trigger="100.50"), quote("100.50", "100.45", "100.55"), [(10, "100.55")], DONE),
    Case("sell SL-M waits above its trigger", working(SLM, S, trigger="99.50"), quote(), [], WAIT),
    Case("sell SL-M triggers at ltp <= trigger and fills at the bid", working(SLM, S, trigger="99.50"), quote("99.50", "99.45", "99.55"), [(10, "99.45")], DONE),
    Case("buy SL-M triggered slips like a market order", working(SLM, B, trigger="100.50"), quote("100.60", "100.55", "100.65"), [(10, "100.80")], DONE, SLIP_10),
    Case("buy SL triggers and fills within its limit", working(SL, B, price="100.60", trigger="100.50"), quote("100.50", "100.45", "100.55"), [(10, "100.55")], DONE),
    Case("buy SL triggers but rests when the ask is above its limit", working(SL, B, price="100.50", trigger="100.50"), quote("100.50", "100.45", "100.55"), [], OPEN),
    Case("sell SL triggers and fills within its limit", working(SL, S, price="99.40", trigger="99.50"), quote("99.50", "99.45", "99.55"), [(10, "99.45")], DONE),
    Case("sell SL triggers but rests when the bid is below its limit", working(SL, S, price="99.50", trigger="99.50"), quote("99.50", "99.45", "99.55"), [], OPEN),
    Case("sell SL waits above its trigger", working(SL, S, price="99.40", trigger="99.50"), quote(), [], WAIT),
    Case("IOC market fills the capped part and cancels the rest", working(M, B, validity=IOC), quote(volume=100), [(5, "100.05")], CXL, CAP_5PCT),
    Case("IOC limit that does not cross is cancelled", working(L, B, validity=IOC, price="100"), quote(), [], CXL),
    Case("IOC limit that crosses fills completely", working(L, S, validity=IOC, price="99.95"), quote(), [(10, "99.95")], DONE),
    Case("participation cap leaves a DAY order partly filled", working(M, S), quote(volume=100), [(5, "99.95")], PART, CAP_5PCT),
    Case("participation cap rounds down to whole lots", working(M, B, quantity=150, token=2), Quote(2, T1, D("24000"), D("23999.9"), D("24000.1"), 30_000), [(75, "24000.1")], PART, MatchingConfig(participation=D("0.004")), FUT),
    Case("participation cap on a quote without volume fills nothing", working(M, B), quote(volume=0), [], OPEN, CAP_5PCT),
]
# fmt: on


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_matching_against_a_quote(case: Case) -> None:
    update = match_quote(case.order, case.quote, case.config, instrument=case.instrument)
    assert [(f.quantity, f.price) for f in update.fills] == [(q, D(p)) for q, p in case.fills]
    assert update.order.status is case.status
    assert update.order.filled_quantity == sum(q for q, _ in case.fills)
    for fill in update.fills:
        assert fill == FillIntent(case.order.id, fill.quantity, fill.price, T1, FillTag.NORMAL)


def test_an_ioc_remainder_is_cancelled_with_the_reason() -> None:
    update = match_quote(
        working(M, B, validity=Validity.IOC), quote(volume=100), CAP_5PCT, instrument=EQ
    )
    assert update.order.cancel_reason == IOC_REASON
    assert update.order.remaining == 5


def test_a_stop_triggered_on_one_quote_fills_on_a_later_one() -> None:
    stop = working(SL, B, price="100.50", trigger="100.50")
    triggered = match_quote(stop, quote("100.50", "100.45", "100.60"), NO_SLIP, instrument=EQ)
    assert (triggered.order.status, triggered.fills) == (OrderStatus.OPEN, ())
    later = match_quote(
        triggered.order, quote("100.45", "100.40", "100.50"), NO_SLIP, instrument=EQ
    )
    assert [(f.quantity, f.price) for f in later.fills] == [(10, D("100.50"))]
    assert later.order.status is OrderStatus.COMPLETE


def test_an_ioc_stop_waits_for_its_trigger_before_it_is_immediate() -> None:
    stop = working(SLM, S, validity=Validity.IOC, trigger="99.50")
    assert match_quote(stop, quote(), NO_SLIP, instrument=EQ).order is stop


def test_a_partly_filled_order_completes_on_the_next_quote() -> None:
    first = match_quote(working(M, B), quote(volume=100), CAP_5PCT, instrument=EQ)
    second = match_quote(first.order, quote(ask="100.10", volume=200), CAP_5PCT, instrument=EQ)
    assert [f.quantity for f in second.fills] == [5]
    assert second.order.status is OrderStatus.COMPLETE
    assert second.order.filled_value == D("5") * D("100.05") + D("5") * D("100.10")


def test_orders_that_are_not_working_are_returned_unchanged() -> None:
    pending = Order.new(
        account_id=ACCOUNT, token=1, side=B, quantity=1, order_type=M, product=Product.MIS, at=T0
    )
    cancelled = working(M, B).apply(Cancelled("user", T0))
    for order in (pending, cancelled):
        update = match_quote(order, quote(), NO_SLIP, instrument=EQ)
        assert (update.order, update.fills) == (order, ())


def test_a_quote_for_another_token_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="token"):
        match_quote(working(M, B, token=2), quote(), NO_SLIP, instrument=FUT)


@pytest.mark.parametrize(
    ("price", "tick", "side", "expected"),
    [
        ("100.01", "0.05", B, "100.05"),
        ("100.01", "0.05", S, "100.00"),
        ("100.05", "0.05", B, "100.05"),
        ("0.01", "0.05", S, "0.05"),
        ("24000.15", "0.10", B, "24000.2"),
    ],
)
def test_prices_round_onto_the_tick_against_the_trader(
    price: str, tick: str, side: Side, expected: str
) -> None:
    assert round_to_tick(D(price), D(tick), side) == D(expected)


def test_config_refuses_negative_slippage_and_participation_outside_zero_to_one() -> None:
    with pytest.raises(ValueError, match="slippage"):
        MatchingConfig(slippage_bps=D("-1"))
    with pytest.raises(ValueError, match="participation"):
        MatchingConfig(participation=D("1.5"))


prices = st.integers(1, 40_000).map(lambda ticks: ticks * D("0.05"))


@given(
    side=st.sampled_from([B, S]),
    limit=prices,
    ltp=prices,
    spread=st.integers(0, 10),
    bps=st.integers(0, 50),
)
def test_a_limit_fill_is_never_worse_than_its_limit_and_always_on_tick(
    side: Side, limit: Decimal, ltp: Decimal, spread: int, bps: int
) -> None:
    book = Quote(1, T1, ltp, max(ltp - spread * D("0.05"), D("0.05")), ltp + spread * D("0.05"), 10)
    order = working(L, side, price=str(limit))
    update = match_quote(order, book, MatchingConfig(slippage_bps=D(bps)), instrument=EQ)
    touch = book.ask if side is B else book.bid
    assert touch is not None
    assert bool(update.fills) == (side.sign * (limit - touch) >= 0)
    for fill in update.fills:
        assert side.sign * (limit - fill.price) >= 0
        assert side.sign * (fill.price - touch) >= 0
        assert fill.price % D("0.05") == 0


def test_day_orders_live_at_the_close_expire_but_ioc_final_and_later_orders_stay() -> None:
    close = T0 + timedelta(hours=6)
    live = working(L, B, price="99")
    pending_stop = working(SLM, S, trigger="95")
    ioc = working(L, B, validity=Validity.IOC, price="99")
    done = match_quote(working(M, B), quote(), NO_SLIP, instrument=EQ).order
    amo_tomorrow = Order.new(
        account_id=ACCOUNT,
        token=1,
        side=B,
        quantity=1,
        order_type=M,
        product=Product.CNC,
        at=close + timedelta(minutes=30),
        amo=True,
    )
    expired = expire_day_orders([live, pending_stop, ioc, done, amo_tomorrow], close)
    assert [o.id for o in expired] == [live.id, pending_stop.id]
    assert all(
        o.status is OrderStatus.CANCELLED and o.cancel_reason == EXPIRED_REASON for o in expired
    )
    assert all(o.updated_at == close for o in expired)


def test_square_off_closes_every_open_mis_position_at_market_tagged_square_off() -> None:
    at = T0 + timedelta(hours=5, minutes=50)
    long_mis = Position(ACCOUNT, 1, Product.MIS, quantity=10, cost=D("1000"))
    short_fut = Position(ACCOUNT, 2, Product.MIS, quantity=-75, cost=D("-1800000"))
    carried = Position(ACCOUNT, 1, Product.CNC, quantity=5, cost=D("500"))
    flat = Position(ACCOUNT, 2, Product.MIS)
    quotes = {1: quote(volume=1), 2: Quote(2, T1, D("24000"), D("23999.9"), D("24000.1"))}
    updates = square_off_intents(
        [long_mis, short_fut, carried, flat],
        quotes,
        at,
        instruments={1: EQ, 2: FUT},
        config=CAP_5PCT,
    )
    assert [(u.order.token, u.order.side, u.order.quantity) for u in updates] == [
        (1, S, 10),
        (2, B, 75),
    ]
    assert [(f.quantity, f.price, f.at, f.tag) for u in updates for f in u.fills] == [
        (10, D("99.95"), at, FillTag.SQUARE_OFF),
        (75, D("24000.1"), at, FillTag.SQUARE_OFF),
    ]
    for update in updates:
        assert update.order.status is OrderStatus.COMPLETE
        assert update.order.order_type is OrderType.MARKET
        assert update.order.triggered_by == SQUARE_OFF_SOURCE


def test_a_square_off_without_a_quote_leaves_an_open_exit_that_fills_on_the_next_quote() -> None:
    position = Position(ACCOUNT, 1, Product.MIS, quantity=-3, cost=D("-300"))
    [update] = square_off_intents([position], {}, T1, instruments={1: EQ}, config=NO_SLIP)
    assert (update.order.status, update.fills) == (OrderStatus.OPEN, ())
    later = match_quote(update.order, quote(), NO_SLIP, instrument=EQ)
    assert [(f.quantity, f.price, f.tag) for f in later.fills] == [
        (3, D("100.05"), FillTag.SQUARE_OFF)
    ]


def test_a_fill_intent_becomes_a_fill_of_its_order_with_the_callers_charges() -> None:
    update = match_quote(working(M, S), quote(), NO_SLIP, instrument=EQ)
    charges = ChargeBreakdown(brokerage=D("20"), gst=D("3.60"))
    fill = fill_from_intent(
        update.fills[0], update.order, fill_id=uuid.UUID(int=9), charges=charges
    )
    assert (fill.account_id, fill.token, fill.side, fill.quantity, fill.price) == (
        ACCOUNT,
        1,
        S,
        10,
        D("99.95"),
    )
    assert fill.charges.total == D("23.60")
    with pytest.raises(ValueError, match="another order"):
        fill_from_intent(update.fills[0], working(M, S), fill_id=uuid.UUID(int=9), charges=charges)
