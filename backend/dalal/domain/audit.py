"""Security events kept in the audit log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class AuditKind(StrEnum):
    REGISTER = "register"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGOUT = "logout"
    REFRESH_TOKEN_REUSE = "refresh_token_reuse"  # noqa: S105 - an event name, not a secret
    API_KEY_CREATED = "api_key_created"
    API_KEY_REVOKED = "api_key_revoked"
    ROLE_CHANGED = "role_changed"
    DEMO_USER_CREATED = "demo_user_created"
    PANIC_PRESSED = "panic_pressed"
    PANIC_REARMED = "panic_rearmed"
    RISK_SCOPE_ENABLED = "risk_scope_enabled"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    kind: AuditKind
    at: datetime
    actor_id: uuid.UUID | None = None
    actor_username: str | None = None
    ip: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
