"""The risk part of the pre-trade checks: panics, fat fingers, size limits, blocks and live
limits on entries; exits always pass but a panic."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from dalal.domain.risk.evaluation import ScopeNumbers, ScopeState
from dalal.domain.risk.limits import RiskLimits, RiskScope, RuleKind, ScopeKind, Window
from dalal.domain.risk.panic import OrderOrigin, Panic
from dalal.domain.risk.pretrade import (
    FatFingerLimits,
    OrderRisk,
    RiskGate,
    RiskRejected,
    ScopeControl,
    check_order_risk,
)

D = Decimal
DAY = date(2026, 11, 26)
ACCOUNT = uuid.UUID(int=5)
ACCOUNT_SCOPE = RiskScope(ScopeKind.ACCOUNT, str(ACCOUNT))
GROUP_SCOPE = RiskScope(ScopeKind.GROUP, "g1")
MANUAL = OrderOrigin(ACCOUNT)
FROM_GROUP = OrderOrigin(ACCOUNT, group_id="g1")


def order(
    quantity: int = 10,
    value: str = "1000",
    *,
    opening: int | None = None,
    origin: OrderOrigin = MANUAL,
    opens_position: bool = True,
    derivative: bool = False,
) -> OrderRisk:
    return OrderRisk(
        origin=origin,
        quantity=quantity,
        lots=quantity,
        derivative=derivative,
        value=D(value),
        opening=quantity if opening is None else opening,
        opens_position=opens_position,
    )


def panic(scope: RiskScope, *, rearmed: bool = False) -> Panic:
    at = datetime(2026, 11, 26, 5, tzinfo=UTC)
    return Panic(
        id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        scope=scope,
        reason="feed looks wrong",
        pressed_at=at,
        pressed_by="ravi",
        rearmed_at=at if rearmed else None,
    )


def gate(
    scope: RiskScope = ACCOUNT_SCOPE, state: ScopeState | None = None, **limits: object
) -> RiskGate:
    control = ScopeControl(scope, RiskLimits(**limits), state or ScopeState(day=DAY))  # type: ignore[arg-type]
    return RiskGate(controls={scope: control})


LIVE = {ACCOUNT_SCOPE: ScopeNumbers(day_pnl=D("-400"), gross_exposure=D("9000"), open_positions=2)}
BLOCKED = ScopeState(day=DAY, breached=RuleKind.DAILY_LOSS_LIMIT, blocked=True)


@pytest.mark.parametrize(
    ("the_gate", "the_order", "rule"),
    [
        (RiskGate(panics=[panic(RiskScope.everything())]), order(), RuleKind.PANIC),
        (RiskGate(panics=[panic(ACCOUNT_SCOPE)]), order(opening=0), RuleKind.PANIC),  # exits too
        (RiskGate(panics=[panic(GROUP_SCOPE)]), order(origin=FROM_GROUP), RuleKind.PANIC),
        (RiskGate(panics=[panic(GROUP_SCOPE)]), order(), None),  # a manual order: not in scope
        (RiskGate(panics=[panic(RiskScope.everything(), rearmed=True)]), order(), None),
        (RiskGate(fat_finger=FatFingerLimits(max_order_shares=5)), order(6), RuleKind.FAT_FINGER),
        (
            RiskGate(fat_finger=FatFingerLimits(max_order_value=D("999"))),
            order(),
            RuleKind.FAT_FINGER,
        ),
        (gate(max_order_quantity=9), order(10, opening=0), RuleKind.MAX_ORDER_QUANTITY),
        (gate(max_order_value=D("999.99")), order(), RuleKind.MAX_ORDER_VALUE),
        (gate(state=BLOCKED), order(), RuleKind.DAILY_LOSS_LIMIT),
        (gate(state=BLOCKED), order(opening=0), None),  # exits are still allowed
        (gate(daily_loss_limit=D("400")), order(), RuleKind.DAILY_LOSS_LIMIT),
        (gate(daily_loss_limit=D("401")), order(), None),
        (gate(daily_profit_target=D("1")), order(), None),
        (gate(max_gross_exposure=D("9999")), order(), RuleKind.MAX_EXPOSURE),
        (gate(max_gross_exposure=D("10000")), order(), None),
        (gate(max_positions=2), order(), RuleKind.MAX_POSITIONS),
        (gate(max_positions=2), order(opens_position=False), None),  # adds to an open one
        (gate(square_off_at=time(11, 0)), order(), RuleKind.SQUARE_OFF_TIME),
        (
            gate(GROUP_SCOPE, entry_window=Window(time(9, 30), time(11, 0))),
            order(origin=FROM_GROUP),
            RuleKind.ENTRY_WINDOW,
        ),
        (
            gate(GROUP_SCOPE, exit_window=Window(time(9, 30), time(11, 0))),
            order(origin=FROM_GROUP, opening=0),
            RuleKind.EXIT_WINDOW,
        ),
        (
            gate(GROUP_SCOPE, state=ScopeState(day=DAY, disabled=True)),
            order(origin=FROM_GROUP),
            RuleKind.DISABLED,
        ),
    ],
)
def test_each_pre_trade_rule_rejects_with_its_reason(
    the_gate: RiskGate, the_order: OrderRisk, rule: RuleKind | None
) -> None:
    if rule is None:
        check_order_risk(the_gate, the_order, LIVE, day=DAY, now=time(12, 0))
        return
    with pytest.raises(RiskRejected) as raised:
        check_order_risk(the_gate, the_order, LIVE, day=DAY, now=time(12, 0))
    assert raised.value.rule is rule
    assert raised.value.code == rule.value
    assert raised.value.message  # a sentence a trader can act on


def test_a_panic_rejection_says_who_pressed_it_and_why() -> None:
    with pytest.raises(RiskRejected) as raised:
        check_order_risk(
            RiskGate(panics=[panic(RiskScope.everything())]), order(), {}, day=DAY, now=time(12, 0)
        )
    assert "ravi" in raised.value.message
    assert "feed looks wrong" in raised.value.message
    assert raised.value.scope == RiskScope.everything()


def test_yesterday_s_block_does_not_carry_into_today() -> None:
    stale = ScopeState(day=date(2026, 11, 25), breached=RuleKind.DAILY_LOSS_LIMIT, blocked=True)
    check_order_risk(gate(state=stale), order(), {}, day=DAY, now=time(12, 0))
