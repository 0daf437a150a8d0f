"""Every way placeOrder says no: one typed payload per failure, and never an internal error."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.helpers import error_codes, gql
from tests.api.trading_support import (
    ARCHIVE_ACCOUNT,
    FUTURE,
    INDEX,
    ORDERS,
    PLACE_ORDER,
    STOCK,
    UNQUOTED,
    TradingServer,
    open_account,
    order_input,
    place,
    placed,
    query,
    quote,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments


@pytest.fixture
async def account(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> tuple[str, dict[str, Any]]:
    """A trader's token and their ₹1,00,000 account, with the test stock quoted at ₹500."""
    user = await trader(trading)
    opened = await open_account(trading, user.access_token, "100000")
    open_market.set_quotes(
        quote(STOCK, "500.00", "499.95", "500.05"),
        quote(FUTURE, "12000.00", "11999.95", "12000.05"),
    )
    return user.access_token, opened


async def _nothing_was_placed(client: httpx.AsyncClient, token: str) -> None:
    assert (await query(client, ORDERS, token))["orders"] == []


async def test_a_price_off_the_tick_grid_is_a_tick_size_error(
    trading: httpx.AsyncClient, account: tuple[str, dict[str, Any]]
) -> None:
    token, opened = account
    result = await place(trading, token, opened["id"], orderType="LIMIT", price="500.03")
    assert result["__typename"] == "TickSizeError"
    assert result["code"] == "PRICE_NOT_ON_TICK"
    assert "500.00 or 500.05" in result["message"]
    trigger = await place(
        trading, token, opened["id"], orderType="SL_M", triggerPrice="510.01", side="BUY"
    )
    assert trigger["__typename"] == "TickSizeError"
    await _nothing_was_placed(trading, token)


async def test_an_fno_quantity_that_is_not_whole_lots_is_a_lot_size_error(
    trading: httpx.AsyncClient, account: tuple[str, dict[str, Any]]
) -> None:
    token, opened = account
    result = await place(
        trading, token, opened["id"], symbol=FUTURE.tradingsymbol, quantity=100, product="NRML"
    )
    assert result["__typename"] == "LotSizeError"
    assert (result["code"], result["lotSize"]) == ("QUANTITY_NOT_LOT_MULTIPLE", 65)
    assert "65 or 130" in result["message"]
    await _nothing_was_placed(trading, token)


async def test_an_order_beyond_the_free_margin_is_insufficient_margin(
    trading: httpx.AsyncClient, account: tuple[str, dict[str, Any]]
) -> None:
    token, opened = account
    cnc = await place(trading, token, opened["id"], quantity=200, product="CNC")  # ₹1,00,010
    assert (cnc["__typename"], cnc["code"]) == ("InsufficientMargin", "INSUFFICIENT_MARGIN")
    # A futures lot of 65 × 12,000.05 blocks 12% = ₹93,600.39: one fits, two do not.
    future = {"symbol": FUTURE.tradingsymbol, "product": "NRML"}
    assert (await place(trading, token, opened["id"], quantity=130, **future))[
        "__typename"
    ] == "InsufficientMargin"
    await _nothing_was_placed(trading, token)
    assert (await place(trading, token, opened["id"], quantity=65, **future))[
        "__typename"
    ] == "PlaceOrderSuccess"
    assert (await place(trading, token, opened["id"], quantity=65, **future))[
        "__typename"
    ] == "InsufficientMargin"


async def test_an_unknown_symbol_is_an_unknown_symbol_error(
    trading: httpx.AsyncClient, account: tuple[str, dict[str, Any]]
) -> None:
    token, opened = account
    for symbol, exchange in (("NOSUCHSTOCK", None), (STOCK.tradingsymbol, "BSE"), ("", None)):
        result = await place(trading, token, opened["id"], symbol=symbol, exchange=exchange)
        assert (result["__typename"], result["code"]) == ("UnknownSymbol", "UNKNOWN_SYMBOL")
    lower = await place(trading, token, opened["id"], symbol=" dalaltesteq ", exchange="NSE")
    assert lower["__typename"] == "PlaceOrderSuccess"


