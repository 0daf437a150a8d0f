from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.settings import Settings


@pytest.fixture
async def uow_factory(settings: Settings) -> AsyncIterator[SqlUnitOfWorkFactory]:
    """Units of work on the run's migrated database (service tests, no server)."""
    engine = create_engine(settings.resolved_database_url)
    yield SqlUnitOfWorkFactory(create_session_factory(engine), None)
    await engine.dispose()
