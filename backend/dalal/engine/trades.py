"""Round trips from fills: first in, first out, per instrument.

Each fill that opens or adds exposure opens a *lot*; a fill on the other side closes the
oldest lots first, and each closed piece is one ``ClosedTrade``. A fill that crosses zero
closes what was open and opens a lot with the rest. Charges follow the units: a fill's
charges are shared among the pieces it opens or closes in proportion to their units, rounded
to the paisa, the last piece taking the remainder, so the trades' charges add up exactly to
the fills'. ``pnl`` is net of the trade's charges; its sum over the trades equals realized
P&L less charges once everything is closed.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from dalal.domain.money import to_paise
from dalal.domain.orders import Fill


@dataclass(frozen=True, slots=True)
class ClosedTrade:
    token: int
    symbol: str
    size: int  # signed: positive long, negative short
    entry_time: datetime
    exit_time: datetime
    entry_index: int  # bar index on the backtest's timeline
    exit_index: int
    entry_price: Decimal
    exit_price: Decimal
    pnl: Decimal  # net of charges
    charges: Decimal
    exit_reason: str

    @property
    def return_fraction(self) -> float:
        """Net P&L over the entry value (see ``dalal.domain.metrics.trades``)."""
        return float(self.pnl / (abs(self.size) * self.entry_price))


@dataclass(slots=True)
class _Lot:
    quantity: int  # signed, what is still open
    price: Decimal
    at: datetime
    index: int
    charges: Decimal  # entry charges not yet given to a closed piece


class _Share:
    """Hands out ``total`` over ``units`` pieces by units, the last piece taking the rest."""

    def __init__(self, total: Decimal, units: int) -> None:
        self.total, self.units = total, units

    def take(self, units: int) -> Decimal:
        part = self.total if units >= self.units else to_paise(self.total * units / self.units)
        self.total -= part
        self.units -= units
        return part


class TradeBook:
    def __init__(self, symbols: dict[int, str]) -> None:
        self._symbols = symbols
        self._lots: dict[int, deque[_Lot]] = {token: deque() for token in symbols}
        self.closed: list[ClosedTrade] = []

    def record(self, fill: Fill, *, reason: str, index: int) -> None:
        """Book ``fill`` (bar ``index`` of the timeline), closing lots with ``reason``."""
        lots = self._lots[fill.token]
        signed = fill.signed_quantity
        charges = _Share(fill.charges.total, fill.quantity)
        while signed and lots and (lots[0].quantity > 0) != (signed > 0):
            lot = lots[0]
            units = min(abs(signed), abs(lot.quantity))
            self._close(
                lot, units, fill, exit_charges=charges.take(units), reason=reason, index=index
            )
            signed += units if signed < 0 else -units
            if lot.quantity == 0:
                lots.popleft()
        if signed:
            lots.append(_Lot(signed, fill.price, fill.at, index, charges.take(abs(signed))))

    def _close(
        self, lot: _Lot, units: int, fill: Fill, *, exit_charges: Decimal, reason: str, index: int
    ) -> None:
        entry_charges = _Share(lot.charges, abs(lot.quantity)).take(units)
        lot.charges -= entry_charges
        size = units if lot.quantity > 0 else -units
        lot.quantity -= size
        gross = (fill.price - lot.price) * size
        charges = entry_charges + exit_charges
        self.closed.append(
            ClosedTrade(
                token=fill.token,
                symbol=self._symbols[fill.token],
                size=size,
                entry_time=lot.at,
                exit_time=fill.at,
                entry_index=lot.index,
                exit_index=index,
                entry_price=lot.price,
                exit_price=fill.price,
                pnl=gross - charges,
                charges=charges,
                exit_reason=reason,
            )
        )

    def open_units(self, token: int) -> int:
        return sum((lot.quantity for lot in self._lots[token]), 0)
