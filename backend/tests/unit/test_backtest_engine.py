"""The runner itself: several instruments on one timeline, signals, progress, and sweeps on
two processes giving what one gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import numpy as np

from dalal.domain.charges import parse_template
from dalal.engine.backtest import BacktestConfig
from dalal.engine.bar_data import at
from dalal.engine.sweep import grid, sweep
from dalal.strategies import StrategySignal, build
from dalal.strategies.base import Strategy, StrategyParams
from tests.unit.backtest_support import EQ, closes, run
from tests.unit.test_strategies import wavy

D = Decimal
FIXED = {"sizing.kind": "quantity", "sizing.quantity": 10}


def test_several_instruments_trade_on_one_timeline_as_they_would_alone() -> None:
    first = closes(wavy(200, seed=1))
    other = EQ.__class__(8, EQ.exchange, "BETA", "BETA LTD", EQ.instrument_type, 1, EQ.tick_size)
    second = closes(wavy(150, seed=2), other)
    # The second instrument starts later and misses some days: a ragged timeline.
    keep = np.ones(len(second), dtype=bool)
    keep[::7] = False
    second = replace(
        second,
        times=second.times[keep] + 30 * 86_400,
        open=second.open[keep],
        high=second.high[keep],
        low=second.low[keep],
        close=second.close[keep],
        volume=second.volume[keep],
    )
    params = {"fast": 3, "slow": 8, **FIXED}
    both = run(build("sma_cross", params), [first, second])
    alone = [run(build("sma_cross", params), s) for s in (first, second)]

    def key(trade):
        return (
            trade.symbol,
            trade.entry_time,
            trade.exit_time,
            trade.size,
            trade.entry_price,
            trade.exit_price,
        )

    assert sorted(map(key, both.trades)) == sorted(key(t) for r in alone for t in r.trades)
    assert both.metrics.final_equity == D(100_000) + sum(t.pnl for t in both.trades)
    assert len(both.equity) == len(np.union1d(first.times, second.times))


class Listener(Strategy[StrategyParams]):
    name = "listener"

    def on_signal(self, ctx, signal) -> None:
        self.heard = (ctx.now, signal.payload)
        ctx.buy(size=int(signal.payload["units"]))


def test_a_signal_reaches_the_first_bar_that_closes_after_it_and_trades_on_the_next() -> None:
    bars = closes([10, 11, 12, 13, 14])
    strategy = Listener(StrategyParams())
    arrived = at(int(bars.times[1])) + timedelta(hours=2)  # during bar 1 (a daily bar)
    result = run(strategy, bars, signals=(StrategySignal(arrived, {"units": 4}),))
    assert strategy.heard == (at(int(bars.times[1])), {"units": 4})
    assert (result.fills[0].quantity, result.fills[0].price) == (4, D("12.0"))


def test_progress_is_reported_in_percent_up_to_100() -> None:
    seen: list[float] = []
    bars = closes(wavy(500))
    from dalal.engine.backtest import run_backtest

    config = BacktestConfig(series=(bars,), capital=D(100_000), charges=parse_template("zero"))
    run_backtest(build("sma_cross", {"fast": 3, "slow": 8}), config, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 100.0
    assert len(seen) > 10


def test_a_sweep_on_two_processes_gives_what_one_process_gives_in_grid_order() -> None:
    bars = closes(wavy(300))
    config = BacktestConfig(series=(bars,), capital=D(100_000), charges=parse_template("zero"))
    space = {"fast": [2, 3, 20], "slow": [8, 13]}
    parallel = sweep("sma_cross", space, config, workers=2)
    serial = sweep("sma_cross", space, config, workers=1)
    assert [p.params for p in parallel] == grid(space) == [p.params for p in serial]
    assert [p.metrics for p in parallel] == [p.metrics for p in serial]
    assert parallel[4].metrics is None
    assert "fast (20)" in (parallel[4].error or "")
