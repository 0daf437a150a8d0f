"""Option pricing: Black-76 and Black-Scholes prices, greeks and implied volatility.

Conventions (every function here follows them):

- **Units.** Prices are rupees per unit of the underlying, as floats: this is analytics, and
  whoever books a price quantises it to the tick as ``Decimal`` first. ``vol`` is annualised
  as a fraction (0.20 is 20%); ``rate`` and ``div_yield`` are continuously compounded annual
  rates as fractions (0.065 is 6.5%).
- **Time.** ``t`` is in years of calendar time, ``days / 365``, counted to the expiry instant
  at 15:30 IST on the expiry date (:func:`year_fraction`); weekends and holidays count.
- **Black-76** prices an option on a future or forward ``F`` (index options are priced off the
  future of the same expiry): ``V = e^{-rt}·ω·(F·N(ω·d1) − K·N(ω·d2))`` with
  ``d1 = (ln(F/K) + σ²t/2)/(σ√t)``, ``d2 = d1 − σ√t``, ``ω = +1`` for a call, ``−1`` for a put.
- **Black-Scholes** prices an option on spot ``S`` with a continuous dividend yield ``q``: the
  same formula with ``F = S·e^{(r−q)t}``.
- **Greeks**, per unit of the underlying:

  - ``delta``: ∂V/∂F for Black-76, ∂V/∂S for Black-Scholes; ``gamma``: the second derivative.
  - ``theta``: the change in value when **one calendar day** passes, all else fixed
    (``−∂V/∂t / 365``); usually negative for a long option.
  - ``vega``: the change for **one volatility point** (σ + 0.01), i.e. ``∂V/∂σ / 100``.
  - ``rho``: the change for **one percentage point of rate** (r + 0.01), i.e. ``∂V/∂r / 100``;
    Black-76 holds ``F`` fixed (so ``rho = −t·V/100``), Black-Scholes holds ``S`` fixed.

- **Degenerate inputs.** When ``σ√t = 0`` (at or past expiry, or zero vol) the value is the
  discounted intrinsic value, gamma and the time-decay term vanish and delta is the
  (discounted) digital, one half exactly at the money.
- **Vectorised.** Inputs broadcast with numpy; outputs are float64 arrays (0-d for scalars).
- **Implied volatility** is solved on the undiscounted Black-76 price in total volatility
  ``s = σ√t``. An in-the-money price is first turned into the out-of-the-money price of the
  other side by put-call parity, which is better conditioned. Newton's method on the log of
  that price runs inside a bracket, with scipy's Brent solver as the fallback. A price with no
  solution returns a typed :class:`IVFailure` instead of a number. A whole chain is solved at
  once (:func:`implied_vols_black76`): the same bracketed Newton on arrays, the rare element
  it has not settled going to the scalar solver; NaN where there is no solution.
- **Conventions checked against issue 7**: theta per calendar day, vega per volatility point,
  rho per 1% of rate, ``t`` in calendar days / 365 to 15:30 IST on expiry. The option
  calculator (:mod:`dalal.domain.option_calculator`) takes and returns rates and vols in
  *percent*, as traders type them, and converts at its edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TypeAlias
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from scipy.optimize import brentq
from scipy.special import ndtr

FloatArray: TypeAlias = npt.NDArray[np.float64]

IST = ZoneInfo("Asia/Kolkata")
EXPIRY_CUTOFF = time(15, 30)
DAYS_PER_YEAR = 365.0
MAX_VOL = 10.0  # 1000%: above this an implied volatility is reported as out of range
_SQRT_2PI = math.sqrt(2.0 * math.pi)
_TIME_VALUE_TOLERANCE = 1e-12  # relative to max(F, K): below it a price carries no time value


def expiry_instant(expiry: date) -> datetime:
    """The moment a contract expires: 15:30 IST on its expiry date."""
    return datetime.combine(expiry, EXPIRY_CUTOFF, tzinfo=IST)


def year_fraction(now: datetime, expiry: date) -> float:
    """Years (calendar days / 365) from ``now`` to 15:30 IST on ``expiry``; 0 once expired."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    remaining = expiry_instant(expiry) - now
    return max(remaining, timedelta(0)).total_seconds() / 86_400.0 / DAYS_PER_YEAR


