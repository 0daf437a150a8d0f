from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.context import Info
from dalal.api.graphql.pagination import check_page_size
from dalal.api.graphql.permissions import CanTrade, IsAuthenticated, require_principal
from dalal.api.graphql.risk.inputs import LevelInput, TrailInput, stops_of
from dalal.api.graphql.risk.types import RiskRejectedError
from dalal.api.graphql.trading.types import (
    ExchangeEnum,
    FillType,
    OrderStatusEnum,
    OrderType,
    OrderTypeEnum,
    ProductEnum,
    SideEnum,
    ValidityEnum,
)
from dalal.domain.accounts import AccountArchived
from dalal.domain.errors import DomainError, InvalidInput, NotFound
from dalal.domain.instrument_rules import PriceNotOnTick, QuantityNotLotMultiple
from dalal.domain.instruments import Exchange
from dalal.domain.margin import InsufficientMargin
from dalal.domain.order_book import MarketClosed
from dalal.domain.orders import OrderStatus, Product, Side, Validity
from dalal.domain.orders import OrderType as DomainOrderType
from dalal.domain.risk.pretrade import RiskRejected
from dalal.services import orders as service
from dalal.services import trading_queries as queries
from dalal.services.order_events import orders_channel


@strawberry.input
class PlaceOrderInput:
    account_id: strawberry.ID
    symbol: str
    side: SideEnum
    quantity: int = strawberry.field(description="Units: shares, or lots × lot size for F&O")
    order_type: OrderTypeEnum = OrderTypeEnum.MARKET
    product: ProductEnum = ProductEnum.MIS
    exchange: ExchangeEnum | None = None
    validity: ValidityEnum = ValidityEnum.DAY
    price: Decimal | None = None
    trigger_price: Decimal | None = None
    client_order_id: str | None = strawberry.field(
        default=None,
        description="Idempotency key: a retry with the same id returns the first order",
    )
    amo: bool = False
    stop_loss: LevelInput | None = strawberry.field(
        default=None, description="Bracket: exits the position it opens at this stop (SL)"
    )
    target: LevelInput | None = strawberry.field(
        default=None, description="Bracket: exits at this target; cancels the stop (OCO)"
    )
    trailing_stop: TrailInput | None = strawberry.field(
        default=None, description="Bracket: a stop that trails the best price (TSL)"
    )


@strawberry.input
class ModifyOrderInput:
    id: strawberry.ID
    quantity: int | None = None
    price: Decimal | None = None
    trigger_price: Decimal | None = None


@strawberry.type
class PlaceOrderSuccess:
    order: OrderType
    fills: list[FillType]


@strawberry.type
class CancelOrderSuccess:
    order: OrderType


PlaceOrderResult = Annotated[
    PlaceOrderSuccess
    | errors.InvalidInput
    | errors.NotFound
    | errors.AccountArchived
    | errors.UnknownSymbol
    | errors.TickSizeError
    | errors.LotSizeError
    | errors.InsufficientMargin
    | errors.MarketClosed
    | errors.OrderRejected
    | errors.OrderNotModifiable
    | RiskRejectedError,
    strawberry.union("PlaceOrderResult"),
]
CancelOrderResult = Annotated[
    CancelOrderSuccess | errors.NotFound | errors.OrderNotModifiable,
    strawberry.union("CancelOrderResult"),
]


def order_error(exc: DomainError) -> errors.UserError:  # noqa: PLR0911 - one branch per type
    message, code = exc.message, exc.code
    if isinstance(exc, RiskRejected):
        return RiskRejectedError.of(exc)
    if isinstance(exc, PriceNotOnTick):
        return errors.TickSizeError(message=message, code=code, tick_size=exc.tick)
    if isinstance(exc, QuantityNotLotMultiple):
        return errors.LotSizeError(message=message, code=code, lot_size=exc.lot_size)
    if isinstance(exc, InsufficientMargin):
        return errors.InsufficientMargin(message=message, code=code)
    if isinstance(exc, MarketClosed):
        return errors.MarketClosed(message=message, code=code)
    if isinstance(exc, service.UnknownSymbol):
        return errors.UnknownSymbol(message=message, code=code)
    if isinstance(exc, service.OrderNotModifiable):
        return errors.OrderNotModifiable(message=message, code=code)
    if isinstance(exc, AccountArchived):
        return errors.AccountArchived(message=message, code=code)
    if isinstance(exc, NotFound):
        return errors.not_found(exc)
    if type(exc) is InvalidInput:
        return errors.invalid_input(exc)
    return errors.OrderRejected(message=message, code=code)


