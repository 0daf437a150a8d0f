"""Algos: create, edit, archive, list. Each user sees and links only their own.

The definition is checked by ``validate_algo`` (the domain's rules); here, what needs
storage: a unique name per user, and LIST targets that are the user's own accounts. An
archived algo keeps its history (executions point at it) and can no longer be edited.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

from dalal.domain.algos import Algo, Leg, TargetMode, Targets, validate_algo
from dalal.domain.clock import Clock
from dalal.domain.errors import DomainError, InvalidInput, NotFound
from dalal.domain.orders import OrderType, Product
from dalal.domain.users import Principal
from dalal.services.ports import UnitOfWork
from dalal.services.signal_groups import NameTaken


class AlgoArchived(DomainError):
    code = "ALGO_ARCHIVED"


@dataclass(frozen=True, slots=True)
class AlgoSpec:
    name: str
    legs: tuple[Leg, ...]
    product: Product = Product.MIS
    order_type: OrderType = OrderType.MARKET
    targets: Targets = field(default_factory=Targets)


SPEC_FIELDS = frozenset(f.name for f in fields(AlgoSpec))


def _checked(spec: AlgoSpec) -> AlgoSpec:
    name = " ".join(spec.name.split())
    validate_algo(name, spec.legs, spec.product, spec.order_type, spec.targets)
    targets = spec.targets
    if targets.mode is TargetMode.LIST:
        targets = replace(targets, account_ids=tuple(dict.fromkeys(targets.account_ids)))
    elif targets.mode is TargetMode.TAG:
        targets = replace(targets, tag=(targets.tag or "").strip().lower())
    return replace(spec, name=name, targets=targets)


async def _check_targets(uow: UnitOfWork, principal: Principal, targets: Targets) -> None:
    if targets.mode is not TargetMode.LIST:
        return
    found = await uow.accounts.by_ids(targets.account_ids)
    for account_id in targets.account_ids:
        account = found.get(account_id)
        if account is None or account.user_id != principal.user.id:
            raise InvalidInput(
                "No such account among yours; choose the algo's accounts again.",
                field="targets.accountIds",
            )


async def _check_name_free(
    uow: UnitOfWork, principal: Principal, name: str, algo_id: uuid.UUID | None
) -> None:
    # Serialize this user's renames, so two racing creates can't both pass the check.
    await uow.signal_groups.lock_owner(principal.user.id)
    for algo in await uow.algos.list_for_user(principal.user.id, include_archived=True):
        if algo.name == name and algo.id != algo_id:
            raise NameTaken(
                f"You already have an algo named '{name}' (perhaps archived); choose another.",
                field="name",
            )


async def _owned(uow: UnitOfWork, principal: Principal, algo_id: uuid.UUID) -> Algo:
    algo = await uow.algos.get_owned(algo_id, principal.user.id)
    if algo is None:
        raise NotFound("No such algo among yours. Refresh the list and try again.")
    return algo


def spec_of(algo: Algo) -> AlgoSpec:
    return AlgoSpec(**{name: getattr(algo, name) for name in SPEC_FIELDS})


async def create_algo(
    uow: UnitOfWork, clock: Clock, *, principal: Principal, spec: AlgoSpec
) -> Algo:
    checked = _checked(spec)
    now = clock.now()
    algo = Algo(
        id=uuid.uuid4(),
        user_id=principal.user.id,
        created_at=now,
        updated_at=now,
        **{name: getattr(checked, name) for name in SPEC_FIELDS},
    )
    async with uow:
        await _check_name_free(uow, principal, algo.name, None)
        await _check_targets(uow, principal, algo.targets)
        await uow.algos.add(algo)
        await uow.commit()
    return algo


async def update_algo(
    uow: UnitOfWork,
    clock: Clock,
    *,
    principal: Principal,
    algo_id: uuid.UUID,
    changes: Mapping[str, object],
) -> Algo:
    """Apply ``changes`` (AlgoSpec field names; absent ones stay) and re-check the whole."""
    unknown = set(changes) - SPEC_FIELDS
    if unknown:
        raise ValueError(f"not fields of an algo: {sorted(unknown)}")
    async with uow:
        algo = await _owned(uow, principal, algo_id)
        if not algo.active:
            raise AlgoArchived("This algo is archived; it can no longer be changed.")
        checked = _checked(replace(spec_of(algo), **changes))  # type: ignore[arg-type]
        await _check_name_free(uow, principal, checked.name, algo.id)
        await _check_targets(uow, principal, checked.targets)
        updated = replace(
            algo,
            updated_at=clock.now(),
            **{name: getattr(checked, name) for name in SPEC_FIELDS},
        )
        await uow.algos.save(updated)
        await uow.commit()
    return updated


async def archive_algo(
    uow: UnitOfWork, clock: Clock, *, principal: Principal, algo_id: uuid.UUID
) -> Algo:
    """Archive (idempotent). Groups keep the link, but an archived algo never trades."""
    async with uow:
        algo = await _owned(uow, principal, algo_id)
        if not algo.active:
            return algo
        archived = replace(algo, archived_at=clock.now(), updated_at=clock.now())
        await uow.algos.save(archived)
        await uow.commit()
    return archived


async def list_algos(
    uow: UnitOfWork, *, principal: Principal, include_archived: bool = False
) -> list[Algo]:
    async with uow:
        return await uow.algos.list_for_user(principal.user.id, include_archived=include_archived)
