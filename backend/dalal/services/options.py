"""Option chains with analytics: the contracts of one expiry, priced from the quote book.

The contracts are read once (``load_chain``); ``analyse_chain`` is pure over the latest
quotes, so a live subscription recomputes it on every throttled tick without a database
session. The pricing conventions are in :mod:`dalal.domain.option_chain`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import numpy as np

from dalal.domain.errors import DomainError
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Quote
from dalal.domain.option_chain import (
    atm_index,
    max_pain_index,
    mid_prices,
    put_call_ratio,
    side_analytics,
    synthetic_forward,
)
from dalal.domain.options import DAYS_PER_YEAR, FloatArray, year_fraction
from dalal.services.ports import UnitOfWork

RISK_FREE_RATE = 0.065  # continuously compounded; the synthetic feed prices with the same
DERIVATIVE_KINDS = (InstrumentType.FUT, InstrumentType.CE, InstrumentType.PE)
MAX_CHAIN_CONTRACTS = 5001  # one expiry's future and options: far more than any chain lists


class UnknownChain(DomainError):
    code = "UNKNOWN_CHAIN"


class ForwardBasis(StrEnum):
    FUTURE = "FUTURE"  # the listed future of the same expiry
    SYNTHETIC = "SYNTHETIC"  # put-call parity at the strike where call and put are closest
    SPOT = "SPOT"  # spot carried at the risk-free rate (no dividend known)


class PcrBasis(StrEnum):
    OPEN_INTEREST = "OPEN_INTEREST"
    VOLUME = "VOLUME"  # the feed reports no open interest for this chain


@dataclass(frozen=True, slots=True)
class StrikeRow:
    strike: Decimal
    call: Instrument | None
    put: Instrument | None


@dataclass(frozen=True, slots=True)
class ChainContracts:
    """One expiry's contracts, its future if listed, and the underlying's spot instrument."""

    underlying: str
    expiry: date
    rows: list[StrikeRow]
    future: Instrument | None
    spot: Instrument | None
    expiries: list[date]  # the option expiries among the contracts it was cut from, ascending

    @property
    def tokens(self) -> set[int]:
        found = {i.token for r in self.rows for i in (r.call, r.put) if i is not None}
        return found | {i.token for i in (self.future, self.spot) if i is not None}


@dataclass(frozen=True, slots=True)
class OptionGreeks:
    """One contract's analytics: ``iv`` in percent; greeks per unit (theta per day, vega per
    vol point); ``oi`` in units, None when the feed does not report it."""

    iv: float | None
    delta: float | None
    gamma: float | None
    theta: float | None
    vega: float | None
    oi: int | None = None


@dataclass(frozen=True, slots=True)
class ChainAnalytics:
    spot: Decimal | None
    future_price: Decimal | None
    forward: float | None
    forward_basis: ForwardBasis | None
    years: float
    atm_strike: Decimal | None
    pcr: float | None
    pcr_basis: PcrBasis
    max_pain: Decimal | None
    by_token: Mapping[int, OptionGreeks]
    atm_iv: float | None = None  # percent: the mean of the ATM call's and put's IVs

    @property
    def days_to_expiry(self) -> float:
        return self.years * DAYS_PER_YEAR


async def load_chain(
    uow: UnitOfWork, *, underlying: str, expiry: date, today: date
) -> ChainContracts:
    """The contracts of ``underlying`` expiring on ``expiry``; ``UnknownChain`` if none."""
    if expiry < today:
        raise UnknownChain(f"{underlying} {expiry.isoformat()} has expired.", field="expiry")
    async with uow:
        contracts = await uow.instruments.search(
            text=None,
            exchange=None,
            instrument_type=None,
            underlying=underlying,
            expiry=expiry,
            after_token=None,
            limit=MAX_CHAIN_CONTRACTS,
        )
        spot = await uow.instruments.by_symbol(underlying, Exchange.NSE)
    return chain_of(contracts, spot, underlying=underlying, expiry=expiry)


def chain_of(
    contracts: Sequence[Instrument], spot: Instrument | None, *, underlying: str, expiry: date
) -> ChainContracts:
    """One expiry's chain out of all the underlying's contracts."""
    by_strike: dict[Decimal, dict[InstrumentType, Instrument]] = {}
    future = None
    for c in contracts:
        if c.expiry != expiry:
            continue
        if c.instrument_type is InstrumentType.FUT:
            future = c
        elif c.strike is not None:
            by_strike.setdefault(c.strike, {})[c.instrument_type] = c
    if not by_strike:
        raise UnknownChain(
            f"No options of {underlying} expire on {expiry.isoformat()}. Pick a listed expiry.",
            field="expiry",
        )
    rows = [
        StrikeRow(k, legs.get(InstrumentType.CE), legs.get(InstrumentType.PE))
        for k, legs in sorted(by_strike.items())
    ]
    expiries = sorted({c.expiry for c in contracts if c.is_option and c.expiry is not None})
    return ChainContracts(underlying, expiry, rows, future, spot, expiries)


def _column(
    instruments: Sequence[Instrument | None], quotes: Mapping[int, Quote]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Prices to solve IVs from (NaN: none), traded volumes and open interest (NaN: not
    reported), in strike order."""
    ltp, bid, ask, volume, oi = [], [], [], [], []
    for instrument in instruments:
        q = quotes.get(instrument.token) if instrument is not None else None
        ltp.append(float(q.ltp) if q else math.nan)
        bid.append(float(q.bid) if q and q.bid is not None else math.nan)
        ask.append(float(q.ask) if q and q.ask is not None else math.nan)
        volume.append(float(q.volume) if q else 0.0)
        oi.append(float(q.oi) if q and q.oi is not None else math.nan)
    prices = mid_prices(np.array(ltp), np.array(bid), np.array(ask))
    return prices, np.array(volume), np.array(oi)


