"""The generic JSON format, in a short and a rich shape (fields of both may be mixed).

Short: ``{"signal": "BUY_ENTRY", "unique_id": "n-1", "strike_price_token": 12345,
"strategy_code": "orb"}``. Rich: ``{"strategy_id": "orb", "signal_type": "entry",
"symbol": "NIFTY", "action": "buy", "quantity": 2, "price": "market"}``.

In the rich shape ``action`` is the side of the *order*, so an exit that sells closes a long:
entry+buy is BUY_ENTRY, entry+sell SELL_ENTRY, exit+sell BUY_EXIT and exit+buy SELL_EXIT.
A ``token`` field may repeat the URL's token; it is ignored, since the URL authenticates.
Fields Dalal does not know are ignored, so senders can carry their own notes.
"""

from __future__ import annotations

from decimal import Decimal

from dalal.adapters.webhooks.fields import (
    JsonObject,
    load_json_object,
    malformed,
    read_account_id,
    read_choice,
    read_identifier,
    read_instrument_token,
    read_price,
    read_quantity,
    read_text,
    read_timestamp,
    to_price,
)
from dalal.adapters.webhooks.tickers import read_instrument
from dalal.domain.orders import OrderType, Side
from dalal.domain.signals import MalformedPayload, ParsedSignal, SignalAction

_SIGNAL_NAMES = "BUY_ENTRY, BUY_EXIT, SELL_ENTRY or SELL_EXIT"
_KINDS = {"entry": True, "exit": False}
_SIDES = {"buy": Side.BUY, "sell": Side.SELL}


def parse_generic_json(text: str, *, default_action: SignalAction | None) -> list[ParsedSignal]:
    return [parse_generic_object(load_json_object(text), default_action=default_action)]


def parse_generic_object(obj: JsonObject, *, default_action: SignalAction | None) -> ParsedSignal:
    exchange, symbol = read_instrument(obj, ("symbol", "ticker"))
    order_type, price, trigger_price = _order_terms(obj)
    return ParsedSignal(
        action=_action(obj, default_action),
        symbol=symbol,
        exchange=exchange,
        unique_id=read_identifier(obj, "unique_id"),
        quantity=read_quantity(obj, "quantity"),
        order_type=order_type,
        price=price,
        trigger_price=trigger_price,
        instrument_token=read_instrument_token(obj, "strike_price_token"),
        strategy_code=read_identifier(obj, "strategy_code") or read_identifier(obj, "strategy_id"),
        account_id=read_account_id(obj, "account_id"),
        alert_name=read_text(obj, "alert_name"),
        occurred_at=read_timestamp(obj, "timestamp"),
    )


def _action(obj: JsonObject, default: SignalAction | None) -> SignalAction:
    named = _named_signal(obj)
    paired = _paired_signal(obj, default)
    if named is not None and paired is not None and named is not paired:
        raise MalformedPayload(
            f"signal says {named} but signal_type and action say {paired}. Send one of them.",
            field="signal",
        )
    action = named or paired or default
    if action is None:
        raise MalformedPayload(
            f'Say what to do: add "signal" ({_SIGNAL_NAMES}), or "signal_type" '
            '("entry" or "exit") with "action" ("buy" or "sell").',
            field="signal",
        )
    return action


def _named_signal(obj: JsonObject) -> SignalAction | None:
    raw = obj.get("signal")
    if raw is None:
        return None
    name = raw.strip().upper() if isinstance(raw, str) else ""
    if name not in SignalAction.__members__:
        raise malformed("signal", f"one of {_SIGNAL_NAMES}", raw)
    return SignalAction[name]


def _paired_signal(obj: JsonObject, default: SignalAction | None) -> SignalAction | None:
    """The rich shape's signal_type + action. When one half is missing, the group's default
    action stands in, but only if it agrees with the half that was sent."""
    kind, side = read_choice(obj, "signal_type", _KINDS), read_choice(obj, "action", _SIDES)
    if kind is None and side is None:
        return None
    if kind is not None and side is not None:
        entry, order_side = _KINDS[kind], _SIDES[side]
        return next(a for a in SignalAction if a.is_entry == entry and a.order_side is order_side)
    if default is not None and (
        (kind is None or default.is_entry == _KINDS[kind])
        and (side is None or default.order_side is _SIDES[side])
    ):
        return default
    missing = "signal_type" if kind is None else "action"
    expected = '"entry" or "exit"' if kind is None else '"buy" or "sell" (the order\'s side)'
    raise MalformedPayload(f"{missing} is missing: send {expected} with it.", field=missing)


def _order_terms(obj: JsonObject) -> tuple[OrderType | None, Decimal | None, Decimal | None]:
    """(order type, limit price, trigger price). No price and no trigger leaves the type to
    the algo; a trigger makes a stop order (SL with a limit price, SL-M without)."""
    trigger = read_price(obj, "trigger_price")
    limit = read_price(obj, "limit_price")
    raw = obj.get("price")
    word = raw.strip().lower() if isinstance(raw, str) else None
    if word == "market":
        if limit is not None:
            raise malformed("limit_price", 'absent when price is "market"', obj["limit_price"])
        price = None
    elif word == "limit":
        if limit is None:
            raise malformed("limit_price", 'a number when price is "limit"', obj.get("limit_price"))
        price = limit
    elif raw is not None:
        price = _price_number(raw)
    else:
        price = limit
    if raw is None and limit is None and trigger is None:
        return None, None, None
    if trigger is not None:
        return (OrderType.SL if price is not None else OrderType.SL_M), price, trigger
    return (OrderType.LIMIT if price is not None else OrderType.MARKET), price, None


def _price_number(raw: object) -> Decimal:
    try:
        return to_price(raw, "price")
    except MalformedPayload:
        raise malformed("price", '"market", "limit" (with limit_price) or a price', raw) from None
