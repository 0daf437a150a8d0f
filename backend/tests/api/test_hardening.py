"""Bad input gets clear, typed errors: never a 500, a stack trace or a leak."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.api.helpers import LOGIN, PASSWORD, error_codes, gql, register, unique_name

pytestmark = pytest.mark.smoke


async def test_unknown_fields_are_a_validation_error(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ me { id passwordHash } }")
    assert error_codes(body) == ["BAD_REQUEST"]
    assert "passwordHash" in body["errors"][0]["message"]


async def test_syntax_errors_are_a_validation_error(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ me { id ")
    assert error_codes(body) == ["BAD_REQUEST"]


def _nested_type_query(levels: int) -> str:
    return (
        "query Deep { __schema { types { "
        + "ofType { " * levels
        + "name"
        + " }" * levels
        + " } } }"
    )


async def test_deep_queries_are_refused_with_the_depth_and_limit(client: httpx.AsyncClient) -> None:
    assert "errors" not in await gql(client, _nested_type_query(8))
    body = await gql(client, _nested_type_query(15))
    assert error_codes(body) == ["QUERY_TOO_DEEP"]
    assert body["errors"][0]["extensions"]["limit"] == 12


async def test_costly_queries_are_refused(client: httpx.AsyncClient) -> None:
    query = (
        "query Costly { "
        + " ".join(
            f"a{i}: auditLog(first: 200) {{ edges {{ node {{ id kind at detail actor {{ id username }} }} }} }}"
            for i in range(20)
        )
        + " }"
    )
    body = await gql(client, query)
    assert "QUERY_TOO_COSTLY" in error_codes(body), body


async def test_oversized_bodies_get_413_with_a_reason(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        content=b"{" + b" " * 300_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_invalid_json_is_a_400_not_a_500(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


async def test_wrong_variable_types_are_a_validation_error(client: httpx.AsyncClient) -> None:
    body = await gql(client, LOGIN, {"input": {"username": 5, "password": None}})
    assert body.get("data") is None
    assert error_codes(body)[0] == "BAD_REQUEST"


async def test_cookie_login_sets_httponly_cookies_and_mutations_need_the_csrf_header(
    server,  # type: ignore[no-untyped-def]
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as browser:
        name = unique_name()
        await register(browser, name)
        browser.cookies.clear()
        response = await browser.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"input": {"username": name, "password": PASSWORD, "cookie": True}},
            },
        )
        result = response.json()["data"]["login"]
        assert result["__typename"] == "AuthSuccess"
        assert result["accessToken"] is None  # tokens stay in HttpOnly cookies
        set_cookie = " ".join(response.headers.get_list("set-cookie")).lower()
        assert "dalal_access=" in set_cookie
        assert "httponly" in set_cookie
        assert "samesite" in set_cookie
        csrf = browser.cookies["dalal_csrf"]

        missing = await browser.post("/graphql", json={"query": "{ me { username } }"})
        assert missing.status_code == 403
        assert missing.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"

        ok = await browser.post(
            "/graphql", json={"query": "{ me { username } }"}, headers={"X-CSRF-Token": csrf}
        )
        assert ok.json()["data"]["me"]["username"] == name

        refreshed = await browser.post(
            "/graphql",
            json={"query": "mutation { refreshToken { __typename } }"},
            headers={"X-CSRF-Token": csrf},
        )
        assert refreshed.json()["data"]["refreshToken"]["__typename"] == "AuthSuccess"

        csrf = browser.cookies["dalal_csrf"]
        out = await browser.post(
            "/graphql",
            json={"query": "mutation { logout { __typename } }"},
            headers={"X-CSRF-Token": csrf},
        )
        assert out.json()["data"]["logout"]["__typename"] == "LogoutSuccess"
        assert "dalal_access" not in browser.cookies
        after = await browser.post("/graphql", json={"query": "{ me { username } }"})
        assert after.json() == {"data": {"me": None}}


async def test_health_ready_and_metrics_answer(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": True, "bus": True}
    metrics = await client.get("/metrics")
    assert "dalal_http_requests_total" in metrics.text


async def test_the_spa_route_explains_how_to_build_when_there_is_no_build(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/settings")
    assert response.status_code == 503
    assert "make run" in response.text


async def test_responses_carry_a_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"


async def test_graphiql_is_served_to_browsers(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_login_is_audited_without_the_password(client: httpx.AsyncClient, settings) -> None:  # type: ignore[no-untyped-def]
    session = await register(client)
    await gql(client, LOGIN, {"input": {"username": session.username, "password": PASSWORD}})
    from sqlalchemy import text

    from dalal.adapters.db.engine import create_engine

    engine = create_engine(settings.resolved_database_url)
    async with engine.connect() as connection:
        rows = (await connection.execute(text("SELECT kind, detail FROM audit_log"))).all()
        hashes = (await connection.execute(text("SELECT password_hash FROM users"))).scalars().all()
    await engine.dispose()
    assert {r[0] for r in rows} >= {"register", "login"}
    assert PASSWORD not in str(rows)
    assert all(h.startswith("$argon2id$") for h in hashes)


async def test_a_client_that_disconnects_mid_body_is_not_an_error(server, caplog) -> None:  # type: ignore[no-untyped-def]
    _reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"query":'
    )
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    async with httpx.AsyncClient(base_url=server.url) as http:  # the server still answers
        assert (await http.get("/healthz")).status_code == 200
    assert "Exception in ASGI application" not in caplog.text


async def test_a_subscription_over_plain_http_says_to_use_a_websocket(
    client: httpx.AsyncClient,
) -> None:
    body = await gql(client, "subscription { auditEvents { kind } }")
    assert error_codes(body) == ["BAD_REQUEST"]
    assert "websocket" in body["errors"][0]["message"]
    get = await client.get("/graphql", params={"query": "mutation { logout { __typename } }"})
    assert get.json()["errors"][0]["message"] == "Send mutations with POST."
