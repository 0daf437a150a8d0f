"""Each user sees only their own backtest runs and sweeps: another user's id reads as null,
cancels as NotFound, lists as nothing, and streams nothing."""

from __future__ import annotations

import httpx

from tests.api.backtest_api_support import (
    CANCEL,
    CANCEL_SWEEP,
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

pytest_plugins = ["tests.api.backtest_api_fixtures"]

SWEEP_PROGRESS = "subscription P($id: ID!) { sweepProgress(id: $id) { id status percent } }"


async def test_another_users_runs_and_sweeps_are_not_found(
    backtest_server: RunningServer, bt_client: httpx.AsyncClient
) -> None:
    alice, bob = await register(bt_client), await register(bt_client)
    run = (await start(bt_client, alice.access_token))["run"]
    slow = (await start(bt_client, alice.access_token, strategy="slow_bt_test", params={"ms": 20}))[
        "run"
    ]
    grid = [{"name": "fast", "values": ["5", "10"]}, {"name": "slow", "values": ["30"]}]
    body = await gql(
        bt_client,
        RUN_SWEEP,
        {"input": {"base": goog_input(params={}), "grid": grid}},
        token=alice.access_token,
    )
    sweep_id = body["data"]["runSweep"]["sweep"]["id"]

    as_bob = bob.access_token
    read = await gql(bt_client, GET_RUN, {"id": run["id"]}, token=as_bob)
    assert read["data"]["backtestRun"] is None
    listed = await gql(bt_client, LIST_RUNS, {"first": 10}, token=as_bob)
    assert listed["data"]["backtestRuns"]["edges"] == []
    cancel = await gql(bt_client, CANCEL, {"id": slow["id"]}, token=as_bob)
    assert cancel["data"]["cancelBacktest"]["__typename"] == "NotFound"
    sweep_args = {"id": sweep_id, "x": "fast", "y": "slow", "metric": "sharpe"}
    seen = await gql(bt_client, GET_SWEEP, sweep_args, token=as_bob)
    assert seen["data"]["sweep"] is None
    cancel_sweep = await gql(bt_client, CANCEL_SWEEP, {"id": sweep_id}, token=as_bob)
    assert cancel_sweep["data"]["cancelSweep"]["__typename"] == "NotFound"
    for query, item in ((PROGRESS, slow["id"]), (SWEEP_PROGRESS, sweep_id)):
        ws = await GraphQLWs.open(backtest_server.ws_url, {"authorization": f"Bearer {as_bob}"})
        try:
            payload = {"query": query, "variables": {"id": item}}
            await ws.send({"id": "1", "type": "subscribe", "payload": payload})
            message = await ws.receive()
            assert message["type"] in ("error", "next"), message
            errors = (
                message["payload"] if message["type"] == "error" else message["payload"]["errors"]
            )
            assert errors[0]["extensions"]["code"] == "NOT_FOUND"
        finally:
            await ws.close()

    # Alice's own: all there, and Bob's attempts changed nothing.
    mine = await gql(bt_client, LIST_RUNS, {"first": 10}, token=alice.access_token)
    assert {e["node"]["id"] for e in mine["data"]["backtestRuns"]["edges"]} == {
        run["id"],
        slow["id"],
    }
    own_cancel = await gql(bt_client, CANCEL, {"id": slow["id"]}, token=alice.access_token)
    assert own_cancel["data"]["cancelBacktest"]["__typename"] == "CancelBacktestSuccess"
    assert (await wait_for_run(bt_client, alice.access_token, run["id"]))["status"] == "DONE"
    own_sweep = await gql(bt_client, GET_SWEEP, sweep_args, token=alice.access_token)
    assert own_sweep["data"]["sweep"]["id"] == sweep_id
