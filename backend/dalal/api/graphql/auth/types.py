from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from dalal.domain import users as domain


@strawberry.enum(name="Role")
class RoleType(Enum):
    ADMIN = "admin"
    TRADER = "trader"
    VIEWER = "viewer"


@strawberry.type(name="User")
class UserType:
    id: strawberry.ID
    username: str
    email: str | None
    role: RoleType
    created_at: datetime

    @classmethod
    def of(cls, user: domain.User) -> UserType:
        return cls(
            id=strawberry.ID(str(user.id)),
            username=user.username,
            email=user.email,
            role=RoleType(user.role.value),
            created_at=user.created_at,
        )


@strawberry.type
class AuthSuccess:
    user: UserType
    access_token: str | None = strawberry.field(
        description="Present when the session is token based (cookie: false)"
    )
    refresh_token: str | None
    expires_in: int


@strawberry.type
class LogoutSuccess:
    ok: bool


@strawberry.type
class SetUserRoleSuccess:
    user: UserType


@strawberry.type
class DemoLogin:
    username: str
    password: str


@strawberry.type
class ServerInfo:
    version: str
    embedded: bool = strawberry.field(
        description="True when running on the embedded SQLite database"
    )
    demo_login: DemoLogin | None = strawberry.field(
        description="The demo login, shown only in embedded mode when the demo data is loaded"
    )


@strawberry.input
class RegisterInput:
    username: str
    password: str
    email: str | None = None
    cookie: bool = False


@strawberry.input
class LoginInput:
    username: str
    password: str
    cookie: bool = strawberry.field(
        default=False, description="Set HttpOnly cookies (the web app) instead of returning tokens"
    )
