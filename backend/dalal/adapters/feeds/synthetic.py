"""A synthetic market: seeded, deterministic quotes for indices, stocks, futures and options.

The model (every number below is a default of :class:`SyntheticConfig`):

- **Spot** prices (indices and stocks) follow geometric Brownian motions with zero expected
  return: ``d ln S = −σ²/2·dτ + σ·dW``. ``τ`` is *variance time* in years of 252 sessions.
  Prices move only inside the 09:15–15:30 IST session of a trading day (weekdays unless
  ``is_trading_day`` says otherwise): there are no overnight gaps. With ``always_open`` (the
  demo calendar) every instant trades instead, at one session per 375 minutes.
- **Intraday seasonality.** Variance (and volume) arrive through the session with the
  U-shaped intensity ``m(u) ∝ 1 + 2·e^{−u/0.08} + 1·e^{−(1−u)/0.08}``, where ``u`` is the
  elapsed fraction of the session: three times the midday rate at 09:15, twice at 15:30,
  decaying over about half an hour. ``m`` integrates to one session, so the daily variance is
  ``σ²/252`` whatever the curve (:func:`session_fraction`).
- **Correlation.** A one-factor model with NIFTY as the factor: an underlying's shock is
  ``σ·√dτ·(ρ·z + √(1−ρ²)·ε)`` with ``z`` the NIFTY shock shared by all and ``ε`` its own, i.e.
  its return is ``β·r_NIFTY`` plus an idiosyncratic part, with ``β = ρ·σ/σ_NIFTY``.
- **Futures** sit at the cost of carry, ``F = S·e^{(r−q)·t}``, ``t`` in calendar years to 15:30
  IST on expiry (the option convention, :func:`dalal.domain.options.year_fraction`).
- **Options** are priced with Black-76 on the future of their expiry, with a smile that is
  quadratic in log-moneyness ``k = ln(K/F)``: ``σ(k) = σ_atm·max(1 + skew·z + curv·z², 0.5)``
  with ``z = k/(σ_atm·√t)`` clipped to ±4 (standardising by ``σ√t`` gives weekly and monthly
  expiries comparable wings); the default skew (−0.10) makes lower strikes dearer. Calls and
  puts share ``F`` and ``σ(k)``, so put-call parity holds up to the tick rounding.
- **Quotes.** LTP is the fair price rounded to the instrument's tick (never below one tick).
  The spread is ``max(1 tick, fair × bps)``, 0.5 bp for stocks and futures and
  ``5 bps × (1 + |z|)`` for options (wider away from the money), with bid below and ask above
  the fair price on the tick grid. Indices have no bid, ask or volume.
- **Volume** is cumulative for the IST day, in units: Poisson arrivals of lots at a daily
  rate (stocks 500,000 shares, futures 5,000 lots, options 2,000 + 100,000·e^{−z²/2} lots)
  spread over the session by the same seasonality.
- **Open interest** (options), in units: each IST day opens at ``lot × round(20,000 +
  400,000·e^{−z²/2} × w)`` contracts, with ``z`` the option's moneyness at the day's first
  quote and ``w`` 1.5 out of the money (calls above the forward, puts below) and 0.5 in it,
  so calls pile up above the market and puts below, as on NSE; a quarter of the day's traded
  volume adds to it through the day. No random draw is spent on it, so prices are the same
  with or without it.
- **Determinism.** One ``numpy`` PCG64 generator seeded once; the same seed and the same
  sequence of ``at`` give the same quotes (with the same numpy version). A call moves the
  market by the whole variance elapsed since the previous call, so any gap is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from dalal.adapters.feeds.base import IST, SESSION_CLOSE, SESSION_OPEN, require_aware
from dalal.domain.instruments import Instrument, InstrumentType
from dalal.domain.market import Quote
from dalal.domain.options import FloatArray, black76_price, expiry_instant

SESSIONS_PER_YEAR = 252.0
FACTOR_NAMES = frozenset({"NIFTY", "NIFTY 50"})
_OPEN_BOOST, _CLOSE_BOOST, _DECAY = 2.0, 1.0, 0.08
_SESSION = datetime.combine(date.min, SESSION_CLOSE) - datetime.combine(date.min, SESSION_OPEN)
_SPOT_KINDS = (InstrumentType.EQ, InstrumentType.INDEX)
_DAILY_LOTS = {InstrumentType.EQ: 500_000.0, InstrumentType.FUT: 5_000.0}


@dataclass(frozen=True, slots=True)
class UnderlyingParams:
    vol: float  # annualised, also the options' at-the-money implied volatility
    correlation: float  # with NIFTY, the market factor
    div_yield: float = 0.0


def _weekday(day: date) -> bool:
    return day.weekday() < 5


_INDICES = {
    ("NIFTY", "NIFTY 50"): UnderlyingParams(0.13, 1.0, 0.012),
    ("BANKNIFTY", "NIFTY BANK"): UnderlyingParams(0.16, 0.80, 0.008),
    ("FINNIFTY", "NIFTY FIN SERVICE"): UnderlyingParams(0.15, 0.85, 0.009),
    ("MIDCPNIFTY", "NIFTY MID SELECT"): UnderlyingParams(0.17, 0.75, 0.008),
    ("SENSEX",): UnderlyingParams(0.13, 0.98, 0.012),
}
INDEX_PARAMS: Mapping[str, UnderlyingParams] = MappingProxyType(
    {name: params for names, params in _INDICES.items() for name in names}
)


@dataclass(frozen=True, slots=True)
class SyntheticConfig:
    rate: float = 0.065  # continuously compounded, for carry and discounting
    params: Mapping[str, UnderlyingParams] = field(default_factory=lambda: INDEX_PARAMS)
    stock: UnderlyingParams = UnderlyingParams(0.25, 0.5, 0.01)  # any name not in params
    smile_skew: float = -0.10
    smile_curvature: float = 0.02
    spread_bps: float = 0.5
    option_spread_bps: float = 5.0
    is_trading_day: Callable[[date], bool] = field(default=_weekday)
    # The demo's "always open" calendar: every instant trades, at the flat rate of one
    # session per 375 minutes, with no seasonality, so a demo at night still moves.
    always_open: bool = False


def _raw_fraction(u: float) -> float:
    open_part = _OPEN_BOOST * _DECAY * (1.0 - math.exp(-u / _DECAY))
    close_part = _CLOSE_BOOST * _DECAY * (math.exp(-(1.0 - u) / _DECAY) - math.exp(-1 / _DECAY))
    return u + open_part + close_part


def session_fraction(u: float) -> float:
    """Share of a session's variance (and volume) that has arrived by session fraction ``u``."""
    return _raw_fraction(min(max(u, 0.0), 1.0)) / _raw_fraction(1.0)


