"""Panic buttons (kill switches): one strategy or signal group, one account, or everything.

A panic in force covers new orders and signals in its scope: they are refused with the rule
``PANIC``. It never lifts by itself: only a person re-arms it, and both the press and the
re-arm record who and why.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from dalal.domain.risk.limits import RiskScope, ScopeKind

PANIC_SOURCE = "panic"  # ``triggered_by`` of the exits a panic places


@dataclass(frozen=True, slots=True)
class OrderOrigin:
    """Who an order is for: its account, and the strategy or signal group behind it."""

    account_id: uuid.UUID
    strategy_id: str | None = None
    group_id: str | None = None

    def scopes(self) -> tuple[RiskScope, ...]:
        found = [RiskScope.everything(), RiskScope(ScopeKind.ACCOUNT, str(self.account_id))]
        if self.strategy_id is not None:
            found.append(RiskScope(ScopeKind.STRATEGY, self.strategy_id))
        if self.group_id is not None:
            found.append(RiskScope(ScopeKind.GROUP, self.group_id))
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Panic:
    id: uuid.UUID
    user_id: uuid.UUID
    scope: RiskScope
    reason: str
    pressed_at: datetime
    pressed_by: str  # the username of the person who pressed it
    rearmed_at: datetime | None = None
    rearmed_by: str | None = None
    rearm_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.rearmed_at is None

    def covers(self, origin: OrderOrigin) -> bool:
        return self.active and self.scope in origin.scopes()


def strategy_of(triggered_by: str) -> str | None:
    """The strategy id of an order placed by ``strategy:<id>``, else None."""
    kind, _, ident = triggered_by.partition(":")
    return ident if kind == "strategy" and ident else None
