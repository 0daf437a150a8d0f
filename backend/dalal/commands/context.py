"""What CLI commands share: the settings, an engine, a unit-of-work factory, auth deps."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from rich.console import Console

from dalal.adapters.clock import SystemClock
from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.adapters.security.passwords import PasswordHashing
from dalal.adapters.security.throttle import LimitsLoginThrottle
from dalal.adapters.security.tokens import AccessTokens
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.services.auth import AuthDeps
from dalal.settings import Settings, get_settings

err = Console(stderr=True)


@dataclass(frozen=True, slots=True)
class CommandContext:
    settings: Settings
    uow_factory: SqlUnitOfWorkFactory
    auth: AuthDeps
    calendar: MarketCalendar


@asynccontextmanager
async def command_context() -> AsyncIterator[CommandContext]:
    settings = get_settings()
    engine = create_engine(settings.resolved_database_url)
    auth = AuthDeps(
        passwords=PasswordHashing(),
        access_tokens=AccessTokens(settings.signing_key(), timedelta(minutes=15)),
        throttle=LimitsLoginThrottle.create(
            redis_url=None, per_username="1/second", per_ip="1/second"
        ),
        clock=SystemClock(),
        refresh_ttl=timedelta(days=1),
    )
    calendar = MarketCalendar(
        load_holidays(settings.holidays_file), sessions_mode=settings.sessions
    )
    try:
        yield CommandContext(
            settings=settings,
            uow_factory=SqlUnitOfWorkFactory(create_session_factory(engine), None),
            auth=auth,
            calendar=calendar,
        )
    finally:
        await engine.dispose()
