"""Paper trading accounts: label, tags, starting capital, multiplier and charges template.

The multiplier sizes the account's share of each signal (base lots × multiplier, rounded
down to whole lots). Capital is the first deposit; cash is always the ledger's sum.
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

    @property
    def active(self) -> bool:
        return self.archived_at is None


class AccountArchived(DomainError):
    code = "ACCOUNT_ARCHIVED"


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
