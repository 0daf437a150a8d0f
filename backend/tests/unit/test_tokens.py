"""Access tokens, refresh tokens and API keys."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from dalal.adapters.security.tokens import AccessTokens, digest, new_api_key, new_refresh_token
from dalal.domain.users import TokenExpired, TokenInvalid

NOW = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)
USER = uuid.UUID("12345678-1234-5678-1234-567812345678")


def issuer(key: str = "k" * 40) -> AccessTokens:
    return AccessTokens(key, timedelta(minutes=15))


def test_an_issued_token_decodes_to_its_user_and_expiry() -> None:
    token = issuer().issue(USER, "trader", now=datetime.now(UTC))
    claims = issuer().decode(token)
    assert claims.user_id == USER
    assert claims.role == "trader"


def test_an_expired_token_says_so() -> None:
    token = issuer().issue(USER, "trader", now=NOW - timedelta(days=1))
    with pytest.raises(TokenExpired):
        issuer().decode(token)


@pytest.mark.parametrize("token", ["", "abc", "a.b.c"])
def test_malformed_tokens_are_invalid(token: str) -> None:
    with pytest.raises(TokenInvalid):
        issuer().decode(token)


def test_a_token_signed_with_another_key_is_invalid() -> None:
    token = issuer("other-key" * 5).issue(USER, "admin", now=datetime.now(UTC))
    with pytest.raises(TokenInvalid):
        issuer().decode(token)


def test_an_unsigned_token_is_invalid() -> None:
    forged = jwt.encode(
        {"sub": str(USER), "typ": "access", "iss": "dalal", "iat": 0, "exp": 2**40},
        key=None,
        algorithm="none",
    )
    with pytest.raises(TokenInvalid):
        issuer().decode(forged)


def test_a_token_of_another_kind_is_invalid() -> None:
    other = jwt.encode(
        {"sub": str(USER), "typ": "refresh", "iss": "dalal", "iat": 0, "exp": 2**40},
        "k" * 40,
        algorithm="HS256",
    )
    with pytest.raises(TokenInvalid):
        issuer().decode(other)


def test_api_keys_are_random_prefixed_and_stored_as_digests() -> None:
    first, second = new_api_key(), new_api_key()
    assert first.secret != second.secret
    assert first.secret.startswith("dk_")
    assert first.secret.startswith(first.prefix)
    assert first.digest == digest(first.secret)
    assert first.secret not in first.digest
    assert len(new_refresh_token()) >= 43  # 256 bits, url-safe base64
