"""Strategies made for the forward-test tests, registered while a test needs them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from dalal.domain.market import Bar
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, OrderType
from dalal.strategies.base import Strategy, StrategyContext, StrategyParams
from dalal.strategies.registry import register, unregister


class BuyAndRestParams(StrategyParams):
    quantity: int = 10


class BuyAndRest(Strategy[Any]):
    """On its first bar: buy ``quantity`` at market, and offer them at twice the close (an
    order that rests). Remembers what ``buy`` returned and the fills it was told of."""

    name: ClassVar[str] = "test_buy_and_rest"
    Params: ClassVar[type[StrategyParams]] = BuyAndRestParams
    placed: ClassVar[list[Order]] = []
    filled: ClassVar[list[Fill]] = []

    def on_bar(self, ctx: StrategyContext, bar: Bar) -> None:
        if ctx.position(bar.token).quantity or ctx.open_orders(bar.token):
            return
        quantity = self.params.quantity
        BuyAndRest.placed.append(ctx.buy(bar.token, size=quantity))
        ctx.sell(bar.token, size=quantity, order_type=OrderType.LIMIT, price=bar.close * 2)

    def on_fill(self, ctx: StrategyContext, fill: Fill) -> None:
        BuyAndRest.filled.append(fill)


class Explodes(Strategy[Any]):
    name: ClassVar[str] = "test_explodes"

    def on_bar(self, ctx: StrategyContext, bar: Bar) -> None:
        raise RuntimeError(f"boom at {bar.close}")


@contextmanager
def registered(*classes: type[Strategy[Any]]) -> Iterator[None]:
    BuyAndRest.placed.clear()
    BuyAndRest.filled.clear()
    for cls in classes:
        register(cls)
    try:
        yield
    finally:
        for cls in classes:
            unregister(cls.name)


__all__ = ["BuyAndRest", "Explodes", "registered"]
