"""``placeBasket``: several legs to several accounts, all or nothing per account."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.context import Info
from dalal.api.graphql.permissions import CanTrade, require_principal
from dalal.api.graphql.risk.inputs import LevelInput, TrailInput, stops_of
from dalal.api.graphql.trading.orders import order_error
from dalal.api.graphql.trading.types import (
    ExchangeEnum,
    FillType,
    OrderType,
    OrderTypeEnum,
    ProductEnum,
    SideEnum,
)
from dalal.domain.errors import DomainError
from dalal.domain.instruments import Exchange
from dalal.domain.orders import OrderType as DomainOrderType
from dalal.domain.orders import Product, Side
from dalal.services import basket as service
from dalal.services.orders import UnknownSymbol


@strawberry.input
class BasketLegInput:
    symbol: str
    side: SideEnum
    lots: int = 1
    product: ProductEnum = ProductEnum.NRML
    order_type: OrderTypeEnum = OrderTypeEnum.MARKET
    price: Decimal | None = None
    trigger_price: Decimal | None = None
    exchange: ExchangeEnum | None = None
    stop_loss: LevelInput | None = strawberry.field(
        default=None, description="Bracket: exits this leg's position at this stop"
    )
    target: LevelInput | None = None
    trailing_stop: TrailInput | None = None

    def to_domain(self) -> service.BasketLeg:
        return service.BasketLeg(
            symbol=self.symbol,
            side=Side(self.side.value),
            lots=self.lots,
            product=Product(self.product.value),
            order_type=DomainOrderType(self.order_type.value),
            price=self.price,
            trigger_price=self.trigger_price,
            exchange=Exchange(self.exchange.value) if self.exchange else None,
            stops=stops_of(self.stop_loss, self.target, self.trailing_stop),
        )


@strawberry.type
class AccountBasketResult:
    account_id: strawberry.ID
    placed: bool = strawberry.field(description="false: nothing of the basket was placed")
    orders: list[OrderType]
    fills: list[FillType]
    failed_leg: int | None = strawberry.field(description="Index of the refused leg")
    error: errors.UserError | None


@strawberry.type
class PlaceBasketSuccess:
    accounts: list[AccountBasketResult]


PlaceBasketResult = Annotated[
    PlaceBasketSuccess | errors.InvalidInput | errors.UnknownSymbol,
    strawberry.union("PlaceBasketResult"),
]


def _result(found: service.AccountBasket) -> AccountBasketResult:
    if found.refused is not None:
        return AccountBasketResult(
            account_id=strawberry.ID(str(found.account_id)),
            placed=False,
            orders=[],
            fills=[],
            failed_leg=found.refused.leg,
            error=order_error(found.refused.error),
        )
    return AccountBasketResult(
        account_id=strawberry.ID(str(found.account_id)),
        placed=True,
        orders=[OrderType.of(p.order, p.instrument) for p in found.placed],
        fills=[FillType.of(f, p.instrument) for p in found.placed for f in p.fills],
        failed_leg=None,
        error=None,
    )


@strawberry.type
class BasketMutation:
    @strawberry.mutation(
        permission_classes=[CanTrade],
        description=(
            "Every leg to every account: one transaction per account, so an account gets the "
            "whole basket or, if any leg is refused, nothing (with the leg and the reason)"
        ),
    )
    async def place_basket(
        self, info: Info, legs: list[BasketLegInput], account_ids: list[strawberry.ID]
    ) -> PlaceBasketResult:
        ids: list[uuid.UUID] = []
        for raw in account_ids:
            try:
                ids.append(uuid.UUID(str(raw)))
            except ValueError:
                return errors.InvalidInput(
                    message=f"'{raw}' is not an account id.", code="INVALID_INPUT",
                    field="accountIds",
                )  # fmt: skip
        try:
            found = await service.place_basket(
                info.context.runtime.uow_factory,
                info.context.runtime.market,
                principal=require_principal(info.context),
                legs=[leg.to_domain() for leg in legs],
                account_ids=ids,
            )
        except UnknownSymbol as exc:
            return errors.UnknownSymbol(message=exc.message, code=exc.code)
        except DomainError as exc:
            return errors.invalid_input(exc)
        return PlaceBasketSuccess(accounts=[_result(a) for a in found])
