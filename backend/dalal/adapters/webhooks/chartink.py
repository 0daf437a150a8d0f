"""Chartink scan alerts: one delivery names every stock the scan found.

Chartink posts JSON (and has posted form fields) such as::

    {"stocks": "SBIN,TATAMOTORS,INFY", "trigger_prices": "560.5,1020.15,1450",
     "triggered_at": "2:34 pm", "scan_name": "Short term breakouts",
     "scan_url": "short-term-breakouts", "alert_name": "Alert for Short term breakouts",
     "webhook_url": "https://…"}

It says nothing about buying or selling, so the signal group's action decides, and it sends
no id, so every signal has ``unique_id`` None (the intake dedupes identical bodies).
``triggered_at`` is a clock time without a date; it is kept in the raw body, not parsed.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs

from dalal.adapters.webhooks.fields import (
    JsonObject,
    load_json_object,
    malformed,
    read_text,
    to_price,
)
from dalal.adapters.webhooks.tickers import to_ticker
from dalal.domain.signals import MalformedPayload, ParsedSignal, SignalAction

MAX_SIGNALS_PER_DELIVERY = 100
_EXCHANGE = "NSE"  # Chartink scans NSE stocks
_FORM = "application/x-www-form-urlencoded"


def parse_chartink(
    text: str, *, content_type: str | None, default_action: SignalAction | None
) -> list[ParsedSignal]:
    fields = _fields(text, content_type)
    stocks = _entries(fields, "stocks")
    if not stocks:
        raise MalformedPayload("stocks is empty: the alert names no stock.", field="stocks")
    prices = _entries(fields, "trigger_prices")
    if prices and len(prices) != len(stocks):
        raise MalformedPayload(
            f"stocks names {len(stocks)} stocks but trigger_prices has {len(prices)} prices. "
            "Send one trigger price per stock, in the same order.",
            field="trigger_prices",
        )
    pairs = _pairs(stocks, prices)
    alert_name = read_text(fields, "alert_name") or read_text(fields, "scan_name")
    if default_action is None:
        raise MalformedPayload(
            "A Chartink alert does not say whether to enter or exit. Set this signal group's "
            "action (for example BUY_ENTRY) in Dalal."
        )
    return [
        ParsedSignal(
            action=default_action,
            symbol=symbol,
            exchange=_EXCHANGE,
            reference_price=price,
            alert_name=alert_name,
        )
        for symbol, price in pairs
    ]


def _fields(text: str, content_type: str | None) -> JsonObject:
    body = text.strip()
    is_form = (content_type or "").strip().lower().startswith(_FORM)
    if not is_form and body.startswith(("{", "[")):
        return load_json_object(body)
    if "=" not in body:
        raise MalformedPayload(
            'Chartink alerts are JSON such as {"stocks": "SBIN,INFY", '
            '"trigger_prices": "560.5,1450"}, or the same as form fields.'
        )
    try:
        form = parse_qs(body, keep_blank_values=True, max_num_fields=64)
    except ValueError as exc:
        raise MalformedPayload(f"The form fields cannot be read ({exc}).") from exc
    # A repeated form field keeps its first value, as most web frameworks do.
    return {name: values[0] for name, values in form.items()}


def _entries(fields: JsonObject, field: str) -> list[object]:
    """The non-blank entries of a comma-separated field (or of a JSON list)."""
    raw = fields.get(field)
    if raw is None:
        if field == "stocks":
            raise MalformedPayload("stocks is missing: the alert names no stock.", field=field)
        return []
    if isinstance(raw, str):
        items: list[object] = [item.strip() for item in raw.split(",")]
    elif isinstance(raw, list):
        items = [item.strip() if isinstance(item, str) else item for item in raw]
    elif isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        items = [raw]  # one stock's trigger price sent as a JSON number
    else:
        raise malformed(field, "a comma-separated list such as SBIN,INFY", raw)
    return [item for item in items if item != ""]


def _pairs(stocks: list[object], prices: list[object]) -> list[tuple[str, Decimal | None]]:
    """(symbol, trigger price) per distinct stock, in the alert's order; a stock named twice
    counts once, with its first price."""
    seen: dict[str, Decimal | None] = {}
    for index, raw in enumerate(stocks):
        exchange, symbol = to_ticker(raw, "stocks")
        if exchange not in (None, _EXCHANGE):
            raise malformed("stocks", "NSE stocks", raw)
        if symbol in seen:
            continue
        if len(seen) == MAX_SIGNALS_PER_DELIVERY:
            raise MalformedPayload(
                f"The alert names more than {MAX_SIGNALS_PER_DELIVERY} stocks. "
                "Narrow the scan so that it finds fewer.",
                field="stocks",
            )
        seen[symbol] = _trigger_price(prices[index], symbol) if prices else None
    return list(seen.items())


def _trigger_price(raw: object, symbol: str) -> Decimal:
    try:
        return to_price(raw, "trigger_prices")
    except MalformedPayload:
        raise malformed("trigger_prices", f"a positive price for {symbol}", raw) from None
