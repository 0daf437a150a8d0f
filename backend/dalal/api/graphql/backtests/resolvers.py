"""Backtest runs and sweeps: start, read, cancel. Everything is the caller's own: another
user's run or sweep is not found (null in a query, ``NotFound`` in a mutation)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.backtests.inputs import BacktestInput, SweepInput
from dalal.api.graphql.backtests.types import BacktestRunType, SweepType
from dalal.api.graphql.context import Info
from dalal.api.graphql.pagination import Connection, check_page_size
from dalal.api.graphql.permissions import CanTrade, IsAuthenticated, require_principal
from dalal.api.graphql.signals.paging import connection, decode_keyset, parse_uuid
from dalal.domain.errors import DomainError, NotFound
from dalal.services import backtests as service
from dalal.services.backtest_data import NoBarsError
from dalal.services.orders import UnknownSymbol

_RUNS = "backtest"


@strawberry.type
class NoBars(errors.UserError):
    """No stored bars for a symbol in the chosen days; import them with `dalal import bars`."""

    symbol: str


@strawberry.type
class RunBacktestSuccess:
    run: BacktestRunType


@strawberry.type
class CancelBacktestSuccess:
    run: BacktestRunType


@strawberry.type
class RunSweepSuccess:
    sweep: SweepType


@strawberry.type
class CancelSweepSuccess:
    sweep: SweepType


_INPUT_ERRORS = errors.InvalidInput | errors.NotFound | errors.UnknownSymbol | NoBars
RunBacktestResult = Annotated[
    RunBacktestSuccess | _INPUT_ERRORS, strawberry.union("RunBacktestResult")
]
RunSweepResult = Annotated[RunSweepSuccess | _INPUT_ERRORS, strawberry.union("RunSweepResult")]
CancelBacktestResult = Annotated[
    CancelBacktestSuccess | errors.NotFound | errors.InvalidInput,
    strawberry.union("CancelBacktestResult"),
]
CancelSweepResult = Annotated[
    CancelSweepSuccess | errors.NotFound | errors.InvalidInput,
    strawberry.union("CancelSweepResult"),
]


def input_error(exc: DomainError) -> errors.UserError:
    """The typed error of a refused backtest input."""
    if isinstance(exc, NoBarsError):
        return NoBars(message=exc.message, code=exc.code, symbol=exc.symbol)
    if isinstance(exc, UnknownSymbol):
        return errors.UnknownSymbol(message=exc.message, code=exc.code)
    if isinstance(exc, NotFound):
        return errors.not_found(exc)
    return errors.invalid_input(exc)


def _now() -> datetime:
    return datetime.now(UTC)


def _missing(kind: str) -> errors.NotFound:
    return errors.NotFound(message=f"No such {kind} among yours.", code="NOT_FOUND")


@strawberry.type
class BacktestQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Newest first")
    async def backtest_runs(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[BacktestRunType]:
        size, before = check_page_size(first), decode_keyset(_RUNS, after)
        found = await service.list_runs(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            before=before,
            limit=size + 1,
        )
        now = _now()
        return connection(
            _RUNS, found, size, lambda r: (r.created_at, r.id), lambda r: BacktestRunType.of(r, now)
        )

    @strawberry.field(permission_classes=[IsAuthenticated], description="null if not yours")
    async def backtest_run(self, info: Info, id: strawberry.ID) -> BacktestRunType | None:
        run_id = parse_uuid(id)
        if run_id is None:
            return None
        found = await service.get_run(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            run_id=run_id,
        )
        return BacktestRunType.of(found, _now()) if found else None

    @strawberry.field(permission_classes=[IsAuthenticated], description="null if not yours")
    async def sweep(self, info: Info, id: strawberry.ID) -> SweepType | None:
        sweep_id = parse_uuid(id)
        if sweep_id is None:
            return None
        found = await service.get_sweep(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            sweep_id=sweep_id,
        )
        return SweepType.of(found, _now()) if found else None


@strawberry.type
class BacktestMutation:
    @strawberry.mutation(
        permission_classes=[CanTrade],
        description="Check the input, store the run and start it in the background; follow "
        "it with backtestProgress or backtestRun",
    )
    async def run_backtest(self, info: Info, input: BacktestInput) -> RunBacktestResult:
        runtime = info.context.runtime
        try:
            run = await service.start_run(
                runtime.uow_factory(),
                runtime.backtests,
                principal=require_principal(info.context),
                spec=input.to_spec(),
            )
        except DomainError as exc:
            return input_error(exc)  # type: ignore[return-value]
        return RunBacktestSuccess(run=BacktestRunType.of(run, _now()))

    @strawberry.mutation(permission_classes=[CanTrade], description="Stop a queued or running run")
    async def cancel_backtest(self, info: Info, id: strawberry.ID) -> CancelBacktestResult:
        runtime = info.context.runtime
        run_id = parse_uuid(id)
        if run_id is None:
            return _missing("backtest run")
        try:
            run = await service.cancel_run(
                runtime.uow_factory(),
                runtime.backtests,
                principal=require_principal(info.context),
                run_id=run_id,
            )
        except NotFound as exc:
            return errors.not_found(exc)
        except DomainError as exc:
            return errors.invalid_input(exc)
        return CancelBacktestSuccess(run=BacktestRunType.of(run, _now()))

    @strawberry.mutation(
        permission_classes=[CanTrade],
        description="Backtest every point of a grid over the base input, on worker processes",
    )
    async def run_sweep(self, info: Info, input: SweepInput) -> RunSweepResult:
        runtime = info.context.runtime
        try:
            sweep = await service.start_sweep(
                runtime.uow_factory(),
                runtime.backtests,
                principal=require_principal(info.context),
                spec=input.base.to_spec(),
                grid=input.axes(),
            )
        except DomainError as exc:
            return input_error(exc)  # type: ignore[return-value]
        return RunSweepSuccess(sweep=SweepType.of(sweep, _now()))

    @strawberry.mutation(
        permission_classes=[CanTrade], description="Stop a queued or running sweep"
    )
    async def cancel_sweep(self, info: Info, id: strawberry.ID) -> CancelSweepResult:
        runtime = info.context.runtime
        sweep_id = parse_uuid(id)
        if sweep_id is None:
            return _missing("sweep")
        try:
            sweep = await service.cancel_sweep(
                runtime.uow_factory(),
                runtime.backtests,
                principal=require_principal(info.context),
                sweep_id=sweep_id,
            )
        except NotFound as exc:
            return errors.not_found(exc)
        except DomainError as exc:
            return errors.invalid_input(exc)
        return CancelSweepSuccess(sweep=SweepType.of(sweep, _now()))
