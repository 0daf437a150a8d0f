"""Signal groups: create, edit, rotate the webhook credentials, list. Each user sees only their own.

A group's URL token and its signing secret are random (``secrets``); rotating replaces both,
so the old URL stops working at once. Names are unique per user, checked here so the caller
gets ``NameTaken`` rather than a constraint violation.
"""

from __future__ import annotations

import ipaddress
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date

from dalal.domain.clock import Clock
from dalal.domain.errors import DomainError, InvalidInput, NotFound
from dalal.domain.signals import SignalAction, SignalGroup, SignalSource
from dalal.domain.users import Principal
from dalal.services.ports import UnitOfWork

WEBHOOK_SOURCES = frozenset({SignalSource.TRADINGVIEW, SignalSource.CHARTINK, SignalSource.JSON})
MAX_NAME_LENGTH = 64
MAX_SIGNALS_PER_DAY = 100_000
MAX_RATE_PER_MINUTE = 6_000
MAX_DEDUPE_WINDOW_SECONDS = 86_400
MAX_ALLOWLIST_ENTRIES = 50
MAX_LINKED_ALGOS = 20


class NameTaken(DomainError):
    """Another of the user's groups (or algos) already has this name."""

    code = "NAME_TAKEN"


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """Everything a user sets on a group (the rest: id, owner, token, secret, times)."""

    name: str
    source: SignalSource
    active: bool = True
    max_signals_per_day: int | None = None
    expires_on: date | None = None
    market_hours_only: bool = True
    rate_limit_per_minute: int | None = None
    require_signature: bool = False
    ip_allowlist: tuple[str, ...] = ()
    dedupe_window_seconds: int = 60
    default_action: SignalAction | None = None
    entry_algo_ids: tuple[uuid.UUID, ...] = ()
    exit_algo_ids: tuple[uuid.UUID, ...] = ()


SPEC_FIELDS = frozenset(f.name for f in fields(GroupSpec))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def normalize_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise InvalidInput(
            f"Give the signal group a name of 1 to {MAX_NAME_LENGTH} characters.", field="name"
        )
    return name


def _check_range(value: int | None, low: int, high: int, field: str, what: str) -> None:
    if value is not None and not low <= value <= high:
        raise InvalidInput(f"Set {what} from {low:,} to {high:,}.", field=field)


def _allowlist(entries: Sequence[str]) -> tuple[str, ...]:
    """Each entry an IP address or a CIDR network, kept in its canonical form, once."""
    if len(entries) > MAX_ALLOWLIST_ENTRIES:
        raise InvalidInput(
            f"List at most {MAX_ALLOWLIST_ENTRIES} addresses or networks.", field="ipAllowlist"
        )
    canonical: dict[str, None] = {}
    for raw in entries:
        try:
            network = ipaddress.ip_network(raw.strip(), strict=False)
        except ValueError:
            raise InvalidInput(
                f"'{raw}' is not an IP address or a network such as 52.89.214.238 or 10.0.0.0/24.",
                field="ipAllowlist",
            ) from None
        single = network.num_addresses == 1
        canonical[str(network.network_address) if single else str(network)] = None
    return tuple(canonical)


def validate_spec(spec: GroupSpec) -> GroupSpec:
    """The spec with its name and allow-list normalized; ``InvalidInput`` for the first fault.
    Algo links are checked against storage separately (``_check_algos``)."""
    name = normalize_name(spec.name)
    if spec.source not in WEBHOOK_SOURCES:
        raise InvalidInput(
            "Signal groups receive webhooks from tradingview, chartink or json senders.",
            field="source",
        )
    _check_range(
        spec.max_signals_per_day, 1, MAX_SIGNALS_PER_DAY, "maxSignalsPerDay", "the daily limit"
    )
    _check_range(
        spec.rate_limit_per_minute,
        1,
        MAX_RATE_PER_MINUTE,
        "rateLimitPerMinute",
        "the limit per minute",
    )
    _check_range(
        spec.dedupe_window_seconds,
        0,
        MAX_DEDUPE_WINDOW_SECONDS,
        "dedupeWindowSeconds",
        "the duplicate window (seconds)",
    )
    if spec.source is SignalSource.CHARTINK and spec.default_action is None:
        raise InvalidInput(
            "Chartink alerts don't say whether to buy or sell: choose this group's action "
            "(for example BUY_ENTRY).",
            field="defaultAction",
        )
    return replace(
        spec,
        name=name,
        ip_allowlist=_allowlist(spec.ip_allowlist),
        entry_algo_ids=tuple(dict.fromkeys(spec.entry_algo_ids)),
        exit_algo_ids=tuple(dict.fromkeys(spec.exit_algo_ids)),
    )


