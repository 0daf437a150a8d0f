"""Copy-trading links between the caller's accounts: one read of them per request, however
many ``Account`` objects ask for their master or followers.

On a websocket the context lasts the whole connection, so there the loader batches but never
caches: an event must see the links as they are now.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from starlette.websockets import WebSocket
from strawberry.dataloader import DataLoader

from dalal.api.graphql.context import Info
from dalal.api.graphql.permissions import require_principal
from dalal.domain.accounts import Account
from dalal.domain.users import Principal
from dalal.services.accounts import linked_accounts
from dalal.services.runtime import Runtime


class AccountsByOwnerLoader(DataLoader[uuid.UUID, list[Account]]):
    """The caller's accounts (archived included); any other key loads nothing."""

    def __init__(self, runtime: Runtime, principal: Principal, *, cache: bool) -> None:
        async def load(owners: Sequence[uuid.UUID]) -> list[list[Account]]:
            if principal.user.id not in owners:
                return [[] for _ in owners]
            own = await linked_accounts(runtime.uow_factory(), principal=principal)
            return [own if o == principal.user.id else [] for o in owners]

        super().__init__(load_fn=load, cache=cache)


_SLOT = "accounts_by_owner"


async def own_accounts(info: Info) -> list[Account]:
    """The caller's accounts, through the request's loader."""
    context = info.context
    principal = require_principal(context)
    holder = vars(context.loaders)
    loader = holder.get(_SLOT)
    if not isinstance(loader, AccountsByOwnerLoader):
        cache = not isinstance(context.request, WebSocket)
        loader = AccountsByOwnerLoader(context.runtime, principal, cache=cache)
        holder[_SLOT] = loader
    return await loader.load(principal.user.id)
