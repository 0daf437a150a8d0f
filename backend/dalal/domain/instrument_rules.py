"""Tick sizes and lot sizes, stored as dated rules, and the checks a new order's price and
quantity must pass.

Conventions:

* Every rule carries the date it takes effect; the rule in force on a date is the last one whose
  ``effective_from`` is on or before it. Sources: ``MARKET_FACTS.md`` (NSE circulars of May 2024
  and March 2025 on tick sizes, and the October 2024, April 2025 and October 2025 circulars on
  index-derivative lot sizes).
* A tick size is decided by a *reference price*: for cash equities and stock futures the
  underlying's close on the last trading day of the previous month, for index futures the
  index level (the exchange reviews both monthly). The tick is therefore a property of the
  instrument for the month (``Instrument.tick_size``), and ``check_price`` checks an order's
  price against that, not against a slab chosen by the order's own price.
* Slab boundaries follow the exchange tables: "below 250" is strict (250.00 ticks at 0.05);
  the upper ends of the other slabs are inclusive (1,000.00 ticks at 0.05, 1,000.05 at 0.10;
  an index at exactly 15,000 ticks at 0.05).
* BSE scrips are given NSE's tick rules (the simulator quotes one grid per instrument).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.instruments import Instrument, InstrumentType

T = TypeVar("T")


def rule_on(schedule: Sequence[tuple[date, T]], on: date) -> T:
    """The value of the last ``(effective_from, value)`` entry with ``effective_from <= on``.

    ``schedule`` is sorted by date and starts at ``date.min``, so some rule is always in force.
    """
    in_force = schedule[0][1]
    for effective_from, value in schedule:
        if effective_from > on:
            break
        in_force = value
    return in_force


# --- tick sizes ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PriceSlab:
    """Prices up to ``limit`` tick at ``tick``; ``limit=None`` is the open-ended last slab.

    ``inclusive=False`` makes the limit strict (the "below 250" slab).
    """

    limit: Decimal | None
    tick: Decimal
    inclusive: bool = True

    def covers(self, price: Decimal) -> bool:
        if self.limit is None:
            return True
        return price <= self.limit if self.inclusive else price < self.limit


class TickClass(StrEnum):
    """The instrument classes that have their own tick rules."""

    CASH_EQUITY = "cash_equity"
    STOCK_FUTURE = "stock_future"
    INDEX_FUTURE = "index_future"  # also the grid of the index itself
    OPTION = "option"


_FLAT_FIVE_PAISE = (PriceSlab(None, Decimal("0.05")),)
_PAISA_BELOW_250 = (
    PriceSlab(Decimal(250), Decimal("0.01"), inclusive=False),
    PriceSlab(None, Decimal("0.05")),
)
_STOCK_SLABS_2025 = (
    PriceSlab(Decimal(250), Decimal("0.01"), inclusive=False),
    PriceSlab(Decimal(1_000), Decimal("0.05")),
    PriceSlab(Decimal(5_000), Decimal("0.10")),
    PriceSlab(Decimal(10_000), Decimal("0.50")),
    PriceSlab(Decimal(20_000), Decimal("1.00")),
    PriceSlab(None, Decimal("5.00")),
)
_INDEX_SLABS_2025 = (
    PriceSlab(Decimal(15_000), Decimal("0.05")),
    PriceSlab(Decimal(30_000), Decimal("0.10")),
    PriceSlab(None, Decimal("0.20")),
)

TICK_RULES: dict[TickClass, tuple[tuple[date, tuple[PriceSlab, ...]], ...]] = {
    TickClass.CASH_EQUITY: (
        (date.min, _FLAT_FIVE_PAISE),
        (date(2024, 6, 10), _PAISA_BELOW_250),
        (date(2025, 4, 15), _STOCK_SLABS_2025),
    ),
    # Stock futures followed the cash market's one-paisa rule a month later (8 July 2024).
    TickClass.STOCK_FUTURE: (
        (date.min, _FLAT_FIVE_PAISE),
        (date(2024, 7, 8), _PAISA_BELOW_250),
        (date(2025, 4, 15), _STOCK_SLABS_2025),
    ),
    TickClass.INDEX_FUTURE: (
        (date.min, _FLAT_FIVE_PAISE),
        (date(2025, 4, 15), _INDEX_SLABS_2025),
    ),
    TickClass.OPTION: ((date.min, _FLAT_FIVE_PAISE),),
}


def tick_class(instrument_type: InstrumentType, underlying_is_index: bool) -> TickClass:
    """Which tick rules apply: options share one grid; futures split by their underlying."""
    if instrument_type in (InstrumentType.CE, InstrumentType.PE):
        return TickClass.OPTION
    if instrument_type is InstrumentType.INDEX:
        return TickClass.INDEX_FUTURE
    if instrument_type is InstrumentType.FUT:
        return TickClass.INDEX_FUTURE if underlying_is_index else TickClass.STOCK_FUTURE
    return TickClass.CASH_EQUITY


def tick_size_for(
    instrument_type: InstrumentType, underlying_is_index: bool, price: Decimal, on: date
) -> Decimal:
    """The tick size in force on ``on`` for an instrument whose reference price is ``price``.

    ``price`` is the reference price described in the module docstring (ignored for options).
    """
    slabs = rule_on(TICK_RULES[tick_class(instrument_type, underlying_is_index)], on)
    return next(slab.tick for slab in slabs if slab.covers(price))


def is_tick_multiple(price: Decimal, tick: Decimal) -> bool:
    """Whether ``price`` lies on the grid of ``tick`` (exact Decimal arithmetic)."""
    if tick <= 0:
        raise ValueError(f"a tick size must be positive, not {tick}")
    return price % tick == 0


class InvalidPrice(InvalidInput):
    code = "INVALID_PRICE"


class PriceNotOnTick(InvalidInput):
    """The price is off the instrument's grid; ``lower``/``upper`` are the nearest valid prices
    (``lower`` is None when the only valid neighbour is above)."""

    code = "PRICE_NOT_ON_TICK"

    def __init__(
        self,
        message: str,
        *,
        tick: Decimal,
        lower: Decimal | None,
        upper: Decimal,
        field: str | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.tick = tick
        self.lower = lower
        self.upper = upper


def _shown(value: Decimal, tick: Decimal) -> str:
    """Format a price in paise, or finer if the tick is finer (never less than 2 places)."""
    exponent = tick.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return str(value.quantize(Decimal(1).scaleb(-places)))


def check_price(instrument: Instrument, price: Decimal, /, *, field: str = "price") -> None:
    """Raise ``PriceNotOnTick`` unless ``price`` is a positive multiple of the instrument's tick.

    The message names the two nearest valid prices (only the one above if the one below would
    be zero).
    """
    if price <= 0:
        raise InvalidPrice(f"The price must be positive, not {price}.", field=field)
    tick = instrument.tick_size
    if is_tick_multiple(price, tick):
        return
    lower = (price // tick) * tick
    upper = lower + tick
    below = lower if lower > 0 else None
    options = f"{_shown(lower, tick)} or " if below is not None else ""
    raise PriceNotOnTick(
        f"Price {price} is not a multiple of the tick size {tick}. "
        f"Use {options}{_shown(upper, tick)}.",
        tick=tick,
        lower=below,
        upper=upper,
        field=field,
    )


# --- lot sizes -----------------------------------------------------------------------------

_NOV_2024 = date(2024, 11, 20)
_JUL_2025 = date(2025, 7, 1)
_JAN_2026 = date(2026, 1, 1)

LOT_SIZE_RULES: dict[str, tuple[tuple[date, int], ...]] = {
    "NIFTY": ((date.min, 25), (_NOV_2024, 75), (_JUL_2025, 75), (_JAN_2026, 65)),
    "BANKNIFTY": ((date.min, 15), (_NOV_2024, 30), (_JUL_2025, 35), (_JAN_2026, 30)),
    "FINNIFTY": ((date.min, 25), (_NOV_2024, 65), (_JUL_2025, 65), (_JAN_2026, 60)),
    "MIDCPNIFTY": ((date.min, 50), (_NOV_2024, 120), (_JUL_2025, 140), (_JAN_2026, 120)),
}


class NoLotSizeRule(NotFound):
    code = "NO_LOT_SIZE_RULE"


def lot_size_for(underlying: str, expiry: date) -> int:
    """The lot size of an index-derivative contract on ``underlying`` expiring on ``expiry``.

    Keyed by expiry, because a contract keeps the lot size it was listed with until it expires:

    * "from 20 Nov 2024": contracts expiring on or after 2024-11-20 carry the new size. (In fact
      contracts listed before that date and expiring after it kept the old size until their
      expiry; without listing dates this table cannot tell them apart.)
    * "from Jul-2025 expiries" / "from Jan-2026 expiries": contracts expiring in that calendar
      month or later, i.e. on or after 2025-07-01 / 2026-01-01.
    * "before 20 Nov 2024" is one value; earlier revisions are not modelled.

    Only NIFTY, BANKNIFTY, FINNIFTY and MIDCPNIFTY have rules; stock lot sizes come from the
    instrument master. Raises ``NoLotSizeRule`` for anything else.
    """
    key = underlying.strip().upper()
    schedule = LOT_SIZE_RULES.get(key)
    if schedule is None:
        known = ", ".join(LOT_SIZE_RULES)
        raise NoLotSizeRule(f"No lot-size rule for {underlying!r}; known: {known}.")
    return rule_on(schedule, expiry)


class InvalidQuantity(InvalidInput):
    code = "INVALID_QUANTITY"


class QuantityNotLotMultiple(InvalidInput):
    """The quantity is not whole lots; ``lower`` (None below one lot) and ``upper`` are the
    nearest valid quantities."""

    code = "QUANTITY_NOT_LOT_MULTIPLE"

    def __init__(self, message: str, *, lot_size: int, lower: int | None, upper: int) -> None:
        super().__init__(message, field="quantity")
        self.lot_size = lot_size
        self.lower = lower
        self.upper = upper


def check_quantity(instrument: Instrument, quantity: int, /) -> None:
    """Raise ``InvalidQuantity`` for a quantity below one, and ``QuantityNotLotMultiple`` unless
    it is a whole number of the instrument's lots (cash equities have a lot of 1)."""
    if quantity <= 0:
        raise InvalidQuantity(
            f"The quantity must be a positive number, not {quantity}.", field="quantity"
        )
    lot = instrument.lot_size
    if lot <= 1 or quantity % lot == 0:
        return
    lower = (quantity // lot) * lot
    upper = lower + lot
    below = lower if lower > 0 else None
    options = f"{lower} or " if below is not None else ""
    raise QuantityNotLotMultiple(
        f"Quantity {quantity} is not a multiple of the lot size {lot}. Use {options}{upper}.",
        lot_size=lot,
        lower=below,
        upper=upper,
    )
