"""The chain analytics over the synthetic feed's demo market recover the feed's own smile."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest

from dalal.adapters.feeds.demo_master import DEMO_REFERENCE_PRICES, demo_instruments
from dalal.adapters.feeds.synthetic import INDEX_PARAMS, SyntheticConfig, SyntheticFeed, smile_vol
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.domain.option_chain import max_pain_index
from dalal.domain.options import year_fraction
from dalal.services.options import ForwardBasis, PcrBasis, analyse_chain, chain_of

TODAY = date(2026, 12, 7)  # a Monday: weeklies on the 8th and 15th, the monthly on the 29th
OPEN = datetime(2026, 12, 7, 3, 45, tzinfo=UTC)  # 09:15 IST
AT = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # 11:30 IST: options have traded


@pytest.mark.parametrize("weekly", [True, False], ids=["weekly", "monthly"])
def test_the_demo_nifty_chain_gives_back_the_feeds_smile(weekly: bool) -> None:
    calendar = MarketCalendar(load_holidays(), sessions_mode="nse")
    instruments = demo_instruments(TODAY, calendar)
    feed = SyntheticFeed(instruments, DEMO_REFERENCE_PRICES, seed=7, start=OPEN)
    feed.next_quotes(OPEN)
    quotes = {q.token: q for q in feed.next_quotes(AT)}
    nifty = [i for i in instruments if i.underlying == "NIFTY"]
    expiries = sorted({i.expiry for i in nifty if i.is_option and i.expiry})
    monthly = next(i.expiry for i in nifty if i.instrument_type.value == "FUT")
    expiry = next(e for e in expiries if (e != monthly) is weekly) if weekly else monthly
    spot = next(i for i in instruments if i.tradingsymbol == "NIFTY")
    chain = chain_of(nifty, spot, underlying="NIFTY", expiry=expiry)
    found = analyse_chain(chain, quotes, now=AT, rate=SyntheticConfig().rate)
    assert found.forward_basis is (ForwardBasis.SYNTHETIC if weekly else ForwardBasis.FUTURE)
    assert found.forward is not None
    t = year_fraction(AT, expiry)
    strikes = np.array([float(r.strike) for r in chain.rows])
    atm_vol = np.full_like(strikes, INDEX_PARAMS["NIFTY"].vol)
    want, _ = smile_vol(
        atm_vol, np.log(strikes / found.forward), np.full_like(strikes, t), -0.10, 0.02
    )
    near = np.abs(np.log(strikes / found.forward)) < 0.02  # liquid strikes: ticks matter less
    checked = 0
    for row, vol, close in zip(chain.rows, want, near, strict=True):
        for instrument in (row.call, row.put):
            greeks = found.by_token[instrument.token] if instrument else None
            if not close or greeks is None or greeks.iv is None or greeks.vega is None:
                continue
            # quotes sit on a 0.05 tick: the mid can be half a tick off the fair price
            slack = 0.05 + 1.5 * 0.025 / greeks.vega
            assert greeks.iv == pytest.approx(vol * 100, abs=slack)
            checked += 1
    assert checked >= 4
    assert found.atm_strike is not None
    assert abs(float(found.atm_strike) - found.forward) <= 25
    assert found.pcr is not None
    assert found.max_pain is not None


def test_the_demo_chain_carries_open_interest_and_weighs_pcr_and_max_pain_by_it() -> None:
    calendar = MarketCalendar(load_holidays(), sessions_mode="nse")
    instruments = demo_instruments(TODAY, calendar)
    feed = SyntheticFeed(instruments, DEMO_REFERENCE_PRICES, seed=7, start=OPEN)
    opening = {q.token: q for q in feed.next_quotes(OPEN)}
    quotes = {q.token: q for q in feed.next_quotes(AT)}
    by_token = {i.token: i for i in instruments}
    for token, quote in quotes.items():
        instrument = by_token[token]
        if not instrument.is_option:
            assert quote.oi is None
            continue
        assert quote.oi is not None
        assert quote.oi % instrument.lot_size == 0
        opened = opening[token].oi
        assert opened is not None
        assert quote.oi >= opened  # the day's trading adds to it
    nifty = [i for i in instruments if i.underlying == "NIFTY"]
    monthly = next(i.expiry for i in nifty if i.instrument_type.value == "FUT")
    assert monthly is not None
    spot = next(i for i in instruments if i.tradingsymbol == "NIFTY")
    chain = chain_of(nifty, spot, underlying="NIFTY", expiry=monthly)
    found = analyse_chain(chain, quotes, now=AT, rate=SyntheticConfig().rate)
    assert found.pcr_basis is PcrBasis.OPEN_INTEREST
    call_oi = np.array([quotes[r.call.token].oi for r in chain.rows if r.call], dtype=float)
    put_oi = np.array([quotes[r.put.token].oi for r in chain.rows if r.put], dtype=float)
    assert found.pcr == pytest.approx(put_oi.sum() / call_oi.sum())
    strikes = np.array([float(r.strike) for r in chain.rows])
    pain = max_pain_index(strikes, call_oi, put_oi)
    assert pain is not None
    assert found.max_pain == chain.rows[pain].strike
    # Calls pile up above the market and puts below, as on NSE.
    assert found.atm_strike is not None
    at = next(i for i, r in enumerate(chain.rows) if r.strike == found.atm_strike)
    assert call_oi[at + 3] > call_oi[at - 3]
    assert put_oi[at - 3] > put_oi[at + 3]
    greeks = found.by_token[chain.rows[at].call.token]  # type: ignore[union-attr]
    assert greeks.oi == quotes[chain.rows[at].call.token].oi  # type: ignore[union-attr]
