"""Positions, P&L and cash over GraphQL, worked by hand; and who may trade what they read.

The round trip of these tests, on an account of ₹10,00,000 with Zerodha's charges:

- BUY 100 MIS at the ask 500.05: value 50,005.00, charges 21.02 (see test_trading_orders);
- SELL 40 at the bid 510.00: value 20,400.00, charges 13.07;
- marked at the last price 505.00.

Position: 60 left, average 500.05 (cost 50,005.00 − 40 × 500.05 = 30,003.00); realized
(510.00 − 500.05) × 40 = 398.00; unrealized 60 × 505.00 − 30,003.00 = 297.00; charges
21.02 + 13.07 = 34.09. Cash: 10,00,000 − 50,005.00 + 20,400.00 − 34.09 = 9,70,360.91.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from tests.api.helpers import LOGIN, PASSWORD, error_codes, gql
from tests.api.trading_support import (
    CANCEL_ORDER,
    CREATE_API_KEY,
    FILLS,
    MODIFY_ORDER,
    ORDERS,
    PLACE_ORDER,
    PORTFOLIO,
    POSITIONS,
    SET_ROLE,
    STOCK,
    TradingServer,
    first_admin,
    money,
    open_account,
    order_input,
    placed,
    query,
    quote,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments

CAPITAL = Decimal("1000000")


async def _round_trip(
    client: httpx.AsyncClient, server: TradingServer, token: str, account_id: str
) -> None:
    server.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    await placed(client, token, account_id, quantity=100)
    server.set_quotes(quote(STOCK, "510.05", "510.00", "510.10"))
    await placed(client, token, account_id, side="SELL", quantity=40)
    server.set_quotes(quote(STOCK, "505.00", "504.95", "505.05"))


async def test_a_buy_and_a_partial_sell_leave_exact_positions_pnl_and_cash(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token, str(CAPITAL))
    await _round_trip(trading, open_market, token, account["id"])

    [position] = (await query(trading, POSITIONS, token))["positions"]
    assert position["accountId"] == account["id"]
    assert position["instrument"]["tradingsymbol"] == STOCK.tradingsymbol
    assert (position["product"], position["quantity"]) == ("MIS", 60)
    assert (position["buyQuantity"], position["sellQuantity"]) == (100, 40)
    assert money(position["averagePrice"]) == Decimal("500.05")
    assert money(position["ltp"]) == Decimal("505.00")
    assert money(position["realizedPnl"]) == Decimal("398.00")
    assert money(position["unrealizedPnl"]) == Decimal("297.00")
    assert {k: money(v) for k, v in position["charges"].items()} == {
        "brokerage": Decimal("21.12"),  # 15.00 + 6.12
        "stt": Decimal("5.10"),
        "exchangeTxn": Decimal("2.10"),  # 1.49 + 0.61
        "sebi": Decimal("0.07"),
        "stampDuty": Decimal("1.50"),
        "gst": Decimal("4.20"),  # 2.98 + 1.22
        "total": Decimal("34.09"),
    }

    fills = (await query(trading, FILLS, token))["fills"]
    sign = {"BUY": -1, "SELL": 1}
    flows = sum(sign[f["side"]] * f["quantity"] * money(f["price"]) for f in fills)
    charged = sum(money(f["charges"]["total"]) for f in fills)
    cash = CAPITAL + flows - charged
    assert cash == Decimal("970360.91")

    [book] = (await query(trading, PORTFOLIO, token))["portfolio"]["accounts"]
    assert money(book["cash"]) == money(book["account"]["cash"]) == cash
    assert money(book["realizedPnl"]) == Decimal("398.00")
    assert money(book["unrealizedPnl"]) == Decimal("297.00")
    assert money(book["charges"]) == Decimal("34.09")
    assert money(book["netPnl"]) == Decimal("660.91")
    assert money(book["equity"]) == cash + 60 * Decimal("505.00")
    # The accounting identity, exactly: cash + Σ qty × mark = capital + realized + unrealized
    # − charges.
    assert cash + 60 * Decimal("505.00") == CAPITAL + Decimal("398.00") + Decimal(
        "297.00"
    ) - Decimal("34.09")
    # MIS equity blocks 20% of the value at the mark: 0.2 × 60 × 505.00.
    assert money(book["marginUsed"]) == Decimal("6060.00")
    assert money(book["marginAvailable"]) == money(book["equity"]) - Decimal("6060.00")


async def test_the_portfolio_adds_up_every_account_and_can_be_narrowed(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    traded = await open_account(trading, token, str(CAPITAL), label="traded")
    idle = await open_account(trading, token, "25000.50", label="idle")
    await _round_trip(trading, open_market, token, traded["id"])

    portfolio = (await query(trading, PORTFOLIO, token))["portfolio"]
    by_id = {a["account"]["id"]: a for a in portfolio["accounts"]}
    assert set(by_id) == {traded["id"], idle["id"]}
    assert by_id[idle["id"]]["positions"] == []
    assert money(by_id[idle["id"]]["cash"]) == Decimal("25000.50")
    assert money(portfolio["cash"]) == Decimal("970360.91") + Decimal("25000.50")
    assert money(portfolio["equity"]) == Decimal("1000660.91") + Decimal("25000.50")
    for total in ("realizedPnl", "unrealizedPnl", "charges", "netPnl", "marginUsed"):
        assert money(portfolio[total]) == sum(money(a[total]) for a in portfolio["accounts"])

    narrowed = (await query(trading, PORTFOLIO, token, ids=[idle["id"]]))["portfolio"]
    assert [a["account"]["id"] for a in narrowed["accounts"]] == [idle["id"]]
    assert money(narrowed["cash"]) == Decimal("25000.50")
    only = (await query(trading, POSITIONS, token, accountId=idle["id"]))["positions"]
    assert only == []


async def test_a_closed_position_keeps_its_realized_pnl_and_leaves_the_open_list(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token, str(CAPITAL))
    await _round_trip(trading, open_market, token, account["id"])
    await placed(trading, token, account["id"], side="SELL", quantity=60)  # at the bid 504.95
    [position] = (await query(trading, POSITIONS, token))["positions"]
    assert position["quantity"] == 0
    assert position["averagePrice"] is None
    # 398.00 + 60 × 504.95 − 30,003.00 = 398.00 + 294.00
    assert money(position["realizedPnl"]) == Decimal("692.00")
    assert money(position["unrealizedPnl"]) == Decimal("0")
    assert (await query(trading, POSITIONS, token, openOnly=True))["positions"] == []
    [book] = (await query(trading, PORTFOLIO, token))["portfolio"]["accounts"]
    charges = money(book["charges"])
    assert money(book["cash"]) == CAPITAL + Decimal("692.00") - charges
    assert money(book["marginUsed"]) == Decimal("0")


async def test_a_short_intraday_position_is_marked_against_the_seller(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token, str(CAPITAL), charges="zero")
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    await placed(trading, token, account["id"], side="SELL", quantity=10)
    open_market.set_quotes(quote(STOCK, "502.00", "501.95", "502.05"))
    [position] = (await query(trading, POSITIONS, token))["positions"]
    assert position["quantity"] == -10
    assert money(position["averagePrice"]) == Decimal("499.95")
    assert money(position["unrealizedPnl"]) == Decimal("-20.50")  # (499.95 − 502.00) × 10
    [book] = (await query(trading, PORTFOLIO, token))["portfolio"]["accounts"]
    assert money(book["cash"]) == CAPITAL + Decimal("4999.50")
    assert money(book["equity"]) == CAPITAL - Decimal("20.50")


async def test_a_viewer_reads_the_books_but_cannot_trade(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    admin = await first_admin(trading)
    user = await trader(trading)
    account = await open_account(trading, user.access_token, str(CAPITAL))
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    working = await placed(
        trading, user.access_token, account["id"], orderType="LIMIT", price="480.00"
    )
    await placed(trading, user.access_token, account["id"], quantity=5)
    await gql(trading, SET_ROLE, {"id": user.user_id, "role": "VIEWER"}, token=admin)
    login = await gql(trading, LOGIN, {"input": {"username": user.username, "password": PASSWORD}})
    for token in (user.access_token, login["data"]["login"]["accessToken"]):
        assert len((await query(trading, ORDERS, token))["orders"]) == 2
        assert len((await query(trading, FILLS, token))["fills"]) == 1
        assert len((await query(trading, POSITIONS, token))["positions"]) == 1
        assert len((await query(trading, PORTFOLIO, token))["portfolio"]["accounts"]) == 1
        for document, variables in (
            (PLACE_ORDER, {"input": order_input(account["id"])}),
            (MODIFY_ORDER, {"input": {"id": working["order"]["id"], "price": "481.00"}}),
            (CANCEL_ORDER, {"id": working["order"]["id"]}),
        ):
            body = await gql(trading, document, variables, token=token)
            assert error_codes(body) == ["FORBIDDEN"], body
    statuses = sorted(o["status"] for o in (await query(trading, ORDERS, token))["orders"])
    assert statuses == ["COMPLETE", "OPEN"]


async def _api_key(client: httpx.AsyncClient, token: str, scopes: list[str]) -> str:
    body = await gql(
        client, CREATE_API_KEY, {"input": {"name": "bot", "scopes": scopes}}, token=token
    )
    assert body["data"]["createApiKey"]["__typename"] == "CreateApiKeySuccess", body
    secret: str = body["data"]["createApiKey"]["secret"]
    return secret


async def test_an_api_key_trades_only_with_the_trade_scope(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token, str(CAPITAL))
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    reader = {"X-API-Key": await _api_key(trading, user.access_token, ["READ"])}
    body = await gql(trading, PLACE_ORDER, {"input": order_input(account["id"])}, headers=reader)
    assert error_codes(body) == ["FORBIDDEN"]
    assert (await gql(trading, ORDERS, headers=reader))["data"]["orders"] == []

    working = await placed(
        trading, user.access_token, account["id"], orderType="LIMIT", price="480.00"
    )
    for document, variables in (
        (MODIFY_ORDER, {"input": {"id": working["order"]["id"], "price": "481.00"}}),
        (CANCEL_ORDER, {"id": working["order"]["id"]}),
    ):
        assert error_codes(await gql(trading, document, variables, headers=reader)) == ["FORBIDDEN"]

    signals = {"X-API-Key": await _api_key(trading, user.access_token, ["SIGNALS"])}
    body = await gql(trading, PLACE_ORDER, {"input": order_input(account["id"])}, headers=signals)
    assert error_codes(body) == ["FORBIDDEN"]

    trader_key = {"X-API-Key": await _api_key(trading, user.access_token, ["READ", "TRADE"])}
    body = await gql(
        trading, PLACE_ORDER, {"input": order_input(account["id"])}, headers=trader_key
    )
    placed_by_key: dict[str, Any] = body["data"]["placeOrder"]
    assert placed_by_key["__typename"] == "PlaceOrderSuccess"
    assert placed_by_key["order"]["status"] == "COMPLETE"
    body = await gql(trading, CANCEL_ORDER, {"id": working["order"]["id"]}, headers=trader_key)
    assert body["data"]["cancelOrder"]["__typename"] == "CancelOrderSuccess"
    orders = (await gql(trading, ORDERS, headers=trader_key))["data"]["orders"]
    assert sorted(o["status"] for o in orders) == ["CANCELLED", "COMPLETE"]
