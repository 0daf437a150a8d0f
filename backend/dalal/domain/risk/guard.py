"""One position's stop-loss, target and trailing stop, as a state that only tightens.

Invariants:
- The stop-loss and target are resolved to prices once, against the anchor, when armed.
- The trailing stop starts when the price reaches the activation level (at once without
  one), then sits ``distance`` behind the best price seen; with a ``step`` it moves only in
  whole steps. It never loosens: for a long it only rises, for a short it only falls.
- When both a stop-loss and a trailing stop exist, the tighter one acts; a breach of the
  trailing stop is a TSL exit, of the fixed stop an SL exit, of the target a TARGET exit.
  The stop and the target are one-cancels-other: the first breach ends the guard.

Each price is first checked for a breach against the levels as they stood, and only then
ratchets the trail (a bar's favourable extreme moves the trail for the *next* bar: within
one bar the path is unknown, so we assume the worse order).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from dalal.domain.orders import Product
from dalal.domain.risk.levels import PositionStops


class ExitKind(StrEnum):
    SL = "SL"
    TARGET = "TARGET"
    TSL = "TSL"


@dataclass(frozen=True, slots=True)
class PositionGuard:
    account_id: uuid.UUID
    token: int
    product: Product
    direction: int  # +1: guards a long; -1: a short
    anchor: Decimal
    stops: PositionStops
    stop_price: Decimal | None = None
    target_price: Decimal | None = None
    best: Decimal | None = None  # the best price since the trail started (None: not yet)
    trail_stop: Decimal | None = None
    source: str = "manual"

    @classmethod
    def arm(
        cls,
        *,
        account_id: uuid.UUID,
        token: int,
        product: Product,
        direction: int,
        anchor: Decimal,
        stops: PositionStops,
        source: str = "manual",
    ) -> PositionGuard:
        """A guard with its stop and target resolved against ``anchor``."""
        if direction not in (1, -1):
            raise ValueError("direction is +1 (long) or -1 (short)")
        guard = cls(
            account_id=account_id,
            token=token,
            product=product,
            direction=direction,
            anchor=anchor,
            stops=stops,
            stop_price=_resolve(stops, anchor, direction, target=False),
            target_price=_resolve(stops, anchor, direction, target=True),
            source=source,
        )
        return guard.ratchet(anchor)

    @property
    def key(self) -> tuple[uuid.UUID, int, Product]:
        return (self.account_id, self.token, self.product)

    def effective_stop(self) -> tuple[Decimal, ExitKind] | None:
        """The stop that acts now: the tighter of the fixed and the trailing stop."""
        fixed, trail = self.stop_price, self.trail_stop
        if trail is not None and (fixed is None or self.direction * (trail - fixed) > 0):
            return trail, ExitKind.TSL
        if fixed is not None:
            return fixed, ExitKind.SL
        return None

    def breach(self, price: Decimal) -> ExitKind | None:
        """Which exit ``price`` triggers, if any: the stop wins over the target."""
        stop = self.effective_stop()
        if stop is not None and self.direction * (price - stop[0]) <= 0:
            return stop[1]
        if self.target_price is not None and self.direction * (price - self.target_price) >= 0:
            return ExitKind.TARGET
        return None

    def ratchet(self, price: Decimal) -> PositionGuard:
        """The guard after the market traded at ``price``: the trail may tighten, never loosen."""
        trail = self.stops.trail
        if trail is None:
            return self
        if self.best is None:
            if trail.activation is not None:
                start = trail.activation.price(self.anchor, self.direction, favourable=True)
                if self.direction * (price - start) < 0:
                    return self
            best = price
        else:
            best = price if self.direction * (price - self.best) > 0 else self.best
        candidate = best - self.direction * trail.distance.distance(best)
        stop = self.trail_stop
        if stop is None:
            stop = candidate
        elif self.direction * (candidate - stop) > 0:
            gain = abs(candidate - stop)
            if trail.step is not None:
                gain = (gain / trail.step).to_integral_value(rounding=ROUND_FLOOR) * trail.step
            stop = stop + self.direction * gain
        if best == self.best and stop == self.trail_stop:
            return self
        return replace(self, best=best, trail_stop=stop)


def _resolve(
    stops: PositionStops, anchor: Decimal, direction: int, *, target: bool
) -> Decimal | None:
    level = stops.target if target else stops.stop_loss
    if level is None:
        return None
    return level.price(anchor, direction, favourable=target)