def _progress(at: datetime) -> tuple[date, float]:
    local = at.astimezone(IST)
    opened = datetime.combine(local.date(), SESSION_OPEN, tzinfo=IST)
    return local.date(), session_fraction((local - opened) / _SESSION)


def sessions_between(
    start: datetime, end: datetime, is_trading_day: Callable[[date], bool] = _weekday
) -> float:
    """Sessions' worth of variance time from ``start`` to ``end`` (seasonality-weighted)."""
    (first_day, first), (last_day, last) = _progress(start), _progress(end)
    if first_day == last_day:
        return last - first if is_trading_day(first_day) else 0.0
    total = (1.0 - first) if is_trading_day(first_day) else 0.0
    day = first_day + timedelta(days=1)
    while day < last_day:
        total += 1.0 if is_trading_day(day) else 0.0
        day += timedelta(days=1)
    return total + (last if is_trading_day(last_day) else 0.0)


def smile_vol(
    atm_vol: FloatArray, log_moneyness: FloatArray, t: FloatArray, skew: float, curvature: float
) -> tuple[FloatArray, FloatArray]:
    """The smile's volatility at ``k = ln(K/F)``, and the standardised moneyness ``z`` used."""
    scale = np.maximum(atm_vol * np.sqrt(t), 1e-12)
    z = np.clip(log_moneyness / scale, -4.0, 4.0)
    return atm_vol * np.maximum(1.0 + skew * z + curvature * z * z, 0.5), z


def _aliases(instrument: Instrument) -> tuple[str, ...]:
    return tuple(name for name in (instrument.tradingsymbol, instrument.name) if name)


class _Underlyings:
    """One random walk per underlying, shared by its spot instruments and derivatives."""

    def __init__(self, instruments: Sequence[Instrument], prices: Mapping[str, Decimal]) -> None:
        self.names: list[tuple[str, ...]] = []
        self._index: dict[str, int] = {}
        for spot in (i for i in instruments if i.instrument_type in _SPOT_KINDS):
            self._register(_aliases(spot))
        self.of_instrument = [self._of(instrument) for instrument in instruments]
        self.start_prices = [self._price(names, prices) for names in self.names]

    def _register(self, names: tuple[str, ...]) -> int:
        known = [self._index[name] for name in names if name in self._index]
        slot = known[0] if known else len(self.names)
        if not known:
            self.names.append(())
        fresh = tuple(name for name in names if name not in self._index)
        self.names[slot] += fresh
        self._index.update(dict.fromkeys(fresh, slot))
        return slot

    def _of(self, instrument: Instrument) -> int:
        if instrument.instrument_type in _SPOT_KINDS:
            return self._index[_aliases(instrument)[0]]
        if not instrument.underlying:
            raise ValueError(f"{instrument.tradingsymbol}: a derivative needs its underlying")
        if instrument.underlying in self._index:
            return self._index[instrument.underlying]
        return self._register((instrument.underlying,))

    @staticmethod
    def _price(names: tuple[str, ...], prices: Mapping[str, Decimal]) -> float:
        for name in names:
            if name in prices:
                return float(prices[name])
        raise ValueError(f"no reference price for {' / '.join(names)}")

    def params(self, config: SyntheticConfig) -> list[UnderlyingParams]:
        found = []
        for names in self.names:
            params = next((config.params[n] for n in names if n in config.params), config.stock)
            if FACTOR_NAMES.intersection(names):  # NIFTY *is* the factor
                params = UnderlyingParams(params.vol, 1.0, params.div_yield)
            found.append(params)
        return found


