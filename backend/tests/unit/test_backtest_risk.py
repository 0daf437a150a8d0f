"""Risk rules in backtests: the same stop on the same bars exits at the same price with the
same tag in a backtest and in the engine's pure guard (paper trading's), a gap through a
stop fills at the gap's open, and the daily loss limit squares off and blocks entries."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from dalal.domain.market import Interval
from dalal.domain.orders import FillTag, OrderStatus, Product, Side
from dalal.domain.positions import Position
from dalal.domain.risk.guard import ExitKind, PositionGuard
from dalal.domain.risk.levels import Level, Offset, PositionStops, Trail
from dalal.engine.backtest_risk import BacktestRisk
from dalal.engine.bar_data import BarSeries, at
from dalal.engine.broker import ACCOUNT_ID
from dalal.engine.matching import EXIT_TAGS, MatchingConfig
from dalal.engine.risk import GUARD_SOURCES, guard_on_bar
from tests.unit.backtest_support import EQ, MONDAY_0915_IST, Script, run, series

D = Decimal
PTS, PCT = Offset.POINTS, Offset.PERCENT
OHLC = tuple[float, float, float, float]

# bar 0: the strategy acts at its close; bar 1 opens at 100: the entry's fill and the anchor.
CASES: list[tuple[str, Side, PositionStops, list[OHLC], str, str, int]] = [
    # name, entry side, stops, bars after the entry bar, exit price, tag, exit bar
    (
        "stop inside a later bar's range fills at the stop",
        Side.BUY,
        PositionStops(stop_loss=Level(PTS, D("5"))),
        [(101, 103, 99, 102), (101, 102, 94, 96)],
        "95",
        "SL",
        3,
    ),
    (
        "a gap through the stop fills at the gap's open",
        Side.BUY,
        PositionStops(stop_loss=Level(PTS, D("5"))),
        [(101, 103, 99, 102), (90, 92, 88, 91)],
        "90.0",
        "SL",
        3,
    ),
    (
        "a target reached within the range fills at the target",
        Side.BUY,
        PositionStops(stop_loss=Level(PCT, D("10")), target=Level(PCT, D("4"))),
        [(101, 103, 99, 102), (102, 106, 101, 105)],
        "104",
        "TARGET",
        3,
    ),
    (
        "stop and target in one bar: the stop wins",
        Side.BUY,
        PositionStops(stop_loss=Level(PTS, D("3")), target=Level(PTS, D("3"))),
        [(100, 104, 96, 100)],
        "97",
        "SL",
        2,
    ),
    (
        "a trailing stop ratchets on the highs, then is hit",
        Side.BUY,
        PositionStops(trail=Trail(Level(PTS, D("4")))),
        [(101, 108, 100, 107), (107, 110, 106, 109), (108, 108, 104, 105)],
        "106",
        "TSL",
        4,
    ),
    (
        "a short's stop gapped through fills at the open, above the stop",
        Side.SELL,
        PositionStops(stop_loss=Level(PTS, D("5"))),
        [(99, 101, 97, 100), (108, 110, 107, 109)],
        "108.0",
        "SL",
        3,
    ),
]


def _bars(after: list[OHLC]) -> BarSeries:
    entry_bars: list[OHLC] = [(100, 100, 100, 100), (100, 100.5, 99.5, 100)]
    return series([*entry_bars, *after, (100, 100, 100, 100)])


def _pure_guard_exit(side: Side, stops: PositionStops, bars: BarSeries) -> tuple[Decimal, str, int]:
    """What paper trading's bar path does with the same stop: ``guard_on_bar`` on each bar
    after the entry's (bar 1, filled at its open of 100)."""
    quantity = 10 * side.sign
    held = Position(ACCOUNT_ID, EQ.token, Product.CNC, quantity=quantity, cost=quantity * D(100))
    guard: PositionGuard | None = PositionGuard.arm(
        account_id=ACCOUNT_ID,
        token=EQ.token,
        product=Product.CNC,
        direction=side.sign,
        anchor=D("100.0"),
        stops=stops,
    )
    for row in range(2, len(bars)):
        assert guard is not None, "the guard ended without an exit"
        outcome = guard_on_bar(guard, held, bars.bar(row), MatchingConfig(), instrument=EQ)
        if outcome.exit is not None:
            fill = outcome.exit.fills[0]
            return fill.price, fill.tag.value, row
        guard = outcome.guard
    raise AssertionError("no exit")


