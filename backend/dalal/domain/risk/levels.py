"""How a trader writes a stop-loss, a target or a trailing stop.

A ``Level`` is a distance from a reference price in points or percent, or an absolute price.
A position's stops are resolved against its *anchor* (the entry's average price when the
stops were set): for a long, the stop-loss lies below the anchor and the target above; for a
short, the other way round. ``direction`` is +1 for a long and -1 for a short.

A ``Trail`` keeps a stop ``distance`` behind the best price seen. ``activation`` (optional)
is the favourable level the price must reach before trailing starts; ``step`` (optional)
makes the stop move only in whole steps of that many points, as brokers' trailing stops do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from dalal.domain.errors import InvalidInput
from dalal.domain.money import ZERO

_HUNDRED = Decimal(100)


class Offset(StrEnum):
    POINTS = "POINTS"
    PERCENT = "PERCENT"
    PRICE = "PRICE"


@dataclass(frozen=True, slots=True)
class Level:
    offset: Offset
    value: Decimal

    def distance(self, reference: Decimal) -> Decimal:
        """The distance in rupees from ``reference`` (points, or percent of it)."""
        if self.offset is Offset.POINTS:
            return self.value
        if self.offset is Offset.PERCENT:
            return reference * self.value / _HUNDRED
        raise ValueError("an absolute price is not a distance")

    def price(self, anchor: Decimal, direction: int, *, favourable: bool) -> Decimal:
        """The price this level stands for, on the favourable (target) or adverse (stop) side."""
        if self.offset is Offset.PRICE:
            return self.value
        sign = direction if favourable else -direction
        return anchor + sign * self.distance(anchor)


@dataclass(frozen=True, slots=True)
class Trail:
    distance: Level
    step: Decimal | None = None
    activation: Level | None = None


@dataclass(frozen=True, slots=True)
class PositionStops:
    stop_loss: Level | None = None
    target: Level | None = None
    trail: Trail | None = None

    @property
    def empty(self) -> bool:
        return self.stop_loss is None and self.target is None and self.trail is None


def validate_stops(stops: PositionStops, *, anchor: Decimal | None, direction: int) -> None:
    """Raise ``InvalidInput`` naming the field when a level is impossible.

    With an ``anchor`` (an open position), absolute prices are checked against it: a long's
    stop-loss must be below its entry and its target above (a short: the other way round)."""
    for field, level in (("stopLoss", stops.stop_loss), ("target", stops.target)):
        if level is not None:
            _check_level(level, field)
    if stops.trail is not None:
        _check_trail(stops.trail)
    if anchor is None:
        return
    for field, level, favourable in (
        ("stopLoss", stops.stop_loss, False),
        ("target", stops.target, True),
    ):
        if level is None:
            continue
        price = level.price(anchor, direction, favourable=favourable)
        side_ok = (
            direction * (price - anchor) > 0 if favourable else direction * (anchor - price) > 0
        )
        if price <= ZERO or not side_ok:
            where = "above" if (direction > 0) == favourable else "below"
            raise InvalidInput(
                f"The {'target' if favourable else 'stop-loss'} must be {where} the entry "
                f"price {anchor:.2f} for this {'long' if direction > 0 else 'short'} position.",
                field=field,
            )


def _check_level(level: Level, field: str) -> None:
    if not level.value.is_finite() or level.value <= ZERO:
        raise InvalidInput("Enter a value above zero.", field=field)
    if level.offset is Offset.PERCENT and level.value >= _HUNDRED:
        raise InvalidInput("A percentage must be below 100.", field=field)


def _check_trail(trail: Trail) -> None:
    if trail.distance.offset is Offset.PRICE:
        raise InvalidInput(
            "A trailing stop keeps a distance: give it in points or percent.", field="trailingStop"
        )
    _check_level(trail.distance, "trailingStop")
    if trail.step is not None and (not trail.step.is_finite() or trail.step <= ZERO):
        raise InvalidInput("The trail step must be above zero.", field="trailStep")
    if trail.activation is not None:
        _check_level(trail.activation, "trailActivation")
