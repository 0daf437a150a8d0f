"""The order's status-transition table, its fill arithmetic, and the checks on a new order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.domain.errors import DomainError, InvalidInput
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.order_book import (
    EXPIRED_REASON,
    Accepted,
    AmoWhileMarketOpen,
    Cancelled,
    Expired,
    Filled,
    FillExceedsRemaining,
    IllegalOrderTransition,
    InstrumentNotTradable,
    IntradayCutoffPassed,
    MarketClosed,
    Order,
    OrderEvent,
    PriceNotAllowed,
    PriceRequired,
    ProductNotAllowed,
    Rejected,
    ShortSellNotAllowed,
    Triggered,
    TriggerNotAllowed,
    TriggerOnWrongSide,
    TriggerRequired,
    validate_new_order,
)
from dalal.domain.orders import OrderStatus, OrderType, Product, Side

T0 = datetime(2025, 1, 6, 4, 0, tzinfo=UTC)
T1 = T0 + timedelta(minutes=1)
D = Decimal

RELIANCE = Instrument(1, Exchange.NSE, "RELIANCE", "RELIANCE", InstrumentType.EQ, 1, D("0.05"))
NIFTY_FUT = Instrument(
    2, Exchange.NFO, "NIFTY25JANFUT", "NIFTY", InstrumentType.FUT, 75, D("0.10"), "NIFTY"
)
NIFTY_INDEX = Instrument(3, Exchange.NSE, "NIFTY 50", "NIFTY", InstrumentType.INDEX, 1, D("0.05"))


def order(
    order_type: OrderType = OrderType.MARKET,
    side: Side = Side.BUY,
    quantity: int = 10,
    product: Product = Product.MIS,
    token: int = 1,
    **details: object,
) -> Order:
    return Order.new(
        account_id=uuid.UUID(int=1),
        token=token,
        side=side,
        quantity=quantity,
        order_type=order_type,
        product=product,
        at=T0,
        **details,  # type: ignore[arg-type]
    )


def in_status(status: OrderStatus) -> Order:
    """A 10-unit order brought to ``status`` by legal events."""
    stop = status is OrderStatus.TRIGGER_PENDING
    fresh = order(OrderType.SL_M, trigger_price=D("101")) if stop else order()
    steps: dict[OrderStatus, list[OrderEvent]] = {
        OrderStatus.PENDING: [],
        OrderStatus.TRIGGER_PENDING: [Accepted(T1)],
        OrderStatus.OPEN: [Accepted(T1)],
        OrderStatus.PARTIALLY_FILLED: [Accepted(T1), Filled(4, D("100"), T1)],
        OrderStatus.COMPLETE: [Accepted(T1), Filled(10, D("100"), T1)],
        OrderStatus.CANCELLED: [Cancelled("user", T1)],
        OrderStatus.REJECTED: [Rejected("margin", T1)],
    }
    for event in steps[status]:
        fresh = fresh.apply(event)
    assert fresh.status is status
    return fresh


EVENTS: dict[str, OrderEvent] = {
    "Accepted": Accepted(T1),
    "Triggered": Triggered(T1),
    "Filled": Filled(1, D("100"), T1),
    "Cancelled": Cancelled("user", T1),
    "Rejected": Rejected("margin", T1),
    "Expired": Expired(T1),
}
# Written out by hand from the issue, independently of the module's table.
LEGAL = {
    OrderStatus.PENDING: {"Accepted", "Cancelled", "Rejected", "Expired"},
    OrderStatus.TRIGGER_PENDING: {"Triggered", "Cancelled", "Rejected", "Expired"},
    OrderStatus.OPEN: {"Filled", "Cancelled", "Rejected", "Expired"},
    OrderStatus.PARTIALLY_FILLED: {"Filled", "Cancelled", "Expired"},
    OrderStatus.COMPLETE: set(),
    OrderStatus.CANCELLED: set(),
    OrderStatus.REJECTED: set(),
}
PAIRS = [(status, name) for status in OrderStatus for name in EVENTS]


@pytest.mark.parametrize(("status", "event_name"), PAIRS)
def test_every_status_takes_exactly_its_legal_events(status: OrderStatus, event_name: str) -> None:
    before = in_status(status)
    if event_name in LEGAL[status]:
        assert before.apply(EVENTS[event_name]).updated_at == T1
    else:
        with pytest.raises(IllegalOrderTransition, match=status.value):
            before.apply(EVENTS[event_name])


def test_an_accepted_market_or_limit_order_is_open_and_a_stop_waits_for_its_trigger() -> None:
    assert order().apply(Accepted(T1)).status is OrderStatus.OPEN
    limit = order(OrderType.LIMIT, price=D("99")).apply(Accepted(T1))
    assert limit.status is OrderStatus.OPEN
    stop = order(OrderType.SL, price=D("101.5"), trigger_price=D("101")).apply(Accepted(T1))
    assert stop.status is OrderStatus.TRIGGER_PENDING
    assert stop.apply(Triggered(T1)).status is OrderStatus.OPEN


def test_partial_fills_average_exactly_by_quantity_and_complete_the_order() -> None:
    live = order(quantity=30).apply(Accepted(T0))
    part = live.apply(Filled(10, D("100.05"), T1))
    assert (part.status, part.filled_quantity, part.remaining) == (
        OrderStatus.PARTIALLY_FILLED,
        10,
        20,
    )
    done = part.apply(Filled(20, D("100.10"), T1))
    assert done.status is OrderStatus.COMPLETE
    assert done.filled_value == D("3002.50")
    assert done.average_price == D("3002.50") / 30
    assert order().average_price is None


def test_a_fill_larger_than_the_remaining_quantity_is_refused() -> None:
    part = in_status(OrderStatus.PARTIALLY_FILLED)
    with pytest.raises(FillExceedsRemaining):
        part.apply(Filled(7, D("100"), T1))
    with pytest.raises(FillExceedsRemaining):
        part.apply(Filled(0, D("100"), T1))


def test_an_expired_order_is_cancelled_with_the_reason_and_keeps_its_fills() -> None:
    expired = in_status(OrderStatus.PARTIALLY_FILLED).apply(Expired(T1))
    assert expired.status is OrderStatus.CANCELLED
    assert expired.cancel_reason == EXPIRED_REASON
    assert expired.filled_quantity == 4


def test_a_rejection_keeps_its_reason() -> None:
    rejected = order().apply(Rejected("Insufficient margin", T1))
    assert rejected.reject_reason == "Insufficient margin"
    assert rejected.status.is_final


@given(st.lists(st.tuples(st.integers(1, 50), st.integers(1, 100_000)), min_size=1, max_size=20))
def test_fills_never_exceed_the_quantity_and_average_is_value_over_quantity(
    fills: list[tuple[int, int]],
) -> None:
    live = order(quantity=200).apply(Accepted(T0))
    value, quantity = D(0), 0
    for qty, paise in fills:
        price = D(paise) / 100
        if qty > live.remaining:
            error = FillExceedsRemaining if live.remaining else IllegalOrderTransition
            with pytest.raises(error):
                live.apply(Filled(qty, price, T1))
            continue
        live = live.apply(Filled(qty, price, T1))
        value, quantity = value + qty * price, quantity + qty
    assert live.filled_quantity == quantity <= live.quantity
    assert live.filled_value == value
    if quantity:
        assert live.average_price == value / quantity
    assert (live.status is OrderStatus.COMPLETE) == (quantity == 200)


# --- validation ------------------------------------------------------------------------------


class OffTick(InvalidInput):
    pass


def on_tick(instrument: Instrument, price: Decimal, /, *, field: str = "price") -> None:
    if price % instrument.tick_size:
        raise OffTick("off tick", field=field)


def whole_lots(instrument: Instrument, quantity: int, /) -> None:
    if quantity % instrument.lot_size:
        raise InvalidInput("not a lot multiple", field="quantity")


def check(
    candidate: Order,
    instrument: Instrument = RELIANCE,
    *,
    market_open: bool = True,
    position_quantity: int = 0,
    mis_cutoff_passed: bool = False,
) -> None:
    validate_new_order(
        candidate,
        instrument,
        market_open=market_open,
        position_quantity=position_quantity,
        check_price=on_tick,
        check_quantity=whole_lots,
        mis_cutoff_passed=mis_cutoff_passed,
    )


@pytest.mark.parametrize(
    ("candidate", "error"),
    [
        (order(OrderType.LIMIT), PriceRequired),
        (order(OrderType.SL, trigger_price=D("101")), PriceRequired),
        (order(OrderType.SL, price=D("101")), TriggerRequired),
        (order(OrderType.SL_M), TriggerRequired),
        (order(OrderType.MARKET, price=D("100")), PriceNotAllowed),
        (order(OrderType.SL_M, price=D("100"), trigger_price=D("99")), PriceNotAllowed),
        (order(OrderType.LIMIT, price=D("100"), trigger_price=D("99")), TriggerNotAllowed),
        (order(OrderType.SL, price=D("100"), trigger_price=D("101")), TriggerOnWrongSide),
        (
            order(OrderType.SL, Side.SELL, price=D("100"), trigger_price=D("99")),
            TriggerOnWrongSide,
        ),
        (order(OrderType.LIMIT, price=D("100.03")), OffTick),
        (order(OrderType.SL_M, trigger_price=D("100.02")), OffTick),
        (order(OrderType.LIMIT, price=D("0")), InvalidInput),
        (order(quantity=0), InvalidInput),
        (order(product=Product.NRML), ProductNotAllowed),
        (order(side=Side.SELL, product=Product.CNC), ShortSellNotAllowed),
    ],
    ids=lambda value: "order" if isinstance(value, Order) else value.__name__,
)
def test_an_equity_order_breaking_a_rule_raises_the_error_named_for_it(
    candidate: Order, error: type[DomainError]
) -> None:
    with pytest.raises(error) as raised:
        check(candidate)
    assert raised.value.message


def test_an_off_tick_trigger_is_reported_against_the_trigger_field() -> None:
    with pytest.raises(OffTick) as raised:
        check(order(OrderType.SL, price=D("100.05"), trigger_price=D("100.02")))
    assert raised.value.field == "trigger_price"


def test_each_order_type_with_its_own_prices_is_accepted() -> None:
    check(order())
    check(order(OrderType.LIMIT, price=D("100.05")))
    check(order(OrderType.SL, price=D("101.05"), trigger_price=D("101")))
    check(order(OrderType.SL, Side.SELL, price=D("98.95"), trigger_price=D("99")))
    check(order(OrderType.SL_M, trigger_price=D("99")))


def test_futures_take_whole_lots_and_mis_or_nrml_but_not_cnc() -> None:
    check(order(quantity=150, product=Product.NRML, token=2), NIFTY_FUT)
    with pytest.raises(InvalidInput, match="lot"):
        check(order(quantity=100, product=Product.NRML, token=2), NIFTY_FUT)
    with pytest.raises(ProductNotAllowed, match="NRML"):
        check(order(quantity=75, product=Product.CNC, token=2), NIFTY_FUT)


def test_an_index_cannot_be_traded() -> None:
    with pytest.raises(InstrumentNotTradable):
        check(order(token=3), NIFTY_INDEX)


def test_short_selling_is_allowed_intraday_and_in_fo_but_cnc_sells_need_holdings() -> None:
    check(order(side=Side.SELL, product=Product.MIS))
    check(order(side=Side.SELL, quantity=75, product=Product.NRML, token=2), NIFTY_FUT)
    check(order(side=Side.SELL, product=Product.CNC), position_quantity=10)
    with pytest.raises(ShortSellNotAllowed, match="You hold 9"):
        check(order(side=Side.SELL, product=Product.CNC), position_quantity=9)


def test_a_closed_market_takes_only_after_market_orders_and_an_open_one_only_regular() -> None:
    with pytest.raises(MarketClosed, match="AMO"):
        check(order(), market_open=False)
    check(order(amo=True), market_open=False)
    with pytest.raises(AmoWhileMarketOpen):
        check(order(amo=True), market_open=True)


def test_after_the_mis_cutoff_new_intraday_exposure_is_refused_but_exits_pass() -> None:
    with pytest.raises(IntradayCutoffPassed):
        check(order(), mis_cutoff_passed=True)
    check(order(side=Side.SELL), position_quantity=10, mis_cutoff_passed=True)
    check(order(product=Product.CNC), mis_cutoff_passed=True)
