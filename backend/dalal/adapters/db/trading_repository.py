"""Instruments, orders, fills and positions: explicit mapping between rows and the domain.

Hot paths (fills, order updates) use Core statements; the ORM is not involved.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Date, Text, and_, bindparam, case, cast, func, literal, or_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from dalal.adapters.db.base import table_of
from dalal.adapters.db.bulk import among, insert_rows, upsert_rows
from dalal.adapters.db.raw import RowMemo, pg_fetch, plain_uuid
from dalal.adapters.db.trading_models import (
    AccountRow,
    BarRow,
    FillRow,
    InstrumentRow,
    OrderRow,
    PositionRow,
)
from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Bar, Interval
from dalal.domain.money import canonical
from dalal.domain.order_book import Order
from dalal.domain.orders import (
    Fill,
    FillTag,
    OrderStatus,
    OrderType,
    Product,
    Side,
    Validity,
)
from dalal.domain.positions import Position

LIVE_STATUSES = (
    OrderStatus.PENDING.value,
    OrderStatus.OPEN.value,
    OrderStatus.TRIGGER_PENDING.value,
    OrderStatus.PARTIALLY_FILLED.value,
)


def _instrument(row: InstrumentRow) -> Instrument:
    return Instrument(
        token=row.token,
        exchange=Exchange(row.exchange),
        tradingsymbol=row.tradingsymbol,
        name=row.name,
        instrument_type=InstrumentType(row.instrument_type),
        lot_size=row.lot_size,
        # The column's scale (0.0500) would leak into messages: keep the tick as written.
        tick_size=canonical(row.tick_size),
        underlying=row.underlying,
        expiry=row.expiry,
        strike=canonical(row.strike) if row.strike is not None else None,
    )


_INSTRUMENT_COLUMNS = tuple(
    table_of(InstrumentRow).c[name]
    for name in (
        "token", "exchange", "tradingsymbol", "name", "instrument_type", "lot_size",
        "tick_size", "underlying", "expiry", "strike",
    )
)  # fmt: skip
_INSTRUMENTS_PG = (
    "SELECT token, exchange, tradingsymbol, name, instrument_type, lot_size, tick_size,"
    " underlying, expiry, strike FROM instruments WHERE token = ANY($1::bigint[])"
)


def _build_instrument(row: tuple[Any, ...]) -> Instrument:
    """A row of ``_INSTRUMENT_COLUMNS``."""
    token, exchange, symbol, name, kind, lot_size, tick_size, underlying, expiry, strike = row
    return Instrument(
        token=token,
        exchange=Exchange(exchange),
        tradingsymbol=symbol,
        name=name,
        instrument_type=InstrumentType(kind),
        lot_size=lot_size,
        tick_size=canonical(tick_size),
        underlying=underlying,
        expiry=expiry,
        strike=canonical(strike) if strike is not None else None,
    )


_converted = RowMemo(_build_instrument, limit=20_000)  # open positions' instruments


def _instrument_values(i: Instrument) -> dict[str, object]:
    return {
        "token": i.token,
        "exchange": i.exchange.value,
        "tradingsymbol": i.tradingsymbol,
        "name": i.name,
        "instrument_type": i.instrument_type.value,
        "lot_size": i.lot_size,
        "tick_size": i.tick_size,
        "underlying": i.underlying,
        "expiry": i.expiry,
        "strike": i.strike,
    }


_NO_EXPIRY = date(1, 1, 1)  # sorts spot instruments (no expiry) before any contract
_KIND_RANK = case(
    (InstrumentRow.instrument_type.in_(("EQ", "INDEX")), 0),
    (InstrumentRow.instrument_type == "FUT", 1),
    else_=2,
)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _relevance(text: str | None) -> list[ColumnElement[Any]]:
    """The search order, as SQL that PostgreSQL and SQLite both run.

    With search text (upper case): the exact symbol, then symbols starting with the text,
    then the other matches (inside a symbol, or in the name). Then spot (EQ and INDEX)
    before futures before options, nearer expiry first, the symbol, and the token (unique,
    so the order is total and a keyset can resume it)."""
    key: list[ColumnElement[Any]] = [
        _KIND_RANK,
        func.coalesce(InstrumentRow.expiry, literal(_NO_EXPIRY, type_=Date)),
        InstrumentRow.tradingsymbol.expression,
        InstrumentRow.token.expression,
    ]
    if text:
        match = case(
            (InstrumentRow.tradingsymbol == text, 0),
            (InstrumentRow.tradingsymbol.like(f"{_escape_like(text)}%", escape="\\"), 1),
            else_=2,
        )
        key.insert(0, match)
    return key


class SqlInstrumentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def upsert_many(self, instruments: Sequence[Instrument]) -> int:
        """Insert or update by token, in chunks; returns how many were written."""
        if not instruments:
            return 0
        dialect = self._s.bind.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        for start in range(0, len(instruments), 1000):
            chunk = [_instrument_values(i) for i in instruments[start : start + 1000]]
            statement = insert(InstrumentRow).values(chunk)
            excluded = statement.excluded
            statement = statement.on_conflict_do_update(
                index_elements=[InstrumentRow.token],
                set_={k: getattr(excluded, k) for k in chunk[0] if k != "token"},
            )
            await self._s.execute(statement)
        return len(instruments)

    async def get(self, token: int) -> Instrument | None:
        row = await self._s.get(InstrumentRow, token)
        return _instrument(row) if row else None

    async def get_many(self, tokens: Iterable[int]) -> dict[int, Instrument]:
        wanted = set(tokens)
        if not wanted:
            return {}
        # Rows converted once per process: margin reads the instruments of every open
        # position on each order, and an account may hold a thousand.
        rows = await pg_fetch(self._s, _INSTRUMENTS_PG, list(wanted))
        if rows is None:
            rows = list(
                await self._s.execute(
                    select(*_INSTRUMENT_COLUMNS).where(InstrumentRow.token.in_(wanted))
                )
            )
        return {r[0]: _converted(tuple(r)) for r in rows}

    async def by_symbol(self, tradingsymbol: str, exchange: Exchange | None) -> Instrument | None:
        query = select(InstrumentRow).where(InstrumentRow.tradingsymbol == tradingsymbol.upper())
        if exchange is not None:
            query = query.where(InstrumentRow.exchange == exchange.value)
        rows = list(await self._s.scalars(query.limit(2)))
        return _instrument(rows[0]) if len(rows) == 1 else None

    async def search(
        self,
        *,
        text: str | None,
        exchange: Exchange | None,
        instrument_type: InstrumentType | None,
        underlying: str | None,
        expiry: object | None,
        after_token: int | None,
        limit: int,
    ) -> list[Instrument]:
        """Matching instruments, most relevant first (:func:`_relevance`).

        A page continues after the instrument ``after_token`` *in that order* (keyset on the
        relevance key, which ends with the unique token): pages stay disjoint and complete
        while instruments are added between them."""
        wanted = text.upper() if text else None
        query = select(InstrumentRow)
        if wanted:
            pattern = f"%{_escape_like(wanted)}%"
            query = query.where(
                or_(
                    InstrumentRow.tradingsymbol.like(pattern, escape="\\"),
                    func.upper(InstrumentRow.name).like(pattern, escape="\\"),
                )
            )
        if exchange is not None:
            query = query.where(InstrumentRow.exchange == exchange.value)
        if instrument_type is not None:
            query = query.where(InstrumentRow.instrument_type == instrument_type.value)
        if underlying:
            query = query.where(InstrumentRow.underlying == underlying.upper())
        if expiry is not None:
            query = query.where(InstrumentRow.expiry == expiry)
        key = _relevance(wanted)
        if after_token is not None:
            last = (
                await self._s.execute(select(*key).where(InstrumentRow.token == after_token))
            ).one_or_none()
            if last is None:  # not an instrument: nothing comes after it
                return []
            bound = [literal(value, type_=part.type) for value, part in zip(last, key, strict=True)]
            query = query.where(tuple_(*key) > tuple_(*bound))
        rows = await self._s.scalars(query.order_by(*key).limit(limit))
        return [_instrument(r) for r in rows]

    async def by_symbols(self, tradingsymbols: Sequence[str]) -> list[Instrument]:
        if not tradingsymbols:
            return []
        rows = await self._s.scalars(
            select(InstrumentRow).where(InstrumentRow.tradingsymbol.in_(list(tradingsymbols)))
        )
        return [_instrument(r) for r in rows]

    async def of_underlying(
        self, underlying: str, types: Sequence[InstrumentType], *, expiry_from: date | None
    ) -> list[Instrument]:
        """Every contract of ``underlying`` of these types (an algo's candidates)."""
        query = select(InstrumentRow).where(
            InstrumentRow.underlying == underlying,
            InstrumentRow.instrument_type.in_([t.value for t in types]),
        )
        if expiry_from is not None:
            query = query.where(
                or_(InstrumentRow.expiry.is_(None), InstrumentRow.expiry >= expiry_from)
            )
        rows = await self._s.scalars(query)
        return [_instrument(r) for r in rows]

    async def symbol_known(self, symbol: str) -> bool:
        """True if ``symbol`` is a trading symbol or an underlying of some contract."""
        found = await self._s.scalar(
            select(InstrumentRow.token)
            .where(or_(InstrumentRow.tradingsymbol == symbol, InstrumentRow.underlying == symbol))
            .limit(1)
        )
        return found is not None


def _order(row: OrderRow) -> Order:
    return Order(
        id=row.id,
        account_id=row.account_id,
        token=row.token,
        side=Side(row.side),
        quantity=row.quantity,
        order_type=OrderType(row.order_type),
        product=Product(row.product),
        validity=Validity(row.validity),
        price=row.price,
        trigger_price=row.trigger_price,
        status=OrderStatus(row.status),
        filled_quantity=row.filled_quantity,
        filled_value=row.filled_value,
        triggered_by=row.triggered_by,
        client_order_id=row.client_order_id,
        amo=row.amo,
        reject_reason=row.reject_reason,
        cancel_reason=row.cancel_reason,
        placed_at=row.placed_at,
        updated_at=row.updated_at,
    )


def _order_values(o: Order) -> dict[str, object]:
    return {
        "id": o.id,
        "account_id": o.account_id,
        "token": o.token,
        "side": o.side.value,
        "quantity": o.quantity,
        "order_type": o.order_type.value,
        "product": o.product.value,
        "validity": o.validity.value,
        "price": o.price,
        "trigger_price": o.trigger_price,
        "status": o.status.value,
        "filled_quantity": o.filled_quantity,
        "filled_value": o.filled_value,
        "triggered_by": o.triggered_by,
        "client_order_id": o.client_order_id,
        "amo": o.amo,
        "reject_reason": o.reject_reason,
        "cancel_reason": o.cancel_reason,
        "placed_at": o.placed_at,
        "updated_at": o.updated_at,
    }


class SqlOrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, order: Order) -> None:
        await self._s.execute(table_of(OrderRow).insert(), [_order_values(order)])

    async def add_many(self, orders: Sequence[Order]) -> None:
        if orders:
            await insert_rows(self._s, table_of(OrderRow), [_order_values(o) for o in orders])

    async def save_many(self, orders: Sequence[Order]) -> None:
        """Write the mutable fields of several orders: one executemany statement."""
        if not orders:
            return
        table = table_of(OrderRow)
        fields = (
            "status", "filled_quantity", "filled_value", "price", "trigger_price", "quantity",
            "reject_reason", "cancel_reason", "updated_at",
        )  # fmt: skip
        await self._s.execute(
            table.update()
            .where(table.c.id == bindparam("_id"))
            .values({name: bindparam(name) for name in fields}),
            [{"_id": o.id, **{k: v for k, v in _order_values(o).items() if k in fields}}
             for o in orders],
        )  # fmt: skip

    async def get_for_accounts(
        self, order_id: uuid.UUID, account_ids: Sequence[uuid.UUID], *, for_update: bool = False
    ) -> Order | None:
        query = select(OrderRow).where(
            OrderRow.id == order_id, OrderRow.account_id.in_(list(account_ids))
        )
        if for_update:
            query = query.with_for_update()
        row = await self._s.scalar(query)
        return _order(row) if row else None

    async def by_client_id(self, account_id: uuid.UUID, client_order_id: str) -> Order | None:
        row = await self._s.scalar(
            select(OrderRow).where(
                OrderRow.account_id == account_id, OrderRow.client_order_id == client_order_id
            )
        )
        return _order(row) if row else None

    async def live(self, *, tokens: Sequence[int] | None = None, lock: bool = False) -> list[Order]:
        """Orders that can still fill, oldest first (the matching engine's working set)."""
        query = select(OrderRow).where(OrderRow.status.in_(LIVE_STATUSES))
        if tokens is not None:
            query = query.where(OrderRow.token.in_(list(tokens)))
        if lock:
            query = query.with_for_update(skip_locked=True)
        rows = await self._s.scalars(query.order_by(OrderRow.placed_at, OrderRow.id))
        return [_order(r) for r in rows]

    async def list_for_accounts(
        self,
        account_ids: Sequence[uuid.UUID],
        *,
        statuses: Sequence[OrderStatus] | None,
        before: tuple[object, uuid.UUID] | None,
        limit: int,
    ) -> list[Order]:
        query = select(OrderRow).where(OrderRow.account_id.in_(list(account_ids)))
        if statuses:
            query = query.where(OrderRow.status.in_([s.value for s in statuses]))
        if before is not None:
            at, order_id = before
            query = query.where(
                or_(OrderRow.placed_at < at, and_(OrderRow.placed_at == at, OrderRow.id < order_id))
            )
        rows = await self._s.scalars(
            query.order_by(OrderRow.placed_at.desc(), OrderRow.id.desc()).limit(limit)
        )
        return [_order(r) for r in rows]


