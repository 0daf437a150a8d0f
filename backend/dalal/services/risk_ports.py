"""What the risk use cases need from storage, as a protocol (see ``ports`` for the rest)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Protocol

from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, Product
from dalal.domain.risk.evaluation import ScopeState
from dalal.domain.risk.events import RiskEvent
from dalal.domain.risk.guard import PositionGuard
from dalal.domain.risk.levels import PositionStops
from dalal.domain.risk.limits import RiskScope
from dalal.domain.risk.panic import Panic
from dalal.domain.risk.pretrade import ScopeControl

GuardKey = tuple[uuid.UUID, int, Product]


@dataclass(frozen=True, slots=True)
class DayBase:
    cash: Decimal
    snapshot: Decimal | None  # equity at the start of the day, if recorded
    flows: Decimal  # deposits less withdrawals since the day began


@dataclass(frozen=True, slots=True)
class OrderGate:
    """The panics in force, the rules on everything, the account and the order's strategy;
    with any rule on everything or the account, also the account's day base and how many
    active accounts the user has. ``day`` and ``ist_time``: the trading day and IST time the
    check runs at (``read_order_gate`` sets them, so the check reads the clock once)."""

    panics: list[Panic]
    controls: list[ScopeControl]
    base: DayBase | None = None
    accounts: int = 1
    day: date = date.min
    ist_time: time = time.min


@dataclass(frozen=True, slots=True)
class Bracket:
    """Stops given with an entry order, with the order as it stands; ``armed``: how much of
    the order the guard they armed covers (0: none of it has filled yet)."""

    order: Order
    stops: PositionStops
    armed: int = 0


class RiskRepository(Protocol):
    async def rules_for_user(self, user_id: uuid.UUID) -> list[ScopeControl]: ...
    async def rules_for_scopes(
        self, user_id: uuid.UUID, scopes: Sequence[RiskScope]
    ) -> list[ScopeControl]:
        """The user's rules on these scopes only (what one order's check needs)."""
        ...

    async def gate_for_order(
        self,
        user_id: uuid.UUID,
        account_id: uuid.UUID,
        strategy_id: str | None,
        *,
        day: date,
        since: datetime,
    ) -> OrderGate:
        """Everything one order's risk check reads, in one statement."""
        ...

    async def user_gate(self, user_id: uuid.UUID) -> tuple[list[Panic], list[ScopeControl]]:
        """The user's panics in force and all of the user's rules, in one statement."""
        ...

    async def signal_gate(
        self, user_id: uuid.UUID, scope: RiskScope
    ) -> tuple[list[Panic], ScopeControl | None]:
        """What a signal's intake checks, in one statement: the user's panics in force and
        the rule of ``scope`` (its group)."""
        ...

    async def day_bases(
        self, account_ids: Sequence[uuid.UUID], day: date, since: datetime
    ) -> dict[uuid.UUID, DayBase]:
        """Cash, the start-of-day equity snapshot and the flows since ``since``: one statement."""
        ...

    async def rule(
        self, user_id: uuid.UUID, scope: RiskScope, *, lock: bool = False
    ) -> ScopeControl | None: ...
    async def all_rules(self, *, lock: bool = False) -> list[tuple[uuid.UUID, ScopeControl]]: ...
    async def save_rule(self, user_id: uuid.UUID, control: ScopeControl, *, at: datetime) -> None:
        """Insert or replace the scope's limits and state."""
        ...

    async def save_states(
        self, states: Sequence[tuple[uuid.UUID, RiskScope, ScopeState]], *, at: datetime
    ) -> None: ...
    async def delete_rule(self, user_id: uuid.UUID, scope: RiskScope) -> bool: ...

    async def active_panics(self, user_id: uuid.UUID | None) -> list[Panic]:
        """The panics in force of one user, or of everyone (``None``)."""
        ...

    async def add_panic(self, panic: Panic) -> bool:
        """False when a panic is already in force on that scope (nothing is added)."""
        ...

    async def rearm(
        self, user_id: uuid.UUID, scope: RiskScope, *, at: datetime, by: str, reason: str
    ) -> Panic | None: ...
    async def panics_for_user(self, user_id: uuid.UUID, *, limit: int) -> list[Panic]: ...

    async def guards_on(
        self, tokens: Iterable[int] | None, *, lock: bool = False
    ) -> list[PositionGuard]: ...
    async def guards_for_accounts(
        self, account_ids: Sequence[uuid.UUID], *, lock: bool = False
    ) -> list[PositionGuard]: ...
    async def save_guards(self, guards: Sequence[PositionGuard], *, at: datetime) -> None: ...
    async def delete_guards(self, keys: Iterable[GuardKey]) -> None: ...

    async def working_orders(
        self, account_ids: Sequence[uuid.UUID], *, lock: bool = False
    ) -> list[Order]:
        """Orders of ``account_ids`` that can still fill; ``lock`` waits for rows others hold."""
        ...

    async def attributed_fills(
        self,
        account_ids: Sequence[uuid.UUID],
        sources: Sequence[str],
        *,
        since: datetime | None = None,
    ) -> list[tuple[Fill, Product, str]]:
        """Fills of the orders placed by ``sources`` (``triggered_by``) in ``account_ids``,
        with their orders' product and source, oldest first."""
        ...

    async def add_bracket(
        self, order_id: uuid.UUID, token: int, stops: PositionStops, *, at: datetime, armed: int
    ) -> None: ...
    async def brackets_on(self, tokens: Iterable[int]) -> list[Bracket]:
        """Brackets beside orders in ``tokens``, with their orders as they stand."""
        ...

    async def set_brackets_armed(self, armed: Mapping[uuid.UUID, int]) -> None:
        """Note how much of each order (by id) its bracket's guard now covers."""
        ...

    async def delete_brackets(self, order_ids: Iterable[uuid.UUID]) -> None: ...

    async def add_events(self, events: Sequence[RiskEvent]) -> list[RiskEvent]: ...
    async def events_for_user(
        self, user_id: uuid.UUID, *, before_id: int | None, limit: int
    ) -> list[RiskEvent]: ...