def _weights(
    volumes: tuple[FloatArray, FloatArray], interest: tuple[FloatArray, FloatArray]
) -> tuple[FloatArray, FloatArray, PcrBasis]:
    """Open interest where the feed reports it (unreported strikes count as none), else
    volume: the (call, put) weights of PCR and max pain, and which they are."""
    calls, puts = interest
    if np.nansum(calls) + np.nansum(puts) > 0:
        return np.nan_to_num(calls), np.nan_to_num(puts), PcrBasis.OPEN_INTEREST
    return volumes[0], volumes[1], PcrBasis.VOLUME


def _last(instrument: Instrument | None, quotes: Mapping[int, Quote]) -> Decimal | None:
    quote = quotes.get(instrument.token) if instrument is not None else None
    return quote.ltp if quote is not None else None


def _forward(  # noqa: PLR0917 - a private step of analyse_chain
    contracts: ChainContracts,
    quotes: Mapping[int, Quote],
    calls: FloatArray,
    puts: FloatArray,
    years: float,
    rate: float,
) -> tuple[float | None, ForwardBasis | None]:
    future = _last(contracts.future, quotes)
    if future is not None:
        return float(future), ForwardBasis.FUTURE
    strikes = np.array([float(r.strike) for r in contracts.rows])
    synthetic = synthetic_forward(strikes, calls, puts, years, rate)
    if synthetic is not None and synthetic > 0:
        return synthetic, ForwardBasis.SYNTHETIC
    spot = _last(contracts.spot, quotes)
    if spot is not None:
        return float(spot) * math.exp(rate * years), ForwardBasis.SPOT
    return None, None


def _greeks(values: Sequence[FloatArray], i: int, oi: float) -> OptionGreeks:
    iv, delta, gamma, theta, vega = (float(v[i]) for v in values)
    interest = None if math.isnan(oi) else int(oi)
    if math.isnan(iv):
        return OptionGreeks(None, None, None, None, None, interest)
    return OptionGreeks(iv * 100.0, delta, gamma, theta, vega, interest)


def analyse_chain(
    contracts: ChainContracts,
    quotes: Mapping[int, Quote],
    *,
    now: datetime,
    rate: float = RISK_FREE_RATE,
) -> ChainAnalytics:
    """IVs and greeks of every contract, the forward, ATM, PCR and max pain (pure)."""
    years = year_fraction(now, contracts.expiry)
    strikes = np.array([float(r.strike) for r in contracts.rows])
    calls, call_volume, call_oi = _column([r.call for r in contracts.rows], quotes)
    puts, put_volume, put_oi = _column([r.put for r in contracts.rows], quotes)
    call_weight, put_weight, basis_of_pcr = _weights((call_volume, put_volume), (call_oi, put_oi))
    forward, basis = _forward(contracts, quotes, calls, puts, years, rate)
    by_token: dict[int, OptionGreeks] = {}
    atm = None
    if forward is not None:
        atm = contracts.rows[atm_index(strikes, forward)].strike
        for prices, call, oi in ((calls, True, call_oi), (puts, False, put_oi)):
            side = side_analytics(prices, forward, strikes, years, rate, call=call)
            values = (side.iv, side.delta, side.gamma, side.theta, side.vega)
            for i, row in enumerate(contracts.rows):
                instrument = row.call if call else row.put
                if instrument is not None:
                    by_token[instrument.token] = _greeks(values, i, float(oi[i]))
    pain = max_pain_index(strikes, call_weight, put_weight)
    atm_row = next((r for r in contracts.rows if r.strike == atm), None)
    atm_ivs = [
        g.iv
        for i in ((atm_row.call, atm_row.put) if atm_row else ())
        if i is not None and (g := by_token.get(i.token)) is not None and g.iv is not None
    ]
    return ChainAnalytics(
        spot=_last(contracts.spot, quotes),
        future_price=_last(contracts.future, quotes),
        forward=forward,
        forward_basis=basis,
        years=years,
        atm_strike=atm,
        pcr=put_call_ratio(put_weight, call_weight),
        pcr_basis=basis_of_pcr,
        max_pain=contracts.rows[pain].strike if pain is not None else None,
        by_token=by_token,
        atm_iv=sum(atm_ivs) / len(atm_ivs) if atm_ivs else None,
    )


def rows_around(contracts: ChainContracts, atm: Decimal | None, each_side: int) -> list[StrikeRow]:
    """``each_side`` strikes either side of ``atm`` (all rows when there is no ATM)."""
    if atm is None:
        return contracts.rows
    at = next(i for i, r in enumerate(contracts.rows) if r.strike == atm)
    return contracts.rows[max(0, at - each_side) : at + each_side + 1]
