"""``dalal import instruments|bars``: load an instrument master or OHLCV bars from files.

Both are idempotent (upserts), show progress, and keep the good rows when some are bad,
listing each bad row with its number and reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.progress import Progress

from dalal.adapters.feeds.bars_file import BarsFileError, read_bars
from dalal.adapters.instruments_csv import read_instruments_csv
from dalal.commands.context import command_context, err
from dalal.domain.instruments import Instrument
from dalal.domain.market import Interval
from dalal.services.instruments import find_instrument, save_bars, save_instruments

app = typer.Typer(help="Import instruments or bars from files.", no_args_is_help=True)
ItemT = TypeVar("ItemT")
CHUNK = 2000
MAX_ERRORS_SHOWN = 20


def _chunks(items: Sequence[ItemT]) -> list[Sequence[ItemT]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


@app.command("instruments")
def import_instruments(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Kite instrument CSV")],
) -> None:
    """Load a Kite Connect instrument dump (CSV). Bad rows are listed; good rows are kept."""
    result = read_instruments_csv(file)
    for error in result.errors[:MAX_ERRORS_SHOWN]:
        err.print(f"[yellow]row {error.row_number}[/]: {error.message}")
    if len(result.errors) > MAX_ERRORS_SHOWN:
        err.print(f"… and {len(result.errors) - MAX_ERRORS_SHOWN} more rejected rows")
    written = asyncio.run(_save_instruments(result.instruments))
    err.print(f"Imported {written} instruments; rejected {len(result.errors)} rows.")
    if not result.instruments and result.errors:
        raise typer.Exit(1)


async def _save_instruments(instruments: Sequence[Instrument]) -> int:
    written = 0
    async with command_context() as ctx:
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("Importing instruments", total=len(instruments))
            for chunk in _chunks(instruments):
                written += await save_instruments(ctx.uow_factory(), chunk)
                progress.advance(task, len(chunk))
    return written


@app.command("bars")
def import_bars(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or Parquet")],
    symbol: Annotated[str, typer.Option(help="Trading symbol the bars belong to")],
    interval: Annotated[str, typer.Option(help="1m, 5m, 15m, 1h or 1d")],
) -> None:
    """Load OHLCV bars (header Date,Open,High,Low,Close,Volume in any case)."""
    try:
        kind = Interval(interval)
    except ValueError:
        err.print(f"[red]Unknown interval '{interval}'.[/] Use 1m, 5m, 15m, 1h or 1d.")
        raise typer.Exit(2) from None
    written = asyncio.run(_import_bars(file, symbol, kind))
    err.print(f"Imported {written} bars for {symbol.upper()} ({kind.value}).")


async def _import_bars(file: Path, symbol: str, interval: Interval) -> int:
    async with command_context() as ctx:
        instrument = await find_instrument(ctx.uow_factory(), symbol)
        if instrument is None:
            err.print(
                f"[red]No instrument '{symbol}'.[/] Import the instrument master first "
                "(dalal import instruments, or dalal demo)."
            )
            raise typer.Exit(2)
        try:
            bars = read_bars(file, token=instrument.token, interval=interval)
        except (BarsFileError, ImportError) as exc:
            err.print(f"[red]{exc}[/]")
            raise typer.Exit(2) from None
        written = 0
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("Importing bars", total=len(bars))
            for chunk in _chunks(bars):
                written += await save_bars(ctx.uow_factory(), chunk)
                progress.advance(task, len(chunk))
        return written
