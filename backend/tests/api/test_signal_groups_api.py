"""Signal groups and algos over GraphQL: create, edit, rotate, archive, validation, roles,
isolation between users, and paging through a group's signal log."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.helpers import error_codes, gql
from tests.api.signal_support import (
    ALGOS,
    ARCHIVE_ALGO,
    CREATE_ALGO,
    CREATE_GROUP,
    GROUP,
    GROUPS,
    ROTATE,
    SIGNAL,
    SIGNALS,
    UPDATE_ALGO,
    UPDATE_GROUP,
    create_algo,
    create_group,
    fixed_leg,
    mutate,
    webhook_path,
)
from tests.api.trading_support import (
    SET_ROLE,
    TradingServer,
    first_admin,
    open_account,
    query,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments


async def test_a_new_json_group_has_a_webhook_url_a_secret_and_ready_payloads(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    token = (await trader(trading)).access_token
    group = await create_group(trading, token, "  my   alerts ")
    assert group["name"] == "my alerts"
    assert group["source"] == "JSON"
    assert group["active"] is True
    assert group["dedupeWindowSeconds"] == 60
    assert group["limits"] == {
        "maxSignalsPerDay": None,
        "expiresOn": None,
        "marketHoursOnly": True,
        "rateLimitPerMinute": None,
    }
    assert group["webhookUrl"].startswith(f"{open_market.url}/webhooks/")
    assert len(group["webhookUrl"].rsplit("/", 1)[1]) >= 32
    assert len(group["secret"]) >= 43
    payloads = group["alertPayloads"]
    assert group["webhookUrl"] in payloads["curlEntry"]
    assert group["webhookUrl"] in payloads["curlExit"]
    assert '"BUY_ENTRY"' in payloads["entry"]
    assert '"BUY_EXIT"' in payloads["exit"]
    assert group["secret"] not in payloads["curlEntry"]
    assert group["analytics"]["signalCount"] == 0
    assert group["analytics"]["winRate"] is None

    listed = (await query(trading, GROUPS, token))["signalGroups"]
    assert [g["id"] for g in listed] == [group["id"]]
    found = (await query(trading, GROUP, token, id=group["id"]))["signalGroup"]
    assert found == group


async def test_a_chartink_group_needs_an_action_and_its_setup_names_the_url(
    trading: httpx.AsyncClient,
) -> None:
    token = (await trader(trading)).access_token
    refused = await mutate(
        trading, CREATE_GROUP, token, input={"name": "scan", "source": "CHARTINK"}
    )
    assert refused["__typename"] == "InvalidInput"
    assert refused["field"] == "defaultAction"
    group = await create_group(trading, token, "scan", source="CHARTINK", defaultAction="BUY_ENTRY")
    assert group["webhookUrl"] in group["alertPayloads"]["chartinkSetup"]
    assert group["alertPayloads"]["entry"] == ""


async def test_update_changes_what_it_names_and_keeps_the_rest(
    trading: httpx.AsyncClient,
) -> None:
    token = (await trader(trading)).access_token
    entry = await create_algo(trading, token, "entry algo")
    exit_ = await create_algo(trading, token, "exit algo")
    group = await create_group(trading, token, defaultAction="SELL_ENTRY")
    result = await mutate(
        trading,
        UPDATE_GROUP,
        token,
        input={
            "id": group["id"],
            "name": "renamed",
            "limits": {"maxSignalsPerDay": 10, "rateLimitPerMinute": 60, "expiresOn": "2030-01-31"},
            "ipAllowlist": ["52.89.214.238", "10.0.0.7/24", "2001:db8::/32", "52.89.214.238"],
            "dedupeWindowSeconds": 0,
            "defaultAction": None,
            "entryAlgoIds": [entry["id"]],
            "exitAlgoIds": [exit_["id"]],
        },
    )
    assert result["__typename"] == "SignalGroupSuccess", result
    updated = result["group"]
    assert updated["name"] == "renamed"
    assert updated["limits"] == {
        "maxSignalsPerDay": 10,
        "expiresOn": "2030-01-31",
        "marketHoursOnly": True,
        "rateLimitPerMinute": 60,
    }
    assert updated["ipAllowlist"] == ["52.89.214.238", "10.0.0.0/24", "2001:db8::/32"]
    assert updated["dedupeWindowSeconds"] == 0
    assert updated["defaultAction"] is None
    assert updated["entryAlgos"] == [{"id": entry["id"], "name": "entry algo"}]
    assert updated["exitAlgos"] == [{"id": exit_["id"], "name": "exit algo"}]
    assert (updated["source"], updated["webhookUrl"], updated["secret"]) == (
        group["source"],
        group["webhookUrl"],
        group["secret"],
    )

    only_active = await mutate(
        trading, UPDATE_GROUP, token, input={"id": group["id"], "active": False}
    )
    assert only_active["group"]["active"] is False
    assert only_active["group"]["name"] == "renamed"
    assert only_active["group"]["entryAlgos"] == updated["entryAlgos"]


async def test_rotating_the_secret_retires_the_old_url(trading: httpx.AsyncClient) -> None:
    token = (await trader(trading)).access_token
    group = await create_group(trading, token)
    old_path = webhook_path(group)
    before = await trading.post(old_path, content=b"not json")
    assert before.status_code == 422, before.text  # known URL: logged as malformed

    result = await mutate(trading, ROTATE, token, id=group["id"])
    assert result["__typename"] == "SignalGroupSuccess", result
    rotated = result["group"]
    assert rotated["webhookUrl"] != group["webhookUrl"]
    assert rotated["secret"] != group["secret"]
    assert rotated["webhookUrl"] in rotated["alertPayloads"]["curlEntry"]

    gone = await trading.post(old_path, content=b"not json")
    assert gone.status_code == 404, gone.text
    assert gone.json()["code"] == "UNKNOWN_WEBHOOK"
    fresh = await trading.post(webhook_path(rotated), content=b"not json")
    assert fresh.status_code == 422, fresh.text


GROUP_FAULTS: list[tuple[dict[str, Any], str]] = [
    ({"name": "   "}, "name"),
    ({"name": "x" * 65}, "name"),
    ({"source": "STRATEGY"}, "source"),
    ({"limits": {"maxSignalsPerDay": 0}}, "maxSignalsPerDay"),
    ({"limits": {"maxSignalsPerDay": 100_001}}, "maxSignalsPerDay"),
    ({"limits": {"rateLimitPerMinute": 6_001}}, "rateLimitPerMinute"),
    ({"dedupeWindowSeconds": -1}, "dedupeWindowSeconds"),
    ({"dedupeWindowSeconds": 86_401}, "dedupeWindowSeconds"),
    ({"ipAllowlist": ["10.0.0.300"]}, "ipAllowlist"),
    ({"ipAllowlist": [f"10.0.0.{i}" for i in range(51)]}, "ipAllowlist"),
    ({"entryAlgoIds": ["not-an-id"]}, "entryAlgoIds"),
    ({"exitAlgoIds": ["7d9f3a52-5c4b-4a8e-9d7e-2f3c1b0a9e8d"]}, "exitAlgoIds"),
]


@pytest.mark.parametrize(("fields", "field"), GROUP_FAULTS)
async def test_group_input_faults_come_back_as_invalid_input_naming_the_field(
    trading: httpx.AsyncClient, fields: dict[str, Any], field: str
) -> None:
    token = (await trader(trading)).access_token
    values = {"name": "alerts", "source": "JSON", **fields}
    result = await mutate(trading, CREATE_GROUP, token, input=values)
    assert (result["__typename"], result["field"]) == ("InvalidInput", field), result
    assert (await query(trading, GROUPS, token))["signalGroups"] == []


async def test_names_are_unique_per_user_and_archived_algos_cannot_be_linked(
    trading: httpx.AsyncClient,
) -> None:
    token = (await trader(trading)).access_token
    first = await create_group(trading, token, "alerts")
    other = await create_group(trading, token, "other")
    taken = await mutate(trading, CREATE_GROUP, token, input={"name": "alerts", "source": "JSON"})
    assert (taken["__typename"], taken["code"], taken["field"]) == (
        "NameTaken",
        "NAME_TAKEN",
        "name",
    )
    renamed = await mutate(
        trading, UPDATE_GROUP, token, input={"id": other["id"], "name": "alerts"}
    )
    assert renamed["__typename"] == "NameTaken"
    same = await mutate(trading, UPDATE_GROUP, token, input={"id": first["id"], "name": "alerts"})
    assert same["__typename"] == "SignalGroupSuccess"
    # another user may use the same name
    await create_group(trading, (await trader(trading)).access_token, "alerts")

    algo = await create_algo(trading, token, "old")
    await mutate(trading, ARCHIVE_ALGO, token, id=algo["id"])
    linked = await mutate(
        trading, UPDATE_GROUP, token, input={"id": first["id"], "entryAlgoIds": [algo["id"]]}
    )
    assert (linked["__typename"], linked["field"]) == ("InvalidInput", "entryAlgoIds")


async def test_algos_are_created_edited_and_archived(trading: httpx.AsyncClient) -> None:
    token = (await trader(trading)).access_token
    account = await open_account(trading, token, "100000", label="solo")
    algo = await create_algo(
        trading,
        token,
        "straddle",
        legs=[
            {"selection": {"kind": "OPTION", "underlying": "dalalidx", "optionType": "ce"}},
            {
                "selection": {
                    "kind": "OPTION",
                    "optionType": "PE",
                    "strikeRule": "OFFSET",
                    "strikeOffset": 2,
                },
                "lots": 2,
            },
        ],
        product="NRML",
        targets={"mode": "LIST", "accountIds": [account["id"], account["id"]]},
    )
    assert algo["active"] is True
    assert [leg["lots"] for leg in algo["legs"]] == [1, 2]
    assert algo["legs"][0]["selection"] == {
        "kind": "OPTION",
        "symbol": None,
        "underlying": "DALALIDX",
        "optionType": "CE",
        "strikeRule": "ATM",
        "strikeOffset": 0,
    }
    assert algo["legs"][1]["selection"]["strikeRule"] == "OFFSET"
    assert algo["targets"] == {"mode": "LIST", "tag": None, "accountIds": [account["id"]]}
    assert (algo["product"], algo["orderType"]) == ("NRML", "MARKET")

    updated = await mutate(
        trading,
        UPDATE_ALGO,
        token,
        input={
            "id": algo["id"],
            "legs": [fixed_leg(lots=3)],
            "targets": {"mode": "TAG", "tag": "Big"},
        },
    )
    assert updated["__typename"] == "AlgoSuccess", updated
    assert updated["algo"]["name"] == "straddle"
    assert updated["algo"]["legs"][0]["lots"] == 3
    assert updated["algo"]["targets"] == {"mode": "TAG", "tag": "big", "accountIds": []}

    archived = await mutate(trading, ARCHIVE_ALGO, token, id=algo["id"])
    assert archived["__typename"] == "AlgoSuccess"
    assert archived["algo"]["active"] is False
    again = await mutate(trading, UPDATE_ALGO, token, input={"id": algo["id"], "name": "x"})
    assert (again["__typename"], again["code"]) == ("AlgoArchived", "ALGO_ARCHIVED")
    assert (await query(trading, ALGOS, token))["algos"] == []
    listed = (await query(trading, ALGOS, token, archived=True))["algos"]
    assert [a["id"] for a in listed] == [algo["id"]]


ALGO_FAULTS: list[tuple[dict[str, Any], str]] = [
    ({"name": ""}, "name"),
    ({"legs": []}, "legs"),
    ({"legs": [fixed_leg(lots=0)]}, "legs[0].lots"),
    ({"legs": [fixed_leg(), {"selection": {"kind": "OPTION"}}]}, "legs[1].selection.optionType"),
    (
        {"legs": [{"selection": {"kind": "OPTION", "optionType": "CE", "strikeRule": "OFFSET"}}]},
        "legs[0].selection.strikeOffset",
    ),
    ({"legs": [{"selection": {"kind": "FUTURE"}}], "product": "CNC"}, "product"),
    ({"orderType": "SL"}, "orderType"),
    ({"targets": {"mode": "TAG"}}, "targets.tag"),
    ({"targets": {"mode": "LIST"}}, "targets.accountIds"),
    ({"targets": {"mode": "LIST", "accountIds": ["nope"]}}, "targets.accountIds"),
]


async def test_an_algo_takes_its_legs_from_an_option_strategy_template(
    trading: httpx.AsyncClient,
) -> None:
    token = (await trader(trading)).access_token
    template = {"template": "IRON_CONDOR", "underlying": "nifty", "width": 3, "wing": 1, "lots": 2}
    created = await mutate(
        trading, CREATE_ALGO, token, input={"name": "condor", "template": template}
    )
    assert created["__typename"] == "AlgoSuccess", created
    legs = created["algo"]["legs"]
    assert [
        (
            leg["opposite"],
            leg["selection"]["optionType"],
            leg["selection"]["strikeOffset"],
            leg["lots"],
        )
        for leg in legs
    ] == [(False, "PE", 4, 2), (True, "PE", 3, 2), (True, "CE", 3, 2), (False, "CE", 4, 2)]
    assert {leg["selection"]["underlying"] for leg in legs} == {"NIFTY"}
    # A template replaces the legs on update; legs and a template together are refused.
    updated = await mutate(
        trading,
        UPDATE_ALGO,
        token,
        input={"id": created["algo"]["id"], "template": {"template": "SHORT_STRADDLE"}},
    )
    assert [leg["selection"]["strikeRule"] for leg in updated["algo"]["legs"]] == ["ATM", "ATM"]
    both = await mutate(
        trading,
        CREATE_ALGO,
        token,
        input={"name": "x", "legs": [fixed_leg()], "template": template},
    )
    assert (both["__typename"], both["field"]) == ("InvalidInput", "template")
    by_delta = {"template": "IRON_CONDOR", "delta": 0.2}
    refused = await mutate(trading, CREATE_ALGO, token, input={"name": "y", "template": by_delta})
    assert (refused["__typename"], refused["field"]) == ("InvalidInput", "template.delta")


@pytest.mark.parametrize(("fields", "field"), ALGO_FAULTS)
async def test_algo_input_faults_come_back_as_invalid_input_naming_the_field(
    trading: httpx.AsyncClient, fields: dict[str, Any], field: str
) -> None:
    token = (await trader(trading)).access_token
    values = {"name": "algo", "legs": [fixed_leg()], **fields}
    result = await mutate(trading, CREATE_ALGO, token, input=values)
    assert (result["__typename"], result["field"]) == ("InvalidInput", field), result


async def test_a_viewer_reads_signal_groups_but_cannot_change_anything(
    trading: httpx.AsyncClient,
) -> None:
    admin = await first_admin(trading)
    viewer = await trader(trading)
    group = await create_group(trading, viewer.access_token)
    algo = await create_algo(trading, viewer.access_token)
    await gql(trading, SET_ROLE, {"id": viewer.user_id, "role": "VIEWER"}, token=admin)
    token = viewer.access_token

    listed = (await query(trading, GROUPS, token))["signalGroups"]
    assert [g["id"] for g in listed] == [group["id"]]
    assert [a["id"] for a in (await query(trading, ALGOS, token))["algos"]] == [algo["id"]]
    attempts: list[tuple[str, dict[str, Any]]] = [
        (CREATE_GROUP, {"input": {"name": "new", "source": "JSON"}}),
        (UPDATE_GROUP, {"input": {"id": group["id"], "name": "new"}}),
        (ROTATE, {"id": group["id"]}),
        (CREATE_ALGO, {"input": {"name": "new", "legs": [fixed_leg()]}}),
        (UPDATE_ALGO, {"input": {"id": algo["id"], "name": "new"}}),
        (ARCHIVE_ALGO, {"id": algo["id"]}),
    ]
    for document, variables in attempts:
        body = await gql(trading, document, variables, token=token)
        assert error_codes(body) == ["FORBIDDEN"], body
    assert (await query(trading, GROUPS, token))["signalGroups"] == listed


async def test_another_user_can_neither_see_nor_touch_groups_and_algos(
    trading: httpx.AsyncClient,
) -> None:
    alice = (await trader(trading)).access_token
    account = await open_account(trading, alice, "100000", label="alice")
    algo = await create_algo(trading, alice)
    group = await create_group(trading, alice, entryAlgoIds=[algo["id"]])
    before = (await query(trading, GROUPS, alice))["signalGroups"]
    bob = (await trader(trading)).access_token

    assert (await query(trading, GROUPS, bob))["signalGroups"] == []
    assert (await query(trading, GROUP, bob, id=group["id"]))["signalGroup"] is None
    assert (await query(trading, ALGOS, bob, archived=True))["algos"] == []
    not_found = [
        (UPDATE_GROUP, {"input": {"id": group["id"], "name": "mine"}}),
        (UPDATE_GROUP, {"input": {"id": group["id"], "active": False}}),
        (ROTATE, {"id": group["id"]}),
        (UPDATE_ALGO, {"input": {"id": algo["id"], "name": "mine"}}),
        (ARCHIVE_ALGO, {"id": algo["id"]}),
    ]
    for document, variables in not_found:
        result = await mutate(trading, document, bob, **variables)
        assert result["__typename"] == "NotFound", (document, result)
    linked = await mutate(
        trading,
        CREATE_GROUP,
        bob,
        input={"name": "g", "source": "JSON", "entryAlgoIds": [algo["id"]]},
    )
    assert (linked["__typename"], linked["field"]) == ("InvalidInput", "entryAlgoIds")
    targeted = await mutate(
        trading,
        CREATE_ALGO,
        bob,
        input={
            "name": "a",
            "legs": [fixed_leg()],
            "targets": {"mode": "LIST", "accountIds": [account["id"]]},
        },
    )
    assert (targeted["__typename"], targeted["field"]) == ("InvalidInput", "targets.accountIds")

    assert (await query(trading, GROUPS, alice))["signalGroups"] == before
    assert [a["active"] for a in (await query(trading, ALGOS, alice))["algos"]] == [True]


async def test_the_signal_log_pages_newest_first_and_filters_by_status(
    trading: httpx.AsyncClient,
) -> None:
    token = (await trader(trading)).access_token
    group = await create_group(trading, token)
    for n in range(5):
        response = await trading.post(webhook_path(group), content=f"not json {n}".encode())
        assert response.status_code == 422

    seen: list[dict[str, Any]] = []
    after = None
    pages = []
    while True:
        page = (await query(trading, SIGNALS, token, first=2, after=after))["signals"]
        pages.append(len(page["edges"]))
        seen += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == [2, 2, 1]
    assert [s["rawBody"] for s in seen] == [f"not json {n}" for n in (4, 3, 2, 1, 0)]
    assert {s["status"] for s in seen} == {"REJECTED"}
    assert all(s["groupId"] == group["id"] and s["reason"] for s in seen)
    assert all(s["source"] == "JSON" and s["sourceIp"] == "127.0.0.1" for s in seen)

    by_status = {"groupId": group["id"], "statuses": ["EXECUTED", "DUPLICATE"]}
    assert (await query(trading, SIGNALS, token, filter=by_status))["signals"]["edges"] == []
    rejected = {"groupId": group["id"], "statuses": ["REJECTED"]}
    assert len((await query(trading, SIGNALS, token, filter=rejected))["signals"]["edges"]) == 5
    found = (await query(trading, SIGNAL, token, id=seen[0]["id"]))["signal"]
    assert found == seen[0]

    analytics = (await query(trading, GROUP, token, id=group["id"]))["signalGroup"]["analytics"]
    assert analytics["signalCount"] == 5
    assert analytics["byStatus"] == [{"status": "REJECTED", "count": 5}]
    assert analytics["tradeCount"] == 0

    bad = await gql(trading, SIGNALS, {"after": "bm9wZQ=="}, token=token)
    assert error_codes(bad) == ["BAD_CURSOR"]
    too_many = await gql(trading, SIGNALS, {"first": 500}, token=token)
    assert error_codes(too_many) == ["BAD_PAGE_SIZE"]


async def test_listing_groups_costs_the_same_units_of_work_for_one_group_or_many(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    """Algos and analytics come through per-request DataLoaders: one batch per field."""
    token = (await trader(trading)).access_token
    algos = [(await create_algo(trading, token, f"algo {n}"))["id"] for n in range(3)]
    runtime = open_market.runtime
    factory = runtime.uow_factory
    opened: list[int] = []

    def counting() -> Any:
        opened.append(1)
        return factory()

    async def cost() -> int:
        opened.clear()
        runtime.uow_factory = counting
        try:
            listed = (await query(trading, GROUPS, token))["signalGroups"]
        finally:
            runtime.uow_factory = factory
        assert all(g["entryAlgos"] and g["analytics"] for g in listed)
        return len(opened)

    await create_group(trading, token, "g0", entryAlgoIds=algos[:1], exitAlgoIds=algos[1:])
    one = await cost()
    assert one <= 4  # authentication, the groups, one batch of algos, one of analytics
    for n in range(1, 4):
        await create_group(trading, token, f"g{n}", entryAlgoIds=algos, exitAlgoIds=algos[n - 1 :])
    assert await cost() == one
