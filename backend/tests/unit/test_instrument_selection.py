"""Instrument selection on a small, realistic NIFTY master.

The master: Monday 23 November 2026 is an expiry day (Tuesday the 24th is a holiday, so the
November monthly moves back a day), then weekly Tuesdays on 1 and 8 December and the December
monthly on the last Tuesday, the 29th. Strikes run 25,500 to 26,500 every 50; the lot is 65
(NIFTY contracts expiring from January 2026). Futures list the three monthlies.
"""

from __future__ import annotations

import itertools
import math
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dalal.adapters.feeds.demo_master import DEMO_REFERENCE_PRICES, demo_instruments
from dalal.domain.algos import (
    ExpiryRule,
    FutureMonth,
    InstrumentSelection,
    SelectionKind,
    StrikeRule,
)
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.domain.instrument_selection import (
    CandidateQuery,
    MarketView,
    SelectionFailed,
    candidate_filter,
    first_live_date,
    select_instrument,
)
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.options import black76_greeks, black76_price, year_fraction

IST = ZoneInfo("Asia/Kolkata")
D = Decimal
CE, PE, FUT = InstrumentType.CE, InstrumentType.PE, InstrumentType.FUT
NOV_23, DEC_1, DEC_8, DEC_29, JAN_25 = (
    date(2026, 11, 23),
    date(2026, 12, 1),
    date(2026, 12, 8),
    date(2026, 12, 29),
    date(2027, 1, 25),
)
OPTION_EXPIRIES = (NOV_23, DEC_1, DEC_8, DEC_29)
STRIKES = tuple(D(25_500 + 50 * n) for n in range(21))
SPOT = D("26040.35")
MORNING = datetime(2026, 11, 23, 10, 0, tzinfo=IST)
AFTER_CLOSE = datetime(2026, 11, 23, 15, 30, tzinfo=IST)
_tokens = itertools.count(1_000)


def contract(kind: InstrumentType, expiry: date, strike: Decimal | None = None) -> Instrument:
    tail = "FUT" if strike is None else f"{strike}{kind.value}"
    return Instrument(
        next(_tokens),
        Exchange.NFO,
        f"NIFTY{expiry:%y%m%d}{tail}",
        "NIFTY",
        kind,
        65,
        D("0.05") if strike is not None else D("0.10"),
        underlying="NIFTY",
        expiry=expiry,
        strike=strike,
    )


OPTIONS = [contract(k, e, s) for e in OPTION_EXPIRIES for s in STRIKES for k in (CE, PE)]
FUTURES = [contract(FUT, e) for e in (NOV_23, DEC_29, JAN_25)]
MASTER = OPTIONS + FUTURES


def find(kind: InstrumentType, expiry: date, strike: str) -> Instrument:
    return next(
        i for i in OPTIONS if (i.instrument_type, i.expiry, i.strike) == (kind, expiry, D(strike))
    )


def opt(option_type: str = "CE", **fields: object) -> InstrumentSelection:
    return InstrumentSelection(
        SelectionKind.OPTION,
        underlying="NIFTY",
        option_type=option_type,
        **fields,  # type: ignore[arg-type]
    )


def pick(
    selection: InstrumentSelection,
    *,
    now: datetime = MORNING,
    spot: Decimal | None = SPOT,
    premiums: dict[int, Decimal] | None = None,
    candidates: list[Instrument] = MASTER,
    signal_symbol: str | None = None,
) -> Instrument:
    market = MarketView(now=now, spot=spot, premiums=premiums or {})
    return select_instrument(
        selection, signal_symbol=signal_symbol, candidates=candidates, market=market
    )


