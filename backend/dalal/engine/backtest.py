"""The backtest runner: a strategy over bars, on the paper broker's own rules.

Input: a strategy (with validated parameters), one ``BarSeries`` per instrument, starting
capital, a charges template, slippage (``MatchingConfig``) and the fill timing. Output: a
``BacktestResult`` (metrics, equity and drawdown curves, trades, orders, fills).

How it runs, and what it guarantees:

- **One engine.** Orders are checked by ``validate_new_order``, matched by the matching
  rules (``match_bar``), charged by the card's ``order_charges``, margined by
  ``required_margin``/``free_margin``, the code paper trading runs; fills are booked to cash
  and positions as the ledger books them (``engine.holdings``, checked equal to
  ``Position.apply``). Several instruments share one timeline (an index and its options,
  for ``short_straddle``).
- **Risk** (``config.risk``, ``engine.backtest_risk``): position stops (SL, target, TSL)
  through the engine's ``guard_on_bar``, as paper trading applies them, and the account's
  daily loss limit through ``evaluate_scope``.
- **No look-ahead.** A strategy sees a bar once it has closed, and its lines read nothing
  later (``engine.context``). Orders it places fill on the next bar (``next_open``: a MARKET
  order at that bar's open), or on this bar's close (``this_close``: matched against the
  close as an instant).
- **Event-driven, computed lazily.** Indicators are computed up front, vectorised.
  ``on_bar`` runs on bars where the strategy's ``wake`` conditions hold (every bar if it
  declares none) and on bars where a signal arrives; working orders are matched on every bar
  while they exist (and, with risk rules, while a position is open). Bars where nothing can
  happen are skipped, and the equity between events is marked to market in one vectorised
  pass. The decisions are those of calling every hook on every bar. Per-bar work stays off
  the hot path: columns are read as Python arrays, a ``Bar`` is made only for a visited
  bar, and the broker keeps mutable books, handing out immutable orders, fills and
  positions (``engine.objects``).
- **Deterministic.** Same input, same output, byte for byte: ids are counters and nothing
  reads the wall clock or a random source.
- **The end.** After the last bar ``on_stop`` runs, working orders are cancelled, and open
  positions are closed by MARKET orders at each instrument's last close (slippage and
  charges apply), with exit reason ``END``.
- **Times** are bar times (``Bar.at``, a bar's open): an order placed at a bar's close
  carries that bar's time, a fill the time of the bar it filled on.

Metrics (README text; floats unless money):

| metric | definition |
|---|---|
| start, end, duration | first and last bar time; their difference |
| exposure % | share of bars with a position open (a trade's entry through exit bar) |
| final equity | cash at the end (all closed), exact |
| equity peak | highest equity at a bar's close (or the capital) |
| return % | final equity / capital − 1 |
| buy & hold return % | last close / first close − 1 (mean over instruments) |
| CAGR % | (final / capital)^(1/years) − 1; years = duration / 365.25 days |
| volatility % (ann.) | sample std of daily returns × √252 |
| Sharpe | (mean daily return − rf/252) / std × √252; rf = risk-free rate, 0 unless set |
| Sortino | (mean daily return − rf/252) / downside deviation × √252 |
| Calmar | CAGR / max drawdown |
| max drawdown %, duration | deepest fall below the running peak; longest peak-to-recovery |
| avg drawdown % | mean depth of the drawdown episodes |
| trades | closed round trips (FIFO pieces) |
| win rate % | share of trades with net P&L > 0 |
| best / worst / avg trade % | highest, lowest and geometric-mean trade return |
| max / avg trade duration | exit − entry time |
| profit factor | gross profit / gross loss (money) |
| expectancy % | arithmetic mean trade return |
| SQN | √n × mean P&L / std P&L |
| total charges | the fills' charges, exact |

Daily returns are of each IST trading day's last equity (the first from the capital); a
trade's return is its net P&L over its entry value. Full definitions:
``dalal.domain.metrics``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import numpy as np

from dalal.domain.charges import ZERODHA, ChargesTemplate
from dalal.domain.errors import InvalidInput
from dalal.domain.market import Bar
from dalal.domain.orders import Product, Side
from dalal.engine.backtest_risk import LIMIT_SOURCE, BacktestRisk, RiskDesk
from dalal.engine.bar_data import BarMaker, BarSeries, LazyMarks, Timeline, at, trade_date_of
from dalal.engine.broker import BookedFill, BrokerConfig, SimBroker
from dalal.engine.context import BacktestContext
from dalal.engine.equity import EquityTape
from dalal.engine.matching import MatchingConfig
from dalal.engine.objects import new_bar
from dalal.engine.results import BacktestResult, OrderRecord, compute_metrics, drawdown_curve
from dalal.engine.trades import TradeBook
from dalal.engine.wake import signal_bars, wake_mask
from dalal.strategies.base import Strategy, StrategySignal

Progress = Callable[[float], None]
END_REASON = "END"


class FillTiming(StrEnum):
    NEXT_OPEN = "next_open"
    THIS_CLOSE = "this_close"


@dataclass(frozen=True, slots=True)
class BacktestConfig:
    series: tuple[BarSeries, ...]
    capital: Decimal = Decimal("1000000")
    charges: ChargesTemplate = ZERODHA
    matching: MatchingConfig = field(default_factory=MatchingConfig)
    fill_timing: FillTiming = FillTiming.NEXT_OPEN
    product: Product | None = None
    allow_cash_shorts: bool = True
    risk_free_rate: float = 0.0
    signals: tuple[StrategySignal, ...] = ()
    risk: BacktestRisk | None = None  # position stops and a daily loss limit (backtest_risk)


def run_backtest(
    strategy: Strategy[Any], config: BacktestConfig, *, progress: Progress | None = None
) -> BacktestResult:
    """Run ``strategy`` over ``config.series``; ``progress`` gets percentages (0–100)."""
    with _collector_paused():
        return _Run(strategy, config, progress).run()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector waits while a run makes its orders and fills: it would otherwise
    walk every one of them again and again (a fifth of a busy run's time), and a run makes
    no reference cycles to reclaim. Reference counting frees memory as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Run:
    def __init__(self, strategy: Strategy[Any], config: BacktestConfig, progress: Progress | None):
        self.strategy, self.config, self.progress = strategy, config, progress
        self.timeline = Timeline.build(config.series)
        _check_charges(config.charges, self.timeline)
        broker_config = BrokerConfig(
            capital=config.capital,
            charges=config.charges,
            matching=config.matching,
            product=config.product,
            allow_cash_shorts=config.allow_cash_shorts,
            source=f"strategy:{strategy.name}",
        )
        instruments = {t: s.instrument for t, s in self.timeline.series.items()}
        self.broker = SimBroker(instruments, broker_config, start=at(int(self.timeline.times[0])))
        self.ctx = BacktestContext(self.timeline, self.broker, strategy.params.sizing)
        self.trades = TradeBook({t: i.tradingsymbol for t, i in instruments.items()})
        self.tape = EquityTape(self.timeline, config.capital)
        self.marks = LazyMarks(self.timeline)
        self.broker.marks = self.marks
        self._tokens = self.timeline.tokens
        self._single = len(self._tokens) == 1
        self._bar_cache: tuple[int, int, Bar] | None = None
        self._makers = {t: BarMaker(s) for t, s in self.timeline.series.items()}
        self._next_report = 0.0
        rules = config.risk
        self.risk = (
            RiskDesk(rules, self.broker, config.matching, last_equity=config.capital)
            if rules is not None and rules.active
            else None
        )

    def run(self) -> BacktestResult:
        self.strategy.on_start(self.ctx)
        wake = wake_mask(self.strategy.wake(), self.timeline)
        signals = signal_bars(self.config.signals, self.timeline)
        wake[list(signals)] = True
        events = np.flatnonzero(wake).tolist()
        woken = wake.tobytes()  # one byte a bar: no list of 200,000 objects
        n, k = len(self.timeline), 0
        i = events[0] if events else n
        while i < n:
            self._step(i, woken=bool(woken[i]), signals=signals.get(i, ()))
            if self.broker.has_working or (self.risk is not None and self.broker.has_open):
                i += 1
            else:  # skip to the next bar that wakes the strategy: nothing happens before it
                while k < len(events) and events[k] <= i:
                    k += 1
                i = events[k] if k < len(events) else n
            self._report(100.0 * min(i, n - 1) / n)
        self._finish()
        return self._result()

    def _step(self, i: int, *, woken: bool, signals: Any) -> None:
        self.ctx.cursor.i = i
        present = self._tokens if self._single else self._present(i)
        if self.risk is not None and self.risk.rules.daily_loss_limit is not None:
            self.risk.open_bar(at(int(self.timeline.times[i])))
        if self.broker.has_working:
            self.marks.index = i - 1
            for token in present:
                if self._single or self.broker.working_count(token):
                    self._match(token, i, close_only=False)
        self.marks.index = i
        if self.risk is not None and self.risk.guards:
            self._check_guards(i, present)
        for signal in signals:
            self.strategy.on_signal(self.ctx, signal)
        if woken:
            for token in present:
                self.strategy.on_bar(self.ctx, self._bar(token, i))
                if self.config.fill_timing is FillTiming.THIS_CLOSE:
                    self._match(token, i, close_only=True)
        if self.risk is not None and self.risk.rules.daily_loss_limit is not None:
            self._check_day(i)
        self.tape.record(i, self.broker)

    def _check_guards(self, i: int, present: tuple[int, ...]) -> None:
        assert self.risk is not None
        for token in present:
            if token in self.risk.guards:
                booked = self.risk.check_guard(self._bar(token, i), i)
                if booked is not None:
                    self._booked(booked, i)

    def _check_day(self, i: int) -> None:
        """The daily loss limit at bar ``i``'s close: on a breach, close out at the close."""
        assert self.risk is not None
        now = at(int(self.timeline.times[i]))
        rule = self.risk.day_breached(now, self.broker.equity())
        if rule is not None:
            self.broker.cancel_all(at=now, reason=f"{rule}: the account's risk limit acted")
            self._close_all(i, now, reason=rule, source=LIMIT_SOURCE)

    def _present(self, i: int) -> tuple[int, ...]:
        return tuple(t for t, rows in self.timeline.rows.items() if rows[i] >= 0)

    def _bar(self, token: int, i: int) -> Bar:
        """Token's latest bar at ``i`` as a ``Bar``; matching and ``on_bar`` share one."""
        row = self.ctx.cursor.row_at(token, i)
        cached = self._bar_cache
        if cached is not None and cached[0] == token and cached[1] == row:
            return cached[2]
        bar = self._makers[token].bar(row)
        self._bar_cache = (token, row, bar)
        return bar

    def _match(self, token: int, i: int, *, close_only: bool) -> None:
        bar = self._bar(token, i)
        if close_only:
            close = bar.close
            bar = new_bar(bar.token, bar.at, bar.interval, close, close, close, close, bar.volume)
        for booked in self.broker.match(bar):
            self._booked(booked, i)

    def _booked(self, booked: BookedFill, i: int) -> None:
        self.trades.record(booked.fill, reason=booked.reason, index=i)
        if self.risk is not None:
            self.risk.on_fill(booked.fill, index=i, before=booked.before)
        self.strategy.on_fill(self.ctx, booked.fill)

    def _close_all(self, i: int, now: datetime, *, reason: str, source: str | None) -> None:
        """Close every open position by a MARKET order filled at bar ``i``'s close."""
        for token in self._tokens:
            held = self.broker.quantity(token)
            if held:
                side = Side.SELL if held > 0 else Side.BUY
                self.broker.place(
                    token=token, side=side, size=abs(held), at=now, reason=reason, source=source
                )
                self._match(token, i, close_only=True)

    def _finish(self) -> None:
        last = len(self.timeline) - 1
        self.ctx.cursor.i = last
        self.marks.index = last
        self.strategy.on_stop(self.ctx)
        now = at(int(self.timeline.times[last]))
        self.broker.cancel_all(at=now, reason="END: the backtest ended before it could fill")
        self._close_all(last, now, reason=END_REASON, source=None)
        self.tape.record(last, self.broker)
        self._report(100.0)

    def _report(self, done: float) -> None:
        """Tell ``progress`` at most every whole percent, and always at 100."""
        if self.progress is not None and (done >= self._next_report or done == 100.0):
            self.progress(done)
            self._next_report = done + 1.0

    def _result(self) -> BacktestResult:
        equity = self.tape.curve()
        final = self.broker.equity()
        charges = sum((f.charges.total for f in self.broker.fills), Decimal(0))
        metrics = compute_metrics(
            self.timeline,
            equity,
            self.trades.closed,
            capital=self.config.capital,
            final_equity=final,
            total_charges=charges,
            risk_free_rate=self.config.risk_free_rate,
        )
        return BacktestResult(
            strategy=self.strategy.name,
            params=self.strategy.params.model_dump(mode="json"),
            symbols={t: s.instrument.tradingsymbol for t, s in self.timeline.series.items()},
            metrics=metrics,
            times=self.timeline.times,
            equity=equity,
            drawdown=drawdown_curve(equity, self.config.capital),
            trades=tuple(self.trades.closed),
            orders=tuple(
                OrderRecord(o, self.broker.reason(o.id)) for o in self.broker.orders.values()
            ),
            fills=tuple(self.broker.fills),
        )


def _check_charges(template: ChargesTemplate, timeline: Timeline) -> None:
    """Fail before the first bar, not at the first fill, when no rate card covers the data."""
    first = trade_date_of(int(timeline.times[0]))
    try:
        template.card_for(first)
    except InvalidInput as error:
        raise InvalidInput(
            f"{error}. Charges {template} cannot price trades on {first.isoformat()}; "
            "backtest older data with --charges zero.",
            field="charges",
        ) from None
