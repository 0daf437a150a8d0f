"""API keys: created and shown once, listed, used, scoped, revoked; and each user's own."""

from __future__ import annotations

import httpx
import pytest

from tests.api.helpers import ME, error_codes, gql, register

CREATE = """
mutation Create($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeySuccess { secret apiKey { id name prefix scopes revokedAt } }
    ... on InvalidInput { message code field }
  }
}
"""
LIST = "query { apiKeys { id name prefix scopes lastUsedAt revokedAt } }"
REVOKE = """
mutation Revoke($id: ID!) {
  revokeApiKey(id: $id) {
    __typename
    ... on RevokeApiKeySuccess { apiKey { id revokedAt } }
    ... on NotFound { code message }
  }
}
"""


async def _create(client: httpx.AsyncClient, token: str, scopes: list[str]) -> dict:  # type: ignore[type-arg]
    body = await gql(client, CREATE, {"input": {"name": "bot", "scopes": scopes}}, token=token)
    result = body["data"]["createApiKey"]
    assert result["__typename"] == "CreateApiKeySuccess", result
    return result  # type: ignore[no-any-return]


async def test_a_created_key_is_shown_once_and_listed_by_prefix(client: httpx.AsyncClient) -> None:
    session = await register(client)
    created = await _create(client, session.access_token, ["READ", "TRADE"])
    assert created["secret"].startswith(created["apiKey"]["prefix"])
    listed = (await gql(client, LIST, token=session.access_token))["data"]["apiKeys"]
    assert listed == [
        {
            "id": created["apiKey"]["id"],
            "name": "bot",
            "prefix": created["apiKey"]["prefix"],
            "scopes": ["READ", "TRADE"],
            "lastUsedAt": None,
            "revokedAt": None,
        }
    ]
    assert created["secret"] not in str(listed)


@pytest.mark.parametrize("header", ["Authorization", "X-API-Key"])
async def test_a_read_key_authenticates_queries(client: httpx.AsyncClient, header: str) -> None:
    session = await register(client)
    secret = (await _create(client, session.access_token, ["READ"]))["secret"]
    value = f"Bearer {secret}" if header == "Authorization" else secret
    body = await gql(client, ME, headers={header: value})
    assert body["data"]["me"]["username"] == session.username
    listed = (await gql(client, LIST, token=session.access_token))["data"]["apiKeys"]
    assert listed[0]["lastUsedAt"] is not None


async def test_a_key_without_read_scope_cannot_list_keys(client: httpx.AsyncClient) -> None:
    session = await register(client)
    secret = (await _create(client, session.access_token, ["SIGNALS"]))["secret"]
    body = await gql(client, LIST, headers={"X-API-Key": secret})
    assert error_codes(body) == ["FORBIDDEN"]


async def test_an_api_key_cannot_create_more_keys(client: httpx.AsyncClient) -> None:
    session = await register(client)
    secret = (await _create(client, session.access_token, ["READ", "TRADE", "SIGNALS"]))["secret"]
    body = await gql(client, CREATE, {"input": {"name": "x", "scopes": ["READ"]}}, token=secret)
    assert error_codes(body) == ["FORBIDDEN"]


async def test_a_revoked_key_no_longer_authenticates(client: httpx.AsyncClient) -> None:
    session = await register(client)
    created = await _create(client, session.access_token, ["READ"])
    body = await gql(client, REVOKE, {"id": created["apiKey"]["id"]}, token=session.access_token)
    assert body["data"]["revokeApiKey"]["apiKey"]["revokedAt"] is not None
    after = await gql(client, ME, headers={"X-API-Key": created["secret"]})
    assert error_codes(after) == ["UNAUTHENTICATED"]


async def test_a_key_needs_a_name_and_a_scope(client: httpx.AsyncClient) -> None:
    session = await register(client)
    body = await gql(
        client, CREATE, {"input": {"name": " ", "scopes": ["READ"]}}, token=session.access_token
    )
    assert body["data"]["createApiKey"]["field"] == "name"
    body = await gql(
        client, CREATE, {"input": {"name": "x", "scopes": []}}, token=session.access_token
    )
    assert body["data"]["createApiKey"]["field"] == "scopes"


async def test_users_see_and_revoke_only_their_own_keys(client: httpx.AsyncClient) -> None:
    alice = await register(client)
    bob = await register(client)
    alices_key = await _create(client, alice.access_token, ["READ"])
    assert (await gql(client, LIST, token=bob.access_token))["data"]["apiKeys"] == []
    body = await gql(client, REVOKE, {"id": alices_key["apiKey"]["id"]}, token=bob.access_token)
    assert body["data"]["revokeApiKey"]["__typename"] == "NotFound"
    still = await gql(client, ME, headers={"X-API-Key": alices_key["secret"]})
    assert still["data"]["me"]["username"] == alice.username


async def test_revoking_an_unknown_or_malformed_id_is_not_found(client: httpx.AsyncClient) -> None:
    session = await register(client)
    for key_id in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        body = await gql(client, REVOKE, {"id": key_id}, token=session.access_token)
        assert body["data"]["revokeApiKey"]["__typename"] == "NotFound"


async def test_key_management_needs_authentication(client: httpx.AsyncClient) -> None:
    for query, variables in ((LIST, None), (CREATE, {"input": {"name": "x", "scopes": ["READ"]}})):
        body = await gql(client, query, variables)
        assert error_codes(body) == ["UNAUTHENTICATED"]
