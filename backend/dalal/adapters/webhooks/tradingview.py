"""TradingView alerts: a JSON message, or one line of plain text.

JSON is Dalal's strategy template (``action`` from ``{{strategy.order.action}}`` with
``market_position`` from ``{{strategy.market_position}}``) or the generic shapes. The
order's side and the position it leaves decide the signal:

    buy  → long   BUY_ENTRY (from short: SELL_EXIT then BUY_ENTRY, a reversal)
    sell → flat   BUY_EXIT   (sell while still long: a partial BUY_EXIT)
    sell → short  SELL_ENTRY (from long: BUY_EXIT then SELL_ENTRY, a reversal)
    buy  → flat   SELL_EXIT  (buy while still short: a partial SELL_EXIT)

Plain text is ``BUY NIFTY 2``, ``SELL SBIN``, ``BUY_EXIT NSE:SBIN 10``, ``EXIT LONG NIFTY``
or ``EXIT SHORT NIFTY``: an action, an optional symbol and optional lots, in any case.
"""

from __future__ import annotations

import dataclasses
import re

from dalal.adapters.webhooks.fields import (
    MAX_ID_CHARS,
    MAX_TEXT_CHARS,
    JsonObject,
    as_number,
    load_json_object,
    read_choice,
    read_identifier,
    read_price,
    read_quantity,
    read_text,
    read_timestamp,
    shown,
    to_quantity,
)
from dalal.adapters.webhooks.generic_json import parse_generic_object
from dalal.adapters.webhooks.tickers import read_instrument, to_ticker
from dalal.domain.signals import MalformedPayload, ParsedSignal, SignalAction

_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
_POSITIONS = ("long", "flat", "short")
_ONE_WORD_ACTIONS = {
    "BUY": SignalAction.BUY_ENTRY,
    "SELL": SignalAction.SELL_ENTRY,
    **{action.value: action for action in SignalAction},
}
_EXIT_OF = {"LONG": SignalAction.BUY_EXIT, "SHORT": SignalAction.SELL_EXIT}


def parse_tradingview(text: str, *, default_action: SignalAction | None) -> list[ParsedSignal]:
    body = text.strip()
    if not body.startswith(("{", "[")):
        return [parse_text_alert(body)]
    obj = load_json_object(body)
    _reject_placeholders(obj)
    if "market_position" in obj:
        return _strategy_signals(obj)
    return [parse_generic_object(obj, default_action=default_action)]


def strategy_actions(side: str, position: str, previous: str | None) -> tuple[SignalAction, ...]:
    """The signals of one strategy order: its side (buy/sell) and the position it leaves
    (long/flat/short), with the position before it telling a reversal from a pyramid."""
    if side == "buy":
        if position != "long":
            return (SignalAction.SELL_EXIT,)
        if previous == "short":
            return (SignalAction.SELL_EXIT, SignalAction.BUY_ENTRY)
        return (SignalAction.BUY_ENTRY,)
    if position != "short":
        return (SignalAction.BUY_EXIT,)
    if previous == "long":
        return (SignalAction.BUY_EXIT, SignalAction.SELL_ENTRY)
    return (SignalAction.SELL_ENTRY,)


def _reject_placeholders(obj: JsonObject) -> None:
    for field, value in obj.items():
        if isinstance(value, str) and (match := _PLACEHOLDER.search(value)):
            raise MalformedPayload(
                f"{field} still holds the placeholder {match.group()[:40]}. TradingView fills "
                "{{strategy.…}} placeholders only in alerts created on a strategy: create the "
                "alert with your strategy as its condition, or write plain values instead.",
                field=field,
            )


def _required_choice(obj: JsonObject, field: str, choices: tuple[str, ...]) -> str:
    word = read_choice(obj, field, choices)
    if word is None:
        raise MalformedPayload(
            f"{field} is missing. Paste Dalal's TradingView template as the alert message.",
            field=field,
        )
    return word


def _strategy_signals(obj: JsonObject) -> list[ParsedSignal]:
    actions = strategy_actions(
        _required_choice(obj, "action", ("buy", "sell")),
        _required_choice(obj, "market_position", _POSITIONS),
        read_choice(obj, "prev_market_position", _POSITIONS),
    )
    exchange, symbol = read_instrument(obj, ("ticker", "symbol"))
    signal = ParsedSignal(
        action=actions[0],
        symbol=symbol,
        exchange=exchange,
        unique_id=read_identifier(obj, "id"),
        quantity=read_quantity(obj, "contracts"),
        reference_price=read_price(obj, "close"),
        strategy_code=read_identifier(obj, "strategy_code"),
        alert_name=read_text(obj, "alert_name"),
        occurred_at=read_timestamp(obj, "time"),
    )
    if len(actions) == 1:
        return [signal]
    return _reversal(signal, actions[1], read_quantity(obj, "position_size"))


def _reversal(
    exit_signal: ParsedSignal, entry_action: SignalAction, position_size: int | None
) -> list[ParsedSignal]:
    """Split a reversal into its exit and its entry. TradingView's contracts count both
    sides; position_size (the new position) splits them, and without it neither leg
    names a quantity: the exit closes what is open and the entry trades the algo's lots."""
    total = exit_signal.quantity
    exit_lots: int | None = None
    entry_lots: int | None = None
    if total is not None and position_size is not None and position_size < total:
        exit_lots, entry_lots = total - position_size, position_size
    uid = exit_signal.unique_id
    return [
        dataclasses.replace(exit_signal, quantity=exit_lots, unique_id=_suffixed(uid, ":exit")),
        dataclasses.replace(
            exit_signal,
            action=entry_action,
            quantity=entry_lots,
            unique_id=_suffixed(uid, ":entry"),
        ),
    ]


def _suffixed(unique_id: str | None, suffix: str) -> str | None:
    if unique_id is None:
        return None
    return unique_id[: MAX_ID_CHARS - len(suffix)] + suffix


def parse_text_alert(line: str) -> ParsedSignal:
    """One line: ACTION [SYMBOL] [LOTS], where ACTION is BUY, SELL, a signal name such as
    BUY_EXIT, or EXIT LONG / EXIT SHORT."""
    words = line.split() if len(line) <= MAX_TEXT_CHARS else []
    head = words[0].upper() if words else ""
    if head == "EXIT" and len(words) > 1 and words[1].upper() in _EXIT_OF:
        action, rest = _EXIT_OF[words[1].upper()], words[2:]
    elif head in _ONE_WORD_ACTIONS:
        action, rest = _ONE_WORD_ACTIONS[head], words[1:]
    else:
        raise _unreadable_text(line)
    if len(rest) > 2:
        raise _unreadable_text(line)
    if len(rest) == 1 and as_number(rest[0]) is not None:
        rest = ["", rest[0]]
    exchange, symbol = to_ticker(rest[0], "symbol") if rest and rest[0] else (None, None)
    quantity = to_quantity(rest[1], "quantity") if len(rest) == 2 else None
    return ParsedSignal(action=action, symbol=symbol, exchange=exchange, quantity=quantity)


def _unreadable_text(line: str) -> MalformedPayload:
    return MalformedPayload(
        f"Dalal cannot read the alert {shown(line)}. Send JSON, or one line such as "
        "BUY NIFTY 2, SELL SBIN, BUY_EXIT NSE:SBIN 10 or EXIT LONG NIFTY "
        "(the symbol and the lots are optional)."
    )
