from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from dalal.domain import users as domain


@strawberry.enum(name="ApiKeyScope")
class ApiKeyScopeType(Enum):
    READ = "read"
    TRADE = "trade"
    SIGNALS = "signals"
    MARKET = "market"


@strawberry.type(name="ApiKey")
class ApiKeyType:
    id: strawberry.ID
    name: str
    prefix: str = strawberry.field(
        description="First characters of the key, to recognise it; the full key is shown once."
    )
    scopes: list[ApiKeyScopeType]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: domain.ApiKey) -> ApiKeyType:
        return cls(
            id=strawberry.ID(str(key.id)),
            name=key.name,
            prefix=key.prefix,
            scopes=[ApiKeyScopeType(s.value) for s in sorted(key.scopes)],
            created_at=key.created_at,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
        )


@strawberry.input
class CreateApiKeyInput:
    name: str
    scopes: list[ApiKeyScopeType]


@strawberry.type
class CreateApiKeySuccess:
    api_key: ApiKeyType
    secret: str = strawberry.field(description="The full key. It is shown only this once.")


@strawberry.type
class RevokeApiKeySuccess:
    api_key: ApiKeyType
