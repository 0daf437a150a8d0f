"""Forward tests' pure parts: folding 1m bars into a session's interval, and its figures."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from dalal.domain.charges import ChargeBreakdown
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.margin import DEFAULT_MARGINS
from dalal.domain.market import Bar, Interval
from dalal.domain.orders import Fill, Product, Side
from dalal.services.forward_analytics import day_row, session_figures
from dalal.services.forward_bars import BarFolder

OPEN = datetime(2025, 1, 6, 3, 45, tzinfo=UTC)  # 09:15 IST
STOCK = Instrument(
    token=1, exchange=Exchange.NSE, tradingsymbol="X", name="X",
    instrument_type=InstrumentType.EQ, lot_size=1, tick_size=Decimal("0.05"),
)  # fmt: skip


def minute(i: int, close: str, *, high: str | None = None) -> Bar:
    price = Decimal(close)
    top = Decimal(high) if high else price
    return Bar(1, OPEN + timedelta(minutes=i), Interval.M1, price, top, price, price, 10)


def test_five_minute_bars_are_released_once_their_last_minute_closes() -> None:
    folder = BarFolder(Interval.M5)
    out = [folder.add(minute(i, str(100 + i), high="200" if i == 2 else None)) for i in range(5)]
    assert out[:4] == [[], [], [], []]
    (bar,) = out[4]
    assert (bar.at, bar.interval, bar.open, bar.high, bar.close, bar.volume) == (
        OPEN, Interval.M5, Decimal(100), Decimal(200), Decimal(104), 50,
    )  # fmt: skip


def test_a_gap_releases_the_unfinished_bucket_when_the_next_one_starts() -> None:
    folder = BarFolder(Interval.M5)
    assert folder.add(minute(0, "100")) == []
    assert folder.add(minute(1, "101")) == []
    released = folder.add(minute(6, "106"))  # minutes 2-4 never came
    assert [(b.at, b.close) for b in released] == [(OPEN, Decimal(101))]


def test_the_sessions_interval_passes_bars_through() -> None:
    assert BarFolder(Interval.M1).add(minute(3, "99")) == [minute(3, "99")]


def fill(side: Side, quantity: int, price: str, at: datetime, charges: str = "1.00") -> Fill:
    return Fill(
        id=uuid.uuid4(), order_id=uuid.uuid4(), account_id=uuid.UUID(int=7), token=1,
        side=side, quantity=quantity, price=Decimal(price), at=at,
        charges=ChargeBreakdown(brokerage=Decimal(charges)),
    )  # fmt: skip


def test_figures_count_round_trips_net_of_charges_and_mark_what_is_open() -> None:
    day = OPEN
    fills = [
        (fill(Side.BUY, 10, "100", day), Product.CNC),
        (fill(Side.SELL, 10, "101", day + timedelta(minutes=1)), Product.CNC),  # +10 − 2
        (fill(Side.BUY, 5, "100", day + timedelta(minutes=2)), Product.CNC),
        (fill(Side.SELL, 5, "99.9", day + timedelta(minutes=3)), Product.CNC),  # −0.5 − 2
        (fill(Side.BUY, 4, "50", day + timedelta(minutes=4)), Product.CNC),
    ]
    figures = session_figures(fills, {1: Decimal("52")}, {1: STOCK}, DEFAULT_MARGINS)
    assert [t.pnl for t in figures.trades] == [Decimal("8.00"), Decimal("-2.50")]
    assert figures.realized == Decimal("9.50")
    assert figures.charges == Decimal("5.00")
    assert figures.unrealized == Decimal(8)
    assert figures.mtm == Decimal("12.50")  # realized + unrealized − charges
    assert figures.margin_used == Decimal("208.00")  # CNC: the full value at the mark
    previous = day_row(
        uuid.UUID(int=1), figures, day=date(2025, 1, 3), previous=None, current=None,
        peak=Decimal(20),
    )  # fmt: skip
    today = day_row(
        uuid.UUID(int=1), figures, day=date(2025, 1, 6), previous=previous, current=None,
        peak=Decimal(20),
    )  # fmt: skip
    assert (today.pnl, today.cumulative_pnl) == (Decimal(0), Decimal("12.50"))
    assert (today.trades, today.wins, today.drawdown) == (2, 1, Decimal("7.50"))
