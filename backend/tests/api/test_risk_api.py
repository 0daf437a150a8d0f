"""The risk API over HTTP and websockets: limits and live headroom, bracket orders, panics and
re-arms, typed rejections, the riskEvents stream, and isolation between users."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import gql
from tests.api.trading_support import (
    POSITIONS,
    STOCK,
    Streams,
    TradingServer,
    open_account,
    place,
    placed,
    query,
    quote,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments

SCOPE = "scope { kind id }"
SET_LIMITS = """
mutation Set($scope: RiskScopeInput!, $limits: RiskLimitsInput!) {
  setRiskLimits(scope: $scope, limits: $limits) {
    __typename
    ... on SetRiskLimitsSuccess { limits { dailyLossLimit onBreach squareOffAt } }
    ... on UserError { message code }
    ... on InvalidInput { field }
  }
}
"""
STATUS = f"""
query {{
  riskStatus {{
    globalPanic {{ reason pressedBy }}
    panics {{ {SCOPE} reason }}
    scopes {{
      {SCOPE} label blocked disabled breached dayPnl grossExposure openPositions
      headroom {{ rule limit current headroom used }}
    }}
    guards {{ accountLabel instrument {{ tradingsymbol }} guard {{ stopPrice targetPrice long }} }}
  }}
}}
"""
PRESS = f"""
mutation Press($scope: RiskScopeInput!, $reason: String!) {{
  pressPanic(scope: $scope, reason: $reason) {{
    __typename
    ... on PressPanicSuccess {{ cancelledOrders exitOrders alreadyInForce panic {{ {SCOPE} reason active }} }}
    ... on UserError {{ message code }}
  }}
}}
"""
REARM = """
mutation Rearm($scope: RiskScopeInput!, $reason: String!) {
  rearmPanic(scope: $scope, reason: $reason) {
    __typename
    ... on RearmPanicSuccess { panic { active rearmedBy rearmReason } }
    ... on UserError { message code }
  }
}
"""
SET_STOPS = """
mutation Stops($input: SetPositionStopsInput!) {
  setPositionStops(input: $input) {
    __typename
    ... on SetPositionStopsSuccess { guard { stopPrice trailStop } }
    ... on UserError { message code }
  }
}
"""
EVENTS = f"query {{ riskEvents {{ kind rule message {SCOPE} }} }}"
PANICS = f"query {{ panics {{ {SCOPE} reason active }} }}"
RISK_EVENTS = f"subscription {{ riskEvents {{ kind rule message {SCOPE} }} }}"
ALL = {"kind": "ALL"}


def account_scope(account: dict[str, Any]) -> dict[str, str]:
    return {"kind": "ACCOUNT", "id": account["id"]}


async def _mutate(client: httpx.AsyncClient, document: str, token: str, **variables: Any) -> Any:
    body = await gql(client, document, variables, token=token)
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


async def test_a_daily_loss_limit_shows_its_headroom_and_blocks_then_squares_off(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token, label="risky")
    result = await _mutate(
        trading,
        SET_LIMITS,
        user.access_token,
        scope=account_scope(account),
        limits={"dailyLossLimit": "500", "onBreach": "SQUARE_OFF", "squareOffAt": "23:59"},
    )
    assert result["__typename"] == "SetRiskLimitsSuccess", result
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    await placed(trading, user.access_token, account["id"], quantity=10)
    await open_market.tick(quote(STOCK, "480.00", "479.95", "480.05"))

    status = (await query(trading, STATUS, user.access_token))["riskStatus"]
    mine = next(s for s in status["scopes"] if s["scope"]["id"] == account["id"])
    assert mine["label"] == "risky"
    [row] = mine["headroom"]
    assert row["rule"] == "DAILY_LOSS_LIMIT"
    assert row["limit"] == "500"
    assert 200 < float(row["current"]) < 260  # 10 × 20 points, plus charges
    assert float(row["headroom"]) == 500 - float(row["current"])

    await open_market.tick(quote(STOCK, "440.00", "439.95", "440.05"))
    status = (await query(trading, STATUS, user.access_token))["riskStatus"]
    mine = next(s for s in status["scopes"] if s["scope"]["id"] == account["id"])
    assert (mine["blocked"], mine["breached"], mine["openPositions"]) == (
        True,
        "DAILY_LOSS_LIMIT",
        0,
    )
    refused = await place(trading, user.access_token, account["id"], quantity=1)
    assert refused["__typename"] == "RiskRejected", refused
    assert refused["code"] == "DAILY_LOSS_LIMIT"
    events = (await query(trading, EVENTS, user.access_token))["riskEvents"]
    assert events[0]["kind"] == "BREACH"
    assert events[0]["rule"] == "DAILY_LOSS_LIMIT"


async def test_a_bracket_order_shows_its_stops_on_the_position_and_exits_on_the_stop(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token)
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    entry = await placed(
        trading,
        user.access_token,
        account["id"],
        quantity=2,
        stopLoss={"offset": "POINTS", "value": "10"},
        target={"offset": "PERCENT", "value": "2"},
    )
    assert entry["order"]["status"] == "COMPLETE"
    positions = (
        await query(
            trading,
            POSITIONS.replace("sellQuantity", "sellQuantity stops { stopPrice targetPrice }"),
            user.access_token,
            accountId=account["id"],
        )
    )["positions"]
    assert positions[0]["stops"] == {"stopPrice": "490.05", "targetPrice": "510.05"}
    await open_market.tick(quote(STOCK, "485.00", "484.95", "485.05"))
    positions = (await query(trading, POSITIONS, user.access_token, accountId=account["id"]))[
        "positions"
    ]
    assert positions[0]["quantity"] == 0
    events = (await query(trading, EVENTS, user.access_token))["riskEvents"]
    assert (events[0]["kind"], events[0]["rule"]) == ("EXIT", "SL")


async def test_a_global_panic_rejects_orders_until_re_armed_and_streams_its_events(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token)
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    await placed(trading, token, account["id"], quantity=3)
    await placed(trading, token, account["id"], orderType="LIMIT", price="400.00")
    streams = await Streams.open(open_market, token, r=RISK_EVENTS)
    try:
        pressed = await _mutate(trading, PRESS, token, scope=ALL, reason="feed is wrong")
        assert pressed["__typename"] == "PressPanicSuccess", pressed
        assert (pressed["cancelledOrders"], pressed["exitOrders"]) == (1, 1)
        event = await streams.next("r")
        assert (event["riskEvents"]["kind"], event["riskEvents"]["rule"]) == ("PANIC", "PANIC")
        status = (await query(trading, STATUS, token))["riskStatus"]
        assert status["globalPanic"] == {"reason": "feed is wrong", "pressedBy": user.username}
        refused = await place(trading, token, account["id"])
        assert (refused["__typename"], refused["code"]) == ("RiskRejected", "PANIC")
        missing = await _mutate(trading, REARM, token, scope=ALL, reason="")
        assert missing["__typename"] == "InvalidInput"
        rearmed = await _mutate(trading, REARM, token, scope=ALL, reason="feed fixed")
        assert rearmed["panic"] == {
            "active": False,
            "rearmedBy": user.username,
            "rearmReason": "feed fixed",
        }
        assert (await streams.next("r"))["riskEvents"]["kind"] == "REARM"
        assert (await query(trading, STATUS, token))["riskStatus"]["globalPanic"] is None
        await placed(trading, token, account["id"])
    finally:
        await streams.close()


async def test_nobody_reads_or_changes_another_users_risk(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    alice = await trader(trading)
    bob = await trader(trading)
    alices = await open_account(trading, alice.access_token, label="alice")
    await _mutate(
        trading, SET_LIMITS, alice.access_token, scope=account_scope(alices),
        limits={"dailyLossLimit": "100"},
    )  # fmt: skip
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    await placed(
        trading, alice.access_token, alices["id"], stopLoss={"offset": "POINTS", "value": "5"}
    )
    await _mutate(trading, PRESS, alice.access_token, scope=account_scope(alices), reason="mine")
    token = bob.access_token
    for document, variables in (
        (SET_LIMITS, {"scope": account_scope(alices), "limits": {"dailyLossLimit": "1"}}),
        (PRESS, {"scope": account_scope(alices), "reason": "theirs"}),
        (REARM, {"scope": account_scope(alices), "reason": "theirs"}),
        (
            SET_STOPS,
            {"input": {"accountId": alices["id"], "symbol": STOCK.tradingsymbol, "stops": {}}},
        ),
    ):
        result = await _mutate(trading, document, token, **variables)
        assert (result["__typename"], result["code"]) == ("NotFound", "NOT_FOUND"), document
    status = (await query(trading, STATUS, token))["riskStatus"]
    assert alices["id"] not in [s["scope"]["id"] for s in status["scopes"]]
    assert status["panics"] == []
    assert status["guards"] == []
    assert (await query(trading, EVENTS, token))["riskEvents"] == []
    assert (await query(trading, PANICS, token))["panics"] == []
    # Alice's panic is hers alone: Bob trades on.
    bobs = await open_account(trading, token, label="bob")
    await placed(trading, token, bobs["id"])
    mine = (await query(trading, STATUS, alice.access_token))["riskStatus"]
    assert [p["reason"] for p in mine["panics"]] == ["mine"]
