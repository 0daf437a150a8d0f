"""Bulk inserts for the fan-out paths: COPY on PostgreSQL, executemany elsewhere.

A signal reaching a thousand accounts writes thousands of rows. Through SQLAlchemy's
executemany each row's parameters pass through Python bind processing; asyncpg's binary COPY
takes the same rows several times faster, inside the session's own transaction. Small batches
keep executemany, whose fixed cost is lower.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import orjson
from sqlalchemy import JSON, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeDecorator

COPY_FROM_ROWS = 64  # below this, executemany is as fast and needs no raw connection

Converter = Callable[[Any], Any]


def _converter(column_type: Any, dialect: Dialect) -> Converter | None:
    """What SQLAlchemy would do to a value before sending it, for the types we use."""
    if isinstance(column_type, TypeDecorator):
        decorator = column_type
        return lambda value: decorator.process_bind_param(value, dialect)
    if isinstance(column_type, JSON):
        return lambda value: None if value is None else orjson.dumps(value).decode()
    return None


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
    converters = [_converter(table.c[name].type, bind.dialect) for name in columns]
    records = [
        tuple(
            convert(row[name]) if convert is not None else row[name]
            for name, convert in zip(columns, converters, strict=True)
        )
        for row in rows
    ]
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
        table.name, records=records, columns=columns
    )
