"""OHLCV bars from CSV files (and Parquet files when pyarrow is installed).

Columns, matched by name in any case and order (other columns are ignored):

- the time: ``date``, ``datetime``, ``timestamp`` or ``time`` (a ``date`` column and a
  ``time`` column are joined);
- ``open``, ``high``, ``low``, ``close``; and ``volume``, optional (missing or empty is 0:
  indices have none).

Values:

- Times are ISO 8601 dates or datetimes (``2024-01-02``, ``2024-01-02 09:15:00``,
  ``2024-01-02T09:15:00+05:30``, ``…Z``) or epoch seconds (milliseconds above 10^11). A
  naive datetime is read in ``tz`` (IST by default); a date alone is that day's bar and is
  placed at 09:15 IST, the convention of :mod:`dalal.adapters.feeds.base`. Bars come out in
  UTC, and times must strictly increase down the file.
- Prices are parsed as ``Decimal`` from the text, never through a float, and kept as written
  (a feed that needs them on a tick quantises them). They must be positive, with
  ``low <= open, close <= high``. Volume is a non-negative whole number.
- Every problem raises :class:`BarsFileError` naming the line (CSV, the header is line 1) or
  row (Parquet) and the column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import TextIO

from dalal.adapters.feeds.base import IST, SESSION_OPEN
from dalal.domain.market import Bar, Interval
from dalal.domain.money import parse_decimal

_TIME_NAMES = ("datetime", "timestamp", "date", "time")
_PRICES = ("open", "high", "low", "close")
_DATE_ONLY = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")
_EPOCH = re.compile(r"^\d+(\.\d+)?$")


class BarsFileError(ValueError):
    """A file that cannot be read as bars; the message names the line or row and the column."""


def read_bars(
    path: str | PathLike[str], *, token: int, interval: Interval, tz: tzinfo = IST
) -> list[Bar]:
    """Bars from a ``.csv`` or ``.parquet`` file, chosen by its suffix."""
    suffix = Path(path).suffix.lower()
    if suffix in (".parquet", ".pq"):
        return read_bars_parquet(path, token=token, interval=interval, tz=tz)
    if suffix == ".csv":
        return read_bars_csv(path, token=token, interval=interval, tz=tz)
    raise BarsFileError(f"{path}: expected a .csv or .parquet file")


def read_bars_csv(
    source: str | PathLike[str] | TextIO, *, token: int, interval: Interval, tz: tzinfo = IST
) -> list[Bar]:
    """Bars from CSV text with a header row (a path, or an open text stream)."""
    if isinstance(source, str | PathLike):
        with open(source, newline="", encoding="utf-8-sig") as stream:
            return read_bars_csv(stream, token=token, interval=interval, tz=tz)
    reader = csv.reader(source)
    header = next(reader, None)
    if not header:
        raise BarsFileError("line 1: the file is empty; expected a header row")
    columns = _columns(header)

    def rows() -> Iterable[tuple[str, Mapping[str, object]]]:
        for values in reader:
            if any(cell.strip() for cell in values):  # blank lines are skipped, not errors
                yield f"line {reader.line_num}", dict(zip(header, values, strict=False))

    return _bars(rows(), columns, token, interval, tz)


def read_bars_parquet(
    path: str | PathLike[str], *, token: int, interval: Interval, tz: tzinfo = IST
) -> list[Bar]:
    """Bars from a Parquet file; needs the optional pyarrow package."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError("reading Parquet bars needs pyarrow: pip install pyarrow") from exc
    table = pq.read_table(path)
    columns = _columns(list(table.column_names))
    rows = ((f"row {n}", row) for n, row in enumerate(table.to_pylist(), start=1))
    return _bars(rows, columns, token, interval, tz)


