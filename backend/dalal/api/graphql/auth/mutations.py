from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.auth.types import (
    AuthSuccess,
    LoginInput,
    LogoutSuccess,
    RegisterInput,
    RoleType,
    SetUserRoleSuccess,
    UserType,
)
from dalal.api.graphql.context import Context, Info
from dalal.api.graphql.cookies import (
    clear_session_cookies,
    refresh_cookie,
    set_session_cookies,
)
from dalal.api.graphql.permissions import IsAdmin, SessionOnly, require_principal
from dalal.domain import users as domain
from dalal.domain.errors import InvalidInput, NotFound
from dalal.services import auth as auth_service
from dalal.services import users as user_service

RegisterResult = Annotated[
    AuthSuccess | errors.UsernameTaken | errors.WeakPassword | errors.InvalidInput,
    strawberry.union("RegisterResult"),
]
LoginResult = Annotated[
    AuthSuccess | errors.InvalidCredentials | errors.TooManyAttempts,
    strawberry.union("LoginResult"),
]
RefreshResult = Annotated[
    AuthSuccess | errors.InvalidRefreshToken, strawberry.union("RefreshResult")
]
LogoutResult = Annotated[LogoutSuccess, strawberry.union("LogoutResult")]
SetUserRoleResult = Annotated[
    SetUserRoleSuccess | errors.NotFound | errors.InvalidInput,
    strawberry.union("SetUserRoleResult"),
]


def _success(context: Context, session: auth_service.Session, *, cookie: bool) -> AuthSuccess:
    response = context.http_response
    if cookie and response is not None:
        auth = context.runtime.auth
        set_session_cookies(
            response,
            access_token=session.access_token,
            refresh_token=session.refresh_token,
            access_ttl=session.expires_in,
            refresh_ttl=int(auth.refresh_ttl.total_seconds()),
            secure=context.runtime.cookie_secure,
        )
        return AuthSuccess(
            user=UserType.of(session.user),
            access_token=None,
            refresh_token=None,
            expires_in=session.expires_in,
        )
    return AuthSuccess(
        user=UserType.of(session.user),
        access_token=session.access_token,
        refresh_token=session.refresh_token,
        expires_in=session.expires_in,
    )


@strawberry.type
class AuthMutation:
    @strawberry.mutation
    async def register(self, info: Info, input: RegisterInput) -> RegisterResult:
        context = info.context
        try:
            session = await auth_service.register(
                context.runtime.uow_factory(),
                context.runtime.auth,
                username=input.username,
                password=input.password,
                email=input.email,
                ip=context.ip,
            )
        except domain.UsernameTaken as exc:
            return errors.UsernameTaken(message=exc.message, code=exc.code)
        except domain.WeakPassword as exc:
            return errors.WeakPassword(message=exc.message, code=exc.code)
        except InvalidInput as exc:
            return errors.invalid_input(exc)
        return _success(context, session, cookie=input.cookie)

    @strawberry.mutation
    async def login(self, info: Info, input: LoginInput) -> LoginResult:
        context = info.context
        try:
            session = await auth_service.login(
                context.runtime.uow_factory(),
                context.runtime.auth,
                username=input.username,
                password=input.password,
                ip=context.ip,
            )
        except domain.InvalidCredentials as exc:
            return errors.InvalidCredentials(message=exc.message, code=exc.code)
        except domain.TooManyAttempts as exc:
            return errors.TooManyAttempts(
                message=exc.message, code=exc.code, retry_after_seconds=exc.retry_after_seconds
            )
        return _success(context, session, cookie=input.cookie)

    @strawberry.mutation(description="Rotate a refresh token (from the argument, or the cookie)")
    async def refresh_token(
        self, info: Info, refresh_token: str | None = None, cookie: bool = False
    ) -> RefreshResult:
        context = info.context
        from_cookie = refresh_token is None
        token = refresh_token or refresh_cookie(context.request)
        if not token:
            return errors.InvalidRefreshToken(
                message="No refresh token was sent. Log in again.", code="INVALID_REFRESH_TOKEN"
            )
        try:
            session = await auth_service.refresh(
                context.runtime.uow_factory(),
                context.runtime.auth,
                refresh_token=token,
                ip=context.ip,
            )
        except domain.InvalidRefreshToken as exc:
            if from_cookie and context.http_response is not None:
                clear_session_cookies(context.http_response)
            return errors.InvalidRefreshToken(message=exc.message, code=exc.code)
        return _success(context, session, cookie=cookie or from_cookie)

    @strawberry.mutation(description="End the session: revoke its refresh tokens, clear cookies")
    async def logout(self, info: Info, refresh_token: str | None = None) -> LogoutResult:
        context = info.context
        token = refresh_token or refresh_cookie(context.request)
        await auth_service.logout(
            context.runtime.uow_factory(), context.runtime.auth, refresh_token=token, ip=context.ip
        )
        if context.http_response is not None:
            clear_session_cookies(context.http_response)
        return LogoutSuccess(ok=True)

    @strawberry.mutation(permission_classes=[IsAdmin, SessionOnly])
    async def set_user_role(
        self, info: Info, user_id: strawberry.ID, role: RoleType
    ) -> SetUserRoleResult:
        context = info.context
        try:
            target = uuid.UUID(str(user_id))
        except ValueError:
            return errors.NotFound(message="No such user.", code="NOT_FOUND")
        try:
            user = await user_service.set_user_role(
                context.runtime.uow_factory(),
                context.runtime.clock,
                principal=require_principal(context),
                user_id=target,
                role=domain.Role(role.value),
                ip=context.ip,
            )
        except NotFound as exc:
            return errors.not_found(exc)
        except InvalidInput as exc:
            return errors.invalid_input(exc)
        return SetUserRoleSuccess(user=UserType.of(user))
