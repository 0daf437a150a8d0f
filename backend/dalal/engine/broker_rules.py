"""The rules the simulated broker applies, each from the domain as paper trading applies it:
the checks on a new order, the margin check on what a fill opens, and a fill's charges."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

from dalal.domain.charges import ChargesTemplate, charges_for_fill
from dalal.domain.instrument_rules import check_price, check_quantity
from dalal.domain.instruments import Instrument
from dalal.domain.ledger import Book
from dalal.domain.margin import MarginConfig, free_margin, required_margin
from dalal.domain.order_book import Order, ShortSellNotAllowed, validate_new_order
from dalal.domain.orders import Fill
from dalal.domain.positions import opening_quantity

IST_OFFSET = timedelta(hours=5, minutes=30)


def trade_date(moment: datetime) -> date:
    """The IST date of ``moment``: the rate card in force is chosen by it."""
    return (moment + IST_OFFSET).date()


def check_order(
    order: Order, instrument: Instrument, *, held: int, allow_cash_shorts: bool
) -> None:
    """``validate_new_order`` for a backtest: the market is open, and with
    ``allow_cash_shorts`` CNC's no-short rule is waived (see ``engine.broker``)."""
    try:
        validate_new_order(
            order,
            instrument,
            market_open=True,
            position_quantity=held,
            check_price=check_price,
            check_quantity=check_quantity,
        )
    except ShortSellNotAllowed:
        # The short-sell rule comes last but for the session checks, which a backtest passes.
        if not allow_cash_shorts:
            raise


def margin_fits(
    book: Book,
    instruments: Mapping[int, Instrument],
    marks: Mapping[int, Decimal],
    margins: MarginConfig,
    order: Order,
    *,
    held: int,
    quantity: int,
    price: Decimal,
) -> bool:
    """Does the margin the fill's opening part needs fit in the free margin at ``price``?"""
    if opening_quantity(held, order.side, quantity) == 0:
        return True
    needed = required_margin(
        instruments[order.token],
        order.product,
        order.side,
        quantity,
        price,
        position_quantity=held,
        config=margins,
    )
    marked = {**marks, order.token: price}
    return needed <= free_margin(book.cash, book.positions(), instruments, marked, margins)


def charged_fill(
    template: ChargesTemplate,
    order: Order,
    instrument: Instrument,
    *,
    fill_id: uuid.UUID,
    quantity: int,
    price: Decimal,
    at: datetime,
    prior: Decimal,
) -> Fill:
    """The fill with its charges; ``prior`` is the value of the order's earlier fills."""
    charges = charges_for_fill(
        template,
        segment=instrument.segment,
        exchange=instrument.cash_exchange,
        product=order.product,
        side=order.side,
        price=price,
        quantity=quantity,
        trade_date=trade_date(at),
        prior_order_turnover=prior,
    )
    return Fill(
        id=fill_id,
        order_id=order.id,
        account_id=order.account_id,
        token=order.token,
        side=order.side,
        quantity=quantity,
        price=price,
        at=at,
        charges=charges,
    )
