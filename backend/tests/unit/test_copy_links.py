"""Which account may copy which: the rules of a copy-trading link, without a database."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from dalal.domain.accounts import Account, CopyNotAllowed, check_copy_source

NOW = datetime(2026, 11, 23, 4, 30, tzinfo=UTC)
OWNER = uuid.uuid4()


def account(label: str, *, owner: uuid.UUID = OWNER) -> Account:
    return Account(
        id=uuid.uuid4(),
        user_id=owner,
        label=label,
        capital=Decimal("100000"),
        multiplier=Decimal("1"),
        tags=(),
        charges_template="zerodha",
        created_at=NOW,
    )


def refusal(follower: Account, master: Account | None, *, has_followers: bool = False) -> str:
    with pytest.raises(CopyNotAllowed) as caught:
        check_copy_source(follower, master, has_followers=has_followers)
    assert caught.value.field == "copiesAccountId"
    return caught.value.code


def test_an_account_may_copy_another_active_account_of_its_owner() -> None:
    check_copy_source(account("f"), account("m"), has_followers=False)


def test_an_account_never_copies_itself() -> None:
    me = account("me")
    assert refusal(me, me) == "COPY_SELF"


def test_a_follower_cannot_be_copied_so_there_are_no_chains() -> None:
    follower = replace(account("f"), copies=uuid.uuid4())
    assert refusal(account("x"), follower) == "COPY_CHAIN"


def test_a_master_does_not_copy_another_while_others_copy_it() -> None:
    assert refusal(account("m"), account("x"), has_followers=True) == "COPY_HAS_FOLLOWERS"


def test_an_archived_account_cannot_be_copied() -> None:
    gone = replace(account("gone"), archived_at=NOW)
    assert refusal(account("f"), gone) == "COPY_SOURCE_ARCHIVED"


def test_another_users_account_looks_like_no_account_at_all() -> None:
    theirs = account("theirs", owner=uuid.uuid4())
    assert refusal(account("mine"), theirs) == refusal(account("mine"), None)
    assert refusal(account("mine"), None) == "COPY_SOURCE_UNKNOWN"
