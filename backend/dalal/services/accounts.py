"""Accounts: open, edit, archive, deposit and withdraw. Each user sees only their own.

Opening an account books its capital as the first ledger entry, in the same transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from decimal import Decimal

from dalal.domain.accounts import (
    Account,
    AccountArchived,
    validate_amount,
    validate_label,
    validate_multiplier,
    validate_tags,
)
from dalal.domain.charges import parse_template
from dalal.domain.clock import Clock
from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.ledger import InsufficientFunds, deposit, withdrawal
from dalal.domain.users import Principal
from dalal.services.ports import UnitOfWork

DEFAULT_CHARGES = "zerodha"


@dataclass(frozen=True, slots=True)
class AccountWithCash:
    account: Account
    cash: Decimal


def accounts_channel(user_id: uuid.UUID) -> str:
    return f"accounts:{user_id}"


def _check_template(raw: str) -> str:
    try:
        return str(parse_template(raw))
    except ValueError as exc:
        raise InvalidInput(
            f"{exc}. Use zerodha, flat:<rupees per order>, percent:<fraction> or zero.",
            field="chargesTemplate",
        ) from exc


async def _owned(uow: UnitOfWork, principal: Principal, account_id: uuid.UUID) -> Account:
    account = await uow.accounts.get_owned(account_id, principal.user.id, for_update=True)
    if account is None:
        raise NotFound("No such account among yours. Refresh the list and try again.")
    return account


async def create_account(
    uow: UnitOfWork,
    clock: Clock,
    *,
    principal: Principal,
    label: str,
    capital: Decimal,
    multiplier: Decimal = Decimal("1"),
    tags: list[str] | None = None,
    charges_template: str = DEFAULT_CHARGES,
) -> AccountWithCash:
    now = clock.now()
    account = Account(
        id=uuid.uuid4(),
        user_id=principal.user.id,
        label=validate_label(label),
        capital=validate_amount(capital, field="capital", what="starting capital"),
        multiplier=validate_multiplier(multiplier),
        tags=validate_tags(tags or []),
        charges_template=_check_template(charges_template),
        created_at=now,
    )
    async with uow:
        await uow.accounts.add(account)
        await uow.ledger.append([deposit(account.id, account.capital, now, ref="capital")])
        uow.publish_after_commit(
            accounts_channel(principal.user.id), {"account_id": str(account.id)}
        )
        await uow.commit()
    return AccountWithCash(account=account, cash=account.capital)


async def update_account(
    uow: UnitOfWork,
    *,
    principal: Principal,
    account_id: uuid.UUID,
    label: str | None = None,
    multiplier: Decimal | None = None,
    tags: list[str] | None = None,
    charges_template: str | None = None,
) -> AccountWithCash:
    async with uow:
        account = await _owned(uow, principal, account_id)
        if not account.active:
            raise AccountArchived("This account is archived; it can no longer be changed.")
        updated = replace(
            account,
            label=validate_label(label) if label is not None else account.label,
            multiplier=(
                validate_multiplier(multiplier) if multiplier is not None else account.multiplier
            ),
            tags=validate_tags(tags) if tags is not None else account.tags,
            charges_template=(
                _check_template(charges_template)
                if charges_template is not None
                else account.charges_template
            ),
        )
        await uow.accounts.save(updated)
        cash = (await uow.ledger.cash([account.id]))[account.id]
        uow.publish_after_commit(
            accounts_channel(principal.user.id), {"account_id": str(account.id)}
        )
        await uow.commit()
    return AccountWithCash(account=updated, cash=cash)


async def archive_account(
    uow: UnitOfWork, clock: Clock, *, principal: Principal, account_id: uuid.UUID
) -> AccountWithCash:
    async with uow:
        account = await _owned(uow, principal, account_id)
        archived = account if not account.active else replace(account, archived_at=clock.now())
        await uow.accounts.save(archived)
        cash = (await uow.ledger.cash([account.id]))[account.id]
        uow.publish_after_commit(
            accounts_channel(principal.user.id), {"account_id": str(account.id)}
        )
        await uow.commit()
    return AccountWithCash(account=archived, cash=cash)


async def move_cash(
    uow: UnitOfWork,
    clock: Clock,
    *,
    principal: Principal,
    account_id: uuid.UUID,
    amount: Decimal,
    withdraw: bool,
) -> AccountWithCash:
    """Deposit or withdraw. A withdrawal may not take cash below zero."""
    what = "withdrawal" if withdraw else "deposit"
    validate_amount(amount, field="amount", what=what)
    now = clock.now()
    async with uow:
        account = await _owned(uow, principal, account_id)
        if not account.active:
            raise AccountArchived("This account is archived; reopen a new one to move cash.")
        cash = (await uow.ledger.cash([account.id]))[account.id]
        if withdraw and amount > cash:
            raise InsufficientFunds(f"Only ₹{cash} is in this account; withdraw that or less.")
        entry = (withdrawal if withdraw else deposit)(account.id, amount, now, ref=what)
        await uow.ledger.append([entry])
        uow.publish_after_commit(
            accounts_channel(principal.user.id), {"account_id": str(account.id)}
        )
        await uow.commit()
    return AccountWithCash(account=account, cash=cash + entry.amount)


async def list_accounts(
    uow: UnitOfWork, *, principal: Principal, include_archived: bool = False
) -> list[AccountWithCash]:
    async with uow:
        accounts = await uow.accounts.list_for_user(
            principal.user.id, include_archived=include_archived
        )
        cash = await uow.ledger.cash([a.id for a in accounts])
    return [AccountWithCash(account=a, cash=cash[a.id]) for a in accounts]
