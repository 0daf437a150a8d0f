"""A backtest's report as GraphQL types, read from the stored JSON (exact money strings)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry

from dalal.services import backtest_reports as reports


@strawberry.type(name="BacktestMetrics", description="Null where a ratio is undefined")
class BacktestMetricsType:
    start: datetime
    end: datetime
    duration_seconds: int
    exposure_pct: float | None
    final_equity: Decimal
    equity_peak: Decimal
    return_pct: float | None
    buy_hold_return_pct: float | None
    cagr_pct: float | None
    volatility_pct: float | None
    sharpe: float | None
    sortino: float | None
    calmar: float | None
    max_drawdown_pct: float | None
    max_drawdown_duration_seconds: int | None
    avg_drawdown_pct: float | None
    n_trades: int
    win_rate_pct: float | None
    best_trade_pct: float | None
    worst_trade_pct: float | None
    avg_trade_pct: float | None
    max_trade_duration_seconds: float | None
    avg_trade_duration_seconds: float | None
    profit_factor: float | None
    expectancy_pct: float | None
    sqn: float | None
    total_charges: Decimal

    @classmethod
    def of(cls, m: dict[str, Any]) -> BacktestMetricsType:
        return cls(
            start=datetime.fromisoformat(m["start"]),
            end=datetime.fromisoformat(m["end"]),
            duration_seconds=int(m["duration_s"]),
            max_drawdown_duration_seconds=_int(m.get("max_drawdown_duration_s")),
            max_trade_duration_seconds=m.get("max_trade_duration_s"),
            avg_trade_duration_seconds=m.get("avg_trade_duration_s"),
            final_equity=Decimal(m["final_equity"]),
            equity_peak=reports.money(m.get("equity_peak")),
            total_charges=Decimal(m["total_charges"]),
            n_trades=int(m["n_trades"]),
            **{k: m.get(k) for k in _FLOATS},
        )


_FLOATS = (
    "exposure_pct",
    "return_pct",
    "buy_hold_return_pct",
    "cagr_pct",
    "volatility_pct",
    "sharpe",
    "sortino",
    "calmar",
    "max_drawdown_pct",
    "avg_drawdown_pct",
    "win_rate_pct",
    "best_trade_pct",
    "worst_trade_pct",
    "avg_trade_pct",
    "profit_factor",
    "expectancy_pct",
    "sqn",
)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


@strawberry.type
class EquityPoint:
    time: datetime
    equity: float
    drawdown_pct: float


@strawberry.type
class BacktestTrade:
    symbol: str
    entry_time: datetime
    exit_time: datetime
    size: int = strawberry.field(description="Positive long, negative short")
    entry_price: Decimal
    exit_price: Decimal
    pnl: Decimal
    return_pct: float
    charges: Decimal
    exit_reason: str

    @classmethod
    def of(cls, t: dict[str, Any]) -> BacktestTrade:
        return cls(
            symbol=t["symbol"],
            entry_time=datetime.fromisoformat(t["entry_time"]),
            exit_time=datetime.fromisoformat(t["exit_time"]),
            size=int(t["size"]),
            entry_price=Decimal(t["entry_price"]),
            exit_price=Decimal(t["exit_price"]),
            pnl=Decimal(t["pnl"]),
            return_pct=float(t["return_pct"]),
            charges=Decimal(t["charges"]),
            exit_reason=t["exit_reason"],
        )


@strawberry.type
class BacktestOrder:
    id: str
    symbol: str
    side: str
    order_type: str
    product: str
    quantity: int
    price: Decimal | None
    trigger_price: Decimal | None
    status: str
    placed_at: datetime
    updated_at: datetime
    filled_quantity: int
    average_price: Decimal | None
    reason: str
    reject_reason: str | None
    cancel_reason: str | None

    @classmethod
    def of(cls, o: dict[str, Any]) -> BacktestOrder:
        def dec(key: str) -> Decimal | None:
            return None if o.get(key) is None else Decimal(o[key])

        return cls(
            id=o["id"],
            symbol=o["symbol"],
            side=o["side"],
            order_type=o["order_type"],
            product=o["product"],
            quantity=int(o["quantity"]),
            price=dec("price"),
            trigger_price=dec("trigger_price"),
            status=o["status"],
            placed_at=datetime.fromisoformat(o["placed_at"]),
            updated_at=datetime.fromisoformat(o["updated_at"]),
            filled_quantity=int(o["filled_quantity"]),
            average_price=dec("average_price"),
            reason=o["reason"] or "",
            reject_reason=o.get("reject_reason"),
            cancel_reason=o.get("cancel_reason"),
        )
