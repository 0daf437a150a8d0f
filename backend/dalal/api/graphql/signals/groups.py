"""Signal groups: queries and mutations. Writes need the CanTrade permission."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.context import Info
from dalal.api.graphql.permissions import CanTrade, IsAuthenticated, require_principal
from dalal.api.graphql.signals.enums import SignalActionEnum, SignalSourceEnum
from dalal.api.graphql.signals.paging import ids_or_none, parse_uuid
from dalal.api.graphql.signals.types import SignalGroupType
from dalal.domain.errors import DomainError, InvalidInput, NotFound
from dalal.domain.signals import SignalAction, SignalSource
from dalal.services import signal_groups as service
from dalal.services.algos import AlgoArchived


@strawberry.input
class SignalGroupLimitsInput:
    max_signals_per_day: int | None = strawberry.field(
        default=None, description="1 to 100,000; null: no daily limit"
    )
    expires_on: date | None = strawberry.field(
        default=None, description="Last day (IST) it takes signals; null: never expires"
    )
    market_hours_only: bool = True
    rate_limit_per_minute: int | None = strawberry.field(
        default=None, description="1 to 6,000; null: no rate limit"
    )


@strawberry.input
class CreateSignalGroupInput:
    name: str
    source: SignalSourceEnum = strawberry.field(description="tradingview, chartink or json")
    active: bool = True
    limits: SignalGroupLimitsInput | None = None
    ip_allowlist: list[str] = strawberry.field(
        default_factory=list, description="IP addresses or CIDR networks; empty: any sender"
    )
    require_signature: bool = False
    dedupe_window_seconds: int = 60
    default_action: SignalActionEnum | None = strawberry.field(
        default=None, description="For alerts that name no action (required for Chartink)"
    )
    entry_algo_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    exit_algo_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input(description="Fields left out stay as they are; limits replace all four")
class UpdateSignalGroupInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    source: SignalSourceEnum | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET
    limits: SignalGroupLimitsInput | None = strawberry.UNSET
    ip_allowlist: list[str] | None = strawberry.UNSET
    require_signature: bool | None = strawberry.UNSET
    dedupe_window_seconds: int | None = strawberry.UNSET
    default_action: SignalActionEnum | None = strawberry.field(
        default=strawberry.UNSET, description="null clears it"
    )
    entry_algo_ids: list[strawberry.ID] | None = strawberry.UNSET
    exit_algo_ids: list[strawberry.ID] | None = strawberry.UNSET


@strawberry.type
class SignalGroupSuccess:
    group: SignalGroupType


SignalGroupResult = Annotated[
    SignalGroupSuccess | errors.InvalidInput | errors.NotFound | errors.NameTaken,
    strawberry.union("SignalGroupResult"),
]

_MISSING = errors.NotFound(message="No such signal group among yours.", code="NOT_FOUND")


def signal_error(exc: DomainError) -> errors.UserError:
    """The GraphQL error type of a signal-area domain error."""
    if isinstance(exc, service.NameTaken):
        return errors.NameTaken(message=exc.message, code=exc.code, field=exc.field)
    if isinstance(exc, AlgoArchived):
        return errors.AlgoArchived(message=exc.message, code=exc.code)
    if isinstance(exc, NotFound):
        return errors.not_found(exc)
    return errors.invalid_input(exc)


HANDLED = (InvalidInput, NotFound, service.NameTaken, AlgoArchived)


def _limits(given: SignalGroupLimitsInput | None) -> dict[str, object]:
    limits = given or SignalGroupLimitsInput()
    return {
        "max_signals_per_day": limits.max_signals_per_day,
        "expires_on": limits.expires_on,
        "market_hours_only": limits.market_hours_only,
        "rate_limit_per_minute": limits.rate_limit_per_minute,
    }


def _algo_ids(raw: list[strawberry.ID], field: str) -> tuple[uuid.UUID, ...]:
    parsed = ids_or_none(raw)
    if parsed is None:
        raise InvalidInput("No such algo among yours; refresh the list.", field=field)
    return tuple(parsed)


def _given(value: object) -> bool:
    return value is not strawberry.UNSET and value is not None


def _changes(input: UpdateSignalGroupInput) -> dict[str, object]:
    """The fields the input sets, as GroupSpec fields (null keeps a required field)."""
    changes: dict[str, object] = {}
    for name in ("name", "active", "require_signature", "dedupe_window_seconds"):
        if _given(getattr(input, name)):
            changes[name] = getattr(input, name)
    if _given(input.source):
        changes["source"] = SignalSource(input.source.value)  # type: ignore[union-attr]
    if _given(input.limits):
        changes.update(_limits(input.limits))
    if _given(input.ip_allowlist):
        changes["ip_allowlist"] = tuple(input.ip_allowlist or ())
    if input.default_action is not strawberry.UNSET:
        action = input.default_action
        changes["default_action"] = SignalAction(action.value) if action else None
    for name in ("entry_algo_ids", "exit_algo_ids"):
        if _given(getattr(input, name)):
            changes[name] = _algo_ids(getattr(input, name), _camel(name))
    return changes


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _spec(input: CreateSignalGroupInput) -> service.GroupSpec:
    return service.GroupSpec(
        name=input.name,
        source=SignalSource(input.source.value),
        active=input.active,
        ip_allowlist=tuple(input.ip_allowlist),
        require_signature=input.require_signature,
        dedupe_window_seconds=input.dedupe_window_seconds,
        default_action=SignalAction(input.default_action.value) if input.default_action else None,
        entry_algo_ids=_algo_ids(input.entry_algo_ids, "entryAlgoIds"),
        exit_algo_ids=_algo_ids(input.exit_algo_ids, "exitAlgoIds"),
        **_limits(input.limits),  # type: ignore[arg-type]
    )


@strawberry.type
class SignalGroupQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Your signal groups")
    async def signal_groups(self, info: Info) -> list[SignalGroupType]:
        found = await service.list_signal_groups(
            info.context.runtime.uow_factory(), principal=require_principal(info.context)
        )
        return [SignalGroupType.of(g) for g in found]

    @strawberry.field(permission_classes=[IsAuthenticated], description="null if not yours")
    async def signal_group(self, info: Info, id: strawberry.ID) -> SignalGroupType | None:
        group_id = parse_uuid(id)
        if group_id is None:
            return None
        found = await service.get_signal_group(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            group_id=group_id,
        )
        return SignalGroupType.of(found) if found else None


@strawberry.type
class SignalGroupMutation:
    @strawberry.mutation(permission_classes=[CanTrade])
    async def create_signal_group(
        self, info: Info, input: CreateSignalGroupInput
    ) -> SignalGroupResult:
        runtime = info.context.runtime
        try:
            created = await service.create_signal_group(
                runtime.uow_factory(),
                runtime.clock,
                principal=require_principal(info.context),
                spec=_spec(input),
            )
        except HANDLED as exc:
            return signal_error(exc)  # type: ignore[return-value]
        return SignalGroupSuccess(group=SignalGroupType.of(created))

    @strawberry.mutation(permission_classes=[CanTrade])
    async def update_signal_group(
        self, info: Info, input: UpdateSignalGroupInput
    ) -> SignalGroupResult:
        group_id = parse_uuid(input.id)
        if group_id is None:
            return _MISSING
        runtime = info.context.runtime
        try:
            updated = await service.update_signal_group(
                runtime.uow_factory(),
                runtime.clock,
                principal=require_principal(info.context),
                group_id=group_id,
                changes=_changes(input),
            )
        except HANDLED as exc:
            return signal_error(exc)  # type: ignore[return-value]
        return SignalGroupSuccess(group=SignalGroupType.of(updated))

    @strawberry.mutation(
        permission_classes=[CanTrade],
        description="A new webhook URL and secret; the old URL stops working at once",
    )
    async def rotate_webhook_secret(self, info: Info, id: strawberry.ID) -> SignalGroupResult:
        group_id = parse_uuid(id)
        if group_id is None:
            return _MISSING
        runtime = info.context.runtime
        try:
            rotated = await service.rotate_webhook_secret(
                runtime.uow_factory(),
                runtime.clock,
                principal=require_principal(info.context),
                group_id=group_id,
            )
        except HANDLED as exc:
            return signal_error(exc)  # type: ignore[return-value]
        return SignalGroupSuccess(group=SignalGroupType.of(rotated))
