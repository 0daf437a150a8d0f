"""Our Redis bus against real Redis: two "processes", one PSUBSCRIBE each, conflation, and a
restart of a private ``redis-server`` under a live subscriber.

The shared Redis (``DALAL_TEST_REDIS_URL``, default redis://127.0.0.1:6379/0) must be
reachable: these tests fail, never skip, without it. The shared Redis is never restarted;
the restart test runs its own ``redis-server`` on a free port in a temporary directory.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from dalal.adapters.bus import (
    Backoff,
    BusUnavailable,
    EventBus,
    RedisBackend,
    Subscription,
    create_bus,
)

pytestmark = pytest.mark.redis

SHARED_REDIS = os.environ.get("DALAL_TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"
TIMEOUT = 5.0
FAST_BACKOFF = Backoff(initial=0.05, factor=2.0, cap=0.5)


async def next_message(subscription: Subscription) -> dict[str, Any]:
    return await asyncio.wait_for(anext(subscription), TIMEOUT)


async def barrier(publisher: EventBus, listener: EventBus) -> None:
    """Return once ``listener`` has dispatched everything ``publisher`` published so far."""
    channel = f"barrier:{uuid.uuid4().hex}"
    async with listener.subscribe(channel) as marker:
        await publisher.publish(channel, {"barrier": True})
        assert await next_message(marker) == {"barrier": True}


@pytest.fixture
async def shared_redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(SHARED_REDIS, socket_connect_timeout=2, socket_timeout=2)
    try:
        await client.ping()
    except Exception as exc:
        await client.aclose()
        pytest.fail(
            f"Redis for tests is not reachable at {SHARED_REDIS}: {exc!r}. Start it with "
            "../shared/services-up or set DALAL_TEST_REDIS_URL.",
            pytrace=False,
        )
    yield client
    await client.aclose()


@pytest.fixture
def prefix() -> str:
    return f"dalal-bustest-{uuid.uuid4().hex[:12]}"


@pytest.fixture
async def two_processes(
    shared_redis: Redis, prefix: str
) -> AsyncIterator[tuple[EventBus, EventBus]]:
    first = create_bus(SHARED_REDIS, prefix=prefix, backoff=FAST_BACKOFF)
    second = create_bus(SHARED_REDIS, prefix=prefix, backoff=FAST_BACKOFF)
    async with first, second:
        assert first.connected, "the first bus did not subscribe to Redis within 2 s"
        assert second.connected, "the second bus did not subscribe to Redis within 2 s"
        yield first, second


async def test_a_message_published_in_one_process_reaches_subscribers_in_another(
    two_processes: tuple[EventBus, EventBus],
) -> None:
    first, second = two_processes
    async with second.subscribe("orders:u1") as remote, first.subscribe("orders:u1") as local:
        await first.publish("orders:u1", {"order": 1, "status": "OPEN"})
        assert await next_message(remote) == {"order": 1, "status": "OPEN"}
        assert await next_message(local) == {"order": 1, "status": "OPEN"}


async def test_messages_over_redis_arrive_in_publish_order(
    two_processes: tuple[EventBus, EventBus],
) -> None:
    first, second = two_processes
    async with second.subscribe("fills:u1") as fills:
        for n in range(200):
            await first.publish("fills:u1", {"n": n})
        assert [(await next_message(fills))["n"] for _ in range(200)] == list(range(200))


async def test_a_batch_arrives_whole_and_in_order_on_each_channel(
    two_processes: tuple[EventBus, EventBus],
) -> None:
    first, second = two_processes
    batch = [(f"orders:u{n % 2}", {"n": n}) for n in range(300)]
    async with second.subscribe("orders:u0") as even, second.subscribe("orders:u1") as odd:
        await first.publish_many(batch)
        assert [(await next_message(even))["n"] for _ in range(150)] == list(range(0, 300, 2))
        assert [(await next_message(odd))["n"] for _ in range(150)] == list(range(1, 300, 2))


async def test_publishing_a_batch_when_redis_is_unreachable_raises_bus_unavailable() -> None:
    bus = create_bus("redis://127.0.0.1:1/0", prefix="nowhere", publish_timeout=0.5)
    async with bus:
        with pytest.raises(BusUnavailable):
            await bus.publish_many([("orders:u1", {"n": 1}), ("orders:u1", {"n": 2})])


async def test_buses_with_different_prefixes_do_not_cross(shared_redis: Redis, prefix: str) -> None:
    async with (
        create_bus(SHARED_REDIS, prefix=prefix) as ours,
        create_bus(SHARED_REDIS, prefix=prefix + "-other") as theirs,
        ours.subscribe("audit") as audit,
    ):
        await theirs.publish("audit", {"from": "theirs"})
        await ours.publish("audit", {"from": "ours"})
        assert await next_message(audit) == {"from": "ours"}
        assert audit.pending == 0


async def test_each_process_holds_exactly_one_pattern_subscription(
    two_processes: tuple[EventBus, EventBus], shared_redis: Redis, prefix: str
) -> None:
    first, second = two_processes
    async with (
        first.subscribe("audit"),
        first.subscribe("orders:u1"),
        first.subscribe("pnl:acc1", conflate=True),
        second.subscribe("orders:u2"),
        second.subscribe("orders:u2"),
    ):
        clients = await shared_redis.client_list()
        ours = [c for c in clients if c.get("name", "").startswith(f"{prefix}:bus:")]
        readers = [c for c in ours if not c["name"].endswith(":pub")]
        assert len(readers) == 2, readers
        assert all((c["psub"], c["sub"]) == ("1", "0") for c in readers), readers
        assert all(c["psub"] == "0" for c in ours if c["name"].endswith(":pub"))
        assert await shared_redis.pubsub_channels(f"{prefix}:*") == []
        assert await shared_redis.pubsub_numpat() >= 1


async def test_conflated_subscriber_over_redis_sees_only_the_latest_value(
    two_processes: tuple[EventBus, EventBus],
) -> None:
    first, second = two_processes
    async with second.subscribe("pnl:acc1", conflate=True) as pnl:
        for value in range(50):
            await first.publish("pnl:acc1", {"mtm": value})
        await barrier(first, second)
        assert await next_message(pnl) == {"mtm": 49}
        assert pnl.pending == 0
        assert second.stats().conflated == 49


async def test_a_payload_that_is_not_a_json_object_is_skipped_and_counted(
    two_processes: tuple[EventBus, EventBus], shared_redis: Redis, prefix: str
) -> None:
    first, second = two_processes
    async with second.subscribe("audit") as audit:
        await shared_redis.publish(f"{prefix}:audit", b"\xff not json")
        await shared_redis.publish(f"{prefix}:audit", b"[1, 2]")
        await first.publish("audit", {"ok": True})
        assert await next_message(audit) == {"ok": True}
        assert second.stats().malformed == 2


async def test_publishing_when_redis_is_unreachable_raises_bus_unavailable_quickly() -> None:
    bus = create_bus(
        f"redis://127.0.0.1:{free_port()}/0", prefix="dalal-nowhere", connect_timeout=0.2
    )
    async with bus:
        assert not bus.connected
        async with bus.subscribe("audit"):  # subscribing is local: works during an outage
            started = asyncio.get_running_loop().time()
            with pytest.raises(BusUnavailable, match="'audit'"):
                await bus.publish("audit", {"n": 1})
            assert asyncio.get_running_loop().time() - started < 1.0
        assert bus.stats().publish_failures == 1


# ---- the restart test, on a private redis-server -------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivateRedis:
    """A ``redis-server`` of our own: no persistence, a fixed port, killable with SIGKILL."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._directory = directory
        self._process: asyncio.subprocess.Process | None = None
        self._output: list[str] = []

    async def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not on PATH; the restart test needs it", pytrace=False)
        self._process = await asyncio.create_subprocess_exec(
            binary,
            *("--port", str(self.port), "--bind", "127.0.0.1", "--save", ""),
            *("--appendonly", "no", "--daemonize", "no", "--dir", str(self._directory)),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        ready = asyncio.Event()
        self._drain = asyncio.create_task(self._read_output(self._process, ready))
        try:
            await asyncio.wait_for(ready.wait(), 10)
        except TimeoutError:
            pytest.fail(f"redis-server did not start: {''.join(self._output)}", pytrace=False)

    async def _read_output(self, process: asyncio.subprocess.Process, ready: asyncio.Event) -> None:
        assert process.stdout is not None
        async for line in process.stdout:  # keep draining, or the pipe could fill and block it
            self._output.append(line.decode(errors="replace"))
            if b"Ready to accept connections" in line:
                ready.set()

    async def kill(self) -> None:
        if self._process is not None and self._process.returncode is None:
            self._process.send_signal(signal.SIGKILL)
            await self._process.wait()
            await self._drain


@pytest.fixture
async def private_redis(tmp_path: Path) -> AsyncIterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    await server.start()
    yield server
    await server.kill()


async def test_a_live_subscriber_survives_a_redis_restart(private_redis: PrivateRedis) -> None:
    bus = create_bus(
        private_redis.url, prefix="dalal-restart", publish_timeout=1.0, backoff=FAST_BACKOFF
    )
    received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    subscribed = asyncio.Event()

    async def consume() -> None:
        async with bus.subscribe("orders:u1") as orders:
            subscribed.set()
            async for message in orders:
                received.put_nowait(message)

    async with bus:
        assert bus.connected
        consumer = asyncio.create_task(consume())
        await asyncio.wait_for(subscribed.wait(), TIMEOUT)
        await bus.publish("orders:u1", {"n": 1})
        assert await asyncio.wait_for(received.get(), TIMEOUT) == {"n": 1}

        await private_redis.kill()
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(BusUnavailable):
            await bus.publish("orders:u1", {"n": 2})
        assert loop.time() - started < 1.5, "publish must fail fast while Redis is down"
        await asyncio.wait_for(bus.wait_until_disconnected(), TIMEOUT)
        assert not bus.connected
        assert not bus.stats().connected
        assert not consumer.done(), "the subscriber must stay alive, waiting, during the outage"
        assert received.empty()

        async with bus.subscribe("orders:u1") as joined_during_outage:
            await private_redis.start()  # same port
            await asyncio.wait_for(bus.wait_until_connected(), TIMEOUT)
            assert bus.stats().reconnects == 1
            await bus.publish("orders:u1", {"n": 3})
            assert await asyncio.wait_for(received.get(), TIMEOUT) == {"n": 3}
            assert await next_message(joined_during_outage) == {"n": 3}
        assert not consumer.done()

        consumer.cancel()
        await asyncio.wait([consumer])
    assert bus.stats().subscribers == 0


async def test_a_silent_dead_connection_is_detected_by_ping(private_redis: PrivateRedis) -> None:
    """A Redis that stops answering (SIGSTOP: no RST, no EOF): publish times out, the reader
    notices the unanswered PING, and reconnects once Redis answers again."""
    backend = RedisBackend(
        private_redis.url,
        prefix="dalal-frozen",
        publish_timeout=0.5,
        ping_interval=0.2,
        backoff=FAST_BACKOFF,
    )
    async with EventBus(backend) as bus:
        assert bus.connected
        process = private_redis._process
        assert process is not None
        process.send_signal(signal.SIGSTOP)
        try:
            loop = asyncio.get_running_loop()
            started = loop.time()
            with pytest.raises(BusUnavailable):  # no error from the socket: the deadline hits
                await bus.publish("audit", {"n": 1})
            assert loop.time() - started < 1.5
            await asyncio.wait_for(bus.wait_until_disconnected(), TIMEOUT)
        finally:
            process.send_signal(signal.SIGCONT)
        await asyncio.wait_for(bus.wait_until_connected(), TIMEOUT)
        assert bus.stats().reconnects == 1
