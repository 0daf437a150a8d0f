"""The risk area's DataLoader: a position's guard, batched per request for the caller.

On a websocket the context lasts the connection, so there it batches but never caches."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from starlette.websockets import WebSocket
from strawberry.dataloader import DataLoader

from dalal.api.graphql.context import Info
from dalal.api.graphql.permissions import require_principal
from dalal.domain.risk.guard import PositionGuard
from dalal.services.position_stops import guards_by_accounts

_SLOT = "risk_guards"


class GuardsByAccountLoader(DataLoader[uuid.UUID, list[PositionGuard]]):
    def __init__(self, info: Info) -> None:
        context = info.context
        principal = require_principal(context)
        runtime = context.runtime

        async def load(ids: Sequence[uuid.UUID]) -> list[list[PositionGuard]]:
            found = await guards_by_accounts(
                runtime.uow_factory(), principal=principal, account_ids=list(ids)
            )
            return [found.get(i, []) for i in ids]

        super().__init__(load_fn=load, cache=not isinstance(context.request, WebSocket))


def guards_by_account(info: Info) -> GuardsByAccountLoader:
    holder = vars(info.context.loaders)
    existing = holder.get(_SLOT)
    if isinstance(existing, GuardsByAccountLoader):
        return existing
    created = GuardsByAccountLoader(info)
    holder[_SLOT] = created
    return created
