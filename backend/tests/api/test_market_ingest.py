"""Live ingest over HTTP and GraphQL: who may push ticks, bad ticks, and fills they cause."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Bar, Interval
from dalal.services.instruments import save_bars, save_instruments
from dalal.settings import Settings
from tests.api.helpers import Session, error_codes, gql, register

STOCK = Instrument(
    token=910001,
    exchange=Exchange.NSE,
    tradingsymbol="INGESTCO",
    name="Ingest Co",
    instrument_type=InstrumentType.EQ,
    lot_size=1,
    tick_size=Decimal("0.05"),
)


FUTURE = Instrument(
    token=910002,
    exchange=Exchange.NFO,
    tradingsymbol="INGESTCO26DECFUT",
    name="INGESTCO",
    instrument_type=InstrumentType.FUT,
    lot_size=500,
    tick_size=Decimal("0.05"),
    underlying="INGESTCO",
    expiry=datetime(2026, 12, 29).date(),
)


@pytest.fixture
async def stock(settings: Settings) -> Instrument:
    engine = create_engine(settings.resolved_database_url)
    await save_instruments(
        SqlUnitOfWorkFactory(create_session_factory(engine), None)(), [STOCK, FUTURE]
    )
    await engine.dispose()
    return STOCK


async def _key(client: httpx.AsyncClient, session: Session, scopes: list[str]) -> str:
    body = await gql(
        client,
        'mutation($s: [ApiKeyScope!]!) { createApiKey(input: {name: "feed", scopes: $s}) '
        "{ ... on CreateApiKeySuccess { secret } } }",
        {"s": scopes},
        token=session.access_token,
    )
    return str(body["data"]["createApiKey"]["secret"])


async def _post(client: httpx.AsyncClient, key: str | None, body: object) -> httpx.Response:
    headers = {"X-API-Key": key} if key else {}
    return await client.post("/api/market/ticks", json=body, headers=headers)


QUOTE = "query($s: String!) { quote(symbol: $s) { ltp bid ask volume } }"


async def test_an_admin_key_with_market_scope_pushes_exact_quotes(
    client: httpx.AsyncClient, stock: Instrument
) -> None:
    admin = await register(client)
    key = await _key(client, admin, ["MARKET", "READ"])
    response = await client.post(
        "/api/market/ticks",
        content=b'{"ticks": [{"symbol": "ingestco", "ltp": 2501.55, "bid": "2501.50", '
        b'"ask": 2501.60, "volume": 1200}]}',
        headers={"X-API-Key": key, "content-type": "application/json"},
    )
    assert response.json() == {"accepted": 1, "rejected": []}
    body = await gql(client, QUOTE, {"s": "INGESTCO"}, token=admin.access_token)
    assert body["data"]["quote"] == {
        "ltp": "2501.55",
        "bid": "2501.50",
        "ask": "2501.60",
        "volume": 1200,
    }


async def test_bad_ticks_are_rejected_by_index_and_good_ones_kept(
    client: httpx.AsyncClient, stock: Instrument
) -> None:
    admin = await register(client)
    key = await _key(client, admin, ["MARKET"])
    response = await _post(
        client,
        key,
        {
            "ticks": [
                {"symbol": "NOPE", "ltp": "1"},
                {"symbol": "INGESTCO", "ltp": "-5"},
                {"symbol": "INGESTCO", "ltp": "10", "bid": "11", "ask": "10.5"},
                "not an object",
                {"symbol": "INGESTCO", "ltp": "100.05"},
            ]
        },
    )
    result = response.json()
    assert result["accepted"] == 1
    assert [r["index"] for r in result["rejected"]] == [0, 1, 2, 3]
    assert "unknown symbol" in result["rejected"][0]["reason"]


async def test_open_interest_comes_with_f_and_o_ticks_only(
    client: httpx.AsyncClient, stock: Instrument
) -> None:
    admin = await register(client)
    key = await _key(client, admin, ["MARKET"])
    ticks = [
        {"symbol": FUTURE.tradingsymbol, "ltp": "1490.50", "oi": 1_250_000, "volume": 5000},
        {"symbol": "INGESTCO", "ltp": "1480.05", "oi": 10},  # a stock has no open interest
        {"symbol": FUTURE.tradingsymbol, "ltp": "1490.55", "oi": -1},
        {"symbol": FUTURE.tradingsymbol, "ltp": "1490.55", "oi": 2.5},
    ]
    result = (await _post(client, key, {"ticks": ticks})).json()
    assert result["accepted"] == 1
    reasons = {r["index"]: r["reason"] for r in result["rejected"]}
    assert set(reasons) == {1, 2, 3}
    assert "futures and options" in reasons[1]
    assert all("whole number" in reasons[i] for i in (2, 3))
    quote = "query($s: String!) { quote(symbol: $s) { ltp volume oi } }"
    body = await gql(client, quote, {"s": FUTURE.tradingsymbol}, token=admin.access_token)
    assert body["data"]["quote"] == {"ltp": "1490.50", "volume": 5000, "oi": 1_250_000}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [(b"{not json", 400, "BAD_JSON"), (b'{"ticks": 5}', 400, "BAD_BODY"), (b"[]", 400, "BAD_BODY")],
)
async def test_malformed_bodies_get_a_clear_400(
    client: httpx.AsyncClient, body: bytes, status: int, code: str
) -> None:
    admin = await register(client)
    key = await _key(client, admin, ["MARKET"])
    response = await client.post(
        "/api/market/ticks",
        content=body,
        headers={"X-API-Key": key, "content-type": "application/json"},
    )
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


async def test_only_admins_with_the_market_scope_may_push(
    client: httpx.AsyncClient, stock: Instrument
) -> None:
    admin = await register(client)
    trader = await register(client)
    tick = {"ticks": [{"symbol": "INGESTCO", "ltp": "10"}]}
    assert (await _post(client, None, tick)).status_code == 401
    assert (await _post(client, "dk_forged", tick)).status_code == 401
    assert (await _post(client, await _key(client, admin, ["READ"]), tick)).status_code == 403
    assert (
        await _post(client, await _key(client, trader, ["READ", "TRADE"]), tick)
    ).status_code == 403


INGEST = """
mutation($t: [TickInput!]!) { ingestTicks(ticks: $t) { accepted rejected { index reason } } }
"""


async def test_the_ingest_mutation_moves_the_quote_and_fills_a_resting_limit_order(
    client: httpx.AsyncClient, stock: Instrument
) -> None:
    admin = await register(client)
    await gql(
        client,
        INGEST,
        {"t": [{"symbol": "INGESTCO", "ltp": "100.00", "bid": "99.95", "ask": "100.05"}]},
        token=admin.access_token,
    )
    account = await gql(
        client,
        'mutation { createAccount(input: {label: "Ingest", capital: "100000"}) '
        "{ ... on AccountSuccess { account { id } } } }",
        token=admin.access_token,
    )
    account_id = account["data"]["createAccount"]["account"]["id"]
    placed = await gql(
        client,
        'mutation($a: ID!) { placeOrder(input: {accountId: $a, symbol: "INGESTCO", side: BUY, '
        'quantity: 10, orderType: LIMIT, price: "99.00"}) { __typename '
        "... on PlaceOrderSuccess { order { id status } } ... on UserError { code message } } }",
        {"a": account_id},
        token=admin.access_token,
    )
    assert placed["data"]["placeOrder"]["__typename"] == "PlaceOrderSuccess", placed
    order = placed["data"]["placeOrder"]["order"]
    assert order["status"] == "OPEN"
    pushed = await gql(
        client,
        INGEST,
        {"t": [{"symbol": "INGESTCO", "ltp": "98.90", "bid": "98.85", "ask": "98.95"}]},
        token=admin.access_token,
    )
    assert pushed["data"]["ingestTicks"] == {"accepted": 1, "rejected": []}
    orders = await gql(client, "{ orders { id status averagePrice } }", token=admin.access_token)
    assert orders["data"]["orders"] == [
        {"id": order["id"], "status": "COMPLETE", "averagePrice": "98.95"}
    ]


async def test_a_trader_cannot_use_the_ingest_mutation(
    client: httpx.AsyncClient, stock: Instrument
) -> None:
    await register(client)
    trader = await register(client)
    body = await gql(
        client, INGEST, {"t": [{"symbol": "INGESTCO", "ltp": "10"}]}, token=trader.access_token
    )
    assert error_codes(body) == ["FORBIDDEN"]


BARS = """
query($s: String!, $i: Interval!, $from: DateTime!, $to: DateTime!) {
  bars(symbol: $s, interval: $i, start: $from, end: $to, last: 10) {
    at open high low close volume
  }
}
"""


async def test_stored_minute_bars_are_served_and_folded_into_longer_intervals(
    client: httpx.AsyncClient, stock: Instrument, settings: Settings
) -> None:
    start = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
    minutes = [
        Bar(
            token=STOCK.token,
            at=start + timedelta(minutes=i),
            interval=Interval.M1,
            open=Decimal(100 + i),
            high=Decimal(101 + i),
            low=Decimal(99 + i),
            close=Decimal(100 + i) + Decimal("0.5"),
            volume=10,
        )
        for i in range(10)
    ]
    engine = create_engine(settings.resolved_database_url)
    await save_bars(SqlUnitOfWorkFactory(create_session_factory(engine), None)(), minutes)
    await engine.dispose()
    session = await register(client)
    window = {"from": start.isoformat(), "to": (start + timedelta(minutes=10)).isoformat()}
    one = await gql(
        client, BARS, {"s": "INGESTCO", "i": "M1", **window}, token=session.access_token
    )
    assert len(one["data"]["bars"]) == 10
    assert one["data"]["bars"][0]["close"] == "100.50"
    five = await gql(
        client, BARS, {"s": "INGESTCO", "i": "M5", **window}, token=session.access_token
    )
    assert [(b["open"], b["high"], b["close"], b["volume"]) for b in five["data"]["bars"]] == [
        ("100.00", "105.00", "104.50", 50),
        ("105.00", "110.00", "109.50", 50),
    ]
