"""User-caused failures as GraphQL types, and the errors the API raises itself.

Mutations return unions of a success type and ``UserError`` types; clients branch on
``__typename`` and ``code``, never on message text.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError

from dalal.domain.errors import DomainError


@strawberry.interface
class UserError:
    message: str
    code: str


@strawberry.type
class InvalidInput(UserError):
    field: str | None = None


@strawberry.type
class NotFound(UserError):
    pass


@strawberry.type
class UsernameTaken(UserError):
    pass


@strawberry.type
class WeakPassword(UserError):
    pass


@strawberry.type
class InvalidCredentials(UserError):
    pass


@strawberry.type
class InvalidRefreshToken(UserError):
    pass


@strawberry.type
class TooManyAttempts(UserError):
    retry_after_seconds: int


def invalid_input(exc: DomainError) -> InvalidInput:
    return InvalidInput(message=exc.message, code=exc.code, field=exc.field)


def not_found(exc: DomainError) -> NotFound:
    return NotFound(message=exc.message, code=exc.code)


class ApiError(GraphQLError):
    """An error the API raises on purpose (auth, limits). It is shown as is, never masked."""

    def __init__(self, message: str, code: str, **extra: Any) -> None:
        super().__init__(message, extensions={"code": code, **extra})


def unauthenticated(message: str) -> ApiError:
    return ApiError(message, "UNAUTHENTICATED")


def forbidden(message: str) -> ApiError:
    return ApiError(message, "FORBIDDEN")
