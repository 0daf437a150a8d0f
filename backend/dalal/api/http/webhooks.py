"""``POST /webhooks/{token}``: signals from TradingView, Chartink or your own scripts.

The URL token names the signal group and authenticates the sender (with, optionally, an
HMAC-SHA256 signature header and an IP allow-list). The answer is JSON: 202 with the
accepted signals' ids (they execute right after), 200 for a duplicate, or 4xx with a
``code`` and a ``message`` saying what to fix. ``?wait=true`` executes before answering and
returns each signal's outcome. Deliveries with an unknown token are logged here (there is no
group to log them under); every other one is in the group's signal log.
"""

from __future__ import annotations

import structlog
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse

from dalal.domain.alert_payloads import SIGNATURE_HEADER
from dalal.services.runtime import Runtime
from dalal.services.signal_intake import (
    RAW_BODY_LOG_LIMIT,
    Delivery,
    SignalRejected,
    UnknownWebhook,
    receive_delivery,
)

log = structlog.get_logger(__name__)


def _problem(status: int, code: str, message: str) -> JSONResponse:
    body = {"status": "rejected", "code": code, "message": message}
    return JSONResponse(body, status_code=status)


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The body, or None once it passes ``limit`` bytes (without reading the rest)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def webhook_route(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    signals = runtime.signals
    try:
        body = await _read_body(request, signals.max_body_bytes)
    except ClientDisconnect:
        return _problem(400, "CLIENT_DISCONNECTED", "The request ended before its body did.")
    if body is None:
        return _problem(
            413,
            "PAYLOAD_TOO_LARGE",
            f"The body is over {signals.max_body_bytes} bytes; a signal fits in far less.",
        )
    delivery = Delivery(
        token=request.path_params["token"],
        body=body,
        content_type=request.headers.get("content-type"),
        source_ip=request.client.host if request.client else None,
        signature=request.headers.get(SIGNATURE_HEADER),
    )
    try:
        outcome = await receive_delivery(runtime.uow_factory(), signals.intake, delivery)
    except UnknownWebhook as exc:
        log.warning(
            "webhook_unknown_token",
            source_ip=delivery.source_ip,
            raw_body=body[:RAW_BODY_LOG_LIMIT].decode("utf-8", errors="replace"),
        )
        return _problem(404, exc.code, exc.message)
    except SignalRejected as exc:
        return _problem(exc.http_status, exc.code, exc.message)
    accepted = [s.id for s in outcome.accepted]
    results: dict[str, dict[str, str | None]] = {}
    if request.query_params.get("wait", "").lower() in ("1", "true", "yes"):
        for signal_id in accepted:
            result = await signals.executor.run(signal_id)
            if result is not None:
                results[str(signal_id)] = {
                    "status": result.signal.status.value,
                    "reason": result.signal.reason,
                }
    else:
        await signals.executor.hand_off(accepted)
    return JSONResponse(
        {
            "status": "accepted" if accepted else "duplicate",
            "signals": [
                {"id": str(s.id), "status": s.status.value, **results.get(str(s.id), {})}
                for s in outcome.accepted
            ]
            + [
                {"id": str(s.id), "status": s.status.value, "duplicateOf": str(s.duplicate_of)}
                for s in outcome.duplicates
            ],
        },
        status_code=202 if accepted and not results else 200,
    )
