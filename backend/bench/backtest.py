"""Backtest speed: ``sma_cross`` over 200,000 one-minute bars, beside backtesting.py.

    cd backend
    ../.venv/bin/python -m bench.backtest [--bars N] [--repeat K] [--sweep]

1. Synthesises N one-minute bars deterministically: a seeded geometric Brownian motion
   (σ = 0.08% a minute) on a 0.05 tick, NSE session minutes (09:15–15:30 IST) of weekdays
   from 2025-01-06, so that the Zerodha rate card applies.
2. Times ``run_backtest`` (``sma_cross``, fixed 100 units, Zerodha charges, MIS) and, on the
   same bars, backtesting.py's ``Backtest.run`` with the same strategy (SMA cross, close then
   buy on the cross up, close on the cross down, 100 units, next-open fills, 0.03% commission;
   Dalal's crossing rule and SMA kernel), alternating the two. Only the run is timed:
   data preparation and interpreter start-up are not. Both must produce the same number
   of trades, or the bench says so.
3. Prints medians over K repetitions, bars per second and the ratio; then the same for a
   slower pair of averages (50/200, fewer events), to show how the cost follows the events.
4. ``--sweep``: a 16-point grid of (fast, slow) on 2 processes (``engine.sweep``), against
   the same grid run serially: points (runs) per second and aggregate bars per second.

It asserts nothing: the figures are for reading (the test suite has no timing assertions).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from dalal.domain import indicators
from dalal.domain.charges import parse_template
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Interval
from dalal.domain.orders import Product
from dalal.engine.backtest import BacktestConfig, run_backtest
from dalal.engine.bar_data import BarSeries
from dalal.engine.sweep import grid, sweep
from dalal.strategies import build

SESSION_MINUTES = 375
FIRST_MONDAY_0915_IST = 1_736_135_100  # 2025-01-06 03:45 UTC
UNITS = 100


def synthetic_bars(n: int, seed: int = 7) -> BarSeries:
    """A seeded GBM of ``n`` one-minute bars on NSE session minutes (see the docstring)."""
    rng = np.random.default_rng(seed)
    close = np.round(1000.0 * np.exp(np.cumsum(rng.normal(0.0, 0.0008, n))) * 20.0) / 20.0
    open_ = np.r_[1000.0, close[:-1]]
    high = np.maximum(open_, close) + 0.05
    low = np.minimum(open_, close) - 0.05
    day, minute = np.divmod(np.arange(n, dtype=np.int64), SESSION_MINUTES)
    week, weekday = np.divmod(day, 5)
    times = FIRST_MONDAY_0915_IST + (week * 7 + weekday) * 86_400 + minute * 60
    instrument = Instrument(
        1, Exchange.NSE, "SYN", "SYNTHETIC", InstrumentType.EQ, 1, Decimal("0.05")
    )
    volume = np.full(n, 10_000.0)
    return BarSeries(instrument, Interval.M1, times, open_, high, low, close, volume)


def dalal_run(series: BarSeries, fast: int, slow: int) -> Callable[[], int]:
    config = BacktestConfig(
        series=(series,),
        capital=Decimal(10_000_000),
        charges=parse_template("zerodha"),
        product=Product.MIS,
    )
    params = {"fast": fast, "slow": slow, "sizing.kind": "quantity", "sizing.quantity": UNITS}

    def run() -> int:
        return len(run_backtest(build("sma_cross", params), config).trades)

    return run


def peer_run(series: BarSeries, fast: int, slow: int) -> Callable[[], int]:
    import pandas as pd
    from backtesting import Backtest, Strategy

    index = pd.to_datetime(series.times, unit="s")
    frame = pd.DataFrame(
        {
            "Open": series.open,
            "High": series.high,
            "Low": series.low,
            "Close": series.close,
            "Volume": series.volume,
        },
        index=index,
    )

    def sma(values: Any, n: int) -> Any:
        # Dalal's SMA kernel: pandas' rolling mean differs from an exact window sum in the
        # last bit, and on a 0.05 tick that decides some touches and so a few trades.
        return indicators.sma(np.asarray(values), n)

    def crossover(a: Any, b: Any) -> bool:
        # Dalal's rule (dalal.domain.indicators.cross): a cross through a touch counts.
        # backtesting.lib.crossover wants a strict < the bar before, and on a 0.05 tick SMAs
        # touch often enough to change the trades.
        return bool(a[-2] <= b[-2] and a[-1] > b[-1])

    class SmaCross(Strategy):  # type: ignore[misc]
        def init(self) -> None:
            self.a = self.I(sma, self.data.Close, fast)
            self.b = self.I(sma, self.data.Close, slow)

        def next(self) -> None:
            # A touch can make a second cross up while long: sma_cross then holds.
            if crossover(self.a, self.b) and not self.position.is_long:
                self.position.close()
                self.buy(size=UNITS)
            elif crossover(self.b, self.a):
                self.position.close()

    backtest = Backtest(frame, SmaCross, cash=10_000_000, commission=0.0003, finalize_trades=True)

    def run() -> int:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return int(backtest.run()["# Trades"])

    return run


def timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    trades = run()
    return time.perf_counter() - start, trades


def compare(series: BarSeries, fast: int, slow: int, repeat: int) -> None:
    ours, peer = dalal_run(series, fast, slow), peer_run(series, fast, slow)
    ours_s: list[float] = []
    peer_s: list[float] = []
    for k in range(repeat):
        seconds, our_trades = timed(ours)
        ours_s.append(seconds)
        seconds, peer_trades = timed(peer)
        peer_s.append(seconds)
        print(f"  rep {k + 1}: dalal {ours_s[-1]:.3f}s  backtesting.py {peer_s[-1]:.3f}s")
    n = len(series)
    ours_med, peer_med = statistics.median(ours_s), statistics.median(peer_s)
    same = "same" if our_trades == peer_trades else "DIFFERENT"
    print(
        f"sma_cross({fast}, {slow}) over {n:,} bars: trades dalal {our_trades}, "
        f"backtesting.py {peer_trades} ({same})"
    )
    print(
        f"  dalal          median {ours_med:.3f}s  {n / ours_med:>10,.0f} bars/s  (n={len(ours_s)})"
    )
    print(
        f"  backtesting.py median {peer_med:.3f}s  {n / peer_med:>10,.0f} bars/s  (n={len(peer_s)})"
    )
    print(f"  ratio dalal/backtesting.py: {peer_med / ours_med:.2f}x")


def sweep_bench(series: BarSeries) -> None:
    space = {"fast": [5, 10, 15, 20], "slow": [30, 40, 50, 60]}
    config = BacktestConfig(
        series=(series,),
        capital=Decimal(10_000_000),
        charges=parse_template("zerodha"),
        product=Product.MIS,
    )
    base = {"sizing.kind": "quantity", "sizing.quantity": UNITS}
    points = len(grid(space))
    for workers in (1, 2):
        start = time.perf_counter()
        results = sweep("sma_cross", space, config, base=base, workers=workers)
        seconds = time.perf_counter() - start
        failed = sum(1 for r in results if r.metrics is None)
        print(
            f"sweep {points} points on {workers} process(es): {seconds:.2f}s, "
            f"{points / seconds:.2f} points/s, {points * len(series) / seconds:,.0f} bars/s"
            + (f", {failed} FAILED" if failed else "")
        )


def header(argv: list[str]) -> None:
    import backtesting

    root = Path(__file__).resolve().parents[2]
    commit = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(f"command: {' '.join([sys.executable, '-m', 'bench.backtest', *argv])}")
    print(
        f"python {platform.python_version()}  numpy {np.__version__}  "
        f"backtesting.py {backtesting.__version__}  commit {commit}"
    )
    print(
        f"nproc {os.cpu_count()}  {platform.processor() or platform.machine()}  "
        f"load average at start {os.getloadavg()[0]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bars", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sweep", action="store_true", help="also time a parameter sweep")
    args = parser.parse_args()
    header(sys.argv[1:])
    series = synthetic_bars(args.bars)
    compare(series, 10, 20, args.repeat)
    compare(series, 50, 200, args.repeat)
    if args.sweep:
        sweep_bench(series)
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
