"""Strategies: the registry and its parameter schemas, user strategies from a folder, the
built-ins' entry and exit rules on hand-made closes, and waking only where a strategy can act
deciding exactly what calling it on every bar decides."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest

from dalal.engine.report import result_json
from dalal.strategies import (
    InvalidStrategyParams,
    UnknownStrategy,
    build,
    describe,
    parse_params,
    strategy_class,
    strategy_names,
)
from dalal.strategies.builtin.indicator_bot import Action, BotParams, BotState, evaluate_bot
from dalal.strategies.loader import StrategyLoadError, load_user_strategies
from dalal.strategies.registry import unregister
from dalal.strategies.sizing import EquityFraction, FixedQuantity
from tests.unit.backtest_support import closes, run

D = Decimal
BUILT_INS = [
    "ema_cross",
    "indicator_bot",
    "macd_cross",
    "price_breakout",
    "price_threshold",
    "rsi_reversion",
    "sma_cross",
]


def wavy(n: int = 400, seed: int = 5) -> list[float]:
    rng = np.random.default_rng(seed)
    steps = rng.integers(-3, 4, n) + np.where(np.arange(n) % 60 < 30, 1, -1)
    return list(100 + np.cumsum(steps) * 0.05)


def entries(result) -> list[tuple[int, int, int, str]]:
    """(signed size, entry bar, exit bar, exit reason) of each trade."""
    return [(t.size, t.entry_index, t.exit_index, t.exit_reason) for t in result.trades]


def test_the_built_ins_are_registered_with_a_json_schema_for_their_form() -> None:
    assert set(BUILT_INS) <= set(strategy_names())
    schema = describe("sma_cross").params_schema
    assert {"fast", "slow", "allow_short", "sizing", "stop_loss_pct"} <= set(schema["properties"])
    assert schema["properties"]["fast"]["default"] == 10
    assert describe("indicator_bot").description


def test_raw_parameters_are_validated_and_coerced_with_dotted_keys_nesting() -> None:
    params = parse_params(
        "sma_cross",
        {"fast": "5", "allow_short": "true", "sizing.kind": "quantity", "sizing.quantity": "7"},
    )
    assert (params.fast, params.allow_short, params.sizing) == (5, True, FixedQuantity(quantity=7))
    assert parse_params("sma_cross", {}).sizing == EquityFraction(fraction=D(1))
    with pytest.raises(InvalidStrategyParams, match="fast"):
        parse_params("sma_cross", {"fast": "20", "slow": "10"})
    with pytest.raises(InvalidStrategyParams, match=r"speed: Extra inputs are not permitted"):
        parse_params("sma_cross", {"speed": "1"})
    with pytest.raises(UnknownStrategy, match="sma_cross"):
        parse_params("no_such", {})


USER_STRATEGY = """
from dalal.strategies import Strategy, StrategyParams
from pydantic import Field

class EveryOther(StrategyParams):
    units: int = Field(default=3, gt=0)

class BuyEveryOtherBar(Strategy):
    name = "buy_every_other_bar"
    Params = EveryOther

    def on_bar(self, ctx, bar):
        if ctx.position().quantity:
            ctx.close_position()
        else:
            ctx.buy(size=self.params.units)
