"""Market hours on real NSE sessions, with the server's clock pinned by the test.

Monday 23 November 2026 is a trading day; Tuesday 24 November is a holiday (Guru Nanak
Jayanti in the packaged list); Sunday 22 November is a weekend.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest

from tests.api.trading_support import (
    ORDERS,
    STOCK,
    TradingServer,
    open_account,
    place,
    placed,
    query,
    quote,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments

SUNDAY = date(2026, 11, 22)
MONDAY = date(2026, 11, 23)
HOLIDAY = date(2026, 11, 24)


@pytest.fixture
async def nse(nse_market: TradingServer) -> AsyncIterator[httpx.AsyncClient]:
    nse_market.reset()
    nse_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    async with httpx.AsyncClient(base_url=nse_market.url, timeout=30) as http:
        yield http
    nse_market.reset()


async def _account(client: httpx.AsyncClient) -> tuple[str, str]:
    user = await trader(client)
    account = await open_account(client, user.access_token)
    return user.access_token, account["id"]


@pytest.mark.parametrize(
    ("day", "hour", "minute"),
    [
        (SUNDAY, 11, 0),
        (HOLIDAY, 11, 0),
        (MONDAY, 9, 5),  # pre-open collects orders, it does not trade them
        (MONDAY, 15, 30),  # the close is not in the session
        (MONDAY, 20, 0),
        (MONDAY, 3, 0),
    ],
)
@pytest.mark.parametrize("product", ["MIS", "CNC"])
async def test_an_order_outside_the_session_is_market_closed(
    nse: httpx.AsyncClient,
    nse_market: TradingServer,
    day: date,
    hour: int,
    minute: int,
    product: str,
) -> None:
    nse_market.clock.set_ist(day, hour, minute)
    token, account_id = await _account(nse)
    result = await place(nse, token, account_id, product=product)
    assert (result["__typename"], result["code"]) == ("MarketClosed", "MARKET_CLOSED"), result
    assert (await query(nse, ORDERS, token))["orders"] == []


@pytest.mark.parametrize(("day", "hour"), [(SUNDAY, 11), (MONDAY, 18)])
@pytest.mark.parametrize("product", ["MIS", "CNC"])
async def test_an_after_market_order_rests_unfilled_while_the_market_is_closed(
    nse: httpx.AsyncClient, nse_market: TradingServer, day: date, hour: int, product: str
) -> None:
    nse_market.clock.set_ist(day, hour)
    token, account_id = await _account(nse)
    result = await placed(
        nse, token, account_id, product=product, orderType="LIMIT", price="505.00", amo=True
    )
    order: dict[str, Any] = result["order"]
    assert (order["status"], order["amo"], result["fills"]) == ("OPEN", True, [])


async def test_an_order_in_the_session_fills_and_the_intraday_cutoff_only_stops_new_mis(
    nse: httpx.AsyncClient, nse_market: TradingServer
) -> None:
    nse_market.clock.set_ist(MONDAY, 11, 0)
    token, account_id = await _account(nse)
    bought = await placed(nse, token, account_id, quantity=10)
    assert bought["order"]["status"] == "COMPLETE"

    nse_market.clock.set_ist(MONDAY, 15, 25)  # after the 15:20 equity square-off time
    new_mis = await place(nse, token, account_id, quantity=5)
    assert (new_mis["__typename"], new_mis["code"]) == ("OrderRejected", "INTRADAY_CUTOFF_PASSED")
    exit_mis = await placed(nse, token, account_id, side="SELL", quantity=10)
    assert exit_mis["order"]["status"] == "COMPLETE"
    delivery = await placed(nse, token, account_id, product="CNC", quantity=5)
    assert delivery["order"]["status"] == "COMPLETE"


async def test_quotes_while_the_market_is_closed_fill_nothing_until_it_opens(
    nse: httpx.AsyncClient, nse_market: TradingServer
) -> None:
    nse_market.clock.set_ist(MONDAY, 18, 0)
    token, account_id = await _account(nse)
    amo = await placed(
        nse, token, account_id, product="CNC", orderType="LIMIT", price="505.00", amo=True
    )
    await nse_market.tick(quote(STOCK, "501.00", "500.95", "501.05"))
    [order] = (await query(nse, ORDERS, token))["orders"]
    assert (order["id"], order["status"]) == (amo["order"]["id"], "OPEN")

    nse_market.clock.set_ist(date(2026, 11, 25), 9, 15)  # Wednesday's open, after the holiday
    await nse_market.tick(quote(STOCK, "501.00", "500.95", "501.05"))
    [order] = (await query(nse, ORDERS, token))["orders"]
    assert (order["status"], order["averagePrice"]) == ("COMPLETE", "501.05")
