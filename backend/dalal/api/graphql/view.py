"""The ASGI GraphQL endpoint: builds the context and authenticates HTTP and websocket callers.

Credentials, in order: ``Authorization: Bearer <access token or API key>``, ``X-API-Key``,
then the ``dalal_access`` cookie. Websockets may also send ``{"authorization": "Bearer …"}``
or ``{"apiKey": "…"}`` in the ``connection_init`` payload. A cookie on a websocket counts only
when the ``Origin`` matches the host, which stops cross-site websocket hijacking.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import structlog
from starlette.requests import ClientDisconnect, HTTPConnection, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UnsetType

from dalal.api.graphql.context import Context
from dalal.api.graphql.cookies import ACCESS_COOKIE
from dalal.api.graphql.loaders import Loaders
from dalal.api.graphql.schema import DalalSchema
from dalal.api.http.request_id import current_request_id
from dalal.domain.users import Unauthenticated
from dalal.services.auth import authenticate
from dalal.services.runtime import Runtime

log = structlog.get_logger(__name__)


class DalalGraphQL(GraphQL[Context, None]):
    def __init__(
        self, schema: DalalSchema, runtime: Runtime, allowed_origins: Sequence[str] = ()
    ) -> None:
        # Strawberry refuses websocket handshakes from other origins unless listed here.
        super().__init__(
            schema,
            graphql_ide="graphiql",
            keep_alive=True,
            keep_alive_interval=15,
            allowed_origins=allowed_origins,
        )
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except ClientDisconnect:
            # The browser gave up on the request (navigation, a replaced client): nothing to
            # answer and nothing went wrong on our side.
            log.debug("graphql_client_disconnected")

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        context = Context(
            request=request,
            response=response,
            runtime=self.runtime,
            ip=request.client.host if request.client else None,
            request_id=current_request_id(),
            loaders=Loaders(self.runtime),
        )
        credential, via_cookie = _credential_from_headers(request)
        if credential:
            await self._authenticate(context, credential, via_cookie=via_cookie)
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        credential = _credential_from_params(params)
        if credential:
            await self._authenticate(context, credential, via_cookie=False)
            if context.auth_error is not None:
                raise ConnectionRejectionError({"message": context.auth_error.message})
        return await super().on_ws_connect(context)

    async def _authenticate(self, context: Context, credential: str, *, via_cookie: bool) -> None:
        try:
            context.principal = await authenticate(
                self.runtime.uow_factory,
                self.runtime.verifier,
                self.runtime.clock,
                credential=credential,
            )
            context.auth_error = None
            context.via_cookie = via_cookie
        except Unauthenticated as exc:
            context.principal = None
            context.auth_error = exc


def _credential_from_headers(connection: HTTPConnection) -> tuple[str | None, bool]:
    header = connection.headers.get("authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        return (value.strip() or None) if scheme.lower() == "bearer" else header, False
    api_key = connection.headers.get("x-api-key")
    if api_key:
        return api_key.strip(), False
    cookie = connection.cookies.get(ACCESS_COOKIE)
    if cookie and (isinstance(connection, Request) or _same_origin(connection)):
        return cookie, True
    return None, False


def _credential_from_params(params: dict[str, Any]) -> str | None:
    for key in ("authorization", "Authorization"):
        value = params.get(key)
        if isinstance(value, str) and value:
            scheme, _, token = value.partition(" ")
            return token.strip() if scheme.lower() == "bearer" else value
    api_key = params.get("apiKey")
    return api_key if isinstance(api_key, str) and api_key else None


def _same_origin(connection: HTTPConnection) -> bool:
    origin = connection.headers.get("origin")
    if not origin:
        return True  # non-browser clients send no Origin, and a browser always does
    return urlsplit(origin).netloc == connection.headers.get("host")
