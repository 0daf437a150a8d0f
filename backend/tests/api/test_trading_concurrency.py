"""Concurrent orders leave consistent books: positions are the sum of their fills, cash is
the ledger of those fills, and no order fills twice."""

from __future__ import annotations

import asyncio
from collections import Counter
from decimal import Decimal
from typing import Any

import httpx

from tests.api.trading_support import (
    FILLS,
    ORDERS,
    PORTFOLIO,
    POSITIONS,
    STOCK,
    TradingServer,
    money,
    open_account,
    placed,
    query,
    quote,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments

CAPITAL = Decimal("1000000")
SIGN = {"BUY": 1, "SELL": -1}


async def _assert_consistent(
    client: httpx.AsyncClient, token: str, account_id: str, mark: Decimal
) -> list[dict[str, Any]]:
    """The books of one account agree with its fills; returns the fills."""
    fills = (await query(client, FILLS, token, accountId=account_id, first=200))["fills"]
    assert len({f["id"] for f in fills}) == len(fills)
    orders = (await query(client, ORDERS, token, accountId=account_id, first=200))["orders"]
    filled_by_order = Counter[str]()
    for fill in fills:
        filled_by_order[fill["orderId"]] += fill["quantity"]
    for order in orders:
        assert filled_by_order[order["id"]] == order["filledQuantity"], order

    held = sum(SIGN[f["side"]] * f["quantity"] for f in fills)
    value = sum(SIGN[f["side"]] * f["quantity"] * money(f["price"]) for f in fills)
    charges = sum(money(f["charges"]["total"]) for f in fills)
    positions = (await query(client, POSITIONS, token, accountId=account_id))["positions"]
    assert sum(p["quantity"] for p in positions) == held
    assert sum(p["buyQuantity"] for p in positions) == sum(
        f["quantity"] for f in fills if f["side"] == "BUY"
    )
    assert sum(money(p["charges"]["total"]) for p in positions) == charges

    [book] = (await query(client, PORTFOLIO, token, ids=[account_id]))["portfolio"]["accounts"]
    cash = money(book["cash"])
    assert cash == CAPITAL - value - charges
    # The accounting identity: cash + Σ qty × mark = capital + realized + unrealized − charges.
    assert cash + held * mark == CAPITAL + money(book["realizedPnl"]) + money(
        book["unrealizedPnl"]
    ) - money(book["charges"])
    fills_list: list[dict[str, Any]] = fills
    return fills_list


async def test_twenty_concurrent_market_orders_on_one_account_book_consistently(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token, str(CAPITAL))
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    sides = ["BUY"] * 14 + ["SELL"] * 6
    results = await asyncio.gather(
        *(
            placed(trading, token, account["id"], side=side, quantity=5 if side == "BUY" else 3)
            for side in sides
        )
    )
    assert [r["order"]["status"] for r in results] == ["COMPLETE"] * 20
    assert len({r["order"]["id"] for r in results}) == 20
    fills = await _assert_consistent(trading, token, account["id"], Decimal("500.00"))
    assert len(fills) == 20
    assert sum(SIGN[f["side"]] * f["quantity"] for f in fills) == 14 * 5 - 6 * 3


async def test_placements_racing_the_market_loop_on_new_positions_book_consistently(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    """Fills booked at placement race fills booked by the loop, on positions not yet made:
    neither may deadlock the other nor build the position from nothing."""
    user = await trader(trading)
    token = user.access_token
    for round_ in range(4):
        accounts = [
            (await open_account(trading, token, str(CAPITAL), label=f"r{round_}-{i}"))["id"]
            for i in range(5)
        ]
        open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
        for account_id in accounts:
            await placed(trading, token, account_id, orderType="LIMIT", price="495.00", quantity=2)
        await asyncio.gather(
            open_market.tick(quote(STOCK, "494.90", "494.85", "494.95")),
            *(placed(trading, token, a, quantity=3) for a in accounts),
        )
        # The loop's one pass matched every resting order (a failed pass leaves them OPEN).
        resting = (await query(trading, ORDERS, token, status=["OPEN"]))["orders"]
        assert resting == []
        for account_id in accounts:
            fills = await _assert_consistent(trading, token, account_id, Decimal("494.90"))
            assert sorted(f["quantity"] for f in fills) == [2, 3]
