"""What the signal use cases need from storage, as protocols (see ``ports`` for the rest)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from dalal.domain.algos import Algo
from dalal.domain.orders import Side
from dalal.domain.signal_executions import Allocation, SignalExecution, Trade
from dalal.domain.signals import Signal, SignalGroup, SignalStatus


@dataclass(frozen=True, slots=True)
class TradeStats:
    """A group's closed trades, summed in SQL: ``net_pnl`` is net of charges, ``wins`` counts
    trades with a net P&L above zero."""

    trades: int
    wins: int
    net_pnl: Decimal
    holding_seconds: int


class SignalGroupRepository(Protocol):
    async def add(self, group: SignalGroup) -> None: ...
    async def save(self, group: SignalGroup) -> None: ...
    async def lock_owner(self, user_id: uuid.UUID) -> None: ...
    async def by_token(self, token: str) -> SignalGroup | None: ...
    async def get_owned(self, group_id: uuid.UUID, user_id: uuid.UUID) -> SignalGroup | None: ...
    async def list_for_user(self, user_id: uuid.UUID) -> list[SignalGroup]: ...


class AlgoRepository(Protocol):
    async def add(self, algo: Algo) -> None: ...
    async def save(self, algo: Algo) -> None: ...
    async def get_owned(self, algo_id: uuid.UUID, user_id: uuid.UUID) -> Algo | None: ...
    async def get_many(self, algo_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Algo]: ...
    async def list_for_user(self, user_id: uuid.UUID, *, include_archived: bool) -> list[Algo]: ...


class SignalRepository(Protocol):
    async def add(self, signal: Signal, *, dedupe_key: str | None, payload_hash: str) -> bool: ...
    async def lock_hash(self, group_id: uuid.UUID, payload_hash: str) -> None: ...
    async def id_by_dedupe_key(self, group_id: uuid.UUID, dedupe_key: str) -> uuid.UUID | None: ...
    async def recent_with_hash(
        self, group_id: uuid.UUID, payload_hash: str, since: datetime
    ) -> uuid.UUID | None: ...
    async def count_since(self, group_id: uuid.UUID, since: datetime) -> int: ...
    async def claim(self, signal_id: uuid.UUID) -> Signal | None: ...
    async def finish(
        self,
        signal_id: uuid.UUID,
        *,
        status: SignalStatus,
        reason: str | None,
        processing_ms: Decimal,
        at: datetime,
    ) -> bool: ...
    async def pending_ids(self, *, received_before: datetime, limit: int) -> list[uuid.UUID]: ...
    async def get_for_user(self, signal_id: uuid.UUID, user_id: uuid.UUID) -> Signal | None: ...
    async def list_for_user(
        self,
        user_id: uuid.UUID,
        *,
        group_id: uuid.UUID | None,
        statuses: list[SignalStatus] | None,
        before: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Signal]: ...
    async def status_counts(
        self, user_id: uuid.UUID, group_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, dict[SignalStatus, int]]: ...


class ExecutionRepository(Protocol):
    async def add_many(self, executions: Sequence[SignalExecution]) -> None: ...
    async def add_allocations(self, allocations: Sequence[Allocation]) -> None: ...
    async def add_trades(self, trades: Sequence[Trade]) -> None: ...
    async def open_for_exit(
        self,
        *,
        user_id: uuid.UUID,
        group_id: uuid.UUID | None,
        algo_ids: Sequence[uuid.UUID],
        direction: Side,
        signal_symbol: str | None,
        entry_unique_id: str | None,
    ) -> list[SignalExecution]: ...
    async def allocations_of(self, execution_ids: Sequence[uuid.UUID]) -> list[Allocation]: ...
    async def close_many(
        self, executions: Sequence[SignalExecution], allocations: Sequence[Allocation]
    ) -> None: ...
    async def list_for_user(
        self,
        user_id: uuid.UUID,
        *,
        signal_id: uuid.UUID | None,
        group_id: uuid.UUID | None,
        before: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[SignalExecution]: ...
    async def trades_for_user(
        self,
        user_id: uuid.UUID,
        *,
        group_id: uuid.UUID | None,
        before: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Trade]: ...
    async def all_trades_of_group(self, user_id: uuid.UUID, group_id: uuid.UUID) -> list[Trade]: ...
    async def get_for_user(
        self, execution_id: uuid.UUID, user_id: uuid.UUID
    ) -> SignalExecution | None: ...
    async def for_signals(
        self, user_id: uuid.UUID, signal_ids: Sequence[uuid.UUID]
    ) -> list[SignalExecution]: ...
    async def allocations_for_user(
        self, user_id: uuid.UUID, execution_ids: Sequence[uuid.UUID]
    ) -> list[Allocation]: ...
    async def trade_stats(
        self, user_id: uuid.UUID, group_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, TradeStats]: ...
