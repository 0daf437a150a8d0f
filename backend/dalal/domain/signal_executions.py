"""Signal executions, allocations and trades: how one signal becomes many accounts' fills.

Invariants:
- An execution has one price for every account, and its quantity is the sum of its filled
  allocations' quantities.
- An exit closes exactly the quantity each allocation opened, at one price, and writes one
  trade for the execution (so one trade per signal leg, whatever the number of accounts).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from dalal.domain.orders import Product, Side


class ExecutionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class AllocationStatus(StrEnum):
    FILLED = "filled"  # entry filled; open
    CLOSED = "closed"  # exit filled
    SKIPPED = "skipped"  # its share rounded down to zero lots
    REJECTED = "rejected"  # a pre-trade check said no (the reason says which)
    EXIT_REJECTED = "exit_rejected"  # the exit could not be placed for this account


class ExitReason(StrEnum):
    SIGNAL = "SIGNAL"
    SL = "SL"
    TARGET = "TARGET"
    TSL = "TSL"
    SQUARE_OFF = "SQUARE_OFF"
    PANIC = "PANIC"


@dataclass(frozen=True, slots=True)
class SignalExecution:
    id: uuid.UUID
    signal_id: uuid.UUID
    user_id: uuid.UUID
    group_id: uuid.UUID | None
    algo_id: uuid.UUID | None
    leg: int
    direction: Side  # BUY: a long opened by BUY_ENTRY; SELL: a short
    side: Side  # the entry orders' side (a leg may trade against the signal)
    token: int
    tradingsymbol: str
    signal_symbol: str | None
    entry_unique_id: str | None
    product: Product
    base_lots: int
    quantity: int
    entry_price: Decimal
    opened_at: datetime
    status: ExecutionStatus = ExecutionStatus.OPEN
    exit_signal_id: uuid.UUID | None = None
    exit_price: Decimal | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Allocation:
    id: uuid.UUID
    execution_id: uuid.UUID
    account_id: uuid.UUID
    status: AllocationStatus
    lots: int
    quantity: int
    reason: str | None = None
    entry_order_id: uuid.UUID | None = None
    entry_charges: Decimal = Decimal(0)
    exit_order_id: uuid.UUID | None = None
    exit_charges: Decimal | None = None
    pnl: Decimal | None = None  # net of both sides' charges, once closed


@dataclass(frozen=True, slots=True)
class Trade:
    id: uuid.UUID
    execution_id: uuid.UUID
    user_id: uuid.UUID
    group_id: uuid.UUID | None
    algo_id: uuid.UUID | None
    token: int
    tradingsymbol: str
    direction: Side
    quantity: int
    entry_price: Decimal
    exit_price: Decimal
    entry_at: datetime
    exit_at: datetime
    pnl: Decimal  # gross: price move × quantity
    charges: Decimal
    pnl_pct: Decimal
    holding_seconds: int
    exit_reason: ExitReason

    @property
    def net_pnl(self) -> Decimal:
        return self.pnl - self.charges
