"""What the services need from the outside world, as protocols.

The SQLAlchemy unit of work in ``adapters/db`` implements these; service tests may use fakes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol, Self

from dalal.domain.accounts import Account
from dalal.domain.audit import AuditEvent
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.ledger import LedgerEntry
from dalal.domain.market import Bar, Interval
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, OrderStatus, Product
from dalal.domain.positions import Position
from dalal.domain.users import ApiKey, RefreshToken, Role, User
from dalal.services.backtest_ports import BacktestRepository
from dalal.services.forward_ports import ForwardTestRepository
from dalal.services.risk_ports import RiskRepository
from dalal.services.signal_ports import (
    AlgoRepository,
    ExecutionRepository,
    SignalGroupRepository,
    SignalRepository,
)


class Publisher(Protocol):
    async def publish(self, channel: str, message: Mapping[str, Any]) -> None: ...


class UserRepository(Protocol):
    async def add(self, user: User) -> None: ...
    async def get(self, user_id: uuid.UUID) -> User | None: ...
    async def get_many(self, user_ids: list[uuid.UUID]) -> list[User]: ...
    async def by_username(self, username: str) -> User | None: ...
    async def count_admins(self) -> int: ...
    async def list_all(self) -> list[User]: ...
    async def set_password_hash(
        self, user_id: uuid.UUID, password_hash: str, now: datetime
    ) -> None: ...
    async def set_role(self, user_id: uuid.UUID, role: Role, now: datetime) -> User | None: ...


class RefreshTokenRepository(Protocol):
    async def add(self, token: RefreshToken, token_hash: str, ip: str | None) -> None: ...
    async def by_hash(self, token_hash: str) -> RefreshToken | None: ...
    async def mark_used(self, token_id: uuid.UUID, now: datetime) -> bool:
        """Mark used if still unused; False when a concurrent rotation got there first."""
        ...

    async def revoke_family(self, family_id: uuid.UUID, now: datetime) -> int: ...


class ApiKeyRepository(Protocol):
    async def add(self, key: ApiKey, key_hash: str) -> None: ...
    async def by_hash(self, key_hash: str) -> ApiKey | None: ...
    async def list_for_user(self, user_id: uuid.UUID) -> list[ApiKey]: ...
    async def revoke(
        self, key_id: uuid.UUID, user_id: uuid.UUID, now: datetime
    ) -> ApiKey | None: ...
    async def touch(self, key_id: uuid.UUID, now: datetime) -> None: ...


class AuditRepository(Protocol):
    async def add(self, event: AuditEvent) -> AuditEvent: ...
    async def page(self, *, first: int, before_id: int | None) -> list[AuditEvent]: ...


class AccountRepository(Protocol):
    async def add(self, account: Account) -> None: ...
    async def get_owned(
        self, account_id: uuid.UUID, user_id: uuid.UUID, *, for_update: bool = False
    ) -> Account | None: ...
    async def list_for_user(
        self, user_id: uuid.UUID, *, include_archived: bool
    ) -> list[Account]: ...
    async def by_ids(self, account_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Account]: ...
    async def all_active(self) -> list[Account]: ...
    async def save(self, account: Account) -> None: ...
    async def followers_of(
        self, master_ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, list[Account]]: ...
    async def lock(
        self,
        account_ids: Iterable[uuid.UUID],
        *,
        with_followers_of: Iterable[uuid.UUID] = (),
        owner: uuid.UUID | None = None,
    ) -> list[Account]: ...


class LedgerRepository(Protocol):
    async def append(self, entries: list[LedgerEntry]) -> None: ...
    async def cash(self, account_ids: list[uuid.UUID]) -> dict[uuid.UUID, Decimal]: ...
    async def entries(self, account_id: uuid.UUID, *, limit: int) -> list[LedgerEntry]: ...
    async def external_flows_since(
        self, account_ids: list[uuid.UUID], since: datetime
    ) -> dict[uuid.UUID, Decimal]: ...


class SnapshotRepository(Protocol):
    async def add_missing(
        self, day: date, at: datetime, equity: dict[uuid.UUID, Decimal]
    ) -> None: ...
    async def for_day(
        self, account_ids: list[uuid.UUID], day: date
    ) -> dict[uuid.UUID, tuple[datetime, Decimal]]: ...


class InstrumentRepository(Protocol):
    async def upsert_many(self, instruments: Sequence[Instrument]) -> int: ...
    async def get(self, token: int) -> Instrument | None: ...
    async def get_many(self, tokens: Iterable[int]) -> dict[int, Instrument]: ...
    async def by_symbol(
        self, tradingsymbol: str, exchange: Exchange | None
    ) -> Instrument | None: ...
    async def search(
        self,
        *,
        text: str | None,
        exchange: Exchange | None,
        instrument_type: InstrumentType | None,
        underlying: str | None,
        expiry: date | None,
        after_token: int | None,
        limit: int,
    ) -> list[Instrument]: ...
    async def by_symbols(self, tradingsymbols: Sequence[str]) -> list[Instrument]: ...
    async def of_underlying(
        self, underlying: str, types: Sequence[InstrumentType], *, expiry_from: date | None
    ) -> list[Instrument]: ...
    async def symbol_known(self, symbol: str) -> bool: ...


class OrderRepository(Protocol):
    async def add(self, order: Order) -> None: ...
    async def add_many(self, orders: Sequence[Order]) -> None: ...
    async def save_many(self, orders: Sequence[Order]) -> None: ...
    async def get_for_accounts(
        self, order_id: uuid.UUID, account_ids: Sequence[uuid.UUID], *, for_update: bool = False
    ) -> Order | None: ...
    async def by_client_id(self, account_id: uuid.UUID, client_order_id: str) -> Order | None: ...
    async def live(
        self, *, tokens: Sequence[int] | None = None, lock: bool = False
    ) -> list[Order]: ...
    async def list_for_accounts(
        self,
        account_ids: Sequence[uuid.UUID],
        *,
        statuses: Sequence[OrderStatus] | None,
        before: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Order]: ...


class FillRepository(Protocol):
    async def add_many(self, fills: Sequence[Fill]) -> None: ...
    async def get_for_accounts(
        self, fill_id: uuid.UUID, account_ids: Sequence[uuid.UUID]
    ) -> Fill | None: ...
    async def list_for_accounts(
        self,
        account_ids: Sequence[uuid.UUID],
        *,
        order_id: uuid.UUID | None,
        before: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Fill]: ...


class PositionRepository(Protocol):
    async def for_accounts(
        self,
        account_ids: Sequence[uuid.UUID],
        *,
        keys: Sequence[tuple[uuid.UUID, int, Product]] | None = None,
        lock: bool = False,
    ) -> list[Position]: ...
    async def save_many(self, positions: Sequence[Position], *, at: datetime) -> None: ...
    async def open_with_product(self, product: Product) -> list[Position]: ...


class BarRepository(Protocol):
    async def upsert_many(self, bars: Sequence[Bar]) -> int: ...
    async def between(
        self,
        token: int,
        interval: Interval,
        start: datetime | None,
        end: datetime | None,
        limit: int,
    ) -> list[Bar]: ...
    async def tokens_with(
        self, interval: Interval, start: datetime | None, end: datetime | None
    ) -> list[int]: ...
    async def earliest(
        self,
        tokens: Sequence[int],
        interval: Interval,
        start: datetime | None,
        end: datetime | None,
    ) -> datetime | None: ...
    async def all_between(
        self, tokens: Sequence[int], interval: Interval, start: datetime, end: datetime
    ) -> list[Bar]: ...


class UnitOfWork(Protocol):
    """One use case = one ``async with uow:`` and an explicit ``await uow.commit()``.

    Leaving the block without a commit rolls back. Messages given to ``publish_after_commit``
    go to the bus only after the commit succeeds, so nobody sees what was rolled back.
    """

    users: UserRepository
    refresh_tokens: RefreshTokenRepository
    api_keys: ApiKeyRepository
    audit: AuditRepository
    accounts: AccountRepository
    ledger: LedgerRepository
    instruments: InstrumentRepository
    orders: OrderRepository
    fills: FillRepository
    positions: PositionRepository
    bars: BarRepository
    snapshots: SnapshotRepository
    signal_groups: SignalGroupRepository
    algos: AlgoRepository
    signals: SignalRepository
    executions: ExecutionRepository
    risk: RiskRepository
    forward_tests: ForwardTestRepository
    backtests: BacktestRepository

    async def __aenter__(self) -> Self: ...
    async def __aexit__(self, *exc_info: object) -> None: ...
    async def commit(self) -> None: ...
    def publish_after_commit(self, channel: str, message: Mapping[str, Any]) -> None: ...