def _fill(row: FillRow) -> Fill:
    return Fill(
        id=row.id,
        order_id=row.order_id,
        account_id=row.account_id,
        token=row.token,
        side=Side(row.side),
        quantity=row.quantity,
        price=row.price,
        at=row.at,
        tag=FillTag(row.tag),
        charges=ChargeBreakdown(
            brokerage=row.brokerage,
            stt=row.stt,
            exchange_txn=row.exchange_txn,
            sebi=row.sebi,
            stamp_duty=row.stamp_duty,
            gst=row.gst,
            auto_square_off=row.auto_square_off,
        ),
    )


class SqlFillRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add_many(self, fills: Sequence[Fill]) -> None:
        if not fills:
            return
        await insert_rows(
            self._s,
            table_of(FillRow),
            [
                {
                    "id": f.id,
                    "order_id": f.order_id,
                    "account_id": f.account_id,
                    "token": f.token,
                    "side": f.side.value,
                    "quantity": f.quantity,
                    "price": f.price,
                    "at": f.at,
                    "tag": f.tag.value,
                    **f.charges.as_dict(),
                }
                for f in fills
            ],
        )

    async def get_for_accounts(
        self, fill_id: uuid.UUID, account_ids: Sequence[uuid.UUID]
    ) -> Fill | None:
        row = await self._s.scalar(
            select(FillRow).where(FillRow.id == fill_id, FillRow.account_id.in_(list(account_ids)))
        )
        return _fill(row) if row else None

    async def list_for_accounts(
        self,
        account_ids: Sequence[uuid.UUID],
        *,
        order_id: uuid.UUID | None,
        before: tuple[object, uuid.UUID] | None,
        limit: int,
    ) -> list[Fill]:
        query = select(FillRow).where(FillRow.account_id.in_(list(account_ids)))
        if order_id is not None:
            query = query.where(FillRow.order_id == order_id)
        if before is not None:
            at, fill_id = before
            query = query.where(or_(FillRow.at < at, and_(FillRow.at == at, FillRow.id < fill_id)))
        rows = await self._s.scalars(
            query.order_by(FillRow.at.desc(), FillRow.id.desc()).limit(limit)
        )
        return [_fill(r) for r in rows]


