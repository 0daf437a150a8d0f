"""Backtests over the API: the strategy catalog, runs over HTTP (start, poll, report),
progress over websockets, cancel, sweeps with a heatmap, and the bot's evaluations."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

import httpx

from tests.api.backtest_api_support import (
    CANCEL,
    GET_RUN,
    GET_SWEEP,
    LIST_RUNS,
    PROGRESS,
    RUN_SWEEP,
    goog_input,
    start,
    wait_for_run,
)
from tests.api.helpers import gql, register
from tests.api.ws import GraphQLWs
from tests.conftest import RunningServer
from tests.integration.backtest_support import goog_path

pytest_plugins = ["tests.api.backtest_api_fixtures"]

STRATEGIES = """
query {
  strategies {
    name title description rules
    parameters { name type default required nullable min max minExclusive choices appliesWhen }
  }
}
"""
SWEEP_PROGRESS = "subscription S($id: ID!) { sweepProgress(id: $id) { id status percent } }"
BOT = """
query Bot($symbol: String!, $from: Date, $to: Date, $params: JSON) {
  botSignals(symbol: $symbol, interval: D1, from: $from, to: $to, params: $params) {
    __typename
    ... on BotSignalsSuccess { evaluations { time score temperature recommended action votes } }
    ... on UserError { message code }
    ... on InvalidInput { field }
  }
}
"""


async def test_strategies_come_with_their_form_fields(bt_client: httpx.AsyncClient) -> None:
    me = await register(bt_client)
    body = await gql(bt_client, STRATEGIES, token=me.access_token)
    found = {s["name"]: s for s in body["data"]["strategies"]}
    assert {"sma_cross", "indicator_bot", "slow_bt_test"} <= set(found)
    sma = {p["name"]: p for p in found["sma_cross"]["parameters"]}
    assert sma["fast"] == {
        "name": "fast",
        "type": "INT",
        "default": "10",
        "required": False,
        "nullable": False,
        "min": 1.0,
        "max": None,
        "minExclusive": False,
        "choices": None,
        "appliesWhen": None,
    }
    assert sma["sizing.kind"]["type"] == "ENUM"
    assert sma["sizing.kind"]["choices"] == ["quantity", "lots", "fraction", "risk"]
    assert sma["sizing.lots"]["appliesWhen"] == "sizing.kind=lots"
    assert sma["stop_loss_pct"]["type"] == "DECIMAL"
    assert sma["stop_loss_pct"]["nullable"]
    bot = {p["name"]: p for p in found["indicator_bot"]["parameters"]}
    assert bot["rsi.period"]["default"] == "14"
    assert bot["ma.kind"]["choices"] == ["sma", "ema"]
    assert "cross" in found["sma_cross"]["rules"].lower()


async def test_a_run_started_over_http_is_polled_to_its_report(
    bt_client: httpx.AsyncClient,
) -> None:
    me = await register(bt_client)
    started = await start(bt_client, me.access_token)
    assert started["__typename"] == "RunBacktestSuccess", started
    run = started["run"]
    assert run["status"] == "QUEUED"
    assert run["label"] == "sma 10/30"
    assert run["params"] == {"fast": 10, "slow": 30, "allow_short": True}
    assert (run["cash"], run["slippageBps"], run["from"]) == ("100000", "5", "2006-01-01")

    done = await wait_for_run(bt_client, me.access_token, run["id"])
    assert done["status"] == "DONE", done["error"]
    assert done["progressPct"] == 100.0
    assert done["etaSeconds"] is None
    metrics = done["metrics"]
    assert metrics["nTrades"] == len(done["trades"]) > 0
    pnl = sum(Decimal(t["pnl"]) for t in done["trades"])
    assert Decimal(metrics["finalEquity"]) == Decimal("100000") + pnl  # charges zero
    assert done["equityCurve"][-1]["time"] == metrics["end"]
    assert done["trades"][-1]["exitReason"] in ("END", "SIGNAL")
    assert {o["status"] for o in done["orders"]} >= {"COMPLETE"}

    small = await gql(bt_client, GET_RUN, {"id": run["id"], "points": 100}, token=me.access_token)
    curve = small["data"]["backtestRun"]["equityCurve"]
    assert len(curve) == 100 < len(done["equityCurve"])
    assert curve[-1] == done["equityCurve"][-1]  # the end of the chart is true
    deepest = min(p["drawdownPct"] for p in done["equityCurve"])
    assert min(p["drawdownPct"] for p in curve) == deepest  # so is its worst fall

    second = await start(bt_client, me.access_token, label="second")
    listed = await gql(bt_client, LIST_RUNS, {"first": 1}, token=me.access_token)
    page = listed["data"]["backtestRuns"]
    assert [e["node"]["id"] for e in page["edges"]] == [second["run"]["id"]]  # newest first
    assert page["pageInfo"]["hasNextPage"]
    rest = await gql(
        bt_client,
        LIST_RUNS,
        {"first": 5, "after": page["pageInfo"]["endCursor"]},
        token=me.access_token,
    )
    assert [e["node"]["id"] for e in rest["data"]["backtestRuns"]["edges"]] == [run["id"]]
    await wait_for_run(bt_client, me.access_token, second["run"]["id"])


async def test_bad_input_comes_back_as_typed_errors(bt_client: httpx.AsyncClient) -> None:
    me = await register(bt_client)
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"strategy": "nope"}, "NotFound", "UNKNOWN_STRATEGY"),
        ({"params": {"fast": "ten"}}, "InvalidInput", "INVALID_STRATEGY_PARAMS"),
        ({"params": [1, 2]}, "InvalidInput", "INVALID_STRATEGY_PARAMS"),
        ({"symbols": ["NOPE_BT"]}, "UnknownSymbol", "UNKNOWN_SYMBOL"),
        ({"symbols": ["NOBARSBT"]}, "NoBars", "NO_BARS"),
        ({"from": "1990-01-01", "to": "1990-02-01"}, "NoBars", "NO_BARS"),
        ({"charges": "cheap"}, "InvalidInput", "INVALID_CHARGES_TEMPLATE"),
        ({"cash": "-5"}, "InvalidInput", "INVALID_INPUT"),
    ]
    for changes, typename, code in cases:
        result = await start(bt_client, me.access_token, **changes)
        assert (result["__typename"], result["code"]) == (typename, code), (changes, result)
        assert result["message"]
    no_bars = await start(bt_client, me.access_token, symbols=["NOBARSBT"])
    assert no_bars["symbol"] == "NOBARSBT"
    assert "dalal import bars" in no_bars["message"]
    listed = await gql(bt_client, LIST_RUNS, {"first": 5}, token=me.access_token)
    assert listed["data"]["backtestRuns"]["edges"] == []


async def test_risk_rules_travel_with_the_run_and_exit_its_trades(
    bt_client: httpx.AsyncClient,
) -> None:
    """A run's stops and daily loss limit are stored with it, read back, and act: trades exit
    tagged SL or TSL, a stop at or beyond its level; bad levels are typed errors on their field."""
    me = await register(bt_client)
    risk = {
        "positionStops": {
            "stopLoss": {"offset": "PERCENT", "value": "3"},
            "trailingStop": {"distance": {"offset": "PERCENT", "value": "5"}},
        },
        "dailyLossLimit": "2500",
    }
    plain = await start(bt_client, me.access_token, label="plain")
    guarded = await start(bt_client, me.access_token, label="guarded", risk=risk)
    assert guarded["__typename"] == "RunBacktestSuccess", guarded
    assert plain["run"]["risk"] is None
    assert guarded["run"]["risk"] == {
        "positionStops": {
            "stopLoss": {"offset": "PERCENT", "value": "3"},
            "target": None,
            "trailingStop": {"distance": {"offset": "PERCENT", "value": "5"}, "step": None},
        },
        "dailyLossLimit": "2500",
    }
    without = await wait_for_run(bt_client, me.access_token, plain["run"]["id"])
    done = await wait_for_run(bt_client, me.access_token, guarded["run"]["id"])
    assert done["status"] == "DONE", done["error"]
    assert done["risk"] == guarded["run"]["risk"]  # as stored
    reasons = {t["exitReason"] for t in done["trades"]}
    assert {"SL", "TSL"} & reasons, reasons
    assert done["trades"] != without["trades"]
    for t in done["trades"]:
        if t["exitReason"] == "SL":  # 3% against the entry, or a gap beyond it (5 bps slippage)
            entry, exit_ = Decimal(t["entryPrice"]), Decimal(t["exitPrice"])
            against = (entry - exit_) / entry if t["size"] > 0 else (exit_ - entry) / entry
            assert against >= Decimal("0.03") - Decimal("0.0001"), t

    bad = [
        ({"positionStops": {"stopLoss": {"offset": "PERCENT", "value": "0"}}}, "stopLoss"),
        ({"positionStops": {"target": {"offset": "PRICE", "value": "500"}}}, "target"),
        ({"dailyLossLimit": "-10"}, "dailyLossLimit"),
    ]
    for value, field in bad:
        result = await start(bt_client, me.access_token, risk=value)
        assert result["__typename"] == "InvalidInput", result
        assert result["field"].endswith(field), result
        assert result["message"]


async def test_progress_streams_rising_percents_and_ends_after_done(
    backtest_server: RunningServer, bt_client: httpx.AsyncClient
) -> None:
    me = await register(bt_client)
    started = await start(
        bt_client, me.access_token, strategy="slow_bt_test", params={"ms": 2}, **{"from": None}
    )
    run_id = started["run"]["id"]
    events = await _follow(backtest_server, me.access_token, PROGRESS, run_id)
    assert events[0]["id"] == run_id
    assert events[0]["status"] in ("QUEUED", "RUNNING")
    assert events[-1]["status"] == "DONE"
    assert events[-1]["percent"] == 100.0
    percents = [e["percent"] for e in events]
    assert percents == sorted(percents)
    running = [e for e in events if e["status"] == "RUNNING" and e["percent"] > 0]
    assert len(running) >= 2  # it reported along the way, not only at the end
    assert any(e["etaSeconds"] is not None for e in running)


async def test_a_run_cancelled_over_the_api_ends_cancelled(
    backtest_server: RunningServer, bt_client: httpx.AsyncClient
) -> None:
    me = await register(bt_client)
    started = await start(bt_client, me.access_token, strategy="slow_bt_test", params={"ms": 20})
    run_id = started["run"]["id"]
    cancelled = await gql(bt_client, CANCEL, {"id": run_id}, token=me.access_token)
    assert cancelled["data"]["cancelBacktest"] == {
        "__typename": "CancelBacktestSuccess",
        "run": {"id": run_id, "status": "CANCELLED"},
    }
    final = await wait_for_run(bt_client, me.access_token, run_id)
    assert final["status"] == "CANCELLED"
    assert final["metrics"] is None
    again = await gql(bt_client, CANCEL, {"id": run_id}, token=me.access_token)
    assert again["data"]["cancelBacktest"]["code"] == "RUN_FINISHED"
    ws = await GraphQLWs.open(
        backtest_server.ws_url, {"authorization": f"Bearer {me.access_token}"}
    )
    try:  # a finished run's progress: its state, then the end
        payload = {"query": PROGRESS, "variables": {"id": run_id}}
        await ws.send({"id": "1", "type": "subscribe", "payload": payload})
        first = await ws.receive()
        assert first["payload"]["data"]["backtestProgress"]["status"] == "CANCELLED"
        assert (await ws.receive())["type"] == "complete"
    finally:
        await ws.close()


async def test_a_sweep_over_the_api_gives_a_results_table_and_a_heatmap(
    backtest_server: RunningServer, bt_client: httpx.AsyncClient
) -> None:
    me = await register(bt_client)
    grid = [{"name": "fast", "values": ["5", "10"]}, {"name": "slow", "values": ["30", "60"]}]
    body = await gql(
        bt_client,
        RUN_SWEEP,
        {"input": {"base": goog_input(params={}), "grid": grid}},
        token=me.access_token,
    )
    started = body["data"]["runSweep"]
    assert started["__typename"] == "RunSweepSuccess", started
    sweep_id = started["sweep"]["id"]
    events = await _follow(backtest_server, me.access_token, SWEEP_PROGRESS, sweep_id)
    assert events[-1]["status"] == "DONE"
    assert events[-1]["percent"] == 100.0
    assert [e["percent"] for e in events] == sorted(e["percent"] for e in events)
    args = {"id": sweep_id, "x": "fast", "y": "slow", "metric": "returnPct"}
    found = (await gql(bt_client, GET_SWEEP, args, token=me.access_token))["data"]["sweep"]
    assert found["status"] == "DONE", found["error"]
    points = found["points"]
    assert [p["params"] for p in points] == [
        {"fast": f, "slow": s} for f in ("5", "10") for s in ("30", "60")
    ]
    heat = found["heatmap"]
    assert heat["__typename"] == "Heatmap"
    assert (heat["xValues"], heat["yValues"]) == (["5", "10"], ["30", "60"])
    by = {(p["params"]["fast"], p["params"]["slow"]): p["metrics"]["returnPct"] for p in points}
    assert heat["cells"] == [[by[(x, y)] for x in ("5", "10")] for y in ("30", "60")]
    wrong = await gql(bt_client, GET_SWEEP, {**args, "metric": "happiness"}, token=me.access_token)
    assert wrong["data"]["sweep"]["heatmap"]["__typename"] == "InvalidInput"


def _goog_days(year: str) -> list[str]:
    with goog_path().open() as data:
        return [row["Date"] for row in csv.DictReader(data) if row["Date"].startswith(year)]


async def _follow(
    server: RunningServer, token: str, query: str, item_id: str
) -> list[dict[str, Any]]:
    """Every progress message of a subscription until it completes."""
    ws = await GraphQLWs.open(server.ws_url, {"authorization": f"Bearer {token}"})
    events = []
    try:
        payload = {"query": query, "variables": {"id": item_id}}
        await ws.send({"id": "1", "type": "subscribe", "payload": payload})
        while (message := await ws.receive(timeout=90))["type"] != "complete":
            assert message["type"] == "next", message
            events.extend(message["payload"]["data"].values())
    finally:
        await ws.close()
    return events


async def test_bot_signals_evaluate_the_indicator_bot_without_trading(
    bt_client: httpx.AsyncClient,
) -> None:
    me = await register(bt_client)
    window = {"symbol": "GOOGBT", "from": "2010-01-01", "to": "2010-12-31"}
    body = await gql(
        bt_client, BOT, {**window, "params": {"rsi.period": 10}}, token=me.access_token
    )
    result = body["data"]["botSignals"]
    assert result["__typename"] == "BotSignalsSuccess", result
    evaluations = result["evaluations"]
    assert len(evaluations) == len(_goog_days("2010"))
    assert evaluations[0]["time"].startswith("2010-01-0")
    assert {e["temperature"] for e in evaluations} <= {"HOT", "WARM", "NEUTRAL", "COOL", "COLD"}
    assert all(e["score"] is not None for e in evaluations)  # warmed up on earlier bars
    assert any(e["action"] in ("BUY", "SELL") for e in evaluations)
    bad = await gql(bt_client, BOT, {**window, "params": {"hot": 5}}, token=me.access_token)
    assert bad["data"]["botSignals"]["__typename"] == "InvalidInput"
    unknown = await gql(bt_client, BOT, {**window, "symbol": "NOPE_BT"}, token=me.access_token)
    assert unknown["data"]["botSignals"]["__typename"] == "UnknownSymbol"
