"""Instruments: what can be traded, with exchange, type, lot size and tick size.

A contract keeps the lot size it was listed with until it expires; tick sizes depend on the
instrument class and (for cash equities and stock futures) on price slabs that change over
time. See ``MARKET_FACTS.md`` for the rules and their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Exchange(StrEnum):
    NSE = "NSE"  # cash market
    BSE = "BSE"
    NFO = "NFO"  # NSE futures and options
    BFO = "BFO"  # BSE futures and options


class InstrumentType(StrEnum):
    EQ = "EQ"
    FUT = "FUT"
    CE = "CE"
    PE = "PE"
    INDEX = "INDEX"


class Segment(StrEnum):
    """What the charges and margin rules key on."""

    EQUITY = "equity"
    FUTURES = "futures"
    OPTIONS = "options"
    INDEX = "index"  # not tradable; a reference price


_SEGMENT_OF = {
    InstrumentType.EQ: Segment.EQUITY,
    InstrumentType.FUT: Segment.FUTURES,
    InstrumentType.CE: Segment.OPTIONS,
    InstrumentType.PE: Segment.OPTIONS,
    InstrumentType.INDEX: Segment.INDEX,
}


@dataclass(frozen=True, slots=True)
class Instrument:
    token: int
    exchange: Exchange
    tradingsymbol: str
    name: str
    instrument_type: InstrumentType
    lot_size: int
    tick_size: Decimal
    underlying: str | None = None
    expiry: date | None = None
    strike: Decimal | None = None

    @property
    def segment(self) -> Segment:
        return _SEGMENT_OF[self.instrument_type]

    @property
    def is_derivative(self) -> bool:
        return self.segment in (Segment.FUTURES, Segment.OPTIONS)

    @property
    def is_option(self) -> bool:
        return self.segment is Segment.OPTIONS

    @property
    def tradable(self) -> bool:
        return self.instrument_type is not InstrumentType.INDEX

    @property
    def cash_exchange(self) -> Exchange:
        """The exchange whose rate card applies: NFO trades are NSE's, BFO trades BSE's."""
        return {Exchange.NFO: Exchange.NSE, Exchange.BFO: Exchange.BSE}.get(
            self.exchange, self.exchange
        )