def _position(row: PositionRow) -> Position:
    return Position(
        account_id=row.account_id,
        token=row.token,
        product=Product(row.product),
        quantity=row.quantity,
        cost=row.cost,
        realized_pnl=row.realized_pnl,
        charges=ChargeBreakdown(**{k: Decimal(v) for k, v in (row.charges or {}).items()}),
        buy_quantity=row.buy_quantity,
        buy_value=row.buy_value,
        sell_quantity=row.sell_quantity,
        sell_value=row.sell_value,
    )


_POSITION_COLUMNS = (
    *(
        table_of(PositionRow).c[name]
        for name in (
            "account_id", "token", "product", "quantity", "cost", "realized_pnl",
            "buy_quantity", "buy_value", "sell_quantity", "sell_value",
        )
    ),
    # As text: decoded (and memoised with the rest) only when the row is new to us.
    cast(PositionRow.charges, Text),
)  # fmt: skip
_POSITIONS_PG = (
    "SELECT account_id, token, product, quantity, cost, realized_pnl, buy_quantity, buy_value,"
    " sell_quantity, sell_value, charges::text FROM positions WHERE account_id = ANY($1::uuid[])"
    "{keys} ORDER BY account_id, token, product{lock}"
)
_POSITION_KEYS_PG = " AND token = ANY($2::bigint[]) AND product = ANY($3::text[])"


