"""Import Kite Connect's instrument dump (``GET /instruments``, CSV) into ``Instrument``s.

Columns, by header name (order does not matter): instrument_token, exchange_token,
tradingsymbol, name, last_price, expiry, strike, tick_size, lot_size, instrument_type, segment,
exchange. Each bad row becomes a ``RowError`` with its row number (the header is row 1) and a
reason; good rows are kept, so one bad line never sinks an import.

Mapping:

* exchange NSE, BSE (cash) and NFO, BFO (derivatives); any other exchange is refused.
* instrument_type EQ, FUT, CE, PE; a row whose segment is ``INDICES`` is an INDEX, whatever
  its instrument_type (Kite lists indices as EQ with tick and lot 0). An index gets a lot of 1
  and, if Kite gives no tick, 0.05, so no later arithmetic divides by zero.
* ``underlying`` of a derivative is the ``name`` column; expiry (YYYY-MM-DD) is required for
  derivatives and strike for options. Prices, strikes and ticks are parsed from their text as
  Decimal, never through float.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.money import parse_decimal

COLUMNS = (
    "instrument_token",
    "exchange_token",
    "tradingsymbol",
    "name",
    "last_price",
    "expiry",
    "strike",
    "tick_size",
    "lot_size",
    "instrument_type",
    "segment",
    "exchange",
)
INDEX_SEGMENT = "INDICES"
DEFAULT_INDEX_TICK = Decimal("0.05")
_CASH = frozenset({Exchange.NSE, Exchange.BSE})
_DERIVATIVE_TYPES = frozenset({InstrumentType.FUT, InstrumentType.CE, InstrumentType.PE})
_KITE_TYPES = {kind.value: kind for kind in (InstrumentType.EQ, *_DERIVATIVE_TYPES)}


@dataclass(frozen=True, slots=True)
class RowError:
    row_number: int
    message: str


@dataclass(slots=True)
class ImportResult:
    instruments: list[Instrument] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class RowRejected(ValueError):
    """Why one row cannot be imported (becomes a ``RowError``)."""


def parse_instruments(lines: Iterable[str]) -> ImportResult:
    """Parse the CSV text in ``lines`` (one string per line, with or without newlines)."""
    result = ImportResult()
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        result.errors.append(RowError(1, "the file is empty; expected a header row"))
        return result
    positions = {name.strip().lstrip("\ufeff"): i for i, name in enumerate(header)}
    missing = [column for column in COLUMNS if column not in positions]
    if missing:
        result.errors.append(RowError(1, f"the header lacks column(s): {', '.join(missing)}"))
        return result
    first_row_of_token: dict[int, int] = {}
    for cells in reader:
        row_number = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        try:
            row = _as_row(cells, positions, len(header))
            instrument = _instrument(row)
            _check_unique(instrument.token, row_number, first_row_of_token)
        except RowRejected as reason:
            result.errors.append(RowError(row_number, str(reason)))
            continue
        result.instruments.append(instrument)
    return result


def read_instruments_csv(path: str | Path) -> ImportResult:
    """``parse_instruments`` over a file (UTF-8, a byte-order mark tolerated)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return parse_instruments(handle)


def _as_row(cells: list[str], positions: dict[str, int], width: int) -> dict[str, str]:
    if len(cells) != width:
        raise RowRejected(f"expected {width} columns, found {len(cells)}")
    return {column: cells[positions[column]].strip() for column in COLUMNS}


def _check_unique(token: int, row_number: int, first_row_of_token: dict[int, int]) -> None:
    first = first_row_of_token.setdefault(token, row_number)
    if first != row_number:
        raise RowRejected(f"duplicate instrument_token {token} (first seen on row {first})")


def _instrument(row: dict[str, str]) -> Instrument:
    exchange = _exchange(row["exchange"])
    kind = _instrument_type(row)
    symbol = row["tradingsymbol"]
    if not symbol:
        raise RowRejected("tradingsymbol is empty")
    if kind is InstrumentType.INDEX:
        return _index(row, exchange, symbol)
    derivative = kind in _DERIVATIVE_TYPES
    if derivative == (exchange in _CASH):
        expected = "NFO or BFO" if derivative else "NSE or BSE"
        raise RowRejected(
            f"instrument type {kind.value} is not traded on {exchange.value}; expected {expected}"
        )
    tick = _decimal(row, "tick_size")
    if tick <= 0:
        raise RowRejected(f"tick_size must be positive, not {row['tick_size']}")
    lot = _positive_int(row, "lot_size")
    name = row["name"] or symbol
    if kind is InstrumentType.EQ:
        return Instrument(_token(row), exchange, symbol, name, kind, lot, tick)
    return Instrument(
        _token(row),
        exchange,
        symbol,
        name,
        kind,
        lot,
        tick,
        underlying=name,
        expiry=_expiry(row),
        strike=_strike(row, kind),
    )


def _index(row: dict[str, str], exchange: Exchange, symbol: str) -> Instrument:
    if exchange not in _CASH:
        raise RowRejected(f"an index belongs to NSE or BSE, not {exchange.value}")
    tick = _decimal(row, "tick_size") if row["tick_size"] else Decimal(0)
    tick = tick if tick > 0 else DEFAULT_INDEX_TICK
    name = row["name"] or symbol
    return Instrument(_token(row), exchange, symbol, name, InstrumentType.INDEX, 1, tick)


def _exchange(raw: str) -> Exchange:
    try:
        return Exchange(raw.upper())
    except ValueError:
        raise RowRejected(f"unsupported exchange {raw or '(empty)'}") from None


def _instrument_type(row: dict[str, str]) -> InstrumentType:
    if row["segment"].upper() == INDEX_SEGMENT:
        return InstrumentType.INDEX
    kind = _KITE_TYPES.get(row["instrument_type"].upper())
    if kind is None:
        raise RowRejected(f"unsupported instrument_type {row['instrument_type'] or '(empty)'}")
    return kind


def _token(row: dict[str, str]) -> int:
    return _positive_int(row, "instrument_token")


def _positive_int(row: dict[str, str], column: str) -> int:
    raw = row[column]
    if not raw.isdigit() or int(raw) <= 0:
        raise RowRejected(f"{column} must be a positive whole number, not {raw or '(empty)'}")
    return int(raw)


def _decimal(row: dict[str, str], column: str) -> Decimal:
    try:
        return parse_decimal(row[column])
    except ValueError:
        raise RowRejected(f"{column} is not a number: {row[column] or '(empty)'}") from None


def _expiry(row: dict[str, str]) -> date:
    raw = row["expiry"]
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise RowRejected(
            f"expiry must be a YYYY-MM-DD date for a derivative, not {raw or '(empty)'}"
        ) from None


def _strike(row: dict[str, str], kind: InstrumentType) -> Decimal | None:
    if kind is InstrumentType.FUT:
        return None
    strike = _decimal(row, "strike")
    if strike <= 0:
        raise RowRejected(f"an option needs a positive strike, not {row['strike']}")
    return strike
