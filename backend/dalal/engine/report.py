"""A backtest result as JSON: snake_case keys, money as decimal strings, ratios as numbers.

Money that was booked (final equity, P&L, prices, charges) is a string with its exact
decimal value, as on the GraphQL wire; curves and ratios are numbers, and a ratio that is
not defined (NaN) is ``null``. Times are ISO 8601 in UTC. Keys keep one order and floats
print the same way every time, so equal results give byte-identical JSON.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson

from dalal.domain.money import canonical
from dalal.engine.bar_data import at
from dalal.engine.results import BacktestResult, OrderRecord
from dalal.engine.trades import ClosedTrade


def _value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(canonical(value))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def metrics_json(result: BacktestResult) -> dict[str, Any]:
    return {key: _value(value) for key, value in asdict(result.metrics).items()}


def trade_json(trade: ClosedTrade) -> dict[str, Any]:
    return {
        "symbol": trade.symbol,
        "entry_time": trade.entry_time.isoformat(),
        "exit_time": trade.exit_time.isoformat(),
        "size": trade.size,
        "entry_price": _value(trade.entry_price),
        "exit_price": _value(trade.exit_price),
        "pnl": _value(trade.pnl),
        "return_pct": trade.return_fraction * 100.0,
        "charges": _value(trade.charges),
        "exit_reason": trade.exit_reason,
    }


def order_json(record: OrderRecord, symbols: dict[int, str]) -> dict[str, Any]:
    order = record.order
    return {
        "id": str(order.id),
        "symbol": symbols.get(order.token, str(order.token)),
        "side": order.side.value,
        "order_type": order.order_type.value,
        "product": order.product.value,
        "quantity": order.quantity,
        "price": _value(order.price),
        "trigger_price": _value(order.trigger_price),
        "status": order.status.value,
        "placed_at": order.placed_at.isoformat(),
        "updated_at": order.updated_at.isoformat(),
        "filled_quantity": order.filled_quantity,
        "average_price": _value(order.average_price),
        "reason": record.reason,
        "reject_reason": order.reject_reason,
        "cancel_reason": order.cancel_reason,
    }


def equity_json(result: BacktestResult) -> list[dict[str, Any]]:
    return [
        {"time": at(t).isoformat(), "equity": round(e, 2), "drawdown_pct": round(d * 100.0, 6)}
        for t, e, d in zip(
            result.times.tolist(), result.equity.tolist(), result.drawdown.tolist(), strict=True
        )
    ]


def result_json(result: BacktestResult, *, with_curve: bool = True) -> dict[str, Any]:
    symbols = result.symbols
    return {
        "strategy": result.strategy,
        "params": result.params,
        "metrics": metrics_json(result),
        "trades": [trade_json(t) for t in result.trades],
        "orders": [order_json(o, symbols) for o in result.orders],
        "equity_curve": equity_json(result) if with_curve else [],
    }


def dumps(result: BacktestResult, *, with_curve: bool = True) -> bytes:
    return orjson.dumps(result_json(result, with_curve=with_curve))
