"""Option chain analytics: forward, ATM, implied vols and greeks per strike, PCR, max pain.

Pure and vectorised: one call computes a whole chain. Conventions:

- Each option is valued on the **forward of its expiry** with Black-76 (greeks in the units of
  :mod:`dalal.domain.options`). The forward is the listed future of that expiry when it is
  quoted; otherwise (weekly expiries have no future) the **synthetic forward** from put-call
  parity at the strike where call and put are closest, ``F = K + e^{rt}·(C − P)``.
- The price an IV is solved from is the **mid** of bid and ask when both are quoted, else the
  last traded price. A price with no IV (below intrinsic, no time value) gives NaN, and so
  its greeks.
- **ATM** is the strike nearest the forward (nearest the spot when asked so), the lower one on
  a tie.
- **PCR** is total put open interest over total call open interest. Where the feed carries no
  open interest (the synthetic feed and the ingest have none) it is taken on **volume**, and
  the chain says which basis it used. **Max pain** is the settlement strike at which option
  writers pay holders the least, ``Σ OI_call·(S−K)⁺ + Σ OI_put·(K−S)⁺``, weighed on the same
  basis (lower strike on a tie).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dalal.domain.options import FloatArray, black76_greeks, implied_vols_black76


def mid_prices(ltp: FloatArray, bid: FloatArray, ask: FloatArray) -> FloatArray:
    """The mid where both sides are quoted (NaN means absent), else the last price."""
    both = np.isfinite(bid) & np.isfinite(ask) & (bid > 0) & (ask >= bid)
    return np.asarray(np.where(both, 0.5 * (bid + ask), ltp), dtype=np.float64)


def synthetic_forward(
    strikes: FloatArray, calls: FloatArray, puts: FloatArray, t: float, rate: float
) -> float | None:
    """Put-call parity's forward at the strike where the call and put prices are closest."""
    both = np.isfinite(calls) & np.isfinite(puts)
    if not both.any():
        return None
    k, c, p = strikes[both], calls[both], puts[both]
    at = int(np.argmin(np.abs(c - p)))
    return float(k[at] + math.exp(rate * max(t, 0.0)) * (c[at] - p[at]))


def atm_index(strikes: FloatArray, reference: float) -> int:
    """Index of the strike nearest ``reference``, the lower one on a tie (strikes ascending)."""
    return int(np.argmin(np.abs(strikes - reference)))  # argmin keeps the first of equals


@dataclass(frozen=True, slots=True)
class SideAnalytics:
    """One side (calls or puts) of a chain, per strike; NaN where there is no IV."""

    iv: FloatArray  # annualised fraction
    delta: FloatArray
    gamma: FloatArray
    theta: FloatArray
    vega: FloatArray


def side_analytics(
    prices: FloatArray, forward: float, strikes: FloatArray, t: float, rate: float, *, call: bool
) -> SideAnalytics:
    """Implied vols from ``prices`` (NaN: no price) and the greeks at them."""
    ivs = implied_vols_black76(prices, forward, strikes, t, rate=rate, is_call=call)
    greeks = black76_greeks(
        forward, strikes, t, np.nan_to_num(ivs, nan=0.0), rate=rate, is_call=call
    )
    missing = np.isnan(ivs)

    def masked(values: FloatArray) -> FloatArray:
        return np.asarray(np.where(missing, np.nan, values), dtype=np.float64)

    return SideAnalytics(
        iv=ivs,
        delta=masked(greeks.delta),
        gamma=masked(greeks.gamma),
        theta=masked(greeks.theta),
        vega=masked(greeks.vega),
    )


def put_call_ratio(put_weights: npt.ArrayLike, call_weights: npt.ArrayLike) -> float | None:
    """Σ puts / Σ calls (NaN weights count as zero); None when no call weight at all."""
    puts = float(np.nansum(np.asarray(put_weights, dtype=np.float64)))
    calls = float(np.nansum(np.asarray(call_weights, dtype=np.float64)))
    return puts / calls if calls > 0 else None


def writers_payout(
    settlements: FloatArray, strikes: FloatArray, call_weights: FloatArray, put_weights: FloatArray
) -> FloatArray:
    """What writers pay holders at each settlement price: Σ w_c·(S−K)⁺ + Σ w_p·(K−S)⁺."""
    gap = settlements[:, None] - strikes[None, :]
    calls = np.nan_to_num(call_weights)[None, :] * np.maximum(gap, 0.0)
    puts = np.nan_to_num(put_weights)[None, :] * np.maximum(-gap, 0.0)
    return np.asarray((calls + puts).sum(axis=1), dtype=np.float64)


def max_pain_index(
    strikes: FloatArray, call_weights: FloatArray, put_weights: FloatArray
) -> int | None:
    """Index of the strike at which writers pay the least (the lower on a tie); None with no
    weight at all."""
    if strikes.size == 0 or not (np.nansum(call_weights) + np.nansum(put_weights)) > 0:
        return None
    payout = writers_payout(strikes, strikes, call_weights, put_weights)
    return int(np.argmin(payout))
