from __future__ import annotations

import strawberry

from dalal.api.graphql.auth.types import DemoLogin, ServerInfo, UserType
from dalal.api.graphql.context import Info
from dalal.api.graphql.errors import unauthenticated
from dalal.api.graphql.permissions import IsAdmin, require_principal
from dalal.services import users as user_service


@strawberry.type
class AuthQuery:
    @strawberry.field
    def server_info(self, info: Info) -> ServerInfo:
        runtime = info.context.runtime
        demo = runtime.demo_login() if runtime.embedded else None
        return ServerInfo(
            version=runtime.version,
            embedded=runtime.embedded,
            demo_login=DemoLogin(username=demo.username, password=demo.password) if demo else None,
        )

    @strawberry.field(description="The caller; null when no credentials were sent")
    def me(self, info: Info) -> UserType | None:
        context = info.context
        if context.auth_error is not None:  # credentials sent but bad: say so, don't hide it
            raise unauthenticated(context.auth_error.message)
        if context.principal is None:
            return None
        return UserType.of(require_principal(context).user)

    @strawberry.field(permission_classes=[IsAdmin])
    async def users(self, info: Info) -> list[UserType]:
        principal = require_principal(info.context)
        found = await user_service.list_users(
            info.context.runtime.uow_factory(), principal=principal
        )
        return [UserType.of(u) for u in found]
