"""Positions: the net quantity per (account, token, product), derived from fills.

Conventions:

- ``quantity`` is signed: positive long, negative short. ``cost`` is the signed cost basis of
  the open lots (Σ signed quantity × entry price), so ``average_price = cost / quantity`` is
  the trader's usual average of the open lots' entry prices, and a short has negative cost.
- Adding to a position adds its cost exactly. Reducing one books realized P&L on the closed
  part, ``(exit − average) × closed × sign``, **rounded to the paisa** (that is where it is
  booked), and takes exactly ``exit × closed − booked`` out of ``cost``. The rounding therefore
  moves at most half a paisa between realized and unrealized P&L and never creates or loses
  money: ``realized + unrealized(mark)`` always equals the fills' net cash flow plus
  ``quantity × mark``, exactly. Closing a position fully books ``exit value − cost`` as it
  stands (whole paise when prices are on tick) and leaves ``cost`` at exactly zero.
- A fill that crosses zero (long → short) closes the old side at the fill price and opens the
  rest on the other side at the same price.
- Charges are not part of realized P&L; they accumulate separately in ``charges``.
- ``average_price`` is a derived display value (it may be a long decimal); P&L never uses it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from decimal import Decimal

from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.money import ZERO, to_paise
from dalal.domain.orders import Fill, Product, Side


def opening_quantity(position_quantity: int, side: Side, quantity: int) -> int:
    """How much of an order for ``quantity`` on ``side`` opens or adds exposure.

    The rest (up to the open position on the other side) only reduces it.
    """
    if position_quantity * side.sign < 0:
        return max(0, quantity - abs(position_quantity))
    return quantity


@dataclass(frozen=True, slots=True)
class Position:
    account_id: uuid.UUID
    token: int
    product: Product
    quantity: int = 0
    cost: Decimal = ZERO
    realized_pnl: Decimal = ZERO
    charges: ChargeBreakdown = field(default_factory=ChargeBreakdown)
    buy_quantity: int = 0
    buy_value: Decimal = ZERO
    sell_quantity: int = 0
    sell_value: Decimal = ZERO

    @property
    def is_open(self) -> bool:
        return self.quantity != 0

    @property
    def average_price(self) -> Decimal | None:
        """Average entry price of the open lots (always positive), or ``None`` when flat."""
        return self.cost / self.quantity if self.quantity else None

    def unrealized(self, ltp: Decimal) -> Decimal:
        """P&L of the open lots marked at ``ltp``: ``quantity × ltp − cost`` (exact)."""
        return self.quantity * ltp - self.cost

    def mtm(self, ltp: Decimal) -> Decimal:
        """Mark-to-market: realized plus unrealized at ``ltp``, before charges."""
        return self.realized_pnl + self.unrealized(ltp)

    def market_value(self, ltp: Decimal) -> Decimal:
        """Signed value of the open lots at ``ltp`` (negative for a short)."""
        return self.quantity * ltp

    def apply(self, fill: Fill) -> Position:
        """The position after ``fill``: open, add, reduce, close or flip."""
        if fill.account_id != self.account_id or fill.token != self.token:
            raise ValueError("a fill can only change the position of its own account and token")
        if fill.quantity <= 0:
            raise ValueError("a fill's quantity must be positive")
        traded = self._with_turnover(fill)
        signed = fill.signed_quantity
        if self.quantity == 0 or (self.quantity > 0) == (signed > 0):
            return replace(
                traded, quantity=self.quantity + signed, cost=self.cost + signed * fill.price
            )
        closing = min(abs(signed), abs(self.quantity))
        reduced = traded._reduce(closing, fill.price)
        rest = abs(signed) - closing
        if rest == 0:
            return reduced
        opened = fill.side.sign * rest
        return replace(reduced, quantity=opened, cost=opened * fill.price)

    def _reduce(self, closing: int, price: Decimal) -> Position:
        """Close ``closing`` units (0 < closing ≤ |quantity|) at ``price``, booking P&L."""
        closed = closing if self.quantity > 0 else -closing
        exit_value = closed * price
        remaining = self.quantity - closed
        if remaining == 0:
            # The whole cost goes: nothing may linger on a flat position.
            booked = exit_value - self.cost
        else:
            booked = to_paise(exit_value - self.cost * closed / self.quantity)
        cost = self.cost - (exit_value - booked)
        return replace(self, quantity=remaining, cost=cost, realized_pnl=self.realized_pnl + booked)

    def _with_turnover(self, fill: Fill) -> Position:
        charges = self.charges + fill.charges
        if fill.side is Side.BUY:
            return replace(
                self,
                charges=charges,
                buy_quantity=self.buy_quantity + fill.quantity,
                buy_value=self.buy_value + fill.value,
            )
        return replace(
            self,
            charges=charges,
            sell_quantity=self.sell_quantity + fill.quantity,
            sell_value=self.sell_value + fill.value,
        )
