"""The backtest's books, mutable: cash, one ``Holding`` per instrument, and the fills.

A ``Holding`` applies a fill exactly as ``dalal.domain.positions.Position.apply`` does (the
same Decimal operations in the same order, so the same exact values) but in place, without
the three ``replace`` calls a frozen ``Position`` costs per fill. ``position()`` gives the
immutable ``Position`` that strategies and results see, rebuilt only after a change. Cash is
the running sum of what the ledger would book: −signed quantity × price, less charges.
Test ``test_backtest_holdings`` holds the two implementations equal on random fill paths.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from dalal.domain.charges import ChargesTemplate
from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.instruments import Instrument
from dalal.domain.money import ZERO, to_paise
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, FillTag, Product, Side
from dalal.domain.positions import Position
from dalal.engine.broker_rules import ChargeMemo
from dalal.engine.objects import NO_CHARGES, new_fill, new_position

_FILL_IDS = 2 << 64


class Holding:
    __slots__ = (
        "_position",
        "account_id",
        "buy_quantity",
        "buy_value",
        "charges",
        "cost",
        "product",
        "quantity",
        "realized_pnl",
        "sell_quantity",
        "sell_value",
        "token",
    )

    def __init__(self, account_id: uuid.UUID, token: int, product: Product) -> None:
        self.account_id, self.token, self.product = account_id, token, product
        self.quantity = 0
        self.cost = self.realized_pnl = self.buy_value = self.sell_value = ZERO
        self.buy_quantity = self.sell_quantity = 0
        self.charges = NO_CHARGES
        self._position: Position | None = None

    def apply(self, side: Side, quantity: int, price: Decimal, charges: ChargeBreakdown) -> None:
        """Book a fill of ``quantity`` (> 0) at ``price``: open, add, reduce, close or flip."""
        self._position = None
        self.charges = self.charges + charges
        value = price * quantity
        if side is Side.BUY:
            signed = quantity
            self.buy_quantity += quantity
            self.buy_value += value
        else:
            signed = -quantity
            self.sell_quantity += quantity
            self.sell_value += value
        held = self.quantity
        if held == 0 or (held > 0) == (signed > 0):
            self.quantity = held + signed
            self.cost = self.cost + signed * price
            return
        closing = min(quantity, abs(held))
        self._reduce(closing, price)
        rest = quantity - closing
        if rest:
            opened = signed // quantity * rest
            self.quantity = opened
            self.cost = opened * price

    def _reduce(self, closing: int, price: Decimal) -> None:
        held = self.quantity
        closed = closing if held > 0 else -closing
        exit_value = closed * price
        remaining = held - closed
        if remaining == 0:
            booked = exit_value - self.cost
        else:
            booked = to_paise(exit_value - self.cost * closed / held)
        self.cost = self.cost - (exit_value - booked)
        self.quantity = remaining
        self.realized_pnl = self.realized_pnl + booked

    def position(self) -> Position:
        """The immutable ``Position`` equal to what the domain's fills would give."""
        if self._position is None:
            self._position = new_position(
                self.account_id,
                self.token,
                self.product,
                self.quantity,
                self.cost,
                self.realized_pnl,
                self.charges,
                self.buy_quantity,
                self.buy_value,
                self.sell_quantity,
                self.sell_value,
            )
        return self._position


class Books:
    """One account's cash, holdings and fills; fills get deterministic ids (a counter)."""

    def __init__(
        self,
        account_id: uuid.UUID,
        capital: Decimal,
        products: Mapping[int, Product],
        charges: ChargesTemplate,
    ) -> None:
        self.cash = ZERO + capital  # as the ledger's deposit books it
        self.holdings = {token: Holding(account_id, token, p) for token, p in products.items()}
        self.fills: list[Fill] = []
        self._charges = ChargeMemo(charges)

    def equity(
        self, marks: Mapping[int, Decimal], token: int | None = None, price: Decimal | None = None
    ) -> Decimal:
        """Cash plus open positions at ``marks`` (``token`` marked at ``price`` if given)."""
        total = self.cash
        for holding in self.holdings.values():
            if holding.quantity:
                mark = price if holding.token == token and price else marks[holding.token]
                total += holding.quantity * mark
        return total

    def open_positions(self) -> list[Position]:
        return [h.position() for h in self.holdings.values() if h.quantity]

    def book(
        self,
        order: Order,
        instrument: Instrument,
        quantity: int,
        price: Decimal,
        at: datetime,
        *,
        prior: Decimal,
        tag: FillTag,
    ) -> tuple[Fill, int]:
        """Charge a fill of ``order`` and book it; the fill and the quantity held before it.
        ``prior``: the value of the order's earlier fills (charges are per order)."""
        charges = self._charges.for_fill(order, instrument, quantity, price, at, prior)
        fill = new_fill(
            uuid.UUID(int=_FILL_IDS | (len(self.fills) + 1)),
            order.id,
            order.account_id,
            order.token,
            order.side,
            quantity,
            price,
            at,
            charges,
            tag,
        )
        holding = self.holdings[order.token]
        before = holding.quantity
        holding.apply(order.side, quantity, price, charges)
        self.cash += -(quantity if order.side is Side.BUY else -quantity) * price
        total = charges.total
        if total:
            self.cash += -total
        self.fills.append(fill)
        return fill, before
