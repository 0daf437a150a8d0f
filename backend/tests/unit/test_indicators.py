"""Indicators: the vectorised and incremental forms agree to the bit, both agree with TA-Lib,
and SuperTrend, VWAP and crossings (which TA-Lib lacks) hold on hand-computed bars."""

from __future__ import annotations

import math

import numpy as np
import pytest
import talib
from hypothesis import given, settings
from hypothesis import strategies as st

from dalal.domain.indicators import crossed_above, crossed_below, supertrend, vwap
from dalal.domain.indicators import specs as ind
from dalal.domain.indicators.cross import Cross
from dalal.domain.indicators.specs import BarValues, IndicatorSpec, Ohlcv

NAN = math.nan


def walk(seed: int, n: int = 400) -> Ohlcv:
    rng = np.random.default_rng(seed)
    close = np.round((100 + np.cumsum(rng.normal(size=n))) * 20) / 20
    high = close + np.round(rng.random(n) * 20) / 20
    low = close - np.round(rng.random(n) * 20) / 20
    volume = rng.integers(0, 1000, n).astype(float)
    return Ohlcv(close.copy(), high, low, close, volume, np.repeat(np.arange(n // 50 + 1), 50)[:n])


def incremental(spec: IndicatorSpec, data: Ohlcv) -> list[np.ndarray]:
    kernel = spec.incremental()
    rows = [kernel.update(BarValues(*bar)) for bar in zip(*data, strict=True)]
    if not rows:
        return [np.empty(0) for _ in spec.outputs]
    return [np.array(column) for column in zip(*rows, strict=True)]


@st.composite
def tick_bars(draw: st.DrawFn) -> Ohlcv:
    """Bars on a 0.05 grid, where averages tie exactly and often."""
    steps = draw(st.lists(st.integers(-6, 6), min_size=0, max_size=90))
    close = 100 + np.cumsum(np.array(steps, dtype=np.float64)) * 0.05
    spread = np.array(draw(st.lists(st.integers(0, 4), min_size=len(steps), max_size=len(steps))))
    volume = np.array(draw(st.lists(st.integers(0, 50), min_size=len(steps), max_size=len(steps))))
    session = np.cumsum(
        np.array(draw(st.lists(st.booleans(), min_size=len(steps), max_size=len(steps))))
    )
    return Ohlcv(
        close, close + spread * 0.05, close - spread * 0.05, close, volume.astype(float), session
    )


SPECS = st.one_of(
    st.builds(ind.sma, st.integers(1, 30), st.sampled_from(["close", "hl2", "hlc3", "high"])),
    st.builds(ind.ema, st.integers(1, 30)),
    st.builds(ind.wma, st.integers(1, 30)),
    st.builds(ind.rsi, st.integers(1, 30)),
    st.integers(1, 12).flatmap(
        lambda fast: st.builds(
            ind.macd, st.just(fast), st.integers(fast + 1, 30), st.integers(1, 9)
        )
    ),
    st.builds(ind.bollinger, st.integers(1, 30), st.sampled_from([1.0, 2.0, 2.5])),
    st.builds(ind.atr, st.integers(1, 30)),
    st.builds(ind.supertrend, st.integers(1, 20), st.sampled_from([1.0, 2.0, 3.0])),
    st.builds(ind.stochastic, st.integers(1, 20), st.integers(1, 5), st.integers(1, 5)),
    st.just(ind.vwap()),
)


@settings(max_examples=300, deadline=None)
@given(spec=SPECS, data=tick_bars())
def test_vectorised_and_incremental_forms_are_bit_identical(
    spec: IndicatorSpec, data: Ohlcv
) -> None:
    vectorised = spec.compute(data)
    stepped = incremental(spec, data)
    assert len(vectorised) == len(spec.outputs)
    for whole, one_by_one in zip(vectorised, stepped, strict=True):
        assert np.array_equal(whole, one_by_one, equal_nan=True)


def _same_where_reference_defined(ours: np.ndarray, reference: np.ndarray) -> None:
    defined = ~np.isnan(reference)
    assert defined.any()
    assert not np.isnan(ours[defined]).any()
    assert np.allclose(ours[defined], reference[defined], rtol=1e-10, atol=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    ("spec", "reference"),
    [
        (ind.sma(10), lambda d: [talib.SMA(d.close, 10)]),
        (ind.ema(12), lambda d: [talib.EMA(d.close, 12)]),
        (ind.wma(9), lambda d: [talib.WMA(d.close, 9)]),
        (ind.rsi(14), lambda d: [talib.RSI(d.close, 14)]),
        (ind.rsi(2), lambda d: [talib.RSI(d.close, 2)]),
        (ind.macd(12, 26, 9), lambda d: list(talib.MACD(d.close, 12, 26, 9))),
        (ind.macd(5, 35, 5), lambda d: list(talib.MACD(d.close, 5, 35, 5))),
        (ind.bollinger(20, 2.0), lambda d: list(talib.BBANDS(d.close, 20, 2.0, 2.0, 0))),
        (ind.atr(14), lambda d: [talib.ATR(d.high, d.low, d.close, 14)]),
        (
            ind.stochastic(14, 3, 3),
            lambda d: list(talib.STOCH(d.high, d.low, d.close, 14, 3, 0, 3, 0)),
        ),
        (ind.sma(5, "hl2"), lambda d: [talib.SMA(talib.MEDPRICE(d.high, d.low), 5)]),
    ],
    ids=str,
)
def test_indicators_match_ta_lib(seed: int, spec: IndicatorSpec, reference) -> None:
    data = walk(seed)
    for ours, theirs in zip(spec.compute(data), reference(data), strict=True):
        _same_where_reference_defined(ours, theirs)


def test_a_flat_series_has_an_rsi_of_zero_as_in_ta_lib() -> None:
    flat = np.full(30, 100.0)
    assert np.array_equal(
        ind.rsi(14).compute(walk(1)._replace(close=flat))[0][14:], talib.RSI(flat, 14)[14:]
    )


def test_supertrend_on_hand_computed_bars() -> None:
    # ATR(2): true ranges 2, 2, 2, 2.5, 5.5 → 2 (mean of the first two), 2, 2.25, 3.875.
    high = np.array([10, 11, 12, 11, 9, 13], dtype=float)
    low = np.array([8, 9, 10, 9, 7, 11], dtype=float)
    close = np.array([9, 10, 11, 9.5, 7.5, 12.5])
    line, direction = supertrend(high, low, close, n=2, multiplier=1.0)
    # bar 2 starts down at its upper band 13; the upper band falls to 12 and 10.25; bar 5
    # closes 12.5 above 10.25 and turns up, the line becoming the lower band: the basic 8.125,
    # since the previous close (7.5) was under the old lower band 9.
    assert np.array_equal(line, [NAN, NAN, 13, 12, 10.25, 8.125], equal_nan=True)
    assert np.array_equal(direction, [NAN, NAN, -1, -1, -1, 1], equal_nan=True)


def test_vwap_restarts_each_session_and_waits_for_volume() -> None:
    high = np.array([10, 12, 20, 21], dtype=float)
    low = np.array([8, 10, 18, 19], dtype=float)
    close = np.array([9, 11, 19, 20], dtype=float)
    volume = np.array([100, 300, 0, 50], dtype=float)
    # typical prices 9, 11 | 19, 20: (9·100 + 11·300) / 400 = 10.5; the index-like bar has none.
    assert np.array_equal(
        vwap(high, low, close, volume, np.array([1, 1, 2, 2])), [9, 10.5, NAN, 20], equal_nan=True
    )


def test_a_cross_through_a_touch_counts_on_the_bar_that_leaves_it() -> None:
    assert crossed_above([9, 10, 11], 10).tolist() == [False, False, True]
    assert crossed_below([11, 10, 9], 10).tolist() == [False, False, True]
    assert crossed_above([9, 11, 12], [10, 10, 10]).tolist() == [False, True, False]
    assert crossed_above([10, 10, 10], 10).tolist() == [False, False, False]


def test_nan_is_never_a_crossing_and_the_incremental_detector_agrees() -> None:
    a = [NAN, 9, 11, 9, NAN, 11]
    assert crossed_above(a, 10).tolist() == [False, False, True, False, False, False]
    assert crossed_below(a, 10).tolist() == [False, False, False, True, False, False]
    detector = Cross()
    assert [detector.update(x, 10) for x in a] == [0, 0, 1, -1, 0, 0]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ind.sma(0), "at least 1"),
        (lambda: ind.macd(26, 12, 9), "fast < slow"),
        (lambda: ind.rsi(2, "typical"), "unknown source"),
        (lambda: IndicatorSpec("foo", ()), "unknown indicator"),
    ],
)
def test_bad_indicator_parameters_are_refused(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()
