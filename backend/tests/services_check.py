"""Fail fast, and say how to fix it, when the PostgreSQL or Redis that the tests use is down.

The test suite never skips them: integration tests on real services are part of `make test`.
"""

from __future__ import annotations

import asyncio
import os
import sys

import asyncpg
import redis.asyncio as redis
from sqlalchemy.engine import make_url

HINT = "Start it with ../shared/services-up (CI does this), or point {var} at a running server."


async def _check() -> list[str]:
    problems: list[str] = []
    pg_url = os.environ.get(
        "DALAL_TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    )
    url = make_url(pg_url)
    try:
        connection = await asyncpg.connect(
            host=url.host,
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            database=url.database or "postgres",
            timeout=5,
        )
        await connection.close()
    except Exception as exc:
        problems.append(
            f"PostgreSQL at {url.host}:{url.port or 5432} is not reachable ({exc}). "
            + HINT.format(var="DALAL_TEST_DATABASE_URL")
        )
    redis_url = os.environ.get("DALAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.from_url(redis_url, socket_connect_timeout=5)
    try:
        await client.ping()
    except Exception as exc:
        problems.append(
            f"Redis at {redis_url} is not reachable ({exc}). "
            + HINT.format(var="DALAL_TEST_REDIS_URL")
        )
    finally:
        await client.aclose()
    return problems


def main() -> int:
    problems = asyncio.run(_check())
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    if not problems:
        print("services: PostgreSQL and Redis are reachable")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
