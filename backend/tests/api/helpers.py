"""Small helpers for talking GraphQL to the test server over real HTTP."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

PASSWORD = "correct-horse-battery"


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    all_headers = dict(headers or {})
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=all_headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


REGISTER = """
mutation Register($input: RegisterInput!) {
  register(input: $input) {
    __typename
    ... on AuthSuccess { accessToken refreshToken expiresIn user { id username role } }
    ... on UserError { message code }
    ... on InvalidInput { field }
  }
}
"""

LOGIN = """
mutation Login($input: LoginInput!) {
  login(input: $input) {
    __typename
    ... on AuthSuccess { accessToken refreshToken user { id username role } }
    ... on UserError { message code }
    ... on TooManyAttempts { retryAfterSeconds }
  }
}
"""

ME = "query { me { id username role } }"


@dataclass
class Session:
    user_id: str
    username: str
    role: str
    access_token: str
    refresh_token: str


def unique_name(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def register(
    client: httpx.AsyncClient, username: str | None = None, password: str = PASSWORD
) -> Session:
    name = username or unique_name()
    body = await gql(client, REGISTER, {"input": {"username": name, "password": password}})
    result = body["data"]["register"]
    assert result["__typename"] == "AuthSuccess", result
    return Session(
        user_id=result["user"]["id"],
        username=result["user"]["username"],
        role=result["user"]["role"],
        access_token=result["accessToken"],
        refresh_token=result["refreshToken"],
    )
