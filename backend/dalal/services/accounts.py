"""Accounts: open, edit, archive, deposit and withdraw. Each user sees only their own.

Opening an account books its capital as the first ledger entry, in the same transaction.
Making an account copy another (or stop) locks both, in id order, as order placement does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from decimal import Decimal

from dalal.domain.accounts import (
    Account,
    AccountArchived,
    check_copy_source,
    validate_amount,
    validate_label,
    validate_multiplier,
    validate_tags,
)
from dalal.domain.charges import parse_template
from dalal.domain.clock import Clock
from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.ledger import InsufficientFunds, deposit, withdrawal
from dalal.domain.margin import DEFAULT_MARGINS, free_margin
from dalal.domain.money import ZERO, format_rupees, to_paise
from dalal.domain.users import Principal
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork

DEFAULT_CHARGES = "zerodha"


@dataclass(frozen=True, slots=True)
class AccountWithCash:
    account: Account
    cash: Decimal


def accounts_channel(user_id: uuid.UUID) -> str:
    return f"accounts:{user_id}"


TEMPLATE_MAX_LENGTH = 64  # the accounts.charges_template column


def _check_template(raw: str) -> str:
    try:
        template = str(parse_template(raw))
    except (ValueError, InvalidInput) as exc:
        raise InvalidInput(
            f"{exc}. Use zerodha, flat:<rupees per order>, percent:<fraction> or zero.",
            field="chargesTemplate",
        ) from exc
    if len(template) > TEMPLATE_MAX_LENGTH:
        raise InvalidInput(
            "That charges template is too long; use a shorter number.", field="chargesTemplate"
        )
    return template


def _check_multiplier(multiplier: Decimal) -> Decimal:
    """Two decimals at most, as stored; the answer carries the stored scale (1 → 1.00)."""
    checked = validate_multiplier(multiplier)
    if to_paise(checked) != checked:
        raise InvalidInput("Use a multiplier with at most two decimals.", field="multiplier")
    return to_paise(checked)


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
    copies: uuid.UUID | None = None,
) -> AccountWithCash:
    """``copies``: the master account the new one follows (copy trading), if any."""
    now = clock.now()
    account = Account(
        id=uuid.uuid4(),
        user_id=principal.user.id,
        label=validate_label(label),
        capital=to_paise(validate_amount(capital, field="capital", what="starting capital")),
        multiplier=_check_multiplier(multiplier),
        tags=validate_tags(tags or []),
        charges_template=_check_template(charges_template),
        created_at=now,
    )
    async with uow:
        if copies is not None:
            account = await _copying(uow, account, copies)
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
    copies: uuid.UUID | None = None,
    stop_copying: bool = False,
) -> AccountWithCash:
    """Fields left None stay as they are. ``copies`` makes the account follow that master;
    ``stop_copying`` makes it follow none."""
    async with uow:
        if copies is not None:
            # Both, in id order, before either alone (only the caller's are locked).
            await uow.accounts.lock([account_id, copies], owner=principal.user.id)
        account = await _owned(uow, principal, account_id)
        if not account.active:
            raise AccountArchived("This account is archived; it can no longer be changed.")
        if copies is not None:
            account = await _copying(uow, account, copies)
        elif stop_copying:
            account = replace(account, copies=None)
        updated = replace(
            account,
            label=validate_label(label) if label is not None else account.label,
            multiplier=(
                _check_multiplier(multiplier) if multiplier is not None else account.multiplier
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


async def _copying(uow: UnitOfWork, account: Account, master_id: uuid.UUID) -> Account:
    """``account``, now following ``master_id`` (locked), if the rules allow it."""
    master = await uow.accounts.get_owned(master_id, account.user_id, for_update=True)
    followers = await uow.accounts.followers_of([account.id])
    check_copy_source(account, master, has_followers=bool(followers.get(account.id)))
    return replace(account, copies=master_id)


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
    market: MarketDeps | None = None,
) -> AccountWithCash:
    """Deposit or withdraw. A withdrawal may take neither cash below zero nor more than the
    free margin (the proceeds of a short sale are cash, but the short still needs them);
    ``market`` prices the open positions (without it they are marked at their average)."""
    what = "withdrawal" if withdraw else "deposit"
    validate_amount(amount, field="amount", what=what)
    now = clock.now()
    async with uow:
        account = await _owned(uow, principal, account_id)
        if not account.active:
            raise AccountArchived("This account is archived; reopen a new one to move cash.")
        cash = (await uow.ledger.cash([account.id]))[account.id]
        if withdraw:
            free = min(cash, await _free_margin(uow, market, account.id, cash))
            if amount > free:
                raise InsufficientFunds(
                    f"Only {format_rupees(max(free, ZERO))} is free to withdraw (cash less the "
                    "margin open positions need); withdraw that or less."
                )
        entry = (withdrawal if withdraw else deposit)(account.id, amount, now, ref=what)
        await uow.ledger.append([entry])
        uow.publish_after_commit(
            accounts_channel(principal.user.id), {"account_id": str(account.id)}
        )
        await uow.commit()
    return AccountWithCash(account=account, cash=cash + entry.amount)


async def _free_margin(
    uow: UnitOfWork, market: MarketDeps | None, account_id: uuid.UUID, cash: Decimal
) -> Decimal:
    """Equity less blocked margin, positions marked at the last price (else at their average
    price, as the portfolio marks them)."""
    positions = [p for p in await uow.positions.for_accounts([account_id]) if p.is_open]
    instruments = await uow.instruments.get_many({p.token for p in positions})
    marks: dict[int, Decimal] = {}
    for position in positions:
        quote = market.quotes.get(position.token) if market else None
        marks[position.token] = quote.ltp if quote else (position.average_price or ZERO)
    config = market.margin if market else DEFAULT_MARGINS
    return free_margin(cash, positions, instruments, marks, config)


async def list_accounts(
    uow: UnitOfWork, *, principal: Principal, include_archived: bool = False
) -> list[AccountWithCash]:
    async with uow:
        accounts = await uow.accounts.list_for_user(
            principal.user.id, include_archived=include_archived
        )
        cash = await uow.ledger.cash([a.id for a in accounts])
    return [AccountWithCash(account=a, cash=cash[a.id]) for a in accounts]


async def linked_accounts(uow: UnitOfWork, *, principal: Principal) -> list[Account]:
    """The caller's accounts, archived ones included: what copy-trading links can name."""
    async with uow:
        return await uow.accounts.list_for_user(principal.user.id, include_archived=True)
