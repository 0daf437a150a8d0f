"""``short_straddle`` on a small hand-made day: the index path is written out, the option bars
are priced from it by Black-76 at a fixed volatility, and the trades are checked against
the strategy's rules by formula (entry at the time, one leg stopped, the other squared off)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_CEILING, Decimal

import numpy as np
import pytest

from dalal.domain.charges import parse_template
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Interval
from dalal.domain.options import IST, black76_price, year_fraction
from dalal.engine.backtest import BacktestConfig, run_backtest
from dalal.engine.bar_data import BarSeries, at
from dalal.engine.results import BacktestResult
from dalal.strategies import build
from dalal.strategies.registry import InvalidStrategyParams, parse_params

D = Decimal
MONDAY_0915_IST = 1_736_135_100  # 2025-01-06 09:15 IST
TICK = D("0.05")
LOT = 75
VOL = 0.15
EXPIRIES = (date(2025, 1, 9), date(2025, 1, 16))  # this week's Thursday and the next
STRIKES = (22_900, 23_000, 23_100)
INDEX = Instrument(1, Exchange.NSE, "NIFTY", "NIFTY 50", InstrumentType.INDEX, 1, TICK)
# Index closes, one a minute from 09:15: flat to 09:19, up hard from 09:21, then flat.
CLOSES = [23010, 23020, 23015, 23030, 23040, 23040, 23080, 23120, 23160, 23170, 23165, 23160,
          23150, 23155, 23150]  # fmt: skip


def index_bars(closes: list[float]) -> BarSeries:
    """Minute bars opening at the previous close, ranging 5 points beyond open and close."""
    close = np.array(closes, dtype=np.float64)
    open_ = np.r_[close[0], close[:-1]]
    times = MONDAY_0915_IST + 60 * np.arange(len(close), dtype=np.int64)
    high, low = np.maximum(open_, close) + 5, np.minimum(open_, close) - 5
    volume = np.zeros(len(close))
    return BarSeries(INDEX, Interval.M1, times, open_, high, low, close, volume)


def option(token: int, expiry: date, strike: int, kind: str) -> Instrument:
    symbol = f"NIFTY{expiry:%y%m%d}{strike}{kind}"
    return Instrument(
        token,
        Exchange.NFO,
        symbol,
        "NIFTY",
        InstrumentType(kind),
        LOT,
        TICK,
        underlying="NIFTY",
        expiry=expiry,
        strike=D(strike),
    )


def option_bars(instrument: Instrument, index: BarSeries) -> BarSeries:
    """Each index bar priced by Black-76 (forward = spot, rate 0, ``VOL``) at the bar's open
    time, rounded to the tick: a call's high comes from the index's high, a put's from its low."""
    assert instrument.expiry is not None
    assert instrument.strike is not None
    years = np.array([year_fraction(at(int(t)), instrument.expiry) for t in index.times])
    is_call = instrument.instrument_type is InstrumentType.CE

    def price(spot: np.ndarray) -> np.ndarray:
        value = black76_price(
            spot, float(instrument.strike or 0), years, VOL, rate=0.0, is_call=is_call
        )
        return np.maximum(np.round(value * 20) / 20, 0.05)

    high, low = (index.high, index.low) if is_call else (index.low, index.high)
    return BarSeries(
        instrument,
        index.interval,
        index.times,
        price(index.open),
        price(high),
        price(low),
        price(index.close),
        np.full(len(index), 1000.0),
    )


def chain(index: BarSeries) -> tuple[BarSeries, ...]:
    token = 100
    out = []
    for expiry in EXPIRIES:
        for strike in STRIKES:
            for kind in ("CE", "PE"):
                token += 1
                out.append(option_bars(option(token, expiry, strike, kind), index))
    return tuple(out)


def straddle(params: dict[str, object], closes: list[float] = CLOSES) -> BacktestResult:
    index = index_bars(closes)
    config = BacktestConfig(
        series=(index, *chain(index)), capital=D(1_000_000), charges=parse_template("zero")
    )
    return run_backtest(build("short_straddle", params), config)


