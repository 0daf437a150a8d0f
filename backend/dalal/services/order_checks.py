"""The rules every new order meets, whoever places it, and the price a position is marked at.

Manual orders, signal fan-outs and copies all check their orders here, so no path can trade
what another would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from dalal.domain.instrument_rules import check_price, check_quantity
from dalal.domain.instruments import Instrument
from dalal.domain.money import ZERO
from dalal.domain.order_book import Order, validate_new_order
from dalal.domain.orders import Product
from dalal.domain.positions import Position
from dalal.services.market import MarketDeps


def validate_order(order: Order, instrument: Instrument, market: MarketDeps, *, held: int) -> None:
    """The rules every new order meets: session, tick and lot sizes, products, shorting."""
    now = order.updated_at
    market_open = market.calendar.is_open(now)
    cutoff = False
    # The MIS cut-off is today's, for orders that trade today: while the market is closed
    # (weekends and holidays included) a regular order is MarketClosed and an AMO waits
    # for the next session.
    if (
        order.product is Product.MIS
        and instrument.tradable
        and market.calendar.sessions_mode == "nse"
        and market_open
    ):
        day = market.calendar.trading_day(now)
        cutoff = now >= market.calendar.square_off_time(day, instrument.segment)
    validate_new_order(
        order,
        instrument,
        market_open=market_open,
        position_quantity=held,
        check_price=check_price,
        check_quantity=check_quantity,
        mis_cutoff_passed=cutoff,
    )


def mark_price(market: MarketDeps, position: Position) -> Decimal:
    quote = market.quotes.get(position.token)
    if quote is not None:
        return quote.ltp
    return position.average_price or Decimal(0)


@dataclass(frozen=True, slots=True)
class MarkedPositions:
    """An account's open positions at their marks, summed once per order: margin and the
    risk check both need them, and an account may hold a thousand."""

    marks: dict[int, Decimal]  # token → the quote's LTP, else the average entry price
    value: Decimal  # Σ quantity × mark, signed (a position with no quote counts its cost)
    gross: Decimal  # Σ |quantity × mark|
    count: int  # open positions


def mark_positions(market: MarketDeps, positions: Sequence[Position]) -> MarkedPositions:
    get = market.quotes.latest.get
    marks: dict[int, Decimal] = {}
    worths: list[Decimal] = []
    for p in positions:
        if not p.quantity:
            continue
        quote = get(p.token)
        if quote is not None:
            marks[p.token] = quote.ltp
            worths.append(p.quantity * quote.ltp)
        else:
            marks[p.token] = p.cost / p.quantity  # the average price, as mark_price gives
            worths.append(p.cost)
    return MarkedPositions(marks, sum(worths, ZERO), sum(map(abs, worths), ZERO), len(worths))
