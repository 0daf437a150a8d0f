"""``POST /api/market/ticks``: push quotes from your own market-data vendor.

Body: ``{"ticks": [{"symbol": "RELIANCE", "exchange": "NSE", "ltp": 2501.5, "bid": "2501.45",
"ask": 2501.55, "volume": 1200}]}``. JSON numbers are read as exact decimals. Authenticate
with an admin's API key that has the ``market`` scope (``X-API-Key`` or
``Authorization: Bearer``). The answer lists how many ticks were accepted and each rejected
tick with its index and reason; a bad tick never stops the good ones.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from dalal.domain.errors import Forbidden
from dalal.domain.users import Unauthenticated
from dalal.services.auth import authenticate
from dalal.services.ingest import MAX_TICKS_PER_BATCH, check_can_ingest, resolve_ticks
from dalal.services.runtime import Runtime


def _problem(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _credential(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-api-key") or None


def _parse(raw: bytes) -> list[Any] | JSONResponse:
    try:
        body = json.loads(raw, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        return _problem(400, "BAD_JSON", 'The body is not valid JSON. Send {"ticks": [...]}.')
    ticks = body.get("ticks") if isinstance(body, dict) else None
    if not isinstance(ticks, list):
        return _problem(400, "BAD_BODY", "Send a JSON object with a 'ticks' list.")
    if len(ticks) > MAX_TICKS_PER_BATCH:
        return _problem(
            413, "TOO_MANY_TICKS", f"Send at most {MAX_TICKS_PER_BATCH} ticks per request."
        )
    return ticks


async def ingest_ticks_route(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    credential = _credential(request)
    if credential is None:
        return _problem(401, "UNAUTHENTICATED", "Send an API key with the 'market' scope.")
    try:
        principal = await authenticate(
            runtime.uow_factory, runtime.verifier, runtime.clock, credential=credential
        )
        check_can_ingest(principal)
    except Unauthenticated as exc:
        return _problem(401, exc.code, exc.message)
    except Forbidden as exc:
        return _problem(403, exc.code, exc.message)
    ticks = _parse(await request.body())
    if isinstance(ticks, JSONResponse):
        return ticks
    result = await resolve_ticks(runtime.uow_factory(), ticks, now=runtime.clock.now())
    if result.quotes:
        await runtime.ingest(result.quotes)
    return JSONResponse(
        {
            "accepted": len(result.quotes),
            "rejected": [{"index": r.index, "reason": r.reason} for r in result.rejected],
        },
        status_code=200 if result.quotes or not result.rejected else 422,
    )
