"""The synthetic feed: determinism, the tick grid, carry, parity, smile, correlation,
seasonality, gaps and volume; and building bars from its quotes."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.adapters.feeds.base import BarAggregator, Feed, bar_open_time
from dalal.adapters.feeds.synthetic import (
    SyntheticConfig,
    SyntheticFeed,
    UnderlyingParams,
    session_fraction,
    sessions_between,
    smile_vol,
)
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Interval, Quote
from dalal.domain.options import implied_vol_black76, year_fraction

IST = ZoneInfo("Asia/Kolkata")
MONDAY_OPEN = datetime(2025, 12, 1, 9, 15, tzinfo=IST)
EXPIRY = date(2025, 12, 30)
NIFTY, BANKNIFTY, RELIANCE, FUTURE = 1, 2, 3, 4
STRIKES = range(24_000, 28_001, 250)
PRICES = {"NIFTY": Decimal("26000"), "BANKNIFTY": Decimal("59200"), "RELIANCE": Decimal("1485.6")}


def _option(token: int, strike: int, kind: InstrumentType) -> Instrument:
    return Instrument(
        token, Exchange.NFO, f"NIFTY25DEC{strike}{kind}", "NIFTY", kind, 75, Decimal("0.05"),
        underlying="NIFTY", expiry=EXPIRY, strike=Decimal(strike),
    )  # fmt: skip


def _instruments() -> list[Instrument]:
    fixed = [
        Instrument(NIFTY, Exchange.NSE, "NIFTY", "NIFTY 50", InstrumentType.INDEX, 1, Decimal("0.05")),
        Instrument(BANKNIFTY, Exchange.NSE, "BANKNIFTY", "NIFTY BANK", InstrumentType.INDEX, 1, Decimal("0.05")),
        Instrument(RELIANCE, Exchange.NSE, "RELIANCE", "RELIANCE INDUSTRIES", InstrumentType.EQ, 1, Decimal("0.10")),
        Instrument(FUTURE, Exchange.NFO, "NIFTY25DECFUT", "NIFTY", InstrumentType.FUT, 75, Decimal("0.10"),
                   underlying="NIFTY", expiry=EXPIRY),
    ]  # fmt: skip
    options = [
        _option(100 + 2 * i + side, strike, kind)
        for i, strike in enumerate(STRIKES)
        for side, kind in enumerate((InstrumentType.CE, InstrumentType.PE))
    ]
    return fixed + options


def _feed(seed: int = 11, config: SyntheticConfig | None = None) -> SyntheticFeed:
    return SyntheticFeed(_instruments(), PRICES, seed=seed, start=MONDAY_OPEN, config=config)


def _by_token(quotes: list[Quote]) -> dict[int, Quote]:
    return {quote.token: quote for quote in quotes}


def _minutes(*offsets: int) -> list[datetime]:
    return [MONDAY_OPEN + timedelta(minutes=m) for m in offsets]


def test_the_same_seed_and_times_give_identical_quotes_and_another_seed_does_not() -> None:
    times = _minutes(0, 1, 2, 30, 200, 374)
    first, second, other = _feed(5), _feed(5), _feed(6)
    runs = [[feed.next_quotes(at) for at in times] for feed in (first, second, other)]
    assert runs[0] == runs[1]
    assert runs[0][-1] != runs[2][-1]


def test_the_first_quotes_are_the_reference_prices() -> None:
    feed: Feed = _feed()  # the synthetic feed fits the protocol (checked by mypy)
    quotes = _by_token(feed.next_quotes(MONDAY_OPEN))
    assert quotes[NIFTY].ltp == Decimal("26000")
    assert quotes[RELIANCE].ltp == Decimal("1485.6")
    assert quotes[NIFTY].bid is None
    assert quotes[NIFTY].at == MONDAY_OPEN.astimezone(UTC)


def test_every_price_is_on_its_tick_with_bid_at_or_below_ltp_at_or_below_ask() -> None:
    feed, ticks = _feed(), {i.token: i.tick_size for i in _instruments()}
    for at in _minutes(0, 3, 90, 370):
        for quote in feed.next_quotes(at):
            tick = ticks[quote.token]
            assert quote.ltp % tick == 0
            assert quote.ltp >= tick
            if quote.bid is None or quote.ask is None:
                continue
            assert quote.bid % tick == 0
            assert quote.ask % tick == 0
            assert tick <= quote.bid <= quote.ltp <= quote.ask
            assert quote.bid < quote.ask


def test_far_otm_options_have_wider_spreads_in_basis_points_than_at_the_money() -> None:
    quotes = _by_token(_feed().next_quotes(MONDAY_OPEN + timedelta(minutes=30)))
    atm = quotes[100 + 2 * STRIKES.index(26_000)]
    far = quotes[100 + 2 * STRIKES.index(27_500)]
    assert atm.ask is not None
    assert atm.bid is not None
    assert far.ask is not None
    assert far.bid is not None
    assert (far.ask - far.bid) / far.ltp > 3 * (atm.ask - atm.bid) / atm.ltp


def test_the_future_trades_at_cost_of_carry_over_the_index() -> None:
    feed, config = _feed(21), SyntheticConfig()
    carry = config.rate - config.params["NIFTY"].div_yield
    for at in _minutes(0, 45, 300):
        quotes = _by_token(feed.next_quotes(at))
        spot, fut = float(quotes[NIFTY].ltp), float(quotes[FUTURE].ltp)
        # both rounded: the index by half of 0.05, the future by half of 0.10
        assert fut == pytest.approx(spot * math.exp(carry * year_fraction(at, EXPIRY)), abs=0.08)


def test_calls_and_puts_satisfy_put_call_parity_up_to_rounding() -> None:
    feed, rate = _feed(), SyntheticConfig().rate
    for at in _minutes(10, 200):
        quotes = _by_token(feed.next_quotes(at))
        forward, discount = float(quotes[FUTURE].ltp), math.exp(-rate * year_fraction(at, EXPIRY))
        for i, strike in enumerate(STRIKES):
            call, put = float(quotes[100 + 2 * i].ltp), float(quotes[101 + 2 * i].ltp)
            # each option rounds by half a tick (0.05), the future by half of 0.10
            assert call - put == pytest.approx(discount * (forward - strike), abs=0.1 + 0.05)


def test_lower_strikes_carry_higher_implied_volatility() -> None:
    at = MONDAY_OPEN + timedelta(minutes=60)
    quotes = _by_token(_feed().next_quotes(at))
    t, forward, rate = year_fraction(at, EXPIRY), float(quotes[FUTURE].ltp), SyntheticConfig().rate
    vols = []
    for i, strike in enumerate(STRIKES):
        if 25_000 <= strike <= 26_500:  # OTM puts below the money; liquid enough to invert
            put = float(quotes[101 + 2 * i].ltp)
            vols.append(implied_vol_black76(put, forward, strike, t, rate=rate, is_call=False).vol)
    assert all(low > high for low, high in itertools.pairwise(vols))


def test_the_smile_is_quadratic_in_standardised_log_moneyness_and_floored() -> None:
    atm, t = np.array([0.2, 0.2, 0.2]), np.array([0.04, 0.04, 0.04])
    k = np.array([-0.04, 0.0, 0.04])  # z = -1, 0, +1
    vols, z = smile_vol(atm, k, t, skew=-0.1, curvature=0.02)
    assert z.tolist() == pytest.approx([-1.0, 0.0, 1.0])
    assert vols.tolist() == pytest.approx([0.2 * 1.12, 0.2, 0.2 * 0.92])
    floored, _ = smile_vol(atm, np.array([5.0, 5.0, 5.0]), t, skew=-1.0, curvature=0.0)
    assert floored.tolist() == pytest.approx([0.1, 0.1, 0.1])


def _spot_feed(seed: int) -> SyntheticFeed:
    """Indices and a stock only: the statistical tests need many steps, not the chain."""
    return SyntheticFeed(_instruments()[:3], PRICES, seed=seed, start=MONDAY_OPEN)


def _session_times(days: int, step: timedelta) -> list[datetime]:
    """Instants from 09:15 to 15:30 on consecutive weekdays from Monday, ``step`` apart."""
    steps = int(timedelta(hours=6, minutes=15) / step)
    return [
        MONDAY_OPEN + timedelta(days=day) + i * step
        for day in range(days)
        for i in range(steps + 1)
    ]


def _log_returns(
    seed: int, times: list[datetime], tokens: tuple[int, ...]
) -> npt.NDArray[np.float64]:
    feed, path = _spot_feed(seed), []
    for at in times:
        quotes = _by_token(feed.next_quotes(at))
        path.append([float(quotes[token].ltp) for token in tokens])
    returns = np.diff(np.log(np.array(path, dtype=np.float64)), axis=0)
    overnight = np.diff(np.array(times)) >= timedelta(hours=1)
    return np.asarray(returns[~overnight], dtype=np.float64)


def test_indices_and_stocks_follow_nifty_with_their_configured_correlation() -> None:
    # 5 sessions of 1-minute returns (1875); a correlation's standard error is about 0.02
    returns = _log_returns(3, _session_times(5, timedelta(minutes=1)), (NIFTY, BANKNIFTY, RELIANCE))
    correlation = np.atleast_2d(np.corrcoef(returns.T))
    assert correlation[0, 1] == pytest.approx(0.80, abs=0.06)  # BANKNIFTY
    assert correlation[0, 2] == pytest.approx(0.50, abs=0.08)  # a stock's default


def test_realised_volatility_matches_the_configured_annual_vol() -> None:
    returns = _log_returns(4, _session_times(5, timedelta(minutes=1)), (NIFTY,))
    assert len(returns) == 5 * 375
    annualised = math.sqrt(np.sum(returns**2) / 5 * 252)
    assert annualised == pytest.approx(0.13, rel=0.1)


def test_volatility_is_higher_at_the_open_and_close_than_at_midday() -> None:
    # 60 sessions of 5-minute returns, squared and summed per bucket (0 is 09:15-09:20)
    days = [
        _log_returns(100 + day, _session_times(1, timedelta(minutes=5)), (NIFTY,))
        for day in range(60)
    ]
    squared = np.sum(np.array(days)[:, :, 0] ** 2, axis=0)
    midday = squared[30:45].mean()
    assert squared[:3].mean() > 1.8 * midday  # the curve gives about 2.6x
    assert squared[-3:].mean() > 1.4 * midday  # about 1.8x


def test_session_fraction_is_front_and_back_loaded() -> None:
    assert session_fraction(0.0) == 0.0
    assert session_fraction(1.0) == pytest.approx(1.0)
    assert session_fraction(0.1) > 0.17  # the first 10% of the session carries over 17%
    assert 1.0 - session_fraction(0.9) > 0.12  # the last 10%, over 12%
    assert session_fraction(0.55) - session_fraction(0.45) < 0.085  # midday, about 8%


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_session_fraction_never_decreases(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert session_fraction(low) <= session_fraction(high)


def test_time_outside_the_session_and_weekends_carry_no_variance() -> None:
    friday_close = datetime(2025, 12, 5, 15, 30, tzinfo=IST)
    assert sessions_between(friday_close, datetime(2025, 12, 8, 9, 15, tzinfo=IST)) == 0.0
    assert sessions_between(MONDAY_OPEN, friday_close) == pytest.approx(5.0)
    holiday = date(2025, 12, 3)
    five_days = sessions_between(
        MONDAY_OPEN, friday_close, lambda d: d.weekday() < 5 and d != holiday
    )
    assert five_days == pytest.approx(4.0)


def test_prices_do_not_move_overnight_or_over_a_weekend() -> None:
    feed = _feed()
    friday_close = _by_token(feed.next_quotes(datetime(2025, 12, 5, 15, 30, tzinfo=IST)))
    monday_open = _by_token(feed.next_quotes(datetime(2025, 12, 8, 9, 15, tzinfo=IST)))
    assert monday_open[NIFTY].ltp == friday_close[NIFTY].ltp
    assert monday_open[RELIANCE].ltp == friday_close[RELIANCE].ltp


def test_the_always_open_demo_calendar_moves_prices_at_night() -> None:
    night = datetime(2025, 12, 6, 22, 0, tzinfo=IST)  # a Saturday
    feed = SyntheticFeed(
        _instruments(), PRICES, seed=1, start=night, config=SyntheticConfig(always_open=True)
    )
    before = _by_token(feed.next_quotes(night))[NIFTY].ltp
    assert _by_token(feed.next_quotes(night + timedelta(minutes=5)))[NIFTY].ltp != before


def test_one_long_step_has_the_spread_of_many_short_steps() -> None:
    two_hours = MONDAY_OPEN + timedelta(hours=2)
    in_one, in_sixty = [], []
    for seed in range(200):
        one = _spot_feed(seed)
        in_one.append(float(_by_token(one.next_quotes(two_hours))[NIFTY].ltp))
        many = _spot_feed(10_000 + seed)
        for at in _minutes(*range(4, 121, 4)):
            last = many.next_quotes(at)
        in_sixty.append(float(_by_token(last)[NIFTY].ltp))
    ratio = np.std(np.log(in_one)) / np.std(np.log(in_sixty))
    assert ratio == pytest.approx(1.0, abs=0.2)  # sqrt(30) = 5.5 if a step ignored its length


@given(st.integers(0, 10 * 24 * 60), st.integers(0, 10 * 24 * 60), st.integers(0, 10 * 24 * 60))
def test_variance_time_adds_up_over_any_split_of_a_gap(a: int, b: int, c: int) -> None:
    first, middle, last = (MONDAY_OPEN + timedelta(minutes=m) for m in sorted((a, b, c)))
    whole = sessions_between(first, last)
    assert whole == pytest.approx(sessions_between(first, middle) + sessions_between(middle, last))


def test_time_must_not_go_backwards_and_must_be_aware() -> None:
    feed = _feed()
    feed.next_quotes(MONDAY_OPEN + timedelta(minutes=5))
    with pytest.raises(ValueError, match="backwards"):
        feed.next_quotes(MONDAY_OPEN)
    with pytest.raises(ValueError, match="timezone-aware"):
        feed.next_quotes(datetime(2025, 12, 1, 10, 0))


def test_a_derivative_without_a_priced_underlying_is_refused() -> None:
    orphan = Instrument(9, Exchange.NFO, "SBIN25DECFUT", "SBIN", InstrumentType.FUT, 750, Decimal("0.05"),
                        underlying="SBIN", expiry=EXPIRY)  # fmt: skip
    with pytest.raises(ValueError, match="no reference price for SBIN"):
        SyntheticFeed([orphan], PRICES, seed=1, start=MONDAY_OPEN)
    priced = SyntheticFeed([orphan], {"SBIN": Decimal("950")}, seed=1, start=MONDAY_OPEN)
    assert priced.next_quotes(MONDAY_OPEN)[0].ltp > Decimal("950")  # carry on a hidden spot


def test_configured_underlying_parameters_override_the_defaults() -> None:
    still = UnderlyingParams(vol=1e-9, correlation=0.0)
    params = {"RELIANCE": still, "NIFTY": UnderlyingParams(0.13, 1.0)}
    feed = _feed(config=SyntheticConfig(params=params))
    feed.next_quotes(MONDAY_OPEN)
    assert _by_token(feed.next_quotes(MONDAY_OPEN + timedelta(hours=3)))[RELIANCE].ltp == Decimal(
        "1485.6"
    )


def test_volume_accumulates_in_lots_through_the_day_and_resets_the_next() -> None:
    feed, lots = _feed(), {i.token: i.lot_size for i in _instruments()}
    previous: dict[int, int] = {}
    for at in _minutes(0, 1, 30, 200, 374):
        for quote in feed.next_quotes(at):
            assert quote.volume % lots[quote.token] == 0
            assert quote.volume >= previous.get(quote.token, 0)
            previous[quote.token] = quote.volume
    assert previous[FUTURE] > 0
    assert previous[NIFTY] == 0  # an index does not trade
    tuesday = _by_token(feed.next_quotes(datetime(2025, 12, 2, 9, 20, tzinfo=IST)))
    assert 0 < tuesday[FUTURE].volume < previous[FUTURE]


def test_bars_are_built_from_the_quote_stream_with_volume_from_the_day_total() -> None:
    feed, aggregator, bars = _feed(), BarAggregator(Interval.M5), []
    seen: list[Quote] = []
    for second in range(0, 15 * 60 + 1, 20):
        for quote in feed.next_quotes(MONDAY_OPEN + timedelta(seconds=second)):
            if quote.token == RELIANCE:
                seen.append(quote)
                closed = aggregator.add(quote)
                bars.extend([closed] if closed else [])
    bars.extend(aggregator.flush())
    assert [bar.at for bar in bars[:3]] == [
        MONDAY_OPEN.astimezone(UTC) + timedelta(minutes=m) for m in (0, 5, 10)
    ]
    first = [q for q in seen if q.at < MONDAY_OPEN + timedelta(minutes=5)]
    assert bars[0].open == first[0].ltp
    assert bars[0].close == first[-1].ltp
    assert bars[0].high == max(q.ltp for q in first)
    assert bars[0].low == min(q.ltp for q in first)
    assert sum(bar.volume for bar in bars) == seen[-1].volume - seen[0].volume


def _quote(minute: int, ltp: str, volume: int, token: int = 7) -> Quote:
    return Quote(token, MONDAY_OPEN + timedelta(minutes=minute), Decimal(ltp), volume=volume)


def test_hourly_bars_open_at_quarter_past_and_quiet_tokens_close_on_time() -> None:
    assert bar_open_time(MONDAY_OPEN + timedelta(minutes=70), Interval.H1) == (
        datetime(2025, 12, 1, 10, 15, tzinfo=IST)
    )
    assert bar_open_time(MONDAY_OPEN + timedelta(hours=5), Interval.D1) == MONDAY_OPEN
    aggregator = BarAggregator(Interval.M1)
    assert aggregator.add(_quote(0, "100", 10)) is None
    assert aggregator.add(_quote(0, "101", 25)) is None
    assert aggregator.close_due(MONDAY_OPEN + timedelta(seconds=59)) == []
    (bar,) = aggregator.close_due(MONDAY_OPEN + timedelta(minutes=1))
    assert (bar.open, bar.high, bar.low, bar.close, bar.volume) == (
        Decimal("100"), Decimal("101"), Decimal("100"), Decimal("101"), 15,
    )  # fmt: skip


def test_a_new_day_counts_its_whole_cumulative_volume() -> None:
    aggregator = BarAggregator(Interval.M1)
    aggregator.add(_quote(0, "100", 500))
    aggregator.add(_quote(1, "100", 900))
    next_day = _quote(24 * 60, "102", 40)
    aggregator.add(next_day)
    (bar,) = aggregator.flush()
    assert bar.volume == 40
