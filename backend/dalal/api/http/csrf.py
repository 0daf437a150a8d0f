"""Double-submit CSRF protection for cookie-authenticated POSTs to ``/graphql``.

A POST carrying auth cookies must carry the ``dalal_csrf`` cookie's value in ``X-CSRF-Token``.
Requests without auth cookies (integrators with bearer tokens or API keys) are not affected.
"""

from __future__ import annotations

import hmac

import orjson
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from dalal.api.graphql.cookies import AUTH_COOKIES, CSRF_COOKIE, CSRF_HEADER


class CsrfMiddleware:
    def __init__(self, app: ASGIApp, *, path: str = "/graphql") -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope.get("method") == "POST"
            and (scope.get("path") == self.path)
        ):
            connection = HTTPConnection(scope)
            if any(name in connection.cookies for name in AUTH_COOKIES):
                expected = connection.cookies.get(CSRF_COOKIE, "")
                given = connection.headers.get(CSRF_HEADER, "")
                if not expected or not hmac.compare_digest(expected, given):
                    await _reject(send)
                    return
        await self.app(scope, receive, send)


async def _reject(send: Send) -> None:
    body = orjson.dumps(
        {
            "errors": [
                {
                    "message": "The CSRF token is missing or wrong. Reload the page and try again.",
                    "extensions": {"code": "CSRF_FAILED"},
                }
            ]
        }
    )
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
