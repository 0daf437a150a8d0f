"""Backtest metrics, checked against their formulas on numbers small enough to do by hand."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from dalal.domain.metrics import TradeColumns, equity_metrics, trade_metrics
from dalal.domain.orders import Side
from tests.unit.backtest_support import BARS_DAILY, Script, run

DAY = 86_400


def test_equity_metrics_follow_their_formulas() -> None:
    # Capital 100; closes of three days 110, 99, 121.
    equity = np.array([110.0, 99.0, 121.0])
    times = np.array([0, DAY, 2 * DAY])
    m = equity_metrics(equity, times, times // DAY, 100.0)
    returns = np.array([0.10, -0.10, 121 / 99 - 1])
    std = returns.std(ddof=1)
    assert m.return_pct == pytest.approx(21.0)
    assert m.volatility_pct == pytest.approx(std * math.sqrt(252) * 100)
    assert m.sharpe == pytest.approx(returns.mean() / std * math.sqrt(252))
    downside = math.sqrt(np.mean(np.minimum(returns, 0) ** 2))
    assert m.sortino == pytest.approx(returns.mean() / downside * math.sqrt(252))
    years = 2 / 365.25
    assert m.cagr_pct == pytest.approx((1.21 ** (1 / years) - 1) * 100)
    assert m.max_drawdown_pct == pytest.approx(10.0)  # 110 → 99
    assert m.max_drawdown_duration_s == 2 * DAY  # from the peak (day 0) to recovery (day 2)
    assert m.avg_drawdown_pct == pytest.approx(10.0)
    assert m.calmar == pytest.approx(m.cagr_pct / 100 / 0.10)
    assert m.equity_peak == 121.0


def test_a_risk_free_rate_lowers_sharpe_by_its_daily_share() -> None:
    equity = np.array([101.0, 103.0, 102.0, 105.0])
    times = np.arange(4) * DAY
    plain = equity_metrics(equity, times, times // DAY, 100.0)
    with_rate = equity_metrics(equity, times, times // DAY, 100.0, risk_free_rate=0.0252)
    returns = np.diff(np.r_[100.0, equity]) / np.r_[100.0, equity][:-1]
    expected = (returns.mean() - 0.0001) / returns.std(ddof=1) * math.sqrt(252)
    assert with_rate.sharpe == pytest.approx(expected)
    assert with_rate.sharpe < plain.sharpe


def test_a_short_run_whose_growth_would_overflow_has_no_cagr() -> None:
    # +12.8 % over 90 one-minute bars compounds past a float: CAGR is undefined, not a crash.
    equity = np.linspace(100.0, 112.8, 90)
    times = np.arange(90) * 60
    m = equity_metrics(equity, times, times // DAY, 100.0)
    assert math.isnan(m.cagr_pct)
    assert m.return_pct == pytest.approx(12.8)
    # A gain that annualises to a finite rate still has one.
    week = equity_metrics(np.array([100.5, 101.0]), np.array([0, 7 * DAY]), np.array([0, 7]), 100.0)
    assert week.cagr_pct == pytest.approx((1.01 ** (365.25 / 7) - 1) * 100)


def test_a_curve_that_never_falls_has_no_drawdown_and_no_calmar() -> None:
    times = np.arange(3) * DAY
    m = equity_metrics(np.array([101.0, 102.0, 103.0]), times, times // DAY, 100.0)
    assert (m.max_drawdown_pct, m.max_drawdown_duration_s, m.avg_drawdown_pct) == (0, 0, 0)
    assert math.isnan(m.calmar)


def test_trade_metrics_follow_their_formulas() -> None:
    pnl = np.array([10.0, -5.0, 20.0, -5.0])
    returns = np.array([0.10, -0.05, 0.20, -0.05])
    trades = TradeColumns(
        pnl=pnl,
        returns=returns,
        entry_index=np.array([0, 3, 5, 8]),
        exit_index=np.array([2, 4, 5, 9]),
        entry_time=np.array([0, 3, 5, 8]) * DAY,
        exit_time=np.array([2, 4, 5, 9]) * DAY,
    )
    m = trade_metrics(trades, n_bars=12)
    assert m.n_trades == 4
    assert m.win_rate_pct == 50.0
    assert (m.best_trade_pct, m.worst_trade_pct) == pytest.approx((20.0, -5.0))
    assert m.avg_trade_pct == pytest.approx(((1.1 * 0.95 * 1.2 * 0.95) ** 0.25 - 1) * 100)
    assert m.expectancy_pct == pytest.approx(5.0)
    assert m.profit_factor == pytest.approx(30 / 10)
    assert m.sqn == pytest.approx(2 * pnl.mean() / pnl.std(ddof=1))
    assert m.max_trade_duration_s == 2 * DAY
    assert m.avg_trade_duration_s == pytest.approx((2 + 1 + 0 + 1) / 4 * DAY)
    assert m.exposure_pct == pytest.approx(8 / 12 * 100)  # bars 0-5 and 8-9


def test_no_trades_leave_the_trade_ratios_undefined() -> None:
    empty = np.array([], dtype=np.int64)
    m = trade_metrics(TradeColumns(np.array([]), np.array([]), empty, empty, empty, empty), 5)
    assert m.n_trades == 0
    assert m.exposure_pct == 0
    assert all(math.isnan(v) for v in (m.win_rate_pct, m.profit_factor, m.sqn, m.expectancy_pct))


def test_a_backtest_reports_its_round_trip_by_formula() -> None:
    # Buy 10 at bar 1's open (102), sell at bar 3's open (96): −60 on a capital of 100,000.
    plan = {0: lambda ctx, bar: ctx.buy(size=10), 2: lambda ctx, bar: ctx.sell(size=10)}
    result = run(Script(plan), BARS_DAILY)
    m = result.metrics
    assert m.final_equity == Decimal("99940.00")
    assert m.return_pct == pytest.approx(-0.06)
    assert (m.n_trades, m.win_rate_pct) == (1, 0.0)
    assert m.best_trade_pct == pytest.approx(-60 / 1020 * 100)
    assert m.exposure_pct == pytest.approx(3 / 5 * 100)  # bars 1, 2, 3
    assert m.buy_hold_return_pct == pytest.approx(0.0)  # 100 → 100
    # Equity at each close: cash + 10 × close while held.
    cash_after_buy = 100_000 - 1020
    assert result.equity.tolist() == [
        100_000,
        cash_after_buy + 1030,
        cash_after_buy + 980,
        99_940,
        99_940,
    ]
    assert result.trades[0].size == 10
    assert result.fills[1].side is Side.SELL
