"""VWAP: the volume-weighted average of the typical price, restarting every session.

``vwap[i] = Σ typical × volume / Σ volume`` over the bars of bar i's session up to and
including bar i, with ``typical = (high + low + close) / 3``. A session is whatever key the
caller passes per bar (the IST trading date for Indian markets). NaN while the session has
traded no volume (indices have none). Not in TA-Lib: the tests check it on hand-computed bars.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from dalal.domain.indicators.moving import NAN, FloatArray, as_floats


def vwap(
    high: npt.ArrayLike,
    low: npt.ArrayLike,
    close: npt.ArrayLike,
    volume: npt.ArrayLike,
    session: npt.ArrayLike,
) -> FloatArray:
    h, lo, c, v = as_floats(high), as_floats(low), as_floats(close), as_floats(volume)
    keys = np.asarray(session)
    out = np.full(keys.shape[0], np.nan)
    weighted_bars = (h + lo + c) / 3.0 * v
    bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
    # One running sum per session, added bar by bar as the incremental form adds them.
    for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        weighted = np.cumsum(weighted_bars[start:end])
        traded = np.cumsum(v[start:end])
        with np.errstate(invalid="ignore", divide="ignore"):
            out[start:end] = np.where(traded > 0, weighted / traded, np.nan)
    return out


class Vwap:
    """Incremental VWAP: ``update(high, low, close, volume, session)``."""

    def __init__(self) -> None:
        self._session: object = None
        self._weighted = 0.0
        self._volume = 0.0

    def update(
        self, high: float, low: float, close: float, volume: float, session: object
    ) -> float:
        if session != self._session:
            self._session, self._weighted, self._volume = session, 0.0, 0.0
        self._weighted += (high + low + close) / 3.0 * volume  # as the vectorised form
        self._volume += volume
        return self._weighted / self._volume if self._volume > 0 else NAN
