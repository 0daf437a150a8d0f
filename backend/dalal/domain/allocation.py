"""Allocation: which accounts a signal reaches, how many lots each trades, and what a closed
round trip made.

Invariants:

* Only active accounts are targeted, each at most once, sorted by the string form of their
  id, so every execution locks accounts in the same order.
* An account trades ``floor(base_lots × multiplier)`` lots, computed exactly (no Decimal
  context rounding), and ``lots × lot_size`` units; so its quantity is always a whole number of
  lots. An account whose share rounds down to nothing is skipped with the reason, never
  silently dropped: every account is either planned or skipped.
* P&L is paise-exact and signed by direction (BUY is a long, SELL a short), so swapping the
  direction negates it. Gross P&L ignores charges; :func:`allocation_pnl` nets them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from dalal.domain.accounts import Account
from dalal.domain.algos import TargetMode, Targets
from dalal.domain.errors import InvalidInput
from dalal.domain.money import to_paise
from dalal.domain.orders import Side

_HUNDRED = Decimal(100)


def select_accounts(targets: Targets, accounts: Sequence[Account]) -> list[Account]:
    """The active accounts the targets name, each once, sorted by ``str(account.id)``."""
    if targets.mode is TargetMode.TAG:
        tag = (targets.tag or "").strip().lower()  # tags are stored lower-case
        chosen = [a for a in accounts if tag in a.tags]
    elif targets.mode is TargetMode.LIST:
        listed = set(targets.account_ids)
        chosen = [a for a in accounts if a.id in listed]
    else:
        chosen = list(accounts)
    unique = {a.id: a for a in chosen if a.active}
    return sorted(unique.values(), key=lambda a: str(a.id))


@dataclass(frozen=True, slots=True)
class AllocationPlan:
    account_id: uuid.UUID
    lots: int
    quantity: int


@dataclass(frozen=True, slots=True)
class SkippedAccount:
    account_id: uuid.UUID
    reason: str


def lots_for(base_lots: int, multiplier: Decimal) -> int:
    """``floor(base_lots × multiplier)``, exactly: the multiplier as a ratio of integers."""
    numerator, denominator = multiplier.as_integer_ratio()
    return base_lots * numerator // denominator


def plan_allocations(
    accounts: Sequence[Account], *, base_lots: int, lot_size: int
) -> tuple[list[AllocationPlan], list[SkippedAccount]]:
    """Each account's lots and quantity, in the given order; a zero share is skipped."""
    if base_lots < 1:
        raise InvalidInput("Trade at least 1 lot.", field="quantity")
    if lot_size < 1:
        raise ValueError(f"lot size must be positive, got {lot_size}")
    planned: list[AllocationPlan] = []
    skipped: list[SkippedAccount] = []
    for account in accounts:
        lots = lots_for(base_lots, account.multiplier)
        if lots > 0:
            planned.append(AllocationPlan(account.id, lots, lots * lot_size))
        else:
            skipped.append(SkippedAccount(account.id, _zero_share_reason(account, base_lots)))
    return planned, skipped


def _zero_share_reason(account: Account, base_lots: int) -> str:
    multiplier = f"{account.multiplier.normalize():f}"
    noun = "lot" if base_lots == 1 else "lots"
    return f"multiplier {multiplier} × {base_lots} {noun} rounds down to 0 lots"


@dataclass(frozen=True, slots=True)
class RoundTrip:
    """A closed trade's gross result: P&L in rupees (paise-exact), P&L as a percentage of the
    entry value (two decimals), and how long it was held, in whole seconds."""

    pnl: Decimal
    pnl_pct: Decimal
    holding_seconds: int


def gross_pnl(direction: Side, entry_price: Decimal, exit_price: Decimal, quantity: int) -> Decimal:
    """(exit − entry) × quantity, negated for a short, rounded to the paisa."""
    return to_paise((exit_price - entry_price) * quantity * direction.sign)


def round_trip(  # noqa: PLR0917 - the agreed contract: a trade reads left to right
    direction: Side,
    entry_price: Decimal,
    exit_price: Decimal,
    quantity: int,
    entry_at: datetime,
    exit_at: datetime,
) -> RoundTrip:
    """The gross result of entering ``quantity`` at ``entry_price`` on ``direction``'s side
    and leaving at ``exit_price``. Half-paisa ties round away from zero, so the result for
    SELL is exactly the negation of the result for BUY."""
    if quantity < 1 or entry_price <= 0 or exit_price < 0:
        raise ValueError(
            "a round trip needs a positive quantity and entry price, and no negative exit"
        )
    if exit_at < entry_at:
        raise ValueError("a round trip cannot exit before it enters")
    pnl = gross_pnl(direction, entry_price, exit_price, quantity)
    exact = (exit_price - entry_price) * quantity * direction.sign
    pnl_pct = to_paise(exact * _HUNDRED / (entry_price * quantity))
    return RoundTrip(pnl, pnl_pct, int((exit_at - entry_at).total_seconds()))


def allocation_pnl(
    direction: Side,
    entry_price: Decimal,
    exit_price: Decimal,
    quantity: int,
    *,
    entry_charges: Decimal,
    exit_charges: Decimal,
) -> Decimal:
    """One account's net P&L on a round trip: gross P&L less both legs' charges."""
    gross = gross_pnl(direction, entry_price, exit_price, quantity)
    return to_paise(gross - entry_charges - exit_charges)