@dataclass(frozen=True, slots=True)
class Greeks:
    """Sensitivities in the module's units: theta per calendar day, vega per vol point, rho
    per 1% of rate."""

    delta: FloatArray
    gamma: FloatArray
    theta: FloatArray
    vega: FloatArray
    rho: FloatArray


def _f64(value: npt.ArrayLike) -> FloatArray:
    return np.asarray(value, dtype=np.float64)


def _cdf(x: FloatArray) -> FloatArray:
    return _f64(ndtr(x))


def _pdf(x: FloatArray) -> FloatArray:
    with np.errstate(over="ignore"):
        return _f64(np.exp(-0.5 * x * x) / _SQRT_2PI)


def _d1_d2(
    forward: FloatArray, strike: FloatArray, total_vol: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """d1 and d2; with no total volatility they are ±inf by moneyness (0 at the money)."""
    log_moneyness = np.log(forward / strike)
    live = total_vol > 0.0
    safe = np.where(live, total_vol, 1.0)
    limit = np.where(log_moneyness > 0.0, np.inf, np.where(log_moneyness < 0.0, -np.inf, 0.0))
    d1 = np.where(live, log_moneyness / safe + 0.5 * safe, limit)
    d2 = np.where(live, d1 - safe, d1)
    return _f64(d1), _f64(d2)


def _omega(is_call: npt.ArrayLike) -> FloatArray:
    return np.where(np.asarray(is_call, dtype=bool), 1.0, -1.0)


def _undiscounted(
    forward: FloatArray, strike: FloatArray, total_vol: FloatArray, omega: FloatArray
) -> FloatArray:
    d1, d2 = _d1_d2(forward, strike, total_vol)
    value = omega * (forward * _cdf(omega * d1) - strike * _cdf(omega * d2))
    return _f64(np.maximum(value, 0.0))  # rounding must not make a price negative


def black76_price(
    forward: npt.ArrayLike,
    strike: npt.ArrayLike,
    t: npt.ArrayLike,
    vol: npt.ArrayLike,
    *,
    rate: npt.ArrayLike,
    is_call: npt.ArrayLike,
) -> FloatArray:
    """Black-76 value of a European option on a future ``forward``."""
    f, k, tt, v, r = (_f64(x) for x in (forward, strike, t, vol, rate))
    total_vol = v * np.sqrt(np.maximum(tt, 0.0))
    return _f64(np.exp(-r * tt) * _undiscounted(f, k, total_vol, _omega(is_call)))


def black_scholes_price(
    spot: npt.ArrayLike,
    strike: npt.ArrayLike,
    t: npt.ArrayLike,
    vol: npt.ArrayLike,
    *,
    rate: npt.ArrayLike,
    div_yield: npt.ArrayLike,
    is_call: npt.ArrayLike,
) -> FloatArray:
    """Black-Scholes value of a European option on spot with a continuous dividend yield."""
    s, tt, r, q = (_f64(x) for x in (spot, t, rate, div_yield))
    return black76_price(s * np.exp((r - q) * tt), strike, tt, vol, rate=r, is_call=is_call)


def black76_greeks(
    forward: npt.ArrayLike,
    strike: npt.ArrayLike,
    t: npt.ArrayLike,
    vol: npt.ArrayLike,
    *,
    rate: npt.ArrayLike,
    is_call: npt.ArrayLike,
) -> Greeks:
    """Black-76 greeks with respect to the future (``F`` held fixed for theta and rho)."""
    f, k, tt, v, r = (_f64(x) for x in (forward, strike, t, vol, rate))
    tt = np.maximum(tt, 0.0)
    w, root_t = _omega(is_call), np.sqrt(tt)
    total_vol = v * root_t
    d1, _ = _d1_d2(f, k, total_vol)
    disc, density = np.exp(-r * tt), _pdf(d1)
    value = disc * _undiscounted(f, k, total_vol, w)
    live = total_vol > 0.0
    safe_total, safe_root = np.where(live, total_vol, 1.0), np.where(tt > 0.0, root_t, 1.0)
    decay = np.where(live, disc * f * density * v / (2.0 * safe_root), 0.0)
    return Greeks(
        delta=_f64(w * disc * _cdf(w * d1)),
        gamma=_f64(np.where(live, disc * density / (f * safe_total), 0.0)),
        theta=_f64((r * value - decay) / DAYS_PER_YEAR),
        vega=_f64(disc * f * density * root_t / 100.0),
        rho=_f64(-tt * value / 100.0),
    )


def black_scholes_greeks(
    spot: npt.ArrayLike,
    strike: npt.ArrayLike,
    t: npt.ArrayLike,
    vol: npt.ArrayLike,
    *,
    rate: npt.ArrayLike,
    div_yield: npt.ArrayLike,
    is_call: npt.ArrayLike,
) -> Greeks:
    """Black-Scholes greeks with respect to spot (``S`` held fixed for theta and rho).

    They follow from the Black-76 greeks by the chain rule through ``F = S·e^{(r−q)t}``.
    """
    s, tt, r, q = (_f64(x) for x in (spot, t, rate, div_yield))
    tt = np.maximum(tt, 0.0)
    growth = np.exp((r - q) * tt)
    forward = s * growth
    g = black76_greeks(forward, strike, tt, vol, rate=r, is_call=is_call)
    return Greeks(
        delta=_f64(g.delta * growth),
        gamma=_f64(g.gamma * growth * growth),
        theta=_f64(g.theta - g.delta * forward * (r - q) / DAYS_PER_YEAR),
        vega=g.vega,
        rho=_f64(g.rho + g.delta * forward * tt / 100.0),
    )


class IVFailure(StrEnum):
    """Why a price has no implied volatility."""

    INVALID_INPUT = "invalid_input"  # a non-positive or non-finite price, forward or strike
    EXPIRED = "expired"  # t <= 0: the value no longer depends on volatility
    BELOW_INTRINSIC = "below_intrinsic"  # cheaper than the discounted intrinsic value
    NO_TIME_VALUE = "no_time_value"  # equal to intrinsic (within 1e-12 of max(F, K))
    ABOVE_UPPER_BOUND = "above_upper_bound"  # call >= e^{-rt}F, put >= e^{-rt}K: arbitrage
    ABOVE_MAX_VOL = "above_max_vol"  # the solution would exceed MAX_VOL
    NOT_CONVERGED = "not_converged"


@dataclass(frozen=True, slots=True)
class ImpliedVol:
    """An implied volatility (annualised fraction), or NaN and the reason there is none."""

    vol: float
    failure: IVFailure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def _norm_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))  # erfc keeps the far tails accurate


