"""Panic buttons: press one to stop a strategy, a signal group, an account or everything.

Pressing cancels every working order in scope and squares off every position in scope with
MARKET exits tagged PANIC, in one transaction that also records the panic, an audit event
(who and why) and a risk event. Once it commits, new orders and signals in scope are refused
with the rule PANIC (see ``pretrade`` and the signal intake) until a person re-arms it; there
is no automatic reset. Pressing again while in force squares off anything left; re-arming
needs a reason too, and is audited the same way.

A press may meet a matching pass that holds the same rows in the other order; the database
then aborts one of the two, and a panic that lost is simply run again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from dalal.domain.accounts import Account
from dalal.domain.audit import AuditKind
from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.order_book import Cancelled
from dalal.domain.risk.events import RiskEvent, RiskEventKind
from dalal.domain.risk.limits import RiskScope, RuleKind, ScopeKind
from dalal.domain.risk.panic import PANIC_SOURCE, Panic
from dalal.domain.signal_executions import ExitReason
from dalal.domain.users import Principal
from dalal.services.audit import event_for, record_event
from dalal.services.booking import Booked
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork
from dalal.services.risk_attribution import close_group, close_strategy
from dalal.services.risk_exits import (
    Flattened,
    flatten_accounts,
    publish_flattened,
    record_risk_events,
)

PANIC_CANCEL_REASON = "cancelled by a panic"
REASON_MAX_LENGTH = 256
ATTEMPTS = 3
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock, serialization failure


class PanicNotInForce(NotFound):
    code = "PANIC_NOT_IN_FORCE"


@dataclass(frozen=True, slots=True)
class PanicOutcome:
    panic: Panic
    cancelled: int
    exits: int
    already_in_force: bool = False


def stated_reason(raw: str, field: str = "reason") -> str:
    reason = " ".join(raw.split())
    if not reason:
        raise InvalidInput("Say why, in a few words: it goes in the audit log.", field=field)
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput(f"Keep the reason to {REASON_MAX_LENGTH} characters.", field=field)
    return reason


async def scope_accounts(
    uow: UnitOfWork, principal: Principal, scope: RiskScope
) -> dict[uuid.UUID, Account]:
    """The accounts a scope's panic or breach flattens; checks the scope is the caller's."""
    user_id = principal.user.id
    if scope.kind is ScopeKind.ALL:
        return {a.id: a for a in await uow.accounts.list_for_user(user_id, include_archived=False)}
    if scope.kind is ScopeKind.ACCOUNT:
        account = await uow.accounts.get_owned(_uuid(scope.id), user_id)
        if account is None:
            raise NotFound("No such account among yours.")
        return {account.id: account}
    if scope.kind is ScopeKind.GROUP:
        group = await uow.signal_groups.get_owned(_uuid(scope.id), user_id)
        if group is None:
            raise NotFound("No such signal group among yours.")
        return {}
    if not scope.id or len(scope.id) > 64:
        raise InvalidInput("Name the strategy by its id.", field="scopeId")
    return {}


def _uuid(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise NotFound("Nothing of yours has that id.") from None


async def press_panic(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    principal: Principal,
    scope: RiskScope,
    reason: str,
    ip: str | None = None,
) -> PanicOutcome:
    why = stated_reason(reason)
    for attempt in range(ATTEMPTS):
        try:
            return await _press(uow, market, principal, scope, why, ip)
        except Exception as exc:
            if attempt + 1 == ATTEMPTS or not _retryable(exc):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _press(  # noqa: PLR0917 - the body of press_panic, retried whole
    uow: UnitOfWork,
    market: MarketDeps,
    principal: Principal,
    scope: RiskScope,
    reason: str,
    ip: str | None,
) -> PanicOutcome:
    now = market.now()
    user = principal.user
    async with uow:
        accounts = await scope_accounts(uow, principal, scope)
        panic = Panic(uuid.uuid4(), user.id, scope, reason, now, user.username)
        added = await uow.risk.add_panic(panic)
        if not added:
            panic = next(p for p in await uow.risk.active_panics(user.id) if p.scope == scope)
        cancelled, exits = await stop_scope(uow, market, user.id, scope, accounts)
        summary = {"cancelled": cancelled, "exits": exits, "already_in_force": not added}
        await record_event(
            uow,
            event_for(
                AuditKind.PANIC_PRESSED,
                at=now,
                actor=user,
                ip=ip,
                scope=scope.kind.value,
                scope_id=scope.id,
                reason=reason,
                cancelled=cancelled,
                exits=exits,
                already_in_force=not added,
            ),
        )
        message = (
            f"Panic pressed by {user.username}: {reason}. Cancelled {cancelled} orders, "
            f"placed {exits} exits."
        )
        await record_risk_events(
            uow,
            [RiskEvent(user.id, now, RiskEventKind.PANIC, scope, message, RuleKind.PANIC, summary)],
        )
        await uow.commit()
    return PanicOutcome(panic, cancelled, exits, already_in_force=not added)


async def stop_scope(
    uow: UnitOfWork,
    market: MarketDeps,
    user_id: uuid.UUID,
    scope: RiskScope,
    accounts: dict[uuid.UUID, Account],
) -> tuple[int, int]:
    """Cancel and square off what the scope covers: (orders cancelled, exits placed)."""
    now = market.now()
    if scope.kind in (ScopeKind.ALL, ScopeKind.ACCOUNT):
        flattened = await flatten_accounts(
            uow, market, accounts, source=PANIC_SOURCE, reason=PANIC_CANCEL_REASON, at=now
        )
        publish_flattened(uow, accounts, flattened)
        return len(flattened.cancelled), flattened.exits
    if scope.kind is ScopeKind.GROUP:
        closed = await close_group(
            uow,
            market,
            user_id=user_id,
            group_id=uuid.UUID(scope.id),
            reason=ExitReason.PANIC,
            source=PANIC_SOURCE,
        )
        return 0, closed
    mine = await uow.accounts.list_for_user(user_id, include_archived=False)
    working = await uow.risk.working_orders([a.id for a in mine], lock=True)
    source = f"strategy:{scope.id}"
    cancelled = [
        o.apply(Cancelled(PANIC_CANCEL_REASON, now)) for o in working if o.triggered_by == source
    ]
    await uow.orders.save_many(cancelled)
    publish_flattened(uow, {a.id: a for a in mine}, Flattened(cancelled, Booked([], [], [])))
    booked = await close_strategy(
        uow, market, user_id=user_id, strategy_id=scope.id, source=PANIC_SOURCE, at=now
    )
    return len(cancelled), len(booked.orders)


async def rearm_panic(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    principal: Principal,
    scope: RiskScope,
    reason: str,
    ip: str | None = None,
) -> Panic:
    """Lift a panic in force; the scope trades again. Audited with who and why."""
    why = stated_reason(reason)
    now = market.now()
    user = principal.user
    async with uow:
        await scope_accounts(uow, principal, scope)
        panic = await uow.risk.rearm(user.id, scope, at=now, by=user.username, reason=why)
        if panic is None:
            raise PanicNotInForce("No panic is in force there; nothing to re-arm.")
        detail = {"scope": scope.kind.value, "scope_id": scope.id, "reason": why}
        await record_event(
            uow, event_for(AuditKind.PANIC_REARMED, at=now, actor=user, ip=ip, **detail)
        )
        message = f"Re-armed by {user.username}: {why}."
        await record_risk_events(
            uow, [RiskEvent(user.id, now, RiskEventKind.REARM, scope, message, RuleKind.PANIC)]
        )
        await uow.commit()
    return panic


def _retryable(exc: BaseException) -> bool:
    """A deadlock or serialization failure anywhere in the chain (the database's verdict)."""
    seen: BaseException | None = exc
    while seen is not None:
        for candidate in (seen, getattr(seen, "orig", None)):
            if getattr(candidate, "sqlstate", None) in RETRYABLE_SQLSTATES:
                return True
            if getattr(candidate, "pgcode", None) in RETRYABLE_SQLSTATES:
                return True
        seen = seen.__cause__
    return False


async def reassert_panics(uow: UnitOfWork, market: MarketDeps) -> int:
    """On start, before orders are taken: every panic in force squares off anything in its
    scope again (nothing, unless a fill slipped in); exits without a quote wait, OPEN, for
    the first one. Returns how many panics are in force."""
    async with uow:
        panics = await uow.risk.active_panics(None)
        for panic in panics:
            accounts: dict[uuid.UUID, Account] = {}
            if panic.scope.kind is ScopeKind.ALL:
                mine = await uow.accounts.list_for_user(panic.user_id, include_archived=False)
                accounts = {a.id: a for a in mine}
            elif panic.scope.kind is ScopeKind.ACCOUNT:
                found = await uow.accounts.by_ids([_uuid(panic.scope.id)])
                accounts = {a.id: a for a in found.values() if a.user_id == panic.user_id}
            await stop_scope(uow, market, panic.user_id, panic.scope, accounts)
        await uow.commit()
    return len(panics)
