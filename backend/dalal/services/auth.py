"""Register, log in, rotate refresh tokens, log out, and authenticate requests.

Invariants:
- Passwords are argon2id hashes, rehashed on login when the parameters change; never logged.
- Refresh tokens are opaque, stored as digests, single use: each refresh marks the presented
  token used and issues a sibling in the same family. Presenting a used or revoked token
  again revokes the whole family (a stolen token is worth one use at most).
- Failed logins are throttled per username and per client IP.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from dalal.adapters.security import tokens
from dalal.domain.audit import AuditKind
from dalal.domain.clock import Clock
from dalal.domain.users import (
    InvalidCredentials,
    InvalidRefreshToken,
    Principal,
    RefreshToken,
    Role,
    TooManyAttempts,
    Unauthenticated,
    User,
    UsernameTaken,
    normalize_username,
    validate_email,
    validate_password,
    validate_username,
)
from dalal.services.audit import event_for, record_event
from dalal.services.ports import UnitOfWork

UowFactory = Callable[[], UnitOfWork]


class PasswordHasherPort(Protocol):
    async def hash(self, password: str) -> str: ...
    async def verify(self, stored_hash: str, password: str) -> bool: ...
    def needs_rehash(self, stored_hash: str) -> bool: ...
    async def burn(self, password: str) -> None: ...


class AccessTokenPort(Protocol):
    ttl: timedelta

    def issue(self, user_id: uuid.UUID, role: str, *, now: datetime) -> str: ...


class LoginThrottle(Protocol):
    async def retry_after(self, keys: Sequence[tuple[str, str]]) -> int | None:
        """Seconds until another attempt is allowed, or None if allowed now."""
        ...

    async def record_failure(self, keys: Sequence[tuple[str, str]]) -> None: ...


@dataclass(frozen=True, slots=True)
class AuthDeps:
    passwords: PasswordHasherPort
    access_tokens: AccessTokenPort
    throttle: LoginThrottle
    clock: Clock
    refresh_ttl: timedelta


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    access_token: str
    refresh_token: str
    expires_in: int


async def register(
    uow: UnitOfWork,
    deps: AuthDeps,
    *,
    username: str,
    password: str,
    email: str | None,
    ip: str | None,
) -> Session:
    """Create a user. Until an admin exists, the new user becomes admin; later ones are traders."""
    name = validate_username(username)
    clean_email = validate_email(email)
    validate_password(password, username=name)
    password_hash = await deps.passwords.hash(password)
    now = deps.clock.now()
    async with uow:
        if await uow.users.by_username(name) is not None:
            raise UsernameTaken(f"The username '{name}' is taken. Choose another, or log in.")
        role = Role.TRADER if await uow.users.count_admins() else Role.ADMIN
        user = User(
            id=uuid.uuid4(),
            username=name,
            email=clean_email,
            role=role,
            created_at=now,
            password_hash=password_hash,
        )
        await uow.users.add(user)
        await record_event(
            uow, event_for(AuditKind.REGISTER, at=now, actor=user, ip=ip, role=role.value)
        )
        session = await _open_session(uow, deps, user, now=now, ip=ip, family_id=None)
        await uow.commit()
    return session


async def login(
    uow: UnitOfWork, deps: AuthDeps, *, username: str, password: str, ip: str | None
) -> Session:
    name = normalize_username(username)
    keys = [("username", name), ("ip", ip or "unknown")]
    retry_after = await deps.throttle.retry_after(keys)
    if retry_after is not None:
        raise TooManyAttempts(
            f"Too many failed logins. Wait {retry_after} seconds, then try again.",
            retry_after_seconds=retry_after,
        )
    now = deps.clock.now()
    async with uow:
        user = await uow.users.by_username(name)
        if user is None:
            await deps.passwords.burn(password)
        ok = (
            user is not None
            and not user.disabled
            and await deps.passwords.verify(user.password_hash, password)
        )
        if not ok or user is None:
            await deps.throttle.record_failure(keys)
            await record_event(
                uow, event_for(AuditKind.LOGIN_FAILED, at=now, actor=user, ip=ip, username=name)
            )
            await uow.commit()
            raise InvalidCredentials("Wrong username or password. Check both and try again.")
        if deps.passwords.needs_rehash(user.password_hash):
            await uow.users.set_password_hash(user.id, await deps.passwords.hash(password), now)
        await record_event(uow, event_for(AuditKind.LOGIN, at=now, actor=user, ip=ip))
        session = await _open_session(uow, deps, user, now=now, ip=ip, family_id=None)
        await uow.commit()
    return session


async def refresh(
    uow: UnitOfWork, deps: AuthDeps, *, refresh_token: str, ip: str | None
) -> Session:
    now = deps.clock.now()
    expired = InvalidRefreshToken("Your session has ended. Log in again.")
    async with uow:
        stored = await uow.refresh_tokens.by_hash(tokens.digest(refresh_token))
        if stored is None or stored.revoked_at is not None or now >= stored.expires_at:
            raise expired
        if stored.used_at is not None or not await uow.refresh_tokens.mark_used(stored.id, now):
            await _revoke_stolen_family(uow, stored, now=now, ip=ip)
            await uow.commit()
            raise expired
        user = await uow.users.get(stored.user_id)
        if user is None or user.disabled:
            raise expired
        session = await _open_session(uow, deps, user, now=now, ip=ip, family_id=stored.family_id)
        await uow.commit()
    return session


async def logout(
    uow: UnitOfWork, deps: AuthDeps, *, refresh_token: str | None, ip: str | None
) -> None:
    """Revoke the session's refresh-token family. Unknown tokens are ignored (idempotent)."""
    if not refresh_token:
        return
    now = deps.clock.now()
    async with uow:
        stored = await uow.refresh_tokens.by_hash(tokens.digest(refresh_token))
        if stored is None:
            return
        await uow.refresh_tokens.revoke_family(stored.family_id, now)
        user = await uow.users.get(stored.user_id)
        await record_event(uow, event_for(AuditKind.LOGOUT, at=now, actor=user, ip=ip))
        await uow.commit()


