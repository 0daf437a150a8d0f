"""An API node hands accepted signals to the worker over real Redis; the worker executes them.

Two buses on one Redis prefix stand for two processes: the API node's executor publishes the
ids (it runs nothing itself), the worker's follower queues them on its own executor.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from dalal.adapters.bus import create_bus
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.signals import SignalStatus
from dalal.services.signal_events import signals_channel
from dalal.services.signal_executor import SignalExecutor, follow_accepted
from tests.integration.signal_support import body, deliver, make_desk

pytestmark = pytest.mark.redis


async def _status(uow_factory: SqlUnitOfWorkFactory, signal_id: uuid.UUID, user: uuid.UUID) -> str:
    async with uow_factory() as uow:
        signal = await uow.signals.get_for_user(signal_id, user)
    assert signal is not None
    return signal.status.value


async def test_api_node_hands_accepted_signals_to_the_worker(
    uow_factory: SqlUnitOfWorkFactory, redis_url: str | None
) -> None:
    assert redis_url, "these tests need Redis (DALAL_TEST_REDIS_URL)"
    desk = await make_desk(uow_factory, multipliers=["1", "3"])
    prefix = f"dalal-handoff-{uuid.uuid4().hex[:8]}"
    async with (
        create_bus(redis_url, prefix=prefix) as api_bus,
        create_bus(redis_url, prefix=prefix) as worker_bus,
    ):
        api = SignalExecutor(uow_factory, desk.market, remote=api_bus)
        await api.start()  # an API node runs no execution tasks of its own
        # The worker's units of work publish on its bus, as in `dalal worker`.
        worker_uow = SqlUnitOfWorkFactory(uow_factory.session_factory, worker_bus)
        worker = SignalExecutor(worker_uow, desk.market)
        await worker.start()
        ready = asyncio.Event()
        follower = asyncio.create_task(follow_accepted(worker_bus, worker, ready=ready))
        user = desk.principal.user.id
        try:
            await asyncio.wait_for(ready.wait(), 5)
            async with api_bus.subscribe(signals_channel(user)) as events:
                outcome = await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "h1"))
                signal_id = outcome.accepted[0].id
                await api.hand_off([signal_id])
                # The worker announces the outcome on the bus once it has committed.
                async with asyncio.timeout(30):
                    async for event in events:
                        if event.get("id") == str(signal_id) and event["status"] != "accepted":
                            break
            assert event["status"] == SignalStatus.EXECUTED.value
            assert await _status(uow_factory, signal_id, user) == SignalStatus.EXECUTED.value
            # The API node's own queue stayed empty: nothing ran there.
            await asyncio.wait_for(api.drain(), 1)
        finally:
            follower.cancel()
            await asyncio.gather(follower, return_exceptions=True)
            await worker.stop()
            await api.stop()
    async with uow_factory() as uow:
        positions = await uow.positions.for_accounts([a.id for a in desk.accounts])
    held = {p.account_id: p.quantity for p in positions if p.token == desk.token}
    assert held == {desk.accounts[0].id: 1, desk.accounts[1].id: 3}
