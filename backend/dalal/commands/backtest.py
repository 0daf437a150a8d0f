"""``dalal backtest``: run a strategy over bars from a file or from the database.

Registered in ``dalal.cli`` with ``app.command("backtest")(backtest)``.

Bars come from ``--data FILE`` (CSV or Parquet; a ``Date,Open,High,Low,Close,Volume``
header in any case is read as is), or from the bars stored in the database for ``--symbol``
(``dalal import bars``), over ``--from``/``--to`` (IST days, both included).

A file is not tied to the instrument master, so its instrument is made up: an NSE EQ named
``--symbol`` (or the file's name, upper-cased), lot 1, tick 0.01. The 0.01 tick keeps any
two-decimal price on the grid; NSE's own 0.05 tick would move many foreign prices. Charged
as NSE equity delivery (CNC) unless ``--product`` says otherwise.

Progress goes to stderr (rich); ``--json`` prints ``{"strategy", "params", "metrics",
"trades", "orders", "equity_curve"}`` (see ``dalal.engine.report``), otherwise a table of
metrics. Bad input exits with code 2 and one line on stderr.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn
from rich.table import Table

from dalal.domain.charges import parse_template
from dalal.domain.errors import DomainError
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Interval
from dalal.domain.money import parse_decimal
from dalal.domain.orders import Product
from dalal.domain.risk.levels import Level, Offset, PositionStops, Trail
from dalal.engine.backtest import BacktestConfig, FillTiming, run_backtest
from dalal.engine.backtest_risk import BacktestRisk, checked_risk
from dalal.engine.bar_data import BarSeries
from dalal.engine.matching import MatchingConfig
from dalal.engine.report import dumps
from dalal.engine.results import BacktestMetrics
from dalal.settings import get_settings
from dalal.strategies import build, load_user_strategies

err = Console(stderr=True)
FILE_TICK = Decimal("0.01")


class BadInput(Exception):
    """Input the command refuses; its message is shown as is."""


def backtest(
    *,
    strategy: Annotated[str, typer.Option(help="Strategy name (sma_cross, rsi_reversion, …)")],
    param: Annotated[
        list[str] | None, typer.Option(help="Strategy parameter KEY=VALUE (repeat; a.b=v nests)")
    ] = None,
    data: Annotated[
        list[Path] | None, typer.Option(help="CSV or Parquet bars (repeat for several)")
    ] = None,
    symbol: Annotated[
        list[str] | None, typer.Option(help="Stored bars of SYMBOL, or the name for --data")
    ] = None,
    interval: Annotated[str, typer.Option(help="1m, 5m, 15m, 1h or 1d")] = "1d",
    from_: Annotated[str | None, typer.Option("--from", help="First IST day, YYYY-MM-DD")] = None,
    to: Annotated[str | None, typer.Option(help="Last IST day, YYYY-MM-DD (included)")] = None,
    cash: Annotated[str, typer.Option(help="Starting capital in ₹")] = "1000000",
    charges: Annotated[
        str, typer.Option(help="zerodha, flat:RUPEES, percent:FRACTION (0.002 = 0.2%) or zero")
    ] = "zerodha",
    slippage_bps: Annotated[str, typer.Option(help="Slippage against you, in bps")] = "0",
    fill: Annotated[FillTiming, typer.Option(help="When orders fill")] = FillTiming.NEXT_OPEN,
    product: Annotated[
        Product | None, typer.Option(help="Product (default CNC for equity, NRML for F&O)")
    ] = None,
    risk_free: Annotated[float, typer.Option(help="Annual risk-free rate, 0.065 = 6.5%")] = 0.0,
    stop_loss: Annotated[
        str | None, typer.Option(help="Stop-loss on every position: points (15) or percent (2%)")
    ] = None,
    target: Annotated[
        str | None, typer.Option(help="Target on every position: points (30) or percent (4%)")
    ] = None,
    trailing_stop: Annotated[
        str | None, typer.Option(help="Trailing stop distance: points (10) or percent (1.5%)")
    ] = None,
    daily_loss_limit: Annotated[
        str | None,
        typer.Option(help="₹ lost in an IST day that squares off and blocks entries that day"),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Backtest a strategy: metrics, trades and the equity curve."""
    try:
        kind = _interval(interval)
        start, end = _day("--from", from_), _day("--to", to)
        load_user_strategies(get_settings().strategies_dir)
        chosen = build(strategy, _params(param or []))
        series = _series(data or [], symbol or [], kind, start, end)
        config = BacktestConfig(
            series=tuple(series),
            capital=_number("--cash", cash),
            charges=parse_template(charges),
            matching=MatchingConfig(slippage_bps=_number("--slippage-bps", slippage_bps)),
            fill_timing=fill,
            product=product,
            risk_free_rate=risk_free,
            risk=_risk(stop_loss, target, trailing_stop, daily_loss_limit),
        )
        result = _run(chosen, config)
    except (BadInput, DomainError, ValueError) as error:
        err.print(f"[red]Error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if json:
        typer.echo(dumps(result).decode())
    else:
        Console().print(metrics_table(result.metrics, _title(result.strategy, result.params)))


def _title(name: str, params: dict[str, Any]) -> str:
    def flat(prefix: str, value: Any) -> list[str]:
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in flat(f"{prefix}{k}.", v)]
        return [f"{prefix[:-1]}={value}"] if value is not None else []

    return f"{name}  " + " ".join(flat("", params))