async def principal_from_user_id(uow: UnitOfWork, user_id: uuid.UUID) -> Principal | None:
    """A full-session principal for a verified access token's subject, if still active."""
    async with uow:
        user = await uow.users.get(user_id)
    if user is None or user.disabled:
        return None
    return Principal(user=user)


async def principal_from_api_key(uow: UnitOfWork, clock: Clock, *, secret: str) -> Principal | None:
    now = clock.now()
    async with uow:
        key = await uow.api_keys.by_hash(tokens.digest(secret))
        if key is None or not key.active:
            return None
        user = await uow.users.get(key.user_id)
        if user is None or user.disabled:
            return None
        # Record use at most once a minute, so a busy integration doesn't write on every call.
        if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
            await uow.api_keys.touch(key.id, now)
            await uow.commit()
    return Principal(user=user, api_key_id=key.id, scopes=key.scopes)


async def _open_session(
    uow: UnitOfWork,
    deps: AuthDeps,
    user: User,
    *,
    now: datetime,
    ip: str | None,
    family_id: uuid.UUID | None,
) -> Session:
    secret = tokens.new_refresh_token()
    token = RefreshToken(
        id=uuid.uuid4(),
        user_id=user.id,
        family_id=family_id or uuid.uuid4(),
        created_at=now,
        expires_at=now + deps.refresh_ttl,
    )
    await uow.refresh_tokens.add(token, tokens.digest(secret), ip)
    return Session(
        user=user,
        access_token=deps.access_tokens.issue(user.id, user.role.value, now=now),
        refresh_token=secret,
        expires_in=int(deps.access_tokens.ttl.total_seconds()),
    )


async def _revoke_stolen_family(
    uow: UnitOfWork, stored: RefreshToken, *, now: datetime, ip: str | None
) -> None:
    await uow.refresh_tokens.revoke_family(stored.family_id, now)
    user = await uow.users.get(stored.user_id)
    await record_event(
        uow,
        event_for(
            AuditKind.REFRESH_TOKEN_REUSE,
            at=now,
            actor=user,
            ip=ip,
            family_id=str(stored.family_id),
        ),
    )


class AccessTokenVerifier(Protocol):
    def decode(self, token: str) -> AccessClaimsLike: ...


class AccessClaimsLike(Protocol):
    @property
    def user_id(self) -> uuid.UUID: ...


async def authenticate(
    uow_factory: UowFactory,
    verifier: AccessTokenVerifier,
    clock: Clock,
    *,
    credential: str,
) -> Principal:
    """Resolve a bearer credential (an access token or an API key) to a principal.

    Raises ``Unauthenticated`` (or its subclasses) with a message saying what to do.
    """
    if tokens.looks_like_api_key(credential):
        principal = await principal_from_api_key(uow_factory(), clock, secret=credential)
        if principal is None:
            raise Unauthenticated("This API key is not valid or was revoked. Create a new one.")
        return principal
    claims = verifier.decode(credential)
    found = await principal_from_user_id(uow_factory(), claims.user_id)
    if found is None:
        raise Unauthenticated("This account no longer exists or is disabled.")
    return found