def _build_position(row: tuple[Any, ...]) -> Position:
    """A row of ``_POSITION_COLUMNS`` (``_POSITIONS_PG``)."""
    account_id, token, product, quantity, cost, realized, bq, bv, sq, sv, charges = row
    return Position(
        account_id=plain_uuid(account_id),
        token=token,
        product=Product(product),
        quantity=quantity,
        cost=cost,
        realized_pnl=realized,
        charges=ChargeBreakdown(
            **{k: Decimal(v) for k, v in (orjson.loads(charges) if charges else {}).items()}
        ),
        buy_quantity=bq,
        buy_value=bv,
        sell_quantity=sq,
        sell_value=sv,
    )


# Placing an order reads all of the account's positions, most unchanged since the last order.
_position_of = RowMemo(_build_position, limit=20_000)


def _position_values(p: Position) -> dict[str, object]:
    return {
        "account_id": p.account_id,
        "token": p.token,
        "product": p.product.value,
        "quantity": p.quantity,
        "cost": p.cost,
        "realized_pnl": p.realized_pnl,
        "charges": {k: str(v) for k, v in p.charges.as_dict().items()},
        "buy_quantity": p.buy_quantity,
        "buy_value": p.buy_value,
        "sell_quantity": p.sell_quantity,
        "sell_value": p.sell_value,
    }


class SqlPositionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def for_accounts(
        self,
        account_ids: Sequence[uuid.UUID],
        *,
        keys: Sequence[tuple[uuid.UUID, int, Product]] | None = None,
        lock: bool = False,
    ) -> list[Position]:
        """``lock`` also locks the accounts' rows, first and in id order (as placing an order
        does): fills booked at placement and by the market loop then take their locks in one
        order, account before position, so they never deadlock, and they are serialized per
        account, so neither builds a new position from a row the other has not committed."""
        if keys is not None and not keys:
            return []
        dialect = self._s.bind.dialect.name
        if lock:
            await self._s.execute(
                select(AccountRow.id)
                .where(among(AccountRow.id, account_ids, dialect))
                .order_by(AccountRow.id)
                .with_for_update(key_share=True)  # NO KEY UPDATE, as accounts.lock takes
            )
        rows = await pg_fetch(
            self._s,
            _POSITIONS_PG.format(
                keys=_POSITION_KEYS_PG if keys is not None else "",
                lock=" FOR UPDATE" if lock else "",
            ),
            list(account_ids),
            *(([t for _, t, _ in keys], [p.value for _, _, p in keys]) if keys is not None else ()),
        )
        if rows is None:  # SQLite: Core rows, not ORM instances (a fan-out reads thousands)
            query = select(*_POSITION_COLUMNS).where(
                among(PositionRow.account_id, account_ids, dialect)
            )
            if keys is not None:  # narrowed by token and product here, to the keys below
                query = query.where(
                    among(PositionRow.token, {t for _, t, _ in keys}, dialect),
                    among(PositionRow.product, {p.value for _, _, p in keys}, dialect),
                )
            if lock:
                query = query.with_for_update()
            rows = list(
                await self._s.execute(
                    query.order_by(PositionRow.account_id, PositionRow.token, PositionRow.product)
                )
            )
        found = [_position_of(tuple(r)) for r in rows]
        if keys is None:
            return found
        wanted = set(keys)
        return [p for p in found if (p.account_id, p.token, p.product) in wanted]

    async def save_many(self, positions: Sequence[Position], *, at: object) -> None:
        """Upsert positions by (account, token, product)."""
        if not positions:
            return
        dialect = self._s.bind.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        values = [{**_position_values(p), "updated_at": at} for p in positions]
        table = table_of(PositionRow)
        statement = insert(table)
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.account_id, table.c.token, table.c.product],
            set_={
                k: getattr(excluded, k)
                for k in values[0]
                if k not in ("account_id", "token", "product")
            },
        )
        await upsert_rows(
            self._s, table, values, keys=("account_id", "token", "product"), fallback=statement
        )

    async def open_with_product(self, product: Product) -> list[Position]:
        """Every open position of ``product``, locked (the square-off's working set)."""
        rows = await self._s.scalars(
            select(PositionRow)
            .where(PositionRow.product == product.value, PositionRow.quantity != 0)
            .order_by(PositionRow.account_id, PositionRow.token)
            .with_for_update()
        )
        return [_position(r) for r in rows]