def series_of(symbol: str) -> BarSeries:
    index = index_bars(CLOSES)
    return next(s for s in chain(index) if s.instrument.tradingsymbol == symbol)


def price(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def test_entry_at_the_time_one_leg_stopped_the_other_squared_off_at_the_time() -> None:
    params = {"entry_time": "09:20", "exit_time": "09:27", "stop_loss_pct": 30}
    result = straddle(params)
    ce, pe = series_of("NIFTY25010923000CE"), series_of("NIFTY25010923000PE")

    # Entry: the 09:19 bar closes at 09:20 at 23,040, nearest strike 23,000, this week's
    # expiry; both legs sold at the 09:20 bar's open.
    sold = {f.token: f for f in result.fills[:2]}
    assert set(sold) == {ce.token, pe.token}
    assert all(f.side.value == "SELL" and f.quantity == LOT for f in sold.values())
    assert sold[ce.token].at == at(int(ce.times[5]))
    ce_entry, pe_entry = price(ce.open[5]), price(pe.open[5])
    assert (sold[ce.token].price, sold[pe.token].price) == (ce_entry, pe_entry)

    # The call's stop: 30% above its sale, up onto the tick; first bar reaching it fills it
    # at the trigger (or at its open, had it opened above).
    trigger = (ce_entry * D("1.3") / TICK).to_integral_value(rounding=ROUND_CEILING) * TICK
    stop_bar = next(k for k in range(6, len(ce)) if price(ce.high[k]) >= trigger)
    stop_fill = max(trigger, price(ce.open[stop_bar]))
    assert stop_bar < 12, "the path was made to stop the call before the square-off"

    # Square-off: the 09:26 bar closes at 09:27; the put is bought back at the 09:27 bar's open.
    trades = {t.symbol: t for t in result.trades}
    assert len(result.trades) == 2
    call, put = trades["NIFTY25010923000CE"], trades["NIFTY25010923000PE"]
    assert (call.exit_reason, call.exit_index, call.exit_price) == ("SL", stop_bar, stop_fill)
    assert (put.exit_reason, put.exit_index, put.exit_price) == (
        "SQUARE_OFF",
        12,
        price(pe.open[12]),
    )
    assert call.size == put.size == -LOT
    assert call.pnl == (ce_entry - stop_fill) * LOT < 0
    assert put.pnl == (pe_entry - price(pe.open[12])) * LOT > 0
    assert result.metrics.final_equity == D(1_000_000) + call.pnl + put.pnl


def test_a_quiet_day_squares_off_both_legs_at_the_time() -> None:
    quiet = [23010.0 + (k % 3) for k in range(15)]
    result = straddle({"entry_time": "09:20", "exit_time": "09:27"}, quiet)
    assert sorted((t.symbol, t.exit_reason, t.exit_index) for t in result.trades) == [
        ("NIFTY25010923000CE", "SQUARE_OFF", 12),
        ("NIFTY25010923000PE", "SQUARE_OFF", 12),
    ]


def test_next_week_picks_the_later_expiry() -> None:
    result = straddle({"entry_time": "09:20", "exit_time": "09:27", "expiry": "NEXT_WEEK"})
    assert {t.symbol for t in result.trades} == {"NIFTY25011623000CE", "NIFTY25011623000PE"}


def test_it_needs_the_index_bars_and_an_entry_before_the_exit() -> None:
    index = index_bars(CLOSES)
    config = BacktestConfig(
        series=chain(index), capital=D(1_000_000), charges=parse_template("zero")
    )
    with pytest.raises(ValueError, match="NIFTY index's bars"):
        run_backtest(build("short_straddle", {}), config)
    with pytest.raises(InvalidStrategyParams, match="entry_time"):
        parse_params("short_straddle", {"entry_time": "15:20", "exit_time": "15:15"})
    assert parse_params("short_straddle", {}).entry_time == time(9, 20)
    assert datetime(2025, 1, 6, 9, 20, tzinfo=IST).weekday() == 0  # the day is a Monday