class SyntheticFeed:
    """The synthetic market for a fixed list of instruments (see the module docstring).

    ``reference_prices`` gives each underlying's starting spot, keyed by its tradingsymbol or
    name (``"NIFTY"``, ``"RELIANCE"``); a derivative whose underlying is not in the list is
    still priced off a walk started from its reference price. Time moves only through
    ``next_quotes(at)``, from ``start`` onwards.
    """

    def __init__(
        self,
        instruments: Sequence[Instrument],
        reference_prices: Mapping[str, Decimal],
        *,
        seed: int,
        start: datetime,
        config: SyntheticConfig | None = None,
    ) -> None:
        self.config = config or SyntheticConfig()
        self.instruments = tuple(instruments)
        self._rng = np.random.default_rng(seed)
        self._now = require_aware(start)
        self._volume_day = start.astimezone(IST).date()
        underlyings = _Underlyings(self.instruments, reference_prices)
        params = underlyings.params(self.config)
        self._log_spot = np.log(np.array(underlyings.start_prices, dtype=np.float64))
        self._vol = np.array([p.vol for p in params])
        self._rho = np.array([p.correlation for p in params])
        self._book = _Book(self.instruments, underlyings.of_instrument, params)
        self._volume = np.zeros(len(self.instruments), dtype=np.int64)
        self._oi_open: npt.NDArray[np.int64] | None = None  # the day's opening OI (units)
        self._oi_day = self._volume_day

    @property
    def now(self) -> datetime:
        return self._now

    def next_quotes(self, at: datetime) -> list[Quote]:
        """Advance the market to ``at`` (not before the previous call) and quote everything."""
        if require_aware(at) < self._now:
            raise ValueError(f"time went backwards: {at.isoformat()} < {self._now.isoformat()}")
        sessions = self._sessions(self._now, at)
        if sessions > 0.0:
            self._diffuse(sessions / SESSIONS_PER_YEAR)
        fair, z = self._book.fair_prices(np.exp(self._log_spot), at, self.config)
        self._trade(at, z)
        self._now = at
        day = at.astimezone(IST).date()
        if self._oi_open is None or day != self._oi_day:
            self._oi_open, self._oi_day = self._book.opening_interest(z), day
        interest = self._oi_open + (self._volume // 4 // self._book.lot) * self._book.lot
        return self._book.quotes(
            at.astimezone(UTC), fair, z, self._volume, self.config, interest=interest
        )

    def _sessions(self, start: datetime, end: datetime) -> float:
        if self.config.always_open:
            return (end - start) / _SESSION
        return sessions_between(start, end, self.config.is_trading_day)

    def _diffuse(self, years: float) -> None:
        shocks = self._rng.standard_normal(len(self._vol) + 1)
        common, own = shocks[0], shocks[1:]
        mixed = self._rho * common + np.sqrt(1.0 - self._rho**2) * own
        self._log_spot += -0.5 * self._vol**2 * years + self._vol * math.sqrt(years) * mixed

    def _trade(self, at: datetime, z: FloatArray) -> None:
        day = at.astimezone(IST).date()
        since = self._now
        if day != self._volume_day:
            self._volume[:] = 0
            self._volume_day = day
            since = max(since, datetime.combine(day, time(0), tzinfo=IST))
        sessions = self._sessions(since, at)
        if sessions > 0.0:
            rate = self._book.daily_lots(z) * sessions
            self._volume += self._rng.poisson(rate) * self._book.lot


class _Book:
    """Per-instrument arrays, so that a step prices every instrument in a few numpy calls."""

    def __init__(
        self,
        instruments: Sequence[Instrument],
        of_underlying: Sequence[int],
        params: Sequence[UnderlyingParams],
    ) -> None:
        for instrument in instruments:
            _check_pricable(instrument)
        kinds = [instrument.instrument_type for instrument in instruments]
        self.tokens = [instrument.token for instrument in instruments]
        self.underlying = np.array(of_underlying, dtype=np.intp)
        self.div_yield = np.array([params[u].div_yield for u in of_underlying], dtype=np.float64)
        self.atm_vol = np.array([params[u].vol for u in of_underlying], dtype=np.float64)
        self.is_call = np.array([kind is InstrumentType.CE for kind in kinds])
        self.is_option = self.is_call | np.array([kind is InstrumentType.PE for kind in kinds])
        self.is_index = [kind is InstrumentType.INDEX for kind in kinds]
        self.on_forward = self.is_option | np.array([kind is InstrumentType.FUT for kind in kinds])
        self.strike = np.array([float(i.strike or 1) for i in instruments], dtype=np.float64)
        self.expiry = np.array(
            [expiry_instant(i.expiry).timestamp() if i.expiry else 0.0 for i in instruments],
            dtype=np.float64,
        )
        self.tick_size = [instrument.tick_size for instrument in instruments]
        self.tick = np.array([float(tick) for tick in self.tick_size], dtype=np.float64)
        self.lot = np.array([instrument.lot_size for instrument in instruments], dtype=np.int64)
        self.base_lots = np.array([_DAILY_LOTS.get(kind, 0.0) for kind in kinds])

    def fair_prices(
        self, spots: FloatArray, at: datetime, config: SyntheticConfig
    ) -> tuple[FloatArray, FloatArray]:
        """Fair value of every instrument, and each option's standardised moneyness ``z``."""
        spot = spots[self.underlying]
        t = np.maximum(self.expiry - at.timestamp(), 0.0) / 86_400.0 / 365.0
        forward = spot * np.exp((config.rate - self.div_yield) * t)
        fair = np.where(self.on_forward, forward, spot)
        z = np.zeros_like(fair)
        opt = self.is_option
        if opt.any():
            strike, ahead, years = self.strike[opt], forward[opt], t[opt]
            smile = (config.smile_skew, config.smile_curvature)
            vol, z[opt] = smile_vol(self.atm_vol[opt], np.log(strike / ahead), years, *smile)
            calls = self.is_call[opt]
            fair[opt] = black76_price(ahead, strike, years, vol, rate=config.rate, is_call=calls)
        return fair, z

    def daily_lots(self, z: FloatArray) -> FloatArray:
        options = np.where(self.is_option, 2_000.0 + 100_000.0 * np.exp(-0.5 * z * z), 0.0)
        return self.base_lots + options

    def opening_interest(self, z: FloatArray) -> npt.NDArray[np.int64]:
        """Each option's open interest at the day's open (units; 0 for the rest)."""
        out_of_money = np.where(self.is_call, z > 0, z < 0)
        weight = np.where(out_of_money, 1.5, 0.5)
        contracts = np.rint(20_000.0 + 400_000.0 * np.exp(-0.5 * z * z) * weight)
        return np.where(self.is_option, contracts.astype(np.int64) * self.lot, 0)

    def quotes(
        self,
        at: datetime,
        fair: FloatArray,
        z: FloatArray,
        volume: npt.NDArray[np.int64],
        config: SyntheticConfig,
        *,
        interest: npt.NDArray[np.int64] | None = None,
    ) -> list[Quote]:
        """Quotes on each instrument's tick grid: LTP nearest the fair price, bid below, ask
        above, both at least one tick; computed in whole ticks, so Decimals stay exact."""
        bps = np.where(
            self.is_option, config.option_spread_bps * (1.0 + np.abs(z)), config.spread_bps
        )
        centre = fair / self.tick
        half = np.maximum(fair * bps * 1e-4 / self.tick, 1.0) / 2.0
        ltp = np.maximum(np.rint(centre), 1.0).astype(np.int64)
        bid = np.maximum(np.floor(centre - half + 0.5), 1.0).astype(np.int64)
        ask = np.maximum(np.ceil(centre + half - 0.5).astype(np.int64), bid + 1)
        oi: list[int | None] = [None] * len(self.tokens)
        if interest is not None:
            oi = [int(n) if on else None for n, on in zip(interest, self.is_option, strict=True)]
        columns = (ltp.tolist(), bid.tolist(), ask.tolist(), volume.tolist(), oi)
        rows = zip(self.tokens, self.tick_size, self.is_index, *columns, strict=True)
        return [
            Quote(token, at, tick * last)
            if index
            else Quote(token, at, tick * last, tick * low, tick * high, traded, open_interest)
            for token, tick, index, last, low, high, traded, open_interest in rows
        ]


def _check_pricable(instrument: Instrument) -> None:
    if instrument.tick_size <= 0:
        raise ValueError(f"{instrument.tradingsymbol}: tick size must be positive")
    if instrument.is_derivative and instrument.expiry is None:
        raise ValueError(f"{instrument.tradingsymbol}: a derivative needs an expiry")
    if instrument.is_option and (instrument.strike is None or instrument.strike <= 0):
        raise ValueError(f"{instrument.tradingsymbol}: an option needs a positive strike")
