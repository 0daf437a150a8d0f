"""Placing, matching, modifying and cancelling orders over GraphQL, on an always-open market.

Charges are worked by hand from Zerodha's card (``dalal/domain/charges/rate_cards.py``):
equity intraday is brokerage 0.03% capped at ₹20, STT 0.025% on the sell, NSE transaction
0.00297%, SEBI ₹10 a crore, stamp 0.003% on the buy, GST 18% of brokerage + transaction +
SEBI; each item rounded to the paisa half-up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

from dalal.engine.matching import MatchingConfig
from tests.api.helpers import gql
from tests.api.trading_support import (
    CALL,
    CANCEL_ORDER,
    FILLS,
    MODIFY_ORDER,
    ORDER_UPDATES,
    ORDERS,
    POSITION_UPDATES,
    POSITIONS,
    PROBE,
    STOCK,
    Streams,
    TradingServer,
    money,
    open_account,
    placed,
    query,
    quote,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments


def at_market(
    server: TradingServer, ltp: str = "500.00", bid: str = "499.95", ask: str = "500.05"
) -> None:
    """Quote the test stock (by default at 500.00, bid 499.95, ask 500.05)."""
    server.set_quotes(quote(STOCK, ltp, bid, ask))


async def _modify(
    client: httpx.AsyncClient, token: str, order_id: str, **fields: Any
) -> dict[str, Any]:
    body = await gql(client, MODIFY_ORDER, {"input": {"id": order_id, **fields}}, token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["modifyOrder"]
    return result


async def _cancel(client: httpx.AsyncClient, token: str, order_id: str) -> dict[str, Any]:
    body = await gql(client, CANCEL_ORDER, {"id": order_id}, token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["cancelOrder"]
    return result


async def _orders(client: httpx.AsyncClient, token: str, **variables: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (await query(client, ORDERS, token, **variables))["orders"]
    return found


# ---- MARKET orders -----------------------------------------------------------------------


async def test_a_market_buy_fills_at_the_ask_with_its_charges_in_the_same_response(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token)
    at_market(open_market)
    result = await placed(trading, user.access_token, account["id"], quantity=100)
    order = result["order"]
    assert order["status"] == "COMPLETE"
    assert order["filledQuantity"] == 100
    assert money(order["averagePrice"]) == Decimal("500.05")
    [fill] = result["fills"]
    assert fill["orderId"] == order["id"]
    assert (fill["side"], fill["quantity"], fill["price"], fill["tag"]) == (
        "BUY",
        100,
        "500.05",
        "NORMAL",
    )
    # Turnover 100 × 500.05 = 50,005.00:
    #   brokerage 0.03% = 15.0015 → 15.00 (under the ₹20 cap); STT none on an intraday buy;
    #   NSE 0.00297% = 1.4851485 → 1.49; SEBI 0.050005 → 0.05; stamp 0.003% = 1.50015 → 1.50;
    #   GST 18% × (15.00 + 1.49 + 0.05) = 2.9772 → 2.98; total 21.02.
    assert fill["charges"] == {
        "brokerage": "15.00",
        "stt": "0.00",
        "exchangeTxn": "1.49",
        "sebi": "0.05",
        "stampDuty": "1.50",
        "gst": "2.98",
        "total": "21.02",
    }
    fills = (await query(trading, FILLS, user.access_token))["fills"]
    assert fills == result["fills"]


async def test_a_market_sell_fills_at_the_bid_and_pays_stt(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token)
    at_market(open_market, "510.05", "510.00", "510.10")
    result = await placed(trading, user.access_token, account["id"], side="SELL", quantity=40)
    [fill] = result["fills"]
    assert (result["order"]["status"], fill["price"]) == ("COMPLETE", "510.00")
    # Turnover 40 × 510.00 = 20,400.00: brokerage 6.12; STT 0.025% = 5.10; NSE 0.60588 → 0.61;
    # SEBI 0.0204 → 0.02; no stamp on a sell; GST 18% × 6.75 = 1.215 → 1.22; total 13.07.
    assert fill["charges"] == {
        "brokerage": "6.12",
        "stt": "5.10",
        "exchangeTxn": "0.61",
        "sebi": "0.02",
        "stampDuty": "0.00",
        "gst": "1.22",
        "total": "13.07",
    }


async def test_option_fills_are_charged_on_the_card_of_their_trade_date(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token)
    # A fill at placement is dated by the server's clock: 23 Nov 2026 trades on the April
    # 2026 card (options STT 0.15% on the sell), whenever this test runs.
    traded = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    open_market.clock.at = traded
    open_market.set_quotes(quote(CALL, "120.45", "120.40", "120.50", at=traded))
    bought = await placed(
        trading,
        user.access_token,
        account["id"],
        symbol=CALL.tradingsymbol,
        quantity=65,
        product="NRML",
    )
    # 65 × 120.50 = 7,832.50: ₹20 a executed order; NSE options 0.03503% = 2.74372475 → 2.74;
    # SEBI 0.0078325 → 0.01; stamp 0.003% = 0.234975 → 0.23; GST 18% × 22.75 = 4.095 → 4.10.
    assert bought["fills"][0]["charges"] == {
        "brokerage": "20.00",
        "stt": "0.00",
        "exchangeTxn": "2.74",
        "sebi": "0.01",
        "stampDuty": "0.23",
        "gst": "4.10",
        "total": "27.08",
    }
    open_market.set_quotes(quote(CALL, "130.05", "130.00", "130.10", at=traded))
    sold = await placed(
        trading,
        user.access_token,
        account["id"],
        symbol=CALL.tradingsymbol,
        side="SELL",
        quantity=65,
        product="NRML",
    )
    # 65 × 130.00 = 8,450.00: ₹20; STT 0.15% = 12.675 → 12.68; NSE 2.960035 → 2.96;
    # SEBI 0.00845 → 0.01; GST 18% × 22.97 = 4.1346 → 4.13; total 39.78.
    assert sold["fills"][0]["charges"] == {
        "brokerage": "20.00",
        "stt": "12.68",
        "exchangeTxn": "2.96",
        "sebi": "0.01",
        "stampDuty": "0.00",
        "gst": "4.13",
        "total": "39.78",
    }
    [position] = (await query(trading, POSITIONS, user.access_token))["positions"]
    assert position["quantity"] == 0
    assert money(position["realizedPnl"]) == Decimal("617.50")  # (130.00 − 120.50) × 65
    assert money(position["charges"]["total"]) == Decimal("66.86")


# ---- LIMIT orders and the market loop, with live events ----------------------------------


async def _streams(
    client: httpx.AsyncClient, server: TradingServer, token: str
) -> tuple[Streams, dict[str, Any]]:
    """Live order and position subscriptions, and the probe account that proved them live."""
    probe_account = await open_account(client, token, label="probe")
    server.set_quotes(quote(PROBE, "100.00", "99.95", "100.05"))
    streams = await Streams.open(server, token, p=POSITION_UPDATES, o=ORDER_UPDATES)

    async def probe() -> None:
        await placed(client, token, probe_account["id"], symbol=PROBE.tradingsymbol)

    await streams.until_live(probe, "o", "p")
    return streams, probe_account


def _of(account_id: str, kind: str | None = None) -> Callable[[dict[str, Any]], bool]:
    """Events of one account (of one kind: order or fill) on either stream."""

    def matches(data: dict[str, Any]) -> bool:
        if "positionUpdates" in data:
            return bool(data["positionUpdates"]["accountId"] == account_id)
        event = data["orderUpdates"]
        item = event["order"] or event["fill"]
        return item["accountId"] == account_id and (kind is None or event["kind"] == kind)

    return matches


async def test_a_limit_order_away_from_the_market_rests_then_fills_when_a_quote_crosses_it(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    streams, _ = await _streams(trading, open_market, token)
    try:
        at_market(open_market)
        result = await placed(
            trading, token, account["id"], orderType="LIMIT", price="495.00", quantity=10
        )
        order = result["order"]
        assert (order["status"], result["fills"]) == ("OPEN", [])
        event = await streams.next("o", _of(account["id"]))
        assert event["orderUpdates"]["order"]["status"] == "OPEN"

        await open_market.tick(quote(STOCK, "495.50", "495.45", "495.55"))  # not yet
        assert (await _orders(trading, token, accountId=account["id"]))[0]["status"] == "OPEN"

        await open_market.tick(quote(STOCK, "494.90", "494.85", "494.95"))
        changed = await streams.next("o", _of(account["id"], "order"))
        assert changed["orderUpdates"]["order"]["id"] == order["id"]
        assert changed["orderUpdates"]["order"]["status"] == "COMPLETE"
        filled = (await streams.next("o", _of(account["id"], "fill")))["orderUpdates"]["fill"]
        assert (filled["orderId"], filled["quantity"], filled["price"]) == (
            order["id"],
            10,
            "494.95",  # the ask, better than the limit
        )
        position = (await streams.next("p", _of(account["id"])))["positionUpdates"]
        assert position["quantity"] == 10
        assert money(position["averagePrice"]) == Decimal("494.95")
        assert position["charges"] == filled["charges"]
    finally:
        await streams.close()
    [stored] = await _orders(trading, token, accountId=account["id"])
    assert (stored["status"], stored["filledQuantity"]) == ("COMPLETE", 10)
    assert money(stored["averagePrice"]) == Decimal("494.95")


async def test_a_marketable_limit_order_fills_at_once_at_the_better_price(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token)
    at_market(open_market)
    result = await placed(
        trading, user.access_token, account["id"], orderType="LIMIT", price="501.00"
    )
    assert result["order"]["status"] == "COMPLETE"
    assert result["fills"][0]["price"] == "500.05"
    sell = await placed(
        trading,
        user.access_token,
        account["id"],
        side="SELL",
        orderType="LIMIT",
        price="499.00",
    )
    assert sell["fills"][0]["price"] == "499.95"


async def test_a_sell_stop_market_order_triggers_on_the_last_price_not_the_bid(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    at_market(open_market)
    await placed(trading, token, account["id"], quantity=10)
    stop = await placed(
        trading,
        token,
        account["id"],
        side="SELL",
        quantity=10,
        orderType="SL_M",
        triggerPrice="495.00",
    )
    assert stop["order"]["status"] == "TRIGGER_PENDING"
    assert stop["fills"] == []

    await open_market.tick(quote(STOCK, "495.05", "494.90", "495.10"))  # bid through, LTP not
    assert (await _orders(trading, token, status=["TRIGGER_PENDING"]))[0]["id"] == stop["order"][
        "id"
    ]
    await open_market.tick(quote(STOCK, "495.00", "494.95", "495.05"))
    [done] = await _orders(trading, token, status=["COMPLETE"], accountId=account["id"], first=1)
    assert done["id"] == stop["order"]["id"]
    assert money(done["averagePrice"]) == Decimal("494.95")
    [position] = (await query(trading, POSITIONS, token))["positions"]
    assert position["quantity"] == 0
    assert money(position["realizedPnl"]) == Decimal("-51.00")  # (494.95 − 500.05) × 10


async def test_a_stop_already_through_its_trigger_fills_when_placed(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token)
    at_market(open_market)
    result = await placed(
        trading, user.access_token, account["id"], orderType="SL_M", triggerPrice="499.00"
    )
    assert result["order"]["status"] == "COMPLETE"
    assert result["fills"][0]["price"] == "500.05"


async def test_a_buy_stop_limit_order_triggers_then_waits_for_its_limit(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    at_market(open_market)
    stop = await placed(
        trading, token, account["id"], orderType="SL", triggerPrice="505.00", price="506.00"
    )
    assert stop["order"]["status"] == "TRIGGER_PENDING"
    await open_market.tick(quote(STOCK, "505.50", "506.45", "506.50"))  # triggered, ask above
    [order] = await _orders(trading, token, accountId=account["id"])
    assert (order["status"], order["filledQuantity"]) == ("OPEN", 0)
    await open_market.tick(quote(STOCK, "505.90", "505.85", "505.95"))
    [order] = await _orders(trading, token, accountId=account["id"])
    assert order["status"] == "COMPLETE"
    assert money(order["averagePrice"]) == Decimal("505.95")


async def test_an_ioc_order_fills_now_or_is_cancelled(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token)
    at_market(open_market)
    missed = await placed(
        trading,
        user.access_token,
        account["id"],
        orderType="LIMIT",
        price="490.00",
        validity="IOC",
    )
    assert missed["order"]["status"] == "CANCELLED"
    assert missed["order"]["cancelReason"].startswith("IOC")
    assert missed["fills"] == []
    hit = await placed(trading, user.access_token, account["id"], validity="IOC", quantity=3)
    assert (hit["order"]["status"], hit["order"]["filledQuantity"]) == ("COMPLETE", 3)
    await open_market.tick(quote(STOCK, "489.00", "488.95", "489.05"))
    statuses = {o["id"]: o["status"] for o in await _orders(trading, user.access_token)}
    assert statuses == {missed["order"]["id"]: "CANCELLED", hit["order"]["id"]: "COMPLETE"}


# ---- idempotency, cancel, modify ---------------------------------------------------------


async def test_a_retried_client_order_id_returns_the_first_order_and_trades_once(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    other = await open_account(trading, token, label="other")
    at_market(open_market)
    first = await placed(trading, token, account["id"], quantity=7, clientOrderId="abc-1")
    again = await placed(trading, token, account["id"], quantity=7, clientOrderId="abc-1")
    assert again["order"] == first["order"]
    assert again["fills"] == first["fills"]
    racing = await asyncio.gather(
        *(
            placed(trading, token, account["id"], quantity=2, clientOrderId="abc-2")
            for _ in range(5)
        )
    )
    assert len({r["order"]["id"] for r in racing}) == 1
    elsewhere = await placed(trading, token, other["id"], quantity=7, clientOrderId="abc-1")
    assert elsewhere["order"]["id"] != first["order"]["id"]

    orders = await _orders(trading, token, accountId=account["id"])
    assert sorted(o["clientOrderId"] for o in orders) == ["abc-1", "abc-2"]
    fills = (await query(trading, FILLS, token, accountId=account["id"]))["fills"]
    assert sorted(f["quantity"] for f in fills) == [2, 7]
    positions = (await query(trading, POSITIONS, token, accountId=account["id"]))["positions"]
    assert [p["quantity"] for p in positions] == [9]


async def test_a_working_order_is_cancelled_once_and_never_fills_after(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    at_market(open_market)
    working = await placed(trading, token, account["id"], orderType="LIMIT", price="480.00")
    result = await _cancel(trading, token, working["order"]["id"])
    assert result["__typename"] == "CancelOrderSuccess"
    assert result["order"]["status"] == "CANCELLED"
    assert result["order"]["cancelReason"] == "cancelled by the user"
    again = await _cancel(trading, token, working["order"]["id"])
    assert (again["__typename"], again["code"]) == ("OrderNotModifiable", "ORDER_NOT_MODIFIABLE")

    await open_market.tick(quote(STOCK, "479.00", "478.95", "479.05"))
    assert (await query(trading, FILLS, token))["fills"] == []
    done = await placed(trading, token, account["id"])
    refused = await _cancel(trading, token, done["order"]["id"])
    assert refused["__typename"] == "OrderNotModifiable"
    for missing in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        assert (await _cancel(trading, token, missing))["__typename"] == "NotFound"


async def test_a_modified_limit_price_that_crosses_the_market_fills_at_once(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    at_market(open_market)
    working = await placed(
        trading, token, account["id"], orderType="LIMIT", price="490.00", quantity=4
    )
    order_id = working["order"]["id"]
    lower = await _modify(trading, token, order_id, price="491.00", quantity=6)
    assert lower["__typename"] == "PlaceOrderSuccess"
    assert (lower["order"]["status"], lower["order"]["price"], lower["order"]["quantity"]) == (
        "OPEN",
        "491.00",
        6,
    )
    crossed = await _modify(trading, token, order_id, price="500.10")
    assert crossed["order"]["status"] == "COMPLETE"
    assert [(f["quantity"], f["price"]) for f in crossed["fills"]] == [(6, "500.05")]
    late = await _modify(trading, token, order_id, price="400.00")
    assert late["__typename"] == "OrderNotModifiable"


async def test_a_modified_order_then_fills_on_a_later_quote(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    at_market(open_market)
    working = await placed(trading, token, account["id"], orderType="LIMIT", price="480.00")
    await _modify(trading, token, working["order"]["id"], price="495.00")
    await open_market.tick(quote(STOCK, "494.00", "493.95", "494.05"))
    [order] = await _orders(trading, token)
    assert (order["status"], order["price"]) == ("COMPLETE", "495.00")
    assert money(order["averagePrice"]) == Decimal("494.05")


async def test_a_modification_is_checked_like_a_new_order(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token, "10000")
    at_market(open_market)
    working = await placed(
        trading, token, account["id"], orderType="LIMIT", price="490.00", product="CNC"
    )
    order_id = working["order"]["id"]
    off_tick = await _modify(trading, token, order_id, price="490.03")
    assert off_tick["__typename"] == "TickSizeError"
    assert money(off_tick["tickSize"]) == Decimal("0.05")
    too_big = await _modify(trading, token, order_id, quantity=1000)  # ₹4.9 lakh on ₹10,000
    assert too_big["__typename"] == "InsufficientMargin", too_big
    zero = await _modify(trading, token, order_id, quantity=0)
    assert (zero["__typename"], zero["field"]) == ("InvalidInput", "quantity")
    nan = await _modify(trading, token, order_id, price="NaN")
    assert (nan["__typename"], nan["field"]) == ("InvalidInput", "price")
    [order] = await _orders(trading, token)
    assert (order["status"], order["price"], order["quantity"]) == ("OPEN", "490.00", 1)
    for missing in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        assert (await _modify(trading, token, missing, price="1.00"))["__typename"] == "NotFound"


async def test_an_unknown_or_malformed_filter_finds_no_orders_or_fills(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    at_market(open_market)
    await placed(trading, token, account["id"])
    assert len(await _orders(trading, token)) == 1
    for bad in ("not-a-uuid", "00000000-0000-0000-0000-000000000000", ""):
        assert await _orders(trading, token, accountId=bad) == []
        assert (await query(trading, FILLS, token, accountId=bad))["fills"] == []
        assert (await query(trading, FILLS, token, orderId=bad))["fills"] == []
        assert (await query(trading, POSITIONS, token, accountId=bad))["positions"] == []


async def test_orders_and_fills_are_listed_newest_first_and_filtered_by_status(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    at_market(open_market)
    ids = []
    for price in ("480.00", "481.00", "482.00"):
        ids.append(
            (await placed(trading, token, account["id"], orderType="LIMIT", price=price))["order"][
                "id"
            ]
        )
    filled = (await placed(trading, token, account["id"]))["order"]["id"]
    assert [o["id"] for o in await _orders(trading, token)] == [filled, *reversed(ids)]
    assert [o["id"] for o in await _orders(trading, token, first=2)] == [filled, ids[2]]
    assert [o["id"] for o in await _orders(trading, token, status=["OPEN"])] == ids[::-1]
    assert [o["id"] for o in await _orders(trading, token, status=["COMPLETE"])] == [filled]


# ---- partial fills (a participation cap on the quote's volume) ---------------------------


async def test_an_ioc_order_takes_what_the_quote_offers_and_cancels_the_rest(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    open_market.use_matching(MatchingConfig(participation=Decimal("0.5")))
    user = await trader(trading)
    account = await open_account(trading, user.access_token)
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05", volume=10))
    result = await placed(trading, user.access_token, account["id"], quantity=8, validity="IOC")
    order = result["order"]
    assert (order["status"], order["filledQuantity"]) == ("CANCELLED", 5)
    assert order["cancelReason"].startswith("IOC")
    assert [(f["quantity"], f["price"]) for f in result["fills"]] == [(5, "500.05")]
    [position] = (await query(trading, POSITIONS, user.access_token))["positions"]
    assert position["quantity"] == 5


async def test_a_day_order_fills_in_parts_whose_charges_add_up_to_one_fills(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    open_market.use_matching(MatchingConfig(participation=Decimal("0.5")))
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05", volume=120))
    first = await placed(trading, token, account["id"], quantity=100)
    assert (first["order"]["status"], first["order"]["filledQuantity"]) == (
        "PARTIALLY_FILLED",
        60,
    )
    # 60 × 500.05 = 30,003.00: brokerage 9.0009 → 9.00; NSE 0.8910891 → 0.89; SEBI 0.03;
    # stamp 0.90009 → 0.90; GST 18% × 9.92 = 1.7856 → 1.79; total 12.61.
    assert first["fills"][0]["charges"]["total"] == "12.61"
    await open_market.tick(quote(STOCK, "500.00", "499.95", "500.05", volume=200))
    fills = (await query(trading, FILLS, token, orderId=first["order"]["id"]))["fills"]
    assert sorted(f["quantity"] for f in fills) == [40, 60]
    second = next(f for f in fills if f["quantity"] == 40)
    # The order as a whole pays the 21.02 of one 100-share fill (see the first test); the
    # second fill pays the difference, item by item.
    assert second["charges"] == {
        "brokerage": "6.00",
        "stt": "0.00",
        "exchangeTxn": "0.60",
        "sebi": "0.02",
        "stampDuty": "0.60",
        "gst": "1.19",
        "total": "8.41",
    }
    [order] = await _orders(trading, token)
    assert (order["status"], order["filledQuantity"]) == ("COMPLETE", 100)


async def test_cancelling_a_partly_filled_order_keeps_what_was_filled(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    open_market.use_matching(MatchingConfig(participation=Decimal("0.5")))
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05", volume=20))
    first = await placed(trading, token, account["id"], quantity=30)
    assert first["order"]["status"] == "PARTIALLY_FILLED"
    cancelled = await _cancel(trading, token, first["order"]["id"])
    assert (cancelled["order"]["status"], cancelled["order"]["filledQuantity"]) == (
        "CANCELLED",
        10,
    )
    await open_market.tick(quote(STOCK, "500.00", "499.95", "500.05", volume=100))
    [position] = (await query(trading, POSITIONS, token))["positions"]
    assert position["quantity"] == 10


async def test_a_partly_filled_delivery_sell_can_still_be_modified(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    open_market.use_matching(MatchingConfig(participation=Decimal("0.5")))
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05", volume=100))
    await placed(trading, token, account["id"], product="CNC", quantity=10)
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05", volume=8))
    sell = await placed(
        trading,
        token,
        account["id"],
        product="CNC",
        side="SELL",
        quantity=10,
        orderType="LIMIT",
        price="499.00",
    )
    assert (sell["order"]["status"], sell["order"]["filledQuantity"]) == ("PARTIALLY_FILLED", 4)
    # 6 still held, 6 still to sell: the change sells nothing short.
    modified = await _modify(trading, token, sell["order"]["id"], price="499.50")
    assert modified["__typename"] == "PlaceOrderSuccess", modified
    assert modified["order"]["filledQuantity"] == 8
    more = await _modify(trading, token, sell["order"]["id"], quantity=11)
    assert (more["__typename"], more["code"]) == ("OrderRejected", "SHORT_SELL_NOT_ALLOWED")
