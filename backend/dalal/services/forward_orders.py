"""Carrying out what a forward test's strategy asked for, as real paper orders.

Each request goes through ``place_order`` / ``modify_order`` / ``cancel_order`` for the
session's account, tagged ``strategy:<session id>``: the same pre-trade checks, margin,
charges and risk as any order. A refused order is recorded (log and ``last_error``) and the
strategy carries on, as a backtest records a rejected order.

Sizing rules (``fraction``, ``risk``) are decided here from the price the order is expected to
fill at (the quote, with the configured slippage, on tick: what ``match_quote`` gives a
MARKET order) and the equity with that instrument marked at it: the backtest's rule at the
fill, ``floor(equity × fraction / price)``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import structlog

from dalal.domain.errors import DomainError
from dalal.domain.money import ZERO
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, OrderType, Side
from dalal.domain.users import Principal
from dalal.engine.matching import execution_price
from dalal.services.forward_context import ForwardContext, Intent, IntentKind
from dalal.services.market import MarketDeps
from dalal.services.orders import OrderRequest, cancel_order, modify_order, place_order
from dalal.services.ports import UnitOfWork
from dalal.strategies.base import Strategy
from dalal.strategies.sizing import units_for

log = structlog.get_logger(__name__)
MAX_REQUESTS_PER_BAR = 200  # a strategy that keeps ordering from on_fill is stopped here


class OrderDesk:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        market: MarketDeps,
        principal: Principal,
        ctx: ForwardContext,
    ) -> None:
        self._uow_factory, self._market, self._principal, self._ctx = (
            uow_factory, market, principal, ctx,
        )  # fmt: skip
        self._real: dict[uuid.UUID, uuid.UUID] = {}  # the strategy's order id -> paper order id
        self._ours: dict[uuid.UUID, uuid.UUID] = {}  # paper order id -> the strategy's id
        self._seen_fills: set[uuid.UUID] = set()
        self.errors: list[str] = []
        self.orders_placed = 0

    @property
    def has_working(self) -> bool:
        return bool(self._ctx.snapshot.working)

    async def refresh(self) -> None:
        """Read the account's cash and positions and the session's working orders."""
        ctx = self._ctx
        account = ctx.account_id
        async with self._uow_factory() as uow:
            cash = (await uow.ledger.cash([account])).get(account, ZERO)
            positions = await uow.positions.for_accounts([account])
            working = await uow.risk.working_orders([account])
        snapshot = ctx.snapshot
        snapshot.cash = cash
        snapshot.positions = {
            p.token: p
            for p in positions
            if p.token in ctx.instruments and p.product is ctx.product(p.token)
        }
        for token in ctx.instruments:
            quote = self._market.quotes.get(token)
            if quote is not None:
                snapshot.marks[token] = quote.ltp
        snapshot.working = {
            self._ours.get(o.id, o.id): replace(o, id=self._ours.get(o.id, o.id))
            for o in working
            if o.triggered_by == ctx.source
        }

    async def prime(self) -> None:
        """Read the account, and take the session's past fills as told (after a restart the
        strategy hears only of new ones)."""
        async with self._uow_factory() as uow:
            found = await uow.risk.attributed_fills([self._ctx.account_id], [self._ctx.source])
        self._seen_fills.update(f.id for f, _, _ in found)
        await self.refresh()

    async def execute(self, strategy: Strategy[Any]) -> None:
        """Carry out the hook's requests, then those of the ``on_fill`` calls they cause."""
        done = 0
        while intents := self._ctx.take_intents():
            for intent in intents:
                done += 1
                if done > MAX_REQUESTS_PER_BAR:
                    raise DomainError(
                        f"The strategy asked for more than {MAX_REQUESTS_PER_BAR} orders at one "
                        "bar; it was stopped."
                    )
                fills = await self._carry_out(intent)
                if fills:
                    await self.refresh()
                for fill in fills:
                    self._deliver(strategy, fill)

    async def deliver_resting_fills(self, strategy: Strategy[Any]) -> None:
        """Fills of the session's orders booked since (by the market loop), to ``on_fill``."""
        account = self._ctx.account_id
        async with self._uow_factory() as uow:
            found = await uow.risk.attributed_fills([account], [self._ctx.source])
        new = [f for f, _, _ in found if f.id not in self._seen_fills]
        if not new:
            return
        await self.refresh()
        for fill in new:
            self._deliver(strategy, fill)
        await self.execute(strategy)

    def _deliver(self, strategy: Strategy[Any], fill: Fill) -> None:
        if fill.id in self._seen_fills:
            return
        self._seen_fills.add(fill.id)
        strategy.on_fill(
            self._ctx, replace(fill, order_id=self._ours.get(fill.order_id, fill.order_id))
        )

    async def _carry_out(self, intent: Intent) -> list[Fill]:
        try:
            if intent.kind is IntentKind.PLACE:
                return await self._place(intent)
            real = self._real.get(intent.order.id, intent.order.id)
            if intent.kind is IntentKind.CANCEL:
                await cancel_order(
                    self._uow_factory(), self._market, principal=self._principal, order_id=real
                )
                return []
            placed = await modify_order(
                self._uow_factory(), self._market, principal=self._principal, order_id=real,
                quantity=intent.quantity, price=intent.price, trigger_price=intent.trigger,
            )  # fmt: skip
            return placed.fills
        except DomainError as error:
            self._ctx.snapshot.working.pop(intent.order.id, None)
            self.errors.append(error.message)
            log.info("forward_order_refused", source=self._ctx.source, reason=error.message)
            return []

    async def _place(self, intent: Intent) -> list[Fill]:
        order, ctx = intent.order, self._ctx
        quantity = self._quantity(intent)
        if quantity <= 0:
            ctx.snapshot.working.pop(order.id, None)
            return []
        instrument = ctx.instruments[order.token]
        placed = await place_order(
            self._uow_factory(),
            self._market,
            principal=self._principal,
            request=OrderRequest(
                account_id=ctx.account_id,
                symbol=instrument.tradingsymbol,
                exchange=instrument.exchange,
                side=order.side,
                quantity=quantity,
                order_type=order.order_type,
                product=order.product,
                price=order.price,
                trigger_price=order.trigger_price,
                triggered_by=ctx.source,
            ),
        )
        self.orders_placed += 1
        self._real[order.id] = placed.order.id
        self._ours[placed.order.id] = order.id
        if placed.order.status.is_final:
            ctx.snapshot.working.pop(order.id, None)
        else:
            ctx.snapshot.working[order.id] = replace(placed.order, id=order.id)
        return placed.fills

    def _quantity(self, intent: Intent) -> int:
        size = intent.size
        if isinstance(size, int):
            return size
        assert size is not None
        order, ctx = intent.order, self._ctx
        price = self._expected_price(order)
        if price is None:
            return 0
        equity = ctx.snapshot.cash + sum(
            (
                p.quantity * (price if t == order.token else ctx.snapshot.marks.get(t, ZERO))
                for t, p in ctx.snapshot.positions.items()
            ),
            ZERO,
        )
        return units_for(size, equity=equity, price=price, instrument=ctx.instruments[order.token])

    def _expected_price(self, order: Order) -> Decimal | None:
        if order.order_type is OrderType.LIMIT:
            return order.price
        if order.order_type in (OrderType.SL, OrderType.SL_M):
            return order.trigger_price
        quote = self._market.quotes.get(order.token)
        if quote is None:
            return None
        base = (quote.ask if order.side is Side.BUY else quote.bid) or quote.ltp
        tick = self._ctx.instruments[order.token].tick_size
        return execution_price(base, order.side, self._market.matching, tick)
