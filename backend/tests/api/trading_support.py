"""Helpers for the trading API tests: instruments, a server whose market the test drives,
the GraphQL operations, and websocket streams. The fixtures are in ``conftest_trading``.

Quotes go straight into the server's ``QuoteBook`` (what a placement fills against) or through
a ``MarketLoop`` built from the app's own runtime pieces (``step`` records, publishes and
matches working orders, as the feed loop does). Tokens and symbols are ones the demo master
never uses, so no synthetic feed in another server of the run ever quotes them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Quote
from dalal.engine.matching import MatchingConfig
from dalal.services.market_loop import MarketLoop
from dalal.settings import Settings
from tests.api.helpers import Session, gql, register
from tests.api.ws import GraphQLWs
from tests.conftest import RunningServer

IST = ZoneInfo("Asia/Kolkata")

# ---- instruments -----------------------------------------------------------------------------

STOCK = Instrument(
    token=8_800_001,
    exchange=Exchange.NSE,
    tradingsymbol="DALALTESTEQ",
    name="DALAL TEST EQUITY",
    instrument_type=InstrumentType.EQ,
    lot_size=1,
    tick_size=Decimal("0.05"),  # a ₹500 stock: the 250-1,000 slab of the 2025 table
)
PROBE = Instrument(
    token=8_800_002,
    exchange=Exchange.NSE,
    tradingsymbol="DALALPROBEEQ",
    name="DALAL PROBE EQUITY",
    instrument_type=InstrumentType.EQ,
    lot_size=1,
    tick_size=Decimal("0.05"),
)
UNQUOTED = Instrument(
    token=8_800_006,
    exchange=Exchange.NSE,
    tradingsymbol="DALALQUIETEQ",
    name="DALAL QUIET EQUITY",  # never quoted: no test sets a price for it
    instrument_type=InstrumentType.EQ,
    lot_size=1,
    tick_size=Decimal("0.05"),
)
INDEX = Instrument(
    token=8_800_003,
    exchange=Exchange.NSE,
    tradingsymbol="DALALTESTIDX",
    name="DALAL TEST INDEX",
    instrument_type=InstrumentType.INDEX,
    lot_size=1,
    tick_size=Decimal("0.05"),
)
FUTURE = Instrument(
    token=8_800_004,
    exchange=Exchange.NFO,
    tradingsymbol="DALALIDX26DECFUT",
    name="DALALIDX",
    instrument_type=InstrumentType.FUT,
    lot_size=65,
    tick_size=Decimal("0.05"),  # an index future below 15,000: 0.05
    underlying="DALALIDX",
    expiry=date(2026, 12, 29),
)
CALL = Instrument(
    token=8_800_005,
    exchange=Exchange.NFO,
    tradingsymbol="DALALIDX26DEC12000CE",
    name="DALALIDX",
    instrument_type=InstrumentType.CE,
    lot_size=65,
    tick_size=Decimal("0.05"),
    underlying="DALALIDX",
    expiry=date(2026, 12, 29),
    strike=Decimal("12000"),
)
INSTRUMENTS = (STOCK, PROBE, UNQUOTED, INDEX, FUTURE, CALL)


def quote(
    instrument: Instrument,
    ltp: str,
    bid: str | None = None,
    ask: str | None = None,
    *,
    at: datetime | None = None,
    volume: int = 1_000,
) -> Quote:
    return Quote(
        token=instrument.token,
        at=at or datetime.now(UTC),
        ltp=Decimal(ltp),
        bid=Decimal(bid) if bid is not None else None,
        ask=Decimal(ask) if ask is not None else None,
        volume=volume,
    )


# ---- servers whose market the test drives ----------------------------------------------------


class SettableClock:
    """The injected clock: the wall clock until a test pins it to an instant."""

    def __init__(self) -> None:
        self.at: datetime | None = None

    def now(self) -> datetime:
        return self.at if self.at is not None else datetime.now(UTC)

    def set_ist(self, day: date, hour: int, minute: int = 0) -> None:
        self.at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=IST).astimezone(UTC)


class TradingServer(RunningServer):
    """A real server whose quote book, clock and market loop the test reaches.

    The app's own market runtime is stopped once the server is up: its loop would run the
    session-end jobs (MIS square-off, DAY-order expiry) on its own clock, across the shared
    database. Here the test alone moves the market, through ``tick``.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.runtime = self.app.state.runtime
        self.clock = SettableClock()
        self._default_market = replace(self.runtime.market, clock=self.clock)
        self.reset()

    async def start(self) -> None:
        await super().start()
        await self.app.state.market_runtime.stop()

    def reset(self) -> None:
        """The wall clock and the configured matching, as a test finds them."""
        self.clock.at = None
        self.use_matching(self._default_market.matching)

    def use_matching(self, matching: MatchingConfig) -> None:
        """Match with ``matching`` (e.g. a participation cap) from now on."""
        self.runtime.market = replace(self._default_market, matching=matching)
        self.loop = MarketLoop(
            uow_factory=self.runtime.uow_factory,
            market=self.runtime.market,
            publisher=self.runtime.bus,
            feed=None,
            interval_seconds=1.0,
        )

    def set_quotes(self, *quotes: Quote) -> None:
        """Quotes a new order meets at placement; working orders are not matched."""
        self.runtime.market.quotes.update(quotes)

    async def tick(self, *quotes: Quote) -> None:
        """One step of the market loop: record, publish and match working orders."""
        await self.loop.step(list(quotes))


