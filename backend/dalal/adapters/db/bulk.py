"""Bulk writes for the fan-out paths: COPY and unnest upserts on PostgreSQL, executemany
elsewhere.

A signal reaching a thousand accounts writes thousands of rows. Through SQLAlchemy's
executemany each row's parameters pass through Python bind processing; asyncpg's binary COPY
takes the same rows several times faster, inside the session's own transaction. Small batches
keep executemany, whose fixed cost is lower.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

import orjson
from sqlalchemy import JSON, ColumnElement, Table, any_, bindparam, literal
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeDecorator

from dalal.adapters.db.base import ExactDecimal, UTCDateTime
from dalal.adapters.db.raw import driver

COPY_FROM_ROWS = 64  # below this, executemany is as fast and needs no raw connection

Converter = Callable[[Any], Any]


def _converter(column_type: Any, dialect: Dialect) -> Converter | None:
    """What SQLAlchemy would do to a value before sending it, for the types we use. On
    PostgreSQL our exact decimals and UTC datetimes go to asyncpg as they are (NUMERIC and
    timestamptz take Decimal and aware datetime), so they need no per-value call."""
    if isinstance(column_type, ExactDecimal | UTCDateTime) and dialect.name == "postgresql":
        return None
    if isinstance(column_type, TypeDecorator):
        decorator = column_type
        return lambda value: decorator.process_bind_param(value, dialect)
    if isinstance(column_type, JSON):
        return lambda value: None if value is None else orjson.dumps(value).decode()
    return None


def _records(
    table: Table, columns: Sequence[str], rows: Sequence[Mapping[str, Any]], dialect: Dialect
) -> list[tuple[Any, ...]]:
    converters = [_converter(table.c[name].type, dialect) for name in columns]
    if not any(converters):
        return [tuple(row[name] for name in columns) for row in rows]
    return [
        tuple(
            convert(row[name]) if convert is not None else row[name]
            for name, convert in zip(columns, converters, strict=True)
        )
        for row in rows
    ]


async def insert_rows(
    session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Insert ``rows`` (all with the same keys) into ``table`` in the session's transaction."""
    if not rows:
        return
    bind = session.bind
    if bind.dialect.name != "postgresql" or len(rows) < COPY_FROM_ROWS:
        await session.execute(table.insert(), list(rows))
        return
    columns = list(rows[0])
    records = _records(table, columns, rows, bind.dialect)
    await (await driver(session)).copy_records_to_table(
        table.name, records=records, columns=columns
    )


@functools.cache
def _upsert_sql(table: Table, columns: tuple[str, ...], keys: tuple[str, ...]) -> str:
    """``INSERT … SELECT FROM unnest(<one array per column>) ON CONFLICT … DO UPDATE``."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    types = [table.c[name].type.compile(dialect=dialect) for name in columns]
    arrays = ", ".join(f"${i}::{t}[]" for i, t in enumerate(types, start=1))
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in keys)
    assert all(k in table.c for k in keys)
    # Every name is a column of our own table (checked above), never input.
    return (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT * FROM unnest({arrays}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )


async def upsert_rows(
    session: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    keys: Sequence[str],
    fallback: Any,
) -> None:
    """Insert ``rows`` (all with the same keys), updating the rows whose ``keys`` already
    exist. On PostgreSQL one statement binds one array per column (``unnest``): no SQL to
    compile, no parameter set per row. Elsewhere, and for a few rows, ``fallback`` (the
    equivalent SQLAlchemy upsert statement) runs as an executemany."""
    if not rows:
        return
    bind = session.bind
    if bind.dialect.name != "postgresql" or len(rows) < COPY_FROM_ROWS:
        await session.execute(fallback, list(rows))
        return
    columns = tuple(rows[0])
    records = _records(table, columns, rows, bind.dialect)
    arrays = [list(values) for values in zip(*records, strict=True)]
    await (await driver(session)).execute(_upsert_sql(table, columns, tuple(keys)), *arrays)


@functools.cache
def _update_sql(table: Table, columns: tuple[str, ...], key: str) -> str:
    """``UPDATE … FROM unnest(<one array per column>) AS v(…) WHERE t.key = v.key``."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    types = [table.c[name].type.compile(dialect=dialect) for name in columns]
    arrays = ", ".join(f"${i}::{t}[]" for i, t in enumerate(types, start=1))
    sets = ", ".join(f"{c} = v.{c}" for c in columns if c != key)
    assert key in columns
    # Every name is a column of our own table (checked by table.c above), never input.
    return (
        f"UPDATE {table.name} AS t SET {sets} "  # noqa: S608
        f"FROM unnest({arrays}) AS v({', '.join(columns)}) WHERE t.{key} = v.{key}"
    )


async def update_rows(
    session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]], *, key: str = "id"
) -> None:
    """Set the other columns of each row (all with the same keys) on the row whose ``key``
    matches. On PostgreSQL: one statement with one array per column; elsewhere, and for a
    few rows, an executemany of ``UPDATE … WHERE key = :_key``."""
    if not rows:
        return
    columns = tuple(rows[0])
    bind = session.bind
    if bind.dialect.name != "postgresql" or len(rows) < COPY_FROM_ROWS:
        statement = (
            table.update()
            .where(table.c[key] == bindparam("_key"))
            .values({c: bindparam(c) for c in columns if c != key})
        )
        params = [{**{c: r[c] for c in columns if c != key}, "_key": r[key]} for r in rows]
        await session.execute(statement, params)
        return
    records = _records(table, columns, rows, bind.dialect)
    arrays = [list(values) for values in zip(*records, strict=True)]
    await (await driver(session)).execute(_update_sql(table, columns, key), *arrays)


def among(column: Any, values: Iterable[Any], dialect: str) -> ColumnElement[bool]:
    """``column IN values``. On PostgreSQL ``column = ANY(<one array parameter>)``: a
    thousand ids then bind as one value, and the statement compiles once, instead of being
    expanded to a thousand parameters on every execution."""
    if dialect == "postgresql":
        array = literal(list(values), type_=postgresql.ARRAY(column.type))
        return cast(ColumnElement[bool], column == any_(array))
    return cast(ColumnElement[bool], column.in_(list(values)))