async def test_someone_elses_or_a_missing_account_is_not_found(
    trading: httpx.AsyncClient, account: tuple[str, dict[str, Any]]
) -> None:
    token, opened = account
    intruder = await trader(trading)
    for account_id in (opened["id"], "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        result = await place(trading, intruder.access_token, account_id)
        assert (result["__typename"], result["code"]) == ("NotFound", "NOT_FOUND")
    await _nothing_was_placed(trading, token)


async def test_an_archived_account_cannot_trade(
    trading: httpx.AsyncClient, account: tuple[str, dict[str, Any]]
) -> None:
    token, opened = account
    await gql(trading, ARCHIVE_ACCOUNT, {"id": opened["id"]}, token=token)
    result = await place(trading, token, opened["id"])
    assert (result["__typename"], result["code"]) == ("AccountArchived", "ACCOUNT_ARCHIVED")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"product": "CNC", "side": "SELL"}, "SHORT_SELL_NOT_ALLOWED"),
        ({"symbol": INDEX.tradingsymbol}, "INSTRUMENT_NOT_TRADABLE"),
        ({"product": "NRML"}, "PRODUCT_NOT_ALLOWED"),
        ({"symbol": FUTURE.tradingsymbol, "quantity": 65, "product": "CNC"}, "PRODUCT_NOT_ALLOWED"),
        ({"orderType": "LIMIT"}, "PRICE_REQUIRED"),
        ({"price": "500.00"}, "PRICE_NOT_ALLOWED"),
        ({"orderType": "SL_M"}, "TRIGGER_REQUIRED"),
        (
            {"orderType": "LIMIT", "price": "500.00", "triggerPrice": "499.00"},
            "TRIGGER_NOT_ALLOWED",
        ),
        ({"orderType": "SL", "price": "500.00", "triggerPrice": "501.00"}, "TRIGGER_ON_WRONG_SIDE"),
        ({"amo": True}, "AMO_WHILE_MARKET_OPEN"),
    ],
)
async def test_an_order_a_rule_forbids_is_order_rejected_naming_the_rule(
    trading: httpx.AsyncClient,
    account: tuple[str, dict[str, Any]],
    fields: dict[str, Any],
    code: str,
) -> None:
    token, opened = account
    result = await place(trading, token, opened["id"], **fields)
    assert (result["__typename"], result["code"]) == ("OrderRejected", code), result
    await _nothing_was_placed(trading, token)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -5}, "quantity"),
        ({"orderType": "LIMIT", "price": "0"}, "price"),
        ({"orderType": "LIMIT", "price": "-500.00"}, "price"),
        ({"orderType": "LIMIT", "price": "NaN"}, "price"),
        ({"orderType": "LIMIT", "price": "Infinity"}, "price"),
        ({"orderType": "LIMIT", "price": "1e30"}, "price"),
        ({"side": "SELL", "orderType": "LIMIT", "price": "1e13"}, "price"),
        ({"orderType": "SL_M", "triggerPrice": "-Infinity"}, "triggerPrice"),
        ({"clientOrderId": "x" * 65}, "clientOrderId"),
        ({"symbol": UNQUOTED.tradingsymbol}, "orderType"),  # a MARKET order with no price yet
    ],
)
async def test_bad_order_input_is_invalid_input_naming_the_field(
    trading: httpx.AsyncClient,
    account: tuple[str, dict[str, Any]],
    fields: dict[str, Any],
    field: str,
) -> None:
    token, opened = account
    result = await place(trading, token, opened["id"], **fields)
    assert result["__typename"] == "InvalidInput", result
    assert result["field"] == field
    await _nothing_was_placed(trading, token)


@pytest.mark.parametrize(
    "fields",
    [
        {"side": "HOLD"},
        {"side": "buy"},
        {"orderType": "STOP"},
        {"orderType": "SL-M"},
        {"product": "BO"},
        {"validity": "GTC"},
        {"exchange": "NASDAQ"},
        {"quantity": "ten"},
        {"quantity": 1.5},
        {"quantity": 2**40},
        {"quantity": None},
        {"price": "five hundred", "orderType": "LIMIT"},
        {"price": {"amount": 1}, "orderType": "LIMIT"},
        {"amo": "yes"},
        {"symbol": None},
        {"accountId": None},
        {"leverage": 5},
    ],
)
async def test_wrongly_typed_input_is_a_graphql_validation_error_never_an_internal_one(
    trading: httpx.AsyncClient, account: tuple[str, dict[str, Any]], fields: dict[str, Any]
) -> None:
    token, opened = account
    body = await gql(
        trading, PLACE_ORDER, {"input": order_input(opened["id"], **fields)}, token=token
    )
    assert body["data"] is None
    assert error_codes(body) == ["BAD_REQUEST"], body
    await _nothing_was_placed(trading, token)


@pytest.mark.parametrize(
    "document",
    [
        'mutation { placeOrder(input: {symbol: "X", side: BUY, quantity: 1}) { __typename } }',
        'mutation { placeOrder(input: {accountId: "a", symbol: "X", side: HOLD, quantity: 1})'
        " { __typename } }",
        "mutation { placeOrder { __typename } }",
        'mutation { placeOrder(input: {accountId: "a", symbol: "X", side: BUY, quantity: 1})'
        " { order { id } } }",
        'mutation { cancelOrder(id: 5, reason: "x") { __typename } }',
        'mutation { modifyOrder(input: {id: "x", quantity: "many"}) { __typename } }',
        "query { orders(status: [DONE]) { id } }",
        'query { orders(first: "all") { id } }',
        "query { positions(openOnly: 1) { quantity } }",
        'query { portfolio(accountIds: [["x"]]) { cash } }',
        'mutation { deposit(accountId: "x", amount: "lots") { __typename } }',
        'mutation { createAccount(input: {label: "x", capital: 1e5, multiplier: true}) '
        "{ __typename } }",
        # A subscription needs a websocket; over plain HTTP it is refused, not run.
        "subscription { orderUpdates { kind } }",
    ],
)
async def test_malformed_operations_are_refused_before_they_run(
    trading: httpx.AsyncClient, account: tuple[str, dict[str, Any]], document: str
) -> None:
    token, _ = account
    response = await trading.post(
        "/graphql", json={"query": document}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code in (200, 400), response.text
    body = response.json()
    assert body.get("data") is None
    assert body["errors"]
    assert "INTERNAL_ERROR" not in error_codes(body)
    await _nothing_was_placed(trading, token)


async def test_order_queries_and_mutations_need_authentication(
    trading: httpx.AsyncClient, account: tuple[str, dict[str, Any]]
) -> None:
    _, opened = account
    body = await gql(trading, PLACE_ORDER, {"input": order_input(opened["id"])})
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert error_codes(await gql(trading, ORDERS)) == ["UNAUTHENTICATED"]
    body = await gql(
        trading, PLACE_ORDER, {"input": order_input(opened["id"])}, token="not-a-token"
    )
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_refused_order_leaves_cash_untouched(
    trading: httpx.AsyncClient, account: tuple[str, dict[str, Any]]
) -> None:
    token, opened = account
    await place(trading, token, opened["id"], quantity=10_000)
    await place(trading, token, opened["id"], orderType="LIMIT", price="500.01")
    accounts = (await query(trading, "query { accounts { cash } }", token))["accounts"]
    assert accounts == [{"cash": "100000.00"}]
    await placed(trading, token, opened["id"])
