"""A minimal graphql-transport-ws client for tests (the protocol graphql-ws speaks)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection


class GraphQLWs:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    @classmethod
    async def open(
        cls, url: str, payload: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> GraphQLWs:
        connection = await websockets.connect(
            url, subprotocols=["graphql-transport-ws"], additional_headers=headers or {}
        )
        client = cls(connection)
        await client.send({"type": "connection_init", "payload": payload or {}})
        ack = await client.receive()
        assert ack["type"] == "connection_ack", ack
        return client

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self, timeout: float = 10) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.connection.recv(), timeout)
        message: dict[str, Any] = json.loads(raw)
        if message.get("type") == "ping":
            await self.send({"type": "pong"})
            return await self.receive(timeout)
        return message

    async def subscribe(self, query: str, op_id: str = "1") -> None:
        await self.send({"id": op_id, "type": "subscribe", "payload": {"query": query}})

    async def close(self) -> None:
        await self.connection.close()
