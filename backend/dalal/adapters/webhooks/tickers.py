"""Symbols and exchanges as senders write them: ``SBIN``, ``NSE:SBIN``, ``NIFTY1!``.

TradingView names a continuous future ``NIFTY1!`` (front month) or ``NIFTY2!`` (next
month). Dalal keeps only the underlying (``NIFTY``): the group's algo chooses the contract,
so the month in the ticker is not carried over.
"""

from __future__ import annotations

import re

from dalal.adapters.webhooks.fields import JsonObject, malformed
from dalal.domain.instruments import Exchange

# NSE symbols use letters, digits and & - _ . (M&M, BAJAJ-AUTO); BSE scrip codes are digits.
_SYMBOL = re.compile(r"[A-Z0-9][A-Z0-9&_.\-]{0,49}", re.ASCII)
_CONTINUOUS_FUTURE = re.compile(r"(?P<root>[A-Z0-9&_.\-]+?)[0-9]!", re.ASCII)
_EXCHANGES = frozenset(e.value for e in Exchange)
_EXCHANGE_NAMES = ", ".join(e.value for e in Exchange)


def to_exchange(raw: object, field: str) -> str:
    if not isinstance(raw, str) or raw.strip().upper() not in _EXCHANGES:
        raise malformed(field, f"one of the exchanges Dalal trades ({_EXCHANGE_NAMES})", raw)
    return raw.strip().upper()


def to_ticker(raw: object, field: str) -> tuple[str | None, str]:
    """(exchange or None, symbol) from ``SYMBOL`` or ``EXCHANGE:SYMBOL``, upper-cased."""
    if not isinstance(raw, str):
        raise malformed(field, "a symbol such as SBIN or NSE:SBIN", raw)
    prefix, _, name = raw.strip().upper().rpartition(":")
    future = _CONTINUOUS_FUTURE.fullmatch(name)
    symbol = future["root"] if future else name
    if not _SYMBOL.fullmatch(symbol):
        raise malformed(field, "a symbol such as SBIN or NSE:SBIN", raw)
    return (to_exchange(prefix, field) if prefix else None), symbol


def read_instrument(
    obj: JsonObject, symbol_fields: tuple[str, ...], exchange_field: str = "exchange"
) -> tuple[str | None, str | None]:
    """(exchange, symbol) from the first symbol field present and an exchange field.

    An ``EXCHANGE:`` prefix on the symbol and an exchange field must agree.
    """
    exchange = symbol = None
    for field in symbol_fields:
        if obj.get(field) is not None:
            exchange, symbol = to_ticker(obj[field], field)
            break
    raw_exchange = obj.get(exchange_field)
    if raw_exchange is None or (isinstance(raw_exchange, str) and not raw_exchange.strip()):
        return exchange, symbol
    named = to_exchange(raw_exchange, exchange_field)
    if exchange is not None and named != exchange:
        raise malformed(exchange_field, f"the exchange in the symbol ({exchange})", raw_exchange)
    return named, symbol
