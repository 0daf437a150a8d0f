"""The market as services see it: the latest quote per instrument and the session rules.

``QuoteBook`` is the process's view of the last price. The feed loop writes it; on an API
node that doesn't run the feed, the quotes channel of the bus writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from dalal.domain.calendar import MarketCalendar
from dalal.domain.clock import Clock
from dalal.domain.margin import MarginConfig
from dalal.domain.market import Quote
from dalal.domain.risk.pretrade import FatFingerLimits
from dalal.engine.matching import MatchingConfig

QUOTES_CHANNEL = "quotes"
TICKS_IN_CHANNEL = "ticks-in"  # ingested ticks from API nodes, for the one active worker


class QuoteBook:
    def __init__(self) -> None:
        self._quotes: dict[int, Quote] = {}

    def update(self, quotes: Iterable[Quote]) -> None:
        for quote in quotes:
            self._quotes[quote.token] = quote

    def get(self, token: int) -> Quote | None:
        return self._quotes.get(token)

    @property
    def latest(self) -> Mapping[int, Quote]:
        """The latest quote per token, read-only (for loops over many positions)."""
        return self._quotes

    def marks(self) -> dict[int, Decimal]:
        return {token: q.ltp for token, q in self._quotes.items()}

    def __len__(self) -> int:
        return len(self._quotes)


def quote_message(quotes: Iterable[Quote]) -> dict[str, Any]:
    """One bus message per tick carrying every changed quote; the newest wins if conflated."""
    return {
        "quotes": [
            {
                "token": q.token,
                "at": q.at.isoformat(),
                "ltp": str(q.ltp),
                "bid": str(q.bid) if q.bid is not None else None,
                "ask": str(q.ask) if q.ask is not None else None,
                "volume": q.volume,
                "oi": q.oi,
            }
            for q in quotes
        ]
    }


def quotes_from_message(message: dict[str, Any]) -> list[Quote]:
    return [
        Quote(
            token=int(q["token"]),
            at=datetime.fromisoformat(q["at"]),
            ltp=Decimal(q["ltp"]),
            bid=Decimal(q["bid"]) if q.get("bid") is not None else None,
            ask=Decimal(q["ask"]) if q.get("ask") is not None else None,
            volume=int(q.get("volume") or 0),
            oi=int(q["oi"]) if q.get("oi") is not None else None,
        )
        for q in message.get("quotes", [])
    ]


@dataclass(frozen=True, slots=True)
class MarketDeps:
    """What trading services need to know about the market."""

    calendar: MarketCalendar
    quotes: QuoteBook
    clock: Clock
    margin: MarginConfig = field(default_factory=MarginConfig)
    matching: MatchingConfig = field(default_factory=MatchingConfig)
    fat_finger: FatFingerLimits = field(default_factory=FatFingerLimits)

    def now(self) -> datetime:
        return self.clock.now()
