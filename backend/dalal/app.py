"""The composition root: wires adapters into the services and builds the Starlette app.

``uvicorn dalal.app:create_app --factory`` runs it; so does ``dalal serve``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route, WebSocketRoute

from dalal import __version__
from dalal.adapters.bus import create_bus
from dalal.adapters.clock import SystemClock
from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.adapters.security.passwords import PasswordHashing
from dalal.adapters.security.throttle import LimitsLoginThrottle, LimitsWebhookRateLimiter
from dalal.adapters.security.tokens import AccessTokens
from dalal.adapters.webhooks import MAX_BODY_BYTES, parse_webhook
from dalal.adapters.webhooks.signature import verify as verify_signature
from dalal.api.graphql.schema import create_schema
from dalal.api.graphql.view import DalalGraphQL
from dalal.api.http.body_limit import BodySizeLimitMiddleware
from dalal.api.http.csrf import CsrfMiddleware
from dalal.api.http.health import healthz, readyz
from dalal.api.http.metrics import MetricsMiddleware, metrics
from dalal.api.http.request_id import RequestIdMiddleware
from dalal.api.http.spa import spa_endpoint
from dalal.api.http.ticks import ingest_ticks_route
from dalal.api.http.webhooks import webhook_route
from dalal.demo_login import read_demo_login
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.market_runtime import MarketRuntime, market_clock
from dalal.observability import configure_logging
from dalal.services.auth import AuthDeps
from dalal.services.backtest_jobs import BacktestJobs
from dalal.services.backtest_store import JobStore
from dalal.services.market import MarketDeps, QuoteBook
from dalal.services.runtime import Runtime, SignalRuntime
from dalal.services.signal_executor import SignalExecutor
from dalal.services.signal_intake import IntakeDeps
from dalal.settings import Settings, get_settings
from dalal.strategies import load_user_strategies


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    engine = create_engine(settings.resolved_database_url)
    bus = create_bus(settings.redis_url, prefix=settings.redis_prefix)
    clock = SystemClock()
    access_tokens = AccessTokens(
        settings.signing_key(), timedelta(seconds=settings.access_token_ttl_seconds)
    )

    async def readiness() -> dict[str, bool]:
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            database = True
        except Exception:  # readiness reports, never raises
            database = False
        return {"database": database, "bus": bool(bus.connected)}

    calendar = MarketCalendar(
        load_holidays(settings.holidays_file), sessions_mode=settings.sessions
    )
    market = MarketDeps(
        calendar=calendar,
        quotes=QuoteBook(),
        clock=market_clock(settings, clock),  # simulated under a replay
        matching=settings.matching_config(),
    )
    uow_factory = SqlUnitOfWorkFactory(create_session_factory(engine), bus)
    market_runtime = MarketRuntime(
        settings=settings, engine=engine, uow_factory=uow_factory, market=market, bus=bus
    )
    signals = SignalRuntime(
        intake=IntakeDeps(
            calendar=calendar,
            now=market.now,
            parse=parse_webhook,
            verify_signature=verify_signature,
            rate_limiter=LimitsWebhookRateLimiter.create(
                redis_url=settings.redis_url, namespace=settings.redis_prefix
            ),
        ),
        executor=SignalExecutor(
            uow_factory,
            market,
            workers=settings.signal_workers,
            sweep_every=settings.signal_sweep_seconds,
            grace=timedelta(seconds=settings.signal_grace_seconds),
            remote=bus if settings.role == "api" else None,  # the worker executes
        ),
        max_body_bytes=MAX_BODY_BYTES,
    )
    load_user_strategies(settings.strategies_dir)  # the API names them; workers load them too
    backtests = BacktestJobs(
        JobStore(uow_factory, clock),
        workers=settings.backtest_workers,
        sweep_workers=settings.sweep_workers,
        strategies_dir=settings.strategies_dir,
    )
    runtime = Runtime(
        uow_factory=uow_factory,
        auth=AuthDeps(
            passwords=PasswordHashing(),
            access_tokens=access_tokens,
            throttle=LimitsLoginThrottle.create(
                redis_url=settings.redis_url,
                per_username=settings.login_limit_per_username,
                per_ip=settings.login_limit_per_ip,
                namespace=settings.redis_prefix,
            ),
            clock=clock,
            refresh_ttl=timedelta(days=settings.refresh_token_ttl_days),
        ),
        verifier=access_tokens,
        clock=clock,
        bus=bus,
        embedded=settings.embedded,
        version=__version__,
        demo_login=lambda: read_demo_login(settings.var_dir),
        readiness=readiness,
        cookie_secure=settings.cookie_secure,
        market=market,
        ingest=market_runtime.ingest,
        signals=signals,
        backtests=backtests,
    )
    schema = create_schema(
        max_depth=settings.graphql_max_depth,
        max_cost=settings.graphql_max_cost,
        max_tokens=settings.graphql_max_tokens,
    )
    graphql = DalalGraphQL(schema, runtime, settings.allowed_origins)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await bus.connect()
        if settings.role in ("all", "api"):
            await market_runtime.start("all" if settings.role == "all" else "api")
            await signals.executor.start()
            await backtests.start()
        try:
            yield
        finally:
            await backtests.stop()
            await signals.executor.stop()
            await market_runtime.stop()
            await bus.disconnect()
            await engine.dispose()

    spa = spa_endpoint(settings.frontend_dist)
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
            Route("/api/market/ticks", ingest_ticks_route, methods=["POST"]),
            Route("/webhooks/{token}", webhook_route, methods=["POST"]),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/", spa),
            Route("/{path:path}", spa, methods=["GET", "HEAD"]),
        ],
        middleware=[
            Middleware(RequestIdMiddleware),
            Middleware(MetricsMiddleware),
            Middleware(BodySizeLimitMiddleware, max_bytes=settings.graphql_max_body_bytes),
            Middleware(CsrfMiddleware),
        ],
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.settings = settings
    app.state.market_runtime = market_runtime
    return app
