"""Register, login, refresh rotation, logout and me, over real HTTP."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from dalal.adapters.security.tokens import AccessTokens
from dalal.settings import Settings
from tests.api.helpers import LOGIN, ME, PASSWORD, REGISTER, error_codes, gql, register, unique_name

pytestmark = pytest.mark.smoke

REFRESH = """
mutation Refresh($token: String) {
  refreshToken(refreshToken: $token) {
    __typename
    ... on AuthSuccess { accessToken refreshToken }
    ... on UserError { message code }
  }
}
"""


async def test_first_user_becomes_admin_and_later_users_are_traders(
    client: httpx.AsyncClient,
) -> None:
    first = await register(client)
    second = await register(client)
    assert (first.role, second.role) == ("ADMIN", "TRADER")


async def test_registered_user_can_query_me_with_the_access_token(
    client: httpx.AsyncClient,
) -> None:
    session = await register(client)
    body = await gql(client, ME, token=session.access_token)
    assert body["data"]["me"] == {
        "id": session.user_id,
        "username": session.username,
        "role": session.role,
    }


async def test_me_is_null_without_credentials(client: httpx.AsyncClient) -> None:
    body = await gql(client, ME)
    assert body == {"data": {"me": None}}


async def test_usernames_are_unique_case_insensitively(client: httpx.AsyncClient) -> None:
    name = unique_name()
    await register(client, name)
    body = await gql(client, REGISTER, {"input": {"username": name.upper(), "password": PASSWORD}})
    assert body["data"]["register"]["__typename"] == "UsernameTaken"


@pytest.mark.parametrize(
    ("username", "password", "typename"),
    [
        ("ok-name", "short", "WeakPassword"),
        ("ok-name", "ok-name-is-in-here", "WeakPassword"),
        ("x", PASSWORD, "InvalidInput"),
        ("has space", PASSWORD, "InvalidInput"),
    ],
)
async def test_bad_registration_input_gets_a_typed_error(
    client: httpx.AsyncClient, username: str, password: str, typename: str
) -> None:
    body = await gql(client, REGISTER, {"input": {"username": username, "password": password}})
    result = body["data"]["register"]
    assert result["__typename"] == typename
    assert result["message"]


async def test_login_with_the_right_password_returns_tokens(client: httpx.AsyncClient) -> None:
    session = await register(client)
    body = await gql(client, LOGIN, {"input": {"username": session.username, "password": PASSWORD}})
    result = body["data"]["login"]
    assert result["__typename"] == "AuthSuccess"
    assert result["user"]["id"] == session.user_id


async def test_wrong_password_and_unknown_user_get_the_same_invalid_credentials(
    client: httpx.AsyncClient,
) -> None:
    session = await register(client)
    wrong = await gql(
        client, LOGIN, {"input": {"username": session.username, "password": "nope-nope-nope"}}
    )
    unknown = await gql(client, LOGIN, {"input": {"username": "nobody-here", "password": PASSWORD}})
    assert wrong["data"]["login"]["__typename"] == "InvalidCredentials"
    assert unknown["data"]["login"] == wrong["data"]["login"]


async def test_repeated_failed_logins_are_throttled_per_username(client: httpx.AsyncClient) -> None:
    session = await register(client)
    attempt = {"input": {"username": session.username, "password": "wrong-password-1"}}
    for _ in range(5):
        body = await gql(client, LOGIN, attempt)
        assert body["data"]["login"]["__typename"] == "InvalidCredentials"
    body = await gql(client, LOGIN, {"input": {"username": session.username, "password": PASSWORD}})
    result = body["data"]["login"]
    assert result["__typename"] == "TooManyAttempts"
    assert 0 < result["retryAfterSeconds"] <= 60


async def test_refresh_rotates_the_token_and_the_new_one_works(client: httpx.AsyncClient) -> None:
    session = await register(client)
    body = await gql(client, REFRESH, {"token": session.refresh_token})
    rotated = body["data"]["refreshToken"]
    assert rotated["__typename"] == "AuthSuccess"
    assert rotated["refreshToken"] != session.refresh_token
    again = await gql(client, REFRESH, {"token": rotated["refreshToken"]})
    assert again["data"]["refreshToken"]["__typename"] == "AuthSuccess"


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(
    client: httpx.AsyncClient,
) -> None:
    session = await register(client)
    first = (await gql(client, REFRESH, {"token": session.refresh_token}))["data"]["refreshToken"]
    reuse = await gql(client, REFRESH, {"token": session.refresh_token})
    assert reuse["data"]["refreshToken"]["__typename"] == "InvalidRefreshToken"
    # The legitimate successor is revoked too: a thief and the owner are both logged out.
    successor = await gql(client, REFRESH, {"token": first["refreshToken"]})
    assert successor["data"]["refreshToken"]["__typename"] == "InvalidRefreshToken"


async def test_garbage_refresh_token_is_a_typed_error(client: httpx.AsyncClient) -> None:
    body = await gql(client, REFRESH, {"token": "not-a-token"})
    assert body["data"]["refreshToken"]["code"] == "INVALID_REFRESH_TOKEN"


async def test_logout_revokes_the_refresh_token(client: httpx.AsyncClient) -> None:
    session = await register(client)
    body = await gql(
        client,
        "mutation($t: String) { logout(refreshToken: $t) { ... on LogoutSuccess { ok } } }",
        {"t": session.refresh_token},
    )
    assert body["data"]["logout"] == {"ok": True}
    after = await gql(client, REFRESH, {"token": session.refresh_token})
    assert after["data"]["refreshToken"]["__typename"] == "InvalidRefreshToken"


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad-signature",
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwidHlwIjoiYWNjZXNzIn0.",
    ],
)
async def test_malformed_or_forged_tokens_are_unauthenticated_not_500(
    client: httpx.AsyncClient, token: str
) -> None:
    body = await gql(client, ME, token=token)
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert "Traceback" not in str(body)


async def test_an_expired_access_token_says_to_refresh(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    session = await register(client)
    issuer = AccessTokens(settings.signing_key(), timedelta(minutes=15))
    stale = issuer.issue(
        uuid.UUID(session.user_id), "trader", now=datetime.now(UTC) - timedelta(hours=1)
    )
    body = await gql(client, ME, token=stale)
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert "refreshToken" in body["errors"][0]["message"]
