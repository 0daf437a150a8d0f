"""``sma_cross`` against a peer, backtesting.py, on the same GOOG daily bars, trade for trade.

Why the two configurations are comparable:

- both trade at the next bar's open (backtesting.py's default; ours ``next_open``), with no
  commission (ours ``--charges zero``) and the same cash, 10,000;
- both size each entry with all the equity at the fill: backtesting.py's default ``buy()``
  takes ``int(equity × (1 − ε) // open)``, ours ``floor(equity × 1 / fill price)``;
- both close the open position, then enter the other way, on a cross (two orders);
- backtesting.py's ``crossover`` wants a strict ``<`` the bar before, ours ``≤`` (a cross
  through a touch counts): the test checks that SMA(10) never touches SMA(20) on this data,
  so the rules cannot differ here.

The one difference, by design: the position still open at the end. backtesting.py's
``finalize_trades`` closes it at the last bar's *open*; we close it at the last *close*
(exit reason ``END``). Every other trade matches exactly: entry and exit bar, size and
prices, and so P&L.
"""

from __future__ import annotations

import warnings
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from backtesting import Backtest, Strategy
from backtesting.lib import crossover

from dalal.adapters.feeds.bars_file import read_bars
from dalal.commands.backtest import file_instrument
from dalal.domain.charges import parse_template
from dalal.domain.market import Interval
from dalal.engine.backtest import BacktestConfig, run_backtest
from dalal.engine.bar_data import BarSeries
from dalal.strategies import build

GOOG = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "GOOG.csv"


class SmaCross(Strategy):
    fast = 10
    slow = 20

    def init(self) -> None:
        close = pd.Series(self.data.Close)
        self.a = self.I(lambda: close.rolling(self.fast).mean())
        self.b = self.I(lambda: close.rolling(self.slow).mean())

    def next(self) -> None:
        if crossover(self.a, self.b):
            self.position.close()
            self.buy()
        elif crossover(self.b, self.a):
            self.position.close()
            self.sell()


@pytest.fixture(scope="module")
def goog() -> Path:
    if not GOOG.exists():
        pytest.fail(f"{GOOG} is missing: the shared data folder is part of the workspace")
    return GOOG


def test_sma_cross_with_shorts_matches_backtesting_py_trade_for_trade(goog: Path) -> None:
    series = BarSeries.from_bars(
        file_instrument("GOOG", 1), Interval.D1, read_bars(goog, token=1, interval=Interval.D1)
    )
    ours = run_backtest(
        build("sma_cross", {"fast": 10, "slow": 20, "allow_short": True}),
        BacktestConfig(series=(series,), capital=Decimal(10_000), charges=parse_template("zero")),
    )
    frame = pd.read_csv(goog, index_col=0, parse_dates=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stats = Backtest(frame, SmaCross, cash=10_000, commission=0, finalize_trades=True).run()
    peer = stats["_trades"]

    fast, slow = (frame.Close.rolling(n).mean().to_numpy() for n in (10, 20))
    assert not np.any(fast == slow), "a touch would let the two crossing rules differ"

    assert len(ours.trades) == len(peer) == 94
    for trade, theirs in zip(ours.trades, peer.itertuples(), strict=True):
        assert (trade.size, trade.entry_index, trade.exit_index) == (
            theirs.Size,
            theirs.EntryBar,
            theirs.ExitBar,
        )
        assert float(trade.entry_price) == theirs.EntryPrice
    *closed, last = list(zip(ours.trades, peer.itertuples(), strict=True))
    for trade, theirs in closed:
        assert float(trade.exit_price) == theirs.ExitPrice
        assert float(trade.pnl) == pytest.approx(theirs.PnL, abs=0.005)
    trade, theirs = last
    assert trade.exit_reason == "END"
    assert float(trade.exit_price) == frame.Close.iloc[-1]
    assert theirs.ExitPrice == frame.Open.iloc[-1]

    m = ours.metrics
    end_gap = Decimal(last[0].size) * (last[0].exit_price - Decimal(str(theirs.ExitPrice)))
    assert float(m.final_equity - end_gap) == pytest.approx(stats["Equity Final [$]"], abs=0.005)
    assert m.exposure_pct == pytest.approx(stats["Exposure Time [%]"])
    assert m.max_drawdown_pct == pytest.approx(-stats["Max. Drawdown [%]"])
    assert m.win_rate_pct == pytest.approx(stats["Win Rate [%]"])
    assert m.equity_peak == pytest.approx(stats["Equity Peak [$]"])