def _run(chosen: Any, config: BacktestConfig) -> Any:
    columns = (TextColumn("backtest"), BarColumn(), TaskProgressColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("backtest", total=100)
        return run_backtest(chosen, config, progress=lambda pct: bar.update(task, completed=pct))


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise BadInput(f"--param takes KEY=VALUE, not {pair!r}")
        params[key.strip()] = value.strip()
    return params


RISK_FLAGS = {
    "risk.positionStops.stopLoss": "--stop-loss",
    "risk.positionStops.target": "--target",
    "risk.positionStops.trailingStop": "--trailing-stop",
    "risk.dailyLossLimit": "--daily-loss-limit",
}


def _risk(
    stop_loss: str | None, target: str | None, trail: str | None, day_limit: str | None
) -> BacktestRisk | None:
    """The position stops and daily loss limit of the flags, checked as the API checks them."""
    stops = PositionStops(
        stop_loss=_level("--stop-loss", stop_loss),
        target=_level("--target", target),
        trail=Trail(distance) if (distance := _level("--trailing-stop", trail)) else None,
    )
    limit = _number("--daily-loss-limit", day_limit) if day_limit is not None else None
    rules = BacktestRisk(position_stops=None if stops.empty else stops, daily_loss_limit=limit)
    try:
        return checked_risk(rules)
    except DomainError as error:
        flag = RISK_FLAGS.get(error.field or "", "a risk flag")
        raise BadInput(f"{flag}: {error.message}") from None


def _level(flag: str, raw: str | None) -> Level | None:
    """``2%`` is a percent of the entry price; ``15`` is points (rupees)."""
    if raw is None:
        return None
    text = raw.strip()
    percent = text.endswith("%")
    value = _number(flag, text.removesuffix("%").strip())
    return Level(Offset.PERCENT if percent else Offset.POINTS, value)


def _interval(raw: str) -> Interval:
    try:
        return Interval(raw)
    except ValueError:
        raise BadInput(f"Unknown interval {raw!r}; use 1m, 5m, 15m, 1h or 1d.") from None


def _day(flag: str, raw: str | None) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadInput(f"{flag} must be YYYY-MM-DD, not {raw!r}") from None


def _number(flag: str, raw: str) -> Decimal:
    try:
        return parse_decimal(raw)
    except ValueError:
        raise BadInput(f"{flag} must be a number, not {raw!r}") from None


def _series(
    files: list[Path], symbols: list[str], interval: Interval, start: Any, end: Any
) -> list[BarSeries]:
    if files:
        if symbols and len(symbols) != len(files):
            raise BadInput("give one --symbol per --data file, or none")
        names = symbols or [f.stem.upper() for f in files]
        loaded = [
            _file_series(f, n, token, interval)
            for token, (f, n) in enumerate(zip(files, names, strict=True), 1)
        ]
    elif symbols:
        loaded = asyncio.run(_stored_series(symbols, interval, start, end))
    else:
        raise BadInput("give --data FILE, or --symbol SYMBOL for bars in the database")
    chosen = [s.between(start, end) for s in loaded]
    empty = [s.instrument.tradingsymbol for s in chosen if len(s) == 0]
    if empty:
        raise BadInput(f"no bars for {', '.join(empty)} in the chosen days")
    return chosen


def file_instrument(name: str, token: int) -> Instrument:
    """The made-up instrument of a bars file (see the module docstring)."""
    return Instrument(token, Exchange.NSE, name, name, InstrumentType.EQ, 1, FILE_TICK)


def _file_series(path: Path, name: str, token: int, interval: Interval) -> BarSeries:
    from dalal.adapters.feeds.bars_file import BarsFileError, read_bars

    try:
        bars = read_bars(path, token=token, interval=interval)
    except (BarsFileError, ImportError, OSError) as error:
        raise BadInput(str(error)) from None
    if not bars:
        raise BadInput(f"{path} has no bars")
    return BarSeries.from_bars(file_instrument(name, token), interval, bars)


async def _stored_series(
    symbols: list[str], interval: Interval, start: Any, end: Any
) -> list[BarSeries]:
    from dalal.commands.context import command_context
    from dalal.services.backtest_data import stored_series

    async with command_context() as ctx:
        return await stored_series(ctx.uow_factory, symbols, interval, start, end)


_ROWS = (
    ("Start", "start"),
    ("End", "end"),
    ("Duration (days)", "duration_s"),
    ("Exposure %", "exposure_pct"),
    ("Final equity ₹", "final_equity"),
    ("Equity peak ₹", "equity_peak"),
    ("Return %", "return_pct"),
    ("Buy & hold return %", "buy_hold_return_pct"),
    ("CAGR %", "cagr_pct"),
    ("Volatility (ann.) %", "volatility_pct"),
    ("Sharpe", "sharpe"),
    ("Sortino", "sortino"),
    ("Calmar", "calmar"),
    ("Max drawdown %", "max_drawdown_pct"),
    ("Max drawdown (days)", "max_drawdown_duration_s"),
    ("Avg drawdown %", "avg_drawdown_pct"),
    ("Trades", "n_trades"),
    ("Win rate %", "win_rate_pct"),
    ("Best trade %", "best_trade_pct"),
    ("Worst trade %", "worst_trade_pct"),
    ("Avg trade %", "avg_trade_pct"),
    ("Max trade (days)", "max_trade_duration_s"),
    ("Avg trade (days)", "avg_trade_duration_s"),
    ("Profit factor", "profit_factor"),
    ("Expectancy %", "expectancy_pct"),
    ("SQN", "sqn"),
    ("Total charges ₹", "total_charges"),
)


def _cell(key: str, value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if key.endswith("_s") and isinstance(value, int | float):
        return "—" if math.isnan(value) else f"{value / 86_400:,.1f}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:,.2f}"
    return str(value)


def metrics_table(metrics: BacktestMetrics, title: str) -> Table:
    table = Table(title=escape(title))
    table.add_column("metric")
    table.add_column("value", justify="right")
    for label, key in _ROWS:
        table.add_row(label, _cell(key, getattr(metrics, key)))
    return table
