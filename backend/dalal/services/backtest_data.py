"""Stored bars as backtest series: shared by ``dalal backtest --symbol`` and the API."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from dalal.domain.errors import DomainError
from dalal.domain.market import Bar, Interval
from dalal.engine.bar_data import BarSeries
from dalal.services.instruments import find_instrument, recent_bars
from dalal.services.orders import UnknownSymbol
from dalal.services.ports import UnitOfWork

ALL_BARS = 10_000_000


class NoBarsError(DomainError):
    code = "NO_BARS"

    def __init__(self, symbol: str, interval: Interval, start: date | None, end: date | None):
        days = f" from {start or 'the start'} to {end or 'the end'}" if start or end else ""
        super().__init__(
            f"No {interval.value} bars for {symbol}{days}. Import them first: "
            f"dalal import bars FILE.csv --symbol {symbol} --interval {interval.value}",
            field="symbols",
        )
        self.symbol = symbol


async def stored_bars(
    uow_factory: Callable[[], UnitOfWork], symbol: str, interval: Interval
) -> tuple[BarSeries, Sequence[Bar]]:
    """All stored bars of ``symbol`` (1-minute bars folded when none of ``interval``)."""
    instrument = await find_instrument(uow_factory(), symbol)
    if instrument is None:
        raise UnknownSymbol(
            f"No instrument {symbol!r}; import the instrument master first "
            "(dalal import instruments, or dalal demo).",
            field="symbols",
        )
    bars = await recent_bars(uow_factory(), instrument.token, interval, limit=ALL_BARS)
    return BarSeries.from_bars(instrument, interval, bars), bars


async def stored_series(
    uow_factory: Callable[[], UnitOfWork],
    symbols: Sequence[str],
    interval: Interval,
    start: date | None,
    end: date | None,
) -> list[BarSeries]:
    """One series per symbol over the IST days ``start``..``end`` (both included); a symbol
    with no bars there is refused, naming the import command that fixes it."""
    loaded = []
    for symbol in symbols:
        series, _ = await stored_bars(uow_factory, symbol, interval)
        chosen = series.between(start, end)
        if len(chosen) == 0:
            raise NoBarsError(symbol, interval, start, end)
        loaded.append(chosen)
    return loaded
