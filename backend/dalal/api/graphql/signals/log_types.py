"""GraphQL types of the signal log: signals, executions, allocations and trades."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import strawberry

from dalal.api.graphql.context import Info
from dalal.api.graphql.signals.enums import (
    AllocationStatusEnum,
    ExecutionStatusEnum,
    ExitReasonEnum,
    SignalActionEnum,
    SignalSourceEnum,
    SignalStatusEnum,
)
from dalal.api.graphql.signals.loaders import signal_loaders
from dalal.api.graphql.signals.types import AlgoType
from dalal.api.graphql.trading.types import AccountType, ProductEnum, SideEnum
from dalal.domain.signal_executions import Allocation, SignalExecution, Trade
from dalal.domain.signals import Signal


def _id(value: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(str(value))


def _maybe_id(value: uuid.UUID | None) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(str(value))


@strawberry.type(name="Allocation")
class AllocationType:
    """One account's share of an execution; ``pnl`` is net of its charges, once closed."""

    account_uuid: strawberry.Private[uuid.UUID]
    id: strawberry.ID
    execution_id: strawberry.ID
    account_id: strawberry.ID
    status: AllocationStatusEnum
    lots: int
    quantity: int
    reason: str | None
    entry_order_id: strawberry.ID | None
    entry_charges: Decimal
    exit_order_id: strawberry.ID | None
    exit_charges: Decimal | None
    pnl: Decimal | None

    @classmethod
    def of(cls, a: Allocation) -> AllocationType:
        return cls(
            account_uuid=a.account_id,
            id=_id(a.id),
            execution_id=_id(a.execution_id),
            account_id=_id(a.account_id),
            status=AllocationStatusEnum(a.status.value),
            lots=a.lots,
            quantity=a.quantity,
            reason=a.reason,
            entry_order_id=_maybe_id(a.entry_order_id),
            entry_charges=a.entry_charges,
            exit_order_id=_maybe_id(a.exit_order_id),
            exit_charges=a.exit_charges,
            pnl=a.pnl,
        )

    @strawberry.field
    async def account(self, info: Info) -> AccountType | None:
        found = await signal_loaders(info).account_by_id.load(self.account_uuid)
        return AccountType.of(*found) if found else None


async def _allocations(info: Info, execution_id: uuid.UUID) -> list[AllocationType]:
    found = await signal_loaders(info).allocations_by_execution.load(execution_id)
    return [AllocationType.of(a) for a in found]


async def _algo(info: Info, algo_id: uuid.UUID | None) -> AlgoType | None:
    if algo_id is None:
        return None
    found = await signal_loaders(info).algo_by_id.load(algo_id)
    return AlgoType.of(found) if found else None


@strawberry.type(name="SignalExecution")
class SignalExecutionType:
    """The one master execution of a signal leg: one instrument, one price for all accounts."""

    execution: strawberry.Private[SignalExecution]
    id: strawberry.ID
    signal_id: strawberry.ID
    group_id: strawberry.ID | None
    algo_id: strawberry.ID | None
    leg: int
    direction: SideEnum = strawberry.field(description="BUY: a long; SELL: a short")
    side: SideEnum = strawberry.field(description="The entry orders' side")
    token: int
    tradingsymbol: str
    signal_symbol: str | None
    entry_unique_id: str | None
    product: ProductEnum
    base_lots: int
    quantity: int
    entry_price: Decimal
    opened_at: datetime
    status: ExecutionStatusEnum
    exit_signal_id: strawberry.ID | None
    exit_price: Decimal | None
    closed_at: datetime | None

    @classmethod
    def of(cls, e: SignalExecution) -> SignalExecutionType:
        return cls(
            execution=e,
            id=_id(e.id),
            signal_id=_id(e.signal_id),
            group_id=_maybe_id(e.group_id),
            algo_id=_maybe_id(e.algo_id),
            leg=e.leg,
            direction=SideEnum(e.direction.value),
            side=SideEnum(e.side.value),
            token=e.token,
            tradingsymbol=e.tradingsymbol,
            signal_symbol=e.signal_symbol,
            entry_unique_id=e.entry_unique_id,
            product=ProductEnum(e.product.value),
            base_lots=e.base_lots,
            quantity=e.quantity,
            entry_price=e.entry_price,
            opened_at=e.opened_at,
            status=ExecutionStatusEnum(e.status.value),
            exit_signal_id=_maybe_id(e.exit_signal_id),
            exit_price=e.exit_price,
            closed_at=e.closed_at,
        )

    @strawberry.field
    async def allocations(self, info: Info) -> list[AllocationType]:
        return await _allocations(info, self.execution.id)

    @strawberry.field
    async def algo(self, info: Info) -> AlgoType | None:
        return await _algo(info, self.execution.algo_id)


