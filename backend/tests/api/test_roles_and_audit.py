"""Roles (admin, trader, viewer), the audit log, and who may see what."""

from __future__ import annotations

import json

import httpx

from tests.api.helpers import LOGIN, PASSWORD, error_codes, gql, register

SET_ROLE = """
mutation SetRole($id: ID!, $role: Role!) {
  setUserRole(userId: $id, role: $role) {
    __typename
    ... on SetUserRoleSuccess { user { id role } }
    ... on UserError { code message }
  }
}
"""
AUDIT = """
query Audit($first: Int!, $after: String) {
  auditLog(first: $first, after: $after) {
    edges { cursor node { kind actorUsername detail actor { username role } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_admin_changes_a_role_and_it_is_audited(client: httpx.AsyncClient) -> None:
    admin = await register(client)
    trader = await register(client)
    body = await gql(
        client, SET_ROLE, {"id": trader.user_id, "role": "VIEWER"}, token=admin.access_token
    )
    assert body["data"]["setUserRole"] == {
        "__typename": "SetUserRoleSuccess",
        "user": {"id": trader.user_id, "role": "VIEWER"},
    }
    log = (await gql(client, AUDIT, {"first": 1}, token=admin.access_token))["data"]["auditLog"]
    event = log["edges"][0]["node"]
    assert event["kind"] == "role_changed"
    assert json.loads(event["detail"])["new_role"] == "viewer"
    assert event["actor"] == {"username": admin.username, "role": "ADMIN"}


async def test_a_trader_cannot_change_roles_or_read_the_audit_log(
    client: httpx.AsyncClient,
) -> None:
    await register(client)
    trader = await register(client)
    body = await gql(
        client, SET_ROLE, {"id": trader.user_id, "role": "ADMIN"}, token=trader.access_token
    )
    assert error_codes(body) == ["FORBIDDEN"]
    assert error_codes(await gql(client, AUDIT, {"first": 5}, token=trader.access_token)) == [
        "FORBIDDEN"
    ]
    assert error_codes(await gql(client, "{ users { id } }", token=trader.access_token)) == [
        "FORBIDDEN"
    ]


async def test_the_last_admin_cannot_demote_themself(client: httpx.AsyncClient) -> None:
    admin = await register(client)
    body = await gql(
        client, SET_ROLE, {"id": admin.user_id, "role": "TRADER"}, token=admin.access_token
    )
    assert body["data"]["setUserRole"]["__typename"] == "InvalidInput"


async def test_a_viewer_can_read_but_not_mutate(client: httpx.AsyncClient) -> None:
    admin = await register(client)
    viewer = await register(client)
    await gql(client, SET_ROLE, {"id": viewer.user_id, "role": "VIEWER"}, token=admin.access_token)
    # The role is read fresh on each request: the old access token now carries a viewer.
    me = await gql(client, "{ me { role } apiKeys { id } }", token=viewer.access_token)
    assert me["data"] == {"me": {"role": "VIEWER"}, "apiKeys": []}
    body = await gql(
        client,
        'mutation { createApiKey(input: {name: "x", scopes: [READ]}) { __typename } }',
        token=viewer.access_token,
    )
    assert error_codes(body) == ["FORBIDDEN"]
    assert "viewer" in body["errors"][0]["message"]


async def test_security_events_are_audited_with_pagination(client: httpx.AsyncClient) -> None:
    admin = await register(client)
    await gql(
        client, LOGIN, {"input": {"username": admin.username, "password": "wrong-password-x"}}
    )
    await gql(client, LOGIN, {"input": {"username": admin.username, "password": PASSWORD}})
    page1 = (await gql(client, AUDIT, {"first": 2}, token=admin.access_token))["data"]["auditLog"]
    assert [e["node"]["kind"] for e in page1["edges"]] == ["login", "login_failed"]
    assert page1["pageInfo"]["hasNextPage"] is True
    page2 = (
        await gql(
            client,
            AUDIT,
            {"first": 2, "after": page1["pageInfo"]["endCursor"]},
            token=admin.access_token,
        )
    )["data"]["auditLog"]
    assert [e["node"]["kind"] for e in page2["edges"]] == ["register"]
    assert page2["pageInfo"]["hasNextPage"] is False
    assert "password" not in json.dumps(page1).lower().replace("wrong-password", "")


async def test_a_bad_cursor_is_a_clear_error(client: httpx.AsyncClient) -> None:
    admin = await register(client)
    body = await gql(client, AUDIT, {"first": 2, "after": "!!!"}, token=admin.access_token)
    assert error_codes(body) == ["BAD_CURSOR"]
