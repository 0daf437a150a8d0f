"""One signal to many accounts, end to end over HTTP: a webhook delivery executes at one price
across accounts sized by their multipliers, shows in the signal log with its executions and
allocations, moves the portfolio, and its exit writes one trade with per-account P&L. Another
user sees none of it; ``signalEvents`` streams each status change."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.api.signal_support import (
    ALLOCATIONS,
    CREATE_ALGO,
    CREATE_GROUP,
    EXECUTIONS,
    GROUP,
    SIGNAL,
    SIGNAL_EVENTS,
    SIGNALS,
    TRADES,
    create_algo,
    create_group,
    fixed_leg,
    mutate,
    webhook_path,
)
from tests.api.trading_support import (
    PORTFOLIO,
    STOCK,
    Streams,
    TradingServer,
    open_account,
    query,
    quote,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments

ENTRY_ASK = Decimal("500.05")
EXIT_BID = Decimal("509.95")
BASE_LOTS = 2


@dataclass
class Desk:
    """A trader with three accounts (multipliers 1, 2, 3), one algo and one JSON group."""

    token: str
    accounts: list[dict[str, Any]]
    algo: dict[str, Any]
    group: dict[str, Any]


@pytest.fixture
async def desk(trading: httpx.AsyncClient, open_market: TradingServer) -> Desk:
    token = (await trader(trading)).access_token
    accounts = [
        await open_account(trading, token, "1000000", label=f"x{m}", multiplier=str(m))
        for m in (1, 2, 3)
    ]
    algo = await create_algo(trading, token, "test stock", legs=[fixed_leg(lots=BASE_LOTS)])
    group = await create_group(trading, token, entryAlgoIds=[algo["id"]])
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    return Desk(token, accounts, algo, group)


async def deliver(
    client: httpx.AsyncClient, group: dict[str, Any], body: dict[str, Any], *, wait: bool = True
) -> httpx.Response:
    suffix = "?wait=true" if wait else ""
    return await client.post(webhook_path(group) + suffix, json=body)


def entry_body(unique_id: str = "t1") -> dict[str, Any]:
    return {"signal": "BUY_ENTRY", "unique_id": unique_id, "symbol": STOCK.tradingsymbol}


def exit_body(unique_id: str = "t1") -> dict[str, Any]:
    return {"signal": "BUY_EXIT", "unique_id": unique_id, "symbol": STOCK.tradingsymbol}


async def executed(client: httpx.AsyncClient, group: dict[str, Any], body: dict[str, Any]) -> str:
    response = await deliver(client, group, body)
    assert response.status_code == 200, response.text
    (signal,) = response.json()["signals"]
    assert signal["status"] == "executed", signal
    return str(signal["id"])


def by_account(desk: Desk, allocations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Allocations in the order of the desk's accounts (multipliers 1, 2, 3)."""
    order = [a["id"] for a in desk.accounts]
    return sorted(allocations, key=lambda a: order.index(a["accountId"]))


async def test_one_signal_fills_every_account_at_one_price_sized_by_multiplier(
    trading: httpx.AsyncClient, desk: Desk
) -> None:
    signal_id = await executed(trading, desk.group, entry_body())

    page = await query(trading, SIGNALS, desk.token, filter={"groupId": desk.group["id"]})
    (signal,) = [edge["node"] for edge in page["signals"]["edges"]]
    assert signal["id"] == signal_id
    assert (signal["status"], signal["action"], signal["uniqueId"], signal["symbol"]) == (
        "EXECUTED",
        "BUY_ENTRY",
        "t1",
        STOCK.tradingsymbol,
    )
    assert signal["source"] == "JSON"
    assert '"unique_id": "t1"' in signal["rawBody"] or '"unique_id":"t1"' in signal["rawBody"]
    assert Decimal(signal["processingMs"]) >= 0
    assert signal["reason"].startswith("executed")
    (execution,) = signal["executions"]
    assert (execution["quantity"], Decimal(execution["entryPrice"])) == (12, ENTRY_ASK)

    executions = (await query(trading, EXECUTIONS, desk.token, filter={"signalId": signal_id}))[
        "signalExecutions"
    ]["edges"]
    (node,) = [edge["node"] for edge in executions]
    assert node["algo"] == {"id": desk.algo["id"], "name": "test stock"}
    assert (node["direction"], node["side"], node["status"]) == ("BUY", "BUY", "OPEN")
    assert (node["baseLots"], node["tradingsymbol"], node["entryUniqueId"]) == (
        BASE_LOTS,
        STOCK.tradingsymbol,
        "t1",
    )
    allocations = by_account(desk, node["allocations"])
    assert [a["quantity"] for a in allocations] == [2, 4, 6]
    assert [a["lots"] for a in allocations] == [2, 4, 6]
    assert {a["status"] for a in allocations} == {"FILLED"}
    assert [a["account"]["label"] for a in allocations] == ["x1", "x2", "x3"]
    assert all(Decimal(a["entryCharges"]) > 0 and a["entryOrderId"] for a in allocations)
    same = (await query(trading, ALLOCATIONS, desk.token, id=node["id"]))["allocations"]
    assert by_account(desk, same) == allocations

    portfolio = (await query(trading, PORTFOLIO, desk.token))["portfolio"]
    positions = {
        a["account"]["id"]: [(p["quantity"], Decimal(p["averagePrice"])) for p in a["positions"]]
        for a in portfolio["accounts"]
    }
    assert positions == {
        account["id"]: [(quantity, ENTRY_ASK)]
        for account, quantity in zip(desk.accounts, (2, 4, 6), strict=True)
    }


