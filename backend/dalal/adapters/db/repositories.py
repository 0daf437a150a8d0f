"""Repositories: explicit mapping between rows and domain objects."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dalal.adapters.db.models import ApiKeyRow, AuditLogRow, RefreshTokenRow, UserRow
from dalal.domain.audit import AuditEvent, AuditKind
from dalal.domain.users import ApiKey, RefreshToken, Role, Scope, User, UsernameTaken


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        email=row.email,
        role=Role(row.role),
        created_at=row.created_at,
        password_hash=row.password_hash,
        disabled=row.disabled,
    )


def _api_key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        prefix=row.prefix,
        scopes=frozenset(Scope(s) for s in row.scopes),
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def _refresh_token(row: RefreshTokenRow) -> RefreshToken:
    return RefreshToken(
        id=row.id,
        user_id=row.user_id,
        family_id=row.family_id,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        revoked_at=row.revoked_at,
    )


def _audit(row: AuditLogRow) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        kind=AuditKind(row.kind),
        at=row.at,
        actor_id=row.actor_id,
        actor_username=row.actor_username,
        ip=row.ip,
        detail=dict(row.detail or {}),
    )


class SqlUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, user: User) -> None:
        row = UserRow(
            id=user.id,
            username=user.username,
            email=user.email,
            password_hash=user.password_hash,
            role=user.role.value,
            disabled=user.disabled,
            created_at=user.created_at,
            updated_at=user.created_at,
        )
        self._s.add(row)
        try:
            await self._s.flush()
        except IntegrityError as exc:  # a concurrent registration took the name first
            raise UsernameTaken(
                f"The username '{user.username}' is taken. Choose another."
            ) from exc

    async def get(self, user_id: uuid.UUID) -> User | None:
        row = await self._s.get(UserRow, user_id)
        return _user(row) if row else None

    async def get_many(self, user_ids: list[uuid.UUID]) -> list[User]:
        if not user_ids:
            return []
        rows = await self._s.scalars(select(UserRow).where(UserRow.id.in_(user_ids)))
        return [_user(r) for r in rows]

    async def by_username(self, username: str) -> User | None:
        row = await self._s.scalar(select(UserRow).where(UserRow.username == username))
        return _user(row) if row else None

    async def count_admins(self) -> int:
        query = select(func.count()).select_from(UserRow).where(UserRow.role == Role.ADMIN.value)
        return int(await self._s.scalar(query) or 0)

    async def list_all(self) -> list[User]:
        rows = await self._s.scalars(select(UserRow).order_by(UserRow.created_at))
        return [_user(r) for r in rows]

    async def set_password_hash(
        self, user_id: uuid.UUID, password_hash: str, now: datetime
    ) -> None:
        await self._s.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(password_hash=password_hash, updated_at=now)
        )

    async def set_role(self, user_id: uuid.UUID, role: Role, now: datetime) -> User | None:
        row = await self._s.get(UserRow, user_id, with_for_update=True)
        if row is None:
            return None
        row.role = role.value
        row.updated_at = now
        await self._s.flush()
        return _user(row)


class SqlRefreshTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, token: RefreshToken, token_hash: str, ip: str | None) -> None:
        self._s.add(
            RefreshTokenRow(
                id=token.id,
                user_id=token.user_id,
                family_id=token.family_id,
                token_hash=token_hash,
                created_at=token.created_at,
                expires_at=token.expires_at,
                ip=ip,
            )
        )
        await self._s.flush()

    async def by_hash(self, token_hash: str) -> RefreshToken | None:
        row = await self._s.scalar(
            select(RefreshTokenRow).where(RefreshTokenRow.token_hash == token_hash)
        )
        return _refresh_token(row) if row else None

    async def mark_used(self, token_id: uuid.UUID, now: datetime) -> bool:
        # A conditional update is the arbiter between two concurrent rotations of one token.
        result = await self._s.execute(
            update(RefreshTokenRow)
            .where(RefreshTokenRow.id == token_id, RefreshTokenRow.used_at.is_(None))
            .values(used_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def revoke_family(self, family_id: uuid.UUID, now: datetime) -> int:
        result = await self._s.execute(
            update(RefreshTokenRow)
            .where(RefreshTokenRow.family_id == family_id, RefreshTokenRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


class SqlApiKeyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, key: ApiKey, key_hash: str) -> None:
        self._s.add(
            ApiKeyRow(
                id=key.id,
                user_id=key.user_id,
                name=key.name,
                prefix=key.prefix,
                key_hash=key_hash,
                scopes=sorted(s.value for s in key.scopes),
                created_at=key.created_at,
            )
        )
        await self._s.flush()

    async def by_hash(self, key_hash: str) -> ApiKey | None:
        row = await self._s.scalar(select(ApiKeyRow).where(ApiKeyRow.key_hash == key_hash))
        return _api_key(row) if row else None

    async def list_for_user(self, user_id: uuid.UUID) -> list[ApiKey]:
        rows = await self._s.scalars(
            select(ApiKeyRow)
            .where(ApiKeyRow.user_id == user_id)
            .order_by(ApiKeyRow.created_at.desc())
        )
        return [_api_key(r) for r in rows]

    async def revoke(self, key_id: uuid.UUID, user_id: uuid.UUID, now: datetime) -> ApiKey | None:
        row = await self._s.scalar(
            select(ApiKeyRow).where(ApiKeyRow.id == key_id, ApiKeyRow.user_id == user_id)
        )
        if row is None:
            return None
        if row.revoked_at is None:
            row.revoked_at = now
            await self._s.flush()
        return _api_key(row)

    async def touch(self, key_id: uuid.UUID, now: datetime) -> None:
        await self._s.execute(
            update(ApiKeyRow).where(ApiKeyRow.id == key_id).values(last_used_at=now)
        )


class SqlAuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, event: AuditEvent) -> AuditEvent:
        row = AuditLogRow(
            at=event.at,
            kind=event.kind.value,
            actor_id=event.actor_id,
            actor_username=event.actor_username,
            ip=event.ip,
            detail=event.detail,
        )
        self._s.add(row)
        await self._s.flush()
        return _audit(row)

    async def page(self, *, first: int, before_id: int | None) -> list[AuditEvent]:
        query = select(AuditLogRow).order_by(AuditLogRow.id.desc()).limit(first)
        if before_id is not None:
            query = query.where(AuditLogRow.id < before_id)
        return [_audit(r) for r in await self._s.scalars(query)]
