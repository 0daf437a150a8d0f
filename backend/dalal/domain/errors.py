"""Typed domain errors. Each is named for the condition and carries a message a user can act on.

The API edge maps them to GraphQL payload types or HTTP 4xx bodies; a 500 is a bug.
"""

from __future__ import annotations


class DomainError(Exception):
    """A user-caused failure: wrong input, a rule that says no, a missing thing."""

    code: str = "DOMAIN_ERROR"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    code = "INVALID_INPUT"


class NotFound(DomainError):
    code = "NOT_FOUND"


class Forbidden(DomainError):
    code = "FORBIDDEN"
