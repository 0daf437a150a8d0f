"""``dalal backtest``: deterministic JSON, the documented keys, CSV headers in any case, and
one clear line (exit code 2) for bad input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from dalal.cli import app
from dalal.engine.report import dumps
from dalal.strategies import build
from tests.unit.backtest_support import closes, run

GOOG = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "GOOG.csv"
ARGS = [
    "backtest",
    "--strategy",
    "sma_cross",
    "--param",
    "fast=10",
    "--param",
    "slow=20",
    "--param",
    "allow_short=true",
    "--data",
    str(GOOG),
    "--cash",
    "10000",
    "--charges",
    "zero",
]
METRICS = {
    "final_equity",
    "return_pct",
    "cagr_pct",
    "sharpe",
    "sortino",
    "max_drawdown_pct",
    "win_rate_pct",
    "n_trades",
    "profit_factor",
    "expectancy_pct",
    "sqn",
    "exposure_pct",
    "total_charges",
    "buy_hold_return_pct",
    "calmar",
    "volatility_pct",
    "equity_peak",
}
TRADE_KEYS = {
    "entry_time",
    "exit_time",
    "size",
    "entry_price",
    "exit_price",
    "pnl",
    "return_pct",
    "charges",
    "exit_reason",
}


def test_two_runs_of_one_backtest_give_byte_identical_json() -> None:
    bars = closes([100 + (i * 7) % 13 - (i % 5) for i in range(300)])
    first = dumps(run(build("sma_cross", {"fast": 3, "slow": 8, "allow_short": True}), bars))
    second = dumps(run(build("sma_cross", {"fast": 3, "slow": 8, "allow_short": True}), bars))
    assert first == second
    assert orjson.loads(first)["metrics"]["n_trades"] > 10


def test_the_cli_prints_the_same_json_twice_with_the_documented_keys() -> None:
    runner = CliRunner()
    first, second = runner.invoke(app, [*ARGS, "--json"]), runner.invoke(app, [*ARGS, "--json"])
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    report = orjson.loads(first.stdout)
    assert set(report["metrics"]) >= METRICS
    assert report["metrics"]["n_trades"] == 94
    assert report["metrics"]["final_equity"] == "81812.37"
    assert set(report["trades"][0]) >= TRADE_KEYS
    assert report["trades"][-1]["exit_reason"] == "END"
    assert len(report["equity_curve"]) == 2148
    assert set(report["equity_curve"][0]) == {"time", "equity", "drawdown_pct"}


def test_the_cli_prints_a_metrics_table_without_json() -> None:
    result = CliRunner().invoke(app, ARGS)
    assert result.exit_code == 0, result.output
    assert "Sharpe" in result.stdout
    assert "81,812.37" in result.stdout


def test_a_csv_header_in_any_case_is_read_as_is(tmp_path: Path) -> None:
    rows = [
        f"2025-01-{d:02d},{p},{p + 1},{p - 1},{p},100"
        for d, p in zip(range(1, 31), range(100, 130), strict=False)
    ]
    data = tmp_path / "acme.csv"
    data.write_text("DATE,open,HIGH,low,Close,VOLUME\n" + "\n".join(rows) + "\n")
    result = CliRunner().invoke(
        app,
        [
            "backtest",
            "--strategy",
            "price_breakout",
            "--param",
            "level=110",
            "--data",
            str(data),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    (trade,) = orjson.loads(result.stdout)["trades"]
    assert (trade["symbol"], trade["entry_price"], trade["exit_reason"]) == (
        "ACME",
        "112.00",
        "END",
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--param", "fast=30"], "fast (30) must be less than slow (20)"),
        (["--param", "speed"], "KEY=VALUE"),
        (["--charges", "percent:0.002"], "--charges zero"),
        (["--interval", "2m"], "Unknown interval"),
        (["--from", "yesterday"], "YYYY-MM-DD"),
        (["--stop-loss", "-2%"], "--stop-loss: Enter a value above zero."),
        (["--target", "150%"], "--target: A percentage must be below 100."),
        (["--trailing-stop", "far"], "--trailing-stop must be a number"),
        (["--daily-loss-limit", "0"], "--daily-loss-limit: A daily loss limit is a loss"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(extra: list[str], message: str) -> None:
    args = [a for a in ARGS if a != "zero" and a != "--charges"] if "--charges" in extra else ARGS
    result = CliRunner().invoke(app, [*args, *extra])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())


def test_an_unknown_strategy_is_named_with_the_known_ones() -> None:
    result = CliRunner().invoke(app, ["backtest", "--strategy", "nope", "--data", str(GOOG)])
    assert result.exit_code == 2
    assert "sma_cross" in result.stderr


def test_stops_from_the_flags_exit_trades_at_their_levels() -> None:
    """A 2% stop and a 6% target on every position: exits tagged SL and TARGET, each at its
    level or beyond it when the bar gapped through (fills at the open), never short of it."""
    runner = CliRunner()
    plain = orjson.loads(runner.invoke(app, [*ARGS, "--json"]).stdout)
    result = runner.invoke(app, [*ARGS, "--stop-loss", "2%", "--target", "6%", "--json"])
    assert result.exit_code == 0, result.output
    trades = orjson.loads(result.stdout)["trades"]
    reasons = {t["exit_reason"] for t in trades}
    assert {"SL", "TARGET"} <= reasons
    assert trades != plain["trades"]
    for t in trades:
        entry, exit_, long = Decimal(t["entry_price"]), Decimal(t["exit_price"]), t["size"] > 0
        move = (exit_ - entry) / entry * (1 if long else -1)  # favourable move, as a fraction
        if t["exit_reason"] == "SL":
            assert move <= Decimal("-0.02") + Decimal("0.0001"), t
        if t["exit_reason"] == "TARGET":
            assert move >= Decimal("0.06") - Decimal("0.0001"), t


def test_a_daily_loss_limit_from_the_flag_closes_the_day() -> None:
    result = CliRunner().invoke(app, [*ARGS, "--daily-loss-limit", "150", "--json"])
    assert result.exit_code == 0, result.output
    reasons = [t["exit_reason"] for t in orjson.loads(result.stdout)["trades"]]
    assert "DAILY_LOSS_LIMIT" in reasons
