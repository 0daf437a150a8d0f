"""The memory bus (embedded mode): fan-out, order, conflation, bounded overflow, clean-up.

No sleeps: a *barrier* publishes a marker on its own channel and waits for it. The bus has one
FIFO dispatcher, so once the marker arrives every earlier message has been dispatched.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.adapters.bus import (
    BusDisconnected,
    BusUnavailable,
    EventBus,
    SubscriberOverflow,
    Subscription,
    create_bus,
)

TIMEOUT = 2.0


@pytest.fixture
async def bus() -> AsyncIterator[EventBus]:
    async with create_bus(None) as running:
        yield running


async def next_message(subscription: Subscription) -> dict[str, Any]:
    return await asyncio.wait_for(anext(subscription), TIMEOUT)


async def barrier(bus: EventBus) -> None:
    """Return once everything published before this call has been dispatched."""
    channel = f"barrier:{uuid.uuid4().hex}"
    async with bus.subscribe(channel) as marker:
        await bus.publish(channel, {"barrier": True})
        assert await next_message(marker) == {"barrier": True}


async def test_the_memory_bus_is_connected_once_started() -> None:
    bus = create_bus(None)
    assert not bus.connected
    async with bus:
        assert bus.connected
        assert bus.stats().connected
    assert not bus.connected


async def test_every_subscriber_of_a_channel_receives_each_message(bus: EventBus) -> None:
    async with (
        bus.subscribe("orders:u1") as first,
        bus.subscribe("orders:u1") as second,
        bus.subscribe("orders:u1") as third,
    ):
        for n in range(3):
            await bus.publish("orders:u1", {"n": n})
        for subscription in (first, second, third):
            assert [await next_message(subscription) for _ in range(3)] == [
                {"n": 0},
                {"n": 1},
                {"n": 2},
            ]


async def test_a_subscriber_receives_messages_in_publish_order(bus: EventBus) -> None:
    async with bus.subscribe("fills:u1") as fills:
        for n in range(500):
            await bus.publish("fills:u1", {"n": n})
        assert [(await next_message(fills))["n"] for _ in range(500)] == list(range(500))


async def test_a_subscriber_sees_only_its_own_channel(bus: EventBus) -> None:
    async with bus.subscribe("orders:alice") as alice, bus.subscribe("orders:bob") as bob:
        await bus.publish("orders:bob", {"for": "bob"})
        await bus.publish("orders:alice", {"for": "alice"})
        assert await next_message(alice) == {"for": "alice"}
        assert await next_message(bob) == {"for": "bob"}
        await barrier(bus)
        assert alice.pending == 0


async def test_messages_arrive_as_decoded_dicts_with_decimals_as_strings(bus: EventBus) -> None:
    order_id = uuid.uuid4()
    async with bus.subscribe("orders:u1") as orders:
        await bus.publish("orders:u1", {"id": order_id, "price": Decimal("101.05"), "qty": 50})
        assert await next_message(orders) == {"id": str(order_id), "price": "101.05", "qty": 50}


async def test_publishing_something_that_is_not_json_raises_type_error(bus: EventBus) -> None:
    with pytest.raises(TypeError):
        await bus.publish("orders:u1", {"when": object()})
    with pytest.raises(TypeError):
        await bus.publish("orders:u1", ["not", "a", "mapping"])  # type: ignore[arg-type]


async def test_a_channel_must_be_a_non_empty_string(bus: EventBus) -> None:
    with pytest.raises(ValueError, match="channel"):
        await bus.publish("", {"n": 1})
    with pytest.raises(ValueError, match="channel"):
        async with bus.subscribe(""):
            pass


async def test_conflated_subscriber_sees_only_the_latest_value(bus: EventBus) -> None:
    async with bus.subscribe("pnl:acc1", conflate=True) as pnl:
        for value in range(10):
            await bus.publish("pnl:acc1", {"mtm": value})
        await barrier(bus)
        assert await next_message(pnl) == {"mtm": 9}
        assert pnl.pending == 0
        assert bus.stats().conflated == 9


async def test_a_conflated_subscriber_that_keeps_up_sees_every_value(bus: EventBus) -> None:
    async with bus.subscribe("quotes:NIFTY", conflate=True) as quotes:
        for value in range(5):
            await bus.publish("quotes:NIFTY", {"ltp": value})
            assert await next_message(quotes) == {"ltp": value}


async def test_a_conflated_subscriber_never_overflows(bus: EventBus) -> None:
    async with bus.subscribe("pnl:acc1", conflate=True, maxsize=1) as pnl:
        for value in range(50):
            await bus.publish("pnl:acc1", {"mtm": value})
        await barrier(bus)
        assert await next_message(pnl) == {"mtm": 49}
        assert bus.stats().dropped == 0


async def test_a_subscriber_may_fall_exactly_maxsize_messages_behind(bus: EventBus) -> None:
    async with bus.subscribe("orders:u1", maxsize=3) as orders:
        for n in range(3):
            await bus.publish("orders:u1", {"n": n})
        await barrier(bus)
        assert [await next_message(orders) for _ in range(3)] == [{"n": 0}, {"n": 1}, {"n": 2}]
        assert bus.stats().dropped == 0


async def test_overflow_drops_the_slow_subscriber_with_a_typed_error(bus: EventBus) -> None:
    async with bus.subscribe("orders:u1", maxsize=3) as slow, bus.subscribe("orders:u1") as fast:
        for n in range(4):
            await bus.publish("orders:u1", {"n": n})
        await barrier(bus)
        with pytest.raises(SubscriberOverflow, match=r"'orders:u1' fell 3 messages behind") as err:
            await next_message(slow)
        assert (err.value.channel, err.value.maxsize) == ("orders:u1", 3)
        # The fast subscriber lost nothing, and the slow one stays failed.
        assert [(await next_message(fast))["n"] for _ in range(4)] == [0, 1, 2, 3]
        with pytest.raises(SubscriberOverflow):
            await next_message(slow)
        assert bus.stats().dropped == 1
        assert bus.stats().subscribers == 1


async def test_a_subscriber_that_never_reads_does_not_delay_the_others(bus: EventBus) -> None:
    async with (
        bus.subscribe("quotes:NIFTY", conflate=True),
        bus.subscribe("orders:u1", maxsize=10),
        bus.subscribe("orders:u1", maxsize=5000) as reader,
    ):
        for n in range(2000):
            await bus.publish("quotes:NIFTY", {"ltp": n})
            await bus.publish("orders:u1", {"n": n})
        assert [(await next_message(reader))["n"] for _ in range(2000)] == list(range(2000))


async def test_leaving_the_block_unsubscribes_and_ends_the_iteration(bus: EventBus) -> None:
    async with bus.subscribe("audit") as audit, bus.subscribe("audit"):
        assert bus.stats().subscribers == 2
        assert bus.stats().channels == 1
    assert bus.stats().subscribers == 0
    assert bus.stats().channels == 0
    assert [message async for message in audit] == []
    await bus.publish("audit", {"nobody": "listens"})  # no subscriber: fine, goes nowhere


async def test_a_dropped_subscriber_is_cleaned_up_when_its_block_ends(bus: EventBus) -> None:
    async with bus.subscribe("orders:u1", maxsize=1) as slow:
        await bus.publish("orders:u1", {"n": 1})
        await bus.publish("orders:u1", {"n": 2})
        await barrier(bus)
        with pytest.raises(SubscriberOverflow):
            await next_message(slow)
    stats = bus.stats()
    assert (stats.subscribers, stats.channels, stats.dropped) == (0, 0, 1)
    async with bus.subscribe("orders:u1") as again:
        await bus.publish("orders:u1", {"n": 3})
        assert await next_message(again) == {"n": 3}


async def test_a_waiting_subscriber_gets_bus_disconnected_on_shutdown() -> None:
    bus = create_bus(None)
    await bus.connect()
    entered = asyncio.Event()

    async def consume() -> list[dict[str, Any]]:
        async with bus.subscribe("fills:u1") as fills:
            entered.set()
            return [message async for message in fills]

    consumer = asyncio.create_task(consume())
    await asyncio.wait_for(entered.wait(), TIMEOUT)
    await bus.disconnect()
    with pytest.raises(BusDisconnected):
        await asyncio.wait_for(consumer, TIMEOUT)


async def test_publishing_on_a_bus_that_is_not_running_raises_bus_unavailable() -> None:
    bus = create_bus(None)
    with pytest.raises(BusUnavailable):
        await bus.publish("audit", {"n": 1})
    assert bus.stats().publish_failures == 1


async def test_subscribing_to_a_bus_that_is_not_running_raises_bus_disconnected() -> None:
    bus = create_bus(None)
    with pytest.raises(BusDisconnected):
        async with bus.subscribe("audit"):
            pass


@given(
    values=st.lists(st.integers(), min_size=1, max_size=40),
    maxsize=st.integers(min_value=1, max_value=20),
)
async def test_a_subscription_keeps_all_in_order_up_to_maxsize_or_fails(
    values: list[int], maxsize: int
) -> None:
    plain = Subscription("orders:u1", conflate=False, maxsize=maxsize)
    latest = Subscription("pnl:acc1", conflate=True, maxsize=maxsize)
    outcomes = [plain.offer({"v": v}).value for v in values]
    for v in values:
        latest.offer({"v": v})
    assert await anext(latest) == {"v": values[-1]}
    if len(values) <= maxsize:
        assert set(outcomes) == {"queued"}
        plain.close()
        assert [m["v"] async for m in plain] == values
    else:
        assert outcomes[maxsize] == "overflow"