# ---- GraphQL operations ----------------------------------------------------------------------

ACCOUNT_FIELDS = "id label broker capital multiplier tags chargesTemplate archivedAt cash"
ACCOUNT_RESULT = f"""
    __typename
    ... on AccountSuccess {{ account {{ {ACCOUNT_FIELDS} }} }}
    ... on UserError {{ message code }}
    ... on InvalidInput {{ field }}
"""
CREATE_ACCOUNT = f"""
mutation Create($input: CreateAccountInput!) {{ createAccount(input: $input) {{ {ACCOUNT_RESULT} }} }}
"""
UPDATE_ACCOUNT = f"""
mutation Update($input: UpdateAccountInput!) {{ updateAccount(input: $input) {{ {ACCOUNT_RESULT} }} }}
"""
ARCHIVE_ACCOUNT = f"""
mutation Archive($id: ID!) {{ archiveAccount(id: $id) {{ {ACCOUNT_RESULT} }} }}
"""
DEPOSIT = f"""
mutation Deposit($id: ID!, $amount: Decimal!) {{
  deposit(accountId: $id, amount: $amount) {{ {ACCOUNT_RESULT} }}
}}
"""
WITHDRAW = f"""
mutation Withdraw($id: ID!, $amount: Decimal!) {{
  withdraw(accountId: $id, amount: $amount) {{ {ACCOUNT_RESULT} }}
}}
"""
ACCOUNTS = f"""
query Accounts($archived: Boolean! = false) {{
  accounts(includeArchived: $archived) {{ {ACCOUNT_FIELDS} }}
}}
"""

CHARGES = "brokerage stt exchangeTxn sebi stampDuty gst total"
ORDER_FIELDS = """
id accountId side quantity orderType product validity price triggerPrice status
filledQuantity averagePrice clientOrderId amo rejectReason cancelReason
instrument { token tradingsymbol }
"""
FILL_FIELDS = f"id orderId accountId side quantity price tag charges {{ {CHARGES} }}"
ORDER_RESULT = f"""
    __typename
    ... on PlaceOrderSuccess {{ order {{ {ORDER_FIELDS} }} fills {{ {FILL_FIELDS} }} }}
    ... on UserError {{ message code }}
    ... on InvalidInput {{ field }}
    ... on TickSizeError {{ tickSize }}
    ... on LotSizeError {{ lotSize }}
"""
PLACE_ORDER = f"""
mutation Place($input: PlaceOrderInput!) {{ placeOrder(input: $input) {{ {ORDER_RESULT} }} }}
"""
MODIFY_ORDER = f"""
mutation Modify($input: ModifyOrderInput!) {{ modifyOrder(input: $input) {{ {ORDER_RESULT} }} }}
"""
CANCEL_ORDER = f"""
mutation Cancel($id: ID!) {{
  cancelOrder(id: $id) {{
    __typename
    ... on CancelOrderSuccess {{ order {{ {ORDER_FIELDS} }} }}
    ... on UserError {{ message code }}
  }}
}}
"""
ORDERS = f"""
query Orders($accountId: ID, $status: [OrderStatus!], $first: Int! = 50) {{
  orders(accountId: $accountId, status: $status, first: $first) {{ {ORDER_FIELDS} }}
}}
"""
FILLS = f"""
query Fills($accountId: ID, $orderId: ID, $first: Int! = 50) {{
  fills(accountId: $accountId, orderId: $orderId, first: $first) {{ {FILL_FIELDS} }}
}}
"""
POSITION_FIELDS = f"""
accountId product quantity averagePrice ltp realizedPnl unrealizedPnl buyQuantity sellQuantity
instrument {{ token tradingsymbol }} charges {{ {CHARGES} }}
"""
POSITIONS = f"""
query Positions($accountId: ID, $openOnly: Boolean! = false) {{
  positions(accountId: $accountId, openOnly: $openOnly) {{ {POSITION_FIELDS} }}
}}
"""
PORTFOLIO = f"""
query Portfolio($ids: [ID!]) {{
  portfolio(accountIds: $ids) {{
    cash equity marginUsed realizedPnl unrealizedPnl charges netPnl
    accounts {{
      account {{ id cash }}
      cash equity marginUsed marginAvailable realizedPnl unrealizedPnl charges netPnl
      positions {{ {POSITION_FIELDS} }}
    }}
  }}
}}
"""
ORDER_UPDATES = f"""
subscription {{
  orderUpdates {{ kind order {{ {ORDER_FIELDS} }} fill {{ {FILL_FIELDS} }} }}
}}
"""
POSITION_UPDATES = f"subscription {{ positionUpdates {{ {POSITION_FIELDS} }} }}"
CREATE_API_KEY = """
mutation Key($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeySuccess { secret }
  }
}
"""
SET_ROLE = """
mutation SetRole($id: ID!, $role: Role!) {
  setUserRole(userId: $id, role: $role) { __typename }
}
"""


