"""Users, roles, API-key scopes and the rules on usernames and passwords."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from dalal.domain.errors import DomainError, InvalidInput


class Role(StrEnum):
    """``admin`` manages users; ``trader`` trades; ``viewer`` reads and never mutates."""

    ADMIN = "admin"
    TRADER = "trader"
    VIEWER = "viewer"

    @property
    def can_write(self) -> bool:
        return self is not Role.VIEWER


class Scope(StrEnum):
    """What an API key may do. ``read`` queries; ``trade`` places orders; ``signals`` posts
    them; ``market`` pushes market data (ticks), which only an admin's key may do."""

    READ = "read"
    TRADE = "trade"
    SIGNALS = "signals"
    MARKET = "market"


@dataclass(frozen=True, slots=True)
class User:
    id: uuid.UUID
    username: str
    role: Role
    created_at: datetime
    email: str | None = None
    password_hash: str = field(default="", repr=False)
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    prefix: str
    scopes: frozenset[Scope]
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class UsernameTaken(DomainError):
    code = "USERNAME_TAKEN"


class WeakPassword(DomainError):
    code = "WEAK_PASSWORD"


class InvalidCredentials(DomainError):
    code = "INVALID_CREDENTIALS"


class InvalidRefreshToken(DomainError):
    code = "INVALID_REFRESH_TOKEN"


class Unauthenticated(DomainError):
    """No valid credentials: log in, or send a valid token or API key."""

    code = "UNAUTHENTICATED"


class TokenInvalid(Unauthenticated):
    """The token is malformed, forged or of the wrong kind."""


class TokenExpired(Unauthenticated):
    """The token was valid but has expired: refresh it."""


class TooManyAttempts(DomainError):
    code = "TOO_MANY_ATTEMPTS"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256


def normalize_username(raw: str) -> str:
    """Usernames are case-insensitive: stored and compared in lower case."""
    return raw.strip().lower()


def validate_username(raw: str) -> str:
    username = normalize_username(raw)
    if not _USERNAME.match(username):
        raise InvalidInput(
            "Choose a username of 3 to 32 characters: letters, digits, '.', '_' or '-', "
            "starting with a letter or digit.",
            field="username",
        )
    return username


def validate_email(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    email = raw.strip()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidInput("Enter a valid email address, or leave it empty.", field="email")
    return email


def validate_password(password: str, *, username: str) -> None:
    """A long password beats composition rules (NIST SP 800-63B): check length and the obvious."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(f"Use a password of at most {MAX_PASSWORD_LENGTH} characters.")
    if username and username in password.lower():
        raise WeakPassword("Choose a password that does not contain your username.")
    if len(set(password)) < 4:
        raise WeakPassword("Choose a password with more variety than a few repeated characters.")


def validate_scopes(scopes: frozenset[Scope]) -> frozenset[Scope]:
    if not scopes:
        raise InvalidInput("Pick at least one scope for the key.", field="scopes")
    return scopes


def validate_key_name(raw: str) -> str:
    name = raw.strip()
    if not 1 <= len(name) <= 64:
        raise InvalidInput("Name the key with 1 to 64 characters.", field="name")
    return name


@dataclass(frozen=True, slots=True)
class RefreshToken:
    """A stored refresh token (its secret is never stored, only a digest)."""

    id: uuid.UUID
    user_id: uuid.UUID
    family_id: uuid.UUID
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    def usable_at(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling and with what powers: a full session, or an API key's scopes."""

    user: User
    api_key_id: uuid.UUID | None = None
    scopes: frozenset[Scope] = frozenset(Scope)

    @property
    def via_api_key(self) -> bool:
        return self.api_key_id is not None

    def allows(self, scope: Scope) -> bool:
        return scope in self.scopes