def _bar(r: BarRow) -> Bar:
    return Bar(
        token=r.token,
        at=r.at,
        interval=Interval(r.interval),
        open=r.open,
        high=r.high,
        low=r.low,
        close=r.close,
        volume=r.volume,
    )


class SqlBarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def upsert_many(self, bars: Sequence[Bar]) -> int:
        if not bars:
            return 0
        dialect = self._s.bind.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = table_of(BarRow)
        statement = insert(table)
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.token, table.c.interval, table.c.at],
            set_={k: getattr(excluded, k) for k in ("open", "high", "low", "close", "volume")},
        )
        for start in range(0, len(bars), 5000):
            values = [
                {
                    "token": b.token,
                    "interval": b.interval.value,
                    "at": b.at,
                    "open": b.open,
                    "high": b.high,
                    "low": b.low,
                    "close": b.close,
                    "volume": b.volume,
                }
                for b in bars[start : start + 5000]
            ]
            await upsert_rows(
                self._s, table, values, keys=("token", "interval", "at"), fallback=statement
            )
        return len(bars)

    async def between(
        self,
        token: int,
        interval: Interval,
        start: datetime | None,
        end: datetime | None,
        limit: int,
    ) -> list[Bar]:
        query = select(BarRow).where(BarRow.token == token, BarRow.interval == interval.value)
        if start is not None:
            query = query.where(BarRow.at >= start)
        if end is not None:
            query = query.where(BarRow.at < end)
        rows = list(await self._s.scalars(query.order_by(BarRow.at.desc()).limit(limit)))
        return [_bar(r) for r in reversed(rows)]

    async def tokens_with(
        self, interval: Interval, start: datetime | None, end: datetime | None
    ) -> list[int]:
        """The instruments that have bars of ``interval`` opening in [start, end)."""
        query = select(BarRow.token).where(BarRow.interval == interval.value).distinct()
        if start is not None:
            query = query.where(BarRow.at >= start)
        if end is not None:
            query = query.where(BarRow.at < end)
        return sorted(await self._s.scalars(query))

    async def earliest(
        self,
        tokens: Sequence[int],
        interval: Interval,
        start: datetime | None,
        end: datetime | None,
    ) -> datetime | None:
        """The open time of the first bar of ``tokens`` in [start, end).

        One index seek per instrument (the primary key leads with the token), so paging a
        long replay day by day does not rescan the table."""
        if not tokens:
            return None
        first = select(func.min(BarRow.at)).where(
            BarRow.token == InstrumentRow.token, BarRow.interval == interval.value
        )
        if start is not None:
            first = first.where(BarRow.at >= start)
        if end is not None:
            first = first.where(BarRow.at < end)
        found: datetime | None = await self._s.scalar(
            select(func.min(first.scalar_subquery())).where(InstrumentRow.token.in_(list(tokens)))
        )
        return found

    async def all_between(
        self, tokens: Sequence[int], interval: Interval, start: datetime, end: datetime
    ) -> list[Bar]:
        """The bars of ``tokens`` opening in [start, end), by time then token."""
        if not tokens:
            return []
        rows = await self._s.scalars(
            select(BarRow)
            .where(
                BarRow.token.in_(list(tokens)),
                BarRow.interval == interval.value,
                BarRow.at >= start,
                BarRow.at < end,
            )
            .order_by(BarRow.at, BarRow.token)
        )
        return [_bar(r) for r in rows]
