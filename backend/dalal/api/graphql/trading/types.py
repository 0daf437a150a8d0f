"""GraphQL types of the trading area. Money and prices are ``Decimal`` (strings on the wire)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import strawberry

from dalal.api.graphql.context import Info
from dalal.api.graphql.trading.account_links import own_accounts
from dalal.domain import instruments as di
from dalal.domain import orders as do
from dalal.domain.accounts import Account
from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.market import Quote
from dalal.domain.money import canonical
from dalal.domain.order_book import Order


def display_price(value: Decimal | None) -> Decimal | None:
    """A price as traders read it: two decimals, or more only when the exact value needs them
    (an average of fills can fall between paise). Never rounds away information."""
    return canonical(value) if value is not None else None


@strawberry.enum(name="Side")
class SideEnum(Enum):
    BUY = "BUY"
    SELL = "SELL"


@strawberry.enum(name="OrderType")
class OrderTypeEnum(Enum):
    MARKET = "MARKET"
    LIMIT = "LIMIT"
    SL = "SL"
    SL_M = "SL-M"


@strawberry.enum(name="Product")
class ProductEnum(Enum):
    MIS = "MIS"
    CNC = "CNC"
    NRML = "NRML"


@strawberry.enum(name="Validity")
class ValidityEnum(Enum):
    DAY = "DAY"
    IOC = "IOC"


@strawberry.enum(name="OrderStatus")
class OrderStatusEnum(Enum):
    PENDING = "PENDING"
    OPEN = "OPEN"
    TRIGGER_PENDING = "TRIGGER_PENDING"
    PARTIALLY_FILLED = "PARTIALLY_FILLED"
    COMPLETE = "COMPLETE"
    CANCELLED = "CANCELLED"
    REJECTED = "REJECTED"


@strawberry.enum(name="Exchange")
class ExchangeEnum(Enum):
    NSE = "NSE"
    BSE = "BSE"
    NFO = "NFO"
    BFO = "BFO"


@strawberry.enum(name="InstrumentKind")
class InstrumentKindEnum(Enum):
    EQ = "EQ"
    FUT = "FUT"
    CE = "CE"
    PE = "PE"
    INDEX = "INDEX"


@strawberry.type(
    name="AccountLink", description="Another of your accounts, as copy trading links them"
)
class AccountLinkType:
    id: strawberry.ID
    label: str
    multiplier: Decimal
    archived: bool

    @classmethod
    def of(cls, account: Account) -> AccountLinkType:
        return cls(
            id=strawberry.ID(str(account.id)),
            label=account.label,
            multiplier=account.multiplier,
            archived=not account.active,
        )


@strawberry.type(name="Account")
class AccountType:
    id: strawberry.ID
    label: str
    broker: str
    capital: Decimal
    multiplier: Decimal
    tags: list[str]
    charges_template: str
    created_at: datetime
    archived_at: datetime | None
    cash: Decimal
    account: strawberry.Private[Account]

    @strawberry.field(description="The master account whose manual fills this one copies")
    async def copies_account(self, info: Info) -> AccountLinkType | None:
        if self.account.copies is None:
            return None
        master = next((a for a in await own_accounts(info) if a.id == self.account.copies), None)
        return AccountLinkType.of(master) if master else None

    @strawberry.field(description="The active accounts that copy this one's manual fills")
    async def followers(self, info: Info) -> list[AccountLinkType]:
        own = await own_accounts(info)
        return [AccountLinkType.of(a) for a in own if a.copies == self.account.id and a.active]

    @classmethod
    def of(cls, account: Account, cash: Decimal) -> AccountType:
        return cls(
            account=account,
            id=strawberry.ID(str(account.id)),
            label=account.label,
            broker=account.broker,
            capital=account.capital,
            multiplier=account.multiplier,
            tags=list(account.tags),
            charges_template=account.charges_template,
            created_at=account.created_at,
            archived_at=account.archived_at,
            cash=cash,
        )


@strawberry.type(name="Instrument")
class InstrumentType:
    token: int
    exchange: ExchangeEnum
    tradingsymbol: str
    name: str
    kind: InstrumentKindEnum
    lot_size: int
    tick_size: Decimal
    underlying: str | None
    expiry: date | None
    strike: Decimal | None

    @classmethod
    def of(cls, i: di.Instrument) -> InstrumentType:
        return cls(
            token=i.token,
            exchange=ExchangeEnum(i.exchange.value),
            tradingsymbol=i.tradingsymbol,
            name=i.name,
            kind=InstrumentKindEnum(i.instrument_type.value),
            lot_size=i.lot_size,
            tick_size=i.tick_size,
            underlying=i.underlying,
            expiry=i.expiry,
            strike=i.strike,
        )


@strawberry.type(name="Quote")
class QuoteType:
    token: int
    symbol: str
    at: datetime
    ltp: Decimal
    bid: Decimal | None
    ask: Decimal | None
    volume: int
    oi: int | None = strawberry.field(
        default=None, description="Open interest in units (F&O); null when not reported"
    )

    @classmethod
    def of(cls, quote: Quote, symbol: str) -> QuoteType:
        return cls(
            token=quote.token,
            symbol=symbol,
            at=quote.at,
            ltp=quote.ltp,
            bid=quote.bid,
            ask=quote.ask,
            volume=quote.volume,
            oi=quote.oi,
        )


@strawberry.type(name="Charges")
class ChargesType:
    brokerage: Decimal
    stt: Decimal
    exchange_txn: Decimal
    sebi: Decimal
    stamp_duty: Decimal
    gst: Decimal = strawberry.field(description="GST on brokerage, exchange, SEBI and the fee")
    auto_square_off: Decimal = strawberry.field(
        description="The broker's fee on an order its risk system squared off (before GST)"
    )
    total: Decimal

    @classmethod
    def of(cls, c: ChargeBreakdown) -> ChargesType:
        return cls(
            brokerage=c.brokerage,
            stt=c.stt,
            exchange_txn=c.exchange_txn,
            sebi=c.sebi,
            stamp_duty=c.stamp_duty,
            gst=c.gst,
            auto_square_off=c.auto_square_off,
            total=c.total,
        )


@strawberry.type(name="Order")
class OrderType:
    id: strawberry.ID
    account_id: strawberry.ID
    instrument: InstrumentType
    side: SideEnum
    quantity: int
    order_type: OrderTypeEnum
    product: ProductEnum
    validity: ValidityEnum
    price: Decimal | None
    trigger_price: Decimal | None
    status: OrderStatusEnum
    filled_quantity: int
    average_price: Decimal | None
    triggered_by: str
    client_order_id: str | None
    amo: bool
    reject_reason: str | None
    cancel_reason: str | None
    placed_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, o: Order, instrument: di.Instrument) -> OrderType:
        return cls(
            id=strawberry.ID(str(o.id)),
            account_id=strawberry.ID(str(o.account_id)),
            instrument=InstrumentType.of(instrument),
            side=SideEnum(o.side.value),
            quantity=o.quantity,
            order_type=OrderTypeEnum(o.order_type.value),
            product=ProductEnum(o.product.value),
            validity=ValidityEnum(o.validity.value),
            price=display_price(o.price),
            trigger_price=display_price(o.trigger_price),
            status=OrderStatusEnum(o.status.value),
            filled_quantity=o.filled_quantity,
            average_price=display_price(o.average_price),
            triggered_by=o.triggered_by,
            client_order_id=o.client_order_id,
            amo=o.amo,
            reject_reason=o.reject_reason,
            cancel_reason=o.cancel_reason,
            placed_at=o.placed_at,
            updated_at=o.updated_at,
        )


@strawberry.type(name="Fill")
class FillType:
    id: strawberry.ID
    order_id: strawberry.ID
    account_id: strawberry.ID
    instrument: InstrumentType
    side: SideEnum
    quantity: int
    price: Decimal
    at: datetime
    tag: str
    charges: ChargesType

    @classmethod
    def of(cls, f: do.Fill, instrument: di.Instrument) -> FillType:
        return cls(
            id=strawberry.ID(str(f.id)),
            order_id=strawberry.ID(str(f.order_id)),
            account_id=strawberry.ID(str(f.account_id)),
            instrument=InstrumentType.of(instrument),
            side=SideEnum(f.side.value),
            quantity=f.quantity,
            price=display_price(f.price) or f.price,
            at=f.at,
            tag=f.tag.value,
            charges=ChargesType.of(f.charges),
        )
