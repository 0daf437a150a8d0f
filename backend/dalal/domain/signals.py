"""Signals: one incoming instruction, its source, its action and its outcome.

The four actions are two independent sides: BUY_ENTRY opens a long that only BUY_EXIT
closes, and SELL_ENTRY opens a short that only SELL_EXIT closes. A signal's status starts
``accepted`` (or ``duplicate``/``rejected`` at once) and ends ``executed`` or ``failed``
(or ``rejected`` when a rule says no at execution time).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from dalal.domain.errors import DomainError
from dalal.domain.orders import OrderType, Side


class SignalSource(StrEnum):
    TRADINGVIEW = "tradingview"
    CHARTINK = "chartink"
    JSON = "json"
    STRATEGY = "strategy"
    MANUAL = "manual"


class SignalAction(StrEnum):
    BUY_ENTRY = "BUY_ENTRY"
    BUY_EXIT = "BUY_EXIT"
    SELL_ENTRY = "SELL_ENTRY"
    SELL_EXIT = "SELL_EXIT"

    @property
    def is_entry(self) -> bool:
        return self in (SignalAction.BUY_ENTRY, SignalAction.SELL_ENTRY)

    @property
    def direction(self) -> Side:
        """The side of the position this action belongs to (BUY: long, SELL: short)."""
        return Side.BUY if self in (SignalAction.BUY_ENTRY, SignalAction.BUY_EXIT) else Side.SELL

    @property
    def order_side(self) -> Side:
        """The side of the orders it places: an exit trades against its position."""
        return self.direction if self.is_entry else self.direction.opposite

    @property
    def entry(self) -> SignalAction:
        return SignalAction.BUY_ENTRY if self.direction is Side.BUY else SignalAction.SELL_ENTRY


class SignalStatus(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    EXECUTED = "executed"
    FAILED = "failed"

    @property
    def is_final(self) -> bool:
        """Only ``accepted`` still waits for its execution."""
        return self is not SignalStatus.ACCEPTED


class MalformedPayload(DomainError):
    """The body could not be read as a signal of the group's source."""

    code = "MALFORMED_PAYLOAD"


@dataclass(frozen=True, slots=True)
class ParsedSignal:
    """What a parser reads from one webhook body (a Chartink alert yields one per stock).

    ``quantity`` is in lots (shares for equities) and overrides the algo's base lots;
    ``instrument_token`` names the exact contract (the generic format's
    ``strike_price_token``); ``reference_price`` is the price the alert saw (TradingView
    ``{{close}}``, Chartink's trigger price), kept for the log, never used as the fill.
    """

    action: SignalAction
    symbol: str | None = None
    exchange: str | None = None
    unique_id: str | None = None
    quantity: int | None = None
    order_type: OrderType | None = None
    price: Decimal | None = None
    trigger_price: Decimal | None = None
    reference_price: Decimal | None = None
    instrument_token: int | None = None
    strategy_code: str | None = None
    account_id: uuid.UUID | None = None
    alert_name: str | None = None
    occurred_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SignalGroup:
    """A webhook receiver. ``token`` is the secret part of its URL; ``secret`` keys the
    optional HMAC-SHA256 signature; ``default_action`` serves sources that carry none
    (a Chartink scan is an entry or an exit by the group it posts to)."""

    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    source: SignalSource
    token: str
    secret: str
    active: bool
    created_at: datetime
    updated_at: datetime
    max_signals_per_day: int | None = None
    expires_on: date | None = None
    market_hours_only: bool = True
    rate_limit_per_minute: int | None = None
    require_signature: bool = False
    ip_allowlist: tuple[str, ...] = ()
    dedupe_window_seconds: int = 60
    default_action: SignalAction | None = None
    entry_algo_ids: tuple[uuid.UUID, ...] = ()
    exit_algo_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True, slots=True)
class Signal:
    """One logged signal (or one rejected delivery). ``raw_body`` is size-capped.
    ``group_id`` is None only for a manual signal (a master's fill copied to its followers)."""

    id: uuid.UUID
    group_id: uuid.UUID | None
    user_id: uuid.UUID
    source: SignalSource
    status: SignalStatus
    received_at: datetime
    raw_body: str
    source_ip: str | None = None
    unique_id: str | None = None
    action: SignalAction | None = None
    symbol: str | None = None
    reason: str | None = None
    processing_ms: Decimal | None = None
    duplicate_of: uuid.UUID | None = None
    parsed: ParsedSignal | None = None
