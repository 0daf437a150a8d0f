"""Permission classes. Each raises an ``ApiError`` whose code says what is wrong
(``UNAUTHENTICATED`` or ``FORBIDDEN``) and whose message says what to do."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from dalal.api.graphql.context import Context, Info
from dalal.api.graphql.errors import forbidden, unauthenticated
from dalal.domain.users import Principal, Role, Scope


def require_principal(context: Context) -> Principal:
    if context.auth_error is not None:
        raise unauthenticated(context.auth_error.message)
    if context.principal is None:
        raise unauthenticated("Log in first, or send a bearer token or an API key.")
    return context.principal


class IsAuthenticated(BasePermission):
    """Any logged-in user; an API key needs the ``read`` scope."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = require_principal(info.context)
        if principal.via_api_key and not principal.allows(Scope.READ):
            raise forbidden("This API key lacks the 'read' scope. Create a key with it.")
        return True


class CanWrite(BasePermission):
    """Mutations that change the user's own data: not for viewers."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = require_principal(info.context)
        if not principal.user.role.can_write:
            raise forbidden("Your role is viewer, which can read but not change anything.")
        return True


class SessionOnly(BasePermission):
    """Account security (API keys, roles) is managed from a login session, not with a key."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if require_principal(info.context).via_api_key:
            raise forbidden("Manage this from a logged-in session, not with an API key.")
        return True


class IsAdmin(BasePermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = require_principal(info.context)
        if principal.user.role is not Role.ADMIN:
            raise forbidden("Only an admin can do this.")
        if principal.via_api_key and not principal.allows(Scope.READ):
            raise forbidden("This API key lacks the 'read' scope. Create a key with it.")
        return True


class CanTrade(BasePermission):
    """Trading mutations: not for viewers; an API key needs the ``trade`` scope."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = require_principal(info.context)
        if not principal.user.role.can_write:
            raise forbidden("Your role is viewer, which can read but not trade.")
        if principal.via_api_key and not principal.allows(Scope.TRADE):
            raise forbidden("This API key lacks the 'trade' scope. Create a key with it.")
        return True
