"""Reading bars from CSV (a slice of the shared GOOG series, and small hand-written files)
and the Parquet path's clear error when pyarrow is missing."""

from __future__ import annotations

import io
import itertools
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dalal.adapters.feeds.bars_file import BarsFileError, read_bars, read_bars_csv
from dalal.domain.market import Interval

# The shared data folder sits beside the repository (here and in CI).
GOOG = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "GOOG.csv"
IST = ZoneInfo("Asia/Kolkata")


@pytest.fixture(autouse=True)
def _goog_must_exist(request: pytest.FixtureRequest) -> None:
    if "goog" in request.node.name and not GOOG.exists():
        pytest.fail(f"{GOOG} is missing: the shared data folder must sit beside the repo")


def _csv(text: str) -> io.StringIO:
    return io.StringIO(text.strip() + "\n")


def test_a_slice_of_goog_reads_into_daily_bars_with_exact_decimal_prices(tmp_path: Path) -> None:
    lines = GOOG.read_text().splitlines()
    sliced = tmp_path / "goog_slice.csv"
    sliced.write_text("\n".join(lines[:101]) + "\n")  # the header and the first 100 days
    bars = read_bars(sliced, token=42, interval=Interval.D1)
    assert len(bars) == 100
    first = bars[0]  # 2004-08-19,100.0,104.06,95.96,100.34,22351900
    assert first.at == datetime(2004, 8, 19, 9, 15, tzinfo=IST).astimezone(UTC)
    assert (first.open, first.high, first.low, first.close) == (
        Decimal("100.0"), Decimal("104.06"), Decimal("95.96"), Decimal("100.34"),
    )  # fmt: skip
    assert first.volume == 22_351_900
    assert first.token == 42
    assert first.interval is Interval.D1
    assert all(a.at < b.at for a, b in itertools.pairwise(bars))


def test_the_whole_goog_file_reads_every_row() -> None:
    bars = read_bars_csv(GOOG, token=1, interval=Interval.D1)
    assert len(bars) == len(GOOG.read_text().splitlines()) - 1
    last_line = GOOG.read_text().splitlines()[-1].split(",")
    assert str(bars[-1].close) == last_line[4]


def test_headers_match_in_any_case_and_order_and_extra_columns_are_ignored() -> None:
    text = """
    VOLUME,close,Adj Close,LOW,High,open,Timestamp
    1200,101.5,101.5,99.5,102,100,2024-01-02 09:15:00
    """
    (bar,) = read_bars_csv(_csv(text.replace("    ", "")), token=5, interval=Interval.M1)
    assert bar.at == datetime(2024, 1, 2, 3, 45, tzinfo=UTC)  # a naive time is IST
    assert (bar.open, bar.close, bar.volume) == (Decimal("100"), Decimal("101.5"), 1200)


def test_datetime_columns_accept_offsets_utc_epochs_and_split_date_and_time() -> None:
    assert read_bars_csv(_csv("datetime,open,high,low,close\n2024-01-02T10:00:00+05:30,1,1,1,1"),
                         token=1, interval=Interval.M1)[0].at == datetime(2024, 1, 2, 4, 30, tzinfo=UTC)  # fmt: skip
    assert read_bars_csv(_csv("timestamp,open,high,low,close\n1704186000,1,1,1,1"),
                         token=1, interval=Interval.M1)[0].at == datetime(2024, 1, 2, 9, 0, tzinfo=UTC)  # fmt: skip
    assert read_bars_csv(_csv("timestamp,open,high,low,close\n1704186000000,1,1,1,1"),
                         token=1, interval=Interval.M1)[0].at == datetime(2024, 1, 2, 9, 0, tzinfo=UTC)  # fmt: skip
    split = read_bars_csv(_csv("Date,Time,Open,High,Low,Close\n2024-01-02,09:16,1,1,1,1"),
                          token=1, interval=Interval.M1)  # fmt: skip
    assert split[0].at == datetime(2024, 1, 2, 9, 16, tzinfo=IST).astimezone(UTC)


def test_a_missing_or_empty_volume_is_zero() -> None:
    bars = read_bars_csv(_csv("date,open,high,low,close,volume\n2024-01-02,1,1,1,1,\n2024-01-03,1,1,1,1,"),
                         token=1, interval=Interval.D1)  # fmt: skip
    assert [bar.volume for bar in bars] == [0, 0]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2024-01-03,100,99,98,100,10", "line 3: inconsistent prices"),
        ("2024-01-03,null,101,99,100,10", "line 3: open: not a number: 'null'"),
        ("2024-01-03,100,101,99,,10", "line 3: close: missing value"),
        ("2024-01-03,100,101,99,100,1.5", "line 3: volume: expected a whole number"),
        ("2024-01-03,100,101,99,100,-3", "line 3: volume: expected a whole number"),
        ("2024-01-03,0,101,0,100,10", "line 3: open: price must be positive"),
        ("03/01/2024,100,101,99,100,10", "line 3: time: '03/01/2024' is not an ISO date"),
        ("2024-01-02,100,101,99,100,10", "line 3: time 2024-01-02T03:45:00+00:00 is not after"),
        ("2024-01-03,100,101,99,Infinity,10", "line 3: close: not a finite number"),
    ],
)
def test_bad_rows_raise_an_error_naming_the_line_and_the_problem(row: str, message: str) -> None:
    text = f"Date,Open,High,Low,Close,Volume\n2024-01-02,100,101,99,100,10\n{row}"
    with pytest.raises(BarsFileError) as error:
        read_bars_csv(_csv(text), token=1, interval=Interval.D1)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("", "line 1: the file is empty"),
        ("Open,High,Low,Close", "line 1: no time column"),
        ("Date,Open,High,Close", "line 1: missing column(s) low"),
        ("Date,Open,open,High,Low,Close", "line 1: column 'open' appears twice"),
    ],
)
def test_bad_headers_are_refused_with_a_reason(header: str, message: str) -> None:
    with pytest.raises(BarsFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_bars_csv(io.StringIO(header), token=1, interval=Interval.D1)


def test_an_unknown_file_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BarsFileError, match=r"expected a \.csv or \.parquet file"):
        read_bars(tmp_path / "bars.xlsx", token=1, interval=Interval.D1)


def test_parquet_without_pyarrow_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # an import of it now fails
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match="pip install pyarrow"):
        read_bars(tmp_path / "bars.parquet", token=1, interval=Interval.D1)


def test_parquet_round_trips_when_pyarrow_is_installed(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"Date": ["2024-01-02", "2024-01-03"], "Open": [100.5, 101.0],
                      "High": [102.25, 103.0], "Low": [99.0, 100.0], "Close": [101.75, 102.5],
                      "Volume": [10, 20]})  # fmt: skip
    pq.write_table(table, tmp_path / "bars.parquet")
    bars = read_bars(tmp_path / "bars.parquet", token=1, interval=Interval.D1)
    assert [bar.close for bar in bars] == [Decimal("101.75"), Decimal("102.5")]
