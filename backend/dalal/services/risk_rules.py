"""Setting and reading risk rules: each scope's limits, re-enabling a scope, the history.

Every use case checks that the scope is the caller's (an account or signal group of theirs;
strategies are named by id and only ever match the caller's own orders). Limits take effect
at once: the next order is checked against them and the next tick evaluates them. Changing
limits keeps the scope's state (a day's breach stays breached); re-enabling clears it.
"""

from __future__ import annotations

from dataclasses import replace

from dalal.domain.audit import AuditKind
from dalal.domain.errors import NotFound
from dalal.domain.risk.evaluation import ScopeState
from dalal.domain.risk.events import RiskEvent, RiskEventKind
from dalal.domain.risk.limits import RiskLimits, RiskScope, validate_limits
from dalal.domain.risk.panic import Panic
from dalal.domain.risk.pretrade import ScopeControl
from dalal.domain.users import Principal
from dalal.services.audit import event_for, record_event
from dalal.services.market import MarketDeps
from dalal.services.panic import scope_accounts, stated_reason
from dalal.services.ports import UnitOfWork
from dalal.services.risk_exits import record_risk_events


async def set_risk_limits(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    principal: Principal,
    scope: RiskScope,
    limits: RiskLimits,
) -> ScopeControl:
    validate_limits(scope.kind, limits)
    user_id = principal.user.id
    async with uow:
        await scope_accounts(uow, principal, scope)
        existing = await uow.risk.rule(user_id, scope, lock=True)
        control = ScopeControl(scope, limits, existing.state if existing else ScopeState())
        await uow.risk.save_rule(user_id, control, at=market.now())
        await uow.commit()
    return control


async def clear_risk_limits(
    uow: UnitOfWork, market: MarketDeps, *, principal: Principal, scope: RiskScope
) -> bool:
    """Remove a scope's limits (and state); False when it had none."""
    async with uow:
        await scope_accounts(uow, principal, scope)
        removed = await uow.risk.delete_rule(principal.user.id, scope)
        await uow.commit()
    return removed


async def reenable_scope(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    principal: Principal,
    scope: RiskScope,
    reason: str,
    ip: str | None = None,
) -> ScopeControl:
    """Lift a breach's block, or a strategy's or group's disabling, for the rest of the day.

    The day's figures stay as they are: a limit still breached acts again on the next tick."""
    why = stated_reason(reason)
    now = market.now()
    user = principal.user
    async with uow:
        await scope_accounts(uow, principal, scope)
        existing = await uow.risk.rule(user.id, scope, lock=True)
        if existing is None:
            raise NotFound("This scope has no risk rules; there is nothing to re-enable.")
        state = replace(
            existing.state, breached=None, blocked=False, squared_off=False, disabled=False
        )
        control = replace(existing, state=state)
        await uow.risk.save_states([(user.id, scope, state)], at=now)
        await record_event(
            uow,
            event_for(
                AuditKind.RISK_SCOPE_ENABLED,
                at=now,
                actor=user,
                ip=ip,
                scope=scope.kind.value,
                scope_id=scope.id,
                reason=why,
            ),
        )
        message = f"Re-enabled by {user.username}: {why}."
        await record_risk_events(
            uow, [RiskEvent(user.id, now, RiskEventKind.ENABLED, scope, message)]
        )
        await uow.commit()
    return control


async def risk_rules(uow: UnitOfWork, *, principal: Principal) -> list[ScopeControl]:
    async with uow:
        return await uow.risk.rules_for_user(principal.user.id)


async def risk_events(
    uow: UnitOfWork, *, principal: Principal, before_id: int | None, limit: int
) -> list[RiskEvent]:
    async with uow:
        return await uow.risk.events_for_user(principal.user.id, before_id=before_id, limit=limit)


async def panics(
    uow: UnitOfWork, *, principal: Principal, active_only: bool, limit: int
) -> list[Panic]:
    async with uow:
        if active_only:
            return await uow.risk.active_panics(principal.user.id)
        return await uow.risk.panics_for_user(principal.user.id, limit=limit)
