"""GraphQL subscriptions over websockets (graphql-transport-ws), fed by the bus."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import websockets

from dalal.settings import Settings
from tests.api.helpers import LOGIN, PASSWORD, gql, register
from tests.api.ws import GraphQLWs
from tests.conftest import RUN_ID, free_port

AUDIT_EVENTS = "subscription { auditEvents { kind actorUsername } }"


async def test_an_admin_sees_security_events_live(server, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    admin = await register(client)
    ws = await GraphQLWs.open(server.ws_url, {"authorization": f"Bearer {admin.access_token}"})
    try:
        await ws.subscribe(AUDIT_EVENTS)
        event = None
        for _ in range(50):  # the subscription is live once the first event comes through
            await gql(client, LOGIN, {"input": {"username": admin.username, "password": PASSWORD}})
            try:
                event = await ws.receive(timeout=0.2)
                break
            except TimeoutError:
                continue
        assert event is not None
        assert event["type"] == "next"
        assert event["payload"]["data"]["auditEvents"] == {
            "kind": "login",
            "actorUsername": admin.username,
        }
    finally:
        await ws.close()


async def test_a_trader_is_refused_the_admin_subscription(
    server, client: httpx.AsyncClient
) -> None:  # type: ignore[no-untyped-def]
    await register(client)
    trader = await register(client)
    ws = await GraphQLWs.open(server.ws_url, {"authorization": f"Bearer {trader.access_token}"})
    try:
        await ws.subscribe(AUDIT_EVENTS)
        message = await ws.receive()
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"]["code"] == "FORBIDDEN"
    finally:
        await ws.close()


async def test_bad_credentials_in_connection_init_close_the_socket(server) -> None:  # type: ignore[no-untyped-def]
    connection = await websockets.connect(server.ws_url, subprotocols=["graphql-transport-ws"])
    await connection.send(
        '{"type": "connection_init", "payload": {"authorization": "Bearer nope"}}'
    )
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await asyncio.wait_for(connection.recv(), 5)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_a_websocket_from_another_origin_is_refused_even_with_a_cookie(
    server,
    client: httpx.AsyncClient,  # type: ignore[no-untyped-def]
) -> None:
    """Cookies ride along on cross-site websockets, so a foreign Origin must not get in."""
    admin = await register(client)
    headers = {"Cookie": f"dalal_access={admin.access_token}", "Origin": "https://evil.example"}
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(
            server.ws_url, subprotocols=["graphql-transport-ws"], additional_headers=headers
        )
    assert refused.value.response.status_code == 403


async def test_a_same_origin_cookie_authenticates_a_websocket(
    server, client: httpx.AsyncClient
) -> None:  # type: ignore[no-untyped-def]
    admin = await register(client)
    origin = server.url
    ws = await GraphQLWs.open(
        server.ws_url, headers={"Cookie": f"dalal_access={admin.access_token}", "Origin": origin}
    )
    try:
        await ws.subscribe("subscription { auditEvents { kind } }")
        await gql(client, LOGIN, {"input": {"username": admin.username, "password": PASSWORD}})
        event = None
        for _ in range(50):
            await gql(client, LOGIN, {"input": {"username": admin.username, "password": PASSWORD}})
            try:
                event = await ws.receive(timeout=0.2)
                break
            except TimeoutError:
                continue
        assert event is not None
        assert event["type"] == "next"
    finally:
        await ws.close()


# ---- two server processes sharing PostgreSQL and Redis ---------------------------------------


class ServerProcess:
    def __init__(self, settings: Settings, var_dir: Path) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "DALAL_DATABASE_URL": settings.resolved_database_url,
            "DALAL_REDIS_URL": settings.redis_url or "",
            "DALAL_REDIS_PREFIX": f"dalal-test-{RUN_ID}",
            "DALAL_SECRET_KEY": "two-process-secret",
            "DALAL_VAR_DIR": str(var_dir),
            "DALAL_LOG_LEVEL": "WARNING",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dalal.cli", "serve", "--port", str(self.port)],
            env=env,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    async def wait_ready(self) -> None:
        # Generous: a loaded 2-core CI machine can take many seconds to import and start.
        async with httpx.AsyncClient() as http:
            for _ in range(1200):
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"server on port {self.port} exited with {self.process.returncode}"
                    )
                try:
                    if (await http.get(self.url + "/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        raise RuntimeError(f"server on port {self.port} did not become ready")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
async def two_servers(
    settings: Settings, tmp_path: Path
) -> AsyncIterator[tuple[ServerProcess, ServerProcess]]:
    if not settings.redis_url:
        pytest.fail("the two-process test needs Redis: set DALAL_TEST_REDIS_URL", pytrace=False)
    pair = (ServerProcess(settings, tmp_path), ServerProcess(settings, tmp_path))
    try:
        await asyncio.gather(*(s.wait_ready() for s in pair))
        yield pair
    finally:
        for process in pair:
            process.stop()


async def test_an_event_on_one_server_process_reaches_a_subscriber_on_another(two_servers) -> None:  # type: ignore[no-untyped-def]
    first, second = two_servers
    async with (
        httpx.AsyncClient(base_url=first.url) as on_first,
        httpx.AsyncClient(base_url=second.url) as on_second,
    ):
        admin = await register(on_first)
        ws = await GraphQLWs.open(
            first.url.replace("http", "ws") + "/graphql",
            {"authorization": f"Bearer {admin.access_token}"},
        )
        try:
            await ws.subscribe(AUDIT_EVENTS)
            event = None
            for _ in range(50):
                await gql(
                    on_second, LOGIN, {"input": {"username": admin.username, "password": PASSWORD}}
                )
                try:
                    event = await ws.receive(timeout=0.2)
                    break
                except TimeoutError:
                    continue
            assert event is not None, "no event crossed from the second process to the first"
            assert event["payload"]["data"]["auditEvents"]["kind"] == "login"
        finally:
            await ws.close()
