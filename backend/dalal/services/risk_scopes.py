"""Scope limits on every tick: everything, accounts, strategies and signal groups.

Each watched scope's live figures are computed (``risk_books`` for accounts and everything,
``risk_attribution`` for strategies and groups), its rules evaluated (``evaluate_scope``),
its new state saved, and its breach acted on in the same transaction: an alert is only an
event; a block is the state itself (the pre-trade check reads it); a square-off cancels the
scope's working orders and exits its positions with MARKET orders tagged RISK.

The auto square-off time closes MIS positions only under the CARRY rule (CNC and NRML may
be held overnight), and everything under FLATTEN.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from dalal.domain.accounts import Account
from dalal.domain.calendar import IST
from dalal.domain.orders import Product
from dalal.domain.risk.evaluation import Decision, ScopeNumbers, evaluate_scope
from dalal.domain.risk.events import RiskEvent, RiskEventKind
from dalal.domain.risk.limits import BreachAction, CarryRule, RiskScope, RuleKind, ScopeKind
from dalal.domain.risk.pretrade import ScopeControl
from dalal.domain.signal_executions import ExitReason
from dalal.engine.risk import LIMIT_SOURCE
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork
from dalal.services.risk_attribution import (
    close_group,
    close_strategy,
    group_numbers,
    strategy_numbers,
)
from dalal.services.risk_books import combined, load_live_books, numbers_by_account
from dalal.services.risk_exits import flatten_accounts, publish_flattened

Watched = tuple[uuid.UUID, ScopeControl]
EXIT_REASONS = {
    RuleKind.MTM_STOP_LOSS: ExitReason.SL,
    RuleKind.MTM_TARGET: ExitReason.TARGET,
    RuleKind.PROFIT_LOCK: ExitReason.TSL,
}
ACTION_WORDS = {
    BreachAction.ALERT: "Alert only.",
    BreachAction.BLOCK: "New entries are blocked for the rest of the day.",
    BreachAction.SQUARE_OFF: "Squared off; new entries are blocked.",
}


def watched(control: ScopeControl) -> bool:
    """Has a rule that the ticks can breach, or a time the clock reaches."""
    limits = control.limits
    fields: tuple[object, ...]
    if control.scope.kind in (ScopeKind.ALL, ScopeKind.ACCOUNT):
        fields = (
            limits.daily_loss_limit,
            limits.daily_profit_target,
            limits.max_gross_exposure,
            limits.square_off_at,
        )
    else:
        fields = (limits.mtm_stop_loss, limits.mtm_target, limits.profit_lock, limits.square_off_at)
    return any(f is not None for f in fields)


async def evaluate_scopes(uow: UnitOfWork, market: MarketDeps) -> list[RiskEvent]:
    now = market.now()
    day = market.calendar.trading_day(now)
    rules = [
        (user, control)
        for user, control in await uow.risk.all_rules(lock=True)
        if watched(control) and not _settled(control, day)
    ]
    if not rules:
        return []
    figures = await scope_numbers(uow, market, rules)
    clock = now.astimezone(IST).time()
    events: list[RiskEvent] = []
    states = []
    for user, control in rules:
        numbers = figures.get((user, control.scope))
        if numbers is None:
            continue
        limits = control.limits
        decision = evaluate_scope(
            control.scope.kind, limits, numbers, control.state, day=day, now=clock
        )
        if decision.state != control.state:
            states.append((user, control.scope, decision.state))
        if decision.breach is not None and decision.action is not None:
            events.append(await _act(uow, market, user, control, decision, numbers, now))
    await uow.risk.save_states(states, at=now)
    return events


def _settled(control: ScopeControl, day: object) -> bool:
    state = control.state
    return state.day == day and (state.squared_off or state.disabled)


async def scope_numbers(
    uow: UnitOfWork, market: MarketDeps, rules: Sequence[Watched]
) -> dict[tuple[uuid.UUID, RiskScope], ScopeNumbers]:
    """Live figures of each scope in ``rules`` (accounts in bulk, then each attribution)."""
    wanted_ids = {uuid.UUID(c.scope.id) for _, c in rules if c.scope.kind is ScopeKind.ACCOUNT}
    accounts: dict[uuid.UUID, Account] = dict(await uow.accounts.by_ids(wanted_ids))
    owners_all = {user for user, c in rules if c.scope.kind is ScopeKind.ALL}
    for user in sorted(owners_all, key=str):
        for account in await uow.accounts.list_for_user(user, include_archived=False):
            accounts[account.id] = account
    active = [a for a in accounts.values() if a.active]
    books = await load_live_books(uow, market, active, snapshot_missing=True)
    per_account = numbers_by_account(books, market)
    found: dict[tuple[uuid.UUID, RiskScope], ScopeNumbers] = {}
    for user, control in rules:
        scope = control.scope
        if scope.kind is ScopeKind.ACCOUNT:
            owned = accounts.get(uuid.UUID(scope.id))
            if owned is not None and owned.user_id == user and owned.id in per_account:
                found[(user, scope)] = per_account[owned.id]
        elif scope.kind is ScopeKind.ALL:
            mine = [n for a, n in per_account.items() if accounts[a].user_id == user]
            found[(user, scope)] = combined(mine)
        elif scope.kind is ScopeKind.GROUP:
            found[(user, scope)] = await group_numbers(uow, market, user, uuid.UUID(scope.id))
    strategies: dict[uuid.UUID, list[str]] = {}
    for user, control in rules:
        if control.scope.kind is ScopeKind.STRATEGY:
            strategies.setdefault(user, []).append(control.scope.id)
    for user, ids in strategies.items():
        for strategy, numbers in (await strategy_numbers(uow, market, user, ids)).items():
            found[(user, RiskScope(ScopeKind.STRATEGY, strategy))] = numbers
    return found


async def _act(  # noqa: PLR0917 - a private step of evaluate_scopes
    uow: UnitOfWork,
    market: MarketDeps,
    user: uuid.UUID,
    control: ScopeControl,
    decision: Decision,
    numbers: ScopeNumbers,
    now: datetime,
) -> RiskEvent:
    assert decision.breach is not None
    assert decision.action is not None
    detail: dict[str, object] = {
        "action": decision.action.value,
        "day_pnl": str(numbers.day_pnl) if numbers.day_pnl is not None else None,
        "gross_exposure": str(numbers.gross_exposure),
    }
    if decision.squares_off:
        detail.update(await square_off_scope(uow, market, user, control, decision.breach.rule))
    kind = RiskEventKind.ALERT if decision.action is BreachAction.ALERT else RiskEventKind.BREACH
    message = f"{decision.breach.message} {ACTION_WORDS[decision.action]}"
    return RiskEvent(user, now, kind, control.scope, message, decision.breach.rule, detail)


async def square_off_scope(
    uow: UnitOfWork, market: MarketDeps, user: uuid.UUID, control: ScopeControl, rule: RuleKind
) -> dict[str, object]:
    scope, now = control.scope, market.now()
    if scope.kind is ScopeKind.GROUP:
        reason = EXIT_REASONS.get(rule, ExitReason.SQUARE_OFF)
        closed = await close_group(
            uow,
            market,
            user_id=user,
            group_id=uuid.UUID(scope.id),
            reason=reason,
            source=LIMIT_SOURCE,
        )
        return {"exits": closed}
    if scope.kind is ScopeKind.STRATEGY:
        booked = await close_strategy(
            uow, market, user_id=user, strategy_id=scope.id, source=LIMIT_SOURCE, at=now
        )
        return {"exits": len(booked.orders)}
    if scope.kind is ScopeKind.ALL:
        mine = await uow.accounts.list_for_user(user, include_archived=False)
    else:
        found = await uow.accounts.by_ids([uuid.UUID(scope.id)])
        mine = [a for a in found.values() if a.user_id == user]
    accounts = {a.id: a for a in mine}
    intraday_only = rule is RuleKind.SQUARE_OFF_TIME and control.limits.carry is CarryRule.CARRY
    flattened = await flatten_accounts(
        uow,
        market,
        accounts,
        source=LIMIT_SOURCE,
        reason=f"cancelled by risk: {rule.value.replace('_', ' ').lower()}",
        at=now,
        closes=(lambda p: p is Product.MIS) if intraday_only else (lambda _: True),
    )
    publish_flattened(uow, accounts, flattened)
    return {"cancelled": len(flattened.cancelled), "exits": flattened.exits}
