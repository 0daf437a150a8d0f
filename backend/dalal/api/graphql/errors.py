"""User-caused failures as GraphQL types, and the errors the API raises itself.

Mutations return unions of a success type and ``UserError`` types; clients branch on
``__typename`` and ``code``, never on message text.
"""

from __future__ import annotations

from decimal import Decimal
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


@strawberry.type
class AccountArchived(UserError):
    pass


@strawberry.type
class InsufficientFunds(UserError):
    pass


@strawberry.type
class CopyNotAllowed(UserError):
    """This account can't copy the chosen one; ``code`` names the rule (COPY_SELF,
    COPY_CHAIN, COPY_HAS_FOLLOWERS, COPY_SOURCE_ARCHIVED, COPY_SOURCE_UNKNOWN)."""

    field: str | None = None


@strawberry.type
class UnknownSymbol(UserError):
    pass


@strawberry.type
class TickSizeError(UserError):
    """The price is not a multiple of the instrument's tick size."""

    tick_size: Decimal | None = None


@strawberry.type
class LotSizeError(UserError):
    """The quantity is not a multiple of the lot size."""

    lot_size: int | None = None


@strawberry.type
class InsufficientMargin(UserError):
    pass


@strawberry.type
class MarketClosed(UserError):
    pass


@strawberry.type
class OrderRejected(UserError):
    """Any other pre-trade rule (product, shorting, stop side…); ``code`` names it."""


@strawberry.type
class OrderNotModifiable(UserError):
    pass


@strawberry.type
class NameTaken(UserError):
    """Another of your signal groups (or algos) has this name."""

    field: str | None = None


@strawberry.type
class AlgoArchived(UserError):
    pass
