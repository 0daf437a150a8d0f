"""Auth cookies for the web app: HttpOnly tokens plus a readable CSRF token.

The CSRF check is double-submit: a POST that carries auth cookies must send the
``dalal_csrf`` cookie's value in the ``X-CSRF-Token`` header (see ``api/http/csrf.py``).
"""

from __future__ import annotations

import secrets

from starlette.requests import HTTPConnection
from starlette.responses import Response

ACCESS_COOKIE = "dalal_access"
REFRESH_COOKIE = "dalal_refresh"
CSRF_COOKIE = "dalal_csrf"
CSRF_HEADER = "x-csrf-token"
AUTH_COOKIES = (ACCESS_COOKIE, REFRESH_COOKIE)


def set_session_cookies(
    response: Response,
    *,
    access_token: str,
    refresh_token: str,
    access_ttl: int,
    refresh_ttl: int,
    secure: bool,
) -> None:
    response.set_cookie(
        ACCESS_COOKIE,
        access_token,
        max_age=access_ttl,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    response.set_cookie(
        REFRESH_COOKIE,
        refresh_token,
        max_age=refresh_ttl,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/graphql",
    )
    response.set_cookie(
        CSRF_COOKIE,
        secrets.token_urlsafe(24),
        max_age=refresh_ttl,
        httponly=False,
        samesite="strict",
        secure=secure,
        path="/",
    )


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(ACCESS_COOKIE, path="/")
    response.delete_cookie(REFRESH_COOKIE, path="/graphql")
    response.delete_cookie(CSRF_COOKIE, path="/")


def refresh_cookie(connection: HTTPConnection) -> str | None:
    return connection.cookies.get(REFRESH_COOKIE) or None
