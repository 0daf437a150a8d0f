"""The rules the simulated broker applies, each from the domain as paper trading applies it:
the checks on a new order, the margin check on what a fill opens, and a fill's charges."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

from dalal.domain.charges import ChargesTemplate, charge_segment, order_charges
from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.charges.rate_cards import ChargeSegment, RateCard
from dalal.domain.instrument_rules import check_price, check_quantity
from dalal.domain.instruments import Exchange, Instrument
from dalal.domain.margin import MarginConfig, free_margin, required_margin
from dalal.domain.order_book import Order, ShortSellNotAllowed, validate_new_order
from dalal.domain.orders import Product
from dalal.domain.positions import Position, opening_quantity
from dalal.engine.objects import NO_CHARGES

IST_OFFSET = timedelta(hours=5, minutes=30)


def trade_date(moment: datetime) -> date:
    """The IST date of ``moment``: the rate card in force is chosen by it."""
    return (moment + IST_OFFSET).date()


def check_order(
    order: Order, instrument: Instrument, *, held: int, allow_cash_shorts: bool
) -> None:
    """``validate_new_order`` for a backtest: the market is open, and with
    ``allow_cash_shorts`` CNC's no-short rule is waived (see ``engine.broker``)."""
    try:
        validate_new_order(
            order,
            instrument,
            market_open=True,
            position_quantity=held,
            check_price=check_price,
            check_quantity=check_quantity,
        )
    except ShortSellNotAllowed:
        # The short-sell rule comes last but for the session checks, which a backtest passes.
        if not allow_cash_shorts:
            raise


def margin_fits(  # noqa: PLR0917 - the books, the order, and the fill
    cash: Decimal,
    positions: Iterable[Position],
    instruments: Mapping[int, Instrument],
    marks: Mapping[int, Decimal],
    margins: MarginConfig,
    order: Order,
    *,
    held: int,
    quantity: int,
    price: Decimal,
) -> bool:
    """Does the margin the fill's opening part needs fit in the free margin at ``price``?

    ``marks`` prices every open position, ``order.token``'s at the fill price."""
    if opening_quantity(held, order.side, quantity) == 0:
        return True
    needed = required_margin(
        instruments[order.token],
        order.product,
        order.side,
        quantity,
        price,
        position_quantity=held,
        config=margins,
    )
    return needed <= free_margin(cash, positions, instruments, marks, margins)


class ChargeMemo:
    """``charges_for_fill`` for one template, memoised across days.

    The domain's cache is keyed by the trade date, so in a backtest, where every day is new,
    it seldom hits. Here each IST date maps to the card in force (``card_for``, once per
    date), and a fill's charges are keyed by that card's start date instead: within one card
    the charges depend on the order's turnover, not on the day. The arithmetic is the
    domain's own (``order_charges``), as ``charges_for_fill`` applies it: what the order's
    turnover with this fill costs, less what its earlier fills cost. Test
    ``test_backtest_holdings`` checks it equal to ``charges_for_fill``.
    """

    def __init__(self, template: ChargesTemplate) -> None:
        self.template = template
        self._cards: dict[date, RateCard | None] = {}
        self._dates: dict[datetime, date] = {}
        self._charges: dict[tuple[object, ...], ChargeBreakdown] = {}
        # The card's row and the cash exchange of each (token, product), worked out once.
        self._rows: dict[tuple[int, Product], tuple[ChargeSegment, Exchange]] = {}

    def for_fill(  # noqa: PLR0917
        self,
        order: Order,
        instrument: Instrument,
        quantity: int,
        price: Decimal,
        at: datetime,
        prior: Decimal,
    ) -> ChargeBreakdown:
        day = self._dates.get(at)
        if day is None:
            day = self._dates[at] = trade_date(at)
        if day not in self._cards:
            self._cards[day] = self.template.card_for(day)
        card = self._cards[day]
        if card is None:
            return NO_CHARGES
        where = self._rows.get((instrument.token, order.product))
        if where is None:
            where = self._rows[instrument.token, order.product] = (
                charge_segment(instrument.segment, order.product),
                instrument.cash_exchange,
            )
        kind, exchange = where
        turnover = price * quantity
        key = (card.effective_from, kind, exchange, order.side, turnover, prior)
        charges = self._charges.get(key)
        if charges is None:
            after = order_charges(card, kind, exchange, order.side, prior + turnover)
            if prior != 0:
                after = after - order_charges(card, kind, exchange, order.side, prior)
            charges = self._charges[key] = after
        return charges
