"""The per-request GraphQL context: who is calling, the services, and per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from dalal.api.graphql.loaders import Loaders
from dalal.domain.users import Principal, Unauthenticated
from dalal.services.runtime import Runtime


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket
    runtime: Runtime
    ip: str | None
    request_id: str | None
    loaders: Loaders
    principal: Principal | None = None
    auth_error: Unauthenticated | None = None
    via_cookie: bool = False
    connection_params: dict[str, Any] = field(default_factory=dict)

    @property
    def http_response(self) -> Response | None:
        return self.response if isinstance(self.response, Response) else None


Info = StrawberryInfo[Context, None]
