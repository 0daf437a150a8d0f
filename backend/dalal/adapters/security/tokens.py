"""Access tokens (short-lived JWTs), refresh tokens and API keys (opaque, stored hashed).

Opaque secrets are 256 bits from ``secrets``; they are stored as SHA-256 digests, which is
enough for high-entropy random values (slow hashing is for human passwords).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from dalal.domain.users import TokenExpired, TokenInvalid

_ALGORITHM = "HS256"
_ISSUER = "dalal"
API_KEY_PREFIX = "dk_"


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: uuid.UUID
    role: str
    expires_at: datetime


class AccessTokens:
    def __init__(self, signing_key: str, ttl: timedelta) -> None:
        self._key = signing_key
        self.ttl = ttl

    def issue(self, user_id: uuid.UUID, role: str, *, now: datetime) -> str:
        claims = {
            "sub": str(user_id),
            "role": role,
            "typ": "access",
            "iss": _ISSUER,
            "iat": int(now.timestamp()),
            "exp": int((now + self.ttl).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm=_ALGORITHM)

    def decode(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[_ALGORITHM],
                issuer=_ISSUER,
                options={"require": ["sub", "exp", "iat", "typ"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenExpired(
                "The access token has expired. Call refreshToken, or log in again."
            ) from exc
        except jwt.PyJWTError as exc:
            raise TokenInvalid("The access token is not valid. Log in again.") from exc
        if claims.get("typ") != "access":
            raise TokenInvalid("The token is not an access token.")
        try:
            user_id = uuid.UUID(str(claims["sub"]))
        except ValueError as exc:
            raise TokenInvalid("The access token is not valid.") from exc
        return AccessClaims(
            user_id=user_id,
            role=str(claims.get("role", "")),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=UTC),
        )


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class NewApiKey:
    secret: str
    prefix: str
    digest: str


def new_api_key() -> NewApiKey:
    """``dk_`` + 8 visible characters (the prefix users recognise) + the secret part."""
    body = secrets.token_urlsafe(32)
    secret = f"{API_KEY_PREFIX}{body}"
    return NewApiKey(secret=secret, prefix=secret[: len(API_KEY_PREFIX) + 8], digest=digest(secret))


def looks_like_api_key(value: str) -> bool:
    return value.startswith(API_KEY_PREFIX)