# ---- helpers ---------------------------------------------------------------------------------


async def first_admin(client: httpx.AsyncClient) -> str:
    """Register the admin of this test's empty database (its first user): their token."""
    admin = await register(client)
    assert admin.role == "ADMIN", "call first_admin before anyone else registers"
    return admin.access_token


async def trader(client: httpx.AsyncClient) -> Session:
    """A trader, never the run's first user: the first user of an empty database is admin."""
    session = await register(client)
    if session.role != "ADMIN":
        return session
    return await register(client)


async def open_account(
    client: httpx.AsyncClient,
    token: str,
    capital: str = "1000000",
    *,
    label: str = "main",
    charges: str = "zerodha",
    **extra: Any,
) -> dict[str, Any]:
    body = await gql(
        client,
        CREATE_ACCOUNT,
        {"input": {"label": label, "capital": capital, "chargesTemplate": charges, **extra}},
        token=token,
    )
    result: dict[str, Any] = body["data"]["createAccount"]
    assert result["__typename"] == "AccountSuccess", result
    account: dict[str, Any] = result["account"]
    return account


def order_input(account_id: str, **fields: Any) -> dict[str, Any]:
    """A PlaceOrderInput: a MIS MARKET buy of one share of the test stock unless told."""
    values: dict[str, Any] = {
        "accountId": account_id,
        "symbol": STOCK.tradingsymbol,
        "side": "BUY",
        "quantity": 1,
        "orderType": "MARKET",
        "product": "MIS",
    }
    values.update(fields)
    return values


async def place(
    client: httpx.AsyncClient, token: str, account_id: str, **fields: Any
) -> dict[str, Any]:
    body = await gql(client, PLACE_ORDER, {"input": order_input(account_id, **fields)}, token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["placeOrder"]
    return result


async def placed(
    client: httpx.AsyncClient, token: str, account_id: str, **fields: Any
) -> dict[str, Any]:
    """Place an order that must be accepted; the PlaceOrderSuccess payload."""
    result = await place(client, token, account_id, **fields)
    assert result["__typename"] == "PlaceOrderSuccess", result
    return result


async def query(
    client: httpx.AsyncClient, document: str, token: str, **variables: Any
) -> dict[str, Any]:
    body = await gql(client, document, variables, token=token)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def money(value: str) -> Decimal:
    return Decimal(value)


# ---- subscriptions ---------------------------------------------------------------------------


@dataclass
class Streams:
    """One websocket with named subscriptions; messages are buffered per subscription id."""

    ws: GraphQLWs
    buffered: dict[str, list[dict[str, Any]]]

    @classmethod
    async def open(cls, server: RunningServer, token: str, **subscriptions: str) -> Streams:
        ws = await GraphQLWs.open(server.ws_url, {"authorization": f"Bearer {token}"})
        for op_id, document in subscriptions.items():
            await ws.subscribe(document, op_id=op_id)
        return cls(ws, {op_id: [] for op_id in subscriptions})

    async def next(
        self,
        op_id: str,
        where: Callable[[dict[str, Any]], bool] = lambda _: True,
        timeout: float = 10,
    ) -> dict[str, Any]:
        """The next data payload on ``op_id`` that satisfies ``where`` (others are dropped)."""
        async with asyncio.timeout(timeout):
            while True:
                queue = self.buffered[op_id]
                while queue:
                    data = queue.pop(0)
                    if where(data):
                        return data
                await self._receive_one(timeout)

    async def _receive_one(self, timeout: float) -> None:
        message = await self.ws.receive(timeout)
        op_id = message.get("id")
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        self.buffered.setdefault(str(op_id), []).append(message["payload"]["data"])

    async def until_live(self, probe: Callable[[], Any], *op_ids: str) -> None:
        """Trigger ``probe`` until every subscription in ``op_ids`` has delivered an event.

        A subscription is live once its first event comes through; the probe's events stay
        in the buffers, and callers skip them by filtering on their own account.
        """
        for _ in range(50):
            await probe()
            try:
                async with asyncio.timeout(0.5):
                    while not all(self.buffered.get(op_id) for op_id in op_ids):
                        await self._receive_one(0.5)
                return
            except TimeoutError:
                continue
        raise AssertionError(f"the subscriptions {op_ids} never went live")

    async def close(self) -> None:
        await self.ws.close()
