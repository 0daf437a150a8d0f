"""Signal events on the bus: one channel per user, one message per signal status change."""

from __future__ import annotations

import uuid

from dalal.domain.signals import SignalStatus


def signals_channel(user_id: uuid.UUID) -> str:
    return f"signals:{user_id}"


def signal_event(signal_id: uuid.UUID, status: SignalStatus) -> dict[str, object]:
    return {"type": "signal", "id": str(signal_id), "status": status.value}
