"""Signal-group rules checked per signal: max signals a day (at intake) and max open
positions (before an entry executes). Windows, panics and limits per order are checked by
the fan-out's pre-trade gate; a disabled group and panics also at intake."""

from __future__ import annotations

import uuid
from datetime import datetime

from dalal.domain.risk.limits import RiskScope, RuleKind, ScopeKind
from dalal.domain.risk.pretrade import RiskRejected, ScopeControl
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork
from dalal.services.risk_attribution import group_numbers


async def check_group_signals(
    uow: UnitOfWork,
    control: ScopeControl | None,
    *,
    group_id: uuid.UUID,
    incoming: int,
    since: datetime,
) -> None:
    """Refuse ``incoming`` signals that would take the group past ``control``'s daily cap
    (``control`` is the group's risk rule, already read by the caller)."""
    scope = RiskScope(ScopeKind.GROUP, str(group_id))
    cap = control.limits.max_signals_per_day if control is not None else None
    if cap is None:
        return
    taken = await uow.signals.count_since(group_id, since)
    if taken + incoming > cap:
        raise RiskRejected(
            f"MAX_SIGNALS_PER_DAY: this group's risk rule allows {cap} signals a day and "
            f"{taken} came today.",
            rule=RuleKind.MAX_SIGNALS_PER_DAY,
            scope=scope,
        )


async def check_group_entry(
    uow: UnitOfWork, market: MarketDeps, *, user_id: uuid.UUID, group_id: uuid.UUID
) -> None:
    """Refuse an entry while the group holds its max open positions."""
    scope = RiskScope(ScopeKind.GROUP, str(group_id))
    control = await uow.risk.rule(user_id, scope)
    most = control.limits.max_positions if control is not None else None
    if most is None:
        return
    held = (await group_numbers(uow, market, user_id, group_id)).open_positions
    if held >= most:
        raise RiskRejected(
            f"MAX_POSITIONS: this group holds {held} open positions, its most ({most}); "
            "exit one first.",
            rule=RuleKind.MAX_POSITIONS,
            scope=scope,
        )
