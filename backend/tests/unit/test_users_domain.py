"""The rules on usernames, passwords, emails, API-key names and scopes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.domain.errors import InvalidInput
from dalal.domain.users import (
    Role,
    Scope,
    WeakPassword,
    normalize_username,
    validate_email,
    validate_key_name,
    validate_password,
    validate_scopes,
    validate_username,
)


def test_usernames_are_lower_cased_and_trimmed() -> None:
    assert validate_username("  Ravi.K ") == "ravi.k"


@pytest.mark.parametrize("bad", ["ab", "x" * 33, "-start", "sp ace", "semi;colon", ""])
def test_bad_usernames_are_rejected_with_the_field_named(bad: str) -> None:
    with pytest.raises(InvalidInput) as error:
        validate_username(bad)
    assert error.value.field == "username"


@given(st.text(min_size=1, max_size=40))
def test_normalized_usernames_are_idempotent(raw: str) -> None:
    once = normalize_username(raw)
    assert normalize_username(once) == once


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short", "at least"),
        ("x" * 300, "at most"),
        ("aaaaaaaaaaaa", "variety"),
        ("my-ravi-pass", "username"),
    ],
)
def test_weak_passwords_are_explained(password: str, fragment: str) -> None:
    with pytest.raises(WeakPassword) as error:
        validate_password(password, username="ravi")
    assert fragment in error.value.message


def test_a_long_varied_password_is_accepted() -> None:
    validate_password("correct-horse-battery", username="ravi")


def test_email_is_optional_but_checked_when_given() -> None:
    assert validate_email("  ") is None
    assert validate_email("a@b.in") == "a@b.in"
    with pytest.raises(InvalidInput):
        validate_email("not-an-email")


def test_key_names_and_scopes_are_required() -> None:
    assert validate_key_name("  bot ") == "bot"
    with pytest.raises(InvalidInput):
        validate_key_name("   ")
    with pytest.raises(InvalidInput):
        validate_scopes(frozenset())
    assert validate_scopes(frozenset({Scope.READ})) == {Scope.READ}


def test_only_viewers_cannot_write() -> None:
    assert [r.can_write for r in Role] == [True, True, False]
