from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.context import Info
from dalal.api.graphql.permissions import CanTrade, IsAuthenticated, require_principal
from dalal.api.graphql.trading.types import AccountType
from dalal.domain.accounts import COPIES_FIELD, AccountArchived, CopyNotAllowed
from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.ledger import InsufficientFunds
from dalal.services import accounts as service


@strawberry.input
class CreateAccountInput:
    label: str
    capital: Decimal
    multiplier: Decimal = Decimal("1")
    tags: list[str] = strawberry.field(default_factory=list)
    charges_template: str = strawberry.field(
        default="zerodha", description="zerodha, flat:<rupees per order>, percent:<fraction>, zero"
    )
    copies_account_id: strawberry.ID | None = strawberry.field(
        default=None, description="Another of your accounts whose manual fills this one copies"
    )


@strawberry.input
class UpdateAccountInput:
    id: strawberry.ID
    label: str | None = None
    multiplier: Decimal | None = None
    tags: list[str] | None = None
    charges_template: str | None = None
    copies_account_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="The account whose manual fills this one copies; null stops copying",
    )


@strawberry.type
class AccountSuccess:
    account: AccountType


AccountResult = Annotated[
    AccountSuccess
    | errors.InvalidInput
    | errors.NotFound
    | errors.AccountArchived
    | errors.CopyNotAllowed,
    strawberry.union("AccountResult"),
]
CashResult = Annotated[
    AccountSuccess
    | errors.InvalidInput
    | errors.NotFound
    | errors.AccountArchived
    | errors.InsufficientFunds,
    strawberry.union("CashResult"),
]


def _id(raw: strawberry.ID) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


_MISSING = errors.NotFound(message="No such account among yours.", code="NOT_FOUND")


def _copies(raw: strawberry.ID) -> uuid.UUID:
    """The master's id; one that isn't an id is no account of yours either."""
    master = _id(raw)
    if master is None:
        raise CopyNotAllowed(
            "No such account among yours to copy; pick one of your accounts.",
            code="COPY_SOURCE_UNKNOWN",
        )
    return master


def _error(exc: Exception) -> errors.UserError:
    if isinstance(exc, CopyNotAllowed):
        return errors.CopyNotAllowed(message=exc.message, code=exc.code, field=COPIES_FIELD)
    if isinstance(exc, InsufficientFunds):
        return errors.InsufficientFunds(message=exc.message, code=exc.code)
    if isinstance(exc, AccountArchived):
        return errors.AccountArchived(message=exc.message, code=exc.code)
    if isinstance(exc, NotFound):
        return errors.not_found(exc)
    assert isinstance(exc, InvalidInput)
    return errors.invalid_input(exc)


_HANDLED = (InvalidInput, NotFound, AccountArchived, InsufficientFunds, CopyNotAllowed)


@strawberry.type
class AccountQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Your accounts")
    async def accounts(self, info: Info, include_archived: bool = False) -> list[AccountType]:
        found = await service.list_accounts(
            info.context.runtime.uow_factory(),
            principal=require_principal(info.context),
            include_archived=include_archived,
        )
        return [AccountType.of(a.account, a.cash) for a in found]


@strawberry.type
class AccountMutation:
    @strawberry.mutation(permission_classes=[CanTrade])
    async def create_account(self, info: Info, input: CreateAccountInput) -> AccountResult:
        context = info.context
        try:
            created = await service.create_account(
                context.runtime.uow_factory(),
                context.runtime.clock,
                principal=require_principal(context),
                label=input.label,
                capital=input.capital,
                multiplier=input.multiplier,
                tags=input.tags,
                charges_template=input.charges_template,
                copies=_copies(input.copies_account_id) if input.copies_account_id else None,
            )
        except _HANDLED as exc:
            return _error(exc)  # type: ignore[return-value]
        return AccountSuccess(account=AccountType.of(created.account, created.cash))

    @strawberry.mutation(permission_classes=[CanTrade])
    async def update_account(self, info: Info, input: UpdateAccountInput) -> AccountResult:
        account_id = _id(input.id)
        if account_id is None:
            return _MISSING
        copies = input.copies_account_id
        try:
            updated = await service.update_account(
                info.context.runtime.uow_factory(),
                principal=require_principal(info.context),
                account_id=account_id,
                label=input.label,
                multiplier=input.multiplier,
                tags=input.tags,
                charges_template=input.charges_template,
                copies=_copies(copies) if copies not in (None, strawberry.UNSET) else None,
                stop_copying=copies is None,
            )
        except _HANDLED as exc:
            return _error(exc)  # type: ignore[return-value]
        return AccountSuccess(account=AccountType.of(updated.account, updated.cash))

    @strawberry.mutation(permission_classes=[CanTrade])
    async def archive_account(self, info: Info, id: strawberry.ID) -> AccountResult:
        account_id = _id(id)
        if account_id is None:
            return _MISSING
        try:
            archived = await service.archive_account(
                info.context.runtime.uow_factory(),
                info.context.runtime.clock,
                principal=require_principal(info.context),
                account_id=account_id,
            )
        except _HANDLED as exc:
            return _error(exc)  # type: ignore[return-value]
        return AccountSuccess(account=AccountType.of(archived.account, archived.cash))

    @strawberry.mutation(permission_classes=[CanTrade])
    async def deposit(self, info: Info, account_id: strawberry.ID, amount: Decimal) -> CashResult:
        return await _move(info, account_id, amount, withdraw=False)

    @strawberry.mutation(permission_classes=[CanTrade])
    async def withdraw(self, info: Info, account_id: strawberry.ID, amount: Decimal) -> CashResult:
        return await _move(info, account_id, amount, withdraw=True)


async def _move(
    info: Info, raw_id: strawberry.ID, amount: Decimal, *, withdraw: bool
) -> CashResult:
    account_id = _id(raw_id)
    if account_id is None:
        return _MISSING
    try:
        moved = await service.move_cash(
            info.context.runtime.uow_factory(),
            info.context.runtime.clock,
            principal=require_principal(info.context),
            account_id=account_id,
            amount=amount,
            withdraw=withdraw,
            market=info.context.runtime.market,
        )
    except _HANDLED as exc:
        return _error(exc)  # type: ignore[return-value]
    return AccountSuccess(account=AccountType.of(moved.account, moved.cash))
