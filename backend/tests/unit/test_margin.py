"""Approximate margins per instrument class, exits that need none, and release on close."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.ledger import Book
from dalal.domain.margin import (
    InsufficientMargin,
    MarginConfig,
    blocked_margin,
    check_margin,
    free_margin,
    required_margin,
)
from dalal.domain.orders import Fill, Product, Side
from dalal.domain.positions import Position

D = Decimal
AT = datetime(2025, 1, 6, 4, 0, tzinfo=UTC)
ACCOUNT = uuid.UUID(int=21)
EQ = Instrument(1, Exchange.NSE, "TCS", "TCS", InstrumentType.EQ, 1, D("0.10"))
FUT = Instrument(
    2,
    Exchange.NFO,
    "NIFTY25JANFUT",
    "NIFTY",
    InstrumentType.FUT,
    75,
    D("0.10"),
    "NIFTY",
    date(2025, 1, 30),
)
CALL = Instrument(
    3,
    Exchange.NFO,
    "NIFTY25JAN24000CE",
    "NIFTY",
    InstrumentType.CE,
    75,
    D("0.05"),
    "NIFTY",
    date(2025, 1, 30),
    D("24000"),
)
INDEX = Instrument(4, Exchange.NSE, "NIFTY 50", "NIFTY", InstrumentType.INDEX, 1, D("0.05"))
INSTRUMENTS = {i.token: i for i in (EQ, FUT, CALL, INDEX)}


@pytest.mark.parametrize(
    ("instrument", "product", "side", "quantity", "price", "margin"),
    [
        (EQ, Product.CNC, Side.BUY, 10, "4000", "40000.00"),  # 100% of value
        (EQ, Product.MIS, Side.BUY, 10, "4000", "8000.00"),  # 20% of value
        (EQ, Product.MIS, Side.SELL, 7, "4000.30", "5600.42"),  # 20% of 28002.10, to the paisa
        (FUT, Product.NRML, Side.BUY, 75, "24000", "216000.00"),  # 12% of 18,00,000
        (FUT, Product.MIS, Side.SELL, 150, "24000", "432000.00"),
        (CALL, Product.NRML, Side.BUY, 75, "120.50", "9037.50"),  # the premium
        (CALL, Product.NRML, Side.SELL, 75, "120.50", "216000.00"),  # 12% of strike x qty
    ],
)
def test_margin_per_instrument_class(
    instrument: Instrument, product: Product, side: Side, quantity: int, price: str, margin: str
) -> None:
    assert required_margin(instrument, product, side, quantity, D(price)) == D(margin)


def test_rates_are_configurable() -> None:
    config = MarginConfig(futures_rate=D("0.15"), equity_mis_rate=D("0.25"))
    assert required_margin(FUT, Product.NRML, Side.BUY, 75, D("24000"), config=config) == D(
        "270000"
    )
    assert required_margin(EQ, Product.MIS, Side.BUY, 10, D("4000"), config=config) == D("10000")


def test_an_order_that_only_reduces_a_position_needs_no_margin() -> None:
    assert required_margin(FUT, Product.NRML, Side.SELL, 75, D("24000"), position_quantity=150) == 0
    assert required_margin(CALL, Product.NRML, Side.BUY, 75, D("100"), position_quantity=-75) == 0


def test_an_order_that_flips_a_position_needs_margin_only_for_the_new_side() -> None:
    flip = required_margin(EQ, Product.MIS, Side.SELL, 15, D("4000"), position_quantity=10)
    assert flip == D("4000.00")  # 20% of 5 x 4000


def test_an_index_or_a_strikeless_option_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="not tradable"):
        required_margin(INDEX, Product.MIS, Side.BUY, 1, D("24000"))
    broken = Instrument(9, Exchange.NFO, "X", "X", InstrumentType.PE, 75, D("0.05"))
    with pytest.raises(ValueError, match="no strike"):
        required_margin(broken, Product.NRML, Side.SELL, 75, D("10"))


def test_blocked_margin_sums_the_open_positions_at_their_marks() -> None:
    positions = [
        Position(ACCOUNT, 1, Product.MIS, quantity=10, cost=D("40000")),
        Position(ACCOUNT, 2, Product.NRML, quantity=-75, cost=D("-1800000")),
        Position(ACCOUNT, 3, Product.NRML, quantity=0, realized_pnl=D("500")),
    ]
    marks = {1: D("4100"), 2: D("24100"), 3: D("80")}
    # 20% of 41000 + 12% of 75 x 24100
    assert blocked_margin(positions, INSTRUMENTS, marks) == D("8200") + D("216900")


def futures_fill(side: Side, price: str) -> Fill:
    return Fill(
        uuid.uuid4(),
        uuid.uuid4(),
        ACCOUNT,
        2,
        side,
        75,
        D(price),
        AT,
        ChargeBreakdown(brokerage=D("20")),
    )


def test_closing_a_position_releases_its_margin() -> None:
    book = Book(ACCOUNT)
    book.deposit(D("300000"), AT)
    book.apply_fill(futures_fill(Side.BUY, "24000"), Product.NRML)
    marks = {2: D("24040")}
    assert blocked_margin(book.positions(), INSTRUMENTS, marks) == D("216360.00")
    # equity 300000 - 20 charges + 75 x 40 mark-to-market, less the blocked margin
    assert free_margin(book.cash, book.positions(), INSTRUMENTS, marks) == D("86620.00")
    book.apply_fill(futures_fill(Side.SELL, "24040"), Product.NRML)
    assert blocked_margin(book.positions(), INSTRUMENTS, marks) == 0
    assert free_margin(book.cash, book.positions(), INSTRUMENTS, marks) == D("302960")


def test_for_delivery_and_option_buys_free_margin_is_the_cash() -> None:
    book = Book(ACCOUNT)
    book.deposit(D("100000"), AT)
    book.apply_fill(
        Fill(uuid.uuid4(), uuid.uuid4(), ACCOUNT, 1, Side.BUY, 10, D("4000"), AT), Product.CNC
    )
    book.apply_fill(
        Fill(uuid.uuid4(), uuid.uuid4(), ACCOUNT, 3, Side.BUY, 75, D("120"), AT), Product.NRML
    )
    marks = {1: D("4321.10"), 3: D("87.65")}
    assert free_margin(book.cash, book.positions(), INSTRUMENTS, marks) == book.cash == D("51000")


def test_an_order_beyond_the_free_margin_is_refused_with_both_amounts() -> None:
    check_margin(D("100"), D("100"))
    with pytest.raises(InsufficientMargin, match=r"₹100\.01.*₹100"):
        check_margin(D("100.01"), D("100"))
