"""Allocation: target accounts, lots by multiplier, and the result of a round trip."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.domain.accounts import Account
from dalal.domain.algos import TargetMode, Targets
from dalal.domain.allocation import (
    AllocationPlan,
    SkippedAccount,
    allocation_pnl,
    lots_for,
    plan_allocations,
    round_trip,
    select_accounts,
)
from dalal.domain.errors import InvalidInput
from dalal.domain.orders import Side

D = Decimal
AT = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
USER = uuid.UUID(int=1)


def account(
    number: int,
    multiplier: str = "1",
    tags: tuple[str, ...] = (),
    *,
    archived: bool = False,
) -> Account:
    return Account(
        id=uuid.UUID(int=number),
        user_id=USER,
        label=f"Account {number}",
        capital=D("1000000"),
        multiplier=D(multiplier),
        tags=tags,
        charges_template="zerodha",
        created_at=AT,
        archived_at=AT if archived else None,
    )


ALPHA = account(0xA0, tags=("swing", "fno"))
BETA = account(0xB0, tags=("fno",))
GAMMA = account(0xC0, tags=("swing",))
OLD = account(0x10, tags=("swing",), archived=True)
ACCOUNTS = [GAMMA, OLD, BETA, ALPHA]


def ids(accounts: list[Account]) -> list[uuid.UUID]:
    return [a.id for a in accounts]


# --- target accounts ------------------------------------------------------------------------


def test_all_targets_every_active_account_sorted_by_id() -> None:
    assert ids(select_accounts(Targets(), ACCOUNTS)) == ids([ALPHA, BETA, GAMMA])


def test_tag_targets_active_accounts_carrying_the_tag_whatever_its_case() -> None:
    chosen = select_accounts(Targets(TargetMode.TAG, tag=" Swing "), ACCOUNTS)
    assert ids(chosen) == ids([ALPHA, GAMMA])


def test_list_targets_the_listed_active_accounts_in_id_order_once_each() -> None:
    listed = (GAMMA.id, OLD.id, ALPHA.id, GAMMA.id, uuid.UUID(int=999))
    chosen = select_accounts(Targets(TargetMode.LIST, account_ids=listed), ACCOUNTS)
    assert ids(chosen) == ids([ALPHA, GAMMA])


def test_the_order_is_by_the_id_string_so_every_execution_locks_alike() -> None:
    accounts = [account(n) for n in (0x9, 0x10, 0xA)]
    assert [str(a.id)[-2:] for a in select_accounts(Targets(), accounts)] == ["09", "0a", "10"]


# --- lots by multiplier -----------------------------------------------------------------------


def test_lots_are_base_lots_times_the_multiplier_rounded_down() -> None:
    accounts = [account(1, "1"), account(2, "2.5"), account(3, "0.5"), account(4, "0.4")]
    planned, skipped = plan_allocations(accounts, base_lots=2, lot_size=65)
    assert planned == [
        AllocationPlan(uuid.UUID(int=1), 2, 130),
        AllocationPlan(uuid.UUID(int=2), 5, 325),
        AllocationPlan(uuid.UUID(int=3), 1, 65),
    ]
    assert skipped == [
        SkippedAccount(uuid.UUID(int=4), "multiplier 0.4 × 2 lots rounds down to 0 lots")
    ]


def test_the_skip_reason_prints_the_multiplier_tidily() -> None:
    _, skipped = plan_allocations([account(1, "0.50")], base_lots=1, lot_size=1)
    assert skipped[0].reason == "multiplier 0.5 × 1 lot rounds down to 0 lots"


def test_lots_are_exact_where_a_float_would_round_down_one_too_many() -> None:
    assert int(100 * 0.29) == 28  # what float arithmetic makes of 100 lots at 0.29
    assert lots_for(100, D("0.29")) == 29
    assert lots_for(7, D("1.000000000000000000000000000000001")) == 7  # beyond 28 digits
    assert lots_for(1, D("0.999999999999999999999999999999999")) == 0


def test_a_signal_must_trade_at_least_one_lot() -> None:
    with pytest.raises(InvalidInput, match="at least 1 lot") as caught:
        plan_allocations([ALPHA], base_lots=0, lot_size=65)
    assert caught.value.field == "quantity"


multipliers = st.decimals(min_value=D("0.01"), max_value=D("1000"), places=2)


@given(
    st.lists(multipliers, max_size=30),
    st.integers(1, 10_000),
    st.sampled_from([1, 15, 30, 35, 60, 65, 75, 120, 1800]),
)
def test_allocations_are_whole_lots_never_above_the_exact_share(
    factors: list[Decimal], base_lots: int, lot_size: int
) -> None:
    accounts = [account(n + 1, str(m)) for n, m in enumerate(factors)]
    planned, skipped = plan_allocations(accounts, base_lots=base_lots, lot_size=lot_size)
    by_id = {a.id: a for a in accounts}
    for plan in planned:
        assert plan.quantity == plan.lots * lot_size
        assert plan.quantity % lot_size == 0
        share = base_lots * by_id[plan.account_id].multiplier
        assert plan.lots <= share < plan.lots + 1
    for skip in skipped:
        assert base_lots * by_id[skip.account_id].multiplier < 1
    planned_ids = {p.account_id for p in planned}
    skipped_ids = {s.account_id for s in skipped}
    assert planned_ids.isdisjoint(skipped_ids)
    assert planned_ids | skipped_ids == set(by_id)
    assert len(planned) + len(skipped) == len(accounts)


# --- round trips ------------------------------------------------------------------------------


def test_a_long_round_trip_gains_when_the_price_rises() -> None:
    trade = round_trip(Side.BUY, D("100.05"), D("112.40"), 130, AT, AT + timedelta(minutes=95))
    assert (trade.pnl, trade.pnl_pct, trade.holding_seconds) == (D("1605.50"), D("12.34"), 5700)


def test_a_short_round_trip_gains_when_the_price_falls() -> None:
    trade = round_trip(Side.SELL, D("250"), D("240.25"), 65, AT, AT + timedelta(seconds=59.9))
    assert (trade.pnl, trade.pnl_pct, trade.holding_seconds) == (D("633.75"), D("3.90"), 59)


def test_pnl_percent_rounds_half_away_from_zero_to_two_places() -> None:
    trade = round_trip(Side.BUY, D("800"), D("800.10"), 1, AT, AT)
    assert trade.pnl_pct == D("0.01")  # 0.0125% → 0.01
    loss = round_trip(Side.BUY, D("200"), D("199.99"), 1, AT, AT)
    assert loss.pnl_pct == D("-0.01")  # -0.005% → -0.01


def test_net_pnl_deducts_both_legs_charges() -> None:
    net = allocation_pnl(
        Side.BUY, D("100"), D("110"), 75, entry_charges=D("21.40"), exit_charges=D("35.07")
    )
    assert net == D("693.53")


@pytest.mark.parametrize(
    ("quantity", "entry", "exit_", "exit_at"),
    [(0, "100", "101", AT), (1, "0", "1", AT), (1, "100", "101", AT - timedelta(seconds=1))],
)
def test_a_round_trip_refuses_impossible_inputs(
    quantity: int, entry: str, exit_: str, exit_at: datetime
) -> None:
    with pytest.raises(ValueError, match="round trip"):
        round_trip(Side.BUY, D(entry), D(exit_), quantity, AT, exit_at)


prices = st.decimals(min_value=D("0.05"), max_value=D("100000"), places=2)


@given(prices, prices, st.integers(1, 100_000), st.integers(0, 10**6))
def test_round_trip_pnl_is_antisymmetric_in_direction(
    entry: Decimal, exit_: Decimal, quantity: int, seconds: int
) -> None:
    exit_at = AT + timedelta(seconds=seconds)
    long = round_trip(Side.BUY, entry, exit_, quantity, AT, exit_at)
    short = round_trip(Side.SELL, entry, exit_, quantity, AT, exit_at)
    assert long.pnl == -short.pnl
    assert long.pnl_pct == -short.pnl_pct
    assert long.pnl == (exit_ - entry) * quantity  # two-decimal prices: exact to the paisa
    assert long.holding_seconds == short.holding_seconds == seconds