async def test_a_repeated_unique_id_is_logged_as_a_duplicate_and_trades_nothing(
    trading: httpx.AsyncClient, desk: Desk
) -> None:
    first = await executed(trading, desk.group, entry_body())
    again = await deliver(trading, desk.group, entry_body())
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "duplicate"
    duplicates = {"groupId": desk.group["id"], "statuses": ["DUPLICATE"]}
    (edge,) = (await query(trading, SIGNALS, desk.token, filter=duplicates))["signals"]["edges"]
    assert (edge["node"]["duplicateOf"], edge["node"]["executions"]) == (first, [])
    executions = (await query(trading, EXECUTIONS, desk.token))["signalExecutions"]["edges"]
    assert len(executions) == 1


async def test_the_exit_writes_one_trade_with_each_accounts_net_pnl(
    trading: httpx.AsyncClient, open_market: TradingServer, desk: Desk
) -> None:
    entry_id = await executed(trading, desk.group, entry_body())
    open_market.set_quotes(quote(STOCK, "510.00", "509.95", "510.05"))
    exit_id = await executed(trading, desk.group, exit_body())

    (edge,) = (await query(trading, TRADES, desk.token, filter={"groupId": desk.group["id"]}))[
        "trades"
    ]["edges"]
    trade = edge["node"]
    move = EXIT_BID - ENTRY_ASK
    assert (trade["quantity"], trade["direction"], trade["exitReason"]) == (12, "BUY", "SIGNAL")
    assert (Decimal(trade["entryPrice"]), Decimal(trade["exitPrice"])) == (ENTRY_ASK, EXIT_BID)
    assert Decimal(trade["pnl"]) == move * 12
    allocations = by_account(desk, trade["allocations"])
    assert [a["status"] for a in allocations] == ["CLOSED"] * 3
    charges = [Decimal(a["entryCharges"]) + Decimal(a["exitCharges"]) for a in allocations]
    assert Decimal(trade["charges"]) == sum(charges)
    assert Decimal(trade["netPnl"]) == move * 12 - sum(charges)
    assert [Decimal(a["pnl"]) for a in allocations] == [
        move * quantity - charge for quantity, charge in zip((2, 4, 6), charges, strict=True)
    ]

    closing = (await query(trading, SIGNAL, desk.token, id=exit_id))["signal"]
    (closed,) = closing["executions"]
    assert (closed["status"], Decimal(closed["exitPrice"])) == ("CLOSED", EXIT_BID)
    opening = (await query(trading, SIGNAL, desk.token, id=entry_id))["signal"]
    assert opening["executions"] == closing["executions"]

    portfolio = (await query(trading, PORTFOLIO, desk.token))["portfolio"]
    quantities = [p["quantity"] for a in portfolio["accounts"] for p in a["positions"]]
    assert quantities == [0, 0, 0]

    group = (await query(trading, GROUP, desk.token, id=desk.group["id"]))["signalGroup"]
    analytics = group["analytics"]
    assert (analytics["signalCount"], analytics["tradeCount"], analytics["wins"]) == (2, 1, 1)
    assert Decimal(analytics["winRate"]) == 100
    assert Decimal(analytics["netPnl"]) == Decimal(trade["netPnl"])
    assert Decimal(analytics["averageHoldingSeconds"]) == trade["holdingSeconds"]


