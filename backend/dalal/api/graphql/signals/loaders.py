"""DataLoaders of the signals area, built per request for the caller; each batch opens its
own unit of work. They load only the caller's rows, so a foreign id resolves to nothing.

They live on the request's ``Loaders`` object (created on first use). A websocket's context
lasts the whole connection, so there they batch but never cache: a subscription event must
see the rows as they are now, not as an earlier event saw them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from starlette.websockets import WebSocket
from strawberry.dataloader import DataLoader

from dalal.api.graphql.context import Info
from dalal.api.graphql.permissions import require_principal
from dalal.domain.accounts import Account
from dalal.domain.algos import Algo
from dalal.domain.signal_executions import Allocation, SignalExecution
from dalal.domain.users import Principal
from dalal.services import signal_queries as queries
from dalal.services.runtime import Runtime
from dalal.services.signal_queries import GroupAnalytics


class AlgoByIdLoader(DataLoader[uuid.UUID, Algo | None]):
    def __init__(self, runtime: Runtime, principal: Principal, *, cache: bool) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[Algo | None]:
            found = await queries.algos_by_ids(
                runtime.uow_factory(), principal=principal, algo_ids=list(ids)
            )
            return [found.get(i) for i in ids]

        super().__init__(load_fn=load, cache=cache)


class AllocationsByExecutionLoader(DataLoader[uuid.UUID, list[Allocation]]):
    def __init__(self, runtime: Runtime, principal: Principal, *, cache: bool) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[list[Allocation]]:
            found = await queries.allocations_by_executions(
                runtime.uow_factory(), principal=principal, execution_ids=list(ids)
            )
            return [found.get(i, []) for i in ids]

        super().__init__(load_fn=load, cache=cache)


class ExecutionsBySignalLoader(DataLoader[uuid.UUID, list[SignalExecution]]):
    def __init__(self, runtime: Runtime, principal: Principal, *, cache: bool) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[list[SignalExecution]]:
            found = await queries.executions_by_signals(
                runtime.uow_factory(), principal=principal, signal_ids=list(ids)
            )
            return [found.get(i, []) for i in ids]

        super().__init__(load_fn=load, cache=cache)


class AccountByIdLoader(DataLoader[uuid.UUID, tuple[Account, Decimal] | None]):
    """The caller's account with its cash (what the ``Account`` type shows)."""

    def __init__(self, runtime: Runtime, principal: Principal, *, cache: bool) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[tuple[Account, Decimal] | None]:
            found = await queries.accounts_by_ids(
                runtime.uow_factory(), principal=principal, account_ids=list(ids)
            )
            return [found.get(i) for i in ids]

        super().__init__(load_fn=load, cache=cache)


class AnalyticsByGroupLoader(DataLoader[uuid.UUID, GroupAnalytics]):
    def __init__(self, runtime: Runtime, principal: Principal, *, cache: bool) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[GroupAnalytics]:
            found = await queries.group_analytics(
                runtime.uow_factory(), principal=principal, group_ids=list(ids)
            )
            return [found[i] for i in ids]

        super().__init__(load_fn=load, cache=cache)


class SignalLoaders:
    def __init__(self, runtime: Runtime, principal: Principal, *, cache: bool) -> None:
        self.algo_by_id = AlgoByIdLoader(runtime, principal, cache=cache)
        self.allocations_by_execution = AllocationsByExecutionLoader(
            runtime, principal, cache=cache
        )
        self.executions_by_signal = ExecutionsBySignalLoader(runtime, principal, cache=cache)
        self.account_by_id = AccountByIdLoader(runtime, principal, cache=cache)
        self.analytics_by_group = AnalyticsByGroupLoader(runtime, principal, cache=cache)


_SLOT = "signals"


def signal_loaders(info: Info) -> SignalLoaders:
    context = info.context
    holder = vars(context.loaders)
    existing = holder.get(_SLOT)
    if isinstance(existing, SignalLoaders):
        return existing
    cache = not isinstance(context.request, WebSocket)
    created = SignalLoaders(context.runtime, require_principal(context), cache=cache)
    holder[_SLOT] = created
    return created