def _otm_price(total_vol: float, forward: float, strike: float) -> float:
    """Undiscounted price of the out-of-the-money side (call if K >= F) at total vol s > 0.

    Scalar and in plain ``math``: the solver calls it dozens of times per price.
    """
    if total_vol <= 0.0:
        return 0.0  # no volatility, no time value; and the OTM side has no intrinsic value
    omega = 1.0 if strike >= forward else -1.0
    d1 = math.log(forward / strike) / total_vol + 0.5 * total_vol
    d2 = d1 - total_vol
    return max(omega * (forward * _norm_cdf(omega * d1) - strike * _norm_cdf(omega * d2)), 0.0)


def _solve_total_vol(target: float, forward: float, strike: float, s_max: float) -> float | None:
    """Total vol s giving the OTM price ``target`` (> 0), or None if it exceeds ``s_max``."""
    lo, hi = 0.0, min(1.0, s_max)
    while _otm_price(hi, forward, strike) < target:
        if hi >= s_max:
            return None
        lo, hi = hi, min(2.0 * hi, s_max)
    log_target, x = math.log(target), abs(math.log(forward / strike))
    s = min(max(math.sqrt(2.0 * x), 0.5 * (lo + hi)), hi)  # the inflection point, if bracketed
    for _ in range(60):
        price = _otm_price(s, forward, strike)
        if price <= 0.0:
            lo, s = s, 0.5 * (s + hi)
            continue
        lo, hi = (s, hi) if price < target else (lo, s)
        vega = min(forward, strike) * math.exp(-0.5 * (0.5 * s - x / s) ** 2) / _SQRT_2PI
        slope = vega / price  # d ln(price) / ds
        step = (math.log(price) - log_target) / slope if slope > 0.0 else math.inf
        if abs(step) <= 1e-14 * s:
            return s
        s = s - step if lo < s - step < hi else 0.5 * (lo + hi)
    # Newton stalled (flat or noisy price): Brent's method on the bracket cannot.
    return float(
        brentq(lambda v: _otm_price(v, forward, strike) - target, lo, hi, xtol=1e-15, rtol=1e-15)
    )