@pytest.mark.parametrize(
    ("side", "stops", "after", "price", "tag", "exit_bar"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_same_stop_exits_alike_in_a_backtest_and_in_the_paper_guard(
    side: Side,
    stops: PositionStops,
    after: list[OHLC],
    price: str,
    tag: str,
    exit_bar: int,
) -> None:
    bars = _bars(after)
    enter = {0: lambda ctx, bar: (ctx.buy if side is Side.BUY else ctx.sell)(size=10)}
    result = run(Script(enter), bars, risk=BacktestRisk(position_stops=stops))

    trade = result.trades[0]
    exit_fill = result.fills[1]
    backtest = (trade.exit_price, exit_fill.tag.value, trade.exit_index)
    assert backtest == (D(price), tag, exit_bar)
    assert _pure_guard_exit(side, stops, bars) == backtest
    assert trade.exit_reason == tag
    assert trade.entry_price == D("100.0")
    assert trade.pnl == (D(price) - D(100)) * 10 * side.sign
    exit_order = next(o.order for o in result.orders if o.order.id == exit_fill.order_id)
    assert exit_order.triggered_by == GUARD_SOURCES[ExitKind(tag)]
    assert EXIT_TAGS[exit_order.triggered_by] is FillTag(tag)
    assert len(result.trades) == 1  # one breach, one exit


def test_a_guard_is_not_checked_on_the_bar_its_entry_filled() -> None:
    # The entry fills at bar 1's open (100); bar 1's low of 90 is before the guard exists.
    bars = series([(100, 100, 100, 100), (100, 101, 90, 100), (100, 101, 99, 100)])
    stops = PositionStops(stop_loss=Level(PTS, D("5")))
    result = run(Script({0: lambda ctx, bar: ctx.buy(size=10)}), bars, risk=BacktestRisk(stops))
    assert [t.exit_reason for t in result.trades] == ["END"]


def test_without_risk_rules_nothing_changes() -> None:
    bars = _bars([(101, 103, 99, 102), (90, 92, 88, 91)])
    script = {0: lambda ctx, bar: ctx.buy(size=10)}
    plain = run(Script(script), bars)
    empty = run(Script(script), bars, risk=BacktestRisk())
    assert [t.exit_reason for t in plain.trades] == ["END"]
    assert [(t.exit_price, t.pnl) for t in plain.trades] == [
        (t.exit_price, t.pnl) for t in empty.trades
    ]


def _minute_bars(closes: list[float]) -> BarSeries:
    """One-minute bars of one IST day (then the next day's first bars), open = previous close."""
    values = np.array(closes, dtype=np.float64)
    opens = np.r_[values[0], values[:-1]]
    n = len(values)
    times = MONDAY_0915_IST + 60 * np.arange(n, dtype=np.int64)
    times[n - 2 :] += 86_400  # the last two bars are on the next day
    return BarSeries(
        EQ,
        Interval.M1,
        times,
        opens,
        np.maximum(opens, values),
        np.minimum(opens, values),
        values,
        np.full(n, 1000.0),
    )


def test_the_daily_loss_limit_squares_off_at_the_close_and_blocks_entries_until_tomorrow() -> None:
    # Long 10 from 100 (bar 1's open); a loss of 30 at bar 3's close (97) breaches a 25 limit.
    bars = _minute_bars([100, 100, 99, 97, 96, 95, 94, 95])
    plan = {
        0: lambda ctx, bar: ctx.buy(size=10),
        4: lambda ctx, bar: ctx.buy(size=5),  # refused: after the breach, same day
        6: lambda ctx, bar: ctx.buy(size=5),  # the next day: allowed
    }
    result = run(Script(plan), bars, risk=BacktestRisk(daily_loss_limit=D(25)))
    first = result.trades[0]
    assert (first.exit_index, first.exit_price, first.exit_reason) == (
        3,
        D("97.0"),
        "DAILY_LOSS_LIMIT",
    )
    assert first.pnl == D("-30.0")
    assert result.fills[1].tag is FillTag.RISK
    assert result.fills[1].at == at(int(bars.times[3]))
    refused = result.orders[2].order
    assert refused.status is OrderStatus.REJECTED
    assert "loss limit" in (refused.reject_reason or "")
    assert result.orders[3].order.status is OrderStatus.COMPLETE  # the next day's entry
    assert result.trades[-1].exit_reason == "END"


def test_a_loss_within_the_limit_does_nothing() -> None:
    bars = _minute_bars([100, 100, 99, 98, 98, 99, 99, 99])
    result = run(
        Script({0: lambda ctx, bar: ctx.buy(size=10)}),
        bars,
        risk=BacktestRisk(daily_loss_limit=D(25)),
    )
    assert [t.exit_reason for t in result.trades] == ["END"]