async def _check_algos(uow: UnitOfWork, principal: Principal, spec: GroupSpec) -> None:
    """Linked algos must be the caller's own, and not archived."""
    for field, ids in (("entryAlgoIds", spec.entry_algo_ids), ("exitAlgoIds", spec.exit_algo_ids)):
        if len(ids) > MAX_LINKED_ALGOS:
            raise InvalidInput(f"Link at most {MAX_LINKED_ALGOS} algos.", field=field)
        found = await uow.algos.get_many(ids)
        for algo_id in ids:
            algo = found.get(algo_id)
            if algo is None or algo.user_id != principal.user.id:
                raise InvalidInput("No such algo among yours; refresh the list.", field=field)
            if not algo.active:
                raise InvalidInput(
                    f"The algo '{algo.name}' is archived; link an active one.", field=field
                )


async def _check_name_free(
    uow: UnitOfWork, principal: Principal, name: str, group_id: uuid.UUID | None
) -> None:
    # Serialize this user's renames, so two racing creates can't both pass the check.
    await uow.signal_groups.lock_owner(principal.user.id)
    for group in await uow.signal_groups.list_for_user(principal.user.id):
        if group.name == name and group.id != group_id:
            raise NameTaken(
                f"You already have a signal group named '{name}'; choose another name.",
                field="name",
            )


async def _owned(uow: UnitOfWork, principal: Principal, group_id: uuid.UUID) -> SignalGroup:
    group = await uow.signal_groups.get_owned(group_id, principal.user.id)
    if group is None:
        raise NotFound("No such signal group among yours. Refresh the list and try again.")
    return group


def spec_of(group: SignalGroup) -> GroupSpec:
    return GroupSpec(**{name: getattr(group, name) for name in SPEC_FIELDS})


async def create_signal_group(
    uow: UnitOfWork, clock: Clock, *, principal: Principal, spec: GroupSpec
) -> SignalGroup:
    checked = validate_spec(spec)
    now = clock.now()
    group = SignalGroup(
        id=uuid.uuid4(),
        user_id=principal.user.id,
        token=new_token(),
        secret=new_secret(),
        created_at=now,
        updated_at=now,
        **{name: getattr(checked, name) for name in SPEC_FIELDS},
    )
    async with uow:
        await _check_name_free(uow, principal, group.name, None)
        await _check_algos(uow, principal, checked)
        await uow.signal_groups.add(group)
        await uow.commit()
    return group


async def update_signal_group(
    uow: UnitOfWork,
    clock: Clock,
    *,
    principal: Principal,
    group_id: uuid.UUID,
    changes: Mapping[str, object],
) -> SignalGroup:
    """Apply ``changes`` (GroupSpec field names; absent ones stay) and re-check the whole."""
    unknown = set(changes) - SPEC_FIELDS
    if unknown:
        raise ValueError(f"not fields of a signal group: {sorted(unknown)}")
    async with uow:
        group = await _owned(uow, principal, group_id)
        checked = validate_spec(replace(spec_of(group), **changes))  # type: ignore[arg-type]
        await _check_name_free(uow, principal, checked.name, group.id)
        await _check_algos(uow, principal, checked)
        updated = replace(
            group,
            updated_at=clock.now(),
            **{name: getattr(checked, name) for name in SPEC_FIELDS},
        )
        await uow.signal_groups.save(updated)
        await uow.commit()
    return updated


async def rotate_webhook_secret(
    uow: UnitOfWork, clock: Clock, *, principal: Principal, group_id: uuid.UUID
) -> SignalGroup:
    """A new URL token and a new secret: the old URL answers 404 from now on."""
    async with uow:
        group = await _owned(uow, principal, group_id)
        rotated = replace(group, token=new_token(), secret=new_secret(), updated_at=clock.now())
        await uow.signal_groups.save(rotated)
        await uow.commit()
    return rotated


async def list_signal_groups(uow: UnitOfWork, *, principal: Principal) -> list[SignalGroup]:
    async with uow:
        return await uow.signal_groups.list_for_user(principal.user.id)


async def get_signal_group(
    uow: UnitOfWork, *, principal: Principal, group_id: uuid.UUID
) -> SignalGroup | None:
    async with uow:
        return await uow.signal_groups.get_owned(group_id, principal.user.id)
