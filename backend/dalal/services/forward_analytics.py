"""A forward test's figures from its own fills (pure): MTM, realized, unrealized, charges,
closed trades, margin in use, and the day row they roll into.

The session's fills are booked, oldest first, into an in-memory ``Book`` that starts with no
cash, so its equity at the marks *is* the session's P&L net of charges. A **trade** is a round
trip in one instrument: it opens when the session's net quantity leaves zero and closes when
it returns to zero (or flips, which closes one and opens the next). Its P&L is the realized
P&L booked while it was open, net of the charges of its fills; it is a win when above zero.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from dalal.domain.calendar import IST
from dalal.domain.instruments import Instrument
from dalal.domain.ledger import Book
from dalal.domain.margin import MarginConfig, required_margin
from dalal.domain.money import ZERO, to_paise
from dalal.domain.orders import Fill, Product, Side
from dalal.services.forward_ports import ForwardDay


@dataclass(frozen=True, slots=True)
class ClosedTrade:
    token: int
    closed_at: datetime
    pnl: Decimal


@dataclass(frozen=True, slots=True)
class OpenHolding:
    token: int
    product: Product
    quantity: int
    average_price: Decimal
    mark: Decimal
    unrealized: Decimal


@dataclass(frozen=True, slots=True)
class SessionFigures:
    mtm: Decimal
    realized: Decimal
    unrealized: Decimal
    charges: Decimal
    trades: tuple[ClosedTrade, ...] = ()
    holdings: tuple[OpenHolding, ...] = ()
    margin_used: Decimal = ZERO
    fills: int = 0


@dataclass(slots=True)
class _Trip:
    realized: Decimal = ZERO
    charges: Decimal = ZERO


@dataclass(slots=True)
class _Trips:
    open: dict[int, _Trip] = field(default_factory=dict)
    closed: list[ClosedTrade] = field(default_factory=list)


def trading_day(at: datetime) -> date:
    return at.astimezone(IST).date()


def session_figures(
    fills: Sequence[tuple[Fill, Product]],
    marks: Mapping[int, Decimal],
    instruments: Mapping[int, Instrument],
    margins: MarginConfig,
) -> SessionFigures:
    """Figures of fills (oldest first, with their orders' product); ``marks`` price the open
    positions (a position without a mark is marked at its last fill price)."""
    book = Book(fills[0][0].account_id if fills else uuid.UUID(int=0))
    trips = _Trips()
    last_price: dict[int, Decimal] = {}
    for fill, product in fills:
        before = book.position(fill.token, product)
        after = book.apply_fill(fill, product)
        last_price[fill.token] = fill.price
        _follow_trip(
            trips, fill, before.quantity, after.quantity, after.realized_pnl - before.realized_pnl
        )
    holdings = []
    margin = ZERO
    for position in book.positions():
        if not position.quantity:
            continue
        mark = marks.get(position.token, last_price[position.token])
        holdings.append(
            OpenHolding(
                token=position.token,
                product=position.product,
                quantity=position.quantity,
                average_price=to_paise(position.average_price or ZERO),
                mark=mark,
                unrealized=position.unrealized(mark),
            )
        )
        side = Side.BUY if position.quantity > 0 else Side.SELL
        margin += required_margin(
            instruments[position.token], position.product, side, abs(position.quantity), mark,
            position_quantity=0, config=margins,
        )  # fmt: skip
    unrealized = sum((h.unrealized for h in holdings), ZERO)
    return SessionFigures(
        mtm=book.cash + sum((h.quantity * h.mark for h in holdings), ZERO),
        realized=book.realized_pnl,
        unrealized=unrealized,
        charges=book.charges_total,
        trades=tuple(trips.closed),
        holdings=tuple(holdings),
        margin_used=to_paise(margin),
        fills=len(fills),
    )


def _follow_trip(trips: _Trips, fill: Fill, before: int, after: int, realized: Decimal) -> None:
    trip = trips.open.setdefault(fill.token, _Trip())
    trip.realized += realized
    trip.charges += fill.charges.total
    closed = before != 0 and (after == 0 or (before > 0) != (after > 0))
    if not closed:
        return
    trips.closed.append(ClosedTrade(fill.token, fill.at, trip.realized - trip.charges))
    del trips.open[fill.token]
    if after != 0:  # a flip opens the next trip at once
        trips.open[fill.token] = _Trip()


def day_row(
    session_id: uuid.UUID,
    figures: SessionFigures,
    *,
    day: date,
    previous: ForwardDay | None,
    current: ForwardDay | None,
    peak: Decimal,
) -> ForwardDay:
    """The row of ``day`` after a candle close: ``previous`` is the last row before ``day``,
    ``current`` the row of ``day`` so far, ``peak`` the running peak of the cumulative P&L
    including this close."""
    cumulative = to_paise(figures.mtm)
    closed_today = [t for t in figures.trades if trading_day(t.closed_at) == day]
    base = previous.cumulative_pnl if previous is not None else ZERO
    drawdown = max(to_paise(peak - cumulative), ZERO)
    margin = figures.margin_used
    if current is not None:
        drawdown = max(drawdown, current.drawdown)
        margin = max(margin, current.margin_used)
    return ForwardDay(
        session_id=session_id,
        day=day,
        pnl=cumulative - base,
        cumulative_pnl=cumulative,
        trades=len(closed_today),
        wins=sum(1 for t in closed_today if t.pnl > 0),
        drawdown=drawdown,
        margin_used=margin,
    )
