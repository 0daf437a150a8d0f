"""Position guards: stop-loss, target and trailing stop in points, percent or price; the trail
ratchets and never loosens; the first breach names its exit."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.domain.errors import InvalidInput
from dalal.domain.orders import Product
from dalal.domain.risk.guard import ExitKind, PositionGuard
from dalal.domain.risk.levels import Level, Offset, PositionStops, Trail, validate_stops

D = Decimal
PTS, PCT, PRICE = Offset.POINTS, Offset.PERCENT, Offset.PRICE


def guard(direction: int = 1, anchor: str = "100", **stops: object) -> PositionGuard:
    return PositionGuard.arm(
        account_id=uuid.UUID(int=1),
        token=1,
        product=Product.MIS,
        direction=direction,
        anchor=D(anchor),
        stops=PositionStops(**stops),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("direction", "stop", "target", "stop_price", "target_price"),
    [
        (1, Level(PTS, D("5")), Level(PTS, D("10")), "95", "110"),
        (-1, Level(PTS, D("5")), Level(PTS, D("10")), "105", "90"),
        (1, Level(PCT, D("2")), Level(PCT, D("3")), "98", "103"),
        (-1, Level(PCT, D("2")), Level(PCT, D("3")), "102", "97"),
        (1, Level(PRICE, D("97.5")), Level(PRICE, D("120")), "97.5", "120"),
        (-1, Level(PRICE, D("101")), Level(PRICE, D("80")), "101", "80"),
    ],
)
def test_stop_and_target_resolve_against_the_entry_in_points_percent_or_price(
    direction: int, stop: Level, target: Level, stop_price: str, target_price: str
) -> None:
    armed = guard(direction, stop_loss=stop, target=target)
    assert armed.stop_price == D(stop_price)
    assert armed.target_price == D(target_price)


@pytest.mark.parametrize(
    ("direction", "price", "expected"),
    [
        (1, "95.05", None),
        (1, "95", ExitKind.SL),
        (1, "80", ExitKind.SL),  # a gap far through the stop is still the stop
        (1, "110", ExitKind.TARGET),
        (1, "130", ExitKind.TARGET),
        (-1, "104.95", None),
        (-1, "105", ExitKind.SL),
        (-1, "90", ExitKind.TARGET),
    ],
)
def test_a_price_at_or_through_a_level_breaches_it(
    direction: int, price: str, expected: ExitKind | None
) -> None:
    armed = guard(direction, stop_loss=Level(PTS, D("5")), target=Level(PTS, D("10")))
    assert armed.breach(D(price)) is expected


def test_a_trailing_stop_ratchets_up_behind_a_long_and_never_loosens() -> None:
    armed = guard(1, trail=Trail(Level(PTS, D("5"))))
    assert armed.trail_stop == D("95")
    path = ["101", "104", "102", "99", "108", "100.5"]
    stops = []
    for price in path:
        armed = armed.ratchet(D(price))
        stops.append(armed.trail_stop)
    assert stops == [D("96"), D("99"), D("99"), D("99"), D("103"), D("103")]
    assert armed.breach(D("103")) is ExitKind.TSL


def test_a_trailing_stop_ratchets_down_behind_a_short() -> None:
    armed = guard(-1, trail=Trail(Level(PCT, D("1"))))
    for price in ("98", "99.5", "97", "100"):
        armed = armed.ratchet(D(price))
    assert armed.best == D("97")
    assert armed.trail_stop == D("97.97")  # 97 + 1% of 97
    assert armed.breach(D("97.97")) is ExitKind.TSL


def test_a_trail_step_moves_the_stop_only_in_whole_steps() -> None:
    armed = guard(1, trail=Trail(Level(PTS, D("5")), step=D("2")))
    moves = [(p, armed := armed.ratchet(D(p))) for p in ("101.5", "102", "103.9", "104")]
    assert [m.trail_stop for _, m in moves] == [D("95"), D("97"), D("97"), D("99")]


def test_a_trail_with_an_activation_level_waits_for_it() -> None:
    armed = guard(1, trail=Trail(Level(PTS, D("3")), activation=Level(PTS, D("4"))))
    assert armed.trail_stop is None
    armed = armed.ratchet(D("103.95"))
    assert armed.trail_stop is None
    assert armed.breach(D("90")) is None  # nothing armed yet: no stop to hit
    armed = armed.ratchet(D("104"))
    assert armed.trail_stop == D("101")


def test_the_tighter_of_the_stop_loss_and_the_trail_acts_and_names_the_exit() -> None:
    armed = guard(1, stop_loss=Level(PTS, D("2")), trail=Trail(Level(PTS, D("5"))))
    assert armed.effective_stop() == (D("98"), ExitKind.SL)
    armed = armed.ratchet(D("104"))
    assert armed.effective_stop() == (D("99"), ExitKind.TSL)
    assert armed.breach(D("99")) is ExitKind.TSL


@given(st.lists(st.decimals(min_value=50, max_value=150, places=2), min_size=1, max_size=60))
def test_a_trailing_stop_never_loosens_on_any_path(prices: list[Decimal]) -> None:
    for direction in (1, -1):
        armed = guard(direction, trail=Trail(Level(PCT, D("2")), step=D("0.5")))
        previous = armed.trail_stop
        for price in prices:
            armed = armed.ratchet(price)
            assert armed.trail_stop is not None
            assert previous is not None
            assert direction * (armed.trail_stop - previous) >= 0
            previous = armed.trail_stop


@pytest.mark.parametrize(
    ("stops", "field"),
    [
        (PositionStops(stop_loss=Level(PTS, D("0"))), "stopLoss"),
        (PositionStops(target=Level(PCT, D("100"))), "target"),
        (PositionStops(stop_loss=Level(PRICE, D("101"))), "stopLoss"),  # above a long's entry
        (PositionStops(target=Level(PRICE, D("99"))), "target"),  # below a long's entry
        (PositionStops(trail=Trail(Level(PRICE, D("95")))), "trailingStop"),
        (PositionStops(trail=Trail(Level(PTS, D("5")), step=D("0"))), "trailStep"),
    ],
)
def test_impossible_levels_are_refused_naming_the_field(stops: PositionStops, field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        validate_stops(stops, anchor=D("100"), direction=1)
    assert raised.value.field == field
