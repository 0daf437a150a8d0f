"""The cash ledger, and the accounting identities that tie it to positions, on random fills."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.ledger import (
    Book,
    InsufficientFunds,
    LedgerEntry,
    LedgerKind,
    cash_balance,
    deposit,
    entries_for_fill,
    withdrawal,
)
from dalal.domain.orders import Fill, Product, Side

D = Decimal
AT = datetime(2025, 1, 6, 4, 0, tzinfo=UTC)
ACCOUNT = uuid.UUID(int=11)
TICK = D("0.05")
CAPITAL = D("1000000")


def fill(token: int, side: Side, quantity: int, price: Decimal, charges: Decimal = D(0)) -> Fill:
    return Fill(
        id=uuid.uuid4(),
        order_id=uuid.uuid4(),
        account_id=ACCOUNT,
        token=token,
        side=side,
        quantity=quantity,
        price=price,
        at=AT,
        charges=ChargeBreakdown(brokerage=charges),
    )


def test_a_buy_debits_its_value_and_its_charges() -> None:
    buy = fill(1, Side.BUY, 10, D("100.05"), D("23.61"))
    entries = entries_for_fill(buy)
    assert [(e.kind, e.amount, e.ref) for e in entries] == [
        (LedgerKind.FILL_VALUE, D("-1000.50"), str(buy.id)),
        (LedgerKind.CHARGES, D("-23.61"), str(buy.id)),
    ]


def test_a_sell_credits_its_value_and_a_charge_free_fill_books_no_charge_entry() -> None:
    [entry] = entries_for_fill(fill(1, Side.SELL, 3, D("99.95")))
    assert (entry.kind, entry.amount) == (LedgerKind.FILL_VALUE, D("299.85"))


def test_cash_is_the_sum_of_the_entries() -> None:
    entries = [
        deposit(ACCOUNT, D("5000"), AT),
        withdrawal(ACCOUNT, D("1200.50"), AT),
        *entries_for_fill(fill(1, Side.BUY, 10, D("100"), D("1.25"))),
    ]
    assert cash_balance(entries) == D("5000") - D("1200.50") - D("1000") - D("1.25")


@pytest.mark.parametrize(
    ("kind", "amount"),
    [
        (LedgerKind.DEPOSIT, "0"),
        (LedgerKind.DEPOSIT, "-1"),
        (LedgerKind.WITHDRAWAL, "5"),
        (LedgerKind.CHARGES, "0.01"),
        (LedgerKind.FILL_VALUE, "1.005"),
    ],
)
def test_entries_must_be_whole_paise_with_the_sign_their_kind_implies(
    kind: LedgerKind, amount: str
) -> None:
    with pytest.raises(
        ValueError, match=kind.value if kind is not LedgerKind.FILL_VALUE else "paise"
    ):
        LedgerEntry(ACCOUNT, AT, kind, D(amount))


def test_a_book_refuses_to_withdraw_more_than_its_cash() -> None:
    book = Book(ACCOUNT)
    book.deposit(D("100"), AT)
    with pytest.raises(InsufficientFunds, match="100"):
        book.withdraw(D("100.01"), AT)
    book.withdraw(D("100"), AT + timedelta(days=1))
    assert book.cash == 0
    assert len(book.entries) == 2


def test_a_book_keeps_one_position_per_token_and_product() -> None:
    book = Book(ACCOUNT)
    book.apply_fill(fill(1, Side.BUY, 10, D("100")), Product.CNC)
    book.apply_fill(fill(1, Side.SELL, 4, D("101")), Product.MIS)
    assert book.position(1, Product.CNC).quantity == 10
    assert book.position(1, Product.MIS).quantity == -4
    assert book.position(2, Product.MIS).quantity == 0
    assert sorted(p.quantity for p in book.positions()) == [-4, 10]


# --- properties on random fill sequences ----------------------------------------------------

TOKENS = (1, 2, 3)
PRODUCTS = (Product.MIS, Product.NRML)
prices = st.integers(1, 20_000).map(lambda ticks: ticks * TICK)
fills_strategy = st.lists(
    st.tuples(
        st.sampled_from(TOKENS),
        st.sampled_from(PRODUCTS),
        st.sampled_from([Side.BUY, Side.SELL]),
        st.integers(1, 300),
        prices,
        st.integers(0, 5_000).map(lambda paise: D(paise) / 100),
    ),
    max_size=40,
)
marks_strategy = st.fixed_dictionaries(dict.fromkeys(TOKENS, prices))

Trade = tuple[int, Product, Side, int, Decimal, Decimal]


def book_after(trades: list[Trade]) -> Book:
    book = Book(ACCOUNT)
    book.deposit(CAPITAL, AT)
    for token, product, side, quantity, price, charges in trades:
        book.apply_fill(fill(token, side, quantity, price, charges), product)
    return book


@given(fills_strategy)
def test_a_positions_quantity_is_the_sum_of_its_signed_fills(trades: list[Trade]) -> None:
    book = book_after(trades)
    expected: dict[tuple[int, Product], int] = defaultdict(int)
    for token, product, side, quantity, _, _ in trades:
        expected[(token, product)] += side.sign * quantity
    for (token, product), quantity in expected.items():
        assert book.position(token, product).quantity == quantity
    for position in book.positions():
        assert position.is_open or position.cost == 0


@settings(max_examples=200)
@given(fills_strategy, marks_strategy)
def test_cash_plus_holdings_plus_charges_is_capital_plus_realized_plus_unrealized(
    trades: list[Trade], marks: dict[int, Decimal]
) -> None:
    book = book_after(trades)
    holdings = sum((p.market_value(marks[p.token]) for p in book.positions()), D(0))
    assert book.cash == cash_balance(book.entries)
    assert book.cash + holdings + book.charges_total == (
        CAPITAL + book.realized_pnl + book.unrealized(marks)
    )
    assert book.equity(marks) == book.cash + holdings
    assert book.charges_total == sum((charges for *_, charges in trades), D(0))


@settings(max_examples=200)
@given(fills_strategy, marks_strategy)
def test_closing_everything_at_the_mark_realizes_exactly_the_marked_pnl_and_the_cash_flows(
    trades: list[Trade], marks: dict[int, Decimal]
) -> None:
    book = book_after(trades)
    marked = book.realized_pnl + book.unrealized(marks)
    for position in list(book.positions()):
        if position.is_open:
            side = Side.SELL if position.quantity > 0 else Side.BUY
            exit_fill = fill(position.token, side, abs(position.quantity), marks[position.token])
            book.apply_fill(exit_fill, position.product)
    assert all(not p.is_open and p.cost == 0 for p in book.positions())
    assert book.unrealized(marks) == 0
    assert book.realized_pnl == marked
    fill_cash_flows = sum((e.amount for e in book.entries if e.kind is LedgerKind.FILL_VALUE), D(0))
    assert book.realized_pnl == fill_cash_flows
    assert book.cash == CAPITAL + book.realized_pnl - book.charges_total
