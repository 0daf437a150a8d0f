"""Risk status: each scope's live figures against each of its limits, with the headroom left.

Every scope of the caller is listed (everything, each active account, and each strategy or
signal group with rules), so a limit can be set where none is yet. For a limit, ``current``
is the figure that moves toward it (the day's loss for a loss limit, the profit for a
target, the exposure, the open positions) and ``headroom`` is what is left before it acts
(negative once breached). Position guards are listed with their current levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dalal.domain.accounts import Account
from dalal.domain.instruments import Instrument
from dalal.domain.money import ZERO
from dalal.domain.risk.evaluation import ScopeNumbers, ScopeState
from dalal.domain.risk.guard import PositionGuard
from dalal.domain.risk.limits import RiskLimits, RiskScope, RuleKind, ScopeKind
from dalal.domain.risk.panic import Panic
from dalal.domain.risk.pretrade import ScopeControl
from dalal.domain.users import Principal
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork
from dalal.services.risk_books import combined, load_live_books, numbers_by_account
from dalal.services.risk_scopes import scope_numbers


@dataclass(frozen=True, slots=True)
class Headroom:
    rule: RuleKind
    limit: Decimal
    current: Decimal

    @property
    def headroom(self) -> Decimal:
        return self.limit - self.current

    @property
    def used(self) -> Decimal:
        """The share of the limit used, 0 to 1 (more once breached; 0 when in profit)."""
        if self.limit <= ZERO:
            return ZERO
        return max(ZERO, self.current / self.limit)


@dataclass(frozen=True, slots=True)
class ScopeStatus:
    scope: RiskScope
    label: str
    limits: RiskLimits | None
    state: ScopeState
    numbers: ScopeNumbers | None
    headroom: list[Headroom]
    panic: Panic | None


@dataclass(frozen=True, slots=True)
class GuardView:
    guard: PositionGuard
    instrument: Instrument
    account_label: str


@dataclass(frozen=True, slots=True)
class RiskStatus:
    scopes: list[ScopeStatus]
    panics: list[Panic]
    guards: list[GuardView]


def headroom_of(limits: RiskLimits, numbers: ScopeNumbers) -> list[Headroom]:
    rows: list[Headroom] = []
    pnl = numbers.day_pnl
    if pnl is not None:
        for rule, limit, current in (
            (RuleKind.DAILY_LOSS_LIMIT, limits.daily_loss_limit, -pnl),
            (RuleKind.MTM_STOP_LOSS, limits.mtm_stop_loss, -pnl),
            (RuleKind.DAILY_PROFIT_TARGET, limits.daily_profit_target, pnl),
            (RuleKind.MTM_TARGET, limits.mtm_target, pnl),
        ):
            if limit is not None:
                rows.append(Headroom(rule, limit, current))
    if limits.max_gross_exposure is not None:
        rows.append(
            Headroom(RuleKind.MAX_EXPOSURE, limits.max_gross_exposure, numbers.gross_exposure)
        )
    if limits.max_positions is not None:
        rows.append(
            Headroom(
                RuleKind.MAX_POSITIONS,
                Decimal(limits.max_positions),
                Decimal(numbers.open_positions),
            )
        )
    return rows


async def risk_status(uow: UnitOfWork, market: MarketDeps, *, principal: Principal) -> RiskStatus:
    user_id = principal.user.id
    day = market.calendar.trading_day(market.now())
    async with uow:
        accounts = await uow.accounts.list_for_user(user_id, include_archived=False)
        controls = {c.scope: c for c in await uow.risk.rules_for_user(user_id)}
        in_force = await uow.risk.active_panics(user_id)
        books = await load_live_books(uow, market, accounts)
        per_account = numbers_by_account(books, market)
        attributed = [
            (user_id, c)
            for c in controls.values()
            if c.scope.kind in (ScopeKind.GROUP, ScopeKind.STRATEGY)
        ]
        figures = await scope_numbers(uow, market, attributed) if attributed else {}
        groups = {str(g.id): g.name for g in await uow.signal_groups.list_for_user(user_id)}
        guards = await uow.risk.guards_for_accounts([a.id for a in accounts])
        instruments = await uow.instruments.get_many({g.token for g in guards})
    numbers: dict[RiskScope, ScopeNumbers] = {
        RiskScope.account(a): n for a, n in per_account.items()
    }
    numbers[RiskScope.everything()] = combined(per_account.values())
    numbers.update({scope: n for (_, scope), n in figures.items()})
    labels = _labels(accounts, groups)
    scopes = [RiskScope.everything(), *(RiskScope.account(a.id) for a in accounts)]
    scopes += [s for s in controls if s not in scopes]
    panics = {p.scope: p for p in in_force}
    statuses = [
        _status(
            scope, labels.get(scope, scope.id), controls.get(scope), numbers.get(scope), panics, day
        )
        for scope in scopes
    ]
    by_account = {a.id: a.label for a in accounts}
    views = [GuardView(g, instruments[g.token], by_account[g.account_id]) for g in guards]
    return RiskStatus(statuses, in_force, views)


def _labels(accounts: list[Account], groups: dict[str, str]) -> dict[RiskScope, str]:
    labels = {RiskScope.everything(): "Everything"}
    labels.update({RiskScope.account(a.id): a.label for a in accounts})
    labels.update({RiskScope(ScopeKind.GROUP, gid): name for gid, name in groups.items()})
    return labels


def _status(  # noqa: PLR0917 - a private helper of risk_status
    scope: RiskScope,
    label: str,
    control: ScopeControl | None,
    numbers: ScopeNumbers | None,
    panics: dict[RiskScope, Panic],
    day: date,
) -> ScopeStatus:
    state = control.state.on(day) if control is not None else ScopeState()
    rows = (
        headroom_of(control.limits, numbers) if control is not None and numbers is not None else []
    )
    return ScopeStatus(
        scope=scope,
        label=label if scope.kind is not ScopeKind.STRATEGY else f"Strategy {scope.id}",
        limits=control.limits if control is not None else None,
        state=state,
        numbers=numbers,
        headroom=rows,
        panic=panics.get(scope),
    )