async def test_another_user_sees_and_touches_none_of_the_signal_log(
    trading: httpx.AsyncClient, open_market: TradingServer, desk: Desk
) -> None:
    await executed(trading, desk.group, entry_body())
    open_market.set_quotes(quote(STOCK, "510.00", "509.95", "510.05"))
    exit_id = await executed(trading, desk.group, exit_body())
    (execution,) = (await query(trading, EXECUTIONS, desk.token))["signalExecutions"]["edges"]
    execution_id = execution["node"]["id"]

    bob = (await trader(trading)).access_token
    await open_account(trading, bob, "5000", label="bob")
    group_filter = {"groupId": desk.group["id"]}
    empty = {"edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}
    assert (await query(trading, SIGNALS, bob))["signals"] == empty
    assert (await query(trading, SIGNALS, bob, filter=group_filter))["signals"] == empty
    assert (await query(trading, SIGNAL, bob, id=exit_id))["signal"] is None
    assert (await query(trading, EXECUTIONS, bob))["signalExecutions"] == empty
    for execution_filter in (group_filter, {"signalId": exit_id}):
        found = await query(trading, EXECUTIONS, bob, filter=execution_filter)
        assert found["signalExecutions"] == empty
    assert (await query(trading, TRADES, bob))["trades"] == empty
    assert (await query(trading, TRADES, bob, filter=group_filter))["trades"] == empty
    assert (await query(trading, ALLOCATIONS, bob, id=execution_id))["allocations"] is None
    unknown = str(uuid.uuid4())
    assert (await query(trading, ALLOCATIONS, desk.token, id=unknown))["allocations"] is None

    # Bob's own algo and group can't reach Alice's accounts or positions either.
    algo = await mutate(
        trading,
        CREATE_ALGO,
        bob,
        input={"name": "b", "legs": [fixed_leg()], "targets": {"mode": "ALL"}},
    )
    group = await mutate(
        trading,
        CREATE_GROUP,
        bob,
        input={"name": "b", "source": "JSON", "entryAlgoIds": [algo["algo"]["id"]]},
    )
    await executed(trading, group["group"], exit_body() | {"signal": "BUY_ENTRY"})
    await executed(trading, group["group"], exit_body())  # closes Bob's entry, not Alice's
    (bobs,) = (await query(trading, TRADES, bob))["trades"]["edges"]
    assert [a["account"]["label"] for a in bobs["node"]["allocations"]] == ["bob"]
    assert len((await query(trading, TRADES, desk.token))["trades"]["edges"]) == 1


async def test_signal_events_stream_accepted_then_executed_to_their_owner_only(
    trading: httpx.AsyncClient, open_market: TradingServer, desk: Desk
) -> None:
    bob = (await trader(trading)).access_token
    bobs_group = await create_group(trading, bob)
    streams = await Streams.open(open_market, desk.token, signals=SIGNAL_EVENTS)
    bobs_stream = await Streams.open(open_market, bob, signals=SIGNAL_EVENTS)
    executor = open_market.runtime.signals.executor
    try:

        async def probe() -> None:  # a malformed delivery is logged (rejected) and announced
            await trading.post(webhook_path(desk.group), content=b"probe")

        async def bobs_probe() -> None:
            await trading.post(webhook_path(bobs_group), content=b"bob's probe")

        await streams.until_live(probe, "signals")
        await bobs_stream.until_live(bobs_probe, "signals")
        await executor.stop()  # hold execution, so the accepted state is observable
        try:
            response = await deliver(trading, desk.group, entry_body(), wait=False)
            assert response.status_code == 202, response.text
            (sent,) = response.json()["signals"]

            def mine(data: dict[str, Any]) -> bool:
                return bool(data["signalEvents"]["id"] == sent["id"])

            accepted = (await streams.next("signals", mine))["signalEvents"]
            assert (accepted["status"], accepted["executions"]) == ("ACCEPTED", [])
        finally:
            await executor.start()  # the queued signal runs now
        done = (await streams.next("signals", mine))["signalEvents"]
        assert done["status"] == "EXECUTED"
        assert [e["quantity"] for e in done["executions"]] == [12]

        # Bob's stream carries his own events only: everything up to his last probe is his.
        await trading.post(webhook_path(bobs_group), content=b"bob's last probe")
        seen: list[dict[str, Any]] = []

        def until_last(data: dict[str, Any]) -> bool:
            seen.append(data["signalEvents"])
            return bool(data["signalEvents"]["rawBody"] == "bob's last probe")

        await bobs_stream.next("signals", until_last)
        assert {s["groupId"] for s in seen} == {bobs_group["id"]}
    finally:
        await streams.close()
        await bobs_stream.close()
