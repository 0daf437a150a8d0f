"""Liveness (``/healthz``: the process answers) and readiness (``/readyz``: it can serve)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from dalal.services.runtime import Runtime


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    checks = await runtime.readiness()
    ready = all(checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )
