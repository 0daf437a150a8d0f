"""The feed interface, and the quote-to-bar aggregation every feed can share.

Design:

- **The caller owns time.** A feed never reads a clock and never sleeps. The engine asks
  for the market *at* an instant (``next_quotes(at)``, ``bars_until(at)``), taking that
  instant from its injected clock: the simulated clock in a backtest, the wall clock in paper
  trading. The same feed code then serves both, and a test drives it to any instant at once.
- **Pull, not push.** Publishing to the bus, throttling per client and waiting between
  steps are the driver's job (an async loop in ``engine``), so feeds stay synchronous and
  deterministic.
- **Two shapes.** Quote feeds (synthetic, live) answer "what does the book look like at
  ``at``"; bar feeds (replay, files) answer "which bars have closed by ``at``". A bar is
  released only once closed (its open time plus its interval), so nothing can trade on a
  bar's close before that close happened.

Conventions shared by every feed:

- ``Quote.volume`` is the **cumulative volume traded in the instrument during the IST day**,
  in units (shares, or contracts × lot size), as brokers' tick feeds report it; a bar's
  ``volume`` is what traded within the bar.
- Intraday bars are aligned to the session open, 09:15 IST (1h bars open at 09:15, 10:15 …);
  a daily bar's ``at`` is 09:15 IST of its trading day. All ``at`` values are UTC-aware.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from dalal.domain.market import Bar, Interval, Quote

IST = ZoneInfo("Asia/Kolkata")
SESSION_OPEN = time(9, 15)
SESSION_CLOSE = time(15, 30)


class Feed(Protocol):
    """A source of quotes, driven by the caller's clock."""

    def next_quotes(self, at: datetime) -> list[Quote]:
        """The quotes at instant ``at`` (timezone-aware, never earlier than the last call)."""
        ...


class BarFeed(Protocol):
    """A source of closed bars, driven by the caller's clock."""

    def bars_until(self, at: datetime) -> list[Bar]:
        """The bars that closed at or before ``at`` and were not returned by earlier calls."""
        ...


def require_aware(at: datetime) -> datetime:
    """``at`` itself, or ValueError if it is naive (feeds only accept unambiguous instants)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"time must be timezone-aware: {at!r}")
    return at


def bar_open_time(at: datetime, interval: Interval) -> datetime:
    """The open time (UTC) of the ``interval`` bar that contains instant ``at``."""
    local = require_aware(at).astimezone(IST)
    anchor = datetime.combine(local.date(), SESSION_OPEN, tzinfo=IST)
    if interval is Interval.D1:
        return anchor.astimezone(UTC)
    buckets = (local - anchor) // interval.length  # floor, so pre-open quotes fall before 09:15
    return (anchor + buckets * interval.length).astimezone(UTC)


@dataclass(slots=True)
class _OpenBar:
    at: datetime
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: int


class BarAggregator:
    """Builds OHLCV bars of one interval from a stream of quotes (any number of tokens).

    OHLC come from the last traded prices. Volume is the growth of the cumulative day volume;
    on a new IST day the whole cumulative figure counts, and the first quote of a token only
    sets its baseline (what traded before it is unknown). Quotes of one token must arrive in
    time order.
    """

    def __init__(self, interval: Interval) -> None:
        self.interval = interval
        self._open: dict[int, _OpenBar] = {}
        self._last_volume: dict[int, tuple[date, int]] = {}

    def add(self, quote: Quote) -> Bar | None:
        """Fold ``quote`` into its token's bar; return the previous bar if this one closed it."""
        bucket = bar_open_time(quote.at, self.interval)
        traded = self._traded_since_last(quote)
        current = self._open.get(quote.token)
        closed = None
        if current is not None and bucket > current.at:
            closed = self._close(quote.token)
            current = None
        if current is None:
            self._open[quote.token] = _OpenBar(
                bucket, quote.ltp, quote.ltp, quote.ltp, quote.ltp, traded
            )
            return closed
        current.high = max(current.high, quote.ltp)
        current.low = min(current.low, quote.ltp)
        current.close = quote.ltp
        current.volume += traded
        return closed

    def close_due(self, at: datetime) -> list[Bar]:
        """Close every open bar whose interval has ended by ``at`` (tokens that went quiet)."""
        length = self.interval.length
        due = [token for token, bar in self._open.items() if bar.at + length <= at]
        return [self._close(token) for token in due]

    def flush(self) -> list[Bar]:
        """Close every open bar, finished or not (the end of a stream)."""
        return [self._close(token) for token in list(self._open)]

    def _close(self, token: int) -> Bar:
        bar = self._open.pop(token)
        return Bar(token, bar.at, self.interval, bar.open, bar.high, bar.low, bar.close, bar.volume)

    def _traded_since_last(self, quote: Quote) -> int:
        day = quote.at.astimezone(IST).date()
        previous = self._last_volume.get(quote.token)
        self._last_volume[quote.token] = (day, quote.volume)
        if previous is None:
            return 0
        previous_day, previous_volume = previous
        if day != previous_day:
            return quote.volume
        return max(quote.volume - previous_volume, 0)
