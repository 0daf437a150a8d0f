"""The backtest's fast paths give exactly what the shared domain code gives: a ``Holding``
booked in place equals ``Position.apply`` fill after fill, the charge memo equals
``charges_for_fill``, and a working MARKET order's fill equals ``match_bar``'s."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dalal.domain.charges import charges_for_fill, parse_template
from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Bar, Interval
from dalal.domain.order_book import Accepted, Order
from dalal.domain.orders import Fill, OrderType, Product, Side
from dalal.domain.positions import Position
from dalal.engine.broker_rules import ChargeMemo
from dalal.engine.holdings import Holding
from dalal.engine.matching import MatchingConfig, market_fill_price, match_bar
from dalal.engine.objects import new_order, order_with

D = Decimal
ACCOUNT = uuid.UUID(int=1)
EQ = Instrument(7, Exchange.NSE, "ACME", "ACME LTD", InstrumentType.EQ, 1, D("0.05"))
OPT = Instrument(
    9,
    Exchange.NFO,
    "NIFTY25JAN23000CE",
    "NIFTY",
    InstrumentType.CE,
    75,
    D("0.05"),
    underlying="NIFTY",
    expiry=date(2025, 1, 30),
    strike=D(23000),
)
T0 = datetime(2025, 1, 6, 4, 0, tzinfo=UTC)

fills = st.lists(
    st.tuples(
        st.sampled_from([Side.BUY, Side.SELL]),
        st.integers(min_value=1, max_value=40),
        st.integers(min_value=1, max_value=40_000).map(lambda ticks: ticks * D("0.05")),
        st.integers(min_value=0, max_value=3000).map(lambda paise: D(paise) / 100),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=150)
@given(fills)
def test_a_holding_books_every_fill_exactly_as_position_apply(
    path: list[tuple[Side, int, Decimal, Decimal]],
) -> None:
    holding = Holding(ACCOUNT, EQ.token, Product.MIS)
    position = Position(ACCOUNT, EQ.token, Product.MIS)
    for n, (side, quantity, price, brokerage) in enumerate(path):
        charges = ChargeBreakdown(brokerage=brokerage)
        fill = Fill(
            uuid.UUID(int=n), ACCOUNT, ACCOUNT, EQ.token, side, quantity, price, T0, charges
        )
        position = position.apply(fill)
        holding.apply(side, quantity, price, charges)
        assert holding.position() == position


@pytest.mark.parametrize("template", ["zerodha", "percent:0.002", "flat:20", "zero"])
@pytest.mark.parametrize(
    ("instrument", "product"), [(EQ, Product.MIS), (EQ, Product.CNC), (OPT, Product.NRML)]
)
def test_the_charge_memo_charges_what_charges_for_fill_charges(
    template: str, instrument: Instrument, product: Product
) -> None:
    chosen = parse_template(template)
    memo = ChargeMemo(chosen)
    cases = [
        (Side.BUY, 75, D("101.05"), D(0), 0),
        (Side.SELL, 150, D("99.95"), D(0), 1),
        (Side.SELL, 75, D("99.95"), D("7496.25"), 1),  # a later fill of the same order
        (Side.BUY, 75, D("101.05"), D(0), 40),  # the same turnover weeks later: memo hit
        (Side.BUY, 75, D("101.05"), D(0), 800),  # a later rate card (2027)
    ]
    for side, quantity, price, prior, days in cases:
        at = T0 + timedelta(days=days)
        order = Order.new(
            account_id=ACCOUNT,
            token=instrument.token,
            side=side,
            quantity=quantity,
            order_type=OrderType.MARKET,
            product=product,
            at=at,
        )
        expected = charges_for_fill(
            chosen,
            segment=instrument.segment,
            exchange=instrument.cash_exchange,
            product=product,
            side=side,
            price=price,
            quantity=quantity,
            trade_date=(at + timedelta(hours=5, minutes=30)).date(),
            prior_order_turnover=prior,
        )
        assert memo.for_fill(order, instrument, quantity, price, at, prior) == expected


@pytest.mark.parametrize("side", [Side.BUY, Side.SELL])
@pytest.mark.parametrize("slippage", ["0", "3", "25"])
@pytest.mark.parametrize("bar_open", ["100.0", "100.03", "99.97", "0.05"])
def test_a_working_market_order_fills_where_match_bar_fills_it(
    side: Side, slippage: str, bar_open: str
) -> None:
    config = MatchingConfig(slippage_bps=D(slippage))
    order = Order.new(
        account_id=ACCOUNT,
        token=EQ.token,
        side=side,
        quantity=10,
        order_type=OrderType.MARKET,
        product=Product.MIS,
        at=T0,
    ).apply(Accepted(T0))
    price = D(bar_open)
    bar = Bar(EQ.token, T0 + timedelta(days=1), Interval.D1, price, price + 1, price, price, 5)
    expected = match_bar(order, bar, config, instrument=EQ)
    assert market_fill_price(side, bar.open, config, EQ) == expected.fills[0].price
    filled = order_with(
        order,
        status=expected.order.status,
        at=bar.at,
        filled_quantity=10,
        filled_value=expected.fills[0].price * 10,
    )
    assert filled == expected.order


def test_records_built_through_slot_descriptors_equal_those_built_by_init() -> None:
    order = Order.new(
        account_id=ACCOUNT,
        token=EQ.token,
        side=Side.SELL,
        quantity=3,
        order_type=OrderType.SL_M,
        product=Product.CNC,
        at=T0,
        trigger_price=D("99.5"),
        triggered_by="strategy:x",
    )
    fields = [getattr(order, name) for name in Order.__dataclass_fields__]
    assert new_order(*fields) == order
    with pytest.raises(TypeError, match="cancel_reason"):
        new_order(*fields[:-1])
