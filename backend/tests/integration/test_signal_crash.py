"""Crash safety: SIGKILL the server during a stream of signals, restart it, check the books.

Every signal the server acknowledged is executed exactly once after the restart (the sweep
picks up what the crash left ``accepted``), and no allocation lacks its order and fill.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from dalal.adapters.clock import SystemClock
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.signal_executions import AllocationStatus
from dalal.domain.signals import SignalStatus
from dalal.domain.users import Principal, Role, Scope, User
from dalal.services.api_keys import create_api_key
from dalal.settings import Settings
from tests.conftest import free_port, on_sqlite
from tests.integration.signal_support import Desk, body, make_desk

STREAM = 120  # signals posted; the kill lands somewhere in the middle


class ServerProcess:
    def __init__(self, settings: Settings, var_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._env = {
            **os.environ,
            "DALAL_DATABASE_URL": settings.resolved_database_url,
            "DALAL_REDIS_URL": "",
            "DALAL_FEED": "none",
            "DALAL_SESSIONS": "always",
            "DALAL_VAR_DIR": str(var_dir),
            "DALAL_SECRET_KEY": "crash-test-secret-key-0123456789abcdef",
            "DALAL_LOG_LEVEL": "WARNING",
            "DALAL_SIGNAL_SWEEP_SECONDS": "0.5",
            "DALAL_SIGNAL_GRACE_SECONDS": "1",
        }
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        command = [sys.executable, "-m", "dalal.cli", "serve", "--host", "127.0.0.1"]
        # Spawning is quick; the wait for readiness below is the async part.
        self.process = subprocess.Popen(  # noqa: ASYNC220
            [*command, "--port", str(self.port)], env=self._env
        )
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:
            for _ in range(300):
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("the server did not become ready within 30 s")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)


async def _market_key(uow_factory: SqlUnitOfWorkFactory) -> str:
    admin = User(uuid.uuid4(), f"admin-{uuid.uuid4().hex[:6]}", Role.ADMIN, datetime.now(UTC))
    async with uow_factory() as uow:
        await uow.users.add(admin)
        await uow.commit()
    created = await create_api_key(
        uow_factory(),
        SystemClock(),
        principal=Principal(user=admin),
        name="ticks",
        scopes=frozenset({Scope.MARKET}),
        ip=None,
    )
    return created.secret


async def _push_quote(server: ServerProcess, key: str, desk: Desk) -> None:
    tick = {"symbol": desk.symbol, "ltp": "100.00", "bid": "99.95", "ask": "100.05"}
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
        answer = await client.post(
            "/api/market/ticks", json={"ticks": [tick]}, headers={"X-API-Key": key}
        )
    assert answer.status_code == 200, answer.text


async def _stream(
    server: ServerProcess, desk: Desk, acked: list[str], third_acked: asyncio.Event
) -> None:
    """Post entries back to back; remember the unique ids the server answered 202 for, and
    say when a third of the stream has been acknowledged."""
    async with httpx.AsyncClient(base_url=server.url, timeout=5) as client:
        for i in range(STREAM):
            unique_id = f"crash-{i}"
            try:
                answer = await client.post(
                    f"/webhooks/{desk.group.token}",
                    content=body("BUY_ENTRY", desk.symbol, unique_id),
                    headers={"Content-Type": "application/json"},
                )
            except httpx.HTTPError:
                return  # the server is gone
            if answer.status_code == 202:
                acked.append(unique_id)
                if len(acked) >= STREAM // 3:
                    third_acked.set()


async def test_a_killed_server_leaves_every_acknowledged_signal_fully_executed_or_absent(
    settings: Settings, uow_factory: SqlUnitOfWorkFactory, tmp_path: Path
) -> None:
    if on_sqlite():
        pytest.fail("the crash test needs PostgreSQL; it runs in the main suite", pytrace=False)
    desk = await make_desk(uow_factory, multipliers=["1", "2", "3"])
    key = await _market_key(uow_factory)
    server = ServerProcess(settings, tmp_path)
    acked: list[str] = []
    try:
        await server.start()
        await _push_quote(server, key, desk)
        third_acked = asyncio.Event()
        stream = asyncio.create_task(_stream(server, desk, acked, third_acked))
        await asyncio.wait(
            [asyncio.ensure_future(third_acked.wait()), stream],
            return_when=asyncio.FIRST_COMPLETED,
        )
        server.kill()  # mid-stream: some signals executed, some only accepted, one in flight
        await stream
        assert 0 < len(acked) < STREAM
        await server.start()  # a new process on the same database
        await _push_quote(server, key, desk)
        statuses = await _wait_until_settled(uow_factory, desk)
    finally:
        server.stop()
    await _check_books(uow_factory, desk, acked, statuses)


async def _wait_until_settled(uow_factory: SqlUnitOfWorkFactory, desk: Desk) -> Counter[str]:
    for _ in range(600):
        async with uow_factory() as uow:
            logged = await uow.signals.list_for_user(
                desk.principal.user.id, group_id=desk.group.id, statuses=None, before=None,
                limit=1000,
            )  # fmt: skip
        statuses = Counter(s.status.value for s in logged)
        if statuses and SignalStatus.ACCEPTED.value not in statuses:
            return statuses
        await asyncio.sleep(0.1)
    raise AssertionError(f"signals were still accepted a minute after the restart: {statuses}")


async def _check_books(
    uow_factory: SqlUnitOfWorkFactory, desk: Desk, acked: list[str], statuses: Counter[str]
) -> None:
    user = desk.principal.user.id
    account_ids = [a.id for a in desk.accounts]
    async with uow_factory() as uow:
        logged = await uow.signals.list_for_user(
            user, group_id=desk.group.id, statuses=None, before=None, limit=1000
        )
        executions = await uow.executions.list_for_user(
            user, signal_id=None, group_id=desk.group.id, before=None, limit=1000
        )
        allocations = await uow.executions.allocations_of([e.id for e in executions])
        fills = await uow.fills.list_for_accounts(
            account_ids, order_id=None, before=None, limit=10_000
        )
        positions = await uow.positions.for_accounts(account_ids)
        cash = await uow.ledger.cash(account_ids)
    executed = {s.unique_id for s in logged if s.status is SignalStatus.EXECUTED}
    assert set(acked) <= executed, f"acknowledged but not executed: {set(acked) - executed}"
    assert statuses == {SignalStatus.EXECUTED.value: len(executed)}, statuses
    assert len(executions) == len(executed)  # one execution per signal, none doubled
    filled_orders = {f.order_id for f in fills}
    for allocation in allocations:
        assert allocation.status is AllocationStatus.FILLED
        assert allocation.entry_order_id in filled_orders
    assert len(fills) == len(allocations) == 3 * len(executed)
    held = {p.account_id: p.quantity for p in positions if p.token == desk.token}
    for account in desk.accounts:
        expected = sum(a.quantity for a in allocations if a.account_id == account.id)
        assert held[account.id] == expected == len(executed) * int(account.multiplier)
        spent = sum(
            (f.price * f.quantity + f.charges.total for f in fills if f.account_id == account.id),
            start=Decimal(0),
        )
        assert cash[account.id] == account.capital - spent
