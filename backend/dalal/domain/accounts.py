"""Paper trading accounts: label, tags, starting capital, multiplier and charges template.

The multiplier sizes the account's share of each signal (base lots × multiplier, rounded
down to whole lots). Capital is the first deposit; cash is always the ledger's sum.

Copy trading: an account may copy (follow) one master, another active account of the same
user; the master's manual fills are mirrored to it, sized by its multiplier. There are no
chains: a master never follows, and a follower is never a master.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from dalal.domain.errors import DomainError, InvalidInput
from dalal.domain.money import to_paise

MAX_CAPITAL = Decimal("100000000000")  # ₹10,000 crore: beyond it, surely a typo
_TAG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


@dataclass(frozen=True, slots=True)
class Account:
    id: uuid.UUID
    user_id: uuid.UUID
    label: str
    capital: Decimal
    multiplier: Decimal
    tags: tuple[str, ...]
    charges_template: str
    created_at: datetime
    broker: str = "paper"
    archived_at: datetime | None = None
    copies: uuid.UUID | None = None  # the master this account follows, if any

    @property
    def active(self) -> bool:
        return self.archived_at is None


class AccountArchived(DomainError):
    code = "ACCOUNT_ARCHIVED"


COPIES_FIELD = "copiesAccountId"


class CopyNotAllowed(DomainError):
    """This account can't copy the chosen one; ``code`` names the rule that says no."""

    code = "COPY_NOT_ALLOWED"

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, field=COPIES_FIELD)
        self.code = code


def check_copy_source(follower: Account, master: Account | None, *, has_followers: bool) -> None:
    """May ``follower`` copy ``master``? ``master`` is None when it is not one of the
    follower's owner's accounts (unknown and someone else's look alike); ``has_followers``:
    does the follower have active followers of its own."""
    if master is None or master.user_id != follower.user_id:
        raise CopyNotAllowed(
            "No such account among yours to copy; pick one of your accounts.",
            code="COPY_SOURCE_UNKNOWN",
        )
    if master.id == follower.id:
        raise CopyNotAllowed("An account can't copy itself; pick another.", code="COPY_SELF")
    if not master.active:
        raise CopyNotAllowed(
            f"“{master.label}” is archived; copy an active account.", code="COPY_SOURCE_ARCHIVED"
        )
    if master.copies is not None:
        raise CopyNotAllowed(
            f"“{master.label}” copies another account itself; copy the account it copies, "
            "or make it stop copying first.",
            code="COPY_CHAIN",
        )
    if has_followers:
        raise CopyNotAllowed(
            "Other accounts copy this one; make them stop copying it before it copies another.",
            code="COPY_HAS_FOLLOWERS",
        )


def validate_label(raw: str) -> str:
    label = " ".join(raw.split())
    if not 1 <= len(label) <= 64:
        raise InvalidInput("Give the account a label of 1 to 64 characters.", field="label")
    return label


def validate_amount(amount: Decimal, *, field: str, what: str) -> Decimal:
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput(f"Enter a {what} above zero.", field=field)
    if amount > MAX_CAPITAL:
        raise InvalidInput(f"Enter a {what} of at most ₹{MAX_CAPITAL:,}.", field=field)
    if to_paise(amount) != amount:
        raise InvalidInput(f"Enter the {what} in rupees and paise (two decimals).", field=field)
    return amount


def validate_multiplier(multiplier: Decimal) -> Decimal:
    if not multiplier.is_finite() or not Decimal("0.01") <= multiplier <= Decimal("1000"):
        raise InvalidInput("Use a multiplier from 0.01 to 1000.", field="multiplier")
    return multiplier


def validate_tags(raw: list[str]) -> tuple[str, ...]:
    tags = tuple(sorted({t.strip().lower() for t in raw if t.strip()}))
    if len(tags) > 20:
        raise InvalidInput("Use at most 20 tags.", field="tags")
    for tag in tags:
        if not _TAG.match(tag):
            raise InvalidInput(
                f"Tag '{tag}' is not valid: use letters, digits, '-' or '_' (up to 32).",
                field="tags",
            )
    return tags