def _no_solution(
    price: float, forward: float, strike: float, t: float, *, rate: float, is_call: bool
) -> IVFailure | None:
    """The reason a Black-76 price has no implied volatility, checked before solving."""
    if (
        not all(map(math.isfinite, (price, forward, strike, t, rate)))
        or min(forward, strike) <= 0.0
        or price < 0.0
    ):
        return IVFailure.INVALID_INPUT
    if t <= 0.0:
        return IVFailure.EXPIRED
    undiscounted = price * math.exp(rate * t)
    intrinsic = max(forward - strike, 0.0) if is_call else max(strike - forward, 0.0)
    tolerance = _TIME_VALUE_TOLERANCE * max(forward, strike)
    checks = (
        (undiscounted < intrinsic - tolerance, IVFailure.BELOW_INTRINSIC),
        (undiscounted >= (forward if is_call else strike), IVFailure.ABOVE_UPPER_BOUND),
        (undiscounted - intrinsic <= tolerance, IVFailure.NO_TIME_VALUE),
    )
    return next((failure for failed, failure in checks if failed), None)


def implied_vol_black76(
    price: float, forward: float, strike: float, t: float, *, rate: float, is_call: bool
) -> ImpliedVol:
    """The volatility at which :func:`black76_price` equals ``price``, or why there is none."""
    failure = _no_solution(price, forward, strike, t, rate=rate, is_call=is_call)
    if failure is not None:
        return ImpliedVol(math.nan, failure)
    intrinsic = max(forward - strike, 0.0) if is_call else max(strike - forward, 0.0)
    time_value = price * math.exp(rate * t) - intrinsic  # the OTM side's price, by parity
    root_t = math.sqrt(t)
    try:
        total_vol = _solve_total_vol(time_value, forward, strike, MAX_VOL * root_t)
    except (ValueError, RuntimeError):
        return ImpliedVol(math.nan, IVFailure.NOT_CONVERGED)
    if total_vol is None:
        return ImpliedVol(math.nan, IVFailure.ABOVE_MAX_VOL)
    return ImpliedVol(total_vol / root_t)


def implied_vol_black_scholes(
    price: float,
    spot: float,
    strike: float,
    t: float,
    *,
    rate: float,
    div_yield: float,
    is_call: bool,
) -> ImpliedVol:
    """The volatility at which :func:`black_scholes_price` equals ``price``, or why not."""
    forward = spot * math.exp((rate - div_yield) * t) if math.isfinite(t) else math.nan
    return implied_vol_black76(price, forward, strike, t, rate=rate, is_call=is_call)


