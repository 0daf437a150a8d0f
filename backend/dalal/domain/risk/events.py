"""Risk events: what the risk engine and the panic buttons did, kept per user.

Every breach, alert, risk exit, panic press, re-arm and re-enable is one event, so a trader
can read afterwards why a position closed or an order was refused.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from dalal.domain.risk.limits import RiskScope, RuleKind


class RiskEventKind(StrEnum):
    BREACH = "BREACH"  # a limit was breached and acted (blocked, or squared off)
    ALERT = "ALERT"  # a limit was breached; the scope only alerts
    EXIT = "EXIT"  # a position's stop-loss, target or trailing stop closed it
    PANIC = "PANIC"  # a panic button was pressed
    REARM = "REARM"  # a panic was re-armed
    ENABLED = "ENABLED"  # a disabled or blocked scope was re-enabled by a person


@dataclass(frozen=True, slots=True)
class RiskEvent:
    user_id: uuid.UUID
    at: datetime
    kind: RiskEventKind
    scope: RiskScope
    message: str
    rule: RuleKind | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
