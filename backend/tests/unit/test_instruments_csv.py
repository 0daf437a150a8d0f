"""Importing Kite's instrument dump: good rows become Instruments, bad rows are reported by
row number with a reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from dalal.adapters.instruments_csv import (
    ImportResult,
    RowError,
    parse_instruments,
    read_instruments_csv,
)
from dalal.domain.instruments import Exchange, InstrumentType

HEADER = (
    "instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,"
    "lot_size,instrument_type,segment,exchange"
)
# Row numbers count the header as row 1.
SAMPLE = f"""{HEADER}
738561,2885,RELIANCE,RELIANCE INDUSTRIES,0,,0,0.1,1,EQ,NSE,NSE
128083204,500325,RELIANCE,RELIANCE INDUSTRIES LTD.,0,,0,0.05,1,EQ,BSE,BSE
256265,1001,NIFTY 50,NIFTY 50,0,,0,0,0,EQ,INDICES,NSE
265,1,SENSEX,SENSEX,0,,0,0,0,EQ,INDICES,BSE
12683010,49543,NIFTY25DECFUT,"NIFTY",0,2025-12-30,0,0.1,75,FUT,NFO-FUT,NFO
10192898,39814,NIFTY25D0926000CE,"NIFTY",0,2025-12-09,26000,0.05,75,CE,NFO-OPT,NFO
10193154,39815,NIFTY25DEC26000PE,"NIFTY",0,2025-12-30,26000.0,0.05,75,PE,NFO-OPT,NFO
213300229,833204,SENSEX25D1185000CE,"SENSEX",0,2025-12-11,85000,0.05,20,CE,BFO-OPT,BFO
109134855,426308,GOLDM25DECFUT,"GOLDM",0,2025-12-05,0,1,1,FUT,MCX-FUT,MCX
12345001,48,BANKNIFTY25DECFUT,"BANKNIFTY",0,30-12-2025,0,0.2,35,FUT,NFO-FUT,NFO
12345002,49,NIFTY25DEC26500CE,"NIFTY",0,2025-12-30,,0.05,75,CE,NFO-OPT,NFO
12345003,50,INFY,INFOSYS,0,,0,abc,1,EQ,NSE,NSE
738561,2885,RELIANCE,RELIANCE INDUSTRIES,0,,0,0.1,1,EQ,NSE,NSE
12345004,51,TCS,TATA CONSULTANCY SERV,0,,0,0.1,1,EQ

12345005,52,NIFTY25DECFUT,"NIFTY",0,2025-12-30,0,0.1,75,FUT,NSE,NSE
-5,53,SBIN,STATE BANK OF INDIA,0,,0,0.05,1,EQ,NSE,NSE
12345006,54,FINNIFTY25DECFUT,"FINNIFTY",0,2025-12-30,0,0.1,0,FUT,NFO-FUT,NFO
12345007,55,NIFTY25DECOPT,"NIFTY",0,2025-12-30,0,0.05,75,OPTIDX,NFO-OPT,NFO
12345008,56,ITC,ITC,0,,0,0,1,EQ,NSE,NSE
"""


def parsed() -> ImportResult:
    return parse_instruments(SAMPLE.splitlines(keepends=True))


def test_good_rows_are_kept_in_file_order() -> None:
    symbols = [instrument.tradingsymbol for instrument in parsed().instruments]
    assert symbols == [
        "RELIANCE",
        "RELIANCE",
        "NIFTY 50",
        "SENSEX",
        "NIFTY25DECFUT",
        "NIFTY25D0926000CE",
        "NIFTY25DEC26000PE",
        "SENSEX25D1185000CE",
    ]


def test_bad_rows_are_reported_with_their_row_number_and_reason() -> None:
    assert parsed().errors == [
        RowError(10, "unsupported exchange MCX"),
        RowError(11, "expiry must be a YYYY-MM-DD date for a derivative, not 30-12-2025"),
        RowError(12, "strike is not a number: (empty)"),
        RowError(13, "tick_size is not a number: abc"),
        RowError(14, "duplicate instrument_token 738561 (first seen on row 2)"),
        RowError(15, "expected 12 columns, found 10"),
        # row 16 is blank and skipped; the numbering still counts it
        RowError(17, "instrument type FUT is not traded on NSE; expected NFO or BFO"),
        RowError(18, "instrument_token must be a positive whole number, not -5"),
        RowError(19, "lot_size must be a positive whole number, not 0"),
        RowError(20, "unsupported instrument_type OPTIDX"),
        RowError(21, "tick_size must be positive, not 0"),
    ]


def test_an_equity_row_maps_to_a_cash_instrument_with_decimal_tick() -> None:
    reliance = parsed().instruments[0]
    assert reliance.token == 738561
    assert (reliance.exchange, reliance.instrument_type) == (Exchange.NSE, InstrumentType.EQ)
    assert reliance.name == "RELIANCE INDUSTRIES"
    assert reliance.tick_size == Decimal("0.1")
    assert str(reliance.tick_size) == "0.1"  # parsed from text, not through a float
    assert (reliance.lot_size, reliance.underlying, reliance.expiry) == (1, None, None)


def test_indices_segment_rows_become_untradable_indices_with_a_usable_grid() -> None:
    nifty, sensex = parsed().instruments[2:4]
    assert nifty.instrument_type is InstrumentType.INDEX
    assert not nifty.tradable
    assert (nifty.lot_size, nifty.tick_size) == (1, Decimal("0.05"))
    assert sensex.exchange is Exchange.BSE


def test_derivative_rows_take_their_underlying_from_the_name_column() -> None:
    future, weekly_call, monthly_put, sensex_call = parsed().instruments[4:8]
    assert (future.underlying, future.expiry, future.strike) == ("NIFTY", date(2025, 12, 30), None)
    assert future.lot_size == 75
    assert weekly_call.instrument_type is InstrumentType.CE
    assert weekly_call.strike == Decimal(26000)
    assert monthly_put.instrument_type is InstrumentType.PE
    assert str(monthly_put.strike) == "26000.0"
    assert (sensex_call.exchange, sensex_call.lot_size) == (Exchange.BFO, 20)
    assert sensex_call.cash_exchange is Exchange.BSE


def test_columns_are_found_by_header_name_in_any_order() -> None:
    lines = [
        "exchange,tradingsymbol,instrument_token,exchange_token,name,last_price,expiry,strike,"
        "tick_size,lot_size,instrument_type,segment",
        "NSE,ITC,424961,1660,ITC,0,,0,0.05,1,EQ,NSE",
    ]
    result = parse_instruments(lines)
    assert result.errors == []
    assert [(i.token, i.tradingsymbol) for i in result.instruments] == [(424961, "ITC")]


def test_a_header_missing_columns_rejects_the_file_at_row_one() -> None:
    result = parse_instruments(["instrument_token,tradingsymbol", "1,ITC"])
    assert result.instruments == []
    assert len(result.errors) == 1
    assert result.errors[0].row_number == 1
    assert "exchange_token" in result.errors[0].message


def test_an_empty_file_is_one_error() -> None:
    assert parse_instruments([]).errors == [RowError(1, "the file is empty; expected a header row")]


def test_a_file_with_a_byte_order_mark_reads_like_any_other(tmp_path: Path) -> None:
    path = tmp_path / "instruments.csv"
    path.write_text(SAMPLE, encoding="utf-8-sig")
    from_file = read_instruments_csv(path)
    assert from_file.instruments == parsed().instruments
    assert from_file.errors == parsed().errors
