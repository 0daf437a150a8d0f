"""Isolation: through every trading query, mutation and subscription, one user never sees or
changes another's accounts, orders, fills or positions (an admin included)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.api.helpers import gql
from tests.api.trading_support import (
    ACCOUNTS,
    ARCHIVE_ACCOUNT,
    CANCEL_ORDER,
    DEPOSIT,
    FILLS,
    MODIFY_ORDER,
    ORDER_UPDATES,
    ORDERS,
    PLACE_ORDER,
    PORTFOLIO,
    POSITION_UPDATES,
    POSITIONS,
    PROBE,
    STOCK,
    UPDATE_ACCOUNT,
    WITHDRAW,
    Streams,
    TradingServer,
    first_admin,
    open_account,
    order_input,
    placed,
    query,
    quote,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments


@dataclass
class AlicesBooks:
    admin: str  # the admin's token: an admin has no more reach into others' books
    token: str
    account: dict[str, Any]
    working: dict[str, Any]  # an OPEN limit order
    filled: dict[str, Any]  # a COMPLETE market order, with its fill


@pytest.fixture
async def alice(trading: httpx.AsyncClient, open_market: TradingServer) -> AlicesBooks:
    admin = await first_admin(trading)
    user = await trader(trading)
    account = await open_account(trading, user.access_token, "1000000", label="alice")
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    working = await placed(
        trading, user.access_token, account["id"], orderType="LIMIT", price="480.00", quantity=3
    )
    filled = await placed(trading, user.access_token, account["id"], quantity=10)
    return AlicesBooks(admin, user.access_token, account, working["order"], filled)


async def _snapshot(client: httpx.AsyncClient, books: AlicesBooks) -> dict[str, Any]:
    token = books.token
    return {
        "accounts": (await query(client, ACCOUNTS, token, archived=True))["accounts"],
        "orders": (await query(client, ORDERS, token))["orders"],
        "fills": (await query(client, FILLS, token))["fills"],
        "positions": (await query(client, POSITIONS, token))["positions"],
    }


async def _others(client: httpx.AsyncClient, books: AlicesBooks) -> list[str]:
    """Tokens of users other than Alice: another trader (with an account), and the admin."""
    bob = await trader(client)
    await open_account(client, bob.access_token, "5000", label="bob")
    return [bob.access_token, books.admin]


async def test_no_query_shows_another_users_trading_data(
    trading: httpx.AsyncClient, alice: AlicesBooks
) -> None:
    books = alice
    before = await _snapshot(trading, books)
    assert len(before["orders"]) == 2
    assert len(before["fills"]) == 1
    account_id = books.account["id"]
    order_id = books.filled["order"]["id"]
    for token in await _others(trading, books):
        accounts = (await query(trading, ACCOUNTS, token, archived=True))["accounts"]
        assert account_id not in [a["id"] for a in accounts]
        for variables in ({}, {"accountId": account_id}):
            assert (await query(trading, ORDERS, token, **variables))["orders"] == []
            assert (await query(trading, FILLS, token, **variables))["fills"] == []
            assert (await query(trading, POSITIONS, token, **variables))["positions"] == []
        assert (await query(trading, FILLS, token, orderId=order_id))["fills"] == []
        assert (await query(trading, ORDERS, token, status=["OPEN"]))["orders"] == []
        mine = (await query(trading, PORTFOLIO, token))["portfolio"]
        assert account_id not in [a["account"]["id"] for a in mine["accounts"]]
        assert all(a["positions"] == [] for a in mine["accounts"])
        theirs = (await query(trading, PORTFOLIO, token, ids=[account_id]))["portfolio"]
        assert theirs["accounts"] == []
        assert theirs["cash"] == "0"
    assert await _snapshot(trading, books) == before


async def test_no_mutation_changes_another_users_trading_data(
    trading: httpx.AsyncClient, alice: AlicesBooks
) -> None:
    books = alice
    before = await _snapshot(trading, books)
    account_id, working_id = books.account["id"], books.working["id"]
    for token in await _others(trading, books):
        for document, variables, name in (
            (PLACE_ORDER, {"input": order_input(account_id)}, "placeOrder"),
            (MODIFY_ORDER, {"input": {"id": working_id, "price": "499.00"}}, "modifyOrder"),
            (MODIFY_ORDER, {"input": {"id": working_id, "quantity": 4}}, "modifyOrder"),
            (CANCEL_ORDER, {"id": working_id}, "cancelOrder"),
            (CANCEL_ORDER, {"id": books.filled["order"]["id"]}, "cancelOrder"),
            (DEPOSIT, {"id": account_id, "amount": "1.00"}, "deposit"),
            (WITHDRAW, {"id": account_id, "amount": "1.00"}, "withdraw"),
            (UPDATE_ACCOUNT, {"input": {"id": account_id, "label": "mine"}}, "updateAccount"),
            (ARCHIVE_ACCOUNT, {"id": account_id}, "archiveAccount"),
        ):
            body = await gql(trading, document, variables, token=token)
            assert "errors" not in body, body
            result = body["data"][name]
            assert (result["__typename"], result["code"]) == ("NotFound", "NOT_FOUND"), name
    assert await _snapshot(trading, books) == before


def _account_of(data: dict[str, Any]) -> str:
    if "positionUpdates" in data:
        return str(data["positionUpdates"]["accountId"])
    event = data["orderUpdates"]
    return str((event["order"] or event["fill"])["accountId"])


async def test_subscriptions_carry_only_the_subscribers_own_events(
    trading: httpx.AsyncClient, open_market: TradingServer, alice: AlicesBooks
) -> None:
    bob = await trader(trading)
    token = bob.access_token
    bobs = await open_account(trading, token, "100000", label="bob")
    probe_account = await open_account(trading, token, "100000", label="probe")
    open_market.set_quotes(quote(PROBE, "100.00", "99.95", "100.05"))
    streams = await Streams.open(open_market, token, p=POSITION_UPDATES, o=ORDER_UPDATES)
    try:

        async def probe() -> None:
            await placed(trading, token, probe_account["id"], symbol=PROBE.tradingsymbol)

        await streams.until_live(probe, "o", "p")
        # Alice trades: a placement, a fill, a match in the loop, a modification, a cancel.
        other = await placed(
            trading, alice.token, alice.account["id"], orderType="LIMIT", price="490.00"
        )
        await placed(trading, alice.token, alice.account["id"], quantity=2)
        await open_market.tick(quote(STOCK, "489.00", "488.95", "489.05"))
        await gql(
            trading,
            MODIFY_ORDER,
            {"input": {"id": alice.working["id"], "price": "470.00"}},
            token=alice.token,
        )
        await gql(trading, CANCEL_ORDER, {"id": alice.working["id"]}, token=alice.token)
        completed = (await query(trading, ORDERS, alice.token, status=["COMPLETE"]))["orders"]
        assert other["order"]["id"] in [o["id"] for o in completed]
        # Then Bob trades; the first events past his probes must be his own.
        mine = await placed(trading, token, bobs["id"], quantity=1)
        not_probe = lambda data: _account_of(data) != probe_account["id"]  # noqa: E731
        first = await streams.next("o", not_probe)
        assert _account_of(first) == bobs["id"]
        assert first["orderUpdates"]["order"]["id"] == mine["order"]["id"]
        position = await streams.next("p", not_probe)
        assert _account_of(position) == bobs["id"]
    finally:
        await streams.close()


async def test_the_portfolio_stream_carries_only_the_subscribers_accounts(
    trading: httpx.AsyncClient, open_market: TradingServer, alice: AlicesBooks
) -> None:
    bob = await trader(trading)
    bobs = await open_account(trading, bob.access_token, "100000", label="bob")
    streams = await Streams.open(
        open_market,
        bob.access_token,
        m="subscription { portfolioUpdates { accounts { account { id } } } }",
    )
    try:

        async def tick() -> None:
            await open_market.tick(quote(STOCK, "500.00", "499.95", "500.05"))

        await streams.until_live(tick, "m")
        update = await streams.next("m")
        assert [a["account"]["id"] for a in update["portfolioUpdates"]["accounts"]] == [bobs["id"]]
    finally:
        await streams.close()