def failure(selection: InstrumentSelection, **kwargs: object) -> str:
    with pytest.raises(SelectionFailed) as caught:
        pick(selection, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == "SELECTION_FAILED"
    return caught.value.message


# --- expiries ------------------------------------------------------------------------------


def test_on_expiry_day_the_expiring_contract_is_current_until_the_close() -> None:
    assert pick(opt()).expiry == NOV_23
    assert pick(opt(), now=datetime(2026, 11, 23, 15, 29, 59, tzinfo=IST)).expiry == NOV_23


def test_at_1530_ist_the_next_expiry_becomes_current() -> None:
    assert pick(opt(), now=AFTER_CLOSE).expiry == DEC_1
    assert pick(opt(expiry_rule=ExpiryRule.NEXT_WEEK), now=AFTER_CLOSE).expiry == DEC_8


def test_rollover_is_judged_in_ist_whatever_the_timezone_of_now() -> None:
    utc_1530_ist = datetime.combine(NOV_23, time(10, 0), tzinfo=ZoneInfo("UTC"))
    assert pick(opt(), now=utc_1530_ist).expiry == DEC_1
    assert first_live_date(utc_1530_ist) == date(2026, 11, 24)
    assert first_live_date(MORNING) == NOV_23


def test_next_week_is_the_second_nearest_expiry() -> None:
    assert pick(opt(expiry_rule=ExpiryRule.NEXT_WEEK)).expiry == DEC_1


def test_monthly_is_the_nearest_futures_expiry_among_the_option_expiries() -> None:
    monthly = opt(expiry_rule=ExpiryRule.MONTHLY)
    assert pick(monthly).expiry == NOV_23
    assert pick(monthly, now=AFTER_CLOSE).expiry == DEC_29


def test_without_futures_monthly_is_the_last_option_expiry_of_its_month() -> None:
    monthly = opt(expiry_rule=ExpiryRule.MONTHLY)
    assert pick(monthly, candidates=OPTIONS, now=AFTER_CLOSE).expiry == DEC_29
    two_weeklies = [i for i in OPTIONS if i.expiry in (DEC_1, DEC_8)]
    assert pick(monthly, candidates=two_weeklies).expiry == DEC_8  # the best the list can say


def test_monthly_fails_when_the_monthly_chain_is_not_listed() -> None:
    weeklies = [i for i in MASTER if i.expiry in (DEC_1, DEC_8) or i.instrument_type is FUT]
    message = failure(opt(expiry_rule=ExpiryRule.MONTHLY), candidates=weeklies, now=AFTER_CLOSE)
    assert message == (
        "No monthly NIFTY CE option expiry is live on 2026-11-24; import the instrument master."
    )


def test_no_live_options_fail_with_the_first_live_date() -> None:
    assert failure(opt(), candidates=FUTURES) == (
        "No NIFTY CE options expire on or after 2026-11-23; import the instrument master."
    )
    expired = [i for i in OPTIONS if i.expiry == NOV_23]
    assert failure(opt(option_type="PE"), candidates=expired, now=AFTER_CLOSE) == (
        "No NIFTY PE options expire on or after 2026-11-24; import the instrument master."
    )


def test_next_week_fails_when_only_one_expiry_is_live() -> None:
    only_december_first = [i for i in OPTIONS if i.expiry in (NOV_23, DEC_1)]
    message = failure(
        opt(expiry_rule=ExpiryRule.NEXT_WEEK), candidates=only_december_first, now=AFTER_CLOSE
    )
    assert message == (
        "Only one NIFTY CE option expiry (2026-12-01) is live on 2026-11-24, so there is no "
        "next week's; import the instrument master."
    )


# --- ATM and offsets ------------------------------------------------------------------------


@pytest.mark.parametrize("option_type", ["CE", "PE"])
def test_atm_is_the_strike_nearest_the_spot(option_type: str) -> None:
    chosen = pick(opt(option_type))
    assert (chosen.strike, chosen.instrument_type.value, chosen.lot_size) == (
        D(26050),
        option_type,
        65,
    )


def test_a_spot_halfway_between_two_strikes_takes_the_lower() -> None:
    assert pick(opt(), spot=D("26025")).strike == D(26000)
    assert pick(opt(), spot=D("26025.05")).strike == D(26050)


@pytest.mark.parametrize(
    ("option_type", "offset", "strike"),
    [("CE", 2, "26150"), ("CE", -1, "26000"), ("PE", 2, "25950"), ("PE", -1, "26100")],
)
def test_a_positive_offset_moves_out_of_the_money_on_either_side(
    option_type: str, offset: int, strike: str
) -> None:
    selection = opt(option_type, strike_rule=StrikeRule.OFFSET, strike_offset=offset)
    assert pick(selection) == find(InstrumentType(option_type), NOV_23, strike)


def test_an_offset_to_the_last_strike_of_the_chain_is_allowed() -> None:
    selection = opt("PE", strike_rule=StrikeRule.OFFSET, strike_offset=11)
    assert pick(selection).strike == D(25500)


def test_an_offset_beyond_the_chain_fails_instead_of_clamping() -> None:
    call = opt("CE", strike_rule=StrikeRule.OFFSET, strike_offset=10)
    assert failure(call) == (
        "The NIFTY 2026-11-23 CE chain lists 9 strikes above the ATM 26050, fewer than the "
        "10 the algo asks for; use a smaller offset."
    )
    put = opt("PE", strike_rule=StrikeRule.OFFSET, strike_offset=12)
    assert "lists 11 strikes below the ATM 26050, fewer than the 12" in failure(put)


@pytest.mark.parametrize("spot", [None, D(0)])
def test_atm_without_a_spot_quote_fails(spot: Decimal | None) -> None:
    assert failure(opt(), spot=spot) == (
        "No quote for the NIFTY spot yet, so the ATM strike can't be found; wait for the feed "
        "or use a fixed symbol."
    )


# --- premium --------------------------------------------------------------------------------


def quotes(kind: InstrumentType, expiry: date, prices: dict[str, str]) -> dict[int, Decimal]:
    return {find(kind, expiry, strike).token: D(price) for strike, price in prices.items()}


def test_premium_picks_the_strike_whose_last_price_is_nearest_the_target() -> None:
    premiums = quotes(CE, NOV_23, {"26000": "140.05", "26100": "92.40", "26200": "51.10"})
    selection = opt(strike_rule=StrikeRule.PREMIUM, target_premium=D("80"))
    assert pick(selection, premiums=premiums).strike == D(26100)


def test_a_premium_tie_goes_to_the_lower_strike_and_unquoted_strikes_are_ignored() -> None:
    premiums = quotes(PE, DEC_1, {"25900": "90", "26000": "110", "26100": "0"})
    selection = opt(
        "PE",
        expiry_rule=ExpiryRule.NEXT_WEEK,
        strike_rule=StrikeRule.PREMIUM,
        target_premium=D("100"),
    )
    assert pick(selection, premiums=premiums).strike == D(25900)


def test_premium_needs_no_spot_but_fails_without_any_quote() -> None:
    selection = opt(strike_rule=StrikeRule.PREMIUM, target_premium=D("50"))
    other_expiry = quotes(CE, DEC_1, {"26000": "50"})
    assert failure(selection, spot=None, premiums=other_expiry) == (
        "No NIFTY 2026-11-23 CE strike has prices yet, so none can be picked by premium; "
        "wait for the feed or use another strike rule."
    )


# --- delta ----------------------------------------------------------------------------------

VOL, RATE = 0.14, 0.065


def priced_chain(kind: InstrumentType, expiry: date) -> tuple[dict[int, Decimal], dict[D, float]]:
    """Premiums at a known volatility (quantised to the 0.05 tick), and each strike's delta."""
    t = year_fraction(MORNING, expiry)
    forward = float(SPOT) * math.exp(RATE * t)
    premiums, deltas = {}, {}
    for strike in STRIKES:
        option = find(kind, expiry, str(strike))
        price = float(black76_price(forward, float(strike), t, VOL, rate=RATE, is_call=kind is CE))
        premiums[option.token] = (D(price) / D("0.05")).quantize(D(1)) * D("0.05")
        greeks = black76_greeks(forward, float(strike), t, VOL, rate=RATE, is_call=kind is CE)
        deltas[strike] = abs(float(greeks.delta))
    return premiums, deltas


def nearest(deltas: dict[Decimal, float], target: float) -> Decimal:
    ranked = sorted(deltas, key=lambda strike: abs(deltas[strike] - target))
    gap = abs(deltas[ranked[1]] - target) - abs(deltas[ranked[0]] - target)
    assert gap > 1e-3, "the expected strike must not hinge on the tick rounding"
    return ranked[0]


def delta_rule(option_type: str, target: float) -> InstrumentSelection:
    return opt(
        option_type,
        expiry_rule=ExpiryRule.NEXT_WEEK,
        strike_rule=StrikeRule.DELTA,
        target_delta=target,
    )


def test_delta_picks_the_call_whose_implied_delta_matches_the_target() -> None:
    premiums, deltas = priced_chain(CE, DEC_1)
    target = deltas[D(26250)]
    assert 0.2 < target < 0.4
    assert pick(delta_rule("CE", target), premiums=premiums) == find(CE, DEC_1, "26250")


def test_delta_for_puts_compares_the_absolute_delta() -> None:
    premiums, deltas = priced_chain(PE, DEC_1)
    expected = nearest(deltas, 0.30)
    assert expected < SPOT  # an out-of-the-money put
    assert pick(delta_rule("PE", 0.30), premiums=premiums).strike == expected


def test_delta_skips_strikes_whose_volatility_cannot_be_implied() -> None:
    premiums, deltas = priced_chain(CE, DEC_1)
    premiums[find(CE, DEC_1, "26250").token] = D("30000")  # above the forward: no solution
    del deltas[D(26250)]
    target = 0.30
    chosen = pick(delta_rule("CE", target), premiums=premiums)
    assert chosen.strike == nearest(deltas, target)
    assert chosen.strike != D(26250)


def test_delta_fails_when_no_strike_implies_a_volatility() -> None:
    absurd = {i.token: D("30000") for i in OPTIONS if i.expiry == DEC_1}
    assert failure(delta_rule("CE", 0.3), premiums=absurd) == (
        "No NIFTY 2026-12-01 CE strike has prices that imply a volatility yet, so none can be "
        "picked by delta; wait for the feed or use another strike rule."
    )


def test_delta_needs_the_spot_for_the_forward() -> None:
    premiums, _ = priced_chain(CE, DEC_1)
    assert failure(delta_rule("CE", 0.3), premiums=premiums, spot=None) == (
        "No quote for the NIFTY spot yet, so no strike can be picked by delta; wait for the "
        "feed or use a fixed symbol."
    )


# --- futures --------------------------------------------------------------------------------


def test_the_current_future_is_the_nearest_live_one_and_the_next_follows_it() -> None:
    current = InstrumentSelection(SelectionKind.FUTURE)
    following = InstrumentSelection(SelectionKind.FUTURE, month=FutureMonth.NEXT)
    assert pick(current, signal_symbol="nifty").expiry == NOV_23
    assert pick(following, signal_symbol="NIFTY").expiry == DEC_29
    assert pick(current, signal_symbol="NIFTY", now=AFTER_CLOSE).expiry == DEC_29
    assert pick(following, signal_symbol="NIFTY", now=AFTER_CLOSE).expiry == JAN_25


def test_futures_selection_fails_without_live_futures() -> None:
    current = InstrumentSelection(SelectionKind.FUTURE, underlying="NIFTY")
    assert failure(current, candidates=OPTIONS) == (
        "No NIFTY futures expire on or after 2026-11-23; import the instrument master."
    )
    following = InstrumentSelection(SelectionKind.FUTURE, month=FutureMonth.NEXT)
    one_left = FUTURES[:2]
    assert failure(following, signal_symbol="NIFTY", candidates=one_left, now=AFTER_CLOSE) == (
        "Only one NIFTY future (expiring 2026-12-29) is live on 2026-11-24, so there is no "
        "next-month future; import the instrument master."
    )


# --- fixed symbols ----------------------------------------------------------------------------


def equity(exchange: Exchange, symbol: str = "RELIANCE", token: int = 1) -> Instrument:
    return Instrument(token, exchange, symbol, symbol, InstrumentType.EQ, 1, D("0.10"))


def test_a_fixed_symbol_prefers_nse_over_bse() -> None:
    listed = [equity(Exchange.BSE, token=1), equity(Exchange.NSE, token=2)]
    chosen = pick(
        InstrumentSelection(SelectionKind.FIXED), signal_symbol="reliance ", candidates=listed
    )
    assert (chosen.exchange, chosen.token) == (Exchange.NSE, 2)


def test_the_algo_symbol_overrides_the_signal_symbol() -> None:
    listed = [equity(Exchange.NSE), equity(Exchange.NSE, "INFY", token=2)]
    selection = InstrumentSelection(SelectionKind.FIXED, symbol="INFY")
    assert pick(selection, signal_symbol="RELIANCE", candidates=listed).tradingsymbol == "INFY"


def test_fixed_selection_failures_say_what_to_fix() -> None:
    fixed = InstrumentSelection(SelectionKind.FIXED)
    index = Instrument(9, Exchange.NSE, "NIFTY", "NIFTY 50", InstrumentType.INDEX, 1, D("0.05"))
    assert failure(fixed, signal_symbol="NIFTY", candidates=[index]) == (
        "NIFTY is an index and can't be traded; choose a future or option of it."
    )
    assert failure(fixed, signal_symbol="RELIANC", candidates=[equity(Exchange.NSE)]) == (
        "No instrument is listed as RELIANC; check the symbol."
    )
    assert failure(fixed) == (
        "The signal carries no symbol and the algo sets no symbol; send a symbol in the alert "
        "or set the symbol on the algo."
    )


def test_a_fixed_contract_trades_until_its_expiry_close_and_then_fails() -> None:
    fixed = InstrumentSelection(SelectionKind.FIXED)
    expiring = find(CE, NOV_23, "26000")
    symbol = expiring.tradingsymbol
    assert pick(fixed, signal_symbol=symbol) == expiring
    assert failure(fixed, signal_symbol=symbol, now=AFTER_CLOSE) == (
        f"{symbol} expired on 2026-11-23; send a live contract's symbol."
    )


def test_an_option_leg_without_an_option_type_fails() -> None:
    assert failure(opt(option_type=None)) == (  # type: ignore[arg-type]
        "The algo's option leg has no option type; choose CE or PE."
    )


def test_a_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        pick(opt(), now=datetime(2026, 11, 23, 10, 0))


# --- what to load -----------------------------------------------------------------------------


def test_candidate_filter_says_what_to_load() -> None:
    fixed = InstrumentSelection(SelectionKind.FIXED)
    assert candidate_filter(fixed, " sbin ") == CandidateQuery(symbol="SBIN")
    future = InstrumentSelection(SelectionKind.FUTURE)
    assert candidate_filter(future, "BANKNIFTY") == CandidateQuery(
        underlying="BANKNIFTY", instrument_types=(FUT,)
    )
    assert candidate_filter(opt("PE"), "IGNORED") == CandidateQuery(
        underlying="NIFTY", instrument_types=(PE,)
    )
    monthly = opt("CE", expiry_rule=ExpiryRule.MONTHLY)
    assert candidate_filter(monthly, None).instrument_types == (CE, FUT)


def test_candidate_filter_fails_without_any_underlying() -> None:
    with pytest.raises(SelectionFailed, match="sets no underlying"):
        candidate_filter(InstrumentSelection(SelectionKind.OPTION, option_type="CE"), None)


# --- the demo master ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "weekly_expiry"),
    [(date(2026, 12, 7), date(2026, 12, 8)), (date(2026, 12, 29), date(2026, 12, 29))],
)
def test_selection_works_on_the_demo_master(today: date, weekly_expiry: date) -> None:
    master = demo_instruments(today, MarketCalendar(load_holidays()))
    now = datetime.combine(today, time(11, 0), tzinfo=IST)

    def demo_pick(selection: InstrumentSelection, underlying: str) -> Instrument:
        market = MarketView(now=now, spot=DEMO_REFERENCE_PRICES[underlying], premiums={})
        return select_instrument(
            selection, signal_symbol=underlying, candidates=master, market=market
        )

    weekly = demo_pick(InstrumentSelection(SelectionKind.OPTION, option_type="CE"), "NIFTY")
    assert (weekly.strike, weekly.expiry) == (D(26050), weekly_expiry)
    monthly = InstrumentSelection(
        SelectionKind.OPTION,
        option_type="PE",
        expiry_rule=ExpiryRule.MONTHLY,
        strike_rule=StrikeRule.OFFSET,
        strike_offset=3,
    )
    banknifty = demo_pick(monthly, "BANKNIFTY")
    assert (banknifty.strike, banknifty.expiry) == (D(58900), date(2026, 12, 29))
    future = demo_pick(InstrumentSelection(SelectionKind.FUTURE), "FINNIFTY")
    assert future.expiry == date(2026, 12, 29)
