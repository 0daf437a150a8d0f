"""Instrument selection: which contract an algo leg trades when a signal arrives.

* **Live contracts.** A contract is live until 15:30 IST on its expiry date (``expiry_instant``):
  on expiry day it is "current" until the close, then the next expiry is.
* **Expiries.** CURRENT_WEEK is the nearest live option expiry, NEXT_WEEK the one after, and
  MONTHLY the nearest live monthly: one of the underlying's futures expiries when futures are
  among the candidates (they list monthlies only), else the last option expiry of its month.
* **Strikes**, within one ascending chain (underlying, expiry, CE or PE): ATM is the strike
  nearest the spot; OFFSET moves N strikes from ATM, + further out of the money (up for CE,
  down for PE), failing beyond the chain rather than trading a strike nobody asked for;
  PREMIUM and DELTA take the strike whose last price, or |Black-76 delta| at the volatility
  that price implies (forward = spot·e^{rt}), is nearest the target, skipping strikes with no
  positive price or no solvable volatility. Every tie goes to the lower strike.
* **Exchanges.** A symbol or contract listed twice: NSE beats BSE, NFO beats BFO.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from dalal.domain.algos import ExpiryRule, FutureMonth, InstrumentSelection, SelectionKind
from dalal.domain.algos import StrikeRule as Rule
from dalal.domain.errors import DomainError
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.options import (
    EXPIRY_CUTOFF,
    IST,
    black76_greeks,
    expiry_instant,
    implied_vol_black76,
    year_fraction,
)

_EXCHANGE_PREFERENCE = (Exchange.NSE, Exchange.NFO, Exchange.BSE, Exchange.BFO)
_FIX_MASTER = "import the instrument master"


class SelectionFailed(DomainError):
    """No instrument fits the leg's rules for this signal, at this moment."""

    code = "SELECTION_FAILED"


@dataclass(frozen=True, slots=True)
class MarketView:
    """What selection may know of the market: the time, the underlying's spot, and the last
    price of each option by token. ``now`` is timezone-aware."""

    now: datetime
    spot: Decimal | None
    premiums: Mapping[int, Decimal]
    rate: float = 0.065


@dataclass(frozen=True, slots=True)
class CandidateQuery:
    """What the caller loads as candidates: one symbol (any type), or an underlying's
    contracts of the given types."""

    symbol: str | None = None
    underlying: str | None = None
    instrument_types: tuple[InstrumentType, ...] = ()


def candidate_filter(selection: InstrumentSelection, signal_symbol: str | None) -> CandidateQuery:
    """The instruments :func:`select_instrument` needs to see for this leg and signal."""
    if selection.kind is SelectionKind.FIXED:
        return CandidateQuery(symbol=_name(selection.symbol, signal_symbol, "symbol"))
    underlying = _name(selection.underlying, signal_symbol, "underlying")
    if selection.kind is SelectionKind.FUTURE:
        return CandidateQuery(underlying=underlying, instrument_types=(InstrumentType.FUT,))
    types: tuple[InstrumentType, ...] = (_option_type(selection),)
    if selection.expiry_rule is ExpiryRule.MONTHLY:
        types += (InstrumentType.FUT,)  # futures expiries say which option expiries are monthly
    return CandidateQuery(underlying=underlying, instrument_types=types)


def select_instrument(
    selection: InstrumentSelection,
    *,
    signal_symbol: str | None,
    candidates: Sequence[Instrument],
    market: MarketView,
) -> Instrument:
    """The one instrument the leg trades now; raises :class:`SelectionFailed` otherwise."""
    if market.now.tzinfo is None:
        raise ValueError("market.now must be timezone-aware")
    query = candidate_filter(selection, signal_symbol)
    if query.symbol is not None:
        return _fixed(query.symbol, candidates, market.now)
    underlying = query.underlying or ""
    if selection.kind is SelectionKind.FUTURE:
        return _future(underlying, selection.month, candidates, market.now)
    return _option(selection, underlying, candidates, market)


def _name(chosen: str | None, from_signal: str | None, what: str) -> str:
    name = (chosen or from_signal or "").strip().upper()
    if not name:
        raise SelectionFailed(
            f"The signal carries no symbol and the algo sets no {what}; "
            f"send a symbol in the alert or set the {what} on the algo."
        )
    return name


def _option_type(selection: InstrumentSelection) -> InstrumentType:
    if selection.option_type not in ("CE", "PE"):
        raise SelectionFailed("The algo's option leg has no option type; choose CE or PE.")
    return InstrumentType(selection.option_type)


