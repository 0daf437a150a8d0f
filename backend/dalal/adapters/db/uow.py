"""The SQLAlchemy unit of work: one session, one transaction, events after commit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dalal.adapters.db import cash_deltas
from dalal.adapters.db.account_repository import (
    SqlAccountRepository,
    SqlLedgerRepository,
    SqlSnapshotRepository,
)
from dalal.adapters.db.backtest_repository import SqlBacktestRepository
from dalal.adapters.db.execution_repository import SqlExecutionRepository
from dalal.adapters.db.forward_repository import SqlForwardTestRepository
from dalal.adapters.db.repositories import (
    SqlApiKeyRepository,
    SqlAuditRepository,
    SqlRefreshTokenRepository,
    SqlUserRepository,
)
from dalal.adapters.db.risk_repository import SqlRiskRepository
from dalal.adapters.db.signal_group_repository import (
    SqlAlgoRepository,
    SqlSignalGroupRepository,
)
from dalal.adapters.db.signal_repository import SqlSignalRepository
from dalal.adapters.db.trading_repository import (
    SqlBarRepository,
    SqlFillRepository,
    SqlInstrumentRepository,
    SqlOrderRepository,
    SqlPositionRepository,
)
from dalal.services.backtest_ports import BacktestRepository
from dalal.services.forward_ports import ForwardTestRepository
from dalal.services.ports import (
    AccountRepository,
    ApiKeyRepository,
    AuditRepository,
    BarRepository,
    FillRepository,
    InstrumentRepository,
    LedgerRepository,
    OrderRepository,
    PositionRepository,
    Publisher,
    RefreshTokenRepository,
    SnapshotRepository,
    UserRepository,
)
from dalal.services.risk_ports import RiskRepository
from dalal.services.signal_ports import (
    AlgoRepository,
    ExecutionRepository,
    SignalGroupRepository,
    SignalRepository,
)

log = structlog.get_logger(__name__)


class SqlUnitOfWork:
    """Each instance is used for one ``async with`` block; never shared between tasks."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], publisher: Publisher | None
    ) -> None:
        self._session_factory = session_factory
        self._publisher = publisher
        self._pending: list[tuple[str, Mapping[str, Any]]] = []

    async def __aenter__(self) -> Self:
        self.session = self._session_factory()
        self.users: UserRepository = SqlUserRepository(self.session)
        self.refresh_tokens: RefreshTokenRepository = SqlRefreshTokenRepository(self.session)
        self.api_keys: ApiKeyRepository = SqlApiKeyRepository(self.session)
        self.audit: AuditRepository = SqlAuditRepository(self.session)
        self.accounts: AccountRepository = SqlAccountRepository(self.session)
        self.ledger: LedgerRepository = SqlLedgerRepository(self.session)
        self.instruments: InstrumentRepository = SqlInstrumentRepository(self.session)
        self.orders: OrderRepository = SqlOrderRepository(self.session)
        self.fills: FillRepository = SqlFillRepository(self.session)
        self.positions: PositionRepository = SqlPositionRepository(self.session)
        self.bars: BarRepository = SqlBarRepository(self.session)
        self.snapshots: SnapshotRepository = SqlSnapshotRepository(self.session)
        self.signal_groups: SignalGroupRepository = SqlSignalGroupRepository(self.session)
        self.algos: AlgoRepository = SqlAlgoRepository(self.session)
        self.signals: SignalRepository = SqlSignalRepository(self.session)
        self.executions: ExecutionRepository = SqlExecutionRepository(self.session)
        self.risk: RiskRepository = SqlRiskRepository(self.session)
        self.forward_tests: ForwardTestRepository = SqlForwardTestRepository(self.session)
        self.backtests: BacktestRepository = SqlBacktestRepository(self.session)
        self._pending = []
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            cash_deltas.discard(self.session)
            await self.session.rollback()  # a no-op after commit; undoes anything uncommitted
        finally:
            await self.session.close()

    async def commit(self) -> None:
        await cash_deltas.flush(self.session)  # the balances' row locks last, in id order
        await self.session.commit()
        pending, self._pending = self._pending, []
        many = getattr(self._publisher, "publish_many", None)  # the bus has it; fakes may not
        if len(pending) > 1 and many is not None:
            try:  # the bus sends them all in one round trip
                await many(pending)
            except Exception:  # committed all the same; a lost notification can't undo it
                log.exception("event_publish_failed", count=len(pending))
            return
        for channel, message in pending:
            await self._publish(channel, message)

    def publish_after_commit(self, channel: str, message: Mapping[str, Any]) -> None:
        self._pending.append((channel, message))

    async def _publish(self, channel: str, message: Mapping[str, Any]) -> None:
        if self._publisher is None:
            return
        try:
            await self._publisher.publish(channel, message)
        except Exception:  # the write is committed; a lost notification must not undo it
            log.exception("event_publish_failed", channel=channel)


class SqlUnitOfWorkFactory:
    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], publisher: Publisher | None
    ) -> None:
        self.session_factory = session_factory
        self.publisher = publisher

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory, self.publisher)
