"""The cash ledger: append-only entries; an account's cash is the sum of its entries.

Sign convention: ``amount`` is signed from the account's side, whole paise. A credit (deposit,
the value of a sell) is positive; a debit (withdrawal, the value of a buy, charges) is
negative. Entries are never edited; a correction is a new entry.

``Book`` ties one account's ledger to its positions in memory, for backtests and tests. With
starting capital deposited, it keeps the accounting identity exactly (no rounding slack)::

    cash + Σ quantity × mark + Σ charges == capital + realized + unrealized(mark)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from dalal.domain.errors import DomainError
from dalal.domain.money import ZERO, format_rupees, to_paise
from dalal.domain.orders import Fill, Product
from dalal.domain.positions import Position


class LedgerKind(StrEnum):
    DEPOSIT = "DEPOSIT"
    WITHDRAWAL = "WITHDRAWAL"
    FILL_VALUE = "FILL_VALUE"
    CHARGES = "CHARGES"


class InsufficientFunds(DomainError):
    code = "INSUFFICIENT_FUNDS"


def _sign_allowed(kind: LedgerKind, amount: Decimal) -> bool:
    if kind is LedgerKind.DEPOSIT:
        return amount > ZERO
    if kind is LedgerKind.WITHDRAWAL:
        return amount < ZERO
    if kind is LedgerKind.CHARGES:
        return amount <= ZERO
    return True


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One cash movement. ``ref`` points at its cause (a fill id, a transfer reference)."""

    account_id: uuid.UUID
    at: datetime
    kind: LedgerKind
    amount: Decimal
    ref: str | None = None

    def __post_init__(self) -> None:
        if to_paise(self.amount) != self.amount:
            raise ValueError(f"a ledger amount must be whole paise, not {self.amount}")
        if not _sign_allowed(self.kind, self.amount):
            raise ValueError(f"a {self.kind.value} entry cannot be {self.amount}")


def deposit(
    account_id: uuid.UUID, amount: Decimal, at: datetime, ref: str | None = None
) -> LedgerEntry:
    return LedgerEntry(account_id, at, LedgerKind.DEPOSIT, amount, ref)


def withdrawal(
    account_id: uuid.UUID, amount: Decimal, at: datetime, ref: str | None = None
) -> LedgerEntry:
    """A withdrawal of ``amount`` (given positive, booked negative)."""
    return LedgerEntry(account_id, at, LedgerKind.WITHDRAWAL, -amount, ref)


def entries_for_fill(fill: Fill) -> list[LedgerEntry]:
    """A buy debits its value and a sell credits it; charges, when any, debit separately.

    Fill prices are on tick, so a fill's value is whole paise and is booked as is.
    """
    ref = str(fill.id)
    entries = [
        LedgerEntry(
            fill.account_id, fill.at, LedgerKind.FILL_VALUE, -fill.signed_quantity * fill.price, ref
        )
    ]
    charges = fill.charges.total
    if charges != ZERO:
        entries.append(LedgerEntry(fill.account_id, fill.at, LedgerKind.CHARGES, -charges, ref))
    return entries


def cash_balance(entries: Iterable[LedgerEntry]) -> Decimal:
    return sum((entry.amount for entry in entries), ZERO)


class Book:
    """One account's ledger and positions, in memory: what a backtest or a test trades on."""

    def __init__(self, account_id: uuid.UUID) -> None:
        self.account_id = account_id
        self._entries: list[LedgerEntry] = []
        self._positions: dict[tuple[int, Product], Position] = {}
        self._cash = ZERO

    @property
    def entries(self) -> tuple[LedgerEntry, ...]:
        return tuple(self._entries)

    @property
    def cash(self) -> Decimal:
        return self._cash

    def deposit(self, amount: Decimal, at: datetime, ref: str | None = None) -> None:
        self._append(deposit(self.account_id, amount, at, ref))

    def withdraw(self, amount: Decimal, at: datetime, ref: str | None = None) -> None:
        if amount > self._cash:
            raise InsufficientFunds(
                f"Only {format_rupees(self._cash)} is available to withdraw; ask for that or less."
            )
        self._append(withdrawal(self.account_id, amount, at, ref))

    def apply_fill(self, fill: Fill, product: Product) -> Position:
        """Book ``fill`` (of an order in ``product``) to the ledger and its position."""
        key = (fill.token, product)
        position = self._positions.get(key) or Position(self.account_id, fill.token, product)
        updated = position.apply(fill)
        for entry in entries_for_fill(fill):
            self._append(entry)
        self._positions[key] = updated
        return updated

    def position(self, token: int, product: Product) -> Position:
        return self._positions.get((token, product)) or Position(self.account_id, token, product)

    def positions(self) -> Iterator[Position]:
        return iter(self._positions.values())

    @property
    def realized_pnl(self) -> Decimal:
        return sum((p.realized_pnl for p in self._positions.values()), ZERO)

    @property
    def charges_total(self) -> Decimal:
        return sum((p.charges.total for p in self._positions.values()), ZERO)

    def unrealized(self, marks: Mapping[int, Decimal]) -> Decimal:
        """Unrealized P&L of the open positions; ``marks`` must price every open token."""
        return sum((p.unrealized(marks[p.token]) for p in self._open()), ZERO)

    def equity(self, marks: Mapping[int, Decimal]) -> Decimal:
        """Cash plus the signed market value of the open positions."""
        return self._cash + sum((p.market_value(marks[p.token]) for p in self._open()), ZERO)

    def _open(self) -> Iterator[Position]:
        return (p for p in self._positions.values() if p.is_open)

    def _append(self, entry: LedgerEntry) -> None:
        self._entries.append(entry)
        self._cash += entry.amount