@strawberry.type(name="Trade")
class TradeType:
    """A closed round trip: one per execution, with every account's share in ``allocations``."""

    trade: strawberry.Private[Trade]
    id: strawberry.ID
    execution_id: strawberry.ID
    group_id: strawberry.ID | None
    algo_id: strawberry.ID | None
    token: int
    tradingsymbol: str
    direction: SideEnum
    quantity: int
    entry_price: Decimal
    exit_price: Decimal
    entry_at: datetime
    exit_at: datetime
    pnl: Decimal = strawberry.field(description="Gross: the price move × quantity")
    charges: Decimal
    net_pnl: Decimal
    pnl_pct: Decimal
    holding_seconds: int
    exit_reason: ExitReasonEnum

    @classmethod
    def of(cls, t: Trade) -> TradeType:
        return cls(
            trade=t,
            id=_id(t.id),
            execution_id=_id(t.execution_id),
            group_id=_maybe_id(t.group_id),
            algo_id=_maybe_id(t.algo_id),
            token=t.token,
            tradingsymbol=t.tradingsymbol,
            direction=SideEnum(t.direction.value),
            quantity=t.quantity,
            entry_price=t.entry_price,
            exit_price=t.exit_price,
            entry_at=t.entry_at,
            exit_at=t.exit_at,
            pnl=t.pnl,
            charges=t.charges,
            net_pnl=t.net_pnl,
            pnl_pct=t.pnl_pct,
            holding_seconds=t.holding_seconds,
            exit_reason=ExitReasonEnum(t.exit_reason.value),
        )

    @strawberry.field(description="Each account's share, with its own P&L")
    async def allocations(self, info: Info) -> list[AllocationType]:
        return await _allocations(info, self.trade.execution_id)

    @strawberry.field
    async def algo(self, info: Info) -> AlgoType | None:
        return await _algo(info, self.trade.algo_id)


@strawberry.type(name="Signal")
class SignalType:
    """One logged delivery: its raw body, what it asked for and what became of it."""

    signal: strawberry.Private[Signal]
    id: strawberry.ID
    group_id: strawberry.ID | None
    source: SignalSourceEnum
    status: SignalStatusEnum
    received_at: datetime
    raw_body: str
    source_ip: str | None
    unique_id: str | None
    action: SignalActionEnum | None
    symbol: str | None
    reason: str | None
    processing_ms: Decimal | None
    duplicate_of: strawberry.ID | None

    @classmethod
    def of(cls, s: Signal) -> SignalType:
        return cls(
            signal=s,
            id=_id(s.id),
            group_id=_maybe_id(s.group_id),
            source=SignalSourceEnum(s.source.value),
            status=SignalStatusEnum(s.status.value),
            received_at=s.received_at,
            raw_body=s.raw_body,
            source_ip=s.source_ip,
            unique_id=s.unique_id,
            action=SignalActionEnum(s.action.value) if s.action else None,
            symbol=s.symbol,
            reason=s.reason,
            processing_ms=s.processing_ms,
            duplicate_of=_maybe_id(s.duplicate_of),
        )

    @strawberry.field(description="What it opened, or (an exit) what it closed")
    async def executions(self, info: Info) -> list[SignalExecutionType]:
        found = await signal_loaders(info).executions_by_signal.load(self.signal.id)
        return [SignalExecutionType.of(e) for e in found]
