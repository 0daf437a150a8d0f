"""Risk exits in the engine: a breach becomes one tagged MARKET exit; a gap fills at the gap
price, not the stop; stop and target cancel each other; quotes (paper trading) and bars
(backtests) decide alike on the same prices."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Bar, Interval, Quote
from dalal.domain.orders import FillTag, OrderStatus, OrderType, Product, Side
from dalal.domain.positions import Position
from dalal.domain.risk.guard import ExitKind, PositionGuard
from dalal.domain.risk.levels import Level, Offset, PositionStops, Trail
from dalal.engine.matching import MatchingConfig
from dalal.engine.risk import (
    GuardBook,
    GuardOutcome,
    exit_intents,
    guard_on_bar,
    guard_on_quote,
)

D = Decimal
T0 = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
EQ = Instrument(7, Exchange.NSE, "RISKCO", "RISK CO", InstrumentType.EQ, 1, D("0.05"))
ACCOUNT = uuid.UUID(int=9)
NO_SLIP = MatchingConfig()


def position(quantity: int = 10, average: str = "100") -> Position:
    return Position(ACCOUNT, EQ.token, Product.MIS, quantity=quantity, cost=quantity * D(average))


def armed(quantity: int = 10, **stops: object) -> PositionGuard:
    return PositionGuard.arm(
        account_id=ACCOUNT,
        token=EQ.token,
        product=Product.MIS,
        direction=1 if quantity > 0 else -1,
        anchor=D("100"),
        stops=PositionStops(**stops),  # type: ignore[arg-type]
    )


def quote(ltp: str, bid: str | None = None, ask: str | None = None, n: int = 0) -> Quote:
    return Quote(
        EQ.token,
        T0 + timedelta(seconds=n),
        D(ltp),
        D(bid) if bid else None,
        D(ask) if ask else None,
        volume=1,
    )


def bar(o: str, h: str, low: str, c: str, n: int = 0) -> Bar:
    return Bar(EQ.token, T0 + timedelta(minutes=n), Interval.M1, D(o), D(h), D(low), D(c))


def flat_bar(price: str, n: int) -> Bar:
    return bar(price, price, price, price, n)


SL5 = {"stop_loss": Level(Offset.POINTS, D("5"))}
SL5_T10 = {**SL5, "target": Level(Offset.POINTS, D("10"))}


@pytest.mark.parametrize(
    ("stops", "market", "kind", "price"),
    [
        (SL5, quote("96", "95.95", "96.05"), None, None),
        (SL5, quote("95", "94.95", "95.05"), ExitKind.SL, "94.95"),
        (SL5, quote("90", "89.90", "90.10"), ExitKind.SL, "89.90"),  # gap: fills at the gap
        (SL5, quote("88"), ExitKind.SL, "88"),  # no bid: the last price
        (SL5_T10, quote("110.2", "110.15", "110.25"), ExitKind.TARGET, "110.15"),
        (SL5, bar("99", "99.5", "94", "94.5"), ExitKind.SL, "95"),  # touched within the bar
        (SL5, bar("92", "93", "91", "92.5"), ExitKind.SL, "92"),  # gapped open: the open
        (SL5_T10, bar("101", "111", "94", "100"), ExitKind.SL, "95"),  # both: the stop wins
        (SL5_T10, bar("112", "113", "94", "100"), ExitKind.TARGET, "112"),  # opens past target
        (SL5_T10, bar("101", "110.5", "97", "110"), ExitKind.TARGET, "110"),
        (SL5_T10, bar("101", "109.95", "95.05", "100"), None, None),
    ],
)
def test_a_breach_exits_the_whole_position_with_a_tagged_market_order(
    stops: dict[str, object], market: Quote | Bar, kind: ExitKind | None, price: str | None
) -> None:
    guard = armed(**stops)
    if isinstance(market, Quote):
        outcome = guard_on_quote(guard, position(), market, NO_SLIP, instrument=EQ)
    else:
        outcome = guard_on_bar(guard, position(), market, NO_SLIP, instrument=EQ)
    assert outcome.kind is kind
    if kind is None:
        assert outcome.exit is None
        assert outcome.guard is not None
        return
    assert outcome.guard is None  # spent: the other leg is cancelled with it (OCO)
    assert outcome.exit is not None
    order = outcome.exit.order
    assert (order.order_type, order.side, order.quantity) == (OrderType.MARKET, Side.SELL, 10)
    assert order.status is OrderStatus.COMPLETE
    assert order.triggered_by == f"risk:{kind.value}"
    (fill,) = outcome.exit.fills
    assert fill.price == D(price or "0")
    assert fill.tag is FillTag(kind.value)


def test_a_short_s_stop_buys_back_at_the_ask() -> None:
    guard = armed(-10, **SL5)
    outcome = guard_on_quote(
        guard, position(-10), quote("105.5", "105.45", "105.55"), NO_SLIP, instrument=EQ
    )
    assert outcome.kind is ExitKind.SL
    assert outcome.exit is not None
    assert outcome.exit.order.side is Side.BUY
    assert outcome.exit.fills[0].price == D("105.55")


def test_a_guard_on_a_closed_or_flipped_position_is_dropped_without_an_exit() -> None:
    guard = armed(**SL5)
    for gone in (position(0), position(-5)):
        assert guard_on_quote(guard, gone, quote("90"), NO_SLIP, instrument=EQ) == GuardOutcome(
            None
        )


def _run_quotes(
    guard: PositionGuard, prices: Sequence[str]
) -> tuple[ExitKind | None, Decimal | None]:
    for n, price in enumerate(prices):
        outcome = guard_on_quote(guard, position(), quote(price, n=n), NO_SLIP, instrument=EQ)
        if outcome.exit is not None:
            return outcome.kind, outcome.exit.fills[0].price
        assert outcome.guard is not None
        guard = outcome.guard
    return None, None


def _run_bars(
    guard: PositionGuard, prices: Sequence[str]
) -> tuple[ExitKind | None, Decimal | None]:
    for n, price in enumerate(prices):
        outcome = guard_on_bar(guard, position(), flat_bar(price, n), NO_SLIP, instrument=EQ)
        if outcome.exit is not None:
            return outcome.kind, outcome.exit.fills[0].price
        assert outcome.guard is not None
        guard = outcome.guard
    return None, None


@pytest.mark.parametrize(
    ("stops", "path", "expected"),
    [
        (SL5, ["99", "97", "95"], (ExitKind.SL, "95")),
        (SL5, ["99", "97", "91.35"], (ExitKind.SL, "91.35")),
        (SL5_T10, ["104", "108", "110.5"], (ExitKind.TARGET, "110.5")),
        (
            {"trail": Trail(Level(Offset.POINTS, D("3")))},
            ["102", "106", "104", "103"],
            (ExitKind.TSL, "103"),
        ),
        (
            {"trail": Trail(Level(Offset.PERCENT, D("2")), step=D("1"))},
            ["101", "105", "102.9", "101.95"],  # the stop stepped 98 → 102
            (ExitKind.TSL, "101.95"),
        ),
        (SL5_T10, ["101", "99", "104"], (None, None)),
    ],
)
def test_the_same_rule_decides_alike_on_quotes_and_on_bars(
    stops: dict[str, object], path: list[str], expected: tuple[ExitKind | None, str | None]
) -> None:
    kind, price = expected
    want = (kind, D(price) if price else None)
    assert _run_quotes(armed(**stops), path) == want
    assert _run_bars(armed(**stops), path) == want


def test_a_burst_of_a_thousand_ticks_through_the_stop_makes_one_exit() -> None:
    guard: PositionGuard | None = armed(**SL5)
    exits = 0
    for n in range(1000):
        if guard is None:
            break
        outcome = guard_on_quote(
            guard, position(), quote(str(94 - n % 3), n=n), NO_SLIP, instrument=EQ
        )
        exits += outcome.exit is not None
        guard = outcome.guard
    assert exits == 1


def test_exit_intents_close_every_open_position_with_the_given_source() -> None:
    books = [
        position(10),
        position(0),
        Position(ACCOUNT, 8, Product.CNC, quantity=-3, cost=D("-300")),
    ]
    updates = exit_intents(
        books,
        {EQ.token: quote("101", "100.95", "101.05")},
        T0,
        source="panic",
        instruments={EQ.token: EQ},
        config=MatchingConfig(participation=D("0.01")),  # never caps a risk exit
    )
    assert [(u.order.side, u.order.quantity, u.order.status) for u in updates] == [
        (Side.SELL, 10, OrderStatus.COMPLETE),
        (Side.BUY, 3, OrderStatus.OPEN),  # no quote yet: fills on the next one
    ]
    assert updates[0].fills[0].tag is FillTag.PANIC


def test_a_backtest_s_guard_book_exits_once_on_the_gap_bar_and_forgets_the_guard() -> None:
    book = GuardBook()
    held = {(ACCOUNT, EQ.token, Product.MIS): position()}
    book.arm(position(), PositionStops(**SL5_T10), anchor=D("100"))  # type: ignore[arg-type]
    bars = [
        bar("100", "104", "97", "103", 0),
        bar("92", "93", "91", "92", 1),
        bar("90", "90", "88", "89", 2),
    ]
    exits = [e for b in bars for e in book.on_bar(b, held, NO_SLIP, instrument=EQ)]
    assert [(e.kind, e.exit.fills[0].price) for e in exits if e.exit] == [(ExitKind.SL, D("92"))]
    assert len(book) == 0