def _uuid(raw: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def _success(placed: service.PlacedOrder) -> PlaceOrderSuccess:
    return PlaceOrderSuccess(
        order=OrderType.of(placed.order, placed.instrument),
        fills=[FillType.of(f, placed.instrument) for f in placed.fills],
    )


@strawberry.type
class OrderMutation:
    @strawberry.mutation(permission_classes=[CanTrade])
    async def place_order(self, info: Info, input: PlaceOrderInput) -> PlaceOrderResult:
        account_id = _uuid(input.account_id)
        if account_id is None:
            return errors.NotFound(message="No such account among yours.", code="NOT_FOUND")
        if input.quantity <= 0:
            return errors.InvalidInput(
                message="Enter a quantity above zero.", code="INVALID_INPUT", field="quantity"
            )
        request = service.OrderRequest(
            account_id=account_id,
            symbol=input.symbol,
            side=Side(input.side.value),
            quantity=input.quantity,
            order_type=DomainOrderType(input.order_type.value),
            product=Product(input.product.value),
            exchange=Exchange(input.exchange.value) if input.exchange else None,
            validity=Validity(input.validity.value),
            price=input.price,
            trigger_price=input.trigger_price,
            client_order_id=input.client_order_id,
            amo=input.amo,
            stops=stops_of(input.stop_loss, input.target, input.trailing_stop),
        )
        try:
            placed = await service.place_order(
                info.context.runtime.uow_factory(),
                info.context.runtime.market,
                principal=require_principal(info.context),
                request=request,
            )
        except DomainError as exc:
            return order_error(exc)  # type: ignore[return-value]
        return _success(placed)

    @strawberry.mutation(permission_classes=[CanTrade])
    async def modify_order(self, info: Info, input: ModifyOrderInput) -> PlaceOrderResult:
        order_id = _uuid(input.id)
        if order_id is None:
            return errors.NotFound(message="No such order among yours.", code="NOT_FOUND")
        try:
            placed = await service.modify_order(
                info.context.runtime.uow_factory(),
                info.context.runtime.market,
                principal=require_principal(info.context),
                order_id=order_id,
                quantity=input.quantity,
                price=input.price,
                trigger_price=input.trigger_price,
            )
        except DomainError as exc:
            return order_error(exc)  # type: ignore[return-value]
        return _success(placed)

    @strawberry.mutation(permission_classes=[CanTrade])
    async def cancel_order(self, info: Info, id: strawberry.ID) -> CancelOrderResult:
        order_id = _uuid(id)
        if order_id is None:
            return errors.NotFound(message="No such order among yours.", code="NOT_FOUND")
        try:
            order = await service.cancel_order(
                info.context.runtime.uow_factory(),
                info.context.runtime.market,
                principal=require_principal(info.context),
                order_id=order_id,
            )
        except (NotFound, service.OrderNotModifiable) as exc:
            return order_error(exc)  # type: ignore[return-value]
        instrument = await queries.instrument(info.context.runtime.uow_factory(), order.token)
        return CancelOrderSuccess(order=OrderType.of(order, instrument))


@strawberry.type
class OrderQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Newest first")
    async def orders(
        self,
        info: Info,
        account_id: strawberry.ID | None = None,
        status: list[OrderStatusEnum] | None = None,
        first: int = 50,
        before: datetime | None = None,
    ) -> list[OrderType]:
        principal = require_principal(info.context)
        if account_id is not None and _uuid(account_id) is None:
            return []  # no account of anyone's has that id
        found = await queries.orders(
            info.context.runtime.uow_factory(),
            principal=principal,
            account_id=_uuid(account_id) if account_id else None,
            statuses=[OrderStatus(s.value) for s in status or []],
            limit=check_page_size(first),
            before=before,
        )
        return [OrderType.of(o, i) for o, i in found]

    @strawberry.field(permission_classes=[IsAuthenticated], description="Newest first")
    async def fills(
        self,
        info: Info,
        account_id: strawberry.ID | None = None,
        order_id: strawberry.ID | None = None,
        first: int = 50,
        before: datetime | None = None,
    ) -> list[FillType]:
        principal = require_principal(info.context)
        if any(raw is not None and _uuid(raw) is None for raw in (account_id, order_id)):
            return []  # no account or order of anyone's has that id
        found = await queries.fills(
            info.context.runtime.uow_factory(),
            principal=principal,
            account_id=_uuid(account_id) if account_id else None,
            order_id=_uuid(order_id) if order_id else None,
            limit=check_page_size(first),
            before=before,
        )
        return [FillType.of(f, i) for f, i in found]


@strawberry.type
class OrderEvent:
    kind: str = strawberry.field(description="order or fill")
    order: OrderType | None
    fill: FillType | None


@strawberry.type
class OrderSubscription:
    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def order_updates(self, info: Info) -> AsyncGenerator[OrderEvent, None]:
        """Your orders and fills as they change; sent at once, never conflated."""
        principal = require_principal(info.context)
        runtime = info.context.runtime
        async with runtime.bus.subscribe(orders_channel(principal.user.id)) as events:
            async for event in events:
                if event.get("type") == "fill":
                    found = await queries.fill_by_id(runtime.uow_factory(), principal, event["id"])
                    if found:
                        yield OrderEvent(kind="fill", order=None, fill=FillType.of(*found))
                else:
                    got = await queries.order_by_id(runtime.uow_factory(), principal, event["id"])
                    if got:
                        yield OrderEvent(kind="order", order=OrderType.of(*got), fill=None)