def _preference(instrument: Instrument) -> tuple[int, int]:
    return _EXCHANGE_PREFERENCE.index(instrument.exchange), instrument.token


def _fixed(symbol: str, candidates: Sequence[Instrument], now: datetime) -> Instrument:
    matches = [i for i in candidates if i.tradingsymbol.upper() == symbol]
    tradable = [i for i in matches if i.tradable]
    if not tradable:
        if matches:
            raise SelectionFailed(
                f"{symbol} is an index and can't be traded; choose a future or option of it."
            )
        raise SelectionFailed(f"No instrument is listed as {symbol}; check the symbol.")
    chosen = min(tradable, key=_preference)
    if chosen.expiry is not None and expiry_instant(chosen.expiry) <= now:
        raise SelectionFailed(
            f"{symbol} expired on {chosen.expiry}; send a live contract's symbol."
        )
    return chosen


def first_live_date(now: datetime) -> date:
    """The earliest expiry date still live at ``now``: today until 15:30 IST, then tomorrow."""
    local = now.astimezone(IST)
    return local.date() + timedelta(days=1 if local.time() >= EXPIRY_CUTOFF else 0)


def _contracts(
    candidates: Sequence[Instrument], underlying: str, kind: InstrumentType
) -> list[Instrument]:
    return [
        i
        for i in candidates
        if i.instrument_type is kind
        and i.expiry is not None
        and (i.underlying or "").upper() == underlying
    ]


def _live_expiries(contracts: Sequence[Instrument], now: datetime) -> list[date]:
    return sorted({i.expiry for i in contracts if i.expiry and expiry_instant(i.expiry) > now})


def _future(
    underlying: str, month: FutureMonth, candidates: Sequence[Instrument], now: datetime
) -> Instrument:
    futures = _contracts(candidates, underlying, InstrumentType.FUT)
    expiries = _live_expiries(futures, now)
    since = first_live_date(now)
    if not expiries:
        raise SelectionFailed(f"No {underlying} futures expire on or after {since}; {_FIX_MASTER}.")
    if month is FutureMonth.NEXT and len(expiries) < 2:
        raise SelectionFailed(
            f"Only one {underlying} future (expiring {expiries[0]}) is live on {since}, so "
            f"there is no next-month future; {_FIX_MASTER}."
        )
    expiry = expiries[0 if month is FutureMonth.CURRENT else 1]
    return min((i for i in futures if i.expiry == expiry), key=_preference)


def _option(
    selection: InstrumentSelection,
    underlying: str,
    candidates: Sequence[Instrument],
    market: MarketView,
) -> Instrument:
    kind = _option_type(selection)
    options = [o for o in _contracts(candidates, underlying, kind) if o.strike is not None]
    futures = _contracts(candidates, underlying, InstrumentType.FUT)
    what = f"{underlying} {kind.value} option"
    expiry = _option_expiry(selection.expiry_rule, options, futures, market.now, what)
    chain = _chain(options, expiry)
    label = f"{underlying} {expiry} {kind.value}"
    rule = selection.strike_rule
    if rule is Rule.ATM or rule is Rule.OFFSET:
        atm = _atm_index(chain, underlying, market.spot)
        offset = selection.strike_offset if rule is Rule.OFFSET else 0
        return _offset(chain, atm, offset if kind is InstrumentType.CE else -offset, label)
    if rule is Rule.PREMIUM:
        target = selection.target_premium
        if target is None:
            raise SelectionFailed("The algo's premium rule has no target premium; set one.")
        return _nearest(chain, lambda i: _premium(i, market), target, label, "premium")
    target_delta = selection.target_delta
    if target_delta is None:
        raise SelectionFailed("The algo's delta rule has no target delta; set one.")
    spot = _require_spot(market.spot, underlying, "no strike can be picked by delta")
    return _nearest(chain, lambda i: _delta(i, spot, market), Decimal(target_delta), label, "delta")


