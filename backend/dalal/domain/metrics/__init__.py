"""Backtest metrics: of the equity curve (``equity``) and of the closed trades (``trades``)."""

from dalal.domain.metrics.equity import (
    TRADING_DAYS,
    EquityMetrics,
    daily_returns,
    drawdown,
    drawdown_episodes,
    equity_metrics,
)
from dalal.domain.metrics.trades import TradeColumns, TradeMetrics, exposure, trade_metrics

__all__ = [
    "TRADING_DAYS",
    "EquityMetrics",
    "TradeColumns",
    "TradeMetrics",
    "daily_returns",
    "drawdown",
    "drawdown_episodes",
    "equity_metrics",
    "exposure",
    "trade_metrics",
]