def implied_vols_black76(
    prices: npt.ArrayLike,
    forwards: npt.ArrayLike,
    strikes: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    rate: npt.ArrayLike,
    is_call: npt.ArrayLike,
) -> FloatArray:
    """Element-wise :func:`implied_vol_black76` over broadcast arrays; NaN where none exists.

    A whole chain is solved at once: the same bracketed Newton iteration as the scalar solver,
    run on arrays; the few elements it has not settled in ``_VECTOR_ITERATIONS`` steps go to
    the scalar solver, whose Brent fallback cannot stall."""
    p, f, k, tt, r, c = np.broadcast_arrays(
        _f64(prices), _f64(forwards), _f64(strikes), _f64(t), _f64(rate), np.asarray(is_call)
    )
    shape = p.shape
    p, f, k, tt, r = (x.ravel() for x in (p, f, k, tt, r))
    c = c.ravel().astype(bool)
    with np.errstate(all="ignore"):
        intrinsic = np.where(c, np.maximum(f - k, 0.0), np.maximum(k - f, 0.0))
        undiscounted = p * np.exp(r * tt)
        tolerance = _TIME_VALUE_TOLERANCE * np.maximum(f, k)
        solvable = (
            np.isfinite(p + f + k + tt + r)
            & (np.minimum(f, k) > 0.0)
            & (p >= 0.0)
            & (tt > 0.0)
            & (undiscounted < np.where(c, f, k))
            & (undiscounted - intrinsic > tolerance)
        )
    vols = np.full(p.shape, np.nan)
    idx = np.flatnonzero(solvable)
    if idx.size:
        root_t = np.sqrt(tt[idx])
        total, settled = _solve_total_vols(
            undiscounted[idx] - intrinsic[idx], f[idx], k[idx], MAX_VOL * root_t
        )
        vols[idx] = total / root_t
        for i in idx[~settled]:  # rare: flat or noisy prices, or beyond MAX_VOL
            vols[i] = implied_vol_black76(
                float(p[i]), float(f[i]), float(k[i]), float(tt[i]), rate=float(r[i]),
                is_call=bool(c[i]),
            ).vol  # fmt: skip
    return vols.reshape(shape)


_VECTOR_ITERATIONS = 16


def _otm_prices(total_vol: FloatArray, forward: FloatArray, strike: FloatArray) -> FloatArray:
    """Vectorised :func:`_otm_price` for ``total_vol > 0``."""
    omega = np.where(strike >= forward, 1.0, -1.0)
    d1 = np.log(forward / strike) / total_vol + 0.5 * total_vol
    d2 = d1 - total_vol
    value = omega * (forward * _cdf(omega * d1) - strike * _cdf(omega * d2))
    return _f64(np.maximum(value, 0.0))


def _solve_total_vols(
    target: FloatArray, forward: FloatArray, strike: FloatArray, s_max: FloatArray
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Total vols giving the OTM prices ``target``, and which of them converged."""
    x = np.abs(np.log(forward / strike))
    lo, hi = np.zeros_like(target), s_max.copy()
    s = np.minimum(np.maximum(np.sqrt(2.0 * x), 1e-3 * s_max), 0.5 * s_max)
    settled = np.zeros(target.shape, dtype=bool)
    log_target = np.log(target)
    with np.errstate(all="ignore"):
        reachable = _otm_prices(hi, forward, strike) >= target
        for _ in range(_VECTOR_ITERATIONS):
            price = _otm_prices(s, forward, strike)
            below = price < target
            lo, hi = np.where(below, s, lo), np.where(below, hi, s)
            vega = np.minimum(forward, strike) * np.exp(-0.5 * (0.5 * s - x / s) ** 2) / _SQRT_2PI
            step = (np.log(price) - log_target) * price / vega
            guess = s - step
            inside = np.isfinite(guess) & (guess >= lo) & (guess <= hi)
            # Newton converges quadratically: after a step below 1e-10·s the error is ~1e-20.
            done = inside & (np.abs(step) <= 1e-10 * s)
            s = np.where(settled, s, np.where(inside, guess, 0.5 * (lo + hi)))
            settled |= done
            if settled.all():
                break
    return _f64(s), settled & reachable
