"""Copy trading over GraphQL: accounts follow a master of their own user, the links show on
both ends, the rules are typed errors naming the field, and a master's manual fills reach
its followers."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import gql
from tests.api.trading_support import (
    ARCHIVE_ACCOUNT,
    POSITIONS,
    STOCK,
    TradingServer,
    open_account,
    placed,
    query,
    quote,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments

RESULT = """
    __typename
    ... on AccountSuccess { account { id copiesAccount { id label } } }
    ... on UserError { message code }
    ... on CopyNotAllowed { field }
"""
CREATE = (
    f"mutation C($input: CreateAccountInput!) {{ createAccount(input: $input) {{ {RESULT} }} }}"
)
UPDATE = (
    f"mutation U($input: UpdateAccountInput!) {{ updateAccount(input: $input) {{ {RESULT} }} }}"
)
LINKS = """
query Links { accounts(includeArchived: true) {
  id label copiesAccount { id label } followers { id label multiplier }
} }
"""


async def _follow(
    client: httpx.AsyncClient, token: str, account_id: str, master_id: str | None
) -> dict[str, Any]:
    variables = {"input": {"id": account_id, "copiesAccountId": master_id}}
    body = await gql(client, UPDATE, variables, token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["updateAccount"]
    return result


async def _links(client: httpx.AsyncClient, token: str) -> dict[str, dict[str, Any]]:
    accounts = (await query(client, LINKS, token))["accounts"]
    return {a["label"]: a for a in accounts}


async def test_an_account_follows_a_master_and_the_link_shows_on_both_ends(
    trading: httpx.AsyncClient,
) -> None:
    user = await trader(trading)
    master = await open_account(trading, user.access_token, label="master")
    body = await gql(
        trading,
        CREATE,
        {
            "input": {
                "label": "follower",
                "capital": "100000",
                "multiplier": "2",
                "copiesAccountId": master["id"],
            }
        },
        token=user.access_token,
    )
    created = body["data"]["createAccount"]
    assert created["__typename"] == "AccountSuccess"
    assert created["account"]["copiesAccount"] == {"id": master["id"], "label": "master"}
    follower = created["account"]["id"]
    links = await _links(trading, user.access_token)
    assert links["master"]["followers"] == [
        {"id": follower, "label": "follower", "multiplier": "2.00"}
    ]
    assert links["master"]["copiesAccount"] is None
    stopped = await _follow(trading, user.access_token, follower, None)  # null stops copying
    assert stopped["account"]["copiesAccount"] is None
    assert (await _links(trading, user.access_token))["master"]["followers"] == []


async def test_a_masters_manual_fill_reaches_its_followers_at_the_same_price(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    master = await open_account(trading, user.access_token, label="master")
    follower = await open_account(
        trading, user.access_token, label="double", multiplier="2", copiesAccountId=master["id"]
    )
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    order = await placed(trading, user.access_token, master["id"], quantity=10)
    [fill] = order["fills"]
    positions = (await query(trading, POSITIONS, user.access_token, accountId=follower["id"]))[
        "positions"
    ]
    assert [(p["quantity"], p["averagePrice"]) for p in positions] == [(20, fill["price"])]


async def test_the_copy_rules_are_typed_errors_naming_the_field(
    trading: httpx.AsyncClient,
) -> None:
    user = await trader(trading)
    token = user.access_token
    master = await open_account(trading, token, label="master")
    follower = await open_account(trading, token, label="follower", copiesAccountId=master["id"])
    other = await open_account(trading, token, label="other")
    gone = await open_account(trading, token, label="gone")
    await gql(trading, ARCHIVE_ACCOUNT, {"id": gone["id"]}, token=token)
    for account_id, master_id, code in (
        (master["id"], master["id"], "COPY_SELF"),
        (other["id"], follower["id"], "COPY_CHAIN"),
        (master["id"], other["id"], "COPY_HAS_FOLLOWERS"),
        (other["id"], gone["id"], "COPY_SOURCE_ARCHIVED"),
        (other["id"], "not-a-uuid", "COPY_SOURCE_UNKNOWN"),
    ):
        result = await _follow(trading, token, account_id, master_id)
        assert (result["__typename"], result["code"], result["field"]) == (
            "CopyNotAllowed",
            code,
            "copiesAccountId",
        ), result
    links = await _links(trading, token)
    assert [f["label"] for f in links["master"]["followers"]] == ["follower"]
    assert links["other"]["copiesAccount"] is None


async def test_no_one_follows_another_users_account(trading: httpx.AsyncClient) -> None:
    alice = await trader(trading)
    bob = await trader(trading)
    alices = await open_account(trading, alice.access_token, label="alice")
    bobs = await open_account(trading, bob.access_token, label="bob")
    refused = await _follow(trading, bob.access_token, bobs["id"], alices["id"])
    assert (refused["__typename"], refused["code"]) == ("CopyNotAllowed", "COPY_SOURCE_UNKNOWN")
    body = await gql(
        trading,
        CREATE,
        {"input": {"label": "spy", "capital": "1000", "copiesAccountId": alices["id"]}},
        token=bob.access_token,
    )
    assert body["data"]["createAccount"]["code"] == "COPY_SOURCE_UNKNOWN"
    # Nor does anyone follow bob's account by naming it from alice's side.
    refused = await _follow(trading, alice.access_token, alices["id"], bobs["id"])
    assert refused["code"] == "COPY_SOURCE_UNKNOWN"
    assert (await _links(trading, alice.access_token))["alice"]["followers"] == []
    assert (await _links(trading, bob.access_token))["bob"]["copiesAccount"] is None
