"""Forward tests: start, stop, square off, list, read, and ``forwardTestUpdates``.

Everything is the caller's own: another user's session (or account) is ``NotFound``, as an
unknown one is, and updates come from the caller's own channel only.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Annotated, Any

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.context import Info
from dalal.api.graphql.forward_tests.inputs import StartForwardTestInput
from dalal.api.graphql.forward_tests.types import ForwardTestType, ForwardTestUpdateType
from dalal.api.graphql.pagination import Connection, check_page_size
from dalal.api.graphql.permissions import CanTrade, IsAuthenticated, require_principal
from dalal.api.graphql.signals.paging import connection, decode_keyset, parse_uuid
from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.market import Interval
from dalal.services import forward_tests as service
from dalal.services.forward_progress import forward_channel

_SESSIONS = "forward_test"


@strawberry.type
class ForwardTestSuccess:
    forward_test: ForwardTestType


@strawberry.type
class SquareOffAllForwardTestsSuccess:
    forward_tests: list[ForwardTestType] = strawberry.field(description="The sessions squared off")


ForwardTestResult = Annotated[
    ForwardTestSuccess | errors.InvalidInput | errors.NotFound,
    strawberry.union("ForwardTestResult"),
]


def _error(exc: InvalidInput | NotFound) -> Any:
    return errors.not_found(exc) if isinstance(exc, NotFound) else errors.invalid_input(exc)


def _missing() -> errors.NotFound:
    return errors.NotFound(message="No such forward test among yours.", code="NOT_FOUND")


async def _view(info: Info, session_id: uuid.UUID) -> ForwardTestType | None:
    runtime = info.context.runtime
    found = await service.get_forward_test(
        runtime.uow_factory(),
        runtime.market,
        principal=require_principal(info.context),
        session_id=session_id,
    )
    return ForwardTestType.of(found) if found else None


async def _result(info: Info, session_id: uuid.UUID) -> Any:
    view = await _view(info, session_id)
    return ForwardTestSuccess(forward_test=view) if view else _missing()


@strawberry.type
class ForwardTestQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Newest first")
    async def forward_tests(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[ForwardTestType]:
        size, before = check_page_size(first), decode_keyset(_SESSIONS, after)
        runtime = info.context.runtime
        found = await service.list_forward_tests(
            runtime.uow_factory(),
            runtime.market,
            principal=require_principal(info.context),
            before=before,
            limit=size + 1,
        )
        return connection(
            _SESSIONS,
            found,
            size,
            lambda v: (v.session.started_at, v.session.id),
            ForwardTestType.of,
        )

    @strawberry.field(permission_classes=[IsAuthenticated], description="null if not yours")
    async def forward_test(self, info: Info, id: strawberry.ID) -> ForwardTestType | None:
        session_id = parse_uuid(id)
        return await _view(info, session_id) if session_id else None


@strawberry.type
class ForwardTestMutation:
    @strawberry.mutation(
        permission_classes=[CanTrade],
        description="Run a strategy on the live (or replayed) feed with paper orders for one "
        "of your accounts; it trades from the next candle close",
    )
    async def start_forward_test(
        self, info: Info, input: StartForwardTestInput
    ) -> ForwardTestResult:
        account_id = parse_uuid(input.account_id)
        if account_id is None:
            return errors.NotFound(message="No such account among yours.", code="NOT_FOUND")
        runtime = info.context.runtime
        params = input.params if isinstance(input.params, dict) else {"params": input.params}
        try:
            session = await service.start_forward_test(
                runtime.uow_factory(),
                runtime.market,
                principal=require_principal(info.context),
                request=service.StartRequest(
                    strategy=input.strategy,
                    params=params,
                    account_id=account_id,
                    symbols=input.symbols,
                    interval=Interval(input.interval.value),
                    charges=input.charges,
                    source_backtest_run_id=(
                        str(input.from_backtest_run_id) if input.from_backtest_run_id else None
                    ),
                ),
            )
        except (InvalidInput, NotFound) as exc:
            return _error(exc)  # type: ignore[no-any-return]
        return await _result(info, session.id)  # type: ignore[no-any-return]

    @strawberry.mutation(
        permission_classes=[CanTrade],
        description="Stop calling the strategy; its positions and working orders stay",
    )
    async def stop_forward_test(self, info: Info, id: strawberry.ID) -> ForwardTestResult:
        session_id = parse_uuid(id)
        if session_id is None:
            return _missing()
        runtime = info.context.runtime
        try:
            await service.stop_forward_test(
                runtime.uow_factory(), runtime.market, runtime.bus,
                principal=require_principal(info.context), session_id=session_id,
            )  # fmt: skip
        except (InvalidInput, NotFound, service.ForwardTestNotRunning) as exc:
            if isinstance(exc, service.ForwardTestNotRunning):
                return errors.InvalidInput(message=exc.message, code=exc.code, field="id")
            return _error(exc)  # type: ignore[no-any-return]
        return await _result(info, session_id)  # type: ignore[no-any-return]

    @strawberry.mutation(
        permission_classes=[CanTrade],
        description="Cancel the session's working orders and close its positions at market",
    )
    async def square_off_forward_test(self, info: Info, id: strawberry.ID) -> ForwardTestResult:
        session_id = parse_uuid(id)
        if session_id is None:
            return _missing()
        runtime = info.context.runtime
        try:
            await service.square_off_forward_test(
                runtime.uow_factory(), runtime.market, runtime.bus,
                principal=require_principal(info.context), session_id=session_id,
            )  # fmt: skip
        except (InvalidInput, NotFound) as exc:
            return _error(exc)  # type: ignore[no-any-return]
        return await _result(info, session_id)  # type: ignore[no-any-return]

    @strawberry.mutation(
        permission_classes=[CanTrade], description="Square off every forward test of yours"
    )
    async def square_off_all_forward_tests(self, info: Info) -> SquareOffAllForwardTestsSuccess:
        runtime = info.context.runtime
        done = await service.square_off_all_forward_tests(
            runtime.uow_factory, runtime.market, runtime.bus,
            principal=require_principal(info.context),
        )  # fmt: skip
        views = [v for s in done if (v := await _view(info, s.id)) is not None]
        return SquareOffAllForwardTestsSuccess(forward_tests=views)


@strawberry.type
class ForwardTestSubscription:
    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def forward_test_updates(
        self, info: Info, id: strawberry.ID | None = None
    ) -> AsyncGenerator[ForwardTestUpdateType, None]:
        """MTM, P&L, trades and status of one session of yours, or of all when ``id`` is
        omitted: after candle closes (a few a second at most) and at once on a new status."""
        principal = require_principal(info.context)
        wanted = None
        if id is not None:
            wanted = parse_uuid(id)
            if wanted is None or await _view(info, wanted) is None:
                raise errors.ApiError("No such forward test among yours.", "NOT_FOUND")
        runtime = info.context.runtime
        async with runtime.bus.subscribe(forward_channel(principal.user.id)) as messages:
            async for message in messages:
                if wanted is None or message.get("id") == str(wanted):
                    yield ForwardTestUpdateType.of(message)
