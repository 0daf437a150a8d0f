"""Taking in a webhook delivery: authenticate, parse, check the group's limits, dedupe, log.

Every delivery to a known group is logged with its raw body (capped) and an outcome in one
short transaction, before it is answered. Accepted signals are executed afterwards, each in
its own transaction (``signal_execution``), so the answer is fast and a crash never loses an
accepted signal: the recovery sweep executes whatever is still ``accepted``.

Deduplication: a ``unique_id`` is taken once per group and action (an exit may name its
entry's id), enforced by a unique constraint; a payload without one is a duplicate of an
identical payload accepted within the group's window.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from dalal.domain.calendar import IST, MarketCalendar
from dalal.domain.errors import DomainError
from dalal.domain.risk.pretrade import RiskRejected
from dalal.domain.signals import (
    MalformedPayload,
    ParsedSignal,
    Signal,
    SignalAction,
    SignalGroup,
    SignalSource,
    SignalStatus,
)
from dalal.services.group_risk import check_group_signals
from dalal.services.ports import UnitOfWork
from dalal.services.pretrade import check_signal_intake
from dalal.services.signal_events import signal_event, signals_channel

RAW_BODY_LOG_LIMIT = 16 * 1024  # characters of the raw body kept in the log


class UnknownWebhook(DomainError):
    code = "UNKNOWN_WEBHOOK"


class SignalRejected(DomainError):
    """A rule refused the delivery; ``http_status`` is what the sender is answered."""

    code = "SIGNAL_REJECTED"

    def __init__(self, message: str, *, code: str, http_status: int) -> None:
        super().__init__(message)
        self.code = code
        self.http_status = http_status


class RateLimiter(Protocol):
    async def allow(self, key: str, per_minute: int) -> bool: ...


class PayloadParser(Protocol):
    def __call__(
        self,
        source: SignalSource,
        body: bytes,
        *,
        content_type: str | None,
        default_action: SignalAction | None,
    ) -> list[ParsedSignal]: ...


@dataclass(frozen=True, slots=True)
class IntakeDeps:
    calendar: MarketCalendar
    now: Callable[[], datetime]
    parse: PayloadParser
    verify_signature: Callable[[str, bytes, str | None], bool]
    rate_limiter: RateLimiter
    # Symbols seen in the instrument master. Only hits are kept: a symbol once known stays
    # known (contracts are never deleted), and a miss is asked again, so an import shows up.
    known_symbols: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Delivery:
    token: str
    body: bytes
    content_type: str | None
    source_ip: str | None
    signature: str | None


@dataclass(frozen=True, slots=True)
class IntakeOutcome:
    """``accepted`` ids go on to execution; ``duplicates`` map to the signal they repeat."""

    group: SignalGroup
    accepted: list[Signal]
    duplicates: list[Signal]


def _raw_text(body: bytes) -> str:
    return body[: RAW_BODY_LOG_LIMIT * 4].decode("utf-8", errors="replace")[:RAW_BODY_LOG_LIMIT]


def _elapsed_ms(started: float) -> Decimal:
    return Decimal(round((time.perf_counter() - started) * 1000, 3)).quantize(Decimal("0.001"))


async def receive_delivery(uow: UnitOfWork, deps: IntakeDeps, delivery: Delivery) -> IntakeOutcome:
    """Log and classify one delivery. Raises ``UnknownWebhook`` (nothing logged: no owner)
    or ``SignalRejected`` (logged as rejected, with the reason)."""
    started = time.perf_counter()
    now = deps.now()
    async with uow:
        group = await uow.signal_groups.by_token(delivery.token)
        if group is None:
            raise UnknownWebhook(
                "No signal group has this webhook URL. Copy the URL again from Dalal's "
                "Signals page; it changes when the secret is rotated."
            )
        base = Signal(
            id=uuid.uuid4(),
            group_id=group.id,
            user_id=group.user_id,
            source=group.source,
            status=SignalStatus.REJECTED,
            received_at=now,
            raw_body=_raw_text(delivery.body),
            source_ip=delivery.source_ip,
        )
        try:
            parsed = await _admit(uow, deps, group, delivery, now)
        except (SignalRejected, MalformedPayload) as exc:
            rejected = replace(base, reason=exc.message, processing_ms=_elapsed_ms(started))
            await uow.signals.add(rejected, dedupe_key=None, payload_hash=_hash(delivery.body))
            _announce(uow, [rejected])
            await uow.commit()
            if isinstance(exc, MalformedPayload):
                raise SignalRejected(exc.message, code=exc.code, http_status=422) from exc
            raise
        outcome = await _log_signals(uow, group, base, parsed, delivery.body, now, started)
        _announce(uow, [*outcome.accepted, *outcome.duplicates])
        await uow.commit()
    return outcome


async def _admit(
    uow: UnitOfWork, deps: IntakeDeps, group: SignalGroup, delivery: Delivery, now: datetime
) -> list[ParsedSignal]:
    """Every check before a delivery becomes signals, cheapest first."""
    _check_source(group, delivery, deps)
    if not group.active:
        raise SignalRejected(
            "This signal group is paused. Turn it on in Dalal to take signals again.",
            code="GROUP_INACTIVE",
            http_status=409,
        )
    try:
        control = await check_signal_intake(uow, user_id=group.user_id, group_id=group.id)
    except RiskRejected as exc:  # a panic or a breach: 423 Locked until a person acts
        raise SignalRejected(exc.message, code=exc.code, http_status=423) from exc
    if group.expires_on is not None and now.astimezone(IST).date() > group.expires_on:
        raise SignalRejected(
            f"This signal group expired on {group.expires_on}. Extend its expiry in Dalal.",
            code="GROUP_EXPIRED",
            http_status=410,
        )
    if group.rate_limit_per_minute and not await deps.rate_limiter.allow(
        str(group.id), group.rate_limit_per_minute
    ):
        raise SignalRejected(
            f"Over this group's limit of {group.rate_limit_per_minute} signals a minute; "
            "slow the alerts down or raise the limit.",
            code="RATE_LIMITED",
            http_status=429,
        )
    parsed = deps.parse(
        group.source,
        delivery.body,
        content_type=delivery.content_type,
        default_action=group.default_action,
    )
    if group.market_hours_only and not deps.calendar.is_open(now):
        raise SignalRejected(
            "The market is closed, and this group takes signals in market hours only.",
            code="MARKET_CLOSED",
            http_status=422,
        )
    await _check_daily_limit(uow, group, len(parsed), now)
    try:
        midnight = now.astimezone(IST).replace(hour=0, minute=0, second=0, microsecond=0)
        await check_group_signals(
            uow, control, group_id=group.id, incoming=len(parsed), since=midnight
        )
    except RiskRejected as exc:
        raise SignalRejected(exc.message, code=exc.code, http_status=429) from exc
    for signal in parsed:
        symbol = signal.symbol
        if not symbol or signal.instrument_token is not None or symbol in deps.known_symbols:
            continue
        if await uow.instruments.symbol_known(symbol):
            deps.known_symbols.add(symbol)
        else:
            raise SignalRejected(
                f"Unknown symbol '{signal.symbol}': it is neither a trading symbol nor "
                "an underlying in the instrument master. Check the alert's ticker.",
                code="UNKNOWN_SYMBOL",
                http_status=422,
            )
    return parsed


def _check_source(group: SignalGroup, delivery: Delivery, deps: IntakeDeps) -> None:
    if group.ip_allowlist and not _ip_allowed(delivery.source_ip, group.ip_allowlist):
        raise SignalRejected(
            f"Requests from {delivery.source_ip or 'an unknown address'} are not on this "
            "group's IP allow-list. Add the sender's address in Dalal.",
            code="IP_NOT_ALLOWED",
            http_status=403,
        )
    signed = group.require_signature or delivery.signature is not None
    if signed and not deps.verify_signature(group.secret, delivery.body, delivery.signature):
        raise SignalRejected(
            "The signature header is missing or does not match the body: sign the exact raw "
            "body with HMAC-SHA256 and the group's secret, as 'sha256=<hex>'.",
            code="BAD_SIGNATURE",
            http_status=401,
        )


def _ip_allowed(ip: str | None, allowlist: Sequence[str]) -> bool:
    if ip is None:
        return False
    try:
        address = ipaddress.ip_address(ip)
        return any(address in ipaddress.ip_network(net, strict=False) for net in allowlist)
    except ValueError:
        return False


async def _check_daily_limit(
    uow: UnitOfWork, group: SignalGroup, incoming: int, now: datetime
) -> None:
    if group.max_signals_per_day is None:
        return
    local = now.astimezone(IST)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    taken = await uow.signals.count_since(group.id, midnight)
    if taken + incoming > group.max_signals_per_day:
        raise SignalRejected(
            f"This group has taken {taken} of its {group.max_signals_per_day} signals today. "
            "Raise the daily limit in Dalal, or wait for tomorrow.",
            code="DAILY_LIMIT",
            http_status=429,
        )


def _announce(uow: UnitOfWork, signals: Sequence[Signal]) -> None:
    for signal in signals:
        uow.publish_after_commit(
            signals_channel(signal.user_id), signal_event(signal.id, signal.status)
        )


def _hash(body: bytes, index: int = 0) -> str:
    return hashlib.sha256(body + b"\x00" + str(index).encode()).hexdigest()


async def _log_signals(  # noqa: PLR0917 - a private step of receive_delivery
    uow: UnitOfWork,
    group: SignalGroup,
    base: Signal,
    parsed: Sequence[ParsedSignal],
    body: bytes,
    now: datetime,
    started: float,
) -> IntakeOutcome:
    accepted: list[Signal] = []
    duplicates: list[Signal] = []
    window_start = now - timedelta(seconds=group.dedupe_window_seconds)
    for index, item in enumerate(parsed):
        payload_hash = _hash(body, index)
        signal = replace(
            base,
            id=uuid.uuid4(),
            status=SignalStatus.ACCEPTED,
            unique_id=item.unique_id,
            action=item.action,
            symbol=item.symbol,
            parsed=item,
        )
        if item.unique_id is not None:
            key = f"id:{item.action.value}:{item.unique_id}"
            earlier = None
        else:
            key = f"h:{payload_hash}:{signal.id}"
            await uow.signals.lock_hash(group.id, payload_hash)
            earlier = await uow.signals.recent_with_hash(group.id, payload_hash, window_start)
        if earlier is None and await uow.signals.add(
            signal, dedupe_key=key, payload_hash=payload_hash
        ):
            accepted.append(signal)
            continue
        if earlier is None:
            earlier = await uow.signals.id_by_dedupe_key(group.id, key)
        duplicate = replace(
            signal,
            status=SignalStatus.DUPLICATE,
            duplicate_of=earlier,
            reason="duplicate: this signal was already received",
            processing_ms=_elapsed_ms(started),
        )
        await uow.signals.add(duplicate, dedupe_key=None, payload_hash=payload_hash)
        duplicates.append(duplicate)
    return IntakeOutcome(group=group, accepted=accepted, duplicates=duplicates)
