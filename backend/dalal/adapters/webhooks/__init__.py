"""Webhook payload parsers: TradingView, Chartink and the generic JSON format.

``parse_webhook`` turns one delivery's body into signals, or raises ``MalformedPayload``
with a message that tells the sender what to fix; it raises nothing else, whatever the
bytes. The route refuses bodies over ``MAX_BODY_BYTES`` before parsing; the parser checks
again so that it is safe on its own.
"""

from __future__ import annotations

from dalal.adapters.webhooks.chartink import MAX_SIGNALS_PER_DELIVERY, parse_chartink
from dalal.adapters.webhooks.fields import decode_text
from dalal.adapters.webhooks.generic_json import parse_generic_json
from dalal.adapters.webhooks.tradingview import parse_tradingview
from dalal.domain.signals import MalformedPayload, ParsedSignal, SignalAction, SignalSource

__all__ = ["MAX_BODY_BYTES", "MAX_SIGNALS_PER_DELIVERY", "parse_webhook"]

MAX_BODY_BYTES = 64 * 1024


def parse_webhook(
    source: SignalSource,
    body: bytes,
    *,
    content_type: str | None = None,
    default_action: SignalAction | None = None,
) -> list[ParsedSignal]:
    """The signals in one delivery to a group of ``source``. ``default_action`` is the
    group's action, used when the body names none (always, for Chartink)."""
    if len(body) > MAX_BODY_BYTES:
        raise MalformedPayload(
            f"The body is {len(body)} bytes; the limit is {MAX_BODY_BYTES}. Send a shorter alert."
        )
    text = decode_text(body)
    if source is SignalSource.TRADINGVIEW:
        return parse_tradingview(text, default_action=default_action)
    if source is SignalSource.CHARTINK:
        return parse_chartink(text, content_type=content_type, default_action=default_action)
    if source is SignalSource.JSON:
        return parse_generic_json(text, default_action=default_action)
    raise MalformedPayload(f"Signals from {source} do not arrive by webhook.")
