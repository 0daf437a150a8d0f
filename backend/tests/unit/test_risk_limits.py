"""Scope limits on every tick: daily loss and profit, MTM stop and target, the profit lock,
exposure and the auto square-off time; each breach acts once a day, with the scope's action."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from dalal.domain.errors import InvalidInput
from dalal.domain.risk.evaluation import ScopeNumbers, ScopeState, evaluate_scope
from dalal.domain.risk.levels import Level, Offset, PositionStops
from dalal.domain.risk.limits import (
    BreachAction,
    CarryRule,
    ProfitLock,
    RiskLimits,
    RuleKind,
    ScopeKind,
    Window,
    validate_limits,
)

D = Decimal
DAY = date(2026, 11, 26)
NOON = time(12, 0)
ACCOUNT, GROUP = ScopeKind.ACCOUNT, ScopeKind.GROUP


def numbers(pnl: str | None, exposure: str = "0") -> ScopeNumbers:
    return ScopeNumbers(day_pnl=D(pnl) if pnl is not None else None, gross_exposure=D(exposure))


@pytest.mark.parametrize(
    ("kind", "limits", "figures", "rule"),
    [
        (ACCOUNT, RiskLimits(daily_loss_limit=D("1000")), numbers("-999.99"), None),
        (
            ACCOUNT,
            RiskLimits(daily_loss_limit=D("1000")),
            numbers("-1000"),
            RuleKind.DAILY_LOSS_LIMIT,
        ),
        (
            ACCOUNT,
            RiskLimits(daily_profit_target=D("500")),
            numbers("500"),
            RuleKind.DAILY_PROFIT_TARGET,
        ),
        (ACCOUNT, RiskLimits(daily_loss_limit=D("1000")), numbers(None), None),  # unknown P&L
        (
            ACCOUNT,
            RiskLimits(max_gross_exposure=D("1e5")),
            numbers("0", "100000.01"),
            RuleKind.MAX_EXPOSURE,
        ),
        (GROUP, RiskLimits(mtm_stop_loss=D("300")), numbers("-300"), RuleKind.MTM_STOP_LOSS),
        (GROUP, RiskLimits(mtm_target=D("800")), numbers("801"), RuleKind.MTM_TARGET),
        (ACCOUNT, RiskLimits(square_off_at=time(15, 0)), numbers("0"), None),
    ],
)
def test_each_limit_breaches_at_its_level(
    kind: ScopeKind, limits: RiskLimits, figures: ScopeNumbers, rule: RuleKind | None
) -> None:
    decision = evaluate_scope(kind, limits, figures, ScopeState(), day=DAY, now=NOON)
    assert (decision.breach.rule if decision.breach else None) is rule


@pytest.mark.parametrize(
    ("action", "blocked", "squares_off"),
    [
        (BreachAction.ALERT, False, False),
        (BreachAction.BLOCK, True, False),
        (BreachAction.SQUARE_OFF, True, True),
    ],
)
def test_a_breach_acts_once_with_the_configured_action(
    action: BreachAction, blocked: bool, squares_off: bool
) -> None:
    limits = RiskLimits(daily_loss_limit=D("1000"), on_breach=action)
    first = evaluate_scope(ACCOUNT, limits, numbers("-1500"), ScopeState(), day=DAY, now=NOON)
    assert first.action is action
    assert first.state.blocked is blocked
    assert first.squares_off is squares_off
    again = evaluate_scope(ACCOUNT, limits, numbers("-1600"), first.state, day=DAY, now=NOON)
    assert again.action is None  # a burst of ticks past the limit acts once


def test_a_strategy_or_group_breach_always_squares_off_and_disables_until_re_enabled() -> None:
    limits = RiskLimits(mtm_stop_loss=D("300"), on_breach=BreachAction.ALERT)
    decision = evaluate_scope(GROUP, limits, numbers("-301"), ScopeState(), day=DAY, now=NOON)
    assert decision.action is BreachAction.SQUARE_OFF
    assert decision.state.disabled
    tomorrow = evaluate_scope(
        GROUP, limits, numbers("0"), decision.state, day=date(2026, 11, 27), now=NOON
    )
    assert tomorrow.state.disabled
    assert tomorrow.state.breached is None


def test_a_new_day_clears_the_day_s_breach_of_an_account() -> None:
    limits = RiskLimits(daily_loss_limit=D("1000"))
    breached = evaluate_scope(ACCOUNT, limits, numbers("-1000"), ScopeState(), day=DAY, now=NOON)
    assert breached.state.blocked
    next_day = evaluate_scope(
        ACCOUNT, limits, numbers("0"), breached.state, day=date(2026, 11, 27), now=NOON
    )
    assert not next_day.state.blocked
    assert next_day.action is None


def test_the_profit_lock_trails_the_day_s_peak_and_squares_off_at_the_floor() -> None:
    lock = ProfitLock(activate_at=D("1000"), lock=D("400"), step=D("500"), step_lock=D("300"))
    limits = RiskLimits(profit_lock=lock)
    state = ScopeState()
    for pnl in ("900", "1600", "2100", "1200"):  # peak 2100: floor 400 + 2 × 300 = 1000
        decision = evaluate_scope(GROUP, limits, numbers(pnl), state, day=DAY, now=NOON)
        assert decision.action is None
        state = decision.state
    decision = evaluate_scope(GROUP, limits, numbers("1000"), state, day=DAY, now=NOON)
    assert decision.breach is not None
    assert decision.breach.rule is RuleKind.PROFIT_LOCK


def test_the_auto_square_off_time_flattens_once() -> None:
    limits = RiskLimits(square_off_at=time(15, 0))
    before = evaluate_scope(ACCOUNT, limits, numbers("0"), ScopeState(), day=DAY, now=time(14, 59))
    assert before.action is None
    at = evaluate_scope(ACCOUNT, limits, numbers("0"), before.state, day=DAY, now=time(15, 0))
    assert at.action is BreachAction.SQUARE_OFF
    assert at.breach is not None
    assert at.breach.rule is RuleKind.SQUARE_OFF_TIME
    later = evaluate_scope(ACCOUNT, limits, numbers("0"), at.state, day=DAY, now=time(15, 5))
    assert later.action is None


@pytest.mark.parametrize(
    ("kind", "limits", "field"),
    [
        (ACCOUNT, RiskLimits(daily_loss_limit=D("0")), "dailyLossLimit"),
        (ACCOUNT, RiskLimits(mtm_stop_loss=D("100")), "mtmStopLoss"),
        (GROUP, RiskLimits(daily_loss_limit=D("100")), "dailyLossLimit"),
        (ACCOUNT, RiskLimits(carry=CarryRule.FLATTEN), "squareOffAt"),
        (GROUP, RiskLimits(entry_window=Window(time(15, 0), time(9, 30))), "entryWindow"),
        (GROUP, RiskLimits(profit_lock=ProfitLock(D("100"), D("200"))), "profitLock"),
        (
            GROUP,
            RiskLimits(position_stops=PositionStops(stop_loss=Level(Offset.PERCENT, D("120")))),
            "stopLoss",
        ),
    ],
)
def test_limits_a_scope_cannot_take_are_refused_naming_the_field(
    kind: ScopeKind, limits: RiskLimits, field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        validate_limits(kind, limits)
    assert raised.value.field == field
