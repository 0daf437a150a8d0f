"""asyncpg's own prepared statements, inside the session's transaction, for the reads on
every order's path that return many rows (an account's positions, their instruments).

Through SQLAlchemy each value of each row passes its result processors; asyncpg already
gives the types we want (Decimal, date, UUID). On SQLite, callers run their Core statement.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


async def pg_fetch(session: AsyncSession, sql: str, *args: Any) -> list[Any] | None:
    """The rows of ``sql`` (numbered parameters), or None when not on PostgreSQL."""
    if session.bind.dialect.name != "postgresql":
        return None
    connection = await session.connection()
    driver: Any = (await connection.get_raw_connection()).driver_connection
    return list(await driver.fetch(sql, *args))


def plain_uuid(value: uuid.UUID) -> uuid.UUID:
    """asyncpg answers its own UUID subclass; the domain keeps ``uuid.UUID`` (JSON encoders
    and ``type()`` checks see the same class wherever a row came from)."""
    return value if type(value) is uuid.UUID else uuid.UUID(int=value.int)
