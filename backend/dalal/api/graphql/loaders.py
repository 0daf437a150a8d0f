"""DataLoaders, built per request; each batch opens its own unit of work, never a shared one."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from dalal.domain.users import User
from dalal.services.runtime import Runtime
from dalal.services.users import users_by_ids


class Loaders:
    def __init__(self, runtime: Runtime) -> None:
        async def load_users(ids: Sequence[uuid.UUID]) -> list[User | None]:
            found = await users_by_ids(runtime.uow_factory(), list(ids))
            return [found.get(i) for i in ids]

        self.user_by_id: DataLoader[uuid.UUID, User | None] = DataLoader(load_fn=load_users)