def _columns(header: list[str]) -> dict[str, str]:
    """Our field name -> the file's column name, matched case-insensitively."""
    found: dict[str, str] = {}
    for column in header:
        key = column.strip().lower()
        if key in found:
            raise BarsFileError(f"line 1: column {key!r} appears twice")
        found[key] = column
    times = [name for name in _TIME_NAMES if name in found]
    if not times:
        raise BarsFileError("line 1: no time column (date, datetime, timestamp or time)")
    missing = [name for name in _PRICES if name not in found]
    if missing:
        raise BarsFileError(f"line 1: missing column(s) {', '.join(missing)}")
    return found


def _bars(
    rows: Iterable[tuple[str, Mapping[str, object]]],
    columns: Mapping[str, str],
    token: int,
    interval: Interval,
    tz: tzinfo,
) -> list[Bar]:
    bars: list[Bar] = []
    for where, row in rows:
        try:
            bar = _bar(row, columns, token, interval, tz)
        except ValueError as exc:
            raise BarsFileError(f"{where}: {exc}") from exc
        if bars and bar.at <= bars[-1].at:
            raise BarsFileError(
                f"{where}: time {bar.at.isoformat()} is not after the previous row's "
                f"{bars[-1].at.isoformat()}"
            )
        bars.append(bar)
    return bars


def _bar(
    row: Mapping[str, object],
    columns: Mapping[str, str],
    token: int,
    interval: Interval,
    tz: tzinfo,
) -> Bar:
    def cell(name: str) -> object:
        value = row.get(columns[name]) if name in columns else None
        return value.strip() if isinstance(value, str) else value

    open_, high, low, close = (_price(name, cell(name)) for name in _PRICES)
    if not low <= min(open_, close) or not high >= max(open_, close):
        raise ValueError(f"inconsistent prices: open {open_} high {high} low {low} close {close}")
    at = _instant(row, columns, tz)
    return Bar(token, at, interval, open_, high, low, close, _volume(cell("volume")))


def _price(name: str, value: object) -> Decimal:
    if value is None or value == "":
        raise ValueError(f"{name}: missing value")
    try:
        price = _decimal(value)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from exc
    if price <= 0:
        raise ValueError(f"{name}: price must be positive, not {price}")
    return price


def _decimal(value: object) -> Decimal:
    if isinstance(value, float):
        value = repr(value)  # Parquet doubles: the shortest text that reads back the same
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        return parse_decimal(value)
    raise ValueError(f"not a number: {value!r}")


def _volume(value: object) -> int:
    if value is None or value == "":
        return 0
    try:
        volume = _decimal(value)
    except ValueError as exc:
        raise ValueError(f"volume: {exc}") from exc
    if volume < 0 or volume != volume.to_integral_value():
        raise ValueError(f"volume: expected a whole number of units, not {value!r}")
    return int(volume)


def _instant(row: Mapping[str, object], columns: Mapping[str, str], tz: tzinfo) -> datetime:
    names = [name for name in _TIME_NAMES if name in columns]
    values = [row.get(columns[name]) for name in names]
    if names == ["date", "time"] and all(isinstance(v, str) for v in values):
        values = [f"{str(values[0]).strip()} {str(values[1]).strip()}"]
    value = values[0]
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return datetime.combine(value, SESSION_OPEN, tzinfo=IST).astimezone(UTC)
    elif isinstance(value, str) and value.strip():
        return _parse_time(value.strip(), tz)
    else:
        raise ValueError(f"{names[0]}: missing value")
    return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(UTC)


def _parse_time(text: str, tz: tzinfo) -> datetime:
    if _DATE_ONLY.match(text):
        day = date.fromisoformat(text)
        return datetime.combine(day, SESSION_OPEN, tzinfo=IST).astimezone(UTC)
    if _EPOCH.match(text):
        seconds = float(text)
        return datetime.fromtimestamp(seconds / 1000 if seconds > 1e11 else seconds, UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"time: {text!r} is not an ISO date or datetime (2024-01-02, 2024-01-02 09:15:00, "
            "2024-01-02T09:15:00+05:30) nor epoch seconds"
        ) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(UTC)