def _option_expiry(
    rule: ExpiryRule,
    options: Sequence[Instrument],
    futures: Sequence[Instrument],
    now: datetime,
    what: str,
) -> date:
    expiries, since = _live_expiries(options, now), first_live_date(now)
    if not expiries:
        raise SelectionFailed(f"No {what}s expire on or after {since}; {_FIX_MASTER}.")
    if rule is ExpiryRule.CURRENT_WEEK:
        return expiries[0]
    if rule is ExpiryRule.NEXT_WEEK:
        if len(expiries) < 2:
            raise SelectionFailed(
                f"Only one {what} expiry ({expiries[0]}) is live on {since}, so there is no "
                f"next week's; {_FIX_MASTER}."
            )
        return expiries[1]
    monthly = _monthly_expiries(options, futures)
    live_monthly = [e for e in expiries if e in monthly]
    if not live_monthly:
        raise SelectionFailed(f"No monthly {what} expiry is live on {since}; {_FIX_MASTER}.")
    return live_monthly[0]


def _monthly_expiries(options: Sequence[Instrument], futures: Sequence[Instrument]) -> set[date]:
    if futures:
        return {f.expiry for f in futures if f.expiry}
    last_in_month: dict[tuple[int, int], date] = {}
    for expiry in (i.expiry for i in options if i.expiry):
        key = (expiry.year, expiry.month)
        last_in_month[key] = max(expiry, last_in_month.get(key, expiry))
    return set(last_in_month.values())


def _chain(options: Sequence[Instrument], expiry: date) -> list[Instrument]:
    """One instrument per strike (the preferred exchange's), by ascending strike."""
    by_strike: dict[Decimal, Instrument] = {}
    for option in sorted(options, key=_preference, reverse=True):
        if option.expiry == expiry and option.strike is not None:
            by_strike[option.strike] = option  # the most preferred is written last
    return [by_strike[strike] for strike in sorted(by_strike)]


def _require_spot(spot: Decimal | None, underlying: str, need: str) -> Decimal:
    if spot is None or not spot.is_finite() or spot <= 0:
        raise SelectionFailed(
            f"No quote for the {underlying} spot yet, so {need}; "
            "wait for the feed or use a fixed symbol."
        )
    return spot


def _strike(option: Instrument) -> Decimal:
    return option.strike if option.strike is not None else Decimal(0)


def _atm_index(chain: Sequence[Instrument], underlying: str, spot: Decimal | None) -> int:
    price = _require_spot(spot, underlying, "the ATM strike can't be found")
    return min(range(len(chain)), key=lambda n: (abs(_strike(chain[n]) - price), n))


def _offset(chain: Sequence[Instrument], atm: int, steps: int, label: str) -> Instrument:
    """``steps`` up the ascending chain (already signed: + is higher strikes)."""
    if not 0 <= atm + steps < len(chain):
        room = len(chain) - 1 - atm if steps > 0 else atm
        side = "above" if steps > 0 else "below"
        raise SelectionFailed(
            f"The {label} chain lists {room} strikes {side} the ATM {_strike(chain[atm])}, "
            f"fewer than the {abs(steps)} the algo asks for; use a smaller offset."
        )
    return chain[atm + steps]


def _premium(option: Instrument, market: MarketView) -> Decimal | None:
    price = market.premiums.get(option.token)
    return price if price is not None and price.is_finite() and price > 0 else None


def _delta(option: Instrument, spot: Decimal, market: MarketView) -> Decimal | None:
    """|Black-76 delta| at the volatility implied by the option's last price, or None."""
    premium = _premium(option, market)
    if premium is None or option.expiry is None:
        return None
    price, strike = float(premium), float(_strike(option))
    t, is_call = year_fraction(market.now, option.expiry), option.instrument_type.value == "CE"
    forward = float(spot) * math.exp(market.rate * t)
    iv = implied_vol_black76(price, forward, strike, t, rate=market.rate, is_call=is_call)
    if not iv.ok:
        return None
    greeks = black76_greeks(forward, strike, t, iv.vol, rate=market.rate, is_call=is_call)
    return Decimal(abs(float(greeks.delta)))  # exact: ties compare as the floats would


def _nearest(
    chain: Sequence[Instrument],
    measure: Callable[[Instrument], Decimal | None],
    target: Decimal,
    label: str,
    what: str,
) -> Instrument:
    """The strike whose measure is nearest ``target``; the chain is ascending, so ``min``
    keeps the lower strike on a tie."""
    values = ((measure(option), option) for option in chain)
    scored = [(abs(value - target), option) for value, option in values if value is not None]
    if not scored:
        why = "prices" if what == "premium" else "prices that imply a volatility"
        raise SelectionFailed(
            f"No {label} strike has {why} yet, so none can be picked by {what}; "
            "wait for the feed or use another strike rule."
        )
    return min(scored, key=lambda pair: pair[0])[1]
