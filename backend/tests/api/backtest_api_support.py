"""Operations and helpers of the backtest API tests (fixtures: ``backtest_api_fixtures``)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.api.helpers import gql
from tests.api.ws import GraphQLWs

RUN_FIELDS = """
  id status progressPct etaSeconds error codeVersion strategy params symbols interval
  from to cash charges slippageBps fillAt label createdAt startedAt finishedAt
  risk {
    positionStops { stopLoss { offset value } target { offset value }
      trailingStop { distance { offset value } step } }
    dailyLossLimit
  }
"""
METRICS = "metrics { start end nTrades finalEquity returnPct sharpe maxDrawdownPct totalCharges }"
RUN_BACKTEST = f"""
mutation Run($input: BacktestInput!) {{
  runBacktest(input: $input) {{
    __typename
    ... on RunBacktestSuccess {{ run {{ {RUN_FIELDS} }} }}
    ... on UserError {{ message code }}
    ... on InvalidInput {{ field }}
    ... on NoBars {{ symbol }}
  }}
}}
"""
GET_RUN = f"""
query Get($id: ID!, $points: Int! = 2000) {{
  backtestRun(id: $id) {{
    {RUN_FIELDS} {METRICS}
    equityCurve(maxPoints: $points) {{ time equity drawdownPct }}
    trades {{ symbol entryTime exitTime size entryPrice exitPrice pnl returnPct charges exitReason }}
    orders {{ id symbol side quantity status reason }}
  }}
}}
"""
LIST_RUNS = """
query List($first: Int!, $after: String) {
  backtestRuns(first: $first, after: $after) {
    edges { cursor node { id status } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CANCEL = """
mutation Cancel($id: ID!) {
  cancelBacktest(id: $id) {
    __typename
    ... on CancelBacktestSuccess { run { id status } }
    ... on UserError { message code }
  }
}
"""
RUN_SWEEP = """
mutation Sweep($input: SweepInput!) {
  runSweep(input: $input) {
    __typename
    ... on RunSweepSuccess { sweep { id status grid { name values } } }
    ... on UserError { message code }
  }
}
"""
GET_SWEEP = """
query Sweep($id: ID!, $x: String!, $y: String!, $metric: String!) {
  sweep(id: $id) {
    id status progressPct error
    points { index params error metrics { returnPct nTrades finalEquity } }
    heatmap(x: $x, y: $y, metric: $metric) {
      __typename
      ... on Heatmap { xValues yValues cells }
      ... on UserError { message code }
    }
  }
}
"""
CANCEL_SWEEP = """
mutation CancelSweep($id: ID!) {
  cancelSweep(id: $id) { __typename ... on UserError { code } }
}
"""
PROGRESS = "subscription P($id: ID!) { backtestProgress(id: $id) { id status percent etaSeconds } }"


def goog_input(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "strategy": "sma_cross",
        "params": {"fast": 10, "slow": 30, "allow_short": True},
        "symbols": ["GOOGBT"],
        "interval": "D1",
        "from": "2006-01-01",
        "to": "2011-12-31",
        "cash": "100000",
        "charges": "zero",
        "slippageBps": "5",
        "fillAt": "NEXT_OPEN",
        "label": "sma 10/30",
    }
    values.update(changes)
    return values


async def start(client: httpx.AsyncClient, token: str, **changes: Any) -> dict[str, Any]:
    body = await gql(client, RUN_BACKTEST, {"input": goog_input(**changes)}, token=token)
    result: dict[str, Any] = body["data"]["runBacktest"]
    return result


async def wait_for_run(
    client: httpx.AsyncClient, token: str, run_id: str, *, timeout: float = 90
) -> dict[str, Any]:
    """Follow ``backtestProgress`` until it completes (after a final status), then read the
    run: no polling, the server says when it is done."""
    ws_url = str(client.base_url).replace("http", "ws", 1).rstrip("/") + "/graphql"
    ws = await GraphQLWs.open(ws_url, {"authorization": f"Bearer {token}"})
    try:
        payload = {"query": PROGRESS, "variables": {"id": run_id}}
        await ws.send({"id": "1", "type": "subscribe", "payload": payload})
        async with asyncio.timeout(timeout):
            while (message := await ws.receive(timeout))["type"] != "complete":
                assert message["type"] == "next", message
    finally:
        await ws.close()
    body = await gql(client, GET_RUN, {"id": run_id}, token=token)
    run: dict[str, Any] = body["data"]["backtestRun"]
    assert run["status"] in ("DONE", "FAILED", "CANCELLED"), run
    return run
