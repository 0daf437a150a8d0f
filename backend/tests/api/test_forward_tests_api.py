"""Forward tests over real HTTP and websockets: start, live MTM after a candle close, square
off, typed errors, and isolation (another user can't see, stop, square off or start on them).

The server's market loop is driven by the test (``TradingServer.tick``) with the forward
runner hooked in as the app hooks it, so two quotes a minute apart close a 1-minute candle.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from dalal.services.forward_runner import ForwardRunner
from tests.api.helpers import gql
from tests.api.trading_support import (
    STOCK,
    TradingServer,
    open_account,
    query,
    quote,
    trader,
)
from tests.api.ws import GraphQLWs

pytest_plugins = ["tests.api.conftest_trading"]

FIELDS = """id status strategy params symbols interval chargesEnabled mtm realized unrealized
charges trades ordersCount lastError openPositions { symbol quantity averagePrice ltp }
days { day pnl cumulativePnl trades wins drawdown marginUsed }"""
RESULT = f"""__typename ... on ForwardTestSuccess {{ forwardTest {{ {FIELDS} }} }}
... on UserError {{ message code }} ... on InvalidInput {{ field }}"""
START = f"mutation($i: StartForwardTestInput!) {{ startForwardTest(input: $i) {{ {RESULT} }} }}"
STOP = f"mutation($id: ID!) {{ stopForwardTest(id: $id) {{ {RESULT} }} }}"
SQUARE_OFF = f"mutation($id: ID!) {{ squareOffForwardTest(id: $id) {{ {RESULT} }} }}"
SQUARE_OFF_ALL = "mutation { squareOffAllForwardTests { forwardTests { id status } } }"
ONE = f"query($id: ID!) {{ forwardTest(id: $id) {{ {FIELDS} }} }}"
LIST = "query { forwardTests(first: 10) { edges { node { id } } pageInfo { hasNextPage } } }"
UPDATES = "subscription($id: ID) { forwardTestUpdates(id: $id) { id status mtm trades at } }"
BUY_FIVE = {"buy_above": "100", "sell_below": "50", "sizing.kind": "quantity", "sizing.quantity": 5}


def _start_input(account_id: str, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "strategy": "price_threshold",
        "params": BUY_FIVE,
        "accountId": account_id,
        "symbols": [STOCK.tradingsymbol],
        "interval": "M1",
        "charges": True,
    }
    return {**values, **fields}


async def _start(client: httpx.AsyncClient, token: str, account_id: str, **f: Any) -> Any:
    body = await gql(client, START, {"i": _start_input(account_id, **f)}, token=token)
    assert "errors" not in body, body
    return body["data"]["startForwardTest"]


class Candles:
    """Closes 1-minute candles of the test stock: each call quotes the next minute."""

    def __init__(self, server: TradingServer) -> None:
        runner = ForwardRunner(
            uow_factory=server.runtime.uow_factory,
            market=server.runtime.market,
            publisher=server.runtime.bus,
            publish_every=0,
        )
        server.loop.on_candles = runner.on_step
        self.server = server
        self.minute = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)

    async def close_one(self, ltp: str = "500.00") -> None:
        for _ in range(2):  # the second quote, a minute on, closes the first one's candle
            await self.server.tick(quote(STOCK, ltp, at=self.minute))
            self.minute += timedelta(minutes=1)
        self.minute -= timedelta(minutes=1)


async def test_a_forward_test_streams_its_mtm_after_a_candle_close_and_squares_off(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    alice = await trader(trading)
    account = await open_account(trading, alice.access_token)
    started = await _start(trading, alice.access_token, account["id"])
    assert started["__typename"] == "ForwardTestSuccess", started
    session = started["forwardTest"]
    assert (session["status"], session["chargesEnabled"], session["interval"]) == (
        "RUNNING", True, "M1",
    )  # fmt: skip
    assert session["params"]["sizing"] == {"kind": "quantity", "quantity": 5}
    candles = Candles(open_market)
    ws = await GraphQLWs.open(open_market.ws_url, {"authorization": f"Bearer {alice.access_token}"})
    try:
        await ws.send(
            {"id": "1", "type": "subscribe",
             "payload": {"query": UPDATES, "variables": {"id": session["id"]}}}
        )  # fmt: skip
        update = None
        for _ in range(20):  # the subscription is live once an update comes through
            await candles.close_one("500.00")
            try:
                update = await ws.receive(timeout=0.5)
                break
            except TimeoutError:
                continue
        assert update is not None
        assert update["type"] == "next", update
        payload = update["payload"]["data"]["forwardTestUpdates"]
        assert payload["id"] == session["id"]
        assert payload["status"] == "RUNNING"
    finally:
        await ws.close()
    await candles.close_one("510.00")  # marked at 510 now
    found = (await query(trading, ONE, alice.access_token, id=session["id"]))["forwardTest"]
    assert found["ordersCount"] == 1
    assert found["openPositions"] == [
        {"symbol": STOCK.tradingsymbol, "quantity": 5, "averagePrice": "500.00", "ltp": "510.00"}
    ]
    assert found["unrealized"] == "50.00"
    assert len(found["days"]) == 1
    assert found["days"][0]["cumulativePnl"] == found["mtm"]

    body = await gql(trading, SQUARE_OFF, {"id": session["id"]}, token=alice.access_token)
    squared = body["data"]["squareOffForwardTest"]["forwardTest"]
    assert squared["status"] == "SQUARED_OFF"
    assert squared["openPositions"] == []
    assert squared["ordersCount"] == 2
    assert squared["realized"] == "50.00"


async def test_bad_input_gets_typed_errors(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    alice = await trader(trading)
    account = await open_account(trading, alice.access_token)
    cases: list[tuple[dict[str, Any], str, str | None]] = [
        ({"strategy": "no_such_strategy"}, "NotFound", None),
        ({"params": {"buy_above": "10", "sell_below": "20"}}, "InvalidInput", "params"),
        ({"params": [1, 2]}, "InvalidInput", "params"),
        ({"symbols": ["NOPE"]}, "InvalidInput", "symbols"),
        ({"symbols": []}, "InvalidInput", "symbols"),
        ({"charges": False}, "InvalidInput", "charges"),
        ({"accountId": "not-an-id"}, "NotFound", None),
    ]
    for fields, typename, field in cases:
        result = await _start(trading, alice.access_token, account["id"], **fields)
        assert result["__typename"] == typename, (fields, result)
        assert field is None or result["field"] == field
    for document in (STOP, SQUARE_OFF):
        body = await gql(trading, document, {"id": "nope"}, token=alice.access_token)
        assert next(iter(body["data"].values()))["__typename"] == "NotFound"
    assert (await query(trading, ONE, alice.access_token, id="nope"))["forwardTest"] is None


async def test_another_user_cannot_see_stop_square_off_or_start_on_them(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    alice, bob = await trader(trading), await trader(trading)
    account = await open_account(trading, alice.access_token)
    await open_account(trading, bob.access_token)
    session = (await _start(trading, alice.access_token, account["id"]))["forwardTest"]

    assert (await query(trading, ONE, bob.access_token, id=session["id"]))["forwardTest"] is None
    assert (await query(trading, LIST, bob.access_token))["forwardTests"]["edges"] == []
    for document in (STOP, SQUARE_OFF):
        body = await gql(trading, document, {"id": session["id"]}, token=bob.access_token)
        assert next(iter(body["data"].values()))["__typename"] == "NotFound"
    body = await gql(trading, SQUARE_OFF_ALL, token=bob.access_token)
    assert body["data"]["squareOffAllForwardTests"]["forwardTests"] == []
    on_alices = await _start(trading, bob.access_token, account["id"])
    assert on_alices["__typename"] == "NotFound"
    ws = await GraphQLWs.open(open_market.ws_url, {"authorization": f"Bearer {bob.access_token}"})
    try:
        await ws.send(
            {"id": "1", "type": "subscribe",
             "payload": {"query": UPDATES, "variables": {"id": session["id"]}}}
        )  # fmt: skip
        message = await ws.receive()
        payload = message["payload"]
        problems = payload if message["type"] == "error" else payload["errors"]
        assert [p["extensions"]["code"] for p in problems] == ["NOT_FOUND"], message
        assert message["type"] == "error" or payload["data"] is None
    finally:
        await ws.close()

    mine = (await query(trading, LIST, alice.access_token))["forwardTests"]["edges"]
    assert [e["node"]["id"] for e in mine] == [session["id"]]
    alices = (await query(trading, ONE, alice.access_token, id=session["id"]))["forwardTest"]
    assert alices["status"] == "RUNNING"
    body = await gql(trading, STOP, {"id": session["id"]}, token=alice.access_token)
    assert body["data"]["stopForwardTest"]["forwardTest"]["status"] == "STOPPED"
    body = await gql(trading, SQUARE_OFF_ALL, token=alice.access_token)
    assert [s["status"] for s in body["data"]["squareOffAllForwardTests"]["forwardTests"]] == [
        "SQUARED_OFF"
    ]


PAGE = """query($after: String) { forwardTests(first: 1, after: $after) {
  edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }"""


async def test_updates_of_all_sessions_reach_their_owner_only_and_lists_page(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    alice, bob = await trader(trading), await trader(trading)
    account = await open_account(trading, alice.access_token)
    older = (await _start(trading, alice.access_token, account["id"]))["forwardTest"]
    newer = (await _start(trading, alice.access_token, account["id"]))["forwardTest"]
    candles = Candles(open_market)
    all_of_them = {"id": "1", "type": "subscribe", "payload": {"query": UPDATES}}
    watchers = [
        await GraphQLWs.open(open_market.ws_url, {"authorization": f"Bearer {t}"})
        for t in (alice.access_token, bob.access_token)
    ]
    try:
        for ws in watchers:
            await ws.send(all_of_them)
        seen: set[str] = set()
        for _ in range(20):
            await candles.close_one()
            try:
                while True:
                    message = await watchers[0].receive(timeout=0.3)
                    seen.add(message["payload"]["data"]["forwardTestUpdates"]["id"])
            except TimeoutError:
                pass
            if seen == {older["id"], newer["id"]}:
                break
        assert seen == {older["id"], newer["id"]}
        try:
            leaked = await watchers[1].receive(timeout=0.5)
        except TimeoutError:
            leaked = None
        assert leaked is None, leaked
    finally:
        for ws in watchers:
            await ws.close()

    first = (await query(trading, PAGE, alice.access_token))["forwardTests"]
    assert [e["node"]["id"] for e in first["edges"]] == [newer["id"]]
    assert first["pageInfo"]["hasNextPage"] is True
    after = first["pageInfo"]["endCursor"]
    second = (await query(trading, PAGE, alice.access_token, after=after))["forwardTests"]
    assert [e["node"]["id"] for e in second["edges"]] == [older["id"]]
    assert second["pageInfo"]["hasNextPage"] is False