"""


def test_a_users_strategy_file_is_loaded_registered_and_runs(tmp_path: Path) -> None:
    (tmp_path / "mine.py").write_text(USER_STRATEGY)
    (tmp_path / "_helper.py").write_text("raise RuntimeError('skipped: starts with _')")
    try:
        assert load_user_strategies(tmp_path) == ["buy_every_other_bar"]
        result = run(build("buy_every_other_bar", {"units": "2"}), closes([10, 11, 12, 13, 14, 15]))
        assert [t.size for t in result.trades] == [2, 2, 2]
    finally:
        unregister("buy_every_other_bar")


def test_a_broken_strategy_file_is_named_in_the_error(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("import no_such_module\n")
    with pytest.raises(StrategyLoadError, match=r"broken\.py"):
        load_user_strategies(tmp_path)


def test_the_strategies_folder_comes_from_the_settings(monkeypatch, tmp_path: Path) -> None:
    from dalal.settings import Settings

    monkeypatch.setenv("DALAL_STRATEGIES_DIR", str(tmp_path / "missing"))
    with pytest.raises(StrategyLoadError, match="not a folder"):
        load_user_strategies(Settings().strategies_dir)
    monkeypatch.delenv("DALAL_STRATEGIES_DIR")
    assert load_user_strategies(Settings().strategies_dir) == []


def test_sma_cross_enters_on_the_cross_up_and_exits_on_the_cross_down() -> None:
    # SMA(2) vs SMA(3): 11.5 > 11 crosses up at bar 4; they touch at bar 6 (13 = 13) and
    # part at bar 7 (11 < 12): a cross down through the touch. Fills come a bar later.
    bars = closes([10, 10, 10, 10, 13, 14, 12, 10, 8, 8, 8])
    result = run(
        build("sma_cross", {"fast": 2, "slow": 3, "sizing.kind": "quantity", "sizing.quantity": 1}),
        bars,
    )
    assert entries(result) == [(1, 5, 8, "SIGNAL")]
    short = run(build("sma_cross", {"fast": 2, "slow": 3, "allow_short": True}), bars)
    assert [(t.size > 0, t.entry_index, t.exit_index, t.exit_reason) for t in short.trades] == [
        (True, 5, 8, "SIGNAL"),
        (False, 8, 10, "END"),
    ]


def test_price_threshold_buys_above_and_sells_below() -> None:
    bars = closes([100, 101, 106, 104, 103, 94, 96, 107, 100])
    params = {
        "buy_above": "105",
        "sell_below": "95",
        "sizing.kind": "quantity",
        "sizing.quantity": 1,
    }
    assert entries(run(build("price_threshold", params), bars)) == [
        (1, 3, 6, "SIGNAL"),
        (1, 8, 8, "END"),
    ]


def test_price_breakout_acts_only_on_the_crossing_bars() -> None:
    bars = closes([98, 99, 101, 102, 99, 98, 101, 100])
    params = {
        "level": "100",
        "allow_short": "true",
        "sizing.kind": "quantity",
        "sizing.quantity": 1,
    }
    assert entries(run(build("price_breakout", params), bars)) == [
        (1, 3, 5, "SIGNAL"),
        (-1, 5, 7, "SIGNAL"),
        (1, 7, 7, "END"),
    ]


def test_rsi_reversion_buys_the_cross_into_oversold_and_sells_the_cross_into_overbought() -> None:
    bars = closes([100, 101, 102, 103, 104, 105, 99, 96, 94, 95, 99, 103, 106, 108, 104])
    params = {
        "period": 2,
        "lower": 20,
        "upper": 80,
        "sizing.kind": "quantity",
        "sizing.quantity": 1,
    }
    result = run(build("rsi_reversion", params), bars)
    # RSI(2) first falls below 20 at bar 6 and first rises above 80 again at bar 11.
    assert entries(result) == [(1, 7, 12, "SIGNAL")]


def test_a_protective_stop_exits_with_reason_sl() -> None:
    bars = closes([100, 99, 101, 102, 96, 95, 100, 103])
    params = {"level": "100", "stop_loss_pct": "3", "sizing.kind": "quantity", "sizing.quantity": 1}
    result = run(build("price_breakout", params), bars)
    # Entry at bar 3's open (102): stop at 98.94 → 98.90 on the 0.05 tick; bar 4 opens 96.
    assert entries(result)[0] == (1, 3, 4, "SL")
    assert result.trades[0].exit_price == D("96.0")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("sma_cross", {"fast": 3, "slow": 8, "allow_short": True}),
        ("ema_cross", {"fast": 4, "slow": 9}),
        ("macd_cross", {"fast": 3, "slow": 10, "signal": 4, "allow_short": True}),
        ("rsi_reversion", {"period": 5, "lower": 35, "upper": 65, "allow_short": True}),
        ("price_threshold", {"buy_above": "100.6", "sell_below": "99.8"}),
        ("price_breakout", {"level": "100.2", "stop_loss_pct": "0.5"}),
    ],
)
def test_waking_only_where_a_strategy_can_act_decides_what_every_bar_decides(
    name: str, params: dict[str, Any]
) -> None:
    bars = closes(wavy())
    woken = run(build(name, params), bars)
    every_bar = strategy_class(name)(parse_params(name, params))
    every_bar.wake = lambda: None  # type: ignore[method-assign]
    assert len(woken.trades) > 3
    assert orjson.dumps(result_json(woken)) == orjson.dumps(result_json(run(every_bar, bars)))


def test_bot_state_waits_for_confirmation_and_keeps_its_cooldown() -> None:
    state = BotState(confirmation=2, cooldown=2)
    calls = [
        Action.BUY,
        Action.BUY,
        Action.SELL,
        Action.SELL,
        Action.SELL,
        Action.HOLD,
        Action.SELL,
    ]
    assert [state.step(c) for c in calls] == [None, Action.BUY, None, None, Action.SELL, None, None]


def test_the_bot_trades_exactly_on_the_actions_its_evaluation_emits() -> None:
    raw = {
        "ma.fast": 5,
        "ma.slow": 12,
        "macd.fast": 4,
        "macd.slow": 10,
        "macd.signal": 3,
        "rsi.period": 5,
        "hot": 0.6,
        "warm": 0.3,
        "confirmation_bars": 2,
        "cooldown_bars": 3,
        "allow_short": True,
    }
    bars = closes(wavy(300, seed=11))
    params = parse_params("indicator_bot", raw)
    assert isinstance(params, BotParams)
    evaluations = evaluate_bot([bars.bar(i) for i in range(len(bars))], params)
    acted = [(i, e.action) for i, e in enumerate(evaluations) if e.action is not None]
    assert len(acted) > 4
    result = run(build("indicator_bot", raw), bars)
    first_entry = result.trades[0].entry_index
    assert acted[0] == (first_entry - 1, Action.BUY if result.trades[0].size > 0 else Action.SELL)
    flips = sorted({t.entry_index - 1 for t in result.trades})
    assert flips == [i for i, _ in acted if i >= acted[0][0] and i < len(bars) - 1]
    e = evaluations[-1]
    assert e.temperature.value in {"HOT", "WARM", "NEUTRAL", "COOL", "COLD"}
    assert e.score is None or -1 <= e.score <= 1
    assert not math.isnan(e.readings.ma_slow)


def test_bot_parameters_need_one_voice_and_ordered_thresholds() -> None:
    with pytest.raises(InvalidStrategyParams, match="at least one"):
        parse_params("indicator_bot", {"rsi.enabled": False, "macd.enabled": False, "ma.weight": 0})
    with pytest.raises(InvalidStrategyParams, match="warm"):
        parse_params("indicator_bot", {"hot": 0.2, "warm": 0.5})
