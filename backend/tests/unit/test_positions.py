"""Positions from fills: open, add, reduce, close and flip, with hand-computed averages and P&L."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.orders import Fill, Product, Side
from dalal.domain.positions import Position, opening_quantity

D = Decimal
AT = datetime(2025, 1, 6, 4, 0, tzinfo=UTC)
ACCOUNT = uuid.UUID(int=5)


def fill(side: Side, quantity: int, price: str, charges: str = "0") -> Fill:
    return Fill(
        id=uuid.uuid4(),
        order_id=uuid.uuid4(),
        account_id=ACCOUNT,
        token=1,
        side=side,
        quantity=quantity,
        price=D(price),
        at=AT,
        charges=ChargeBreakdown(brokerage=D(charges)),
    )


def flat() -> Position:
    return Position(ACCOUNT, 1, Product.MIS)


def run(*fills: Fill) -> Position:
    position = flat()
    for each in fills:
        position = position.apply(each)
    return position


def test_a_first_buy_opens_a_long_at_its_price() -> None:
    long = run(fill(Side.BUY, 10, "100"))
    assert (long.quantity, long.cost, long.average_price, long.realized_pnl) == (
        10,
        D("1000"),
        D("100"),
        D("0"),
    )


def test_adding_to_a_long_averages_the_entry_prices_by_quantity() -> None:
    long = run(fill(Side.BUY, 10, "100"), fill(Side.BUY, 30, "110"))
    assert (long.quantity, long.cost, long.average_price) == (40, D("4300"), D("107.5"))
    assert long.realized_pnl == 0


def test_reducing_a_long_books_exit_minus_average_on_the_closed_part_and_keeps_the_average() -> (
    None
):
    long = run(fill(Side.BUY, 10, "100"), fill(Side.BUY, 10, "110"), fill(Side.SELL, 5, "120"))
    # average 105; (120 - 105) x 5
    assert long.realized_pnl == D("75.00")
    assert (long.quantity, long.average_price) == (15, D("105"))


def test_closing_a_long_leaves_no_cost_and_sums_the_realized_pnl() -> None:
    closed = run(
        fill(Side.BUY, 10, "100"),
        fill(Side.BUY, 10, "110"),
        fill(Side.SELL, 5, "120"),
        fill(Side.SELL, 15, "100"),
    )
    # 75 on the first exit, (100 - 105) x 15 = -75 on the second
    assert (closed.quantity, closed.cost, closed.realized_pnl) == (0, D("0"), D("0.00"))
    assert not closed.is_open
    assert closed.average_price is None


def test_a_short_gains_when_bought_back_lower() -> None:
    short = run(fill(Side.SELL, 10, "200"), fill(Side.BUY, 4, "190"))
    assert (short.quantity, short.cost, short.average_price) == (-6, D("-1200"), D("200"))
    assert short.realized_pnl == D("40.00")
    assert short.unrealized(D("210")) == D("-60")


def test_a_sell_larger_than_the_long_flips_to_a_short_at_the_fill_price() -> None:
    flipped = run(fill(Side.BUY, 10, "100"), fill(Side.SELL, 15, "110"))
    assert flipped.realized_pnl == D("100")
    assert (flipped.quantity, flipped.cost, flipped.average_price) == (-5, D("-550"), D("110"))


def test_a_buy_larger_than_the_short_flips_to_a_long() -> None:
    flipped = run(fill(Side.SELL, 4, "50.05"), fill(Side.BUY, 10, "49.95"))
    assert flipped.realized_pnl == D("0.40")
    assert (flipped.quantity, flipped.cost) == (6, D("299.70"))


def test_a_partial_exit_with_a_repeating_average_books_whole_paise_without_losing_any() -> None:
    position = run(
        fill(Side.BUY, 1, "100.00"), fill(Side.BUY, 2, "100.05"), fill(Side.SELL, 1, "101")
    )
    # average 300.10 / 3 = 100.0333...; 101 - 100.0333... = 0.9666... -> booked 0.97
    assert position.realized_pnl == D("0.97")
    assert position.cost == D("200.07")
    # nothing lost to rounding: realized + unrealized is the exact trading result
    assert position.realized_pnl + position.unrealized(D("101")) == D("101") * 3 - D("300.10")


def test_unrealized_and_mtm_mark_the_open_lots() -> None:
    position = run(fill(Side.BUY, 10, "100"), fill(Side.SELL, 4, "105"))
    assert position.unrealized(D("98.50")) == D("-9.00")
    assert position.mtm(D("98.50")) == D("20.00") + D("-9.00")
    assert position.market_value(D("98.50")) == D("591.00")


def test_charges_accumulate_beside_the_pnl_not_inside_it() -> None:
    position = run(
        fill(Side.BUY, 10, "100", charges="20"), fill(Side.SELL, 10, "101", charges="23.60")
    )
    assert position.realized_pnl == D("10")
    assert position.charges.total == D("43.60")


def test_turnover_counts_buys_and_sells() -> None:
    position = run(fill(Side.BUY, 10, "100"), fill(Side.SELL, 15, "110"), fill(Side.BUY, 5, "105"))
    assert (position.buy_quantity, position.buy_value) == (15, D("1525"))
    assert (position.sell_quantity, position.sell_value) == (15, D("1650"))
    assert position.quantity == 0
    assert position.realized_pnl == D("1650") - D("1525")


def test_a_fill_of_another_account_or_token_is_refused() -> None:
    stranger = Position(uuid.uuid4(), 1, Product.MIS)
    with pytest.raises(ValueError, match="own account"):
        stranger.apply(fill(Side.BUY, 1, "100"))


@pytest.mark.parametrize(
    ("position", "side", "quantity", "opening"),
    [
        (0, Side.BUY, 10, 10),
        (5, Side.BUY, 10, 10),
        (5, Side.SELL, 3, 0),
        (5, Side.SELL, 5, 0),
        (5, Side.SELL, 8, 3),
        (-5, Side.BUY, 8, 3),
        (-5, Side.SELL, 2, 2),
    ],
)
def test_only_the_part_beyond_the_opposite_position_opens_exposure(
    position: int, side: Side, quantity: int, opening: int
) -> None:
    assert opening_quantity(position, side, quantity) == opening
