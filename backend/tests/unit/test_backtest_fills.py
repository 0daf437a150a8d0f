"""The backtest on hand-computed bars: each order type's fill through ``match_bar``, fill
timing, slippage, charges, sizing at the fill, margin, the END close, and no look-ahead."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dalal.domain.charges import charges_for_fill, parse_template
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.orders import OrderStatus, OrderType, Product, Side
from dalal.engine.backtest import FillTiming
from dalal.engine.bar_data import at
from dalal.engine.matching import MatchingConfig
from dalal.strategies.sizing import EquityFraction, FixedLots, FixedRisk, units_for
from tests.unit.backtest_support import EQ, Script, closes, run, series

D = Decimal
BARS = series(
    [
        (100, 101, 99, 100),  # 0: the strategy acts at this close
        (102, 104, 101, 103),  # 1: opens up 2
        (103, 103, 97, 98),  # 2: falls through 99 and 100
        (96, 99, 95, 99),  # 3: gaps down
        (99, 100, 98, 100),  # 4: last bar
    ]
)


def fills(result):
    return [(f.side, f.quantity, f.price, f.at) for f in result.fills]


def test_a_market_order_placed_at_a_close_fills_at_the_next_open() -> None:
    result = run(Script({0: lambda ctx, bar: ctx.buy(size=10)}), BARS)
    assert fills(result)[0] == (Side.BUY, 10, D("102.0"), at(int(BARS.times[1])))


def test_with_this_close_timing_a_market_order_fills_at_the_same_close() -> None:
    result = run(
        Script({0: lambda ctx, bar: ctx.buy(size=10)}), BARS, fill_timing=FillTiming.THIS_CLOSE
    )
    assert fills(result)[0] == (Side.BUY, 10, D("100.0"), at(int(BARS.times[0])))


def test_a_limit_buy_waits_for_the_range_and_fills_at_its_limit() -> None:
    plan = {0: lambda ctx, bar: ctx.buy(size=10, order_type=OrderType.LIMIT, price=D("99.50"))}
    result = run(Script(plan), BARS)
    # bar 1's low is 101: no fill; bar 2 reaches 97: filled at the limit, not the low.
    assert fills(result)[0] == (Side.BUY, 10, D("99.50"), at(int(BARS.times[2])))


def test_a_limit_buy_gapped_through_fills_at_the_better_open() -> None:
    plan = {2: lambda ctx, bar: ctx.buy(size=10, order_type=OrderType.LIMIT, price=D("97"))}
    assert fills(run(Script(plan), BARS))[0][2] == D("96.0")


def test_an_sl_m_sell_stop_fills_at_its_trigger_inside_the_range() -> None:
    plan = {
        0: lambda ctx, bar: ctx.buy(size=10),
        1: lambda ctx, bar: ctx.sell(
            size=10, order_type=OrderType.SL_M, trigger=D("99"), reason="SL"
        ),
    }
    result = run(Script(plan), BARS)
    assert fills(result)[1] == (Side.SELL, 10, D("99"), at(int(BARS.times[2])))
    assert result.trades[0].exit_reason == "SL"
    assert result.trades[0].pnl == D("-30.00")  # (99 − 102) × 10


def test_an_sl_m_sell_stop_gapped_through_fills_at_the_open() -> None:
    plan = {
        0: lambda ctx, bar: ctx.buy(size=10),
        2: lambda ctx, bar: ctx.sell(size=10, order_type=OrderType.SL_M, trigger=D("97")),
    }
    assert fills(run(Script(plan), BARS))[1][2] == D("96.0")


def test_an_sl_order_triggered_beyond_its_limit_rests_as_a_limit() -> None:
    # Bar 3 opens 96 through the trigger 97 and the limit 96.5; it rests at 96.5 and fills
    # there when bar 3's range comes back up to it.
    plan = {
        0: lambda ctx, bar: ctx.buy(size=10),
        2: lambda ctx, bar: ctx.sell(
            size=10, order_type=OrderType.SL, trigger=D("97"), price=D("96.50")
        ),
    }
    assert fills(run(Script(plan), BARS))[1] == (Side.SELL, 10, D("96.50"), at(int(BARS.times[3])))


def test_slippage_moves_a_fill_against_the_trader_onto_the_tick() -> None:
    plan = {0: lambda ctx, bar: ctx.buy(size=10)}
    result = run(Script(plan), BARS, matching=MatchingConfig(slippage_bps=D("10")))
    assert fills(result)[0][2] == D("102.15")  # 102 × 1.001 = 102.102, up to the 0.05 tick


def test_positions_still_open_at_the_end_close_at_the_last_close_with_reason_end() -> None:
    result = run(Script({0: lambda ctx, bar: ctx.sell(size=10)}), BARS)
    (trade,) = result.trades
    assert (trade.size, trade.entry_price, trade.exit_price, trade.exit_reason) == (
        -10,
        D("102.0"),
        D("100.0"),
        "END",
    )
    assert trade.pnl == D("20.00")
    assert result.metrics.final_equity == D("100020.00")


def test_orders_still_working_at_the_end_are_cancelled() -> None:
    plan = {3: lambda ctx, bar: ctx.buy(size=10, order_type=OrderType.LIMIT, price=D("50"))}
    result = run(Script(plan), BARS)
    (record,) = result.orders
    assert record.order.status is OrderStatus.CANCELLED
    assert record.order.cancel_reason.startswith("END")


def test_charges_come_from_the_paper_brokers_calculator_and_reduce_equity() -> None:
    template = parse_template("percent:0.001")
    plan = {0: lambda ctx, bar: ctx.buy(size=10), 2: lambda ctx, bar: ctx.sell(size=10)}
    result = run(Script(plan), BARS, charges=template)
    expected = [
        charges_for_fill(
            template,
            segment=EQ.segment,
            exchange=EQ.exchange,
            product=Product.CNC,
            side=side,
            price=price,
            quantity=10,
            trade_date=at(int(BARS.times[k])).date(),
        ).total
        for side, price, k in ((Side.BUY, D("102.0"), 1), (Side.SELL, D("96.0"), 3))
    ]
    assert [f.charges.total for f in result.fills] == expected
    assert result.metrics.total_charges == sum(expected)
    (trade,) = result.trades
    assert trade.charges == sum(expected)
    assert trade.pnl == D("-60.00") - sum(expected)
    assert result.metrics.final_equity == D(100_000) + trade.pnl


def test_fraction_sizing_is_decided_at_the_fill_from_the_fill_price() -> None:
    plan = {0: lambda ctx, bar: ctx.buy(size=EquityFraction(fraction=D(1)))}
    result = run(Script(plan), BARS, capital=D(10_000))
    # At bar 0's close (100) it would be 100 units; it fills at 102: floor(10000 / 102) = 98.
    assert fills(result)[0][1] == 98


def test_sizing_rules_count_units_and_lots() -> None:
    future = Instrument(9, Exchange.NFO, "ACMEFUT", "ACME", InstrumentType.FUT, 50, D("0.05"))
    assert units_for(FixedLots(lots=2), equity=D(1), price=D(1), instrument=future) == 100
    assert (
        units_for(
            EquityFraction(fraction=D("0.5")), equity=D(100_000), price=D(900), instrument=future
        )
        == 50
    )
    risk = FixedRisk(risk_fraction=D("0.01"), stop_fraction=D("0.02"))
    assert units_for(risk, equity=D(100_000), price=D(100), instrument=EQ) == 500  # 1000 / 2


def test_an_order_the_margin_cannot_cover_is_rejected_at_the_fill() -> None:
    result = run(Script({0: lambda ctx, bar: ctx.buy(size=1000)}), BARS, capital=D(10_000))
    (record,) = result.orders
    assert record.order.status is OrderStatus.REJECTED
    assert "margin" in record.order.reject_reason
    assert result.fills == ()


def test_an_order_that_breaks_a_rule_is_recorded_rejected_with_the_rule() -> None:
    plan = {0: lambda ctx, bar: ctx.buy(size=10, order_type=OrderType.LIMIT, price=D("100.03"))}
    (record,) = run(Script(plan), BARS).orders
    assert record.order.status is OrderStatus.REJECTED
    assert "tick" in record.order.reject_reason


def test_cash_shorts_can_be_refused() -> None:
    plan = {0: lambda ctx, bar: ctx.sell(size=10)}
    (record,) = run(Script(plan), BARS, allow_cash_shorts=False).orders
    assert record.order.status is OrderStatus.REJECTED


def test_a_working_order_can_be_modified_and_cancelled() -> None:
    def place(ctx, bar):
        return ctx.buy(size=10, order_type=OrderType.LIMIT, price=D("90"))

    def modify(ctx, bar):
        (order,) = ctx.open_orders()
        return ctx.modify(order, price=D("99"), quantity=5)

    result = run(Script({0: place, 1: modify}), BARS)
    assert fills(result)[0] == (Side.BUY, 5, D("99"), at(int(BARS.times[2])))

    def cancel(ctx, bar):
        (order,) = ctx.open_orders()
        return ctx.cancel(order)

    (record,) = run(Script({0: place, 1: cancel}), BARS).orders
    assert record.order.status is OrderStatus.CANCELLED


def test_a_strategy_sees_each_bar_once_closed_and_its_lines_never_read_ahead() -> None:
    seen: list[tuple[float, float]] = []

    def look(ctx, bar):
        close = ctx.price()
        seen.append((close.value, close.ago(1)))
        with pytest.raises(ValueError, match="never later"):
            close.ago(-1)

    strategy = Script(dict.fromkeys(range(5), look))
    run(strategy, closes([10, 11, 12, 13, 14]))
    assert [float(b.close) for b in strategy.seen] == [10, 11, 12, 13, 14]
    assert seen[0][0] == 10
    assert seen[0][1] != seen[0][1]
    assert seen[1:] == [(11, 10), (12, 11), (13, 12), (14, 13)]


def test_on_fill_hears_each_fill_before_the_next_close() -> None:
    strategy = Script({0: lambda ctx, bar: ctx.buy(size=10), 1: lambda ctx, bar: None})
    result = run(strategy, BARS)
    assert [f.id for f in strategy.fills] == [result.fills[0].id, result.fills[1].id]
