"""The services a running process offers, wired once at start-up by ``dalal.app``.

The API layer sees only this object and the service functions, never the adapters.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from dalal.domain.clock import Clock
from dalal.domain.market import Quote
from dalal.services.auth import AccessTokenVerifier, AuthDeps
from dalal.services.backtest_jobs import BacktestJobs
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork
from dalal.services.signal_executor import SignalExecutor
from dalal.services.signal_intake import IntakeDeps


class EventStream(Protocol):
    """The bus as services and subscriptions see it."""

    async def publish(self, channel: str, message: Mapping[str, Any]) -> None: ...

    def subscribe(
        self, channel: str, *, conflate: bool = False, maxsize: int = 1000
    ) -> AbstractAsyncContextManager[AsyncIterator[dict[str, Any]]]: ...


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str


@dataclass(frozen=True, slots=True)
class SignalRuntime:
    """The webhook intake's dependencies and the executor of accepted signals."""

    intake: IntakeDeps
    executor: SignalExecutor
    max_body_bytes: int


@dataclass(slots=True)
class Runtime:
    uow_factory: Callable[[], UnitOfWork]
    auth: AuthDeps
    verifier: AccessTokenVerifier
    clock: Clock
    bus: EventStream
    embedded: bool
    version: str
    demo_login: Callable[[], DemoLogin | None]
    readiness: Callable[[], Awaitable[dict[str, bool]]]
    market: MarketDeps
    ingest: Callable[[list[Quote]], Awaitable[None]]
    signals: SignalRuntime
    backtests: BacktestJobs
    cookie_secure: bool = False
