from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.api_keys.types import (
    ApiKeyType,
    CreateApiKeyInput,
    CreateApiKeySuccess,
    RevokeApiKeySuccess,
)
from dalal.api.graphql.context import Info
from dalal.api.graphql.permissions import CanWrite, IsAuthenticated, SessionOnly, require_principal
from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.users import Scope
from dalal.services import api_keys as key_service

CreateApiKeyResult = Annotated[
    CreateApiKeySuccess | errors.InvalidInput, strawberry.union("CreateApiKeyResult")
]
RevokeApiKeyResult = Annotated[
    RevokeApiKeySuccess | errors.NotFound, strawberry.union("RevokeApiKeyResult")
]


@strawberry.type
class ApiKeyQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="The caller's API keys")
    async def api_keys(self, info: Info) -> list[ApiKeyType]:
        keys = await key_service.list_api_keys(
            info.context.runtime.uow_factory(), principal=require_principal(info.context)
        )
        return [ApiKeyType.of(k) for k in keys]


@strawberry.type
class ApiKeyMutation:
    @strawberry.mutation(permission_classes=[CanWrite, SessionOnly])
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> CreateApiKeyResult:
        context = info.context
        try:
            created = await key_service.create_api_key(
                context.runtime.uow_factory(),
                context.runtime.clock,
                principal=require_principal(context),
                name=input.name,
                scopes=frozenset(Scope(s.value) for s in input.scopes),
                ip=context.ip,
            )
        except InvalidInput as exc:
            return errors.invalid_input(exc)
        return CreateApiKeySuccess(api_key=ApiKeyType.of(created.api_key), secret=created.secret)

    @strawberry.mutation(permission_classes=[CanWrite, SessionOnly])
    async def revoke_api_key(self, info: Info, id: strawberry.ID) -> RevokeApiKeyResult:
        context = info.context
        missing = errors.NotFound(
            message="No such API key among yours. Refresh the list and try again.",
            code="NOT_FOUND",
        )
        try:
            key_id = uuid.UUID(str(id))
        except ValueError:
            return missing
        try:
            key = await key_service.revoke_api_key(
                context.runtime.uow_factory(),
                context.runtime.clock,
                principal=require_principal(context),
                key_id=key_id,
                ip=context.ip,
            )
        except NotFound:
            return missing
        return RevokeApiKeySuccess(api_key=ApiKeyType.of(key))
